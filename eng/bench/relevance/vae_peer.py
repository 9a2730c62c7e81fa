# PyTorch eager side of the "LatentRelevance VAE training vs PyTorch eager" benchmark: the same model, loss, data,
# batching, seeding and post-processing as Symmetry.Torch's VaeTraining.Train + VaeModel.EncodeAll in Program.cs.
# Usage: python3 vae_peer.py <threads> [repeats=3] [runs=20] [runRepeats=1] [encodeRows=1000000] [only=all]
# Prints "<name> <threads> <value>" lines like Program.cs: fit1_s, train1_s, runsR_loop_s (PyTorch eager looping over
# the R runs, the way the paper's code trains them), runsR_batched_s (the same R runs as one batched PyTorch model:
# weights [R, in, out], baddbmm, one Adam), encode_rows_per_s.
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
run_count = int(sys.argv[3]) if len(sys.argv) > 3 else 20
run_repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 1
encode_rows = int(sys.argv[5]) if len(sys.argv) > 5 else 1_000_000
only = sys.argv[6].split(',') if len(sys.argv) > 6 and sys.argv[6] != 'all' else None
torch.set_num_threads(threads)
LATENT, HIDDEN, EPOCHS, BATCH, LR, BETA = 4, (64, 64), 30, 128, 1e-3, 0.1


def want(name):
    return only is None or name in only


def circle(n, radius, seed):
    """Points uniform on the circle x1² + x2² = R² (Program.cs's recipe: θ = 2π·rand(float64))."""
    g = torch.Generator().manual_seed(seed)
    theta = torch.rand(n, generator=g, dtype=torch.float64) * (2 * math.pi)
    return torch.stack([theta.cos() * radius, theta.sin() * radius], 1).float()


def shapes(d, hidden, latent):
    """(in, out) of every linear layer in VaeModel.LayerShapes order: encoder, μ head, log σ² head, decoder."""
    out, prev = [], d
    for h in hidden:
        out.append((prev, h))
        prev = h
    out += [(prev, latent), (prev, latent)]
    prev = latent
    for h in reversed(hidden):
        out.append((prev, h))
        prev = h
    return out + [(prev, d)]


class Vae(nn.Module):
    """Encoder D→64→64→(μ, log σ²) (ReLU), decoder L→64→64→D (ReLU, linear output): VaeModel's layers and init."""

    def __init__(self, d, hidden, latent, g):
        super().__init__()
        layers = [nn.Linear(i, o) for i, o in shapes(d, hidden, latent)]
        with torch.no_grad():  # PyTorch's default init (U(±1/√fan_in) for weight and bias), drawn from the run's generator
            for layer in layers:
                bound = 1 / math.sqrt(layer.in_features)
                layer.weight.uniform_(-bound, bound, generator=g)
                layer.bias.uniform_(-bound, bound, generator=g)
        n = len(hidden)
        self.encoder = nn.ModuleList(layers[:n])
        self.mean, self.logvar = layers[n], layers[n + 1]
        self.decoder = nn.ModuleList(layers[n + 2:])

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


def train(data, seed):
    """One run as VaeTraining.Train: Generator(seed) for init, then a randperm per epoch and the noise per step."""
    g = torch.Generator().manual_seed(seed)
    model = Vae(data.shape[1], HIDDEN, LATENT, g)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    rows = data.shape[0]
    for epoch in range(EPOCHS):
        perm = torch.randperm(rows, generator=g)
        sums = [0.0, 0.0, 0.0]
        for start in range(0, rows, BATCH):
            x = data.index_select(0, perm.narrow(0, start, min(BATCH, rows - start)))
            opt.zero_grad()
            rec, kl = model.loss(x, g)
            total = rec + kl * BETA
            total.backward()
            opt.step()
            n = x.shape[0]
            sums[0] += rec.item() * n   # the three loss values read back every step, as TrainingLoop does
            sums[1] += kl.item() * n
            sums[2] += total.item() * n
        if not all(math.isfinite(s) for s in sums):
            raise RuntimeError("diverged")
    model.eval()
    return model, sums[2] / rows


def encode_all(model, data, batch):
    """μ and σ of every row, in batches under no_grad, as float64 arrays (EncodeAll's double[])."""
    rows = data.shape[0]
    mu = torch.empty(rows, LATENT)
    sigma = torch.empty(rows, LATENT)
    with torch.no_grad():
        for start in range(0, rows, batch):
            n = min(batch, rows - start)
            m, lv = model.encode(data.narrow(0, start, n))
            mu.narrow(0, start, n).copy_(m)
            sigma.narrow(0, start, n).copy_((lv * 0.5).exp())
    return mu.double().numpy(), sigma.double().numpy()


