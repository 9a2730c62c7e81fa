#!/usr/bin/env bash
# Cost linear in rows, memory flat (issue 21): each method's CLI run at 10⁴, 10⁵ and 10⁶ rows (LieDetector: 10⁴ and 10⁵
# pairs of 28 × 28 images), 1 and 2 epochs, 1 thread; seconds per epoch = wall(2 epochs) − wall(1 epoch), so start-up,
# data generation and the report cancel; peak RSS of the 2-epoch process from /usr/bin/time -v. Then the CLI reading a
# ~200 MB CSV (10 numeric columns × 2M rows, written to a temporary folder) against a 10⁴-row one: peak RSS growth vs
# the file's size and its float32 size.
#   eng/bench/scaling/run.sh            print the results as a markdown section
#   eng/bench/scaling/run.sh --record   also write that section into docs/benchmarks.md
#   SMOKE=1 eng/bench/scaling/run.sh     the smallest size and a 2 MB CSV only: checks the script, measures nothing
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
record=0; [[ "${1:-}" == "--record" ]] && record=1
if [[ $record == 1 && "${SMOKE:-}" == 1 ]]; then echo "run.sh: a SMOKE run measures nothing and is not recorded" >&2; exit 2; fi
[[ -x /usr/bin/time ]] || { echo "run.sh: needs GNU time at /usr/bin/time (apt-get install time) for the peak RSS" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Symmetry.Cli -c Release -nologo -v q >/dev/null
# Own copies of the binaries: a build elsewhere rewrites the hard-linked project DLLs in place (docs/benchmarks.md).
cli="$(mktemp -d)"; work="$(mktemp -d)"; trap 'rm -rf "$cli" "$work"' EXIT
cp -r src/Symmetry.Cli/bin/Release/net10.0/. "$cli/"
section="$(python3 eng/bench/scaling/scaling_bench.py "$cli/symmetry" "$work")"
printf '%s\n' "$section"
if [[ $record == 1 ]]; then printf '%s\n' "$section" | python3 eng/bench/record-section.py; fi
