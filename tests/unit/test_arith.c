/*
 * test_arith.c - $(( )) arithmetic on its own: every POSIX operator with
 * its precedence, assignment operators, ?: and the comma, constants in
 * every base, names read and written through a fake store, and the errors
 * (division by zero, overflow, bad shift, syntax) as errors, not crashes.
 * Expected values are what dash and bash print for the same expression.
 */
#include <stdio.h>
#include <string.h>

#include "arith.h"
#include "tap.h"

static char names[8][32], values[8][32];
static int nvars;

static const char *
getvar(void *u, const char *name)
{
	int i;

	(void)u;
	for (i = 0; i < nvars; i++)
		if (strcmp(names[i], name) == 0)
			return values[i];
	return NULL;
}

static int
setvar(void *u, const char *name, const char *value)
{
	int i;

	(void)u;
	if (strcmp(name, "RO") == 0)
		return -1;
	for (i = 0; i < nvars; i++)
		if (strcmp(names[i], name) == 0)
			break;
	if (i == nvars) {
		if (nvars == 8)
			return -1;
		nvars++;
	}
	snprintf(names[i], sizeof(names[i]), "%s", name);
	snprintf(values[i], sizeof(values[i]), "%s", value);
	return 0;
}

static void
reset(void)
{
	nvars = 0;
	setvar(NULL, "x", "5");
	setvar(NULL, "y", " -3 ");
	setvar(NULL, "e", "");
	setvar(NULL, "s", "abc");
	setvar(NULL, "h", "0x1f");
}

static const struct arith_vars store = { getvar, setvar, NULL, false };

/* The result of EXPR as text, or "ERR: message". */
static const char *
ev(const char *expr)
{
	static char out[300];
	char err[256];
	long long v;

	if (arith_run(expr, &v, &store, err, sizeof(err)) < 0)
		snprintf(out, sizeof(out), "ERR: %s", err);
	else
		snprintf(out, sizeof(out), "%lld", v);
	return out;
}

static void
t(const char *expr, const char *want)
{
	reset();
	tap_streq(ev(expr), want, "$((%s))", expr);
}

/* EXPR, then the value of variable NAME. */
static void
tv(const char *expr, const char *want, const char *name, const char *wantv)
{
	const char *v;

	reset();
	tap_streq(ev(expr), want, "$((%s))", expr);
	v = getvar(NULL, name);
	tap_streq(v ? v : "(unset)", wantv, "  then %s", name);
}

/* set -u: an unset name is an error, a set (even empty) one is not. */
static void
nounset_cases(void)
{
	static const struct arith_vars strict = { getvar, setvar, NULL, true };
	char err[256];
	long long v = 0;

	reset();
	tap_ok(arith_run("nope + 1", &v, &strict, err, sizeof(err)) < 0 &&
		       strstr(err, "nope: parameter not set"),
	       "set -u: $((nope + 1)) is an error: %s", err);
	tap_ok(arith_run("nope++", &v, &strict, err, sizeof(err)) < 0,
	       "set -u: $((nope++)) is an error");
	tap_ok(arith_run("x + e + 1", &v, &strict, err, sizeof(err)) == 0 &&
		       v == 6, "set -u: set names (one empty) are read");
}

