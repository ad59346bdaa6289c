#!/bin/sh
# tests/run.sh - run the whole cylosh test suite and count TAP results.
#
#   sh tests/run.sh --build DIR --variant test|asan [PATTERN...]
#
# As root, installs a root-owned test tree under /run/cylotest and creates
# the unprivileged user cylotest-u; both are removed at the end.  Ends with
# one line "N passed, N failed, N skipped".
set -u

BUILD=build
VARIANT=test
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift 2 ;;
	--variant) VARIANT=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "usage: $0 [--build DIR] [--variant test|asan] [PATTERN...]" >&2; exit 2 ;;
	*) break ;;
	esac
done

TEST_SRC=$(cd "$(dirname "$0")/.." && pwd)
TEST_BUILD=$(cd "$BUILD" && pwd)
TEST_PREFIX=${TEST_PREFIX:-/run/cylotest}
TEST_ETC=${TEST_ETC:-/etc/cylotest}
TEST_VARIANT=$VARIANT
LOG=$TEST_BUILD/test-$VARIANT.log
: > "$LOG"
export TEST_SRC TEST_BUILD TEST_PREFIX TEST_ETC TEST_VARIANT

if [ "$(id -u)" = 0 ]; then
	# One run at a time: runs share the test user and $TEST_PREFIX, and a
	# second run would delete them under the first one.
	if command -v flock > /dev/null 2>&1; then
		exec 9> "$TEST_PREFIX.lock"
		if ! flock -n 9; then
			echo "# waiting for another test run to finish ($TEST_PREFIX.lock)" >&2
			flock 9
		fi
	fi
	TEST_USER=cylotest-u
	cleanup() {
		pkill -KILL -u "$TEST_USER" 2>/dev/null
		userdel -r "$TEST_USER" 2>/dev/null
		rm -rf "$TEST_PREFIX" "$TEST_ETC" "$TEST_TMP" /usr/local/lib/cylotest
	}
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	userdel -r "$TEST_USER" >/dev/null 2>&1
	useradd -m -s /bin/bash "$TEST_USER" || { echo "cannot create $TEST_USER" >&2; exit 1; }
	TEST_HOME=$(getent passwd "$TEST_USER" | cut -d: -f6)
	echo "real home marker" > "$TEST_HOME/real-home-marker"
	chown "$TEST_USER:" "$TEST_HOME/real-home-marker"

	rm -rf "$TEST_PREFIX" "$TEST_ETC"
	install -d -m 0755 "$TEST_PREFIX" "$TEST_PREFIX/bin" "$TEST_PREFIX/lib" \
		"$TEST_ETC" "$TEST_PREFIX/libexec" \
		"$TEST_PREFIX/libexec/cylo"
	case $VARIANT in
	asan) install -m 0755 "$TEST_BUILD/asan/cylosh" "$TEST_PREFIX/bin/cylosh" ;;
	*) install -m 0755 "$TEST_BUILD/test/cylosh" "$TEST_PREFIX/bin/cylosh" ;;
	esac
	for f in libfail.so probe pam_cylo.so; do
		[ -e "$TEST_BUILD/test/$f" ] && install -m 0755 "$TEST_BUILD/test/$f" "$TEST_PREFIX/lib/$f"
	done
	[ -d "$TEST_BUILD/test/wrappers" ] &&
		cp -R "$TEST_BUILD/test/wrappers" "$TEST_PREFIX/libexec/cylo/wrappers"
	install -m 0644 "$TEST_SRC/tests/lib/cylo.conf" "$TEST_ETC/cylo.conf"
	# See _asan_tail in lib.sh: ASan's shadow memory counts as data.
	[ "$VARIANT" = asan ] &&
		printf '\n[default]\nprocess_memory = unlimited\n' >> "$TEST_ETC/cylo.conf"
	# Sessions see only the system tree: helpers they run live under /usr.
	install -d -m 0755 /usr/local/lib/cylotest
	[ -e "$TEST_BUILD/test/probe" ] &&
		install -m 0755 "$TEST_BUILD/test/probe" /usr/local/lib/cylotest/probe
	[ -e "$TEST_SRC/etc/languages.conf" ] &&
		install -m 0644 "$TEST_SRC/etc/languages.conf" "$TEST_ETC/languages.conf"
	TEST_TMP=$(mktemp -d /tmp/cylotest.XXXXXX)
	chmod 0755 "$TEST_TMP"
