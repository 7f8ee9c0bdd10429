# The PyTorch side of every training bench, in one place: the same layers as @distillery/ml's MLP, CNN and character
# transformer (packages/ml/src/models/build.ts) and one training step each, with the optimiser settings of ours.
# Used by bench/native/torch_bench.py (CPU, beside `npm run bench`) and bench/gpu/pytorch_twins.py (CUDA).
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB = 96  # the transformer's vocabulary when none is given (TRANSFORMER_VOCAB in bench/gpu/training_benches.ts)


def mlp():
    return nn.Sequential(nn.Linear(784, 800), nn.ReLU(), nn.Linear(800, 800), nn.ReLU(), nn.Linear(800, 10))


def cnn():
    # @distillery/ml's CnnArch filters [32, 64], kernel 3 'same' + ReLU, 2x2 max-pool after each, dense 128 ReLU, dense 10.
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Linear(128, 10))


class Block(nn.Module):
    """Pre-LayerNorm block as in build.ts: separate q, k, v, out projections; MLP d -> 4d -> d, exact (erf) GELU."""

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


def make_training_step(family, batch, device, vocab=VOCAB):
    """One optimiser step on fixed random inputs (speed does not depend on the values): returns the loss tensor,
    unsynchronised. Adam lr 1e-3 for the MLP and CNN, AdamW lr 3e-4 weight decay 0.01 for the transformer; eps 1e-7
    as tfjs's optimisers."""
    torch.manual_seed(0)
    if family == 'mlp':
        model = mlp().to(device)
        x = torch.rand(batch, 784, device=device)
        y = torch.randint(0, 10, (batch,), device=device)
    elif family == 'cnn':
        model = cnn().to(device)
        x = torch.rand(batch, 1, 28, 28, device=device)
        y = torch.randint(0, 10, (batch,), device=device)
    elif family == 'char-transformer':
        model = CharTransformer(vocab=vocab).to(device)
        x = torch.randint(0, vocab, (batch, 128), device=device)
        y = torch.randint(0, vocab, (batch * 128,), device=device)
    else:
        raise ValueError(f'unknown model family {family}')
    if family == 'char-transformer':
        opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01, eps=1e-7)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)

    def step():
        opt.zero_grad(set_to_none=True)
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        loss.backward()
        opt.step()
        return loss

    return step