def train_batched(data, seeds):
    """The R runs as one model: weights [R, in, out] (copied from each run's Vae init), baddbmm, losses summed, one Adam."""
    R, rows, d = len(seeds), data.shape[0], data.shape[1]
    gens = [torch.Generator().manual_seed(s) for s in seeds]
    models = [Vae(d, HIDDEN, LATENT, g) for g in gens]
    n = len(HIDDEN)
    ws, bs = [], []
    with torch.no_grad():
        for l in range(len(models[0].encoder) + 1 + len(models[0].decoder)):
            def wb(m):
                if l < n:
                    return m.encoder[l].weight.t(), m.encoder[l].bias
                if l == n:
                    return torch.cat([m.mean.weight.t(), m.logvar.weight.t()], 1), torch.cat([m.mean.bias, m.logvar.bias])
                return m.decoder[l - n - 1].weight.t(), m.decoder[l - n - 1].bias
            ws.append(torch.stack([wb(m)[0] for m in models]).contiguous().requires_grad_())
            bs.append(torch.stack([wb(m)[1] for m in models]).unsqueeze(1).contiguous().requires_grad_())
    opt = torch.optim.Adam(ws + bs, lr=LR)
    for epoch in range(EPOCHS):
        perms = torch.stack([torch.randperm(rows, generator=g) for g in gens])
        for start in range(0, rows, BATCH):
            length = min(BATCH, rows - start)
            x = data.index_select(0, perms.narrow(1, start, length).reshape(-1)).view(R, length, d)
            noise = torch.stack([torch.randn(length, LATENT, generator=g) for g in gens])
            opt.zero_grad()
            h = x
            for l in range(n):
                h = F.relu(torch.baddbmm(bs[l], h, ws[l]))
            heads = torch.baddbmm(bs[n], h, ws[n])
            m, lv = heads[..., :LATENT], heads[..., LATENT:]
            z = m + (lv * 0.5).exp() * noise
            h = z
            for l in range(n + 1, len(ws)):
                h = torch.baddbmm(bs[l], h, ws[l])
                if l < len(ws) - 1:
                    h = F.relu(h)
            rec = (x - h).square().sum((1, 2)) / length                       # per run: mean over events of ‖x − x̂‖²
            kl = (lv + 1.0 - m.square() - lv.exp()).sum((1, 2)) / length * -0.5
            total = rec + kl * BETA
            total.sum().backward()
            opt.step()
            losses = torch.stack([rec, kl, total]).detach().tolist()   # read back every step, as ours
        if not all(math.isfinite(v) for row in losses for v in row):
            raise RuntimeError("diverged")
    return sum(losses[2]) / R


data = circle(10_000, 10.0, 1)
if want('fit1'):
    best_fit = best_train = float('inf')
    for rep in range(repeats):
        t0 = time.perf_counter()
        model, final = train(data, rep)
        t1 = time.perf_counter()
        mu, sigma = encode_all(model, data, BATCH * 32)
        relevance = sorted((mu.std(0, ddof=1) / sigma.mean(0)).tolist(), reverse=True)
        t2 = time.perf_counter()
        best_fit, best_train = min(best_fit, t2 - t0), min(best_train, t1 - t0)
        print(f"(fit1 rep {rep}: {t2 - t0:.3f} s, final loss {final:.5g}, relevance {' '.join(f'{v:.3f}' for v in relevance)})", file=sys.stderr)
    print(f"fit1_s {threads} {best_fit:.4f}", flush=True)
    print(f"train1_s {threads} {best_train:.4f}", flush=True)

for batched in (True, False):
    name = f"runs{run_count}_{'batched' if batched else 'loop'}"
    if not want(name):
        continue
    best = float('inf')
    for rep in range(run_repeats):
        t0 = time.perf_counter()
        if batched:
            mean_final = train_batched(data, list(range(run_count)))
        else:
            mean_final = sum(train(data, s)[1] for s in range(run_count)) / run_count
        s = time.perf_counter() - t0
        best = min(best, s)
        print(f"({name} rep {rep}: {s:.3f} s, mean final loss {mean_final:.5g})", file=sys.stderr)
    print(f"{name}_s {threads} {best:.4f}", flush=True)

if want('encode') and encode_rows > 0:
    big = circle(encode_rows, 10.0, 2)
    model = Vae(2, HIDDEN, LATENT, torch.Generator().manual_seed(0)).eval()
    best = 0.0
    for rep in range(repeats):
        t0 = time.perf_counter()
        mu, sigma = encode_all(model, big, 4096)
        best = max(best, encode_rows / (time.perf_counter() - t0))
    print(f"encode_rows_per_s {threads} {best:.0f}", flush=True)
