#!/bin/sh
# tests/pam/20-session.sh - pam_cylo.so session: the ramdisk home (tmpfs with
# owner, mode, size and inode caps, nosuid/nodev, seeded from the skeleton)
# in a private mount namespace, the PAM hint, refusals of symlinked or
# badly-owned homes, and the preflight refusing when user namespaces are
# off.  As root, the whole script runs inside `unshare -m --propagation
# private`, so a bug cannot leak a mount to the host.
. "$TEST_SRC/tests/lib/lib.sh"
. "$TEST_SRC/tests/pam/lib-pam.inc"

ALL="session opens | hint names the home | home is a tmpfs | owned by the user | mode 0700 | size from home_size | inodes from home_inodes | nosuid and nodev | skeleton file copied | skeleton file owned by the user | skeleton file mode kept | skeleton directory copied | skeleton symlink not copied | close_session | ~/.ssh is root-owned and immutable | a skeleton .ssh is not copied | ~/.ssh cannot be renamed away | /tmp is private | network = none: an empty network namespace | network = host: the host's network namespace | mount invisible outside the session | real home unchanged | home_noexec mounts noexec | unselected user gets no hint | symlinked home refused | refusal names the symlink | symlink target not mounted | symlinked ancestor refused | world-writable ancestor refused | home owned by another user refused | missing home refused with a hint | skeleton larger than home_size refused | skeleton not root-owned refused | preflight refuses without user namespaces | preflight logs the reason | preflight tells the user | nothing mounted after a refused preflight | a preflight that does not answer is given up after 10 s"

if is_root && [ -z "${CYLO_PAM_NS:-}" ]; then
	if unshare -m --propagation private true 2>/dev/null; then
		CYLO_PAM_NS=1 exec unshare -m --propagation private sh "$0" "$@"
	fi
	skip_all "unshare -m does not work here"
fi
if ! pam_setup; then
	pam_cleanup
	skip_all "$PAM_SKIP"
fi
USERNS_MAX=$(sysctl -n user.max_user_namespaces)
trap 'sysctl -q -w user.max_user_namespaces="$USERNS_MAX" 2>/dev/null; rm -f "$HOST_MARK"; pam_cleanup' EXIT
trap 'exit 130' INT TERM

SH=$CYLO_SHELL_PATH
H=$W/home
mkdir -m 0755 "$H/alice" "$H/bob" "$H/real" "$H/carol" "$H/dave" "$H/open" \
	"$H/erin" "$H/gina" "$H/henry"
chown 4001:4001 "$H/alice"
echo "real home file" > "$H/alice/real-marker"
chown 4001:4001 "$H/alice/real-marker"
chown 4002:4002 "$H/real"
ln -s real "$H/bob-link"
mkdir "$H/real/carol" "$H/open/dave" "$H/erin/x"
chown 4003:4003 "$H/real/carol"
ln -s real "$H/lnk"
chmod 1777 "$H/open"
chown 4004:4004 "$H/open/dave"
chown 4099:4099 "$H/erin"
chown 4007:4007 "$H/gina"

pam_user alice 4001 "$H/alice" "$SH"
pam_user bob 4002 "$H/bob-link" "$SH"
pam_user carol 4003 "$H/lnk/carol" "$SH"
pam_user dave 4004 "$H/open/dave" "$SH"
pam_user erin 4005 "$H/erin" "$SH"
pam_user frank 4006 "$H/frank" "$SH"
pam_user gina 4007 "$H/gina" "$SH"
pam_user henry 4008 "$H/henry" /bin/bash

mkdir -m 0755 "$W/skel" "$W/skel/sub" "$W/bigskel" "$W/badskel"
echo "hello from skel" > "$W/skel/welcome.txt"
chmod 0640 "$W/skel/welcome.txt"
echo nested > "$W/skel/sub/inner"
ln -s /etc/hostname "$W/skel/link"
mkdir -m 0755 "$W/skel/.ssh"
echo "environment from the skeleton" > "$W/skel/.ssh/environment"
HOST_MARK=$(mktemp /tmp/cylotest-pamtmp.XXXXXX)
HOST_NET=$(readlink /proc/self/ns/net)
head -c 2097152 /dev/zero > "$W/bigskel/big"
echo x > "$W/badskel/planted"
chown 4099 "$W/badskel/planted"

CONF="[default]
home_size = 8M
home_inodes = 1000
skel = $W/skel
[user gina]
home_noexec = yes
network = host
skel =
[user frank]
skel = $W/bigskel
home_size = 1M
[user erin]
skel = $W/badskel
[pam]
users = alice, bob, carol, dave, erin, frank, gina
services = cylotest"
pam_conf "$CONF"
pam_service cylotest

