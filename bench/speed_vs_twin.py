#!/usr/bin/env python3
"""Time a full clel training iteration against the PyTorch twin's, alternately, and print the ratio (issue 12).

    /usr/bin/python3 bench/speed_vs_twin.py [CONFIG] [--rounds R] [--iterations N] [--threads T] [key=value ...]

Each round runs, one after the other (the first of the two alternates between rounds):
  - clel:  ./clel bench CONFIG --train-iterations N --sgld-steps 20 key=value ...   (CLEL_THREADS=T; its first two
           iterations are warm-up and not timed)
  - twin:  /usr/bin/python3 bench/pytorch_twin.py train CONFIG --iterations N+2 --time --threads T key=value ...
           (OPENBLAS_NUM_THREADS=1: Debian's torch links the system BLAS, whose threads fight OpenMP's; the twin's
           first two iterations are warm-up and not timed)
and reads each one's milliseconds per iteration from its own report. It prints every round, clel's phase table from
the last round, and the ratio clel / twin of the medians. The default CONFIG is bench/fmnist-twin.yaml (issue 12's
setting: tiny layout, Fashion-MNIST, batch 32, 20 SGLD steps, encoder width 16 with a 2048-wide MLP).

Run it on an otherwise idle machine: other processes change both timings, and not by the same factor.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLEL_MS = re.compile(r"training iteration \(.*\): ([0-9.]+) ms")
TWIN_MS = re.compile(r"ms per iteration \(after 2 warm-up iterations.*\): ([0-9.]+) \(sgld ([0-9.]+), "
                     r"loss\+backward ([0-9.]+), update ([0-9.]+)\)")


def run(cmd, env):
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.exit("failed (exit %d): %s\n%s" % (p.returncode, " ".join(cmd), p.stdout[-3000:]))
    return p.stdout


def clel(config, iterations, threads, overrides):
    env = dict(os.environ, CLEL_THREADS=str(threads))
    out = run(["./clel", "bench", config, "--train-iterations", str(iterations), "--sgld-steps", "20"] + overrides, env)
    m = CLEL_MS.search(out)
    if not m:
        sys.exit("no 'training iteration ... ms' line in clel bench's output:\n" + out[-3000:])
    table = out[out.find("time per phase"):out.find("data pipeline")].rstrip()
    return float(m.group(1)), table


def twin(config, iterations, threads, overrides):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    with tempfile.TemporaryDirectory(prefix="twin-bench-") as d:
        out = run(["/usr/bin/python3", "bench/pytorch_twin.py", "train", config, "--iterations", str(iterations + 2),
                   "--time", "--threads", str(threads), "-o", d] + overrides, env)
    m = TWIN_MS.search(out)
    if not m:
        sys.exit("no 'ms per iteration' line in the twin's output:\n" + out[-3000:])
    return float(m.group(1)), tuple(float(m.group(i)) for i in range(2, 5))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("config", nargs="?", default="bench/fmnist-twin.yaml")
    ap.add_argument("overrides", nargs="*", help="key=value, given to both")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=10, help="timed iterations per run (default 10)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args()
    if a.rounds < 1 or a.iterations < 1 or a.threads < 1:
        sys.exit("--rounds, --iterations and --threads must be >= 1")
    ours, theirs, table = [], [], ""
    for r in range(a.rounds):
        order = ("clel", "twin") if r % 2 == 0 else ("twin", "clel")
        for who in order:
            if who == "clel":
                ms, table = clel(a.config, a.iterations, a.threads, a.overrides)
                ours.append(ms)
                print("round %d  clel  %8.1f ms/iteration" % (r + 1, ms), flush=True)
            else:
                ms, phases = twin(a.config, a.iterations, a.threads, a.overrides)
                theirs.append(ms)
                print("round %d  twin  %8.1f ms/iteration  (sgld %.1f, loss+backward %.1f, update %.1f)"
                      % ((r + 1, ms) + phases), flush=True)
    print(table)
    mc, mt = statistics.median(ours), statistics.median(theirs)
    print("median over %d rounds, %d threads: clel %.1f ms, twin %.1f ms per iteration; ratio clel/twin %.3f"
          % (a.rounds, a.threads, mc, mt, mc / mt))


if __name__ == "__main__":
    main()
