#!/usr/bin/env bash
# Threads chosen per workload (issue 21): each method's CLI run at --threads 1, 2 and auto (the default), wall time of
# the whole command (data generation and libtorch start included, the same for every count), best of ROUNDS
# (default 1) processes, the counts interleaved so a change of load hits them alike. Also checks reproducibility:
# whether the scored rows (--output) at 1 and 2 threads are bit-identical, and that auto's equal those of the count
# it chose. auto is the size rule capped at the idle cores (docs/benchmarks.md "Threads"); LatentRelevance's
# batched runs count workers of one libtorch thread each.
#   eng/bench/threads/run.sh            print the results as a markdown section
#   eng/bench/threads/run.sh --record   also write that section into docs/benchmarks.md
#   SMOKE=1 eng/bench/threads/run.sh     1 epoch per workload: checks the script, measures nothing
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
record=0; [[ "${1:-}" == "--record" ]] && record=1
if [[ $record == 1 && "${SMOKE:-}" == 1 ]]; then echo "run.sh: a SMOKE run measures nothing and is not recorded" >&2; exit 2; fi
dotnet build src/Symmetry.Cli -c Release -nologo -v q >/dev/null
# Own copies of the binaries: a build elsewhere rewrites the hard-linked project DLLs in place (docs/benchmarks.md).
cli="$(mktemp -d)"; work="$(mktemp -d)"; trap 'rm -rf "$cli" "$work"' EXIT
cp -r src/Symmetry.Cli/bin/Release/net10.0/. "$cli/"
section="$(python3 eng/bench/threads/threads_bench.py "$cli/symmetry" "$work" "${ROUNDS:-1}")"
printf '%s\n' "$section"
if [[ $record == 1 ]]; then printf '%s\n' "$section" | python3 eng/bench/record-section.py; fi
