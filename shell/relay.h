/*
 * relay.h - the outer process: a fresh pty for the session, and the relay
 * between the user's real terminal and that pty's master.
 */
#ifndef CYLO_RELAY_H
#define CYLO_RELAY_H

#include <stdbool.h>
#include <sys/types.h>

struct pty {
	int master;		/* -1: no pty, fds 0-2 are passed through */
	int slave;
	unsigned tty_fds;	/* bit n: the session's fd n is the slave */
	bool input;		/* stdin is a terminal: relay input too */
};

/* Give the session a pty when any of fds 0-2 is a terminal. */
void pty_open(struct pty *p);
/* Relay until init exits; returns the session's exit status. */
int relay_run(pid_t init, struct pty *p);

#endif
