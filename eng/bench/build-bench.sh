# Sourced by the benchmarks' run.sh: build_bench PROJECT.csproj builds a benchmark project and sets $out to its
# output folder, with its own copies of our DLLs (the build hard-links them to src/*/obj, which the compiler rewrites
# in place, so a build running beside the benchmark could otherwise change the assemblies under the running process).
build_bench() {
  dotnet build "$1" -c Release -nologo -v q >/dev/null
  out="$(dirname "$1")/bin/Release/net10.0"
  for f in "$out"/Symmetry.*.dll "$out"/Symmetry.*.pdb; do [ -f "$f" ] && cp "$f" "$f.own" && mv -f "$f.own" "$f"; done
  rm -rf "$out/cpu"
}

# bench_init PROJECT.csproj THREADS "python modules" "$@": what every benchmark does first — the Python peer's
# interpreter ($py), --record ($record), single-threaded BLAS/OpenMP at THREADS, a check that the peer's modules
# import, our side built (build_bench), and the peer given OpenBLAS (peer-blas.sh: $peer_blas and `peer`).
bench_init() {
  local csproj="$1" threads="$2" modules="$3"
  shift 3
  py="${PYTHON:-/usr/bin/python3}"
  record=0; [ "${1:-}" = "--record" ] && record=1
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads"
  "$py" -c "import $modules" 2>/dev/null || { echo "Python modules $modules not importable by $py (install python3-torch or set PYTHON)"; exit 1; }
  build_bench "$csproj"
  source "$root/eng/bench/peer-blas.sh"
}
