/*
 * jobs.h - the job table and job control on the session tty.
 *
 * Assumes: when sh->jobctl is set, the shell leads its session and
 * sh->tty is the controlling terminal (the sandbox core did setsid and
 * TIOCSCTTY on the session's own pty).  Guarantees: every job runs in its
 * own process group; the foreground job owns the tty while it runs, so
 * Ctrl-C and Ctrl-Z reach it and never the shell; the shell gets the tty
 * and its terminal modes back afterwards.  Without job control the same
 * table tracks background processes for wait, $! and jobs.
 */
#ifndef CYLO_JOBS_H
#define CYLO_JOBS_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "sh.h"

struct job;

/* Take the tty and ignore the job-control signals (interactive shells). */
void jobs_init(struct shell *sh);
/* Give the tty back to the shell's own process group when another group
 * holds it outside a wait that would have returned it (a child whose exec
 * failed, a background job that took it).  True when it was taken back. */
bool jobs_take_tty(struct shell *sh);
struct job *job_new(struct shell *sh, const char *text);
/* Record a forked process (call in the parent; the child calls
 * job_child_setup with the same pgid). */
void job_add(struct shell *sh, struct job *j, pid_t pid);
pid_t job_pgid(const struct job *j);
/* In a forked child: join the job's process group (0: a new one, led by
 * the child), take the tty when fg, restore default signal dispositions. */
void job_child_setup(struct shell *sh, pid_t pgid, bool fg);
/* Wait for a foreground job (continuing it first when cont); returns its
 * status, and keeps it in the table when it stopped. */
int job_wait_fg(struct shell *sh, struct job *j, bool cont);
/* Leave a job running in the background (continuing it when cont). */
void job_bg(struct shell *sh, struct job *j, bool cont, bool announce);
/* Collect finished/stopped children without blocking. */
void jobs_reap(struct shell *sh);
/* Report jobs that finished since the last call, and drop them. */
void jobs_notify(struct shell *sh, bool verbose);
/* %N, %+, %-, %%, %string, or a pid of a job. */
struct job *job_find(struct shell *sh, const char *spec);
struct job *job_current(struct shell *sh);
void jobs_print(struct shell *sh, FILE *f, bool pids);
bool jobs_any_stopped(struct shell *sh);
int jobs_count(struct shell *sh);
/* Wait for one job (or all when j is NULL); returns the last status. */
int jobs_wait(struct shell *sh, struct job *j);
/* Forget all jobs (in a forked child). */
void jobs_forget(struct shell *sh);
/* Send SIGHUP+SIGCONT to every job (the shell is exiting). */
void jobs_hangup(struct shell *sh);
int job_id(const struct job *j);
const char *job_text(const struct job *j);
/* The exit status a wait(2) status means for the shell. */
int wait_status(int st);

#endif
