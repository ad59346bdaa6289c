/*
 * config.c - cylo.conf: parsing and policy resolution (pure code).
 *
 * Assumes: the caller has read the whole file into memory (config_file.c
 * does, after checking who owns it).
 * Guarantees: every key and value is checked by config_parse with the same
 * code that config_resolve later uses to apply it, so a config that parses
 * resolves for any user; no syscalls, no globals besides constant tables.
 *
 * Character classes are tested by hand rather than with <ctype.h>: the
 * answers must not depend on the caller's locale.
 */
#include "config.h"
#include "errbuf.h"
#include "strset.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The teaching set behind "commands = default": the everyday tools of a
 * programming lab.  Keep it in step with cylo.conf(5) and etc/cylo.conf.
 */
static const char *const default_commands[] = {
	/* files */
	"cat", "ls", "cp", "mv", "rm", "mkdir", "rmdir", "touch", "ln",
	"chmod", "pwd", "stat", "du", "df", "find", "xargs", "realpath",
	"readlink", "basename", "dirname", "mktemp", "truncate", "file",
	"tree",
	/* text */
	"echo", "printf", "head", "tail", "wc", "sort", "uniq", "cut", "tr",
	"tee", "paste", "join", "comm", "fold", "fmt", "nl", "od", "tac",
	"rev", "split", "csplit", "expand", "unexpand", "column", "shuf",
	"base64", "md5sum", "sha1sum", "sha256sum", "sha512sum", "cksum",
	"hexdump", "xxd", "iconv",
	/* searching, comparing, editing */
	"grep", "egrep", "fgrep", "sed", "awk", "gawk", "mawk", "diff",
	"diff3", "sdiff", "cmp", "patch", "less", "more", "nano", "vim", "vi",
	"view", "vimdiff",
	/* archives */
	"tar", "gzip", "gunzip", "zcat", "bzip2", "bunzip2", "xz", "unxz",
	"zip", "unzip",
	/* building */
	"make", "gcc", "cc", "c++", "g++", "cpp", "as", "ld", "ar", "git",
	"man",
	/* the session itself */
	"date", "cal", "sleep", "env", "printenv", "id", "whoami", "groups",
	"uname", "hostname", "clear", "reset", "tput", "stty", "tty", "ps",
	"kill", "true", "false", "test", "expr", "seq", "yes", "timeout",
	"nice", "nproc", "which", "time", "watch",
	/* file transfer: the server sides of scp -O and rsync over ssh */
	"scp", "rsync",
	NULL
};

/* The keys, in the order cylo.conf(5) documents and policy_print prints. */
enum key_scope { SCOPE_POLICY, SCOPE_PAM };

struct keydef {
	const char *name;
	enum key_scope scope;
};

static const struct keydef keys[] = {
	{ "home_size", SCOPE_POLICY },
	{ "home_inodes", SCOPE_POLICY },
	{ "home_noexec", SCOPE_POLICY },
	{ "network", SCOPE_POLICY },
	{ "hostname", SCOPE_POLICY },
	{ "nproc", SCOPE_POLICY },
	{ "nofile", SCOPE_POLICY },
	{ "process_memory", SCOPE_POLICY },
	{ "cpu_seconds", SCOPE_POLICY },
	{ "fsize", SCOPE_POLICY },
	{ "ptys", SCOPE_POLICY },
	/* Whole-session limits (the session's cgroup). */
	{ "memory", SCOPE_POLICY },
	{ "tasks", SCOPE_POLICY },
	{ "cpu", SCOPE_POLICY },
	{ "session_limits", SCOPE_POLICY },
	{ "landlock_min_abi", SCOPE_POLICY },
	{ "allow_debuggers", SCOPE_POLICY },
	{ "idle_timeout", SCOPE_POLICY },
	{ "histsize", SCOPE_POLICY },
	{ "skel", SCOPE_POLICY },
	{ "commands", SCOPE_POLICY },
	{ "languages", SCOPE_POLICY },
	{ "persist", SCOPE_POLICY },
	{ "persist_group", SCOPE_POLICY },
	{ "material", SCOPE_POLICY },
	{ "users", SCOPE_PAM },
	{ "groups", SCOPE_PAM },
	{ "services", SCOPE_PAM },
};

/* Bounds that keep a session usable; see cylo.conf(5). */
#define MIN_HOME_SIZE (1024ULL * 1024)
#define MAX_SIZE (1ULL << 60)
#define MIN_HOME_INODES 16ULL
#define MAX_NPROC 4194304ULL		/* PID_MAX_LIMIT */
#define MIN_NOFILE 16ULL
#define MAX_NOFILE 1048576ULL		/* the kernel's default nr_open */
#define MAX_HISTSIZE 1000000ULL
#define MAX_PTYS 4096ULL		/* the kernel's default pty.max */
#define MAX_LANDLOCK_ABI 7
/* A session needs a few processes (init, shell, a pipeline); a memory cap
 * below a few MiB cannot even start one. */
#define MIN_TASKS 8ULL
#define MIN_SESSION_MEMORY (16ULL << 20)
#define MAX_CPU_PERCENT 100000ULL	/* 1000 CPUs */
#define MAX_PROG_NAME 255

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* ---- string lists -------------------------------------------------------- */

