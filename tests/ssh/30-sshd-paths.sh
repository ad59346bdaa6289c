#!/bin/sh
# tests/ssh/30-sshd-paths.sh - what sshd does beside the shell, and the
# defences that hold even when sshd_config is wrong:
#  - the shipped snippet installs cleanly into Debian's own sshd_config
#    (sshd -t) and gives a member of the enrollment group no forwarding;
#  - cylosh --check (root) asks the real sshd (sshd -T) and names
#    internal-sftp, ForceCommand, forwarding, PermitUserRC,
#    PermitUserEnvironment, X11Forwarding and an AcceptEnv that admits
#    loader variables (LD_PRELOAD runs in cylosh before any sandbox) as
#    failures;
#  - with an sshd that allows everything (no Match block, forwarding on,
#    PermitUserEnvironment yes): a network = none account's -W and -R reach
#    nothing on the host, its forwarded agent socket lands in a private
#    /tmp, and a session cannot write the ~/.ssh/environment that the next
#    channel of the same connection would load.
#
# The sshd binary runs through a symlink named sshd-cylotest3 (PAM service
# /etc/pam.d/sshd-cylotest3, created and removed here).  sshd -T reads
# /etc/ssh/sshd_config, which is bound over with the test's files in a
# private mount namespace only.  Accounts cylotest-p*, removed at the end.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="the shipped snippet installs into Debian's sshd_config | control: the old snippet's Subsystem line breaks it | a group member gets no forwarding from it | --check passes the shipped settings | --check names internal-sftp | --check names PermitUserEnvironment | --check names forwarding | --check names X11Forwarding | --check names PermitUserRC | --check names an AcceptEnv that admits LD_* | --check fails on them | --check names ForceCommand | sshd starts | a command runs | -W to the host reaches nothing | -R listens nowhere the host can reach | control: a network = host account's -W reaches the host | the agent socket is not in the host's /tmp | the agent socket is in the session's private /tmp | ~/.ssh cannot be written from a session | the next channel loads no ~/.ssh/environment"

. "$TEST_SRC/tests/lib/sshd.inc"
sshd_need /usr/bin/ssh-agent /usr/lib/openssh/sftp-server
command -v unshare > /dev/null || skip_all "unshare(1) missing (Debian: util-linux)"
DEBIAN_SSHD_CONFIG=/usr/share/openssh/sshd_config
[ -r "$DEBIAN_SSHD_CONFIG" ] || DEBIAN_SSHD_CONFIG=/etc/ssh/sshd_config

