"""The reference training step in PyTorch, for `npm run bench:train` only (PyTorch is never a
dependency of clockpizza). Same model and loop as the paper's code (METRICS.md §2, §6): 1-layer
transformer, d = 128, 4 heads, A = α·softmax + (1 − α), ReLU MLP, AdamW (0.9, 0.98), wd 2,
full batch over 2,784 pairs, float64 cross-entropy on the last position, test loss evaluated
before each step. Prints one JSON line: {"ms_per_step": ..., "steps": ..., "threads": 1}.
With `serve` as the first argument (then α) it keeps the model and, for each line N read from
stdin, runs N steps and prints one such line: the benchmark interleaves short rounds of its own
step with these, so that a drifting host slows both sides of each ratio alike.

Run with OPENBLAS_NUM_THREADS=1 (Debian's OpenBLAS needs it besides torch.set_num_threads(1)).
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)


class Attention(nn.Module):
    def __init__(self, d, heads, attn_coeff):
        super().__init__()
        dh = d // heads
        self.W_K = nn.Parameter(torch.randn(heads, dh, d) / np.sqrt(d))
        self.W_Q = nn.Parameter(torch.randn(heads, dh, d) / np.sqrt(d))
        self.W_V = nn.Parameter(torch.randn(heads, dh, d) / np.sqrt(d))
        self.W_O = nn.Parameter(torch.randn(d, heads * dh) / np.sqrt(d))
        self.dh = dh
        self.attn_coeff = attn_coeff

    def forward(self, x):
        k = torch.einsum('ihd,bpd->biph', self.W_K, x)
        q = torch.einsum('ihd,bpd->biph', self.W_Q, x)
        v = torch.einsum('ihd,bpd->biph', self.W_V, x)
        scores = torch.einsum('biph,biqh->biqp', k, q) / np.sqrt(self.dh)
        attn = F.softmax(scores, dim=-1) * self.attn_coeff + (1 - self.attn_coeff)
        z = torch.einsum('biph,biqp->biqh', v, attn)
        z = z.permute(0, 2, 1, 3).reshape(x.shape[0], x.shape[1], -1)
        return torch.einsum('df,bqf->bqd', self.W_O, z)


class MLP(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.W_in = nn.Parameter(torch.randn(4 * d, d) / np.sqrt(4 * d))
        self.b_in = nn.Parameter(torch.zeros(4 * d))
        self.W_out = nn.Parameter(torch.randn(d, 4 * d) / np.sqrt(d))
        self.b_out = nn.Parameter(torch.zeros(d))

    def forward(self, x):
        h = F.relu(torch.einsum('md,bpd->bpm', self.W_in, x) + self.b_in)
        return torch.einsum('dm,bpm->bpd', self.W_out, h) + self.b_out


class Transformer(nn.Module):
    def __init__(self, d=128, heads=4, vocab=59, n_ctx=2, attn_coeff=0.5):
        super().__init__()
        self.W_E = nn.Parameter(torch.randn(d, vocab) / np.sqrt(d))
        self.W_pos = nn.Parameter(torch.randn(n_ctx, d) / np.sqrt(d))
        self.W_U = nn.Parameter(torch.randn(d, vocab) / np.sqrt(vocab))
        self.attn = Attention(d, heads, attn_coeff)
        self.mlp = MLP(d)

    def forward(self, tokens):
        x = torch.einsum('dbp->bpd', self.W_E[:, tokens]) + self.W_pos
        x = x + self.attn(x)
        x = x + self.mlp(x)
        return x @ self.W_U


def main():
    serve = len(sys.argv) > 1 and sys.argv[1] == 'serve'
    if serve:  # serve [α]
        steps, attn = 0, float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
    else:  # [steps [α]]
        steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
        attn = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
    p = 59
    torch.manual_seed(0)
    pairs = torch.tensor([(a, b) for a in range(p) for b in range(p)])
    labels = (pairs[:, 0] + pairs[:, 1]) % p
    perm = torch.randperm(p * p)
    train, test = perm[:2784], perm[2784:]
    model = Transformer(attn_coeff=attn)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=2.0, betas=(0.9, 0.98))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: min(step / 10, 1))

    def loss_of(idx):
        logits = model(pairs[idx])[:, -1].to(torch.float64)
        return F.cross_entropy(logits, labels[idx])

    def step():
        with torch.no_grad():
            loss_of(test)
        loss = loss_of(train)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()

    def timed(n):
        start = time.perf_counter()
        for _ in range(n):
            step()
        ms = (time.perf_counter() - start) * 1000 / n
        return json.dumps({"ms_per_step": ms, "steps": n, "threads": torch.get_num_threads(), "torch": torch.__version__, "blas": blas_library()})

    for _ in range(3):
        step()
    if not serve:
        print(timed(steps))
        return
    for line in sys.stdin:
        print(timed(int(line)), flush=True)


def blas_library():
    """The BLAS this process loaded: Debian's reference libblas3 makes PyTorch ~14x slower than OpenBLAS."""
    try:
        with open('/proc/self/maps') as maps:
            paths = {line.split()[-1] for line in maps if 'blas' in line.lower() and '/' in line}
        return ' '.join(sorted(paths)) or 'unknown'
    except OSError:
        return 'unknown'



if __name__ == '__main__':
    main()
