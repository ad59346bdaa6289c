/*
 * rlimits.c - step 6: the session's hostname (its own UTS namespace) and
 * resource limits.
 *
 * Assumes: init, in its own UTS namespace, with CAP_SYS_ADMIN there.
 * Guarantees: hard and soft limits for nproc, nofile, core (0), fsize, data
 * (process_memory) and cpu are at most the policy's values; the
 * whole-session limits (memory, tasks, cpu) are the cgroup's (cgroup.c),
 * never rlimits.  RLIMIT_AS is left alone
 * on purpose: V8 and Go reserve huge address ranges they never touch.
 */
#include "rlimits.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "diag.h"

/* Lower a limit to value (0 from the policy means "leave as is", except
 * for the core size, which is always 0).  Never raises a hard limit: an
 * unprivileged process may not, and the host's limit is then the cap. */
static void
lower(int resource, const char *name, rlim_t value, bool zero_is_value)
{
	struct rlimit rl;

	if (value == 0 && !zero_is_value)
		return;
	if (getrlimit(resource, &rl) < 0)
		setup_failx("resource limits", NULL, "getrlimit %s: %s", name,
			    strerror(errno));
	if (rl.rlim_max == RLIM_INFINITY || value < rl.rlim_max)
		rl.rlim_max = value;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(resource, &rl) < 0)
		setup_failx("resource limits", NULL, "setrlimit %s: %s", name,
			    strerror(errno));
}

void
limits_apply(const struct policy *p)
{
	if (sethostname(p->hostname, strlen(p->hostname)) < 0)
		setup_fail("hostname", errno, NULL);
	lower(RLIMIT_NPROC, "nproc", p->nproc, false);
	lower(RLIMIT_NOFILE, "nofile", p->nofile, false);
	lower(RLIMIT_CORE, "core", 0, true);
	lower(RLIMIT_FSIZE, "fsize", p->fsize, false);
	lower(RLIMIT_DATA, "process_memory", p->process_memory, false);
	lower(RLIMIT_CPU, "cpu_seconds", p->cpu_seconds, false);
}