sshd_init sshp 7 sshd-cylotest3
RPORT=$((PORT + 1))
U1=cylotest-p1 U2=cylotest-p2
AGENT_PID=
cleanup() {
	sshd_stop
	[ -n "${MUX_PID:-}" ] && kill "$MUX_PID" 2>/dev/null
	[ -n "${BG_PID:-}" ] && kill "$BG_PID" 2>/dev/null
	[ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null
	for u in $U1 $U2; do
		pkill -KILL -u "$u" 2>/dev/null
		userdel -r "$u" >/dev/null 2>&1
	done
	[ -n "$MADE_EG" ] && groupdel "$EG" >/dev/null 2>&1
	reset_conf
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

enroll_group
useradd -m -s "$CYLOSH" -G "$EG" "$U1"
useradd -m -s "$CYLOSH" -G "$EG" "$U2"
sshd_keys $U1 $U2
# The tests/lib policy (network = none) for U1; U2 keeps the host's network.
use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
[user $U2]
network = host
[pam]
groups = $EG
services = $SVC"

# ---- the shipped snippet in Debian's own sshd_config -------------------------
# Debian's file, with only its Include line pointed at a private directory.
mkdir -m 0755 "$W/deb" "$W/deb/d" "$W/old" "$W/old/d"
sed "s|^Include /etc/ssh/sshd_config.d/\*.conf\$|Include $W/deb/d/*.conf|" \
	"$DEBIAN_SSHD_CONFIG" > "$W/deb/sshd_config"
sed "s|^Include /etc/ssh/sshd_config.d/\*.conf\$|Include $W/old/d/*.conf|" \
	"$DEBIAN_SSHD_CONFIG" > "$W/old/sshd_config"
sed "s/^Match Group cylo-users\$/Match Group $EG/" \
	"$TEST_SRC/etc/sshd_config.d/cylo.conf" > "$W/deb/d/cylo.conf"
# The snippet as shipped before: a Subsystem line of its own.
{ echo "Subsystem sftp /usr/lib/openssh/sftp-server"; cat "$W/deb/d/cylo.conf"; } \
	> "$W/old/d/cylo.conf"
if /usr/sbin/sshd -t -f "$W/deb/sshd_config" -h "$W/hostkey" > "$W/t.log" 2>&1; then
	ok "the shipped snippet installs into Debian's sshd_config"
else
	not_ok "the shipped snippet installs into Debian's sshd_config"
	diag "$(cat "$W/t.log")"
fi
check_match "control: the old snippet's Subsystem line breaks it" \
	"$(/usr/sbin/sshd -t -f "$W/old/sshd_config" -h "$W/hostkey" 2>&1; echo "rc=$?")" \
	"rc=[1-9]"
out=$(/usr/sbin/sshd -T -C "user=$U1,host=h,addr=192.0.2.1" \
	-f "$W/deb/sshd_config" -h "$W/hostkey" 2>&1)
check_match "a group member gets no forwarding from it" "$(echo $out)" \
	"disableforwarding yes.*permituserenvironment no|permituserenvironment no.*disableforwarding yes"

# ---- cylosh --check asks sshd ----------------------------------------------------
# as_sshd_config FILE CMD...: CMD with FILE as /etc/ssh/sshd_config.
as_sshd_config() {
	_f=$1
	shift
	unshare -m --propagation private sh -c \
		'mount --bind "$1" /etc/ssh/sshd_config || exit 99; shift; exec "$@"' \
		sh "$_f" "$@" 2>&1
}
printf 'HostKey %s\n' "$W/hostkey" > "$W/hk"
cat "$W/hk" "$W/deb/sshd_config" > "$W/good_config"
out=$(as_sshd_config "$W/good_config" "$CYLOSH" --check)
check_match "--check passes the shipped settings" "$out" \
	"^ok +sshd settings +2 selected accounts"
cat "$W/hk" - "$DEBIAN_SSHD_CONFIG" > "$W/bad_config" <<EOF
PermitUserEnvironment yes
PermitUserRC yes
AllowTcpForwarding yes
X11Forwarding yes
AcceptEnv LANG LC_* LD_*
EOF
sed -i 's|^Subsystem.*|Subsystem sftp internal-sftp|' "$W/bad_config"
sed -i "s|^Include .*|Include $W/none/*.conf|" "$W/bad_config"
out=$(as_sshd_config "$W/bad_config" "$CYLOSH" --check)
rc=$?
check_match "--check names internal-sftp" "$out" "^FAIL +sshd for $U1 +Subsystem uses internal-sftp"
check_match "--check names PermitUserEnvironment" "$out" "^FAIL +sshd for $U1 +PermitUserEnvironment"
check_match "--check names forwarding" "$out" "^FAIL +sshd for $U1 +AllowTcpForwarding"
check_match "--check names X11Forwarding" "$out" "^FAIL +sshd for $U1 +X11Forwarding"
check_match "--check names PermitUserRC" "$out" "^FAIL +sshd for $U1 +PermitUserRC"
check_match "--check names an AcceptEnv that admits LD_*" "$out" \
	"^FAIL +sshd for $U1 +AcceptEnv admits more than LANG"
check_eq "--check fails on them" "$rc:$(echo "$out" | tail -n 1)" \
	"1:cylosh cannot run sessions on this machine"
{ cat "$W/good_config"; printf 'Match User %s\n\tForceCommand internal-sftp\n' "$U2"; } \
	> "$W/fc_config"
out=$(as_sshd_config "$W/fc_config" "$CYLOSH" --check)
check_match "--check names ForceCommand" "$out" "^FAIL +sshd for $U2 +ForceCommand"

# ---- an sshd that allows everything --------------------------------------------------
sshd_pam_service tests/ssh/30-sshd-paths.sh
sshd_config <<EOF
AllowTcpForwarding yes
AllowAgentForwarding yes
GatewayPorts no
PermitUserEnvironment yes
EOF
sshd_start || exit 0
check_eq "a command runs" "$(ssh $SSHOPT "$U1@127.0.0.1" 'echo hello' < /dev/null 2>&1)" hello

# -W to sshd's own port: in the host's network namespace sshd would answer
# with its banner.
out=$( (sleep 3) | timeout 15 ssh $SSHOPT -W "127.0.0.1:$PORT" "$U1@127.0.0.1" 2>&1)
check_nomatch "-W to the host reaches nothing" "$out" "SSH-2.0"
out=$( (sleep 3) | timeout 15 ssh $SSHOPT -W "127.0.0.1:$PORT" "$U2@127.0.0.1" 2>&1)
check_match "control: a network = host account's -W reaches the host" "$out" "SSH-2.0"

# -R: the listening socket is made by sshd for the connection.
: > "$W/r.out"
timeout 20 ssh $SSHOPT -o ExitOnForwardFailure=no -R "127.0.0.1:$RPORT:127.0.0.1:$PORT" \
	"$U1@127.0.0.1" 'echo started; sleep 6' < /dev/null > "$W/r.out" 2>&1 &
BG_PID=$!
n=0
while ! grep -q started "$W/r.out" && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
reached=$(timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$RPORT && head -c 7 <&3" 2>/dev/null)
check_eq "-R listens nowhere the host can reach" "$(grep -c started "$W/r.out"):$reached" "1:"
kill "$BG_PID" 2>/dev/null
wait "$BG_PID" 2>/dev/null
BG_PID=

# -A: sshd makes the agent socket directory, as the user, in its /tmp.
eval "$(ssh-agent -s -a "$W/agent.sock")" > /dev/null
AGENT_PID=$SSH_AGENT_PID
ls -d /tmp/ssh-* 2>/dev/null | sort > "$W/tmp.before"
: > "$W/a.out"
timeout 20 ssh $SSHOPT -A "$U1@127.0.0.1" 'echo started; sleep 6' < /dev/null > "$W/a.out" 2>&1 &
BG_PID=$!
n=0
while ! grep -q started "$W/a.out" && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
ls -d /tmp/ssh-* 2>/dev/null | sort > "$W/tmp.after"
check_eq "the agent socket is not in the host's /tmp" \
	"$(grep -c started "$W/a.out"):$(comm -13 "$W/tmp.before" "$W/tmp.after")" "1:"
# sshd's process for the connection (named after its program, as
# its PAM service is), running as the user, sees the
# private /tmp.
found=
pids=$(pgrep -u "$U1" -f "^$SVC: $U1@")
for pid in $pids; do
	ls -d "/proc/$pid/root/tmp/ssh-"*/agent.* > /dev/null 2>&1 && found=yes
done
check_eq "the agent socket is in the session's private /tmp" "$found" yes
[ -n "$found" ] || diag "sshd pids of $U1: $pids" "$(ps -o pid,user,args -u "$U1")" \
	"$(for pid in $pids; do ls -la "/proc/$pid/root/tmp/"; done 2>&1)" "$(cat "$W/a.out")" \
	"$(tail -n 20 "$W/sshd.log")"
kill "$BG_PID" 2>/dev/null
wait "$BG_PID" 2>/dev/null
BG_PID=

# PermitUserEnvironment yes: one channel writes ~/.ssh/environment into the
# PAM ramdisk, the next channel of the same connection would have sshd
# load it into cylosh before any sandbox.  ld.so names a preload it cannot
# find, which shows whether it was loaded.
MUX="-o ControlMaster=no -o ControlPath=$W/mux"
ssh $SSHOPT -o ControlMaster=yes -o ControlPath="$W/mux" -N "$U1@127.0.0.1" &
MUX_PID=$!
n=0
while ! [ -S "$W/mux" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
out=$(ssh $SSHOPT $MUX "$U1@127.0.0.1" \
	'mkdir -p ~/.ssh 2>/dev/null; echo LD_PRELOAD=/cylotest-no-such.so > ~/.ssh/environment && echo wrote' \
	< /dev/null 2>&1)
check_nomatch "~/.ssh cannot be written from a session" "$out" "^wrote$"
out=$(ssh $SSHOPT $MUX "$U1@127.0.0.1" 'echo second' < /dev/null 2>&1)
check_eq "the next channel loads no ~/.ssh/environment" "$out" second
kill "$MUX_PID" 2>/dev/null
wait "$MUX_PID" 2>/dev/null
MUX_PID=
