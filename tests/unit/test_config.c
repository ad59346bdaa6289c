/*
 * test_config.c - cylo.conf parsing, resolution, printing and loading.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"

static char err[1024];

/* Parse text as "cylo.conf"; returns 0 or -1 and leaves the message in err. */
static int
parse(const char *text, struct config *c)
{
	err[0] = '\0';
	return config_parse(text, strlen(text), "cylo.conf", c, err,
			    sizeof(err));
}

/* text must fail with exactly want. */
static void
parse_fails(const char *text, const char *want, const char *what)
{
	struct config c;
	int r = parse(text, &c);

	if (!tap_ok(r == -1, "rejects %s", what)) {
		config_free(&c);
		return;
	}
	tap_streq(err, want, "message for %s", what);
}

/* Resolve text for user/groups; aborts the test on failure. */
static int
resolve(const char *text, const char *user, const char *const *groups,
	size_t ngroups, struct policy *p)
{
	struct config c;
	int r;

	if (parse(text, &c) < 0) {
		printf("# parse failed: %s\n", err);
		policy_defaults(p);
		return -1;
	}
	r = config_resolve(&c, user, groups, ngroups, p, err, sizeof(err));
	config_free(&c);
	if (r < 0) {
		printf("# resolve failed: %s\n", err);
		policy_defaults(p);
	}
	return r;
}

/* The value of one key as policy_print writes it. */
static const char *
printed(const struct policy *p, const char *key)
{
	static char line[8192];
	char *buf = NULL, *s, *save = NULL;
	size_t len = 0, klen = strlen(key);
	FILE *f = open_memstream(&buf, &len);

	line[0] = '\0';
	if (!f)
		return "(no memstream)";
	policy_print(f, p);
	fclose(f);
	for (s = strtok_r(buf, "\n", &save); s; s = strtok_r(NULL, "\n", &save)) {
		if (strncmp(s, key, klen) == 0 && s[klen] == ' ') {
			snprintf(line, sizeof(line), "%s", s);
			break;
		}
	}
	free(buf);
	return line;
}

static void
test_sizes(void)
{
	unsigned long long v = 1;
	char b[64];

	tap_ok(parse_size("256M", &v) == 0 && v == 256ULL << 20, "256M");
	tap_ok(parse_size("1G", &v) == 0 && v == 1ULL << 30, "1G");
	tap_ok(parse_size("1g", &v) == 0 && v == 1ULL << 30, "1g");
	tap_ok(parse_size("4096", &v) == 0 && v == 4096, "4096");
	tap_ok(parse_size("3k", &v) == 0 && v == 3072, "3k");
	tap_ok(parse_size("2T", &v) == 0 && v == 2ULL << 40, "2T");
	tap_ok(parse_size("unlimited", &v) == 0 && v == 0, "unlimited is 0");
	tap_ok(parse_size("0", &v) == 0 && v == 0, "0 is 0");
	errno = 0;
	tap_ok(parse_size("", &v) == -1 && errno == EINVAL, "empty size");
	tap_ok(parse_size("M", &v) == -1, "suffix alone");
	tap_ok(parse_size("12X", &v) == -1, "unknown suffix");
	tap_ok(parse_size("-1", &v) == -1, "negative size");
	tap_ok(parse_size("+1", &v) == -1, "signed size");
	tap_ok(parse_size(" 1", &v) == -1, "leading blank");
	tap_ok(parse_size("1 M", &v) == -1, "blank before suffix");
	tap_ok(parse_size("1.5G", &v) == -1, "fraction");
	tap_ok(parse_size("256MB", &v) == -1, "MB is not a suffix");
	tap_ok(parse_size("0x10", &v) == -1, "hex");
	/* Within a page of 2^64 a tmpfs size wraps to "no limit". */
	tap_ok(parse_size("18446744073709551615", &v) == -1 && errno == ERANGE,
	       "2^64 - 1 bytes is out of range");
	tap_ok(parse_size("1048576T", &v) == 0 && v == 1ULL << 60, "1 EiB is the largest");
	tap_ok(parse_size("1048577T", &v) == -1 && errno == ERANGE, "above 1 EiB");
	errno = 0;
	tap_ok(parse_size("99999999999999999999", &v) == -1 && errno == ERANGE,
	       "overflow in digits");
	errno = 0;
	tap_ok(parse_size("17179869184G", &v) == -1 && errno == ERANGE,
	       "overflow in suffix");
	tap_ok(parse_size("1152921504606846976", &v) == 0 &&
	       v == 1ULL << 60, "largest size, in bytes");

	format_size(256ULL << 20, b, sizeof(b));
	tap_streq(b, "256M", "format 256M");
	format_size(1536 * 1024, b, sizeof(b));
	tap_streq(b, "1536K", "format 1536K");
	format_size(1000, b, sizeof(b));
	tap_streq(b, "1000", "format 1000");
	format_size(0, b, sizeof(b));
	tap_streq(b, "unlimited", "format 0");
	format_size(3ULL << 40, b, sizeof(b));
	tap_streq(b, "3T", "format 3T");
	format_size(5ULL << 50, b, sizeof(b));
	tap_streq(b, "5120T", "format past T");
	format_size(2ULL << 30, b, sizeof(b));
	tap_ok(parse_size(b, &v) == 0 && v == 2ULL << 30, "2G round trip");
}

static void
test_names(void)
{
	tap_ok(config_valid_name("alice"), "name alice");
	tap_ok(config_valid_name("a.b_c-d9"), "name with . _ -");
	tap_ok(config_valid_name("host$"), "name ending in $");
	tap_ok(!config_valid_name("$"), "name $ alone");
	tap_ok(!config_valid_name("a$b"), "name with $ inside");
	tap_ok(!config_valid_name(""), "empty name");
	tap_ok(!config_valid_name("-alice"), "name with leading -");
	tap_ok(!config_valid_name("al/ice"), "name with slash");
	tap_ok(!config_valid_name("al ice"), "name with blank");
	tap_ok(!config_valid_name(".."), "name ..");
	tap_ok(!config_valid_name("\xc3\xa9t\xc3\xa9"), "non-ASCII name");
	tap_ok(config_valid_name("abcdefghijklmnopqrstuvwxyz012345"),
	       "32-byte name");
	tap_ok(!config_valid_name("abcdefghijklmnopqrstuvwxyz0123456"),
	       "33-byte name");
	tap_ok(!config_valid_name(NULL), "NULL name");
}

static void
test_defaults(void)
{
	const char *const *d = config_default_commands();
	struct policy p;
	size_t n = 0;
	bool ok = true, dup = false;

	policy_defaults(&p);
	tap_ok(p.home_size == 256ULL << 20, "default home_size 256M");
	tap_ok(p.home_inodes == 65536, "default home_inodes");
	tap_ok(!p.home_noexec, "default home_noexec no");
	tap_ok(p.network == NET_NONE, "default network none");
	tap_streq(p.hostname, "cylo", "default hostname");
	tap_ok(p.nproc == 256, "default nproc");
	tap_ok(p.nofile == 1024, "default nofile");
	tap_ok(p.process_memory == 2ULL << 30, "default process_memory 2G");
	tap_ok(p.memory == 0 && p.tasks == 0 && p.cpu_percent == 0,
	       "no whole-session limit by default");
	tap_ok(p.session_limits == LIMITS_CGROUP && !policy_wants_cgroup(&p),
	       "default session_limits cgroup, nothing to carry");
	tap_ok(p.cpu_seconds == 0, "default cpu_seconds unlimited");
	tap_ok(p.fsize == 1ULL << 30, "default fsize 1G");
	tap_ok(p.ptys == 32, "default ptys 32");
	tap_ok(p.landlock_min_abi == 1, "default landlock_min_abi");
	tap_ok(!p.allow_debuggers, "default allow_debuggers no");
	tap_ok(p.idle_timeout == 0, "default idle_timeout never");
	tap_ok(p.histsize == 1000, "default histsize");
	tap_streq(p.skel, "", "default skel empty");
	tap_ok(!p.commands_all, "default commands not all");
	tap_ok(p.languages_all && p.languages.n == 0, "default languages *");

	for (; d[n]; n++) {
		if (strchr(d[n], '/') || !d[n][0])
			ok = false;
		for (size_t j = 0; j < n; j++)
			if (strcmp(d[j], d[n]) == 0)
				dup = true;
	}
	tap_ok(n > 50 && ok, "teaching set: %zu names, none with a slash", n);
	tap_ok(!dup, "teaching set has no duplicates");
	tap_ok(p.commands.n == n, "default commands are the teaching set");
	tap_ok(strlist_has(&p.commands, "ls") &&
	       strlist_has(&p.commands, "gcc") &&
	       strlist_has(&p.commands, "grep") &&
	       strlist_has(&p.commands, "vim"), "teaching set has ls gcc grep vim");
	tap_ok(!strlist_has(&p.commands, "python3") &&
	       !strlist_has(&p.commands, "bash") &&
	       !strlist_has(&p.commands, "sh") &&
	       !strlist_has(&p.commands, "sudo") &&
	       !strlist_has(&p.commands, "su"),
	       "teaching set has no interpreters, no sudo/su");
	policy_free(&p);
	tap_ok(p.commands.n == 0 && p.commands.v == NULL, "policy_free clears");
}

