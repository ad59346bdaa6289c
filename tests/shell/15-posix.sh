#!/bin/sh
# tests/shell/15-posix.sh - the POSIX grammar and special builtins of
# issue 10, and the dash bugs it lists, each compared with dash on the
# same input: stdout and exit status must be the same.
#
# dash runs on the host as the test user; cylosh runs in a real session.
# Cases touch no files, so the two see the same world.
. "$TEST_SRC/tests/lib/lib.sh"

if ! command -v dash > /dev/null 2>&1; then
	skip "POSIX language compared with dash" "dash is not installed (apt-get install dash)"
	exit 0
fi

OUTF=$TEST_TMP/posix.out

# vs_dash DESC STRING: cylosh -c STRING prints what dash -c STRING prints,
# and ends with the same status.
vs_dash() {
	_want=$(as_user dash -c "$2" 2> /dev/null < /dev/null)
	_wrc=$?
	_got=$(session "$2" 2> "$OUTF")
	_grc=$?
	if [ "$_got" = "$_want" ] && [ "$_grc" = "$_wrc" ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "input:  $2" "cylosh: $_got (status $_grc)" \
			"dash:   $_want (status $_wrc)" "stderr: $(cat "$OUTF")"
	fi
}

# vs_bash DESC STRING: the same, against bash (options dash lacks).
vs_bash() {
	_want=$(as_user bash -c "$2" 2> /dev/null < /dev/null)
	_wrc=$?
	_got=$(session "$2" 2> "$OUTF")
	_grc=$?
	if [ "$_got" = "$_want" ] && [ "$_grc" = "$_wrc" ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "input:  $2" "cylosh: $_got (status $_grc)" \
			"bash:   $_want (status $_wrc)" "stderr: $(cat "$OUTF")"
	fi
}

# ---- functions, local, return ------------------------------------------------
vs_dash 'a function and its arguments' 'f() { echo "$# [$1] [$2]"; }; f a "b c"; echo "$#"'
vs_dash 'return N' 'f() { return 3; echo no; }; f; echo $?'
vs_dash 'return without N keeps the last status' 'f() { false; return; }; f; echo $?'
vs_dash 'a function sees and sets globals' 'x=1; f() { echo $x; x=2; }; f; echo $x'
vs_dash 'local restores the caller'"'"'s value' 'x=1; f() { local x=2; echo $x; }; f; echo $x'
vs_dash 'local of an unset variable unsets it again' 'f() { local y=1; }; f; echo "[${y-unset}]"'
vs_dash 'recursion' 'fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1-1))) )); fi; }; fact 6'
vs_dash 'a function redefines itself while running' 'f() { f() { echo new; }; echo old; }; f; f'
vs_dash 'unset -f' 'f() { echo f; }; unset -f f; f 2>/dev/null; echo $?'
vs_dash 'a function with redirections' 'f() { echo in; } > /dev/null; f; echo out'
vs_dash 'positional parameters come back' 'set -- a b; f() { set -- x; echo $1; }; f; echo $1 $#'
vs_dash 'break in a loop inside a function' 'f() { for i in 1 2 3; do [ $i = 2 ] && break; echo $i; done; }; f'
vs_dash 'return from a loop' 'f() { while :; do return 4; done; }; f; echo $?'
vs_dash 'functions before builtins, after special builtins' 'echo() { printf "fn:%s\n" "$1"; }; echo x; command echo y'

# ---- case ---------------------------------------------------------------------------
vs_dash 'case with | and *' 'for w in ab ba c; do case $w in a*|b) echo "1 $w";; *a) echo "2 $w";; *) echo "3 $w";; esac; done'
vs_dash 'case: (pattern) and an empty item' 'case x in (y) echo y;; (x) ;; esac; echo $?'
vs_dash 'case: quoted patterns are literal' 'case "*" in "*") echo star;; *) echo any;; esac; case a in "*") echo star;; *) echo any;; esac'
vs_dash 'case: character classes' 'case b in [abc]) echo in;; esac; case z in [!abc]) echo out;; esac'
vs_dash 'case: patterns from variables' 'p="a*"; case abc in $p) echo yes;; esac'
vs_dash 'case: the status of the item, 0 when none' 'case a in a) false;; esac; echo $?; case a in b) ;; esac; echo $?'
vs_dash 'case across lines' 'case x in
  x)
    echo one
    ;;
  *)
    echo two
