#!/usr/bin/env bash
# Packs every package of the project into one folder and prints the id, version and size of each; exits non-zero
# when a pack fails or a package is over NuGet.org's 250 MB per package (docs/packaging.md).
# Usage: bash eng/pack.sh [--output DIR] [--tool-rids "linux-x64;win-x64;osx-arm64"] [--local]
#   --output     where the .nupkg/.snupkg files go (default artifacts/packages; emptied of packages first)
#   --tool-rids  the platforms of the symmetry tool to pack (default: all of Symmetry.Cli.csproj's)
#   --local      reuse the local build instead of recompiling with ContinuousIntegrationBuild (PDBs keep this
#                machine's paths): for checks such as eng/consumer/run.sh, not for a release
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/packages"; rids=""; ci=true
while [ $# -gt 0 ]; do
  case "$1" in
    --output) out="$2"; shift 2 ;;
    --tool-rids) rids="$2"; shift 2 ;;
    --local) ci=false; shift ;;
    *) echo "usage: bash eng/pack.sh [--output DIR] [--tool-rids RIDS] [--local]" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"; out="$(cd "$out" && pwd)"
rm -f "$out"/*.nupkg "$out"/*.snupkg
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# ContinuousIntegrationBuild: deterministic paths (/_/…) in the PDBs, as a release build has them. Left unset with
# --local, exactly as a local build leaves it, so nothing is recompiled.
common=(-c Release -nologo -v q -o "$out")
[ "$ci" = true ] && common+=(-p:ContinuousIntegrationBuild=true)
for project in Symmetry.Torch Symmetry.Datasets Symmetry.Estimators Microsoft.ML.Symmetry Symmetry.Reporting; do
  dotnet pack "$root/src/$project" "${common[@]}"
done
tool=(); [ -n "$rids" ] && tool=("-p:ToolPackageRuntimeIdentifiers=\"$rids\"")
dotnet pack "$root/src/Symmetry.Cli" "${common[@]}" "${tool[@]}"

limit=$((250 * 1000 * 1000)); status=0
printf '%-36s %-10s %12s\n' package version bytes
for f in "$out"/*.nupkg; do
  nuspec=$(unzip -p "$f" '*.nuspec')
  id=$(sed -n 's:.*<id>\(.*\)</id>.*:\1:p' <<<"$nuspec"); version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' <<<"$nuspec")
  size=$(stat -c %s "$f")
  printf '%-36s %-10s %12s\n' "$id" "$version" "$size"
  if [ "$size" -gt "$limit" ]; then echo "pack: $id is $size bytes, over NuGet.org's 250 MB per package"; status=1; fi
done
echo "pack: $(ls "$out"/*.nupkg | wc -l) packages in $out"
exit $status
