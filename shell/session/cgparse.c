/*
 * cgparse.c - pure helpers for the session cgroup (see cgparse.h).
 *
 * Assumes: texts come from the kernel (/proc), but are still parsed
 * defensively: a field that does not fit or looks odd means "no such
 * hierarchy", never a guess.
 * Guarantees: no syscalls, no allocation.
 */
#include "cgparse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
cg_ctl_name(enum cg_ctl c)
{
	switch (c) {
	case CG_MEMORY:
		return "memory";
	case CG_PIDS:
		return "pids";
	case CG_CPU:
		return "cpu";
	}
	return "?";
}

/* Copy the n bytes at s into out (len bytes); -1 when they do not fit. */
static int
copy(char *out, size_t len, const char *s, size_t n)
{
	if (n >= len)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* Is name one of the comma-separated words of list[0..n)? */
static bool
in_list(const char *list, size_t n, const char *name)
{
	size_t l = strlen(name);
	const char *p = list, *end = list + n;

	while (p < end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		size_t w = c ? (size_t)(c - p) : (size_t)(end - p);

		if (w == l && memcmp(p, name, l) == 0)
			return true;
		p += w + 1;
	}
	return false;
}

int
cg_proc_path(const char *text, const char *controller, char *out, size_t len)
{
	const char *line = text;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		const char *c1 = memchr(line, ':', n), *c2;

		if (c1 && (c2 = memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - line)))) {
			const char *ctl = c1 + 1, *path = c2 + 1;
			size_t cl = (size_t)(c2 - ctl);
			size_t pl = n - (size_t)(path - line);
			bool v2 = cl == 0 && c1 - line == 1 && line[0] == '0';

			if (controller ? (!v2 && in_list(ctl, cl, controller)) : v2)
				return path[0] == '/' ? copy(out, len, path, pl) : -1;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	return -1;
}

/* The i-th space-separated field of line[0..n) into f/fl. */
static bool
field(const char *line, size_t n, int i, const char **f, size_t *fl)
{
	const char *p = line, *end = line + n;

	for (;;) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		size_t w = sp ? (size_t)(sp - p) : (size_t)(end - p);

		if (i-- == 0) {
			*f = p;
			*fl = w;
			return true;
		}
		if (!sp)
			return false;
		p = sp + 1;
	}
}

int
cg_mount_find(const char *text, const char *controller, char *mnt,
	      size_t mlen, char *root, size_t rlen)
{
	const char *line = text;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		const char *sep = NULL, *f, *r, *m, *o;
		size_t fl, rl, ml, ol;

		/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS...] - FSTYPE
		 * SOURCE SUPEROPTS" */
		for (const char *p = line; p + 2 < line + n; p++)
			if (p[0] == ' ' && p[1] == '-' && p[2] == ' ') {
				sep = p + 3;
				break;
			}
		if (sep && field(line, n, 3, &r, &rl) &&
		    field(line, n, 4, &m, &ml) &&
		    field(sep, n - (size_t)(sep - line), 0, &f, &fl) &&
		    field(sep, n - (size_t)(sep - line), 2, &o, &ol) &&
		    !memchr(m, '\\', ml) && !memchr(r, '\\', rl)) {
			bool hit = controller ?
				(fl == 6 && memcmp(f, "cgroup", 6) == 0 &&
				 in_list(o, ol, controller)) :
				(fl == 7 && memcmp(f, "cgroup2", 7) == 0);

			if (hit)
				return copy(mnt, mlen, m, ml) < 0 ||
				       copy(root, rlen, r, rl) < 0 ? -1 : 0;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	return -1;
}

/* Absolute, no empty, "." or ".." components (a trailing '/' only for "/"). */
static bool
canonical(const char *p)
{
	if (p[0] != '/')
		return false;
	if (p[1] == '\0')
		return true;
	for (const char *c = p; *c;) {
		const char *s = c + 1, *e = strchr(s, '/');
		size_t l = e ? (size_t)(e - s) : strlen(s);

		if (l == 0 || (l == 1 && s[0] == '.') ||
		    (l == 2 && s[0] == '.' && s[1] == '.'))
			return false;
		c = s + l;
	}
	return true;
}

