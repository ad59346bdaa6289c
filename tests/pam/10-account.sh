#!/bin/sh
# tests/pam/10-account.sh - pam_cylo.so account management: who is selected
# and when a selected account is refused, with exact PAM codes.  Runs the
# built module under pam_wrapper + nss_wrapper (fake users, private service
# directory); nothing of the host's PAM or passwd is touched.
. "$TEST_SRC/tests/lib/lib.sh"
. "$TEST_SRC/tests/pam/lib-pam.inc"

ALL="exports only pam_sm_* | selected user, cylosh shell | selected group, cylosh shell | primary group selects | selected account outside the enrollment group refused | outside the group: the reason is logged | unselected account outside the group ignored | cylosh listed in /etc/shells refused | listed in /etc/shells: the reason is logged | listed with a comment after it, as su reads the file: refused | listed with trailing blanks: refused | listed with a CRLF line end: refused | listed after leading blanks: refused | control: the same account with cylosh not listed | unselected account ignored | user with bash refused | group member with bash refused | refusal is logged with the reason | refusal tells the user | shell path not byte-exact refused | service not listed refused | refusal names the service | no services line refuses | missing config refuses selected | missing config refuses unselected | missing config ignores root | root in a selected group ignored | malformed config refuses | parse error logged with file:line | config not root-owned refuses | config group-writable refuses | config symlink refuses | cylosh group-writable refuses | unknown argument logged | unknown argument does not change the verdict | unknown user"

if ! pam_setup; then
	pam_cleanup
	skip_all "$PAM_SKIP"
fi
trap 'chmod 0755 "$CYLO_SHELL_PATH" 2>/dev/null; pam_cleanup' EXIT

# ---- the export map --------------------------------------------------------
syms=$(nm -D --defined-only "$PAM_MODULE" | awk '{print $3}' | sort | tr '\n' ' ')
check_eq "exports only pam_sm_*" "$syms" \
	"pam_sm_acct_mgmt pam_sm_close_session pam_sm_open_session "

SH=$CYLO_SHELL_PATH
# The enrollment group the test build of the module requires (Makefile
# TEST_GROUP; the shipped one is cylo-users).
EG=${TEST_GROUP:-cylotest-users}
pam_group students 5000
pam_group teachers 5001
pam_group "$EG" 5002
pam_user root 0 /root /bin/bash students
pam_user alice 4001 "$W/home/alice" "$SH" "$EG"
pam_user bob 4002 "$W/home/bob" "$SH" students "$EG"
pam_user carol 4003 "$W/home/carol" /bin/bash "$EG"
pam_user dave 4004 "$W/home/dave" /bin/bash students "$EG"
pam_user erin 4005 "$W/home/erin" "$SH/" "$EG"
pam_user frank 4006 "$W/home/frank" "$SH" teachers "$EG"
pam_user henry 4008 "$W/home/henry" /bin/bash
# Selected, with cylosh, but never enrolled into the group.
pam_user ivan 4009 "$W/home/ivan" "$SH" students
# Not selected and not in the group: none of the module's business.
pam_user judy 4010 "$W/home/judy" "$SH"
# A user whose primary group (not a supplementary one) is selected.
echo "gina:x:4007:5001:gina:$W/home/gina:$SH" >> "$W/passwd"
sed -i "s/^\($EG:x:5002:.*\)\$/\1,gina/" "$W/group"

CONF="[pam]
users = alice, carol, erin, root
groups = students, teachers
services = cylotest, login"
pam_conf "$CONF"
pam_service cylotest
pam_service cylotest-other

have_shell=yes
[ -e "$SH" ] && [ "$(stat -c %u "$SH")" = 0 ] || have_shell=

