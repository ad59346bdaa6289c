/*
 * relay.h - the outer process: a fresh pty for the session, and the relay
 * between the user's real terminal and that pty's master.
 */
#ifndef CYLO_RELAY_H
#define CYLO_RELAY_H

#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <termios.h>

struct pty {
	int master;		/* outer: the session pty's master, or -1 */
	int sock[2];		/* init sends the master over sock[1] */
	unsigned tty_fds;	/* bit n: the session's fd n is a terminal */
	bool input;		/* stdin is a terminal: relay input too */
	bool have_tio, have_ws;
	struct termios tio;	/* the real terminal's modes and size */
	struct winsize ws;
};

/* Outer, before clone: does the session need a pty (is any of fds 0-2 a
 * terminal)?  Records the terminal's modes and prepares the channel. */
void pty_prepare(struct pty *p);
/*
 * init, after pivot_root: open a pty in the session's own devpts (so
 * ttyname(3) and ps work inside), give it the real terminal's modes and
 * size, put its slave on the session's terminal fds and send the master
 * to the outer process.  From here on no session process holds the real
 * terminal.
 */
void pty_create(struct pty *p);
/* init, before it forks the shell: wait for the relay's "go", sent once
 * the relay has restricted itself; false when the relay is gone. */
bool relay_wait_go(struct pty *p);
/* Outer, after clone: receive the master; false when init died first. */
bool pty_receive(struct pty *p);
/* Relay until init exits; returns the session's exit status. */
int relay_run(pid_t init, struct pty *p);

#endif
