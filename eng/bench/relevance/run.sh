#!/usr/bin/env bash
# LatentRelevance VAE training (Symmetry.Torch on TorchSharp 0.107 / libtorch 2.10) vs the same model in PyTorch eager
# (vae_peer.py, Debian python3-torch), in one run on the same machine.
#   eng/bench/relevance/run.sh            print the results as a markdown section
#   eng/bench/relevance/run.sh --record   also write that section into docs/benchmarks.md (replacing the section
#                                         "LatentRelevance VAE training vs PyTorch eager" if present)
# Workload (Sanz's protocol): the 10,000-point circle (R = 10, not standardized), latent 4, hidden 64,64 ReLU,
# 30 epochs, batch 128 (79 steps/epoch), Adam 1e-3, β = 0.1; 1 run (train + encode every row) and 20 runs (ours batched
# and one after another; PyTorch looping over the runs and batched). Encoding: rows/s of μ and σ for 1,000,000 rows.
# Each side runs with 1 and with 2 threads (torch.set_num_threads, OMP_NUM_THREADS and OPENBLAS_NUM_THREADS all set;
# ours' batched runs at N threads train as a default fit at Threads = N does: N workers, each a contiguous block of the
# runs as one batched model at one libtorch thread, giving the same bits at any N);
# the sides alternate so a burst of load on a shared machine hits both. REPEATS (default 3): best-of for the 1-run and
# encoding figures; RUN_REPEATS (default 1): best-of for the 20-run figures; ROUNDS (default 1): whole sequence repeats;
# THREAD_COUNTS (default "1 2"): the thread counts to run ("1" alone when a loaded machine makes 2 threads take minutes).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
py="${PYTHON:-/usr/bin/python3}"
repeats="${REPEATS:-3}"
run_repeats="${RUN_REPEATS:-1}"
rounds="${ROUNDS:-1}"
runs="${RUNS:-20}"
rows="${ROWS:-1000000}"
leak="${LEAK_STEPS:-10000}"
thread_counts="${THREAD_COUNTS:-1 2}"
record=0; [ "${1:-}" = "--record" ] && record=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

"$py" -c 'import torch' 2>/dev/null || { echo "PyTorch not importable by $py (install python3-torch or set PYTHON)"; exit 1; }
source "$root/eng/bench/build-bench.sh"
build_bench eng/bench/relevance/Symmetry.Relevance.Bench.csproj
dll="$out/Symmetry.Relevance.Bench.dll"
source "$root/eng/bench/peer-blas.sh"

raw="$(mktemp)"; log="$(mktemp)"; trap 'rm -f "$raw" "$log"' EXIT
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = 1; round <= rounds; round++)); do
  for t in $thread_counts; do
    OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t dotnet "$dll" "$t" "$repeats" "$runs" "$run_repeats" "$rows" "$leak" 2>>"$log" | sed 's/^/ours /' >>"$raw" \
      || { echo "ours failed at $t thread(s):"; tail -n 20 "$log"; exit 1; }
    OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t peer eng/bench/relevance/vae_peer.py "$t" "$repeats" "$runs" "$run_repeats" "$rows" 2>>"$log" | sed 's/^/torch /' >>"$raw" \
      || { echo "vae_peer.py failed at $t thread(s):"; tail -n 20 "$log"; exit 1; }
  done
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${VERBOSE:-}" ]; then cat "$log" >&2; fi

section="$("$py" - "$raw" "$repeats" "$run_repeats" "$rounds" "$runs" "$rows" "$load_start" "$load_end" "$peer_blas" "$thread_counts" <<'PYEOF'
import sys, platform, datetime
sys.path.insert(0, 'eng/bench')
import section_support  # noqa: E402  (eng/bench/section_support.py)
import torch
raw, repeats, run_repeats, rounds, runs, rows, load_start, load_end, peer_blas, thread_counts = sys.argv[1:11]
THREADS = [int(t) for t in thread_counts.split()]
best = {}
for line in open(raw):
    side, name, threads, value = line.split()
    key, v = (side, name, int(threads)), float(value)
    lower_is_better = not name.endswith('_per_s')
    if key not in best or (v < best[key] if lower_is_better else v > best[key]):
        best[key] = v
cpu, cores = section_support.machine()
def get(side, name, t):
    return best.get((side, name, t), float('nan'))
def pick(side, name, lower=True):
    vals = [(get(side, name, t), t) for t in THREADS]
    vals = [x for x in vals if x[0] == x[0]]
    return (min if lower else max)(vals) if vals else (float('nan'), 0)
