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

# A valid hint: the home is a tmpfs, as pam_cylo.so leaves it (simulated in
# a private mount namespace).  Its ~/.cylo lives on between the sessions
# of one login, so the user can turn it into a link by then: the session
# must not follow it out of the ramdisk (it would put /tmp on the host).
if is_root; then
	# Outside /tmp: the new root is staged over the host's /tmp.
	P=/run/cylotest-persist.$$
	mkdir -p "$P" && chown "$TEST_USER" "$P"
	# pam_session SETUP: SETUP (as the user) in the tmpfs home, then a
	# session with the hint; its output in $out, status in $rc.
	pam_session() {
		out=$(unshare -m --propagation private sh -c '
			mount -t tmpfs -o "size=64m,mode=0700,uid=$(id -u "$1"),gid=$(id -g "$1")" cylotest-pam "$2" || exit 99
			setpriv --reuid="$1" --regid="$(id -g "$1")" --init-groups sh -c "cd \"\$0\" && $3" "$2" || exit 98
			exec setpriv --reuid="$1" --regid="$(id -g "$1")" --init-groups \
				env -i HOME="$2" USER="$1" LOGNAME="$1" PATH=/usr/bin:/bin \
				CYLO_HOME_TMPFS="$2" "$4" -c "echo CMD-RAN; echo x > /tmp/f; stat -f -c %T /tmp"
		' sh "$TEST_USER" "$TEST_HOME" "$1" "$CYLOSH" < /dev/null 2>&1)
		rc=$?
	}
	pam_session 'true'
	check_eq "a valid hint: the session uses the PAM tmpfs, /tmp inside it" \
		"$rc:$out" "0:CMD-RAN
tmpfs"
	pam_session "ln -s '$P' .cylo"
	check_eq "~/.cylo made a link: the session is refused (exit 125)" "$rc" 125
	check_match "... saying so" "$out" 'cannot set up the session: .*~/\.cylo is not a directory \(a link\?\)'
	check_nomatch "... and the command did not run" "$out" 'CMD-RAN'
	check_eq "... and nothing landed in the link's target" "$(ls -A "$P")" ""
	pam_session "mkdir -p .cylo && ln -s '$P' .cylo/tmp"
	check_eq "~/.cylo/tmp made a link: the session is refused (exit 125)" "$rc" 125
	check_eq "... and nothing landed in its target" "$(ls -A "$P")" ""
	rm -rf "$P"
else
	skip "a valid hint: the session uses the PAM tmpfs, /tmp inside it" "needs root (a tmpfs at the home)"
fi
