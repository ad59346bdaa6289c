/*
 * filter.c - step 9, applied last: the system call filter.
 *
 * Assumes: no_new_privs is set (so no privilege is needed to load it) and
 * every other setup step is done: after this, mounts and namespaces are out
 * of reach for good.
 * Guarantees: for the session, a deny list answered with EPERM (clone3
 * with ENOSYS, so libc falls back to clone, whose namespace flags we can
 * inspect), TIOCSTI/TIOCLINUX refused comparing only the low 32 bits of
 * the request, sockets of families other than unix, inet, inet6 and
 * netlink route refused with EAFNOSUPPORT, memfds refused with ENOSYS
 * under home_noexec, and any foreign architecture (i386, x32) killing the
 * process.  For the outer relay, an allow list.
 *
 * The rules live in tools/mkfilter.c, which compiles them with libseccomp
 * at build time into filter_bpf.h: the programs are the same for every
 * session, and compiling them per session cost more than a millisecond of
 * its start.  Here they are only loaded.
 */
#include "filter.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diag.h"
#include "filter_bpf.h"

#define STEP "seccomp"

#define LEN(a) (sizeof(a) / sizeof(*(a)))

static int
load(const struct sock_filter *f, size_t n)
{
	struct sock_fprog prog = {
		.len = (unsigned short)n,
		.filter = (struct sock_filter *)f,
	};

	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0 ?
	       errno : 0;
}

static _Noreturn void
fail_load(int err)
{
	setup_failx(STEP, "the kernel needs seccomp filters "
		    "(CONFIG_SECCOMP_FILTER); 'cylosh --check' tests them",
		    "cannot load the filter: %s", strerror(err));
}

static int
load_session(bool allow_debuggers, bool noexec)
{
	if (noexec)
		return allow_debuggers ?
		       load(filter_session_debug_noexec,
			    LEN(filter_session_debug_noexec)) :
		       load(filter_session_noexec, LEN(filter_session_noexec));
	return allow_debuggers ?
	       load(filter_session_debug, LEN(filter_session_debug)) :
	       load(filter_session, LEN(filter_session));
}

int
seccomp_load_session(bool allow_debuggers)
{
	return load_session(allow_debuggers, false);
}

void
seccomp_apply(bool allow_debuggers, bool noexec)
{
	int err = load_session(allow_debuggers, noexec);

	if (err)
		fail_load(err);
}

void
seccomp_restrict_outer(void)
{
	int err = load(filter_outer, LEN(filter_outer));

	if (err)
		fail_load(err);
}
