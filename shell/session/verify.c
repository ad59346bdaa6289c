/*
 * verify.c - step 10: check, from the kernel's own reports, that every
 * restriction is in force before the first user command runs.
 *
 * Assumes: called in the shell process after all setup steps.
 * Guarantees: NoNewPrivs 1, Seccomp 2 (filter), every capability set
 * empty, uid_map and gid_map the single identity line, setgroups denied,
 * and Landlock enforced (a file that only Landlock forbids is refused);
 * otherwise the session ends.
 */
#include "verify.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "mounts.h"

#define STEP "verification"

static size_t
slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = 0;
	size_t len = 0;

	if (fd < 0)
		setup_failx(STEP, NULL, "cannot open %s: %s", path, strerror(errno));
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	if (n < 0)
		setup_failx(STEP, NULL, "cannot read %s: %s", path, strerror(errno));
	close(fd);
	buf[len] = 0;
	return len;
}

/* The value of "Key:\tvalue" in /proc/self/status text. */
static const char *
status_value(const char *status, const char *key, char *out, size_t size)
{
	size_t klen = strlen(key);
	const char *p;

	for (p = status; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, key, klen) && p[klen] == ':') {
			size_t n;

			p += klen + 1;
			p += strspn(p, " \t");
			n = strcspn(p, "\n");
			if (n >= size)
				n = size - 1;
			memcpy(out, p, n);
			out[n] = 0;
			return out;
		}
	}
	setup_failx(STEP, NULL, "/proc/self/status has no %s line", key);
}

static void
expect(const char *status, const char *key, const char *want)
{
	char got[64];

	status_value(status, key, got, sizeof(got));
	if (strcmp(got, want))
		setup_failx(STEP, NULL, "%s is %s, expected %s", key, got, want);
}

static void
expect_map(const char *path, unsigned id)
{
	char buf[256];
	unsigned a, b, c;
	char extra;

	slurp(path, buf, sizeof(buf));
	if (sscanf(buf, " %u %u %u %c", &a, &b, &c, &extra) != 3 || a != id ||
	    b != id || c != 1)
		setup_failx(STEP, NULL, "%s is not the single line \"%u %u 1\"",
			    path, id, id);
}

void
verify_state(const struct session *s)
{
	static const char *const caps[] = {
		"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb",
	};
	char status[8192], buf[64];
	size_t i;
	int fd;

	slurp("/proc/self/status", status, sizeof(status));
	expect(status, "NoNewPrivs", "1");
	expect(status, "Seccomp", "2");
	for (i = 0; i < sizeof(caps) / sizeof(*caps); i++)
		expect(status, caps[i], "0000000000000000");
	expect_map("/proc/self/uid_map", (unsigned)s->acct.uid);
	expect_map("/proc/self/gid_map", (unsigned)s->acct.gid);
	slurp("/proc/self/setgroups", buf, sizeof(buf));
	if (strcmp(buf, "deny\n"))
		setup_failx(STEP, NULL, "setgroups is not denied");

	fd = open(LANDLOCK_PROBE, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 || errno != EACCES)
		setup_failx(STEP, NULL, "Landlock is not enforced (ABI %d): "
			    "%s was %s", s->landlock_abi, LANDLOCK_PROBE,
			    fd >= 0 ? "readable" : strerror(errno));
}
