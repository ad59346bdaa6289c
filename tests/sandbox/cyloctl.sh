#!/bin/sh
# tests/sandbox/cyloctl.sh - cyloctl against real sessions (issue 11,
# section 3), and the reason every session end is logged with: exit, idle
# timeout, hang-up, signal, ended by the administrator, setup failure.
# A small receiver (tests/lib/syslogd.py) stands in for syslog, as in
# audit.sh: sessions run in a private mount namespace with it bound over
# /dev/log (or it is /dev/log when the machine has none).
. "$TEST_SRC/tests/lib/lib.sh"

ALL="cyloctl refuses a non-root caller | list shows a command session: user, mode, client | list shows a login session on a tty | list ignores a process that is only named cylosh | show PID lists the session's processes with their inner pids | show USER finds the sessions of a user | show for no session fails | SIGUSR1 from the user does not end a session | kill PID writes the message on the user's terminal | kill PID ends the session | kill is logged as ended by the administrator | kill USER ends every session of the user | end: exit is logged with the status | end: idle timeout is logged | end: hang-up is logged | end: a signal is logged | end: a setup failure is logged"
is_root || skip_all "needs root (CI runs the suite as root)"
command -v python3 > /dev/null 2>&1 || skip_all "python3 is needed for the syslog receiver"
command -v tmux > /dev/null 2>&1 || skip_all "tmux is needed for sessions on a terminal"
CTL=$TEST_BUILD/test/cyloctl
[ -x "$CTL" ] || skip_all "$CTL is not built"

U=$TEST_USER
LOG=$TEST_TMP/ctl.log
SOCK=$TEST_TMP/ctl.sock
: > "$LOG"
if [ -e /dev/log ] || [ -L /dev/log ]; then
	bind_over=true
else
	SOCK=/dev/log
	bind_over=false
fi
python3 "$TEST_SRC/tests/lib/syslogd.py" "$SOCK" "$LOG" &
rcv=$!
bg=
cleanup() {
	for n in ctl-a ctl-b ctl-c ctl-idle ctl-hup; do
		tmux_stop "$n" 2>/dev/null
	done
	[ -n "$bg" ] && kill $bg 2>/dev/null
	kill "$rcv" 2>/dev/null
	wait "$rcv" 2>/dev/null
	reset_conf
}
trap cleanup EXIT
i=0
while ! grep -q '^ready$' "$LOG" && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done

# logged CMD...: CMD as root, with /dev/log being the receiver.  A script,
# so tmux can run it too.
if [ "$bind_over" = true ]; then
	printf '%s\n' '#!/bin/sh' \
		"exec unshare -m --propagation private sh -c 'mount --bind \"\$0\" /dev/log || exit 99; exec \"\$@\"' '$SOCK' \"\$@\"" \
		> "$TEST_TMP/logged"
else
	printf '%s\n' '#!/bin/sh' 'exec "$@"' > "$TEST_TMP/logged"
fi
chmod 0755 "$TEST_TMP/logged"
logged() { "$TEST_TMP/logged" "$@"; }
# A session of the test user as a command line for logged or tmux.
userenv="setpriv --reuid=$U --regid=$U --init-groups env -i HOME=$TEST_HOME USER=$U LOGNAME=$U PATH=/usr/bin:/bin TERM=xterm"

