/*
 * relay.c - the outer process after clone: relay the real terminal to and
 * from the session's pty, forward window sizes and signals, and wait.
 *
 * Assumes: init has been cloned; the outer process holds the real terminal
 * and, once init has sent it, the session pty's master.
 * Guarantees: the real terminal is never handed to the session (the
 * defence against TIOCSTI/TIOCLINUX injection, CVE-2017-5226); the relay
 * restricts itself (Landlock with no file access, an allow-list seccomp
 * filter) before it reads a byte; a hang-up of the real terminal ends the
 * session; the terminal's mode is restored on the way out.
 */
#include "relay.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "landlock.h"
#include "filter.h"

struct buf {
	char data[16384];
	size_t off, len;
};

void
pty_prepare(struct pty *p)
{
	int fd, src = -1;

	p->master = p->sock[0] = p->sock[1] = -1;
	p->tty_fds = 0;
	for (fd = 0; fd <= 2; fd++) {
		if (isatty(fd)) {
			p->tty_fds |= 1u << fd;
			if (src < 0)
				src = fd;
		}
	}
	p->input = p->tty_fds & 1;
	/* The channel also carries the relay's "go" (see relay_go). */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, p->sock) < 0)
		setup_fail("pty", errno, NULL);
	if (!p->tty_fds)
		return;
	p->have_tio = tcgetattr(src, &p->tio) == 0;
	p->have_ws = ioctl(src, TIOCGWINSZ, &p->ws) == 0;
}

/* A one-byte message that can carry one descriptor (SCM_RIGHTS). */
struct fdmsg {
	struct msghdr msg;
	struct iovec iov;
	char byte;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
};

static void
fdmsg_init(struct fdmsg *m)
{
	memset(m, 0, sizeof(*m));
	m->iov.iov_base = &m->byte;
	m->iov.iov_len = 1;
	m->msg.msg_iov = &m->iov;
	m->msg.msg_iovlen = 1;
	m->msg.msg_control = m->u.buf;
	m->msg.msg_controllen = sizeof(m->u.buf);
}

