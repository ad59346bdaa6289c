/*
 * commands.c - the command allow-list, backed by the kernel.
 *
 * Assumes: commands_plan runs in the outer process before the clone (it
 * reads only root's system tree: stat, readdir, access) or is replaced by
 * a plan from root's cache (cmdcache.c); commands_build runs in init,
 * after pivot_root, while the root tmpfs is still writable, with the
 * system tree bound read-only at its usual paths.
 * Guarantees: SESSION_BIN holds one symlink per allowed command that
 * exists on this system, pointing at its usual path, plus sh and the
 * helpers those programs look up by name (man's tbl and nroff, git's
 * pager); the execlist names the real files behind them, the helpers the
 * programs run by path (gcc's cc1, git-core), the dynamic loader and
 * /bin/sh, so that Landlock can refuse execve(2) of everything else — by
 * absolute path, from awk's system builtin, find -exec, xargs or vi's :!.
 *
 * Known limit, documented in cylosh(1): the dynamic loader must be
 * executable (it is every program's ELF interpreter), and it can map any
 * readable program ("ld.so /usr/bin/prog").  What the policy does about
 * it: raw language interpreters in the command directories (by name,
 * version and triplet, hard link, or the end of an interpreter's link)
 * are covered, by their language's wrapper (a script) or by a mask, so
 * the loader finds nothing to map at their paths.  Not
 * covered: interpreters an application keeps elsewhere under other
 * names, and programs with one built in (gdb).  Whatever such a program
 * does is still confined by the session sandbox.
 */
#include "commands.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <dirent.h>
#include <sys/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "langs.h"
#include "mountutil.h"

#define STEP "commands"

/* Where names in `commands =` are looked up, in this order. */
static const char *const search_dirs[] = {
	"/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin",
	"/sbin",
};

/*
 * The SFTP server, which sshd's Subsystem line runs by absolute path
 * through `cylosh -c`: file transfer is part of every session (it stays
 * inside the same sandbox), whatever the command list says.
 */
static const char *const transfer_servers[] = {
	"/usr/lib/openssh/sftp-server", "/usr/libexec/openssh/sftp-server",
	"/usr/lib/sftp-server", "/usr/libexec/sftp-server",
};

/*
 * Programs that run others: what each one needs besides itself, so that a
 * command list is closed under what its programs run.  A name is a
 * command the program finds on PATH (man runs "tbl", git runs "less"): it
 * is linked into SESSION_BIN like a listed command, with its own helpers,
 * so it is also on the user's PATH.  That gives nothing away: an allowed
 * program would run it anyway.  An absolute path is a file or a tree the
 * program runs by path (gcc's cc1, git's git-core): executable, not on
 * PATH.  Missing ones are skipped.  Interpreters never qualify: they are
 * masked whatever a list says, and reached through their wrappers.
 *
 * Not listed: the editor and the pager a program starts from EDITOR,
 * VISUAL or PAGER.  The session sets those to allowed commands only
 * (commands_first), so a list without vim gives git a commit without an
 * editor, never vim.
 */
#define MAX_HELPERS 24
#define GCC_HELPERS "/usr/lib/gcc", "/usr/libexec/gcc", "as", "ld", \
	"ld.bfd", "ld.gold", "x86_64-linux-gnu-as", "x86_64-linux-gnu-ld", \
	"x86_64-linux-gnu-ld.bfd", "cpp"
static const struct {
	const char *cmd;
	const char *const helpers[MAX_HELPERS];
} helpers[] = {
	{ "gcc", { GCC_HELPERS } },
	{ "cc", { GCC_HELPERS } },
	{ "g++", { GCC_HELPERS } },
	{ "c++", { GCC_HELPERS } },
	{ "cpp", { "/usr/lib/gcc", "/usr/libexec/gcc" } },
	/* The pager when PAGER is unset is Debian's "pager" alternative;
	 * git help shows man pages. */
	{ "git", { "/usr/lib/git-core", "less", "pager", "man" } },
	/* man-db's pipeline (zsoelim | tbl | nroff | col, through the pager),
	 * groff's passes behind nroff, the preprocessors a page's first line
	 * may ask for, and what man -k and man -f run. */
	{ "man", { "/usr/lib/man-db", "/usr/libexec/man-db", "tbl", "nroff",
		   "groff", "troff", "grotty", "preconv", "col", "eqn", "neqn",
		   "pic", "refer", "soelim", "locale", "gzip", "bzip2", "xz",
		   "less", "pager", "apropos", "whatis" } },
	{ "apropos", { "whatis" } },
	{ "nroff", { "groff", "troff", "grotty", "preconv", "locale" } },
	{ "groff", { "troff", "grotty", "preconv", "tbl", "eqn", "pic",
		     "soelim" } },
	{ "tar", { "gzip", "bzip2", "xz" } },
	{ "zcat", { "gzip" } },
	{ "gunzip", { "gzip" } },
	{ "bunzip2", { "bzip2" } },
	{ "unxz", { "xz" } },
	{ "less", { "/usr/bin/lesspipe" } },
	/* vimdiff and vim's diff mode run diff. */
	{ "vimdiff", { "diff" } },
	{ "vim", { "diff" } },
};

