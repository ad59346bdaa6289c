#!/bin/sh
# tests/sandbox/pamhint.sh - the PAM module's home hint is a claim, checked
# by cylosh: a hint that does not hold (not the home, not a tmpfs) ends the
# session before any command runs; there is no fallback to a ramdisk of its
# own.
. "$TEST_SRC/tests/lib/lib.sh"

hinted() {
	as_user env CYLO_HOME_TMPFS="$1" "$CYLOSH" -c 'echo CMD-RAN' < /dev/null 2>&1
}

out=$(hinted "$TEST_HOME")
rc=$?
check_eq "a hint naming a home that is not a tmpfs is refused (exit 125)" "$rc" 125
check_match "... naming the step" "$out" '^cylosh: cannot set up the session: PAM-prepared home: .*not a tmpfs'
check_nomatch "... and the command did not run" "$out" 'CMD-RAN'

out=$(hinted /tmp)
rc=$?
check_eq "a hint naming another directory is refused (exit 125)" "$rc" 125
check_match "... saying it is not the home" "$out" 'is not the home directory'
check_nomatch "... and the command did not run" "$out" 'CMD-RAN'

out=$(as_user "$CYLOSH" -c 'echo CMD-RAN' < /dev/null 2>&1)
check_eq "without a hint the session makes its own ramdisk" "$out" CMD-RAN
