/*
 * relay.h - the outer process: a fresh pty for the session, and the relay
 * between the user's real terminal and that pty's master.
 */
#ifndef CYLO_RELAY_H
#define CYLO_RELAY_H

#include <stdbool.h>
#include <stddef.h>
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
/* Why a session ended, for the audit log. */
enum end_reason {
	END_EXIT,		/* the shell exited (status) */
	END_IDLE,		/* the shell's idle timeout */
	END_HANGUP,		/* the terminal hung up, or SIGHUP */
	END_SIGNAL,		/* a signal ended it (sig) */
	END_ADMIN,		/* root asked (cyloctl kill: SIGUSR1 from uid 0) */
	END_SETUP,		/* setup failed before the shell ran */
};

struct session_end {
	enum end_reason why;
	int sig;		/* END_SIGNAL: the signal */
};

/* The words the audit log uses for e. */
const char *end_reason_text(const struct session_end *e, char *buf,
			    size_t len);

/*
 * init, once its shell has ended and no other process of the session is
 * left: tell the relay why and with what status, over the channel kept
 * since the go (two bytes: 'i' when the shell reported its idle timeout,
 * else 'e'; then the status).  The shell never holds the channel.
 */
void relay_tell_end(struct pty *p, bool idle, int status);

/*
 * Relay until init says the session ended (relay_tell_end) or exits;
 * returns the session's exit status and says why it ended in *end.  SIGUSR1 from root (cyloctl kill) writes "session
 * ended by the administrator" to the terminal, when there is one, and
 * ends the session as a hang-up does; from anyone else it is ignored.
 */
int relay_run(pid_t init, struct pty *p, struct session_end *end);

#endif
