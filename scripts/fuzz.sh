#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang into build-fuzz and runs each for SECONDS (default 60).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

seconds=${1:-60}
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: scripts/fuzz.sh [SECONDS]  (seconds per target, default 60)" >&2
    exit 2
fi
build_dir="$root/build-fuzz"
targets=(csv validate config router)

CC=${FUZZ_CC:-clang} cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFGC_FUZZ=ON \
    -DFGC_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null

# New inputs go to build-fuzz/corpus/<target> (the seeds in tests/fuzz/corpus are only read);
# crashes to build-fuzz/crashes/<target>.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
for t in "${targets[@]}"; do
    work="$build_dir/corpus/$t" crashes="$build_dir/crashes/$t" log="$build_dir/fuzz_$t.log"
    mkdir -p "$work" "$crashes"
    rc=0
    "$build_dir/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$work" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    ncrash=$(find "$crashes" -type f | wc -l)
    printf '%-9s runs %-10s cov %-6s ft %-6s crashes %s%s\n' "$t" "${runs:-?}" "${cov:-?}" \
        "${ft:-?}" "$ncrash" "$([[ $rc -ne 0 ]] && echo "  (exit $rc: see $log)")"
    if [[ $rc -ne 0 || $ncrash -ne 0 ]]; then failed=1; fi
done
exit "$failed"
