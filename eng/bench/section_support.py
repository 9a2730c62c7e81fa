"""What the benchmarks' run.sh section writers share (imported from their inline Python, run in the repository root)."""
import platform


def machine():
    """(CPU model name, number of logical cores) of this machine, for the section's first line."""
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor())
    cores = sum(1 for l in open('/proc/cpuinfo') if l.startswith('processor'))
    return cpu, cores


def read_results(path):
    """The 'side name threads value' lines both sides printed, as {(side, name): value}."""
    v = {}
    for line in open(path):
        side, name, _, value = line.split()
        v[(side, name)] = float(value)
    return v
