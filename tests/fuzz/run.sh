#!/bin/sh
# tests/fuzz/run.sh - builds the fuzz targets with clang, AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer in their own build directory and
# runs each for a bounded time. Any finding (crash, sanitizer report, leak,
# timeout, memory blow-up) fails the run, and its input is saved in
# tests/fuzz/regressions/<target>/, which test_fuzz_regressions replays in
# the normal build: commit it with the fix.
#
# Usage: sh tests/fuzz/run.sh [TARGET...]     (default: every target)
# Environment:
#   FUZZ_SECONDS   seconds per target (default 30)
#   FUZZ_JOBS      targets fuzzed at once (default: online cores)
#   FUZZ_BUILD     build directory (default: build-fuzz in the source tree)
#   FUZZ_TIMEOUT   seconds one input may take before it is a finding (25)
#   FUZZ_RSS_MB    memory one fuzzer may use before it is a finding (2048)
#   FUZZ_FLAGS     extra compile flags, after the sanitizer ones, to look
#                  past a known finding (e.g. -fno-sanitize=pointer-overflow)
# The corpus each target grows is kept in $FUZZ_BUILD/fuzz-corpus/ and
# reused by the next run; seeds are regenerated from samples/ every time.
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
build=${FUZZ_BUILD:-$src/build-fuzz}
timeout=${FUZZ_TIMEOUT:-25}
rss=${FUZZ_RSS_MB:-2048}
regressions=$src/tests/fuzz/regressions

command -v clang >/dev/null 2>&1 || {
	echo "fuzz: clang is not installed (Debian: clang libclang-rt-dev)" >&2
	exit 2
}

echo "fuzz: building in $build (clang, ASan, UBSan, libFuzzer)" >&2
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	-DBYLINE_SANITIZE=ON -DBYLINE_FUZZ=ON -DBYLINE_FUZZ_ENGINE=libfuzzer \
	-DBYLINE_FUZZ_FLAGS="${FUZZ_FLAGS:-}" \
	>"$build.cmake.log" 2>&1 || { cat "$build.cmake.log" >&2; exit 2; }
rm -f "$build.cmake.log"
cmake --build "$build" -j"$jobs" --target fuzz_all >"$build/fuzz-build.log" 2>&1 || {
	tail -n 60 "$build/fuzz-build.log" >&2
	exit 2
}

targets=${*:+ $*}
if [ -z "$targets" ]; then
	for bin in "$build"/tests/fuzz/fuzz_*; do
		targets="$targets ${bin##*/fuzz_}"
	done
fi

sh "$src/tests/fuzz/seeds.sh" "$src/samples" "$build/fuzz-seeds"
tmp=$build/fuzz-tmp
rm -rf "$tmp" "$build/fuzz-artifacts" "$build/fuzz-logs"
mkdir -p "$tmp" "$build/fuzz-logs"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export TMPDIR="$tmp"

# fuzz_one TARGET: fuzzes it, leaving its exit status in fuzz-logs/.
fuzz_one() {
	t=$1
	corpus=$build/fuzz-corpus/$t
	art=$build/fuzz-artifacts/$t
	log=$build/fuzz-logs/$t.log
	mkdir -p "$corpus" "$art"
	set -- -max_total_time="$seconds" -timeout="$timeout" \
		-rss_limit_mb="$rss" -malloc_limit_mb="$rss" \
		-artifact_prefix="$art/" -print_final_stats=1
	[ -f "$src/tests/fuzz/dict/$t.dict" ] &&
		set -- "$@" -dict="$src/tests/fuzz/dict/$t.dict"
	rc=0
	"$build/tests/fuzz/fuzz_$t" "$@" "$corpus" "$build/fuzz-seeds/$t" \
		>"$log" 2>&1 || rc=$?
	echo "$rc" >"$build/fuzz-logs/$t.rc"
}

start=$(date +%s)
running=0
for t in $targets; do
	if [ ! -x "$build/tests/fuzz/fuzz_$t" ]; then
		echo "fuzz: no target '$t'" >&2
		exit 2
	fi
	fuzz_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

failed=""
total=0
for t in $targets; do
	rc=$(cat "$build/fuzz-logs/$t.rc" 2>/dev/null || echo 99)
	log=$build/fuzz-logs/$t.log
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	execs=${execs:-0}
	total=$((total + execs))
	found=$(find "$build/fuzz-artifacts/$t" -type f \
		\( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
		-o -name 'oom-*' \) 2>/dev/null | wc -l)
	if [ "$rc" -eq 0 ] && [ "$found" -eq 0 ]; then
		echo "fuzz: $t: $execs executions in ${seconds} s, no finding" >&2
		continue
	fi
	failed="$failed $t"
	mkdir -p "$regressions/$t"
	for f in "$build/fuzz-artifacts/$t"/*; do
		[ -f "$f" ] || continue
		case ${f##*/} in
		crash-* | leak-* | timeout-* | oom-*)
			cp "$f" "$regressions/$t/"
			echo "fuzz: $t: saved tests/fuzz/regressions/$t/${f##*/}" >&2
			;;
		esac
	done
	echo "fuzz: $t: FINDING (exit $rc) after $execs executions; log $log:" >&2
	grep -E '^(==[0-9]+==|SUMMARY|fuzz:|.*runtime error)' "$log" | head -n 20 >&2 || true
done
rm -rf "$tmp"
echo "fuzz: $total executions in $(($(date +%s) - start)) s over$targets" >&2
if [ -n "$failed" ]; then
	echo "fuzz: findings in:$failed (inputs saved in tests/fuzz/regressions/)" >&2
	exit 1
fi
