/*
 * diag.c - messages, fatal errors and the audit log.
 *
 * Assumes: nothing; may be called before and after the sandbox is up.
 * Guarantees: one line per message on stderr, prefixed with the program
 * name; setup failures also reach syslog.
 */
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static const char *prog = "cylosh";

void
diag_init(const char *progname)
{
	prog = progname;
}

void
audit_open(void)
{
	/* LOG_NDELAY connects now: the outer process later has no file access. */
	openlog("cylosh", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
}

static void
vmsg(int err, const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (err)
		fprintf(stderr, "%s: %s: %s\n", prog, buf, strerror(err));
	else
		fprintf(stderr, "%s: %s\n", prog, buf);
	fflush(stderr);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	exit(1);
}

void
die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(err, fmt, ap);
	va_end(ap);
	exit(1);
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

void
warn_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(err, fmt, ap);
	va_end(ap);
}

void
audit(int priority, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(LOG_AUTHPRIV | priority, fmt, ap);
	va_end(ap);
}

static _Noreturn void
fail(const char *step, const char *detail, const char *hint)
{
	fprintf(stderr, "%s: cannot set up the session: %s: %s\n", prog, step,
		detail);
	/* Every failure gets a hint; steps without a known cause point to
	 * the self-check. */
	fprintf(stderr, "hint: %s\n", hint && *hint ? hint :
		"this is unexpected on a supported system; run 'cylosh --check' "
		"and report the message with its output");
	fflush(stderr);
	audit(LOG_ERR, "setup failed for uid %u: %s: %s", (unsigned)getuid(),
	      step, detail);
	/* _exit: a half-built session must not run atexit handlers or flush
	 * buffers it shares with the parent. */
	_exit(CYLO_EXIT_SETUP);
}

void
setup_fail(const char *step, int err, const char *hint)
{
	fail(step, err ? strerror(err) : "failed", hint);
}

void
setup_failx(const char *step, const char *hint, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fail(step, buf, hint);
}
