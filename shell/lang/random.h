/*
 * random.h - $RANDOM for the shell.
 *
 * Guarantees: 0..32767, seeded from getrandom(2) once per process, so a
 * subshell and its parent (and every session, whose $$ is always 2) give
 * different sequences; not for secrets, as in bash.
 */
#ifndef CYLO_RANDOM_H
#define CYLO_RANDOM_H

/* The expand_ctx callback (u is unused). */
unsigned shell_random(void *u);

#endif
