#!/usr/bin/python3
"""Topiary against PyTorch on the seed CNN, in one run on one machine, with the ratios.

Runs benchmarks' SeedCnnFigures (Java) and pytorch_seed_cnn.py alternately, --rounds times each
(so that a change in the machine's load hits both), and prints each figure's median over the
rounds, the ratio Topiary/PyTorch (for latency PyTorch/Topiary, so > 1 always means Topiary is
faster), the machine, and the load average before and after.

Usage (from the project root, after mvn -B -q install -DskipTests):
  /usr/bin/python3 benchmarks/peer/compare.py [--rounds 3] [--quick] [--java java]
MNIST is read from $TOPIARY_DATA/mnist or data/mnist above the working directory.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "..", "target", "benchmarks.jar")
FIGURES = [
    ("training_img_s_1t", "training, batch 32, 1 thread (img/s)", False),
    ("training_img_s_2t", "training, batch 32, 2 threads (img/s)", False),
    ("batch1_us", "inference, batch 1, 1 thread (us, median)", True),
    ("batch256_img_s", "inference, batch 256, 1 thread (img/s)", False),
]


def run(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--java", default="java")
    args = parser.parse_args()
    if not os.path.isfile(JAR):
        sys.exit("build first: mvn -B -q install -DskipTests (expected %s)" % JAR)
    extra = ["--quick"] if args.quick else []
    java = [args.java, "-cp", JAR, "dev.topiary.benchmarks.SeedCnnFigures"] + extra
    torch = [sys.executable, os.path.join(HERE, "pytorch_seed_cnn.py")] + extra
    load_before = os.getloadavg()
    topiary, pytorch = [], []
    for r in range(args.rounds):
        topiary.append(run(java))
        pytorch.append(run(torch))
        print("round %d: Topiary %s\n         PyTorch %s" % (r + 1, topiary[-1], pytorch[-1]),
              file=sys.stderr)
    load_after = os.getloadavg()
    print("machine: %s, %d CPUs, %s; load average %.2f before, %.2f after" % (
        cpu_name(), os.cpu_count(), platform.platform(), load_before[0], load_after[0]))
    print("Topiary: %s; PyTorch: %s; median of %d alternating rounds" % (
        topiary[0]["system"], pytorch[0]["system"], args.rounds))
    print("| figure | Topiary | PyTorch | Topiary/PyTorch |")
    print("|---|---:|---:|---:|")
    for key, label, lower_is_better in FIGURES:
        t = statistics.median(x[key] for x in topiary)
        p = statistics.median(x[key] for x in pytorch)
        ratio = p / t if lower_is_better else t / p
        print("| %s | %.1f | %.1f | %.2fx |" % (label, t, p, ratio))


if __name__ == "__main__":
    main()
