/*
 * pamhome.c - check the PAM module's hint before using its tmpfs.
 *
 * Assumes: the outer process, before the sandbox.  The hint is an
 * environment variable, which anyone who starts cylosh can set, so it is
 * only a claim.
 * Guarantees: the path is exactly the account's home, is not a symlink, is
 * the root of a mount, is a tmpfs no larger than the policy's home_size,
 * owned by the user, with mode 0700.  Only then does the session use it.
 */
#include "pamhome.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "diag.h"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif
#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

#define STEP "PAM-prepared home"
static const char hint[] =
	"the hint comes from pam_cylo.so's session step; check that the "
	"module runs before pam_env in the PAM stack (see pam_cylo(8))";

const char *
pamhome_verify(const struct account *a, const struct policy *p)
{
	const char *path = getenv(PAM_HOME_HINT);
	struct statfs sfs;
	struct statx stx;
	long page = sysconf(_SC_PAGESIZE);
	int fd;

	if (!path)
		return NULL;
	if (strcmp(path, a->home))
		setup_failx(STEP, hint, "%s=%s is not the home directory %s",
			    PAM_HOME_HINT, path, a->home);
	fd = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		setup_failx(STEP, hint, "%s: %s", path, strerror(errno));
	if (fstatfs(fd, &sfs) < 0 ||
	    statx(fd, "", AT_EMPTY_PATH, STATX_UID | STATX_MODE, &stx) < 0)
		setup_failx(STEP, hint, "%s: %s", path, strerror(errno));
	close(fd);
	if (sfs.f_type != TMPFS_MAGIC)
		setup_failx(STEP, hint, "%s is not a tmpfs", path);
	if (!(stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) ||
	    !(stx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
		setup_failx(STEP, hint, "%s is not the root of a mount", path);
	if (stx.stx_uid != a->uid)
		setup_failx(STEP, hint, "%s is owned by uid %u, not %u", path,
			    (unsigned)stx.stx_uid, (unsigned)a->uid);
	if ((stx.stx_mode & 07777) != 0700)
		setup_failx(STEP, hint, "%s has mode %04o, not 0700", path,
			    (unsigned)(stx.stx_mode & 07777));
	/* tmpfs rounds size= up to whole pages. */
	if ((unsigned long long)sfs.f_blocks * (unsigned long long)sfs.f_bsize >
	    p->home_size + (unsigned long long)page)
		setup_failx(STEP, hint, "%s is larger than home_size", path);
	return path;
}