/* Landlock opens each path following symlinks, so the rule lands on the
 * file itself; a missing path is skipped there. */
void
execlist_add(struct execlist *x, const char *path)
{
	/* A hash set, not a scan: a 750-command policy adds that many. */
	if (strset_has(&x->seen, path, strlen(path)))
		return;
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 64;
		char **p = realloc(x->paths, cap * sizeof(*p));

		if (!p)
			setup_failx(STEP, NULL, "out of memory");
		x->paths = p;
		x->cap = cap;
	}
	x->paths[x->n] = strdup(path);
	if (!x->paths[x->n] || strset_add(&x->seen, x->paths[x->n]) < 0)
		setup_failx(STEP, NULL, "out of memory");
	x->n++;
}
#define add_exec execlist_add

/* Append a pair of copies to a plan's list (covers, binds, links). */
static void
add_pair(struct cmdpairs *l, const char *a, const char *b)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct cmdpair *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			setup_failx(STEP, NULL, "out of memory");
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].a = strdup(a);
	l->v[l->n].b = strdup(b);
	if (!l->v[l->n].a || !l->v[l->n].b)
		setup_failx(STEP, NULL, "out of memory");
	l->n++;
}

/* Remember what path looked like (lstat), so a cache made from this plan
 * can tell whether the system tree changed since. */
static void
add_stamp(struct cmdplan *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->stamps.n; i++)
		if (!strcmp(p->stamps.v[i].a, path))
			return;
	add_pair(&p->stamps, path, "");
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

/*
 * Names of language interpreters and shells that a session must never run
 * directly, configured or not.  "versioned" also matches the name followed
 * by a version (python3.11, perl5.36.0, lua5.4, ksh93, guile-3.0), not
 * other programs that share the prefix (perldoc, python3-config, bashbug:
 * scripts, harmless, and masking each costs a mount).  A configured
 * language reaches its interpreter only through its wrapper and
 * SESSION_INTERP.  /bin/sh (dash) is deliberately absent: the wrappers and
 * make, man and git run it.
 */
#define I(name, versioned) { name, sizeof(name) - 1, versioned }
static const struct {
	const char *name;
	size_t len;
	bool versioned;
} interpreters[] = {
	I("python", true), I("pypy", true), I("perl", true), I("ruby", true),
	I("irb", true), I("node", false), I("nodejs", false), I("lua", true),
	I("luajit", true), I("php", true), I("tclsh", true), I("wish", true),
	I("bash", false), I("rbash", false), I("zsh", true), I("fish", false),
	I("ksh", true), I("mksh", false), I("csh", false), I("tcsh", false),
	I("busybox", false), I("Rscript", false), I("R", false),
	I("julia", false), I("guile", true), I("gjs", false), I("deno", false),
	I("bun", false), I("racket", false), I("sbcl", false), I("ocaml", false),
	I("swipl", false), I("expect", false), I("jshell", false),
	I("pwsh", false),
};
#undef I

/*
 * A version suffix: "3.11", "5.36.0", "-3.0", and the same followed by a
 * GNU triplet, as Debian names perl's real binary (perl5.36-x86_64-linux-gnu).
 */
static bool
is_version(const char *rest)
{
	const char *t = strstr(rest, "-linux-");
	size_t len = strlen(rest);

	if (t) {
		const char *dash = memrchr(rest, '-', (size_t)(t - rest));

		if (!dash || dash == rest)
			return false;
		len = (size_t)(dash - rest);
	}
	return len > 0 && strchr("0123456789-", rest[0]) &&
	       strspn(rest, "0123456789.-") >= len;
}

static bool
is_interpreter(const char *name)
{
	size_t i;

	/* Called for every file of /usr/bin: reject on the first byte. */
	for (i = 0; i < sizeof(interpreters) / sizeof(*interpreters); i++) {
		size_t n = interpreters[i].len;

		if (name[0] != interpreters[i].name[0] ||
		    strncmp(name, interpreters[i].name, n))
			continue;
		if (!name[n])
			return true;
		if (interpreters[i].versioned && is_version(name + n))
			return true;
	}
	return false;
}

