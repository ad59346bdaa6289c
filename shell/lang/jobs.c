/*
 * jobs.c - job table and job control (see jobs.h).
 *
 * Assumes: SIGCHLD keeps its default disposition, so children are reaped
 * only by the waitpid calls here.  Guarantees: tcsetpgrp is only called
 * with job control on, on the session's own tty; a job stopped with
 * Ctrl-Z keeps its terminal modes and gets them back on fg.
 */
#include "jobs.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "diag.h"

struct proc {
	pid_t pid;
	int status;		/* wait status */
	bool done, stopped;
};

struct job {
	int id;
	unsigned long seq;	/* recency, for %+ and %- */
	pid_t pgid;
	struct proc *procs;
	int nprocs;
	bool bg;
	bool reported;
	char *text;
	struct termios tmodes;
	bool have_tmodes;
	bool pipefail;		/* set -o pipefail when it started */
	struct job *next;
};

volatile sig_atomic_t sh_hangup;

static struct termios shell_tmodes;
static bool have_shell_tmodes;
static unsigned long job_seq;

int
wait_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	if (WIFSTOPPED(st))
		return 128 + WSTOPSIG(st);
	return 1;
}

void
jobs_init(struct shell *sh)
{
	pid_t pgid;

	if (!sh->jobctl)
		return;
	/* Wait until we are in the foreground (a shell started in the
	 * background of another one); inside the session we always are. */
	while ((pgid = tcgetpgrp(sh->tty)) >= 0 && pgid != getpgrp())
		kill(-getpgrp(), SIGTTIN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	sh->pgid = getpid();
	if (getpgrp() != sh->pgid && setpgid(0, 0) < 0) {
		warn_errno("job control disabled: setpgid");
		sh->jobctl = false;
		return;
	}
	if (tcsetpgrp(sh->tty, sh->pgid) < 0) {
		warn_errno("job control disabled: tcsetpgrp");
		sh->jobctl = false;
		return;
	}
	have_shell_tmodes = tcgetattr(sh->tty, &shell_tmodes) == 0;
}

bool
jobs_take_tty(struct shell *sh)
{
	pid_t fg;

	if (!sh->jobctl)
		return false;
	/* A shell whose tty is left to another (perhaps dead) group is in
	 * the background: its next read of the tty fails with EIO (SIGTTIN
	 * is ignored) and reads as end of input, which would end the
	 * session.  The tty is the session's own, so taking it back from
	 * one of its jobs harms nothing. */
	fg = tcgetpgrp(sh->tty);
	if (fg < 0 || fg == sh->pgid)
		return false;
	/* The modes stay as they are: readline may be mid-line in its own. */
	if (tcsetpgrp(sh->tty, sh->pgid) < 0) {
		warn_errno("tcsetpgrp");
		return false;
	}
	return true;
}

struct job *
job_new(struct shell *sh, const char *text)
{
	struct job *j = calloc(1, sizeof(*j)), **p;
	int id = 1;

	if (!j || !(j->text = strdup(text ? text : "")))
		die("out of memory");
	/* The smallest free id, as other shells number jobs. */
	for (;;) {
		struct job *k;

		for (k = sh->jobs; k; k = k->next)
			if (k->id == id)
				break;
		if (!k)
			break;
		id++;
	}
	j->id = id;
	j->seq = ++job_seq;
	j->pipefail = sh->pipefail;
	for (p = &sh->jobs; *p && (*p)->id < id; p = &(*p)->next)
		;
	j->next = *p;
	*p = j;
	return j;
}

static void
job_free(struct shell *sh, struct job *j)
{
	struct job **p;

	for (p = &sh->jobs; *p; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	free(j->procs);
	free(j->text);
	free(j);
}

void
job_add(struct shell *sh, struct job *j, pid_t pid)
{
	struct proc *p = realloc(j->procs, sizeof(*p) * (size_t)(j->nprocs + 1));

	if (!p)
		die("out of memory");
	j->procs = p;
	memset(&p[j->nprocs], 0, sizeof(*p));
	p[j->nprocs++].pid = pid;
	if (!j->pgid)
		j->pgid = pid;
	/* Both parent and child set the group, so whichever runs first
	 * wins the race against an exec or a tcsetpgrp. */
	if (sh->jobctl)
		setpgid(pid, j->pgid);
}

pid_t
job_pgid(const struct job *j)
{
	return j->pgid;
}

int
job_id(const struct job *j)
{
	return j->id;
}

const char *
job_text(const struct job *j)
{
	return j->text;
}

void
job_child_setup(struct shell *sh, pid_t pgid, bool fg)
{
	if (sh->jobctl) {
		pid_t me = getpid();

		setpgid(me, pgid ? pgid : me);
		if (fg)
			tcsetpgrp(sh->tty, pgid ? pgid : me);
		signal(SIGTSTP, SIG_DFL);
		signal(SIGTTIN, SIG_DFL);
		signal(SIGTTOU, SIG_DFL);
	}
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
}

static bool
job_done(const struct job *j)
{
	int i;

	for (i = 0; i < j->nprocs; i++)
		if (!j->procs[i].done)
			return false;
	return true;
}

static bool
job_stopped(const struct job *j)
{
	int i;

	for (i = 0; i < j->nprocs; i++)
		if (!j->procs[i].done && !j->procs[i].stopped)
			return false;
	return !job_done(j);
}

/* The status of a job: that of its last process; with pipefail, that of
 * the last process that failed. */
static int
job_status(const struct job *j)
{
	int i;

	if (j->pipefail)
		for (i = j->nprocs - 1; i >= 0; i--)
			if (wait_status(j->procs[i].status))
				return wait_status(j->procs[i].status);
	return j->nprocs ? wait_status(j->procs[j->nprocs - 1].status) : 0;
}

/* Record a wait status for pid; false when the pid is not ours. */
static bool
record(struct shell *sh, pid_t pid, int st)
{
	struct job *j;
	int i;

	for (j = sh->jobs; j; j = j->next)
		for (i = 0; i < j->nprocs; i++) {
			struct proc *p = &j->procs[i];

			if (p->pid != pid)
				continue;
			if (WIFSTOPPED(st)) {
				p->stopped = true;
				p->status = st;
			} else if (WIFCONTINUED(st)) {
				p->stopped = false;
			} else {
				p->done = true;
				p->stopped = false;
				p->status = st;
			}
			return true;
		}
	return false;
}

static const char *
state_name(const struct job *j, char *buf, size_t len)
{
	int st;

	if (job_stopped(j))
		return "Stopped";
	if (!job_done(j))
		return "Running";
	st = j->procs[j->nprocs - 1].status;
	if (WIFSIGNALED(st)) {
		snprintf(buf, len, "%s", strsignal(WTERMSIG(st)));
		return buf;
	}
	if (WEXITSTATUS(st)) {
		snprintf(buf, len, "Exit %d", WEXITSTATUS(st));
		return buf;
	}
	return "Done";
}

struct job *
job_current(struct shell *sh)
{
	struct job *j, *best = NULL;

	/* A stopped job is current before a running one, as in sh. */
	for (j = sh->jobs; j; j = j->next)
		if (job_stopped(j) && (!best || j->seq > best->seq))
			best = j;
	if (best)
		return best;
	for (j = sh->jobs; j; j = j->next)
		if (!best || j->seq > best->seq)
			best = j;
	return best;
}

static struct job *
job_previous(struct shell *sh)
{
	struct job *cur = job_current(sh), *j, *best = NULL;

	for (j = sh->jobs; j; j = j->next)
		if (j != cur && (!best || j->seq > best->seq))
			best = j;
	return best;
}

static void
print_job(struct shell *sh, FILE *f, const struct job *j, bool pids)
{
	char buf[64];
	char mark = j == job_current(sh) ? '+' :
		    j == job_previous(sh) ? '-' : ' ';

	if (pids)
		fprintf(f, "[%d]%c %ld %-22s %s\n", j->id, mark,
			(long)j->pgid, state_name(j, buf, sizeof(buf)), j->text);
	else
		fprintf(f, "[%d]%c  %-22s %s%s\n", j->id, mark,
			state_name(j, buf, sizeof(buf)), j->text,
			!job_done(j) && !job_stopped(j) ? " &" : "");
}

void
jobs_print(struct shell *sh, FILE *f, bool pids)
{
	struct job *j;

	jobs_reap(sh);
	for (j = sh->jobs; j; j = j->next) {
		print_job(sh, f, j, pids);
		if (job_done(j))
			j->reported = true;
	}
	jobs_notify(sh, false);
}

void
jobs_reap(struct shell *sh)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED | WCONTINUED)) > 0)
		record(sh, pid, st);
}

