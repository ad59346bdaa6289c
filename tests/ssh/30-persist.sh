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

. "$TEST_SRC/tests/lib/sshd.inc"
sshd_need /usr/lib/openssh/sftp-server
sshd_init sshp 7919 sshd-cylotest-p
U1=cylotest-p1 U2=cylotest-p2 G=cylotest-pg2
B=/var/lib/cylotest-sshpersist
S=$B/store
cleanup() {
	sshd_stop
	for u in $U1 $U2; do
		pkill -KILL -u "$u" 2>/dev/null
		userdel -r "$u" >/dev/null 2>&1
	done
	groupdel "$G" >/dev/null 2>&1
	[ -n "$MADE_EG" ] && groupdel "$EG" >/dev/null 2>&1
	rm -f "$TEST_CONF.d/50-cylotest-persist.conf"
	rmdir "$TEST_CONF.d" 2>/dev/null
	reset_conf
	rm -rf "$W" "$B"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

groupadd "$G"
enroll_group
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U1"
useradd -m -s "$CYLOSH" -G "$G,$EG" "$U2"
rm -rf "$B"
install -d -m 0755 "$B" "$S"
sshd_keys $U1 $U2
# The store comes from a drop-in: pam_cylo reads cylo.conf.d as cylosh does.
use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
[pam]
groups = $G
services = $SVC"
install -d -m 0755 "$TEST_CONF.d"
printf '[group %s]\npersist = %s\npersist_group = %s\n' "$G" "$S" "$G" \
	> "$TEST_CONF.d/50-cylotest-persist.conf"
chmod 0644 "$TEST_CONF.d/50-cylotest-persist.conf"
sshd_pam_service tests/ssh/30-persist.sh
sed "s/^Match Group .*/Match Group $G/" "$TEST_SRC/etc/sshd_config.d/cylo.conf" \
	> "$W/match.conf"
echo "Include $W/match.conf" | sshd_config
sshd_start || exit 0
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
