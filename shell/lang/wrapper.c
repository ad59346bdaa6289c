/*
 * wrapper.c - run a session's language wrapper in the shell's own child
 * (see wrapper.h).
 *
 * Run with /bin/sh, a wrapper costs an exec of sh and its start-up before
 * the interpreter's exec; cylosh speaks the sh the wrappers are written
 * in, so its child reads the file and runs it, and the wrapper's last
 * command, exec, starts the interpreter in that same process.
 *
 * Assumes: the session bound the generated wrappers read-only at
 * SESSION_WRAPPERS (bin/CMD, interp/LANG) and each configured
 * interpreter's path to its interp/LANG wrapper (commands.c); sh->s->langs
 * is the index they were generated with.
 * Guarantees: a file is run here only when it is a regular file on a
 * read-only mount, writable by its owner only and executable by all, and,
 * by device and inode, the very file SESSION_WRAPPERS holds for the
 * command's name or for its language; the name only picks what to compare
 * with.
 * Anything else is exec'ed as before.  The kernel stays the boundary: the
 * wrapper is the supported route to an interpreter, not a barrier, and the
 * interpreter is still exec'ed under the session's Landlock and seccomp.
 */
#include "wrapper.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "alias.h"
#include "diag.h"
#include "eval.h"
#include "func.h"
#include "jobs.h"
#include "langs.h"
#include "trap.h"

/* Generated wrappers are a few KiB. */
#define WRAPPER_MAX (64 * 1024)

/* Whether st is the file at SESSION_WRAPPERS/sub/name. */
static bool
same_file(const struct stat *st, const char *sub, const char *name)
{
	char w[PATH_MAX];
	struct stat wst;
	int n = snprintf(w, sizeof(w), "%s/%s/%s", SESSION_WRAPPERS, sub, name);

	return n > 0 && (size_t)n < sizeof(w) && strchr(name, '/') == NULL &&
	       stat(w, &wst) == 0 && wst.st_dev == st->st_dev &&
	       wst.st_ino == st->st_ino;
}

int
wrapper_open(struct shell *sh, const char *path)
{
	const struct language *l;
	const char *base;
	struct statvfs vfs;
	struct stat st;
	int fd;

	if (!sh->s || !sh->s->langs.n)
		return -1;
	/* python3, /usr/bin/python3.11, pip: the language it would be. */
	if (!(l = langs_by_program(&sh->s->langs, path)))
		return -1;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	/* Non-blocking: a FIFO of that name must not hang the shell. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	/* Owners are no fact here: in the session's user namespace root's
	 * files show as the overflow uid, which may be the user's own. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    fstatvfs(fd, &vfs) == 0 && (vfs.f_flag & ST_RDONLY) &&
	    !(st.st_mode & (S_IWGRP | S_IWOTH)) &&
	    (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) ==
		    (S_IXUSR | S_IXGRP | S_IXOTH) &&
	    st.st_size <= WRAPPER_MAX &&
	    (same_file(&st, "bin", base) || same_file(&st, "interp", l->name)))
		return fd;
	close(fd);
	return -1;
}

bool
wrapper_is(struct shell *sh, const char *path)
{
	int fd = wrapper_open(sh, path);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* What a new, non-interactive sh starts with: the environment only. */
static void
fresh_shell(struct shell *sh)
{
	vars_keep_exported(sh);
	/* sh takes no IFS from its environment (POSIX 2.5.3): dash sets its
	 * default, which stays exported when IFS was. */
	if (getenv("IFS"))
		var_set(sh, "IFS", " \t\n", true);
	funcs_free(sh);
	aliases_free(sh);
	traps_child_reset(sh);	/* ignored signals stay ignored, as on exec */
	jobs_forget(sh);
	sh->interactive = false;
	sh->jobctl = false;
	sh->input_sync = NULL;
	sh->editor = NULL;
	sh->errexit = sh->nounset = sh->xtrace = false;
	sh->allexport = sh->noclobber = sh->noglob = false;
	sh->noexec = sh->verbose = sh->pipefail = false;
	sh->errexit_off = 0;
	sh->exiting = sh->interrupted = sh->returning = false;
	sh->special_error = false;
	sh->breaking = sh->continuing = 0;
	sh->frame = NULL;
	sh->func_depth = sh->loop_depth = sh->source_depth = 0;
	sh->in_trap = false;
	sh->cmd_env = NULL;
	sh->overlay = NULL;
	sh->line_base = 0;
	sh->status = 0;
	sh->pid = getpid();
	sh->last_bg = 0;
}

int
wrapper_run(struct shell *sh, int fd, const char *path, char **argv)
{
	char *buf = arena_alloc(&sh->line, WRAPPER_MAX + 1);
	size_t len = 0;
	int argc;

	while (len < WRAPPER_MAX) {
		ssize_t r = read(fd, buf + len, WRAPPER_MAX - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			warn_errno("%s", path);
			close(fd);
			return 126;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = 0;
	fresh_shell(sh);
	for (argc = 0; argv[argc]; argc++)
		;
	/* $0 is the file, as when the kernel runs it with #!/bin/sh. */
	sh->arg0 = path;
	sh->params = argv + 1;
	sh->params_alloc = NULL;
	sh->nparams = argc - 1;
	return eval_source(sh, buf, len, EV_EXIT, path);
}
