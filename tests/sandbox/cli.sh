#!/bin/sh
# tests/sandbox/cli.sh - the command line and the config rules around the
# session: --help, --version, --check, -C, --policy; refusal as root;
# a config not owned by root, or with a syntax error, is fatal (DESIGN.md
# section 1 rule 5, section 6).
. "$TEST_SRC/tests/lib/lib.sh"

# ---- --help, --version, usage errors ----------------------------------------
out=$(as_user "$CYLOSH" --help 2>&1)
check_eq "--help exits 0" "$?" 0
check_match "--help prints the usage" "$out" '^usage: cylosh'
out=$(as_user "$CYLOSH" --version 2>&1)
check_eq "--version exits 0" "$?" 0
check_match "--version prints the version" "$out" '^cylosh [0-9]+\.[0-9]+'
out=$(as_user "$CYLOSH" --bogus 2>&1)
check_eq "an unknown option exits 2" "$?" 2
check_match "an unknown option is named" "$out" 'unknown option --bogus'
out=$(as_user "$CYLOSH" -c 2>&1)
check_eq "-c without a string exits 2" "$?" 2

# ---- --check -----------------------------------------------------------------
out=$(as_user "$CYLOSH" --check 2>&1)
rc=$?
check_eq "--check exits 0 on this machine" "$rc" 0
for item in 'kernel version' 'user.max_user_namespaces' 'user\+mount namespace' \
	'landlock' 'seccomp' 'config'; do
	check_match "--check reports '$item' ok" "$out" "^ok +$item"
done
check_nomatch "--check reports no FAIL" "$out" '^FAIL'
check_match "--check ends with its verdict" "$(printf '%s\n' "$out" | tail -n 1)" \
	'can run sessions on this machine'

# ---- -C and --policy -----------------------------------------------------------
out=$(as_user "$CYLOSH" -C "$TEST_SRC/tests/lib/cylo.conf" 2>&1)
check_eq "-C on the test config exits 0" "$?" 0
check_match "-C prints the effective policy" "$out" '^hostname = cylotest$'
printf '[default]\nhome_size = 64M\nbogus_key = 1\n' > "$TEST_TMP/bad-key.conf"
printf '[default]\nhome_size = 64M\nthis line is wrong\n' > "$TEST_TMP/bad-syntax.conf"
printf '[default\nhome_size = 64M\n' > "$TEST_TMP/bad-section.conf"
chmod 0644 "$TEST_TMP"/bad-*.conf
for f in bad-key:3 bad-syntax:3 bad-section:1; do
	file=$TEST_TMP/${f%%:*}.conf
	out=$(as_user "$CYLOSH" -C "$file" 2>&1)
	rc=$?
	check_eq "-C ${f%%:*}.conf exits 1" "$rc" 1
	check_match "-C ${f%%:*}.conf names file:line" "$out" "$file:${f##*:}"
done
out=$(as_user "$CYLOSH" -C /nonexistent/cylo.conf 2>&1)
check_eq "-C on a missing file exits 1" "$?" 1

# -C never prints the text of a file it cannot parse: not when the quoted
# part is cut off by the message's length (no closing quote), not when the
# line has quotes of its own, not when the parser quotes a transformed part.
long=$(printf '%0600d' 0 | tr 0 A)
printf 'CYLOTEST-SECRET%s = 1\n' "$long" > "$TEST_TMP/redact-long.conf"
printf '[default]\nx"CYLOTEST-SECRET"y = 1\n' > "$TEST_TMP/redact-quotes.conf"
printf '[CYLOTEST-SECRET words]\n' > "$TEST_TMP/redact-section.conf"
chmod 0644 "$TEST_TMP"/redact-*.conf
for f in long:1 quotes:2 section:1; do
	file=$TEST_TMP/redact-${f%%:*}.conf
	out=$(as_user "$CYLOSH" -C "$file" 2>&1)
	check_nomatch "-C shows nothing of a ${f%%:*} key or name it cannot parse" "$out" \
		"CYLOTEST-SECRET|AAAA"
	check_match "-C still names ${f%%:*}'s file:line" "$out" "$file:${f##*:}: "
done