bool
strlist_has(const struct strlist *l, const char *s)
{
	size_t i;

	if (!l || !s)
		return false;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

static void
strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/*
 * A list being built: lists are sets, and a policy's may hold hundreds of
 * names, so each new item is checked against a hash set of those already
 * in, not against every one of them (bench/config).  The order stays the
 * order of first appearance.
 */
struct listbuild {
	struct strlist l;
	size_t cap;
	struct strset seen;
};

/* Append a copy of the len bytes at s unless they are already there. */
static int
lb_add(struct listbuild *b, const char *s, size_t len)
{
	char *copy;

	if (strset_has(&b->seen, s, len))
		return 0;
	if (b->l.n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 16;
		char **v = cap > SIZE_MAX / sizeof(*v) ? NULL :
			   realloc(b->l.v, cap * sizeof(*v));

		if (!v)
			return -1;
		b->l.v = v;
		b->cap = cap;
	}
	copy = strndup(s, len);
	if (!copy)
		return -1;
	if (strset_add(&b->seen, copy) < 0) {
		free(copy);
		return -1;
	}
	b->l.v[b->l.n++] = copy;
	return 0;
}

/* Hand the list over to *out (released first); b is left empty. */
static void
lb_done(struct listbuild *b, struct strlist *out)
{
	strset_free(&b->seen);
	strlist_free(out);
	*out = b->l;
	memset(b, 0, sizeof(*b));
}

static void
lb_free(struct listbuild *b)
{
	strset_free(&b->seen);
	strlist_free(&b->l);
	b->cap = 0;
}

/* ---- value syntax -------------------------------------------------------- */

/* A decimal integer, no sign, no spaces, at most max. */
static int
parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (!is_digit(*s))
		return -1;
	for (; *s; s++) {
		unsigned long long d = (unsigned long long)(*s - '0');

		if (!is_digit(*s))
			return -1;
		if (d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int
parse_size(const char *s, unsigned long long *out)
{
	unsigned long long v = 0, mult = 1;
	size_t len;

	if (!s) {
		errno = EINVAL;
		return -1;
	}
	if (strcmp(s, "unlimited") == 0) {
		*out = 0;
		return 0;
	}
	len = strlen(s);
	if (len == 0) {
		errno = EINVAL;
		return -1;
	}
	switch (s[len - 1]) {
	case 'k': case 'K':
		mult = 1ULL << 10;
		break;
	case 'm': case 'M':
		mult = 1ULL << 20;
		break;
	case 'g': case 'G':
		mult = 1ULL << 30;
		break;
	case 't': case 'T':
		mult = 1ULL << 40;
		break;
	}
	if (mult != 1)
		len--;
	if (len == 0) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		if (!is_digit(s[i])) {
			errno = EINVAL;
			return -1;
		}
		if (v > (ULLONG_MAX - (unsigned long long)(s[i] - '0')) / 10) {
			errno = ERANGE;
			return -1;
		}
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	/* At most 1 EiB: the kernel rounds a tmpfs size up to whole pages,
	 * and a size within a page of 2^64 wraps to 0, which is "no limit". */
	if (v > MAX_SIZE / mult) {
		errno = ERANGE;
		return -1;
	}
	*out = v * mult;
	return 0;
}

int
format_size(unsigned long long v, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	int u = -1;

	if (v == 0)
		return snprintf(buf, len, "unlimited");
	while (u < 3 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		return snprintf(buf, len, "%llu", v);
	return snprintf(buf, len, "%llu%c", v, units[u]);
}

/* Seconds, with an optional s, m, h or d suffix; "never" is 0. */
static int
parse_duration(const char *s, unsigned long long *out)
{
	unsigned long long v, mult = 1;
	char num[32];
	size_t len = strlen(s);

	if (strcmp(s, "never") == 0) {
		*out = 0;
		return 0;
	}
	if (len == 0 || len >= sizeof(num))
		return -1;
	switch (s[len - 1]) {
	case 's':
		len--;
		break;
	case 'm':
		mult = 60;
		len--;
		break;
	case 'h':
		mult = 3600;
		len--;
		break;
	case 'd':
		mult = 86400;
		len--;
		break;
	}
	memcpy(num, s, len);
	num[len] = '\0';
	if (parse_uint(num, ULONG_MAX / mult, &v) < 0)
		return -1;
	*out = v * mult;
	return 0;
}

static void
format_duration(unsigned long v, char *buf, size_t len)
{
	if (v == 0)
		snprintf(buf, len, "never");
	else if (v % 86400 == 0)
		snprintf(buf, len, "%lud", v / 86400);
	else if (v % 3600 == 0)
		snprintf(buf, len, "%luh", v / 3600);
	else if (v % 60 == 0)
		snprintf(buf, len, "%lum", v / 60);
	else
		snprintf(buf, len, "%lu", v);
}

static int
parse_bool(const char *s, bool *out)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0) {
		*out = true;
		return 0;
	}
	if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0) {
		*out = false;
		return 0;
	}
	return -1;
}

bool
config_valid_name(const char *s)
{
	size_t i, len;

	if (!s)
		return false;
	len = strlen(s);
	/* A leading '-' would read as an option to the tools admins use. */
	if (len == 0 || len > CONF_MAX_NAME || s[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (is_alnum(c) || c == '.' || c == '_' || c == '-')
			continue;
		if (c == '$' && i == len - 1 && i > 0)
			continue;
		return false;
	}
	/* "." and ".." are path components, not names. */
	return strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

/* Is s[0..n) "." or ".."? */
static bool
is_dot_or_dotdot(const char *s, size_t n)
{
	return (n == 1 && s[0] == '.') ||
	       (n == 2 && s[0] == '.' && s[1] == '.');
}

/* A hostname: dot-separated RFC 1123 labels, at most 64 bytes in all. */
static bool
valid_hostname(const char *s)
{
	size_t len = strlen(s), label = 0;

	if (len == 0 || len > 64)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!is_alnum(c) && c != '-')
			return false;
		if (c == '-' && label == 0)
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0 && s[len - 1] != '-';
}

/* A program or language name: one path component, no slash. */
static bool
valid_prog_name(const char *s, size_t len)
{
	if (len == 0 || len > MAX_PROG_NAME || s[0] == '-')
		return false;
	if (is_dot_or_dotdot(s, len))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!is_alnum(c) && !strchr("._-+", c))
			return false;
	}
	return true;
}

