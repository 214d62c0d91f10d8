#!/usr/bin/python3
"""The seed CNN in PyTorch, measured like benchmarks' SeedCnnFigures measures Topiary.

Same network (Conv2D 32 3x3 ReLU, MaxPool 2x2, Dense 64 ReLU, Dense 10 softmax), Glorot-uniform
kernels and zero biases, Adam (lr 1e-3, eps 1e-7), batch 32, on the MNIST training images;
inference of one image and of 256 images at a time. Prints one JSON object:

  training_img_s_1t, training_img_s_2t   images per second of training, 1 and 2 threads
  batch1_us                              median latency of one image, 1 thread
  batch256_img_s                         images per second, 256 at a time, 1 thread

Usage: /usr/bin/python3 benchmarks/peer/pytorch_seed_cnn.py [--data DIR] [--quick]
DIR holds the MNIST IDX files (default $TOPIARY_DATA/mnist, else data/mnist above the working
directory). Use Debian's python3-torch with libopenblas0-openmp, not the reference BLAS.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

IMAGES_PER_ROUND = 3200  # 100 steps of batch 32, as in SeedCnnFigures

# glibc serves blocks of 128 KB and more with mmap and returns them with munmap, and PyTorch's CPU
# allocator keeps no cache, so every step touches ~30 MB of fresh pages. On this VM (Firecracker)
# a first touch is expensive: convolution and ReLU ran 7x and 50x slower. Keeping freed memory in
# the heap is the fair setting for PyTorch; the script re-executes itself with it.
MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": str(32 * 1024 * 1024),
              "MALLOC_TRIM_THRESHOLD_": str(4 * 1024 ** 3),
              "MALLOC_TOP_PAD_": str(256 * 1024 ** 2)}


def find_data(explicit):
    if explicit:
        return explicit
    env = os.environ.get("TOPIARY_DATA")
    if env:
        return os.path.join(env, "mnist")
    d = os.getcwd()
    while True:
        candidate = os.path.join(d, "data", "mnist")
        if os.path.isfile(os.path.join(candidate, "train-images-idx3-ubyte")):
            return candidate
        parent = os.path.dirname(d)
        if parent == d:
            sys.exit("MNIST not found: set TOPIARY_DATA or pass --data DIR")
        d = parent


def load_mnist(directory):
    with open(os.path.join(directory, "train-images-idx3-ubyte"), "rb") as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    with open(os.path.join(directory, "train-labels-idx1-ubyte"), "rb") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    x = torch.from_numpy(images.reshape(-1, 1, 28, 28).astype(np.float32) / 255.0)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


def seed_cnn():
    net = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(13 * 13 * 32, 64), nn.ReLU(), nn.Linear(64, 10))
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)  # Keras's glorot_uniform
            nn.init.zeros_(m.bias)
    return net


def training_rate(x, y, threads, rounds):
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    net = seed_cnn()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()  # softmax + cross-entropy, fused as in Topiary
    rates = []
    start = 0
    for r in range(rounds + 2):  # two warm-up rounds
        t0 = time.perf_counter()
        for s in range(start, start + IMAGES_PER_ROUND, 32):
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(x[s:s + 32]), y[s:s + 32])
            loss.backward()
            opt.step()
        elapsed = time.perf_counter() - t0
        if r >= 2:
            rates.append(IMAGES_PER_ROUND / elapsed)
        start = (start + IMAGES_PER_ROUND) % (x.shape[0] - IMAGES_PER_ROUND)
    return statistics.median(rates)


def inference(x, calls):
    torch.set_num_threads(1)
    torch.manual_seed(42)
    net = seed_cnn().eval()
    images = x[50000:51024]
    with torch.inference_mode():
        for i in range(2000):
            torch.softmax(net(images[i % 1024:i % 1024 + 1]), 1)
        latencies = []
        for i in range(calls):
            one = images[i % 1024:i % 1024 + 1]
            t0 = time.perf_counter()
            torch.softmax(net(one), 1)
            latencies.append(time.perf_counter() - t0)
        batch = images[:256]
        for _ in range(10):
            torch.softmax(net(batch), 1)
        rates = []
        for _ in range(max(5, calls // 400)):
            t0 = time.perf_counter()
            for _ in range(4):
                torch.softmax(net(batch), 1)
            rates.append(4 * 256 / (time.perf_counter() - t0))
    return statistics.median(latencies) * 1e6, statistics.median(rates)


def main():
    if any(os.environ.get(k) != v for k, v in MALLOC_ENV.items()):
        env = dict(os.environ, **MALLOC_ENV)
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="directory with the MNIST IDX files")
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke test)")
    args = parser.parse_args()
    x, y = load_mnist(find_data(args.data))
    rounds = 2 if args.quick else 5
    figures = {
        "system": "PyTorch %s, glibc malloc keeping freed memory" % torch.__version__,
        "training_img_s_1t": training_rate(x, y, 1, rounds),
        "training_img_s_2t": training_rate(x, y, 2, rounds),
    }
    figures["batch1_us"], figures["batch256_img_s"] = inference(x, 2000 if args.quick else 10000)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
