#!/bin/sh
# tests/ssh/20-su-login.sh - `su - user -c cmd` and `login -f user` on a pty
# with pam_cylo.so in their stacks.  The real su and login binaries run
# (as root, so pam_wrapper may be preloaded) and read their PAM services
# (su-l, login) from a private directory: /etc/pam.d is never touched.
# The module's config gives the home 7M while cylosh's own says 64M, so a
# 7M home proves the session uses the PAM-prepared tmpfs.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="su - runs the command as the user | su - session on the PAM-prepared tmpfs | su - of a selected bash account refused | su - leaves the real home unchanged | login -f on a pty runs the shell | login -f session on the PAM-prepared tmpfs | su USER -- -C FILE refused | ... and prints nothing of the file | su - USER -- --check refused | su USER -- --policy refused | a login shell refuses -C whoever runs it | -C never prints the text of a file it cannot parse | ... but names the line | su -s from a user: cylosh runs all the same | su -m with SHELL from a user: cylosh runs all the same | with cylosh in /etc/shells, su -s is refused | with cylosh in /etc/shells, su -m is refused"

is_root || skip_all "needs root: runs su and login for a test account"
MOD=$TEST_PREFIX/lib/pam_cylo.so
[ -e "$MOD" ] && [ -x "$CYLOSH" ] || skip_all "the test tree ($MOD, $CYLOSH) is not installed"
pkg-config --exists pam_wrapper || skip_all "pam_wrapper missing (Debian: libpam-wrapper)"
command -v script > /dev/null || skip_all "script(1) missing (Debian: bsdutils)"
PWRAP_LIB=$(pkg-config --libs pam_wrapper)

