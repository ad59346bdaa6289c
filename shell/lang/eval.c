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
#include "eval_int.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
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
#include "cond.h"
#include "diag.h"
#include "expand.h"
#include "func.h"
#include "jobs.h"
#include "langs.h"
#include "random.h"
#include "trap.h"
#include "userdir.h"
#include "wrapper.h"

extern char **environ;

#define CMDSUB_MAX (64u << 20)	/* bytes of output kept from $( ) */

const char *cur_text;	/* source text of the running and-or list */

/* ---- expansion context ----------------------------------------------- */

/* X=1 Y=$X cmd: each value sees the ones before it. */
struct overlay {
	const char *name, *value;
	struct overlay *next;
};

static const char *
x_getvar(void *u, const char *name)
{
	static char flags[16];
	struct shell *sh = u;
	struct overlay *o;

	for (o = sh->overlay; o; o = o->next)
		if (strcmp(o->name, name) == 0)
			return o->value;
	if (name[0] == '-' && !name[1]) {
		shell_flags(u, flags, sizeof(flags));
		return flags;
	}
	if (name[0] == 'L' && strcmp(name, "LINENO") == 0 &&
	    !var_get(sh, name)) {
		snprintf(flags, sizeof(flags), "%ld", sh->lineno);
		return flags;
	}
	return var_get(u, name);
}

static int
x_setvar(void *u, const char *name, const char *value)
{
	return var_set(u, name, value, false);
}

static char *x_cmdsub(void *u, struct node *n);

void
xctx(struct shell *sh, struct expand_ctx *x)
{
	/* Not the message buffer: this runs for every command. */
	memset(x, 0, offsetof(struct expand_ctx, err));
	x->err[0] = 0;
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
	x->noglob = sh->noglob;
	x->random = shell_random;
	x->homedir = shell_homedir;
}

/*
 * An expansion failed.  ${x?}, set -u and arithmetic errors end a
 * non-interactive shell (POSIX 2.8.1); an interactive one drops the rest
 * of the line.  Returns the status: 2 for those, as in dash, else 1.
 */
int
expand_failed(struct shell *sh, const struct expand_ctx *x)
{
	warnx("%s", x->err);
	if (!x->fatal)
		return 1;
	sh->status = 2;
	if (sh->interactive)
		sh->interrupted = true;
	else
		sh->exiting = true;
	return 2;
}

/* ---- processes ----------------------------------------------------------- */

_Noreturn void
child_exit(int status)
{
	fflush(NULL);
	_exit(status & 0xff);
}

pid_t
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
		sh->cmd_env = NULL;	/* a $( ) in a command's redirection */
		jobs_forget(sh);
		traps_child_reset(sh);
	}
	return pid;
}

/*
 * A subshell's end: the EXIT trap it set runs first, as in sh.  xfork
 * dropped the parent's, so only one set inside it can be there.
 */
