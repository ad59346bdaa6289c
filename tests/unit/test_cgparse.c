/*
 * test_cgparse.c - the pure cgroup helpers: /proc/PID/cgroup and mountinfo
 * texts, limit values, CPU quotas.
 */
#include "cgparse.h"
#include "tap.h"

static const char proc_v1[] =
	"9:name=systemd:/\n"
	"8:pids:/cylo/u.42\n"
	"4:memory:/process_api/abc/cylo/u.42\n"
	"2:cpuacct,cpu:/cylo/u.42\n"
	"0::/\n";
static const char proc_v2[] = "0::/cylo/u.7\n";

static const char mountinfo[] =
	"22 1 0:21 / /sys rw,nosuid - sysfs sysfs rw\n"
	"30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"
	"34 30 0:31 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory\n"
	"38 30 0:35 /sub /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
	"39 30 0:36 / /sys/fs/cgroup/sp\\040ace rw - cgroup cgroup rw,freezer\n"
	"40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

static void
test_proc(void)
{
	char p[256];

	tap_ok(cg_proc_path(proc_v1, "memory", p, sizeof(p)) == 0 &&
	       strcmp(p, "/process_api/abc/cylo/u.42") == 0, "v1 memory path");
	tap_ok(cg_proc_path(proc_v1, "cpu", p, sizeof(p)) == 0 &&
	       strcmp(p, "/cylo/u.42") == 0, "v1 cpu in a joined hierarchy");
	tap_ok(cg_proc_path(proc_v1, "cpuset", p, sizeof(p)) < 0,
	       "v1 controller without a line");
	tap_ok(cg_proc_path(proc_v1, "systemd", p, sizeof(p)) < 0,
	       "name=systemd is no controller");
	tap_ok(cg_proc_path(proc_v1, NULL, p, sizeof(p)) == 0 &&
	       strcmp(p, "/") == 0, "v2 line in a hybrid layout");
	tap_ok(cg_proc_path(proc_v2, NULL, p, sizeof(p)) == 0 &&
	       strcmp(p, "/cylo/u.7") == 0, "v2 path");
	tap_ok(cg_proc_path(proc_v2, "memory", p, sizeof(p)) < 0,
	       "no v1 memory on a v2 host");
	tap_ok(cg_proc_path(proc_v1, "memory", p, 8) < 0,
	       "a path that does not fit is no path");
}

static void
test_mounts(void)
{
	char m[256], r[256];

	tap_ok(cg_mount_find(mountinfo, "memory", m, sizeof(m), r, sizeof(r)) == 0 &&
	       strcmp(m, "/sys/fs/cgroup/memory") == 0 && strcmp(r, "/") == 0,
	       "v1 memory mount with an optional field");
	tap_ok(cg_mount_find(mountinfo, "cpu", m, sizeof(m), r, sizeof(r)) == 0 &&
	       strcmp(m, "/sys/fs/cgroup/cpu,cpuacct") == 0,
	       "v1 cpu in cpu,cpuacct");
	tap_ok(cg_mount_find(mountinfo, "cpuset", m, sizeof(m), r, sizeof(r)) < 0,
	       "v1 cpuset not mounted");
	tap_ok(cg_mount_find(mountinfo, "pids", m, sizeof(m), r, sizeof(r)) == 0 &&
	       strcmp(r, "/sub") == 0, "mounted root kept");
	tap_ok(cg_mount_find(mountinfo, "freezer", m, sizeof(m), r, sizeof(r)) < 0,
	       "escaped mount point refused");
	tap_ok(cg_mount_find(mountinfo, NULL, m, sizeof(m), r, sizeof(r)) == 0 &&
	       strcmp(m, "/sys/fs/cgroup/unified") == 0, "cgroup2 mount");
	tap_ok(cg_mount_find("31 30 0:28 / /x rw - tmpfs tmpfs rw,memory\n",
			     "memory", m, sizeof(m), r, sizeof(r)) < 0,
	       "a tmpfs with a memory option is no cgroup");
}

