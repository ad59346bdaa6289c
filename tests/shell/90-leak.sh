#!/bin/sh
# tests/shell/90-leak.sh - 1000+ lines through the interactive loop leak
# nothing: valgrind runs build/unit/test_repl (readline on a pty, every
# kind of line) and must report no definite or indirect leak and no
# memory error.  test_repl itself checks that the heap does not grow.
. "$TEST_SRC/tests/lib/lib.sh"

bin=$TEST_BUILD/unit/test_repl
if ! command -v valgrind > /dev/null 2>&1; then
	skip "valgrind: the interactive loop leaks nothing" "valgrind is not installed (Debian package valgrind)"
	exit 0
fi
if [ ! -x "$bin" ]; then
	skip "valgrind: the interactive loop leaks nothing" "no $bin (make $bin)"
	exit 0
fi
log=$TEST_TMP/valgrind-repl.log
# Under valgrind test_repl must not re-exec itself to turn glibc's malloc
# cache off (valgrind's own allocator has none, and /proc/self/exe is
# valgrind's tool there).
CYLO_TEST_REEXEC=1 valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--error-exitcode=99 --child-silent-after-fork=yes --log-file="$log" \
	"$bin" > "$TEST_TMP/valgrind-repl.out" 2>&1
rc=$?
if [ $rc = 0 ]; then
	ok "valgrind: 1300 lines through the interactive loop, no leak, no memory error"
else
	not_ok "valgrind: 1300 lines through the interactive loop, no leak, no memory error"
	diag "exit: $rc" "$(tail -30 "$log")" "$(grep -v '^ok' "$TEST_TMP/valgrind-repl.out")"
fi
