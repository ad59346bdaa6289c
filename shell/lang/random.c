/*
 * random.c - $RANDOM (see random.h): xorshift32 seeded from getrandom(2).
 *
 * Kept out of expand.c so expansion stays free of syscalls.  A forked
 * child notices the new pid and reseeds, so ( echo $RANDOM ) does not
 * repeat what the parent prints next.
 */
#include "random.h"

#include <stdint.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static uint32_t state;
static pid_t seeded_by;

static void
seed(void)
{
	uint32_t s = 0;

	/* Not a secret: if getrandom fails (it should not, the flags ask
	 * for no blocking), the pid and the clock still vary per run. */
	if (getrandom(&s, sizeof(s), GRND_NONBLOCK) != (ssize_t)sizeof(s)) {
		struct timespec ts = { 0, 0 };

		clock_gettime(CLOCK_MONOTONIC, &ts);
		s = (uint32_t)ts.tv_nsec ^ ((uint32_t)getpid() << 16);
	}
	state = s ? s : 0x9e3779b9u;
	seeded_by = getpid();
}

unsigned
shell_random(void *u)
{
	(void)u;
	if (seeded_by != getpid())
		seed();
	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	return (unsigned)(state >> 8) & 32767u;
}
