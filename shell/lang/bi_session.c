/*
 * bi_session.c - builtins about the session: cd, pwd, umask, help, policy, langs,
 * history.
 *
 * Assumes: the evaluator applied redirections.  Guarantees: the policy is
 * only read (sh->s is const); the editor is reached through sh->editor.
 */
#include "builtin_fns.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "langs.h"
#include "shops.h"

/* ---- cd, pwd ----------------------------------------------------------------- */

/* Lexical clean-up of an absolute path: no ".", "..", or "//". */
static void
canon(char *path)
{
	char *out = path, *p = path;

	while (*p) {
		char *seg;
		size_t n;

		while (*p == '/')
			p++;
		seg = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - seg);
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (out > path && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		/* out never passes seg; when they meet there is nothing
		 * to move (valgrind flags a fortified self-copy). */
		if (out != seg)
			memmove(out, seg, n);
		out += n;
	}
	if (out == path)
		*out++ = '/';
	*out = 0;
}

/* $PWD when it names the current directory, as POSIX's logical pwd. */
static const char *
logical_pwd(struct shell *sh)
{
	const char *pwd = var_get(sh, "PWD");
	struct stat a, b;

	if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return pwd;
	return NULL;
}

int
b_cd(struct shell *sh, int argc, char **argv)
{
	const char *dir, *cur = logical_pwd(sh);
	char cwd[PATH_MAX], oldcwd[PATH_MAX], want[PATH_MAX];
	bool print = false, physical = false;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-L") == 0)
			physical = false;
		else if (strcmp(argv[i], "-P") == 0)
			physical = true;
		else
			return usage("cd");
	}
	if (argc - i > 1)
		return usage("cd");
	if (i == argc) {
		dir = var_get(sh, "HOME");
		if (!dir) {
			warnx("cd: HOME not set");
			return 1;
		}
	} else if (strcmp(argv[i], "-") == 0) {
		dir = var_get(sh, "OLDPWD");
		if (!dir) {
			warnx("cd: OLDPWD not set");
			return 1;
		}
		print = true;
	} else {
		dir = argv[i];
	}
	if (cur)
		snprintf(oldcwd, sizeof(oldcwd), "%s", cur);
	else if (!getcwd(oldcwd, sizeof(oldcwd)))
		snprintf(oldcwd, sizeof(oldcwd), "%s", "");
	/* Logical (-L, the default): ".." goes back up the path as typed,
	 * not up from a symbolic link's target. */
	if (!physical && (dir[0] == '/' || cur)) {
		if ((size_t)snprintf(want, sizeof(want), "%s%s%s",
				     dir[0] == '/' ? "" : cur,
				     dir[0] == '/' ? "" : "/", dir) >= sizeof(want)) {
			warnx("cd: %s: file name too long", dir);
			return 1;
		}
		canon(want);
		if (chdir(want) == 0) {
			var_set(sh, "OLDPWD", oldcwd, true);
			var_set(sh, "PWD", want, true);
			if (print)
				printf("%s\n", want);
			return 0;
		}
	}
	if (chdir(dir) < 0) {
		warn_errno("cd: %s", dir);
		return 1;
	}
	if (!getcwd(cwd, sizeof(cwd)))
		snprintf(cwd, sizeof(cwd), "%s", dir);
	var_set(sh, "OLDPWD", oldcwd, true);
	var_set(sh, "PWD", cwd, true);
	if (print)
		printf("%s\n", cwd);
	return 0;
}

int
b_pwd(struct shell *sh, int argc, char **argv)
{
	char cwd[PATH_MAX];
	const char *l;

	if (argc > 1 && strcmp(argv[argc - 1], "-P") != 0 &&
	    strcmp(argv[argc - 1], "-L") != 0)
		return usage("pwd");
	if ((argc == 1 || strcmp(argv[argc - 1], "-L") == 0) &&
	    (l = logical_pwd(sh))) {
		printf("%s\n", l);
		return 0;
	}
	if (!getcwd(cwd, sizeof(cwd))) {
		warn_errno("pwd");
		return 1;
	}
	printf("%s\n", cwd);
	return 0;
}

int
b_times(struct shell *sh, int argc, char **argv)
{
	struct tms t;
	long hz = sysconf(_SC_CLK_TCK);

	(void)sh;
	(void)argc;
	(void)argv;
	if (times(&t) == (clock_t)-1 || hz <= 0) {
		warn_errno("times");
		return 1;
	}
	printf("%ldm%.3fs %ldm%.3fs\n%ldm%.3fs %ldm%.3fs\n",
	       (long)(t.tms_utime / hz / 60), (double)(t.tms_utime % (hz * 60)) / (double)hz,
	       (long)(t.tms_stime / hz / 60), (double)(t.tms_stime % (hz * 60)) / (double)hz,
	       (long)(t.tms_cutime / hz / 60), (double)(t.tms_cutime % (hz * 60)) / (double)hz,
	       (long)(t.tms_cstime / hz / 60), (double)(t.tms_cstime % (hz * 60)) / (double)hz);
	return 0;
}