else
	TEST_USER=$(id -un)
	TEST_HOME=$HOME
	TEST_TMP=$(mktemp -d /tmp/cylotest.XXXXXX)
	trap 'rm -rf "$TEST_TMP"' EXIT
	if [ -x "$TEST_PREFIX/bin/cylosh" ]; then
		echo "# note: using the existing $TEST_PREFIX tree" >&2
	else
		echo "# note: not root: sessions use the build's binary and built-in defaults" >&2
	fi
fi
TEST_UID=$(id -u "$TEST_USER")
if [ -x "$TEST_PREFIX/bin/cylosh" ]; then
	CYLOSH=$TEST_PREFIX/bin/cylosh
elif [ "$VARIANT" = asan ]; then
	CYLOSH=$TEST_BUILD/asan/cylosh
else
	CYLOSH=$TEST_BUILD/test/cylosh
fi
TEST_CONF=$TEST_ETC/cylo.conf
PROBE=/usr/local/lib/cylotest/probe
[ -x "$PROBE" ] || PROBE=$TEST_BUILD/test/probe
export PROBE TEST_USER TEST_UID TEST_HOME TEST_TMP CYLOSH TEST_CONF
if [ "$VARIANT" = asan ]; then
	# LeakSanitizer needs ptrace and /proc, which the sandbox forbids;
	# leaks are checked by tests/shell's valgrind run instead.
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:exitcode=99
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
	export ASAN_OPTIONS UBSAN_OPTIONS
fi

pass=0 fail=0 skipped=0

# Run one test program, count its TAP results, show failures and skips.
run_one() {
	name=$1
	shift
	out=$TEST_TMP/out.$$
	start=$(date +%s)
	"$@" > "$out" 2>> "$LOG" < /dev/null
	rc=$?
	end=$(date +%s)
	{ echo "## $name (exit $rc, $((end - start))s)"; cat "$out"; } >> "$LOG"
	# Failed checks with the diagnostics that follow them, and skips.
	awk -v name="$name" '
		/^ok / && / # [Ss][Kk][Ii][Pp]/ { print "  " name ": " $0; show = 0; next }
		/^not ok / { print "  " name ": " $0; show = 1; next }
		/^ok / { show = 0; next }
		show && /^#/ { print "      " $0 }' "$out"
	set -- $(awk '
		/^ok / && / # [Ss][Kk][Ii][Pp]/ { s++; next }
		/^ok / { p++; next }
		/^not ok / { f++ }
		END { printf "%d %d %d", p, f, s }' "$out")
	if [ "$rc" -ne 0 ] && [ "$2" -eq 0 ]; then
		echo "  $name: not ok - exited with status $rc without a failed check"
		set -- "$1" 1 "$3"
	fi
	pass=$((pass + $1)) fail=$((fail + $2)) skipped=$((skipped + $3))
	printf '%-34s %3d passed, %d failed, %d skipped (%ss)\n' "$name" "$1" "$2" "$3" "$((end - start))"
	rm -f "$out"
}

matches() {
	[ $# -le 1 ] && return 0
	t=$1
	shift
	for p; do
		case $t in *$p*) return 0 ;; esac
	done
	return 1
}

echo "# cylosh test suite ($VARIANT build, user $TEST_USER, $CYLOSH)"
for t in "$TEST_BUILD"/unit/test_*; do
	[ -x "$t" ] || continue
	matches "$t" "$@" || continue
	run_one "unit/$(basename "$t")" "$t"
done
for dir in sandbox shell escape langs pam ssh; do
	for t in "$TEST_SRC/tests/$dir"/*.sh; do
		[ -e "$t" ] || continue
		matches "$t" "$@" || continue
		run_one "$dir/$(basename "$t")" sh "$t"
	done
done

echo "# full log: $LOG"
if [ "$skipped" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skipped skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
