#!/usr/bin/env bash
# Runs the Symmetry.ML data-loading benchmark at 100k and 1M rows (memory must stay flat between them).
# Usage: eng/bench/ml/run.sh [rows...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/Symmetry.ML.Bench.csproj" -c Release -nologo -v q >/dev/null
bin="$here/bin/Release/net10.0/Symmetry.ML.Bench.dll"
for rows in "${@:-100000 1000000}"; do
  for n in $rows; do dotnet "$bin" "$n"; done
done
