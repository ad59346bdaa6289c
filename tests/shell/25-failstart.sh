#!/bin/sh
# tests/shell/25-failstart.sh - a program that cannot start never ends an
# interactive session (issue 9 §1).  On a real pty (tmux), each way a start
# can fail (not found, permission denied, refused by the command list's
# Landlock rules, a masked interpreter, a directory, a bad #! line, a binary
# that is no script, a failed redirection), alone, in a pipeline, in a
# subshell and in the background: the shell reports it with the status sh
# gives (127 not found, also a #! interpreter; 126 found but not runnable;
# 1 a redirection), as bash 5.2 and dash do, then
# reads the next command from the terminal.  Afterwards the terminal is
# still the shell's: a foreground job gets Ctrl-C and the prompt returns.
#
# The cause this guards against: with job control, the child posix_spawn
# makes takes the terminal (its tcsetpgrp action) before its exec; when the
# exec failed nobody gave the terminal back, the shell's next read failed
# with EIO, and the session ended as if the user had typed Ctrl-D.
#
# Every step waits for what it expects on the screen with a deadline.
. "$TEST_SRC/tests/lib/lib.sh"

T0=cylotest-fs
T=$T0
PROMPT="$TEST_USER@[^ ]*:~\\\$"

if ! command -v tmux > /dev/null 2>&1; then
	skip "failed starts on a pty" "tmux is not installed (Debian package tmux)"
	exit 0
fi
if ! [ -x "$CYLOSH" ]; then
	skip "failed starts on a pty" "no cylosh binary at $CYLOSH"
	exit 0
fi

cleanup() {
	tmux_stop "$T0"
	tmux_stop "$T0-list"
	is_root && reset_conf 2>/dev/null
}
trap cleanup EXIT

# start NAME: a session in tmux that stays on screen after it ends.
# The shell that runs it prints the session's exit status: tmux 3.3a does
# not always report a dead pane's status.
start() {
	tmux_start "$1" "$(user_cmdline "$CYLOSH"); echo session-exit=\$?"
	tmux -L cylotest set-option -t "$1" remain-on-exit on > /dev/null 2>&1
	tmux -L cylotest resize-window -t "$1" -x 160 -y 40 > /dev/null 2>&1
}

pane_dead() {
	[ "$(tmux -L cylotest display-message -p -t "$1" '#{pane_dead}' 2>/dev/null)" = 1 ]
}

screen_tail() {
	tmux_screen "$T" | grep -v '^$' | tail -8
}

# clear_screen: forget what is on the screen so far.
clear_screen() {
	tmux -L cylotest send-keys -t "$T" -R \; clear-history -t "$T" 2>/dev/null
	tmux_send "$T" C-l
	tmux_wait "$T" "^$PROMPT\$" 5
}

n=0
# fails DESC CMDLINE STATUS MESSAGE: CMDLINE prints MESSAGE (an extended
# regex) and ends with STATUS; then the session reads and runs the next
# line, which prints that status.
fails() {
	n=$((n + 1))
	clear_screen
	tmux_send "$T" "$2" Enter
	if tmux_wait "$T" "$4" 10; then
		ok "$1: says so"
	else
		not_ok "$1: says so"
		diag "waited for: $4" "screen:" "$(screen_tail)"
	fi
	tmux_send "$T" "echo \"after-$n=\$?\"" Enter
	if tmux_wait "$T" "^after-$n=$3\$" 10 && ! pane_dead "$T"; then
		ok "$1: status $3, and the next command runs"
	else
		not_ok "$1: status $3, and the next command runs"
		diag "screen:" "$(screen_tail)"
	fi
}

