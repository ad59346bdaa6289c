#!/bin/sh
# tests/shell/20-interactive.sh - cylosh on a real pty (tmux): prompt,
# completion, history, Ctrl-C, job control, Ctrl-D, PS2, window size,
# idle timeout, motd.
#
# Every step waits for what it expects on the screen with a deadline
# (tmux_wait polls); no fixed sleeps.
. "$TEST_SRC/tests/lib/lib.sh"

T=cylotest-sh
# capture-pane drops trailing spaces.
PROMPT='cylotest-u@[^ ]*:~\$'

if ! command -v tmux > /dev/null 2>&1; then
	skip "interactive tests" "tmux is not installed (Debian package tmux)"
	exit 0
fi
if ! [ -x "$CYLOSH" ]; then
	skip "interactive tests" "no cylosh binary at $CYLOSH"
	exit 0
fi

cleanup() {
	tmux_stop "$T"
	tmux_stop "$T-idle"
	tmux_stop "$T-motd"
	tmux -L cylotest kill-server 2>/dev/null
	is_root && reset_conf 2>/dev/null
	is_root && rm -f "$TEST_ETC/motd"
}
trap cleanup EXIT

# start NAME [ARGS...]: a session in tmux that stays on screen after it ends.
start() {
	_name=$1
	shift
	tmux_start "$_name" "$(user_cmdline "$CYLOSH" "$@")"
	tmux -L cylotest set-option -t "$_name" remain-on-exit on > /dev/null 2>&1
}

pane_dead() {
	[ "$(tmux -L cylotest display-message -p -t "$1" '#{pane_dead}' 2>/dev/null)" = 1 ]
}

# wait_dead NAME SECS: poll until the session's program has ended.
wait_dead() {
	_dl=$(( $(date +%s) + $2 ))
	while [ "$(date +%s)" -le "$_dl" ]; do
		pane_dead "$1" && return 0
		sleep 0.1
	done
	return 1
}

# count NAME REGEX: lines of the screen matching REGEX.
count() {
	tmux_screen "$1" | grep -Ec -- "$2"
}

# wait_count NAME REGEX N [SECS]: until at least N lines match.
wait_count() {
	_dl=$(( $(date +%s) + ${4:-10} ))
	while [ "$(date +%s)" -le "$_dl" ]; do
		[ "$(count "$1" "$2")" -ge "$3" ] && return 0
		sleep 0.1
	done
	return 1
}

# expect DESC REGEX [SECS]: ok when REGEX shows up on the screen.
expect() {
	if tmux_wait "$T" "$2" "${3:-10}"; then
		ok "$1"
	else
		not_ok "$1"
		diag "waited for: $2" "screen:" "$(tmux_screen "$T" | grep -v '^$' | tail -15)"
	fi
}

# expect_n DESC REGEX N: ok when at least N lines match REGEX.
expect_n() {
	if wait_count "$T" "$2" "$3" "${4:-10}"; then
		ok "$1"
	else
		not_ok "$1"
		diag "waited for $3 lines matching: $2" "screen:" \
			"$(tmux_screen "$T" | grep -v '^$' | tail -15)"
	fi
}

# wait_last NAME REGEX SECS: until the last non-empty line matches REGEX.
wait_last() {
	_dl=$(( $(date +%s) + $3 ))
	while [ "$(date +%s)" -le "$_dl" ]; do
		tmux_screen "$1" | grep -v '^$' | tail -1 | grep -Eq -- "$2" && return 0
		sleep 0.1
	done
	return 1
}

# clear_screen: forget what is on the screen so far (new checks start clean).
clear_screen() {
	tmux -L cylotest send-keys -t "$T" -R \; clear-history -t "$T" 2>/dev/null
	tmux_send "$T" C-l
}

start "$T"
if ! tmux_wait "$T" "$PROMPT" 15; then
	not_ok "the prompt appears"
	diag "screen:" "$(tmux_screen "$T")"
	exit 1
fi
ok "the prompt appears (user@host:~\$)"

# ---- prompt and status -------------------------------------------------------
tmux_send "$T" 'false' Enter
expect 'the prompt shows a non-zero status after false' "^\\[1\\] $PROMPT"
tmux_send "$T" 'true' Enter
tmux_wait "$T" "^\\[1\\] $PROMPT true\$" 5
if wait_last "$T" "^$PROMPT\$" 5; then
	ok 'the prompt is plain again after true'
else
	not_ok 'the prompt is plain again after true'
	diag "$(tmux_screen "$T" | grep -v '^$' | tail -3)"
fi