int
cg_dir(const char *mnt, const char *root, const char *path, char *out,
       size_t len)
{
	size_t rl = strlen(root);
	const char *rest;
	int n;

	if (!canonical(mnt) || !canonical(root) || !canonical(path))
		return -1;
	if (strcmp(root, "/") == 0)
		rest = path;
	else if (strncmp(path, root, rl) == 0 &&
		 (path[rl] == '\0' || path[rl] == '/'))
		rest = path + rl;
	else
		return -1;
	if (strcmp(rest, "/") == 0)
		rest = "";
	n = snprintf(out, len, "%s%s", mnt, rest);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
cg_parse_limit(const char *s, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	while (*s == ' ')
		s++;
	if (strncmp(s, "max", 3) == 0 && (s[3] == '\0' || s[3] == '\n')) {
		*out = 0;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || (*end != '\0' && *end != '\n'))
		return -1;
	/* v1 says "no limit" with LONG_MAX rounded down to a page. */
	*out = v >= (1ULL << 62) ? 0 : v;
	return 0;
}

unsigned long
cg_cpu_percent(long long quota, unsigned long long period)
{
	unsigned long long p;

	if (quota <= 0 || period == 0)
		return 0;
	p = ((unsigned long long)quota * 100 + period - 1) / period;
	return p ? (unsigned long)p : 1;
}

unsigned long long
cg_cpu_quota(unsigned long percent)
{
	return (unsigned long long)percent * CG_CPU_PERIOD / 100;
}

int
cg_parse_cpu_max(const char *s, unsigned long *percent)
{
	unsigned long long q, per;
	char *end;

	if (strncmp(s, "max ", 4) == 0) {
		*percent = 0;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	q = strtoull(s, &end, 10);
	if (errno || *end != ' ' || end[1] < '0' || end[1] > '9')
		return -1;
	per = strtoull(end + 1, &end, 10);
	if (errno || (*end != '\0' && *end != '\n') || per == 0 ||
	    q > (1ULL << 40))
		return -1;
	*percent = cg_cpu_percent((long long)q, per);
	return 0;
}

bool
cg_controllers_have(const char *list, unsigned want)
{
	for (unsigned b = 1; b <= CG_CPU; b <<= 1) {
		const char *name = cg_ctl_name((enum cg_ctl)b), *p = list;
		size_t l = strlen(name);
		bool found = false;

		if (!(want & b))
			continue;
		while (*p && !found) {
			size_t w = strcspn(p, " \n");

			found = w == l && memcmp(p, name, l) == 0;
			p += w;
			p += strspn(p, " \n");
		}
		if (!found)
			return false;
	}
	return true;
}

int
cg_session_name(char *out, size_t len, const char *user, long pid)
{
	int n = snprintf(out, len, "%s.%ld", user, pid);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* Is s[0..n) one or more decimal digits? */
static bool
digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool
cg_is_session_cgroup(const char *path)
{
	const char *last = strrchr(path, '/'), *dot, *dash;
	size_t dl = strlen(CG_DELEGATED), sl = strlen(CG_SUBTREE);

	if (!last || !last[1])
		return false;
	last++;
	/* cylo-session.PID */
	if (strncmp(last, CG_DELEGATED ".", dl + 1) == 0)
		return digits(last + dl + 1, strlen(last + dl + 1));
	/* cylo-UID-PID.scope */
	if (strncmp(last, "cylo-", 5) == 0 && (dot = strrchr(last, '.')) &&
	    strcmp(dot, ".scope") == 0 &&
	    (dash = memchr(last + 5, '-', (size_t)(dot - last - 5))))
		return digits(last + 5, (size_t)(dash - last - 5)) &&
		       digits(dash + 1, (size_t)(dot - dash - 1));
	/* cylo/USER.PID */
	dot = strrchr(last, '.');
	return dot && dot != last && digits(dot + 1, strlen(dot + 1)) &&
	       (size_t)(last - 1 - path) >= sl &&
	       strncmp(last - 1 - sl, CG_SUBTREE, sl) == 0 &&
	       (last - 1 - sl == path || last[-2 - (long)sl] == '/');
}
