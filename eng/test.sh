#!/usr/bin/env bash
# The project's test command: installs what is missing, builds, runs every test project and the consumer check
# (eng/consumer/run.sh, one test) and prints a last line "N passed, N failed". Exits non-zero when anything fails.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bash eng/install-deps.sh || { echo "install-deps failed"; echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! dotnet build Microsoft.ML.Symmetry.sln -c Release -nologo -v q; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
for proj in test/*/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  dotnet test "$proj" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true \
    || status=1
done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
# Load order (docs/platforms.md): an application outside the repository that calls TorchSharp first; counted as its checks.
echo "== load-order"
bash eng/load-order/run.sh | tee "$results/load-order.txt" || status=1
counts=$(sed -n 's/^load-order: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$results/load-order.txt")
if [ -n "$counts" ]; then passed=$((passed + ${counts% *})); failed=$((failed + ${counts#* })); else failed=$((failed + 1)); fi
# Sharded protocols on a localhost Slurm cluster (eng/test-slurm.sh, docs/scale.md): counted as its checks; it skips cleanly.
echo "== slurm"
bash eng/test-slurm.sh | tee "$results/slurm.txt" || status=1
counts=$(sed -n 's/^slurm: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$results/slurm.txt")
if [ -n "$counts" ]; then passed=$((passed + ${counts% *})); failed=$((failed + ${counts#* })); else failed=$((failed + 1)); fi


# The packages as a user gets them (eng/consumer/run.sh): counted as one test.
echo "== consumer (eng/consumer/run.sh, log in $results/consumer.log)"
if bash eng/consumer/run.sh >"$results/consumer.log" 2>&1; then
  passed=$((passed + 1)); tail -1 "$results/consumer.log"
else
  failed=$((failed + 1)); status=1; grep -E "^(== |consumer:|check .*: FAILED)" "$results/consumer.log" | tail -40
fi
ntrx=$(ls "$results"/*.trx 2>/dev/null | wc -l); nproj=$(ls test/*/*.Tests.csproj | wc -l)
if [ "$ntrx" -lt "$nproj" ]; then
  echo "some test projects produced no results ($ntrx of $nproj)"; failed=$((failed + nproj - ntrx)); status=1
fi
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
