#!/bin/sh
# tests/shell/15-expand.sh - word expansion through the real binary in a
# real session, compared with dash (POSIX) and bash (bash habits): each
# case runs the same string in cylosh -c and in the reference shell, and
# checks stdout and the exit status (messages differ by design).
#
# Cases are self-contained: files a glob needs are made in a fresh
# mktemp -d directory by the case itself, so the session (private /tmp)
# and the reference (run in TEST_TMP) see the same tree.
. "$TEST_SRC/tests/lib/lib.sh"

if ! [ -x "$CYLOSH" ]; then
	skip "expansion tests" "no cylosh binary at $CYLOSH"
	exit 0
fi

REFDIR=$TEST_TMP/expand-ref
mkdir -p "$REFDIR" && chmod 0777 "$REFDIR"

# ref SHELL STRING: stdout and status of SHELL -c STRING, run as the test
# user in the same environment a session gets.
ref() {
	(cd "$REFDIR" && as_user env TMPDIR="$REFDIR" "$1" -c "$2" \
		< /dev/null 2> /dev/null; echo "[status $?]")
}

got() {
	(session "$1" 2> /dev/null; echo "[status $?]")
}

# same REF DESC STRING: cylosh agrees with REF (dash or bash).
same() {
	if ! command -v "$1" > /dev/null 2>&1; then
		skip "$2" "$1 is not installed"
		return
	fi
	_want=$(ref "$1" "$3")
	_got=$(got "$3")
	if [ "$_got" = "$_want" ]; then
		ok "$2 (as $1)"
	else
		not_ok "$2 (as $1)"
		diag "input: $3" "cylosh: $_got" "$1:     $_want"
	fi
}

# is DESC STRING WANT: stdout and status of cylosh, when no reference
# shell behaves the same way (say why at the call).
is() {
	check_eq "$1" "$(got "$2")" "$3"
}

# ---- parameter expansion, with the word's own quoting kept -------------------
same dash "bug 5: \${u:-\"a b\"} is one field" \
	'unset u; printf "[%s]\n" ${u:-"a b"} ${u:-a b} "${u:-"a b"}"'
same dash 'the ${1:-"my file"} idiom' \
	'set --; printf "[%s]\n" ${1:-"my file"} "${1:-"my file"}"; set -- "x  y"; printf "[%s]\n" ${1:-"my file"}'
same dash 'unquoted ${u:-word}: literal text splits, quoted text does not' \
	"unset u; printf '[%s]' \${u:-a b'c  d'} \${u:-'*'} \${u:-\"\$HOME\"/x}; echo"
same dash '${v-w} ${v:-w} ${v+w} ${v:+w} on unset, empty and set' \
	'unset u; e=; s=x; printf "[%s]" ${u-d} ${e-d} ${e:-d} ${s:-d} ${u+a} ${e+a} ${e:+a} ${s:+a} "${u:+q}" "${e:-}"; echo'
same dash '${v:=w} and ${v=w} assign, the result splits' \
	'unset u; printf "[%s]" ${u:=" p  q "}; echo "[$u]"; e=; : ${e:=set}; : ${e=no}; echo $e'
same dash 'nested ${a:-${b:-w}} with quotes inside' \
	'unset a b; printf "[%s]" ${a:-${b:-"in ner"}} "${a:-${b:-"x y"}}" ${a:-${b:-in ner}}; echo'
same dash '${#v} ${v%p} ${v%%p} ${v#p} ${v##p}' \
	'x=abcabc.tar.gz; echo ${#x} ${x%.*} ${x%%.*} ${x#*b} ${x##*b} ${x#"abc"} "${x%.gz}" ${x#\*}'
same dash 'quoted pattern characters in a trim are literal' \
	'v="a*b?c"; echo ${v#"a*"} ${v#a\*} ${v%"?c"} "${v#a*}"; w="*x"; echo ${v#$w} "${v#"$w"}"'
same dash '${v:?msg} ends a script with 2' 'echo a; echo ${nope:?is missing}; echo not-reached'
same dash '${v?} without colon accepts empty' 'e=; echo "[${e?}]"; echo ${nope?}; echo no'
same dash 'bug 8: x=${unset?msg} true; echo after stops the script' \
	'x=${unset?msg} true; echo after'
same dash 'bug 8: the same with an external command' \
	'x=${unset?msg} /bin/true; echo after'
