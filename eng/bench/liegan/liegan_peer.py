"""PyTorch-eager side of eng/bench/liegan/run.sh: the LaLiGAN model, losses and optimizers exactly as
Symmetry.Torch's LieGanTraining.Train implements them (the public code's train_lassi recipe: one summed backward,
three Adam optimizers), on the pendulum pairs that Symmetry.LieGan.Bench wrote, with the same initial values, noise and
shuffle. Usage: liegan_peer.py <pairs.f32> <threads> [warmup=3] [steps=20] [model=plain]
model "plain": LieGanTraining's model without batch norm or orthogonal layer (the same numbers as ours, for the
equal-results check); "cfg": the public code's autoencoder as pendulum.cfg configures it (src/autoencoder.py, mlp with
batch_norm and ortho_ae): BatchNorm1d after every hidden encoder layer and on the latent codes, none in the decoder, and
the last encoder layer under torch.nn.utils.parametrizations.orthogonal.
Prints "<name> <threads> <value>" lines: step_s, step_min_s, rss_growth_mb, loss_<term> (means over the steps), l0..l3."""
import math, sys, time
import numpy as np
import os
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import peer_meter  # noqa: E402  (eng/bench/peer_meter.py)

path, threads = sys.argv[1], int(sys.argv[2])
warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 3
steps = int(sys.argv[4]) if len(sys.argv) > 4 else 20
model = sys.argv[5] if len(sys.argv) > 5 else 'plain'
if model not in ('plain', 'cfg'):
    sys.exit(f'unknown model {model!r}: plain or cfg')
torch.set_num_threads(threads)
N, T, M, K, BATCH = 2, 2, 2, 1, 256
HIDDEN = [512] * 5
W_GAN, W_REG, W_RECON = 0.01, 0.02, 1.0          # pendulum.cfg
rows = (warmup + steps) * BATCH
data = torch.from_numpy(np.fromfile(path, dtype=np.float32, count=rows * T * N).reshape(rows, T * N))


def mlp(widths, init, batch_norm=False, orthogonal_last=False):
    layers = []
    for k in range(len(widths) - 1):
        layer = nn.Linear(widths[k], widths[k + 1])
        bound = 1 / math.sqrt(widths[k])
        with torch.no_grad():
            layer.weight.uniform_(-bound, bound, generator=init)
            layer.bias.uniform_(-bound, bound, generator=init)
        last = k == len(widths) - 2
        # The public code wraps the last encoder Linear the same way (orthogonal(nn.Linear(hidden_dim, latent_dim))).
        layers.append(torch.nn.utils.parametrizations.orthogonal(layer) if last and orthogonal_last else layer)
        if batch_norm:
            layers.append(nn.BatchNorm1d(widths[k + 1]))
        if not last:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


rss_before = peer_meter.reset_peak()

# LieGanTraining's seeds and draw order: init (seed + 101) for encoder, decoder, L, discriminator; noise (seed + 211)
# for w; shuffle (seed + 307) for the epoch's randperm.
init = torch.Generator().manual_seed(101)
noise = torch.Generator().manual_seed(211)
shuffle = torch.Generator().manual_seed(307)
cfg = model == 'cfg'
encoder = mlp([N] + HIDDEN + [M], init, batch_norm=cfg, orthogonal_last=cfg)
decoder = mlp([M] + HIDDEN[::-1] + [N], init)
algebra = nn.Parameter(torch.randn(K, M, M, generator=init))
mask = torch.ones(K, M, M)
sigma = torch.ones(1)
disc_net = mlp([T * M] + HIDDEN + [1], init)


def disc(h):
    return torch.sigmoid(disc_net(h))


def bce(p, target):
    return F.binary_cross_entropy(p, torch.full_like(p, target))


ae_opt = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=3e-4)
gen_opt = torch.optim.Adam([algebra], lr=1e-3)
disc_opt = torch.optim.Adam(disc_net.parameters(), lr=1e-3)
perm = torch.randperm(rows, generator=shuffle)


def step(x):
    ae_opt.zero_grad()
    gen_opt.zero_grad()
    disc_opt.zero_grad()
    b = x.shape[0]
    z = encoder(x.reshape(b * T, -1)).reshape(b, T, -1)
    recon = decoder(z.reshape(b * T, M)).reshape(b, -1)
    center = z.reshape(b * T, M).mean(0, keepdim=True).unsqueeze(0)      # no keep_center: move about the batch mean
    w = torch.randn(b, K, generator=noise) * sigma
    g = torch.matrix_exp(torch.einsum('bk,kij->bij', w, algebra * mask))
    moved = torch.einsum('bij,btj->bti', g, z - center) + center
    recon_loss = (recon - x).pow(2).mean()
    gan_loss = bce(disc(moved.reshape(b, -1)), 1)
    reg = F.cosine_similarity(moved, z, dim=2).mean().abs()
    real_p = disc(z.detach().reshape(b, -1))
    fake_p = disc(moved.detach().reshape(b, -1))
    d_loss = (bce(real_p, 1) + bce(fake_p, 0)) * 0.5
    total = recon_loss * W_RECON + gan_loss * W_GAN + reg * W_REG + d_loss
    total.backward()
    ae_opt.step()
    gen_opt.step()
    disc_opt.step()
    accuracy = ((real_p >= 0.5).float().mean() + (fake_p < 0.5).float().mean()) * 0.5
    return [v.item() for v in (recon_loss, gan_loss, reg, d_loss, accuracy, total)]


names = ['reconstruction', 'gan', 'regularizer', 'discriminator', 'accuracy', 'total']
peer_meter.run_steps(step, data, perm, BATCH, warmup, steps, names, threads, rss_before)
for k, v in enumerate((algebra * mask).detach().reshape(-1).tolist()):
    print(f'l{k} {threads} {v!r}')
