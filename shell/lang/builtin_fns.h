/*
 * builtin_fns.h - the builtins of each family (bi_*.c), for the table in
 * builtins.c, and the helpers they share.
 *
 * Families: bi_control.c (flow and running code), bi_vars.c (variables
 * and options), bi_io.c (printing and test), bi_jobs.c (jobs and
 * signals), bi_session.c (directory, umask, help, policy, languages).
 */
#ifndef CYLO_BUILTIN_FNS_H
#define CYLO_BUILTIN_FNS_H

#include <stdbool.h>

#include "builtins.h"

typedef int builtin_fn(struct shell *sh, int argc, char **argv);

/* Print the builtin's usage line; returns 2 (the status of a misuse). */
int usage(const char *name);
/* A whole decimal number (no sign checks beyond strtol's). */
bool parse_int(const char *s, long *out);

/* bi_control.c */
builtin_fn b_exit, b_loopctl, b_shift, b_true, b_false, b_source,
	b_type, b_command, b_return, b_eval, b_exec;
/* bi_vars.c */
builtin_fn b_export, b_unset, b_set, b_read, b_readonly, b_local,
	b_getopts;
/* alias.c, trap.c */
builtin_fn b_alias, b_unalias, b_trap;
/* bi_io.c */
builtin_fn b_echo, b_printf, b_test;
/* bi_jobs.c */
builtin_fn b_jobs, b_fg, b_kill, b_wait;
/* bi_session.c */
builtin_fn b_cd, b_pwd, b_umask, b_help, b_policy, b_langs, b_history,
	b_times, b_hash, b_ulimit;

#endif
