#!/usr/bin/python3
"""Two builds of Topiary against each other and ONNX Runtime, alternating, with ratios.

Runs OrtFigures from the --before jar and the --after jar alternately, --rounds times each (so
that a change in the machine's load hits both), and prints per model the median batch-1 p50 and
batch-256 rate of each build, after/before, and each build against ONNX Runtime's dense model
measured in the same process. Used for the "Batch-1 sparse inference" figures in
benchmarks/README.md:

  git archive <before-commit> | tar -x -C /tmp/before && (cd /tmp/before && mvn -B -q package -DskipTests)
  /usr/bin/python3 benchmarks/peer/before_after.py --before /tmp/before/benchmarks/target/benchmarks.jar \\
      --after benchmarks/target/benchmarks.jar --rounds 3 [--models target/topiary-report]
"""
import argparse
import json
import os
import statistics
import subprocess


def run(java, jar, models, inner, vector=False):
    modules = ["--add-modules", "jdk.incubator.vector"] if vector else []
    out = subprocess.run([java] + modules + ["-cp", jar, "dev.topiary.benchmarks.OrtFigures",
                          "--models", models, "--rounds", str(inner)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--inner", type=int, default=3, help="OrtFigures rounds per run")
    parser.add_argument("--models", default="target/topiary-report")
    parser.add_argument("--java", default="java")
    parser.add_argument("--vector", action="store_true",
                        help="start both builds with the Vector API module (the fast path)")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    runs = {"before": [], "after": []}
    for r in range(args.rounds):
        for name in ("before", "after"):
            runs[name].append(run(args.java, getattr(args, name), args.models, args.inner,
                                   args.vector))
            print("round %d %s: %s" % (r + 1, name, runs[name][-1]["figures"]))
    load_after = os.getloadavg()[0]
    print("load average %.2f before, %.2f after; %s; median of %d alternating runs of %d rounds"
          % (load_before, load_after, runs["after"][0]["system"], args.rounds, args.inner))

    def med(name, key, figure):
        return statistics.median(x["figures"][key][figure] for x in runs[name])

    print("| model | p50 us before | p50 us after | after/before | before / ORT dense "
          "| after / ORT dense | b256 img/s before | b256 img/s after | after/before |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key in ("ort-original", "ort-pruned", "ort-structured", "topiary-original",
                "topiary-pruned", "topiary-structured"):
        b1 = med("before", key, "batch1_us")
        a1 = med("after", key, "batch1_us")
        ob = med("before", "ort-original", "batch1_us")
        oa = med("after", "ort-original", "batch1_us")
        b256 = med("before", key, "batch256_img_s")
        a256 = med("after", key, "batch256_img_s")
        print("| %s | %.1f | %.1f | %.2fx | %.2f | %.2f | %.0f | %.0f | %.2fx |" % (
            key, b1, a1, a1 / b1, b1 / ob, a1 / oa, b256, a256, a256 / b256))


if __name__ == "__main__":
    main()
