/*
 * config_file.c - load cylo.conf, refusing files an unprivileged user could
 * have written.
 *
 * Assumes: nothing about the caller's privileges; linked into cylosh and
 * pam_cylo.so, so it reports through err only (no diag.c, no exit).
 * Guarantees: the bytes handed to config_parse come from a regular file,
 * opened without following a symlink, owned by root and not writable by
 * group or others, in a directory with the same properties, and were read
 * through the descriptor that was checked (no check-then-open race).
 */
#include "config.h"
#include "errbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Root-owned and not writable by group or others. */
static int
check_owner(const struct stat *st, const char *what, const char *path,
	    char *err, size_t errlen)
{
	if (st->st_uid != 0)
		return errbuf(err, errlen, "%s %s is owned by uid %u, not root",
			    what, path, (unsigned)st->st_uid);
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return errbuf(err, errlen,
			    "%s %s is writable by group or others (mode %04o)",
			    what, path, (unsigned)(st->st_mode & 07777));
	return 0;
}

/* The directory holding path, checked through an O_PATH descriptor. */
static int
check_dir(const char *path, char *err, size_t errlen)
{
	struct stat st;
	char *copy, *dir;
	int fd, e;

	copy = strdup(path);
	if (!copy)
		return errbuf(err, errlen, "%s: out of memory", path);
	dir = dirname(copy);
	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		errbuf(err, errlen, "cannot open directory %s: %s", dir,
		     strerror(e));
		free(copy);
		errno = e;
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		errbuf(err, errlen, "cannot stat directory %s: %s", dir,
		     strerror(e));
		close(fd);
		free(copy);
		errno = e;
		return -1;
	}
	close(fd);
	e = check_owner(&st, "directory", dir, err, errlen);
	free(copy);
	if (e < 0)
		errno = EPERM;
	return e;
}

/* Read all of fd (a regular file of at most CONF_MAX_SIZE bytes). */
static char *
read_all(int fd, const char *path, size_t *len, char *err, size_t errlen)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap), *nb;
	ssize_t r;

	if (!buf) {
		errbuf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			if (cap > CONF_MAX_SIZE)
				break;
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				errbuf(err, errlen, "%s: out of memory", path);
				return NULL;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			errbuf(err, errlen, "cannot read %s: %s", path,
			     strerror(e));
			free(buf);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	/* Checked on what was read: the file may have grown since fstat. */
	if (n > CONF_MAX_SIZE) {
		errbuf(err, errlen, "%s is larger than %d bytes", path,
		     CONF_MAX_SIZE);
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	*len = n;
	return buf;
}

char *
rootfile_read(const char *path, const char *what, size_t *len, char *err,
	      size_t errlen)
{
	struct stat st;
	char *text;
	int fd, e;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		e = errno;
		if (e == ELOOP)
			errbuf(err, errlen, "%s is a symbolic link; refusing it",
			     path);
		else
			errbuf(err, errlen, "cannot open %s: %s", path,
			     strerror(e));
		errno = e;
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		errbuf(err, errlen, "cannot stat %s: %s", path, strerror(e));
		close(fd);
		errno = e;
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		errbuf(err, errlen, "%s is not a regular file", path);
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	if (check_owner(&st, what, path, err, errlen) < 0) {
		close(fd);
		errno = EPERM;
		return NULL;
	}
	if (check_dir(path, err, errlen) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	text = read_all(fd, path, len, err, errlen);
	e = errno;
	close(fd);
	errno = e;
	return text;
}

static int
load_one(const char *path, struct config *out, char *err, size_t errlen)
{
	char *text;
	size_t len;
	int r;

	memset(out, 0, sizeof(*out));
	text = rootfile_read(path, "config file", &len, err, errlen);
	if (!text)
		return -1;
	r = config_parse(text, len, path, out, err, errlen);
	free(text);
	if (r < 0)
		errno = EINVAL;
	return r;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A drop-in's name: "*.conf", not hidden (editors' and packagers' leftovers
 * such as .conf.swp, .dpkg-old or ~ do not end in ".conf"). */
static bool
dropin_name(const char *n)
{
	size_t len = strlen(n);

	return n[0] != '.' && len > 5 && strcmp(n + len - 5, ".conf") == 0;
}

/*
 * The names in dir (checked: a directory, not a link, root's, not
 * group/other-writable), sorted.  *names is NULL and *n 0 when the
 * directory does not exist.
 */
static int
list_dropins(const char *dir, char ***names, size_t *n, char *err,
	     size_t errlen)
{
	struct dirent *e;
	struct stat st;
	char **v = NULL, **nv;
	size_t k = 0;
	DIR *d;
	int fd, ec;

	*names = NULL;
	*n = 0;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		ec = errno;
		if (ec == ENOENT)
			return 0;
		errbuf(err, errlen, ec == ELOOP || ec == ENOTDIR ?
		     "%s is not a directory (a link?); refusing it" :
		     "cannot open %s: %s", dir, strerror(ec));
		errno = ec;
		return -1;
	}
	if (fstat(fd, &st) < 0 || check_owner(&st, "directory", dir, err,
					      errlen) < 0) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return errbuf(err, errlen, "cannot read %s: %s", dir,
			    strerror(errno));
	}
	while ((errno = 0, e = readdir(d))) {
		if (!dropin_name(e->d_name))
			continue;
		if (k == CONF_MAX_DROPINS) {
			errbuf(err, errlen, "%s holds more than %d drop-ins", dir,
			     CONF_MAX_DROPINS);
			goto bad;
		}
		nv = realloc(v, (k + 1) * sizeof(*v));
		if (!nv || !(nv[k] = strdup(e->d_name))) {
			v = nv ? nv : v;
			errbuf(err, errlen, "%s: out of memory", dir);
			goto bad;
		}
		v = nv;
		k++;
	}
	if (errno) {
		errbuf(err, errlen, "cannot read %s: %s", dir, strerror(errno));
		goto bad;
	}
	closedir(d);
	if (k)
		qsort(v, k, sizeof(*v), by_name);
	*names = v;
	*n = k;
	return 0;
bad:
	for (size_t i = 0; i < k; i++)
		free(v[i]);
	free(v);
	closedir(d);
	errno = EINVAL;
	return -1;
}

int
config_load(const char *path, struct config *out, char *err, size_t errlen)
{
	char dir[4096], file[4096 + 256], **names;
	struct config more;
	struct stat st;
	size_t n;
	int r = 0;

	memset(out, 0, sizeof(*out));
	if ((size_t)snprintf(dir, sizeof(dir), "%s.d", path) >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return errbuf(err, errlen, "%s: path too long", path);
	}
	if (load_one(path, out, err, errlen) < 0) {
		/* Drop-ins without the main file would be silently ignored
		 * with the built-in defaults: say so instead. */
		if (errno == ENOENT && lstat(dir, &st) == 0) {
			errbuf(err, errlen, "%s exists but %s does not; the "
			     "drop-ins would be ignored", dir, path);
			errno = EINVAL;
		}
		return -1;
	}
	if (list_dropins(dir, &names, &n, err, errlen) < 0) {
		int e = errno;

		config_free(out);
		errno = e;
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (r == 0) {
			snprintf(file, sizeof(file), "%s/%s", dir, names[i]);
			r = load_one(file, &more, err, errlen);
			if (r == 0 && config_merge(out, &more, err, errlen) < 0) {
				errno = EINVAL;
				r = -1;
			}
		}
		free(names[i]);
	}
	free(names);
	if (r < 0) {
		int e = errno;

		config_free(out);
		errno = e == ENOENT ? EINVAL : e;
		return -1;
	}
	return 0;
}