void
jobs_notify(struct shell *sh, bool verbose)
{
	struct job *j, *next;

	for (j = sh->jobs; j; j = next) {
		next = j->next;
		if (!job_done(j))
			continue;
		if (verbose && !j->reported && j->bg)
			print_job(sh, stderr, j, false);
		job_free(sh, j);
	}
}

int
job_wait_fg(struct shell *sh, struct job *j, bool cont)
{
	int st, status;

	j->bg = false;
	if (sh->jobctl) {
		tcsetpgrp(sh->tty, j->pgid);
		if (cont && j->have_tmodes)
			tcsetattr(sh->tty, TCSADRAIN, &j->tmodes);
	}
	if (cont) {
		int i;

		for (i = 0; i < j->nprocs; i++)
			j->procs[i].stopped = false;
		if (kill(sh->jobctl ? -j->pgid : j->pgid, SIGCONT) < 0)
			warn_errno("fg: kill");
	}
	while (!job_done(j) && !job_stopped(j)) {
		pid_t pid = waitpid(-1, &st, WUNTRACED);

		if (pid < 0) {
			if (errno == EINTR) {
				if (sh_hangup) {
					/* The session is ending: so does the job. */
					kill(sh->jobctl ? -j->pgid : j->pgid, SIGHUP);
					kill(sh->jobctl ? -j->pgid : j->pgid, SIGCONT);
				}
				continue;
			}
			/* ECHILD: nothing left to wait for. */
			int i;

			for (i = 0; i < j->nprocs; i++)
				j->procs[i].done = true;
			break;
		}
		record(sh, pid, st);
	}
	if (sh->jobctl) {
		tcsetpgrp(sh->tty, sh->pgid);
		if (job_stopped(j))
			j->have_tmodes = tcgetattr(sh->tty, &j->tmodes) == 0;
		if (have_shell_tmodes)
			tcsetattr(sh->tty, TCSADRAIN, &shell_tmodes);
	}
	if (job_stopped(j)) {
		int i;

		j->seq = ++job_seq;
		fputc('\n', stderr);
		print_job(sh, stderr, j, false);
		for (i = j->nprocs - 1; i >= 0; i--)
			if (j->procs[i].stopped)
				return wait_status(j->procs[i].status);
		return 128 + SIGTSTP;
	}
	status = job_status(j);
	st = j->procs[j->nprocs - 1].status;
	if (WIFSIGNALED(st) && sh->interactive) {
		int sig = WTERMSIG(st);

		if (sig == SIGINT) {
			fputc('\n', stderr);
			/* As if the shell got the Ctrl-C: the rest of the
			 * line (a list, a loop) does not run. */
			sh->interrupted = true;
		}
		else if (sig != SIGPIPE)
			fprintf(stderr, "%s%s\n", strsignal(sig),
				WCOREDUMP(st) ? " (core dumped)" : "");
	}
	job_free(sh, j);
	return status;
}