# ---- completion -----------------------------------------------------------------
clear_screen
tmux_send "$T" 'ech' Tab
if tmux_wait "$T" "$PROMPT echo\$" 5; then
	ok 'Tab completes a command name (ech -> echo)'
else
	not_ok 'Tab completes a command name (ech -> echo)'
	diag "$(tmux_screen "$T" | grep -v '^$' | tail -5)"
fi
tmux_send "$T" 'compl-cmd-ok' Enter
expect 'the completed command runs' '^compl-cmd-ok$'
tmux_send "$T" 'mkdir -p ~/dircomp && echo path-compl-ok > ~/dircomp/filecomp' Enter
expect 'set-up for path completion' "^$PROMPT\$"
clear_screen
tmux_send "$T" 'cat ~/dirc' Tab
tmux_wait "$T" 'cat ~/dircomp/$' 5
tmux_send "$T" 'filec' Tab
if tmux_wait "$T" 'cat ~/dircomp/filecomp$' 5; then
	ok 'Tab completes a path (directory, then file)'
else
	not_ok 'Tab completes a path (directory, then file)'
	diag "$(tmux_screen "$T" | grep -v '^$' | tail -5)"
fi
tmux_send "$T" Enter
expect 'the completed path is used' '^path-compl-ok$'
clear_screen
tmux_send "$T" 'cat /etc/host' Tab Tab
expect 'Tab Tab lists path candidates' 'hostname.*hosts|hosts.*hostname'
tmux_send "$T" C-u
tmux_send "$T" C-c

# ---- history --------------------------------------------------------------------
tmux_send "$T" 'echo hist-one-$((1+1))' Enter 2>/dev/null
tmux_send "$T" 'echo hist-one-x' Enter
expect_n 'a command runs' '^hist-one-x$' 1
tmux_send "$T" Up Enter
expect_n 'Up recalls the previous line' '^hist-one-x$' 2
tmux_send "$T" 'echo rsearch-abc' Enter
tmux_send "$T" 'echo other-line' Enter
expect_n 'set-up for Ctrl-R' '^other-line$' 1
tmux_send "$T" C-r 'rsearch'
tmux_wait "$T" "reverse-i-search.*rsearch" 5
tmux_send "$T" Enter
expect_n 'Ctrl-R finds and runs an older line' '^rsearch-abc$' 2
tmux_send "$T" 'echo hist-one-x-suffix' Enter
tmux_send "$T" 'echo zzz' Enter
expect_n 'set-up for prefix search' '^zzz$' 1
tmux_send "$T" 'echo hist' Up Enter
expect_n 'Up searches history by prefix' '^hist-one-x-suffix$' 2
tmux_send "$T" 'history' Enter
expect 'history lists the lines' '[0-9]+ +echo rsearch-abc'

# ---- Ctrl-C -------------------------------------------------------------------------
tmux_send "$T" 'echo never-ran-1'
tmux_wait "$T" 'echo never-ran-1$' 5
# Type on only once the new prompt is there, as a person does: the line
# discipline throws away whatever input is still queued when it turns ^C
# into SIGINT (bash loses the same type-ahead), and under load tmux can
# hand the next keys over together with the ^C.
empty=$(count "$T" "^$PROMPT\$")
tmux_send "$T" C-c
wait_count "$T" "^$PROMPT\$" $((empty + 1)) 5
tmux_send "$T" 'echo after-ctrl-c' Enter
expect 'Ctrl-C at the prompt gives a new prompt' '^after-ctrl-c$'
if [ "$(count "$T" '^never-ran-1$')" -eq 0 ]; then
	ok 'Ctrl-C at the prompt drops the line (it never runs)'
else
	not_ok 'Ctrl-C at the prompt drops the line (it never runs)'
fi
tmux_send "$T" 'echo sleeping; sleep 100; echo RAN-after-sleep' Enter
tmux_wait "$T" '^sleeping$' 5
tmux_send "$T" C-c
expect 'Ctrl-C during sleep returns to the prompt with status 130' "^\\[130\\] $PROMPT" 5
tmux_send "$T" 'echo shell-survived $$' Enter
expect 'the shell survives Ctrl-C during a command' '^shell-survived [0-9]+$'
if [ "$(count "$T" '^RAN-after-sleep$')" -eq 0 ]; then
	ok 'Ctrl-C stops the rest of the list'
else
	not_ok 'Ctrl-C stops the rest of the list'
