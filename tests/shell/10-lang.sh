#!/bin/sh
# tests/shell/10-lang.sh - the cylosh language through the real binary in a
# real session (cylosh -c): quoting, expansion, statuses, pipelines,
# redirections, here-documents, control flow, builtins; a line with a
# syntax error or a control character runs nothing at all.
. "$TEST_SRC/tests/lib/lib.sh"

# t DESC STRING WANT: the output (stdout+stderr) of cylosh -c STRING.
t() {
	_got=$(session "$2" 2>&1)
	check_eq "$1" "$_got" "$3"
}

# st DESC STRING WANT: the exit status of cylosh -c STRING.
st() {
	session "$2" > /dev/null 2>&1
	check_eq "$1" "$?" "$3"
}

# ---- words and quoting -------------------------------------------------------------
t "echo" 'echo hello world' 'hello world'
t "single quotes keep everything" "echo '\$HOME \"x\" \\'" '$HOME "x" \'
t "double quotes expand" 'X=1; echo "x=$X" "$X$X"' 'x=1 11'
t "backslash escapes" 'echo a\ b \$X \\' 'a b $X \'
t "line continuation" "$(printf 'echo a\\\nb')" 'ab'
t "comments" 'echo a # b c' 'a'
t "empty quotes are an argument" 'set -- "" x; echo $#' '2'
t "adjacent quoting joins" "echo a'b'\"c\"" 'abc'

# ---- parameters -------------------------------------------------------------------
t "positional parameters from -c" 'echo $0 $1 $2 $#' "$CYLOSH 0"
out=$(as_user "$CYLOSH" -c 'echo "$0|$1|$2|$#|$@"' name 'a b' c < /dev/null 2>&1)
check_eq "-c STRING NAME ARGS sets \$0 and \$@" "$out" 'name|a b|c|2|a b c'
t "\${X:-default}" 'echo ${NOPE:-d} ${NOPE-e}' 'd e'
t "\${X:=value} assigns" 'echo ${N:=v}; echo $N' "v
v"
t "\${X:+alt}" 'X=1; echo ${X:+alt}${NOPE:+no}' 'alt'
t "\${X:?msg} fails" 'echo ${NOPE:?is missing}; echo not-reached' 'cylosh: NOPE: is missing'
t "\${#X}" 'X=hello; echo ${#X}' '5'
t "prefix and suffix removal" 'F=dir/a.tar.gz; echo ${F##*/} ${F%.gz} ${F%%.*}' 'a.tar.gz dir/a.tar dir/a'
t "\$\$ is the shell's pid" 'echo $$' '2'
t "unquoted expansion splits, quoted does not" 'X="a  b"; set -- $X; echo $#; set -- "$X"; echo $#' "2
1"
t "tilde" 'echo ~ ~/x' "$TEST_HOME $TEST_HOME/x"
t "HOME/USER/PATH set by the session" 'echo $USER $HOME' "$TEST_USER $TEST_HOME"

# ---- arithmetic ---------------------------------------------------------------------
t "\$(( ))" 'i=0; while [ $i -lt 3 ]; do i=$((i + 1)); done; echo $i $((2 * (3 + 4))) $((7 % 4)) $((i > 2))' '3 14 3 1'
t "division by zero is an error that ends a script" 'echo $((1 / 0)); echo not-reached' 'cylosh: arithmetic: division by zero'
st "an arithmetic error exits 2, as in dash" 'echo $((1 / 0)); echo not-reached' 2

# ---- command substitution -----------------------------------------------------------
t "\$( )" 'echo "[$(echo a; echo b)]"' '[a
b]'
t "nested \$( )" 'echo $(echo $(echo deep))' 'deep'
t "backquotes" 'echo `echo bq`' 'bq'
t "\$? from a substitution" 'X=$(exit 3); echo $?' '3'
t "trailing newlines stripped" 'X=$(printf "a\n\n\n"); echo "[$X]"' '[a]'

# ---- statuses ---------------------------------------------------------------------
st "exit status of the last command" 'true; false' 1
st "exit N" 'exit 42' 42
st "command not found is 127" 'no-such-command-cylo' 127
t "command not found message" 'no-such-command-cylo' 'cylosh: no-such-command-cylo: command not found'
st "not executable is 126" '/etc/hostname' 126
st "killed by a signal is 128+N" 'sleep 10 & kill -9 $!; wait $!' 137
st "own signal: 128+N" '/bin/sh -c "kill -TERM \$\$"' 143
t "\$? after a pipeline is the last command's" 'false | true; echo $?; true | false; echo $?' "0
1"
t "! negates" '! false; echo $?' '0'
t "&& and ||" 'false && echo no; true && echo yes; false || echo alt' "yes
alt"

