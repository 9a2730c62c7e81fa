#!/usr/bin/env bash
# The main job on a fresh machine: installs what is missing, builds, and runs the LatentRelevance method on the
# built-in e+e- → μ+μ- dataset (Sanz §4.2), printing the relevance profile and the intrinsic dimension.
# Extra arguments go to `symmetry relevance` (e.g. --epochs 10 --runs 3 --output scored.csv).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash eng/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Symmetry.Cli -c Release -nologo -v q
exec dotnet src/Symmetry.Cli/bin/Release/net10.0/symmetry.dll relevance --dataset ee-mumu "$@"