if [ -n "$have_shell" ]; then
	check_pam "selected user, cylosh shell" "acct: PAM_SUCCESS" \
		cylotest alice acct=PAM_SUCCESS
	check_pam "selected group, cylosh shell" "acct: PAM_SUCCESS" \
		cylotest bob acct=PAM_SUCCESS
	check_pam "primary group selects" "acct: PAM_SUCCESS" \
		cylotest gina acct=PAM_SUCCESS
else
	for d in "selected user, cylosh shell" "selected group, cylosh shell" \
		"primary group selects"; do
		skip "$d" "$SH is not installed (tests/run.sh installs it as root)"
	done
fi
check_pam "unselected account ignored" "" \
	cylotest henry acct=PAM_IGNORE open=PAM_IGNORE close=PAM_IGNORE

# sshd's forwarding rules (the shipped snippet) apply to the members of
# the enrollment group; a selected account outside it would keep them all.
out=$(pamdrv cylotest ivan acct=PAM_PERM_DENIED)
check_eq "selected account outside the enrollment group refused" "$?" 0
check_match "outside the group: the reason is logged" "$out" \
	"refusing ivan: not a member of the group $EG"
check_pam "unselected account outside the group ignored" "" \
	cylotest judy acct=PAM_IGNORE

# su lets a caller replace a shell that /etc/shells lists (su -s, su -m):
# the module refuses while cylosh is listed.  /etc/shells is bound over in
# a private mount namespace; the host's is never touched.
if [ -n "$have_shell" ] && unshare -m --propagation private true 2>/dev/null; then
	grep -vx "$SH" /etc/shells > "$W/shells.without"
	{ cat "$W/shells.without"; echo "$SH"; } > "$W/shells.with"
	# with_shells FILE ARGS...: pamdrv ARGS with FILE as /etc/shells.
	with_shells() {
		_f=$1
		shift
		unshare -m --propagation private sh -c \
			'mount --bind "$1" /etc/shells || exit 99; shift; exec "$@" 2>&1' \
			sh "$_f" env LD_PRELOAD="$PWRAP_LIB $NWRAP_LIB" PAM_WRAPPER=1 \
			PAM_WRAPPER_SERVICE_DIR="$W/svc" PAM_WRAPPER_DEBUGLEVEL=2 \
			NSS_WRAPPER_PASSWD="$W/passwd" NSS_WRAPPER_GROUP="$W/group" \
			"$PAMDRV" "$@"
	}
	out=$(with_shells "$W/shells.with" cylotest alice acct=PAM_PERM_DENIED)
	check_eq "cylosh listed in /etc/shells refused" "$?" 0
	check_match "listed in /etc/shells: the reason is logged" "$out" \
		"refusing alice: $SH is listed in /etc/shells"
	# su asks glibc's getusershell(), which takes the first path on a
	# line and ends it at a blank or '#': these lines list cylosh for su.
	n=0
	for line in "$SH # lab shell" "$SH  	" "$SH\r" "  $SH"; do
		n=$((n + 1))
		{ cat "$W/shells.without"; printf '%b\n' "$line"; } > "$W/shells.v$n"
	done
	with_shells "$W/shells.v1" cylotest alice acct=PAM_PERM_DENIED > /dev/null
	check_eq "listed with a comment after it, as su reads the file: refused" "$?" 0
	with_shells "$W/shells.v2" cylotest alice acct=PAM_PERM_DENIED > /dev/null
	check_eq "listed with trailing blanks: refused" "$?" 0
	with_shells "$W/shells.v3" cylotest alice acct=PAM_PERM_DENIED > /dev/null
	check_eq "listed with a CRLF line end: refused" "$?" 0
	with_shells "$W/shells.v4" cylotest alice acct=PAM_PERM_DENIED > /dev/null
	check_eq "listed after leading blanks: refused" "$?" 0
	out=$(with_shells "$W/shells.without" cylotest alice acct=PAM_SUCCESS)
	check_eq "control: the same account with cylosh not listed" "$?" 0
