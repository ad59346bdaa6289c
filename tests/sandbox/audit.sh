#!/bin/sh
# tests/sandbox/audit.sh - the audit trail (issue 2): session start (user,
# tty, source from SSH_CONNECTION), session end (status, duration) and
# every setup failure go to syslog with facility authpriv, never to the
# terminal.  A small receiver (tests/lib/syslogd.py) stands in for the
# syslog daemon: at /dev/log itself when the machine has none, else bound
# over /dev/log in a private mount namespace.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="the receiver starts | session start logged with facility authpriv | start names user, uid, tty, source and mode | session end logged with the status and duration | nothing of it on the terminal | only the address of SSH_CONNECTION is logged | the rest of SSH_CONNECTION is not | a forged SSH_CONNECTION is logged as unknown | a setup failure is logged with its step | the failure is logged at error priority"
is_root || skip_all "needs root (CI runs the suite as root)"
command -v python3 > /dev/null 2>&1 ||
	skip_all "python3 is needed for the syslog receiver"

LOG=$TEST_TMP/audit.log
SOCK=$TEST_TMP/audit.sock
: > "$LOG"
if [ -e /dev/log ] || [ -L /dev/log ]; then
	bind_over=true
else
	# No syslog daemon: be it, for the length of this file.
	SOCK=/dev/log
	bind_over=false
fi
python3 "$TEST_SRC/tests/lib/syslogd.py" "$SOCK" "$LOG" &
rcv=$!
trap 'kill "$rcv" 2>/dev/null; wait "$rcv" 2>/dev/null' EXIT
_i=0
while ! grep -q '^ready$' "$LOG" && [ $_i -lt 100 ]; do
	sleep 0.05
	_i=$((_i + 1))
done
if ! grep -q '^ready$' "$LOG"; then
	not_ok "the receiver starts"
	exit 1
fi
ok "the receiver starts"

# logged SSH_CONNECTION CMD: cylosh -c CMD as the test user, its syslog
# going to the receiver; stdout+stderr in $out, status in $rc.
logged() {
	if [ "$bind_over" = true ]; then
		out=$(unshare -m --propagation private sh -c '
			mount --bind "$1" /dev/log || exit 99
			shift
			exec "$@"' sh "$SOCK" \
			setpriv --reuid="$TEST_USER" --regid="$TEST_USER" --init-groups \
			env -i HOME="$TEST_HOME" USER="$TEST_USER" LOGNAME="$TEST_USER" \
			PATH=/usr/bin:/bin SSH_CONNECTION="$1" "$CYLOSH" -c "$2" < /dev/null 2>&1)
	else
		out=$(as_user env SSH_CONNECTION="$1" "$CYLOSH" -c "$2" < /dev/null 2>&1)
	fi
	rc=$?
	# syslog(3) sends before cylosh exits; give the receiver a moment
	# to write the datagrams out.
	sleep 0.2
}

logged '203.0.113.7 50022 127.0.0.1 22' 'echo hello; exit 3'
lines=$(grep 'cylosh\[' "$LOG")
# <86> is LOG_AUTHPRIV | LOG_INFO.
check_match "session start logged with facility authpriv" "$lines" \
	'^<86>.* cylosh\[[0-9]+\]: session start: '
check_match "start names user, uid, tty, source and mode" "$lines" \
	"session start: user=$TEST_USER uid=$TEST_UID tty=none from=203\.0\.113\.7 mode=command\$"
check_match "session end logged with the status and duration" "$lines" \
	"^<86>.*: session end: user=$TEST_USER status=3 reason=exit duration=[0-9]+\.[0-9]{3}s\$"
check_eq "nothing of it on the terminal" "$rc:$out" "3:hello"

: > "$LOG"
# Only the client address, checked to be one, reaches the log.
logged "$(printf '203.0.113.8 1 2 3\nforged line')" 'true'
check_match "only the address of SSH_CONNECTION is logged" "$(cat "$LOG")" \
	'session start: .* from=203\.0\.113\.8 mode=command$'
check_nomatch "the rest of SSH_CONNECTION is not" "$(cat "$LOG")" 'forged'
: > "$LOG"
logged 'host;$(id) 1 2 3' 'true'
check_match "a forged SSH_CONNECTION is logged as unknown" "$(cat "$LOG")" \
	'session start: .* from=unknown mode=command$'

: > "$LOG"
use_conf '[default]
home_size = 64M
this line is wrong'
logged '203.0.113.9 1 2 3' 'echo RAN'
reset_conf
lines=$(grep 'cylosh\[' "$LOG")
check_match "a setup failure is logged with its step" "$lines" \
	"setup failed for uid $TEST_UID: config: "
# <83> is LOG_AUTHPRIV | LOG_ERR.
check_match "the failure is logged at error priority" "$lines" \
	'^<83>.*setup failed for uid'
