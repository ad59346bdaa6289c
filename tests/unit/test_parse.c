/*
 * test_parse.c - the parser: structure, quoting, operators, redirections,
 * here-documents, every refusal of issue 3, and the lshell bypass strings
 * (each parses to exactly one meaning, shown by its dump, or is refused).
 */
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "tap.h"

static struct arena a;

/* Parse src; return the dump, or "ERR: msg" / "MORE: msg". */
static const char *
p(const char *src)
{
	struct parse_result r;

	parse(&a, src, strlen(src), &r);
	if (r.status == LEX_ERROR)
		return strcat(strcpy(arena_alloc(&a, 300), "ERR: "), r.err);
	if (r.status == LEX_INCOMPLETE)
		return strcat(strcpy(arena_alloc(&a, 300), "MORE: "), r.err);
	return node_dump(&a, r.node);
}

/* The input, printable on one TAP line. */
static const char *
esc(const char *s)
{
	char *o = arena_alloc(&a, strlen(s) * 4 + 1), *q = o;

	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f || (unsigned char)*s >= 0x80)
			q += sprintf(q, "\\x%02x", (unsigned char)*s);
		else
			*q++ = *s;
	}
	*q = 0;
	return o;
}

static void
ok(const char *src, const char *want)
{
	tap_streq(p(src), want, "parse %s", esc(src));
}

static void
refused(const char *src, const char *msg_part)
{
	const char *got = p(src);

	if (!tap_ok(strncmp(got, "ERR: ", 5) == 0 && strstr(got, msg_part),
		    "refused: %s", esc(src)))
		printf("#   got: %s\n#   want error containing: %s\n", got, msg_part);
}

static void
more(const char *src)
{
	const char *got = p(src);

	if (!tap_ok(strncmp(got, "MORE: ", 6) == 0, "incomplete: %s", esc(src)))
		printf("#   got: %s\n", got);
}

