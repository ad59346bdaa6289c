/*
 * cyloctl - the administrator's view of cylosh sessions: list them, show
 * the processes of one, end one or all of a user's.  See cyloctl(8).
 *
 *   cyloctl list
 *   cyloctl show PID|USER
 *   cyloctl kill PID|USER
 *
 * Assumes: run by root; no daemon and no state of its own: everything
 * comes from /proc.
 * Guarantees: a session is recognised by facts, never by a process name:
 * its relay is a process whose executable is the installed cylosh (same
 * device and inode), and that has a child, the session's init, running the
 * same executable in another user namespace, as pid 1 of its own pid
 * namespace.  A cylosh started inside a session builds no sandbox and is
 * not one.  kill asks the relay (SIGUSR1, which the relay obeys from root
 * only) so that the user's terminal gets "session ended by the
 * administrator" and the end is logged with that reason; the signal goes
 * through a pidfd taken after the process was identified, so a reused pid
 * is never hit.  A session that is still there 5 s later loses its init
 * (SIGKILL), which ends every process in it.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cgfs.h"

#ifndef BINDIR
#define BINDIR "/usr/local/bin"
#endif
#define CYLOSH BINDIR "/cylosh"

#define KILL_WAIT_MS 5000

struct proc {
	pid_t pid, ppid;
	uid_t uid;
	unsigned long long start;	/* clock ticks after boot */
	char state;
	int tty_nr;
	bool cylosh;			/* its executable is the installed cylosh */
	ino_t userns;
};

struct session {
	struct proc *relay, *init;
};

struct table {
	struct proc *v;
	size_t n;
};

/* ---- reading /proc ------------------------------------------------------- */

/* Read a whole small /proc file into buf (NUL-terminated); bytes or -1. */
static ssize_t
slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	ssize_t r;

	if (fd < 0)
		return -1;
	while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = 0;
	return (ssize_t)n;
}

static bool
same_file(const char *path, const struct stat *want)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_dev == want->st_dev &&
	       st.st_ino == want->st_ino;
}

/* One /proc/PID: stat fields (after the comm, which may hold anything),
 * owner, executable, user namespace.  false when it vanished. */
static bool
read_proc(pid_t pid, const struct stat *exe, struct proc *p)
{
	char path[64], buf[2048], *s;
	struct stat st;
	unsigned long long start;
	int ppid, tty;
	char state;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (slurp(path, buf, sizeof(buf)) <= 0 || !(s = strrchr(buf, ')')))
		return false;
	/* state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
	 * cmajflt utime stime cutime cstime priority nice threads
	 * itrealvalue starttime */
	if (sscanf(s + 2, "%c %d %*d %*d %d %*d %*u %*u %*u %*u %*u %*u %*u "
		   "%*d %*d %*d %*d %*d %*d %llu", &state, &ppid, &tty,
		   &start) != 4)
		return false;
	snprintf(path, sizeof(path), "/proc/%d", pid);
	if (stat(path, &st) < 0)
		return false;
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->ppid = ppid;
	p->uid = st.st_uid;
	p->start = start;
	p->state = state;
	p->tty_nr = tty;
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	p->cylosh = same_file(path, exe);
	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	if (stat(path, &st) == 0)
		p->userns = st.st_ino;
	return true;
}

static int
load_table(const struct stat *exe, struct table *t)
{
	struct dirent *e;
	DIR *d = opendir("/proc");

	t->v = NULL;
	t->n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		struct proc p, *nv;
		char *end;
		long pid = strtol(e->d_name, &end, 10);

		if (*end || pid <= 0 || !read_proc((pid_t)pid, exe, &p))
			continue;
		nv = realloc(t->v, (t->n + 1) * sizeof(*nv));
		if (!nv) {
			closedir(d);
			return -1;
		}
		t->v = nv;
		t->v[t->n++] = p;
	}
	closedir(d);
	return 0;
}

/* Is p pid 1 of its own pid namespace (the last NSpid field)? */
static bool
ns_init(pid_t pid)
{
	char path[64], buf[4096], *l, *last;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (slurp(path, buf, sizeof(buf)) <= 0 || !(l = strstr(buf, "\nNSpid:")))
		return false;
	l += 7;
	l[strcspn(l, "\n")] = 0;
	last = strrchr(l, '\t');
	if (!last)
		last = strrchr(l, ' ');
	return last && strtol(last + 1, NULL, 10) == 1 && strchr(l, '\t') != last;
}

