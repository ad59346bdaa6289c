#!/bin/sh
# tests/escape/faults.sh - fail closed (DESIGN.md section 1 rule 2): every
# setup step, forced to fail in turn by the LD_PRELOAD shim
# tests/lib/failshim.c (CYLO_TEST_FAIL=name:ERRNO...), ends the session
# with status 125 and "cylosh: cannot set up the session: STEP: ...", a
# "hint:" line where the step has one, and the user's command never runs.
# Also the kernel switch user.max_user_namespaces = 0.
. "$TEST_SRC/tests/lib/lib.sh"

SHIM=$TEST_PREFIX/lib/libfail.so
[ -e "$SHIM" ] || SHIM=$TEST_BUILD/test/libfail.so
if [ ! -e "$SHIM" ]; then
	skip "fault injection" "no shim ($SHIM): make $TEST_BUILD/test/libfail.so"
	exit 0
fi

RAN=CYLO-USER-COMMAND-RAN
OUT=$TEST_TMP/faults.out.$$
ERR=$TEST_TMP/faults.err.$$

# faulty SPEC: a session with the shim failing SPEC; its stdout in $OUT,
# stderr in $ERR, status in $rc.  The command prints $RAN to the stdout
# cylosh was given, which any process of the session would still hold
# even after cylosh itself is gone.
faulty() {
	as_user env LD_PRELOAD="$SHIM" CYLO_TEST_FAIL="$1" \
		"$CYLOSH" -c "/bin/sh -c 'echo $RAN; echo $RAN >&2'" < /dev/null > "$OUT" 2> "$ERR"
	rc=$?
	# A session that outlived its outer process has had time to run.
	if is_root; then
		wait_user_gone 5 || pkill -KILL -u "$TEST_USER" 2>/dev/null
	else
		sleep 0.3
	fi
}

# fault SPEC STEP HINT: SPEC must end the session in STEP; HINT is a regex
# the hint line must match, or "-" when the step gives none.
fault() {
	_spec=$1 _step=$2 _hint=$3
	faulty "$_spec"
	_err=$(cat "$ERR")
	if [ "$rc" = 125 ] &&
		printf '%s\n' "$_err" | grep -Eq "^cylosh: cannot set up the session: $_step: " &&
		! grep -q "$RAN" "$OUT" "$ERR"; then
		ok "$_spec -> 125, \"$_step\", command not run"
	else
		not_ok "$_spec -> 125, \"$_step\", command not run"
		diag "exit $rc" "stderr: $_err" "stdout: $(cat "$OUT")"
	fi
	if [ "$_hint" != - ]; then
		check_match "$_spec: the message has a hint" "$_err" "^hint: .*$_hint"
	fi
}

# The shim works: with no failure asked for, the session runs the command.
faulty ""
check_eq "control: with the shim loaded and nothing to fail, the command runs" \
	"$rc:$(head -n 1 "$OUT")" "0:$RAN"
faulty "clone:EPERM:99"
check_eq "control: a spec that never matches changes nothing" "$rc" 0

# ---- outer process, before the clone ---------------------------------------------
fault clone:EPERM 'namespaces \(clone\)' 'max_user_namespaces'
fault clone:ENOSPC 'namespaces \(clone\)' 'max_user_namespaces'
fault clone:EINVAL 'namespaces \(clone\)' 'container'
fault clone:EUSERS 'namespaces \(clone\)' 'nested'

# ---- init: ids, descriptors, the new root -------------------------------------------
fault 'open:EPERM~setgroups' 'uid map' 'namespaces'
fault 'open:EACCES~uid_map' 'uid map' 'namespaces'
fault 'open:EACCES~gid_map' 'uid map' 'namespaces'
fault close_range:EPERM 'file descriptors' -
fault 'mount:EPERM:1@init' 'file system' 'refused a mount'
fault 'mount:EACCES:2@init' 'file system' 'refused a mount'
fault open_tree:EPERM 'file system' 'refused a mount'
fault 'open_tree:EPERM~/etc' 'file system' 'refused a mount'
fault move_mount:EPERM 'file system' 'refused a mount'
fault 'mount_setattr:EPERM:1@init' 'file system' 'refused a mount'
fault 'mount:EPERM~devpts' 'file system' 'refused a mount'
fault 'mount:EPERM~proc' 'file system' 'refused a mount'
fault 'mount:EPERM~run/cylo/ram' 'ramdisk' 'refused a mount'
fault 'mkdirat:EACCES~etc' 'file system' 'refused a mount'
fault 'symlinkat:EPERM' 'file system' 'refused a mount'
fault 'open:EPERM~stage/passwd' 'file system' 'refused a mount'
fault 'pivot_root:EPERM' 'file system' 'refused a mount'
fault 'pivot_root:EINVAL' 'file system' -
fault 'umount2:EPERM@init' 'file system' 'refused a mount'
fault 'mount_setattr:EPERM~/dev' 'file system' 'refused a mount'

# ---- init: hostname, limits, capabilities -----------------------------------------------
fault sethostname:EPERM 'hostname' -
fault setrlimit:EPERM 'resource limits' -
fault 'setrlimit:EINVAL:3@init' 'resource limits' -
fault cap_set_secbits:EPERM 'capabilities' -
fault cap_drop_bound:EPERM 'capabilities' -
fault cap_reset_ambient:EPERM 'capabilities' -
fault cap_set_proc:EPERM 'capabilities' -