/* An absolute path without "." or ".." components, or "" for none. */
static bool
valid_skel(const char *s)
{
	const char *p;
	size_t len = strlen(s);

	if (len == 0)
		return true;
	if (s[0] != '/' || len >= PATH_MAX)
		return false;
	for (p = s; *p; ) {
		const char *c;
		size_t n;

		while (*p == '/')
			p++;
		c = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - c);
		if (is_dot_or_dotdot(c, n))
			return false;
	}
	return true;
}

/*
 * A teaching-material directory: an absolute path as for skel, shown at
 * the same path in the session, so it must not lie where the session's
 * own tree is (the system binds, /etc, the session's /proc, /dev, /run,
 * /tmp, /sys).
 */
static bool
valid_material(const char *s, size_t len)
{
	static const char *const taken[] = {
		"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "opt",
		"etc", "proc", "dev", "run", "tmp", "sys", "var/tmp",
	};
	char buf[PATH_MAX];

	if (len < 2 || len >= sizeof(buf) || s[0] != '/' || s[len - 1] == '/')
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!valid_skel(buf) || strstr(buf, "//"))
		return false;
	for (size_t i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		size_t n = strlen(taken[i]);

		if (!strncmp(buf + 1, taken[i], n) &&
		    (buf[1 + n] == '\0' || buf[1 + n] == '/'))
			return false;
	}
	return true;
}

/*
 * Split a list "a, b c" (commas and/or blanks between items).  A comma must
 * sit between two items: "a,,b", ",a" and "a," are errors, so a stray comma
 * is never read as an empty name.  Each item is checked with valid().
 * With out NULL the list is only checked (config_parse: nothing is
 * copied).  When stars is not NULL, *stars and *items count the items
 * that are "*" and all the items, repeats included.
 */
static int
parse_list(const char *s, bool (*valid)(const char *, size_t),
	   const char *what, struct strlist *out, size_t *stars, size_t *items,
	   char *err, size_t errlen)
{
	struct listbuild b = { { NULL, 0 }, 0, { NULL, 0, 0 } };
	bool need_item = false;

	if (stars)
		*stars = *items = 0;
	for (;;) {
		const char *item;
		size_t n;

		while (is_space(*s))
			s++;
		if (*s == '\0') {
			if (need_item) {
				lb_free(&b);
				return errbuf(err, errlen, "empty item in list");
			}
			break;
		}
		if (*s == ',') {
			lb_free(&b);
			return errbuf(err, errlen, "empty item in list");
		}
		item = s;
		while (*s && *s != ',' && !is_space(*s))
			s++;
		n = (size_t)(s - item);
		if (!valid(item, n)) {
			lb_free(&b);
			return errbuf(err, errlen, "invalid %s \"%.*s\"", what,
				    (int)n, item);
		}
		if (stars) {
			*stars += n == 1 && item[0] == '*';
			++*items;
		}
		if (out && lb_add(&b, item, n) < 0) {
			lb_free(&b);
			return errbuf(err, errlen, "out of memory");
		}
		while (is_space(*s))
			s++;
		need_item = false;
		if (*s == ',') {
			s++;
			need_item = true;
		}
	}
	if (out)
		lb_done(&b, out);
	return 0;
}

static bool
valid_name_n(const char *s, size_t len)
{
	char buf[CONF_MAX_NAME + 1];

	if (len > CONF_MAX_NAME)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return config_valid_name(buf);
}

/* Any word: "*" and "default" are looked at after splitting. */
static bool
valid_list_word(const char *s, size_t len)
{
	return (len == 1 && s[0] == '*') || valid_prog_name(s, len);
}

/*
 * commands and languages: "*" alone, or a list of names; for commands the
 * word "default" stands for the teaching set.  With out NULL the value is
 * only checked (config_parse).
 */
static int
parse_name_set(const char *value, bool expand_default, const char *what,
	       bool *all, struct strlist *out, char *err, size_t errlen)
{
	struct strlist words = { NULL, 0 };
	struct listbuild b = { { NULL, 0 }, 0, { NULL, 0, 0 } };
	size_t i, stars, items;

	if (parse_list(value, valid_list_word, what, out ? &words : NULL,
		       &stars, &items, err, errlen) < 0)
		return -1;
	/* Repeats of "*" are one item, as in any list. */
	if (stars && stars != items) {
		strlist_free(&words);
		return errbuf(err, errlen, "\"*\" must stand alone");
	}
	if (!out)
		return 0;
	if (stars) {
		strlist_free(&words);
		strlist_free(out);
		*all = true;
		return 0;
	}
	for (i = 0; i < words.n; i++) {
		const char *w = words.v[i];

		if (expand_default && strcmp(w, "default") == 0) {
			const char *const *d;

			for (d = default_commands; *d; d++)
				if (lb_add(&b, *d, strlen(*d)) < 0)
					goto oom;
		} else if (lb_add(&b, w, strlen(w)) < 0) {
			goto oom;
		}
	}
	strlist_free(&words);
	lb_done(&b, out);
	*all = false;
	return 0;
oom:
	strlist_free(&words);
	lb_free(&b);
	return errbuf(err, errlen, "out of memory");
}