int
main(void)
{
	char err[256];
	long long v;

	/* constants */
	t("", "0");
	t("  42 ", "42");
	t("0x1F + 010", "39");
	t("0X10", "16");
	t("2#101 + 16#ff + 36#z + 64#_", "358");
	t("08", "ERR: arithmetic: bad number");
	t("2#2", "ERR: arithmetic: digit out of range for its base");
	t("1x", "ERR: arithmetic: bad number");
	t("99999999999999999999", "ERR: arithmetic: number too large");
	/* the decimal fast path: the limits, and what follows digits */
	t("9223372036854775807", "9223372036854775807");
	t("9223372036854775808", "ERR: arithmetic: number too large");
	t("1a", "ERR: arithmetic: bad number");
	t("10#19 + 1_", "ERR: arithmetic: bad number");
	t("10#19", "19");
	tv("x = 12345", "12345", "x", "12345");
	tv("x = -9223372036854775807 - 1", "-9223372036854775808", "x",
	   "-9223372036854775808");
	tv("x = 0", "0", "x", "0");
	tv("x -= 6", "-1", "x", "-1");

	/* precedence and every binary operator */
	t("1 + 2 * 3 - 4 / 2 % 3", "5");
	t("(1 + 2) * 3", "9");
	t("7 % 3 * 2", "2");
	t("1 << 4 | 1", "17");
	t("256 >> 2 >> 1", "32");
	t("6 & 3 ^ 1 | 8", "11");
	t("1 < 2 == 3 > 2", "1");
	t("2 <= 2 && 3 >= 4", "0");
	t("0 || 5", "1");
	t("3 != 3", "0");
	t("-7 / 2", "-3");
	t("-7 % 2", "-1");
	t("- - 3 + + 2", "5");
	t("!0 + !5 + ~0", "0");
	t("~5", "-6");

	/* names */
	t("x * 2", "10");
	t("y", "-3");
	t("e + unset", "0");
	t("h", "31");
	t("s", "ERR: arithmetic: s: not a number: abc");

	/* assignment operators */
	tv("z = 4", "4", "z", "4");
	tv("x += 2", "7", "x", "7");
	tv("x -= 7", "-2", "x", "-2");
	tv("x *= 3", "15", "x", "15");
	tv("x /= 2", "2", "x", "2");
	tv("x %= 3", "2", "x", "2");
	tv("x <<= 2", "20", "x", "20");
	tv("x >>= 1", "2", "x", "2");
	tv("x &= 4", "4", "x", "4");
	tv("x |= 2", "7", "x", "7");
	tv("x ^= 1", "4", "x", "4");
	tv("a = b = 3", "3", "b", "3");
	tv("x == 5", "1", "x", "5");
	/* operators after a name that are not assignments */
	tv("x << 1", "10", "x", "5");
	tv("x >> 1", "2", "x", "5");
	tv("x <= 5", "1", "x", "5");
	tv("x >= 6", "0", "x", "5");
	tv("x != 5", "0", "x", "5");
	tv("x && 0", "0", "x", "5");
	tv("x || 0", "1", "x", "5");
	tv("x =- 1", "-1", "x", "-1");
	tv("x=x<<1", "10", "x", "10");
	tv("x++ + x", "11", "x", "6");
	tv("++x", "6", "x", "6");
	tv("x--", "5", "x", "4");
	tv("--x", "4", "x", "4");
	t("RO = 1", "ERR: arithmetic: RO: cannot assign");
	t("3 = 1", "ERR: arithmetic: syntax error");
	t("1 += 1", "ERR: arithmetic: syntax error");
	t("++3", "ERR: arithmetic: ++ needs a variable name");

	/* ternary and comma */
	t("1 ? 2 : 3", "2");
	t("0 ? 2 : 3", "3");
	t("0 ? 1 : 0 ? 2 : 3", "3");
	t("1 ? 0 ? 4 : 5 : 6", "5");
	tv("x = 1, y = 2, x + y", "3", "y", "2");
	tv("x > 1 ? (z = 10) : (z = 20)", "10", "z", "10");
	t("1 ? 2", "ERR: arithmetic: missing ':' of ?:");

	/* the operand that is not evaluated neither fails nor assigns */
	t("0 && 1 / 0", "0");
	t("1 || 1 / 0", "1");
	t("1 ? 5 : 1 / 0", "5");
	t("0 ? 1 / 0 : 6", "6");
	tv("0 && (z = 1)", "0", "z", "(unset)");
	tv("1 || z++", "1", "z", "(unset)");
	tv("1 ? 1 : (z = 9)", "1", "z", "(unset)");

	/* errors, not crashes */
	t("1 / 0", "ERR: arithmetic: division by zero");
	t("1 % 0", "ERR: arithmetic: division by zero");
	tv("x /= 0", "ERR: arithmetic: division by zero", "x", "5");
	t("9223372036854775807 + 1", "ERR: arithmetic: overflow");
	t("-9223372036854775807 - 2", "ERR: arithmetic: overflow");
	t("(-9223372036854775807 - 1) / -1", "ERR: arithmetic: overflow");
	t("1 << 64", "ERR: arithmetic: bad shift");
	t("1 >> -1", "ERR: arithmetic: bad shift");
	t("1 +", "ERR: arithmetic: missing operand");
	t("(1", "ERR: arithmetic: missing ')'");
	t("1)", "ERR: arithmetic: unbalanced ')'");
	t("1 2", "ERR: arithmetic: syntax error");
	t("$x", "ERR: arithmetic: syntax error");
	{
		char deep[1000];

		memset(deep, '(', 600);
		strcpy(deep + 600, "1");
		t(deep, "ERR: arithmetic: expression nested too deeply");
		for (int i = 0; i < 900; i += 2)
			memcpy(deep + i, "- ", 2);
		strcpy(deep + 900, "1");
		t(deep, "ERR: arithmetic: expression nested too deeply");
	}

	/* arith_format: what %lld prints */
	{
		static const long long nums[] = {
			0, 7, -7, 10, -10, 1234567890123LL, 9223372036854775807LL,
			-9223372036854775807LL - 1,
		};
		char buf[ARITH_BUFSIZE], want[32];

		for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
			snprintf(want, sizeof(want), "%lld", nums[i]);
			tap_streq(arith_format(buf, nums[i]), want,
				  "arith_format(%s)", want);
		}
	}

	/* arith_eval: no store, no assignment */
	tap_ok(arith_eval("x = 1", &v, getvar, NULL, err, sizeof(err)) < 0 &&
		       strstr(err, "not supported") != NULL,
	       "arith_eval refuses assignment");
	tap_ok(arith_eval("x + 1", &v, getvar, NULL, err, sizeof(err)) == 0 &&
		       v == 6,
	       "arith_eval reads names");
	nounset_cases();
	return tap_done();
}
