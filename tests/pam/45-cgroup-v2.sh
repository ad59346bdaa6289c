#!/bin/sh
# tests/pam/45-cgroup-v2.sh - the v2 route of the session cgroup, on a real
# cgroup2 hierarchy, through PAM (`su - user -c cmd` with pam_wrapper, as in
# 40-cgroup.sh).  The host's mounts are never changed: every run happens in
# a private mount namespace whose /sys/fs/cgroup is the cgroup2 hierarchy
# alone, so pam_cylo and cylosh see a pure v2 host.
#
# This host binds memory, pids and cpu to cgroup v1; its cgroup2 hierarchy
# offers none of them.  A controller without child cgroups (pids, cpu)
# could be rebound to v2 by unmounting its v1 hierarchy, but only in the
# host's mount namespace, for the whole machine and every engineer and test
# using it, and with no way to restore it if the test is killed: not done
# (see INSTALL).  What runs for real here: --check on a v2 host, the route
# choice, and a policy limit the hierarchy cannot carry refusing the
# session with nothing made.  A session whose limits the hierarchy carries
# runs where cgroup2 offers pids and cpu, and is a skip otherwise.
#
# Account cylotest-c3, removed at the end with every cgroup it made.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="--check names the v2 route on a v2 host | --check says what the hierarchy lacks | memory on a v2 hierarchy without it: the PAM session is refused | memory on a v2 hierarchy without it: nothing ran | memory on a v2 hierarchy without it: the user is told | memory on a v2 hierarchy without it: no cgroup is made | v2 session: runs in its own cgroup | v2 session: the cgroup carries tasks and cpu | v2 session: the cgroup is gone after the session"

is_root || skip_all "needs root: runs su for a test account in a private mount namespace"
MOD=$TEST_PREFIX/lib/pam_cylo.so
[ -e "$MOD" ] && [ -x "$CYLOSH" ] || skip_all "the test tree ($MOD, $CYLOSH) is not installed"
pkg-config --exists pam_wrapper || skip_all "pam_wrapper missing (Debian: libpam-wrapper)"
command -v unshare > /dev/null || skip_all "unshare missing (Debian: util-linux)"
# v2 CMD...: CMD in a private mount namespace with cgroup2 alone at
# /sys/fs/cgroup.
v2() {
	unshare -m --propagation private sh -c '
		umount -l /sys/fs/cgroup 2>/dev/null
		mount -t cgroup2 none /sys/fs/cgroup || exit 99
		exec "$@"' sh "$@"
}
v2 true || skip_all "cannot mount cgroup2 in a private mount namespace"
PWRAP_LIB=$(pkg-config --libs pam_wrapper)

W=$(mktemp -d /run/cylotest-cg2.XXXXXX)
chmod 0755 "$W"
U=cylotest-c3 G=cylotest-cg3
leftovers() {
	v2 find /sys/fs/cgroup -maxdepth 3 -type d -name "$U.*" 2>/dev/null
}
had_cylo=$(v2 sh -c '[ -d /sys/fs/cgroup/cylo ] && echo yes')
MADE_EG=
cleanup() {
	pkill -KILL -u "$U" 2>/dev/null
	for d in $(leftovers); do
		v2 rmdir "$d" 2>/dev/null
	done
	[ -z "$had_cylo" ] && v2 rmdir /sys/fs/cgroup/cylo 2>/dev/null
	userdel -r "$U" >/dev/null 2>&1
	groupdel "$G" >/dev/null 2>&1
	[ -n "$MADE_EG" ] && groupdel "$EG" >/dev/null 2>&1
	reset_conf
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

groupadd "$G"
enroll_group
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U"
BASE_CONF="$(cat "$TEST_SRC/tests/lib/cylo.conf")
[pam]
groups = $G
services = su-l"
su_services "$W/svc"
# v2su CMD: su - $U -c CMD with the private PAM services, on the v2 host.
v2su() {
	v2 env LD_PRELOAD="$PWRAP_LIB" PAM_WRAPPER=1 \
		PAM_WRAPPER_SERVICE_DIR="$W/svc" su - "$U" -c "$1" < /dev/null 2>&1
}

offers=$(v2 cat /sys/fs/cgroup/cgroup.controllers)
use_conf "$BASE_CONF
[default]
memory = 128M"
out=$(v2 "$CYLOSH" --check 2>&1)
check_match "--check names the v2 route on a v2 host" "$out" \
	'session cgroup route +v2: cgroup2 at /sys/fs/cgroup offers'
if printf '%s\n' "$offers" | grep -qw memory; then
	skip "--check says what the hierarchy lacks" "cgroup2 here offers memory"
else
	check_match "--check says what the hierarchy lacks" "$out" \
		'^FAIL +session cgroup route +v2: .*; it lacks memory'
fi

# A policy limit the v2 hierarchy cannot carry: the session is refused at
# the cgroup step, before anything is made.
use_conf "$BASE_CONF
[user $U]
memory = 128M"
if printf '%s\n' "$offers" | grep -qw memory; then
	for d in "the PAM session is refused" "nothing ran" "the user is told" "no cgroup is made"; do
		skip "memory on a v2 hierarchy without it: $d" "cgroup2 here offers memory"
	done
else
	out=$(v2su 'echo ran')
	rc=$?
	check_eq "memory on a v2 hierarchy without it: the PAM session is refused" "$rc" 1
	check_eq "memory on a v2 hierarchy without it: nothing ran" \
		"$(printf '%s\n' "$out" | grep -c '^ran$')" 0
	check_match "memory on a v2 hierarchy without it: the user is told" "$out" \
		"Session refused: the session's memory, task and CPU limits cannot be set up"
	check_eq "memory on a v2 hierarchy without it: no cgroup is made" \
		"$(leftovers)$(v2 sh -c '[ -d /sys/fs/cgroup/cylo ] && echo yes')" "$had_cylo"
fi

# A policy the hierarchy carries: tasks and cpu.
use_conf "$BASE_CONF
[user $U]
tasks = 20
cpu = 50%"
if printf '%s\n' "$offers" | grep -qw pids && printf '%s\n' "$offers" | grep -qw cpu; then
	v2su 'cat /proc/self/cgroup; exec sleep 3' > "$W/bg" &
	bg=$!
	end=$(($(date +%s) + 15))
	while [ -z "$(leftovers)" ] && [ "$(date +%s)" -le "$end" ]; do
		sleep 0.1
	done
	lim=$(leftovers | while read -r d; do v2 cat "$d/pids.max" "$d/cpu.max"; done | tr '\n' ' ')
	wait "$bg"
	out=$(cat "$W/bg")
	check_match "v2 session: runs in its own cgroup" "$out" "^0::/cylo/$U\\.[0-9]+\$"
	check_eq "v2 session: the cgroup carries tasks and cpu" "$lim" "20 50000 100000 "
	check_eq "v2 session: the cgroup is gone after the session" "$(leftovers)" ""
else
	why="cgroup2 here offers '$(printf '%s' "$offers" | tr '\n' ' ')': pids and cpu are bound to cgroup v1 on this host, and rebinding them would change the machine for all its users"
	skip "v2 session: runs in its own cgroup" "$why"
	skip "v2 session: the cgroup carries tasks and cpu" "$why"
	skip "v2 session: the cgroup is gone after the session" "$why"
fi
