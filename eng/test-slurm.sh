#!/usr/bin/env bash
# Sharded protocols on a real Slurm cluster (issue 22): installs slurm-wlm and munge with apt when missing, starts a
# one-node cluster on localhost with every file in a temporary folder (SLURM_CONF; nothing in /etc), runs
# `symmetry sweep --engine slurm --submit` on a small built-in protocol, waits on squeue, and checks that the merged
# report equals a single run's. Every daemon it started is stopped by PID, also on failure. Skips (0 passed, 0 failed,
# with a line saying why) where it cannot run: not Linux, not root, no apt. Facts: docs/scale.md, shared/reference/slurm.md.
# Prints "slurm: N passed, N failed" last. Usage: bash eng/test-slurm.sh (after the solution is built in Release).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
passed=0; failed=0
check() { if [ "$2" = 0 ]; then echo "  ok: $1"; passed=$((passed + 1)); else echo "  FAILED: $1"; failed=$((failed + 1)); fi; }
finish() { echo "slurm: $passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }
skip() { echo "slurm: skipped: $1"; finish; }

[ "$(uname -s)" = Linux ] || skip "not Linux"
[ "$(id -u)" = 0 ] || skip "the localhost cluster runs its daemons as root; run as root"
symmetry="$root/src/Symmetry.Cli/bin/Release/net10.0/symmetry"
[ -x "$symmetry" ] || { check "the symmetry tool is built ($symmetry)" 1; finish; }
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed and there is no apt-get"
  echo "installing slurm-wlm and munge with apt"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null 2>&1; }; } \
    || skip "apt could not install slurm-wlm and munge (no network or no package)"
fi

w="$(mktemp -d /tmp/symmetry-slurm.XXXXXX)"
pids=()
stop() {
  # Only what this script started, by PID; then wait until each is gone, so the next run finds the ports free.
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$p" 2>/dev/null; done
  rm -rf "$w"
}
trap stop EXIT
mkdir -p "$w/state" "$w/spool"
cat > "$w/slurm.conf" <<CONF
ClusterName=local
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$w/state
SlurmdSpoolDir=$w/spool
SlurmctldPidFile=$w/slurmctld.pid
SlurmdPidFile=$w/slurmd.pid
SlurmctldLogFile=$w/slurmctld.log
SlurmdLogFile=$w/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$w/slurm.conf"

# munged: reuse one that runs (someone else's: not ours to stop), else start ours.
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  install -d -o munge -g munge -m 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged -f 2>"$w/munged.err" && sleep 0.2 && pids+=("$(cat /run/munge/munged.pid)")
fi
munge -n 2>/dev/null | unmunge >/dev/null 2>&1; check "munge authenticates" $?
slurmctld -f "$SLURM_CONF" && for _ in $(seq 50); do [ -s "$w/slurmctld.pid" ] && break; sleep 0.1; done
[ -s "$w/slurmctld.pid" ] && pids+=("$(cat "$w/slurmctld.pid")")
slurmd -f "$SLURM_CONF" -N localhost && for _ in $(seq 50); do [ -s "$w/slurmd.pid" ] && break; sleep 0.1; done
[ -s "$w/slurmd.pid" ] && pids+=("$(cat "$w/slurmd.pid")")
up=1; for _ in $(seq 100); do [ "$(sinfo -h -N -o %t 2>/dev/null)" = idle ] && { up=0; break; }; sleep 0.2; done
check "a localhost cluster is up (slurmctld, slurmd; node idle)" $up
[ "$up" = 0 ] || { tail -5 "$w/slurmctld.log" "$w/slurmd.log" 2>/dev/null; finish; }

# 5 seeded VAE runs on 300 circle points, 3 epochs, as 3 shards (1, 2 and 2 runs) and a merge job after them.
# One libtorch thread, as the sweep's tasks: with more, batched kernels split by size and agree only to float rounding.
protocol=(relevance --dataset circle --count 300 --epochs 3 --runs 5 --seed 7 --threads 1)
"$symmetry" sweep --engine slurm --shards 3 --submit "$w/sweep" -- "${protocol[@]}" > "$w/submit.txt" 2>&1
check "symmetry sweep --engine slurm --submit submits" $?
jobs=$(awk '{print $2","$3}' "$w/sweep/jobs.txt" 2>/dev/null | paste -sd,)
done_=1
if [ -n "$jobs" ]; then
  for _ in $(seq 600); do [ -z "$(squeue -h -j "$jobs" 2>/dev/null)" ] && { done_=0; break; }; sleep 0.2; done
fi
check "the array and its merge job finish (squeue empty within 120 s)" $done_
"$symmetry" sweep status "$w/sweep" > "$w/status.txt" 2>&1; st=$?
grep -q "3 (0-2)" "$w/status.txt" && grep -q "done *│$" "$w/status.txt"; check "sweep status: 3 shards done, merge done (exit $st)" $(( st != 0 || $? != 0 ))
"$symmetry" "${protocol[@]}" --report "$w/single.csv" --json "$w/single.json" > "$w/single.txt" 2>&1
check "a single run of the protocol" $?
cmp -s "$w/single.csv" "$w/sweep/run/merged/report.csv"; check "the merged report table equals the single run's byte for byte" $?
# The JSON too, but for what differs by construction: the fit time, the creation time and the command line.
strip() { grep -v -E '"(fitSeconds|created|command)"|Fit time|Fit took' "$1"; }
diff <(strip "$w/single.json") <(strip "$w/sweep/run/merged/report.json") >/dev/null; check "the merged JSON report equals the single run's (fit time aside)" $?
[ -s "$w/sweep/run/merged/model.zip" ] && [ -s "$w/sweep/run/merged/report.html" ]; check "the merge wrote the model and the HTML report" $?

# Resume: lose shard 1; status names it; resubmitting only it (--array=1) and the merge gives the same report again.
here="$w/sweep/run"
rm -f "$here/parts/shard-0001-of-0003.symshard" "$here/state/shard-1.done" "$here/merged/report.csv"
"$symmetry" sweep status "$w/sweep" > "$w/status2.txt" 2>&1
grep -q "run: resubmit shards 1 (sbatch --array=1 " "$w/status2.txt"; check "sweep status names the lost shard to resubmit" $?
a=$(sbatch --parsable --array=1 -o "$here/logs/shard-%a.out" "$here/shard.sh") \
  && m=$(sbatch --parsable --dependency=afterany:"$a" -o "$here/logs/merge.out" "$here/merge.sh")
done_=1
if [ -n "${m:-}" ]; then for _ in $(seq 600); do [ -z "$(squeue -h -j "$a,$m" 2>/dev/null)" ] && { done_=0; break; }; sleep 0.2; done; fi
check "the resubmitted shard and merge finish" $done_
cmp -s "$w/single.csv" "$here/merged/report.csv"; check "the resumed merge equals the single run byte for byte" $?
if [ "$failed" != 0 ]; then
  for f in "$w/submit.txt" "$w/status.txt" "$w"/sweep/run/logs/*.out; do [ -f "$f" ] && { echo "--- $f"; tail -5 "$f"; }; done
fi
finish