/* Relays and their inits, by the facts in the header comment. */
static size_t
find_sessions(struct table *t, struct session **out)
{
	struct session *v = NULL, *nv;
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++) {
		struct proc *r = &t->v[i];

		if (!r->cylosh)
			continue;
		for (size_t j = 0; j < t->n; j++) {
			struct proc *c = &t->v[j];

			if (c->ppid != r->pid || !c->cylosh ||
			    !c->userns || c->userns == r->userns ||
			    !ns_init(c->pid))
				continue;
			nv = realloc(v, (n + 1) * sizeof(*v));
			if (!nv)
				break;
			v = nv;
			v[n].relay = r;
			v[n].init = c;
			n++;
			break;
		}
	}
	*out = v;
	return n;
}

/* Is p init or below it? */
static bool
in_session(const struct table *t, const struct proc *init, const struct proc *p)
{
	for (int depth = 0; p && depth < 4096; depth++) {
		const struct proc *up = NULL;

		if (p->pid == init->pid)
			return true;
		for (size_t i = 0; i < t->n && !up; i++)
			if (t->v[i].pid == p->ppid)
				up = &t->v[i];
		p = up;
	}
	return false;
}

static unsigned long long
rss_kib(pid_t pid)
{
	char path[64], buf[4096], *l;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (slurp(path, buf, sizeof(buf)) <= 0 || !(l = strstr(buf, "\nVmRSS:")))
		return 0;
	return strtoull(l + 7, NULL, 10);
}

/* ---- the facts shown ------------------------------------------------------ */

static const char *
user_name(uid_t uid, char *buf, size_t len)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		snprintf(buf, len, "%s", pw->pw_name);
	else
		snprintf(buf, len, "%u", (unsigned)uid);
	return buf;
}

static const char *
start_time(unsigned long long ticks, char *buf, size_t len)
{
	char stat[8192], *l;
	long hz = sysconf(_SC_CLK_TCK);
	time_t t;
	struct tm tm;

	if (hz <= 0 || slurp("/proc/stat", stat, sizeof(stat)) <= 0 ||
	    !(l = strstr(stat, "\nbtime ")))
		return "?";
	t = (time_t)strtoll(l + 7, NULL, 10) + (time_t)(ticks / (unsigned long long)hz);
	if (!localtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm))
		return "?";
	return buf;
}

/* argv of pid as a vector of NUL-separated strings; count in *argc. */
static size_t
cmdline(pid_t pid, char *buf, size_t len, int *argc)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	n = slurp(path, buf, len);
	*argc = 0;
	if (n <= 0)
		return 0;
	for (ssize_t i = 0; i < n; i++)
		if (!buf[i])
			(*argc)++;
	return (size_t)n;
}

/*
 * How the session was started, from the relay's argv (what sshd, login or
 * su ran): a login shell has argv[0] starting with '-'; ssh commands and
 * the transfer servers run as cylosh -c.  Shown, never acted upon.
 */
static const char *
mode_of(pid_t pid)
{
	char buf[8192], *a, *cmd = NULL;
	int argc;
	size_t n = cmdline(pid, buf, sizeof(buf), &argc);
	char word[64];

	if (!n)
		return "?";
	if (buf[0] == '-')
		return "login";
	for (a = buf; a < buf + n; a += strlen(a) + 1)
		if (!strcmp(a, "-c") || (a[0] == '-' && a[1] != '-' &&
					 strchr(a, 'c') && a + strlen(a) + 1 < buf + n)) {
			cmd = a + strlen(a) + 1;
			break;
		}
	if (!cmd) {
		for (a = buf + strlen(buf) + 1; a < buf + n; a += strlen(a) + 1)
			if (!strcmp(a, "-l") || !strcmp(a, "--login"))
				return "login";
		return "shell";
	}
	snprintf(word, sizeof(word), "%.*s", (int)strcspn(cmd, " \t"), cmd);
	if (strstr(word, "sftp-server"))
		return "sftp";
	if (!strcmp(word, "scp") || strstr(word, "/scp"))
		return "scp";
	if (!strcmp(word, "rsync") || strstr(word, "/rsync"))
		return "rsync";
	return "-c";
}

/* The client address from the relay's SSH_CONNECTION, when it is only an
 * address (as cylosh logs it); "-" when there is none. */