else
	for d in "cylosh listed in /etc/shells refused" \
		"listed in /etc/shells: the reason is logged" \
		"listed with a comment after it, as su reads the file: refused" \
		"listed with trailing blanks: refused" \
		"listed with a CRLF line end: refused" \
		"listed after leading blanks: refused" \
		"control: the same account with cylosh not listed"; do
		skip "$d" "needs $SH installed and unshare -m"
	done
fi

out=$(pamdrv cylotest carol acct=PAM_PERM_DENIED)
rc=$?
check_eq "user with bash refused" "$rc" 0
check_match "refusal is logged with the reason" "$out" \
	"refusing carol: login shell is \"/bin/bash\", not $SH"
check_match "refusal tells the user" "$out" "pam_error: Login refused"
check_pam "group member with bash refused" "" \
	cylotest dave acct=PAM_PERM_DENIED
check_pam "shell path not byte-exact refused" "not $SH" \
	cylotest erin acct=PAM_PERM_DENIED
check_pam "service not listed refused" "" \
	cylotest-other alice acct=PAM_PERM_DENIED
check_pam "refusal names the service" 'service "cylotest-other" is not in' \
	cylotest-other bob acct=PAM_PERM_DENIED

pam_conf "[pam]
users = alice"
check_pam "no services line refuses" "" cylotest alice acct=PAM_PERM_DENIED

rm -f "$W/etc/cylo.conf"
check_pam "missing config refuses selected" "cannot load the configuration" \
	cylotest alice acct=PAM_PERM_DENIED open=PAM_SESSION_ERR
check_pam "missing config refuses unselected" "" \
	cylotest henry acct=PAM_PERM_DENIED
check_pam "missing config ignores root" "" cylotest root acct=PAM_IGNORE

pam_conf "$CONF"
check_pam "root in a selected group ignored" "" \
	cylotest root acct=PAM_IGNORE open=PAM_IGNORE

pam_conf "[pam]
users = alice
bogus line"
check_pam "malformed config refuses" "" cylotest alice acct=PAM_PERM_DENIED
check_pam "parse error logged with file:line" "cylo.conf:3:" \
	cylotest henry acct=PAM_PERM_DENIED

pam_conf "$CONF"
chown 4001 "$W/etc/cylo.conf"
check_pam "config not root-owned refuses" "not root" \
	cylotest alice acct=PAM_PERM_DENIED
chown 0 "$W/etc/cylo.conf"
chmod 0664 "$W/etc/cylo.conf"
check_pam "config group-writable refuses" "writable by group" \
	cylotest alice acct=PAM_PERM_DENIED
chmod 0644 "$W/etc/cylo.conf"
mv "$W/etc/cylo.conf" "$W/etc/real.conf"
ln -s real.conf "$W/etc/cylo.conf"
check_pam "config symlink refuses" "symbolic link" \
	cylotest alice acct=PAM_PERM_DENIED
rm "$W/etc/cylo.conf"
mv "$W/etc/real.conf" "$W/etc/cylo.conf"

if [ -n "$have_shell" ]; then
	mode=$(stat -c %a "$SH")
	chmod g+w "$SH"
	check_pam "cylosh group-writable refuses" "not writable by group" \
		cylotest alice acct=PAM_PERM_DENIED
	chmod "$mode" "$SH"
else
	skip "cylosh group-writable refuses" "$SH is not installed"
fi

pam_service cylotest "conf=$W/etc/cylo.conf" frobnicate
check_pam "unknown argument logged" 'unknown option "frobnicate" ignored' \
	cylotest dave acct=PAM_PERM_DENIED
if [ -n "$have_shell" ]; then
	check_pam "unknown argument does not change the verdict" "" \
		cylotest alice acct=PAM_SUCCESS
else
	skip "unknown argument does not change the verdict" "$SH is not installed"
fi
pam_service cylotest
check_pam "unknown user" "" cylotest nosuchuser acct=PAM_USER_UNKNOWN open=PAM_SESSION_ERR