/* Every key accepted, and applied to the right field. */
static void
test_every_key(void)
{
	static const char text[] =
		"[default]\n"
		"home_size = 512M\n"
		"home_inodes = 1000\n"
		"home_noexec = yes\n"
		"network = host\n"
		"hostname = lab-1.example\n"
		"nproc = 64\n"
		"nofile = 256\n"
		"process_memory = 1G\n"
		"cpu_seconds = 600\n"
		"fsize = 100M\n"
		"ptys = 8\n"
		"memory = 512M\n"
		"tasks = 64\n"
		"cpu = 150%\n"
		"session_limits = per-process\n"
		"landlock_min_abi = 3\n"
		"allow_debuggers = true\n"
		"idle_timeout = 30m\n"
		"histsize = 50\n"
		"skel = /etc/cylo/skel\n"
		"commands = ls, cat grep\n"
		"languages = python, node\n";
	struct policy p;

	if (!tap_ok(resolve(text, "u", NULL, 0, &p) == 0, "every key parses"))
		return;
	tap_ok(p.home_size == 512ULL << 20, "home_size");
	tap_ok(p.home_inodes == 1000, "home_inodes");
	tap_ok(p.home_noexec, "home_noexec");
	tap_ok(p.network == NET_HOST, "network host");
	tap_streq(p.hostname, "lab-1.example", "hostname");
	tap_ok(p.nproc == 64, "nproc");
	tap_ok(p.nofile == 256, "nofile");
	tap_ok(p.process_memory == 1ULL << 30, "process_memory");
	tap_ok(p.memory == 512ULL << 20, "memory");
	tap_ok(p.tasks == 64, "tasks");
	tap_ok(p.cpu_percent == 150, "cpu");
	tap_ok(p.session_limits == LIMITS_PER_PROCESS && !policy_wants_cgroup(&p),
	       "session_limits per-process: no cgroup wanted");
	tap_ok(p.cpu_seconds == 600, "cpu_seconds");
	tap_ok(p.fsize == 100ULL << 20, "fsize");
	tap_ok(p.ptys == 8, "ptys");
	tap_ok(p.landlock_min_abi == 3, "landlock_min_abi");
	tap_ok(p.allow_debuggers, "allow_debuggers");
	tap_ok(p.idle_timeout == 1800, "idle_timeout 30m");
	tap_ok(p.histsize == 50, "histsize");
	tap_streq(p.skel, "/etc/cylo/skel", "skel");
	tap_ok(!p.commands_all && p.commands.n == 3 &&
	       strcmp(p.commands.v[0], "ls") == 0 &&
	       strcmp(p.commands.v[1], "cat") == 0 &&
	       strcmp(p.commands.v[2], "grep") == 0, "commands list in order");
	tap_ok(!p.languages_all && p.languages.n == 2 &&
	       strlist_has(&p.languages, "python") &&
	       strlist_has(&p.languages, "node"), "languages list");
	policy_free(&p);
}

static void
test_values(void)
{
	struct policy p;

	resolve("[default]\nprocess_memory = unlimited\nfsize = unlimited\n"
		"cpu_seconds = unlimited\nmemory = unlimited\n"
		"tasks = unlimited\ncpu = unlimited\n", "u", NULL, 0, &p);
	tap_ok(p.process_memory == 0 && p.fsize == 0 && p.cpu_seconds == 0 &&
	       p.memory == 0 && p.tasks == 0 && p.cpu_percent == 0,
	       "unlimited process_memory, fsize, cpu_seconds, memory, tasks, cpu");
	policy_free(&p);
	resolve("[default]\nmemory = 128M\n", "u", NULL, 0, &p);
	tap_ok(policy_wants_cgroup(&p), "memory alone wants a cgroup");
	policy_free(&p);
	resolve("[default]\ntasks = 20\n", "u", NULL, 0, &p);
	tap_ok(policy_wants_cgroup(&p), "tasks alone wants a cgroup");
	policy_free(&p);

	resolve("[default]\nhome_noexec = true\nallow_debuggers = yes\n",
		"u", NULL, 0, &p);
	tap_ok(p.home_noexec && p.allow_debuggers, "true and yes");
	policy_free(&p);
	resolve("[default]\nhome_noexec = false\nallow_debuggers = no\n"
		"network = none\n", "u", NULL, 0, &p);
	tap_ok(!p.home_noexec && !p.allow_debuggers && p.network == NET_NONE,
	       "false, no and none");
	policy_free(&p);

	resolve("[default]\nidle_timeout = 90\n", "u", NULL, 0, &p);
	tap_ok(p.idle_timeout == 90, "idle_timeout in seconds");
	policy_free(&p);
	resolve("[default]\nidle_timeout = 2h\n", "u", NULL, 0, &p);
	tap_ok(p.idle_timeout == 7200, "idle_timeout 2h");
	policy_free(&p);
	resolve("[default]\nidle_timeout = 45s\n", "u", NULL, 0, &p);
	tap_ok(p.idle_timeout == 45, "idle_timeout 45s");
	policy_free(&p);
	resolve("[default]\nidle_timeout = 1d\n", "u", NULL, 0, &p);
	tap_ok(p.idle_timeout == 86400, "idle_timeout 1d");
	policy_free(&p);
	resolve("[default]\nidle_timeout = 10m\n[default]\nidle_timeout = never\n",
		"u", NULL, 0, &p);
	tap_ok(p.idle_timeout == 0, "idle_timeout never");
	policy_free(&p);
	resolve("[default]\nidle_timeout = 10\n[default]\nidle_timeout = 0\n",
		"u", NULL, 0, &p);
	tap_ok(p.idle_timeout == 0, "idle_timeout 0");
	policy_free(&p);

	resolve("[default]\nhistsize = 0\nskel =\n", "u", NULL, 0, &p);
	tap_ok(p.histsize == 0 && p.skel[0] == '\0', "histsize 0, empty skel");
	policy_free(&p);
	resolve("[default]\nlandlock_min_abi = 7\nhostname = a\n", "u", NULL, 0, &p);
	tap_ok(p.landlock_min_abi == 7 && strcmp(p.hostname, "a") == 0,
	       "landlock_min_abi 7, one-letter hostname");
	policy_free(&p);
	resolve("[default]\nhome_size = 1M\nhome_inodes = 16\nnofile = 16\n"
		"nproc = 1\n", "u", NULL, 0, &p);
	tap_ok(p.home_size == 1 << 20 && p.home_inodes == 16 &&
	       p.nofile == 16 && p.nproc == 1, "smallest limits accepted");
	policy_free(&p);
	resolve("[default]\nhostname = "
		"abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghi\n",
		"u", NULL, 0, &p);
	tap_ok(strlen(p.hostname) == 64, "64-byte hostname");
	policy_free(&p);
}