esac'

# ---- until, eval, exec, trap ---------------------------------------------------------
vs_dash 'until' 'i=0; until [ $i -ge 3 ]; do echo $i; i=$((i+1)); done'
vs_dash 'eval joins its arguments' 'x=1; eval "y=\$x" z=2; echo $y $z'
vs_dash 'eval status' 'eval false; echo $?; eval; echo $?'
vs_dash 'exec 3>f keeps the descriptor' 'exec 3>&1; echo via3 >&3; exec 3>&-; echo closed >&3 2>/dev/null || echo gone'
vs_dash 'exec replaces the shell' 'exec echo replaced; echo not-reached'
vs_dash 'trap EXIT' 'trap "echo bye" EXIT; echo main'
vs_dash 'trap EXIT on exit N keeps N' 'trap "echo bye" EXIT; exit 5'
vs_dash 'trap on a signal runs in the shell' 'trap "echo got USR1; x=1" USR1; kill -USR1 $$; echo x=$x'
vs_dash 'trap - resets; trap prints' 'trap "echo a" INT; trap; trap - INT; trap'
vs_dash 'a subshell does not inherit traps' 'trap "echo parent" EXIT; (echo child)'

# ---- readonly, set, shift, getopts, command, umask, kill -l --------------------------
vs_dash 'readonly' 'readonly r=1; (r=3) 2>/dev/null || echo refused; echo $r; r=2; echo not-reached'
vs_dash 'set -- and set ARGS' 'set -- a b c; echo $#; set x y; echo $1$2$#'
vs_dash 'set -a exports' 'set -a; A=1; /usr/bin/printenv A'
vs_dash 'set -C refuses to clobber' 'set -C; echo a > /dev/null && echo ok'
vs_bash 'set -o pipefail' 'false | true; echo $?; set -o pipefail; false | true; echo $?; (exit 3) | false | true; echo $?'
vs_dash 'set -f: no pathname expansion' 'set -f; echo /*; set +f; echo /u*'
vs_dash 'set -v prints input' 'set -v
echo hi 2>&1'
vs_dash 'set -n reads but does not run' 'set -n; echo not-run'
vs_dash 'set -u' 'set -u; echo ${U-default}; (echo $U) 2>/dev/null || echo unbound'
vs_dash 'shift N' 'set -- a b c d; shift 2; echo "$@"; (shift 5) 2>/dev/null; echo $?; shift 5; echo not-reached'
vs_dash 'getopts' 'set -- -a -b arg -c x y; while getopts ab:c o; do echo "$o ${OPTARG-}"; done; shift $((OPTIND-1)); echo "$@"'
vs_dash 'getopts: grouped options and errors' 'set -- -ab -z; while getopts ab o 2>/dev/null; do echo "$o"; done'
vs_dash 'command -v' 'command -v echo; command -v nonexistent-xyz || echo none'
vs_dash 'command runs the builtin, not the function' 'cd() { echo fn; }; command cd /; pwd'
vs_dash 'symbolic umask' 'umask 022; umask g-r,o=; umask; umask a=rx; umask'
vs_dash 'kill -l N' 'kill -l 15; kill -l 130'
vs_dash 'alias and unalias' 'alias hi="echo hello"
hi there
unalias hi
hi 2>/dev/null || echo gone'
vs_dash 'an alias is not expanded inside itself' 'alias echo="echo x"
echo y'
vs_dash '$- shows the options' 'set -e; case $- in *e*) echo on;; esac'
vs_bash '$LINENO, also in a function' 'echo $LINENO
f() {
  echo "in f $LINENO"
}
echo $LINENO; f
if true; then
  echo $LINENO
