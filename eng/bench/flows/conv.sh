#!/usr/bin/env bash
# OracleFlows' MNIST-size convolutional autoencoder (28 × 28, channels 32 and 64, latent 2; batch 128, Adam 1e-3) trained
# on random pixels: ours with libtorch's oneDNN convolutions off (the default since docs/platforms.md §5), ours with
# them on (SYMMETRY_MKLDNN=on: faster, wrong for some small shapes) and PyTorch eager (conv_peer.py, Debian
# python3-torch), in one run, 1 thread each. REPEATS (default 3) fits per process, ROUNDS (default 2) processes per
# side, alternating; best-of per side. EPOCHS (default 3), ROWS (default 2048).
#   eng/bench/flows/conv.sh            print the results as a markdown section
#   eng/bench/flows/conv.sh --record   also write that section into docs/benchmarks.md
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
repeats="${REPEATS:-3}"; rounds="${ROUNDS:-2}"; epochs="${EPOCHS:-3}"; rows="${ROWS:-2048}"
source "$root/eng/bench/build-bench.sh"
bench_init eng/bench/flows/Symmetry.Flows.Bench.csproj 1 "torch" "$@"
raw="$(mktemp)"; trap 'rm -f "$raw"' EXIT
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$rounds"); do
  dotnet "$out/Symmetry.Flows.Bench.dll" conv 1 "$repeats" "$epochs" "$rows" | sed 's/^/ours /' >>"$raw"
  SYMMETRY_MKLDNN=on dotnet "$out/Symmetry.Flows.Bench.dll" conv 1 "$repeats" "$epochs" "$rows" | sed 's/^/onednn /' >>"$raw"
  # libtorch 1.13 warns on stderr for every convolution that NNPACK does not support this CPU: not a result.
  peer eng/bench/flows/conv_peer.py 1 "$repeats" "$epochs" "$rows" 2>/dev/null | sed 's/^/torch /' >>"$raw"
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
section="$("$py" - "$raw" "$repeats" "$epochs" "$rows" "$load_start" "$load_end" "$rounds" "$peer_blas" <<'PYEOF'
import sys, datetime
sys.path.insert(0, 'eng/bench')
import section_support  # noqa: E402  (eng/bench/section_support.py)
import torch
raw, repeats, epochs, rows, load_start, load_end, rounds, peer_blas = sys.argv[1:9]
v = {}
for line in open(raw):
    side, name, _, value = line.split()
    v[(side, name)] = min(v.get((side, name), float('inf')), float(value)) if name == 'fit_s' else float(value)
cpu, cores = section_support.machine()
o, d, p = v[('ours', 'fit_s')], v[('onednn', 'fit_s')], v[('torch', 'fit_s')]
assert v[('ours', 'onednn')] == 0 and v[('onednn', 'onednn')] == 1, 'the switch did not take as asked'
print('## OracleFlows convolutional autoencoder vs PyTorch eager')
print()
print(f'Command: `eng/bench/flows/conv.sh --record` ({datetime.date.today().isoformat()}; {cpu}, {cores} cores shared with other '
      f'engineers\' builds and tests; load average {load_start} before, {load_end} after; 1 thread on every side; best of {repeats} fits '
      f'× {rounds} processes per side, the sides alternating; ours: TorchSharp 0.107.0 on libtorch 2.10 CPU; PyTorch eager: Debian '
      f'python3-torch {torch.__version__} on {peer_blas}, oneDNN convolutions {"on" if v[("torch", "onednn")] else "off"}).')
print()
print(f'Workload: the MNIST autoencoder of OracleFlows (28 × 28 pixels; stride-2 convolutions with 32 and 64 channels, a '
      f'Linear to a latent of 2 and back, transposed convolutions 64 → 32 → 1), {int(rows):,} rows of uniform random pixels, '
      f'{epochs} epochs of batches of 128, Adam 1e-3, mean squared reconstruction error. Ours: '
      '`AutoencoderTraining.TrainConvolutional`; "oneDNN on" is the same with `SYMMETRY_MKLDNN=on`, the path libtorch '
      'takes by default and this library switches off because its small float32 convolutions are wrong '
      '(docs/platforms.md §5). The sides start from different random weights, so their losses agree in size only.')
print()
print('| measurement | ours (oneDNN off, default) | ours, oneDNN on | PyTorch eager | PyTorch / ours | oneDNN on / off |')
print('| --- | ---: | ---: | ---: | ---: | ---: |')
print(f'| fit, s | {o:.2f} | {d:.2f} | {p:.2f} | {p / o:.2f}× | {d / o:.2f}× |')
print(f'| last epoch\'s reconstruction loss | {v[("ours", "loss")]:.6g} | {v[("onednn", "loss")]:.6g} | {v[("torch", "loss")]:.6g} | | |')
PYEOF
)"
echo "$section"
if [ "$record" = 1 ]; then
  printf '%s\n' "$section" | python3 "$root/eng/bench/record-section.py" "$root/docs/benchmarks.md"
fi
