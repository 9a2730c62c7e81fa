#!/usr/bin/env bash
# The project as a user gets it. Packs (eng/pack.sh, the tool for this machine's platform only), then, OUTSIDE the
# repository and from the packages alone (a nuget.config adds the pack folder beside the default source):
#   - builds eng/consumer/Program.cs.txt against Microsoft.ML.Symmetry; its first statement is torch.manual_seed(1);
#   - one process trains and saves, a second loads and must print the same rows; Preview() on ML.NET's default 100
#     rows, ConvertToOnnx exporting our encoder, 8 concurrent requests each with its own disposed prediction engine;
#   - installs the symmetry tool from the pack folder into a temporary tool path and runs `symmetry info` and a
#     1-epoch `symmetry relevance`.
# Usage: bash eng/consumer/run.sh   (last line "consumer: ok", exit 0; else every failed step is named, exit 1)
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
failed=()
step() { local name="$1"; shift; echo "== $name"; "$@" || failed+=("$name"); }

rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)
pack="$work/feed"
# --local: packs what eng/test.sh has just built instead of compiling it all again.
bash "$root/eng/pack.sh" --output "$pack" --tool-rids "$rid" --local || { echo "consumer: FAILED pack"; exit 1; }
version=$(ls "$pack" | sed -n 's/^Microsoft\.ML\.Symmetry\.\([0-9].*\)\.nupkg$/\1/p')
# ConvertToOnnx lives in Microsoft.ML.OnnxConverter, released with ML.NET under Microsoft.Data.Analysis's 0.x number.
onnx=$(sed -n 's/.*Include="Microsoft.Data.Analysis" Version="\[\?\([0-9.]*\).*/\1/p' "$root/Directory.Packages.props")

# A packages folder of its own, so these packages never meet a cached copy of the same version; the machine's cache
# serves everything else (as a fallback folder, read-only).
cat > "$work/nuget.config" <<XML
<configuration>
  <config><add key="globalPackagesFolder" value="$work/nuget-packages" /></config>
  <fallbackPackageFolders><add key="machine" value="${NUGET_PACKAGES:-$HOME/.nuget/packages}" /></fallbackPackageFolders>
  <packageSources><add key="symmetry" value="$pack" /></packageSources>
</configuration>
XML
mkdir -p "$work/app"
cat > "$work/app/consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.ML.Symmetry" Version="$version" />
    <PackageReference Include="Microsoft.ML.OnnxConverter" Version="$onnx" />
  </ItemGroup>
</Project>
XML
cp "$root/eng/consumer/Program.cs.txt" "$work/app/Program.cs"
unset NUGET_PACKAGES
cd "$work"
if step "build the app (Microsoft.ML.Symmetry $version)" dotnet build app/consumer.csproj -c Release -nologo -v q -o app/out; then
  step "train and save" bash -o pipefail -c 'dotnet app/out/consumer.dll train model.zip | tee train.txt'
  step "load and score in a second process" bash -o pipefail -c 'dotnet app/out/consumer.dll load model.zip | tee load.txt'
  a=$(grep '^row' train.txt 2>/dev/null); b=$(grep '^row' load.txt 2>/dev/null)
  if [ -z "$a" ] || [ "$a" != "$b" ]; then echo "the loading process scored differently:"; echo "$a"; echo "$b"; failed+=("identical scores"); fi
fi

step "tool install" dotnet tool install symmetry --version "$version" --tool-path "$work/tools" --add-source "$pack"
step "symmetry info" "$work/tools/symmetry" info
step "symmetry relevance, 1 epoch" "$work/tools/symmetry" relevance --dataset circle --count 500 --epochs 1 --runs 2

if [ ${#failed[@]} -gt 0 ]; then printf 'consumer: FAILED %s\n' "${failed[@]}"; echo "consumer: ${SECONDS} s"; exit 1; fi
echo "consumer: ok in ${SECONDS} s (packages $version: app trained, reloaded identically, engines, Preview, ONNX export; tool installed and ran)"