# bg_fails DESC CMDLINE STATUS MESSAGE: the same for CMDLINE & (the status
# shows in the job's report at the next prompt).
bg_fails() {
	n=$((n + 1))
	clear_screen
	tmux_send "$T" "$2 &" Enter
	if tmux_wait "$T" "$4" 10; then
		ok "$1 in the background: says so"
	else
		not_ok "$1 in the background: says so"
		diag "waited for: $4" "screen:" "$(screen_tail)"
	fi
	tmux_send "$T" "echo after-$n" Enter
	if tmux_wait "$T" "^after-$n\$" 10 && ! pane_dead "$T"; then
		ok "$1 in the background: the next command runs"
	else
		not_ok "$1 in the background: the next command runs"
		diag "screen:" "$(screen_tail)"
	fi
	tmux_send "$T" "echo report-$n" Enter
	if tmux_wait "$T" "Exit $3 +$(printf '%s' "$2" | sed 's/[].[*^$\\/]/\\&/g')" 10; then
		ok "$1 in the background: the job reports Exit $3"
	else
		not_ok "$1 in the background: the job reports Exit $3"
		diag "screen:" "$(screen_tail)"
	fi
}

# The policy allows perl, not python: the python wrapper at the
# interpreter's paths refuses to start, naming the policy.
is_root && use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
languages = perl"
start "$T"
if ! tmux_wait "$T" "$PROMPT" 15; then
	not_ok "the prompt appears"
	diag "screen:" "$(tmux_screen "$T")"
	exit 1
fi
ok "the prompt appears"

# Files in the ramdisk home: a script without the execute bit, one whose
# #! names nothing, binary data with the execute bit, a script without #!.
tmux_send "$T" "printf 'echo never\\n' > noexec.sh; printf '#!/nonexistent/cylo-interp\\necho never\\n' > badbang.sh; printf 'cylo\\0bin\\n' > binary.dat; printf 'echo plain-ran\\n' > plain.sh; chmod 755 badbang.sh binary.dat plain.sh; echo setup-\$?" Enter
if tmux_wait "$T" '^setup-0$' 10; then
	ok "set-up: scripts in the home"
else
	not_ok "set-up: scripts in the home"
	diag "screen:" "$(screen_tail)"
fi

# ---- alone, in the foreground ---------------------------------------------------
fails "not found" 'no-such-cylo-cmd' 127 'no-such-cylo-cmd: command not found'
fails "no execute bit" './noexec.sh' 126 'noexec\.sh: permission denied'
fails "no execute bit, with a redirection and an assignment" \
	'X=1 ./noexec.sh > out.txt' 126 'noexec\.sh: permission denied'
fails "a directory" '/usr' 126 '/usr: is a directory'
fails "a bad #! line" './badbang.sh' 127 \
	'badbang\.sh: bad interpreter: /nonexistent/cylo-interp'
fails "binary data (ENOEXEC, not a script)" './binary.dat' 126 \
	'binary\.dat: cannot execute binary file'
fails "a script without #! (ENOEXEC) runs as a cylosh script" './plain.sh' 0 '^plain-ran$'
fails "a failed input redirection" 'cat < /nonexistent-cylo' 1 \
	'/nonexistent-cylo: No such file or directory'
fails "a failed output redirection" 'ls > /etc/cylo-x' 1 '/etc/cylo-x: .*(Read-only|ermission)'
# An interpreter of a language the policy does not allow, by its real
# path and its versioned name: the wrapper there refuses (126).
refused=
if is_root; then
	for f in /usr/bin/python3 /usr/bin/python3.*; do
		if [ -x "$f" ] && printf '%s\n' "$f" | grep -Eq '/python3(\.[0-9]+)?$'; then
			refused="$refused $f"
		fi
	done
fi
for interp in $refused; do
	fails "a refused language's interpreter ($interp)" "$interp -V" 126 \
		'the python language is not allowed in this session'
done
[ -n "$refused" ] || skip "a refused language's interpreter" \
	"needs root (a policy without python) and /usr/bin/python3"
# The issue's example: refused by the policy here (126, as root), or the
# wrapper runs it (0).  Either way the session goes on.
if [ -x /usr/bin/python3 ]; then
	fails "/usr/bin/python3 -V" '/usr/bin/python3 -V' '(126|0)' \
		'the python language is not allowed in this session|^Python 3'
else
	skip "/usr/bin/python3 -V" "python3 is not installed"
fi