static void
test_bad_values(void)
{
	parse_fails("[default]\nhome_size = 256Q\n",
		    "cylo.conf:2: invalid value \"256Q\" for home_size: "
		    "expected a size of at least 1M, such as 256M",
		    "bad size suffix");
	parse_fails("[default]\nhome_size = unlimited\n",
		    "cylo.conf:2: invalid value \"unlimited\" for home_size: "
		    "expected a size of at least 1M, such as 256M",
		    "unlimited home");
	parse_fails("[default]\nhome_size = 0\n",
		    "cylo.conf:2: invalid value \"0\" for home_size: "
		    "expected a size of at least 1M, such as 256M",
		    "zero home (tmpfs would read it as unlimited)");
	parse_fails("[default]\nhome_size = 1023K\n",
		    "cylo.conf:2: invalid value \"1023K\" for home_size: "
		    "expected a size of at least 1M, such as 256M",
		    "home below 1M");
	parse_fails("[default]\nhome_size =\n",
		    "cylo.conf:2: invalid value \"\" for home_size: "
		    "expected a size of at least 1M, such as 256M",
		    "empty home_size");
	parse_fails("[default]\nhome_inodes = 0\n",
		    "cylo.conf:2: invalid value \"0\" for home_inodes: "
		    "expected a number of at least 16", "zero inodes");
	parse_fails("[default]\nhome_inodes = 64K\n",
		    "cylo.conf:2: invalid value \"64K\" for home_inodes: "
		    "expected a number of at least 16", "inodes with suffix");
	parse_fails("[default]\nhome_noexec = 1\n",
		    "cylo.conf:2: invalid value \"1\" for home_noexec: "
		    "expected yes or no", "bool 1");
	parse_fails("[default]\nallow_debuggers = Yes\n",
		    "cylo.conf:2: invalid value \"Yes\" for allow_debuggers: "
		    "expected yes or no", "bool Yes (case matters)");
	parse_fails("[default]\nnetwork = full\n",
		    "cylo.conf:2: invalid value \"full\" for network: "
		    "expected none or host", "network full");
	parse_fails("[default]\nhostname = -lab\n",
		    "cylo.conf:2: invalid value \"-lab\" for hostname: expected "
		    "a host name of letters, digits, '-' and '.', at most 64 bytes",
		    "hostname with leading -");
	parse_fails("[default]\nhostname = lab_1\n",
		    "cylo.conf:2: invalid value \"lab_1\" for hostname: expected "
		    "a host name of letters, digits, '-' and '.', at most 64 bytes",
		    "hostname with _");
	parse_fails("[default]\nhostname = a..b\n",
		    "cylo.conf:2: invalid value \"a..b\" for hostname: expected "
		    "a host name of letters, digits, '-' and '.', at most 64 bytes",
		    "hostname with empty label");
	parse_fails("[default]\nhostname = "
		    "abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij\n",
		    "cylo.conf:2: invalid value \"abcdefghij.abcdefghij.abcdefghij."
		    "abcdefghij.abcdefghij.abcdefghij\" for hostname: expected "
		    "a host name of letters, digits, '-' and '.', at most 64 bytes",
		    "65-byte hostname");
	parse_fails("[default]\nnproc = 0\n",
		    "cylo.conf:2: invalid value \"0\" for nproc: "
		    "expected a number from 1 to 4194304", "nproc 0");
	parse_fails("[default]\nnproc = -5\n",
		    "cylo.conf:2: invalid value \"-5\" for nproc: "
		    "expected a number from 1 to 4194304", "negative nproc");
	parse_fails("[default]\nnproc = 4194305\n",
		    "cylo.conf:2: invalid value \"4194305\" for nproc: "
		    "expected a number from 1 to 4194304", "nproc too large");
	parse_fails("[default]\nnofile = 15\n",
		    "cylo.conf:2: invalid value \"15\" for nofile: "
		    "expected a number from 16 to 1048576", "nofile too small");
	parse_fails("[default]\nnofile = 99999999999999999999999\n",
		    "cylo.conf:2: invalid value \"99999999999999999999999\" for "
		    "nofile: expected a number from 16 to 1048576",
		    "nofile overflow");
	parse_fails("[default]\nprocess_memory = 0\n",
		    "cylo.conf:2: invalid value \"0\" for process_memory: "
		    "expected a size such as 2G, or unlimited",
		    "process_memory 0 (must say unlimited)");
	parse_fails("[default]\nprocess_memory = lots\n",
		    "cylo.conf:2: invalid value \"lots\" for process_memory: "
		    "expected a size such as 2G, or unlimited",
		    "process_memory lots");
	parse_fails("[default]\nmemory = 0\n",
		    "cylo.conf:2: invalid value \"0\" for memory: "
		    "expected a size of at least 16M, such as 512M, or unlimited",
		    "memory 0 (must say unlimited)");
	parse_fails("[default]\nmemory = 1M\n",
		    "cylo.conf:2: invalid value \"1M\" for memory: "
		    "expected a size of at least 16M, such as 512M, or unlimited",
		    "memory below 16M");
	parse_fails("[default]\ntasks = 2\n",
		    "cylo.conf:2: invalid value \"2\" for tasks: "
		    "expected a number from 8 to 4194304, or unlimited",
		    "tasks below 8");
	parse_fails("[default]\ncpu = 50\n",
		    "cylo.conf:2: invalid value \"50\" for cpu: "
		    "expected a percentage of one CPU such as 50% or 200%, or "
		    "unlimited", "cpu without %");
	parse_fails("[default]\ncpu = 0%\n",
		    "cylo.conf:2: invalid value \"0%\" for cpu: "
		    "expected a percentage of one CPU such as 50% or 200%, or "
		    "unlimited", "cpu 0%");
	parse_fails("[default]\nsession_limits = maybe\n",
		    "cylo.conf:2: invalid value \"maybe\" for session_limits: "
		    "expected cgroup or per-process", "session_limits maybe");
	parse_fails("[default]\nfsize = 1.5G\n",
		    "cylo.conf:2: invalid value \"1.5G\" for fsize: "
		    "expected a size such as 2G, or unlimited", "fsize fraction");
	parse_fails("[default]\nptys = 0\n",
		    "cylo.conf:2: invalid value \"0\" for ptys: "
		    "expected a number from 1 to 4096", "ptys 0");
	parse_fails("[default]\nptys = 4097\n",
		    "cylo.conf:2: invalid value \"4097\" for ptys: "
		    "expected a number from 1 to 4096", "ptys 4097");
	parse_fails("[default]\ncpu_seconds = 0\n",
		    "cylo.conf:2: invalid value \"0\" for cpu_seconds: "
		    "expected a number of seconds, or unlimited", "cpu 0");
	parse_fails("[default]\ncpu_seconds = 10m\n",
		    "cylo.conf:2: invalid value \"10m\" for cpu_seconds: "
		    "expected a number of seconds, or unlimited", "cpu 10m");
	parse_fails("[default]\nlandlock_min_abi = 0\n",
		    "cylo.conf:2: invalid value \"0\" for landlock_min_abi: "
		    "expected a Landlock ABI version from 1 to 7", "abi 0");
	parse_fails("[default]\nlandlock_min_abi = 8\n",
		    "cylo.conf:2: invalid value \"8\" for landlock_min_abi: "
		    "expected a Landlock ABI version from 1 to 7", "abi 8");
	parse_fails("[default]\nidle_timeout = 5x\n",
		    "cylo.conf:2: invalid value \"5x\" for idle_timeout: "
		    "expected seconds (or 30m, 2h, 1d), or never", "timeout 5x");
	parse_fails("[default]\nidle_timeout = m\n",
		    "cylo.conf:2: invalid value \"m\" for idle_timeout: "
		    "expected seconds (or 30m, 2h, 1d), or never",
		    "timeout suffix alone");
	parse_fails("[default]\nhistsize = 1000001\n",
		    "cylo.conf:2: invalid value \"1000001\" for histsize: "
		    "expected a number from 0 to 1000000", "histsize too large");
	parse_fails("[default]\nskel = etc/skel\n",
		    "cylo.conf:2: invalid value \"etc/skel\" for skel: expected "
		    "an absolute path without . or .. components, or nothing",
		    "relative skel");
	parse_fails("[default]\nskel = /etc/cylo/../shadow\n",
		    "cylo.conf:2: invalid value \"/etc/cylo/../shadow\" for skel: "
		    "expected an absolute path without . or .. components, "
		    "or nothing", "skel with ..");
	parse_fails("[default]\nskel = /etc/./skel\n",
		    "cylo.conf:2: invalid value \"/etc/./skel\" for skel: "
		    "expected an absolute path without . or .. components, "
		    "or nothing", "skel with .");
}

