/*
 * pamdrv.c - drive pam_cylo.so through libpamtest for the test scripts.
 *
 *   pamdrv SERVICE USER OP=CODE... [-- CMD ARGS...]
 *
 * OP is acct, open or close; CODE a PAM code name (PAM_SUCCESS, PAM_IGNORE,
 * PAM_PERM_DENIED, PAM_SESSION_ERR, PAM_USER_UNKNOWN).  The operations run
 * in order on one handle; the exit status is 0 when every one returned its
 * CODE, 1 otherwise, with "OP: GOT (want WANT)" printed for the first that
 * did not.  Messages the module sends through the conversation are printed
 * as "pam_error: TEXT" / "pam_info: TEXT"; the PAM environment as "env:
 * NAME=VALUE".  With "-- CMD", CMD then runs in this process's namespaces
 * (where the module may have mounted the home) with the PAM environment
 * added, and pamdrv exits with its status.
 *
 * libpam turns a stack of nothing but PAM_IGNORE into PAM_PERM_DENIED, so
 * the test services follow pam_cylo ([success=done ignore=ignore
 * default=die]) with "requisite pam_succeed_if.so quiet user = NOBODY",
 * which fails with PAM_AUTH_ERR and is reached only when pam_cylo ignored
 * the call.  pam_cylo never returns PAM_AUTH_ERR, so pamdrv reports
 * PAM_AUTH_ERR as PAM_IGNORE.
 *
 * pamdrv also defines syslog and its relatives: linked with -rdynamic it
 * interposes them for libpam, so every pam_syslog line of the module is
 * printed as "syslog: TEXT" on stdout, with no syslog daemon needed.
 *
 * Run under pam_wrapper (LD_PRELOAD=libpam_wrapper.so, PAM_WRAPPER=1,
 * PAM_WRAPPER_SERVICE_DIR=DIR) so the service files come from DIR, never
 * from /etc/pam.d.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include <libpamtest.h>
#include <security/pam_appl.h>

#define MAX_CASES 16

void __syslog_chk(int pri, int flag, const char *fmt, ...);
void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap);

static void
log_line(const char *fmt, va_list ap)
{
	fputs("syslog: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

void
vsyslog(int pri, const char *fmt, va_list ap)
{
	(void)pri;
	log_line(fmt, ap);
}

void
syslog(int pri, const char *fmt, ...)
{
	va_list ap;

	(void)pri;
	va_start(ap, fmt);
	log_line(fmt, ap);
	va_end(ap);
}

void
__vsyslog_chk(int pri, int flag, const char *fmt, va_list ap)
{
	(void)pri;
	(void)flag;
	log_line(fmt, ap);
}

void
__syslog_chk(int pri, int flag, const char *fmt, ...)
{
	va_list ap;

	(void)pri;
	(void)flag;
	va_start(ap, fmt);
	log_line(fmt, ap);
	va_end(ap);
}

static const struct {
	const char *name;
	int code;
} codes[] = {
	{ "PAM_SUCCESS", PAM_SUCCESS },
	{ "PAM_IGNORE", PAM_AUTH_ERR },	/* see above */
	{ "PAM_PERM_DENIED", PAM_PERM_DENIED },
	{ "PAM_SESSION_ERR", PAM_SESSION_ERR },
	{ "PAM_USER_UNKNOWN", PAM_USER_UNKNOWN },
	{ "PAM_SYSTEM_ERR", PAM_SYSTEM_ERR },
	{ "PAM_SERVICE_ERR", PAM_SERVICE_ERR },
	{ "PAM_BUF_ERR", PAM_BUF_ERR },
	{ "PAM_CONV_ERR", PAM_CONV_ERR },
	{ "PAM_ABORT", PAM_ABORT },
};

static const char *
code_name(int code)
{
	static char buf[32];

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (codes[i].code == code)
			return codes[i].name;
	snprintf(buf, sizeof(buf), "PAM code %d", code);
	return buf;
}

static int
code_value(const char *name)
{
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(codes[i].name, name) == 0)
			return codes[i].code;
	fprintf(stderr, "pamdrv: unknown PAM code %s\n", name);
	exit(2);
}