# ---- in a pipeline, a subshell, a compound command ----------------------------
fails "no execute bit, last in a pipeline" 'echo x | ./noexec.sh' 126 'noexec\.sh: permission denied'
fails "no execute bit, first in a pipeline" './noexec.sh | cat' 0 'noexec\.sh: permission denied'
fails "not found on both sides of a pipeline" 'no-such-a | no-such-b' 127 'no-such-b: command not found'
fails "a bad #! line in a pipeline" 'echo x | ./badbang.sh' 127 'badbang\.sh: bad interpreter'
fails "a directory in a subshell" '( /usr )' 126 '/usr: is a directory'
fails "no execute bit in a brace group" '{ ./noexec.sh; }' 126 'noexec\.sh: permission denied'
fails "no execute bit as an if condition" 'if ./noexec.sh; then echo yes; fi' 0 'noexec\.sh: permission denied'

# ---- in the background ------------------------------------------------------------
bg_fails "not found" 'no-such-cylo-bg' 127 'no-such-cylo-bg: command not found'
bg_fails "no execute bit" './noexec.sh' 126 'noexec\.sh: permission denied'
bg_fails "a bad #! line" './badbang.sh' 127 'badbang\.sh: bad interpreter'

# ---- the terminal is the shell's ------------------------------------------------
clear_screen
tmux_send "$T" 'sleep 30' Enter
tmux_wait "$T" "$PROMPT sleep 30\$" 5
tmux_send "$T" C-c
tmux_send "$T" 'echo after-ctrl-c=$?' Enter
if tmux_wait "$T" '^after-ctrl-c=130$' 10; then
	ok "after the failed starts a foreground job still gets Ctrl-C"
else
	not_ok "after the failed starts a foreground job still gets Ctrl-C"
	diag "screen:" "$(screen_tail)"
fi

# A background job that takes the terminal (ignoring SIGTTOU) while the
# shell waits at its prompt: the shell takes it back instead of reading
# EIO as end of input.
if [ -x /usr/bin/perl ]; then
	clear_screen
	tmux_send "$T" "perl -MPOSIX -e '\$SIG{TTOU} = q(IGNORE); POSIX::tcsetpgrp(0, getpgrp()) or die; print qq(took-tty\\n)' &" Enter
	tmux_wait "$T" '^took-tty$' 10
	tmux_send "$T" 'echo after-theft' Enter
	if tmux_wait "$T" '^after-theft$' 10 && ! pane_dead "$T"; then
		ok "a background job that took the terminal does not end the session"
	else
		not_ok "a background job that took the terminal does not end the session"
		diag "screen:" "$(screen_tail)"
	fi
else
	skip "a background job that took the terminal does not end the session" "no perl"
fi

tmux_send "$T" 'exit' Enter
if tmux_wait "$T" '^session-exit=' 20; then
	_st=$(tmux_screen "$T" | sed -n 's/^session-exit=//p' | tail -n 1)
else
	_st=
fi
if [ "$_st" = 0 ]; then
	ok "exit ends the session with status 0 after all that"
else
	not_ok "exit ends the session with status 0 after all that"
	diag "pane dead: $(pane_dead "$T" && echo yes || echo no), status: $_st" \
		"screen:" "$(screen_tail)"
fi
tmux_stop "$T"

# ---- refused by the command list (Landlock) -----------------------------------
T=$T0-list
if need_root "a program outside the command list: says so" \
	"a program outside the command list: status 126, and the next command runs" \
	"a program outside the command list, by name: says so" \
	"a program outside the command list, by name: status 127, and the next command runs"; then
	# No commands key: the built-in teaching set, which lacks nologin.
	use_conf '[default]
home_size = 16M
network = none'
	start "$T"
	if tmux_wait "$T" "$PROMPT" 15; then
		fails "a program outside the command list" '/usr/sbin/nologin' 126 \
			'/usr/sbin/nologin: permission denied'
		fails "a program outside the command list, by name" 'nologin' 127 \
			'nologin: command not found'
	else
		not_ok "a session with the teaching set starts"
		diag "screen:" "$(tmux_screen "$T")"
	fi
	tmux_stop "$T"
	reset_conf
fi
