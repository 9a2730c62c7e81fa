"""PyTorch-eager side of eng/bench/detector/run.sh: the public code's model of Gabel, Quax, Gavves (alexgabel/LiePaper,
model/model.py EncoderLieTDecoder + model/loss.py loss_all + trainer/trainer.py's step) on the SyMNIST rotation pairs
that Symmetry.Detector.Bench wrote, with the same initial values, shuffle, losses and optimizer groups as ours.
Usage: detector_peer.py <pairs.f32> <threads> <variant> [warmup=2] [steps=10]
Variants:
  public  the step as the public code writes it: t-net and encoder passes repeated where loss_all and taylor_loss
          call them again, z_t = matrix_exp(t G) z batched per row (rows x 81 x 81), and alpha-matching as
          (I + t G_big) x with the dense rows x 784 x 784 tensor;
  matvec  the same, alpha-matching as x + t (G_big x) (no rows x 784 x 784 tensor);
  once    matvec with every network pass done once per step (the graph of ours but for the exponential and the
          alpha operator).
Prints "<name> <threads> <value>" lines: step_s, step_min_s, rss_growth_mb, loss_<term> (means over the steps), a0..a5."""
import math, sys, time
import numpy as np
import os
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import peer_meter  # noqa: E402  (eng/bench/peer_meter.py)

path, threads, variant = sys.argv[1], int(sys.argv[2]), sys.argv[3]
warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 2
steps = int(sys.argv[5]) if len(sys.argv) > 5 else 10
assert variant in ('public', 'matvec', 'once'), variant
torch.set_num_threads(threads)
SIDE, LATENT_SIDE, BATCH = 28, 9, 256
P, L = SIDE * SIDE, LATENT_SIDE * LATENT_SIDE
# config.json of the public code (lambda_recon, lambda_z, lambda_lasso, lambda_a), first-order alpha-matching.
L_R, L_Z, L_LASSO, L_A = 1.0, 1e-3, 0.1, 1e5
rows = (warmup + steps) * BATCH
pairs = torch.from_numpy(np.fromfile(path, dtype=np.float32, count=rows * 2 * P).reshape(rows, 2 * P))


def derivative_matrix(n):
    # The same Shannon-Whittaker matrix as DerivativeBasis.Matrix (period n, Nyquist mode dropped), so both sides
    # compute the same numbers; the public code's L0 (period 2n, axes swapped) has the same shape and cost.
    k = (n - 1) // 2 if n % 2 else n // 2 - 1
    i = np.arange(n)[:, None] - np.arange(n)[None, :]
    p = np.arange(1, k + 1)[:, None, None]
    return -(2 * (2 * np.pi * p / n) * np.sin(2 * np.pi * p * i / n)).sum(0) / n


def generate_basis(n):
    """The 6 dense n^2 x n^2 operators [Lx, xLx, yLx, Ly, xLy, yLy] on row-major n x n images (D, or D_big at 784)."""
    d = derivative_matrix(n)
    eye = np.eye(n)
    lx, ly = np.kron(eye, d), np.kron(d, eye)          # d/dx along columns, d/dy along rows
    c = np.arange(n) - (n - 1) / 2
    x = np.tile(c, n)                                  # column coordinate of each flattened pixel
    y = np.repeat(c, n)                                # row coordinate
    ops = [lx, x[:, None] * lx, y[:, None] * lx, ly, x[:, None] * ly, y[:, None] * ly]
    return torch.from_numpy(np.stack(ops)).float()


def mlp(widths):
    layers = []
    for k in range(len(widths) - 1):
        layers.append(nn.Linear(widths[k], widths[k + 1]))
        if k < len(widths) - 2:
            layers.append(nn.LeakyReLU(0.2))
    return nn.Sequential(*layers)


rss_before = peer_meter.reset_peak()

hidden = [512, 256, 128, 64]
encoder = mlp([P] + hidden + [L])
decoder = mlp([L] + hidden[::-1] + [P])
tnet = mlp([2 * P] + hidden + [1])
init = torch.Generator().manual_seed(0)
with torch.no_grad():
    # PyTorch's default Linear bounds, drawn from one seeded generator in LieDetectorModel's order (encoder,
    # decoder, t-network, then a), so both sides start from the same numbers.
    for net in (encoder, decoder, tnet):
        for layer in net:
            if isinstance(layer, nn.Linear):
                bound = 1 / math.sqrt(layer.in_features)
                layer.weight.uniform_(-bound, bound, generator=init)
                layer.bias.uniform_(-bound, bound, generator=init)
    a = nn.Parameter(torch.randn(6, generator=init))
D = generate_basis(LATENT_SIDE)
D_big = generate_basis(SIDE)
eye_big = torch.eye(P)
networks = [p for net in (encoder, decoder, tnet) for p in net.parameters()]
# The public code's two groups (lr 1e-3, lr_a 1e-2); its config also sets amsgrad, which ours does not have, so
# both sides run plain Adam.
opt = torch.optim.Adam([{'params': networks}, {'params': [a], 'lr': 1e-2}], lr=1e-3)
perm = torch.randperm(rows, generator=torch.Generator().manual_seed(1))   # TrainingLoop's shuffle (seed + 1)


def step(batch):
    x, y = batch[:, :P], batch[:, P:]
    bs = x.shape[0]
    opt.zero_grad()
    G = torch.einsum('i, imn -> mn', a / torch.norm(a, p=2), D)
    t = tnet(torch.cat((x, y), dim=1)).squeeze()
    zx = encoder(x).view(-1, 1, L)
    exptG = torch.matrix_exp(torch.einsum('i, mn -> imn', t, G))
    z_t = torch.einsum('ica, iba -> icb', zx, exptG)
    transformed = F.mse_loss(decoder(z_t.view(-1, L)), y)
    if variant == 'once':
        zy = encoder(y)
        auxiliary = F.mse_loss(decoder(zx.view(-1, L)), x) + F.mse_loss(decoder(zy), y)
        latent = F.mse_loss(zy.view(bs, 1, -1), z_t)
        t_alpha = t.detach()
    else:
        # loss_all: model.normal(data), model.normal(target), then the encoder again for l_z.
        auxiliary = F.mse_loss(decoder(encoder(x)), x) + F.mse_loss(decoder(encoder(y)), y)
        latent = F.mse_loss(encoder(y).view(bs, 1, -1), torch.einsum('ica, iba -> icb', encoder(x).view(bs, 1, -1), exptG))
        # taylor_loss runs the t-network again.
        t_alpha = tnet(torch.cat((x, y), dim=1)).squeeze().detach()
    lasso = torch.norm(a, p=1)
    G_big = torch.einsum('i, imn -> mn', a / torch.norm(a, p=2), D_big)
    if variant == 'public':
        exptG_order = eye_big + torch.einsum('i, mn -> imn', t_alpha, G_big)
        moved = torch.einsum('ia, iba -> ib', x, exptG_order)
    else:
        moved = x + t_alpha.unsqueeze(1) * (x @ G_big.t())
    alpha = F.mse_loss(moved, y)
    total = transformed + L_R * auxiliary + L_Z * latent + L_LASSO * lasso + L_A * alpha
    total.backward()
    opt.step()
    return [v.item() for v in (total, transformed, auxiliary, latent, lasso, alpha)]


names = ['total', 'transformed', 'auxiliary', 'latent', 'lasso', 'alpha']
peer_meter.run_steps(step, pairs, perm, BATCH, warmup, steps, names, threads, rss_before)
for k, v in enumerate((a / torch.norm(a, p=2)).detach().tolist()):
    print(f'a{k} {threads} {v!r}')
