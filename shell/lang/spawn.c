/*
 * spawn.c - external commands: found on PATH by the shell, started with
 * posix_spawn or execve, their failures reported as sh does (see
 * eval_int.h).
 *
 * Assumes: argv was expanded by the evaluator.  Guarantees: a command
 * runs from the path found here with execve(path, argv, env), never
 * through sh -c or system(); 127 for a command not found, 126 for one
 * that cannot run.
 */
#include "eval_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "jobs.h"
#include "langs.h"
#include "wrapper.h"

extern char **environ;

/* path_lookup on the search path path (NULL: the default one). */
static int
path_lookup_in(const char *path, const char *name, char *buf, size_t len)
{
	const char *p, *end;
	int err = ENOENT;
	struct stat st;

	if (!*name)
		return ENOENT;
	if (strchr(name, '/')) {
		if ((size_t)snprintf(buf, len, "%s", name) >= len)
			return ENAMETOOLONG;
		return 0;
	}
	if (!path)
		path = "/usr/bin:/bin";
	for (p = path;; p = end + 1) {
		size_t dlen;

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		dlen = (size_t)(end - p);
		if ((size_t)snprintf(buf, len, "%.*s%s%s", (int)dlen, p,
				     dlen ? "/" : "", name) >= len)
			err = ENAMETOOLONG;
		else if (stat(buf, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(buf, X_OK) == 0)
				return 0;
			err = EACCES;
		}
		if (!*end)
			break;
	}
	return err;
}

int
path_lookup(const char *name, char *buf, size_t len)
{
	return path_lookup_in(getenv("PATH"), name, buf, len);
}

/*
 * The PATH a program is looked up on.  PATH=/x cmd searches /x, as sh
 * does: the command's own environment (eval_cmd's assigns_env) decides
 * when it has one.
 */
static const char *
cmd_path(const struct shell *sh)
{
	char **e;

	if (!sh->cmd_env)
		return getenv("PATH");
	for (e = sh->cmd_env; *e; e++)
		if (strncmp(*e, "PATH=", 5) == 0)
			return *e + 5;
	return NULL;
}

/*
 * The first bytes of a file the kernel would not run, read inside the
 * session like any command's input.  Nonblocking, so a FIFO named as a
 * command cannot hang the shell.  Returns the bytes read, or -1.
 */
static ssize_t
file_head(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return n;
}

/* A script whose #! names no runnable program: copy that name to out. */
static bool
bad_interpreter(const char *path, char *out, size_t len)
{
	char head[256];
	size_t i, k = 0;

	if (file_head(path, head, sizeof(head)) < 2 || head[0] != '#' ||
	    head[1] != '!')
		return false;
	for (i = 2; head[i] == ' ' || head[i] == '\t'; i++)
		;
	while (head[i] && head[i] != ' ' && head[i] != '\t' &&
	       head[i] != '\n' && head[i] != '\r' && k + 1 < len)
		out[k++] = head[i++];
	out[k] = 0;
	return true;
}

/* Report a failed execve; returns the status (126 or 127). */
int
exec_error(struct shell *sh, const char *name, const char *path, int err)
{
	char alt[4096];
	struct stat fst;

	if (err == EACCES || err == EPERM || err == ENOENT) {
		const struct language *l = sh->s ?
			langs_by_program(&sh->s->langs, path) : NULL;

		/* A raw interpreter: the session offers its wrapper. */
		if (l && l->cmds.n && strchr(name, '/')) {
			warnx("%s: %s (use '%s' in this session: the %s wrapper)",
			      name, err == ENOENT ? "not available" : "permission denied",
			      l->cmds.v[0], l->name);
			return err == ENOENT ? 127 : 126;
		}
	}
	/* Say why a file that is there does not run, as bash does.  A
	 * directory is 126; a missing #! interpreter or loader is 127, as
	 * in bash 5.2 and dash: what is missing is a command. */
	if (err == EACCES && stat(path, &fst) == 0 && S_ISDIR(fst.st_mode)) {
		warnx("%s: is a directory", name);
		return 126;
	}
	if (err == ENOENT && stat(path, &fst) == 0) {
		if (bad_interpreter(path, alt, sizeof(alt)))
			warnx("%s: bad interpreter: %s: %s", name,
			      *alt ? alt : "(none)", strerror(err));
		else
			warnx("%s: cannot execute: its program loader is missing",
			      name);
		return 127;
	}
	if (err == EACCES || err == EPERM) {
		const char *base = strrchr(name, '/');

		/* A raw interpreter refused by the sandbox: name the
		 * command the session offers instead. */
		if (base && (strstr(path, "/bin/") || strstr(path, "/sbin/")) &&
		    stat(path, &fst) == 0 && (fst.st_mode & 0111) &&
		    path_lookup(base + 1, alt, sizeof(alt)) == 0 &&
		    strcmp(alt, path) != 0)
			warnx("%s: permission denied (use '%s' in this session)",
			      name, base + 1);
		else
			warnx("%s: permission denied", name);
		return 126;
	}
	warnx("%s: %s", name, strerror(err));
	return err == ENOENT ? 127 : 126;
}

