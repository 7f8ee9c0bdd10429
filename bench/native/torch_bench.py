# PyTorch side of `npm run bench` and bench/native: the models of bench/torch_models.py at the bench's batch sizes,
# timed on request so the two sides can be interleaved.
# Protocol: one JSON command per stdin line, one JSON result per stdout line.
import ctypes
import ctypes.util
import json
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/, for torch_models
from torch_models import make_training_step  # noqa: E402  (after the path it needs)


def make(model_name, vocab=96):
    step = make_training_step(model_name, 32 if model_name == 'char-transformer' else 128, 'cpu', vocab)
    return lambda: step().item()  # read the loss every step, as our training loop does


def sgemm(n, repeats):
    a, b = torch.rand(n, n), torch.rand(n, n)
    torch.mm(a, b)
    start = time.perf_counter()
    for _ in range(repeats):
        torch.mm(a, b)
    return 2 * n ** 3 * repeats / (time.perf_counter() - start) / 1e9


def openblas_config():
    # The OpenBLAS torch's BLAS calls resolve to, and the kernel family it picked for this CPU (None if not OpenBLAS).
    for name in ('libopenblas.so.0', 'libblas.so.3', ctypes.util.find_library('openblas')):
        try:
            get_config = ctypes.CDLL(name).openblas_get_config
        except (OSError, AttributeError, TypeError):
            continue
        get_config.restype = ctypes.c_char_p
        return get_config().decode()
    return None


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads)
    steps = {}
    print(json.dumps({'ready': True, 'torch': torch.__version__, 'threads': torch.get_num_threads(),
                      'blas': openblas_config()}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command['op'] == 'sgemm':
            print(json.dumps({'gflops': sgemm(command['n'], command['repeats'])}), flush=True)
            continue
        name = command['model']
        key = (name, command.get('vocab', 96))
        if key not in steps:
            steps[key] = make(name, key[1])
            for _ in range(command.get("warmup", 2)):
                steps[key]()
        step = steps[key]
        start = time.perf_counter()
        count = 0
        loss = float('nan')
        while True:
            loss = step()
            count += 1
            elapsed = time.perf_counter() - start
            if elapsed >= command['seconds'] and count >= command.get('minSteps', 3):
                break
        print(json.dumps({'stepsPerSec': count / elapsed, 'steps': count, 'loss': loss}), flush=True)


if __name__ == '__main__':
    main()