fi'
# A sourced file counts from 1, its functions too (as bash; dash prints
# nothing for $LINENO under -c), and the caller's count comes back.
vs_bash '$LINENO in a sourced file and its functions, and back' 'f=$(mktemp)
printf "%s\n" "echo \"s \$LINENO\"" "g() {" "  echo \"g \$LINENO\"" "}" "echo \"s \$LINENO\"" > "$f"
echo $LINENO
. "$f"; echo "after $LINENO"
g
if true; then
  source "$f"; case $LINENO in 7) echo back;; *) echo "lost $LINENO";; esac
fi
echo $LINENO; rm -f "$f"'
vs_bash '$PPID is a number and read-only' 'case $PPID in *[!0-9]*|"") echo bad;; *) echo num;; esac; (PPID=1) 2>/dev/null || echo ro'
vs_dash 'wait with no arguments' 'sleep 0.1 & wait; echo $?'

# ---- the dash bugs of issue 10 ----------------------------------------------------------
vs_dash 'bug 1: break with a bad argument ends the script' 'x=oops; while true; do break $x; done; echo after'
vs_dash 'bug 2: false & wait gives 0' 'false & wait; echo $?'
vs_dash 'bug 3: cd is logical (cd link; pwd; cd ..)' 'cd /usr/bin; cd ..; pwd; echo $PWD'
vs_dash 'bug 4: printf --, \NNN octal in a format' "printf -- '-%s-\\n' a b; printf '\\101\\102\\n'; printf '\\0101\\n' | od -An -c; printf '%b\\n' '\\0101'"
vs_dash 'bug 6: read at end of input without newline fails' 'printf abc | { read y; echo $? $y; }'
# (dash gives 2 for a failed redirection, bash 1, cylosh 1 as bash)
vs_dash 'bug 7: set -e and a failed redirection of a group' '(set -e; { cat; } < /nonexistent; echo after) || echo failed'
vs_dash 'bug 9: assignments see the ones before them' 'FOO=foo BAR="[$FOO]" /usr/bin/printenv BAR'
vs_dash 'bug 9: command with an assignment' 'FOO=foo command /usr/bin/printenv FOO'
# PATH=/x cmd: cmd is looked up on /x, for that command only (as dash
# and bash; command -v's status for nothing found differs between them).
vs_dash 'PATH=/x cmd is looked up on /x' 'PATH=/nonexistent printenv HOME > /dev/null 2>&1; echo $?'
vs_dash 'PATH=/x cmd finds what the shell PATH lacks' 'p=$PATH; PATH=/nonexistent; PATH=$p printenv HOME > /dev/null; echo $?'
vs_bash 'PATH=/x cmd, compared with bash' 'PATH=/nonexistent printenv HOME > /dev/null 2>&1; echo $?; p=$PATH; PATH=/nonexistent; PATH=$p printenv HOME > /dev/null; echo $?'
vs_dash 'PATH=/x cmd: the shell PATH is back after it' 'PATH=/nonexistent printenv HOME > /dev/null 2>&1; printenv HOME > /dev/null; echo $?'
vs_dash 'PATH=/x cmd: cmd gets that PATH' 'PATH=/usr/bin:/nonexistent printenv PATH'
vs_dash 'PATH=/x command cmd' 'PATH=/nonexistent command printenv HOME > /dev/null 2>&1; echo $?'
vs_dash 'PATH=/x command -v cmd' 'PATH=/nonexistent command -v printenv || echo none; p=$PATH; PATH=/nonexistent; PATH=$p command -v printenv > /dev/null && echo found'
vs_dash 'PATH=/x f: the function looks up on /x' 'f() { printenv HOME > /dev/null 2>&1; echo $?; }; PATH=/nonexistent f; f'
# XCU 2.9.1: X=1 before a special builtin stays in the shell (unexported
# unless it was), before anything else it is for that command only.
vs_dash 'X=1 before a special builtin stays in the shell' 'x=1; x=2 :; echo $x; x=3 eval "echo \$x"; echo $x'
vs_dash 'X=1 before a special builtin is not exported' 'x=1 :; /usr/bin/printenv x || echo unexported; export y=1; y=2 :; /usr/bin/printenv y'
vs_dash 'IFS=, set -- $v keeps IFS' 'IFS=, set -- $(echo a,b,c); echo $# "[$IFS]"'
vs_dash 'X=1 before a function or a regular builtin goes away' 'f() { echo "f:$x"; }; x=4 f; x=5 true; echo "[$x]"'
vs_dash 'X=1 exec CMD passes it on' 'z=5 exec /usr/bin/printenv z'
vs_dash 'X=1 exec with no command stays' 'x=1 exec 3> /dev/null; echo $x'
vs_dash 'a read-only X=1 before a special builtin ends the script' 'readonly r=1; r=2 :; echo notreached'
# A subshell runs the EXIT trap it set when it ends (not the parent's).
vs_dash 'a subshell runs its own EXIT trap' '(trap "echo sub-trap \$?" EXIT; echo in-sub; exit 3); echo $?'
vs_dash 'EXIT trap in $( ), a pipeline and a background job' 'echo $(trap "echo in-cmdsub" EXIT; echo v); (trap "echo pt" EXIT; echo p) | cat; (trap "echo bgt" EXIT; true) & wait'
vs_dash 'exit in a subshell EXIT trap sets its status' '(trap "exit 7" EXIT; true); echo $?'
vs_dash 'the parent EXIT trap does not run in a subshell' 'trap "echo outer" EXIT; (echo sub); echo main'
# An error of a special builtin ends a script, but not under command.
vs_dash 'unset of a read-only variable ends the script' 'x=1; readonly x; unset x 2> /dev/null; echo notreached'
vs_dash 'command unset of a read-only variable does not' 'x=1; readonly x; command unset x 2> /dev/null; echo reached; :; echo again'
vs_dash 'command shift 5 does not end the script, nor the next special builtin' 'set -- a; command shift 5 2> /dev/null; :; echo reached'
vs_dash 'bug 12: cd -- DIR' 'cd -- /usr && pwd'
vs_dash 'bug 13: set prints values that read back' 'v="it'"'"'s"; eval "$(set | grep ^v=)"; echo "$v"'
vs_dash 'bug 14: 1>& 2 (a blank before the target)' 'echo hi 1>& 2 2>/dev/null; echo $?'