/* ---- applying one setting ------------------------------------------------ */

#define BAD(what) \
	errbuf(err, errlen, "invalid value \"%s\" for %s: expected %s", v, k, \
	     what)

/*
 * Set key k of p from value v.  The only place values are interpreted:
 * config_parse calls it with check on a scratch policy to validate (lists
 * are then checked, not built: a config with hundreds of sections is
 * parsed in every session), config_resolve without on the real one.
 * Errors name the key and value but not the file or line.
 */
static int
policy_apply(struct policy *p, const char *k, const char *v, bool check,
	     char *err, size_t errlen)
{
	unsigned long long n;

	if (strcmp(k, "home_size") == 0) {
		if (strcmp(v, "unlimited") == 0 || parse_size(v, &n) < 0 ||
		    n < MIN_HOME_SIZE)
			return BAD("a size of at least 1M, such as 256M");
		p->home_size = n;
	} else if (strcmp(k, "home_inodes") == 0) {
		if (parse_uint(v, ULLONG_MAX, &n) < 0 || n < MIN_HOME_INODES)
			return BAD("a number of at least 16");
		p->home_inodes = n;
	} else if (strcmp(k, "home_noexec") == 0) {
		if (parse_bool(v, &p->home_noexec) < 0)
			return BAD("yes or no");
	} else if (strcmp(k, "network") == 0) {
		if (strcmp(v, "none") == 0)
			p->network = NET_NONE;
		else if (strcmp(v, "host") == 0)
			p->network = NET_HOST;
		else
			return BAD("none or host");
	} else if (strcmp(k, "hostname") == 0) {
		if (!valid_hostname(v))
			return BAD("a host name of letters, digits, '-' and '.', at most 64 bytes");
		snprintf(p->hostname, sizeof(p->hostname), "%s", v);
	} else if (strcmp(k, "nproc") == 0) {
		if (parse_uint(v, MAX_NPROC, &n) < 0 || n < 1)
			return BAD("a number from 1 to 4194304");
		p->nproc = (unsigned long)n;
	} else if (strcmp(k, "nofile") == 0) {
		if (parse_uint(v, MAX_NOFILE, &n) < 0 || n < MIN_NOFILE)
			return BAD("a number from 16 to 1048576");
		p->nofile = (unsigned long)n;
	} else if (strcmp(k, "process_memory") == 0 ||
		   strcmp(k, "fsize") == 0) {
		/* 0 would read as "unlimited"; make the admin say so. */
		if (parse_size(v, &n) < 0 ||
		    (n == 0 && strcmp(v, "unlimited") != 0))
			return BAD("a size such as 2G, or unlimited");
		if (k[0] == 'p')
			p->process_memory = n;
		else
			p->fsize = n;
	} else if (strcmp(k, "ptys") == 0) {
		/* At least the session's own terminal. */
		if (parse_uint(v, MAX_PTYS, &n) < 0 || n < 1)
			return BAD("a number from 1 to 4096");
		p->ptys = (unsigned)n;
	} else if (strcmp(k, "memory") == 0) {
		if (parse_size(v, &n) < 0 ||
		    (n == 0 && strcmp(v, "unlimited") != 0) ||
		    (n != 0 && n < MIN_SESSION_MEMORY))
			return BAD("a size of at least 16M, such as 512M, or unlimited");
		p->memory = n;
	} else if (strcmp(k, "tasks") == 0) {
		if (strcmp(v, "unlimited") == 0)
			n = 0;
		else if (parse_uint(v, MAX_NPROC, &n) < 0 || n < MIN_TASKS)
			return BAD("a number from 8 to 4194304, or unlimited");
		p->tasks = (unsigned long)n;
	} else if (strcmp(k, "cpu") == 0) {
		size_t l = strlen(v);
		char num[32];

		if (strcmp(v, "unlimited") == 0) {
			n = 0;
		} else if (l < 2 || l >= sizeof(num) || v[l - 1] != '%') {
			return BAD("a percentage of one CPU such as 50% or 200%, or unlimited");
		} else {
			memcpy(num, v, l - 1);
			num[l - 1] = '\0';
			if (parse_uint(num, MAX_CPU_PERCENT, &n) < 0 || n == 0)
				return BAD("a percentage of one CPU such as 50% or 200%, or unlimited");
		}
		p->cpu_percent = (unsigned long)n;
	} else if (strcmp(k, "session_limits") == 0) {
		if (strcmp(v, "cgroup") == 0)
			p->session_limits = LIMITS_CGROUP;
		else if (strcmp(v, "per-process") == 0)
			p->session_limits = LIMITS_PER_PROCESS;
		else
			return BAD("cgroup or per-process");
	} else if (strcmp(k, "cpu_seconds") == 0) {
		if (strcmp(v, "unlimited") == 0)
			n = 0;
		else if (parse_uint(v, ULONG_MAX, &n) < 0 || n == 0)
			return BAD("a number of seconds, or unlimited");
		p->cpu_seconds = (unsigned long)n;
	} else if (strcmp(k, "landlock_min_abi") == 0) {
		if (parse_uint(v, MAX_LANDLOCK_ABI, &n) < 0 || n < 1)
			return BAD("a Landlock ABI version from 1 to 7");
		p->landlock_min_abi = (int)n;
	} else if (strcmp(k, "allow_debuggers") == 0) {
		if (parse_bool(v, &p->allow_debuggers) < 0)
			return BAD("yes or no");
	} else if (strcmp(k, "idle_timeout") == 0) {
		if (parse_duration(v, &n) < 0)
			return BAD("seconds (or 30m, 2h, 1d), or never");
		p->idle_timeout = (unsigned long)n;
	} else if (strcmp(k, "histsize") == 0) {
		if (parse_uint(v, MAX_HISTSIZE, &n) < 0)
			return BAD("a number from 0 to 1000000");
		p->histsize = (unsigned long)n;
	} else if (strcmp(k, "skel") == 0) {
		if (!valid_skel(v))
			return BAD("an absolute path without . or .. components, or nothing");
		snprintf(p->skel, sizeof(p->skel), "%s", v);
	} else if (strcmp(k, "persist") == 0) {
		/* The same shape as skel; "/" alone would make every account's
		 * store a top-level directory of the host. */
		if (!valid_skel(v) || strcmp(v, "/") == 0 ||
		    strlen(v) >= sizeof(p->persist))
			return BAD("an absolute path without . or .. components, or nothing");
		snprintf(p->persist, sizeof(p->persist), "%s", v);
		/* A trailing slash would double in STORE/USER. */
		while (strlen(p->persist) > 1 &&
		       p->persist[strlen(p->persist) - 1] == '/')
			p->persist[strlen(p->persist) - 1] = '\0';
	} else if (strcmp(k, "persist_group") == 0) {
		if (*v && !config_valid_name(v))
			return BAD("a group name, or nothing");
		snprintf(p->persist_group, sizeof(p->persist_group), "%s", v);
	} else if (strcmp(k, "material") == 0) {
		char msg[256];

		if (parse_list(v, valid_material, "directory",
			       check ? NULL : &p->material, NULL, NULL, msg,
			       sizeof(msg)) < 0)
			return errbuf(err, errlen, "material: %s (an absolute "
				    "path outside /usr, /etc, /opt, /proc, /dev, "
				    "/run, /tmp and /sys)", msg);
	} else if (strcmp(k, "commands") == 0) {
		char msg[256];

		if (parse_name_set(v, true, "command name", &p->commands_all,
				   check ? NULL : &p->commands, msg,
				   sizeof(msg)) < 0)
			return errbuf(err, errlen, "commands: %s", msg);
	} else if (strcmp(k, "languages") == 0) {
		char msg[256];

		if (parse_name_set(v, false, "language name",
				   &p->languages_all,
				   check ? NULL : &p->languages, msg,
				   sizeof(msg)) < 0)
			return errbuf(err, errlen, "languages: %s", msg);
	} else {
		return errbuf(err, errlen, "unknown key \"%s\"", k);
	}
	return 0;
}

