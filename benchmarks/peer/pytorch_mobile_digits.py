#!/usr/bin/python3
"""MobileDigits in PyTorch, trained as the samples' `mobile` command trains Topiary's.

The same network as samples' MobileDigits (13,642 trainable parameters): Conv2D 32 3x3 stride 2
SAME, BN, ReLU; depthwise 3x3 SAME, BN, ReLU, pointwise 1x1 to 64, BN, ReLU; depthwise 3x3
stride 2 SAME, BN, ReLU, pointwise 1x1 to 128, BN, ReLU; global average pooling; dropout 0.2;
Dense 10 softmax. Made to match Keras's (and Topiary's) choices:

  - SAME padding as TensorFlow pads: for a stride 2 the odd extra row and column go at the
    bottom and right (ZeroPad2d((0, 1, 0, 1))), not on both sides as padding=1 would;
  - Glorot-uniform kernels (also for the depthwise ones: Glorot's limit is symmetric in fan-in
    and fan-out, so PyTorch's (C, 1, 3, 3) layout gives Keras's limit) and zero biases;
  - BatchNorm with Keras's defaults: momentum 0.99 (PyTorch's momentum=0.01), epsilon 1e-3;
  - Adam (lr 3e-3 by default, eps 1e-7, Keras's), batch 32, the training set shuffled anew each
    epoch from the seed, the model in eval mode (moving statistics, no dropout) for the test.

Prints, per seed, each epoch's training loss and accuracy and the test accuracy, then one JSON
line with the per-seed test accuracies and their mean.

Usage: /usr/bin/python3 benchmarks/peer/pytorch_mobile_digits.py [--epochs 2] [--seeds 1,2,3]
    [--lr 0.003] [--threads 1] [--data DIR] [--train N] [--recalibrate]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_seed_cnn import MALLOC_ENV, find_data  # noqa: E402


def load(directory, prefix):
    with open(os.path.join(directory, prefix + "-images-idx3-ubyte"), "rb") as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    with open(os.path.join(directory, prefix + "-labels-idx1-ubyte"), "rb") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    x = torch.from_numpy(images.reshape(-1, 1, 28, 28).astype(np.float32) / 255.0)
    return x, torch.from_numpy(labels.astype(np.int64))


def bn(channels):
    return nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01)


def same_stride2():
    return nn.ZeroPad2d((0, 1, 0, 1))  # TensorFlow's SAME for 3x3, stride 2, even input


def mobile_digits():
    net = nn.Sequential(
        same_stride2(), nn.Conv2d(1, 32, 3, stride=2), bn(32), nn.ReLU(),
        nn.Conv2d(32, 32, 3, padding=1, groups=32), bn(32), nn.ReLU(),
        nn.Conv2d(32, 64, 1), bn(64), nn.ReLU(),
        same_stride2(), nn.Conv2d(64, 64, 3, stride=2, groups=64), bn(64), nn.ReLU(),
        nn.Conv2d(64, 128, 1), bn(128), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(128, 10))
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return net


def evaluate(net, x, y):
    net.eval()
    correct = 0
    with torch.inference_mode():
        for s in range(0, x.shape[0], 1000):
            correct += (net(x[s:s + 1000]).argmax(1) == y[s:s + 1000]).sum().item()
    return correct / x.shape[0]


def recalibrated(net, x, xt, yt):
    """Test accuracy of a copy whose BN statistics are re-estimated over the training images."""
    import copy
    probe = copy.deepcopy(net)
    for m in probe.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None  # a cumulative average over the pass
    probe.eval()
    for m in probe.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.train()  # batch statistics and their average; dropout stays off
    with torch.no_grad():
        for s in range(0, x.shape[0], 1000):
            probe(x[s:s + 1000])
    return evaluate(probe, xt, yt)


def train(seed, x, y, xt, yt, epochs, lr, recalibrate=False):
    torch.manual_seed(seed)
    net = mobile_digits()
    opt = torch.optim.Adam(net.parameters(), lr=lr, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()  # softmax + cross-entropy, fused as in Topiary
    order = torch.Generator().manual_seed(seed)
    for epoch in range(1, epochs + 1):
        net.train()
        t0 = time.perf_counter()
        perm = torch.randperm(x.shape[0], generator=order)
        loss_sum, correct = 0.0, 0
        for s in range(0, x.shape[0], 32):
            idx = perm[s:s + 32]
            opt.zero_grad(set_to_none=True)
            out = net(x[idx])
            loss = loss_fn(out, y[idx])
            loss.backward()
            opt.step()
            loss_sum += loss.item() * idx.shape[0]
            correct += (out.argmax(1) == y[idx]).sum().item()
        acc = evaluate(net, xt, yt)
        note = ""
        if recalibrate:
            note = ", %.2f%% with BN statistics re-estimated" % (100 * recalibrated(net, x, xt, yt))
        print("seed %d epoch %d: loss %.4f, accuracy %.2f%%, test accuracy %.2f%%%s (%.0f s)"
              % (seed, epoch, loss_sum / x.shape[0], 100 * correct / x.shape[0], 100 * acc, note,
                 time.perf_counter() - t0), flush=True)
    return acc


def main():
    if any(os.environ.get(k) != v for k, v in MALLOC_ENV.items()):
        env = dict(os.environ, **MALLOC_ENV)
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--train", type=int, default=60000, help="training images (the first N)")
    parser.add_argument("--data", help="directory with the MNIST IDX files")
    parser.add_argument("--recalibrate", action="store_true",
                        help="also print each epoch's test accuracy after re-estimating the BN "
                             "statistics over the training images (a diagnostic)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    directory = find_data(args.data)
    x, y = load(directory, "train")
    x, y = x[:args.train], y[:args.train]
    xt, yt = load(directory, "t10k")
    params = sum(p.numel() for p in mobile_digits().parameters())
    print("PyTorch %s, MobileDigits, %d trainable parameters, %d epochs, Adam %g, batch 32"
          % (torch.__version__, params, args.epochs, args.lr), flush=True)
    seeds = [int(s) for s in args.seeds.split(",")]
    accuracies = [train(s, x, y, xt, yt, args.epochs, args.lr, args.recalibrate)
                  for s in seeds]
    print(json.dumps({"system": "PyTorch %s" % torch.__version__, "epochs": args.epochs,
                      "lr": args.lr, "params": params, "seeds": seeds,
                      "test_accuracy": accuracies,
                      "mean_test_accuracy": sum(accuracies) / len(accuracies)}))


if __name__ == "__main__":
    main()
