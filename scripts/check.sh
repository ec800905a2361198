#!/usr/bin/env bash
# Builds fgcd with sanitisers and warnings as errors, then runs every CTest test (what `make check` and CI do).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

build_dir="$root/build-check"

# Stop anything the integration fixture recorded, even if CTest was interrupted before its
# cleanup fixture ran. env.sh stop does nothing when nothing is recorded.
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -f "$build_dir/test-env/state" ]]; then
        echo "check.sh: stopping the leftover test environment" >&2
        "$root/tests/integration/env.sh" stop "$build_dir" "$root" || true
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$root/scripts/install-deps"

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DFGC_SANITIZE=ON -DFGC_WERROR=ON
cmake --build "$build_dir" -j2

# Sanitiser reports should fail loudly with a stack trace; a test may still set its own options.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks in third-party libraries that cannot be fixed here may be listed in tests/lsan.supp.
if [[ -z "${LSAN_OPTIONS:-}" && -f "$root/tests/lsan.supp" ]]; then
    export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
fi

# --no-tests=error: a run that finds no tests is a failure, not a pass. --timeout is only the
# default for tests that set no TIMEOUT of their own.
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error --timeout 600