same dash 'bug 8: a bare assignment' 'x=${unset?msg}; echo after'
same dash 'set -u: an unset variable ends a script' 'set -u; echo "$@" ok; echo $nope; echo after'
same dash 'bug 11: \" inside backquotes inside double quotes' \
	'echo "x `echo \"hi\"`"; echo "`echo \"a  b\"`" `echo \"c\"`'
same dash '$@ $* "$@" "$*" with empty parameters' \
	'set -- "a b" "" c; printf "[%s]" $@; echo; printf "[%s]" "$@"; echo; printf "[%s]" $*; echo; printf "[%s]" "$*"; echo; set --; printf "[%s]" "$@" x"$@"y; echo'

# Bug 8, interactive: the error abandons the command line (no "after"),
# and the shell stays for the next one.
if ! command -v tmux > /dev/null 2>&1; then
	skip "bug 8 at the prompt" "tmux is not installed (Debian package tmux)"
else
	T=cylotest-expand
	tmux_start "$T" "$(user_cmdline "$CYLOSH")"
	if ! tmux_wait "$T" '\$ *$' 15; then
		not_ok "bug 8 at the prompt: a prompt"
		diag "$(tmux_screen "$T")"
	else
		tmux_send "$T" 'x=${unset?msg} true; echo after-$((1+1))' Enter
		tmux_wait "$T" 'unset: msg' 10
		tmux_send "$T" 'echo alive-$((2+1)) $?' Enter
		if tmux_wait "$T" '^alive-3 2' 10 &&
			! tmux_screen "$T" | grep -q '^after-2'; then
			ok "bug 8 at the prompt: the line is dropped, the shell goes on"
		else
			not_ok "bug 8 at the prompt: the line is dropped, the shell goes on"
			diag "$(tmux_screen "$T")"
		fi
	fi
	tmux_stop "$T"
fi

# ---- IFS --------------------------------------------------------------------------
if [ "$(session 'IFS=:; echo ok' 2> /dev/null)" != ok ]; then
	skip "IFS field splitting against dash" "IFS assignment is refused by the parser (issue 10, the grammar half)"
else
	same dash 'IFS non-white: every delimiter makes a field' \
		'IFS=:; v="a::b:"; printf "[%s]" $v; echo; v=":a"; printf "[%s]" $v x$v "$v"; echo'
	same dash 'IFS white and non-white together' \
		'IFS=" :"; v=" : a::b : "; printf "[%s]" $v; echo; v="a : b"; printf "[%s]" $v; echo; v="a:"; printf "[%s]" $v""; echo'
	same dash 'empty IFS: no splitting' \
		'IFS=; v="a b"; printf "[%s]" $v; set -- "a b" c; printf "[%s]" $* "$*" $@ "$@"; echo'
	same dash 'unset IFS: space, tab, newline; "$*" joins with a space' \
		'IFS=:; unset IFS; v="  a	b
 c "; printf "[%s]" $v; set -- "a b" c; printf "[%s]" "$*"; echo'
	same dash '"$*" joins with the first IFS character' \
		'set -- a b c; IFS=-x; printf "[%s]" "$*" "$@"; IFS=; printf "[%s]" "$*"; echo'
	same dash 'IFS splits $(( )) and $( ) results too' \
		'IFS=1; printf "[%s]" $((2112)) $(echo 313); echo'
	same dash 'IFS in an assignment does not split it' \
		'IFS=:; v="a:b"; w=$v; printf "[%s]" "$w" $w; echo'
	same dash 'read-back of IFS itself' 'IFS=": "; printf "[%s]" "$IFS"; echo'
fi

# ---- tilde -----------------------------------------------------------------------
same dash 'bug 10: tilde in ${u:-~}, not in "${u:-~}"' \
	'unset u; echo ${u:-~} ${u:-~/x} "${u:-~}" ${u:-a~} ${u:-\~}'
same dash 'bug 10: tilde after : in assignments' \
	'x=~:foo; y=a:~/b; z=~/a:~/b:~; w=a~:\~/b:"~"/c; echo $x $y $z $w'
same dash 'tilde in a word, not in quotes or mid-word' 'echo ~ ~/x "~" a~ \~ ~:x'
# ~user from the passwd file the session sees (root, nobody and the user
# there; the host's has them with the same homes).
same dash '~user and ~user/dir; an unknown user stays as written' \
	'echo ~root ~root/x ~nobody; echo ~cylotest-nosuch ~cylotest-nosuch/x "~root" ~"root" ~ro\ot ~root: ~$USER'
