#!/usr/bin/env bash
# LatentLieGan (LaLiGAN) on the pendulum configuration (Symmetry.Torch's LieGanTraining on TorchSharp 0.107 /
# libtorch 2.10) vs the same model, losses and optimizers in PyTorch eager (liegan_peer.py, Debian python3-torch), in
# one run, same threads, same pairs, initial values, noise and shuffle.
#   eng/bench/liegan/run.sh            print the results as a markdown section
#   eng/bench/liegan/run.sh --record   also write that section into docs/benchmarks.md
# Workload: (WARMUP + STEPS) × 256 pendulum state pairs (n_comps 2, latent 2, one generator), autoencoder and
# discriminator MLPs 512 × 5 (ReLU), batch 256, w_gan 0.01, w_reg 0.02, Adam 3e-4 / 1e-3 / 1e-3, one summed backward.
# Each side trains one epoch over those pairs and times the last STEPS (default 20) after WARMUP (default 3); then
# both train one step on 256 pairs to check that they compute the same losses. Then both train again with pendulum.cfg
# as written ("cfg": batch norm and an orthogonal last encoder layer; ours by LieGanTraining's options, the peer as the
# public code builds it), timed only: a retraction and a parametrization give other numbers, so no equal-results check.
# Then both train the plain model once more with glibc's malloc told to keep freed memory (MALLOC_MMAP_THRESHOLD_,
# MALLOC_TRIM_THRESHOLD_; "malloc kept"), timed only: ours keeps it anyway (MallocTuning), the peer does not unless told.
# With LALIGAN_DIR set to a checkout of the public code (github.com/Rose-STL-Lab/LaLiGAN; needs python3-scipy,
# python3-sympy, python3-matplotlib, python3-tqdm), a copy of it in a temporary folder also runs pendulum.cfg as
# written for 0 and for 1 epoch (its own data generation, loader and logging; the checkout itself is not written to):
# the difference is the public code's time per epoch, measured.
# THREADS (default 1) on both sides.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
threads="${THREADS:-1}"
warmup="${WARMUP:-3}"
steps="${STEPS:-20}"
source "$root/eng/bench/build-bench.sh"
bench_init eng/bench/liegan/Symmetry.LieGan.Bench.csproj "$threads" "torch, numpy" "$@"
raw="$(mktemp)"; log="$(mktemp)"; pairs="$(mktemp --suffix=.f32)"; trap 'rm -f "$raw" "$log" "$pairs"' EXIT
dll="$out/Symmetry.LieGan.Bench.dll"
dotnet "$dll" data "$pairs" $(((warmup + steps) * 256)) 0
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$dll" train "$pairs" "$threads" "$warmup" "$steps" 2>>"$log" | sed 's/^/ours /' >>"$raw" || { echo "ours failed:"; tail -n 20 "$log"; exit 1; }
peer eng/bench/liegan/liegan_peer.py "$pairs" "$threads" "$warmup" "$steps" 2>>"$log" | sed 's/^/torch /' >>"$raw" \
  || { echo "liegan_peer.py failed:"; tail -n 20 "$log"; exit 1; }
dotnet "$dll" train "$pairs" "$threads" "$warmup" "$steps" cfg 2>>"$log" | sed 's/^/oursc /' >>"$raw" || { echo "ours (cfg) failed:"; tail -n 20 "$log"; exit 1; }
peer eng/bench/liegan/liegan_peer.py "$pairs" "$threads" "$warmup" "$steps" cfg 2>>"$log" | sed 's/^/torchc /' >>"$raw" \
  || { echo "liegan_peer.py cfg failed:"; tail -n 20 "$log"; exit 1; }
dotnet "$dll" train "$pairs" "$threads" 0 1 2>>"$log" | sed 's/^/ours1 /' >>"$raw" || { echo "ours failed:"; tail -n 20 "$log"; exit 1; }
peer eng/bench/liegan/liegan_peer.py "$pairs" "$threads" 0 1 2>>"$log" | sed 's/^/torch1 /' >>"$raw" \
  || { echo "liegan_peer.py failed:"; tail -n 20 "$log"; exit 1; }
kept=(MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456)
env "${kept[@]}" dotnet "$dll" train "$pairs" "$threads" "$warmup" "$steps" 2>>"$log" | sed 's/^/oursk /' >>"$raw" || { echo "ours (malloc kept) failed:"; tail -n 20 "$log"; exit 1; }
env "${kept[@]}" LD_LIBRARY_PATH="$peer_ld" "$py" eng/bench/liegan/liegan_peer.py "$pairs" "$threads" "$warmup" "$steps" 2>>"$log" | sed 's/^/torchk /' >>"$raw" \
  || { echo "liegan_peer.py (malloc kept) failed:"; tail -n 20 "$log"; exit 1; }