#undef BAD

/* ---- defaults ------------------------------------------------------------ */

const char *const *
config_default_commands(void)
{
	return default_commands;
}

void
policy_defaults(struct policy *p)
{
	struct listbuild b = { { NULL, 0 }, 0, { NULL, 0, 0 } };
	const char *const *d;

	memset(p, 0, sizeof(*p));
	p->home_size = 256ULL << 20;
	p->home_inodes = 65536;
	p->home_noexec = false;
	p->network = NET_NONE;
	snprintf(p->hostname, sizeof(p->hostname), "cylo");
	p->nproc = 256;
	p->nofile = 1024;
	p->process_memory = 2ULL << 30;
	p->cpu_seconds = 0;
	p->fsize = 1ULL << 30;
	p->ptys = 32;
	/* No session-wide limit unless the administrator sets one: a host
	 * without a cgroup route can then still run sessions, and a limit
	 * that is set always holds (or the session does not start). */
	p->memory = 0;
	p->tasks = 0;
	p->cpu_percent = 0;
	p->session_limits = LIMITS_CGROUP;
	p->landlock_min_abi = 1;
	p->allow_debuggers = false;
	p->idle_timeout = 0;
	p->histsize = 1000;
	p->skel[0] = '\0';
	p->commands_all = false;
	for (d = default_commands; *d; d++) {
		if (lb_add(&b, *d, strlen(*d)) < 0) {
			/* Fail closed: no commands, not a partial set. */
			lb_free(&b);
			break;
		}
	}
	lb_done(&b, &p->commands);
	p->languages_all = true;
}

void
policy_free(struct policy *p)
{
	strlist_free(&p->commands);
	strlist_free(&p->languages);
	strlist_free(&p->material);
}

/* ---- parsing ------------------------------------------------------------- */

static const struct keydef *
find_key(const char *name)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static const char *
kind_name(enum section_kind k)
{
	switch (k) {
	case SEC_DEFAULT:
		return "default";
	case SEC_GROUP:
		return "group";
	case SEC_USER:
		return "user";
	case SEC_PAM:
		return "pam";
	}
	return "?";
}

static void
section_free(struct section *s)
{
	for (size_t i = 0; i < s->nsettings; i++) {
		free(s->settings[i].key);
		free(s->settings[i].value);
	}
	free(s->settings);
	free(s->name);
	free(s->file);
}

