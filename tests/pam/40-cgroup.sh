#!/bin/sh
# tests/pam/40-cgroup.sh - whole-session limits carried by the session
# cgroup pam_cylo makes, end to end through `su - user -c cmd` (the real su,
# its PAM service su-l read from a private directory through pam_wrapper:
# /etc/pam.d is never touched).  This host's route is cgroup v1 (memory,
# pids, cpu hierarchies); the v2 route is 45-cgroup-v2.sh.
#
# Accounts cylotest-c1 (capped: memory 128M, tasks 20) and cylotest-c2
# (the control: memory 1G, cpu 50%), removed at the end with every cgroup
# the test's sessions made.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="--check names the v1 route | session runs in its own cgroup | 128M session cannot hold 2 x 100M of shared memory | control: 1G session holds 2 x 100M of shared memory | the cgroup carries the policy's memory and cpu | the user cannot raise the session's memory limit | the user cannot move a session process out of the cgroup | --policy shows the memory in use | cyloctl list shows the session cgroup's memory | fork loop stops at the tasks cap | another session of the same user goes on meanwhile | session cgroups are gone after the sessions | no route: the PAM session is refused | no route: nothing ran | outside PAM: a session-wide limit without a cgroup fails closed | outside PAM: the failure names the step | per-process: runs without a cgroup | per-process: --policy shows the limits as not enforced | systemd route: --check names it | systemd route: StartTransientUnit asks for the scope with the limits | systemd route: the scope holds the login process | systemd route: cylosh still checks the limits (the stand-in made no cgroup) | systemd route: a refusal refuses the session | systemd route: a failed job refuses the session"

is_root || skip_all "needs root: runs su for test accounts and reads their cgroups"
MOD=$TEST_PREFIX/lib/pam_cylo.so
[ -e "$MOD" ] && [ -x "$CYLOSH" ] || skip_all "the test tree ($MOD, $CYLOSH) is not installed"
pkg-config --exists pam_wrapper || skip_all "pam_wrapper missing (Debian: libpam-wrapper)"
for c in memory pids cpu; do
	grep -q " - cgroup cgroup [^ ]*[,]$c\\([, ]\\|\$\\)" /proc/self/mountinfo ||
		skip_all "no cgroup v1 $c hierarchy on this host"
done
PWRAP_LIB=$(pkg-config --libs pam_wrapper)

