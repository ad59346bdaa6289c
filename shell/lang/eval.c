/*
 * eval.c - the evaluator (see eval.h).
 *
 * Assumes: sh was set up by shell_run (variables, jobs_init).  Guarantees:
 * a forked child never returns into the caller's loop (it _exits after its
 * node), so one input line never runs twice; stdio is flushed before every
 * fork so buffered output is written once; fds the shell opens itself are
 * close-on-exec, so commands inherit only 0, 1, 2 and what the user
 * redirected.
 */
#include "eval.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "builtins.h"
#include "diag.h"
#include "expand.h"
#include "jobs.h"
#include "langs.h"

extern char **environ;

#define CMDSUB_MAX (64u << 20)	/* bytes of output kept from $( ) */
#define MAX_SAVED 32

struct fdsave {
	int fd[MAX_SAVED], saved[MAX_SAVED];
	int n;
};

static const char *cur_text;	/* source text of the running and-or list */

/* ---- expansion context ----------------------------------------------- */

static const char *
x_getvar(void *u, const char *name)
{
	return var_get(u, name);
}

static int
x_setvar(void *u, const char *name, const char *value)
{
	return var_set(u, name, value, false);
}

static char *x_cmdsub(void *u, struct node *n);

static void
xctx(struct shell *sh, struct expand_ctx *x)
{
	memset(x, 0, sizeof(*x));
	x->a = &sh->line;
	x->u = sh;
	x->getvar = x_getvar;
	x->setvar = x_setvar;
	x->cmdsub = x_cmdsub;
	x->arg0 = sh->arg0;
	x->params = sh->params;
	x->nparams = sh->nparams;
	x->last_status = sh->status;
	x->pid = sh->pid;
	x->last_bg = sh->last_bg;
	x->nounset = sh->nounset;
}

/* ---- processes ----------------------------------------------------------- */

static _Noreturn void
child_exit(int status)
{
	fflush(NULL);
	_exit(status & 0xff);
}

static pid_t
xfork(struct shell *sh)
{
	pid_t pid;

	if (sh->input_sync)
		sh->input_sync();
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		warn_errno("fork");
	else if (pid == 0) {
		sh->in_child = true;
		sh->interactive = false;
		jobs_forget(sh);
	}
	return pid;
}