# ---- pipelines and lists -------------------------------------------------------------
t "pipeline" 'echo abc | tr a-z A-Z | rev' 'CBA'
t "long pipeline" 'seq 1 100 | grep 7 | wc -l | tr -d " "' '19'
t "; and newline" "$(printf 'echo a; echo b\necho c')" "a
b
c"
t "background and wait" 'sleep 0.2 & echo started; wait; echo done' "started
done"
t "\$! names the background job" 'sleep 0.1 & P=$!; wait $P; echo $?' '0'
t "subshell does not change the shell" 'X=1; (X=2; cd /); echo $X; pwd' "1
$TEST_HOME"
t "subshell status" '(exit 5); echo $?' '5'
t "group" '{ echo a; echo b; } | wc -l | tr -d " "' '2'

# ---- redirections -------------------------------------------------------------------
t "> and <" 'echo data > f; cat < f' 'data'
t ">> appends" 'echo a > f; echo b >> f; cat f' "a
b"
t "2> and 2>>" 'ls /nope 2> e; ls /nope 2>> e; wc -l < e | tr -d " "' '2'
t "2>&1" 'ls /nope 2>&1 | grep -c nope' '1'
t ">&2" 'echo to-err >&2 2>/dev/null; echo x' "to-err
x"
t "&>" 'ls /nope . &> f; grep -c nope f' '1'
t "redirection on a builtin is undone" 'echo a > f; echo b; cat f' "b
a"
t "redirection of a loop" 'for i in 1 2 3; do echo $i; done > f; wc -l < f | tr -d " "' '3'
t "missing input file" 'cat < /nope; echo $?' 'cylosh: /nope: No such file or directory
1'
t "here-document" "$(printf 'X=v\ncat <<EOF\nx=$X\n  y\nEOF')" 'x=v
  y'
t "quoted here-document" "$(printf "cat <<'EOF'\n\$X\nEOF")" '$X'
t "<<- strips tabs" "$(printf 'cat <<-EOF\n\t\ta\n\tEOF')" 'a'
t "here-document into a pipeline" "$(printf 'cat <<E | wc -l\n1\n2\nE')" '2'
t "no temp file for here-documents" "$(printf 'cat <<E\n$(ls -A /tmp | wc -l)\nE')" "$(session 'ls -A /tmp | wc -l')"

# ---- control flow ---------------------------------------------------------------------
t "if/elif/else" 'for x in 1 2 3; do if [ $x = 1 ]; then echo one; elif [ $x = 2 ]; then echo two; else echo other; fi; done' "one
two
other"
t "while with break and continue" 'i=; while true; do i=x$i; [ $i = xx ] && continue; echo $i; [ $i = xxxx ] && break; done' "x
xxx
xxxx"
t "until" 'i=; until [ "$i" = xxx ]; do i=x$i; done; echo $i' 'xxx'
t "for over a glob" 'touch a.c b.c; for f in *.c; do echo $f; done' "a.c
b.c"
t "glob without a match stays as written" 'echo *.nomatch' '*.nomatch'
t "quoted glob is literal" 'touch a.c; echo "*.c"' '*.c'
t "while read loop" "$(printf 'printf "a b\\\\nc d\\\\n" | while read x y; do echo $y$x; done')" "ba
dc"

# ---- builtins ---------------------------------------------------------------------------
t "cd and pwd" 'cd /usr && pwd' '/usr'
t "cd - " 'cd /usr; cd /; cd -' '/usr'
t "cd with no argument goes home" 'cd /usr; cd; pwd' "$TEST_HOME"
t "export reaches commands" 'export V=1; /bin/sh -c "echo \$V"' '1'
t "unexported variable does not" 'V=1; /bin/sh -c "echo [\$V]"' '[]'
t "X=1 cmd" 'V=2 /bin/sh -c "echo \$V"; echo [$V]' "2
[]"
t "unset" 'export V=1; unset V; echo [$V]' '[]'
t "printf" 'printf "%s-%d-%03d-%x|%5s|\n" a 42 7 255 ab' 'a-42-007-ff|   ab|'
t "echo -n -e" 'echo -n a; echo -e "b\tc"' 'ab	c'
t "test and [" '[ -d / ] && test -f /etc/hostname && [ 2 -lt 10 ] && [ a != b ] && echo ok' 'ok'
t "read" 'echo "a b c" > f; read x y < f; echo "$y/$x"' 'b c/a'
t "type" 'type cd ls if' "cd is a shell builtin
ls is /usr/bin/ls
if is a shell keyword"
t "which" 'which ls' '/usr/bin/ls'
t "umask" 'umask 027; umask; touch f; stat -c %a f' '0027
640'
t "help lists builtins" 'help | grep -c "^  cd "' '1'
t "langs builtin" 'langs > /dev/null; echo $?' '0'
t "help BUILTIN" 'help cd | head -1' 'cd [DIR | - | ~]'
t "policy shows the home" 'policy | grep -c "^home: "' '1'
t "command -v" 'command -v cd ls' "cd
/usr/bin/ls"
t "source" 'echo "echo sourced \$1" > s; . ./s arg' 'sourced arg'
t "shift" 'set -- a b c; shift; echo $@' 'b c'
t "set -e stops at a failing command" 'set -e; false || echo or; if false; then :; fi; ! false; echo before; false; echo NOT' 'or
before'
st "set -e: the status of the failing command" 'set -e; (exit 4); echo NOT' 4
t "set -u: an unset variable is an error" 'set -u; echo "$@" ok; echo $NOPE; echo NOT' 'ok
cylosh: NOPE: unbound variable'
t "set -x traces commands" 'set -x; X=a; echo $X b' '+ X=a
+ echo a b
a b'
t "%N alone is fg (non-interactive: no job control)" 'sleep 0.1 & %1; echo $?' 'cylosh: fg: no job control
1'
t "kill %job" 'sleep 10 & kill %1; wait %1; echo $?' '143'

