#!/bin/sh
# tests/sandbox/proc.sh - processes, hostname, limits and exit statuses:
# the session's own PID namespace (only its processes visible, nothing
# outlives it), the policy's hostname and rlimits (DESIGN.md section 3,
# steps 3 and 6; section 1 rule 7).
. "$TEST_SRC/tests/lib/lib.sh"

# ---- PID namespace ----------------------------------------------------------
pids=$(session 'ls /proc' | grep -E '^[0-9]+$' | sort -n | tr '\n' ' ')
check_eq "/proc lists only init and the command (pids 1 2)" "$pids" "1 2 "
check_eq "ps sees two processes" "$(session 'ps -e -o pid=' | wc -l)" 2
check_eq "pid 1 is cylosh's init" "$(session 'cat /proc/1/comm')" cylosh
check_eq "the command is pid 2" "$(session "/bin/sh -c 'echo \$\$'")" 2
check_fails "host control: the host has more than 2 processes" \
	test "$(find /proc -maxdepth 1 -name '[0-9]*' | wc -l)" -le 2
check_eq "ppid of pid 1 is 0 (the outer process is outside)" \
	"$(session 'cat /proc/1/stat' | awk '{ print $4 }')" 0

# ---- nothing outlives the session ---------------------------------------------
if is_root; then
	wait_user_gone 5
	# sleep's argument identifies it; the session exits at once.
	session "/bin/sh -c 'sleep 1007 & sleep 1008 & setsid sleep 1009 & nohup sleep 1010 > /dev/null 2>&1 & echo started'" > "$TEST_TMP/outlive" 2>&1
	check_eq "the session started background sleeps" "$(cat "$TEST_TMP/outlive")" started
	# At once, with no wait: cylosh returns only when they are gone (init
	# kills and reaps them before it tells the relay the session ended).
	check_fails "no background sleep is left when cylosh returns" \
		pgrep -u "$TEST_USER" -f 'sleep 10(07|08|09|10)'
	if wait_user_gone 5; then
		ok "no process of the user is left after the session ends"
	else
		not_ok "no process of the user is left after the session ends"
		diag "$(ps -o pid,ppid,cmd -u "$TEST_USER")"
	fi
	check_fails "no background sleep outlived the session (pgrep)" \
		pgrep -u "$TEST_USER" -f 'sleep 10(07|08|09|10)'
	pkill -KILL -u "$TEST_USER" -f 'sleep 10(07|08|09|10)' 2>/dev/null
	# Control: the same background sleep started outside a session lives on.
	as_user sh -c 'sleep 1011 > /dev/null 2>&1 &'
	check "host control: a background sleep outside a session outlives its shell" \
		pgrep -u "$TEST_USER" -f 'sleep 1011'
	pkill -KILL -u "$TEST_USER" -f 'sleep 1011' 2>/dev/null
else
	skip "nothing outlives the session" "needs root to look at the test user's processes reliably"
fi

# A session killed from outside takes its processes with it; one that
# ignores a hang-up or SIGTERM is killed 3 s after it; a relay killed
# outright takes the session with it (parent-death signal).
if is_root; then
	# hold TAG CMD: a background session running CMD; waits until the
	# sleep named TAG runs.  The outer process's status: wait "$outer".
	hold() {
		wait_user_gone 5
		as_user "$CYLOSH" -c "$2" < /dev/null > /dev/null 2>&1 &
		outer=$!
		_d=$(( $(date +%s) + 5 ))
		while ! pgrep -u "$TEST_USER" -f "^sleep $1" > /dev/null; do
			[ "$(date +%s)" -ge "$_d" ] && break
			sleep 0.05
		done
	}
	gone() {
		if wait_user_gone 5; then
			ok "$1"
		else
			not_ok "$1"
			diag "$(ps -o pid,ppid,stat,cmd -u "$TEST_USER")"
			pkill -KILL -u "$TEST_USER" 2>/dev/null
		fi
	}
	# ended_within S: the outer process's status in $rc, or "still
	# running" (then it is killed) when it did not exit within S seconds.
	ended_within() {
		_d=$(( $(date +%s) + $1 ))
		while kill -0 "$outer" 2>/dev/null && [ "$(date +%s)" -lt "$_d" ]; do
			sleep 0.1
		done
		if kill -KILL "$outer" 2>/dev/null; then
			wait "$outer"
			rc="still running after $1 s"
		else
			wait "$outer"
			rc=$?
		fi
	}
	# SIGTERM to the outer process is forwarded to the session.
	hold 1012 "/bin/sh -c 'sleep 1012 & sleep 1013'"
	pkill -TERM -u "$TEST_USER" -x cylosh -o 2>/dev/null
	wait "$outer"
	rc=$?
	check_eq "SIGTERM to cylosh ends the session with 143" "$rc" 143
	gone "a terminated session leaves no process"
	# cylosh -c runs a single command as the session's pid 2 itself: here
	# a sh that ignores both signals, so only the escalation ends it.
	for sig in HUP TERM; do
		hold 1014 "/bin/sh -c 'trap \"\" HUP TERM INT; sleep 1014; sleep 1014'"
		pkill -$sig -u "$TEST_USER" -x cylosh -o 2>/dev/null
		ended_within 8
		check_eq "SIG$sig to cylosh: a session that ignores it is killed 3 s later (137)" "$rc" 137
		gone "SIG$sig to cylosh: the session that ignored it leaves no process"
	done
	hold 1015 "/bin/sh -c 'sleep 1015'"
	pkill -KILL -u "$TEST_USER" -x cylosh -o 2>/dev/null
	wait "$outer"
	gone "cylosh killed with SIGKILL: its session leaves no process"