# ---- set -C needs a file of its own: in the session's home ----------------------------
_got=$(session 'cd ~; echo a > f; set -C; echo b > f; echo "$?"; cat f; echo c >| f; cat f; echo d > /dev/null; echo "$?"' 2>&1)
check_eq 'set -C: > does not overwrite a file, >| does, /dev/null still works' "$_got" "cylosh: f: cannot overwrite existing file (set -C)
1
a
c
0"

# ---- line continuation in every input mode (issue 9 §2) -------------------------------
_got=$(printf 'echo foo\\\nbar\n' | as_user "$CYLOSH" -s 2>&1)
_want=$(printf 'echo foo\\\nbar\n' | as_user dash -s 2>&1)
check_eq 'stdin: a trailing backslash continues the line (as dash)' "$_got" "$_want"
_got=$(printf 'echo a\\\n\\\nb; echo c\n' | as_user "$CYLOSH" 2>&1)
check_eq 'stdin: continued lines in a row' "$_got" "ab
c"
_got=$(printf '# a comment \\\necho not-joined\n' | as_user "$CYLOSH" 2>&1)
check_eq 'stdin: a backslash ending a comment does not continue it' "$_got" "not-joined"
vs_dash '-c: a trailing backslash continues the line' "$(printf 'echo foo\\\nbar')"

