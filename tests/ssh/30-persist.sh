#!/bin/sh
# tests/ssh/30-persist.sh - the persistent store through a real sshd on
# 127.0.0.1 with pam_cylo.so (issue 11): the module makes STORE/USER at
# session open (the user's, group-owned by persist_group, 2750); ssh
# commands, sftp, scp (both protocols) and rsync into ~/persist land in the
# store on the host and are there in the next connection; a planted link
# at STORE/USER makes the module refuse the session, so nothing runs.
# Accounts cylotest-p*, the service sshd-cylotest-p, removed at the end.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="sshd starts | the module makes the store at login (policy from a drop-in) | the store is the user's, group-owned, 2750 | a file written over ssh is in the next connection | and on the host | sftp into ~/persist lands in the store | scp into ~/persist lands in the store | scp -O into ~/persist lands in the store | rsync into ~/persist lands in the store | a link at STORE/USER: the session is refused | the link is left alone and nothing ran"

is_root || skip_all "needs root: runs sshd and creates accounts"
for f in /usr/sbin/sshd /usr/bin/ssh /usr/bin/ssh-keygen /usr/lib/openssh/sftp-server; do
	[ -x "$f" ] || skip_all "$f missing (Debian: openssh-server openssh-client openssh-sftp-server)"
done
MOD=$TEST_PREFIX/lib/pam_cylo.so
[ -e "$MOD" ] && [ -x "$CYLOSH" ] || skip_all "the test tree ($MOD, $CYLOSH) is not installed"

