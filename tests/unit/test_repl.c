/*
 * test_repl.c - the interactive loop (readline on a pty) does not grow:
 * 1000 lines of every kind (builtins, expansions, substitutions, external
 * commands, pipelines, loops, here-documents, refused and malformed lines,
 * multi-line input) leave the heap where 100 lines left it.  Under
 * valgrind (tests/shell/90-leak.sh) the same run reports no leak.
 *
 * The shell runs in this process on a pty slave (no controlling tty, so
 * no job control); a child plays the user on the master side.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "shell.h"
#include "tap.h"

static const char *const kinds[] = {
	"echo line %d\n",
	"X%d=value; echo $X0 ${X1:-d} \"${#PWD}\" > /dev/null\n",
	"for i in a b c; do V=$i; done; echo $V%d > /dev/null\n",
	"echo $(echo sub %d) `echo bq` > /dev/null\n",
	"true %d | cat > /dev/null\n",
	"cd /; cd - > /dev/null; pwd > /dev/null # %d\n",
	"if [ %d -gt 5 ]; then :; else false; fi\n",
	"cat > /dev/null <<EOF\nbody %d $HOME\nEOF\n",
	"printf '%%s %%d\\n' a %d > /dev/null\n",
	"echo ok ||| echo %d\n",			/* refused */
	"PATH=/x%d ls\n",				/* refused */
	"echo \"unterminated %d\n\"\n",			/* PS2, then complete */
	"no-such-command-%d 2> /dev/null\n",
	"read R <<EOF\n%d\nEOF\n",
	"unset X0 X1; export E%d=1; unset E%d\n",
	"echo *.nomatch%d > /dev/null\n",
	"( echo subshell %d ) > /dev/null\n",
	"history %d > /dev/null\n",
};

static char *
make_input(int n)
{
	size_t cap = (size_t)n * 128 + 64, len = 0;
	char *buf = malloc(cap);
	int i;

	for (i = 0; i < n; i++) {
		const char *k = kinds[i % (sizeof(kinds) / sizeof(kinds[0]))];

		len += (size_t)snprintf(buf + len, cap - len, k, i, i);
	}
	len += (size_t)snprintf(buf + len, cap - len, "exit 0\n");
	return buf;
}

/* The user: type the input, read whatever the shell prints. */
static _Noreturn void
user(int m, const char *in)
{
	size_t len = strlen(in), off = 0;
	char buf[4096];

	for (;;) {
		struct pollfd p = { .fd = m, .events = POLLIN };

		if (off < len)
			p.events |= POLLOUT;
		if (poll(&p, 1, 10000) <= 0)
			_exit(1);
		if (p.revents & POLLIN) {
			if (read(m, buf, sizeof(buf)) <= 0)
				_exit(0);
		} else if (p.revents & (POLLHUP | POLLERR)) {
			_exit(0);
		}
		if ((p.revents & POLLOUT) && off < len) {
			/* One line at a time, as typed. */
			const char *nl = memchr(in + off, '\n', len - off);
			size_t n = nl ? (size_t)(nl - (in + off)) + 1 : len - off;
			ssize_t w = write(m, in + off, n);

			if (w > 0)
				off += (size_t)w;
		}
	}
}

static size_t
run(int lines, int *status)
{
	static struct session s;
	char *in = make_input(lines);
	int m, sl, saved[3], i, st;
	pid_t pid;
	struct mallinfo2 mi;

	memset(&s, 0, sizeof(s));
	policy_defaults(&s.pol);
	s.pol.histsize = 50;
	s.opts.mode = MODE_STDIN;
	s.opts.force_interactive = true;
	s.opts.arg0 = "cylosh";
	s.opts.args = (char *[]){ NULL };
	if (openpty(&m, &sl, NULL, NULL, NULL) < 0) {
		perror("openpty");
		exit(1);
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(sl);
		user(m, in);
	}
	close(m);
	for (i = 0; i < 3; i++) {
		saved[i] = dup(i);
		dup2(sl, i);
	}
	close(sl);
	*status = shell_run(&s);
	for (i = 0; i < 3; i++) {
		dup2(saved[i], i);
		close(saved[i]);
	}
	waitpid(pid, &st, 0);
	free(in);
	policy_free(&s.pol);
	mi = mallinfo2();
	return mi.uordblks;
}

int
main(int argc, char **argv)
{
	char home[] = "/tmp/cylo-test-repl-XXXXXX", cmd[128];
	size_t base, after100, after1100;
	int status;

	/* glibc counts the chunks its per-thread cache keeps as in use, and
	 * how many it keeps depends on the sizes freed last: with the cache
	 * off, mallinfo2 shows only what the shell holds. */
	(void)argc;
	if (!getenv("CYLO_TEST_REEXEC")) {
		setenv("CYLO_TEST_REEXEC", "1", 1);
		setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0", 1);
		execv("/proc/self/exe", argv);
		perror("re-exec without the malloc cache");
	}

	if (!mkdtemp(home)) {
		perror("mkdtemp");
		return 1;
	}
	setenv("HOME", home, 1);
	setenv("TERM", "dumb", 1);
	setenv("PS1", "$ ", 1);
	signal(SIGPIPE, SIG_IGN);
	base = mallinfo2().uordblks;
	/* The first runs set up what readline and the history keep for the
	 * life of the process; the last two must then cost the same. */
	after100 = run(100, &status);
	tap_ok(status == 0, "100 lines through the interactive loop (status %d)",
	       status);
	after100 = run(100, &status);
	tap_ok(status == 0, "100 more lines (status %d)", status);
	after1100 = run(1100, &status);
	tap_ok(status == 0, "1100 lines through the interactive loop (status %d)",
	       status);
	printf("# heap in use: start %zu, after 2x100 lines %zu, after 1100 more %zu\n",
	       base, after100, after1100);
	tap_ok(after1100 <= after100 + 4 * 1024,
	       "1000 more lines leave the heap where it was (%+ld bytes)",
	       (long)after1100 - (long)after100);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", home);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", home);
	return tap_done();
}
