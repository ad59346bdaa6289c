/*
 * sshdquery.c - ask the installed sshd for one account's effective
 * settings: `sshd -T -C user=U,host=H,addr=A`.
 *
 * Assumes: run by root (sshd -T reads the host keys); the user name comes
 * from NSS and is checked to be a plain name before it goes into the
 * argument.
 * Guarantees: sshd is executed with an argv and a fixed environment, never
 * through a shell; its output is bounded; the child is always reaped.
 */
#include "sshdcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"

/* sshd -T prints a few KiB; anything larger is not what we asked for. */
#define SSHD_OUT_MAX (256 * 1024)

static int
fail(char *err, size_t errlen, const char *fmt, const char *a,
     const char *b)
{
	snprintf(err, errlen, fmt, a, b);
	return -1;
}

int
sshd_query(const char *user, char **out, size_t *len, char *err,
	   size_t errlen)
{
	char spec[128];
	char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
			       "LC_ALL=C", NULL };
	char *buf = NULL, *nb;
	size_t n = 0, cap = 0;
	int p[2], status, e;
	ssize_t r;
	pid_t pid;

	*out = NULL;
	*len = 0;
	/* A name with ',' or '=' would add criteria of its own. */
	if (!config_valid_name(user))
		return fail(err, errlen, "%s: not a plain user name%s", user,
			    "");
	snprintf(spec, sizeof(spec), "user=%s,host=%s,addr=%s", user,
		 SSHD_CHECK_HOST, SSHD_CHECK_ADDR);
	if (access(SSHD_PATH, X_OK) < 0)
		return fail(err, errlen, "%s: %s", SSHD_PATH, strerror(errno));
	if (pipe2(p, O_CLOEXEC) < 0)
		return fail(err, errlen, "pipe: %s%s", strerror(errno), "");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		e = errno;
		close(p[0]);
		close(p[1]);
		return fail(err, errlen, "fork: %s%s", strerror(e), "");
	}
	if (pid == 0) {
		char *const argv[] = { "sshd", "-T", "-C", spec, NULL };
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (null < 0 || dup2(null, 0) < 0 || dup2(p[1], 1) < 0 ||
		    dup2(p[1], 2) < 0)
			_exit(126);
		execve(SSHD_PATH, argv, envp);
		_exit(127);
	}
	close(p[1]);
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 16384;
			nb = realloc(buf, cap);
			if (!nb)
				break;
			buf = nb;
		}
		r = read(p[0], buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
		if (n > SSHD_OUT_MAX)
			break;
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	if (!buf)
		return fail(err, errlen, "out of memory%s%s", "", "");
	buf[n] = '\0';
	if (n > SSHD_OUT_MAX || status == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		buf[strcspn(buf, "\n")] = '\0';
		fail(err, errlen, SSHD_PATH " -T failed: %s%s",
		     *buf ? buf : "no output",
		     n > SSHD_OUT_MAX ? " (too much output)" : "");
		free(buf);
		return -1;
	}
	*out = buf;
	*len = n;
	return 0;
}
