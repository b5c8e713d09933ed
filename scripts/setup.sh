#!/usr/bin/env bash
# Installs the build and test dependencies of klantreis on Debian 12 (bookworm).
# Works as root or through sudo; does nothing when every package is present.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ninja-build git ca-certificates
  libicu-dev librocksdb-dev libgumbo-dev libcurl4-openssl-dev libstemmer-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev libtomlplusplus-dev libxlsxwriter-dev
  libcpp-httplib-dev libfmt-dev zlib1g-dev libzstd-dev libexpat1-dev
  libssl-dev libjemalloc-dev wdutch wbritish wordnet-base sqlite3 time bc unzip
  chromium python3-openpyxl
  python3-distributed
  clang libclang-rt-14-dev llvm
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "setup: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
