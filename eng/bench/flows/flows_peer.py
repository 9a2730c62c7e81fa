"""PyTorch-eager side of eng/bench/flows/run.sh: the same model, losses and optimizer as Symmetry.Torch's
FlowTraining.Train on the companion code's so(3) configuration (300 randn points in R^3, float64, oracle |x|^2,
3 linear generators + closure, eps = 1e-3, full batch, Adam 1e-3). Usage: flows_peer.py <threads> [repeats] [epochs].
Prints "<name> <threads> <value>" lines: fit_s, loss, mae."""
import sys, time
import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
torch.set_num_threads(threads)
x = torch.randn(300, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
pairs = [(0, 1), (0, 2), (1, 2)]
a_idx = torch.tensor([p[0] for p in pairs])
b_idx = torch.tensor([p[1] for p in pairs])
eps = 1e-3

def oracle(v):
    return v.pow(2).sum(1, keepdim=True)

best, loss_v, mae = float('inf'), 0.0, 0.0
for rep in range(repeats):
    g = torch.Generator().manual_seed(0)
    bound = 1 / 3 ** 0.5
    w = torch.empty(3, 3, 3, dtype=torch.float64).uniform_(-bound, bound, generator=g).requires_grad_()
    a = torch.empty(3, 3, dtype=torch.float64).uniform_(-0.1, 0.1, generator=g).requires_grad_()
    opt = torch.optim.Adam([w, a], lr=1e-3)
    start = time.perf_counter()
    for epoch in range(epochs):
        batch = x                                         # full batch: neither side shuffles (the order cannot change a mean)
        opt.zero_grad()
        fields = torch.matmul(batch.unsqueeze(0), w.transpose(1, 2))
        y0 = oracle(batch)
        y1 = oracle((batch.unsqueeze(0) + eps * fields).reshape(-1, 3)).reshape(3, 300, -1)
        inv = ((y1 - y0.unsqueeze(0)).pow(2).sum(2).mean(1) / eps ** 2).sum()
        norm = (w.pow(2).sum((1, 2)) - 2).pow(2).sum()
        orth = (w[a_idx] * w[b_idx]).sum((1, 2)).pow(2).sum()
        wa, wb = w[a_idx], w[b_idx]
        brackets = wa @ wb - wb @ wa
        clos = (brackets - torch.einsum('pg,gij->pij', a, w)).pow(2).sum()
        total = inv + norm + orth + clos
        total.backward()
        opt.step()
        values = [inv.item(), norm.item(), orth.item(), clos.item(), total.item()]
    best = min(best, time.perf_counter() - start)
    loss_v = values[-1]
    e = torch.tensor([[0, 0, 1], [0, -1, 0], [1, 0, 0]], dtype=torch.float64)
    mae = min((a.detach() - e).abs().mean().item(), (a.detach() + e).abs().mean().item())
print(f'fit_s {threads} {best!r}')
print(f'loss {threads} {loss_v!r}')
print(f'mae {threads} {mae!r}')
