#!/usr/bin/env bash
# LieDetector on Gabel, Quax, Gavves's SyMNIST rotation configuration (Symmetry.Torch on TorchSharp 0.107 / libtorch 2.10) vs the
# public code's model (alexgabel/LiePaper EncoderLieTDecoder + loss_all) in PyTorch eager (detector_peer.py, Debian
# python3-torch), in one run, same threads, same pairs and initial values.
#   eng/bench/detector/run.sh            print the results as a markdown section
#   eng/bench/detector/run.sh --record   also write that section into docs/benchmarks.md
# Workload: (WARMUP + STEPS) × 256 SyMNIST rotation pairs (28 × 28, t ~ U(−π/4, π/4), the repository's MNIST digits)
# written once by Symmetry.Detector.Bench and read by both sides; latent 9 × 9, affine basis, l_r = 1, l_z = 1e-3,
# l_lasso = 0.1, l_a = 1e5, order 1, Adam 1e-3 (coefficients 1e-2). Each side trains one epoch over those pairs and
# times the last STEPS steps (default 10) after WARMUP (default 2); THREADS (default 1) threads on both sides.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
threads="${THREADS:-1}"
warmup="${WARMUP:-2}"
steps="${STEPS:-10}"
source "$root/eng/bench/build-bench.sh"
bench_init eng/bench/detector/Symmetry.Detector.Bench.csproj "$threads" "torch, numpy" "$@"
raw="$(mktemp)"; log="$(mktemp)"; pairs="$(mktemp --suffix=.f32)"; trap 'rm -f "$raw" "$log" "$pairs"' EXIT
dotnet "$out/Symmetry.Detector.Bench.dll" data "$pairs" $(((warmup + steps) * 256)) 0
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$out/Symmetry.Detector.Bench.dll" train "$pairs" "$threads" "$warmup" "$steps" 2>>"$log" | sed 's/^/ours /' >>"$raw" \
  || { echo "ours failed:"; tail -n 20 "$log"; exit 1; }
for variant in public matvec once; do
  peer eng/bench/detector/detector_peer.py "$pairs" "$threads" "$variant" "$warmup" "$steps" 2>>"$log" | sed "s/^/$variant /" >>"$raw" \
    || { echo "detector_peer.py $variant failed:"; tail -n 20 "$log"; exit 1; }
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
section="$("$py" - "$raw" "$threads" "$warmup" "$steps" "$load_start" "$load_end" "$peer_blas" <<'PYEOF'
import sys, datetime, platform, math
sys.path.insert(0, 'eng/bench')
import section_support  # noqa: E402  (eng/bench/section_support.py)
import torch
raw, threads, warmup, steps, load_start, load_end, peer_blas = sys.argv[1:8]
v = section_support.read_results(raw)
cpu, cores = section_support.machine()
EPOCH = 40   # 10,000 pairs at batch 256 (the last batch holds 16 pairs, so this slightly overstates an epoch)
print('## LieDetector SyMNIST rotation vs PyTorch eager')
print()
print(f'Command: `eng/bench/detector/run.sh --record` ({datetime.date.today().isoformat()}; {cpu}, {cores} cores shared with other '
      f'engineers\' builds and tests; load average {load_start} before, {load_end} after; {threads} thread(s) on both sides; '
      f'ours: TorchSharp 0.107.0 on libtorch 2.10 CPU (MKL); PyTorch eager: Debian python3-torch {torch.__version__} on {peer_blas}, see eng/bench/peer-blas.sh). '
      'Ratios are PyTorch / ours (> 1: we are faster or smaller).')
