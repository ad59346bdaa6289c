#!/bin/sh
# tests/pam/30-enroll.sh - cylo-enroll: sets the shell of the selected
# accounts with usermod, keeps cylosh out of the shells file (listed, su -s
# could replace it: tests/ssh/20-su-login.sh), --check reports drift.
# Real accounts cylotest-e* (removed at the end); the shells file is a
# private copy (compiled in), so /etc/shells is never touched.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="enroll builds | check reports the selected account | check reports the shells file | check reports the missing enrollment group | check reports an account outside the group | check exits 1 on drift | dry run changes nothing | enroll sets the shell | enroll creates the enrollment group | enroll adds every selected account to the group | unselected account untouched | unselected account not added | uid 0 never enrolled | cylosh removed from the shells file | shells file keeps its other lines | check reports cylosh listed as su reads it (comment, blanks, CRLF) | enroll removes those lines too | and keeps the others | check after enroll exits 0 | enroll is idempotent | refuses when cylosh is unsafe | check asks sshd: forwarding | check asks sshd: internal-sftp | check asks sshd: AcceptEnv | check asks sshd: exits 1 | store: check reports a missing store | store: enroll makes it, the user's, 0700 | store: with persist_group, group-owned and 2750 | store: check after enroll is clean | store: a planted link is refused and left alone"

is_root || skip_all "needs root: creates accounts and runs usermod"
[ -x /usr/sbin/usermod ] || skip_all "/usr/sbin/usermod missing (Debian: passwd)"
SH=$TEST_PREFIX/bin/cylosh
[ -x "$SH" ] || skip_all "$SH is not installed (tests/run.sh installs it)"