/* X=1 script: the assignments become the child shell's variables. */
static void
adopt_cmd_env(struct shell *sh, struct node *n)
{
	struct assign *as;

	for (as = n && sh->cmd_env ? n->cmd.assigns : NULL; as; as = as->next) {
		size_t nlen = strlen(as->name);
		char **e;

		for (e = sh->cmd_env; *e; e++)
			if (strncmp(*e, as->name, nlen) == 0 && (*e)[nlen] == '=')
				var_set(sh, as->name, *e + nlen + 1, true);
	}
	sh->cmd_env = NULL;
}

/* In a child (or the last command of -c): become the command. */
static _Noreturn void
exec_command(struct shell *sh, struct node *n, char **argv, const char *path)
{
	int err, wfd;

	/* X=1 cmd: eval_cmd exported X already. */
	if (n && apply_redirs(sh, n->redirs, NULL) < 0)
		child_exit(1);
	fflush(NULL);
	/* A session's language wrapper: run here, not by /bin/sh. */
	if ((wfd = wrapper_open(sh, path)) >= 0) {
		adopt_cmd_env(sh, n);
		child_exit(wrapper_run(sh, wfd, path, argv));
	}
	execve(path, argv, sh->cmd_env ? sh->cmd_env : environ);
	err = errno;
	if (err == ENOEXEC) {
		/* No #! line: a cylosh script, as sh runs such files; but a
		 * binary for another machine is no script (a NUL in its
		 * first line, the test bash makes). */
		char head[128];
		ssize_t len = file_head(path, head, sizeof(head));
		int i;
		const char *nl = len > 0 ? memchr(head, '\n', (size_t)len) : NULL;

		if (len > 0 && memchr(head, 0, nl ? (size_t)(nl - head) : (size_t)len)) {
			warnx("%s: cannot execute binary file: %s", argv[0],
			      strerror(err));
			child_exit(126);
		}
		adopt_cmd_env(sh, n);
		for (i = 0; argv[i]; i++)
			;
		sh->arg0 = argv[0];
		sh->params = argv + 1;
		sh->nparams = i - 1;
		subshell_exit(sh, eval_file(sh, path, EV_EXIT));
	}
	child_exit(exec_error(sh, argv[0], path, err));
}

int
not_found(const char *name, int err)
{
	if (err == EACCES) {
		warnx("%s: permission denied", name);
		return 126;
	}
	if (err == ENAMETOOLONG) {
		warnx("%s: file name too long", name);
		return 126;
	}
	warnx("%s: command not found", name);
	return 127;
}

/*
 * Start a simple command with posix_spawn (a vfork underneath): no copy
 * of the shell's address space per command, which is most of the cost of
 * a command on a small machine.  Redirections are opened here, in the
 * shell, and handed over as file actions.  Returns 0 with *pid set, 1 when
 * the caller must fork instead (a script without #!), or -1 with *status
 * set after reporting the error.
 */