# wait_for SECS CMD...: poll until CMD succeeds.
wait_for() {
	_end=$(( $(date +%s) + $1 ))
	shift
	while [ "$(date +%s)" -le "$_end" ]; do
		"$@" > /dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
relay_of() {	# relay_of MODE: the relay pid of the test user's MODE session
	"$CTL" list | awk -v u="$U" -v m="$1" '$1 == u && $5 == m { print $2; exit }'
}
has_relay() { [ -n "$(relay_of "$1")" ]; }
logged_line() { grep -q -- "$1" "$LOG"; }

out=$(as_user "$CTL" list 2>&1)
check_match "cyloctl refuses a non-root caller" "$?:$out" "^2:cyloctl: must be run as root"

# ---- list ----------------------------------------------------------------------
logged $userenv SSH_CONNECTION='203.0.113.5 4711 127.0.0.1 22' \
	"$CYLOSH" -c 'sleep 60' < /dev/null > /dev/null 2>&1 &
bg=$!
tmux_start ctl-b "$TEST_TMP/logged" $userenv "$CYLOSH" -l
# Keep the screen once the session has ended: the message is read after.
tmux -L cylotest set-option -t ctl-b remain-on-exit on > /dev/null
wait_for 15 has_relay -c
wait_for 15 has_relay login
list=$("$CTL" list 2>&1)
check_match "list shows a command session: user, mode, client" "$list" \
	"^$U +[0-9]+ +[0-9-]+ [0-9:]+ +-c +203\\.0\\.113\\.5 +- +[0-9]+ MiB rss\$"
check_match "list shows a login session on a tty" "$list" \
	"^$U +[0-9]+ +[0-9-]+ [0-9:]+ +login +- +pts/[0-9]+ +[0-9]+ MiB rss\$"
cp /bin/sleep "$TEST_TMP/cylosh"
"$TEST_TMP/cylosh" 30 &
fake=$!
check_nomatch "list ignores a process that is only named cylosh" \
	"$("$CTL" list)" "^[^ ]+ +$fake "
kill "$fake"

# ---- show ----------------------------------------------------------------------
ra=$(relay_of -c)
out=$("$CTL" show "$ra" 2>&1)
check_match "show PID lists the session's processes with their inner pids" \
	"$out" "^ +[0-9]+ +2 +$U +[A-Z] +[0-9]+ KiB +sleep 60\$"
out=$("$CTL" show "$U" 2>&1)
check_eq "show USER finds the sessions of a user" \
	"$(printf '%s\n' "$out" | grep -c '^USER ')" 2
"$CTL" show cylotest-nobody-here > /dev/null 2>&1
check_eq "show for no session fails" "$?" 1

# ---- kill ----------------------------------------------------------------------
rb=$(relay_of login)
as_user kill -USR1 "$rb" 2>/dev/null
sleep 1
if kill -0 "$rb" 2>/dev/null; then
	ok "SIGUSR1 from the user does not end a session"
else
	not_ok "SIGUSR1 from the user does not end a session"
fi
: > "$LOG.tmp"
"$CTL" kill "$rb" > /dev/null 2>&1
if tmux_wait ctl-b 'session ended by the administrator' 10; then
	ok "kill PID writes the message on the user's terminal"
else
	not_ok "kill PID writes the message on the user's terminal"
	diag "$(tmux_screen ctl-b)"
fi
not_listed() { ! "$CTL" list | grep -q "^[^ ]* *$1 "; }
if wait_for 10 not_listed "$rb"; then
	ok "kill PID ends the session"
else
	not_ok "kill PID ends the session"
fi
if wait_for 5 logged_line "session end: user=$U status=[0-9]* reason=ended by the administrator"; then
	ok "kill is logged as ended by the administrator"
else
	not_ok "kill is logged as ended by the administrator"
	diag "$(grep cylosh "$LOG" | tail -3)"
fi
tmux_stop ctl-b

tmux_start ctl-c "$TEST_TMP/logged" $userenv "$CYLOSH" -l
wait_for 15 has_relay login
"$CTL" kill "$U" > /dev/null 2>&1
if wait_for 10 sh -c "! kill -0 $bg" && ! has_relay login && ! has_relay -c; then
	ok "kill USER ends every session of the user"
else
	not_ok "kill USER ends every session of the user"
	diag "$("$CTL" list)"
fi
tmux_stop ctl-c
bg=

# ---- why each session ended ------------------------------------------------------
logged $userenv "$CYLOSH" -c 'exit 3' < /dev/null > /dev/null 2>&1
check "end: exit is logged with the status" \
	wait_for 5 logged_line "session end: user=$U status=3 reason=exit duration="

use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
idle_timeout = 3s"
tmux_start ctl-idle "$TEST_TMP/logged" $userenv "$CYLOSH"
check "end: idle timeout is logged" \
	wait_for 20 logged_line "session end: user=$U status=[0-9]* reason=idle timeout"
tmux_stop ctl-idle
reset_conf

tmux_start ctl-hup "$TEST_TMP/logged" $userenv "$CYLOSH" -l
wait_for 15 has_relay login
tmux_stop ctl-hup
check "end: hang-up is logged" \
	wait_for 10 logged_line "session end: user=$U status=[0-9]* reason=hang-up"

logged $userenv "$CYLOSH" -c 'sleep 60' < /dev/null > /dev/null 2>&1 &
bg=$!
wait_for 15 has_relay -c
kill -TERM "$(relay_of -c)"
check "end: a signal is logged" \
	wait_for 10 logged_line "session end: user=$U status=[0-9]* reason=signal TERM"
wait "$bg" 2>/dev/null
bg=

logged $userenv LD_PRELOAD="$TEST_PREFIX/lib/libfail.so" CYLO_TEST_FAIL=pivot_root:EPERM \
	"$CYLOSH" -c 'echo RAN' < /dev/null > /dev/null 2>&1
check "end: a setup failure is logged" \
	wait_for 5 logged_line "session end: user=$U status=125 reason=setup failure"
