#!/usr/bin/env bash
# Rows/s of scoring: our Transform (TorchSharp) vs ONNX Runtime on the graph ml.Model.ConvertToOnnx exports, for each
# transformer, one thread on both sides, in one process on the same machine (Program.cs says what each model is).
#   eng/bench/onnx/run.sh            print the results as a markdown section
#   eng/bench/onnx/run.sh --record   also write it into docs/benchmarks.md (replacing "Scoring: ONNX Runtime vs Transform")
# ROWS (default 200000): rows scored per pass; REPEATS (default 3): best-of passes per side.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
rows="${ROWS:-200000}"
repeats="${REPEATS:-3}"
record=0; [ "${1:-}" = "--record" ] && record=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 OMP_NUM_THREADS=1
source "$root/eng/bench/build-bench.sh"
build_bench eng/bench/onnx/Symmetry.Onnx.Bench.csproj
raw="$(mktemp)"; trap 'rm -f "$raw"' EXIT
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$out/Symmetry.Onnx.Bench.dll" "$rows" "$repeats" | grep -E ' (transform|onnxruntime) [0-9]+$' >"$raw"
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
section="$(RAW="$raw" ROWS="$rows" REPEATS="$repeats" LOAD_START="$load_start" LOAD_END="$load_end" python3 - <<'PYEOF'
import datetime, os, sys
sys.path.insert(0, os.path.join(os.getcwd(), 'eng', 'bench'))
from section_support import machine
cpu, cores = machine()
v = {}
for line in open(os.environ['RAW']):
    name, side, rate = line.split()
    v[(name, side)] = float(rate)
print('## Scoring: ONNX Runtime vs Transform')
print()
print(f'Command: `eng/bench/onnx/run.sh --record` ({datetime.date.today().isoformat()}; {cpu}, {cores} cores shared with other '
      f'engineers\' builds and tests; load average {os.environ["LOAD_START"]} before, {os.environ["LOAD_END"]} after; 1 thread on both '
      f'sides; {int(os.environ["ROWS"]):,} rows per pass, best of {os.environ["REPEATS"]} passes; ours: TorchSharp 0.107.0 on libtorch 2.10 '
      'CPU (MKL); ONNX Runtime 1.32.0 (Microsoft.ML.OnnxRuntime, CPU execution provider, opset 12 graph from Microsoft.ML.OnnxConverter 0.24.0)).')
print()
print('Workload (eng/bench/onnx/Program.cs): each transformer fitted for one epoch at its usual network size, then every '
      'appended column of uniform random rows scored. Transform: a cursor over the lazy view (batches growing to 4,096 rows, '
      'inputs copied out of the view and outputs back into it). ONNX Runtime: `InferenceSession.Run` on 4,096-row float '
      'tensors already in memory, every graph output fetched; no IDataView in the loop, so the ratio includes the view\'s '
      'per-row cost as well as the kernels\'. Ratio: ONNX Runtime / Transform (> 1: ONNX Runtime scores more rows per second). '
      'At a load average far above the core count, as here, both sides wait for a core and the figures are rough.')
print()
print('| transformer (columns) | Transform, rows/s | ONNX Runtime, rows/s | ratio |')
print('| --- | ---: | ---: | ---: |')
cols = {'LatentRelevance': 'Latent, LatentSigma; 2 → 64 → 64 → 4', 'OracleFlows': 'Flow, Latent; dense AE 10 → 3, 3 neural generators 32-32',
        'LatentLieGan': 'Latent, LatentDot; 5 → 64 → 64 → 2, SINDy order 2', 'LieDetector': 'T; t-network 512 → 512 → 256 → 128 → 64 → 1'}
for name in ['LatentRelevance', 'OracleFlows', 'LatentLieGan', 'LieDetector']:
    t, o = v[(name, 'transform')], v[(name, 'onnxruntime')]
    print(f'| {name} ({cols[name]}) | {t:,.0f} | {o:,.0f} | {o / t:.2f}× |')
PYEOF
)"
echo "$section"
if [ "$record" = 1 ]; then
  printf '%s\n' "$section" | python3 "$root/eng/bench/record-section.py" "$root/docs/benchmarks.md"
fi