_Noreturn void
subshell_exit(struct shell *sh, int status)
{
	sh->status = status;
	traps_run_exit(sh);
	child_exit(sh->status);
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
		subshell_exit(sh, eval(sh, n, EV_EXIT));
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

/*
 * X=1 cmd: each value is expanded after the ones before it are set (so
 * FOO=a BAR=$FOO sees a), and exported for the command; popped after.
 */
struct tmpvar {
	char *name, *value;	/* value NULL: it was unset */
	bool exported;
};

struct tmpvars {
	struct tmpvar *v;
	int n;
};

/*
 * The value of one assignment word, traced under set -x.  NULL after the
 * message, with expand_failed's status in *failed.
 */
static char *
assign_value(struct shell *sh, struct assign *as, int *failed)
{
	struct expand_ctx x;
	char *v;

	xctx(sh, &x);
	if (!(v = expand_string(&x, as->value))) {
		*failed = expand_failed(sh, &x);
		return NULL;
	}
	if (sh->xtrace)
		fprintf(stderr, "+ %s=%s\n", as->name, v);
	return v;
}

static int
assigns_push(struct shell *sh, struct assign *as, struct tmpvars *t)
{
	int n = 0, failed;
	struct assign *a;

	for (a = as; a; a = a->next)
		n++;
	t->v = arena_alloc(&sh->line, sizeof(*t->v) * (size_t)(n ? n : 1));
	t->n = 0;
	for (; as; as = as->next) {
		const char *old = var_get(sh, as->name);
		struct tmpvar *tv = &t->v[t->n];
		char *v = assign_value(sh, as, &failed);

		if (!v)
			return -1;
		tv->name = as->name;
		tv->value = old ? arena_strdup(&sh->line, old) : NULL;
		tv->exported = old && getenv(as->name) == old;
		if (var_set(sh, as->name, v, true) < 0)
			return -1;
		t->n++;
	}
	return 0;
}

/*
 * X=1 cmd for a program: its environment is built in the line arena, so
 * the shell's own variables are not touched (and no heap churns per
 * command).  Returns the NULL-terminated vector, or NULL after a message.
 */
static char **
assigns_env(struct shell *sh, struct assign *as)
{
	struct overlay *head = NULL;
	struct expand_ctx x;
	size_t ne = 0, k;
	struct assign *a;
	char **envp;

	for (k = 0; environ[k]; k++)
		ne++;
	for (a = as; a; a = a->next)
		ne++;
	envp = arena_alloc(&sh->line, sizeof(*envp) * (ne + 1));
	for (ne = 0; environ[ne]; ne++)
		envp[ne] = environ[ne];
	for (; as; as = as->next) {
		struct overlay *o = arena_alloc(&sh->line, sizeof(*o));
		size_t len = strlen(as->name);
		struct abuf b;
		char *v;

		xctx(sh, &x);
		sh->overlay = head;
		v = expand_string(&x, as->value);
		sh->overlay = NULL;
		if (!v) {
			expand_failed(sh, &x);
			return NULL;
		}
		if (var_is_readonly(sh, as->name)) {
			warnx("%s: is read only", as->name);
			return NULL;
		}
		if (sh->xtrace)
			fprintf(stderr, "+ %s=%s\n", as->name, v);
		o->name = as->name;
		o->value = v;
		o->next = head;
		head = o;
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
	return envp;
}

static void
assigns_pop(struct shell *sh, struct tmpvars *t)
{
	while (t->n > 0) {
		struct tmpvar *tv = &t->v[--t->n];

		var_unset(sh, tv->name);
		if (tv->value)
			var_set(sh, tv->name, tv->value, tv->exported);
	}
}

static int
run_builtin(struct shell *sh, struct node *n, int idx, int argc, char **argv)
{
	struct fdsave sv = { .n = 0 };
	int status;

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
	fflush(stderr);
out:
	restore_fds(&sv);
	clearerr(stdout);
	return status;
}

/* POSIX special builtins: found before functions. */
bool
is_special(const char *name)
{
	static const char *const names[] = {
		"break", ":", "continue", ".", "eval", "exec", "exit",
		"export", "readonly", "return", "set", "shift", "times",
		"trap", "unset", NULL,
	};
	int i;

	/* Asked for every builtin run: most ([, test, echo) start with
	 * none of these characters. */
	if (!*name || !strchr("bc:.erstu", *name))
		return false;
	for (i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* Run a function: $1.. are its arguments, locals come back after. */
static int
call_func(struct shell *sh, struct node *n, struct func *f, int argc,
	  char **argv)
{
	char **oparams = sh->params, **oalloc = sh->params_alloc;
	int onparams = sh->nparams, oloop = sh->loop_depth, status;
	long obase = sh->line_base;
	struct frame fr = { NULL, sh->frame };
	struct fdsave sv = { .n = 0 };

	if (sh->func_depth >= 1000) {
		warnx("%s: functions nested too deeply (limit 1000)", argv[0]);
		return 2;
	}
	if (n && apply_redirs(sh, n->redirs, &sv) < 0) {
		restore_fds(&sv);
		return 1;
	}
	func_hold(f);
	sh->params = argv + 1;
	sh->nparams = argc - 1;
	sh->params_alloc = NULL;
	sh->frame = &fr;
	sh->func_depth++;
	/* break and continue do not reach the caller's loops. */
	sh->loop_depth = 0;
	sh->line_base = f->line_base;
	status = eval(sh, f->body, 0);
	sh->line_base = obase;
	if (sh->returning) {
		sh->returning = false;
		status = sh->status;
	}
	sh->loop_depth = oloop;
	sh->func_depth--;
	sh->frame = fr.up;
	var_frame_pop(sh, &fr);
	params_free(sh);	/* a set -- inside the function */
	sh->params_alloc = oalloc;
	sh->params = oparams;
	sh->nparams = onparams;
	func_release(f);
	restore_fds(&sv);
	return status;
}

/* exec [CMD ARGS]: redirections stay; with a command, become it. */
static int
run_exec(struct shell *sh, struct node *n, int argc, char **argv)
{
	char path[4096];
	int err, wfd;

	if (apply_redirs(sh, n ? n->redirs : NULL, NULL) < 0)
		return 1;
	if (argc < 2)
		return 0;
	if ((err = path_lookup(argv[1], path, sizeof(path))))
		return not_found(argv[1], err);
	if (sh->input_sync)
		sh->input_sync();
	/* What the user typed so far goes to the history file first, as
	 * bash's exec does: the shell it replaces never saves it. */
	if (sh->interactive && sh->editor && sh->editor->save_history)
		sh->editor->save_history(sh);
	traps_run_exit(sh);
	fflush(NULL);
	/* A session's language wrapper: this shell runs it (wrapper.h). */
	if ((wfd = wrapper_open(sh, path)) >= 0)
		child_exit(wrapper_run(sh, wfd, path, argv + 1));
	execve(path, argv + 1, environ);
	return exec_error(sh, argv[1], path, errno);
}

/* argv[0] names a program on PATH, not a builtin or a function. */
static bool
is_program(struct shell *sh, const char *name)
{
	return builtin_lookup(name) < 0 && !func_lookup(sh, name) &&
	       !(name[0] == '%');
}

/* A command by name: special builtin, function, builtin, then PATH. */
static int
run_named(struct shell *sh, struct node *n, int argc, char **argv, int flags)
{
	struct func *f;
	int idx = builtin_lookup(argv[0]);

	if (strcmp(argv[0], "exec") == 0)
		return run_exec(sh, n, argc, argv);
	if (idx >= 0 && is_special(argv[0])) {
		int st = run_builtin(sh, n, idx, argc, argv);

		/* An error in a special builtin ends a script (POSIX). */
		if (sh->special_error) {
			sh->special_error = false;
			if (!sh->interactive) {
				sh->exiting = true;
				sh->status = st = 2;
			}
		}
		return st;
	}
	if ((f = func_lookup(sh, argv[0])))
		return call_func(sh, n, f, argc, argv);
	if (idx < 0 && argv[0][0] == '%' && argc == 1) {
		/* "%N" alone brings job N to the foreground, as in sh. */
		char *fg[] = { "fg", argv[0], NULL };

		return run_builtin(sh, n, builtin_lookup("fg"), 2, fg);
	}
	if (idx >= 0)
		return run_builtin(sh, n, idx, argc, argv);
	return run_external(sh, n, argv, flags);
}

/*
 * X=1 before a POSIX special builtin (X=1 :, IFS=, set -- $v, X=1 eval
 * ...) stays in the shell after it, exported only if it was (XCU 2.9.1,
 * as dash); exec with a command passes them on in its environment.
 */
static bool
keeps_assigns(int argc, char **argv)
{
	return is_special(argv[0]) && builtin_lookup(argv[0]) >= 0 &&
	       !(argc > 1 && strcmp(argv[0], "exec") == 0);
}

static int
assigns_keep(struct shell *sh, struct assign *as)
{
	int failed;
	char *v;

	for (; as; as = as->next) {
		if (!(v = assign_value(sh, as, &failed)))
			return -1;
		if (var_set(sh, as->name, v, false) < 0)
			return -1;
	}
	return 0;
}

int
eval_argv(struct shell *sh, int argc, char **argv)
{
	int idx;

	if (argc == 0)
		return 0;
	idx = builtin_lookup(argv[0]);
	if (idx >= 0) {
		int st = run_builtin(sh, NULL, idx, argc, argv);

		/* command shift 5: a special builtin's error does not end
		 * the shell under command (POSIX), nor the next one. */
		sh->special_error = false;
		return st;
	}
	return run_external(sh, NULL, argv, 0);
}

static int
eval_cmd(struct shell *sh, struct node *n, int flags)
{
	struct arena_mark m = arena_mark(&sh->line);
	struct expand_ctx x;
	struct tmpvars tv = { NULL, 0 };
	char **argv;
	int argc, status, before = sh->status;
	unsigned long ncmdsub = sh->ncmdsub;

	sh->lineno = sh->line_base + n->line + 1;
	/* $? stays the previous status while the words expand, also inside
	 * their $( ); a $( ) leaves its own in sh->status. */
	xctx(sh, &x);
	argc = expand_args(&x, n->cmd.argv, n->cmd.argc, &argv);
	if (argc < 0) {
		status = expand_failed(sh, &x);
		goto out;
	}
	if (sh->interrupted) {
		status = 130;
		goto out;
	}
	if (argc == 0) {
		struct fdsave sv = { .n = 0 };
		struct assign *as;

		for (as = n->cmd.assigns; as; as = as->next) {
			char *v = assign_value(sh, as, &status);

			if (!v)
				goto out;
			if (var_set(sh, as->name, v, false) < 0) {
				/* A read-only variable: a script ends. */
				status = 1;
				if (!sh->interactive) {
					sh->status = status = 2;
					sh->exiting = true;
				}
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
	if (n->cmd.assigns && is_program(sh, argv[0])) {
		if (!(sh->cmd_env = assigns_env(sh, n->cmd.assigns)))
			goto assign_failed;
	} else if (n->cmd.assigns && keeps_assigns(argc, argv)) {
		if (assigns_keep(sh, n->cmd.assigns) < 0)
			goto assign_failed;
	} else if (assigns_push(sh, n->cmd.assigns, &tv) < 0) {
assign_failed:
		/* At the prompt a fatal expansion error (expand_failed) drops
		 * the rest of the line with status 2, as a script stops. */
		status = sh->interrupted ? 2 : 1;
		if (!sh->interactive) {
			sh->status = status = 2;
			sh->exiting = true;
		}
		goto out;
	}
	if (sh->xtrace) {
		/* set -x: the expanded command, as it will run. */
		int k;

		fputs("+", stderr);
		for (k = 0; k < argc; k++)
			fprintf(stderr, " %s", argv[k]);
		fputc('\n', stderr);
	}
	sh->status = before;
	status = run_named(sh, n, argc, argv, flags);
out:
	sh->cmd_env = NULL;
	assigns_pop(sh, &tv);
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
			subshell_exit(sh, eval(sh, n->pipe.cmds[i], EV_EXIT));
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
		subshell_exit(sh, eval(sh, n->body, EV_EXIT));
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
		subshell_exit(sh, eval(sh, n->body, EV_EXIT));
	}
	job_add(sh, j, pid);
	return job_wait_fg(sh, j, false);
}

/* Something is unwinding the running commands: exit, return, break,
 * continue, or a Ctrl-C that drops the line. */
bool
unwinding(const struct shell *sh)
{
	return sh->exiting || sh->returning || sh->breaking ||
	       sh->continuing || sh->interrupted;
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
			if (unwinding(sh))
				return sh->status;
			n = n->bin.right;
		}
		return eval(sh, n, flags);
	case N_AND:
	case N_OR:
		sh->errexit_off++;
		s = eval(sh, n->bin.left, flags & ~EV_EXIT);
		sh->errexit_off--;
		if (unwinding(sh) || (n->type == N_AND) != (s == 0))
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
		if (unwinding(sh))
			return s;
		if (s == 0)
			return eval(sh, n->ifn.then, flags);
		return n->ifn.els ? eval(sh, n->ifn.els, flags) : 0;
	case N_WHILE:
	case N_UNTIL:
		return eval_loop(sh, n);
	case N_FOR:
		return eval_for(sh, n);
	case N_CASE:
		return eval_case(sh, n, flags);
	case N_FUNC:
		func_define(sh, n->func.name, n->func.body, sh->line_base);
		return 0;
	case N_ARITH:
		return arith_test(sh, n->arith.cond);
	case N_COND: {
		struct arena_mark m = arena_mark(&sh->line);
		struct expand_ctx x;

		xctx(sh, &x);
		s = cond_eval(sh, &x, n);
		arena_release(&sh->line, m);
		return s;
	}
	case N_ARITH_FOR:
		return eval_arith_for(sh, n);
	}
	return 0;
}

int
eval(struct shell *sh, struct node *n, int flags)
{
	const char *text = cur_text;
	bool redir_failed = false;
	int s;

	if (!n || sh->exiting || sh->interrupted)
		return sh->status;
	/* set -n: read and parse, run nothing (scripts only). */
	if (sh->noexec && !sh->interactive)
		return 0;
	/* An EXIT trap must run after the last command: no exec in place. */
	if (sh->traps[0])
		flags &= ~EV_EXIT;
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
			redir_failed = true;
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
	 * which was judged already.  (( )) and [[ ]] are commands of their
	 * own: a false one ends the shell too, as in bash. */
	if (s && sh->errexit && !sh->errexit_off && !sh->exiting &&
	    !sh->interactive && (n->type == N_CMD || n->type == N_PIPE ||
				 n->type == N_SUBSHELL || n->type == N_ARITH ||
				 n->type == N_COND || redir_failed)) {
		sh->exiting = true;
		sh->status = s;
	}
	if (trap_pending && !sh->in_trap)
		traps_run_pending(sh);
	return sh->status;
}

int
eval_source(struct shell *sh, const char *src, size_t len, int flags,
	    const char *name)
{
	struct parse_result r;
	char *own = NULL;
	int status = 0;
	long obase = sh->line_base, base = 0;

	if (lex_check_input(src, len, r.err, sizeof(r.err)) < 0) {
		warnx("%s%s%s", name ? name : "", name ? ": " : "", r.err);
		sh->status = 2;
		return 2;
	}
	/* One command at a time: what it defines (a function, an alias)
	 * serves the commands after it, and its memory goes back after it
	 * ran. */
	for (;;) {
		struct arena_mark m = arena_mark(&sh->line);
		size_t k;
		bool last;

		parse_one(&sh->line, src, len, &r);
		if (r.status != LEX_OK) {
			warnx("%s%s%s", name ? name : "", name ? ": " : "", r.err);
			sh->status = status = 2;
			/* A syntax error ends a script, as in sh. */
			if (!sh->interactive)
				sh->exiting = true;
			break;
		}
		if (!r.node)
			break;
		sh->line_base = obase + base;
		if (r.rest >= src && r.rest <= src + len) {
			const char *q = src;

			/* set -v: the command's input, as read. */
			if (sh->verbose)
				fprintf(stderr, "%.*s", (int)(r.rest - src), src);
			while ((q = memchr(q, '\n', (size_t)(r.rest - q))))
				base++, q++;
			src = r.rest;
		} else {
			/* An alias rewrote the input in the arena, which
			 * is released below: keep the rest in a copy. */
			char *c = malloc(r.rest_len + 1);

			if (!c)
				die("out of memory");
			memcpy(c, r.rest, r.rest_len);
			c[r.rest_len] = 0;
			free(own);
			src = own = c;
		}
		len = r.rest_len;
		for (k = 0; k < len && strchr(" \t\n", src[k]); k++)
			;
		last = k == len;
		status = eval(sh, r.node, last ? flags : flags & ~EV_EXIT);
		sh->line_base = obase;
		arena_release(&sh->line, m);
		if (sh->exiting || sh->returning || sh->breaking ||
		    sh->continuing || sh->interrupted)
			break;
	}
	sh->line_base = obase;
	free(own);
	return status;
}

int
eval_file(struct shell *sh, const char *path, int flags)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	char *buf;
	size_t len = 0;
	long obase, oline;
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
	/* A file counts its lines from 1, as in bash and dash; the caller's
	 * numbering comes back after it (also for a compound command still
	 * running around the `.`). */
	obase = sh->line_base;
	oline = sh->lineno;
	sh->line_base = 0;
	sh->source_depth++;
	status = eval_source(sh, buf, len, flags, path);
	sh->source_depth--;
	sh->line_base = obase;
	sh->lineno = oline;
	return status;
}
