/*
 * confbench.c - time config_parse + config_resolve on generated cylo.conf
 * texts (bench/config/run builds and runs it; see bench/README.md).
 *
 * The configs are what a lab's grows into: a [default] section, a
 * [group] section, and N [user] sections each with a few keys of their
 * own and a command list built on the teaching set; optionally a
 * [default] command list of C extra names.  The session resolves the
 * last user (its section is found last).  Pure code only: no file, no
 * sandbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"

static char *
gen(unsigned users, unsigned cmds, size_t *len)
{
	size_t cap = 4096 + (size_t)users * 160 + (size_t)cmds * 16, n = 0;
	char *t = malloc(cap);
	unsigned i;

	if (!t)
		exit(1);
#define PUT(...) (n += (size_t)snprintf(t + n, cap - n, __VA_ARGS__))
	PUT("[default]\nhome_size = 512M\nnproc = 300\n");
	if (cmds) {
		PUT("commands = default");
		for (i = 0; i < cmds; i++)
			PUT(", tool%04u", i);
		PUT("\n");
	}
	PUT("[group students]\nhome_size = 1G\nidle_timeout = 2h\n");
	for (i = 0; i < users; i++)
		PUT("[user u%04u]\nhome_size = 2G\nnetwork = host\n"
		    "commands = default, gdb, valgrind, strace\n"
		    "histsize = 5000\n", i);
#undef PUT
	*len = n;
	return t;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	static const unsigned users[] = { 1, 50, 200, 500 };
	const char *groups[] = { "students" };
	unsigned rounds = argc > 1 ? (unsigned)atoi(argv[1]) : 200;
	char err[512], user[16];
	double *t = calloc(rounds, sizeof(*t));

	if (!t || rounds == 0)
		return 1;
	printf("%-28s %10s %10s %10s\n", "config", "parse ms", "resolve ms",
	       "total ms");
	for (unsigned cm = 0; cm < 2; cm++) {
		for (size_t u = 0; u < sizeof(users) / sizeof(*users); u++) {
			unsigned nc = cm ? 617 : 0; /* + 135 default = 752 */
			size_t len;
			char *text = gen(users[u], nc, &len), label[64];
			double tp[3];

			snprintf(user, sizeof(user), "u%04u", users[u] - 1);
			for (int phase = 0; phase < 3; phase++) {
				for (unsigned r = 0; r < rounds; r++) {
					struct config c;
					struct policy p;
					double a, b, d;

					a = now();
					if (config_parse(text, len, "bench.conf",
							 &c, err, sizeof(err)) < 0) {
						fprintf(stderr, "%s\n", err);
						return 1;
					}
					b = now();
					if (config_resolve(&c, user, groups, 1,
							   &p, err,
							   sizeof(err)) < 0) {
						fprintf(stderr, "%s\n", err);
						return 1;
					}
					d = now();
					policy_free(&p);
					config_free(&c);
					t[r] = phase == 0 ? b - a :
					       phase == 1 ? d - b : d - a;
				}
				qsort(t, rounds, sizeof(*t), cmp);
				tp[phase] = t[rounds / 2] * 1e3;
			}
			snprintf(label, sizeof(label), "%u [user]%s", users[u],
				 cm ? ", 752 commands" : "");
			printf("%-28s %10.3f %10.3f %10.3f\n", label, tp[0],
			       tp[1], tp[2]);
			free(text);
		}
	}
	free(t);
	return 0;
}
