#!/bin/sh
# tests/ssh/10-sshd.sh - end to end through a real sshd on 127.0.0.1 with
# pam_cylo.so in its PAM stack and the shipped Match block: commands, -tt,
# sftp, scp (both modes), rsync, forwarding refused, a bash account
# refused, a failed session running nothing, and the ramdisk home being
# the PAM-prepared tmpfs while the real home stays unchanged.
#
# The sshd binary is started through a symlink named sshd-cylotest, which
# makes its PAM service /etc/pam.d/sshd-cylotest (created and removed here);
# /etc/pam.d/sshd is never touched.  Accounts cylotest-s*, removed at the end.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="sshd config with the Match block is valid | sshd starts | command runs as the user | login-mode shell is cylosh | command sees a tmpfs home | home is the PAM-prepared tmpfs | session is sandboxed | script on stdin | -tt interactive | sftp put and get | sftp cannot read /etc/shadow | sftp cannot write outside the home | scp (sftp protocol) | scp -O (legacy) | rsync | files land in the ramdisk only | real home unchanged | stdio forwarding refused | remote forwarding refused | selected account with bash refused | refusal logged | refusal reason in syslog | failed session runs nothing | voluntary cylosh from bash"

. "$TEST_SRC/tests/lib/sshd.inc"
sshd_need /usr/lib/openssh/sftp-server
sshd_init ssh 0 sshd-cylotest
U1=cylotest-s1 U2=cylotest-s2 U3=cylotest-s3 U4=cylotest-s4 G=cylotest-sg
cleanup() {
	[ -n "${RCV:-}" ] && kill "$RCV" 2>/dev/null
	sshd_stop
	[ -n "${MUX_PID:-}" ] && kill "$MUX_PID" 2>/dev/null
	for u in $U1 $U2 $U3 $U4; do
		pkill -KILL -u "$u" 2>/dev/null
		userdel -r "$u" >/dev/null 2>&1
	done
	groupdel "$G" >/dev/null 2>&1
	[ -n "$MADE_EG" ] && groupdel "$EG" >/dev/null 2>&1
	reset_conf
	rm -rf "$W" /tmp/cylotest-outside-marker
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- accounts, keys, config --------------------------------------------------
groupadd "$G"
enroll_group
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U1"
useradd -m -s /bin/bash -G "$G,$EG" "$U2"
useradd -m -s /bin/bash "$U3"
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U4"
H1=$(getent passwd "$U1" | cut -d: -f6)
H4=$(getent passwd "$U4" | cut -d: -f6)
echo "real home" > "$H1/real-marker"
chown "$U1:" "$H1/real-marker"
# U4's home is a symlink: the module refuses the session.
mv "$H4" "$H4.real"
ln -s "$H4.real" "$H4"
sshd_keys $U1 $U2 $U3 $U4

use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
[pam]
groups = $G
services = $SVC"
# The module's conf= default is the compiled-in test config ($TEST_CONF).
sshd_pam_service tests/ssh/10-sshd.sh debug

# The shipped snippet, with only the group name of the test build.
sed "s/^Match Group cylo-users\$/Match Group $EG/" "$TEST_SRC/etc/sshd_config.d/cylo.conf" \
	> "$W/match.conf"
echo "Include $W/match.conf" | sshd_config
check "sshd config with the Match block is valid" "$W/$SVC" -t -f "$W/sshd_config"
sshd_start || exit 0

s() {
	_u=$1
	shift
	ssh $SSHOPT "$_u@127.0.0.1" "$@"
}

# ---- commands ----------------------------------------------------------------
out=$(s "$U1" 'echo hello; id -un' < /dev/null 2>&1)
check_eq "command runs as the user" "$out" "$(printf 'hello\n%s' "$U1")"
out=$(s "$U1" 'echo $SHELL' < /dev/null 2>&1)
# The session's own view of the binary it runs (cylosh(1), ENVIRONMENT).
check_eq "login-mode shell is cylosh" "$out" /run/cylo/bin/cylosh
out=$(s "$U1" 'stat -f -c %T $HOME' < /dev/null 2>&1)
check_eq "command sees a tmpfs home" "$out" tmpfs
out=$(s "$U1" 'grep -E "^(NoNewPrivs|Seccomp):" /proc/self/status' < /dev/null 2>&1)
check_match "session is sandboxed" "$(echo $out)" "NoNewPrivs: 1 Seccomp: 2"
out=$(printf 'echo from-stdin\nid -un\n' | s "$U1" 2>&1)
check_match "script on stdin" "$out" "from-stdin"

# A real pty on the server side; the typed line is echoed as "tty-$USER",
# only the shell's output reads "tty-<name>".
out=$( (sleep 2; printf 'echo tty-$USER\n'; sleep 2; printf 'exit\n') |
	timeout 20 ssh -tt $SSHOPT "$U1@127.0.0.1" 2>&1)
check_match "-tt interactive" "$out" "tty-$U1"

# ---- one connection, many sessions: the PAM tmpfs outlives each of them --------
# Every channel of a multiplexed connection runs in the mount namespace the
# module made when the connection's PAM session opened; a ramdisk cylosh
# made for itself would vanish with each command.
MUX="-o ControlMaster=no -o ControlPath=$W/mux"
ssh $SSHOPT -o ControlMaster=yes -o ControlPath="$W/mux" -N "$U1@127.0.0.1" &
MUX_PID=$!
n=0
while ! [ -S "$W/mux" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
m() { ssh $SSHOPT $MUX "$U1@127.0.0.1" "$@"; }

m 'echo kept > persist' < /dev/null
check_eq "home is the PAM-prepared tmpfs" "$(m 'cat persist' < /dev/null 2>&1)" kept

echo "sftp payload $$" > "$W/up.txt"
printf 'put %s up.txt\nget up.txt %s\n' "$W/up.txt" "$W/down.txt" > "$W/batch"
sftp -b "$W/batch" $MUX -F /dev/null -i "$W/id" -P "$PORT" \
	-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	"$U1@127.0.0.1" > "$W/sftp.log" 2>&1
check "sftp put and get" cmp "$W/up.txt" "$W/down.txt"
# Each batch also does one thing that must work, so a dead connection
# cannot pass for a refusal.
printf 'get up.txt %s\n-get /etc/shadow %s\n' "$W/ok1" "$W/shadow" > "$W/batch"
sftp -b "$W/batch" $MUX -F /dev/null -P "$PORT" "$U1@127.0.0.1" > /dev/null 2>&1
check_eq "sftp cannot read /etc/shadow" \
	"$(test -e "$W/ok1" && echo got) $(test -e "$W/shadow" && echo leaked)" "got "
printf -- '-put %s /tmp/cylotest-outside-marker\nget up.txt %s\n' "$W/up.txt" "$W/ok2" > "$W/batch"
sftp -b "$W/batch" $MUX -F /dev/null -P "$PORT" "$U1@127.0.0.1" > /dev/null 2>&1
check_eq "sftp cannot write outside the home" \
	"$(test -e "$W/ok2" && echo got) $(test -e /tmp/cylotest-outside-marker && echo leaked)" "got "

echo "scp payload $$" > "$W/scp.txt"
scp -q $MUX -F /dev/null -P "$PORT" "$W/scp.txt" "$U1@127.0.0.1:scp.txt" 2>&1
check_eq "scp (sftp protocol)" "$(m 'cat scp.txt' < /dev/null 2>&1)" "scp payload $$"
scp -q -O $MUX -F /dev/null -P "$PORT" "$W/scp.txt" "$U1@127.0.0.1:legacy.txt" 2>&1
check_eq "scp -O (legacy)" "$(m 'cat legacy.txt' < /dev/null 2>&1)" "scp payload $$"
if command -v rsync > /dev/null; then
	mkdir "$W/tree" && echo "rsync payload" > "$W/tree/r.txt"
	rsync -a -e "ssh $SSHOPT $MUX" "$W/tree/" "$U1@127.0.0.1:tree/" > "$W/rsync.log" 2>&1
	check_eq "rsync" "$(m 'cat tree/r.txt' < /dev/null 2>&1)" "rsync payload"
else
	skip "rsync" "rsync missing (Debian: rsync)"
fi
kill "$MUX_PID" 2>/dev/null
wait "$MUX_PID" 2>/dev/null
MUX_PID=
check_nomatch "files land in the ramdisk only" "$(ls -A "$H1")" \
	"persist|up.txt|scp.txt|legacy.txt|tree"
check_eq "real home unchanged" "$(cat "$H1/real-marker")" "real home"

# ---- forwarding, refusals ------------------------------------------------------
out=$(ssh $SSHOPT -W 127.0.0.1:"$PORT" "$U1@127.0.0.1" < /dev/null 2>&1)
check_match "stdio forwarding refused" "$out" "prohibited|refused|failed"
out=$(timeout 15 ssh $SSHOPT -o ExitOnForwardFailure=yes -R 127.0.0.1:0:127.0.0.1:"$PORT" \
	"$U1@127.0.0.1" 'echo forwarded' < /dev/null 2>&1)
check_nomatch "remote forwarding refused" "$out" "^forwarded$"

# pam_syslog writes to /dev/log.  Without a syslog daemon the test's own
# receiver (tests/lib/syslogd.py) listens there while the refusal happens.
RCV=
if [ ! -e /dev/log ] && command -v python3 > /dev/null 2>&1; then
	: > "$W/syslog"
	python3 "$TEST_SRC/tests/lib/syslogd.py" /dev/log "$W/syslog" &
	RCV=$!
	_i=0
	while ! grep -q '^ready$' "$W/syslog" && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
fi
s "$U2" 'echo ran' < /dev/null > "$W/out" 2>&1
rc=$?
check_eq "selected account with bash refused" "$rc:$(cat "$W/out" | grep -c '^ran$')" "255:0"
check_match "refusal logged" "$(cat "$W/sshd.log")" \
	"Access denied for user $U2 by PAM account configuration"
# pam_syslog goes to syslog, not to sshd -E: read it back from the
# receiver, or where journald runs.
if [ -n "$RCV" ]; then
	sleep 0.3
	kill "$RCV" 2>/dev/null
	wait "$RCV" 2>/dev/null
	RCV=
	check_match "refusal reason in syslog" "$(cat "$W/syslog")" \
		"refusing $U2: login shell is \"/bin/bash\""
elif [ -S /dev/log ] && command -v journalctl > /dev/null &&
	journalctl -q -n 1 > /dev/null 2>&1; then
	sleep 1
	check_match "refusal reason in syslog" \
		"$(journalctl -q --no-pager -t "$SVC" -t sshd -n 200 2>/dev/null)" \
		"refusing $U2: login shell is \"/bin/bash\""
else
	skip "refusal reason in syslog" "no journald to read pam_syslog lines back from, and no python3 for the test's receiver"
fi

s "$U4" 'touch /tmp/cylotest-outside-marker; echo ran' < /dev/null > "$W/out" 2>&1
rc=$?
check_eq "failed session runs nothing" \
	"$rc:$(grep -c '^ran$' "$W/out"):$(test -e /tmp/cylotest-outside-marker && echo marker)" \
	"254:0:"

out=$(s "$U3" "$CYLOSH -c 'stat -f -c %T \$HOME'" < /dev/null 2>&1)
check_eq "voluntary cylosh from bash" "$out" tmpfs
