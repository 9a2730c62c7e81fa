#!/usr/bin/env bash
# Builds the Symmetry.Torch native shim against a chosen libtorch (e.g. a CUDA build inside a PyTorch wheel:
# --torch-prefix "$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))')"), into the folder the
# C# build copies from. Afterwards build with SYMMETRY_SKIP_NATIVE_BUILD=1 so MSBuild keeps this shim.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prefix=""
out="$root/src/Symmetry.Torch/native/build"
while [ $# -gt 0 ]; do
  case "$1" in
    --torch-prefix) prefix="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) echo "usage: eng/build-native.sh [--torch-prefix DIR] [--out DIR]"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
args=(-S "$root/src/Symmetry.Torch/native" -B "$out" -DCMAKE_BUILD_TYPE=Release)
if [ -n "$prefix" ]; then
  [ -d "$prefix" ] || { echo "no such libtorch folder: $prefix" >&2; exit 1; }
  args+=(-DCMAKE_PREFIX_PATH="$prefix" -DTorch_DIR="$prefix/share/cmake/Torch")
fi
rm -f "$out/CMakeCache.txt"
cmake "${args[@]}"
cmake --build "$out" -j "$(nproc)"
echo "built $out/libSymmetryTorchNative.so"
