"""PyTorch eager side of eng/bench/flows/conv.sh: the same convolutional autoencoder, data size and optimizer.
Usage: conv_peer.py <threads> [repeats=3] [epochs=3] [rows=2048]; prints "<name> <threads> <value>" like ConvAutoBench.cs."""
import sys, time
import torch
from torch import nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
rows = int(sys.argv[4]) if len(sys.argv) > 4 else 2048
torch.set_num_threads(threads)


def model():
    # ConvAutoencoder(28, 28, [32, 64], 2): Conv(1→32, k3 s2 p1) ReLU Conv(32→64) ReLU Flatten Linear(64·7·7 → 2);
    # Linear(2 → 64·7·7) ReLU Unflatten ConvT(64→32, k4 s2 p1) ReLU ConvT(32→1), cropped to 28 × 28.
    enc = nn.Sequential(nn.Conv2d(1, 32, 3, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(), nn.Flatten(), nn.Linear(64 * 49, 2))
    dec = nn.Sequential(nn.Linear(2, 64 * 49), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)), nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
                        nn.ConvTranspose2d(32, 1, 4, 2, 1))
    return enc, dec


def train(data, epochs):
    enc, dec = model()
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=1e-3)
    g = torch.Generator().manual_seed(12)
    last = 0.0
    for _ in range(epochs):
        perm = torch.randperm(data.shape[0], generator=g)
        total, n = 0.0, 0
        for start in range(0, data.shape[0], 128):
            x = data[perm[start:start + 128]]
            opt.zero_grad()
            y = dec(enc(x.view(-1, 1, 28, 28)))[:, :, :28, :28].reshape(x.shape[0], 784)
            loss = (y - x).pow(2).mean()
            loss.backward()
            opt.step()
            total += loss.item(); n += 1
        last = total / n
    return last


data = torch.rand(rows, 784, generator=torch.Generator().manual_seed(0))
train(data[:min(rows, 256)], 1)
best, loss = float('inf'), 0.0
for _ in range(repeats):
    t = time.perf_counter()
    loss = train(data, epochs)
    best = min(best, time.perf_counter() - t)
print(f'fit_s {threads} {best!r}')
print(f'loss {threads} {loss!r}')
print(f'onednn {threads} {int(torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled)}')
