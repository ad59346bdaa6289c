#!/bin/sh
# tests/ssh/20-su-login.sh - `su - user -c cmd` and `login -f user` on a pty
# with pam_cylo.so in their stacks.  The real su and login binaries run
# (as root, so pam_wrapper may be preloaded) and read their PAM services
# (su-l, login) from a private directory: /etc/pam.d is never touched.
# The module's config gives the home 7M while cylosh's own says 64M, so a
# 7M home proves the session uses the PAM-prepared tmpfs.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="su - runs the command as the user | su - session on the PAM-prepared tmpfs | su - of a selected bash account refused | su - leaves the real home unchanged | login -f on a pty runs the shell | login -f session on the PAM-prepared tmpfs"

skip_all() {
	echo "$ALL" | tr '|' '\n' | while read -r d; do skip "$d" "$1"; done
	exit 0
}
is_root || skip_all "needs root: runs su and login for a test account"
MOD=$TEST_PREFIX/lib/pam_cylo.so
[ -e "$MOD" ] && [ -x "$CYLOSH" ] || skip_all "the test tree ($MOD, $CYLOSH) is not installed"
pkg-config --exists pam_wrapper || skip_all "pam_wrapper missing (Debian: libpam-wrapper)"
command -v script > /dev/null || skip_all "script(1) missing (Debian: bsdutils)"
PWRAP_LIB=$(pkg-config --libs pam_wrapper)

W=$(mktemp -d /run/cylotest-su.XXXXXX)
chmod 0755 "$W"
U1=cylotest-l1 U2=cylotest-l2 G=cylotest-lg
cleanup() {
	for u in $U1 $U2; do
		pkill -KILL -u "$u" 2>/dev/null
		userdel -r "$u" >/dev/null 2>&1
	done
	groupdel "$G" >/dev/null 2>&1
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

groupadd "$G"
useradd -m -s "$CYLOSH" -G "$G" "$U1"
useradd -m -s /bin/bash -G "$G" "$U2"
H1=$(getent passwd "$U1" | cut -d: -f6)
ls -A "$H1" > "$W/home-before"
mkdir -m 0755 "$W/svc"
printf '[pam]\ngroups = %s\nservices = su-l, login\n[default]\nhome_size = 7M\n' \
	"$G" > "$W/cylo.conf"
for s in su-l login other; do
	cat > "$W/svc/$s" <<EOS
auth     sufficient pam_rootok.so
auth     required   pam_deny.so
account  required   $MOD conf=$W/cylo.conf
account  required   pam_permit.so
session  required   $MOD conf=$W/cylo.conf
session  required   pam_permit.so
EOS
done
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
