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

. "$TEST_SRC/tests/lib/sshd.inc"
sshd_need
for c in memory pids cpu; do
	grep -q " - cgroup cgroup [^ ]*[,]$c\\([, ]\\|\$\\)" /proc/self/mountinfo ||
		skip_all "no cgroup v1 $c hierarchy on this host"
done

sshd_init sshcg 7727 sshd-cylotest-cg
U1=cylotest-d1 U2=cylotest-d2 G=cylotest-dg
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
	sshd_stop
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
	reset_conf
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

groupadd "$G"
enroll_group
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U1"
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U2"
sshd_keys $U1 $U2
use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
[pam]
groups = $G
services = $SVC
[user $U1]
memory = 128M
tasks = 20
[user $U2]
memory = 1G"

sshd_pam_service tests/ssh/40-cgroup.sh
sshd_config < /dev/null
sshd_start || exit 0
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
