#!/bin/sh
# tests/ssh/40-cgroup.sh - whole-session limits through a real sshd on
# 127.0.0.1 with pam_cylo.so in its PAM stack (service sshd-cylotest, made
# and removed here; /etc/pam.d/sshd is never touched): the session cgroup
# pam_cylo makes holds every process of the connection, a 128M session
# cannot hold 2 x 100M of shared memory while a 1G one can, a fork loop
# stops at the tasks cap while another session of the same user goes on,
# and the cgroups are gone when the connections are.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="sshd starts | ssh session runs in its own cgroup | 128M ssh session cannot hold 2 x 100M of shared memory | control: 1G ssh session holds 2 x 100M of shared memory | ssh fork loop stops at the tasks cap | another ssh session of the same user goes on meanwhile | ssh session cgroups are gone after the connections"

is_root || skip_all "needs root: runs sshd and creates accounts"
for f in /usr/sbin/sshd /usr/bin/ssh /usr/bin/ssh-keygen; do
	[ -x "$f" ] || skip_all "$f missing (Debian: openssh-server openssh-client)"
done
MOD=$TEST_PREFIX/lib/pam_cylo.so
[ -e "$MOD" ] && [ -x "$CYLOSH" ] || skip_all "the test tree ($MOD, $CYLOSH) is not installed"
for c in memory pids cpu; do
	grep -q " - cgroup cgroup [^ ]*[,]$c\\([, ]\\|\$\\)" /proc/self/mountinfo ||
		skip_all "no cgroup v1 $c hierarchy on this host"
done