/* The mode-0000 file that covers an interpreter nothing wraps. */
#define MASK_FILE "/run/cylo/masked"

static bool
in_search_dirs(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t i;

	for (i = 0; slash && i < sizeof(search_dirs) / sizeof(*search_dirs); i++)
		if (strlen(search_dirs[i]) == (size_t)(slash - path) &&
		    !strncmp(search_dirs[i], path, (size_t)(slash - path)))
			return true;
	return false;
}

/* The configured interpreters' files, by device and inode. */
struct interp_files {
	struct {
		dev_t dev;
		ino_t ino;
		const char *lang;	/* SESSION_WRAPPERS/interp/LANG */
	} v[64];
	size_t n;
};

static const char *
interp_lang(const struct interp_files *f, const struct stat *st)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].ino == st->st_ino && f->v[i].dev == st->st_dev)
			return f->v[i].lang;
	return NULL;
}

/*
 * Cover an interpreter's path.  A configured language's file gets the
 * language's wrapper, so "#!/usr/bin/python3" scripts and /usr/bin/python3
 * run through it; for a language the policy does not allow, the wrapper
 * finds no SESSION_INTERP/LANG and refuses, naming the policy.  Anything
 * else (another version, an unconfigured language, wrappers generated
 * before interp/ existed) gets the mask.  Either way the loader finds no
 * ELF file to map there.
 */
static void
cover(struct cmdplan *p, const char *path, const char *lang)
{
	char w[PATH_MAX];

	if (lang) {
		/* Looked for where the session will find it bound. */
		snprintf(w, sizeof(w), "%s/interp/%s", LANGS_DIR, lang);
		if (access(w, F_OK) == 0) {
			snprintf(w, sizeof(w), "%s/interp/%s",
				 SESSION_WRAPPERS, lang);
			add_pair(&p->covers, path, w);
			return;
		}
	}
	add_pair(&p->covers, path, MASK_FILE);
}

/* The file an interpreter's link ends at, when no directory scan will. */
static void
mask_link_target(struct cmdplan *p, const char *link,
		 const struct interp_files *f)
{
	char target[PATH_MAX];
	struct stat st;
	char *slash;

	if (!realpath(link, target))
		return;
	/* Where an alternatives link ends can change without a change in
	 * the directory of the link itself. */
	add_stamp(p, "/etc/alternatives");
	slash = strrchr(target, '/');
	if (slash && slash != target) {
		*slash = 0;
		add_stamp(p, target);
		*slash = '/';
	}
	if (in_search_dirs(target) || stat(target, &st) < 0 ||
	    !S_ISREG(st.st_mode))
		return;
	cover(p, target, interp_lang(f, &st));
}

/*
 * Cover the regular files in dir that are interpreters by name, or that
 * are the same file (hard links) as one of f.  Returns whether dir is a
 * directory (not a link to one) with anything in it.
 */
static bool
mask_dir(struct cmdplan *p, const char *dir, const struct interp_files *f)
{
	struct stat dst;
	struct dirent *e;
	char path[PATH_MAX];
	bool any = false;
	DIR *d;

	/* What the scan saw changes only with the directory's ctime. */
	add_stamp(p, dir);
	/* /bin and /sbin are links into /usr on merged systems. */
	if (lstat(dir, &dst) < 0 || !S_ISDIR(dst.st_mode))
		return false;
	d = opendir(dir);
	if (!d)
		fail_at("cannot list", dir);
	while ((e = readdir(d))) {
		bool hit = is_interpreter(e->d_name);
		struct stat st;
		size_t i;

		any = any || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
		for (i = 0; !hit && i < f->n; i++)
			hit = e->d_ino == f->v[i].ino;
		if (!hit)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) < 0)
			continue;
		if (S_ISLNK(st.st_mode)) {
			/* Most links end at a file masked in its own
			 * directory; an alternatives link may end anywhere
			 * (java's jshell lives in /usr/lib/jvm). */
			mask_link_target(p, path, f);
			continue;
		}
		if (!S_ISREG(st.st_mode) || st.st_dev != dst.st_dev)
			continue;
		cover(p, path, interp_lang(f, &st));
	}
	closedir(d);
	return any;
}

/* Link name in SESSION_BIN to target; false when name is linked already. */
static bool
add_link(struct cmdplan *p, const char *name, const char *target)
{
	if (strset_has(&p->linked, name, strlen(name)))
		return false;
	add_pair(&p->links, name, target);
	if (strset_add(&p->linked, p->links.v[p->links.n - 1].a) < 0)
		setup_failx(STEP, NULL, "out of memory");
	return true;
}