fi
# Ctrl-C at the PS2 prompt drops the unfinished command (as bash): the
# next line is a command of its own, not the loop's body.
tmux_send "$T" 'for i in 1; do' Enter
tmux_wait "$T" '^>$' 5
tmux_send "$T" C-c
wait_count "$T" "^\\[130\\] $PROMPT\$" 1 5
tmux_send "$T" 'echo after-ps2-plain' Enter
expect 'Ctrl-C at the PS2 prompt drops the unfinished command' '^after-ps2-plain$' 5
# Ctrl-C in a Ctrl-R search leaves the search: what it found does not run.
tmux_send "$T" C-r 'after-ps2'
tmux_wait "$T" 'reverse-i-search.*after-ps2' 5
tmux_send "$T" C-c
wait_last "$T" "$PROMPT\$" 5
tmux_send "$T" 'echo post-search' Enter
expect 'Ctrl-C in a history search gives a new prompt' '^post-search$' 5
check_eq 'the line the search found did not run' "$(count "$T" '^after-ps2-plain$')" 1

# ---- job control -----------------------------------------------------------------------
clear_screen
tmux_send "$T" 'cat' Enter
tmux_send "$T" 'in-cat-1' Enter
expect_n 'cat runs in the foreground' '^in-cat-1$' 2
tmux_send "$T" C-z
expect 'Ctrl-Z stops the foreground job' 'Stopped.*cat'
tmux_send "$T" 'jobs' Enter
expect 'jobs lists the stopped job' '^\[1\].*Stopped.*cat'
tmux_send "$T" 'fg' Enter
tmux_send "$T" 'in-cat-2' Enter
expect_n 'fg resumes it in the foreground' '^in-cat-2$' 2
tmux_send "$T" C-c
expect 'Ctrl-C ends the resumed job' "^\\[130\\] $PROMPT"
clear_screen
tmux_send "$T" 'jobs; echo jobs-done' Enter
tmux_wait "$T" '^jobs-done$' 5
if tmux_screen "$T" | grep -q 'Stopped'; then
	not_ok 'no job is left after Ctrl-C'
	diag "$(tmux_screen "$T" | grep -v '^$' | tail -5)"
else
	ok 'no job is left after Ctrl-C'
fi
tmux_send "$T" 'sleep 100' Enter
tmux_send "$T" C-z
expect 'Ctrl-Z stops sleep' 'Stopped.*sleep 100'
tmux_send "$T" 'bg' Enter
tmux_send "$T" 'jobs' Enter
expect 'bg continues it in the background' '^\[1\].*Running.*sleep 100'
tmux_send "$T" 'kill %1' Enter
tmux_send "$T" 'jobs; echo killed-done' Enter
tmux_wait "$T" '^killed-done$' 5

# ---- PS2 -------------------------------------------------------------------------------
clear_screen
tmux_send "$T" "echo 'ps2-a" Enter
expect 'an open quote gives the PS2 prompt' '^>$'
tmux_send "$T" "ps2-b'" Enter
expect_n 'the continued command runs with the newline' '^(ps2-a|ps2-b)$' 2
tmux_send "$T" 'if true' Enter
tmux_wait "$T" '^>$' 5
tmux_send "$T" 'then echo in-if; fi' Enter
expect 'if ... fi across lines' '^in-if$'

# ---- control characters typed with Ctrl-V ---------------------------------------------------
clear_screen
tmux_send "$T" 'echo ctlv-a'
tmux_send "$T" C-v C-k
tmux_send "$T" 'echo ctlv-b' Enter
expect 'Ctrl-V Ctrl-K is refused with a message' 'control character'
if [ "$(count "$T" '^ctlv-')" -eq 0 ]; then
	ok 'Ctrl-V Ctrl-K: nothing of the line ran'
else
	not_ok 'Ctrl-V Ctrl-K: nothing of the line ran'
	diag "$(tmux_screen "$T" | grep -v '^$' | tail -5)"
fi
tmux_send "$T" 'echo ctlj-a'
tmux_send "$T" C-v C-j
tmux_send "$T" 'echo ctlj-b' Enter
expect_n 'Ctrl-V Ctrl-J separates two commands, each run once' '^ctlj-[ab]$' 2
sleep 0.3
check_eq 'Ctrl-V Ctrl-J: exactly two outputs' "$(count "$T" '^ctlj-[ab]$')" 2