W=$(mktemp -d /run/cylotest-cg.XXXXXX)
chmod 0755 "$W"
U1=cylotest-c1 U2=cylotest-c2 G=cylotest-cg
# Every session cgroup of the test accounts, in every hierarchy.
leftovers() {
	find /sys/fs/cgroup/memory /sys/fs/cgroup/pids /sys/fs/cgroup/cpu \
		-maxdepth 8 -type d -name 'cylotest-c[12].*' 2>/dev/null
}
# The cylo directories pam_cylo makes on first use (it keeps them): the
# ones this test made go at its end.
cylo_dirs() {
	find /sys/fs/cgroup/memory /sys/fs/cgroup/pids /sys/fs/cgroup/cpu \
		-maxdepth 7 -type d -name cylo 2>/dev/null | sort
}
cylo_dirs > "$W/cylo-before"
MADE_EG=
cleanup() {
	for u in $U1 $U2; do
		pkill -KILL -u "$u" 2>/dev/null
	done
	[ -n "${BG:-}" ] && kill "$BG" 2>/dev/null && wait "$BG" 2>/dev/null
	[ -n "${STANDIN:-}" ] && kill "$STANDIN" 2>/dev/null
	[ -n "${BUSD:-}" ] && kill "$BUSD" 2>/dev/null
	# The sessions' cgroups: empty once their processes are gone.
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
BASE_CONF=$(cat "$TEST_SRC/tests/lib/cylo.conf")
use_conf "$BASE_CONF
[pam]
groups = $G
services = su-l
[user $U1]
memory = 128M
tasks = 20
[user $U2]
memory = 1G
cpu = 50%"

su_services "$W/svc"
# pw CMD...: CMD with the private PAM services.
pw() {
	env LD_PRELOAD="$PWRAP_LIB" PAM_WRAPPER=1 PAM_WRAPPER_SERVICE_DIR="$W/svc" "$@"
}
# wait_for FILE REGEX SECS: poll FILE until it matches.
wait_for() {
	_end=$(($(date +%s) + $3))
	while [ "$(date +%s)" -le "$_end" ]; do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

check_match "--check names the v1 route" "$("$CYLOSH" --check 2>&1)" \
	'^ok +session cgroup route +v1: '

out=$(pw su - "$U1" -c 'cat /proc/self/cgroup' < /dev/null 2>&1)
check_match "session runs in its own cgroup" "$out" \
	"^[0-9]+:memory:/(.*/)?cylo/$U1\\.[0-9]+\$"

# Sessions see no /run: the probe comes in on stdin, into the ramdisk.
# with_probe CMD: CMD run by the session's sh with the probe at /tmp/p.
with_probe() {
	printf "cat > /tmp/p && chmod 700 /tmp/p && /bin/sh -c '%s'" "$1"
}

# Two processes of one session each fill 100 MiB of shared memory (memfd)
# and hold it, saying "released" if they lived through it; the second
# starts while the first holds.  Under 128 MiB the session's own OOM killer
# ends one of them: at most one holds to the end.  At least one must have
# held, or the test proves nothing.
shm='/tmp/p shm 100 4 & sleep 1; /tmp/p shm 100 3; wait'
out=$(pw su - "$U1" -c "$(with_probe "$shm")" < "$PROBE" 2>&1)
held=$(printf '%s\n' "$out" | grep -c '^held$')
released=$(printf '%s\n' "$out" | grep -c '^released$')
if [ "$held" -ge 1 ] && [ "$released" -le 1 ]; then
	ok "128M session cannot hold 2 x 100M of shared memory"
else
	not_ok "128M session cannot hold 2 x 100M of shared memory"
	diag "held $held, released $released: $out"
fi
out=$(pw su - "$U2" -c "$(with_probe "$shm")" < "$PROBE" 2>&1)
check_eq "control: 1G session holds 2 x 100M of shared memory" \
	"$(printf '%s\n' "$out" | grep -c '^released$')" 2

# A session of U2 holding 100 MiB while we look from outside.
pw su - "$U2" -c "$(with_probe '/tmp/p shm 100 6')" < "$PROBE" > "$W/bg" 2>&1 &
BG=$!
if wait_for "$W/bg" '^held$' 20; then
	d=$(leftovers | grep "/memory/.*/$U2\\." | head -n 1)
	c=$(leftovers | grep "/cpu/.*/$U2\\." | head -n 1)
	check_eq "the cgroup carries the policy's memory and cpu" \
		"$(cat "$d/memory.limit_in_bytes" "$d/memory.memsw.limit_in_bytes" \
			"$c/cpu.cfs_quota_us" "$c/cpu.cfs_period_us" 2>&1 | tr '\n' ' ')" \
		"1073741824 1073741824 50000 100000 "
	# The cgroup is root's: from the host, as the user, neither the limit
	# nor the membership can be changed.  (Sessions have no /sys at all.)
	as_u2() {
		setpriv --reuid="$U2" --regid="$U2" --init-groups "$@"
	}
	if [ -n "$d" ] && ! as_u2 sh -c "echo 2147483648 > '$d/memory.limit_in_bytes'" 2>/dev/null &&
		[ "$(cat "$d/memory.limit_in_bytes")" = 1073741824 ]; then
		ok "the user cannot raise the session's memory limit"
	else
		not_ok "the user cannot raise the session's memory limit"
	fi
	spid=$(head -n 1 "$d/cgroup.procs" 2>/dev/null)
	if [ -n "$spid" ] && ! as_u2 sh -c "echo $spid > '${d%/cylo/*}/cgroup.procs'" 2>/dev/null &&
		grep -qx "$spid" "$d/cgroup.procs"; then
		ok "the user cannot move a session process out of the cgroup"
	else
		not_ok "the user cannot move a session process out of the cgroup"
	fi
	pol=$("$CYLOSH" --policy "$U2" 2>&1)
	used=$(printf '%s\n' "$pol" | sed -n 's/^# session cgroup .*(\([0-9]*\) bytes)$/\1/p' | head -n 1)
	if [ -n "$used" ] && [ "$used" -ge $((100 << 20)) ]; then
		ok "--policy shows the memory in use"
	else
		not_ok "--policy shows the memory in use"
		diag "$pol"
	fi
	# cyloctl: the cgroup's charge (the 100 MiB of shared memory are
	# the session's), not the resident memory of its processes.
	ctl=$("$TEST_BUILD/test/cyloctl" list 2>&1)
	mib=$(printf '%s\n' "$ctl" | sed -n "s/^$U2 .* \([0-9]*\) MiB cgroup\$/\1/p" | head -n 1)
	if [ -n "$mib" ] && [ "$mib" -ge 100 ]; then
		ok "cyloctl list shows the session cgroup's memory"
	else
		not_ok "cyloctl list shows the session cgroup's memory"
		diag "$ctl"
	fi
else
	not_ok "the cgroup carries the policy's memory and cpu"
	not_ok "the user cannot raise the session's memory limit"
	not_ok "the user cannot move a session process out of the cgroup"
	not_ok "--policy shows the memory in use"
	not_ok "cyloctl list shows the session cgroup's memory"
	diag "$(cat "$W/bg")"
fi
wait "$BG"
BG=

# A fork loop in one session of U1 stops at its 20 tasks; meanwhile another
# session of U1 starts and runs (tasks counts the session, not the user).
pw su - "$U1" -c "$(with_probe '/tmp/p forks 100 6')" < "$PROBE" > "$W/forks" 2>&1 &
BG=$!
if wait_for "$W/forks" '^forked' 20; then
	k=$(sed -n 's/^forked \([0-9]*\).*/\1/p' "$W/forks")
	if [ "$k" -lt 20 ] && grep -q '^forked [0-9]* EAGAIN$' "$W/forks"; then
		ok "fork loop stops at the tasks cap"
	else
		not_ok "fork loop stops at the tasks cap"
		diag "$(cat "$W/forks")"
	fi
	out=$(pw su - "$U1" -c 'echo second-session' < /dev/null 2>&1)
	check_match "another session of the same user goes on meanwhile" "$out" '^second-session$'
else
	not_ok "fork loop stops at the tasks cap"
	not_ok "another session of the same user goes on meanwhile"
	diag "$(cat "$W/forks")"
fi
wait "$BG"
BG=

check_eq "session cgroups are gone after the sessions" "$(leftovers)" ""

# No route: without the pids hierarchy (unmounted in a private mount
# namespace) U1's tasks limit cannot be carried: the session is refused.
rm -f "$W/ran"
out=$(unshare -m --propagation private sh -c '
	umount -l /sys/fs/cgroup/pids || exit 99
	exec env LD_PRELOAD="$1" PAM_WRAPPER=1 PAM_WRAPPER_SERVICE_DIR="$2" \
		su - "$3" -c "echo ran"' sh "$PWRAP_LIB" "$W/svc" "$U1" < /dev/null 2>&1)
rc=$?
check_eq "no route: the PAM session is refused" "$rc" 1
check_eq "no route: nothing ran" "$(printf '%s\n' "$out" | grep -c '^ran$')" 0

# Outside PAM, cylosh itself checks its cgroup: U1's policy asks for
# memory, and a process started by hand is in no cgroup that carries it.
out=$(setpriv --reuid="$U1" --regid="$U1" --init-groups env -i \
	HOME="/home/$U1" USER="$U1" PATH=/usr/bin:/bin "$CYLOSH" -c 'echo ran' < /dev/null 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^ran$'; then
	ok "outside PAM: a session-wide limit without a cgroup fails closed"
else
	not_ok "outside PAM: a session-wide limit without a cgroup fails closed"
	diag "exit $rc: $out"
fi
check_match "outside PAM: the failure names the step" "$out" \
	'session cgroup.*memory = 128M'

use_conf "$BASE_CONF
[user $U1]
memory = 128M
session_limits = per-process"
out=$(setpriv --reuid="$U1" --regid="$U1" --init-groups env -i \
	HOME="/home/$U1" USER="$U1" PATH=/usr/bin:/bin "$CYLOSH" -c 'echo ran' < /dev/null 2>&1)
check_match "per-process: runs without a cgroup" "$out" '^ran$'
check_match "per-process: --policy shows the limits as not enforced" \
	"$("$CYLOSH" --policy "$U1")" \
	'^# memory = 128M \(not enforced: session_limits = per-process\)$'

# ---- the systemd route, against a stand-in --------------------------------
# systemd is not pid 1 here.  In a private mount namespace a tmpfs on
# /run/systemd gets a "system" directory (what sd_booted(3) tests), and
# pam_cylo's sd-bus reaches a private dbus-daemon through
# DBUS_SYSTEM_BUS_ADDRESS, where tests/pam/systemd-standin.py answers for
# systemd.  What runs for real: pam_cylo's route choice, its D-Bus calls
# and its handling of the answers, and cylosh's own check; not systemd.
SD_ALL="systemd route: --check names it | systemd route: StartTransientUnit asks for the scope with the limits | systemd route: the scope holds the login process | systemd route: cylosh still checks the limits (the stand-in made no cgroup) | systemd route: a refusal refuses the session | systemd route: a failed job refuses the session"
sd_skip() {
	printf '%s\n' "$SD_ALL" | tr '|' '\n' | while read -r _d; do skip "$_d" "$1"; done
}
if ! command -v dbus-daemon > /dev/null; then
	sd_skip "dbus-daemon missing (Debian: dbus-daemon)"
elif ! /usr/bin/python3 -c 'import dbus, gi' 2> /dev/null; then
	sd_skip "python3-dbus or python3-gi missing"
elif [ ! -d /run/systemd ]; then
	sd_skip "no /run/systemd to cover in a private mount namespace"
else
	mkdir -m 0755 "$W/sd"
	cat > "$W/sd/bus.conf" <<EOS
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>custom</type>
  <listen>unix:path=$W/sd/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="root"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
EOS
	dbus-daemon --config-file="$W/sd/bus.conf" --nofork --nopidfile > "$W/sd/busd.log" 2>&1 &
	BUSD=$!
	n=0
	while [ ! -S "$W/sd/bus" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	echo done > "$W/sd/mode"
	/usr/bin/python3 "$TEST_SRC/tests/pam/systemd-standin.py" "unix:path=$W/sd/bus" "$W/sd" \
		> "$W/sd/standin.log" 2>&1 &
	STANDIN=$!
	n=0
	while [ ! -s "$W/sd/ready" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
	# sd CMD...: CMD in a private mount namespace where systemd seems to run.
	sd() {
		unshare -m --propagation private sh -c '
			mount -t tmpfs -o mode=0755 tmpfs /run/systemd &&
				mkdir /run/systemd/system || exit 99
			exec "$@"' sh env DBUS_SYSTEM_BUS_ADDRESS="unix:path=$W/sd/bus" \
			LD_PRELOAD="$PWRAP_LIB" PAM_WRAPPER=1 PAM_WRAPPER_SERVICE_DIR="$W/svc" "$@"
	}
	use_conf "$BASE_CONF
[pam]
groups = $G
services = su-l
[user $U1]
memory = 128M
tasks = 20
cpu = 50%"
	if [ ! -s "$W/sd/ready" ]; then
		sd_skip "the stand-in did not start: $(cat "$W/sd/standin.log" "$W/sd/busd.log")"
	else
		check_match "systemd route: --check names it" "$(sd "$CYLOSH" --check 2>&1)" \
			'session cgroup route +systemd: '
		out=$(sd su - "$U1" -c 'echo ran' < /dev/null 2>&1)
		call=$(tail -n 1 "$W/sd/calls" 2>/dev/null)
		check_match "systemd route: StartTransientUnit asks for the scope with the limits" \
			"$call" "^cylo-$(id -u "$U1")-[0-9]+\\.scope fail Description=cylosh session PIDs=\\[[0-9]+\\] CollectMode=inactive-or-failed MemoryMax=134217728 MemorySwapMax=0 TasksMax=20 CPUQuotaPerSecUSec=500000 aux=0\$"
		# The scope is named after the process that asked, and holds it.
		upid=$(printf '%s\n' "$call" | sed -n 's/^cylo-[0-9]*-\([0-9]*\)\.scope .*/\1/p')
		ppid=$(printf '%s\n' "$call" | sed -n 's/.* PIDs=\[\([0-9]*\)\] .*/\1/p')
		check_eq "systemd route: the scope holds the login process" "${upid:-none}" "${ppid:-other}"
		if printf '%s\n' "$out" | grep -q 'session cgroup' &&
			! printf '%s\n' "$out" | grep -q '^ran$'; then
			ok "systemd route: cylosh still checks the limits (the stand-in made no cgroup)"
		else
			not_ok "systemd route: cylosh still checks the limits (the stand-in made no cgroup)"
			diag "$out"
		fi
		echo refuse > "$W/sd/mode"
		out=$(sd su - "$U1" -c 'echo ran' < /dev/null 2>&1)
		rc=$?
		check_eq "systemd route: a refusal refuses the session" \
			"$rc:$(printf '%s\n' "$out" | grep -c '^ran$'):$(wc -l < "$W/sd/calls")" "1:0:2"
		echo failed > "$W/sd/mode"
		out=$(sd su - "$U1" -c 'echo ran' < /dev/null 2>&1)
		rc=$?
		check_eq "systemd route: a failed job refuses the session" \
			"$rc:$(printf '%s\n' "$out" | grep -c '^ran$'):$(wc -l < "$W/sd/calls")" "1:0:3"
	fi
	kill "$STANDIN" "$BUSD" 2>/dev/null
	STANDIN= BUSD=
fi
