#!/bin/sh
# tests/sandbox/tty.sh - terminal injection (TIOCSTI, CVE-2017-5226): a
# session started from a host shell on a real terminal (tmux) must not be
# able to push input into that shell.  Layers: the session runs on a fresh
# pty, in a new session (setsid), and seccomp refuses TIOCSTI, plain and
# with bit 32 of the request set.
. "$TEST_SRC/tests/lib/lib.sh"

if ! command -v tmux > /dev/null 2>&1; then
	skip "TIOCSTI does not reach the host terminal" "tmux is not installed"
	exit 0
fi
if ! need_root "TIOCSTI does not reach the host terminal"; then
	exit 0
fi
if [ ! -x "$PROBE" ]; then
	skip "TIOCSTI does not reach the host terminal" "no probe binary ($PROBE)"
	exit 0
fi

# The kernel refuses TIOCSTI to everyone when dev.tty.legacy_tiocsti = 0;
# the control below would then prove nothing, so turn it on meanwhile.
legacy=/proc/sys/dev/tty/legacy_tiocsti
old_legacy=
if [ -e $legacy ] && [ "$(cat $legacy)" = 0 ]; then
	old_legacy=0
	echo 1 > $legacy
fi
T=cylotest-tty-$$
D=$TEST_TMP/tty.$$
mkdir -p "$D"
chown "$TEST_USER" "$D"
cleanup() {
	tmux_stop "$T"
	[ -n "$old_legacy" ] && echo "$old_legacy" > $legacy
}
trap cleanup EXIT

# A host shell on a real terminal, as the test user.
tmux_start "$T" "$(user_cmdline sh)"
tmux_send "$T" "PS1='host\$ '" Enter
tmux_wait "$T" 'host\$ ?$' 5 || diag "no host prompt" "$(tmux_screen "$T")"

# run_host LINE TAG: type LINE into the host shell followed by "echo TAG",
# and wait for TAG.
run_host() {
	tmux_send "$T" -l "$1; echo $2"
	tmux_send "$T" Enter
	if ! tmux_wait "$T" "^$2\$" 15; then
		diag "timeout waiting for $2" "$(tmux_screen "$T")"
		return 1
	fi
	# Let the host shell read whatever was injected before we look.
	tmux_send "$T" -l "echo $2-settled"
	tmux_send "$T" Enter
	tmux_wait "$T" "^$2-settled\$" 5
}

# Control: the probe run directly by the host shell does inject.
run_host "$PROBE tiocsti 'touch $D/CONTROL\\n'" CTL1
if [ -e "$D/CONTROL" ]; then
	ok "host control: TIOCSTI from a host process injects into the host shell"
else
	skip "TIOCSTI does not reach the host terminal" \
		"TIOCSTI does not inject even outside a session on this kernel"
	exit 0
fi

# Inside a session whose stdout/stderr are the terminal (stdin carries the
# probe binary in): make the terminal we hold our controlling one, then
# push, with both request forms.
i=0
for form in "" --high; do
	i=$((i + 1))
	marker=$D/MARKER$i
	cat > "$D/attack$i.sh" <<EOS
exec "$CYLOSH" -c "/bin/sh -c 'cat > /tmp/.p && chmod 700 /tmp/.p && exec /tmp/.p tiocsti \"touch $marker\\\\n\" --fd 1 --ctty $form'" < "$PROBE" 2> "$D/err$i"
EOS
	chmod 0755 "$D/attack$i.sh"
	run_host "sh $D/attack$i.sh" "ATK$i"
	# The probe writes its answer to fd 1 (the session's pty, relayed to
	# the screen): "EPERM" from the filter.
	scr=$(tmux_screen "$T")
	check_eq "TIOCSTI ${form:-plain} inside a session is refused with EPERM" \
		"$(printf '%s\n' "$scr" | grep -c '^EPERM$')" "$i"
	check "TIOCSTI ${form:-plain} from a session did not reach the host shell" \
		test ! -e "$marker"
done

# An interactive-style session (stdin is the terminal too), using perl as
# the ioctl caller when the session may run it.
marker=$D/MARKER-perl
cat > "$D/attack-perl.sh" <<EOS
exec "$CYLOSH" -c "perl -e 'for (split //, qq{touch $marker\\\\n}) { ioctl(STDIN, 0x5412, \\\$_) or print qq{\\\$!\\\\n}; ioctl(STDIN, 0x100005412, \\\$_) or print qq{\\\$!\\\\n}; last }'"
EOS
if session 'perl -e 1' > /dev/null 2>&1; then
	run_host "sh $D/attack-perl.sh" ATKP
	check_eq "TIOCSTI from an interactive session is refused, both forms (perl)" \
		"$(tmux_screen "$T" | grep -c 'Operation not permitted')" 2
	check "TIOCSTI from an interactive session did not reach the host shell" \
		test ! -e "$marker"
else
	skip "TIOCSTI from an interactive session did not reach the host shell" \
		"perl cannot run in a session"
fi