# ---- bash habits that are grammar, compared with bash ------------------------------
vs_bash '[[ == pattern ]] and quoted pattern' '[[ abc == a* ]] && echo 1; [[ abc == "a*" ]] || echo 2; [[ x != y ]] && echo 3'
vs_bash '[[ =~ ]]' 'x=hello; [[ $x =~ ^h.l+o$ ]] && echo yes; [[ $x =~ z ]] || echo no'
vs_bash '[[ && || ! ( ) ]] and file tests' '[[ -d / && ! -f / ]] && echo a; [[ ( a == b ) || c == c ]] && echo b; [[ 2 -lt 10 && b > a ]] && echo c'
vs_bash '[[ ]] does not split or glob' 'x="a b"; [[ $x == "a b" ]] && echo same; [[ /* == "/*" ]] && echo literal'
vs_bash '[[ ]] short-circuits' '[[ -n "" && $(echo ran >&2) ]]; echo $?'
vs_bash '(( ))' '(( 2 > 1 )) && echo yes; (( 0 )) || echo zero; (( 1 + 1 == 2 )); echo $?'
vs_bash 'for (( ; ; )) with an empty condition' 'for ((;;)); do echo once; break; done'
vs_bash '<<< here-string' 'x="two words"; cat <<< "$x"; tr a-z A-Z <<<abc'
vs_bash '|& joins stderr to the pipe' '{ echo out; echo err >&2; } |& sort'
vs_bash '&>> appends both' 'cd ~ 2>/dev/null; f=/dev/null; echo a &>> $f; echo $?'
vs_bash 'source with arguments' 'cd ~ 2>/dev/null || exit 0; echo "echo \$1-\$#" > s.$$; source ./s.$$ a b; . ./s.$$ c; rm -f s.$$'
vs_bash 'read -n N' 'read -n 3 x <<< abcdef; echo $x'
vs_bash 'read -t on a silent input times out' 'sleep 2 | { read -t 1 y; echo $?; }'
vs_bash 'read -p (no terminal: no prompt) and -s' 'read -s -p "pw: " x <<< secret; echo "[$x]"'

# ---- what students source: a venv, a function-heavy rc, a .bashrc --------------------
if is_root && command -v python3 > /dev/null 2>&1 &&
	install -d -m 0755 /usr/local/lib/cylotest &&
	rm -rf /usr/local/lib/cylotest/venv &&
	python3 -m venv --without-pip /usr/local/lib/cylotest/venv > /dev/null 2>&1; then
	V=/usr/local/lib/cylotest/venv
	_got=$(session "PS1='\$ '; old=\$PATH; . $V/bin/activate; echo \"\$VIRTUAL_ENV\"; case \$PATH in $V/bin:*) echo on-path;; esac; echo \"\$PS1\"; type deactivate; deactivate; echo \"[\${VIRTUAL_ENV-unset}]\"; [ \"\$PATH\" = \"\$old\" ] && echo path-back; echo \"\$PS1\"; type deactivate > /dev/null 2>&1 || echo gone" 2>&1)
	check_eq "a Python venv's activate and deactivate" "$_got" "$V
on-path
(venv) \$ 
deactivate is a shell function
[unset]
path-back
\$ 
gone"
	cat > /usr/local/lib/cylotest/rc <<'RCEOF'