print()
print(f'Workload (Gabel, Quax, Gavves\'s SyMNIST rotation configuration, the public code\'s config.json losses): {(int(warmup) + int(steps)) * 256:,} '
      'pairs of the repository\'s MNIST digits and their rotations by t ~ U(−π/4, π/4) (`SymmetryDatasets.SyMnist`, 28 × 28, '
      'written once to a float32 file both sides read), latent 9 × 9 = 81, affine basis, batch 256, '
      'MSE(dec(e^{tG} enc x), y) + 1·l_r + 1e-3·l_z + 0.1·‖a‖₁ + 1e5·α-matching (order 1), Adam 1e-3 with a separate '
      f'group for a at 1e-2 (plain Adam on both sides; the public config sets amsgrad). Each side trains {int(warmup) + int(steps)} '
      f'steps over the same shuffle from the same initial values and times the last {steps} (mean; every loss term read '
      f'back each step); "per epoch" is {EPOCH} × that mean (10,000 pairs), extrapolated, not measured. Peak memory: '
      'VmHWM after training − VmRSS before it, the peak reset (`clear_refs` 5) inside each process after loading the data. '
      'Ours: `LieDetectorTraining.Train` (FlatAdam, `SharedExponential` for e^{tG} z, α-matching by derivative operators). '
      'PyTorch (detector_peer.py): the public code\'s `EncoderLieTDecoder` and `loss_all` step — "public": as written '
      '(t-network and encoder passes repeated where `loss_all`/`taylor_loss` call them again, `torch.matrix_exp` of the '
      'rows × 81 × 81 batch, α-matching as (I + t G_big) x with the rows × 784 × 784 tensor); "α as x + t(G_big x)": '
      'the same without that tensor; "each pass once": also without the repeated passes (the graph of ours but for '
      'the exponential and the α operator). The peer builds the same derivative matrices as ours (the public code\'s '
      'L0 has period 2d and swapped axes: same shapes and cost, other numbers) so the losses can be compared.')
print()
print('| measurement | ours | PyTorch eager | ratio | target |')
print('| --- | ---: | ---: | ---: | --- |')
o = v[('ours', 'step_s')]
labels = {'public': 'public code', 'matvec': 'public code, α as x + t(G_big x)', 'once': 'public code, α as x + t(G_big x), each pass once'}
for variant in ('public', 'matvec', 'once'):
    p = v[(variant, 'step_s')]
    print(f'| s per step, vs {labels[variant]} | {o:.3f} | {p:.3f} | {p / o:.1f}× | |')
for variant in ('public', 'matvec', 'once'):
    p = v[(variant, 'step_s')]
    print(f'| s per epoch (40 steps, extrapolated), vs {labels[variant]} | {EPOCH * o:.1f} | {EPOCH * p:.1f} | {p / o:.1f}× | {"≥ 3×" if variant == "public" else ""} |')
om = v[('ours', 'rss_growth_mb')]
for variant in ('public', 'matvec', 'once'):
    pm = v[(variant, 'rss_growth_mb')]
    print(f'| peak RSS growth while training, MB, vs {labels[variant]} | {om:,.0f} | {pm:,.0f} | {pm / om:.1f}× | {"≥ 5× less" if variant == "public" else ""} |')
print(f'| fastest step, s (ours / public code) | {v[("ours", "step_min_s")]:.3f} | {v[("public", "step_min_s")]:.3f} | {v[("public", "step_min_s")] / v[("ours", "step_min_s")]:.1f}× | |')
print()
names = ['total', 'transformed', 'auxiliary', 'latent', 'lasso', 'alpha']
def rel(side):
    return max(abs(v[(side, 'loss_' + n)] - v[('ours', 'loss_' + n)]) / abs(v[('ours', 'loss_' + n)]) for n in names)
def adiff(side):
    return max(abs(v[(side, f'a{k}')] - v[('ours', f'a{k}')]) for k in range(6))
print(f'Equal results: mean over the {int(warmup) + int(steps)} steps of each loss term, ours: '
      + ', '.join(f'{n} {v[("ours", "loss_" + n)]:.6g}' for n in names)
      + '; largest relative difference from ours: '
      + ', '.join(f'{s} {rel(s):.1e}' for s in ('public', 'matvec', 'once'))
      + '; a/‖a‖ after training, largest |difference| from ours: '
      + ', '.join(f'{s} {adiff(s):.1e}' for s in ('public', 'matvec', 'once')) + '.')
PYEOF
)"
echo "$section"
if [ "$record" = 1 ]; then
  printf '%s\n' "$section" | python3 "$root/eng/bench/record-section.py" "$root/docs/benchmarks.md"
fi
