#!/bin/sh
# tests/sandbox/persist.sh - the persistent store (cylo.conf "persist",
# issue 11): STORE/USER at ~/persist in every session, kept between
# sessions and seen on the host, nosuid/nodev (noexec with home_noexec),
# shared by concurrent sessions; read by a persist_group teacher and by
# nobody else; a missing or unsafe store, or a link at STORE/USER or on the
# way to it, fails closed before the shell starts.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="a missing store fails closed | the failure names the step and cylo-enroll | a file written in one session is there in the next | the file is on the host, the user's | the rest of the home is not kept | ~/persist is nosuid and nodev | home_noexec makes ~/persist noexec | concurrent sessions share the store | a link at STORE/USER is refused | a link on the way to STORE is refused | a store writable by others is refused | a STORE writable by group is refused | persist_group: the store must be setgid and the group's | persist_group: a teacher in the group reads the work | persist_group: another user does not | the login message says what is kept | the idle warning says what is kept | a session without a store says nothing is kept | --check as root: a store without quotas is a warning | --check as root: a store with user quotas is ok"
is_root || skip_all "needs root (CI runs the suite as root)"

B=/var/lib/cylotest-persist
S=$B/store
U=$TEST_USER
G=$(id -gn "$U")
H=$TEST_HOME
cleanup() {
	reset_conf
	tmux_stop persist 2>/dev/null
	rm -rf "$B" /var/lib/cylotest-persist-link
	for u in cylotest-pt cylotest-po; do
		userdel "$u" > /dev/null 2>&1
	done
	groupdel cylotest-pg > /dev/null 2>&1
}
trap cleanup EXIT
rm -rf "$B"
install -d -m 0755 "$B" "$S"

conf() {
	use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
persist = $S
$1"
}

conf ""
out=$(session 'echo RAN' 2>&1)
rc=$?
check_eq "a missing store fails closed" "$rc:$(echo "$out" | grep -c RAN)" "125:0"
check_match "the failure names the step and cylo-enroll" "$(echo "$out" | tr '\n' ' ')" \
	"persist store.*$S/$U.*cylo-enroll"

install -d -m 0700 -o "$U" -g "$G" "$S/$U"
session "echo kept > $H/persist/work.txt; echo gone > $H/other.txt" > /dev/null 2>&1
check_eq "a file written in one session is there in the next" \
	"$(session "cat $H/persist/work.txt" 2>&1)" kept
check_eq "the file is on the host, the user's" \
	"$(cat "$S/$U/work.txt" 2>&1) $(stat -c %U "$S/$U/work.txt" 2>&1)" "kept $U"
check_eq "the rest of the home is not kept" \
	"$(session "cat $H/other.txt 2>/dev/null || echo absent")" absent
opts=$(session 'cat /proc/self/mountinfo' | awk -v p="$H/persist" '$5 == p { print $6 }')
if printf '%s' "$opts" | grep -Eq '(^|,)nosuid(,|$)' &&
	printf '%s' "$opts" | grep -Eq '(^|,)nodev(,|$)'; then
	ok "~/persist is nosuid and nodev"
else
	not_ok "~/persist is nosuid and nodev"
	diag "mount options: $opts"
fi
conf "home_noexec = yes"
opts=$(session 'cat /proc/self/mountinfo' | awk -v p="$H/persist" '$5 == p { print $6 }')
check_match "home_noexec makes ~/persist noexec" "$opts" '(^|,)noexec(,|$)'
conf ""

# One session waits for a file the other writes.
session "i=0; while [ ! -e $H/persist/ping ] && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i+1)); done; cat $H/persist/ping" \
	> "$TEST_TMP/persist.a" 2>&1 &
a=$!
session "echo pong > $H/persist/ping" > /dev/null 2>&1
wait "$a"
check_eq "concurrent sessions share the store" "$(cat "$TEST_TMP/persist.a")" pong

# Links: at STORE/USER (pointing at a directory of the user's), and on the
# way to STORE.
mv "$S/$U" "$S/real"
ln -s "$S/real" "$S/$U"
out=$(session 'echo RAN' 2>&1)
check_match "a link at STORE/USER is refused" "$?:$out" \
	"^125:.*persist store.*symbolic link"
rm "$S/$U"
mv "$S/real" "$S/$U"
ln -s "$B" /var/lib/cylotest-persist-link
use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
persist = /var/lib/cylotest-persist-link/store"
out=$(session 'echo RAN' 2>&1)
check_match "a link on the way to STORE is refused" "$?:$out" \
	"^125:.*persist store.*symbolic link"
conf ""

