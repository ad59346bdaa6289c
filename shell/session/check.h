/*
 * check.h - cylosh --check: can this machine run sessions?
 */
#ifndef CYLO_CHECK_H
#define CYLO_CHECK_H

/* Print one line per requirement; non-zero when a mandatory one fails. */
int check_run(void);

/*
 * cylosh -C [FILE]: load FILE and its drop-ins as a session would, then
 * report (on stderr, "FILE:LINE: error|warning: ...") the mistakes that
 * lock users out or silently weaken a policy: a missing or unsafe skel or
 * persist store, an unknown language (errors); a [pam], [group] or [user]
 * name that does not exist, a command not found here (warnings).  Prints
 * the default policy and the sections.  Non-zero on errors.
 */
int check_conf_file(const char *file);

#endif
