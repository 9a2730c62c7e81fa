#!/usr/bin/env bash
# Proves the "no extra step" property: a console app OUTSIDE this repository that references only
# src/Symmetry.Estimators (by project reference) and Microsoft.ML trains a pipeline and saves it; a second process
# of the same app only loads and scores it (and through a prediction engine). Nothing is registered or patched by
# the app itself. Usage: bash eng/consumer/run.sh   (exit 0 when the two processes agree)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cat > "$work/consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.ML" Version="5.0.1" />
    <ProjectReference Include="$root/src/Symmetry.Estimators/Symmetry.Estimators.csproj" />
  </ItemGroup>
</Project>
XML
cp "$root/eng/consumer/Program.cs.txt" "$work/Program.cs"
dotnet build "$work/consumer.csproj" -c Release -nologo -v q -o "$work/out" >/dev/null
dotnet "$work/out/consumer.dll" train "$work/model.zip" | tee "$work/train.txt"
dotnet "$work/out/consumer.dll" load "$work/model.zip" | tee "$work/load.txt"
a=$(grep '^row0:' "$work/train.txt"); b=$(grep '^row0:' "$work/load.txt")
[ "$a" = "$b" ] || { echo "consumer: the loading process scored differently: '$a' vs '$b'"; exit 1; }
echo "consumer: ok (trained in one process, loaded and scored identically in another)"