# ---- refusals: nothing of a refused line runs ---------------------------------------------
r() {
	_got=$(session "echo RAN-BEFORE; $2" 2>&1)
	_rc=$?
	if [ $_rc = 2 ] && printf '%s\n' "$_got" | grep -q -- "$3" &&
	   ! printf '%s\n' "$_got" | grep -q RAN-BEFORE; then
		ok "refused: $1"
	else
		not_ok "refused: $1"
		diag "status: $_rc" "output: $_got" "want message: $3"
	fi
}
r "|||" 'echo ok ||| echo pwn' "malformed operator '|||'"
r ";; outside case" 'echo a;; echo b' "unexpected ';;'"
r "function in the lshell string" 'echo FREEDOM! && cd () bash && cd' 'a function body is a compound command'
r "&&&" 'echo a &&& echo b' "malformed operator '&&&'"
r "vertical tab (Ctrl-V Ctrl-K)" "$(printf 'echo ok\013bash')" 'control character'
r "escape character" "$(printf 'echo \033[2J')" 'control character'
r "carriage return" "$(printf 'echo a\rb')" 'control character'
# What issue 3 refused is the language again (issue 10): the kernel
# sandbox, not the shell, decides what runs.
t "PATH may be assigned" 'PATH=/nonexistent; ls; echo $?' 'cylosh: ls: command not found
127'
t "IFS may be assigned" 'IFS=: read a b <<END
x:y
END
echo "$b"' 'y'
t "eval runs its arguments" 'eval "echo \$((1+2))"; E=eval; $E echo dyn' '3
dyn'
t "functions" 'f() { echo "f:$#:$1"; }; f a b' 'f:2:a'
t "Ctrl-V Ctrl-J is a plain newline: two visible commands" "$(printf 'echo a\necho b')" "a
b"
t "echo'/1.sh' is one word" "echo'/1.sh'" "cylosh: echo/1.sh: No such file or directory"
t "echo && 'bash' runs echo then bash (one meaning)" "echo && 'no-such-cylo'" "
cylosh: no-such-cylo: command not found"

# ---- scripts: cylosh FILE and commands on stdin ------------------------------------------
printf 'echo "script $0 $# $1"\nfor a in "$@"; do echo "[$a]"; done\nexit 3\necho never\n' > "$TEST_TMP/s.sh"
chmod 0644 "$TEST_TMP/s.sh"
out=$(as_user "$CYLOSH" < "$TEST_TMP/s.sh" 2>&1)
check_match "commands from a non-terminal stdin" "$out" "^script .*cylosh 0 ?$"
as_user "$CYLOSH" < "$TEST_TMP/s.sh" > /dev/null 2>&1
check_eq "stdin script: exit status" "$?" 3
out=$(printf 'read l\nthis line is data\necho "l=$l"\n' | as_user "$CYLOSH" 2>&1)
check_eq "stdin: read takes the next line, the shell the rest" "$out" 'l=this line is data'
out=$(echo 'echo "s: $1 $2"' | as_user "$CYLOSH" -s x y 2>&1)
check_eq "-s ARGS" "$out" 's: x y'
out=$(printf 'echo a\necho b |||\necho c\n' | as_user "$CYLOSH" 2>&1)
check_eq "stdin: a syntax error ends the shell" "$out" "a
cylosh: malformed operator '|||'"
if is_root; then
	install -d -m 0755 /usr/local/lib/cylotest
	install -m 0644 "$TEST_TMP/s.sh" /usr/local/lib/cylotest/s.sh
	out=$(as_user "$CYLOSH" /usr/local/lib/cylotest/s.sh 'a b' c < /dev/null 2>&1)
	check_eq "cylosh FILE ARGS" "$out" "script /usr/local/lib/cylotest/s.sh 2 a b
[a b]
[c]"
	as_user "$CYLOSH" /usr/local/lib/cylotest/s.sh < /dev/null > /dev/null 2>&1
	check_eq "cylosh FILE: exit status" "$?" 3
	printf 'echo before\necho x |||\necho after\n' > /usr/local/lib/cylotest/bad.sh
	out=$(as_user "$CYLOSH" /usr/local/lib/cylotest/bad.sh < /dev/null 2>&1)
	check_eq "a script stops at a syntax error (as dash)" "$out" "before
cylosh: /usr/local/lib/cylotest/bad.sh: malformed operator '|||'"
	rm -f /usr/local/lib/cylotest/s.sh /usr/local/lib/cylotest/bad.sh
else
	skip "cylosh FILE ARGS" "needs root to put a script where a session can read it"
fi