void
job_bg(struct shell *sh, struct job *j, bool cont, bool announce)
{
	j->bg = true;
	j->seq = ++job_seq;
	if (cont) {
		int i;

		for (i = 0; i < j->nprocs; i++)
			j->procs[i].stopped = false;
		if (kill(sh->jobctl ? -j->pgid : j->pgid, SIGCONT) < 0)
			warn_errno("bg: kill");
		if (announce)
			fprintf(stderr, "[%d]+ %s &\n", j->id, j->text);
	} else if (announce) {
		fprintf(stderr, "[%d] %ld\n", j->id,
			(long)j->procs[j->nprocs - 1].pid);
	}
}

struct job *
job_find(struct shell *sh, const char *spec)
{
	struct job *j;
	char *end;
	long n;

	if (spec[0] != '%') {
		n = strtol(spec, &end, 10);
		if (*end || n <= 0)
			return NULL;
		for (j = sh->jobs; j; j = j->next) {
			int i;

			for (i = 0; i < j->nprocs; i++)
				if (j->procs[i].pid == n)
					return j;
		}
		return NULL;
	}
	spec++;
	if (!*spec || strcmp(spec, "+") == 0 || strcmp(spec, "%") == 0)
		return job_current(sh);
	if (strcmp(spec, "-") == 0)
		return job_previous(sh);
	n = strtol(spec, &end, 10);
	if (!*end) {
		for (j = sh->jobs; j; j = j->next)
			if (j->id == n)
				return j;
		return NULL;
	}
	for (j = sh->jobs; j; j = j->next)
		if (strncmp(j->text, spec, strlen(spec)) == 0)
			return j;
	return NULL;
}

bool
jobs_any_stopped(struct shell *sh)
{
	struct job *j;

	jobs_reap(sh);
	for (j = sh->jobs; j; j = j->next)
		if (job_stopped(j))
			return true;
	return false;
}

int
jobs_count(struct shell *sh)
{
	struct job *j;
	int n = 0;

	for (j = sh->jobs; j; j = j->next)
		n++;
	return n;
}

int
jobs_wait(struct shell *sh, struct job *j)
{
	int status = 0;

	if (j) {
		while (!job_done(j)) {
			int st;
			pid_t pid = waitpid(-1, &st, 0);

			if (pid < 0) {
				if (errno == EINTR)
					return 128 + SIGINT;
				break;
			}
			record(sh, pid, st);
		}
		status = job_status(j);
		job_free(sh, j);
		return status;
	}
	for (;;) {
		struct job *k;

		/* A stopped job never finishes by itself: skip it. */
		for (k = sh->jobs; k && job_stopped(k); k = k->next)
			;
		if (!k)
			break;
		status = jobs_wait(sh, k);
	}
	return status;
}

void
jobs_forget(struct shell *sh)
{
	while (sh->jobs)
		job_free(sh, sh->jobs);
}

void
jobs_hangup(struct shell *sh)
{
	struct job *j;

	for (j = sh->jobs; j; j = j->next) {
		kill(sh->jobctl ? -j->pgid : j->pgid, SIGHUP);
		kill(sh->jobctl ? -j->pgid : j->pgid, SIGCONT);
	}
}