static void
test_syntax_errors(void)
{
	char big[CONF_MAX_LINE + 64];
	struct config c;
	int r;

	parse_fails("home_size = 1G\n",
		    "cylo.conf:1: key \"home_size\" before any section header",
		    "key before any section");
	parse_fails("# comment\n\n[default]\nhome_sise = 1G\n",
		    "cylo.conf:4: unknown key \"home_sise\"", "unknown key");
	parse_fails("[default]\nHOME_SIZE = 1G\n",
		    "cylo.conf:2: unknown key \"HOME_SIZE\"", "key in capitals");
	parse_fails("[defaults]\n",
		    "cylo.conf:1: unknown section \"[defaults]\": expected "
		    "[default], [group NAME], [user NAME] or [pam]",
		    "unknown section kind");
	parse_fails("[default foo]\n",
		    "cylo.conf:1: section [default] takes no name",
		    "named [default]");
	parse_fails("[pam x]\n", "cylo.conf:1: section [pam] takes no name",
		    "named [pam]");
	parse_fails("[user]\n", "cylo.conf:1: section [user] needs a user name",
		    "[user] without a name");
	parse_fails("[group  ]\n",
		    "cylo.conf:1: section [group] needs a group name",
		    "[group] without a name");
	parse_fails("[user al/ice]\n",
		    "cylo.conf:1: invalid user name \"al/ice\"", "user with slash");
	parse_fails("[user alice bob]\n",
		    "cylo.conf:1: invalid user name \"alice bob\"",
		    "two names in a header");
	parse_fails("[group abcdefghijklmnopqrstuvwxyz0123456]\n",
		    "cylo.conf:1: invalid group name "
		    "\"abcdefghijklmnopqrstuvwxyz0123456\"", "33-byte group");
	parse_fails("[default\n",
		    "cylo.conf:1: expected \"]\" at the end of the section header",
		    "unterminated header");
	parse_fails("[default] home_size = 1G\n",
		    "cylo.conf:1: expected \"]\" at the end of the section header",
		    "text after header");
	parse_fails("[]\n", "cylo.conf:1: empty section header", "[]");
	parse_fails("[default]\nhome_size 1G\n",
		    "cylo.conf:2: expected \"key = value\", got \"home_size 1G\"",
		    "missing =");
	parse_fails("[default]\n= 1G\n",
		    "cylo.conf:2: missing key before \"=\"", "missing key");
	parse_fails("[default]\nnproc = 10\n\n# again\nnproc = 20\n",
		    "cylo.conf:5: duplicate key \"nproc\" (already set on line 2)",
		    "duplicate key in one section");
	parse_fails("[default]\nusers = alice\n",
		    "cylo.conf:2: key \"users\" is only allowed in [pam]",
		    "pam key in [default]");
	parse_fails("[user bob]\nservices = sshd\n",
		    "cylo.conf:2: key \"services\" is only allowed in [pam]",
		    "pam key in [user]");
	parse_fails("[pam]\nhome_size = 1G\n",
		    "cylo.conf:2: key \"home_size\" is not allowed in [pam]",
		    "setting in [pam]");
	parse_fails("[default]\r\nnproc = 1\r\n",
		    "cylo.conf:1: carriage return in line (DOS line endings?)",
		    "CRLF line");
	parse_fails("[default]\nhostname = a\033[2Jb\n",
		    "cylo.conf:2: control character 0x1b in line",
		    "escape character");
	parse_fails("[default]\nhostname = a\177\n",
		    "cylo.conf:2: control character 0x7f in line", "DEL");

	r = config_parse("[default]\nnproc = 1\0\n", 21, "cylo.conf", &c, err,
			 sizeof(err));
	tap_ok(r == -1, "rejects a NUL byte");
	tap_streq(err, "cylo.conf:2: NUL byte in line", "message for NUL");

	memset(big, 'x', sizeof(big));
	memcpy(big, "[default]\n# ", 12);
	big[sizeof(big) - 1] = '\0';
	parse_fails(big, "cylo.conf:2: line too long (more than 8192 bytes)",
		    "over-long line, even a comment");

	r = config_parse("[default]\nnproc = 5\n", 20, "/etc/cylo/cylo.conf",
			 &c, err, sizeof(err));
	tap_ok(r == 0, "short line parses");
	config_free(&c);
	r = config_parse("[default]\nnproc = x\n", 20, "/etc/cylo/cylo.conf",
			 &c, err, sizeof(err));
	tap_ok(r == -1 && strncmp(err, "/etc/cylo/cylo.conf:2: ", 23) == 0,
	       "message carries the file name given");

	/* Only the first error counts; the first line with one is reported. */
	parse_fails("[default]\nnproc = 1\nbogus = 2\nnofile = x\n",
		    "cylo.conf:3: unknown key \"bogus\"", "first error wins");
	/* A short err buffer is truncated, not overrun. */
	{
		char small[8];

		memset(small, 'Z', sizeof(small));
		r = config_parse("[bad]\n", 6, "cylo.conf", &c, small,
				 sizeof(small));
		tap_ok(r == -1 && small[7] == '\0' &&
		       strcmp(small, "cylo.co") == 0, "short error buffer");
	}
	r = config_parse("[bad]\n", 6, "cylo.conf", &c, NULL, 0);
	tap_ok(r == -1, "NULL error buffer");
}

static void
test_layout(void)
{
	struct config c;
	struct policy p;
	int r;

	r = parse("", &c);
	tap_ok(r == 0 && c.nsections == 0 && !c.has_pam, "empty file");
	config_free(&c);
	r = parse("\n\n# only comments\n   # indented\n\t\n", &c);
	tap_ok(r == 0 && c.nsections == 0, "comments and blank lines");
	config_free(&c);

	r = parse("  [default]   \n\thome_size\t=\t 300M  \n", &c);
	tap_ok(r == 0 && c.nsections == 1 && c.sections[0].nsettings == 1,
	       "blanks around header and key");
	if (r == 0) {
		tap_streq(c.sections[0].settings[0].key, "home_size", "key trimmed");
		tap_streq(c.sections[0].settings[0].value, "300M",
			  "value trimmed");
		tap_ok(c.sections[0].settings[0].line == 2, "setting line");
	}
	config_free(&c);

	r = parse("[ user   alice ]\nnproc = 3", &c);
	tap_ok(r == 0 && c.nsections == 1 && c.sections[0].kind == SEC_USER,
	       "blanks inside header, no final newline");
	if (r == 0) {
		tap_streq(c.sections[0].name, "alice", "user name in header");
		tap_streq(c.sections[0].settings[0].value, "3",
			  "last line without newline");
	}
	config_free(&c);

	resolve("[default]\nhome_size = 300M # a comment\n"
		"skel = /srv/sk#el\n", "u", NULL, 0, &p);
	tap_ok(p.home_size == 300ULL << 20, "trailing comment after a blank");
	tap_streq(p.skel, "/srv/sk#el", "# without a blank before is data");
	policy_free(&p);

	parse_fails("[default]\nhostname = lab#1\n",
		    "cylo.conf:2: invalid value \"lab#1\" for hostname: expected "
		    "a host name of letters, digits, '-' and '.', at most 64 bytes",
		    "# inside a value is kept (and checked)");

	r = parse("[default] # the defaults\n[user bob]\t# bob\n", &c);
	tap_ok(r == 0 && c.nsections == 2, "comment after a header");
	config_free(&c);

	r = parse("[default]\n[default]\n[group g]\n[user u]\n[pam]\n[pam]\n", &c);
	tap_ok(r == 0 && c.nsections == 6 && c.has_pam,
	       "each section kind may repeat");
	if (r == 0)
		tap_ok(c.sections[2].kind == SEC_GROUP &&
		       c.sections[2].line == 3 && c.sections[0].name == NULL,
		       "section kinds and lines kept");
	config_free(&c);

	r = parse("[default]\nnproc = 1\n[default]\nnproc = 2\n", &c);
	tap_ok(r == 0, "same key in two sections is not a duplicate");
	config_free(&c);
}

