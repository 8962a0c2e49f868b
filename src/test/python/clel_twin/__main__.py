"""Command line: python3 -m clel_twin compare EXPORT_DIR [-v] | train CONFIG [key=value ...] [-o DIR] [--time]
| curves CLEL_METRICS TWIN_METRICS [--window 50]."""
import argparse
import sys


def main(argv=None):
    p = argparse.ArgumentParser(prog="pytorch_twin", description=__doc__)
    sub = p.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("compare", help="teacher-forced comparison with a clel --export-steps folder")
    c.add_argument("export_dir")
    c.add_argument("-v", "--verbose", action="store_true", help="one row per compared tensor")
    c.add_argument("--threads", type=int, default=None, help="torch intra-op threads")
    c.add_argument("--legacy-power-iteration", action="store_true",
                   help="diagnosis: spectral norm updates v before u (torch.nn.utils.spectral_norm) instead of the "
                        "public code's u before v (torch.nn.utils.parametrizations.spectral_norm)")
    t = sub.add_parser("train", help="free-running twin of Algorithm 1 on a clel configuration")
    t.add_argument("config", help="clel preset name or YAML file (extends: PRESET allowed)")
    t.add_argument("overrides", nargs="*", help="key.path=value as in clel")
    t.add_argument("-o", "--output", help="run folder (metrics.jsonl); default: the config's output_dir + '-twin'")
    t.add_argument("--iterations", type=int, help="overrides iterations")
    t.add_argument("--seed", type=int, help="overrides seed")
    t.add_argument("--time", action="store_true", help="print milliseconds per iteration (and per phase)")
    t.add_argument("--init-from", help="start from the initial weights of a clel step export")
    t.add_argument("--threads", type=int, default=None, help="torch intra-op threads (default: all cores)")
    v = sub.add_parser("curves", help="side-by-side window means of two metrics.jsonl files (Markdown)")
    v.add_argument("run_a", help="metrics.jsonl of the first run (e.g. clel's)")
    v.add_argument("run_b", help="metrics.jsonl of the second run (e.g. the twin's)")
    v.add_argument("--window", type=int, default=50, help="iterations per row (default 50)")
    v.add_argument("--names", nargs=2, default=("clel", "twin"), metavar=("A", "B"))
    a, rest = p.parse_known_args(argv)
    if a.mode == "curves":
        from . import curves
        a.name_a, a.name_b = a.names
        return curves.main(a)
    extra = [r for r in rest if "=" in r and not r.startswith("-")]
    if len(extra) != len(rest) or (extra and a.mode != "train"):
        p.error("unrecognized arguments: %s" % " ".join(r for r in rest if r not in extra or a.mode != "train"))
    if extra:
        a.overrides = list(a.overrides) + extra
    import os
    import torch
    torch.set_num_threads(a.threads or os.cpu_count() or 1)
    if a.mode == "compare":
        from . import compare
        return compare.main(a.export_dir, a.verbose, legacy_power_iteration=a.legacy_power_iteration)
    from . import train
    return train.main(a)


if __name__ == "__main__":
    sys.exit(main())