void
config_free(struct config *c)
{
	for (size_t i = 0; i < c->nsections; i++)
		section_free(&c->sections[i]);
	free(c->sections);
	free(c->filename);
	strlist_free(&c->pam_users);
	strlist_free(&c->pam_groups);
	strlist_free(&c->pam_services);
	memset(c, 0, sizeof(*c));
}

static char *
trim(char *s)
{
	char *e;

	while (is_space(*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_space(e[-1]))
		*--e = '\0';
	return s;
}

/* The state of one config_parse call. */
struct parser {
	struct config *c;
	struct policy scratch;	/* values are tried on this to validate them */
	unsigned line;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3))) static int
perr(struct parser *ps, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return errbuf(ps->err, ps->errlen, "%s:%u: %s", ps->c->filename,
		    ps->line, msg);
}

/* "[kind]" or "[kind NAME]"; s is trimmed and starts with '['. */
static int
parse_header(struct parser *ps, char *s)
{
	struct config *c = ps->c;
	struct section *sec, *v;
	enum section_kind kind;
	size_t len = strlen(s);
	char *kw, *name;

	if (s[len - 1] != ']')
		return perr(ps, "expected \"]\" at the end of the section header");
	s[len - 1] = '\0';
	kw = trim(s + 1);
	if (*kw == '\0')
		return perr(ps, "empty section header");
	for (name = kw; *name && !is_space(*name); name++)
		;
	if (*name) {
		*name++ = '\0';
		name = trim(name);
	}
	if (strcmp(kw, "default") == 0)
		kind = SEC_DEFAULT;
	else if (strcmp(kw, "group") == 0)
		kind = SEC_GROUP;
	else if (strcmp(kw, "user") == 0)
		kind = SEC_USER;
	else if (strcmp(kw, "pam") == 0)
		kind = SEC_PAM;
	else
		return perr(ps, "unknown section \"[%s]\": expected [default], "
			    "[group NAME], [user NAME] or [pam]", kw);
	if ((kind == SEC_DEFAULT || kind == SEC_PAM) && *name)
		return perr(ps, "section [%s] takes no name", kw);
	if ((kind == SEC_GROUP || kind == SEC_USER) && !*name)
		return perr(ps, "section [%s] needs a %s name", kw, kw);
	if (*name && !config_valid_name(name))
		return perr(ps, "invalid %s name \"%s\"", kw, name);

	/* Grown geometrically: a lab's config may hold hundreds. */
	if (c->nsections == c->sections_cap) {
		size_t cap = c->sections_cap ? 2 * c->sections_cap : 8;

		v = cap > SIZE_MAX / sizeof(*v) ? NULL :
		    realloc(c->sections, cap * sizeof(*v));
		if (!v)
			return perr(ps, "out of memory");
		c->sections = v;
		c->sections_cap = cap;
	}
	sec = &c->sections[c->nsections];
	memset(sec, 0, sizeof(*sec));
	sec->kind = kind;
	sec->line = ps->line;
	sec->file = strdup(c->filename);
	if (!sec->file) {
		c->nsections++;
		return perr(ps, "out of memory");
	}
	if (*name) {
		sec->name = strdup(name);
		if (!sec->name)
			return perr(ps, "out of memory");
	}
	c->nsections++;
	return 0;
}

/* "key = value" inside the current section. */
static int
parse_setting(struct parser *ps, char *s)
{
	struct config *c = ps->c;
	const struct keydef *kd;
	struct section *sec;
	struct setting *v, *st;
	char *eq = strchr(s, '='), *key, *value, msg[384];

	if (!eq)
		return perr(ps, "expected \"key = value\", got \"%s\"", s);
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	if (*key == '\0')
		return perr(ps, "missing key before \"=\"");
	kd = find_key(key);
	if (!kd)
		return perr(ps, "unknown key \"%s\"", key);
	if (c->nsections == 0)
		return perr(ps, "key \"%s\" before any section header", key);
	sec = &c->sections[c->nsections - 1];
	if (kd->scope == SCOPE_PAM && sec->kind != SEC_PAM)
		return perr(ps, "key \"%s\" is only allowed in [pam]", key);
	if (kd->scope == SCOPE_POLICY && sec->kind == SEC_PAM)
		return perr(ps, "key \"%s\" is not allowed in [pam]", key);
	for (size_t i = 0; i < sec->nsettings; i++)
		if (strcmp(sec->settings[i].key, key) == 0)
			return perr(ps, "duplicate key \"%s\" "
				    "(already set on line %u)", key,
				    sec->settings[i].line);

	if (kd->scope == SCOPE_POLICY) {
		if (policy_apply(&ps->scratch, key, value, true, msg,
				 sizeof(msg)) < 0)
			return perr(ps, "%s", msg);
	} else {
		const char *what = strcmp(key, "users") == 0 ? "user name" :
				   strcmp(key, "groups") == 0 ? "group name" :
				   "service name";

		if (parse_list(value, valid_name_n, what, NULL, NULL, NULL,
			       msg, sizeof(msg)) < 0)
			return perr(ps, "%s: %s", key, msg);
	}

	v = realloc(sec->settings, (sec->nsettings + 1) * sizeof(*v));
	if (!v)
		return perr(ps, "out of memory");
	sec->settings = v;
	st = &sec->settings[sec->nsettings];
	st->key = strdup(key);
	st->value = strdup(value);
	st->line = ps->line;
	if (!st->key || !st->value) {
		free(st->key);
		free(st->value);
		return perr(ps, "out of memory");
	}
	sec->nsettings++;
	return 0;
}

