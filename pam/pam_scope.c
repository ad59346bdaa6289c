/*
 * pam_scope.c - the systemd route of the session cgroup: where systemd is
 * pid 1 it owns the cgroup tree, so pam_cylo asks it, over D-Bus (sd-bus),
 * for a transient scope that holds the calling process and carries the
 * policy's limits, instead of writing in the tree itself.
 *
 * Assumes: root, systemd running (pam_cgroup.c decided), the system bus at
 * its usual address (sd_bus_open_system; DBUS_SYSTEM_BUS_ADDRESS where the
 * process is not set-user-ID, which is how the tests reach a stand-in).
 * Guarantees: returns success only when systemd reported the scope's start
 * job done; the scope is "cylo-UID-PID.scope", collected by systemd when
 * its last process ends (CollectMode inactive-or-failed), which is when
 * the login service process leaves after close_session.  cylosh checks
 * the limits itself before the session runs (cgroup.c).
 */
#include "pam_cylo.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-bus.h>

#include "cgparse.h"

#define SD_DEST "org.freedesktop.systemd1"
#define SD_PATH "/org/freedesktop/systemd1"
#define SD_MANAGER "org.freedesktop.systemd1.Manager"
/* How long systemd may take to start the scope. */
#define SCOPE_TIMEOUT_USEC (10ULL * 1000 * 1000)

struct jobwait {
	const char *job;	/* the job path StartTransientUnit returned */
	char result[32];	/* its JobRemoved result, "" until then */
};

static int
on_job_removed(sd_bus_message *m, void *data, sd_bus_error *err)
{
	struct jobwait *w = data;
	const char *path, *unit, *result;
	uint32_t id;

	(void)err;
	if (sd_bus_message_read(m, "uoss", &id, &path, &unit, &result) < 0)
		return 0;
	if (w->job && strcmp(path, w->job) == 0)
		snprintf(w->result, sizeof(w->result), "%s", result);
	return 0;
}

static int
append_limits(sd_bus_message *m, pid_t pid, const struct policy *pol)
{
	int r;

	r = sd_bus_message_open_container(m, 'a', "(sv)");
	if (r >= 0)
		r = sd_bus_message_append(m, "(sv)", "Description", "s",
					  "cylosh session");
	if (r >= 0)
		r = sd_bus_message_append(m, "(sv)", "PIDs", "au", 1,
					  (uint32_t)pid);
	if (r >= 0)
		r = sd_bus_message_append(m, "(sv)", "CollectMode", "s",
					  "inactive-or-failed");
	if (r >= 0 && pol->memory)
		r = sd_bus_message_append(m, "(sv)(sv)", "MemoryMax", "t",
					  (uint64_t)pol->memory,
					  "MemorySwapMax", "t", (uint64_t)0);
	if (r >= 0 && pol->tasks)
		r = sd_bus_message_append(m, "(sv)", "TasksMax", "t",
					  (uint64_t)pol->tasks);
	if (r >= 0 && pol->cpu_percent)
		/* Microseconds of CPU per second of wall time. */
		r = sd_bus_message_append(m, "(sv)", "CPUQuotaPerSecUSec", "t",
					  (uint64_t)pol->cpu_percent * 10000);
	if (r >= 0)
		r = sd_bus_message_close_container(m);
	return r;
}

int
cylo_scope_start(uid_t uid, pid_t pid, const struct policy *pol,
		 char *unit, size_t ulen, char *msg, size_t len)
{
	sd_bus *bus = NULL;
	sd_bus_message *m = NULL, *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	sd_bus_slot *slot = NULL;
	struct jobwait w = { NULL, "" };
	const char *job;
	struct timespec t0, now;
	int r, rc = -1;

	snprintf(unit, ulen, "cylo-%lu-%ld.scope", (unsigned long)uid,
		 (long)pid);
	r = sd_bus_open_system(&bus);
	if (r < 0) {
		cylo_err(msg, len, "cannot reach the system bus: %s",
			 strerror(-r));
		goto out;
	}
	/* Match before the call, so the job's end cannot be missed. */
	r = sd_bus_match_signal(bus, &slot, SD_DEST, SD_PATH, SD_MANAGER,
				"JobRemoved", on_job_removed, &w);
	if (r >= 0)
		r = sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_MANAGER,
				       "Subscribe", &err, NULL, "");
	if (r < 0) {
		cylo_err(msg, len, "systemd: Subscribe: %s",
			 err.message ? err.message : strerror(-r));
		goto out;
	}
	r = sd_bus_message_new_method_call(bus, &m, SD_DEST, SD_PATH,
					   SD_MANAGER, "StartTransientUnit");
	if (r >= 0)
		r = sd_bus_message_append(m, "ss", unit, "fail");
	if (r >= 0)
		r = append_limits(m, pid, pol);
	if (r >= 0)
		r = sd_bus_message_append(m, "a(sa(sv))", 0);
	if (r < 0) {
		cylo_err(msg, len, "systemd: cannot build the request: %s",
			 strerror(-r));
		goto out;
	}
	r = sd_bus_call(bus, m, SCOPE_TIMEOUT_USEC, &err, &reply);
	if (r < 0) {
		cylo_err(msg, len, "systemd refused the scope %s: %s", unit,
			 err.message ? err.message : strerror(-r));
		goto out;
	}
	if (sd_bus_message_read(reply, "o", &job) < 0) {
		cylo_err(msg, len, "systemd: bad answer to StartTransientUnit");
		goto out;
	}
	w.job = job;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!w.result[0]) {
		unsigned long long spent;

		clock_gettime(CLOCK_MONOTONIC, &now);
		spent = (unsigned long long)(now.tv_sec - t0.tv_sec) * 1000000ULL +
			(unsigned long long)((now.tv_nsec - t0.tv_nsec) / 1000);
		if (spent >= SCOPE_TIMEOUT_USEC) {
			cylo_err(msg, len, "systemd did not start %s in time",
				 unit);
			goto out;
		}
		r = sd_bus_process(bus, NULL);
		if (r < 0) {
			cylo_err(msg, len, "systemd: %s", strerror(-r));
			goto out;
		}
		if (r == 0 && sd_bus_wait(bus, SCOPE_TIMEOUT_USEC - spent) < 0) {
			cylo_err(msg, len, "systemd: lost the bus");
			goto out;
		}
	}
	if (strcmp(w.result, "done") != 0) {
		cylo_err(msg, len, "systemd could not start %s: job %s", unit,
			 w.result);
		goto out;
	}
	rc = 0;
out:
	sd_bus_error_free(&err);
	sd_bus_message_unref(reply);
	sd_bus_message_unref(m);
	sd_bus_slot_unref(slot);
	sd_bus_flush_close_unref(bus);
	return rc;
}