# Facts about the home, from inside the session's namespace.
FACTS='h=$CYLO_HOME_TMPFS
echo "hint=$h"
echo "fstype=$(stat -f -c %T "$h")"
echo "owner=$(stat -c %u:%g "$h") mode=$(stat -c %a "$h")"
echo "size=$(df -B1 --output=size "$h" | tail -n 1 | tr -d " ")"
echo "inodes=$(df --output=itotal "$h" | tail -n 1 | tr -d " ")"
echo "opts=$(awk -v m="$h" "\$5 == m { print \$6 }" /proc/self/mountinfo)"
for f in welcome.txt sub/inner link real-marker; do
	if [ -L "$h/$f" ]; then echo "$f=symlink"
	elif [ -e "$h/$f" ]; then echo "$f=$(stat -c %u:%a "$h/$f") $(cat "$h/$f")"
	else echo "$f=absent"; fi
done
echo "subdir=$(stat -c %u:%a "$h/sub" 2>/dev/null)"
echo "ssh=$(stat -c %u:%a "$h/.ssh") $(lsattr -d "$h/.ssh" 2>/dev/null | cut -c1-16) $(ls -A "$h/.ssh" | wc -l)"
mv "$h/.ssh" "$h/ssh-away" 2>/dev/null && echo "ssh renamed"
echo "tmp=$(stat -f -c %T /tmp) $(ls -A /tmp | grep -c cylotest-pamtmp)"
echo "net=$(readlink /proc/self/ns/net)"'

out=$(pamdrv cylotest alice open=PAM_SUCCESS close=PAM_SUCCESS -- sh -c "$FACTS")
rc=$?
check_eq "session opens" "$rc" 0
[ $rc -eq 0 ] || diag "$out"
check_match "hint names the home" "$out" "^env: CYLO_HOME_TMPFS=$H/alice\$"
check_match "home is a tmpfs" "$out" "^fstype=tmpfs\$"
check_match "owned by the user" "$out" "^owner=4001:4001 "
check_match "mode 0700" "$out" " mode=700\$"
check_match "size from home_size" "$out" "^size=8388608\$"
check_match "inodes from home_inodes" "$out" "^inodes=1000\$"
check_match "nosuid and nodev" "$out" "^opts=.*nosuid,nodev"
check_match "skeleton file copied" "$out" "^welcome.txt=.* hello from skel\$"
check_match "skeleton file owned by the user" "$out" "^welcome.txt=4001:"
check_match "skeleton file mode kept" "$out" "^welcome.txt=4001:640 "
check_match "skeleton directory copied" "$out" "^sub/inner=4001:644 nested"
check_match "skeleton symlink not copied" "$out" "^link=absent\$"
check_match "close_session" "$out" "^close: PAM_SUCCESS\$"
# sshd reads ~/.ssh/environment and ~/.ssh/rc from the ramdisk on later
# channels of the connection: nothing in a session may create them.
check_match "~/.ssh is root-owned and immutable" "$out" "^ssh=0:755 ----i"
check_match "a skeleton .ssh is not copied" "$out" "^ssh=.* 0\$"
check_nomatch "~/.ssh cannot be renamed away" "$out" "^ssh renamed"
check_match "/tmp is private" "$out" "^tmp=tmpfs 0\$"
check_eq "network = none: an empty network namespace" \
	"$(printf '%s\n' "$out" | grep -cxF "net=$HOST_NET")" 0
check_nomatch "mount invisible outside the session" \
	"$(awk '{print $5}' /proc/self/mountinfo)" "^$H/alice\$"
check_eq "real home unchanged" "$(ls -A "$H/alice")" "real-marker"

out=$(pamdrv cylotest gina open=PAM_SUCCESS -- sh -c "$FACTS")
check_match "home_noexec mounts noexec" "$out" "^opts=.*noexec"
check_eq "network = host: the host's network namespace" \
	"$(printf '%s\n' "$out" | grep -cxF "net=$HOST_NET")" 1

out=$(pamdrv cylotest henry open=PAM_IGNORE)
check_nomatch "unselected user gets no hint" "$out" "CYLO_HOME_TMPFS"

MNTS='awk "{print \$5}" /proc/self/mountinfo | grep -c "^'"$H"'/" || :'
out=$(pamdrv cylotest bob open=PAM_SESSION_ERR -- sh -c "$MNTS")
check_match "symlinked home refused" "$out" "^open: PAM_SESSION_ERR"
check_match "refusal names the symlink" "$out" '"bob-link" is a symbolic link'
check_match "symlink target not mounted" "$out" "^0\$"
check_pam "symlinked ancestor refused" '"lnk" is a symbolic link' \
	cylotest carol open=PAM_SESSION_ERR
