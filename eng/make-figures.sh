#!/usr/bin/env bash
# Regenerates the figures the README shows (docs/images/) from a fixed, seeded run of the demo:
# LatentRelevance on the built-in e+e- → μ+μ- dataset (Sanz §4.2), 20 runs. Writes every figure to a scratch
# folder and copies the ones the docs use; also leaves the HTML report there for a look.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 OMP_NUM_THREADS=1
dotnet build src/Symmetry.Cli -c Release -nologo -v q
out="$(mktemp -d)"
dotnet src/Symmetry.Cli/bin/Release/net10.0/symmetry.dll relevance --dataset ee-mumu --count 5000 --seed 1 \
  --plots "$out/plots" --html "$out/report.html" --json "$out/report.json"
mkdir -p docs/images
for f in relevance-by-rank latent-feature-correlations; do
  cp "$out/plots/$f.png" "docs/images/ee-mumu-$f.png"
  cp "$out/plots/$f.svg" "docs/images/ee-mumu-$f.svg"
done
echo "make-figures: docs/images updated; full output in $out"