/* cylosh looks every command up on PATH when it runs, so there is no
 * table to fill or forget; hash NAME still says whether NAME is found. */
int
b_hash(struct shell *sh, int argc, char **argv)
{
	char path[PATH_MAX];
	int i, status = 0;

	(void)sh;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-r") == 0)
			continue;
		if (builtin_lookup(argv[i]) < 0 &&
		    path_lookup(argv[i], path, sizeof(path)) != 0) {
			warnx("hash: %s: not found", argv[i]);
			status = 1;
		}
	}
	return status;
}

static const struct {
	char opt;
	int res;
	const char *what;
	int unit;		/* shown in units of this many bytes */
} limits[] = {
	{ 'c', RLIMIT_CORE, "core file size (blocks)", 512 },
	{ 'd', RLIMIT_DATA, "data seg size (kbytes)", 1024 },
	{ 'f', RLIMIT_FSIZE, "file size (blocks)", 512 },
	{ 'i', RLIMIT_SIGPENDING, "pending signals", 1 },
	{ 'l', RLIMIT_MEMLOCK, "max locked memory (kbytes)", 1024 },
	{ 'm', RLIMIT_RSS, "max memory size (kbytes)", 1024 },
	{ 'n', RLIMIT_NOFILE, "open files", 1 },
	{ 's', RLIMIT_STACK, "stack size (kbytes)", 1024 },
	{ 't', RLIMIT_CPU, "cpu time (seconds)", 1 },
	{ 'u', RLIMIT_NPROC, "max user processes", 1 },
	{ 'v', RLIMIT_AS, "virtual memory (kbytes)", 1024 },
};

static void
limit_print(int k, bool hard, bool label)
{
	struct rlimit rl;
	rlim_t v;

	if (getrlimit(limits[k].res, &rl) < 0) {
		warn_errno("ulimit");
		return;
	}
	v = hard ? rl.rlim_max : rl.rlim_cur;
	if (label)
		printf("-%c: %-30s ", limits[k].opt, limits[k].what);
	if (v == RLIM_INFINITY)
		printf("unlimited\n");
	else
		printf("%llu\n", (unsigned long long)(v / (rlim_t)limits[k].unit));
}

/*
 * ulimit: the session set the hard limits before the shell started; a
 * user may lower a limit, or raise a soft one up to its hard limit, and
 * the kernel refuses anything above (no capability is left to raise it).
 */
int
b_ulimit(struct shell *sh, int argc, char **argv)
{
	bool hard = false, soft = false, all = false;
	int k = 2, i;	/* default: -f */
	const char *val = NULL;

	(void)sh;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || !a[1]) {
			val = a;
			continue;
		}
		for (a++; *a; a++) {
			size_t j;

			if (*a == 'H')
				hard = true;
			else if (*a == 'S')
				soft = true;
			else if (*a == 'a')
				all = true;
			else {
				for (j = 0; j < sizeof(limits) / sizeof(limits[0]); j++)
					if (limits[j].opt == *a)
						break;
				if (j == sizeof(limits) / sizeof(limits[0]))
					return usage("ulimit");
				k = (int)j;
			}
		}
	}
	if (all) {
		for (i = 0; i < (int)(sizeof(limits) / sizeof(limits[0])); i++)
			limit_print(i, hard, true);
		return 0;
	}
	if (!val) {
		limit_print(k, hard, false);
		return 0;
	}
	{
		struct rlimit rl;
		rlim_t v;
		char *end;

		if (getrlimit(limits[k].res, &rl) < 0) {
			warn_errno("ulimit");
			return 1;
		}
		if (strcmp(val, "unlimited") == 0) {
			v = RLIM_INFINITY;
		} else {
			unsigned long long n;

			errno = 0;
			n = strtoull(val, &end, 10);
			if (*end || !*val || errno || val[0] == '-' ||
			    n > (unsigned long long)RLIM_INFINITY / (unsigned)limits[k].unit) {
				warnx("ulimit: %s: bad number", val);
				return 1;
			}
			v = (rlim_t)n * (rlim_t)limits[k].unit;
		}
		if (hard || !soft)
			rl.rlim_max = v;
		if (soft || !hard)
			rl.rlim_cur = v;
		if (setrlimit(limits[k].res, &rl) < 0) {
			warn_errno("ulimit: -%c %s (the session's hard limit is the ceiling)",
				   limits[k].opt, val);
			return 1;
		}
	}
	return 0;
}