check_pam "world-writable ancestor refused" '"open" must be owned by root' \
	cylotest dave open=PAM_SESSION_ERR
check_pam "home owned by another user refused" "owned by uid 4099" \
	cylotest erin open=PAM_SESSION_ERR
check_pam "missing home refused with a hint" "pam_mkhomedir" \
	cylotest frank open=PAM_SESSION_ERR
mkdir -m 0755 "$H/frank"
chown 4006:4006 "$H/frank"
check_pam "skeleton larger than home_size refused" "larger than home_size" \
	cylotest frank open=PAM_SESSION_ERR
chown 4005:4005 "$H/erin"
check_pam "skeleton not root-owned refused" "planted must be owned by root" \
	cylotest erin open=PAM_SESSION_ERR

# The preflight with user namespaces off: through the global sysctl when it
# is writable (restored by the trap); else, where /proc/sys/user is
# read-only, at the kernel's user namespace nesting limit, where
# unshare(CLONE_NEWUSER) fails with the same ENOSPC.
PF_HOW=
PF_ENV="LD_PRELOAD=$PWRAP_LIB $NWRAP_LIB"
if sysctl -q -w user.max_user_namespaces=0 2>/dev/null; then
	out=$(pamdrv cylotest alice open=PAM_SESSION_ERR -- sh -c "$MNTS")
	sysctl -q -w user.max_user_namespaces="$USERNS_MAX"
	PF_HOW=sysctl
else
	mkdir "$W/nest"
	out=$(sh "$TEST_SRC/tests/pam/userns-nest" "$W/nest" 33 sh -c '
		unshare -U true 2>/dev/null && exit 98
		exec env "$@" 2>&1' sh "$PF_ENV" PAM_WRAPPER=1 \
		PAM_WRAPPER_SERVICE_DIR="$W/svc" PAM_WRAPPER_DEBUGLEVEL=2 \
		NSS_WRAPPER_PASSWD="$W/passwd" NSS_WRAPPER_GROUP="$W/group" \
		"$PAMDRV" cylotest alice open=PAM_SESSION_ERR -- sh -c "$MNTS")
	[ $? -ne 98 ] && PF_HOW=nesting
	diag "user.max_user_namespaces is read-only here: nested user namespaces to the limit instead"
fi
if [ -n "$PF_HOW" ]; then
	check_match "preflight refuses without user namespaces" "$out" \
		"^open: PAM_SESSION_ERR"
	check_match "preflight logs the reason" "$out" \
		"preflight for alice failed: .*user.max_user_namespaces"
	check_match "preflight tells the user" "$out" \
		"pam_error: Session refused: this host cannot run the cylosh sandbox"
	check_match "nothing mounted after a refused preflight" "$out" "^0\$"
else
	for d in "preflight refuses without user namespaces" \
		"preflight logs the reason" "preflight tells the user" \
		"nothing mounted after a refused preflight"; do
		skip "$d" "user.max_user_namespaces cannot be set here"
	done
fi

# The preflight child runs as the user, who can stop it: the module gives
# up after 10 s instead of hanging a root process.  strace holds the
# child's unshare(2) for 13 s to play the stopped child (and holds the
# killed child until then, so the whole run takes 13 s).
if command -v strace > /dev/null 2>&1; then
	start=$(date +%s)
	out=$(env LD_PRELOAD="$PWRAP_LIB $NWRAP_LIB" PAM_WRAPPER=1 \
		PAM_WRAPPER_SERVICE_DIR="$W/svc" PAM_WRAPPER_DEBUGLEVEL=2 \
		NSS_WRAPPER_PASSWD="$W/passwd" NSS_WRAPPER_GROUP="$W/group" \
		strace -qq -f -o /dev/null -e trace=unshare -e inject=unshare:delay_enter=13000000 \
		"$PAMDRV" cylotest alice open=PAM_SESSION_ERR -- true 2>&1)
	took=$(( $(date +%s) - start ))
	if printf '%s\n' "$out" | grep -q 'did not answer within 10 s' && [ "$took" -lt 20 ]; then
		ok "a preflight that does not answer is given up after 10 s"
	else
		not_ok "a preflight that does not answer is given up after 10 s"
		diag "took $took s" "$out"
	fi
else
	skip "a preflight that does not answer is given up after 10 s" "strace is not installed"
fi