int
main(void)
{
	arena_init(&a);

	/* structure */
	ok("", "()");
	ok("echo hi", "(cmd [echo] [hi])");
	ok("  echo   hi  # comment", "(cmd [echo] [hi])");
	ok("a; b", "(seq (cmd [a]) (cmd [b]))");
	ok("a\nb\n", "(seq (cmd [a]) (cmd [b]))");
	ok("a | b | c", "(pipe (cmd [a]) (cmd [b]) (cmd [c]))");
	ok("a && b || c", "(or (and (cmd [a]) (cmd [b])) (cmd [c]))");
	ok("a &\nb", "(seq (bg (cmd [a])) (cmd [b]))");
	ok("a & b &", "(seq (bg (cmd [a])) (bg (cmd [b])))");
	ok("! grep x f", "(not (cmd [grep] [x] [f]))");
	ok("(cd /; ls) && { a; b; }",
	   "(and (sub (seq (cmd [cd] [/]) (cmd [ls]))) (group (seq (cmd [a]) (cmd [b]))))");
	ok("a |\n b", "(pipe (cmd [a]) (cmd [b]))");
	ok("a &&\n\n b", "(and (cmd [a]) (cmd [b]))");
	ok("if a; then b; elif c; then d; else e; fi",
	   "(if (cmd [a]) (cmd [b]) (if (cmd [c]) (cmd [d]) (cmd [e])))");
	ok("if a\nthen\n b\nfi", "(if (cmd [a]) (cmd [b]))");
	ok("while true; do :; done", "(while (cmd [true]) (cmd [:]))");
	ok("until a; do b; done", "(until (cmd [a]) (cmd [b]))");
	/* bash habits */
	ok("[[ $a == b* && -f x ]]", "(cond [${a}] [==] [b*] && [-f] [x])");
	ok("[[ a < b ]]", "(cond [a] [<] [b])");
	ok("[[ ( a ) || ! b ]]", "(cond ( [a] ) || [!] [b])");
	refused("[[ ]]", "empty [[ ]]");
	ok("(( x > 1 ))", "(arith [$((\" x > 1 \"))])");
	ok("((1))", "(arith [$((\"1\"))])");
	ok("( (a) )", "(sub (sub (cmd [a])))");
	ok("for ((i = 0; i < 3; i++)); do a; done",
	   "(afor [$((\"i = 0\"))] [$((\" i < 3\"))] [$((\" i++\"))] (cmd [a]))");
	ok("for ((;;)) { a; }", "(afor [$((\"1\"))] [$((\"1\"))] [$((\"1\"))] (cmd [a]))");
	refused("for ((a;b)); do :; done", "two ';'");
	ok("cat <<< \"$x\"", "(cmd [cat] 0<<<\"${x}\")");
	ok("a |& b", "(pipe (cmd [a] 2>&1) (cmd [b]))");
	ok("a 2>/dev/null |& b", "(pipe (cmd [a] 2>/dev/null 2>&1) (cmd [b]))");
	ok("for i in 1 \"2 3\"; do echo $i; done",
	   "(for i in [1] [\"2 3\"] (cmd [echo] [${i}]))");
	ok("for i; do echo; done", "(for i (cmd [echo]))");
	ok("for i\ndo echo; done", "(for i (cmd [echo]))");
	ok("while read l; do echo $l; done < f",
	   "(while (cmd [read] [l]) (cmd [echo] [${l}]) 0<f)");
	ok("echo if then fi", "(cmd [echo] [if] [then] [fi])");

	/* quoting */
	ok("echo 'a b' \"c d\" e\\ f", "(cmd [echo] [\"a b\"] [\"c d\"] [e\" \"f])");
	ok("echo \"a\\\"b\\$c\\\\d\\e\"", "(cmd [echo] [\"a\"b$c\\d\\e\"])");
	ok("echo '$x' \"$x\" \\$x", "(cmd [echo] [\"$x\"] [\"${x}\"] [\"$\"x])");
	ok("echo \"\" ''", "(cmd [echo] [\"\"] [\"\"])");
	ok("echo a\\\nb", "(cmd [echo] [ab])");
	ok("echo \"a\\\nb\"", "(cmd [echo] [\"ab\"])");
	ok("echo $1 $10 $@ \"$@\" $# $? $$ $!",
	   "(cmd [echo] [${1}] [${1}0] [${@}] [\"${@}\"] [${#}] [${?}] [${$}] [${!}])");
	ok("echo ${X:-a b} ${X=1} ${#X} ${f%.c} ${f##*/}",
	   "(cmd [echo] [${X:-a b}] [${X=1}] [${#X}] [${f%.c}] [${f##*/}])");
	/* bash's replacement and substring operators */
	ok("echo ${v/a/b} ${v//a} ${v/#a/b} \"${v/%a*/$x}\"",
	   "(cmd [echo] [${v/a/b}] [${v//a}] [${v/#a/b}] [\"${v/%a*/${x}}\"])");
	ok("echo ${v:1} ${v: -2:1} ${v:$n:2}",
	   "(cmd [echo] [${v:\"1\"}] [${v:\" -2\":\"1\"}] [${v:\"${n}\":\"2\"}])");
	ok("echo ${v/\\//x} ${v/a\\}/}",
	   "(cmd [echo] [${v/\"/\"/x}] [${v/a\"}\"/}])");
	/* a backquoted command in double quotes: \" is a quote */
	ok("echo \"x `echo \\\"hi\\\"`\"",
	   "(cmd [echo] [\"x \"\"$((cmd [echo] [\"hi\"]))\"])");
	ok("echo ~ ~/x a~ \"~\" ~user", "(cmd [echo] [~] [~/x] [a~] [\"~\"] [~user])");
	ok("echo $ a$", "(cmd [echo] [$] [a$])");
	ok("echo `echo x` $(echo $(echo y))",
	   "(cmd [echo] [$((cmd [echo] [x]))] [$((cmd [echo] [$((cmd [echo] [y]))]))])");
	ok("echo \"$(echo \")\")\"", "(cmd [echo] [\"$((cmd [echo] [\")\"]))\"])");
	ok("echo $(echo ')')", "(cmd [echo] [$((cmd [echo] [\")\"]))])");
	ok("echo $()", "(cmd [echo] [$()])");

	/* assignments */
	ok("X=1", "(cmd X=1)");
	ok("X=1 Y=\"a b\" cmd X=2", "(cmd X=1 Y=\"a b\" [cmd] [X=2])");
	ok("X=~/a Y=$Z", "(cmd X=~/a Y=${Z})");
	ok("\"X\"=1", "(cmd [\"X\"=1])");
	ok("1X=1", "(cmd [1X=1])");

	/* redirections */
	ok("a <in >out 2>err >>app 2>>eapp",
	   "(cmd [a] 0<in 1>out 2>err 1>>app 2>>eapp)");
	ok("a 2>&1 >&2 &>f &>>g <&0 3>&-",
	   "(cmd [a] 2>&1 1>&2 1&>f 1&>>g 0>&0 3>&-)");
	ok("a>f", "(cmd [a] 1>f)");
	ok("a 2 >f", "(cmd [a] [2] 1>f)");
	ok(">f", "(cmd 1>f)");
	ok("cat <<EOF\nhello $USER\nEOF\necho x",
	   "(seq (cmd [cat] 0<<{\"hello \"\"${USER}\"\"\n\"}) (cmd [echo] [x]))");
	ok("cat <<'EOF'\nhello $USER\nEOF", "(cmd [cat] 0<<'{\"hello $USER\n\"})");
	ok("cat <<-EOF\n\t\tx\n\tEOF", "(cmd [cat] 0<<{\"x\n\"})");
	ok("cat <<A; cat <<B\na\nA\nb\nB",
	   "(seq (cmd [cat] 0<<{\"a\n\"}) (cmd [cat] 0<<{\"b\n\"}))");
	ok("cat <<EOF\n$(echo x)\nEOF", "(cmd [cat] 0<<{\"$((cmd [echo] [x]))\"\"\n\"})");

	/* incomplete input: an interactive shell asks for more (PS2) */
	more("if a");
	more("if a; then b");
	more("echo \"abc");
	more("echo 'abc");
	more("echo a |");
	more("echo a &&");
	more("echo a\\");
	more("cat <<EOF");
	more("cat <<EOF\nabc");
	more("(echo");
	more("for i in a b; do");
	more("echo $(echo");
	more("echo ${X");

	/* refusals: malformed operators */
	refused("echo ok ||| echo pwn", "malformed operator '|||'");
	refused("a &&& b", "malformed operator '&&&'");
	refused("a &| b", "malformed operator");
	refused("a >>> b", "malformed operator");
	refused("a >&x", "malformed redirection");
	refused("a 2>&1x", "malformed redirection");
	refused("a 12>x", "out of range");
	ok("a <> b 3<>c", "(cmd [a] 0<>b 3<>c)");
	ok("echo $((1+2)) \"$(( (x) * $y ))\"",
	   "(cmd [echo] [$((\"1+2\"))] [\"$((\" (x) * \"\"${y}\"\" \"))\"])");
	ok("echo $(($(echo 1) + 1))",
	   "(cmd [echo] [$((\"$((cmd [echo] [1]))\"\" + 1\"))])");
	refused("echo $((1+2)", "unbalanced");
	more("echo $((1+2");
	refused("| a", "syntax error");
	refused("a && || b", "syntax error");
	refused("; a", "syntax error");
	refused("fi", "syntax error");
	refused("a )", "syntax error");
	refused("()", "empty subshell");
	refused("echo ${}", "bad substitution");
	refused("echo ${X;}", "bad substitution");
	refused("echo ${#X:-y}", "bad substitution");
	refused("echo >", "expected a file name");

	/* refusals: control characters and NUL */
	refused("echo ok\vbash", "control character ^K");
	refused("echo ok\rbash", "control character ^M");
	refused("echo \033[31m", "control character ^[");
	refused("echo '\x01'", "control character ^A");
	refused("echo \x7f", "control character ^?");
	refused("echo \xc2\x9b", "U+009B");
	{
		struct parse_result r;

		parse(&a, "echo a\0b", 8, &r);
		tap_ok(r.status == LEX_ERROR && strstr(r.err, "NUL"),
		       "refused: NUL byte in input");
	}
	ok("echo\ta\tb", "(cmd [echo] [a] [b])");

	/* the whole language: functions, case, eval, exec, any variable
	 * (issue 10: the kernel sandbox decides what runs) */
	ok("f() { x; }", "(func f (group (cmd [x])))");
	ok("f ()\n{ x; }", "(func f (group (cmd [x])))");
	ok("function f { x; }", "(func f (group (cmd [x])))");
	ok("function f() ( x )", "(func f (sub (cmd [x])))");
	ok("my-f() { x; } >o", "(func my-f (group (cmd [x]) 1>o))");
	refused("f () x", "a function body is a compound command");
	refused("1f() { x; }", "not a valid function name");
	refused("a/b() { x; }", "not a valid function name");
	ok("echo $(f() { :; })", "(cmd [echo] [$((func f (group (cmd [:]))))])");
	ok("case $x in a|b) echo 1;; (c*) echo 2;; *) ;; esac",
	   "(case [${x}] ([a]|[b] (cmd [echo] [1])) ([c*] (cmd [echo] [2])) ([*] ()))");
	ok("case x in\n a)\n echo 1\n ;;\nesac", "(case [x] ([a] (cmd [echo] [1])))");
	ok("case x in a) echo 1; esac", "(case [x] ([a] (cmd [echo] [1])))");
	ok("case x in esac", "(case [x])");
	tap_streq(p("case x in a) echo;; b"), "MORE: unexpected end of input",
		  "an unfinished case asks for more");
	refused("case x a) ;; esac", "expected 'in'");
	refused("a;;b", "unexpected ';;'");
	refused("a ;;; b", "malformed operator ';;;'");
	ok("eval ls", "(cmd [eval] [ls])");
	ok("exec 3>f", "(cmd [exec] 3>f)");
	ok("exec 3>&-", "(cmd [exec] 3>&-)");
	ok("echo hi 1>& 2", "(cmd [echo] [hi] 1>&2)");
	ok("trap 'echo x' INT", "(cmd [trap] [\"echo x\"] [INT])");
	ok("PATH=/tmp ls", "(cmd PATH=/tmp [ls])");
	ok("LD_PRELOAD=/x.so ls", "(cmd LD_PRELOAD=/x.so [ls])");
	ok("IFS=: read a b", "(cmd IFS=: [read] [a] [b])");
	ok("for PATH in /tmp; do ls; done", "(for PATH in [/tmp] (cmd [ls]))");
	ok("echo ${PATH:=/tmp}", "(cmd [echo] [${PATH:=/tmp}])");
	ok("until a; do b; done", "(until (cmd [a]) (cmd [b]))");
	/* bash habits */
	ok("[[ $a == b* && -f x ]]", "(cond [${a}] [==] [b*] && [-f] [x])");
	ok("[[ a < b ]]", "(cond [a] [<] [b])");
	ok("[[ ( a ) || ! b ]]", "(cond ( [a] ) || [!] [b])");
	refused("[[ ]]", "empty [[ ]]");
	ok("(( x > 1 ))", "(arith [$((\" x > 1 \"))])");
	ok("((1))", "(arith [$((\"1\"))])");
	ok("( (a) )", "(sub (sub (cmd [a])))");
	ok("for ((i = 0; i < 3; i++)); do a; done",
	   "(afor [$((\"i = 0\"))] [$((\" i < 3\"))] [$((\" i++\"))] (cmd [a]))");
	ok("for ((;;)) { a; }", "(afor [$((\"1\"))] [$((\"1\"))] [$((\"1\"))] (cmd [a]))");
	refused("for ((a;b)); do :; done", "two ';'");
	ok("cat <<< \"$x\"", "(cmd [cat] 0<<<\"${x}\")");
	ok("a |& b", "(pipe (cmd [a] 2>&1) (cmd [b]))");
	ok("a 2>/dev/null |& b", "(pipe (cmd [a] 2>/dev/null 2>&1) (cmd [b]))");
	ok("export A=1 B", "(cmd [export] [A=1] [B])");
	ok("echo PATH=/tmp", "(cmd [echo] [PATH=/tmp])");
	ok("echo $PATH ${PATH:-x}", "(cmd [echo] [${PATH}] [${PATH:-x}])");
	ok("PYTHONPATH=/x python3", "(cmd PYTHONPATH=/x [python3])");

	/* the lshell bypass strings: one meaning each, or refused */
	ok("echo && 'bash'", "(and (cmd [echo]) (cmd [\"bash\"]))");
	ok("echo \"$(bash 1>&2)\"", "(cmd [echo] [\"$((cmd [bash] 1>&2))\"])");
	/* Ctrl-V Ctrl-J is a newline: two commands, both visible */
	ok("echo ok\nbash", "(seq (cmd [echo] [ok]) (cmd [bash]))");
	refused("echo ok\vbash", "control character");	/* Ctrl-V Ctrl-K */
	refused("echo FREEDOM! && cd () bash && cd", "a function body is a compound command");
	ok("echo'/1.sh'", "(cmd [echo\"/1.sh\"])");
	refused("echo ok ||| echo pwn", "'|||'");
	ok("echo FREEDOM!", "(cmd [echo] [FREEDOM!])");

	/* nesting bounded */
	{
		char buf[512] = "";
		int i;

		for (i = 0; i < 20; i++)
			strcat(buf, "$(echo ");
		for (i = 0; i < 20; i++)
			strcat(buf, ")");
		refused(buf, "nested too deeply");
		/* "( (" : subshells; "((" would be bash's arithmetic. */
		buf[0] = 0;
		for (i = 0; i < 30; i++)
			strcat(buf, "( ");
		strcat(buf, "a");
		for (i = 0; i < 30; i++)
			strcat(buf, ")");
		refused(buf, "nested too deeply");
	}
	/* Deep enough to overflow the stack if the lexer recursed unbounded
	 * (each pattern nests through a different path): refused instead. */
	{
		static const char *const open_[] = { "$((${x:-", "$(\"", "${x:-" };
		static const char *const close_[] = { "}))", "\")", "}" };
		size_t k;

		for (k = 0; k < 3; k++) {
			size_t n = 400000, lo = strlen(open_[k]), lc = strlen(close_[k]);
			char *buf = malloc(5 + n * (lo + lc) + 2);
			char *q = buf;
			size_t i;

			memcpy(q, "echo ", 5);
			q += 5;
			for (i = 0; i < n; i++, q += lo)
				memcpy(q, open_[k], lo);
			*q++ = '1';
			for (i = 0; i < n; i++, q += lc)
				memcpy(q, close_[k], lc);
			*q = 0;
			refused(buf, "nested too deeply");
			free(buf);
		}
	}

	/* job text of and-or lists */
	{
		struct parse_result r;
		const char *src = "sleep 10 | cat  && echo x ; ls";

		parse(&a, src, strlen(src), &r);
		tap_streq(r.node ? r.node->bin.left->text : NULL,
			  "sleep 10 | cat  && echo x", "job text of an and-or list");
	}

	arena_free(&a);
	return tap_done();
}