static void
test_precedence(void)
{
	static const char text[] =
		"[user alice]\n"
		"nproc = 30\n"
		"[group staff]\n"
		"nproc = 20\n"
		"nofile = 200\n"
		"[default]\n"
		"nproc = 10\n"
		"nofile = 100\n"
		"histsize = 100\n"
		"[group lab]\n"
		"nofile = 300\n"
		"[default]\n"
		"histsize = 200\n"
		"[user alice]\n"
		"nproc = 40\n"
		"[group staff]\n"
		"hostname = staff\n";
	const char *staff[] = { "staff" };
	const char *both[] = { "lab", "staff" };
	const char *bothrev[] = { "staff", "lab" };
	struct policy p;

	resolve(text, "nobody", NULL, 0, &p);
	tap_ok(p.nproc == 10 && p.nofile == 100, "[default] for other users");
	tap_ok(p.histsize == 200, "later [default] overrides earlier");
	tap_streq(p.hostname, "cylo", "unmatched group not applied");
	tap_ok(p.home_size == 256ULL << 20, "built-in default where unset");
	policy_free(&p);

	resolve(text, "bob", staff, 1, &p);
	tap_ok(p.nproc == 20 && p.nofile == 200, "group beats default");
	tap_streq(p.hostname, "staff", "second [group staff] also applies");
	tap_ok(p.histsize == 200, "default kept where group is silent");
	policy_free(&p);

	resolve(text, "bob", both, 2, &p);
	tap_ok(p.nofile == 300,
	       "groups apply in file order ([group lab] comes later)");
	policy_free(&p);
	resolve(text, "bob", bothrev, 2, &p);
	tap_ok(p.nofile == 300,
	       "file order, not the order of the user's groups");
	policy_free(&p);

	resolve(text, "alice", staff, 1, &p);
	tap_ok(p.nproc == 40, "user beats group; later [user] wins");
	tap_ok(p.nofile == 200, "group kept where user is silent");
	policy_free(&p);

	resolve(text, "alice", NULL, 0, &p);
	tap_ok(p.nproc == 40 && p.nofile == 100,
	       "user section without groups");
	policy_free(&p);

	resolve(text, "Alice", NULL, 0, &p);
	tap_ok(p.nproc == 10, "user names are case-sensitive");
	policy_free(&p);

	resolve("[default]\ncommands = *\n[group g]\ncommands = ls\n",
		"u", staff, 1, &p);
	tap_ok(p.commands_all, "commands = * from default");
	policy_free(&p);
	resolve("[default]\ncommands = *\n[user u]\ncommands = ls\n",
		"u", NULL, 0, &p);
	tap_ok(!p.commands_all && p.commands.n == 1, "user list replaces *");
	policy_free(&p);
	resolve("[default]\nlanguages = python\n[user u]\nlanguages = *\n",
		"u", NULL, 0, &p);
	tap_ok(p.languages_all && p.languages.n == 0, "user * replaces list");
	policy_free(&p);
}

/*
 * Lists of hundreds of names (a lab's policy): every name once, in the
 * order of first appearance, "default" expanded in place; and a config of
 * many sections keeps them all in file order.
 */
static void
big_lists(void)
{
	enum { N = 500, USERS = 600 };
	size_t cap = 64 + N * 24, n = 0, ndef = 0, i, inorder = 0;
	size_t tcap = 64 + USERS * 64, tn = 0;
	char *text = malloc(cap), *t2 = malloc(tcap), want[32];
	const char *const *def = config_default_commands();
	struct policy p;
	struct config c;
	bool defs_in = true;

	while (def[ndef])
		ndef++;
	if (!text || !t2) {
		tap_ok(0, "memory for big lists");
		free(text);
		free(t2);
		return;
	}
	n += (size_t)snprintf(text + n, cap - n, "[default]\ncommands = t0");
	for (i = 0; i < N; i++)
		n += (size_t)snprintf(text + n, cap - n, ", t%zu, t%zu%s",
				      i, i / 2, i == N / 2 ? ", default" : "");
	snprintf(text + n, cap - n, "\n");
	resolve(text, "u", NULL, 0, &p);
	tap_ok(p.commands.n == N + ndef, "%d names with repeats and default: "
	       "each once (%zu)", N, p.commands.n);
	for (i = 0; i < p.commands.n && i <= N / 2; i++) {
		snprintf(want, sizeof(want), "t%zu", i);
		inorder += strcmp(p.commands.v[i], want) == 0;
	}
	for (i = 0; i < ndef && N / 2 + 1 + i < p.commands.n; i++)
		defs_in = defs_in &&
			  strcmp(p.commands.v[N / 2 + 1 + i], def[i]) == 0;
	tap_ok(inorder == N / 2 + 1, "first appearance decides the order");
	tap_ok(defs_in && strlist_has(&p.commands, "t499") &&
	       strcmp(p.commands.v[p.commands.n - 1], "t499") == 0,
	       "default expands where it stands");
	policy_free(&p);

	tn += (size_t)snprintf(t2 + tn, tcap - tn, "[default]\nnproc = 7\n");
	for (i = 0; i < USERS; i++)
		tn += (size_t)snprintf(t2 + tn, tcap - tn,
				       "[user u%zu]\nnproc = %zu\n", i, i + 10);
	tap_ok(parse(t2, &c) == 0 && c.nsections == USERS + 1 &&
	       c.sections_cap >= c.nsections &&
	       strcmp(c.sections[USERS].name, "u599") == 0 &&
	       c.sections[USERS].line == 2 * USERS + 1,
	       "%d sections kept in file order", USERS + 1);
	config_free(&c);
	resolve(t2, "u599", NULL, 0, &p);
	tap_ok(p.nproc == 609, "the last of %d user sections applies", USERS);
	policy_free(&p);
	resolve(t2, "u0", NULL, 0, &p);
	tap_ok(p.nproc == 10, "the first of them too");
	policy_free(&p);
	resolve(t2, "nobody", NULL, 0, &p);
	tap_ok(p.nproc == 7, "an unlisted user gets the default");
	policy_free(&p);
	free(text);
	free(t2);
}

