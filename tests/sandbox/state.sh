#!/bin/sh
# tests/sandbox/state.sh - the process state every session command runs in,
# read back from inside: no_new_privs, seccomp, no capabilities, the user's
# own ids (DESIGN.md section 3, steps 3, 7, 9, 10).
. "$TEST_SRC/tests/lib/lib.sh"

status=$(session 'cat /proc/self/status')
rc=$?
check_eq "a session runs cat (exit 0)" "$rc" 0

field() {
	printf '%s\n' "$status" | awk -v k="$1:" '$1 == k { print $2 }'
}

# Controls: the same fields on the host, as the test user, differ; a
# session that skipped a step would show the host's values.
host=$(as_user cat /proc/self/status)
hfield() {
	printf '%s\n' "$host" | awk -v k="$1:" '$1 == k { print $2 }'
}
check_eq "host control: NoNewPrivs is 0 outside a session" "$(hfield NoNewPrivs)" 0
check_eq "host control: Seccomp is 0 outside a session" "$(hfield Seccomp)" 0

check_eq "NoNewPrivs is 1 inside" "$(field NoNewPrivs)" 1
check_eq "Seccomp is 2 (filter) inside" "$(field Seccomp)" 2
for c in CapInh CapPrm CapEff CapBnd CapAmb; do
	check_eq "$c is empty inside" "$(field $c)" 0000000000000000
done
check_match "the real uid is the user's (all four ids)" "$(printf '%s\n' "$status" | grep '^Uid:')" \
	"^Uid:[[:space:]]+${TEST_UID}[[:space:]]+${TEST_UID}[[:space:]]+${TEST_UID}[[:space:]]+${TEST_UID}\$"
check_match "the session runs in a user namespace (uid_map is one line)" \
	"$(session 'cat /proc/self/uid_map')" "^ *$TEST_UID +$TEST_UID +1\$"
check_eq "setgroups is denied" "$(session 'cat /proc/self/setgroups')" deny

gid=$(id -g "$TEST_USER")
check_eq "id shows the real names" "$(session 'id')" \
	"uid=$TEST_UID($TEST_USER) gid=$gid($(id -gn "$TEST_USER")) groups=$gid($(id -gn "$TEST_USER"))"
check_eq "whoami" "$(session 'whoami')" "$TEST_USER"

# Landlock: the file system rules are in force.  The probe file on the
# read-only root is world-readable, and only Landlock (no rule covers
# /run) denies it.
if session 'ls /run/cylo/landlock-probe' > /dev/null 2>&1; then
	out=$(session 'cat /run/cylo/landlock-probe' 2>&1)
	check_match "Landlock denies a readable file no rule covers" "$out" \
		'Permission denied'
else
	skip "Landlock denies a readable file no rule covers" \
		"/run/cylo/landlock-probe is not in the session"
fi
