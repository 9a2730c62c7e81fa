# Sourced by the benchmarks' run.sh: build_bench PROJECT.csproj builds a benchmark project and sets $out to its
# output folder, with its own copies of our DLLs (the build hard-links them to src/*/obj, which the compiler rewrites
# in place, so a build running beside the benchmark could otherwise change the assemblies under the running process).
build_bench() {
  dotnet build "$1" -c Release -nologo -v q >/dev/null
  out="$(dirname "$1")/bin/Release/net10.0"
  for f in "$out"/Symmetry.*.dll "$out"/Symmetry.*.pdb; do [ -f "$f" ] && cp "$f" "$f.own" && mv -f "$f.own" "$f"; done
  rm -rf "$out/cpu"
}