same dash '~user in assignments and in ${u:-~user}' \
	'unset u; x=~root/a:~root:~cylotest-nosuch; echo $x ${u:-~root/b} "${u:-~root}"'
same bash '~+ and ~- are $PWD and $OLDPWD' \
	'cd /usr/bin; cd /usr; echo ~+ ~- ~-/x ~+/y ~+x; unset OLDPWD; echo ~-'

# ---- pathname expansion ------------------------------------------------------------
GLOBDIR='cd "$(mktemp -d)" && touch x- xC xD "x!" a.c b.c && '
same dash 'bug 14: x[C\-D] matches x-' "${GLOBDIR}"'echo x[C\-D] x[CD] "x[C-D]" x[C"-"D]'
same dash 'brackets: ranges, negation, a quoted !' "${GLOBDIR}"'echo x[A-D] x[!C] x[\!C] x["!"C] x[]]'
same dash 'globs from expansions, quoted globs stay' "${GLOBDIR}"'p="*.c"; echo $p "$p" \*.c; echo nomatch*'
if [ "$(session 'set -f && echo ok' 2> /dev/null)" != ok ]; then
	skip "set -f against dash" "set -f is not there yet (issue 10, the grammar half)"
else
	same dash 'set -f turns pathname expansion off' "${GLOBDIR}"'set -f; echo *.c; set +f; echo *.c'
fi

# ---- arithmetic --------------------------------------------------------------------
same dash 'arithmetic: every POSIX operator and precedence' \
	'echo $((1+2*3-4/2%3)) $((7%3*2)) $((1<<4|1)) $((256>>2>>1)) $((6&3^1|8)) $((1<2==3>2)) $((2<=2&&3>=4)) $((0||5)) $((3!=3)) $((-7/2)) $((-7%2)) $((- -3)) $((!0+!5+~0)) $((~5))'
same dash 'arithmetic: assignment operators' \
	'a=5; echo $((a+=2)) $((a-=1)) $((a*=3)) $((a/=2)) $((a%=5)) $((a<<=3)) $((a>>=1)) $((a&=6)) $((a|=9)) $((a^=3)) $((b=a=2)) $a $b'
same dash 'arithmetic: ternary, skipped operands' \
	'x=0; echo $((1?2:3)) $((0?2:3)) $((0?1:0?2:3)) $((0&&1/0)) $((1||1/0)) $((1?5:(x=9))) $x'
same dash 'arithmetic: hex and octal constants, variables as names' \
	'x=0x10 y=" 7 " z=; echo $((0x1F+010)) $((x*2)) $((y)) $((z+1)) $((nope)) $(($x+1))'
same dash 'arithmetic: division by zero ends a script with 2' 'echo $((1/0)); echo after'
same dash 'arithmetic: a syntax error ends a script' 'echo $((1 +)); echo after'
same dash 'arithmetic: a name that is not a number' 'x=abc; echo $((x+1)); echo after'
same bash 'arithmetic: comma, ++ and --, base#n (bash)' \
	'i=0; echo $((i++)) $((i++)) $((++i)) $((i--)) $i $((x=1, y=2, x+y)) $((2#101)) $((16#ff)) $((36#z))'
is 'arithmetic: overflow is an error, not a wrap' \
	'echo $((9223372036854775807 + 1)); echo after' '[status 2]'

# ---- bash habits -------------------------------------------------------------------
same bash 'brace expansion: lists, nested, empty alternatives' \
	'echo {a,b}{1,2} x{a,{b,c}}y x{,y}z pre{1,2}post{x,y}'
same bash 'brace expansion: sequences' \
	'echo {1..10} {3..1} {01..10} {1..7..3} {-2..1} {a..e} {e..a} {a..e..2} {08..11}'
same bash 'brace expansion: not in quotes, not {a}, not unmatched' \
	"echo \"{a,b}\" '{a,b}' \\{a,b} {a,b\\,c} {a} {} { } {x,y {a,b}c} {a..3}"
same bash 'brace expansion comes before tilde: {a,~}/b and ~{/x,/y} (conformance suite)' \
	'HOME=/home/bob; echo {foo~,~}/bar ~{/src,/x} {~,"~",\~}/q ~/{a,b} a{~,b} {a,b}~'
# (bash reads {$v,...} at the start of a word its own odd way: not compared)
same bash 'brace expansion: with expansions inside, in for' \
	'v=abc; echo x{$v,"a b"} {"$v",b}; for i in {1..3}; do printf "%s;" $i; done; echo'
