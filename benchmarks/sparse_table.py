#!/usr/bin/env python3
"""Prints the Sparse kernels table of README.md from JMH CSV results (-rf csv -rff FILE).

    python3 benchmarks/sparse_table.py results.csv [more.csv ...]

Speed-up = the dense method's score / the other method's, both from the files given (run them in
one JMH run, or at least one after the other, on a shared machine).
"""
import csv
import sys
from collections import defaultdict


def main(paths):
    scores = defaultdict(dict)  # (class, params) -> method -> us/op
    for path in paths:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                cls, method = row["Benchmark"].rsplit(".", 1)
                cls = cls.rsplit(".", 1)[-1]
                params = tuple((k[len("Param: "):], v) for k, v in row.items()
                               if k.startswith("Param: ") and v)
                scores[(cls, params)][method] = float(row["Score"])
    for (cls, params), methods in sorted(scores.items()):
        label = cls + " " + " ".join(f"{k}={v}" for k, v in params)
        dense = methods.get("dense")
        cells = []
        for method, us in sorted(methods.items()):
            ratio = f" ({dense / us:.2f}x)" if dense and method != "dense" else ""
            cells.append(f"{method} {us:,.1f}{ratio}")
        print(f"{label}: " + " | ".join(cells))


if __name__ == "__main__":
    main(sys.argv[1:])