/*
 * Languages: bind each allowed language's interpreter at
 * SESSION_INTERP/NAME (before its usual path is covered), link the
 * wrappers of every generated language into SESSION_BIN, then cover every
 * raw interpreter at its usual paths: a configured one with its wrapper,
 * any other with the mask.
 * used[i] tells whether search_dirs[i] is a directory with entries.
 */
static void
plan_languages(const struct session *s, struct cmdplan *p, bool *used)
{
	struct execlist *x = &p->x;
	struct interp_files f = { .n = 0 };
	size_t i, j;
	char path[PATH_MAX], link[PATH_MAX];

	if (s->langs.n) {
		/* Which wrappers exist (access below). */
		add_stamp(p, LANGS_DIR "/bin");
		add_stamp(p, LANGS_DIR "/interp");
	}
	for (i = 0; i < s->langs.n; i++) {
		const struct language *l = &s->langs.v[i];
		struct stat st;

		if (stat(l->interp, &st) < 0 || !S_ISREG(st.st_mode))
			continue;	/* removed since generation */
		if (f.n < sizeof(f.v) / sizeof(*f.v)) {
			f.v[f.n].dev = st.st_dev;
			f.v[f.n].ino = st.st_ino;
			f.v[f.n++].lang = l->name;
		}
		/* Landlock rules follow the inode: the wrapper runs at the
		 * interpreter's path as well as at its own. */
		snprintf(path, sizeof(path), "%s/interp/%s", SESSION_WRAPPERS,
			 l->name);
		add_exec(x, path);
		if (l->allowed) {
			snprintf(path, sizeof(path), "%s/%s", SESSION_INTERP,
				 l->name);
			add_pair(&p->interps, path, l->interp);
			add_exec(x, path);
		}
		/* A language the policy does not allow keeps its commands
		 * too: its wrappers find no interpreter and say that the
		 * policy refuses it, where "command not found" would not
		 * ("#!/usr/bin/env python3" included). */
		for (j = 0; j < l->cmds.n; j++) {
			snprintf(path, sizeof(path), "%s/bin/%s", LANGS_DIR,
				 l->cmds.v[j]);
			snprintf(link, sizeof(link), "%s/bin/%s",
				 SESSION_WRAPPERS, l->cmds.v[j]);
			if (access(path, F_OK) == 0)
				add_link(p, l->cmds.v[j], link);
		}
	}
	if (s->langs.n) {
		/* The wrappers, and what they run besides the interpreter. */
		add_exec(x, SESSION_WRAPPERS "/bin");
		add_exec(x, "/usr/bin/env");
		add_exec(x, "/bin/mkdir");
	}
	for (i = 0; i < sizeof(search_dirs) / sizeof(*search_dirs); i++)
		used[i] = mask_dir(p, search_dirs[i], &f);
	for (i = 0; i < s->langs.n; i++) {
		char *slash;

		/* An interpreter outside the search directories. */
		if (in_search_dirs(s->langs.v[i].interp))
			continue;
		snprintf(path, sizeof(path), "%s", s->langs.v[i].interp);
		slash = strrchr(path, '/');
		if (!slash || slash == path)
			continue;
		*slash = 0;
		mask_dir(p, path, &f);
	}
}

/*
 * The usual path of command name, or NULL when this system lacks it.
 * Directories that are empty or links (merged /usr) are not searched:
 * one failed stat per command each, and there are more than a hundred.
 */