static const char *
client_of(pid_t pid, char *out, size_t len)
{
	char path[64], buf[65536];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/environ", pid);
	n = slurp(path, buf, sizeof(buf));
	for (char *v = buf; n > 0 && v < buf + n; v += strlen(v) + 1) {
		size_t k;

		if (strncmp(v, "SSH_CONNECTION=", 15))
			continue;
		v += 15;
		k = strspn(v, "0123456789abcdefABCDEF.:%");
		if (k == 0 || k >= len || v[k] != ' ')
			return "unknown";
		memcpy(out, v, k);
		out[k] = 0;
		return out;
	}
	return "-";
}

/* The relay's real terminal (its stdin), or "-". */
static const char *
tty_of(pid_t pid, char *out, size_t len)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/fd/0", pid);
	n = readlink(path, out, len - 1);
	if (n <= 0)
		return "-";
	out[n] = 0;
	if (strncmp(out, "/dev/pts/", 9) && strncmp(out, "/dev/tty", 8) &&
	    strncmp(out, "/dev/console", 12))
		return "-";
	return out + 5;
}

static unsigned long long
session_rss(const struct table *t, const struct session *s)
{
	unsigned long long kib = 0;

	for (size_t i = 0; i < t->n; i++)
		if (in_session(t, s->init, &t->v[i]))
			kib += rss_kib(t->v[i].pid);
	return kib;
}

/*
 * The session's memory: where it has a cgroup of its own, what the kernel
 * charges that cgroup (memory, tmpfs, shared memory, socket buffers where
 * charged: what memory = limits); otherwise the resident memory of its
 * processes.  The relay is in the session's cgroup whenever it has one.
 */
static void
print_session(const struct table *t, const struct session *s)
{
	char u[64], when[32], from[64], tty[PATH_MAX];
	unsigned long long bytes;
	const char *src = "cgroup";

	if (cg_memory_used(s->relay->pid, true, &bytes) < 0) {
		bytes = session_rss(t, s) * 1024;
		src = "rss";
	}
	printf("%-16s %7d  %-19s  %-5s  %-15s  %-8s  %6llu MiB %s\n",
	       user_name(s->relay->uid, u, sizeof(u)), s->relay->pid,
	       start_time(s->relay->start, when, sizeof(when)),
	       mode_of(s->relay->pid), client_of(s->relay->pid, from,
						  sizeof(from)),
	       tty_of(s->relay->pid, tty, sizeof(tty)),
	       (bytes + (1 << 20) - 1) >> 20, src);
}

static void
print_header(void)
{
	printf("%-16s %7s  %-19s  %-5s  %-15s  %-8s  %s\n", "USER", "RELAY",
	       "START", "MODE", "FROM", "TTY", "MEMORY");
}

/* The pid a process has inside the session (the last NSpid field). */
static long
inner_pid(pid_t pid)
{
	char path[64], buf[4096], *l, *last;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (slurp(path, buf, sizeof(buf)) <= 0 || !(l = strstr(buf, "\nNSpid:")))
		return -1;
	l += 7;
	l[strcspn(l, "\n")] = 0;
	last = strrchr(l, '\t');
	return strtol(last ? last + 1 : l, NULL, 10);
}

/* argv, printable: control characters and non-ASCII as \ooo, so a
 * program name cannot forge lines or terminal escapes. */
static void
print_cmd(pid_t pid)
{
	char buf[4096];
	int argc;
	size_t n = cmdline(pid, buf, sizeof(buf), &argc);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (!c)
			putchar(i + 1 < n ? ' ' : '\n');
		else if (c < 0x20 || c >= 0x7f || c == '\\')
			printf("\\%03o", c);
		else
			putchar(c);
	}
	if (!n)
		printf("[no command line]\n");
}

static void
show_session(const struct table *t, const struct session *s)
{
	char u[64];

	print_header();
	print_session(t, s);
	printf("  %7s %7s  %-16s %c %10s  %s\n", "PID", "INNER", "USER", 'S',
	       "RSS", "COMMAND");
	for (size_t i = 0; i < t->n; i++) {
		const struct proc *p = &t->v[i];

		if (!in_session(t, s->init, p))
			continue;
		printf("  %7d %7ld  %-16s %c %6llu KiB  ", p->pid,
		       inner_pid(p->pid), user_name(p->uid, u, sizeof(u)),
		       p->state, rss_kib(p->pid));
		print_cmd(p->pid);
	}
}

/* ---- ending a session ----------------------------------------------------- */