fi

# init holds nothing a session process could use: it is not dumpable, so
# /proc/1/mem is closed to them (the filter's ptrace rule does not cover
# it), and it has no controlling terminal (it would be the user's real
# one).
check_match "/proc/1/mem is closed to the session" \
	"$(session 'cat /proc/1/mem' 2>&1)" 'Permission denied'
if command -v script > /dev/null 2>&1; then
	out=$(as_user script -qec "$CYLOSH -c 'cat /proc/1/stat'" /dev/null < /dev/null 2>&1 |
		tr -d '\r' | awk '$2 == "(cylosh)" { print $7 }')
	check_eq "init has no controlling terminal (tty_nr of pid 1)" "$out" 0
else
	skip "init has no controlling terminal (tty_nr of pid 1)" "script(1) is not installed (util-linux)"
fi

# ---- hostname ------------------------------------------------------------------
check_eq "hostname comes from the policy" "$(session hostname)" cylotest
check_eq "uname -n agrees" "$(session 'uname -n')" cylotest
check_fails "the hostname cannot be changed" session 'hostname evil'
check_eq "host control: the host's name is unchanged" "$(hostname)" "$(cat /proc/sys/kernel/hostname)"

# ---- rlimits ---------------------------------------------------------------------
limits=$(session 'cat /proc/self/limits')
lim() {
	printf '%s\n' "$limits" | awk -v n="$1" 'index($0, n) == 1 {
		s = substr($0, 27); split(s, f, " +"); print f[1] "/" f[2] }'
}
check_eq "nproc soft/hard = 512 (policy)" "$(lim 'Max processes')" 512/512
check_eq "nofile soft/hard = 1024 (policy)" "$(lim 'Max open files')" 1024/1024
check_eq "core size 0" "$(lim 'Max core file size')" 0/0
if [ "$TEST_VARIANT" = asan ]; then
	skip "data (process_memory) = 2G (policy)" "the ASan build runs without the memory limit (shadow memory)"
else
	check_eq "data (process_memory) = 2G (policy)" "$(lim 'Max data size')" 2147483648/2147483648
fi
check_eq "fsize = 1G (default policy)" "$(lim 'Max file size')" 1073741824/1073741824
check_eq "address space left unlimited" "$(lim 'Max address space')" unlimited/unlimited
check_fails "the hard nofile limit cannot be raised" session "/bin/sh -c 'ulimit -Hn 4096'"

if need_root "rlimits follow a changed policy"; then
	use_conf '[default]
home_size = 32M
home_inodes = 4096
hostname = other-name
nproc = 100
nofile = 200
cpu_seconds = 7
fsize = 5M
process_memory = 1G'
	limits=$(session 'cat /proc/self/limits')
	check_eq "changed policy: nproc 100" "$(lim 'Max processes')" 100/100
	check_eq "changed policy: nofile 200" "$(lim 'Max open files')" 200/200
	check_eq "changed policy: cpu 7" "$(lim 'Max cpu time')" 7/7
	check_eq "changed policy: fsize 5M" "$(lim 'Max file size')" 5242880/5242880
	if [ "$TEST_VARIANT" = asan ]; then
		skip "changed policy: data 1G" "the ASan build runs without the memory limit (shadow memory)"
	else
		check_eq "changed policy: data 1G" "$(lim 'Max data size')" 1073741824/1073741824
	fi
	check_eq "changed policy: hostname" "$(session hostname)" other-name
	check_match "changed policy: home_size 32M" "$(session "df -P -k $TEST_HOME" | tail -n 1)" \
		'^[^ ]+ +32768 '
	out=$(session "/bin/sh -c 'head -c 6M /dev/zero > /tmp/f; echo rc=\$?'" 2>&1)
	check_match "changed policy: fsize stops a 6M write" "$out" 'File too large|rc=1|rc=153'
	reset_conf
fi

# ---- exit statuses ----------------------------------------------------------------
session true
check_eq "true -> 0" "$?" 0
session false
check_eq "false -> 1" "$?" 1
session "/bin/sh -c 'exit 7'"
check_eq "exit 7 -> 7" "$?" 7
session "/bin/sh -c 'kill -TERM \$\$'"
check_eq "killed by SIGTERM -> 143" "$?" 143
session "/bin/sh -c 'kill -KILL \$\$'"
check_eq "killed by SIGKILL -> 137" "$?" 137
session 'cylotest-no-such-command' 2> /dev/null
check_eq "command not found -> 127" "$?" 127
session '/etc/passwd' 2> /dev/null
check_eq "not executable -> 126" "$?" 126
