#!/bin/sh
# tests/shell/26-nested.sh - cylosh started inside a session (issue 9 §4):
# $SHELL -c from an editor, make or git, cylosh by name, a script, stdin.
# It runs as an ordinary shell of the same session (same home, same pid
# namespace, same policy, still confined) and never builds a second
# sandbox.  The other direction: a start from outside a session, even in a
# namespace the user made with a forged marker, builds the sandbox.
. "$TEST_SRC/tests/lib/lib.sh"

# t DESC STRING WANT: the output (stdout+stderr) of cylosh -c STRING.
t() {
	_got=$(session "$2" 2>&1)
	check_eq "$1" "$_got" "$3"
}

# ---- inside a session ---------------------------------------------------------------
t "SHELL is the session's cylosh" 'echo $SHELL' /run/cylo/bin/cylosh
# A second sandbox would have a fresh ramdisk home and be pid 2 of a new
# pid namespace.  (The "; true" keeps $SHELL from replacing the outer
# shell, pid 2, as the last command of -c.)
t "\$SHELL -c runs in the same session (same home, same pid namespace)" \
	'echo made-outside > ~/nested-f; $SHELL -c "cat ~/nested-f; test \$\$ -gt 2 && echo not-a-new-pid-2"; true' \
	"made-outside
not-a-new-pid-2"
t "a file the nested shell writes is there after it" \
	'$SHELL -c "echo from-nested > ~/nested-g"; cat ~/nested-g' from-nested
t "the nested shell's exit status comes back" '$SHELL -c "exit 7"; echo $?' 7
t "cylosh by name" 'cylosh -c "echo by-name"' by-name
t "from another program (sh -c, as make runs recipes)" \
	"/bin/sh -c '\$SHELL -c \"echo from-sh\"'" from-sh
t "two levels deep" '$SHELL -c "\$SHELL -c \"echo deep\""' deep
t "the nested shell is still confined" \
	'$SHELL -c "grep -E \"^(NoNewPrivs|Seccomp|CapBnd):\" /proc/self/status"' \
	"$(printf 'CapBnd:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2')"
t "the nested shell has the session's policy" \
	'policy | tail -n +2 > ~/p1; $SHELL -c policy | tail -n +2 > ~/p2; cmp ~/p1 ~/p2 && wc -l < ~/p1' \
	"$(session policy | tail -n +2 | wc -l)"
t "exported variables reach the nested shell" \
	'export GREETING=hi; $SHELL -c "echo \$GREETING"' hi
t "a script file" \
	'printf "echo script-\$1\n" > ~/s.sh; $SHELL ~/s.sh arg' script-arg
t "commands on stdin" 'echo "echo stdin-ok" | $SHELL' stdin-ok
t "the marker holds the policy" 'head -2 /run/cylo/session | tail -1' '[default]'
out=$(session 'echo x > /run/cylo/session; echo $?' 2>&1)
check_match "the marker cannot be changed in the session" "$(printf '%s' "$out" | tr '\n' ' ')" \
	'/run/cylo/session: (Read-only file system|[Pp]ermission denied) 1$'

if need_root "teaching set: \$SHELL -c works" \
	"teaching set: the nested shell refuses what the session refuses"; then
	# No commands key: the built-in teaching set.
	use_conf '[default]
home_size = 16M
network = none'
	t "teaching set: \$SHELL -c works" '$SHELL -c "echo ok; ls -d /"' "ok
/"
	t "teaching set: the nested shell refuses what the session refuses" \
		'$SHELL -c /usr/sbin/nologin; echo $?' \
		"cylosh: /usr/sbin/nologin: permission denied
126"
	reset_conf
fi

# ---- outside a session ------------------------------------------------------------
t "a start from outside builds the sandbox (pid 2 of its own namespace)" 'echo $$' 2

# A namespace the user made outside a session, with everything a user can
# forge there without a session's seccomp filter: one identity mapped (the
# uid to itself), a read-only tmpfs at /run with the marker, no_new_privs.
# cylosh must not take it for a session: it sets up a sandbox of its own,
# which in such a namespace stops at the config (root is not mapped there,
# so the root-owned config looks foreign) - and runs nothing.
ALL="forged marker: the command does not run | forged marker: cylosh sets up a sandbox instead (and stops at the config)"
if ! command -v unshare > /dev/null 2>&1 || ! unshare --help 2>&1 | grep -q -- --keep-caps; then
	skip_all "unshare with --keep-caps (util-linux >= 2.38) is missing"
fi
is_root || skip_all "needs the test tree and user (root)"
F=$TEST_TMP/forge
mkdir -p "$F"
chmod 0755 "$F"
forge='set -e
mount -t tmpfs tmpfs "$F"
mkdir "$F/cylo" "$F/cylotest"
printf "[default]\ncommands = *\n" > "$F/cylo/session"
mount --rbind /run/cylotest "$F/cylotest"
mount --rbind "$F" /run
mount -o remount,bind,ro /run
test -f /run/cylo/session
echo forged
exec setpriv --no-new-privs "$CYLOSH" -c "echo ran-pid=\$\$"'
out=$(as_user env F="$F" CYLOSH="$CYLOSH" unshare --map-user="$TEST_UID" \
	--map-group="$(id -g "$TEST_USER")" --keep-caps -m sh -c "$forge" 2>&1 < /dev/null)
st=$?
if printf '%s\n' "$out" | grep -q '^forged$' && ! printf '%s\n' "$out" | grep -q 'ran-pid'; then
	ok "forged marker: the command does not run"
else
	not_ok "forged marker: the command does not run"
	diag "$out"
fi
check_eq "forged marker: cylosh sets up a sandbox instead (and stops at the config)" \
	"$st $(printf '%s\n' "$out" | grep -c 'cannot set up the session: config')" "125 1"