out=$(as_user "$CYLOSH" --policy "$TEST_USER" 2>&1)
check_eq "--policy USER exits 0" "$?" 0
check_match "--policy shows the user and the config" "$out" "policy for $TEST_USER .*from $TEST_CONF"
check_match "--policy shows the hostname" "$out" '^hostname = cylotest +# '
out=$(as_user "$CYLOSH" --policy cylotest-no-such-user 2>&1)
check_eq "--policy for an unknown user exits 1" "$?" 1

# ---- refusal as root --------------------------------------------------------------
if need_root "cylosh refuses root (exit 125)" "the refusal names the reason"; then
	out=$(env -i PATH=/usr/bin:/bin HOME=/root "$CYLOSH" -c 'echo ran-as-root' < /dev/null 2>&1)
	rc=$?
	check_eq "cylosh refuses root (exit 125)" "$rc" 125
	check_match "the refusal names the reason" "$out" \
		'cannot set up the session: user: cylosh refuses to run as root'
	check_nomatch "the command did not run as root" "$out" 'ran-as-root'
fi

# ---- config ownership and syntax (root: the tree is root-owned) -----------------
if need_root "a config not owned by root is refused" "a config writable by others is refused" \
	"a syntax error in the config is refused with file:line" "an unknown key is refused"; then
	chown "$TEST_USER" "$TEST_CONF"
	out=$(session 'echo cmd-ran' 2>&1)
	rc=$?
	chown root:root "$TEST_CONF"
	check_eq "a config not owned by root is refused (exit 125)" "$rc" 125
	check_match "the refusal names the config step" "$out" \
		'^cylosh: cannot set up the session: config: '
	check_match "the refusal has a hint" "$out" '^hint: .*root'
	check_nomatch "the command did not run" "$out" 'cmd-ran'

	chmod 0666 "$TEST_CONF"
	out=$(session 'echo cmd-ran' 2>&1)
	rc=$?
	chmod 0644 "$TEST_CONF"
	check_eq "a config writable by others is refused (exit 125)" "$rc" 125
	check_nomatch "... and the command did not run" "$out" 'cmd-ran'

	chmod 0775 "$TEST_CONF"
	chgrp "$(id -gn "$TEST_USER")" "$TEST_CONF"
	out=$(session 'echo cmd-ran' 2>&1)
	rc=$?
	chmod 0644 "$TEST_CONF"
	chgrp root "$TEST_CONF"
	check_eq "a config writable by the user's group is refused (exit 125)" "$rc" 125

	d=$(dirname "$TEST_CONF")
	chmod 0777 "$d"
	out=$(session 'echo cmd-ran' 2>&1)
	rc=$?
	chmod 0755 "$d"
	check_eq "a config in a directory writable by others is refused (exit 125)" "$rc" 125

	use_conf '[default]
home_size = 64M
this is not a key value line'
	out=$(session 'echo cmd-ran' 2>&1)
	rc=$?
	check_eq "a syntax error in the config is refused (exit 125)" "$rc" 125
	check_match "a syntax error in the config is refused with file:line" "$out" \
		"config: .*$TEST_CONF:3"
	check_nomatch "... and the command did not run" "$out" 'cmd-ran'

	use_conf '[default]
home_size = 64M
no_such_key = 1'
	out=$(session 'echo cmd-ran' 2>&1)
	rc=$?
	check_eq "an unknown key is refused (exit 125)" "$rc" 125
	check_match "an unknown key is named with file:line" "$out" "$TEST_CONF:3"

	use_conf '[default]
landlock_min_abi = 99'
	out=$(session 'echo cmd-ran' 2>&1)
	rc=$?
	if [ "$rc" = 125 ]; then
		ok "landlock_min_abi above the kernel's ABI is refused (exit 125)"
		check_match "the refusal names the landlock step (or the config's range)" "$out" \
			'cannot set up the session: (landlock|config): '
	else
		not_ok "landlock_min_abi above the kernel's ABI is refused (exit 125)"
		diag "exit $rc: $out"
	fi
	reset_conf

	# No config at all: built-in defaults (a warning in --check).
	if [ "$TEST_VARIANT" = asan ]; then
		skip "without a config the session runs on built-in defaults" \
			"the default process_memory limit is below the ASan build's shadow memory"
	else
		mv "$TEST_CONF" "$TEST_CONF.away"
		out=$(session 'hostname' 2>&1)
		rc=$?
		mv "$TEST_CONF.away" "$TEST_CONF"
		check_eq "without a config the session runs on built-in defaults" "$rc:$out" "0:cylo"
	fi
fi
