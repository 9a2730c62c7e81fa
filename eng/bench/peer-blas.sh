# Sourced by the run.sh scripts (after setting $py): picks the BLAS the PyTorch peer runs on, defines `peer` (runs
# "$py" with it; our side is left alone) and sets $peer_blas (the libraries loaded, for the record).
# Debian's python3-torch is built against the generic libblas.so.3 that update-alternatives selects; with only libblas3
# installed that is the reference BLAS, whose matmuls are ~10× slower than OpenBLAS's and would flatter our side. So
# the peer gets OpenBLAS whenever it can: the system's (libopenblas0-pthread installed) or, without touching the
# system, a copy unpacked from that package into $OPENBLAS_DIR (fetched here with apt-get download if missing).
openblas_dir="${OPENBLAS_DIR:-$HOME/.cache/symmetry/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread}"
if ! readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 | grep -q openblas && [ ! -f "$openblas_dir/libblas.so.3" ] && [ -z "${OPENBLAS_DIR:-}" ]; then
  ( tmp="$(mktemp -d)" && cd "$tmp" && apt-get download libopenblas0-pthread >/dev/null 2>&1 \
      && mkdir -p "$HOME/.cache/symmetry/openblas" && dpkg -x libopenblas0-pthread_*.deb "$HOME/.cache/symmetry/openblas"; rm -rf "$tmp" ) || true
fi
peer_ld="${LD_LIBRARY_PATH:-}"
if [ -f "$openblas_dir/libblas.so.3" ]; then peer_ld="$openblas_dir${peer_ld:+:$peer_ld}"; fi
peer() { LD_LIBRARY_PATH="$peer_ld" "$py" "$@"; }
peer_blas="$(peer -c "import torch; torch.ones(2) @ torch.ones(2, 2)
import os; libs = sorted({os.path.basename(l.split()[-1]) for l in open('/proc/self/maps') if 'blas' in l.lower() and '/' in l})
print(', '.join(libs) or 'unknown')")"
case "$peer_blas" in *openblas*) ;; *) echo "warning: the PyTorch peer runs on $peer_blas (not OpenBLAS): its matmuls are slow" >&2 ;; esac
