/*
 * trap.h - traps: shell code run when a signal arrives or the shell
 * exits, and the signal names shared with kill.
 *
 * Assumes: one shell per process.  Guarantees: the signal handler only
 * sets flags; the actions run in the shell itself, between commands
 * (never in the relay, never inside a handler); a forked subshell starts
 * with the traps reset (ignored signals stay ignored), as POSIX says.
 */
#ifndef CYLO_TRAP_H
#define CYLO_TRAP_H

#include "sh.h"

#define TRAP_NSIG 65	/* traps[0] is EXIT; 1..64 signals */

/* A signal number from a name (INT, SIGINT, int) or a number; -1. */
int sig_by_name(const char *s);
/* The name without SIG ("INT"), or NULL. */
const char *sig_name(int sig);
/* Print the signal names, one a line, as dash's kill -l. */
void sig_list(void);
/* Has sig arrived, with an action set, and its action not run yet? */
bool trap_is_pending(int sig);
/* Run the actions of the signals that arrived. */
void traps_run_pending(struct shell *sh);
/* Run the EXIT trap once (the shell is ending, or exec replaces it). */
void traps_run_exit(struct shell *sh);
/* In a forked subshell: back to default dispositions. */
void traps_child_reset(struct shell *sh);
void traps_free(struct shell *sh);

#endif