# a .bashrc of the kind students keep
alias ll='ls -l'
alias la='ls -A'
PS1='\u@\h:\w\$ '
export EDITOR=vi
mkcd() { mkdir -p "$1" && cd "$1"; }
up() { local n=${1:-1} p=; while [ "$n" -gt 0 ]; do p="../$p"; n=$((n-1)); done; cd "$p"; }
greet() { case "$1" in -h|--help) echo "usage: greet NAME"; return 2;; esac; echo "hello, ${1:-world}"; }
count() { local i=0; for _ in "$@"; do i=$((i+1)); done; echo "$i"; }
is_dir() { [[ -d $1 ]]; }
RCEOF
	chmod 0644 /usr/local/lib/cylotest/rc
	_got=$(session '. /usr/local/lib/cylotest/rc
cd ~; mkcd a/b; pwd | sed "s|.*/\(a/b\)$|\1|"; up 2; [ "$PWD" = ~ ] && echo up
greet; greet you; greet -h; echo $?; count x "y z" w; is_dir / && echo dir
alias ll; type la; echo "$PS1"' 2>&1)
	check_eq "a .bashrc-style file: aliases, PS1, functions with local and case" "$_got" "a/b
up
hello, world
hello, you
usage: greet NAME
2
3
dir
ll='ls -l'
la is an alias for ls -A
\\u@\\h:\\w\\\$ "
	printf 'echo "x=$X y=$Y"\n' > /usr/local/lib/cylotest/noshebang
	chmod 0755 /usr/local/lib/cylotest/noshebang
	vs_dash 'X=1 Y=$X script-without-#!: the script sees both' \
		'X=1 Y=$X /usr/local/lib/cylotest/noshebang; echo "[$X]"'
	rm -rf /usr/local/lib/cylotest/venv /usr/local/lib/cylotest/rc \
		/usr/local/lib/cylotest/noshebang
else
	skip "a Python venv's activate and deactivate" "needs root and python3 (a venv where a session can read it)"
	skip "a .bashrc-style file: aliases, PS1, functions with local and case" "needs root"
fi

# ---- found by the public conformance suite (bench/conformance) ----------
vs_dash 'case inside $( ): the ) after a pattern closes nothing' \
	'x=a; echo $(case $x in [0-9]) echo number;; [a-z]) echo letter;; esac)'
vs_dash 'case inside $( ): (pattern), ;; and a loop around it' \
	'echo $(for i in 1 2; do case $i in (1) echo one;; *) echo other;; esac; done; echo end)'
vs_dash 'case inside "$( )" and a nested $( )' \
	'echo "$(case x in x|y) echo q ;; *) ;; esac)" $(y=$(case b in b) echo in;; esac); echo $y)'
vs_dash '$( ): a comment may hold ) and a quote' "$(printf '%s\n' 'echo $(echo a # not ) or '"'"'' 'echo b)')"
vs_dash '$( ): case, in and esac as plain words' 'echo $(echo case in esac; echo ")")'
_in=$(cat <<'EOF'
printf '[%s]\n' $'a\tb' $'it\'s' $'\x41\102\e' $'\cA\c?' $'q\"\\\?' | od -An -c
echo $(echo $'x)y\'' ')') "$'in dq'" $"plain"
x=abc; echo ${x%$'b'*} "${x#$'a'}"
printf '%s|' $'a\0b' $'\101\1010' $'\xg' $'\z'; echo
EOF
)
vs_bash "\$'...' (POSIX.1-2024): escapes, quotes, in \$( ), in a pattern" "$_in"
_got=$(session "printf %s \$'\\u03bc\\U0001F600' | od -An -tx1" 2>&1)
check_eq "\$'\\u...' and \$'\\U...' are UTF-8" "$(echo $_got)" "ce bc f0 9f 98 80"
vs_bash 'set -e: a false (( )) ends the shell' 'set -e; i=0; (( i++ )); echo after'
vs_bash 'set -e: a false [[ ]] ends the shell' 'set -e; [[ a = b ]]; echo after'
vs_bash 'set -e: a false (( )) or [[ ]] in a condition does not' \
	'set -e; (( 0 )) || echo ok; if [[ a = b ]]; then :; fi; ! (( 0 )); while (( 0 )); do :; done; echo end'

vs_dash '<> opens a file for reading and writing' \
	'd=$(mktemp -d); echo first > $d/f; exec 8<>$d/f; read l <&8; echo "[$l]"; echo second >&8; cat $d/f; 3<>$d/new cat; ls $d; rm -r $d'
vs_dash 'export and readonly NAME=$v: one field, no splitting or globbing' \
	'w="a b *"; export ex=$w; readonly ro=$w; echo "[$ex] [$ro]"; y=$w; export y; echo "[$y]"'
vs_dash 'export NAME=~/x expands the tilde after the = and each :' \
	'HOME=/h; export a=~/x b=x:~/y:~ c="~" d=\~; readonly e=~; echo $a $b $c $d $e'