static void
test_lists(void)
{
	struct policy p;
	size_t ndef = 0;

	while (config_default_commands()[ndef])
		ndef++;

	resolve("[default]\ncommands = *\n", "u", NULL, 0, &p);
	tap_ok(p.commands_all && p.commands.n == 0, "commands = *");
	policy_free(&p);
	resolve("[default]\ncommands = ls,cat\tgrep ,  sed\n", "u", NULL, 0, &p);
	tap_ok(p.commands.n == 4 && strlist_has(&p.commands, "sed"),
	       "commas and blanks separate");
	policy_free(&p);
	resolve("[default]\ncommands = ls, ls, cat\n", "u", NULL, 0, &p);
	tap_ok(p.commands.n == 2, "duplicates collapse");
	policy_free(&p);
	resolve("[default]\ncommands = default, gdb\n", "u", NULL, 0, &p);
	tap_ok(p.commands.n == ndef + 1 && strlist_has(&p.commands, "gdb") &&
	       strlist_has(&p.commands, "ls"), "default plus extras");
	policy_free(&p);
	resolve("[default]\ncommands = default, ls\n", "u", NULL, 0, &p);
	tap_ok(p.commands.n == ndef, "default plus a member stays the same");
	policy_free(&p);
	resolve("[default]\ncommands =\n", "u", NULL, 0, &p);
	tap_ok(!p.commands_all && p.commands.n == 0, "empty commands");
	policy_free(&p);
	resolve("[default]\ncommands = g++ c++ x86_64-linux-gnu-gcc-12 vim.basic\n",
		"u", NULL, 0, &p);
	tap_ok(p.commands.n == 4, "names with + . _ -");
	policy_free(&p);
	resolve("[default]\nlanguages = python, node\n[default]\nlanguages =\n",
		"u", NULL, 0, &p);
	tap_ok(!p.languages_all && p.languages.n == 0, "no languages");
	policy_free(&p);
	resolve("[default]\nlanguages = default\n", "u", NULL, 0, &p);
	tap_ok(p.languages.n == 1 && strlist_has(&p.languages, "default"),
	       "\"default\" expands only for commands");
	policy_free(&p);

	resolve("[default]\ncommands = *, *\n", "u", NULL, 0, &p);
	tap_ok(p.commands_all, "a repeated \"*\" is still alone");
	policy_free(&p);
	big_lists();

	parse_fails("[default]\ncommands = ls,,cat\n",
		    "cylo.conf:2: commands: empty item in list", "a,,b");
	parse_fails("[default]\ncommands = ,ls\n",
		    "cylo.conf:2: commands: empty item in list", "leading comma");
	parse_fails("[default]\ncommands = ls,\n",
		    "cylo.conf:2: commands: empty item in list", "trailing comma");
	parse_fails("[default]\ncommands = /bin/sh\n",
		    "cylo.conf:2: commands: invalid command name \"/bin/sh\"",
		    "path in commands");
	parse_fails("[default]\ncommands = ls, ../x\n",
		    "cylo.conf:2: commands: invalid command name \"../x\"",
		    "relative path in commands");
	parse_fails("[default]\ncommands = ls ..\n",
		    "cylo.conf:2: commands: invalid command name \"..\"",
		    ".. in commands");
	parse_fails("[default]\ncommands = -rf\n",
		    "cylo.conf:2: commands: invalid command name \"-rf\"",
		    "option-like command");
	parse_fails("[default]\ncommands = ls, *\n",
		    "cylo.conf:2: commands: \"*\" must stand alone",
		    "* with other names");
	parse_fails("[default]\ncommands = ls*\n",
		    "cylo.conf:2: commands: invalid command name \"ls*\"",
		    "glob in commands");
	parse_fails("[default]\nlanguages = py$thon\n",
		    "cylo.conf:2: languages: invalid language name \"py$thon\"",
		    "bad language name");
	parse_fails("[default]\nlanguages = *, python\n",
		    "cylo.conf:2: languages: \"*\" must stand alone",
		    "languages * with others");
}

static void
test_pam(void)
{
	static const char text[] =
		"[default]\n"
		"[pam]\n"
		"users = alice, bob\n"
		"groups = students, guests\n"
		"services = sshd, login\n";
	const char *stud[] = { "users", "students" };
	const char *other[] = { "users", "staff" };
	struct config c;
	int r;

	r = parse(text, &c);
	if (!tap_ok(r == 0 && c.has_pam, "[pam] parses"))
		return;
	tap_ok(c.pam_users.n == 2 && c.pam_groups.n == 2 &&
	       c.pam_services.n == 2, "pam lists merged into the config");
	tap_ok(config_pam_selects(&c, "alice", NULL, 0), "user alice selected");
	tap_ok(config_pam_selects(&c, "bob", other, 2), "user bob selected");
	tap_ok(config_pam_selects(&c, "carol", stud, 2),
	       "carol selected through students");
	tap_ok(!config_pam_selects(&c, "carol", other, 2),
	       "carol in other groups not selected");
	tap_ok(!config_pam_selects(&c, "root", NULL, 0), "root not selected");
	tap_ok(!config_pam_selects(&c, "Alice", NULL, 0),
	       "selection is case-sensitive");
	tap_ok(config_pam_service_allowed(&c, "sshd"), "sshd allowed");
	tap_ok(config_pam_service_allowed(&c, "login"), "login allowed");
	tap_ok(!config_pam_service_allowed(&c, "su"), "su refused");
	tap_ok(!config_pam_service_allowed(&c, "ssh"), "no prefix match");
	tap_ok(!config_pam_service_allowed(&c, NULL), "NULL service refused");
	config_free(&c);

	r = parse("[default]\nnproc = 5\n", &c);
	tap_ok(r == 0 && !c.has_pam, "no [pam] section");
	tap_ok(!config_pam_selects(&c, "alice", stud, 2),
	       "nobody selected without [pam]");
	tap_ok(!config_pam_service_allowed(&c, "sshd"),
	       "no service allowed without [pam]");
	config_free(&c);

	r = parse("[pam]\nusers = alice\n", &c);
	tap_ok(r == 0 && config_pam_selects(&c, "alice", NULL, 0),
	       "[pam] without services selects");
	tap_ok(!config_pam_service_allowed(&c, "sshd"),
	       "no services line: every service refused");
	config_free(&c);

	r = parse("[pam]\nusers = alice\nservices = sshd\n"
		  "[pam]\nusers = bob\n", &c);
	tap_ok(r == 0 && !config_pam_selects(&c, "alice", NULL, 0) &&
	       config_pam_selects(&c, "bob", NULL, 0),
	       "later [pam] users replace earlier");
	tap_ok(config_pam_service_allowed(&c, "sshd"),
	       "keys a later [pam] leaves out are kept");
	config_free(&c);

	r = parse("[pam]\nusers = machine$ alice\n", &c);
	tap_ok(r == 0 && config_pam_selects(&c, "machine$", NULL, 0),
	       "blank-separated, name with $");
	config_free(&c);

	parse_fails("[pam]\nusers = alice, b/ob\n",
		    "cylo.conf:2: users: invalid user name \"b/ob\"",
		    "bad pam user");
	parse_fails("[pam]\ngroups = -students\n",
		    "cylo.conf:2: groups: invalid group name \"-students\"",
		    "bad pam group");
	parse_fails("[pam]\nservices = sshd,\n",
		    "cylo.conf:2: services: empty item in list",
		    "trailing comma in services");
	parse_fails("[pam]\nusers = a\nusers = b\n",
		    "cylo.conf:3: duplicate key \"users\" (already set on line 2)",
		    "duplicate pam key");
}

static char *
capture_policy(const struct policy *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	policy_print(f, p);
	fclose(f);
	return buf;
}

