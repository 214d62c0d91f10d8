#!/usr/bin/python3
"""Topiary against ONNX Runtime and PyTorch on the seed CNN, in one run on one machine, with ratios.

Runs benchmarks' SeedCnnFigures (Java), OrtFigures (ONNX Runtime Java and Topiary's exports of
the main job's trained models, same weights) and pytorch_seed_cnn.py alternately, --rounds times
each (so that a change in the machine's load hits all), and prints each figure's median over the
rounds with the ratios (for latency the peer's time over Topiary's, so > 1 always means Topiary
is faster), the machine, and the load average before and after.

Usage (from the project root, after mvn -B -q package -DskipTests, and for the ONNX Runtime
table the main job's exports: java -jar samples/target/topiary-samples.jar compare
--variants original,pruned,structured):
  /usr/bin/python3 benchmarks/peer/compare.py [--rounds 3] [--quick] [--java java] [--vector]
      [--models target/topiary-report] [--no-ort]
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
    parser.add_argument("--models", default="target/topiary-report",
                        help="the main job's exports (original/pruned/structured.topiary)")
    parser.add_argument("--no-ort", action="store_true", help="leave ONNX Runtime out")
    parser.add_argument("--vector", action="store_true",
                        help="run Topiary with --add-modules jdk.incubator.vector (its fast path)")
    args = parser.parse_args()
    if not os.path.isfile(JAR):
        sys.exit("build first: mvn -B -q package -DskipTests (expected %s)" % JAR)
    with_ort = not args.no_ort
    if with_ort and not os.path.isfile(os.path.join(args.models, "pruned.topiary")):
        sys.exit("no exports in %s: run java -jar samples/target/topiary-samples.jar compare "
                 "--variants original,pruned,structured (or pass --models DIR, or --no-ort)"
                 % args.models)
    extra = ["--quick"] if args.quick else []
    jvm = [args.java] + (["--add-modules", "jdk.incubator.vector"] if args.vector else [])
    java = jvm + ["-cp", JAR, "dev.topiary.benchmarks.SeedCnnFigures"] + extra
    ort = jvm + ["-cp", JAR, "dev.topiary.benchmarks.OrtFigures", "--models", args.models,
                 "--rounds", "3"] + extra
    torch = [sys.executable, os.path.join(HERE, "pytorch_seed_cnn.py")] + extra
    load_before = os.getloadavg()
    topiary, pytorch, onnx = [], [], []
    for r in range(args.rounds):
        topiary.append(run(java))
        if with_ort:
            onnx.append(run(ort))
        pytorch.append(run(torch))
        print("round %d: Topiary %s\n         PyTorch %s" % (r + 1, topiary[-1], pytorch[-1]),
              file=sys.stderr)
        if with_ort:
            print("         ONNX Runtime / Topiary exports %s" % onnx[-1], file=sys.stderr)
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
    if with_ort:
        print_ort(onnx, pytorch, args.rounds)


ORT_ROWS = [  # (OrtFigures key, label)
    ("ort-original", "ONNX Runtime, dense seed CNN (`original`)"),
    ("ort-pruned", "ONNX Runtime, 80% pruned (`pruned`, zeros stored dense)"),
    ("ort-structured", "ONNX Runtime, channel-pruned (`structured`, compacted)"),
    ("topiary-original", "Topiary `original`"),
    ("topiary-pruned", "Topiary `pruned` (80%)"),
    ("topiary-structured", "Topiary `structured`"),
]


def print_ort(onnx, pytorch, rounds):
    """The trained exports against ONNX Runtime on the same weights and PyTorch (untrained)."""
    print()
    print("%s; trained exports of the main job, same weights in both; PyTorch: the untrained "
          "seed CNN (its cost does not depend on the weights); 1 thread; median of %d "
          "alternating rounds" % (onnx[0]["system"], rounds))
    base1 = statistics.median(o["figures"]["ort-original"]["batch1_us"] for o in onnx)
    base256 = statistics.median(o["figures"]["ort-original"]["batch256_img_s"] for o in onnx)
    torch1 = statistics.median(p["batch1_us"] for p in pytorch)
    torch256 = statistics.median(p["batch256_img_s"] for p in pytorch)
    print("| model | batch-1 p50 us | / ORT dense | PyTorch / it | batch 256 img/s "
          "| / ORT dense | / PyTorch |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for key, label in ORT_ROWS:
        b1 = statistics.median(o["figures"][key]["batch1_us"] for o in onnx)
        b256 = statistics.median(o["figures"][key]["batch256_img_s"] for o in onnx)
        print("| %s | %.1f | %.2fx | %.2fx | %.0f | %.2fx | %.2fx |" % (
            label, b1, b1 / base1, torch1 / b1, b256, b256 / base256, b256 / torch256))
    print("| PyTorch, dense seed CNN | %.1f | %.2fx | 1.00x | %.0f | %.2fx | 1.00x |" % (
        torch1, torch1 / base1, torch256, torch256 / base256))


if __name__ == "__main__":
    main()
