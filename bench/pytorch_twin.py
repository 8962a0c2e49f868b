"""The PyTorch twin of clel's training iteration (src/test/python/clel_twin), for Debian's python3-torch.

    /usr/bin/python3 bench/pytorch_twin.py compare EXPORT_DIR [-v]
        teacher-forced comparison, phase by phase, with `clel train ... --export-steps K [--export-dir EXPORT_DIR]`;
        prints a table and exits 1 naming the first quantity beyond tolerance
    /usr/bin/python3 bench/pytorch_twin.py train CONFIG [key=value ...] [-o DIR] [--iterations N] [--time]
        free-running twin of Algorithm 1 on a clel config (e.g. bench/fmnist-twin.yaml), writing DIR/metrics.jsonl
        with clel's field names; --time prints milliseconds per iteration and per phase

The script re-executes itself once with the malloc tuning of the ./clel launcher (glibc otherwise maps and unmaps
libtorch's large per-step buffers every step) and OPENBLAS_NUM_THREADS=1, unless they are already set.
"""
import os
import sys

TUNING = {"MALLOC_MMAP_THRESHOLD_": "4294967296", "MALLOC_TRIM_THRESHOLD_": "68719476736",
          "MALLOC_TOP_PAD_": "1073741824", "OPENBLAS_NUM_THREADS": "1"}

if __name__ == "__main__":
    missing = {k: v for k, v in TUNING.items() if k not in os.environ}
    if missing:
        env = dict(os.environ, **missing)
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "python"))
    from clel_twin.__main__ import main
    sys.exit(main())
