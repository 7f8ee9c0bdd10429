# PyTorch side of bench/native: the same models and batch sizes as the tfjs side, timed on request so the two can be
# interleaved. Protocol: one JSON command per stdin line, one JSON result per stdout line.
import ctypes
import ctypes.util
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def mlp():
    return nn.Sequential(nn.Linear(784, 800), nn.ReLU(), nn.Linear(800, 800), nn.ReLU(), nn.Linear(800, 10))


def cnn():
    # Mirrors @distillery/ml's default CnnArch: conv 3x3x32 same relu, maxpool 2, conv 3x3x64 same relu, maxpool 2,
    # dense 128 relu, dense 10.
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Linear(128, 10))


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(width)
        self.q = nn.Linear(width, width)
        self.k = nn.Linear(width, width)
        self.v = nn.Linear(width, width)
        self.o = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width)
        self.ff1 = nn.Linear(width, 4 * width)
        self.ff2 = nn.Linear(4 * width, width)

    def forward(self, x):
        b, t, c = x.shape
        h = self.ln1(x)
        split = lambda z: z.view(b, t, self.heads, c // self.heads).transpose(1, 2)
        q, k, v = split(self.q(h)), split(self.k(h)), split(self.v(h))
        scores = q @ k.transpose(-2, -1) / (c // self.heads) ** 0.5
        mask = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)
        att = scores.masked_fill(mask, -1e9).softmax(-1) @ v
        x = x + self.o(att.transpose(1, 2).reshape(b, t, c))
        return x + self.ff2(F.gelu(self.ff1(self.ln2(x))))  # exact (erf) gelu, as tfjs-layers' 'gelu'


class CharTransformer(nn.Module):
    def __init__(self, vocab=96, width=256, heads=4, layers=4, context=128):
        super().__init__()
        self.tok = nn.Embedding(vocab, width)
        self.pos = nn.Parameter(torch.zeros(context, width))
        self.blocks = nn.Sequential(*[Block(width, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(width)
        self.head = nn.Linear(width, vocab)

    def forward(self, ids):
        return self.head(self.ln(self.blocks(self.tok(ids) + self.pos[: ids.shape[1]])))


def make(model_name, vocab=96):
    torch.manual_seed(0)
    if model_name == 'mlp':
        model = mlp()
        x, y = torch.rand(128, 784), torch.randint(0, 10, (128,))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    elif model_name == 'cnn':
        model = cnn()
        x, y = torch.rand(128, 1, 28, 28), torch.randint(0, 10, (128,))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    elif model_name == 'char-transformer':
        model = CharTransformer(vocab=vocab)
        x, y = torch.randint(0, vocab, (32, 128)), torch.randint(0, vocab, (32, 128))
        opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
    else:
        raise ValueError(f'unknown model {model_name}')

    def step():
        opt.zero_grad(set_to_none=True)
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        loss.backward()
        opt.step()
        return loss.item()

    return step


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
