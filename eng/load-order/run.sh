#!/usr/bin/env bash
# Any load order works (issue 19, item 2): an application OUTSIDE this repository whose first statement is
# torch.manual_seed(1) (or torch.set_num_threads(1)), so that TorchSharp's own probe loads libLibTorchSharp.so before
# any Microsoft.ML.Symmetry assembly, runs a tensor op and a fit. It imports the package's build step
# (eng/packaging/buildTransitive/Symmetry.LibStdCxxFix.targets) as a package reference would; the script checks that
# the output folder's libLibTorchSharp.so carries the patch exactly where this machine's libstdc++ lacks the version,
# and, with the step off, that the error names the cause and the remedy. Prints "load-order: N passed, N failed".
# Usage: bash eng/load-order/run.sh   (exit 0 when every check passes)
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${LOAD_ORDER_WORK:-$(mktemp -d)}"; [ -n "${LOAD_ORDER_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
passed=0; failed=0
check() { if [ "$2" = 0 ]; then echo "  ok: $1"; passed=$((passed + 1)); else echo "  FAILED: $1"; failed=$((failed + 1)); fi; }
finish() { echo "load-order: $passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/eng/packaging/NativePatch/NativePatch.csproj" -c Release -nologo -v q >/dev/null \
  || { check "the build step's tool builds" 1; finish; }
cp "$root/NuGet.config" "$work/"
cat > "$work/LoadOrderApp.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
    <!-- libtorch is ~1 GB of natives: link them from the NuGet cache, as the repository's own projects do. -->
    <CreateHardLinksForCopyLocalIfPossible>true</CreateHardLinksForCopyLocalIfPossible>
    <CreateHardLinksForPublishFilesIfPossible>true</CreateHardLinksForPublishFilesIfPossible>
    <SymmetryNativePatchPath>$root/eng/packaging/NativePatch/bin/tool/Microsoft.ML.Symmetry.NativePatch.dll</SymmetryNativePatchPath>
  </PropertyGroup>
  <!-- The libtorch bundle is the application's choice (Symmetry.Estimators references TorchSharp alone), as for a user. -->
  <ItemGroup>
    <ProjectReference Include="$root/src/Symmetry.Estimators/Symmetry.Estimators.csproj" />
    <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
  </ItemGroup>
  <Import Project="$root/eng/packaging/buildTransitive/Symmetry.LibStdCxxFix.targets" />
</Project>
XML
cp "$root/eng/load-order/Program.cs.txt" "$work/Program.cs"
out="$work/bin/Release/net10.0"
lib="$out/runtimes/linux-x64/native/libLibTorchSharp.so"
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}/torchsharp/0.107.0/runtimes/linux-x64/native/libLibTorchSharp.so"
weak() { readelf -V "$1" | grep "Name: GLIBCXX_3.4.32  Flags: WEAK" >/dev/null; }  # no -q: an early exit would fail the pipe
needs_fix=1; strings "$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')" | grep -x GLIBCXX_3.4.32 >/dev/null && needs_fix=0
echo "load-order: this machine's libstdc++ $([ $needs_fix = 1 ] && echo lacks || echo has) GLIBCXX_3.4.32"

dotnet build "$work/LoadOrderApp.csproj" -c Release -nologo -v q >"$work/build.txt" 2>&1; rc=$?
[ $rc = 0 ] || tail -20 "$work/build.txt"
check "the application builds" $rc
if [ $needs_fix = 1 ]; then weak "$lib"; check "the output folder's libLibTorchSharp.so has GLIBCXX_3.4.32 marked weak" $?
else ! weak "$lib"; check "the output folder's libLibTorchSharp.so is left as shipped" $?; fi
! weak "$cache"; check "the NuGet cache's libLibTorchSharp.so is untouched" $?
for first in seed threads; do
  dotnet "$out/LoadOrderApp.dll" $first >"$work/$first.txt" 2>&1; rc=$?
  sed 's/^/    /' "$work/$first.txt"
  [ $rc = 0 ] && grep -q "^symmetry loaded before torch: False" "$work/$first.txt" && grep -q "^tensor: 6" "$work/$first.txt" \
    && grep -q "^fit: " "$work/$first.txt"
  rc=$?   # kept before the message's command substitution, which would reset $? to 0
  check "torch.$([ $first = seed ] && echo manual_seed || echo set_num_threads)(1) first, then a tensor op and a fit" $rc
done

dotnet publish "$work/LoadOrderApp.csproj" -c Release -nologo -v q -o "$work/publish" >"$work/publish.txt" 2>&1; rc=$?
[ $rc = 0 ] || tail -20 "$work/publish.txt"
if [ $rc = 0 ]; then
  if [ $needs_fix = 1 ]; then weak "$work/publish/runtimes/linux-x64/native/libLibTorchSharp.so"; else ! weak "$work/publish/runtimes/linux-x64/native/libLibTorchSharp.so"; fi
  rc=$?
fi
check "dotnet publish: the publish folder's copy is patched the same way" $rc

if [ $needs_fix = 1 ]; then
  # The control: without the build step the same application fails, and the error says why and what to do.
  dotnet build "$work/LoadOrderApp.csproj" -c Release -nologo -v q -p:SymmetryLibStdCxxFix=off >"$work/build-off.txt" 2>&1
  ! weak "$lib"; check "with SymmetryLibStdCxxFix=off the output folder's copy is as shipped" $?
  dotnet "$out/LoadOrderApp.dll" unpatched >"$work/off.txt" 2>&1
  grep -E "^(torch|symmetry|fit error):" "$work/off.txt" | cut -c1-400 | sed 's/^/    /'
  grep "^fit error: " "$work/off.txt" | grep "GLIBCXX_3.4.32.*SymmetryLibStdCxxFix=always" >/dev/null
  check "unpatched, the fit's error names the missing version and the remedy in one line" $?
fi
finish