W=$(mktemp -d /run/cylotest-enroll.XXXXXX)
chmod 0755 "$W"
ROOT_SHELL=$(getent passwd root | cut -d: -f7)
# The enrollment group, a cylotest- name in the builds here.
EG=cylotest-users
MADE_RUN_SSHD=
getent group "$EG" > /dev/null && skip_all "the group $EG exists already (left by another run?)"
cleanup() {
	# Should the uid 0 check ever fail, root keeps its shell.
	[ "$(getent passwd root | cut -d: -f7)" = "$ROOT_SHELL" ] ||
		usermod -s "$ROOT_SHELL" root
	for u in cylotest-e1 cylotest-e2 cylotest-e3; do
		userdel "$u" >/dev/null 2>&1
	done
	groupdel cylotest-eg >/dev/null 2>&1
	groupdel "$EG" >/dev/null 2>&1
	[ -n "$MADE_RUN_SSHD" ] && rmdir /run/sshd 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

ENROLL=$W/cylo-enroll
# build_enroll OUT SSHD: cylo-enroll with the test's paths, asking SSHD.
build_enroll() {
	cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Wshadow -Wstrict-prototypes \
		-Wmissing-prototypes -Werror -I"$TEST_SRC/shell/session" -I"$TEST_SRC/pam" \
		-DSYSCONFDIR="\"$W\"" -DBINDIR="\"$TEST_PREFIX/bin\"" \
		-DSHELLS_FILE="\"$W/shells\"" -DCYLO_GROUP="\"$EG\"" \
		-DSSHD_PATH="\"$2\"" -o "$1" \
		"$TEST_SRC/enroll/cylo-enroll.c" "$TEST_SRC/shell/session/config.c" \
		"$TEST_SRC/shell/session/config_file.c" "$TEST_SRC/shell/session/errbuf.c" \
		"$TEST_SRC/shell/session/sshdcheck.c" \
		"$TEST_SRC/shell/session/sshdquery.c" \
		"$TEST_SRC/shell/session/shells.c" "$TEST_SRC/shell/session/strset.c" \
		"$TEST_SRC/shell/session/store.c" "$TEST_SRC/pam/pam_path.c" \
		"$TEST_SRC/pam/pam_store.c"
}
# The drift tests leave sshd out (the host's sshd_config is not the
# test's); the sshd tests at the end use a build that asks the real one.
if build_enroll "$ENROLL" /nonexistent/sshd > "$W/cc.log" 2>&1 &&
	build_enroll "$W/cylo-enroll-sshd" /usr/sbin/sshd >> "$W/cc.log" 2>&1; then
	ok "enroll builds"
else
	not_ok "enroll builds"
	diag "$(cat "$W/cc.log")"
	exit 0
fi

groupadd cylotest-eg
useradd -M -d /nonexistent -s /bin/bash -G cylotest-eg cylotest-e1
useradd -M -d /nonexistent -s /bin/bash cylotest-e2
useradd -M -d /nonexistent -s /bin/sh cylotest-e3
# As an older cylo-enroll left it; no final newline on purpose.
printf '/bin/sh\n%s\n/bin/bash' "$SH" > "$W/shells"
printf '[pam]\nusers = cylotest-e3, root\ngroups = cylotest-eg\nservices = sshd\n' \
	> "$W/cylo.conf"

out=$("$ENROLL" -c "$W/cylo.conf" --check)
rc=$?
check_match "check reports the selected account" "$out" \
	"^drift: cylotest-e1: shell is /bin/bash, not $SH\$"
check_match "check reports the shells file" "$out" \
	"^drift: $SH is in $W/shells \\(su -s would bypass it\\)\$"
check_match "check reports the missing enrollment group" "$out" \
	"^drift: the group $EG does not exist\$"
check_match "check reports an account outside the group" "$out" \
	"^drift: cylotest-e3: not a member of $EG\$"
check_eq "check exits 1 on drift" "$rc" 1

"$ENROLL" -c "$W/cylo.conf" -n > /dev/null
check_eq "dry run changes nothing" \
	"$(getent passwd cylotest-e1 | cut -d: -f7) $(grep -c cylosh "$W/shells")" \
	"/bin/bash 1"

out=$("$ENROLL" -c "$W/cylo.conf" 2>&1)
check_eq "enroll sets the shell" \
	"$(getent passwd cylotest-e1 | cut -d: -f7),$(getent passwd cylotest-e3 | cut -d: -f7)" \
	"$SH,$SH"
check_match "enroll creates the enrollment group" "$(getent group "$EG")" "^$EG:"
check_eq "enroll adds every selected account to the group" \
	"$(id -nG cylotest-e1 | tr ' ' '\n' | grep -cx "$EG"),$(id -nG cylotest-e3 | tr ' ' '\n' | grep -cx "$EG")" \
	"1,1"
check_eq "unselected account untouched" \
	"$(getent passwd cylotest-e2 | cut -d: -f7)" /bin/bash
check_eq "unselected account not added" \
	"$(id -nG cylotest-e2 | tr ' ' '\n' | grep -cx "$EG")" 0
check_eq "uid 0 never enrolled" "$(getent passwd root | cut -d: -f7)" \
	"$(getent passwd root | cut -d: -f7 | grep -v cylosh)"
check_eq "cylosh removed from the shells file" "$(grep -c cylosh "$W/shells")" 0
check_eq "shells file keeps its other lines" "$(cat "$W/shells")" \
	"$(printf '/bin/sh\n/bin/bash')"

# su (glibc getusershell) takes the first path on a line and ends it at a
# blank or '#': each of these lines lists cylosh for su.
printf '\n%s # lab shell\n  %s\n%s\t\n%s\r\n# %s\n' "$SH" "$SH" "$SH" "$SH" "$SH" >> "$W/shells"
out=$("$ENROLL" -c "$W/cylo.conf" --check)
check_match "check reports cylosh listed as su reads it (comment, blanks, CRLF)" "$out" \
	"^drift: $SH is in $W/shells"
"$ENROLL" -c "$W/cylo.conf" > /dev/null 2>&1
check_eq "enroll removes those lines too" "$(grep -v '^#' "$W/shells" | grep -c cylosh)" 0
check_eq "and keeps the others" "$(cat "$W/shells")" "$(printf '/bin/sh\n/bin/bash\n# %s' "$SH")"

out=$("$ENROLL" -c "$W/cylo.conf" --check)
rc=$?
check_eq "check after enroll exits 0" "$rc:$(echo "$out" | tail -n 1)" "0:no drift"
"$ENROLL" -c "$W/cylo.conf" > /dev/null
check_eq "enroll is idempotent" "$(grep -c "^$SH\$" "$W/shells")" 0

usermod -s /bin/bash cylotest-e1
mode=$(stat -c %a "$SH")
chmod o+w "$SH"
"$ENROLL" -c "$W/cylo.conf" > "$W/out" 2>&1
rc=$?
chmod "$mode" "$SH"
check_eq "refuses when cylosh is unsafe" \
	"$rc $(getent passwd cylotest-e1 | cut -d: -f7)" "2 /bin/bash"

# --check asks the real sshd what it allows each selected account; the
# host's sshd_config is bound over in a private mount namespace only.
if [ -x /usr/sbin/sshd ] && command -v ssh-keygen > /dev/null &&
	unshare -m --propagation private true 2>/dev/null; then
	[ -d /run/sshd ] || { mkdir -m 0755 /run/sshd && MADE_RUN_SSHD=1; }
	ssh-keygen -q -t ed25519 -N '' -f "$W/hostkey"
	printf 'HostKey %s\nUsePAM yes\nSubsystem sftp internal-sftp\nAcceptEnv LANG ?D_*\n' "$W/hostkey" \
		> "$W/sshd_config"
	chmod 0644 "$W/sshd_config"
	out=$(unshare -m --propagation private sh -c \
		'mount --bind "$1" /etc/ssh/sshd_config || exit 99; exec "$2" -c "$3" --check' \
		sh "$W/sshd_config" "$W/cylo-enroll-sshd" "$W/cylo.conf" 2>&1)
	rc=$?
	check_match "check asks sshd: forwarding" "$out" \
		"^drift: cylotest-e1: sshd: AllowTcpForwarding is not no"
	check_match "check asks sshd: internal-sftp" "$out" \
		"^drift: cylotest-e3: sshd: Subsystem uses internal-sftp"
	check_match "check asks sshd: AcceptEnv" "$out" \
		"^drift: cylotest-e3: sshd: AcceptEnv admits more than LANG"
	check_eq "check asks sshd: exits 1" "$rc" 1
else
	for d in "check asks sshd: forwarding" "check asks sshd: internal-sftp" \
		"check asks sshd: AcceptEnv" \
		"check asks sshd: exits 1"; do
		skip "$d" "needs /usr/sbin/sshd, ssh-keygen and unshare -m (Debian: openssh-server)"
	done
fi

# ---- the persistent store (cylo.conf "persist", issue 11) -------------------
mkdir -m 0755 "$W/store"
printf '[pam]\nusers = cylotest-e3\ngroups = cylotest-eg\nservices = sshd\n[default]\npersist = %s\n[user cylotest-e3]\npersist_group = cylotest-eg\n' \
	"$W/store" > "$W/cylo.conf"
out=$("$ENROLL" -c "$W/cylo.conf" --check 2>&1)
check_match "store: check reports a missing store" "$out" \
	"^drift: cylotest-e1: no persist store $W/store/cylotest-e1\$"
out=$("$ENROLL" -c "$W/cylo.conf" 2>&1)
check_eq "store: enroll makes it, the user's, 0700" \
	"$(stat -c '%a %U:%G' "$W/store/cylotest-e1" 2>&1)" \
	"700 cylotest-e1:$(id -gn cylotest-e1)"
check_eq "store: with persist_group, group-owned and 2750" \
	"$(stat -c '%a %U:%G' "$W/store/cylotest-e3" 2>&1)" \
	"2750 cylotest-e3:cylotest-eg"
out=$("$ENROLL" -c "$W/cylo.conf" --check 2>&1)
check_eq "store: check after enroll is clean" "$?:$(echo "$out" | tail -n 1)" "0:no drift"
rmdir "$W/store/cylotest-e1"
mkdir -m 0700 "$W/elsewhere"
ln -s "$W/elsewhere" "$W/store/cylotest-e1"
out=$("$ENROLL" -c "$W/cylo.conf" 2>&1)
rc=$?
if [ "$rc" = 2 ] && [ -L "$W/store/cylotest-e1" ] &&
	[ "$(stat -c %U "$W/elsewhere")" = root ]; then
	ok "store: a planted link is refused and left alone"
else
	not_ok "store: a planted link is refused and left alone"
	diag "rc=$rc" "$out"
fi