static int
pidfd_of(const struct proc *p, const struct stat *exe)
{
	struct proc now;
	int fd = (int)syscall(SYS_pidfd_open, p->pid, 0);

	if (fd < 0)
		return -1;
	/* The pidfd holds this process; is it still the one we judged? */
	if (!read_proc(p->pid, exe, &now) || now.start != p->start ||
	    !now.cylosh) {
		close(fd);
		errno = ESRCH;
		return -1;
	}
	return fd;
}

static bool
gone(int pidfd)
{
	return syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0 &&
	       errno == ESRCH;
}

static int
end_session(const struct session *s, const struct stat *exe)
{
	char u[64];
	int rfd, ifd, waited;

	user_name(s->relay->uid, u, sizeof(u));
	rfd = pidfd_of(s->relay, exe);
	ifd = pidfd_of(s->init, exe);
	if (rfd < 0 || ifd < 0) {
		if (rfd >= 0)
			close(rfd);
		if (ifd >= 0)
			close(ifd);
		printf("session of %s (relay %d) has already ended\n", u,
		       s->relay->pid);
		return 0;
	}
	syslog(LOG_AUTHPRIV | LOG_NOTICE, "ending the session of %s (relay "
	       "%d): ended by the administrator", u, s->relay->pid);
	if (syscall(SYS_pidfd_send_signal, rfd, SIGUSR1, NULL, 0) < 0 &&
	    errno != ESRCH) {
		fprintf(stderr, "cyloctl: cannot signal relay %d: %s\n",
			s->relay->pid, strerror(errno));
		close(rfd);
		close(ifd);
		return -1;
	}
	for (waited = 0; waited < KILL_WAIT_MS && !gone(ifd); waited += 50) {
		struct timespec ts = { 0, 50 * 1000000L };

		nanosleep(&ts, NULL);
	}
	if (!gone(ifd)) {
		/* init's end is every session process's end. */
		syscall(SYS_pidfd_send_signal, ifd, SIGKILL, NULL, 0);
		syslog(LOG_AUTHPRIV | LOG_WARNING, "session of %s (relay %d) "
		       "did not end within %d s: init killed", u,
		       s->relay->pid, KILL_WAIT_MS / 1000);
	}
	printf("ended the session of %s (relay %d)\n", u, s->relay->pid);
	close(rfd);
	close(ifd);
	return 0;
}

/* ---- main ----------------------------------------------------------------- */

static void
usage(FILE *f)
{
	fprintf(f, "usage: cyloctl list\n"
		"       cyloctl show PID|USER\n"
		"       cyloctl kill PID|USER\n");
}

/* Does session s match PID (its relay's or init's) or USER? */
static bool
matches(const struct session *s, const char *what)
{
	char *end;
	long pid = strtol(what, &end, 10);
	struct passwd *pw;

	if (*what && !*end)
		return pid == s->relay->pid || pid == s->init->pid;
	pw = getpwnam(what);
	return pw && pw->pw_uid == s->relay->uid;
}

int
main(int argc, char **argv)
{
	struct stat exe;
	struct table t;
	struct session *s;
	size_t n, hits = 0;
	int rc = 0;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (getuid() != 0 || geteuid() != 0) {
		fprintf(stderr, "cyloctl: must be run as root\n");
		return 2;
	}
	if ((!strcmp(argv[1], "list") && argc != 2) ||
	    ((!strcmp(argv[1], "show") || !strcmp(argv[1], "kill")) &&
	     argc != 3) ||
	    (strcmp(argv[1], "list") && strcmp(argv[1], "show") &&
	     strcmp(argv[1], "kill"))) {
		usage(stderr);
		return 2;
	}
	if (stat(CYLOSH, &exe) < 0) {
		fprintf(stderr, "cyloctl: %s: %s\n", CYLOSH, strerror(errno));
		return 2;
	}
	openlog("cyloctl", LOG_PID, LOG_AUTHPRIV);
	if (load_table(&exe, &t) < 0) {
		fprintf(stderr, "cyloctl: cannot read /proc: %s\n",
			strerror(errno));
		return 2;
	}
	n = find_sessions(&t, &s);
	if (!strcmp(argv[1], "list")) {
		print_header();
		for (size_t i = 0; i < n; i++)
			print_session(&t, &s[i]);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (!matches(&s[i], argv[2]))
				continue;
			hits++;
			if (!strcmp(argv[1], "show"))
				show_session(&t, &s[i]);
			else if (end_session(&s[i], &exe) < 0)
				rc = 1;
		}
		if (!hits) {
			fprintf(stderr, "cyloctl: no session matches %s\n",
				argv[2]);
			rc = 1;
		}
	}
	free(s);
	free(t.v);
	return rc;
}