static int
spawn_command(struct shell *sh, struct node *n, char **argv, const char *path,
	      pid_t *pid, int *status)
{
	static const int defsigs[] = {
		SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM, SIGTSTP, SIGTTIN,
		SIGTTOU, SIGHUP, SIGWINCH, SIGCHLD,
	};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t def, none;
	short fl = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
	int opened[MAX_SAVED], nopened = 0, r = 0, i;
	unsigned targets = 0;	/* fds 0-9 set by earlier actions */
	struct expand_ctx x;
	struct redir *rd;

	xctx(sh, &x);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	sigemptyset(&def);
	for (i = 0; i < (int)(sizeof(defsigs) / sizeof(defsigs[0])); i++)
		sigaddset(&def, defsigs[i]);
	sigemptyset(&none);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setsigmask(&at, &none);
	if (sh->jobctl) {
		/* Own group, and the tty, before any redirection of fd 0. */
		fl |= POSIX_SPAWN_SETPGROUP;
		posix_spawnattr_setpgroup(&at, 0);
		posix_spawn_file_actions_addtcsetpgrp_np(&fa, sh->tty);
	}
	posix_spawnattr_setflags(&at, fl);

	for (rd = n ? n->redirs : NULL; rd; rd = rd->next) {
		int fd;

		switch (rd->type) {
		case R_DUP:
			posix_spawn_file_actions_adddup2(&fa, rd->dupfd, rd->fd);
			targets |= 1u << rd->fd;
			continue;
		case R_CLOSE:
			/* Closing a closed fd makes posix_spawn fail. */
			if ((targets & (1u << rd->fd)) || fcntl(rd->fd, F_GETFD) >= 0)
				posix_spawn_file_actions_addclose(&fa, rd->fd);
			targets &= ~(1u << rd->fd);
			continue;
		default:
			break;
		}
		if ((fd = open_redir(&x, rd, sh->noclobber)) < 0)
			goto fail;
		if (fd < 10) {
			/* Above the user's 0-9, so no action dup2s onto
			 * itself (which would keep close-on-exec). */
			int hi = fcntl(fd, F_DUPFD_CLOEXEC, 10);

			close(fd);
			if (hi < 0) {
				warn_errno("redirection");
				goto fail;
			}
			fd = hi;
		}
		if (nopened == MAX_SAVED) {
			close(fd);
			warnx("too many redirections");
			goto fail;
		}
		opened[nopened++] = fd;
		posix_spawn_file_actions_adddup2(&fa, fd, rd->fd);
		targets |= 1u << rd->fd;
		if (rd->type == R_BOTH || rd->type == R_BOTH_APPEND)
			posix_spawn_file_actions_adddup2(&fa, fd, 2);
	}
	fflush(NULL);
	/* X=1 cmd: eval_cmd made the command's environment. */
	r = posix_spawn(pid, path, &fa, &at, argv,
			sh->cmd_env ? sh->cmd_env : environ);
	/* The child may have taken the tty (the tcsetpgrp action) before
	 * its exec failed; glibc reaped it, so no wait gives the tty back. */
	if (r)
		jobs_take_tty(sh);
	if (r == ENOEXEC) {
		r = 1;
	} else if (r) {
		*status = -r;	/* the caller reports it where 2> points */
		r = -1;
	}
	goto out;
fail:
	*status = 1;
	r = -1;
out:
	for (i = 0; i < nopened; i++)
		close(opened[i]);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return r;
}

int
run_external(struct shell *sh, struct node *n, char **argv, int flags)
{
	char path[4096], **env;
	int err = path_lookup_in(cmd_path(sh), argv[0], path, sizeof(path));
	int r, status;
	struct job *j;
	pid_t pid;

	if (sh->input_sync)
		sh->input_sync();
	if (err) {
		/* The message goes where the command's 2> would have. */
		struct fdsave sv = { .n = 0 };

		if (n && apply_redirs(sh, n->redirs, &sv) < 0) {
			restore_fds(&sv);
			return 1;
		}
		status = not_found(argv[0], err);
		fflush(stderr);
		restore_fds(&sv);
		return status;
	}
	if ((flags & EV_EXIT) && !sh->jobctl)
		exec_command(sh, n, argv, path);
	/* A wrapper runs in a forked child (exec_command), like a script. */
	r = wrapper_is(sh, path) ? 1 :
	    spawn_command(sh, n, argv, path, &pid, &status);
	if (r < 0 && status < 0) {
		struct fdsave sv = { .n = 0 };

		if (n && apply_redirs(sh, n->redirs, &sv) < 0) {
			restore_fds(&sv);
			return 1;
		}
		status = exec_error(sh, argv[0], path, -status);
		fflush(stderr);
		restore_fds(&sv);
		return status;
	}
	if (r < 0)
		return status;
	if (r == 0) {
		j = job_new(sh, n && n->text ? n->text : cur_text);
		job_add(sh, j, pid);
		return job_wait_fg(sh, j, false);
	}
	j = job_new(sh, n && n->text ? n->text : cur_text);
	env = sh->cmd_env;
	pid = xfork(sh);
	if (pid < 0) {
		jobs_wait(sh, j);
		return 126;
	}
	if (pid == 0) {
		sh->cmd_env = env;	/* X=1 script: still its environment */
		job_child_setup(sh, 0, true);
		sh->jobctl = false;
		exec_command(sh, n, argv, path);
	}
	job_add(sh, j, pid);
	return job_wait_fg(sh, j, false);
}
