#!/bin/sh
# tests/shell/30-leak.sh - the non-interactive loops leak nothing and do
# not grow: 1000 lines of every kind run from stdin (`cylosh -s`, `ssh host
# cylosh < script`), from a script file and as one -c string, under
# valgrind.  (The interactive readline loop is 90-leak.sh's, through
# tests/unit/test_repl.c.)
#
# valgrind cannot follow a session into its namespaces, so a small driver
# (tests/shell/leakdrv.c, linked with the test build's libcylo.a) runs
# shell_run() outside the sandbox, as the test user.  memcheck must find no
# definite or indirect leak and no memory error; massif's peak heap for
# 1000 lines must stay within 4 KiB of the peak for 100 lines (every line's
# memory is released after it runs).
. "$TEST_SRC/tests/lib/lib.sh"

lib=$TEST_BUILD/test/libcylo.a
if [ "$TEST_VARIANT" = asan ]; then
	skip "valgrind: the non-interactive loops leak nothing" "runs once, in the test variant (it uses the test build's objects)"
	exit 0
fi
if ! command -v valgrind > /dev/null 2>&1; then
	skip "valgrind: the non-interactive loops leak nothing" "valgrind is not installed (Debian package valgrind)"
	exit 0
fi
if [ ! -e "$lib" ]; then
	skip "valgrind: the non-interactive loops leak nothing" "no $lib (make $lib)"
	exit 0
fi
# valgrind runs as the test user and writes its logs here.
W=$TEST_TMP/leak
mkdir -p "$W" && chmod 0755 "$W"
is_root && chown "$TEST_USER" "$W"
drv=$W/leakdrv
libs=$(pkg-config --libs libcap readline 2>/dev/null || echo -lcap -lreadline)
# shellcheck disable=SC2086
if ! ${CC:-cc} -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -I"$TEST_SRC/shell/session" -I"$TEST_SRC/shell/lang" \
	-o "$drv" "$TEST_SRC/tests/shell/leakdrv.c" "$lib" $libs > "$TEST_TMP/leakdrv.log" 2>&1; then
	not_ok "the leak driver builds"
	diag "$(cat "$TEST_TMP/leakdrv.log")"
	exit 1
fi
chmod 0755 "$drv"

# gen N: N commands of sixteen kinds (about 1.3 N lines).  No refused
# line: a syntax error ends a non-interactive shell, as in sh; refusals
# get their own -c runs below.
gen() {
	_i=0
	while [ $_i -lt "$1" ]; do
		case $((_i % 16)) in
		0) echo "echo line $_i > /dev/null" ;;
		1) echo "X=value$_i; echo \$X \${X1:-d} \"\${#PWD}\" > /dev/null" ;;
		2) echo "for i in a b c; do V=\$i; done; echo \$V$_i > /dev/null" ;;
		3) echo "echo \$(echo sub $_i) \`echo bq\` > /dev/null" ;;
		4) echo "true $_i | cat > /dev/null" ;;
		5) echo "cd /; cd - > /dev/null; pwd > /dev/null # $_i" ;;
		6) echo "if [ $_i -gt 5 ]; then :; else false; fi" ;;
		7) printf 'cat > /dev/null <<EOF\nbody %d $HOME\nEOF\n' $_i ;;
		8) echo "printf '%s %d\\n' a $_i > /dev/null" ;;
		9) echo "no-such-command-$_i > /dev/null 2>&1 || N=\$?" ;;
		10) echo "export E=x$_i; unset E" ;;
		11) printf 'read R <<EOF\n%d\nEOF\n' $_i ;;
		12) echo "echo /u* > /dev/null; (echo sub; exit 3) > /dev/null; Y=\$?" ;;
		13) echo "echo \${U:=u}$_i > /dev/null; unset U" ;;
		14) printf 'echo "multi\nline %d" > /dev/null\n' $_i ;;
		15) echo "sleep 0 & wait; echo \$! > /dev/null" ;;
		esac
		_i=$((_i + 1))
	done
}
gen 100 > "$TEST_TMP/leak100.sh"
gen 1000 > "$TEST_TMP/leak1000.sh"
echo 'echo leak-script-done' >> "$TEST_TMP/leak1000.sh"
chmod 0644 "$TEST_TMP/leak100.sh" "$TEST_TMP/leak1000.sh"