# ---- init: Landlock, seccomp, fork --------------------------------------------------------
fault 'landlock_create_ruleset:ENOSYS@init' 'landlock' 'Linux >= 5.13'
fault 'landlock_create_ruleset:EOPNOTSUPP@init' 'landlock' 'CONFIG_SECURITY_LANDLOCK'
fault 'landlock_create_ruleset:EINVAL:2@init' 'landlock' -
fault 'landlock_add_rule:EBADF@init' 'landlock' -
fault 'landlock_restrict_self:EPERM@init' 'landlock' -
fault 'seccomp:EFAULT@init' 'seccomp' 'CONFIG_SECCOMP_FILTER'
fault 'seccomp:EINVAL@init' 'seccomp' 'CONFIG_SECCOMP_FILTER'
fault 'sigprocmask:EINVAL@init' 'signals' -
# init's own hardening, first thing: parent-death signal, own session.
fault 'prctl:EINVAL@init' 'signals' -
fault 'setsid:EPERM@init' 'session \(setsid\)' -
fault 'fork:EAGAIN@init' 'fork' 'nproc'

# ---- the shell (pid 2): session, verification, home ---------------------------------------
fault 'sigprocmask:EINVAL@shell' 'signals' -
fault 'setsid:EPERM@shell' 'session \(setsid\)' -
fault 'open:EACCES~/proc/self/status@shell' 'verification' -
fault 'open:EACCES~uid_map@shell' 'verification' -
fault 'chdir:ENOENT@shell' 'home' -

# ---- the outer process after the clone: the relay's own restriction ---------------------
# The session is already running when these fail: cylosh must stop it
# before the user's command runs, not leave it orphaned.
fault 'landlock_restrict_self:EPERM@outer' 'landlock' -
fault 'landlock_create_ruleset:ENOSYS@outer' 'landlock' 'Linux >= 5.13'
fault 'seccomp:EFAULT@outer' 'seccomp' 'CONFIG_SECCOMP_FILTER'
faulty 'signalfd:EMFILE@outer'
check_eq "signalfd:EMFILE@outer -> 125" "$rc" 125
check_fails "signalfd:EMFILE@outer: command not run" grep -q "$RAN" "$OUT" "$ERR"

# ---- the pty (a terminal on stdin) ------------------------------------------------------
# script(1) gives cylosh a terminal; the shim is given to cylosh only.
on_tty() {
	as_user script -qec "env LD_PRELOAD=$SHIM CYLO_TEST_FAIL='$1' $CYLOSH -c \"/bin/sh -c 'echo $RAN'\"" \
		/dev/null < /dev/null > "$OUT" 2>&1
	rc=$?
	if is_root; then
		wait_user_gone 5 || pkill -KILL -u "$TEST_USER" 2>/dev/null
	fi
}
# tty_fault SPEC STEP HINT: as fault, on a terminal (script's status is
# not cylosh's: only the message and the command are checked).
tty_fault() {
	on_tty "$1"
	_out=$(tr -d '\r' < "$OUT")
	if printf '%s\n' "$_out" | grep -Eq "cannot set up the session: $2: " &&
		! printf '%s\n' "$_out" | grep -q "$RAN"; then
		ok "on a terminal: $1 -> \"$2\", command not run"
	else
		not_ok "on a terminal: $1 -> \"$2\", command not run"
		diag "$_out"
	fi
	if [ "$3" != - ]; then
		check_match "on a terminal: $1: the message has a hint" "$_out" "^hint: .*$3"
	fi
}
if command -v script > /dev/null 2>&1; then
	on_tty ""
	check_match "control: on a terminal with the shim loaded, the command runs" \
		"$(tr -d '\r' < "$OUT")" "$RAN"
	tty_fault 'posix_openpt:ENOENT@init' pty 'pty'
	tty_fault 'open:EACCES~/dev/pts/@init' pty -
	tty_fault 'unlockpt:EIO@init' pty -
	tty_fault 'sendmsg:EPIPE@init' pty -
	tty_fault 'socketpair:EMFILE@outer' pty -
	tty_fault 'ioctl:EPERM~540e@shell' 'controlling terminal' -
	on_tty 'recvmsg:EIO@outer'
	check_fails "on a terminal: recvmsg:EIO@outer: command not run" \
		grep -q "$RAN" "$OUT"
else
	skip "pty setup failures" "script(1) is not installed"
fi

# ---- the kernel switch: no user namespaces -------------------------------------------------
f=/proc/sys/user/max_user_namespaces
if need_root "user.max_user_namespaces=0 -> 125 with the clone hint"; then
	old=$(cat $f)
	if ! (echo "$old" > $f) 2> /dev/null; then
		skip "user.max_user_namespaces=0 -> 125 with the clone hint" \
			"$f is not writable here (a container?)"
		rm -f "$OUT" "$ERR"
		exit 0
	fi
	trap 'echo "$old" > '$f EXIT
	echo 0 > $f
	as_user "$CYLOSH" -c "/bin/sh -c 'echo $RAN'" < /dev/null > "$OUT" 2> "$ERR"
	rc=$?
	out=$(as_user "$CYLOSH" --check 2>&1)
	crc=$?
	echo "$old" > $f
	trap - EXIT
	check_eq "user.max_user_namespaces=0 -> 125" "$rc" 125
	check_match "user.max_user_namespaces=0 names the clone step" "$(cat "$ERR")" \
		'^cylosh: cannot set up the session: namespaces \(clone\): '
	check_match "user.max_user_namespaces=0 gives the sysctl hint" "$(cat "$ERR")" \
		'^hint: .*user\.max_user_namespaces'
	check_fails "user.max_user_namespaces=0: command not run" grep -q "$RAN" "$OUT"
	check_eq "--check fails with user.max_user_namespaces=0" "$crc" 1
	check_match "--check names the sysctl" "$out" '^FAIL +user\.max_user_namespaces'
	check_match "--check's namespace trial fails too" "$out" '^FAIL +user\+mount namespace'
	check_eq "user.max_user_namespaces is restored" "$(cat $f)" "$old"
fi
rm -f "$OUT" "$ERR"
