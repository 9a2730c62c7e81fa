"""What the benchmarks' run.sh section writers share (imported from their inline Python, run in the repository root)."""
import platform


def machine():
    """(CPU model name with its widest vector ISA, number of logical cores) of this machine, for the section's first
    line: machines of one name differ in whether MKL or OpenBLAS can use AVX-512, which halves or doubles a product."""
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor())
    flags = set(next((l.split(':', 1)[1].split() for l in open('/proc/cpuinfo') if l.startswith('flags')), []))
    isa = 'AVX-512' if 'avx512f' in flags else 'AVX2' if 'avx2' in flags else 'no AVX2'
    cores = sum(1 for l in open('/proc/cpuinfo') if l.startswith('processor'))
    return f'{cpu} ({isa})', cores


def read_results(path):
    """The 'side name threads value' lines both sides printed, as {(side, name): value}."""
    v = {}
    for line in open(path):
        side, name, _, value = line.split()
        v[(side, name)] = float(value)
    return v
