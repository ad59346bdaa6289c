#!/bin/sh
# tests/sandbox/cache.sh - root's cache of a policy's commands (cylosh
# --cache, cmdcache.c): a session binds the cached SESSION_BIN read-only
# and takes the interpreter covers and exec list from it, with the same
# result as a session that works them out itself; a cache that is stale,
# or that anyone but root could have written, is not used.
. "$TEST_SRC/tests/lib/lib.sh"

ALL='cache: none at first | cache: --cache as a user is refused'
ALL="$ALL | cache: --cache as root | cache: bin is a read-only mount"
ALL="$ALL | cache: same links | cache: same exec rules | cache: same covers"
ALL="$ALL | cache: unlisted stays refused | cache: nested cylosh"
ALL="$ALL | cache: other policy not served | cache: stale not used"
ALL="$ALL | cache: group-writable not used | cache: user-owned plan not used"
ALL="$ALL | cache: linked entry not used | cache: restored entry is used"
is_root || skip_all "needs root (CI runs the suite as root)"
have_tree || skip_all "the test tree is not installed"

CACHE="$TEST_PREFIX/cache"
rm -rf "$CACHE"
trap 'rm -rf "$CACHE"; reset_conf' EXIT

use_conf '[default]
home_size = 64M
nproc = 512
commands = cat, ls, grep, readlink, sh, man'

# A snapshot of what the commands step made: the links (name and target),
# the mounts that cover raw interpreters, and what runs.
# cylosh runs as the outer shell, so its own rules decide what "ls" is.
snap='for f in /run/cylo/bin/*; do echo "${f##*/} $(readlink "$f")"; done
echo "covers $(grep -c " /usr/" /proc/self/mountinfo)"
/usr/bin/id > /dev/null 2>&1 && echo id-runs || echo id-refused
/bin/sh -c "echo sh-runs"'
binmount='grep -c " /run/cylo/bin " /proc/self/mountinfo'

before=$(session "$snap" 2>&1)
check_eq "cache: none at first" "$(session "$binmount")" 0

out=$(as_user "$CYLOSH" --cache "$TEST_USER" 2>&1)
check_match "cache: --cache as a user is refused" "$out" "only root"

out=$("$CYLOSH" --cache "$TEST_USER" 2>&1)
check_match "cache: --cache as root" "$out" "^$CACHE/[0-9a-f]{16}: [0-9]+ commands"
entry=$(ls -d "$CACHE"/[0-9a-f]* 2>/dev/null | head -1)

mi=$(session 'grep " /run/cylo/bin " /proc/self/mountinfo')
check_match "cache: bin is a read-only mount" "$mi" "$entry/bin /run/cylo/bin ro,"
after=$(session "$snap" 2>&1)
check_eq "cache: same links" "$(echo "$after" | grep -v -e -runs -e -refused -e covers)" \
	"$(echo "$before" | grep -v -e -runs -e -refused -e covers)"
check_eq "cache: same exec rules" "$(echo "$after" | grep -e -runs -e -refused)" \
	"$(echo "$before" | grep -e -runs -e -refused)"
check_eq "cache: same covers" "$(echo "$after" | grep covers)" \
	"$(echo "$before" | grep covers)"
check_eq "cache: unlisted stays refused" "$(echo "$after" | grep id-)" id-refused
check_eq "cache: nested cylosh" "$(session '/run/cylo/bin/cylosh -c "echo nested"')" nested

# Another policy (one more command) has another key: not served.
use_conf '[default]
home_size = 64M
nproc = 512
commands = cat, ls, grep, readlink, sh, man, id'
check_eq "cache: other policy not served" "$(session "$binmount")" 0
use_conf '[default]
home_size = 64M
nproc = 512
commands = cat, ls, grep, readlink, sh, man'

# A change of a directory the plan was made from (its ctime): stale.
chmod "$(stat -c %a /usr/local/bin)" /usr/local/bin
check_eq "cache: stale not used" "$(session "$binmount")" 0
"$CYLOSH" --cache "$TEST_USER" > /dev/null 2>&1

chmod g+w "$entry"
check_eq "cache: group-writable not used" "$(session "$binmount")" 0
chmod g-w "$entry"

# The plan is what decides the exec rules: one the user could have
# written must never be read (here it would let /usr/bin/id run).
cp "$entry/plan" "$TEST_TMP/plan"
sed 's|^end$|X /usr/bin/id\nend|' "$TEST_TMP/plan" > "$entry/plan"
chown "$TEST_USER" "$entry/plan"
out=$(session "$binmount; /usr/bin/id > /dev/null 2>&1 && echo id-runs || echo id-refused")
check_eq "cache: user-owned plan not used" "$out" "0
id-refused"
cp "$TEST_TMP/plan" "$entry/plan"
chown root "$entry/plan"

mv "$entry" "$CACHE/moved"
ln -s moved "$entry"
check_eq "cache: linked entry not used" "$(session "$binmount")" 0
rm "$entry"
mv "$CACHE/moved" "$entry"
check_eq "cache: restored entry is used" "$(session "$binmount")" 1