same bash '${v/a/b} ${v//a/b} ${v/#a/b} ${v/%a/b}' \
	'v=hello.tar.gz; echo ${v/./_} ${v//./_} ${v/#he/H} ${v/%gz/GZ} ${v/#x/y} ${v//[.l]} ${v/*./} ${v/"*"/x} "${v/l/ q }"'
same bash '${v/a/b}: & is the match unless quoted (bash 5.2)' \
	'v=hello; echo ${v/l/[&]} "${v//l/<&&>}" ${v/l/\&} ${v/l/"&"} "${v/e/"&"}" "${v/e/'"'x'"'}" "${v/e/\x}"; r="&"; echo ${v/l/$r} ${v/l/"$r"}'
same bash '${v/a/b}: empty patterns and deletion' \
	'v=aaa; echo ${v//a/b} ${v/a/} ${v//} ${v/#/x} ${v/%/y} ${v//a*/Z}'
same bash '${v:off:len}, negative offsets with a space' \
	'v=hello; echo ${v:1} ${v:1:2} ${v: -2} ${v:(-3):2} ${v:1:-1} ${v:9} ${v: -9} ${v:0:$((1+1))} ${v:2:0}x'
# Characters in a UTF-8 locale (bash; dash counts bytes), bytes in C; the
# shell follows LC_ALL, LC_CTYPE and LANG as they are assigned.
same bash '${#v}, ${v:o:l}, ${v#?}, ${v/?/x}, [[ == ? ]], case ? count characters in UTF-8' \
	'LC_ALL=C.UTF-8; v=héllo; echo ${#v} ${v:1:2} ${v: -4:1} ${v#?} ${v%?} ${v/?/x} ${v//?/.} ${v/#h?/X}; [[ $v == h?llo ]] && echo match; case é in ?) echo one;; esac; LC_ALL=C; echo ${#v} ${v:1:2}; [[ $v == h?llo ]] || echo bytes'
same bash 'LANG and LC_CTYPE choose the character set too, LC_ALL first' \
	'v=日本; LANG=C.UTF-8; echo ${#v}; LC_CTYPE=C; echo ${#v}; LC_ALL=C.UTF-8; echo ${#v}; unset LC_ALL LC_CTYPE LANG; echo ${#v}'
if command -v bash > /dev/null 2>&1; then
	# LANG from the caller (ssh's SendEnv) sets it from the start.
	_want=$(cd "$REFDIR" && as_user env LANG=C.UTF-8 bash -c 'v=héllo; echo ${#v}' 2>&1 < /dev/null)
	_got=$(as_user env LANG=C.UTF-8 "$CYLOSH" -c 'v=héllo; echo ${#v}' 2>&1 < /dev/null)
	check_eq 'LANG=C.UTF-8 in the environment counts characters from the start (as bash)' "$_got" "$_want"
fi
same bash '${@:off:len}' 'set -- a b c d; echo ${@:2} "${@:1:1}" ${@: -1} ${*:2:2} "${@:2:2}"'
# bash stops too, with 1; cylosh gives every expansion error dash's 2.
is '${v:off:len} with a negative length past the start ends a script' \
	'v=hello; echo ${v:3:-3}; echo after' '[status 2]'
same bash '$RANDOM: 0..32767, and not constant' \
	'a=$RANDOM b=$RANDOM c=$RANDOM; [ "$a$b$c" != "$RANDOM$RANDOM$RANDOM" ] && echo differ; echo $((RANDOM >= 0 && RANDOM < 32768)); [ $RANDOM -le 32767 ] && echo in-range'
# Each session seeds its own: two sessions (pid 2 each) do not repeat.
r1=$(session 'echo $RANDOM $RANDOM $RANDOM' 2> /dev/null)
r2=$(session 'echo $RANDOM $RANDOM $RANDOM' 2> /dev/null)
if [ -n "$r1" ] && [ "$r1" != "$r2" ]; then
	ok '$RANDOM differs between two sessions'
else
	not_ok '$RANDOM differs between two sessions'
	diag "first: $r1" "second: $r2"
fi
# Without a reseed the child would print exactly the parent's next value.
r1=$(session '(echo $RANDOM); echo $RANDOM' 2> /dev/null | tr '\n' ' ')
case $r1 in
"$(echo "$r1" | cut -d' ' -f2) "*|"") not_ok "a subshell does not repeat its parent's \$RANDOM"
	diag "got: $r1" ;;
*) ok "a subshell does not repeat its parent's \$RANDOM" ;;
esac

exit 0
