#!/bin/sh
# tests/sandbox/confd.sh - cylo.conf.d drop-ins and cylosh -C's checks
# (issue 11, section 4): drop-ins are read after cylo.conf in name order
# with the same ownership rules; --policy names the file and line of each
# value; -C reports the mistakes that lock users out (errors, exit 1) or
# that are probably typos (warnings, exit 0).
. "$TEST_SRC/tests/lib/lib.sh"

ALL="a drop-in overrides cylo.conf | drop-ins apply in name order | a name not ending in .conf is ignored | --policy names the drop-in and line | --policy says default for built-in values | a drop-in owned by the user is refused | a group-writable drop-in is refused | a drop-in that is a link is refused | a drop-in directory writable by others is refused | a drop-in with a bad line names its file and line | drop-ins without cylo.conf are an error | a session does not see the drop-ins | -C reads the drop-ins | -C: a missing skel is an error | -C: a skel outside the session's view is an error | -C: a missing persist store is an error | -C: an unsafe user store is an error | -C: an unknown language is an error | -C: errors exit 1 | -C: an unknown [user] is a warning | -C: an unknown [group] is a warning | -C: an unknown [pam] user is a warning | -C: a command not on this machine is a warning | -C: warnings alone exit 0"
is_root || skip_all "needs root (CI runs the suite as root)"

D=$TEST_CONF.d
B=/var/lib/cylotest-confd
cleanup() {
	rm -rf "$D" "$B" "$TEST_ETC/orphan.conf.d"
	reset_conf
}
trap cleanup EXIT
rm -rf "$D" "$B"
install -d -m 0755 "$D"
reset_conf

drop() {	# drop NAME TEXT
	printf '%s\n' "$2" > "$D/$1"
	chmod 0644 "$D/$1"
}

drop 10-a.conf "[default]
hostname = dropa"
check_eq "a drop-in overrides cylo.conf" "$(session hostname 2>&1)" dropa
drop 20-b.conf "[default]
hostname = dropb"
check_eq "drop-ins apply in name order" "$(session hostname 2>&1)" dropb
drop 30-c.conf.dpkg-old "[default]
hostname = ignored"
drop .40-d.conf "[default]
hostname = hidden"
check_eq "a name not ending in .conf is ignored" "$(session hostname 2>&1)" dropb
out=$(as_user "$CYLOSH" --policy "$TEST_USER" 2>&1)
check_match "--policy names the drop-in and line" "$out" \
	"^hostname = dropb +# $D/20-b.conf:2\$"
check_match "--policy says default for built-in values" "$out" \
	'^histsize = 1000 +# default$'

chown "$TEST_USER" "$D/20-b.conf"
out=$(session 'echo RAN' 2>&1)
check_match "a drop-in owned by the user is refused" "$?:$out" \
	"^125:.*config: config file $D/20-b.conf is owned by uid"
chown root "$D/20-b.conf"
chmod 0664 "$D/20-b.conf"
out=$(session 'echo RAN' 2>&1)
check_match "a group-writable drop-in is refused" "$?:$out" \
	"^125:.*writable by group or others"
chmod 0644 "$D/20-b.conf"
ln -s "$D/10-a.conf" "$D/50-link.conf"
out=$(session 'echo RAN' 2>&1)
check_match "a drop-in that is a link is refused" "$?:$out" \
	"^125:.*50-link.conf is a symbolic link"
rm "$D/50-link.conf"
chmod 0757 "$D"
out=$(session 'echo RAN' 2>&1)
check_match "a drop-in directory writable by others is refused" "$?:$out" \
	"^125:.*directory $D is writable by group or others"
chmod 0755 "$D"
drop 60-bad.conf "[default]
hostname = ok
home_sise = 1M"
out=$(session 'echo RAN' 2>&1)
check_match "a drop-in with a bad line names its file and line" "$?:$out" \
	"^125:.*$D/60-bad.conf:3: unknown key \"home_sise\""
rm "$D/60-bad.conf"
install -d -m 0755 "$TEST_ETC/orphan.conf.d"
out=$("$CYLOSH" -C "$TEST_ETC/orphan.conf" 2>&1)
check_match "drop-ins without cylo.conf are an error" "$?:$out" \
	"^1:.*orphan.conf.d exists but .*orphan.conf does not"

check_eq "a session does not see the drop-ins" \
	"$(session "ls -A $D; cat $D/10-a.conf 2>/dev/null" 2>&1)" ""

# ---- -C ------------------------------------------------------------------------
rm -f "$D"/*
out=$("$CYLOSH" -C "$TEST_CONF" 2>&1)
drop 10-a.conf "[default]
hostname = dropc"
out=$("$CYLOSH" -C "$TEST_CONF" 2>&1)
check_match "-C reads the drop-ins" "$out" '^hostname = dropc$'

install -d -m 0755 "$B" "$B/store"
install -d -m 0777 -o "$TEST_USER" "$B/store/$TEST_USER"
drop 10-a.conf "[group nosuchgroup-cylotest]
hostname = x
[user $TEST_USER]
skel = /etc/cylotest-no-such-skel
languages = python, cobol-cylotest
persist = $B/store
[user nosuchuser-cylotest]
skel = /srv/skel
persist = $B/none
[pam]
users = nosuchuser-cylotest
[default]
commands = default, nosuchcmd-cylotest"
out=$("$CYLOSH" -C "$TEST_CONF" 2>&1)
rc=$?
check_match "-C: a missing skel is an error" "$out" \
	"$D/10-a.conf:4: error: .*cylotest-no-such-skel"
check_match "-C: a skel outside the session's view is an error" "$out" \
	"$D/10-a.conf:8: error: skel /srv/skel lies outside"
check_match "-C: a missing persist store is an error" "$out" \
	"$D/10-a.conf:9: error: .*$B/none"
check_match "-C: an unsafe user store is an error" "$out" \
	"$D/10-a.conf:6: error: $TEST_USER: .*writable by group or others"
check_match "-C: an unknown language is an error" "$out" \
	"$D/10-a.conf:5: error: unknown language cobol-cylotest"
check_eq "-C: errors exit 1" "$rc" 1
check_match "-C: an unknown [user] is a warning" "$out" \
	"$D/10-a.conf:7: warning: \\[user nosuchuser-cylotest\\]: no such user"
check_match "-C: an unknown [group] is a warning" "$out" \
	"$D/10-a.conf:1: warning: \\[group nosuchgroup-cylotest\\]: no such group"
check_match "-C: an unknown [pam] user is a warning" "$out" \
	"$D/10-a.conf:11: warning: \\[pam\\] nosuchuser-cylotest: no such user"
check_match "-C: a command not on this machine is a warning" "$out" \
	"$D/10-a.conf:13: warning: command nosuchcmd-cylotest is not found"
drop 10-a.conf "[user nosuchuser-cylotest]
hostname = x"
out=$("$CYLOSH" -C "$TEST_CONF" 2>&1)
check_match "-C: warnings alone exit 0" "$?:$out" "^0:.*warning: \\[user nosuchuser-cylotest\\]"
