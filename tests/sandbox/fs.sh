#!/bin/sh
# tests/sandbox/fs.sh - the session's file system view (DESIGN.md section 3,
# steps 4 and 5): ramdisk home, read-only system, masked /etc, no /sys, the
# real home and every other home invisible; and the effects seen from the
# host afterwards.
. "$TEST_SRC/tests/lib/lib.sh"

H=$TEST_HOME

# ---- the ramdisk home -------------------------------------------------------
check_eq "home is a tmpfs" "$(session "stat -f -c %T $H")" tmpfs
check_eq "host control: the real home is not a tmpfs" \
	"$([ "$(stat -f -c %T "$H")" = tmpfs ] && echo tmpfs || echo other)" other
check_eq "home is mode 0700, owned by the user" \
	"$(session "stat -c %a:%U:%G $H")" "700:$TEST_USER:$(id -gn "$TEST_USER")"
check_eq "the session starts in the home" "$(session pwd)" "$H"
check_eq "HOME is the home path" "$(session 'printenv HOME')" "$H"
opts=$(session 'cat /proc/self/mountinfo' | awk -v h="$H" '$5 == h { print $6 }')
check_match "home mount has nosuid" "$opts" '(^|,)nosuid(,|$)'
check_match "home mount has nodev" "$opts" '(^|,)nodev(,|$)'

check_eq "the real home's marker file is invisible" \
	"$(session "/bin/sh -c 'test -e $H/real-home-marker && echo visible || echo absent'")" absent
check_eq "host control: the marker exists in the real home" \
	"$(test -e "$H/real-home-marker" && echo visible)" visible

# Size cap: home_size is 64M in tests/lib/cylo.conf.
out=$(session "/bin/sh -c 'head -c 70M /dev/zero > $H/big; echo rc=\$?; ls -l $H/big'" 2>&1)
check_match "writing past home_size fails with ENOSPC" "$out" 'No space left on device'
size=$(printf '%s\n' "$out" | awk '/big$/ { print $5 }')
if [ -n "$size" ] && [ "$size" -le $((64 * 1024 * 1024)) ] && [ "$size" -gt $((60 * 1024 * 1024)) ]; then
	ok "the file stopped at the cap (${size} bytes)"
else
	not_ok "the file stopped at the cap"
	diag "$out"
fi
# /tmp lives on the same ramdisk: filling /tmp leaves no room in the home.
out=$(session "/bin/sh -c 'head -c 40M /dev/zero > /tmp/a; head -c 40M /dev/zero > $H/b; echo rc=\$?'" 2>&1)
check_match "/tmp and the home share one cap" "$out" 'No space left on device'
check_eq "/tmp is a tmpfs" "$(session 'stat -f -c %T /tmp')" tmpfs
check_eq "/tmp is mode 1777" "$(session 'stat -c %a /tmp')" 1777
check_eq "TMPDIR is /tmp" "$(session 'printenv TMPDIR')" /tmp
out=$(session "/bin/sh -c 'df -P $H /tmp | tail -n 2 | awk \"{ print \\\$2 }\" | uniq | wc -l'")
check_eq "the home and /tmp report one file system size" "$out" 1
inodes=$(session "stat -f -c %c $H")
check_eq "home_inodes caps the inodes" "$inodes" 16384

# Nothing the session writes reaches the host.
session "/bin/sh -c 'echo x > $H/from-session; echo x > /tmp/cylotest-from-session'" > /dev/null 2>&1
check "a file written in the home stays in the session" test ! -e "$H/from-session"
check "a file written in /tmp stays in the session" test ! -e /tmp/cylotest-from-session
check_eq "a second session starts with an empty home" \
	"$(session "ls -A $H")" ""

# ---- the read-only system ----------------------------------------------------
for d in /etc /var /usr /usr/bin / /opt /run /dev; do
	[ "$d" = /opt ] && [ ! -d /opt ] && continue
	out=$(session "touch $d/cylotest-w" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] && ! [ -e "$d/cylotest-w" ]; then
		ok "cannot create a file in $d"
	else
		not_ok "cannot create a file in $d"
		diag "exit $rc: $out"
		rm -f "$d/cylotest-w"
	fi
done
check_fails "cannot remove a file of /etc" session 'rm -f /etc/hostname'
out=$(session "/bin/sh -c 'touch $H/.x && mv $H/.x /usr/x'" 2>&1)
check_match "cannot rename a file into /usr" "$out" 'mv: .*(Read-only|Permission denied|cross-device)' 
check_fails "cannot create a directory in /" session 'mkdir /cylotest-d'
check_fails "cannot write /etc/passwd" session "/bin/sh -c 'echo x >> /etc/passwd'"
check_fails "cannot chmod the root" session 'chmod 777 /'

# ---- /etc view -------------------------------------------------------------
passwd=$(session 'cat /etc/passwd')
check_eq "/etc/passwd lists only root, nobody and the user" \
	"$(printf '%s\n' "$passwd" | cut -d: -f1 | sort | tr '\n' ' ')" \
	"$(printf 'cylotest-u\nnobody\nroot\n' | sed "s/cylotest-u/$TEST_USER/" | sort | tr '\n' ' ')"