vs_dash 'export $(...) and a quoted "NAME=$v" split as words' \
	'w="a b"; export $(echo g=1 h=2) "q=$w"; echo "$g $h [$q]"'
vs_dash 'local NAME=$v in a function does not split either' \
	'w="1 2"; f() { local a=$w b; b=x; echo "[$a] [$b]"; }; f'

vs_dash 'OPTIND is 1 at the start, and $# + 1 when getopts runs out after a shorter set --' \
	'echo $OPTIND; set -- -h -c foo x; while getopts "hc:" o; do echo $o; done; echo $OPTIND; set --; getopts "hc:" o; echo $? $OPTIND'
vs_bash 'getopts with a bad variable name goes on but fails' \
	'set -- -c foo -h; getopts "hc:" opt- 2>/dev/null; echo status=$? OPTARG=$OPTARG OPTIND=$OPTIND'
vs_dash 'trap on KILL or STOP is accepted and does nothing' \
	'trap "echo hi" KILL 9 STOP; echo $?; trap "echo t" TERM; echo $?'

vs_bash 'set -u: an unset name in $(( )) or (( )) ends the shell' \
	'(set -u; x=$((y + 5)); echo no) 2>/dev/null; [ $? != 0 ] && echo failed; (set -u; (( u++ )); echo no) 2>/dev/null; [ $? != 0 ] && echo failed; set -u; e=; echo $((e + 1))'
vs_bash 'set prints control characters as $'"'"'...'"'"', which reads back' \
	'x=$(printf "a\tb\rc\033d'"'"'e\nf"); s=$(set | grep "^x="); unset x; eval "$s"; [ "$x" = "$(printf "a\tb\rc\033d'"'"'e\nf")" ] && echo same; set | grep "^x=" | grep -c "\$'"'"'"'
_got=$(session 'x=$(printf "a\tb\033c"); set | grep "^x="; readonly x; readonly -p | grep " x="; alias q="$x"; alias q' 2>&1)
check_eq 'set, readonly -p and alias write no raw control character' "$_got" "x=\$'a\\tb\\ec'
readonly x=\$'a\\tb\\ec'
q=\$'a\\tb\\ec'"

vs_dash 'wait: an argument that is no pid or %job is a usage error (2), an unknown pid 127' \
	'wait zzz 2>/dev/null; echo $?; wait 12345678 2>/dev/null; echo $?'

vs_dash 'type names a special builtin as such, even with a function of its name' \
	'f() { :; }; type eval : f true'
vs_bash 'type -t: keyword, function, builtin, file; nothing and 1 when not found' \
	'f() { :; }; type -t if f true ls; type -t nope; echo $?'
_got=$(session 'eval() { echo f; }; type eval; type -t eval; eval echo builtin; alias a=b; type -t a' 2>&1)
check_eq 'type says what runs: the special builtin eval, not a function of its name' "$_got" \
	'eval is a special shell builtin
builtin
builtin
alias'

_in=$(cat <<'EOF'
alias hi='echo hello world '
alias punct='!!!'
hi punct
alias hi='echo hello world'
hi punct
x=x
alias echo-x='echo $x '
echo-x echo-x
alias sudo='command ' ll='ls -d'
sudo ll /
alias a='echo a ' b='b ' c='c'
a b c
echo c
EOF
)
vs_dash 'an alias whose value ends in a blank makes the next word an alias too' "$_in"

# ---- bug 15: a command string that starts with '-' -------------------------------------
_got=$(as_user "$CYLOSH" -c '-no-such-cmd 2>/dev/null; echo "after $?"' < /dev/null 2>&1)
check_eq "bug 15: cylosh -c '-cmd ...' runs the string" "$_got" "after 127"
_got=$(as_user "$CYLOSH" -c -- '-no-such-cmd 2>/dev/null; echo "after $?"' < /dev/null 2>&1)
_want=$(as_user dash -c -- '-no-such-cmd 2>/dev/null; echo "after $?"' < /dev/null 2>&1)
check_eq "bug 15: cylosh -c -- '-cmd ...' as dash" "$_got" "$_want"
