#!/usr/bin/env bash
# LatentRelevance Fit and Transform, ours vs the same model in PyTorch eager (vae_peer.py), in one run.
#   eng/bench/relevance/run.sh            print the results as a markdown section
#   eng/bench/relevance/run.sh --record   also write that section into docs/benchmarks.md (replacing only the
#                                         section "LatentRelevance fit and transform vs PyTorch eager" if present)
# Fit: the 10,000-point circle (R = 10), latent 4, hidden 64,64 ReLU, 30 epochs, batch 128, Adam 1e-3, β = 0.1, 1 run,
# timed end to end (train + encode all rows + relevance). Transform: rows/s of reading the Latent column of
# 1,000,000 scored rows. Each side runs with 1 and with 2 threads (torch.set_num_threads, OMP_NUM_THREADS and
# OPENBLAS_NUM_THREADS all set to the same count); each process reports its best of REPEATS (default 3); the sides
# alternate so a burst of load on a shared machine hits both.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
py="${PYTHON:-/usr/bin/python3}"
repeats="${REPEATS:-3}"
rows="${ROWS:-1000000}"
record=0; [ "${1:-}" = "--record" ] && record=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

"$py" -c 'import torch' 2>/dev/null || { echo "PyTorch not importable by $py (install python3-torch or set PYTHON)"; exit 1; }
dotnet build eng/bench/relevance/Symmetry.Relevance.Bench.csproj -c Release -nologo -v q >/dev/null
dll="eng/bench/relevance/bin/Release/net10.0/Symmetry.Relevance.Bench.dll"

raw="$(mktemp)"; trap 'rm -f "$raw"' EXIT
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for t in 1 2; do
  OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t dotnet "$dll" "$t" "$repeats" "$rows" 2>/dev/null | sed 's/^/ours /' >>"$raw"
  OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t "$py" eng/bench/relevance/vae_peer.py "$t" "$repeats" "$rows" 2>/dev/null | sed 's/^/torch /' >>"$raw"
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

section="$("$py" eng/bench/relevance/section.py "$raw" "$repeats" "$rows" "$load_start" "$load_end")"
echo "$section"
if [ "$record" = 1 ]; then
  printf '%s\n' "$section" | python3 "$root/eng/bench/record-section.py" "$root/docs/benchmarks.md"
fi
