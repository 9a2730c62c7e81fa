# PyTorch eager side of the "Symmetry.Torch vs PyTorch eager" benchmark: the same work as Program.cs, printed in
# the same "<name> <threads> <value>" lines. Run with Debian's python3-torch (/usr/bin/python3).
import sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F


def small_op(shape, op):
    torch.manual_seed(0)
    a, b = torch.randn(*shape), torch.randn(*shape)
    n, best = 20_000, float('inf')
    for _ in range(7):
        t0 = time.perf_counter()
        for _ in range(n):
            op(a, b)
        best = min(best, (time.perf_counter() - t0) / n * 1e6)
    return best


class Vae(nn.Module):
    """Encoder 2→64→64→(μ, logσ²) with latent 4, decoder 4→64→64→2, ReLU."""

    def __init__(self):
        super().__init__()
        self.enc1, self.enc2 = nn.Linear(2, 64), nn.Linear(64, 64)
        self.mu, self.logvar = nn.Linear(64, 4), nn.Linear(64, 4)
        self.dec1, self.dec2, self.dec3 = nn.Linear(4, 64), nn.Linear(64, 64), nn.Linear(64, 2)

    def loss(self, x, beta):
        h = F.relu(self.enc2(F.relu(self.enc1(x))))
        m, lv = self.mu(h), self.logvar(h)
        z = m + (lv * 0.5).exp() * torch.randn_like(m)
        xh = self.dec3(F.relu(self.dec2(F.relu(self.dec1(z)))))
        recon = (xh - x).square().sum(1).mean()
        kl = (1 + lv - m.square() - lv.exp()).sum(1).mean() * -0.5
        return recon + kl * beta


def vae_step():
    torch.manual_seed(0)
    model = Vae()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(128, 2)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = model.loss(x, 0.1)
        loss.backward()
        opt.step()

    for _ in range(300):
        step()
    n, best = 1000, float('inf')
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(n):
            step()
        best = min(best, (time.perf_counter() - t0) / n * 1e3)
    return best


def big_matmul():
    torch.manual_seed(0)
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    a @ b
    best = float('inf')
    for _ in range(10):
        t0 = time.perf_counter()
        for _ in range(8):
            a @ b
        best = min(best, (time.perf_counter() - t0) / 8)
    return 2.0 * 1024 ** 3 / best / 1e9


threads = [int(t) for t in sys.argv[1].split(',')] if len(sys.argv) > 1 else [1, 2]
for t in threads:
    torch.set_num_threads(t)
    print(f"add_64x32_us {t} {small_op((64, 32), lambda a, b: a + b):.3f}", flush=True)
    print(f"matmul_64x64_us {t} {small_op((64, 64), lambda a, b: a @ b):.3f}", flush=True)
    print(f"vae_step_ms {t} {vae_step():.4f}", flush=True)
    print(f"matmul_1024_gflops {t} {big_matmul():.2f}", flush=True)