static char *
x_cmdsub(void *u, struct node *n)
{
	struct shell *sh = u;
	struct abuf out;
	int p[2], st;
	pid_t pid;
	char buf[4096];
	ssize_t r;

	if (pipe2(p, O_CLOEXEC) < 0) {
		warn_errno("command substitution: pipe");
		return NULL;
	}
	pid = xfork(sh);
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return NULL;
	}
	if (pid == 0) {
		/* Stay in the shell's process group: the shell keeps the tty
		 * and Ctrl-C reaches this child too. */
		bool jc = sh->jobctl;

		sh->jobctl = false;
		job_child_setup(sh, 0, false);
		if (jc) {
			signal(SIGTSTP, SIG_IGN);
			signal(SIGTTIN, SIG_IGN);
			signal(SIGTTOU, SIG_IGN);
		}
		close(p[0]);
		if (p[1] != 1) {
			dup2(p[1], 1);
			close(p[1]);
		}
		sh->cmdsub_depth++;
		child_exit(eval(sh, n, EV_EXIT));
	}
	close(p[1]);
	abuf_init(&out, &sh->line);
	while ((r = read(p[0], buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (out.len + (size_t)r > CMDSUB_MAX) {
			warnx("command substitution: output larger than %u MiB cut",
			      CMDSUB_MAX >> 20);
			break;
		}
		abuf_addn(&out, buf, (size_t)r);
	}
	close(p[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			st = 1 << 8;
			break;
		}
	sh->status = wait_status(st);
	sh->ncmdsub++;
	/* Ctrl-C while $( ) ran: the line is abandoned, as in sh. */
	if (sh->interactive && WIFSIGNALED(st) && WTERMSIG(st) == SIGINT) {
		fputc('\n', stderr);
		sh->interrupted = true;
	}
	return abuf_str(&out);
}

/* ---- redirections -------------------------------------------------------- */

static int
save_fd(struct fdsave *sv, int fd)
{
	int i;

	if (!sv)
		return 0;
	for (i = 0; i < sv->n; i++)
		if (sv->fd[i] == fd)
			return 0;
	if (sv->n == MAX_SAVED) {
		warnx("too many redirections");
		return -1;
	}
	sv->fd[sv->n] = fd;
	sv->saved[sv->n] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (sv->saved[sv->n] < 0 && errno != EBADF) {
		warn_errno("redirection: cannot save fd %d", fd);
		return -1;
	}
	sv->n++;
	return 0;
}

static void
restore_fds(struct fdsave *sv)
{
	fflush(stdout);
	fflush(stderr);
	while (sv->n > 0) {
		sv->n--;
		if (sv->saved[sv->n] >= 0) {
			dup2(sv->saved[sv->n], sv->fd[sv->n]);
			close(sv->saved[sv->n]);
		} else {
			close(sv->fd[sv->n]);
		}
	}
}

static int
move_fd(int from, int to)
{
	if (from == to)
		return fcntl(to, F_SETFD, 0);
	if (dup2(from, to) < 0) {
		int e = errno;

		close(from);
		errno = e;
		return -1;
	}
	close(from);
	return 0;
}

static int
heredoc_fd(const char *s, size_t len)
{
	int fd = memfd_create("cylosh-heredoc", MFD_CLOEXEC);
	int p[2];

	if (fd >= 0) {
		size_t off = 0;

		while (off < len) {
			ssize_t w = write(fd, s + off, len - off);

			if (w < 0) {
				if (errno == EINTR)
					continue;
				close(fd);
				return -1;
			}
			off += (size_t)w;
		}
		if (lseek(fd, 0, SEEK_SET) < 0) {
			close(fd);
			return -1;
		}
		return fd;
	}
	/* No memfd: a pipe holds a small document without a writer. */
	if (len > 65536 || pipe2(p, O_CLOEXEC) < 0)
		return -1;
	if (len && write(p[1], s, len) != (ssize_t)len) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	close(p[1]);
	return p[0];
}

/*
 * The descriptor a file or here-document redirection reads or writes:
 * the target expanded and opened, or the here-document's body expanded
 * into a pipe.  -1 after a message.
 */
static int
open_redir(struct expand_ctx *x, const struct redir *r)
{
	const char *path, *body;
	int flags, fd;

	if (r->type == R_HEREDOC) {
		body = r->body ? expand_string(x, r->body) : "";
		if (!body) {
			warnx("%s", x->err);
			return -1;
		}
		fd = heredoc_fd(body, strlen(body));
		if (fd < 0)
			warn_errno("here-document");
		return fd;
	}
	if (!(path = expand_target(x, r->target))) {
		warnx("%s", x->err);
		return -1;
	}
	if (r->type == R_IN)
		flags = O_RDONLY;
	else if (r->type == R_APPEND || r->type == R_BOTH_APPEND)
		flags = O_WRONLY | O_CREAT | O_APPEND;
	else
		flags = O_WRONLY | O_CREAT | O_TRUNC;
	fd = open(path, flags | O_CLOEXEC | O_NOCTTY, 0666);
	if (fd < 0)
		warn_errno("%s", path);
	return fd;
}

static int
apply_redirs(struct shell *sh, struct redir *r, struct fdsave *sv)
{
	struct expand_ctx x;

	fflush(stdout);
	fflush(stderr);
	xctx(sh, &x);
	for (; r; r = r->next) {
		int fd;

		if (save_fd(sv, r->fd) < 0 ||
		    (r->type == R_BOTH || r->type == R_BOTH_APPEND ?
			     save_fd(sv, 2) : 0) < 0)
			return -1;
		if (r->type == R_DUP) {
			if (fcntl(r->dupfd, F_GETFD) < 0 ||
			    (sv && r->dupfd >= 10)) {
				warnx("%d: bad file descriptor", r->dupfd);
				return -1;
			}
			if (r->dupfd != r->fd && dup2(r->dupfd, r->fd) < 0) {
				warn_errno("%d>&%d", r->fd, r->dupfd);
				return -1;
			}
			continue;
		}
		if (r->type == R_CLOSE) {
			close(r->fd);
			continue;
		}
		if ((fd = open_redir(&x, r)) < 0)
			return -1;
		if (r->type == R_BOTH || r->type == R_BOTH_APPEND) {
			if (dup2(fd, 2) < 0) {
				warn_errno("redirection");
				close(fd);
				return -1;
			}
		}
		if (move_fd(fd, r->fd) < 0) {
			warn_errno("redirection");
			return -1;
		}
	}
	return 0;
}

/* ---- commands ------------------------------------------------------------ */

int
path_lookup(const char *name, char *buf, size_t len)
{
	const char *path = getenv("PATH"), *p, *end;
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
static int
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

/* In a child (or the last command of -c): become the command. */
static _Noreturn void
exec_command(struct shell *sh, struct node *n, char **argv, const char *path)
{
	struct expand_ctx x;
	struct assign *as;
	int err;

	xctx(sh, &x);
	for (as = n ? n->cmd.assigns : NULL; as; as = as->next) {
		char *v = expand_string(&x, as->value);

		if (!v) {
			warnx("%s", x.err);
			child_exit(1);
		}
		if (var_set(sh, as->name, v, true) < 0)
			child_exit(1);
	}
	if (n && apply_redirs(sh, n->redirs, NULL) < 0)
		child_exit(1);
	fflush(NULL);
	execve(path, argv, environ);
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

		for (i = 0; argv[i]; i++)
			;
		sh->arg0 = argv[0];
		sh->params = argv + 1;
		sh->nparams = i - 1;
		child_exit(eval_file(sh, path, EV_EXIT));
	}
	child_exit(exec_error(sh, argv[0], path, err));
}

static int
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
	char **envp = environ;
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

	if (n && n->cmd.assigns) {
		/* X=1 cmd: a private environment for this command only. */
		struct assign *as;
		size_t ne = 0, k;

		for (k = 0; environ[k]; k++)
			ne++;
		for (as = n->cmd.assigns; as; as = as->next)
			ne++;
		envp = arena_alloc(&sh->line, sizeof(*envp) * (ne + 1));
		for (ne = 0; environ[ne]; ne++)
			envp[ne] = environ[ne];
		for (as = n->cmd.assigns; as; as = as->next) {
			char *v = expand_string(&x, as->value);
			size_t len = strlen(as->name);
			struct abuf b;

			if (!v) {
				warnx("%s", x.err);
				*status = 1;
				r = -1;
				goto out;
			}
			if (var_refused(as->name)) {
				warnx("%s: assignment refused: %s", as->name,
				      var_refused(as->name));
				*status = 1;
				r = -1;
				goto out;
			}
			abuf_init(&b, &sh->line);
			abuf_adds(&b, as->name);
			abuf_addc(&b, '=');
			abuf_adds(&b, v);
			for (k = 0; k < ne; k++)
				if (strncmp(envp[k], as->name, len) == 0 &&
				    envp[k][len] == '=')
					break;
			envp[k] = abuf_str(&b);
			if (k == ne)
				ne++;
		}
		envp[ne] = NULL;
	}

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
		if ((fd = open_redir(&x, rd)) < 0)
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
	r = posix_spawn(pid, path, &fa, &at, argv, envp);
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

static int
run_external(struct shell *sh, struct node *n, char **argv, int flags)
{
	char path[4096];
	int err = path_lookup(argv[0], path, sizeof(path)), r, status;
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
	r = spawn_command(sh, n, argv, path, &pid, &status);
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
	pid = xfork(sh);
	if (pid < 0) {
		jobs_wait(sh, j);
		return 126;
	}
	if (pid == 0) {
		job_child_setup(sh, 0, true);
		sh->jobctl = false;
		exec_command(sh, n, argv, path);
	}
	job_add(sh, j, pid);
	return job_wait_fg(sh, j, false);
}

/* Assignments of X=1 builtin: applied for the builtin, then undone. */
struct saved_var {
	char *name, *value;
	bool existed;
};

static int
run_builtin(struct shell *sh, struct node *n, int idx, int argc, char **argv)
{
	struct fdsave sv = { .n = 0 };
	struct saved_var saved[16];
	int nsaved = 0, status;
	struct assign *as;
	struct expand_ctx x;

	xctx(sh, &x);
	for (as = n ? n->cmd.assigns : NULL; as && nsaved < 16; as = as->next) {
		const char *old = var_get(sh, as->name);
		char *v = expand_string(&x, as->value);

		if (!v) {
			warnx("%s", x.err);
			status = 1;
			goto out;
		}
		saved[nsaved].name = as->name;
		saved[nsaved].existed = old != NULL;
		saved[nsaved].value = old ? strdup(old) : NULL;
		nsaved++;
		if (var_set(sh, as->name, v, false) < 0) {
			status = 1;
			goto out;
		}
	}
	/* read takes its line from fd 0: hand back what the shell read
	 * ahead first (before a redirection replaces fd 0). */
	if (sh->input_sync && strcmp(argv[0], "read") == 0)
		sh->input_sync();
	if (n && apply_redirs(sh, n->redirs, &sv) < 0) {
		status = 1;
		goto out;
	}
	status = builtin_run(sh, idx, argc, argv);
	/* Output is buffered: a write error (a full disk, /dev/full, a
	 * closed pipe) shows only now, and fails the builtin. */
	if ((fflush(stdout) == EOF || ferror(stdout)) && status == 0) {
		warnx("%s: write error: %s", argv[0], strerror(errno));
		status = 1;
	}
out:
	fflush(stdout);
	fflush(stderr);
	restore_fds(&sv);
	while (nsaved > 0) {
		nsaved--;
		if (saved[nsaved].existed)
			var_set(sh, saved[nsaved].name, saved[nsaved].value, false);
		else
			var_unset(sh, saved[nsaved].name);
		free(saved[nsaved].value);
	}
	clearerr(stdout);
	return status;
}

int
eval_argv(struct shell *sh, int argc, char **argv)
{
	int idx;

	if (argc == 0)
		return 0;
	if (cmd_refused(argv[0])) {
		warnx("%s: refused: %s", argv[0], cmd_refused(argv[0]));
		return 126;
	}
	idx = builtin_lookup(argv[0]);
	if (idx >= 0)
		return run_builtin(sh, NULL, idx, argc, argv);
	return run_external(sh, NULL, argv, 0);
}

static int
eval_cmd(struct shell *sh, struct node *n, int flags)
{
	struct arena_mark m = arena_mark(&sh->line);
	struct expand_ctx x;
	char **argv;
	int argc, status, idx, before = sh->status;
	unsigned long ncmdsub = sh->ncmdsub;

	/* $? stays the previous status while the words expand, also inside
	 * their $( ); a $( ) leaves its own in sh->status. */
	xctx(sh, &x);
	argc = expand_words(&x, n->cmd.argv, n->cmd.argc, &argv);
	if (argc < 0) {
		warnx("%s", x.err);
		status = 1;
		/* ${x:?} ends a non-interactive shell, as POSIX says. */
		if (x.fatal && !sh->interactive) {
			sh->status = status;
			sh->exiting = true;
		}
		goto out;
	}
	if (sh->interrupted) {
		status = 130;
		goto out;
	}
	if (sh->xtrace && argc > 0) {
		/* set -x: the expanded command, as it will run. */
		int k;

		fputs("+", stderr);
		for (k = 0; k < argc; k++)
			fprintf(stderr, " %s", argv[k]);
		fputc('\n', stderr);
	}
	if (argc == 0) {
		struct fdsave sv = { .n = 0 };
		struct assign *as;

		for (as = n->cmd.assigns; as; as = as->next) {
			char *v;

			xctx(sh, &x);
			if (!(v = expand_string(&x, as->value))) {
				warnx("%s", x.err);
				status = 1;
				goto out;
			}
			if (sh->xtrace)
				fprintf(stderr, "+ %s=%s\n", as->name, v);
			if (var_set(sh, as->name, v, false) < 0) {
				status = 1;
				goto out;
			}
		}
		/* No command: the status of the last $( ), else 0 (POSIX). */
		status = sh->ncmdsub != ncmdsub ? sh->status : 0;
		if (apply_redirs(sh, n->redirs, &sv) < 0)
			status = 1;
		restore_fds(&sv);
		goto out;
	}
	sh->status = before;
	if (cmd_refused(argv[0])) {
		warnx("%s: refused: %s", argv[0], cmd_refused(argv[0]));
		status = 126;
		goto out;
	}
	idx = builtin_lookup(argv[0]);
	if (idx < 0 && argv[0][0] == '%' && argc == 1) {
		/* "%N" alone brings job N to the foreground, as in sh. */
		char *fg[] = { "fg", argv[0], NULL };

		idx = builtin_lookup("fg");
		status = run_builtin(sh, n, idx, 2, fg);
	} else if (idx >= 0) {
		status = run_builtin(sh, n, idx, argc, argv);
	} else {
		status = run_external(sh, n, argv, flags);
	}
out:
	arena_release(&sh->line, m);
	return status;
}

static int
eval_pipe(struct shell *sh, struct node *n)
{
	struct job *j = job_new(sh, n->text ? n->text : cur_text);
	pid_t pgid = 0;
	int in = -1, i;

	for (i = 0; i < n->pipe.n; i++) {
		int p[2] = { -1, -1 };
		pid_t pid;

		if (i < n->pipe.n - 1 && pipe2(p, O_CLOEXEC) < 0) {
			warn_errno("pipe");
			break;
		}
		pid = xfork(sh);
		if (pid < 0) {
			if (p[0] >= 0) {
				close(p[0]);
				close(p[1]);
			}
			break;
		}
		if (pid == 0) {
			job_child_setup(sh, pgid, true);
			sh->jobctl = false;
			if (in >= 0)
				move_fd(in, 0);
			if (p[1] >= 0) {
				close(p[0]);
				move_fd(p[1], 1);
			}
			child_exit(eval(sh, n->pipe.cmds[i], EV_EXIT));
		}
		job_add(sh, j, pid);
		if (!pgid)
			pgid = pid;
		if (in >= 0)
			close(in);
		if (p[1] >= 0)
			close(p[1]);
		in = p[0];
	}
	if (in >= 0)
		close(in);
	if (i < n->pipe.n && i == 0) {
		jobs_wait(sh, j);
		return 1;
	}
	return job_wait_fg(sh, j, false);
}

static int
eval_bg(struct shell *sh, struct node *n)
{
	struct job *j = job_new(sh, n->text ? n->text : cur_text);
	bool jc = sh->jobctl, inter = sh->interactive;
	pid_t pid = xfork(sh);

	if (pid < 0) {
		jobs_wait(sh, j);
		return 1;
	}
	if (pid == 0) {
		job_child_setup(sh, 0, false);
		sh->jobctl = false;
		if (!jc) {
			/* Without job control a background job must not
			 * read the terminal or die of the user's Ctrl-C. */
			int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

			signal(SIGINT, SIG_IGN);
			signal(SIGQUIT, SIG_IGN);
			if (fd >= 0)
				move_fd(fd, 0);
		}
		child_exit(eval(sh, n->body, EV_EXIT));
	}
	job_add(sh, j, pid);
	sh->last_bg = pid;
	job_bg(sh, j, false, inter);
	return 0;
}

static int
eval_subshell(struct shell *sh, struct node *n, int flags)
{
	struct job *j;
	pid_t pid;

	if ((flags & EV_EXIT) && !sh->jobctl) {
		if (apply_redirs(sh, n->redirs, NULL) < 0)
			return 1;
		return eval(sh, n->body, EV_EXIT);
	}
	j = job_new(sh, n->text ? n->text : cur_text);
	pid = xfork(sh);
	if (pid < 0) {
		jobs_wait(sh, j);
		return 1;
	}
	if (pid == 0) {
		job_child_setup(sh, 0, true);
		sh->jobctl = false;
		if (apply_redirs(sh, n->redirs, NULL) < 0)
			child_exit(1);
		child_exit(eval(sh, n->body, EV_EXIT));
	}
	job_add(sh, j, pid);
	return job_wait_fg(sh, j, false);
}

static bool
loop_done(struct shell *sh)
{
	if (sh->exiting || sh->interrupted)
		return true;
	if (sh->breaking) {
		sh->breaking--;
		return true;
	}
	if (sh->continuing) {
		if (--sh->continuing)
			return true;	/* continue an outer loop */
	}
	return false;
}

static int
eval_loop(struct shell *sh, struct node *n)
{
	int status = 0;

	sh->loop_depth++;
	for (;;) {
		int c;

		sh->errexit_off++;
		c = eval(sh, n->loop.cond, 0);
		sh->errexit_off--;

		if (sh->exiting || sh->interrupted || sh->breaking ||
		    sh->continuing) {
			if (loop_done(sh))
				break;
			continue;
		}
		if ((n->type == N_WHILE) != (c == 0))
			break;
		status = eval(sh, n->loop.body, 0);
		if (loop_done(sh))
			break;
	}
	sh->loop_depth--;
	return status;
}

static int
eval_for(struct shell *sh, struct node *n)
{
	/* The words live in the line arena: give them back when the loop
	 * ends, or a for inside a long-running loop grows the shell. */
	struct arena_mark m = arena_mark(&sh->line);
	struct expand_ctx x;
	char **words;
	int nw, i, status = 0;

	xctx(sh, &x);
	if (n->forn.has_in) {
		nw = expand_words(&x, n->forn.words, n->forn.nwords, &words);
		if (nw < 0) {
			warnx("%s", x.err);
			arena_release(&sh->line, m);
			return 1;
		}
	} else {
		words = sh->params;
		nw = sh->nparams;
	}
	sh->loop_depth++;
	for (i = 0; i < nw; i++) {
		if (var_set(sh, n->forn.var, words[i], false) < 0) {
			status = 1;
			break;
		}
		status = eval(sh, n->forn.body, 0);
		if (loop_done(sh))
			break;
	}
	sh->loop_depth--;
	arena_release(&sh->line, m);
	return status;
}

static int
eval_node(struct shell *sh, struct node *n, int flags)
{
	int s;

	switch (n->type) {
	case N_CMD:
		return eval_cmd(sh, n, flags);
	case N_PIPE:
		return eval_pipe(sh, n);
	case N_SEQ:
		/* A loop, not recursion: a script is one long list. */
		while (n->type == N_SEQ) {
			eval(sh, n->bin.left, flags & ~EV_EXIT);
			if (sh->exiting || sh->breaking || sh->continuing)
				return sh->status;
			n = n->bin.right;
		}
		return eval(sh, n, flags);
	case N_AND:
	case N_OR:
		sh->errexit_off++;
		s = eval(sh, n->bin.left, flags & ~EV_EXIT);
		sh->errexit_off--;
		if (sh->exiting || sh->breaking || sh->continuing ||
		    (n->type == N_AND) != (s == 0))
			return s;
		return eval(sh, n->bin.right, flags);
	case N_NOT:
		sh->errexit_off++;
		s = eval(sh, n->body, flags & ~EV_EXIT) == 0;
		sh->errexit_off--;
		return s;
	case N_BG:
		return eval_bg(sh, n);
	case N_SUBSHELL:
		return eval_subshell(sh, n, flags);
	case N_GROUP:
		return eval(sh, n->body, flags);
	case N_IF:
		sh->errexit_off++;
		s = eval(sh, n->ifn.cond, flags & ~EV_EXIT);
		sh->errexit_off--;
		if (sh->exiting || sh->breaking || sh->continuing)
			return s;
		if (s == 0)
			return eval(sh, n->ifn.then, flags);
		return n->ifn.els ? eval(sh, n->ifn.els, flags) : 0;
	case N_WHILE:
	case N_UNTIL:
		return eval_loop(sh, n);
	case N_FOR:
		return eval_for(sh, n);
	}
	return 0;
}

int
eval(struct shell *sh, struct node *n, int flags)
{
	const char *text = cur_text;
	int s;

	if (!n || sh->exiting || sh->interrupted)
		return sh->status;
	if (n->text)
		cur_text = n->text;
	if (n->redirs && n->type != N_CMD && n->type != N_SUBSHELL) {
		/* The expanded targets are line-arena memory, like a simple
		 * command's: released when the compound command is done. */
		struct arena_mark m = arena_mark(&sh->line);
		struct fdsave sv = { .n = 0 };

		if (apply_redirs(sh, n->redirs, &sv) < 0) {
			restore_fds(&sv);
			s = 1;
		} else {
			s = eval_node(sh, n, flags & ~EV_EXIT);
			restore_fds(&sv);
		}
		arena_release(&sh->line, m);
	} else {
		s = eval_node(sh, n, flags);
	}
	cur_text = text;
	if (!sh->exiting)
		sh->status = s;
	/* set -e: a failing command outside a condition ends the shell.
	 * Lists and compound commands pass on their last command's status,
	 * which was judged already. */
	if (s && sh->errexit && !sh->errexit_off && !sh->exiting &&
	    !sh->interactive && (n->type == N_CMD || n->type == N_PIPE ||
				 n->type == N_SUBSHELL)) {
		sh->exiting = true;
		sh->status = s;
	}
	return sh->status;
}

int
eval_source(struct shell *sh, const char *src, size_t len, int flags,
	    const char *name)
{
	struct parse_result r;

	parse(&sh->line, src, len, &r);
	if (r.status != LEX_OK) {
		if (name)
			warnx("%s: %s", name, r.err);
		else
			warnx("%s", r.err);
		sh->status = 2;
		return 2;
	}
	return eval(sh, r.node, flags);
}

int
eval_file(struct shell *sh, const char *path, int flags)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	char *buf;
	size_t len = 0;
	int status;

	if (fd < 0) {
		warn_errno("%s", path);
		return errno == ENOENT ? 127 : 126;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > 16 * 1024 * 1024) {
		warnx("%s: not a regular file of at most 16 MiB", path);
		close(fd);
		return 126;
	}
	buf = arena_alloc(&sh->line, (size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + len, (size_t)st.st_size - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = 0;
	sh->source_depth++;
	status = eval_source(sh, buf, len, flags, path);
	sh->source_depth--;
	return status;
}