# memcheck DESC ARGS... (stdin from $IN): no leak, no memory error.
memcheck() {
	_d=$1
	shift
	_log=$W/memcheck.log; rm -f "$_log"
	as_user valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 --child-silent-after-fork=yes --log-file="$_log" \
		"$drv" "$@" < "$IN" > "$TEST_TMP/memcheck.out" 2>&1
	_rc=$?
	# --quiet: an empty log (that valgrind did create) means no error.
	if [ $_rc -ne 99 ] && [ -e "$_log" ] && [ ! -s "$_log" ]; then
		ok "$_d"
	else
		not_ok "$_d"
		diag "exit: $_rc" "$(head -40 "$_log")"
	fi
}

IN=$TEST_TMP/leak1000.sh
memcheck "valgrind: 1000 commands from stdin, no leak, no memory error" stdin
out=$(as_user "$drv" stdin < "$IN" 2>&1)
check_eq "the 1000-command script runs to its end" "$out" leak-script-done
IN=/dev/null
memcheck "valgrind: the same as a script file (cylosh FILE)" file "$TEST_TMP/leak1000.sh"
memcheck "valgrind: the same as one -c string" c "$(cat "$TEST_TMP/leak1000.sh")"
for r in 'echo ok ||| echo pwn' 'f() { echo x; }' 'LD_PRELOAD=/x ls' 'export PATH=/x' \
	'eval echo x' "$(printf 'echo a\013b')" 'echo "unterminated' 'echo $(' \
	'for PATH in x; do :; done' 'cat <<EOF'; do
	memcheck "valgrind: refused or malformed -c input leaks nothing: $(printf '%s' "$r" | tr -c '[:print:]' '?')" c "$r"
done
printf 'echo a\necho (\necho never\n' > "$TEST_TMP/leaksyn.sh"
IN=$TEST_TMP/leaksyn.sh
memcheck "valgrind: a syntax error ending a stdin script leaks nothing" stdin

# Growth: the peak heap does not depend on the number of lines.
peak() {
	as_user valgrind --tool=massif --massif-out-file="$W/massif.$1" \
		--max-snapshots=200 "$drv" stdin < "$TEST_TMP/leak$1.sh" > /dev/null 2>&1
	grep '^mem_heap_B=' "$W/massif.$1" | cut -d= -f2 | sort -n | tail -1
}
p100=$(peak 100)
p1000=$(peak 1000)
if [ -n "$p100" ] && [ -n "$p1000" ] && [ "$p1000" -le $((p100 + 4096)) ]; then
	ok "massif: the peak heap for 1000 commands ($p1000 B) is that of 100 ($p100 B)"
else
	not_ok "massif: the peak heap for 1000 commands is that of 100"
	diag "peak for 100: ${p100:-?} B, for 1000: ${p1000:-?} B"
fi

# Issue 10: loops that call functions (locals, return, case, traps) do not
# grow the shell: the peak for 100 000 iterations is that for 1000.
loopscript() {
	cat <<EOF
f() { local a=\$1 b; b=\$((a % 3)); case \$b in 0) r=zero ;; 1|2) r=some ;; esac; g "\$r"; return \$b; }
g() { set -- "\$1" x; shift; R=\$1; }
trap ':' USR1
i=0
while [ \$i -lt $1 ]; do f \$i; i=\$((i + 1)); done
echo loop-done
EOF
}
loopscript 1000 > "$TEST_TMP/loop1000.sh"
loopscript 100000 > "$TEST_TMP/loop100000.sh"
chmod 0644 "$TEST_TMP/loop1000.sh" "$TEST_TMP/loop100000.sh"
lpeak() {
	as_user valgrind --tool=massif --massif-out-file="$W/massif.loop$1" \
		--max-snapshots=200 "$drv" stdin < "$TEST_TMP/loop$1.sh" > "$W/loop$1.out" 2>&1
	grep '^mem_heap_B=' "$W/massif.loop$1" | cut -d= -f2 | sort -n | tail -1
}
l1=$(lpeak 1000)
l2=$(lpeak 100000)
if [ -n "$l1" ] && [ -n "$l2" ] && [ "$l2" -le $((l1 + 4096)) ] &&
	grep -q loop-done "$W/loop100000.out"; then
	ok "massif: 100 000 loop iterations calling functions peak at $l2 B, as 1000 ($l1 B)"
else
	not_ok "massif: 100 000 loop iterations calling functions do not grow the heap"
	diag "peak for 1000: ${l1:-?} B, for 100000: ${l2:-?} B" "$(tail -3 "$W/loop100000.out")"
fi
