/*
 * diag.h - the one diagnostics family of cylosh.
 *
 * Every message a user sees goes through here so that it carries the program
 * name, and every setup failure carries the step, the error and a hint.
 * audit() goes to syslog (LOG_AUTHPRIV) and never to the terminal.
 */
#ifndef CYLO_DIAG_H
#define CYLO_DIAG_H

#include <stdarg.h>

/* Exit status of a session whose setup failed (documented in cylosh(1)). */
#define CYLO_EXIT_SETUP 125
/* Exit status for a usage error on the command line. */
#define CYLO_EXIT_USAGE 2

#define PRINTF(a, b) __attribute__((format(printf, a, b)))

void diag_init(const char *progname);
/* Open the syslog connection now, so later audit lines need no file access. */
void audit_open(void);

_Noreturn void die(const char *fmt, ...) PRINTF(1, 2);
_Noreturn void die_errno(const char *fmt, ...) PRINTF(1, 2);
void warnx(const char *fmt, ...) PRINTF(1, 2);
void warn_errno(const char *fmt, ...) PRINTF(1, 2);
void audit(int priority, const char *fmt, ...) PRINTF(2, 3);

/*
 * A setup step failed: print "cylosh: cannot set up the session: STEP: ERROR"
 * and "hint: HINT" (when there is one), log the failure to syslog, and exit
 * with CYLO_EXIT_SETUP.  err is an errno value or 0.
 */
_Noreturn void setup_fail(const char *step, int err, const char *hint);
/* Same, with a formatted detail in place of strerror(err). */
_Noreturn void setup_failx(const char *step, const char *hint,
			   const char *fmt, ...) PRINTF(3, 4);

#endif