static void
test_print(void)
{
	struct policy p, q;
	char *a, *b, *text;
	size_t n;

	policy_defaults(&p);
	tap_streq(printed(&p, "home_size"), "home_size = 256M", "print home_size");
	tap_streq(printed(&p, "process_memory"), "process_memory = 2G",
		  "print process_memory");
	tap_streq(printed(&p, "memory"), "memory = unlimited", "print memory");
	tap_streq(printed(&p, "session_limits"), "session_limits = cgroup",
		  "print session_limits");
	p.memory = 128ULL << 20;
	p.cpu_percent = 50;
	tap_streq(printed(&p, "memory"), "memory = 128M", "print memory 128M");
	tap_streq(printed(&p, "cpu"), "cpu = 50%", "print cpu 50%%");
	p.session_limits = LIMITS_PER_PROCESS;
	tap_streq(printed(&p, "# memory"), "# memory = 128M (not enforced: "
		  "session_limits = per-process)", "per-process: memory shown "
		  "as not enforced");
	p.memory = 0;
	p.cpu_percent = 0;
	p.session_limits = LIMITS_CGROUP;
	tap_streq(printed(&p, "cpu_seconds"), "cpu_seconds = unlimited",
		  "print cpu_seconds");
	tap_streq(printed(&p, "fsize"), "fsize = 1G", "print fsize");
	tap_streq(printed(&p, "ptys"), "ptys = 32", "print ptys");
	tap_streq(printed(&p, "idle_timeout"), "idle_timeout = never",
		  "print idle_timeout");
	tap_streq(printed(&p, "skel"), "skel =", "print empty skel");
	tap_streq(printed(&p, "network"), "network = none", "print network");
	tap_streq(printed(&p, "languages"), "languages = *", "print languages");
	tap_ok(strncmp(printed(&p, "commands"), "commands = cat, ls, cp,", 23) == 0,
	       "print commands as a list");

	a = capture_policy(&p);
	tap_ok(a && strncmp(a, "home_size = ", 12) == 0 &&
	       strstr(a, "\nlanguages = *\n") &&
	       a[strlen(a) - 1] == '\n' &&
	       strstr(a, "home_inodes") < strstr(a, "hostname") &&
	       strstr(a, "hostname") < strstr(a, "landlock_min_abi") &&
	       strstr(a, "landlock_min_abi") < strstr(a, "skel") &&
	       strstr(a, "skel") < strstr(a, "commands"),
	       "print order follows cylo.conf(5)");
	for (n = 0; a && (b = strchr(a, '\n')) != NULL; n++)
		memmove(a, b + 1, strlen(b + 1) + 1);
	tap_ok(n == 25, "one line per key (%zu)", n);
	free(a);
	policy_free(&p);

	/* What is printed parses back to the same policy. */
	resolve("[default]\nhome_size = 1536K\nmemory = unlimited\n"
		"idle_timeout = 90m\ncpu_seconds = 61\nskel = /etc/cylo/skel\n"
		"network = host\ncommands = ls, cat\nlanguages = python\n"
		"home_noexec = yes\n", "u", NULL, 0, &p);
	a = capture_policy(&p);
	tap_streq(printed(&p, "idle_timeout"), "idle_timeout = 90m",
		  "print 90m");
	tap_streq(printed(&p, "home_size"), "home_size = 1536K", "print 1536K");
	if (a && asprintf(&text, "[default]\n%s", a) >= 0) {
		resolve(text, "u", NULL, 0, &q);
		b = capture_policy(&q);
		tap_streq(b, a, "policy_print output parses back unchanged");
		free(b);
		policy_free(&q);
		free(text);
	} else {
		tap_ok(0, "policy_print output parses back unchanged");
	}
	free(a);
	policy_free(&p);

	policy_defaults(&p);
	a = capture_policy(&p);
	if (a && asprintf(&text, "[user x]\n%s", a) >= 0) {
		tap_ok(resolve(text, "x", NULL, 0, &q) == 0 &&
		       q.commands.n == p.commands.n,
		       "default policy prints back too");
		policy_free(&q);
		free(text);
	}
	free(a);
	policy_free(&p);
}

static void
test_summary(void)
{
	struct config c;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (parse("[default]\nnproc = 5   # five\n\n[user alice]\nskel =\n"
		  "[pam]\nusers = alice,bob\n", &c) < 0) {
		tap_ok(0, "summary config parses: %s", err);
		return;
	}
	f = open_memstream(&buf, &len);
	tap_ok(f && config_print_summary(f, &c) == 0, "summary written");
	if (f)
		fclose(f);
	tap_streq(buf, "[default]\nnproc = 5\n\n[user alice]\nskel =\n\n"
		  "[pam]\nusers = alice,bob\n", "summary text");
	free(buf);
	config_free(&c);
	tap_ok(c.sections == NULL && c.filename == NULL, "config_free clears");
}

/* A file of the source tree: under $TEST_SRC, beside this file's path, or
 * under the current directory. */
static char *
read_tree_file(const char *rel)
{
	char path[4096], *buf = NULL;
	const char *self = __FILE__, *cut = strstr(self, "tests/unit/");
	const char *src = getenv("TEST_SRC");	/* set by tests/run.sh */
	size_t len = 0;
	FILE *f = NULL;

	if (src) {
		snprintf(path, sizeof(path), "%s/%s", src, rel);
		f = fopen(path, "r");
	}
	if (!f) {
		snprintf(path, sizeof(path), "%.*s%s",
			 cut ? (int)(cut - self) : 0, self, rel);
		f = fopen(path, "r");
	}
	if (!f)
		f = fopen(rel, "r");
	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* The shipped etc/cylo.conf and cylo.conf(5) agree with the code. */
static void
test_docs(void)
{
	char *conf = read_tree_file("etc/cylo.conf");
	char *man = read_tree_file("man/cylo.conf.5");
	char *print, *line, *save = NULL, *all, *o;
	const char *const *d;
	struct config c;
	struct policy p;
	bool ok;

	if (!conf || !man) {
		tap_skip("source tree not found", "shipped files match the code");
		free(conf);
		free(man);
		return;
	}
	tap_ok(parse(conf, &c) == 0, "etc/cylo.conf parses: %s", err);
	config_free(&c);

	/* Uncommenting every key and example header still parses. */
	all = strdup(conf);
	for (o = all; o && *o; ) {
		char *nl = strchr(o, '\n');

		if (o[0] == '#' && ((o[1] >= 'a' && o[1] <= 'z') || o[1] == '['))
			o[0] = ' ';
		o = nl ? nl + 1 : o + strlen(o);
	}
	tap_ok(all && parse(all, &c) == 0 && c.has_pam && c.nsections == 6,
	       "etc/cylo.conf with every example uncommented parses: %s", err);
	if (all && c.nsections)
		config_free(&c);
	free(all);

	/* Each commented default is the built-in default, as printed. */
	policy_defaults(&p);
	print = capture_policy(&p);
	policy_free(&p);
	for (line = strtok_r(print, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char want[256], key[64];

		sscanf(line, "%63[a-z_]", key);
		if (strcmp(key, "commands") == 0)
			snprintf(want, sizeof(want), "\n#commands = default\n");
		else
			snprintf(want, sizeof(want), "\n#%s\n", line);
		tap_ok(strstr(conf, want) != NULL,
		       "etc/cylo.conf documents %s with its default", key);
		snprintf(want, sizeof(want), "%s = ", key);
		tap_ok(strstr(man, want) != NULL, "cylo.conf(5) documents %s",
		       key);
	}
	free(print);
	tap_ok(strstr(man, "users = ") && strstr(man, "groups = ") &&
	       strstr(man, "services = "), "cylo.conf(5) documents [pam] keys");

	/* The teaching set in the man page is the one in the code. */
	o = strstr(man, "The teaching set:");
	ok = o != NULL;
	for (d = config_default_commands(); ok && *d; d++) {
		size_t n = strlen(*d);
		const char *q;

		for (ok = false, q = o; (q = strstr(q + 1, *d)) != NULL; ) {
			if ((q[-1] == ' ' || q[-1] == '\n') &&
			    (q[n] == ' ' || q[n] == '\n' || q[n] == '.')) {
				ok = true;
				break;
			}
		}
		if (!ok)
			printf("# %s missing from cylo.conf(5)\n", *d);
	}
	tap_ok(ok, "cylo.conf(5) lists the whole teaching set");
	free(conf);
	free(man);
}

/* config_load: the file checks.  They need root to make root-owned files. */
static void
test_load(void)
{
	char dir[] = "/tmp/cylo-test-XXXXXX", path[256], link[256];
	struct config c;
	int fd, r;

	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "config_load tests");
		return;
	}
	snprintf(path, sizeof(path), "%s/cylo.conf", dir);
	snprintf(link, sizeof(link), "%s/link.conf", dir);

	errno = 0;
	r = config_load(path, &c, err, sizeof(err));
	tap_ok(r == -1 && errno == ENOENT, "missing file: ENOENT");
	tap_ok(strstr(err, path) != NULL, "missing file: message names it");

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0 || write(fd, "[default]\nnproc = 7\n", 20) != 20) {
		tap_skip("cannot write a test file", "config_load tests");
		goto out;
	}
	close(fd);
	(void)!symlink(path, link);
	chmod(dir, 0755);

	if (geteuid() != 0) {
		r = config_load(path, &c, err, sizeof(err));
		tap_ok(r == -1 && strstr(err, "not root"),
		       "file owned by a user refused: %s", err);
		tap_skip("not root", "root-owned config loads");
		goto out;
	}

	r = config_load(path, &c, err, sizeof(err));
	tap_ok(r == 0 && c.nsections == 1 &&
	       strcmp(c.sections[0].settings[0].value, "7") == 0,
	       "root-owned 0644 file in a 0755 dir loads");
	if (r == 0)
		config_free(&c);

	errno = 0;
	r = config_load(link, &c, err, sizeof(err));
	tap_ok(r == -1 && errno == ELOOP, "symlink refused");
	tap_ok(strstr(err, "symbolic link") != NULL, "symlink message: %s", err);

	chmod(path, 0664);
	r = config_load(path, &c, err, sizeof(err));
	tap_ok(r == -1 && strstr(err, "writable by group or others (mode 0664)"),
	       "group-writable file refused: %s", err);
	chmod(path, 0646);
	r = config_load(path, &c, err, sizeof(err));
	tap_ok(r == -1 && strstr(err, "writable by group or others"),
	       "other-writable file refused");
	chmod(path, 0644);

	if (chown(path, 1, 0) == 0) {
		r = config_load(path, &c, err, sizeof(err));
		tap_ok(r == -1 && strstr(err, "owned by uid 1, not root"),
		       "file owned by uid 1 refused: %s", err);
		(void)!chown(path, 0, 0);
	}

	chmod(dir, 0775);
	r = config_load(path, &c, err, sizeof(err));
	tap_ok(r == -1 && strstr(err, "directory") &&
	       strstr(err, "writable by group or others"),
	       "group-writable directory refused: %s", err);
	chmod(dir, 01777);
	r = config_load(path, &c, err, sizeof(err));
	tap_ok(r == -1 && strstr(err, "directory"),
	       "sticky world-writable directory refused");
	chmod(dir, 0755);
	if (chown(dir, 1, 0) == 0) {
		r = config_load(path, &c, err, sizeof(err));
		tap_ok(r == -1 && strstr(err, "directory") &&
		       strstr(err, "not root"), "user-owned directory refused");
		(void)!chown(dir, 0, 0);
	}

	r = config_load(dir, &c, err, sizeof(err));
	tap_ok(r == -1, "a directory is not a config file: %s", err);

	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd >= 0) {
		(void)!write(fd, "[default]\nnproc = zero\n", 23);
		close(fd);
	}
	errno = 0;
	r = config_load(path, &c, err, sizeof(err));
	tap_ok(r == -1 && errno == EINVAL, "syntax error: EINVAL");
	{
		char want[512];

		snprintf(want, sizeof(want), "%s:2: invalid value \"zero\" for "
			 "nproc: expected a number from 1 to 4194304", path);
		tap_streq(err, want, "syntax error names the file and line");
	}

	if (truncate(path, CONF_MAX_SIZE + 1) == 0) {
		r = config_load(path, &c, err, sizeof(err));
		tap_ok(r == -1 && strstr(err, "larger than"),
		       "file over 1 MiB refused: %s", err);
	}