W=$(mktemp -d /run/cylotest-sshp.XXXXXX)
chmod 0755 "$W"
PORT=$((20000 + ($$ + 7919) % 20000))
SVC=sshd-cylotest-p
U1=cylotest-p1 U2=cylotest-p2 G=cylotest-pg2
B=/var/lib/cylotest-sshpersist
S=$B/store
MADE_RUN_SSHD=
MADE_EG=
cleanup() {
	[ -s "$W/sshd.pid" ] && kill "$(cat "$W/sshd.pid")" 2>/dev/null
	for u in $U1 $U2; do
		pkill -KILL -u "$u" 2>/dev/null
		userdel -r "$u" >/dev/null 2>&1
	done
	groupdel "$G" >/dev/null 2>&1
	[ -n "$MADE_EG" ] && groupdel "$EG" >/dev/null 2>&1
	rm -f "/etc/pam.d/$SVC"
	[ -n "$MADE_RUN_SSHD" ] && rmdir /run/sshd 2>/dev/null
	rm -f "$TEST_CONF.d/50-cylotest-persist.conf"
	rmdir "$TEST_CONF.d" 2>/dev/null
	reset_conf
	rm -rf "$W" "$B"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

groupadd "$G"
# pam_cylo admits selected accounts only as members of the enrollment
# group of the test build (Makefile TEST_GROUP).
EG=${TEST_GROUP:-cylotest-users}
if ! getent group "$EG" > /dev/null; then
	groupadd "$EG" && MADE_EG=1
fi
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U1"
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U2"
rm -rf "$B"
install -d -m 0755 "$B" "$S"
mkdir -m 0755 "$W/keys"
ssh-keygen -q -t ed25519 -N '' -f "$W/hostkey"
ssh-keygen -q -t ed25519 -N '' -C cylotest -f "$W/id"
for u in $U1 $U2; do
	cp "$W/id.pub" "$W/keys/$u"
	chmod 0644 "$W/keys/$u"
done
# The store comes from a drop-in: pam_cylo reads cylo.conf.d as cylosh does.
use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
[pam]
groups = $G
services = $SVC"
install -d -m 0755 "$TEST_CONF.d"
printf '[group %s]\npersist = %s\npersist_group = %s\n' "$G" "$S" "$G" \
	> "$TEST_CONF.d/50-cylotest-persist.conf"
chmod 0644 "$TEST_CONF.d/50-cylotest-persist.conf"
cat > "/etc/pam.d/$SVC" <<EOF
# cylotest: created by tests/ssh/30-persist.sh, removed at its end
auth     required  pam_deny.so
account  required  $MOD
account  required  pam_permit.so
session  required  $MOD
session  required  pam_permit.so
password required  pam_deny.so
EOF
sed "s/^Match Group .*/Match Group $G/" "$TEST_SRC/etc/sshd_config.d/cylo.conf" \
	> "$W/match.conf"
cat > "$W/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $W/hostkey
PidFile $W/sshd.pid
UsePAM yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile $W/keys/%u
PermitRootLogin no
LogLevel VERBOSE
# The shipped snippet has no Subsystem line of its own (Debian's
# sshd_config has one): this file plays Debian's part.
Subsystem sftp /usr/lib/openssh/sftp-server
Include $W/match.conf
EOF
ln -s /usr/sbin/sshd "$W/$SVC"
[ -d /run/sshd ] || { mkdir -m 0755 /run/sshd && MADE_RUN_SSHD=1; }
"$W/$SVC" -f "$W/sshd_config" -E "$W/sshd.log"
n=0
while ! [ -s "$W/sshd.pid" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
if [ -s "$W/sshd.pid" ]; then
	ok "sshd starts"
else
	not_ok "sshd starts"
	diag "$(cat "$W/sshd.log" 2>/dev/null)"
	exit 0
fi
SSHOPT="-F /dev/null -i $W/id -p $PORT -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
CPOPT="-F /dev/null -i $W/id -P $PORT -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
s() {
	_u=$1
	shift
	ssh $SSHOPT "$_u@127.0.0.1" "$@" < /dev/null
}

out=$(s "$U1" 'echo work > persist/w.txt; echo done' 2>&1)
check_eq "the module makes the store at login (policy from a drop-in)" "$out:$(test -d "$S/$U1" && echo made)" "done:made"
check_eq "the store is the user's, group-owned, 2750" \
	"$(stat -c '%a %U:%G' "$S/$U1" 2>&1)" "2750 $U1:$G"
check_eq "a file written over ssh is in the next connection" \
	"$(s "$U1" 'cat persist/w.txt' 2>&1)" work
check_eq "and on the host" "$(cat "$S/$U1/w.txt" 2>&1)" work

echo "sftp $$" > "$W/f1"
printf 'put %s persist/f1\n' "$W/f1" > "$W/batch"
sftp -b "$W/batch" $CPOPT "$U1@127.0.0.1" > "$W/sftp.log" 2>&1
check_eq "sftp into ~/persist lands in the store" "$(cat "$S/$U1/f1" 2>&1)" "sftp $$"
scp -q $CPOPT "$W/f1" "$U1@127.0.0.1:persist/f2" 2>&1
check_eq "scp into ~/persist lands in the store" "$(cat "$S/$U1/f2" 2>&1)" "sftp $$"
scp -q -O $CPOPT "$W/f1" "$U1@127.0.0.1:persist/f3" 2>&1
check_eq "scp -O into ~/persist lands in the store" "$(cat "$S/$U1/f3" 2>&1)" "sftp $$"
if command -v rsync > /dev/null; then
	mkdir "$W/tree" && echo "rsync $$" > "$W/tree/r.txt"
	rsync -a -e "ssh $SSHOPT" "$W/tree/" "$U1@127.0.0.1:persist/tree/" > "$W/rsync.log" 2>&1
	check_eq "rsync into ~/persist lands in the store" "$(cat "$S/$U1/tree/r.txt" 2>&1)" "rsync $$"
else
	skip "rsync into ~/persist lands in the store" "rsync missing (Debian: rsync)"
fi

# U2's store is a link to a directory of U2's elsewhere.
mkdir -m 0700 "$W/elsewhere"
chown "$U2" "$W/elsewhere"
ln -s "$W/elsewhere" "$S/$U2"
s "$U2" 'echo ran > persist/ran' > "$W/u2.out" 2>&1
rc=$?
check_eq "a link at STORE/USER: the session is refused" "$rc" 254
check_eq "the link is left alone and nothing ran" \
	"$(test -L "$S/$U2" && echo link) $(ls -A "$W/elsewhere")" "link "
