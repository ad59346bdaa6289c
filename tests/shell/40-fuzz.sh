#!/bin/sh
# tests/shell/40-fuzz.sh - a bounded libFuzzer run of the lexer and parser
# (make fuzz-smoke: about 20 s, seeds from tests/fuzz/seeds plus the corpus
# kept under the build directory).  A crash, leak or timeout fails the test
# and leaves the input in $TEST_BUILD/fuzz/ (crash-*, leak-*, timeout-*):
# turn it into a case of tests/unit/test_parse.c.
. "$TEST_SRC/tests/lib/lib.sh"

D="a bounded fuzz run of the parser finds no crash, leak or timeout"
CC_FUZZ=${FUZZ_CC:-clang}
if [ "$TEST_VARIANT" = asan ]; then
	skip "$D" "runs once, in the test variant (the fuzzer has its own ASan)"
	exit 0
fi
if ! command -v "$CC_FUZZ" > /dev/null 2>&1; then
	skip "$D" "no $CC_FUZZ (Debian packages clang libclang-rt-14-dev)"
	exit 0
fi
# libFuzzer ships in clang's runtime package: probe for it.
probe=$TEST_TMP/fuzzprobe
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' > "$probe.c"
if ! "$CC_FUZZ" -fsanitize=fuzzer,address,undefined -o "$probe" "$probe.c" > "$probe.log" 2>&1; then
	skip "$D" "$CC_FUZZ cannot link libFuzzer (Debian package libclang-rt-14-dev): $(head -1 "$probe.log")"
	exit 0
fi

out=$TEST_TMP/fuzz-smoke.out
fuzzdir=$TEST_BUILD/fuzz
# Artifacts from an earlier run would hide a new one: count before.
before=$(ls "$fuzzdir" 2>/dev/null | grep -Ec '^(crash|leak|timeout|oom)-')
if make -s -C "$TEST_SRC" O="$TEST_BUILD" FUZZ_CC="$CC_FUZZ" fuzz-smoke > "$out" 2>&1; then
	ok "$D"
	runs=$(grep -Eo 'Done [0-9]+ runs' "$fuzzdir/smoke.log" | tail -1)
	[ -n "$runs" ] && diag "$runs"
else
	not_ok "$D"
	diag "$(tail -25 "$out")"
	for f in $(ls -t "$fuzzdir" 2>/dev/null | grep -E '^(crash|leak|timeout|oom)-' | head -3); do
		diag "input $fuzzdir/$f:" "$(od -c "$fuzzdir/$f" | head -8)"
	done
fi
after=$(ls "$fuzzdir" 2>/dev/null | grep -Ec '^(crash|leak|timeout|oom)-')
check_eq "no new fuzz artifact in $fuzzdir" "$after" "$before"

# Every seed must at least parse or be refused without a crash (a quick
# replay that runs even when the timed run above was cut short).
if [ -x "$fuzzdir/fuzz_parse" ]; then
	check "the seed inputs replay cleanly" "$fuzzdir/fuzz_parse" -runs=0 \
		-artifact_prefix="$TEST_TMP/" "$TEST_SRC"/tests/fuzz/seeds/*
else
	not_ok "the fuzzer was built ($fuzzdir/fuzz_parse)"
fi
