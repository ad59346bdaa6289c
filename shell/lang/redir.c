/*
 * redir.c - redirections, as the evaluator applies them in the shell
 * (see eval_int.h).
 *
 * Assumes: the targets are words from the parser, expanded here.
 * Guarantees: every fd the shell opens for a redirection is close-on-exec
 * until it is moved onto the fd the user named; what a builtin's or a
 * compound command's redirections replaced is saved and given back.
 */
#include "eval_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

static int
save_fd(struct fdsave *sv, int fd)
{
	int i;

	if (!sv)
		return 0;
	for (i = 0; i < sv->n; i++)
		if (sv->fd[i] == fd)
			return 0;
	if (sv->n == MAX_SAVED) {
		warnx("too many redirections");
		return -1;
	}
	sv->fd[sv->n] = fd;
	sv->saved[sv->n] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (sv->saved[sv->n] < 0 && errno != EBADF) {
		warn_errno("redirection: cannot save fd %d", fd);
		return -1;
	}
	sv->n++;
	return 0;
}

void
restore_fds(struct fdsave *sv)
{
	/* Nothing redirected: nothing to flush to the right place. */
	if (sv->n == 0)
		return;
	fflush(stdout);
	fflush(stderr);
	while (sv->n > 0) {
		sv->n--;
		if (sv->saved[sv->n] >= 0) {
			dup2(sv->saved[sv->n], sv->fd[sv->n]);
			close(sv->saved[sv->n]);
		} else {
			close(sv->fd[sv->n]);
		}
	}
}

int
move_fd(int from, int to)
{
	if (from == to)
		return fcntl(to, F_SETFD, 0);
	if (dup2(from, to) < 0) {
		int e = errno;

		close(from);
		errno = e;
		return -1;
	}
	close(from);
	return 0;
}

static int
heredoc_fd(const char *s, size_t len)
{
	int fd = memfd_create("cylosh-heredoc", MFD_CLOEXEC);
	int p[2];

	if (fd >= 0) {
		size_t off = 0;

		while (off < len) {
			ssize_t w = write(fd, s + off, len - off);

			if (w < 0) {
				if (errno == EINTR)
					continue;
				close(fd);
				return -1;
			}
			off += (size_t)w;
		}
		if (lseek(fd, 0, SEEK_SET) < 0) {
			close(fd);
			return -1;
		}
		return fd;
	}
	/* No memfd: a pipe holds a small document without a writer. */
	if (len > 65536 || pipe2(p, O_CLOEXEC) < 0)
		return -1;
	if (len && write(p[1], s, len) != (ssize_t)len) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	close(p[1]);
	return p[0];
}

/*
 * The descriptor a file or here-document redirection reads or writes:
 * the target expanded and opened, or the here-document's body expanded
 * into a pipe.  -1 after a message.
 */
int
open_redir(struct expand_ctx *x, const struct redir *r, bool noclobber)
{
	const char *path, *body;
	int flags, fd;

	if (r->type == R_HERESTR) {
		size_t n;
		char *b;

		if (!(body = expand_string(x, r->target))) {
			warnx("%s", x->err);
			return -1;
		}
		n = strlen(body);
		b = arena_alloc(x->a, n + 2);
		memcpy(b, body, n);
		b[n] = '\n';
		b[n + 1] = 0;
		fd = heredoc_fd(b, n + 1);
		if (fd < 0)
			warn_errno("here-string");
		return fd;
	}
	if (r->type == R_HEREDOC) {
		body = r->body ? expand_string(x, r->body) : "";
		if (!body) {
			warnx("%s", x->err);
			return -1;
		}
		fd = heredoc_fd(body, strlen(body));
		if (fd < 0)
			warn_errno("here-document");
		return fd;
	}
	if (!(path = expand_target(x, r->target))) {
		warnx("%s", x->err);
		return -1;
	}
	if (r->type == R_IN)
		flags = O_RDONLY;
	else if (r->type == R_RDWR)
		flags = O_RDWR | O_CREAT;
	else if (r->type == R_APPEND || r->type == R_BOTH_APPEND)
		flags = O_WRONLY | O_CREAT | O_APPEND;
	else
		flags = O_WRONLY | O_CREAT | O_TRUNC;
	/* set -C: > makes a new file, or writes to one that is not a
	 * regular file (/dev/null); >| overwrites anyway. */
	if (noclobber && !r->clobber && (r->type == R_OUT || r->type == R_BOTH)) {
		struct stat st;

		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
		if (fd >= 0 || errno != EEXIST)
			goto done;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			warnx("%s: cannot overwrite existing file (set -C)", path);
			return -1;
		}
		flags = O_WRONLY;
	}
	fd = open(path, flags | O_CLOEXEC | O_NOCTTY, 0666);
done:
	if (fd < 0)
		warn_errno("%s", path);
	return fd;
}

int
apply_redirs(struct shell *sh, struct redir *r, struct fdsave *sv)
{
	struct expand_ctx x;

	if (!r)
		return 0;
	fflush(stdout);
	fflush(stderr);
	xctx(sh, &x);
	for (; r; r = r->next) {
		int fd;

		if (save_fd(sv, r->fd) < 0 ||
		    (r->type == R_BOTH || r->type == R_BOTH_APPEND ?
			     save_fd(sv, 2) : 0) < 0)
			return -1;
		if (r->type == R_DUP) {
			if (fcntl(r->dupfd, F_GETFD) < 0 ||
			    (sv && r->dupfd >= 10)) {
				warnx("%d: bad file descriptor", r->dupfd);
				return -1;
			}
			if (r->dupfd != r->fd && dup2(r->dupfd, r->fd) < 0) {
				warn_errno("%d>&%d", r->fd, r->dupfd);
				return -1;
			}
			continue;
		}
		if (r->type == R_CLOSE) {
			close(r->fd);
			continue;
		}
		if ((fd = open_redir(&x, r, sh->noclobber)) < 0)
			return -1;
		if (r->type == R_BOTH || r->type == R_BOTH_APPEND) {
			if (dup2(fd, 2) < 0) {
				warn_errno("redirection");
				close(fd);
				return -1;
			}
		}
		if (move_fd(fd, r->fd) < 0) {
			warn_errno("redirection");
			return -1;
		}
	}
	return 0;
}