/*
 * One line, without its newline.  Returns 0 or -1.  Control characters are
 * refused outright (they hide text from whoever reviews the file), and a
 * '#' at the start of a line or after a blank starts a comment.
 */
static int
parse_line(struct parser *ps, const char *raw, size_t len)
{
	char buf[CONF_MAX_LINE + 1], *s;
	size_t i;

	if (len > CONF_MAX_LINE)
		return perr(ps, "line too long (more than %d bytes)",
			    CONF_MAX_LINE);
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)raw[i];

		if (ch == '\0')
			return perr(ps, "NUL byte in line");
		if (ch == '\r')
			return perr(ps, "carriage return in line (DOS line endings?)");
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return perr(ps, "control character 0x%02x in line", ch);
	}
	memcpy(buf, raw, len);
	buf[len] = '\0';
	for (i = 0; i < len; i++) {
		if (buf[i] == '#' && (i == 0 || is_space(buf[i - 1]))) {
			buf[i] = '\0';
			break;
		}
	}
	s = trim(buf);
	if (*s == '\0')
		return 0;
	if (*s == '[')
		return parse_header(ps, s);
	return parse_setting(ps, s);
}

/* Fold the [pam] sections into c->pam_*: a later value replaces an earlier. */
static int
pam_fold(struct config *c, char *err, size_t errlen)
{
	char msg[384];

	c->has_pam = false;
	strlist_free(&c->pam_users);
	strlist_free(&c->pam_groups);
	strlist_free(&c->pam_services);
	for (size_t i = 0; i < c->nsections; i++) {
		struct section *sec = &c->sections[i];

		if (sec->kind != SEC_PAM)
			continue;
		c->has_pam = true;
		for (size_t j = 0; j < sec->nsettings; j++) {
			struct setting *st = &sec->settings[j];
			struct strlist *l = strcmp(st->key, "users") == 0 ?
				&c->pam_users : strcmp(st->key, "groups") == 0 ?
				&c->pam_groups : &c->pam_services;

			if (parse_list(st->value, valid_name_n, "name", l,
				       NULL, NULL, msg, sizeof(msg)) < 0)
				return errbuf(err, errlen, "%s:%u: %s: %s",
					    sec->file, st->line, st->key, msg);
		}
	}
	return 0;
}

int
config_merge(struct config *into, struct config *from, char *err,
	     size_t errlen)
{
	struct section *v;

	if (from->nsections) {
		v = realloc(into->sections, (into->nsections +
					     from->nsections) * sizeof(*v));
		if (!v)
			return errbuf(err, errlen, "out of memory");
		into->sections = v;
		into->sections_cap = into->nsections + from->nsections;
		memcpy(into->sections + into->nsections, from->sections,
		       from->nsections * sizeof(*v));
		into->nsections += from->nsections;
		free(from->sections);
		from->sections = NULL;
		from->nsections = 0;
	}
	config_free(from);
	return pam_fold(into, err, errlen);
}

int
config_parse(const char *text, size_t len, const char *filename,
	     struct config *out, char *err, size_t errlen)
{
	struct parser ps;
	size_t pos = 0;
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (err && errlen)
		err[0] = '\0';
	out->filename = strdup(filename ? filename : "cylo.conf");
	if (!out->filename)
		return errbuf(err, errlen, "out of memory");
	memset(&ps, 0, sizeof(ps));
	ps.c = out;
	ps.err = err;
	ps.errlen = errlen;
	policy_defaults(&ps.scratch);

	while (pos < len && r == 0) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		ps.line++;
		r = parse_line(&ps, text + pos, end - pos);
		pos = end + 1;
	}
	if (r == 0)
		r = pam_fold(out, err, errlen);
	policy_free(&ps.scratch);
	if (r < 0) {
		config_free(out);
		return -1;
	}
	return 0;
}

/* ---- resolution ---------------------------------------------------------- */

static bool
in_list(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] && strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* The order that makes a user beat a group and a group the default. */
static const enum section_kind section_order[] = {
	SEC_DEFAULT, SEC_GROUP, SEC_USER
};

/* Does sec, of kind, apply to user (a member of groups)? */
static bool
applies(const struct section *sec, enum section_kind kind, const char *user,
	const char *const *groups, size_t ngroups)
{
	if (sec->kind != kind)
		return false;
	if (kind == SEC_USER)
		return user && strcmp(sec->name, user) == 0;
	if (kind == SEC_GROUP)
		return in_list(groups, groups ? ngroups : 0, sec->name);
	return true;
}

int
config_resolve(const struct config *c, const char *user,
	       const char *const *groups, size_t ngroups,
	       struct policy *out, char *err, size_t errlen)
{
	char msg[512];

	policy_defaults(out);
	for (size_t o = 0; o < sizeof(section_order) / sizeof(section_order[0]); o++) {
		for (size_t i = 0; i < c->nsections; i++) {
			const struct section *sec = &c->sections[i];

			if (!applies(sec, section_order[o], user, groups, ngroups))
				continue;
			for (size_t j = 0; j < sec->nsettings; j++) {
				const struct setting *st = &sec->settings[j];

				if (policy_apply(out, st->key, st->value,
						 false, msg,
						 sizeof(msg)) < 0) {
					policy_free(out);
					return errbuf(err, errlen, "%s:%u: %s",
						    sec->file, st->line, msg);
				}
			}
		}
	}
	return 0;
}

