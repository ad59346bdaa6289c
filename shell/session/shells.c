/*
 * shells.c - /etc/shells read as glibc's getusershell() reads it.
 *
 * Assumes: glibc's initshells(): skip to the first '/' or '#' of a line;
 * a '#' first, or a '/' that ends the text, names nothing; the shell runs
 * from that '/' to the first blank, '#' or NUL.  Blanks are the C
 * locale's (the byte values glibc's UTF-8 and Latin locales also count).
 * Guarantees: a shell su would find is found; lines of any length.
 */
#include "shells.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
shells_entry(char *line)
{
	char *p = line + strcspn(line, "#/"), *e;

	if (*p != '/' || p[1] == '\0')
		return NULL;
	e = p + strcspn(p, " \t\n\v\f\r#");
	*e = '\0';
	return p;
}

int
shells_lists(const char *file, const char *shell)
{
	FILE *f = fopen(file, "re");
	char *line = NULL, *s;
	size_t size = 0;
	int found = 0, e;

	if (!f)
		return errno == ENOENT ? 0 : -1;
	while (getline(&line, &size, f) >= 0) {
		s = shells_entry(line);
		if (s && strcmp(s, shell) == 0)
			found = 1;
	}
	e = errno;
	if (ferror(f))
		found = -1;
	free(line);
	fclose(f);
	errno = e;
	return found;
}
