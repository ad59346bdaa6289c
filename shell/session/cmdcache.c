/*
 * cmdcache.c - the command plan of a policy, cached by root (cmdcache.h).
 *
 * Assumes: cmdcache_load runs in the outer process, before the clone, as
 * the user; cmdcache_write runs as root (cylosh --cache).
 * Guarantees: a plan is taken from the cache only when the cache is
 * root's all the way down (every directory from "/" to CACHEDIR/KEY, and
 * plan and bin in it: owned by uid 0, not writable by group or others,
 * opened without following a link), its policy text is exactly this
 * session's, and every directory the plan was made from has the device,
 * inode and ctime it had then.  What an unprivileged user can write never
 * decides what a session runs.  Anything else, and the session makes the
 * plan itself, as it would with no cache: that is the same plan, not a
 * weaker sandbox.
 *
 * Why the directories' ctimes are enough: adding, removing or renaming a
 * file (a package install or upgrade) changes its directory's ctime, and
 * so does replacing a link (update-alternatives).  A chmod of a file in
 * place is not seen; it can only make an allowed command fail to run
 * (the kernel's exec rules still decide), never add one.  cylosh --cache
 * makes the cache afresh.
 */
#include "cmdcache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

#ifndef CYLO_VERSION
#define CYLO_VERSION "unknown"
#endif
#define MAGIC "cylo-commands-cache 1\n"
#define PLAN_MAX (4 * 1024 * 1024)

char *
cmdcache_key(const struct session *s)
{
	char *text = NULL;
	size_t len = 0, i, j;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	fprintf(f, "version %s\nwrappers %s\nall %d\n", CYLO_VERSION,
		LANGS_DIR, s->pol.commands_all);
	if (!s->pol.commands_all)
		for (i = 0; i < s->pol.commands.n; i++)
			fprintf(f, "command %s\n", s->pol.commands.v[i]);
	for (i = 0; i < s->langs.n; i++) {
		const struct language *l = &s->langs.v[i];

		fprintf(f, "language %s\t%s\t%d\t", l->name, l->interp,
			l->allowed);
		for (j = 0; j < l->cmds.n; j++)
			fprintf(f, "%s ", l->cmds.v[j]);
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* FNV-1a, 64 bits: a name for the key, not a check (the text is). */
static void
key_name(const char *key, char *out, size_t size)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	snprintf(out, size, "%016llx", (unsigned long long)h);
}

/* Root's, and writable by no one else. */
static bool
roots(const struct stat *st)
{
	return st->st_uid == 0 && !(st->st_mode & 022);
}

/*
 * CACHEDIR, opened from "/" one component at a time without following a
 * link, each directory root's and writable by no one else.  -1 when any
 * is not (errno EPERM) or cannot be opened.
 */
static int
open_cachedir(void)
{
	char path[] = CACHEDIR;
	char *c = path, *slash;
	struct stat st;
	int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC), next;

	if (fd < 0)
		return -1;
	while (fd >= 0) {
		if (fstat(fd, &st) < 0 || !roots(&st)) {
			close(fd);
			errno = EPERM;
			return -1;
		}
		while (*c == '/')
			c++;
		if (!*c)
			return fd;
		slash = strchr(c, '/');
		if (slash)
			*slash = 0;
		next = openat(fd, c, O_PATH | O_DIRECTORY | O_NOFOLLOW |
			      O_CLOEXEC);
		close(fd);
		fd = next;
		c = slash ? slash + 1 : c + strlen(c);
	}
	return -1;
}

static int
open_checked(int dirfd, const char *name, int flags, mode_t type,
	     struct stat *st)
{
	int fd = openat(dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0 || (st->st_mode & S_IFMT) != type ||
	    !roots(st)) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

/* One stamp line's fields: the lstat facts a plan depends on. */
static void
stamp_of(const char *path, char *out, size_t size)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%llu %llu %lld.%09ld %o",
			 (unsigned long long)st.st_dev,
			 (unsigned long long)st.st_ino,
			 (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec,
			 (unsigned)st.st_mode);
}

static bool
push_pair(struct cmdpairs *l, const char *a, const char *b)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct cmdpair *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return false;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].a = strdup(a);
	l->v[l->n].b = strdup(b);
	l->n++;
	return l->v[l->n - 1].a && l->v[l->n - 1].b;
}