# ---- window size ------------------------------------------------------------------------
clear_screen
tmux_send "$T" 'stty size' Enter
expect 'a program sees the window size' '^30 120$'
tmux -L cylotest resize-window -t "$T" -x 80 -y 20
# The size travels through the session's pty relay: poll from inside.
tmux_send "$T" 'for i in 1 2 3 4 5 6 7 8 9 10; do [ "$(stty size)" = "20 80" ] && break; sleep 0.2; done; stty size' Enter
expect 'a resize at the prompt reaches the next program (stty size)' '^20 80$'
tmux_send "$T" "sh -c 'echo started; read x; for i in 1 2 3 4 5 6 7 8 9 10; do [ \"\$(stty size)\" = \"25 100\" ] && break; sleep 0.2; done; stty size'" Enter
tmux_wait "$T" '^started$' 5
tmux -L cylotest resize-window -t "$T" -x 100 -y 25
tmux_send "$T" Enter
expect 'a resize reaches a program that is running' '^25 100$'

# ---- Ctrl-D ----------------------------------------------------------------------------
tmux_send "$T" 'sleep 100' Enter
tmux_send "$T" C-z
tmux_wait "$T" 'Stopped.*sleep 100' 5
tmux_send "$T" C-d
expect 'Ctrl-D with a stopped job warns' 'stopped jobs'
tmux_send "$T" 'echo still-alive' Enter
if tmux_wait "$T" '^still-alive$' 5 && ! pane_dead "$T"; then
	ok 'the first Ctrl-D does not end the session'
else
	not_ok 'the first Ctrl-D does not end the session'
fi
# A command in between resets the warning (as in bash): warn again, then go.
tmux_send "$T" C-d
expect_n 'Ctrl-D warns again after a command' 'stopped jobs' 2
tmux_send "$T" C-d
if wait_dead "$T" 10; then
	ok 'a second Ctrl-D ends the session'
else
	not_ok 'a second Ctrl-D ends the session'
	diag "$(tmux_screen "$T" | grep -v '^$' | tail -5)"
fi
tmux_stop "$T"

# Issue 10: !!, !$ and !prefix at the prompt (bash's habit); a trailing
# backslash asks for the rest of the line (issue 9).
start "$T"
tmux_wait "$T" "$PROMPT" 15
tmux_send "$T" 'echo hist-one hist-two' Enter
tmux_wait "$T" '^hist-one hist-two$' 5
tmux_send "$T" '!!' Enter
expect_n '!! runs the last command again' '^hist-one hist-two$' 2
tmux_send "$T" 'echo last-was !$' Enter
expect '!$ is the last word of the last command' '^last-was hist-two$' 5
tmux_send "$T" '!echo' Enter
expect_n '!prefix runs the last command starting so' '^last-was hist-two$' 2
tmux_send "$T" 'echo "bang! stays"' Enter
expect '"!" before a quote is not a history reference' '^bang! stays$' 5
tmux_send "$T" "printf '%s\\n' 'quoted-!echo' # and !echo" Enter
expect '"!" inside single quotes and in a comment is not a history reference (as bash)' \
	'^quoted-!echo$' 5
tmux_send "$T" 'echo cont\' Enter
tmux_wait "$T" '^> ' 5
tmux_send "$T" 'inued' Enter
expect 'a trailing backslash continues the line at the prompt' '^continued$' 5
tmux_send "$T" 'f() { echo "in-f $1"; }; alias gg="f via-alias"' Enter
tmux_send "$T" 'gg' Enter
expect 'functions and aliases at the prompt' '^in-f via-alias$' 5
tmux_send "$T" "trap 'echo trapped-int' INT; kill -INT \$\$" Enter
expect 'a trap on INT runs in the interactive shell' '^trapped-int$' 5
tmux_send "$T" 'echo still-here' Enter
expect 'the session goes on after the trap' '^still-here$' 5
# Ctrl-C at the prompt with that trap: the action runs and the typed
# line goes, with a fresh prompt (bash does both; cylosh used to keep the
# line and run the action only after Enter).
clear_screen
tmux_send "$T" 'echo typed-not-run'
tmux_wait "$T" 'echo typed-not-run$' 5
tmux_send "$T" C-c
expect 'Ctrl-C at the prompt with an INT trap runs the action at once' '^trapped-int$' 5
expect 'then a fresh, empty prompt with status 130' "^\\[130\\] $PROMPT\$" 5
tmux_send "$T" 'echo after-trap-c' Enter
expect 'the next line runs' '^after-trap-c$' 5
check_eq 'the line typed before Ctrl-C never ran' "$(count "$T" '^typed-not-run$')" 0
# In an unfinished command: it is dropped too, as bash does.
tmux_send "$T" 'for i in 1; do' Enter
tmux_wait "$T" '^>$' 5
tmux_send "$T" C-c
expect_n 'Ctrl-C at the PS2 prompt with an INT trap runs the action' '^trapped-int$' 2
wait_count "$T" "^\\[130\\] $PROMPT\$" 2 5
tmux_send "$T" 'echo after-ps2-c' Enter
expect 'the unfinished command is dropped: the next line runs on its own' '^after-ps2-c$' 5
tmux_send "$T" C-r 'after-ps2-c'
tmux_wait "$T" 'reverse-i-search.*after-ps2-c' 5
tmux_send "$T" C-c
expect_n 'Ctrl-C in a history search with an INT trap runs the action' '^trapped-int$' 3
wait_count "$T" "^\\[130\\] $PROMPT\$" 3 5
tmux_send "$T" 'echo post-trap-search' Enter
expect '... and leaves the search' '^post-trap-search$' 5
check_eq '... without running the line it found' "$(count "$T" '^after-ps2-c$')" 1
tmux_stop "$T"

