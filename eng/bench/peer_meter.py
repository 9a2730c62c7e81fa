"""What the PyTorch peers of eng/bench share: peak-memory bookkeeping and the timed steps, printed as
'name threads value' lines that run.sh collects (the format of our side's Emit)."""
import time
import torch


def status_kb(field):
    for line in open('/proc/self/status'):
        if line.startswith(field + ':'):
            return int(line.split()[1])
    raise RuntimeError(field)


def reset_peak():
    """Resets VmHWM to the current RSS (clear_refs 5) and returns that RSS in kB: call it after loading the data,
    as ours does, so the figure is what training adds."""
    with open('/proc/self/clear_refs', 'w') as f:
        f.write('5')
    return status_kb('VmRSS')


def run_steps(step, data, perm, batch, warmup, steps, names, threads, rss_before):
    """Runs warmup + steps batches of data (rows perm[k·batch:(k+1)·batch]) through step, which returns the loss
    values named by names, times the last steps, and prints step_s, step_min_s, rss_growth_mb and loss_NAME."""
    sums = [0.0] * len(names)
    times = []
    if len(perm) <= batch:
        perm = torch.arange(len(perm))   # as TrainingLoop: one batch of every row is used in stored order, unshuffled
    for k in range(warmup + steps):
        start = time.perf_counter()
        values = step(data.index_select(0, perm[k * batch:(k + 1) * batch]))
        if k >= warmup:
            times.append(time.perf_counter() - start)
        sums = [s + v for s, v in zip(sums, values)]
    hwm = status_kb('VmHWM')
    print(f'step_s {threads} {sum(times) / len(times)!r}')
    print(f'step_min_s {threads} {min(times)!r}')
    print(f'rss_growth_mb {threads} {(hwm - rss_before) / 1024!r}')
    for name, s in zip(names, sums):
        print(f'loss_{name} {threads} {s / (warmup + steps)!r}')
