/*
 * sandbox.c - the orchestrator: calls the setup stages in the fixed order of
 * DESIGN.md section 3.  Stages never call each other; only this file knows
 * the order.
 *
 *   outer (host namespaces)      fds 0-2 safe to pass on     (stdfds.c)
 *                                1-2 config and environment (main.c)
 *                                the commands' plan, or root's
 *                                cache of it          (commands.c, cmdcache.c)
 *                                session cgroup holds limits (cgroup.c)
 *                                pty, then clone             (relay.c, ns.c)
 *   init (pid 1 of the session)  3 uid/gid maps, own keyring (ns.c)
 *                                4-5 new root, pivot_root    (mounts.c)
 *                                marker, own binary          (inside.c)
 *                                the session's pty           (relay.c)
 *                                allowed commands, PATH dir  (commands.c)
 *                                seed the home from skel     (skel.c)
 *                                root and /dev read-only     (mounts.c)
 *                                6 hostname, rlimits         (rlimits.c)
 *                                7 capabilities, no_new_privs (caps.c)
 *                                8 Landlock                  (landlock.c)
 *                                9 seccomp, last             (filter.c)
 *   shell (pid 2)                setsid + controlling tty
 *                                10 read-back verification   (verify.c)
 *                                the shell                   (shell_run)
 *
 * init restricts itself before it forks the shell, so the shell inherits a
 * finished sandbox, and init keeps no capability while it waits.
 */
#include "sandbox.h"

#include <errno.h>
#include <linux/close_range.h>
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "caps.h"
#include "cgroup.h"
#include "commands.h"
#include "diag.h"
#include "landlock.h"
#include "rlimits.h"
#include "mounts.h"
#include "ns.h"
#include "relay.h"
#include "filter.h"
#include "inside.h"
#include "shell.h"
#include "skel.h"
#include "verify.h"

extern char **environ;

static int
status_of(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

/* pid 2: the shell, in the finished sandbox. */
static _Noreturn void
run_shell(struct session *s, const struct pty *p)
{
	sigset_t none;

	/* The channel to the relay is init's alone. */
	close(p->sock[1]);
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)
		setup_fail("signals", errno, NULL);
	if (setsid() < 0)
		setup_fail("session (setsid)", errno, NULL);
	/* The session's own pty becomes the controlling terminal, so job
	 * control works on it and never on the user's real terminal. */
	if (p->input && ioctl(0, TIOCSCTTY, 0) < 0)
		setup_fail("controlling terminal", errno, NULL);
	verify_state(s);
	if (chdir(s->acct.home) < 0)
		setup_failx("home", NULL, "cannot enter %s: %s", s->acct.home,
			    strerror(errno));
	environ = s->env;
	exit(shell_run(s));
}

/*
 * pid 1, once the shell has ended.  Nothing outlives the session: every
 * process left (a background job, a daemon that left its session) is
 * killed and reaped before the relay hears of the end, so when cylosh
 * returns no process of the session runs.  As pid 1 of the namespace,
 * kill(-1) reaches every other process in it, and every one of them is
 * init's descendant: when waitpid finds no child, init is alone.  The
 * namespaces are torn down as init exits, after the relay has been told:
 * kernel work that no process of the session can see or outlast, and no
 * longer part of the caller's wait (bubblewrap's monitor does the same).
 */
static _Noreturn void
init_end(struct pty *p, bool idle, int status)
{
	/* ESRCH: none is left.  It cannot fail otherwise (the session's
	 * processes all run as init's uid, in its Landlock domain or one
	 * nested in it); should it, the reaping below still waits for
	 * every one of them, as the namespace's own end would. */
	(void)kill(-1, SIGKILL);
	for (;;) {
		if (waitpid(-1, NULL, 0) > 0)
			continue;
		if (errno == EINTR)
			continue;
		break;		/* ECHILD */
	}
	/* The session's last hold on the pty and on the descriptors it
	 * was given: the relay and the caller see their end now. */
	if (syscall(SYS_close_range, 0, 2, 0) < 0) {
		/* It cannot fail (init used it at setup); should it,
		 * one by one. */
		close(0);
		close(1);
		close(2);
	}
	relay_tell_end(p, idle, status);
	_exit(status);
}

/* pid 1: reap everything, forward signals, end with the shell. */
static _Noreturn void
init_wait(pid_t shell, const sigset_t *all, struct pty *p)
{
	bool idle = false;

	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(all, &si), st;
		pid_t pid;

		if (sig < 0)
			continue;
		/* The shell says its idle timeout ends it (repl.c), so the
		 * relay can log why.  Only the shell's pid counts. */
		if (sig == SIGUSR1 && si.si_pid == shell) {
			idle = true;
			continue;
		}
		/* Only signals from outside the session (the relay, the
		 * kernel) are forwarded: a process in the session cannot end
		 * it by signalling pid 1. */
		if (sig != SIGCHLD && si.si_pid != 0)
			continue;
		if (sig != SIGCHLD) {
			/* A hang-up reaches every process, as on a real tty. */
			kill(sig == SIGHUP ? -1 : shell, sig);
			continue;
		}
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			if (pid == shell)
				init_end(p, idle, status_of(st));
	}
}