out:
	unlink(link);
	unlink(path);
	rmdir(dir);
}

/* cylo.conf "persist" and "persist_group" (issue 11). */
static void
test_persist(void)
{
	struct policy p;

	resolve("[default]\n", "u", NULL, 0, &p);
	tap_ok(!p.persist[0] && !p.persist_group[0], "no store by default");
	policy_free(&p);
	resolve("[default]\npersist = /var/lib/cylo/persist/\n"
		"persist_group = teachers\n", "u", NULL, 0, &p);
	tap_streq(p.persist, "/var/lib/cylo/persist",
		  "persist, trailing slash dropped");
	tap_streq(p.persist_group, "teachers", "persist_group");
	policy_free(&p);
	resolve("[default]\npersist = /srv/p\n[user u]\npersist =\n", "u",
		NULL, 0, &p);
	tap_ok(!p.persist[0], "a [user] section can turn the store off");
	policy_free(&p);
	parse_fails("[default]\npersist = srv/p\n",
		    "cylo.conf:2: invalid value \"srv/p\" for persist: expected "
		    "an absolute path without . or .. components, or nothing",
		    "relative persist");
	parse_fails("[default]\npersist = /srv/../etc\n",
		    "cylo.conf:2: invalid value \"/srv/../etc\" for persist: "
		    "expected an absolute path without . or .. components, or "
		    "nothing", "persist with ..");
	parse_fails("[default]\npersist = /\n",
		    "cylo.conf:2: invalid value \"/\" for persist: expected an "
		    "absolute path without . or .. components, or nothing",
		    "persist = /");
	resolve("[default]\nmaterial = /srv/course, /home/t/notes\n", "u",
		NULL, 0, &p);
	tap_ok(p.material.n == 2 && !strcmp(p.material.v[1], "/home/t/notes"),
	       "material: a list of directories");
	policy_free(&p);
	parse_fails("[default]\nmaterial = /usr/share/course\n",
		    "cylo.conf:2: material: invalid directory "
		    "\"/usr/share/course\" (an absolute path outside /usr, "
		    "/etc, /opt, /proc, /dev, /run, /tmp and /sys)",
		    "material in the system tree");
	parse_fails("[default]\nmaterial = /srv/../etc\n",
		    "cylo.conf:2: material: invalid directory \"/srv/../etc\" "
		    "(an absolute path outside /usr, /etc, /opt, /proc, /dev, "
		    "/run, /tmp and /sys)", "material with ..");
	parse_fails("[default]\npersist_group = a:b\n",
		    "cylo.conf:2: invalid value \"a:b\" for persist_group: "
		    "expected a group name, or nothing", "bad persist_group");
}

/* Drop-ins: config_merge and config_origin (issue 11). */
static void
test_merge(void)
{
	const char *a = "[default]\nhostname = a\n[pam]\nusers = x\n"
			"services = sshd\n";
	const char *b = "[pam]\nusers = y\n[user u]\nhostname = b\n";
	const char *file = NULL;
	const char *const g[] = { "staff" };
	struct config c, d;
	struct policy p;
	unsigned line = 0;

	if (config_parse(a, strlen(a), "/e/cylo.conf", &c, err,
			 sizeof(err)) < 0 ||
	    config_parse(b, strlen(b), "/e/cylo.conf.d/10.conf", &d, err,
			 sizeof(err)) < 0) {
		tap_ok(0, "merge inputs parse: %s", err);
		return;
	}
	tap_ok(config_merge(&c, &d, err, sizeof(err)) == 0, "merge: %s", err);
	tap_ok(c.nsections == 4 && d.nsections == 0, "sections moved");
	tap_ok(strlist_has(&c.pam_users, "y") && !strlist_has(&c.pam_users, "x"),
	       "a later file's [pam] users replace the earlier");
	tap_ok(strlist_has(&c.pam_services, "sshd"),
	       "[pam] keys the later file does not set are kept");
	config_resolve(&c, "u", g, 1, &p, err, sizeof(err));
	tap_streq(p.hostname, "b", "the drop-in's [user] applies");
	policy_free(&p);
	tap_ok(config_origin(&c, "u", g, 1, "hostname", &file, &line) &&
	       !strcmp(file, "/e/cylo.conf.d/10.conf") && line == 4,
	       "origin names the drop-in and line");
	tap_ok(config_origin(&c, "v", g, 1, "hostname", &file, &line) &&
	       !strcmp(file, "/e/cylo.conf") && line == 2,
	       "origin for another user is cylo.conf");
	tap_ok(!config_origin(&c, "u", g, 1, "histsize", &file, &line),
	       "no origin for a default");
	config_free(&c);
}

int
main(void)
{
	test_sizes();
	test_names();
	test_defaults();
	test_every_key();
	test_values();
	test_bad_values();
	test_syntax_errors();
	test_layout();
	test_precedence();
	test_lists();
	test_pam();
	test_print();
	test_summary();
	test_docs();
	test_load();
	test_persist();
	test_merge();
	return tap_done();
}
