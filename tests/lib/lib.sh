# tests/lib/lib.sh - helpers for the cylosh test scripts (POSIX sh).
# Sourced by every tests/*/*.sh; see tests/README.md.  Results are TAP lines.

_tap_n=0

ok() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $*"
}

not_ok() {
	_tap_n=$((_tap_n + 1))
	echo "not ok $_tap_n - $*"
}

skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1 # SKIP $2"
}

diag() {
	printf '%s\n' "$@" | sed 's/^/#   /'
}

# check DESC CMD...: ok when CMD exits 0.
check() {
	_d=$1
	shift
	if _out=$("$@" 2>&1); then
		ok "$_d"
	else
		not_ok "$_d"
		diag "command: $*" "exit: $?" "$_out"
	fi
}

# check_fails DESC CMD...: ok when CMD exits non-zero.
check_fails() {
	_d=$1
	shift
	if _out=$("$@" 2>&1); then
		not_ok "$_d"
		diag "command unexpectedly succeeded: $*" "$_out"
	else
		ok "$_d"
	fi
}

check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "got:  $2" "want: $3"
	fi
}

check_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diag "text: $2" "does not match: $3"
	fi
}

check_nomatch() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		not_ok "$1"
		diag "text: $2" "matches: $3"
	else
		ok "$1"
	fi
}

is_root() {
	[ "$(id -u)" = 0 ]
}

# skip_all REASON: skip every description in $ALL ("a | b | c"), for
# REASON, and end the test file.
skip_all() {
	echo "$ALL" | tr '|' '\n' | while read -r _d; do skip "$_d" "$1"; done
	exit 0
}

# need_root DESC...: when not root, skip every DESC and return 1.
need_root() {
	is_root && return 0
	for _d; do
		skip "$_d" "needs root (CI runs the suite as root)"
	done
	return 1
}

# as_user CMD...: run CMD as the test user with a clean environment.
as_user() {
	if is_root; then
		setpriv --reuid="$TEST_USER" --regid="$TEST_USER" --init-groups \
			env -i HOME="$TEST_HOME" USER="$TEST_USER" LOGNAME="$TEST_USER" \
			PATH=/usr/bin:/bin TERM="${TERM_FOR_TEST:-dumb}" "$@"
	else
		env -i HOME="$TEST_HOME" USER="$TEST_USER" LOGNAME="$TEST_USER" \
			PATH=/usr/bin:/bin TERM="${TERM_FOR_TEST:-dumb}" "$@"
	fi
}

# session STRING [ARGS...]: cylosh -c STRING as the test user.
session() {
	as_user "$CYLOSH" -c "$@" < /dev/null
}

# The ASan build reserves terabytes of shadow memory, which RLIMIT_DATA
# counts: its sessions run without the memory limit (a trailing [default]
# section overrides the earlier ones).
_asan_tail() {
	[ "${TEST_VARIANT:-}" = asan ] && printf '\n[default]\nprocess_memory = unlimited\n'
	true
}

# use_conf TEXT: install TEXT as the session config (root only).
use_conf() {
	{ printf '%s\n' "$1"; _asan_tail; } > "$TEST_CONF.new" &&
		chmod 0644 "$TEST_CONF.new" && mv "$TEST_CONF.new" "$TEST_CONF"
}

reset_conf() {
	use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")"
}

# Is the test tree (root-owned config) in place?
have_tree() {
	[ -e "$TEST_CONF" ]
}

# ---- real-pty tests with tmux ----------------------------------------------
tmux_start() {
	_n=$1
	shift
	tmux -L cylotest kill-session -t "$_n" 2>/dev/null
	tmux -L cylotest new-session -d -s "$_n" -x 120 -y 30 "$@"
}

tmux_send() {
	_n=$1
	shift
	tmux -L cylotest send-keys -t "$_n" "$@"
}

tmux_screen() {
	tmux -L cylotest capture-pane -p -t "$1" -S -200 2>/dev/null
}

