#!/bin/sh
# tests/sandbox/material.sh - teaching material (cylo.conf "material",
# issue 11 section 2): a host directory shown read-only to a group's
# sessions at its own path; running sessions see the teacher's changes;
# other groups do not see it; a link on the way or a missing directory
# fails closed; cylosh -C says so first.
. "$TEST_SRC/tests/lib/lib.sh"

ALL="a group's session reads the material | the material is read-only | the mount is ro, nosuid, nodev | a running session sees a new file | a running session sees an edit | another group's session does not see it | a link on the way is refused | a missing directory is refused | material in the home is refused | -C reports a missing directory"
is_root || skip_all "needs root (CI runs the suite as root)"

M=/srv/cylotest-course
G=$(id -gn "$TEST_USER")
H=$TEST_HOME
cleanup() {
	[ -n "${bg:-}" ] && kill "$bg" 2>/dev/null
	rm -rf "$M" /srv/cylotest-course-link
	[ -n "$made_srv" ] && rmdir /srv 2>/dev/null
	reset_conf
}
trap cleanup EXIT
bg=
made_srv=
[ -d /srv ] || { mkdir -m 0755 /srv && made_srv=1; }
rm -rf "$M"
install -d -m 0755 "$M"
echo "week 1" > "$M/notes.txt"
chmod 0644 "$M/notes.txt"

conf() {
	use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
$1"
}
conf "[group $G]
material = $M"

check_eq "a group's session reads the material" \
	"$(session "cat $M/notes.txt" 2>&1)" "week 1"
out=$(session "touch $M/mine 2>&1 || echo refused" 2>&1)
check_match "the material is read-only" "$out:$(test -e "$M/mine" && echo written)" 'refused:$'
opts=$(session 'cat /proc/self/mountinfo' | awk -v p="$M" '$5 == p { print $6 }')
if printf '%s' "$opts" | grep -Eq '(^|,)ro(,|$)' &&
	printf '%s' "$opts" | grep -Eq '(^|,)nosuid(,|$)' &&
	printf '%s' "$opts" | grep -Eq '(^|,)nodev(,|$)'; then
	ok "the mount is ro, nosuid, nodev"
else
	not_ok "the mount is ro, nosuid, nodev"
	diag "options: $opts"
fi

# One session waits for the teacher's new file, then for an edit.
session "i=0; while [ ! -e $M/week2.txt ] && [ \$i -lt 150 ]; do sleep 0.1; i=\$((i+1)); done
cat $M/week2.txt
i=0; while ! grep -q edited $M/notes.txt && [ \$i -lt 150 ]; do sleep 0.1; i=\$((i+1)); done
cat $M/notes.txt" > "$TEST_TMP/material.out" 2>&1 &
bg=$!
sleep 1
echo "week 2" > "$M/week2.txt"
chmod 0644 "$M/week2.txt"
sleep 0.5
echo "week 1, edited" >> "$M/notes.txt"
wait "$bg"
bg=
out=$(cat "$TEST_TMP/material.out")
check_match "a running session sees a new file" "$out" '^week 2$'
check_match "a running session sees an edit" "$out" '^week 1, edited$'

conf "[group cylotest-not-a-member]
material = $M"
check_eq "another group's session does not see it" \
	"$(session "test -e $M && echo visible || echo absent" 2>&1)" absent

ln -s "$M" /srv/cylotest-course-link
conf "[group $G]
material = /srv/cylotest-course-link"
out=$(session 'echo RAN' 2>&1)
check_match "a link on the way is refused" "$?:$out" "^125:.*teaching material: cannot open /srv/cylotest-course-link"
conf "[group $G]
material = /srv/cylotest-no-such-course"
out=$(session 'echo RAN' 2>&1)
check_match "a missing directory is refused" "$?:$out" "^125:.*teaching material: cannot open"
conf "[group $G]
material = $H/course"
out=$(session 'echo RAN' 2>&1)
check_match "material in the home is refused" "$?:$out" "^125:.*teaching material: .*overlaps the home"
conf "[group $G]
material = /srv/cylotest-no-such-course"
out=$("$CYLOSH" -C "$TEST_CONF" 2>&1)
check_match "-C reports a missing directory" "$?:$out" \
	"^1:.*error: material /srv/cylotest-no-such-course is not a directory"