W=$(mktemp -d /run/cylotest-su.XXXXXX)
chmod 0755 "$W"
U1=cylotest-l1 U2=cylotest-l2 G=cylotest-lg
# The enrollment group of the test build (Makefile TEST_GROUP).
EG=${TEST_GROUP:-cylotest-users}
cleanup() {
	for u in $U1 $U2; do
		pkill -KILL -u "$u" 2>/dev/null
		userdel -r "$u" >/dev/null 2>&1
	done
	groupdel "$G" >/dev/null 2>&1
	groupdel "$EG" >/dev/null 2>&1
	reset_conf
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

groupadd "$G"
groupadd "$EG"
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U1"
useradd -m -s /bin/bash -G "$G,$EG" "$U2"
H1=$(getent passwd "$U1" | cut -d: -f6)
ls -A "$H1" > "$W/home-before"
printf '[pam]\ngroups = %s\nservices = su, su-l, login\n[default]\nhome_size = 7M\n' \
	"$G" > "$W/cylo.conf"
su_services "$W/svc" "conf=$W/cylo.conf" "su-l login other"
pw() {
	env LD_PRELOAD="$PWRAP_LIB" PAM_WRAPPER=1 PAM_WRAPPER_SERVICE_DIR="$W/svc" "$@"
}

out=$(pw su - "$U1" -c 'id -un; df -B1 --output=size $HOME; echo x > $HOME/made-in-session' < /dev/null 2>/dev/null)
check_match "su - runs the command as the user" "$out" "^$U1\$"
check_match "su - session on the PAM-prepared tmpfs" "$out" "^ *7340032\$"
out=$(pw su - "$U2" -c 'echo ran' < /dev/null 2>&1)
rc=$?
check_eq "su - of a selected bash account refused" "$rc:$(echo "$out" | grep -c '^ran$')" "1:0"
check_eq "su - leaves the real home unchanged" "$(ls -A "$H1")" "$(cat "$W/home-before")"

out=$( (sleep 1.5; printf 'echo login-$USER\ndf -B1 --output=size $HOME\n'; sleep 1.5; printf 'exit\n') |
	pw timeout 20 script -qec "login -f $U1" /dev/null 2>&1)
check_match "login -f on a pty runs the shell" "$out" "login-$U1"
check_match "login -f session on the PAM-prepared tmpfs" "$out" "^ *7340032"

# ---- admin actions through su: a confined account runs sessions only -------------
# su passes the words after the user name to the shell, outside any
# sandbox.  cylosh knows U1 is confined from the installed config's [pam]
# section (a root-owned fact), and a login shell from argv[0].
use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
[pam]
groups = $G
services = su, su-l, login"
echo "cylotest-secret-line-$$" > "$W/secret"
chmod 0644 "$W/secret"
out=$(pw su "$U1" -- -C "$W/secret" < /dev/null 2>&1)
check_match "su USER -- -C FILE refused" "$out" "-C refused: $U1 is confined"
check_nomatch "... and prints nothing of the file" "$out" "secret-line"
out=$(pw su - "$U1" -- --check < /dev/null 2>&1)
check_match "su - USER -- --check refused" "$out" \
	"--check refused: a login shell runs sessions only"
out=$(pw su "$U1" -- --policy "$U1" < /dev/null 2>&1)
check_match "su USER -- --policy refused" "$out" "--policy refused: $U1 is confined"
out=$(as_user bash -c 'exec -a -cylosh "$0" -C "$1"' "$CYLOSH" "$W/secret" 2>&1)
check_match "a login shell refuses -C whoever runs it" "$out" \
	"-C refused: a login shell runs sessions only"
out=$(as_user "$CYLOSH" -C "$W/secret" 2>&1)
check_nomatch "-C never prints the text of a file it cannot parse" "$out" "secret-line"
check_match "... but names the line" "$out" "$W/secret:1: "
reset_conf

# su(1) lets a caller who is not root choose the shell (-s, or $SHELL with
# -m) unless the account's shell is missing from /etc/shells: cylosh must
# not be listed there (cylo-enroll keeps it out).  The real setuid su runs
# as an ordinary user in a private mount namespace, where /etc/pam.d/su
# (pam_permit stands in for the password) and /etc/shells are bound over
# with the test's own files: the host's are never touched.
if command -v unshare > /dev/null && [ -u "$(command -v su)" ]; then
	cat > "$W/su.pam" <<EOS
auth     sufficient pam_permit.so
account  required   $MOD conf=$W/cylo.conf
account  required   pam_permit.so
session  required   $MOD conf=$W/cylo.conf
session  required   pam_permit.so
EOS
	grep -vx "$CYLOSH" /etc/shells > "$W/shells.without"
	{ cat "$W/shells.without"; echo "$CYLOSH"; } > "$W/shells.with"
	chmod 0644 "$W/su.pam" "$W/shells.without" "$W/shells.with"
	# su_as SHELLS ARGS...: su ARGS as nobody, with that shells file.
	su_as() {
		_shells=$1
		shift
		unshare -m --propagation private sh -c '
			mount --bind "$1" /etc/pam.d/su && mount --bind "$2" /etc/shells || exit 99
			shift 2
			exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
				env -i PATH=/usr/bin:/bin SHELL=/bin/sh "$@"' \
			sh "$W/su.pam" "$_shells" "$@" < /dev/null 2>&1
	}
	probe='grep -E "^(NoNewPrivs|Seccomp):" /proc/self/status | tr -s "\t" " "'
	want='NoNewPrivs: 1
Seccomp: 2'
	out=$(su_as "$W/shells.without" su -s /bin/sh "$U1" -c "$probe")
	check_match "su -s from a user: cylosh runs all the same" "$out" "$want"
	out=$(su_as "$W/shells.without" su -m "$U1" -c "$probe")
	check_match "su -m with SHELL from a user: cylosh runs all the same" "$out" "$want"
	# Listed, su would run /bin/sh unconfined: pam_cylo refuses the
	# account while cylosh is in /etc/shells.
	out=$(su_as "$W/shells.with" su -s /bin/sh "$U1" -c "$probe; echo ran")
	check_eq "with cylosh in /etc/shells, su -s is refused" \
		"$(printf '%s\n' "$out" | grep -c -e NoNewPrivs -e '^ran$')" 0
	out=$(su_as "$W/shells.with" su -m "$U1" -c "$probe; echo ran")
	check_eq "with cylosh in /etc/shells, su -m is refused" \
		"$(printf '%s\n' "$out" | grep -c -e NoNewPrivs -e '^ran$')" 0
else
	for d in "su -s from a user: cylosh runs all the same" \
		"su -m with SHELL from a user: cylosh runs all the same" \
		"with cylosh in /etc/shells, su -s is refused" \
		"with cylosh in /etc/shells, su -m is refused"; do
		skip "$d" "needs unshare(1) and a set-user-ID su(1)"
	done
fi