/* ---- umask ----------------------------------------------------------------------------- */

/*
 * A symbolic mode as chmod(1) reads it ("u=rwx,g+r,o-w", "a=rx"), applied
 * to the permissions a umask allows (not to the mask itself).
 */
static int
symbolic_mode(const char *s, long perm, long *out)
{
	while (*s) {
		long who = 0, bits;
		char op;

		for (; strchr("ugoa", *s) && *s; s++)
			who |= *s == 'u' ? 0700 : *s == 'g' ? 070 :
			       *s == 'o' ? 07 : 0777;
		if (!who)
			who = 0777;
		if (*s != '+' && *s != '-' && *s != '=')
			return -1;
		while (*s == '+' || *s == '-' || *s == '=') {
			op = *s++;
			bits = 0;
			for (; *s && strchr("rwx", *s); s++)
				bits |= *s == 'r' ? 0444 : *s == 'w' ? 0222 : 0111;
			bits &= who;
			if (op == '+')
				perm |= bits;
			else if (op == '-')
				perm &= ~bits;
			else
				perm = (perm & ~who) | bits;
		}
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	*out = perm;
	return 0;
}

int
b_umask(struct shell *sh, int argc, char **argv)
{
	mode_t m = umask(0);
	char *end;
	long v;

	(void)sh;
	umask(m);
	if (argc == 1) {
		printf("%04o\n", (unsigned)m);
		return 0;
	}
	if (strcmp(argv[1], "-S") == 0) {
		mode_t a = ~m & 0777;

		printf("u=%s%s%s,g=%s%s%s,o=%s%s%s\n",
		       a & 0400 ? "r" : "", a & 0200 ? "w" : "", a & 0100 ? "x" : "",
		       a & 040 ? "r" : "", a & 020 ? "w" : "", a & 010 ? "x" : "",
		       a & 04 ? "r" : "", a & 02 ? "w" : "", a & 01 ? "x" : "");
		return 0;
	}
	if (argv[1][0] >= '0' && argv[1][0] <= '7') {
		v = strtol(argv[1], &end, 8);
		if (*end || v < 0 || v > 0777) {
			warnx("umask: %s: octal mode expected", argv[1]);
			return 1;
		}
		umask((mode_t)v);
		return 0;
	}
	if (symbolic_mode(argv[1], ~m & 0777, &v) < 0) {
		warnx("umask: %s: bad mode (u=rwx,g=rx,o= or 022)", argv[1]);
		return 1;
	}
	umask((mode_t)(~v & 0777));
	return 0;
}

/* ---- help, policy ---------------------------------------------------------------------- */

static void
print_list(const char *title, const struct strlist *l, const char *all)
{
	size_t i, col = 2;

	printf("%s:\n ", title);
	if (all) {
		printf(" %s\n", all);
		return;
	}
	if (!l->n)
		printf(" (none)");
	for (i = 0; i < l->n; i++) {
		size_t w = strlen(l->v[i]) + 1;

		if (col + w > 78) {
			printf("\n ");
			col = 2;
		}
		printf(" %s", l->v[i]);
		col += w;
	}
	printf("\n");
}

int
b_help(struct shell *sh, int argc, char **argv)
{
	int i;

	if (argc > 1) {
		int status = 0, k;

		for (k = 1; k < argc; k++) {
			i = builtin_lookup(argv[k]);
			if (i < 0) {
				warnx("help: no help for '%s' (try: %s --help, or man %s)",
				      argv[k], argv[k], argv[k]);
				status = 1;
				continue;
			}
			printf("%s\n    %s\n", builtin_usage(i), builtin_help(i));
		}
		return status;
	}
	printf("cylosh %s - a restricted shell. Builtins (help NAME for one):\n",
#ifdef CYLO_VERSION
	       CYLO_VERSION
#else
	       ""
#endif
	);
	for (i = 0; builtin_name(i); i++)
		printf("  %-10s %s\n", builtin_name(i), builtin_help(i));
	if (sh->s) {
		const struct strlist *c = &sh->s->pol.commands;
		struct strlist have = { NULL, 0 };
		char path[4096];
		size_t k;

		/* Only what this machine has: the list names more. */
		have.v = malloc((c->n + 1) * sizeof(*have.v));
		for (k = 0; have.v && k < c->n; k++)
			if (path_lookup(c->v[k], path, sizeof(path)) == 0)
				have.v[have.n++] = c->v[k];
		print_list("Commands allowed in this session",
			   have.v ? &have : c,
			   sh->s->pol.commands_all ? "all system commands" : NULL);
		free(have.v);
		if (sh->s->langs.n) {
			struct strlist l = { NULL, 0 };
			char *v[64];

			for (k = 0; k < sh->s->langs.n && l.n < 64; k++)
				if (sh->s->langs.v[k].allowed)
					v[l.n++] = sh->s->langs.v[k].name;
			l.v = v;
			print_list("Languages (langs for details)", &l, NULL);
		} else {
			print_list("Languages", &sh->s->pol.languages, NULL);
		}
	}
	return 0;
}

static void
size_str(unsigned long long v, char *buf, size_t len)
{
	const char *u = "KMGT";
	double d = (double)v;
	int i = -1;

	if (v < 1024) {
		snprintf(buf, len, "%lluB", v);
		return;
	}
	while (d >= 1024 && i < 3) {
		d /= 1024;
		i++;
	}
	snprintf(buf, len, "%.1f%c", d, u[i]);
}

int
b_policy(struct shell *sh, int argc, char **argv)
{
	const char *home = var_get(sh, "HOME");
	struct statfs st;

	(void)argc;
	(void)argv;
	if (home && statfs(home, &st) == 0) {
		char used[32], total[32];
		unsigned long long bs = (unsigned long long)st.f_bsize;

		size_str((st.f_blocks - st.f_bfree) * bs, used, sizeof(used));
		size_str(st.f_blocks * bs, total, sizeof(total));
		printf("home: %s (ramdisk, gone when the session ends): %s used of %s, %llu of %llu inodes used\n",
		       home, used, total,
		       (unsigned long long)(st.f_files - st.f_ffree),
		       (unsigned long long)st.f_files);
	}
	if (sh->s)
		policy_print(stdout, &sh->s->pol);
	return 0;
}

/* ---- langs ------------------------------------------------------------------ */

static unsigned long long du_total;

static int
du_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)path;
	(void)flag;
	(void)ftw;
	du_total += (unsigned long long)st->st_blocks * 512;
	return 0;
}

