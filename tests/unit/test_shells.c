/*
 * test_shells.c - /etc/shells lines read as glibc's getusershell() reads
 * them (su decides with it whether a shell may be replaced).
 */
#include <stdio.h>
#include <string.h>

#include "shells.h"
#include "tap.h"

/* line with \n, \r and \t spelled out, for a TAP description. */
static const char *
shown(const char *line, char *out, size_t size)
{
	size_t o = 0;

	for (; *line && o + 3 < size; line++) {
		const char *esc = *line == '\n' ? "\\n" : *line == '\r' ?
				  "\\r" : *line == '\t' ? "\\t" : NULL;

		if (esc) {
			memcpy(out + o, esc, 2);
			o += 2;
		} else {
			out[o++] = *line;
		}
	}
	out[o] = '\0';
	return out;
}

static void
entry(const char *line, const char *want)
{
	char buf[256], desc[256];
	const char *got;

	snprintf(buf, sizeof(buf), "%s", line);
	got = shells_entry(buf);
	shown(line, desc, sizeof(desc));
	if (!want)
		tap_ok(!got, "no shell in \"%s\" (got %s)", desc,
		       got ? got : "none");
	else
		tap_ok(got && strcmp(got, want) == 0, "\"%s\" names %s (got %s)",
		       desc, want, got ? got : "none");
}

int
main(void)
{
	const char *sh = "/usr/local/bin/cylosh";

	entry("/usr/local/bin/cylosh\n", sh);
	entry("/usr/local/bin/cylosh", sh);
	entry("/usr/local/bin/cylosh # lab shell\n", sh);
	entry("/usr/local/bin/cylosh#lab\n", sh);
	entry("/usr/local/bin/cylosh   \n", sh);
	entry("/usr/local/bin/cylosh\t\n", sh);
	entry("/usr/local/bin/cylosh\r\n", sh);
	entry("  \t/usr/local/bin/cylosh\n", sh);
	/* glibc skips whatever precedes the first '/'. */
	entry("shell=/usr/local/bin/cylosh\n", sh);
	entry("/bin/sh /usr/local/bin/cylosh\n", "/bin/sh");
	entry("# /usr/local/bin/cylosh\n", NULL);
	entry("  # /usr/local/bin/cylosh\n", NULL);
	entry("\n", NULL);
	entry("", NULL);
	entry("/", NULL);
	entry("/\n", "/");
	return tap_done();
}