static void
test_dir(void)
{
	char d[256];

	tap_ok(cg_dir("/sys/fs/cgroup/pids", "/", "/cylo/u.1", d, sizeof(d)) == 0 &&
	       strcmp(d, "/sys/fs/cgroup/pids/cylo/u.1") == 0, "dir at root");
	tap_ok(cg_dir("/m", "/", "/", d, sizeof(d)) == 0 && strcmp(d, "/m") == 0,
	       "root cgroup is the mount point");
	tap_ok(cg_dir("/m", "/sub", "/sub/a", d, sizeof(d)) == 0 &&
	       strcmp(d, "/m/a") == 0, "dir below a mounted root");
	tap_ok(cg_dir("/m", "/sub", "/subx/a", d, sizeof(d)) < 0,
	       "path beside the mounted root refused");
	tap_ok(cg_dir("/m", "/", "/a/../b", d, sizeof(d)) < 0,
	       "dot-dot refused");
	tap_ok(cg_dir("/m", "/", "a", d, sizeof(d)) < 0, "relative refused");
}

static void
test_values(void)
{
	unsigned long long v = 1;
	unsigned long pc = 1;

	tap_ok(cg_parse_limit("max\n", &v) == 0 && v == 0, "max is no limit");
	tap_ok(cg_parse_limit("134217728\n", &v) == 0 && v == 134217728ULL,
	       "bytes");
	tap_ok(cg_parse_limit("9223372036854771712\n", &v) == 0 && v == 0,
	       "v1 unlimited");
	tap_ok(cg_parse_limit("-1\n", &v) < 0, "negative refused");
	tap_ok(cg_parse_limit("12x", &v) < 0, "junk refused");
	tap_ok(cg_parse_cpu_max("max 100000\n", &pc) == 0 && pc == 0,
	       "cpu.max max");
	tap_ok(cg_parse_cpu_max("50000 100000\n", &pc) == 0 && pc == 50,
	       "cpu.max half a CPU");
	tap_ok(cg_parse_cpu_max("1 100000\n", &pc) == 0 && pc == 1,
	       "tiny quota rounds up");
	tap_ok(cg_parse_cpu_max("50000\n", &pc) < 0, "cpu.max without period");
	tap_ok(cg_cpu_percent(-1, 100000) == 0, "v1 quota -1 is none");
	tap_ok(cg_cpu_percent(250000, 100000) == 250, "v1 2.5 CPUs");
	tap_ok(cg_cpu_quota(150) == 150000, "quota for 150%%");
	tap_ok(cg_controllers_have("cpuset cpu io memory pids\n", CG_ALL),
	       "controllers all there");
	tap_ok(!cg_controllers_have("cpuset io memory\n", CG_MEMORY | CG_CPU),
	       "cpu missing (cpuset is not cpu)");
	tap_ok(!cg_controllers_have("", CG_PIDS), "empty list");
}

static void
test_session_cgroup(void)
{
	tap_ok(cg_is_session_cgroup("/sys/fs/cgroup/memory/x/cylo/alice.42"),
	       "pam_cylo's cylo/USER.PID");
	tap_ok(cg_is_session_cgroup("/cylo/u.7"), "cylo/USER.PID at the root");
	tap_ok(cg_is_session_cgroup("/sys/fs/cgroup/u/cylo-session.99"),
	       "cylosh's delegated cylo-session.PID");
	tap_ok(cg_is_session_cgroup("/system.slice/cylo-1000-42.scope"),
	       "systemd's cylo-UID-PID.scope");
	tap_ok(!cg_is_session_cgroup("/process_api/abc"), "another cgroup");
	tap_ok(!cg_is_session_cgroup("/"), "the root");
	tap_ok(!cg_is_session_cgroup("/xcylo/alice.42"), "xcylo is not cylo");
	tap_ok(!cg_is_session_cgroup("/cylo/alice.42x"), "pid not a number");
	tap_ok(!cg_is_session_cgroup("/cylo/alice."), "no pid");
	tap_ok(!cg_is_session_cgroup("/cylo"), "the cylo directory itself");
	tap_ok(!cg_is_session_cgroup("/u/cylo-session."), "delegated, no pid");
	tap_ok(!cg_is_session_cgroup("/cylo-x-1.scope"), "scope, uid not a number");
	tap_ok(!cg_is_session_cgroup("/u/session.5"), "not cylo's");
}

int
main(void)
{
	char n[16];

	test_proc();
	test_mounts();
	test_dir();
	test_values();
	test_session_cgroup();
	tap_ok(cg_session_name(n, sizeof(n), "alice", 1234) == 0 &&
	       strcmp(n, "alice.1234") == 0, "session name");
	tap_ok(cg_session_name(n, 6, "alice", 1234) < 0, "name too long");
	return tap_done();
}