void
pty_create(struct pty *p)
{
	struct fdmsg m;
	struct cmsghdr *cm;
	int master, slave, fd;

	if (!p->tty_fds)
		return;
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		setup_fail("pty", errno, "the session's devpts refused a new pty");
	if (unlockpt(master) < 0 || (slave = open(ptsname(master),
					  O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
		setup_fail("pty", errno, NULL);
	if ((p->have_tio && tcsetattr(slave, TCSANOW, &p->tio) < 0) ||
	    (p->have_ws && ioctl(slave, TIOCSWINSZ, &p->ws) < 0))
		setup_fail("pty", errno, NULL);

	fdmsg_init(&m);
	cm = CMSG_FIRSTHDR(&m.msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &master, sizeof(int));
	/* Sent before the slave replaces fds 0-2: until then a failure
	 * still reaches the user's real terminal. */
	if (sendmsg(p->sock[1], &m.msg, 0) < 0)
		setup_fail("pty", errno, NULL);
	close(master);
	for (fd = 0; fd <= 2; fd++)
		if ((p->tty_fds & (1u << fd)) && dup2(slave, fd) < 0)
			setup_fail("pty", errno, NULL);
	close(slave);
}

bool
relay_wait_go(struct pty *p)
{
	char byte;
	ssize_t n;

	do
		n = read(p->sock[1], &byte, 1);
	while (n < 0 && errno == EINTR);
	/* Kept for relay_tell_end; never inherited by what the shell runs
	 * (the shell closes it first thing, and exec would too). */
	if (n == 1 && fcntl(p->sock[1], F_SETFD, FD_CLOEXEC) < 0)
		setup_fail("file descriptors", errno, NULL);
	return n == 1;
}

void
relay_tell_end(struct pty *p, bool idle, int status)
{
	char msg[2] = { idle ? 'i' : 'e', (char)(status & 0xff) };

	/* Best effort: a relay that is gone reads nothing anyway. */
	if (p->sock[1] >= 0)
		(void)!send(p->sock[1], msg, sizeof(msg), MSG_NOSIGNAL);
}

/*
 * Read init's word on the end (relay_tell_end) into *said and *status.
 * False when there is none to read (yet), or the channel is closed.
 */
static bool
read_end(int fd, char *said, int *status, bool *closed)
{
	struct pollfd pf = { .fd = fd, .events = POLLIN };
	unsigned char msg[2];
	ssize_t n;

	/* poll and read: the relay's seccomp filter has no recv. */
	if (poll(&pf, 1, 0) != 1)
		return false;
	do
		n = read(fd, msg, sizeof(msg));
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		*closed = true;
	if (n != 2 || (msg[0] != 'e' && msg[0] != 'i'))
		return false;
	*said = (char)msg[0];
	*status = msg[1];
	return true;
}

const char *
end_reason_text(const struct session_end *e, char *buf, size_t len)
{
	switch (e->why) {
	case END_EXIT:
		return "exit";
	case END_IDLE:
		return "idle timeout";
	case END_HANGUP:
		return "hang-up";
	case END_SIGNAL:
		snprintf(buf, len, "signal %s", sigabbrev_np(e->sig) ?
			 sigabbrev_np(e->sig) : "?");
		return buf;
	case END_ADMIN:
		return "ended by the administrator";
	case END_SETUP:
		return "setup failure";
	}
	return "?";
}

bool
pty_receive(struct pty *p)
{
	struct fdmsg m;
	struct cmsghdr *cm;
	ssize_t n;

	close(p->sock[1]);
	p->sock[1] = -1;
	if (!p->tty_fds)
		return true;
	fdmsg_init(&m);
	do
		n = recvmsg(p->sock[0], &m.msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	/* EOF: init failed before it had a pty, and said why itself. */
	if (n == 0)
		return false;
	/* Our own failure: exiting closes the channel, so init, waiting
	 * for the go, ends without running anything. */
	if (n < 0)
		setup_fail("pty", errno, NULL);
	cm = CMSG_FIRSTHDR(&m.msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int)))
		setup_failx("pty", NULL, "init sent no terminal");
	memcpy(&p->master, CMSG_DATA(cm), sizeof(int));
	if (fcntl(p->master, F_SETFL, O_NONBLOCK) < 0)
		setup_fail("pty", errno, NULL);
	return true;
}

static int
status_of(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

static void
copy_winsize(int from, int to)
{
	struct winsize ws;

	if (ioctl(from, TIOCGWINSZ, &ws) == 0)
		ioctl(to, TIOCSWINSZ, &ws);
}

/* Write as much of b as the (blocking) fd takes; false on a dead fd. */
static bool
flush_buf(int fd, struct buf *b)
{
	while (b->len) {
		ssize_t n = write(fd, b->data + b->off, b->len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return true;
			return false;
		}
		b->off += (size_t)n;
		b->len -= (size_t)n;
	}
	b->off = 0;
	return true;
}

static bool
fill_buf(int fd, struct buf *b, bool *eof)
{
	ssize_t n = read(fd, b->data, sizeof(b->data));

	if (n > 0) {
		b->off = 0;
		b->len = (size_t)n;
		return true;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return true;
	*eof = true;
	return false;
}

/*
 * After a hang-up or SIGTERM is passed on, the session has this long to
 * end; then init is killed, and with it every process of the session.  A
 * program that ignores both must not keep a session without a terminal
 * (or one asked to end) alive.
 */
#define KILL_GRACE_MS 3000

static long long
now_ms(void)
{
	struct timespec t;

	/* Fails only for a bad clock id or pointer; neither can happen. */
	(void)clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The text root's cyloctl kill leaves on the user's terminal (raw mode:
 * the relay's own line ends). */
static const char admin_msg[] = "\r\ncylosh: session ended by the administrator\r\n";

int
relay_run(pid_t init, struct pty *p, struct session_end *end)
{
	static struct buf in, out;
	struct termios saved, raw;
	bool raw_set = false, init_done = false, master_done = p->master < 0;
	bool in_open = p->input, hangup = false, sock_closed = false;
	char said = 0;
	int out_fd = (p->tty_fds & 2) ? 1 : 2;
	int status = 1, sfd = -1, rc, timeout;
	long long kill_at = -1;
	sigset_t set;
	int init_sig = 0;

	end->why = END_EXIT;
	end->sig = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGWINCH);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0 ||
	    (sfd = signalfd(-1, &set, SFD_CLOEXEC)) < 0) {
		warn_errno("cannot watch signals");
		kill(init, SIGKILL);
		waitpid(init, NULL, 0);
		return CYLO_EXIT_SETUP;
	}
	/* A SIGCHLD that came before the mask above was discarded: ask. */
	{
		int st;

		if (waitpid(init, &st, WNOHANG) == init) {
			status = status_of(st);
			init_sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
			init_done = true;
		}
	}
	/* no_new_privs lets an unprivileged process restrict itself. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		warn_errno("cannot set no_new_privs on the relay");
	landlock_restrict_outer();
	seccomp_restrict_outer();
	/* Only a restricted relay lets the session start its shell: if the
	 * restriction failed we exited above, init reads EOF and ends. */
	if (!init_done && send(p->sock[0], "g", 1, MSG_NOSIGNAL) != 1) {
		int st;

		/* init is gone: it failed and said why; pass its status on. */
		kill(init, SIGKILL);
		if (waitpid(init, &st, 0) != init)
			return CYLO_EXIT_SETUP;
		status = status_of(st);
		init_done = true;
	}
	/* sock[0] stays open: init says over it why the session ended. */
	/* Raw mode only now: a relay that failed above left the terminal
	 * as it found it. */
	if (p->input && tcgetattr(0, &saved) == 0) {
		/* The session's pty does the line editing; ours passes bytes. */
		raw = saved;
		cfmakeraw(&raw);
		raw_set = tcsetattr(0, TCSADRAIN, &raw) == 0;
	}

	while (!init_done || !master_done) {
		struct pollfd pfd[5];
		int n = 0, i_sig, i_master = -1, i_in = -1, i_out = -1;
		int i_sock = -1;

		pfd[n] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		i_sig = n++;
		/* init's word that the session ended: its own exit, the
		 * namespaces' teardown, need not be waited for (sandbox.c). */
		if (!init_done && !sock_closed) {
			pfd[n] = (struct pollfd){ .fd = p->sock[0], .events = POLLIN };
			i_sock = n++;
		}
		if (!master_done) {
			short ev = 0;

			if (!out.len)
				ev |= POLLIN;
			if (in.len)
				ev |= POLLOUT;
			if (ev) {
				pfd[n] = (struct pollfd){ .fd = p->master, .events = ev };
				i_master = n++;
			}
		}
		if (in_open && !in.len) {
			pfd[n] = (struct pollfd){ .fd = 0, .events = POLLIN };
			i_in = n++;
		}
		if (out.len) {
			pfd[n] = (struct pollfd){ .fd = out_fd, .events = POLLOUT };
			i_out = n++;
		}
		timeout = -1;
		if (kill_at >= 0 && !init_done) {
			long long left = kill_at - now_ms();

			timeout = left > 0 ? (int)left : 0;
		}
		rc = poll(pfd, (nfds_t)n, timeout);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (rc == 0) {
			kill(init, SIGKILL);
			kill_at = -1;
			continue;
		}
		if (pfd[i_sig].revents & POLLIN) {
			struct signalfd_siginfo si;

			while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				int sig = (int)si.ssi_signo, st;

				if (sig == SIGCHLD) {
					if (waitpid(init, &st, WNOHANG) == init) {
						status = status_of(st);
						init_sig = WIFSIGNALED(st) ?
							   WTERMSIG(st) : 0;
						init_done = true;
					}
				} else if (sig == SIGUSR1) {
					/* Only root ends a session this way:
					 * the reason goes to the log. */
					if (si.ssi_uid != 0 || end->why == END_ADMIN)
						break;
					end->why = END_ADMIN;
					if (p->tty_fds)
						(void)!write(out_fd, admin_msg,
							     sizeof(admin_msg) - 1);
					kill(init, SIGHUP);
					if (kill_at < 0)
						kill_at = now_ms() + KILL_GRACE_MS;
				} else if (sig == SIGWINCH) {
					if (p->master >= 0)
						copy_winsize(p->tty_fds & 1 ? 0 : out_fd,
							     p->master);
				} else {
					kill(init, sig);
					if ((sig == SIGHUP || sig == SIGTERM) &&
					    kill_at < 0)
						kill_at = now_ms() + KILL_GRACE_MS;
					if (end->why == END_EXIT &&
					    (sig == SIGHUP || sig == SIGTERM)) {
						end->why = sig == SIGHUP ?
							   END_HANGUP : END_SIGNAL;
						end->sig = sig;
					}
				}
				break;
			}
		}
		if (i_sock >= 0 && pfd[i_sock].revents &&
		    read_end(p->sock[0], &said, &status, &sock_closed))
			init_done = true;
		if (i_master >= 0 && pfd[i_master].revents) {
			if (pfd[i_master].revents & POLLOUT)
				flush_buf(p->master, &in);
			if (!out.len && (pfd[i_master].revents & (POLLIN | POLLHUP | POLLERR)))
				fill_buf(p->master, &out, &master_done);
		}
		if (i_in >= 0 && pfd[i_in].revents) {
			bool eof = false;

			if (!fill_buf(0, &in, &eof) && eof) {
				/* The real terminal hung up: so does the session. */
				in_open = false;
				hangup = true;
				if (end->why == END_EXIT)
					end->why = END_HANGUP;
				kill(init, SIGHUP);
				if (kill_at < 0)
					kill_at = now_ms() + KILL_GRACE_MS;
			}
		}
		if (i_out >= 0 && (pfd[i_out].revents & (POLLOUT | POLLERR | POLLHUP))) {
			if (!flush_buf(out_fd, &out))
				out.len = 0;
		}
	}
	if (out.len)
		flush_buf(out_fd, &out);
	if (raw_set && !hangup)
		tcsetattr(0, TCSADRAIN, &saved);
	/* What init said: only a session whose end nothing outside explains
	 * takes its reason from inside.  No word at all: init died before
	 * its shell ran (a setup failure) or was killed. */
	if (end->why == END_EXIT) {
		char byte = said;

		/* init exited before its word was read: it is there still,
		 * and its status is init's. */
		if (!byte && !sock_closed)
			read_end(p->sock[0], &byte, &status, &sock_closed);
		if (byte == 'i') {
			end->why = END_IDLE;
		} else if (byte != 'e' && init_sig) {
			end->why = END_SIGNAL;
			end->sig = init_sig;
		} else if (byte != 'e') {
			end->why = END_SETUP;
		} else if (status > 128 && status < 128 + 65) {
			/* The shell was killed (128 + the signal). */
			end->why = END_SIGNAL;
			end->sig = status - 128;
		}
	}
	close(p->sock[0]);
	return status;
}