/* The plan file's text: the key, the stamp, then the plan. */
static char *
plan_text(const char *key, const struct cmdplan *p)
{
	char *text = NULL, stamp[128];
	const char *k, *nl;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	fputs(MAGIC, f);
	for (k = key; *k; k = nl + 1) {
		nl = strchr(k, '\n');
		if (!nl)
			break;
		fprintf(f, "K %.*s\n", (int)(nl - k), k);
	}
	for (i = 0; i < p->stamps.n; i++) {
		stamp_of(p->stamps.v[i].a, stamp, sizeof(stamp));
		fprintf(f, "S %s\t%s\n", p->stamps.v[i].a, stamp);
	}
	for (i = 0; i < p->x.n; i++)
		fprintf(f, "X %s\n", p->x.paths[i]);
	for (i = 0; i < p->interps.n; i++)
		fprintf(f, "I %s\t%s\n", p->interps.v[i].a, p->interps.v[i].b);
	for (i = 0; i < p->covers.n; i++)
		fprintf(f, "C %s\t%s\n", p->covers.v[i].a, p->covers.v[i].b);
	for (i = 0; i < p->links.n; i++)
		fprintf(f, "L %s\t%s\n", p->links.v[i].a, p->links.v[i].b);
	fputs("end\n", f);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* Parse a plan file's text into p; false when it is not this key's, or
 * its stamp no longer holds. */
static bool
plan_parse(char *text, const char *key, struct cmdplan *p)
{
	size_t klen = strlen(key), kpos = 0;
	char *line, *next, *tab, stamp[128];
	bool end = false;

	if (strncmp(text, MAGIC, strlen(MAGIC)))
		return false;
	for (line = text + strlen(MAGIC); *line && !end; line = next) {
		next = strchr(line, '\n');
		if (!next)
			return false;
		*next++ = 0;
		if (!strcmp(line, "end")) {
			end = true;
			continue;
		}
		if (strlen(line) < 2 || line[1] != ' ')
			return false;
		/* The key's lines hold tabs of their own. */
		tab = line[0] == 'K' ? NULL : strchr(line + 2, '\t');
		if (tab)
			*tab++ = 0;
		switch (line[0]) {
		case 'K': {
			size_t n = strlen(line + 2);

			if (kpos + n + 1 > klen ||
			    strncmp(key + kpos, line + 2, n) || key[kpos + n] != '\n')
				return false;
			kpos += n + 1;
			break;
		}
		case 'S':
			if (!tab)
				return false;
			stamp_of(line + 2, stamp, sizeof(stamp));
			if (strcmp(stamp, tab))
				return false;
			break;
		case 'X':
			if (tab)
				return false;
			execlist_add(&p->x, line + 2);
			break;
		case 'I':
		case 'C':
		case 'L':
			if (!tab || (line[0] != 'L' && line[2] != '/') ||
			    !push_pair(line[0] == 'I' ? &p->interps :
				       line[0] == 'C' ? &p->covers : &p->links,
				       line + 2, tab))
				return false;
			break;
		default:
			return false;
		}
	}
	return end && !*line && kpos == klen;
}

bool
cmdcache_load(const char *key, struct cmdplan *p)
{
	char name[32], path[PATH_MAX];
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	ssize_t n;
	int dfd, efd = -1, pfd = -1, bfd = -1;
	bool ok = false;

	key_name(key, name, sizeof(name));
	dfd = open_cachedir();
	if (dfd < 0)
		return false;
	efd = open_checked(dfd, name, O_PATH | O_DIRECTORY, S_IFDIR, &st);
	if (efd < 0)
		goto out;
	pfd = open_checked(efd, "plan", O_RDONLY | O_NOCTTY, S_IFREG, &st);
	if (pfd < 0 || st.st_size <= 0 || st.st_size > PLAN_MAX)
		goto out;
	text = malloc((size_t)st.st_size + 1);
	if (!text)
		goto out;
	while (len < (size_t)st.st_size &&
	       (n = read(pfd, text + len, (size_t)st.st_size - len)) > 0)
		len += (size_t)n;
	if (len != (size_t)st.st_size)
		goto out;
	text[len] = 0;
	bfd = open_checked(efd, "bin", O_PATH | O_DIRECTORY, S_IFDIR, &st);
	if (bfd < 0)
		goto out;
	if (!plan_parse(text, key, p))
		goto out;
	snprintf(path, sizeof(path), "%s/%s/bin", CACHEDIR, name);
	p->bin_path = strdup(path);
	p->bin_dev = st.st_dev;
	p->bin_ino = st.st_ino;
	p->cached = p->bin_path != NULL;
	ok = p->cached;
out:
	if (!ok)
		commands_plan_free(p);
	free(text);
	if (bfd >= 0)
		close(bfd);
	if (pfd >= 0)
		close(pfd);
	if (efd >= 0)
		close(efd);
	close(dfd);
	return ok;
}

/* ---- root's side: cylosh --cache ---------------------------------------- */

static int
fail(char *err, size_t errlen, const char *what, const char *name)
{
	snprintf(err, errlen, "%s %s/%s: %s", what, CACHEDIR, name,
		 strerror(errno));
	return -1;
}

/* Remove the tree of a replaced cache entry: plan, bin and its links.
 * Best effort: what is left is root's, unused, and replaced next time. */
static void
remove_entry(int dfd, const char *name)
{
	int efd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			 O_CLOEXEC);
	int bfd;

	if (efd < 0)
		return;
	bfd = openat(efd, "bin", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		     O_CLOEXEC);
	if (bfd >= 0) {
		DIR *d = fdopendir(bfd);
		struct dirent *e;

		while (d && (e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				unlinkat(bfd, e->d_name, 0);
		if (d)
			closedir(d);
		else
			close(bfd);
	}
	unlinkat(efd, "bin", AT_REMOVEDIR);
	unlinkat(efd, "plan", 0);
	close(efd);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

/* Strings that would break the line format are never cached. */
static bool
plain(const struct cmdplan *p)
{
	const struct cmdpairs *lists[] = { &p->interps, &p->covers, &p->links,
					   &p->stamps };
	size_t i, j;

	for (i = 0; i < p->x.n; i++)
		if (strpbrk(p->x.paths[i], "\t\n"))
			return false;
	for (j = 0; j < sizeof(lists) / sizeof(*lists); j++)
		for (i = 0; i < lists[j]->n; i++)
			if (strpbrk(lists[j]->v[i].a, "\t\n") ||
			    strpbrk(lists[j]->v[i].b, "\t\n"))
				return false;
	return true;
}

int
cmdcache_write(const struct session *s, char *err, size_t errlen)
{
	struct cmdplan p = { 0 }, again = { 0 };
	char name[32], tmp[64], *key, *text, *check;
	size_t i, len;
	int dfd, efd, bfd, fd;

	key = cmdcache_key(s);
	if (!key) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	key_name(key, name, sizeof(name));
	if (mkdir(CACHEDIR, 0755) < 0 && errno != EEXIST)
		return fail(err, errlen, "cannot create", "");
	dfd = open_cachedir();
	if (dfd < 0)
		return fail(err, errlen, "refusing (every directory on the way "
			    "must be root's and writable by root only)", "");
	/* Made twice: the same text both times, or the system tree changed
	 * while it was being read. */
	commands_plan(s, &p);
	text = plan_text(key, &p);
	commands_plan(s, &again);
	check = plan_text(key, &again);
	if (!text || !check || strcmp(text, check) || !plain(&p)) {
		snprintf(err, errlen, "the system tree changed while it was "
			 "read, or holds a name with a tab or newline; run "
			 "cylosh --cache again");
		return -1;
	}
	snprintf(tmp, sizeof(tmp), ".new.%s.%ld", name, (long)getpid());
	if (mkdirat(dfd, tmp, 0755) < 0 ||
	    (efd = openat(dfd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			  O_CLOEXEC)) < 0 || fchmod(efd, 0755) < 0)
		return fail(err, errlen, "cannot create", tmp);
	if (mkdirat(efd, "bin", 0755) < 0 ||
	    (bfd = openat(efd, "bin", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			  O_CLOEXEC)) < 0 || fchmod(bfd, 0755) < 0)
		return fail(err, errlen, "cannot create bin in", tmp);
	for (i = 0; i < p.links.n; i++)
		if (symlinkat(p.links.v[i].b, bfd, p.links.v[i].a) < 0)
			return fail(err, errlen, "cannot link in", tmp);
	/* Where a session binds its own binary (inside.c): the bin is
	 * read-only in the session, so the mount point must be here. */
	fd = openat(bfd, "cylosh", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0755);
	if (fd < 0 || fchmod(fd, 0755) < 0 || close(fd) < 0)
		return fail(err, errlen, "cannot create bin/cylosh in", tmp);
	fd = openat(efd, "plan", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0644);
	len = strlen(text);
	if (fd < 0 || fchmod(fd, 0644) < 0 ||
	    write(fd, text, len) != (ssize_t)len || fsync(fd) < 0 ||
	    close(fd) < 0)
		return fail(err, errlen, "cannot write the plan in", tmp);
	close(bfd);
	close(efd);
	/* Sessions see the old entry or the new one, whole. */
	if (renameat2(dfd, tmp, dfd, name, RENAME_EXCHANGE) == 0)
		remove_entry(dfd, tmp);
	else if (errno != ENOENT ||
		 renameat2(dfd, tmp, dfd, name, RENAME_NOREPLACE) < 0)
		return fail(err, errlen, "cannot rename", tmp);
	printf("%s/%s: %zu commands, %zu covered interpreters, %zu "
	       "executables\n", CACHEDIR, name, p.links.n, p.covers.n,
	       p.x.n);
	close(dfd);
	free(text);
	free(check);
	free(key);
	commands_plan_free(&p);
	commands_plan_free(&again);
	return 0;
}