# tmux_wait NAME REGEX [SECONDS]: poll the screen until REGEX shows.
tmux_wait() {
	_deadline=$(( $(date +%s) + ${3:-10} ))
	while [ "$(date +%s)" -le "$_deadline" ]; do
		if tmux_screen "$1" | grep -Eq -- "$2"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

tmux_stop() {
	tmux -L cylotest kill-session -t "$1" 2>/dev/null
	true
}

# A command line that runs CMD as the test user, for tmux.
user_cmdline() {
	if is_root; then
		echo "setpriv --reuid=$TEST_USER --regid=$TEST_USER --init-groups env -i HOME=$TEST_HOME USER=$TEST_USER LOGNAME=$TEST_USER PATH=/usr/bin:/bin TERM=xterm $*"
	else
		echo "env -i HOME=$TEST_HOME USER=$TEST_USER LOGNAME=$TEST_USER PATH=/usr/bin:/bin TERM=xterm $*"
	fi
}

# ---- sandbox probes (tests/lib/probe.c) -------------------------------------
# The probe binary on the host; sessions cannot see it (their /run is
# empty), so session_probe copies it into the session's ramdisk first.
if [ -x "${TEST_PREFIX:-/run/cylotest}/lib/probe" ]; then
	PROBE=${TEST_PREFIX:-/run/cylotest}/lib/probe
else
	PROBE=${TEST_BUILD:-build}/test/probe
fi

# session_sh SCRIPT: run SCRIPT with the session's /bin/sh (SCRIPT must not
# contain single quotes).  stdin is /dev/null.
session_sh() {
	session "/bin/sh -c '$1'"
}

# session_probe ARG...: run "probe ARG..." inside a session (each ARG is
# double-quoted there: no ", $ or ` in them).  Prints what the probe
# printed; the status is the session's.
session_probe() {
	_a=
	for _x; do
		_a="$_a \"$_x\""
	done
	as_user "$CYLOSH" -c "/bin/sh -c 'cat > /tmp/.probe && chmod 700 /tmp/.probe && exec /tmp/.probe$_a'" < "$PROBE"
}

# host_probe ARG...: the same probe run by the test user on the host, as a
# control showing that the operation works (or how it fails) unconfined.
host_probe() {
	as_user "$PROBE" "$@" < /dev/null
}

# wait_user_gone [SECS]: wait until the test user has no process left;
# false when some remain at the deadline.
wait_user_gone() {
	_deadline=$(( $(date +%s) + ${1:-5} ))
	while pgrep -u "$TEST_USER" > /dev/null 2>&1; do
		[ "$(date +%s)" -ge "$_deadline" ] && return 1
		sleep 0.05
	done
	return 0
}

# EG: the enrollment group of the test build (Makefile TEST_GROUP; the
# shipped one is cylo-users), of which pam_cylo admits selected accounts
# only as members.  Made when missing, and then MADE_EG=1 says the test
# removes it at its end.
enroll_group() {
	EG=${TEST_GROUP:-cylotest-users}
	MADE_EG=
	if ! getent group "$EG" > /dev/null; then
		groupadd "$EG" && MADE_EG=1
	fi
}

# su_services DIR [MODARGS] [SERVICES]: PAM services for su under
# pam_wrapper (PAM_WRAPPER_SERVICE_DIR=DIR), by default su-l and other:
# root passes auth, and the test tree's pam_cylo.so (with MODARGS) runs
# account and session.  /etc/pam.d is not touched.
su_services() {
	mkdir -m 0755 "$1"
	for _s in ${3:-su-l other}; do
		cat > "$1/$_s" <<EOS
auth     sufficient pam_rootok.so
auth     required   pam_deny.so
account  required   $TEST_PREFIX/lib/pam_cylo.so${2:+ $2}
account  required   pam_permit.so
session  required   $TEST_PREFIX/lib/pam_cylo.so${2:+ $2}
session  required   pam_permit.so
EOS
	done
}