if [ -n "${LALIGAN_DIR:-}" ]; then
  public="$(mktemp -d)"; trap 'rm -f "$raw" "$log" "$pairs"; rm -rf "$public"' EXIT
  cp -r "$LALIGAN_DIR/." "$public/" && mkdir -p "$public/data/pendulum" "$public/saved_models/ae-ortho-liegan-pendulum"
  for epochs in 0 1; do
    sed -i "s/--num_epochs [0-9]*/--num_epochs $epochs/" "$public/configs/pendulum.cfg"
    start_s="$(date +%s.%N)"
    ( cd "$public/src" && peer main.py --config pendulum ) >>"$log" 2>&1 || { echo "the public code failed:"; tail -n 20 "$log"; exit 1; }
    echo "public wall$epochs $threads $(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start_s" "$(date +%s.%N)")" >>"$raw"
  done
fi
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
section="$("$py" - "$raw" "$threads" "$warmup" "$steps" "$load_start" "$load_end" "$peer_blas" <<'PYEOF'
import sys, datetime, platform
sys.path.insert(0, 'eng/bench')
import section_support  # noqa: E402  (eng/bench/section_support.py)
import torch
raw, threads, warmup, steps, load_start, load_end, peer_blas = sys.argv[1:8]
v = section_support.read_results(raw)
cpu, cores = section_support.machine()
EPOCH = 391   # the pendulum set's 100,000 pairs at batch 256
n = int(warmup) + int(steps)
print('## LatentLieGan pendulum vs PyTorch eager')
print()
print(f'Command: `{"LALIGAN_DIR=<checkout of Rose-STL-Lab/LaLiGAN> " if ("public", "wall1") in v else ""}eng/bench/liegan/run.sh --record` ({datetime.date.today().isoformat()}; {cpu}, {cores} cores shared with other '
      f'engineers\' builds and tests; load average {load_start} before, {load_end} after; {threads} thread(s) on both sides; '
      f'ours: TorchSharp 0.107.0 on libtorch 2.10 CPU (MKL); PyTorch eager: Debian python3-torch {torch.__version__} on {peer_blas}, '
      'see eng/bench/peer-blas.sh). Ratios are PyTorch / ours (> 1: we are faster or smaller).')
print()
print(f'Workload (LaLiGAN\'s pendulum.cfg: n_comps 2, latent 2, one generator, w_gan 0.01, w_reg 0.02, codes moved about '
      f'their batch mean; the parser\'s learning rates 3e-4 / 1e-3 / 1e-3; batch 256): {n * 256:,} pairs drawn without replacement '
      'from `SymmetryDatasets.Pendulum` (200 trajectories × 500 steps; written once to a float32 file both sides read), '
      'autoencoder 2 → 512 × 5 → 2 and mirror, discriminator 4 → 512 × 5 → 1 (ReLU, sigmoid), g = matrix_exp(w L), '
      'w ~ N(0, 1), one summed backward of MSE + w_gan·BCE(D(z\'), 1) + w_reg·|mean cos(z\', z)| + ½[BCE(D(z), 1) + '
      'BCE(D(z\'), 0)], three Adam optimizers, every loss term read back each step. Two models. "Plain" (the rows without '
      'a note): `LieGanTraining`\'s MLPs without batch norm or orthogonal layer, and PyTorch (liegan_peer.py) running the '
      'same model with `nn.Linear` modules and `torch.optim.Adam`, drawing the initial values, the noise w and the shuffle '
      'from the same seeded generators: the equal-results check below is on this model. "pendulum.cfg as written": '
      'pendulum.cfg switches on batch norm and an orthogonal last encoder layer; ours with `LieGanTraining`\'s '
      '`BatchNorm` (BatchNorm1d after every encoder layer, the latent codes included, none in the decoder) and `OrthogonalLatentLayer` (a polar '
      'retraction by a float64 SVD of the 2 × 512 weight after each Adam step); the peer as the public code\'s '
      'src/autoencoder.py builds it (BatchNorm1d after every hidden encoder layer and on the latent codes, none in the '
      'decoder; the last encoder `nn.Linear` under `torch.nn.utils.parametrizations.orthogonal`, Householder for a 2 × 512 '
      'weight, recomputed and differentiated every forward pass). Same layers and batch norms on both sides; only the '
      'way the orthogonal layer is kept differs, and a retraction and a parametrization follow other trajectories: '
      'equal losses are not expected there. '
      f'Each side trains {n} steps and times the last {steps} '
      f'(mean); "per epoch" is {EPOCH} × that mean (100,000 pairs), extrapolated, not measured. Peak memory: VmHWM at '
      'the end of the last step − VmRSS before training, the peak reset (`clear_refs` 5) inside each process after loading '
      'the data. Ours stops both clocks at the end of its last step (the epoch-end report): the final discriminator '
      'accuracy over all rows that `LieGanTraining.Train` computes after it, which the peer does not, is no step (until '
      '2026-12-07 it fell into the last timed step and the peak).')
