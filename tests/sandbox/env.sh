#!/bin/sh
# tests/sandbox/env.sh - the session environment is built from nothing
# (DESIGN.md section 1 rule 4): what the caller sets does not reach it,
# except the validated TERM, LANG, LC_* and TZ.
. "$TEST_SRC/tests/lib/lib.sh"

# env_session VAR=VALUE...: a session started with these extra variables.
env_session() {
	_cmd=$1
	shift
	if is_root; then
		setpriv --reuid="$TEST_USER" --regid="$TEST_USER" --init-groups \
			env -i HOME="$TEST_HOME" USER="$TEST_USER" LOGNAME="$TEST_USER" \
			PATH=/usr/bin:/bin "$@" "$CYLOSH" -c "$_cmd" < /dev/null
	else
		env -i HOME="$TEST_HOME" USER="$TEST_USER" LOGNAME="$TEST_USER" \
			PATH=/usr/bin:/bin "$@" "$CYLOSH" -c "$_cmd" < /dev/null
	fi
}

out=$(env_session env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C TZ=UTC \
	LD_PRELOAD=/nonexistent/evil.so LD_LIBRARY_PATH=/tmp BASH_ENV=/tmp/x \
	ENV=/tmp/y SSH_AUTH_SOCK=/tmp/agent PYTHONPATH=/tmp PYTHONSTARTUP=/tmp/s \
	PERL5LIB=/tmp NODE_OPTIONS=--require=/tmp/x IFS=x CDPATH=/tmp \
	XDG_RUNTIME_DIR=/run/user/1 DBUS_SESSION_BUS_ADDRESS=unix:path=/x \
	PATH=/tmp:/usr/bin:/bin HOME=/tmp SHELL=/bin/bash GCONV_PATH=/tmp \
	MALLOC_CHECK_=3 TMPDIR=/var/tmp PWD=/tmp PAGER=/tmp/pager \
	EDITOR=/tmp/editor VISUAL=/tmp/editor LESS=+!sh MANPAGER=/tmp/pager 2>&1)
rc=$?
check_eq "a session with a hostile environment still runs (exit 0)" "$rc" 0
# The shell sets PWD itself (to the home), as POSIX shells do; the pager
# and editor variables name allowed commands (sandbox/tools.sh).
names=$(printf '%s\n' "$out" | sed -n 's/=.*//p' |
	grep -vx -e PWD -e PAGER -e MANPAGER -e LESS -e EDITOR -e VISUAL | sort | tr '\n' ' ')
check_eq "only the allowed names appear" "$names" \
	"HOME LANG LC_ALL LOGNAME PATH SHELL TERM TMPDIR TZ USER "
for v in LD_PRELOAD LD_LIBRARY_PATH BASH_ENV ENV SSH_AUTH_SOCK PYTHONPATH \
	PYTHONSTARTUP PERL5LIB NODE_OPTIONS IFS CDPATH XDG_RUNTIME_DIR \
	DBUS_SESSION_BUS_ADDRESS GCONV_PATH MALLOC_CHECK_; do
	check_nomatch "$v is dropped" "$out" "^$v="
done
check_nomatch "the caller's PAGER, EDITOR, VISUAL, LESS, MANPAGER are not kept" "$out" \
	'^(PAGER|MANPAGER|EDITOR|VISUAL)=/tmp|^LESS=\+'
check_match "TERM is kept" "$out" '^TERM=xterm-256color$'
check_match "LANG is kept" "$out" '^LANG=C\.UTF-8$'
check_match "TZ is kept" "$out" '^TZ=UTC$'
check_match "HOME is the account's, not the caller's" "$out" "^HOME=$TEST_HOME\$"
check_nomatch "PATH does not contain the caller's /tmp" "$out" '^PATH=(.*:)?/tmp(:|$)'
check_match "SHELL is cylosh" "$out" '^SHELL=.*/cylosh$'
check_match "TMPDIR is /tmp" "$out" '^TMPDIR=/tmp$'
check_nomatch "the caller's PWD is not kept" "$out" '^PWD=/tmp$'
check_match "USER is the account's" "$out" "^USER=$TEST_USER\$"

# Invalid values of kept variables are dropped.
out=$(env_session env 'TERM=../../tmp/evil' 'LANG=../x' 'TZ=/etc/shadow' 2>&1)
check_nomatch "a TERM naming a path is dropped" "$out" '^TERM='
check_nomatch "a LANG naming a path is dropped" "$out" '^LANG='
check_nomatch "a TZ outside the zoneinfo tree is dropped" "$out" '^TZ='

# A real preload (the fault shim, inert without CYLO_TEST_FAIL) is loaded
# into cylosh itself, but never reaches the session's programs.
lib=$TEST_PREFIX/lib/libfail.so
[ -e "$lib" ] || lib=$TEST_BUILD/test/libfail.so
out=$(env_session "/bin/sh -c 'grep -c libfail /proc/self/maps; tr \"\\\\0\" \"\\\\n\" < /proc/self/environ | grep -c ^LD_'" \
	LD_PRELOAD="$lib" 2>&1)
check_eq "a preload given to cylosh is neither mapped nor in the environment of the command" \
	"$(echo $out)" "0 0"