static const char *
op_name(enum pamtest_ops op)
{
	switch (op) {
	case PAMTEST_ACCOUNT:
		return "acct";
	case PAMTEST_OPEN_SESSION:
		return "open";
	case PAMTEST_CLOSE_SESSION:
		return "close";
	default:
		return "other";
	}
}

/* Print what the module says; answer no prompts (the module asks none). */
static int
conv(int n, const struct pam_message **msg, struct pam_response **resp,
     void *data)
{
	(void)data;
	*resp = calloc((size_t)n, sizeof(**resp));
	if (!*resp)
		return PAM_BUF_ERR;
	for (int i = 0; i < n; i++) {
		if (msg[i]->msg_style == PAM_ERROR_MSG)
			printf("pam_error: %s\n", msg[i]->msg);
		else if (msg[i]->msg_style == PAM_TEXT_INFO)
			printf("pam_info: %s\n", msg[i]->msg);
		else
			return PAM_CONV_ERR;
	}
	fflush(stdout);
	return PAM_SUCCESS;
}

int
main(int argc, char **argv)
{
	struct pam_testcase cases[MAX_CASES + 2];
	size_t n = 0;
	char **cmd = NULL, **env;
	enum pamtest_err perr;
	pam_handle_t *ph;
	int i, status;

	if (argc < 4) {
		fprintf(stderr, "usage: pamdrv SERVICE USER OP=CODE... "
			"[-- CMD ARGS...]\n");
		return 2;
	}
	for (i = 3; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		enum pamtest_ops op;

		if (strcmp(argv[i], "--") == 0) {
			cmd = argv + i + 1;
			break;
		}
		if (!eq || n >= MAX_CASES) {
			fprintf(stderr, "pamdrv: bad operation %s\n", argv[i]);
			return 2;
		}
		if (strncmp(argv[i], "acct=", 5) == 0)
			op = PAMTEST_ACCOUNT;
		else if (strncmp(argv[i], "open=", 5) == 0)
			op = PAMTEST_OPEN_SESSION;
		else if (strncmp(argv[i], "close=", 6) == 0)
			op = PAMTEST_CLOSE_SESSION;
		else {
			fprintf(stderr, "pamdrv: bad operation %s\n", argv[i]);
			return 2;
		}
		cases[n++] = (struct pam_testcase)pam_test(op,
							   code_value(eq + 1));
	}
	cases[n++] = (struct pam_testcase)pam_test(PAMTEST_GETENVLIST,
						   PAM_SUCCESS);
	cases[n++] = (struct pam_testcase)pam_test(PAMTEST_KEEPHANDLE,
						   PAM_SUCCESS);
	perr = _pamtest_conv(argv[1], argv[2], conv, NULL, cases, n, NULL);
	if (perr == PAMTEST_ERR_CASE) {
		const struct pam_testcase *f = _pamtest_failed_case(cases, n);

		printf("%s: %s (want %s)\n", op_name(f->pam_operation),
		       code_name(f->op_rv), code_name(f->expected_rv));
		return 1;
	}
	if (perr != PAMTEST_ERR_OK) {
		printf("pamtest: %s\n", pamtest_strerror(perr));
		return 1;
	}
	for (i = 0; i < (int)n - 2; i++)
		printf("%s: %s\n", op_name(cases[i].pam_operation),
		       code_name(cases[i].op_rv));
	env = cases[n - 2].case_out.envlist;
	for (i = 0; env && env[i]; i++)
		printf("env: %s\n", env[i]);
	fflush(stdout);
	ph = cases[n - 1].case_out.ph;
	status = 0;
	if (cmd && *cmd) {
		pid_t pid = fork();

		if (pid == 0) {
			for (i = 0; env && env[i]; i++)
				putenv(env[i]);
			execvp(cmd[0], cmd);
			perror(cmd[0]);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) < 0) {
			perror("pamdrv");
			return 1;
		}
		status = WIFEXITED(status) ? WEXITSTATUS(status) :
			 128 + WTERMSIG(status);
	}
	pam_end(ph, PAM_SUCCESS);
	return status;
}
