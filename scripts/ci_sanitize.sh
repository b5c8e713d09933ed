#!/usr/bin/env bash
# The second compiler and the sanitizers, as CI runs them (fuzz/README.md):
# builds everything with clang 14, AddressSanitizer and
# UndefinedBehaviorSanitizer (any finding is fatal) and the fuzz targets,
# runs the whole test suite under the sanitizers, then every fuzz target
# for FUZZ_SECONDS (default 20).
# usage: scripts/ci_sanitize.sh        env: BUILD_DIR (default build-asan), FUZZ_SECONDS
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build="${BUILD_DIR:-build-asan}"
jobs="$(nproc 2>/dev/null || echo 2)"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKLANTREIS_SANITIZE=ON -DKLANTREIS_FUZZ=ON -DKLANTREIS_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export KLANTREIS_SANITIZED=1  # tests that cannot run under ASan (address-space limits) skip
(cd "$build" && ctest --output-on-failure -j "$jobs" --timeout 900)
BUILD_DIR="$build" ./scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
