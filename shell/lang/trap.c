/*
 * trap.c - traps and signal names (see trap.h), and the trap builtin.
 *
 * Assumes: called from the evaluator and the REPL.  Guarantees: every
 * sigaction is checked; the first trap on a signal saves the disposition
 * the shell had (the REPL's own handlers), and `trap - SIG` puts it back.
 */
#include "trap.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "builtin_fns.h"
#include "diag.h"
#include "shops.h"

volatile sig_atomic_t trap_pending;
static volatile sig_atomic_t pending[TRAP_NSIG];
static struct sigaction saved[TRAP_NSIG];
static bool have_saved[TRAP_NSIG];

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "BUS", SIGBUS }, { "FPE", SIGFPE }, { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD }, { "CONT", SIGCONT },
	{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU }, { "URG", SIGURG }, { "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
	{ "WINCH", SIGWINCH }, { "IO", SIGIO }, { "PWR", SIGPWR },
	{ "SYS", SIGSYS },
};
#define NSIGNALS (sizeof(signals) / sizeof(signals[0]))

int
sig_by_name(const char *s)
{
	size_t i;
	long n;

	if (parse_int(s, &n))
		return n >= 0 && n < TRAP_NSIG ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	if (strcasecmp(s, "EXIT") == 0)
		return 0;
	for (i = 0; i < NSIGNALS; i++)
		if (strcasecmp(s, signals[i].name) == 0)
			return signals[i].sig;
	return -1;
}

const char *
sig_name(int sig)
{
	size_t i;

	if (sig == 0)
		return "EXIT";
	for (i = 0; i < NSIGNALS; i++)
		if (signals[i].sig == sig)
			return signals[i].name;
	return NULL;
}

void
sig_list(void)
{
	size_t i;

	for (i = 0; i < NSIGNALS; i++)
		printf("%s\n", signals[i].name);
}

static void
on_trap(int sig)
{
	if (sig > 0 && sig < TRAP_NSIG) {
		pending[sig] = 1;
		trap_pending = 1;
	}
}

/* Set sig's disposition for action: NULL default, "" ignore, else run. */
static int
trap_dispose(int sig, const char *action)
{
	struct sigaction sa;

	if (!have_saved[sig]) {
		if (sigaction(sig, NULL, &saved[sig]) < 0) {
			warn_errno("trap: %s", sig_name(sig));
			return -1;
		}
		have_saved[sig] = true;
	}
	if (!action) {
		sa = saved[sig];
	} else {
		memset(&sa, 0, sizeof(sa));
		sigemptyset(&sa.sa_mask);
		/* SA_RESTART: a wait for a foreground job goes on; the
		 * action runs when the command is done, as in sh. */
		sa.sa_flags = SA_RESTART;
		sa.sa_handler = *action ? on_trap : SIG_IGN;
	}
	if (sigaction(sig, &sa, NULL) < 0) {
		warn_errno("trap: %s", sig_name(sig));
		return -1;
	}
	return 0;
}

static void
run_action(struct shell *sh, const char *action)
{
	struct arena_mark m = arena_mark(&sh->line);
	int status = sh->status;
	char *copy = strdup(action);

	/* The action may replace the trap while it runs: run a copy. */
	if (!copy)
		die("out of memory");
	sh->in_trap = true;
	eval_source(sh, copy, strlen(copy), 0, "trap");
	sh->in_trap = false;
	free(copy);
	arena_release(&sh->line, m);
	/* $? after a trap is what it was before it (POSIX). */
	if (!sh->exiting)
		sh->status = status;
}

bool
trap_is_pending(int sig)
{
	return sig > 0 && sig < TRAP_NSIG && pending[sig];
}

void
traps_run_pending(struct shell *sh)
{
	int sig;

	trap_pending = 0;
	for (sig = 1; sig < TRAP_NSIG; sig++) {
		if (!pending[sig])
			continue;
		pending[sig] = 0;
		if (sh->traps[sig] && *sh->traps[sig])
			run_action(sh, sh->traps[sig]);
	}
}

void
traps_run_exit(struct shell *sh)
{
	char *action = sh->traps[0];
	bool exiting = sh->exiting;
	int status = sh->status;

	if (!action)
		return;
	sh->traps[0] = NULL;
	sh->exiting = false;
	run_action(sh, action);
	free(action);
	/* exit inside the trap sets the status; otherwise the shell ends
	 * with the status it had. */
	if (!sh->exiting)
		sh->status = status;
	sh->exiting = exiting || sh->exiting;
}

void
traps_child_reset(struct shell *sh)
{
	int sig;

	free(sh->traps[0]);
	sh->traps[0] = NULL;
	for (sig = 1; sig < TRAP_NSIG; sig++) {
		if (!sh->traps[sig] || !*sh->traps[sig])
			continue;
		trap_dispose(sig, NULL);
		free(sh->traps[sig]);
		sh->traps[sig] = NULL;
		pending[sig] = 0;
	}
}

void
traps_free(struct shell *sh)
{
	int sig;

	for (sig = 0; sig < TRAP_NSIG; sig++) {
		free(sh->traps[sig]);
		sh->traps[sig] = NULL;
	}
}

static void
print_traps(struct shell *sh)
{
	int sig;

	for (sig = 0; sig < TRAP_NSIG; sig++) {
		if (!sh->traps[sig])
			continue;
		printf("trap -- ");
		print_quoted(sh->traps[sig]);
		printf(" %s\n", sig_name(sig) ? sig_name(sig) : "?");
	}
}

/* trap [-p] | trap [--] ACTION|- SIG... | trap SIG (reset, as dash) */
int
b_trap(struct shell *sh, int argc, char **argv)
{
	const char *action;
	int i = 1, status = 0;

	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
		print_traps(sh);
		return 0;
	}
	if (strcmp(argv[1], "-l") == 0) {
		sig_list();
		return 0;
	}
	action = argv[i];
	/* A first argument that is a number resets those signals. */
	if (parse_int(action, &(long){ 0 }))
		action = "-";
	else
		i++;
	if (i >= argc)
		return usage("trap");
	for (; i < argc; i++) {
		int sig = sig_by_name(argv[i]);

		if (sig < 0) {
			warnx("trap: %s: bad trap", argv[i]);
			status = 1;
			continue;
		}
		/* KILL and STOP cannot be caught; POSIX leaves a trap on
		 * them undefined: accept it and do nothing, as dash does
		 * (scripts list them among the signals they clean up on). */
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		if (sig > 0 &&
		    trap_dispose(sig, strcmp(action, "-") == 0 ? NULL : action) < 0) {
			status = 1;
			continue;
		}
		free(sh->traps[sig]);
		sh->traps[sig] = NULL;
		if (strcmp(action, "-") != 0 && !(sh->traps[sig] = strdup(action)))
			die("out of memory");
	}
	return status;
}
