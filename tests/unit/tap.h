/*
 * tap.h - a tiny TAP producer for the unit tests.
 *
 * Each check prints "ok N - what" or "not ok N - what"; tap_done() prints the
 * plan and returns the exit status.  tests/run.sh counts the lines.
 */
#ifndef CYLO_TAP_H
#define CYLO_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 2, 3), unused)) static int
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

__attribute__((format(printf, 2, 3), unused)) static void
tap_skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	printf("ok %d - ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", reason);
	fflush(stdout);
}

/* String equality with a diagnostic on mismatch. */
#define tap_streq(got, want, ...)                                              \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		int c_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;          \
		if (!tap_ok(c_, __VA_ARGS__))                                  \
			printf("#   got:  \"%s\"\n#   want: \"%s\"\n",           \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");        \
	} while (0)

__attribute__((unused)) static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
