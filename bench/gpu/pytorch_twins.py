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
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/, for torch_models
from torch_models import VOCAB, make_training_step  # noqa: E402  (after the path it needs)


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
    return make_training_step(bench['family'], bench['batch'], device)


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