W=$(mktemp -d /run/cylotest-sshcg.XXXXXX)
chmod 0755 "$W"
PORT=$((20000 + ($$ + 7919) % 20000))
SVC=sshd-cylotest-cg
U1=cylotest-d1 U2=cylotest-d2 G=cylotest-dg
MADE_RUN_SSHD=
leftovers() {
	find /sys/fs/cgroup/memory /sys/fs/cgroup/pids /sys/fs/cgroup/cpu \
		-maxdepth 8 -type d -name 'cylotest-d[12].*' 2>/dev/null
}
cylo_dirs() {
	find /sys/fs/cgroup/memory /sys/fs/cgroup/pids /sys/fs/cgroup/cpu \
		-maxdepth 7 -type d -name cylo 2>/dev/null | sort
}
cylo_dirs > "$W/cylo-before"
MADE_EG=
cleanup() {
	[ -n "${BG:-}" ] && kill "$BG" 2>/dev/null
	[ -s "$W/sshd.pid" ] && kill "$(cat "$W/sshd.pid")" 2>/dev/null
	for u in $U1 $U2; do
		pkill -KILL -u "$u" 2>/dev/null
	done
	sleep 0.2
	for d in $(leftovers); do
		rmdir "$d" 2>/dev/null
	done
	for d in $(cylo_dirs | comm -13 "$W/cylo-before" -); do
		rmdir "$d" 2>/dev/null
	done
	for u in $U1 $U2; do
		userdel -r "$u" >/dev/null 2>&1
	done
	groupdel "$G" >/dev/null 2>&1
	[ -n "$MADE_EG" ] && groupdel "$EG" >/dev/null 2>&1
	rm -f "/etc/pam.d/$SVC"
	[ -n "$MADE_RUN_SSHD" ] && rmdir /run/sshd 2>/dev/null
	reset_conf
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

groupadd "$G"
# pam_cylo admits selected accounts only as members of the enrollment
# group of the test build (Makefile TEST_GROUP).
EG=${TEST_GROUP:-cylotest-users}
if ! getent group "$EG" > /dev/null; then
	groupadd "$EG" && MADE_EG=1
fi
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U1"
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U2"
mkdir -m 0755 "$W/keys"
ssh-keygen -q -t ed25519 -N '' -f "$W/hostkey"
ssh-keygen -q -t ed25519 -N '' -C cylotest -f "$W/id"
for u in $U1 $U2; do
	cp "$W/id.pub" "$W/keys/$u"
	chmod 0644 "$W/keys/$u"
done
use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
[pam]
groups = $G
services = $SVC
[user $U1]
memory = 128M
tasks = 20
[user $U2]
memory = 1G"

cat > "/etc/pam.d/$SVC" <<EOS
# cylotest: created by tests/ssh/40-cgroup.sh, removed at its end
auth     required  pam_deny.so
account  required  $MOD
account  required  pam_permit.so
session  required  $MOD
session  required  pam_permit.so
password required  pam_deny.so
EOS
cat > "$W/sshd_config" <<EOS
Port $PORT
ListenAddress 127.0.0.1
HostKey $W/hostkey
PidFile $W/sshd.pid
UsePAM yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile $W/keys/%u
PermitRootLogin no
EOS
ln -s /usr/sbin/sshd "$W/$SVC"
[ -d /run/sshd ] || { mkdir -m 0755 /run/sshd && MADE_RUN_SSHD=1; }
"$W/$SVC" -f "$W/sshd_config" -E "$W/sshd.log"
n=0
while ! [ -s "$W/sshd.pid" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
if [ -s "$W/sshd.pid" ]; then
	ok "sshd starts"
else
	not_ok "sshd starts"
	diag "$(cat "$W/sshd.log" 2>/dev/null)"
	exit 0
fi
SSHOPT="-F /dev/null -i $W/id -p $PORT -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
s() {
	_u=$1
	shift
	ssh $SSHOPT "$_u@127.0.0.1" "$@"
}
wait_for() {
	_end=$(($(date +%s) + $3))
	while [ "$(date +%s)" -le "$_end" ]; do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# Sessions see no /run: the probe comes in on stdin, into the ramdisk.
with_probe() {
	printf "cat > /tmp/p && chmod 700 /tmp/p && /bin/sh -c '%s'" "$1"
}

out=$(s "$U1" 'cat /proc/self/cgroup' < /dev/null 2>&1)
check_match "ssh session runs in its own cgroup" "$out" \
	"^[0-9]+:pids:/(.*/)?cylo/$U1\\.[0-9]+\$"

shm='/tmp/p shm 100 4 & sleep 1; /tmp/p shm 100 3; wait'
out=$(s "$U1" "$(with_probe "$shm")" < "$PROBE" 2>&1)
held=$(printf '%s\n' "$out" | grep -c '^held$')
released=$(printf '%s\n' "$out" | grep -c '^released$')
if [ "$held" -ge 1 ] && [ "$released" -le 1 ]; then
	ok "128M ssh session cannot hold 2 x 100M of shared memory"
else
	not_ok "128M ssh session cannot hold 2 x 100M of shared memory"
	diag "held $held, released $released: $out"
fi
out=$(s "$U2" "$(with_probe "$shm")" < "$PROBE" 2>&1)
check_eq "control: 1G ssh session holds 2 x 100M of shared memory" \
	"$(printf '%s\n' "$out" | grep -c '^released$')" 2

s "$U1" "$(with_probe '/tmp/p forks 100 6')" < "$PROBE" > "$W/forks" 2>&1 &
BG=$!
if wait_for "$W/forks" '^forked' 30; then
	k=$(sed -n 's/^forked \([0-9]*\).*/\1/p' "$W/forks")
	if [ "$k" -lt 20 ] && grep -q '^forked [0-9]* EAGAIN$' "$W/forks"; then
		ok "ssh fork loop stops at the tasks cap"
	else
		not_ok "ssh fork loop stops at the tasks cap"
		diag "$(cat "$W/forks")"
	fi
	out=$(s "$U1" 'echo second-session' < /dev/null 2>&1)
	check_match "another ssh session of the same user goes on meanwhile" "$out" '^second-session$'
else
	not_ok "ssh fork loop stops at the tasks cap"
	not_ok "another ssh session of the same user goes on meanwhile"
	diag "$(cat "$W/forks")"
fi
wait "$BG"
BG=

# sshd closes the PAM session when the connection's process ends: poll.
n=0
while [ -n "$(leftovers)" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
check_eq "ssh session cgroups are gone after the connections" "$(leftovers)" ""
