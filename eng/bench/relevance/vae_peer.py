# PyTorch eager side of the "LatentRelevance fit and transform vs PyTorch eager" benchmark: the same model, loss,
# data, batching and post-processing as LatentRelevanceEstimator.Fit with the options in Program.cs.
# Usage: python3 vae_peer.py <threads> [repeats=3] [transformRows=1000000]
# Prints "<name> <threads> <value>" lines like Program.cs (fit_s, train_s, post_s, transform_rows_per_s).
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
transform_rows = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
torch.set_num_threads(threads)


def circle(n, radius, seed):
    """Points uniform on the circle x1² + x2² = R² (same distribution as SymmetryDatasets.Circle)."""
    g = torch.Generator().manual_seed(seed)
    theta = torch.rand(n, generator=g, dtype=torch.float64) * (2 * math.pi)
    return torch.stack([radius * theta.cos(), radius * theta.sin()], 1).float()


class Vae(nn.Module):
    """Encoder D→64→64→(μ, log σ²) (ReLU), decoder L→64→64→D (ReLU, linear output): VaeModel's layers."""

    def __init__(self, d, hidden, latent):
        super().__init__()
        enc, prev = [], d
        for h in hidden:
            enc.append(nn.Linear(prev, h))
            prev = h
        self.encoder = nn.ModuleList(enc)
        self.mean, self.logvar = nn.Linear(prev, latent), nn.Linear(prev, latent)
        dec, prev = [], latent
        for h in reversed(hidden):
            dec.append(nn.Linear(prev, h))
            prev = h
        dec.append(nn.Linear(prev, d))
        self.decoder = nn.ModuleList(dec)

    def encode(self, x):
        h = x
        for layer in self.encoder:
            h = F.relu(layer(h))
        return self.mean(h), self.logvar(h)

    def decode(self, z):
        h = z
        for i, layer in enumerate(self.decoder):
            h = layer(h)
            if i < len(self.decoder) - 1:
                h = F.relu(h)
        return h

    def loss(self, x, g):
        m, lv = self.encode(x)
        z = m + (lv * 0.5).exp() * torch.randn(m.shape, generator=g)
        xhat = self.decode(z)
        rec = (x - xhat).square().sum(1).mean()                              # mean over events of ‖x − x̂‖²
        kl = (lv + 1.0 - m.square() - lv.exp()).sum(1).mean() * -0.5       # mean over events of Σ_j KL
        return rec, kl


def fit(data, seed, latent=4, hidden=(64, 64), epochs=30, batch=128, lr=1e-3, beta=0.1):
    """Train one run, then encode every row (batches of 32·batch, no_grad) and compute the relevance, as Fit does."""
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = Vae(data.shape[1], hidden, latent)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    rows = data.shape[0]
    t0 = time.perf_counter()
    for epoch in range(epochs):
        perm = torch.randperm(rows, generator=g)
        sums = [0.0, 0.0, 0.0]
        for start in range(0, rows, batch):
            x = data.index_select(0, perm.narrow(0, start, min(batch, rows - start)))
            opt.zero_grad()
            rec, kl = model.loss(x, g)
            total = rec + kl * beta
            total.backward()
            opt.step()
            n = x.shape[0]
            sums[0] += rec.item() * n
            sums[1] += kl.item() * n
            sums[2] += total.item() * n
        for s in sums:
            if not math.isfinite(s):
                raise RuntimeError("diverged")
    train = time.perf_counter() - t0
    model.eval()
    with torch.no_grad():
        mus, sigmas = [], []
        for start in range(0, rows, batch * 32):
            m, lv = model.encode(data.narrow(0, start, min(batch * 32, rows - start)))
            mus.append(m.double())
            sigmas.append((lv * 0.5).exp().double())
        mu, sigma = torch.cat(mus), torch.cat(sigmas)
        relevance = mu.std(0) / sigma.mean(0)
        order = torch.argsort(relevance, descending=True)
    return model, train, relevance[order]


data = circle(10_000, 10.0, 1)
best_fit = best_train = best_post = float('inf')
model = None
for rep in range(repeats):
    t0 = time.perf_counter()
    model, train, rel = fit(data, rep)
    total = time.perf_counter() - t0
    best_fit, best_train, best_post = min(best_fit, total), min(best_train, train), min(best_post, total - train)
print(f"fit_s {threads} {best_fit:.4f}", flush=True)
print(f"train_s {threads} {best_train:.4f}", flush=True)
print(f"post_s {threads} {best_post:.4f}", flush=True)
print(f"(relevance {[round(v, 3) for v in rel.tolist()]})", file=sys.stderr)

if transform_rows > 0:
    # Same work as scoring through the transformer: batches of 4096 rows, encode under no_grad, copy the latent
    # means out row by row (here into one preallocated float32 buffer).
    big = circle(transform_rows, 10.0, 2)
    best = 0.0
    out = torch.empty(transform_rows, 4)
    for rep in range(repeats):
        t0 = time.perf_counter()
        with torch.no_grad():
            for start in range(0, transform_rows, 4096):
                n = min(4096, transform_rows - start)
                m, lv = model.encode(big.narrow(0, start, n))
                out.narrow(0, start, n).copy_(m)
                (lv * 0.5).exp()
        best = max(best, transform_rows / (time.perf_counter() - t0))
    print(f"transform_rows_per_s {threads} {best:.0f}", flush=True)