static const char *
lookup(const char *name, const bool *used, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(search_dirs) / sizeof(*search_dirs); i++) {
		struct stat st;

		if (!used[i])
			continue;
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

const char *
commands_first(const struct policy *p, const char *const *names)
{
	bool used[sizeof(search_dirs) / sizeof(*search_dirs)];
	char buf[PATH_MAX];
	size_t i;

	/* Before the sandbox: stat(2) of the system tree, nothing of the
	 * user's. */
	for (i = 0; i < sizeof(used) / sizeof(*used); i++)
		used[i] = true;
	for (; *names; names++)
		if ((p->commands_all || strlist_has(&p->commands, *names)) &&
		    lookup(*names, used, buf, sizeof(buf)))
			return *names;
	return NULL;
}

/*
 * Link command name into SESSION_BIN and let it run, then its helpers.
 * A name already linked was done, helpers and all: that ends the cycles
 * (groff and nroff name each other's passes).
 */
static void
allow_command(const struct session *s, struct cmdplan *pl, const bool *used,
	      const char *name)
{
	char path[PATH_MAX];
	const char *p;
	size_t j, k;

	if (langs_by_command(&s->langs, name) || is_interpreter(name))
		return;		/* a language's: never raw */
	p = lookup(name, used, path, sizeof(path));
	if (!p)
		return;		/* not on this system */
	if (!add_link(pl, name, p))
		return;
	add_exec(&pl->x, p);
	for (j = 0; j < sizeof(helpers) / sizeof(*helpers); j++) {
		if (strcmp(helpers[j].cmd, name))
			continue;
		for (k = 0; k < MAX_HELPERS && helpers[j].helpers[k]; k++) {
			const char *h = helpers[j].helpers[k];

			if (h[0] == '/')
				add_exec(&pl->x, h);
			else
				allow_command(s, pl, used, h);
		}
	}
}

void
commands_plan(const struct session *s, struct cmdplan *p)
{
	bool used[sizeof(search_dirs) / sizeof(*search_dirs)];
	const char *interp = NULL;
	size_t i;

	mnt_set_step(STEP);
	/* INSIDE_SHELL, the session's own binary, is bound there. */
	if (strset_add(&p->linked, "cylosh") < 0)
		setup_failx(STEP, NULL, "out of memory");
	/* Every dynamic program needs the loader; wrappers and the tools
	 * that run recipes or filters (make, man, git) need /bin/sh. */
	dl_iterate_phdr(find_interp, &interp);
	if (interp)
		add_exec(&p->x, interp);
	add_exec(&p->x, "/bin/sh");
	for (i = 0; i < sizeof(transfer_servers) / sizeof(*transfer_servers); i++) {
		add_stamp(p, transfer_servers[i]);
		if (access(transfer_servers[i], X_OK) == 0)
			add_exec(&p->x, transfer_servers[i]);
	}
	/* Languages first: their wrappers own their command names. */
	plan_languages(s, p, used);
	if (s->pol.commands_all)
		return;
	/* /bin/sh runs in every session anyway: scripts and users find it
	 * by name too. */
	allow_command(s, p, used, "sh");
	for (i = 0; i < s->pol.commands.n; i++)
		allow_command(s, p, used, s->pol.commands.v[i]);
}

static void
free_pairs(struct cmdpairs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].a);
		free(l->v[i].b);
	}
	free(l->v);
	*l = (struct cmdpairs){ 0 };
}

void
commands_plan_free(struct cmdplan *p)
{
	size_t i;

	for (i = 0; i < p->x.n; i++)
		free(p->x.paths[i]);
	free(p->x.paths);
	strset_free(&p->x.seen);
	free_pairs(&p->interps);
	free_pairs(&p->covers);
	free_pairs(&p->links);
	free_pairs(&p->stamps);
	strset_free(&p->linked);
	free(p->bin_path);
	*p = (struct cmdplan){ 0 };
}

void
commands_build(const struct cmdplan *p)
{
	char link[PATH_MAX];
	size_t i;

	mnt_set_step(STEP);
	/* Before the usual paths are covered: the raw interpreters of the
	 * allowed languages, where only their wrappers look. */
	mkdir_here(SESSION_INTERP, 0755);
	for (i = 0; i < p->interps.n; i++) {
		touch_here(p->interps.v[i].a, 0755);
		bind_path(p->interps.v[i].b, p->interps.v[i].a, false,
			  MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
			  MOUNT_ATTR_NODEV);
	}
	/* A cached SESSION_BIN was bound read-only with the new root
	 * (mounts.c); otherwise the links are made here, one by one. */
	if (!p->cached) {
		mkdir_here(SESSION_BIN, 0755);
		for (i = 0; i < p->links.n; i++) {
			snprintf(link, sizeof(link), "%s/%s", SESSION_BIN,
				 p->links.v[i].a);
			if (symlink(p->links.v[i].b, link) < 0)
				fail_at("cannot link", link);
		}
	}
	touch_here(MASK_FILE, 0);
	for (i = 0; i < p->covers.n; i++) {
		unsigned long long attrs = MOUNT_ATTR_RDONLY |
					   MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;

		/* The mask is no program. */
		if (!strcmp(p->covers.v[i].b, MASK_FILE))
			attrs |= MOUNT_ATTR_NOEXEC;
		bind_path(p->covers.v[i].b, p->covers.v[i].a, false, attrs);
	}
}

/* For cylosh -C: is name a file in one of the directories a session's
 * commands are looked up in? */
bool
commands_found(const char *name)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(search_dirs) / sizeof(*search_dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", search_dirs[i], name);
		if (access(path, X_OK) == 0)
			return true;
	}
	return false;
}