check_match "the user's passwd line has the right uid and home" "$passwd" \
	"^$TEST_USER:x:$TEST_UID:[0-9]+:[^:]*:$H:"
check_fails "host control: the host's passwd has more accounts" \
	test "$(wc -l < /etc/passwd)" -le 3
group=$(session 'cat /etc/group')
check_nomatch "/etc/group has no host groups (sudo, adm, shadow)" "$group" '^(sudo|adm|shadow|disk):'
check_eq "/etc/shadow is masked (empty)" "$(session 'cat /etc/shadow' 2>&1)" ""
check_eq "/etc/shadow has size 0" \
	"$(session 'stat -c %s /etc/shadow')" 0
check_eq "/etc/gshadow is masked" "$(session 'cat /etc/gshadow' 2>/dev/null)" ""
if [ -e /etc/ssh/ssh_host_ed25519_key ]; then
	check_eq "ssh host keys are masked" "$(session 'cat /etc/ssh/ssh_host_ed25519_key' 2>/dev/null)" ""
fi
if [ -d /etc/sudoers.d ]; then
	check_eq "/etc/sudoers.d is an empty directory" "$(session 'ls -A /etc/sudoers.d' 2>&1)" ""
fi
# The config a session masks is its own build's (SYSCONFDIR): the test
# build's is $TEST_CONF, an installed cylosh's its own.  A cylosh installed
# on this machine beside the test build is checked with its own binary.
check "host control: the test build's cylo.conf has content" test -s "$TEST_CONF"
check_eq "the session's own cylo.conf is masked" \
	"$(session "cat $TEST_CONF" 2>/dev/null)" ""
inst=$(PATH=/usr/local/bin:/usr/bin:/bin command -v cylosh 2>/dev/null)
inst_conf=$([ -n "$inst" ] && "$inst" --policy root 2>/dev/null |
	sed -n 's/^# policy for .* from \(\/.*\)$/\1/p')
if [ -z "$inst" ]; then
	skip "an installed cylosh masks its own cylo.conf" "no cylosh installed on PATH"
elif [ -z "$inst_conf" ] || ! [ -s "$inst_conf" ]; then
	skip "an installed cylosh masks its own cylo.conf" "$inst has no config installed"
else
	out=$(as_user "$inst" -c "echo started; cat $inst_conf" < /dev/null 2>&1)
	if [ "$out" = started ]; then
		ok "an installed cylosh masks its own cylo.conf ($inst_conf)"
	elif printf '%s\n' "$out" | grep -q 'cannot set up the session'; then
		skip "an installed cylosh masks its own cylo.conf" \
			"$inst does not start a session for $TEST_USER: $(printf '%s' "$out" | head -1)"
	else
		not_ok "an installed cylosh masks its own cylo.conf ($inst_conf)"
		diag "$out"
	fi
fi
check_eq "/etc/hostname is still readable (the rest of /etc is there)" \
	"$(session 'cat /etc/hostname')" "$(cat /etc/hostname)"

# ---- no /sys, empty /run, minimal /dev -----------------------------------------
check_fails "/sys is absent" session 'ls -d /sys'
check_eq "/run holds nothing of the host" "$(session 'ls -A /run' | grep -v '^cylo$')" ""
check_fails "the host's /run/cylotest is invisible" session 'ls /run/cylotest'
devs=$(session 'ls -A /dev' | tr '\n' ' ')
check_eq "/dev is minimal" "$devs" \
	"fd full null ptmx pts random shm stderr stdin stdout tty urandom zero "
check_match "/dev/pts is a new devpts instance (no host ptys)" \
	"$(session 'ls -A /dev/pts' | tr '\n' ' ')" '^(ptmx )?$'
check_eq "/dev/null works" "$(session "/bin/sh -c 'echo x > /dev/null && echo fine'")" fine
check_fails "no block devices: /dev/vda, /dev/sda absent" session 'ls /dev/vda /dev/sda'
check_match "/dev/shm is nodev" \
	"$(session 'cat /proc/self/mountinfo' | awk '$5 == "/dev/shm" { print $6 }')" '(^|,)nodev(,|$)'

# ---- other homes ---------------------------------------------------------------
if need_root "another user's home is invisible" "/home lists only the user's home"; then
	other=cylotest-o
	userdel -r "$other" > /dev/null 2>&1
	if useradd -m -s /bin/sh "$other" 2>/dev/null; then
		ohome=$(getent passwd "$other" | cut -d: -f6)
		echo secret > "$ohome/other-secret"
		chmod 0755 "$ohome"
		chmod 0644 "$ohome/other-secret"
		check "host control: the other home is readable by the test user" \
			as_user cat "$ohome/other-secret"
		check_fails "another user's home is invisible" \
			session "cat $ohome/other-secret"
		case $H in
		/home/*)
			check_eq "/home lists only the user's home" \
				"$(session 'ls -A /home')" "$(basename "$H")" ;;
		*)
			skip "/home lists only the user's home" "the test home is not under /home" ;;
		esac
		userdel -r "$other" > /dev/null 2>&1
	else
		skip "another user's home is invisible" "cannot create $other"
		skip "/home lists only the user's home" "cannot create $other"
	fi
fi
