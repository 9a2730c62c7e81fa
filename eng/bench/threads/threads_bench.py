#!/usr/bin/env python3
"""Runs each workload at --threads 1, 2 and auto and prints the markdown section (see run.sh)."""
import datetime, filecmp, json, os, subprocess, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
import section_support  # noqa: E402  (eng/bench/section_support.py)

cli, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
# The workloads (issue 21). SMOKE=1 trains each for 1 epoch: a check that the script works, not a measurement.
smoke = os.environ.get('SMOKE') == '1'
def epochs(n): return ['--epochs', '1' if smoke else str(n)]
WORKLOADS = [
    ('LatentRelevance ee-mumu, 20 runs × 30 epochs (batched)', ['relevance', '--dataset', 'ee-mumu', *epochs(30)]),
    ('LatentRelevance ee-mumu, 1 run × 30 epochs', ['relevance', '--dataset', 'ee-mumu', '--runs', '1', *epochs(30)]),
    ('OracleFlows sphere (norm oracle), 300 points, 3 linear generators, 5,000 epochs',
     ['flows', '--dataset', 'sphere', '--count', '300', '--oracle', 'norm', '--generators', '3', *epochs(5000)]),
    ('LatentLieGan pendulum pairs (20 trajectories), 30 epochs', ['liegan', '--dataset', 'pendulum', '--pairs', '--count', '20', *epochs(30)]),
    ('LieDetector SyMNIST rotation, 2,000 pairs × 20 epochs', ['detector', '--dataset', 'symnist-rotation', '--count', '2000', *epochs(20)]),
]
counts = ['1', '2', 'auto']
load_start = ' '.join(open('/proc/loadavg').read().split()[:3])
rows = []
for name, args in WORKLOADS:
    best, chosen = {}, None
    for r in range(rounds):
        for t in counts:
            out, js = os.path.join(work, f'{t}.csv'), os.path.join(work, f'{t}.json')
            start = time.perf_counter()
            p = subprocess.run([cli, *args, '--threads', t, '--output', out, '--json', js, '--force'], capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if p.returncode != 0:
                sys.exit(f'{name} --threads {t} failed ({p.returncode}): {p.stderr.strip()[-2000:]}')
            best[t] = min(best.get(t, float('inf')), elapsed)
            if t == 'auto':
                chosen = json.load(open(js))['run']['options']['Threads']
    same12 = filecmp.cmp(os.path.join(work, '1.csv'), os.path.join(work, '2.csv'), shallow=False)
    n = chosen.split()[0]
    same_auto = filecmp.cmp(os.path.join(work, 'auto.csv'), os.path.join(work, f'{n}.csv'), shallow=False) if n in counts else None
    fastest = min(best['1'], best['2'])
    rows.append(f"| {name} | {best['1']:.1f} | {best['2']:.1f} | {best['auto']:.1f} ({chosen}) | {best['auto'] / fastest:.2f}× | "
                f"{'identical' if same12 else 'differ'} | {'identical' if same_auto else ('differ' if same_auto is False else '-')} |")
load_end = ' '.join(open('/proc/loadavg').read().split()[:3])
cpu, cores = section_support.machine()
print('## Threads chosen per workload' + (' (SMOKE: 1 epoch each, not a measurement)' if smoke else ''))
print()
print(f'Command: `eng/bench/threads/run.sh --record` ({datetime.date.today().isoformat()}; {cpu}, {cores} cores shared with '
      f'other engineers\' builds and tests; load average {load_start} before, {load_end} after; the CLI, Release; wall time of '
      f'the whole command, best of {rounds} process(es) per count, the counts interleaved). "auto" is the default '
      '(`SymmetryOptions.Threads = null`, `--threads auto`): one thread per 10⁷ multiply-adds of a training step\'s dense '
      'products, at most the cores, 8 and the caller\'s libtorch count. Target: auto within 1.1× of the best explicit count.')
print()
print('| workload | 1 thread, s | 2 threads, s | auto, s (count) | auto / best | scored rows, 1 vs 2 threads | auto vs the same explicit count |')
print('| --- | ---: | ---: | ---: | ---: | --- | --- |')
for r in rows: print(r)