chmod 0777 "$S/$U"
out=$(session 'echo RAN' 2>&1)
check_match "a store writable by others is refused" "$?:$out" \
	"^125:.*writable by group or others"
chmod 0700 "$S/$U"
chmod 0775 "$S"
out=$(session 'echo RAN' 2>&1)
check_match "a STORE writable by group is refused" "$?:$out" \
	"^125:.*must be a directory owned by root"
chmod 0755 "$S"

# A teachers' group.
groupadd cylotest-pg
useradd -M -d /nonexistent -s /bin/sh -G cylotest-pg cylotest-pt
useradd -M -d /nonexistent -s /bin/sh cylotest-po
conf "persist_group = cylotest-pg"
out=$(session 'echo RAN' 2>&1)
check_match "persist_group: the store must be setgid and the group's" "$?:$out" \
	"^125:.*not to the persist_group"
chgrp cylotest-pg "$S/$U"
chmod 2750 "$S/$U"
session "echo answer > $H/persist/hw1.txt" > /dev/null 2>&1
check_eq "persist_group: a teacher in the group reads the work" \
	"$(setpriv --reuid=cylotest-pt --regid=cylotest-pt --init-groups cat "$S/$U/hw1.txt" 2>&1)" \
	answer
if setpriv --reuid=cylotest-po --regid=cylotest-po --init-groups \
	cat "$S/$U/hw1.txt" > /dev/null 2>&1; then
	not_ok "persist_group: another user does not"
else
	ok "persist_group: another user does not"
fi
chgrp "$G" "$S/$U"
chmod 0700 "$S/$U"
conf ""

if command -v tmux > /dev/null 2>&1; then
	tmux_start persist setpriv --reuid="$U" --regid="$U" --init-groups \
		env -i HOME="$H" USER="$U" LOGNAME="$U" PATH=/usr/bin:/bin \
		TERM=xterm "$CYLOSH" -l
	if tmux_wait persist 'files in ~/persist are kept; everything else in the home goes at logout' 15; then
		ok "the login message says what is kept"
	else
		not_ok "the login message says what is kept"
		diag "$(tmux_screen persist)"
	fi
	tmux_stop persist
	conf "idle_timeout = 4s"
	tmux_start persist setpriv --reuid="$U" --regid="$U" --init-groups \
		env -i HOME="$H" USER="$U" LOGNAME="$U" PATH=/usr/bin:/bin \
		TERM=xterm "$CYLOSH"
	if tmux_wait persist 'unless you type something; files in ~/persist are kept' 15; then
		ok "the idle warning says what is kept"
	else
		not_ok "the idle warning says what is kept"
		diag "$(tmux_screen persist)"
	fi
	tmux_stop persist
	reset_conf
	tmux_start persist setpriv --reuid="$U" --regid="$U" --init-groups \
		env -i HOME="$H" USER="$U" LOGNAME="$U" PATH=/usr/bin:/bin \
		TERM=xterm "$CYLOSH" -l
	if tmux_wait persist 'nothing in the home is kept' 15; then
		ok "a session without a store says nothing is kept"
	else
		not_ok "a session without a store says nothing is kept"
		diag "$(tmux_screen persist)"
	fi
	tmux_stop persist
else
	skip "the login message says what is kept" "tmux is not installed"
	skip "the idle warning says what is kept" "tmux is not installed"
	skip "a session without a store says nothing is kept" "tmux is not installed"
fi

# Quotas: --check as root asks the kernel about the store's file system.
conf ""
out=$("$CYLOSH" --check 2>&1)
check_match "--check as root: a store without quotas is a warning" "$out" \
	"^warn +persist store quotas +$S: no quota enforced"
mkdir -p "$B/q"
out=$(unshare -m --propagation private sh -c '
	mount -t tmpfs -o usrquota,size=4m tmpfs "$1" || exit 99
	install -d -m 0755 "$1/store"
	exec "$2" --check' sh "$B/q" "$CYLOSH" 2>&1)
if [ $? = 99 ]; then
	skip "--check as root: a store with user quotas is ok" "this kernel has no quota support (CONFIG_QUOTA, CONFIG_TMPFS_QUOTA)"
else
	use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
persist = $B/q/store"
	out=$(unshare -m --propagation private sh -c '
		mount -t tmpfs -o usrquota,size=4m tmpfs "$1" || exit 99
		install -d -m 0755 "$1/store"
		exec "$2" --check' sh "$B/q" "$CYLOSH" 2>&1)
	check_match "--check as root: a store with user quotas is ok" "$out" \
		"^ok +persist store quotas +$B/q/store: user quotas enforced"
fi
