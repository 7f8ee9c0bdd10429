# PyTorch twins of bench/gpu's WebGPU benchmarks on CUDA, fp32 with TF32 off: matmul 4096^3 and the four training steps
# (MLP 784-800-800-10 at batch 128 and 8192 with Adam, the character transformer with AdamW, the MNIST CNN with Adam),
# same shapes and optimisers as bench/gpu/training_benches.ts, data resident on the GPU, timed with CUDA syncs only at
# window ends. Usage: python3 pytorch_twins.py [--quick] [--out FILE] [--cpu-dry-run]; prints one JSON object.
# --cpu-dry-run walks every code path on the CPU with small shapes (figures meaningless).
import argparse
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB = 96  # as TRANSFORMER_VOCAB in training_benches.ts


def mlp():
    return nn.Sequential(nn.Linear(784, 800), nn.ReLU(), nn.Linear(800, 800), nn.ReLU(), nn.Linear(800, 10))


def cnn():
    # @distillery/ml's CnnArch filters [32, 64], kernel 3 'same' + ReLU, 2x2 max-pool after each, dense 128 ReLU, dense 10.
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Linear(128, 10))


class Block(nn.Module):
    """Pre-LayerNorm block as in @distillery/ml build.ts: separate q, k, v, out projections; MLP d -> 4d -> d, exact GELU."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(width, eps=1e-5)
        self.q = nn.Linear(width, width)
        self.k = nn.Linear(width, width)
        self.v = nn.Linear(width, width)
        self.o = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width, eps=1e-5)
        self.up = nn.Linear(width, 4 * width)
        self.down = nn.Linear(4 * width, width)

    def forward(self, x, mask):
        b, t, c = x.shape
        h = self.ln1(x)
        split = lambda z: z.view(b, t, self.heads, c // self.heads).transpose(1, 2)
        q, k, v = split(self.q(h)), split(self.k(h)), split(self.v(h))
        # Explicit scores + mask + softmax, as the tfjs CausalSelfAttention computes them (no fused flash kernel).
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(c // self.heads)
        att = scores.masked_fill(mask[:t, :t], -1e9).softmax(-1) @ v
        x = x + self.o(att.transpose(1, 2).reshape(b, t, c))
        return x + self.down(F.gelu(self.up(self.ln2(x))))


class CharTransformer(nn.Module):
    def __init__(self, vocab=VOCAB, width=256, heads=4, layers=4, context=128):
        super().__init__()
        self.tok = nn.Embedding(vocab, width)
        self.pos = nn.Parameter(torch.zeros(context, width))
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(width, eps=1e-5)
        self.head = nn.Linear(width, vocab)
        self.register_buffer('mask', torch.triu(torch.ones(context, context, dtype=torch.bool), 1))

    def forward(self, ids):
        x = self.tok(ids) + self.pos[: ids.shape[1]]
        for block in self.blocks:
            x = block(x, self.mask)
        return self.head(self.ln(x))


def flops_per_sample(name):
    """Forward FLOPs per example, as flopsPerSample in packages/ml/src/models/flops.ts (training = 3x)."""
    if name == 'mlp':
        return 2 * (784 * 800 + 800 * 800 + 800 * 10)
    if name == 'cnn':
        return 2 * (28 * 28 * 9 * 1 * 32 + 14 * 14 * 9 * 32 * 64 + 7 * 7 * 64 * 128 + 128 * 10)
    t, d, layers = 128, 256, 4
    return layers * (8 * t * d * d + 4 * t * t * d + 16 * t * d * d) + 2 * t * d * VOCAB


BENCHES = [
    {'model': 'mlp-784-800-800-10', 'family': 'mlp', 'batch': 128, 'optimizer': 'adam'},
    {'model': 'mlp-784-800-800-10', 'family': 'mlp', 'batch': 8192, 'optimizer': 'adam'},
    {'model': 'char-transformer-l4-d256-h4-t128', 'family': 'char-transformer', 'batch': 32, 'optimizer': 'adamw'},
    {'model': 'cnn-32-64-128', 'family': 'cnn', 'batch': 128, 'optimizer': 'adam'},
]


def make_step(bench, device):
    torch.manual_seed(0)
    family, batch = bench['family'], bench['batch']
    if family == 'mlp':
        model = mlp().to(device)
        x = torch.rand(batch, 784, device=device)
        y = torch.randint(0, 10, (batch,), device=device)
    elif family == 'cnn':
        model = cnn().to(device)
        x = torch.rand(batch, 1, 28, 28, device=device)
        y = torch.randint(0, 10, (batch,), device=device)
    else:
        model = CharTransformer().to(device)
        x = torch.randint(0, VOCAB, (batch, 128), device=device)
        y = torch.randint(0, VOCAB, (batch * 128,), device=device)
    if bench['optimizer'] == 'adamw':
        opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01, eps=1e-7)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)

    def step():
        opt.zero_grad(set_to_none=True)
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y)
        loss.backward()
        opt.step()
        return loss

    return step


def sync():
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def timed_window(step, seconds, warmup, min_steps, max_steps, sync_each_step=False):
    for _ in range(warmup):
        step()
    sync()
    start = time.perf_counter()
    for _ in range(min_steps):
        step()
    sync()
    rate = min_steps / max(time.perf_counter() - start, 1e-6)
    steps = int(min(max_steps, max(min_steps, math.ceil(rate * seconds))))
    start = time.perf_counter()
    loss = None
    for _ in range(steps):
        loss = step()
        if sync_each_step:
            loss.item()
    sync()
    elapsed = time.perf_counter() - start
    last = float(loss.item()) if loss is not None else float('nan')
    return {'stepsPerSec': steps / elapsed, 'steps': steps, 'seconds': elapsed, 'lastLoss': last}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--quick', action='store_true')
    parser.add_argument('--out')
    parser.add_argument('--cpu-dry-run', action='store_true')
    args = parser.parse_args()
    if not torch.cuda.is_available() and not args.cpu_dry_run:
        print(json.dumps({'error': 'torch.cuda.is_available() is False: no CUDA device for the PyTorch twins'}))
        return 2
    # fp32 everywhere: TF32 would make matmuls and convolutions about 8x cheaper and not comparable with WebGPU fp32.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision('highest')
    torch.backends.cudnn.benchmark = True
    device = torch.device('cpu' if args.cpu_dry_run else 'cuda')
    benches = [{**b, 'batch': max(1, b['batch'] // 128)} for b in BENCHES] if args.cpu_dry_run else BENCHES
    window = dict(seconds=0.3, warmup=2, min_steps=3, max_steps=500) if args.quick else dict(seconds=2.0, warmup=5, min_steps=10, max_steps=20000)
    result = {
        'schema': 'distillery.pytorch-twins/1',
        'torch': torch.__version__,
        'cuda': torch.version.cuda,
        'cudnn': torch.backends.cudnn.version(),
        'device': 'cpu (dry run)' if args.cpu_dry_run else torch.cuda.get_device_name(0),
        'python': sys.version.split()[0],
        'settings': {'tf32': False, 'float32MatmulPrecision': 'highest', 'cudnnBenchmark': True, 'optimizerImpl': 'torch.optim default (foreach)'},
        'quick': args.quick,
    }

    n = 512 if args.cpu_dry_run else 4096
    a = torch.rand(n, n, device=device) * 2 - 1
    b = torch.rand(n, n, device=device) * 2 - 1
    mm = timed_window(lambda: torch.mm(a, b)[0, :1], seconds=window['seconds'] / 2, warmup=3, min_steps=5, max_steps=2000)
    result['matmul'] = {'n': n, 'perSec': mm['stepsPerSec'], 'tflops': 2 * n ** 3 * mm['stepsPerSec'] / 1e12, 'iterations': mm['steps']}
    print(f"[pytorch] matmul {n}^3: {result['matmul']['tflops']:.2f} TFLOP/s", file=sys.stderr, flush=True)
    del a, b

    training = []
    for bench in benches:
        step = make_step(bench, device)
        run = timed_window(step, **window)
        flops = 3 * flops_per_sample(bench['family']) * bench['batch']
        row = {**bench, **run, 'flopsPerStep': flops, 'tflops': flops * run['stepsPerSec'] / 1e12, 'syncEachStep': False}
        training.append(row)
        print(f"[pytorch] {bench['model']} b{bench['batch']}: {run['stepsPerSec']:.1f} steps/s, {row['tflops']:.2f} TFLOP/s", file=sys.stderr, flush=True)
        if bench is benches[0]:
            synced = timed_window(step, **window, sync_each_step=True)
            training.append({**bench, **synced, 'flopsPerStep': flops, 'tflops': flops * synced['stepsPerSec'] / 1e12, 'syncEachStep': True})
            print(f"[pytorch] {bench['model']} b{bench['batch']} loss.item() every step: {synced['stepsPerSec']:.1f} steps/s", file=sys.stderr, flush=True)
        del step
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    result['training'] = training
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        with open(args.out, 'w') as f:
            f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