bool
config_origin(const struct config *c, const char *user,
	      const char *const *groups, size_t ngroups, const char *key,
	      const char **file, unsigned *line)
{
	/* The order of config_resolve: the last match is what applies. */
	bool found = false;

	for (size_t o = 0; o < sizeof(section_order) / sizeof(section_order[0]); o++) {
		for (size_t i = 0; i < c->nsections; i++) {
			const struct section *sec = &c->sections[i];

			if (!applies(sec, section_order[o], user, groups, ngroups))
				continue;
			for (size_t j = 0; j < sec->nsettings; j++) {
				if (strcmp(sec->settings[j].key, key) != 0)
					continue;
				*file = sec->file;
				*line = sec->settings[j].line;
				found = true;
			}
		}
	}
	return found;
}

bool
config_pam_selects(const struct config *c, const char *user,
		   const char *const *groups, size_t ngroups)
{
	if (!c->has_pam)
		return false;
	if (user && strlist_has(&c->pam_users, user))
		return true;
	for (size_t i = 0; groups && i < ngroups; i++)
		if (groups[i] && strlist_has(&c->pam_groups, groups[i]))
			return true;
	return false;
}

/* No services line means no service: a selected account is always refused. */
bool
config_pam_service_allowed(const struct config *c, const char *service)
{
	return c->has_pam && service && strlist_has(&c->pam_services, service);
}

/* ---- printing ------------------------------------------------------------ */

static void
print_kv(FILE *f, const char *k, const char *v)
{
	if (*v)
		fprintf(f, "%s = %s\n", k, v);
	else
		fprintf(f, "%s =\n", k);
}

static void
print_set(FILE *f, const char *k, bool all, const struct strlist *l)
{
	fprintf(f, "%s =", k);
	if (all)
		fprintf(f, " *");
	for (size_t i = 0; !all && i < l->n; i++)
		fprintf(f, "%s%s", i ? ", " : " ", l->v[i]);
	fprintf(f, "\n");
}

bool
policy_wants_cgroup(const struct policy *p)
{
	return p->session_limits == LIMITS_CGROUP &&
	       (p->memory || p->tasks || p->cpu_percent);
}

/* With session_limits = per-process nothing carries memory, tasks and cpu;
 * they are printed commented out so that what an administrator reads is
 * what holds. */
static void
print_session_limits(FILE *f, const struct policy *p)
{
	const char *pre = p->session_limits == LIMITS_PER_PROCESS ? "# " : "";
	const char *post = p->session_limits == LIMITS_PER_PROCESS ?
		" (not enforced: session_limits = per-process)" : "";
	char b[64];

	format_size(p->memory, b, sizeof(b));
	fprintf(f, "%smemory = %s%s\n", pre, b, post);
	if (p->tasks)
		fprintf(f, "%stasks = %lu%s\n", pre, p->tasks, post);
	else
		fprintf(f, "%stasks = unlimited%s\n", pre, post);
	if (p->cpu_percent)
		fprintf(f, "%scpu = %lu%%%s\n", pre, p->cpu_percent, post);
	else
		fprintf(f, "%scpu = unlimited%s\n", pre, post);
	print_kv(f, "session_limits", p->session_limits == LIMITS_PER_PROCESS ?
		 "per-process" : "cgroup");
}

void
policy_print(FILE *f, const struct policy *p)
{
	char b[64];

	format_size(p->home_size, b, sizeof(b));
	print_kv(f, "home_size", b);
	fprintf(f, "home_inodes = %llu\n", p->home_inodes);
	print_kv(f, "home_noexec", p->home_noexec ? "yes" : "no");
	print_kv(f, "network", p->network == NET_HOST ? "host" : "none");
	print_kv(f, "hostname", p->hostname);
	fprintf(f, "nproc = %lu\n", p->nproc);
	fprintf(f, "nofile = %lu\n", p->nofile);
	format_size(p->process_memory, b, sizeof(b));
	print_kv(f, "process_memory", b);
	if (p->cpu_seconds)
		fprintf(f, "cpu_seconds = %lu\n", p->cpu_seconds);
	else
		print_kv(f, "cpu_seconds", "unlimited");
	format_size(p->fsize, b, sizeof(b));
	print_kv(f, "fsize", b);
	fprintf(f, "ptys = %u\n", p->ptys);
	print_session_limits(f, p);
	fprintf(f, "landlock_min_abi = %d\n", p->landlock_min_abi);
	print_kv(f, "allow_debuggers", p->allow_debuggers ? "yes" : "no");
	format_duration(p->idle_timeout, b, sizeof(b));
	print_kv(f, "idle_timeout", b);
	fprintf(f, "histsize = %lu\n", p->histsize);
	print_kv(f, "skel", p->skel);
	print_set(f, "commands", p->commands_all, &p->commands);
	print_set(f, "languages", p->languages_all, &p->languages);
	print_kv(f, "persist", p->persist);
	print_kv(f, "persist_group", p->persist_group);
	print_set(f, "material", false, &p->material);
}

int
config_print_summary(FILE *f, const struct config *c)
{
	for (size_t i = 0; i < c->nsections; i++) {
		const struct section *sec = &c->sections[i];

		if (i)
			fprintf(f, "\n");
		if (sec->name)
			fprintf(f, "[%s %s]\n", kind_name(sec->kind),
				sec->name);
		else
			fprintf(f, "[%s]\n", kind_name(sec->kind));
		for (size_t j = 0; j < sec->nsettings; j++)
			print_kv(f, sec->settings[j].key,
				 sec->settings[j].value);
	}
	return ferror(f) ? -1 : 0;
}
