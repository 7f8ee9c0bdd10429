"""PyTorch twin of the training bench: MLP 784-800-800-10, ReLU, batch 128, Adam, on the same MNIST IDX files.

Prints one JSON object: {"stepsPerSec", "steps", "threads", "torch", "finalLoss"}.
Run with Debian's /usr/bin/python3 (python3-torch + libopenblas0-pthread), as scripts/bench.sh does.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from torch import nn


def read_idx_images(path: str) -> np.ndarray:
    with open(path, "rb") as f:
        data = f.read()
    magic, count, rows, cols = np.frombuffer(data[:16], dtype=">u4")
    if magic != 2051 or rows != 28 or cols != 28:
        raise SystemExit(f"{path}: not an MNIST IDX image file")
    return np.frombuffer(data[16:], dtype=np.uint8).reshape(count, rows * cols).astype(np.float32) / 255.0


def read_idx_labels(path: str) -> np.ndarray:
    with open(path, "rb") as f:
        data = f.read()
    magic, _count = np.frombuffer(data[:8], dtype=">u4")
    if magic != 2049:
        raise SystemExit(f"{path}: not an MNIST IDX label file")
    return np.frombuffer(data[8:], dtype=np.uint8).astype(np.int64)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mnist-dir", required=True, help="folder holding train-images-idx3-ubyte and train-labels-idx1-ubyte")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    x = torch.from_numpy(read_idx_images(os.path.join(args.mnist_dir, "train-images-idx3-ubyte")))
    y = torch.from_numpy(read_idx_labels(os.path.join(args.mnist_dir, "train-labels-idx1-ubyte")))
    model = nn.Sequential(nn.Linear(784, 800), nn.ReLU(), nn.Linear(800, 800), nn.ReLU(), nn.Linear(800, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(args.seed)
    order = torch.randperm(x.shape[0], generator=generator)

    def step(i: int) -> float:
        rows = order[(i * args.batch) % (x.shape[0] - args.batch):][: args.batch]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[rows]), y[rows])
        loss.backward()
        optimizer.step()
        return loss.item()  # synchronises, like our side's data()

    for i in range(args.warmup):
        step(i)
    start = time.perf_counter()
    loss = float("nan")
    for i in range(args.steps):
        loss = step(args.warmup + i)
    elapsed = time.perf_counter() - start
    print(json.dumps({
        "stepsPerSec": args.steps / elapsed,
        "steps": args.steps,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "finalLoss": loss,
    }))


if __name__ == "__main__":
    main()
