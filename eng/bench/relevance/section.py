# Formats eng/bench/relevance/run.sh's raw lines as the markdown section of docs/benchmarks.md.
# Usage: section.py RAW_FILE REPEATS ROWS 'LOAD BEFORE' 'LOAD AFTER'
import sys, platform, datetime
import torch
raw, repeats, rows, load_start, load_end = sys.argv[1:6]
v = {}
for line in open(raw):
    side, name, threads, value = line.split()
    v[(side, name, int(threads))] = float(value)
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor())
print('## LatentRelevance fit and transform vs PyTorch eager')
print()
print(f'Command: `eng/bench/relevance/run.sh` ({datetime.date.today().isoformat()}; {cpu}, 2 cores shared with other '
      f'engineers\' builds and tests; load average {load_start} before, {load_end} after; .NET 10 Release; libtorch / '
      f'PyTorch {torch.__version__} CPU with OpenBLAS). Each figure is the best of {repeats} in one process; ratios are '
      'PyTorch time / our time (> 1: we are faster).')
print()
print('Fit: `LatentRelevanceEstimator.Fit` on the 10,000-point circle (R = 10), latent 4, hidden 64,64 ReLU, 30 epochs, '
      'batch 128 (79 steps/epoch, last batch 16), Adam 1e-3, β = 0.1, 1 run, against `vae_peer.py` (same layers, '
      'PyTorch default init, loss = mean over events of ‖x − x̂‖² + β · mean over events of Σ KL, reparameterisation, '
      'randperm shuffle each epoch, the three loss values read back every step as Fit does for its log, then all rows '
      'encoded in batches of 4,096 under no_grad and the relevance computed). "train" is the time to the end of the last '
      'epoch; "fit" adds reading the column, encoding and the report.')
print()
print('| threads | measurement | ours | PyTorch eager | ratio (target ≥ 1.3×) |')
print('| ---: | --- | ---: | ---: | ---: |')
for t in (1, 2):
    for name, label in (('fit_s', 'Fit, s'), ('train_s', 'training loop only, s')):
        o, p = v[('ours', name, t)], v[('torch', name, t)]
        print(f'| {t} | {label} | {o:.2f} | {p:.2f} | {p / o:.2f}× |')
print()
print(f'Transform: one cursor over `model.Transform` of {int(rows):,} circle rows reading the `Latent` column (scored '
      'lazily in batches of 4,096 under no_grad, row by row through the getter). Target ≥ 500,000 rows/s. The PyTorch '
      'column is the same encoder over the same 4,096-row batches written into one preallocated tensor, with no '
      'per-row data-view work: an upper bound for the tensor part, not a like-for-like peer.')
print()
print('| threads | ours, rows/s | PyTorch tensor-only bound, rows/s | ours / bound |')
print('| ---: | ---: | ---: | ---: |')
for t in (1, 2):
    o, p = v[('ours', 'transform_rows_per_s', t)], v[('torch', 'transform_rows_per_s', t)]
    print(f'| {t} | {o:,.0f} | {p:,.0f} | {o / p:.2f} |')
print()
print('Profile and thread-count notes: see "LatentRelevance: where the time goes" below.')