# exec at the prompt writes the history first, as bash does: the shell it
# replaces never saves it at exit.  cat, started by exec, shows the file
# the next shell of the session would read.
start "$T"
tmux_wait "$T" "$PROMPT" 15
tmux_send "$T" 'echo before-exec-$((6*7))' Enter
tmux_wait "$T" '^before-exec-42$' 5
tmux_send "$T" 'exec cat ~/.cylo_history' Enter
expect 'exec at the prompt saves the history first (as bash)' \
	'^echo before-exec-\$\(\(6\*7\)\)$' 5
tmux_stop "$T"

start "$T"
tmux_wait "$T" "$PROMPT" 15
tmux_send "$T" C-d
if wait_dead "$T" 10; then
	ok 'Ctrl-D on an empty line ends the session'
else
	not_ok 'Ctrl-D on an empty line ends the session'
fi
tmux_stop "$T"

# The status is read from a host shell that ran cylosh: tmux's own
# pane_dead_status was seen missing under load although cylosh had exited.
tmux_start "$T" "sh -c '$(user_cmdline "$CYLOSH"); echo CYLOSH-EXIT=\$?; sleep 60'"
tmux_wait "$T" "$PROMPT" 15
tmux_send "$T" 'exit 3' Enter
if tmux_wait "$T" 'CYLOSH-EXIT=[0-9]+' 15 && tmux_screen "$T" | grep -q 'CYLOSH-EXIT=3$'; then
	ok 'exit 3 ends the session with status 3'
else
	not_ok 'exit 3 ends the session with status 3'
	diag "$(tmux_screen "$T" | grep -v '^$' | tail -5)" \
		"processes of $TEST_USER: $(ps -o pid=,stat=,args= -u "$TEST_USER" 2>/dev/null | tr '\n' ';')"
fi
tmux_stop "$T"

# ---- motd and idle timeout (they need the root-owned test config) ------------------------
if ! is_root || ! have_tree; then
	skip 'login mode shows the motd' 'needs root and the test tree'
	skip 'idle timeout' 'needs root and the test tree'
	exit 0
fi

printf 'cylotest motd line\n' > "$TEST_ETC/motd"
chmod 0644 "$TEST_ETC/motd"
T0=$T
T=$T-motd
start "$T" -l
tmux_wait "$T" "$PROMPT" 15
expect 'login mode (-l) shows the motd' 'cylotest motd line' 2
tmux_stop "$T"
start "$T"
tmux_wait "$T" "$PROMPT" 15
if tmux_screen "$T" | grep -q 'cylotest motd line'; then
	not_ok 'a non-login interactive session shows no motd'
else
	ok 'a non-login interactive session shows no motd'
fi
tmux_stop "$T"
rm -f "$TEST_ETC/motd"

T=$T0-idle
use_conf "$(cat "$TEST_SRC/tests/lib/cylo.conf")
idle_timeout = 6s"
start "$T"
tmux_wait "$T" "$PROMPT" 15
# Time spent in a command does not count: 7 s > 6 s of sleep, then the
# prompt is back and the session is alive.
tmux_send "$T" 'sleep 7; echo slept-ok' Enter
if tmux_wait "$T" '^slept-ok$' 12 && ! pane_dead "$T"; then
	ok 'idle timeout: time in a command does not count'
else
	not_ok 'idle timeout: time in a command does not count'
	diag "$(tmux_screen "$T" | grep -v '^$' | tail -5)"
fi
expect 'idle timeout: a warning before the end' 'idle.*session ends in' 8
if wait_dead "$T" 10; then
	ok 'idle timeout ends the session'
else
	not_ok 'idle timeout ends the session'
fi
expect 'idle timeout: a message says why' 'idle for 6 seconds' 2
tmux_stop "$T"
reset_conf
