#!/bin/sh
# tests/sandbox/syscalls.sh - what the seccomp filter and the dropped
# capabilities refuse (DESIGN.md section 3, step 9), tried for real with
# tests/lib/probe inside a session.  Each probe is first run on the host
# as the test user: the control shows what the kernel says unconfined, so
# a session that answered the same way would not be confined by the filter.
. "$TEST_SRC/tests/lib/lib.sh"

if [ ! -x "$PROBE" ]; then
	skip "system call probes" "no probe binary ($PROBE): make $TEST_BUILD/test/probe"
	exit 0
fi

# refused OP WANT [ARGS...]: inside a session, "probe OP ARGS" prints WANT.
# The host control's answer is shown in the description.
refused() {
	_op=$1 _want=$2
	shift 2
	_host=$(host_probe "$_op" "$@" 2>&1 | head -n 1)
	_got=$(session_probe "$_op" "$@" 2>&1)
	_rc=$?
	if [ "$_got" = "$_want" ] && [ "$_rc" -ne 0 ]; then
		ok "$_op $* refused in a session: $_got (host: ${_host:-nothing})"
	else
		not_ok "$_op $* refused in a session (want $_want)"
		diag "session: exit $_rc: $_got" "host: $_host"
	fi
}

# Namespaces: the host allows all of these to the unprivileged user.
check_eq "host control: unshare(CLONE_NEWUSER) works outside" "$(host_probe unshare)" ok
refused unshare EPERM
refused unshare EPERM ns
refused unshare EPERM net
refused clone-ns EPERM user
refused clone-ns EPERM ns
refused clone-ns EPERM pid
refused clone-ns EPERM net
refused clone-ns EPERM uts
refused clone-ns EPERM ipc
refused clone-ns EPERM cgroup
refused clone-ns EPERM time
check_eq "host control: clone3 with CLONE_NEWUSER works outside" "$(host_probe clone3 user)" ok
refused clone3 ENOSYS user
refused setns EPERM
# A plain fork still works (only namespace flags are refused).
check_eq "clone without namespace flags works in a session" \
	"$(session_probe clone-ns '' 2>&1)" ok

# The mount API: the argument errors (ENOENT...) are the kernel's, EPERM is
# the filter's.
refused mount EPERM
refused mount EPERM /nonexistent-cylotest
refused umount EPERM /proc
refused chroot EPERM
refused pivot_root EPERM
refused open_tree EPERM
refused fsopen EPERM
check_fails "mounting a tmpfs on the home is refused" \
	session_probe mount "$TEST_HOME"

# Debugging across processes (allow_debuggers = no).
refused ptrace EPERM 1
refused ptrace EPERM 99999
refused process_vm EPERM 1

# Kernel attack surface.
check_eq "host control: keyctl works outside" "$(host_probe keyctl)" ok
refused keyctl EPERM
refused add_key EPERM
refused bpf EPERM
refused perf EPERM
refused userfaultfd EPERM
case $(host_probe io_uring) in
ok) refused io_uring EPERM ;;
*) refused io_uring EPERM
   diag "io_uring is refused on the host too (kernel.io_uring_disabled)" ;;
esac
check_eq "host control: personality(ADDR_NO_RANDOMIZE) works outside" \
	"$(host_probe personality)" ok
refused personality EPERM

# TIOCSTI / TIOCLINUX, the request compared on its low 32 bits: on the
# host, fd 0 = /dev/null says ENOTTY; the filter says EPERM first.
refused tiocsti EPERM x
refused tiocsti EPERM x --high
out=$(session_probe tioclinux 2>&1)
check_eq "TIOCLINUX refused, plain and with bit 32 set" "$out" "EPERM EPERM"

# Signals: pid 1 is in the session; the host's processes are not visible.
check_eq "kill(1, 0) reaches the session's own init" "$(session_probe kill 1 2>&1)" ok
out=$(session_probe kill $$ 2>&1)
check_match "a host pid is not reachable from the session" "$out" "ESRCH|EPERM"

# Foreign architectures are killed (SIGSYS: 128 + 31).
x32_host=$(host_probe x32 2>&1)
session_probe x32 > /dev/null 2>&1
check_eq "an x32 system call kills the process with SIGSYS (host: $x32_host)" "$?" 159
host_probe i386 > /dev/null 2>&1
hrc=$?
if [ "$hrc" -eq 0 ]; then
	session_probe i386 > /dev/null 2>&1
	check_eq "an i386 (int 0x80) system call kills the process with SIGSYS" "$?" 159
else
	skip "an i386 (int 0x80) system call kills the process with SIGSYS" \
		"int \$0x80 does not work on this machine even outside a session (status $hrc)"
fi

# The filters are compiled at build time (tools/mkfilter.c): the generator
# gives the same bytes every time, and the header cylosh was built with.
MKF=$TEST_BUILD/mkfilter
if [ -x "$MKF" ]; then
	a=$("$MKF" | cksum) b=$("$MKF" | cksum)
	check_eq "mkfilter output is reproducible" "$a" "$b"
	check_eq "the built filter header is mkfilter's output" "$a" \
		"$(cksum < "$(dirname "$MKF")/gen/filter_bpf.h")"
else
	skip "mkfilter output is reproducible" "no $MKF (make builds it)"
	skip "the built filter header is mkfilter's output" "no $MKF (make builds it)"
fi