/* The first line a command prints (its version), or "" when it fails. */
static void
first_line(struct shell *sh, const char *cmd, const char *args, char *out,
	   size_t len)
{
	char path[PATH_MAX], buf[256], *argv[16], *save = NULL, *w;
	char *copy = strdup(args ? args : "");
	int p[2], argc = 0, st;
	pid_t pid;
	ssize_t n = 0, r;

	(void)sh;
	*out = 0;
	if (!copy || path_lookup(cmd, path, sizeof(path)) || pipe2(p, O_CLOEXEC) < 0) {
		free(copy);
		return;
	}
	argv[argc++] = (char *)cmd;
	for (w = strtok_r(copy, " ", &save); w && argc < 15; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		dup2(null, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);	/* python2-style versions go to stderr */
		execv(path, argv);
		_exit(127);
	}
	close(p[1]);
	while (pid > 0 && n < (ssize_t)sizeof(buf) - 1 &&
	       (r = read(p[0], buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
		n += r;
	close(p[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	snprintf(out, len, "%s", buf);
	free(copy);
}

int
b_langs(struct shell *sh, int argc, char **argv)
{
	const char *home = var_get(sh, "HOME");
	size_t i, shown = 0;

	(void)argc;
	(void)argv;
	if (!sh->s || !sh->s->langs.n) {
		printf("No languages are configured for this session.\n");
		return 0;
	}
	for (i = 0; i < sh->s->langs.n; i++) {
		const struct language *l = &sh->s->langs.v[i];
		char ver[256], dir[PATH_MAX], used[32];
		size_t k;

		if (!l->allowed)
			continue;
		shown++;
		first_line(sh, l->cmds.n ? l->cmds.v[0] : l->name, l->version,
			   ver, sizeof(ver));
		printf("%s%s%s\n  commands:", l->name, *ver ? ": " : "", ver);
		for (k = 0; k < l->cmds.n; k++)
			printf(" %s", l->cmds.v[k]);
		snprintf(dir, sizeof(dir), "%s/%s", home ? home : "", l->dir);
		du_total = 0;
		if (nftw(dir, du_one, 16, FTW_PHYS) == 0)
			size_str(du_total, used, sizeof(used));
		else
			snprintf(used, sizeof(used), "not created yet");
		printf("\n  packages: ~/%s (%s)\n", l->dir, used);
	}
	if (!shown)
		printf("No languages are allowed in this session.\n");
	return 0;
}

int
b_history(struct shell *sh, int argc, char **argv)
{
	if (!sh->editor) {
		warnx("history: no history in a non-interactive shell");
		return 1;
	}
	return sh->editor->history(sh, argc, argv);
}

