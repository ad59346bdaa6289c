/*
 * bi_jobs.c - builtins about jobs and signals: jobs, fg, bg, kill, wait.
 *
 * Assumes: called by the evaluator.  Guarantees: kill and wait reach
 * session processes only (everything in the PID namespace is the session's).
 */
#include "builtin_fns.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "jobs.h"
#include "trap.h"

/* ---- jobs ---------------------------------------------------------------------------- */

static struct job *
job_arg(struct shell *sh, const char *cmd, const char *spec)
{
	struct job *j = spec ? job_find(sh, spec) : job_current(sh);

	if (!j)
		warnx("%s: %s: no such job", cmd, spec ? spec : "current");
	return j;
}

int
b_jobs(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	jobs_print(sh, stdout, argc > 1 && strcmp(argv[1], "-l") == 0);
	return 0;
}

int
b_fg(struct shell *sh, int argc, char **argv)
{
	struct job *j;

	if (!sh->jobctl && strcmp(argv[0], "fg") == 0 && !sh->interactive) {
		warnx("%s: no job control", argv[0]);
		return 1;
	}
	jobs_reap(sh);
	if (!(j = job_arg(sh, argv[0], argc > 1 ? argv[1] : NULL)))
		return 1;
	if (strcmp(argv[0], "bg") == 0) {
		job_bg(sh, j, true, true);
		return 0;
	}
	printf("%s\n", job_text(j));
	fflush(stdout);
	sh->warned_stopped = false;
	return job_wait_fg(sh, j, true);
}

int
b_kill(struct shell *sh, int argc, char **argv)
{
	int sig = SIGTERM, i = 1, status = 0;

	if (argc < 2)
		return usage("kill");
	if (strcmp(argv[1], "-l") == 0 || strcmp(argv[1], "-L") == 0) {
		long n;

		if (argc == 2) {
			sig_list();
			return 0;
		}
		/* kill -l N: the name of signal N, or of exit status N. */
		for (i = 2; i < argc; i++) {
			if (!parse_int(argv[i], &n) ||
			    !sig_name(n > 128 ? (int)(n - 128) : (int)n) || n == 0) {
				warnx("kill: %s: invalid signal", argv[i]);
				status = 1;
				continue;
			}
			printf("%s\n", sig_name(n > 128 ? (int)(n - 128) : (int)n));
		}
		return status;
	}
	if (strcmp(argv[1], "-s") == 0 && argc > 2) {
		sig = sig_by_name(argv[2]);
		i = 3;
	} else if (argv[1][0] == '-' && argv[1][1]) {
		sig = sig_by_name(argv[1] + 1);
		i = 2;
	}
	if (sig < 0) {
		warnx("kill: %s: invalid signal", argv[i - 1]);
		return 1;
	}
	if (i >= argc)
		return usage("kill");
	for (; i < argc; i++) {
		pid_t target;
		long n;

		if (argv[i][0] == '%') {
			struct job *j = job_find(sh, argv[i]);

			if (!j) {
				warnx("kill: %s: no such job", argv[i]);
				status = 1;
				continue;
			}
			/* The whole job: its process group when it has one. */
			target = sh->jobctl ? -job_pgid(j) : job_pgid(j);
			if (sh->jobctl && (sig == SIGTERM || sig == SIGHUP ||
					   sig == SIGINT))
				kill(target, SIGCONT);
		} else if (parse_int(argv[i], &n)) {
			target = (pid_t)n;
		} else {
			warnx("kill: %s: arguments must be process or job IDs",
			      argv[i]);
			status = 1;
			continue;
		}
		if (kill(target, sig) < 0) {
			warn_errno("kill: %s", argv[i]);
			status = 1;
		}
	}
	return status;
}

int
b_wait(struct shell *sh, int argc, char **argv)
{
	int i, status = 0;

	if (argc == 1) {
		/* POSIX: waiting for all jobs gives 0, whatever they gave. */
		jobs_wait(sh, NULL);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		struct job *j;

		/* Neither a pid nor %job: a usage error (2, as dash), not an
		 * unknown process (127). */
		if (*a != '%' && (!*a || a[strspn(a, "0123456789")])) {
			warnx("wait: %s: not a process id or %%job", a);
			status = 2;
			continue;
		}
		j = job_find(sh, a);
		if (!j) {
			warnx("wait: %s: no such job or process of this shell",
			      argv[i]);
			status = 127;
			continue;
		}
		status = jobs_wait(sh, j);
	}
	return status;
}