print()
print('| measurement | ours | PyTorch eager | ratio | target |')
print('| --- | ---: | ---: | ---: | --- |')
for ours, peer, note in (('ours', 'torch', ''), ('oursc', 'torchc', ', pendulum.cfg as written')):
    o, p = v[(ours, 'step_s')], v[(peer, 'step_s')]
    om, pm = v[(ours, 'step_min_s')], v[(peer, 'step_min_s')]
    rm, rp = v[(ours, 'rss_growth_mb')], v[(peer, 'rss_growth_mb')]
    print(f'| s per step{note} | {o:.4f} | {p:.4f} | {p / o:.2f}× | |')
    print(f'| s per epoch ({EPOCH} steps, extrapolated){note} | {EPOCH * o:.1f} | {EPOCH * p:.1f} | {p / o:.2f}× | {"" if note else "≥ 2.5× (issue 21)"} |')
    print(f'| fastest step, s{note} | {om:.4f} | {pm:.4f} | {pm / om:.2f}× | |')
    print(f'| peak RSS growth while training, MB{note} | {rm:,.0f} | {rp:,.0f} | {rp / rm:.2f}× | |')
oc, pc = EPOCH * v[('oursc', 'step_s')], EPOCH * v[('torchc', 'step_s')]
ok, pk = v[('oursk', 'step_s')], v[('torchk', 'step_s')]
print(f'| s per step, plain, malloc kept (both sides) | {ok:.4f} | {pk:.4f} | {pk / ok:.2f}× | |')
print()
if ('public', 'wall1') in v:
    public = v[('public', 'wall1')] - v[('public', 'wall0')]
    print(f'The public LaLiGAN code itself (LALIGAN_DIR, its pendulum.cfg as written: batch norm, orthogonal parametrization, '
          f'its DataLoader and logging; 99,600 pairs, 390 steps), measured in this run at the same threads and BLAS as the peer: '
          f'{public:.1f} s per epoch (1-epoch run minus 0-epoch run), so our {oc:.1f} s per epoch with pendulum.cfg as written is '
          f'{public / oc:.2f}× faster (the issue\'s reference, 152.7 s per epoch, was measured on another machine kind). ')
else:
    print('The public LaLiGAN code itself was not run (set LALIGAN_DIR to a checkout of it to measure it in the same run); '
          f'the issue\'s reference, 152.7 s per epoch on another machine kind, would make our {oc:.1f} s per epoch '
          f'{152.7 / oc:.1f}× faster. ')
print(f'Where our step stands: the recipe written plainly (the peer) runs the discriminator three times on 256 rows; '
      'ours runs D once over the real and the moved codes together (512 rows) and backpropagates it by hand: D ends in one '
      'logit per row, so the chains of the discriminator\'s and the generator\'s upstreams are per-row multiples of one '
      'chain for an upstream of 1 (`DiscriminatorPass`; every gradient equal to the autograd step\'s within float32 rounding: '
      '`LieGanStepTests`), ≈ 9.7 instead of ≈ 11.3 GFLOP of 512-wide products per step (≈ 10.2 before, with two pruned '
      'autograd passes). '
      'MKL runs its AVX-512 kernels on this AMD CPU because `Symmetry.Torch` answers MKL\'s vendor check (docs/platforms.md §3; '
      'as shipped it runs AVX2 kernels at half the speed). Adam is one fused pass over each flat parameter buffer, and the '
      'ReLUs work in place. glibc\'s default policy returns the freed activations to the kernel after every step and '
      'faults them back in at the next; our training loop keeps them for reuse while it runs (docs/platforms.md §4), '
      'the peer runs with glibc\'s defaults. The "malloc kept" row is the same plain model with both sides started with '
      'glibc told to keep freed memory (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_; ours then leaves malloc as the '
      'environment sets it): the comparison with that difference taken out.')
names = ['reconstruction', 'gan', 'regularizer', 'discriminator', 'accuracy', 'total']
print()
def rel(a, b, name):
    x, y = v[(a, 'loss_' + name)], v[(b, 'loss_' + name)]
    return abs(x - y) / max(abs(x), 1e-30)
first = max(rel('ours1', 'torch1', nm) for nm in names)
print(f'Equal results: after one step from the same initial values, noise and batch the loss terms agree to a relative '
      f'{first:.1e} (ours: ' + ', '.join(f'{nm} {v[("ours1", "loss_" + nm)]:.6g}' for nm in names) + '). Over the '
      f'{n} steps the adversarial game amplifies rounding differences: means ours / PyTorch: '
      + ', '.join(f'{nm} {v[("ours", "loss_" + nm)]:.4g} / {v[("torch", "loss_" + nm)]:.4g}' for nm in names)
      + '; the learned L after them: ours [' + ', '.join(f'{v[("ours", f"l{k}")]:.4f}' for k in range(4))
      + '], PyTorch [' + ', '.join(f'{v[("torch", f"l{k}")]:.4f}' for k in range(4)) + '] (row-major).')
PYEOF
)"
echo "$section"
if [ "$record" = 1 ]; then
  printf '%s\n' "$section" | python3 "$root/eng/bench/record-section.py" "$root/docs/benchmarks.md"
fi
