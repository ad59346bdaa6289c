/*
 * run.c - minimal stand-in for the shell while the real one is being
 * written: runs one simple command (quoted words, no expansion) from -c.
 * Replaced by the shell of issue 3.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shell.h"

static int
split(const char *s, char **argv, int max)
{
	static char buf[8192];
	char *o = buf;
	int n = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (n >= max - 1)
			return -1;
		argv[n++] = o;
		while (*s && *s != ' ' && *s != '\t') {
			if (*s == '\'' || *s == '"') {
				char q = *s++;
				while (*s && *s != q)
					*o++ = *s++;
				if (*s)
					s++;
			} else {
				*o++ = *s++;
			}
		}
		*o++ = 0;
	}
	argv[n] = NULL;
	return n;
}

int
shell_run(const struct session *s)
{
	char *argv[256];

	if (s->opts.mode != MODE_COMMAND || split(s->opts.command, argv, 256) <= 0)
		return 0;
	execvp(argv[0], argv);
	fprintf(stderr, "cylosh: %s: %s\n", argv[0], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