R = runs
print('## LatentRelevance VAE training vs PyTorch eager')
print()
print(f'Command: `eng/bench/relevance/run.sh --record` ({datetime.date.today().isoformat()}; {cpu}, {cores} cores shared with '
      f'other engineers\' builds and tests; load average {load_start} before, {load_end} after; .NET 10 Release; ours: '
      f'TorchSharp 0.107.0 on libtorch 2.10 CPU (MKL); PyTorch eager: Debian python3-torch {torch.__version__} on {peer_blas}, '
      'see eng/bench/peer-blas.sh). '
      f'1-run and encoding figures: best of {repeats} per process; {R}-run figures: best of {run_repeats}; {rounds} round(s); '
      + ('each cell of the summary is the best of ' + ' and '.join(map(str, THREADS)) + ' threads (the count that gave it in brackets)'
         if len(THREADS) > 1 else f'{THREADS[0]} thread(s) only (THREAD_COUNTS={THREADS[0]}: the thread count in brackets)')
      + '. Ratios are PyTorch time / our time (> 1: we are faster).')
print()
print('Workload (Sanz\'s protocol): 10,000 points on the circle of radius 10 (not standardized), VAE 2→64→64→(μ, log σ²)[4], '
      'decoder 4→64→64→2, ReLU, 30 epochs, batch 128 (79 steps/epoch), Adam 1e-3, β = 0.1, PyTorch\'s default init drawn '
      'from each run\'s `Generator(seed)`, a `randperm` shuffle per epoch and the noise ε per step from the same generator '
      '(both sides draw the same numbers: their final losses agree to 3–4 digits), loss values read back for the log. '
      'Ours: `VaeTraining.Train` (flat-buffer Adam, one `baddbmm` per layer, gradients by hand on the CPU: `VaeBackprop`, no autograd graph); "batched" trains the runs '
      'as a default fit at that thread count does: N threads are N workers, each training a contiguous block of the runs '
      'as one model (weights [runs, in, out], one Adam) at one libtorch thread (1 thread: one model of all '
      f'{R}; the result is the same bits at any N). PyTorch: `torch.optim.Adam` over `nn.Linear` modules, looping over the runs '
      'as the paper\'s code does (at N intra-op threads); its batched variant uses the same stacked weights and `baddbmm` as ours.')
print()
print('| measurement | ours | PyTorch eager | ratio | target |')
print('| --- | ---: | ---: | ---: | --- |')
def row(label, ours_name, torch_name, target, unit='s', lower=True):
    o, ot = pick('ours', ours_name, lower)
    p, pt = pick('torch', torch_name, lower)
    ratio = p / o if lower else o / p
    fmt = (lambda v: f'{v:.2f} s') if unit == 's' else (lambda v: f'{v:,.0f}')
    print(f'| {label} | {fmt(o)} [{ot}] | {fmt(p)} [{pt}] | {ratio:.2f}× | {target} |')
row('1 run: train + encode all rows, s', 'fit1_s', 'fit1_s', '≥ 2.5× (issue 21)')
row('1 run: training only, s', 'train1_s', 'train1_s', '')
row(f'{R} runs: ours batched vs PyTorch looping over the runs, s', f'runs{R}_batched_s', f'runs{R}_loop_s', '≥ 10× (issue 21)')
row(f'{R} runs: ours batched vs PyTorch batched, s', f'runs{R}_batched_s', f'runs{R}_batched_s', '')
row(f'{R} runs: both one after another, s', f'runs{R}_loop_s', f'runs{R}_loop_s', '')
row(f'encode {int(rows):,} rows (μ, σ as float64), rows/s', 'encode_rows_per_s', 'encode_rows_per_s', 'ours ≥ 1,000,000 rows/s', unit='rows', lower=False)
print()
print('Per thread count:')
print()
print('| measurement | threads | ours | PyTorch eager | ratio |')
print('| --- | ---: | ---: | ---: | ---: |')
for name, label in (('fit1_s', '1 run: train + encode, s'), ('train1_s', '1 run: training only, s'),
                    (f'runs{R}_batched_s', f'{R} runs batched, s'), (f'runs{R}_loop_s', f'{R} runs one after another, s')):
    for t in THREADS:
        o, p = get('ours', name, t), get('torch', name, t)
        print(f'| {label} | {t} | {o:.2f} | {p:.2f} | {p / o:.2f}× |')
for t in THREADS:
    o, p = get('ours', 'encode_rows_per_s', t), get('torch', 'encode_rows_per_s', t)
    print(f'| encode, rows/s | {t} | {o:,.0f} | {p:,.0f} | {o / p:.2f}× |')
print()
c = {n: int(get('ours', n, 1)) for n in ('tensors_start', 'tensors_first', 'tensors_last', 'tensors_peak', 'tensors_end', 'leak_steps')}
print(f'Memory: `Tensor.TotalCount` over one run of {c["leak_steps"]:,} training steps (1 thread): {c["tensors_start"]} before; '
      f'{c["tensors_first"]} at the end of the first epoch, {c["tensors_last"]} at the end of the last, at most {c["tensors_peak"]} at '
      f'any epoch end; {c["tensors_end"]} after the model is disposed (the remainder: TorchSharp counts the emptied source '
      'of every `new Parameter(tensor)` for ever, 14 per model built, with no native memory behind them).')
PYEOF
)"
echo "$section"
if [ "$record" = 1 ]; then
  printf '%s\n' "$section" | python3 "$root/eng/bench/record-section.py" "$root/docs/benchmarks.md"
fi