static _Noreturn void
init_main(struct session *s, struct pty *p)
{
	struct execlist *x = &s->cmds->x;
	sigset_t all;
	pid_t shell;
	int self;

	/* Block every signal now, not just before the fork: as pid 1 of its
	 * namespace, init drops a signal whose handler is SIG_DFL, so a
	 * SIGTERM forwarded during setup would be lost and the session would
	 * outlive the request.  Blocked, it waits for init_wait. */
	sigfillset(&all);
	if (sigprocmask(SIG_BLOCK, &all, NULL) < 0)
		setup_fail("signals", errno, NULL);
	/* Die with the outer process, so a relay killed outright leaves no
	 * session behind.  One that died before this line is seen by
	 * relay_wait_go: its end of the socket is closed. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		setup_fail("signals", errno, NULL);
	/* init inherited the user's real terminal as its controlling
	 * terminal; a session process must never be able to reach it. */
	if (setsid() < 0)
		setup_fail("session (setsid)", errno, NULL);
	ns_map_ids(s->acct.uid, s->acct.gid);
	ns_own_keyring();
	/* Session processes run as init's uid: while init is dumpable they
	 * could write its memory through /proc/1/mem, which the seccomp
	 * filter's ptrace rule does not cover.  (Not before the maps: a
	 * process that is not dumpable cannot write its own.)  The shell
	 * inherits this; the programs it runs do not (execve resets it). */
	if (prctl(PR_SET_DUMPABLE, 0) < 0)
		setup_fail("not dumpable", errno, NULL);
	self = inside_self();
	mounts_build(s);
	/* The binary and the policy, for a cylosh started inside. */
	inside_mark(s, self, x);
	/* From here the session sees only its own pty, never the real
	 * terminal; nothing else inherited stays open. */
	pty_create(p);
	/* Keep only the channel to the relay, as fd 3. */
	if (dup2(p->sock[1], 3) < 0)
		setup_fail("file descriptors", errno, NULL);
	p->sock[1] = 3;
	if (syscall(SYS_close_range, 4, ~0U, 0) < 0)
		setup_fail("file descriptors", errno, NULL);
	commands_build(s->cmds);
	/* A PAM-prepared home was seeded by the module. */
	if (!s->pam_home)
		skel_copy(s->pol.skel, s->acct.home);
	mounts_seal();
	limits_apply(&s->pol);
	caps_drop();
	s->landlock_abi = landlock_apply(s, x);
	/* init waits for the whole session: what setup allocated goes back
	 * to the kernel, not kept in every idle session. */
	commands_plan_free(s->cmds);
	malloc_trim(0);
	seccomp_apply(s->pol.allow_debuggers, s->pol.home_noexec);

	/* The relay failed to restrict itself: it has said so; run nothing. */
	if (!relay_wait_go(p))
		_exit(CYLO_EXIT_SETUP);
	shell = fork();
	if (shell < 0)
		setup_fail("fork", errno, "the nproc limit may be too low");
	if (shell == 0)
		run_shell(s, p);
	init_wait(shell, &all, p);
}

static unsigned long long
now_usec(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (unsigned long long)tv.tv_sec * 1000000ULL + (unsigned long long)tv.tv_usec;
}

int
sandbox_run(struct session *s)
{
	struct pty p;
	struct session_end end;
	char why[32];
	sigset_t usr1;
	unsigned long long dt;
	pid_t init;
	int status;

	s->start_usec = now_usec();
	/* cyloctl kill's SIGUSR1 must never end the outer process by its
	 * default action (unlogged): held until relay_run reads it. */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &usr1, NULL) < 0)
		setup_fail("signals", errno, NULL);
	/* Before the clone: every process of the session is a descendant of
	 * this one, so the cgroup checked here is the session's. */
	cgroup_require(&s->pol);
	pty_prepare(&p);
	s->use_pty = p.tty_fds != 0;
	/* Flush now: the child must not inherit buffered output. */
	fflush(NULL);
	init = ns_clone(ns_flags(s->pol.network == NET_NONE));
	if (init == 0)
		init_main(s, &p);
	/* The plan was for init; the relay lives as long as the session. */
	commands_plan_free(s->cmds);
	malloc_trim(0);
	if (!pty_receive(&p)) {
		int st;

		/* init failed before the session had a terminal. */
		status = waitpid(init, &st, 0) < 0 ? CYLO_EXIT_SETUP :
			 status_of(st);
		audit(LOG_INFO, "session end: user=%s status=%d reason=setup "
		      "failure duration=0.000s", s->acct.name, status);
		return status;
	}
	status = relay_run(init, &p, &end);
	dt = now_usec() - s->start_usec;
	audit(LOG_INFO, "session end: user=%s status=%d reason=%s "
	      "duration=%llu.%03llus", s->acct.name, status,
	      end_reason_text(&end, why, sizeof(why)), dt / 1000000ULL,
	      dt / 1000ULL % 1000ULL);
	return status;
}
