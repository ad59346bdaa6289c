/*
 * commands.c - the command allow-list, backed by the kernel.
 *
 * Assumes: init, after pivot_root, while the root tmpfs is still writable;
 * the system tree is bound read-only at its usual paths.
 * Guarantees: SESSION_BIN holds one symlink per allowed command that
 * exists on this system, pointing at its usual path; the execlist names
 * the real files behind them, the helpers those programs run internally
 * (gcc's cc1/as/ld, git's helpers, man's formatters), the dynamic loader
 * and /bin/sh, so that Landlock can refuse execve(2) of everything else —
 * by absolute path, from awk's system(), find -exec, xargs or vi's :!.
 *
 * Known limit, documented in cylosh(1): the dynamic loader must be
 * executable (it is every program's ELF interpreter), and it can map any
 * readable program ("ld.so /usr/bin/prog").  What the policy does about
 * it: raw language interpreters are masked by the mount view (mounts.c),
 * so the loader finds nothing to map at their paths; everything else such
 * a program can do is still confined by the session sandbox.
 */
#include "commands.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

#define STEP "commands"

/* Where names in `commands =` are looked up, in this order. */
static const char *const search_dirs[] = {
	"/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin",
	"/sbin",
};

/*
 * Programs that run others internally.  A helper is a file or directory
 * tree; missing ones are skipped.  Kept small and explicit on purpose: a
 * helper is executable for any session that allows its program.
 */
static const struct {
	const char *cmd;
	const char *const helpers[12];
} helpers[] = {
	{ "gcc", { "/usr/lib/gcc", "/usr/libexec/gcc", "/usr/bin/as",
		   "/usr/bin/ld", "/usr/bin/ld.bfd", "/usr/bin/ld.gold",
		   "/usr/bin/x86_64-linux-gnu-as", "/usr/bin/x86_64-linux-gnu-ld",
		   "/usr/bin/x86_64-linux-gnu-ld.bfd", "/usr/bin/cpp" } },
	{ "cc", { "/usr/lib/gcc", "/usr/libexec/gcc", "/usr/bin/as",
		  "/usr/bin/ld", "/usr/bin/ld.bfd", "/usr/bin/x86_64-linux-gnu-as",
		  "/usr/bin/x86_64-linux-gnu-ld", "/usr/bin/x86_64-linux-gnu-ld.bfd" } },
	{ "g++", { "/usr/lib/gcc", "/usr/libexec/gcc", "/usr/bin/as",
		   "/usr/bin/ld", "/usr/bin/ld.bfd", "/usr/bin/x86_64-linux-gnu-as",
		   "/usr/bin/x86_64-linux-gnu-ld", "/usr/bin/x86_64-linux-gnu-ld.bfd" } },
	{ "c++", { "/usr/lib/gcc", "/usr/libexec/gcc", "/usr/bin/as",
		   "/usr/bin/ld", "/usr/bin/ld.bfd", "/usr/bin/x86_64-linux-gnu-as",
		   "/usr/bin/x86_64-linux-gnu-ld", "/usr/bin/x86_64-linux-gnu-ld.bfd" } },
	{ "git", { "/usr/lib/git-core", "/usr/bin/less", "/usr/bin/pager" } },
	{ "man", { "/usr/lib/man-db", "/usr/bin/groff", "/usr/bin/nroff",
		   "/usr/bin/troff", "/usr/bin/grotty", "/usr/bin/preconv",
		   "/usr/bin/tbl", "/usr/bin/less", "/usr/bin/pager",
		   "/usr/bin/gzip", "/usr/bin/eqn", "/usr/bin/soelim" } },
	{ "tar", { "/usr/bin/gzip", "/usr/bin/bzip2", "/usr/bin/xz" } },
	{ "zcat", { "/usr/bin/gzip" } },
	{ "gunzip", { "/usr/bin/gzip" } },
	{ "less", { "/usr/bin/lesspipe" } },
};

static void
add_exec(struct execlist *x, const char *path)
{
	char real[PATH_MAX];
	size_t i;

	if (!realpath(path, real))
		return;
	for (i = 0; i < x->n; i++)
		if (!strcmp(x->paths[i], real))
			return;
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 64;
		char **p = realloc(x->paths, cap * sizeof(*p));

		if (!p)
			setup_failx(STEP, NULL, "out of memory");
		x->paths = p;
		x->cap = cap;
	}
	x->paths[x->n] = strdup(real);
	if (!x->paths[x->n])
		setup_failx(STEP, NULL, "out of memory");
	x->n++;
}

/* The path of the main program's ELF interpreter, from its own headers. */
static int
find_interp(struct dl_phdr_info *info, size_t size, void *data)
{
	const char **out = data;
	int i;

	(void)size;
	/* The first object is the main program. */
	for (i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_INTERP)
			*out = (const char *)(info->dlpi_addr +
					      info->dlpi_phdr[i].p_vaddr);
	return 1;
}

/* The usual path of command name, or NULL when this system lacks it. */
static const char *
lookup(const char *name, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(search_dirs) / sizeof(*search_dirs); i++) {
		struct stat st;

		snprintf(buf, size, "%s/%s", search_dirs[i], name);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & 0111))
			return buf;
	}
	return NULL;
}

const char *
commands_path(const struct policy *p)
{
	if (p->commands_all)
		return SESSION_BIN ":/usr/local/bin:/usr/bin:/bin:"
		       "/usr/local/sbin:/usr/sbin:/sbin";
	return SESSION_BIN;
}

void
commands_build(const struct session *s, struct execlist *x)
{
	const char *interp = NULL;
	char path[PATH_MAX], link[PATH_MAX];
	size_t i, j, k;

	if (mkdir("/run/cylo/bin", 0755) < 0)
		setup_failx(STEP, NULL, "cannot create %s: %s", SESSION_BIN,
			    strerror(errno));
	/* Every dynamic program needs the loader; wrappers and the tools
	 * that run recipes or filters (make, man, git) need /bin/sh. */
	dl_iterate_phdr(find_interp, &interp);
	if (interp)
		add_exec(x, interp);
	add_exec(x, "/bin/sh");
	if (s->pol.commands_all)
		return;

	for (i = 0; i < s->pol.commands.n; i++) {
		const char *name = s->pol.commands.v[i];
		const char *p = lookup(name, path, sizeof(path));

		if (!p)
			continue;	/* not installed here: not runnable */
		snprintf(link, sizeof(link), "%s/%s", SESSION_BIN, name);
		if (symlink(p, link) < 0 && errno != EEXIST)
			setup_failx(STEP, NULL, "cannot link %s: %s", link,
				    strerror(errno));
		add_exec(x, p);
		for (j = 0; j < sizeof(helpers) / sizeof(*helpers); j++) {
			if (strcmp(helpers[j].cmd, name))
				continue;
			for (k = 0; k < 12 && helpers[j].helpers[k]; k++)
				add_exec(x, helpers[j].helpers[k]);
		}
	}
}
