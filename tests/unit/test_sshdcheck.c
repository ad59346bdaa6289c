/*
 * test_sshdcheck.c - judging `sshd -T` output for a selected account.
 */
#include <stdio.h>
#include <string.h>

#include "sshdcheck.h"
#include "tap.h"

/* What the shipped snippet gives a member of the group (OpenSSH 9.2). */
static const char safe[] =
	"port 22\n"
	"usepam yes\n"
	"x11forwarding no\n"
	"permituserrc no\n"
	"allowtcpforwarding no\n"
	"allowagentforwarding no\n"
	"disableforwarding yes\n"
	"allowstreamlocalforwarding no\n"
	"forcecommand none\n"
	"subsystem sftp /usr/lib/openssh/sftp-server\n"
	"permittunnel no\n"
	"permituserenvironment no\n";

/* safe with the line for key replaced by line (or removed when NULL). */
static int
judge_with(const char *key, const char *line, const char **why)
{
	char text[2048] = "";
	const char *p = safe;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p) + 1;

		if (strncmp(p, key, strlen(key)) == 0 && p[strlen(key)] == ' ') {
			if (line) {
				strcat(text, line);
				strcat(text, "\n");
			}
		} else {
			strncat(text, p, n);
		}
		p += n;
	}
	return sshd_judge(text, strlen(text), why, SSHD_MAX_FINDINGS);
}

static void
one(const char *key, const char *line, const char *want, const char *what)
{
	const char *why[SSHD_MAX_FINDINGS];
	int n = judge_with(key, line, why);

	if (!tap_ok(n == 1 && strstr(why[0], want), "%s", what))
		printf("# got %d finding(s)%s%s\n", n, n > 0 ? ": " : "",
		       n > 0 ? why[0] : "");
}

/* safe plus extra lines (AcceptEnv: sshd -T prints one pattern a line). */
static int
judge_plus(const char *extra, const char **why)
{
	char text[2048];

	snprintf(text, sizeof(text), "%s%s", safe, extra);
	return sshd_judge(text, strlen(text), why, SSHD_MAX_FINDINGS);
}

static void
acceptenv(const char *pattern, int unsafe)
{
	const char *why[SSHD_MAX_FINDINGS];
	char extra[256];
	int n;

	snprintf(extra, sizeof(extra), "acceptenv LANG\nacceptenv %s\n"
		 "acceptenv LC_*\n", pattern);
	n = judge_plus(extra, why);
	if (unsafe)
		tap_ok(n == 1 && strstr(why[0], "AcceptEnv"),
		       "AcceptEnv %s fails (%d findings)", pattern, n);
	else
		tap_ok(n == 0, "AcceptEnv %s passes (%d findings)", pattern, n);
}

int
main(void)
{
	const char *why[SSHD_MAX_FINDINGS];
	int n;

	tap_ok(sshd_judge(safe, strlen(safe), why, SSHD_MAX_FINDINGS) == 0,
	       "the shipped settings pass");
	tap_ok(sshd_judge("garbage\n", 8, why, SSHD_MAX_FINDINGS) < 0,
	       "text that is not sshd -T output is refused");
	one("subsystem", "subsystem sftp internal-sftp -l INFO", "internal-sftp",
	    "internal-sftp fails");
	one("forcecommand", "forcecommand internal-sftp", "ForceCommand",
	    "ForceCommand fails");
	one("permituserrc", "permituserrc yes", "PermitUserRC",
	    "PermitUserRC fails");
	one("permituserenvironment", "permituserenvironment LD_*",
	    "PermitUserEnvironment", "PermitUserEnvironment patterns fail");
	one("permittunnel", "permittunnel point-to-point", "PermitTunnel",
	    "PermitTunnel fails");
	one("permituserrc", NULL, "PermitUserRC",
	    "a setting sshd did not print fails");
	/* DisableForwarding yes turns every forwarding off by itself. */
	tap_ok(judge_with("allowagentforwarding", "allowagentforwarding yes",
			  why) == 0,
	       "DisableForwarding covers agent forwarding");
	tap_ok(judge_with("disableforwarding", "disableforwarding no",
			  why) == 0,
	       "without DisableForwarding, switches that are all no pass");
	{
		static const char open_fwd[] =
			"usepam yes\ndisableforwarding no\n"
			"allowtcpforwarding yes\nallowagentforwarding yes\n"
			"allowstreamlocalforwarding all\nx11forwarding yes\n"
			"forcecommand none\npermittunnel no\npermituserrc no\n"
			"permituserenvironment no\n";

		n = sshd_judge(open_fwd, strlen(open_fwd), why,
			       SSHD_MAX_FINDINGS);
		tap_ok(n == 4, "every forwarding is named (%d findings)", n);
		tap_ok(n >= 4 && strstr(why[0], "AllowTcpForwarding") &&
		       strstr(why[3], "X11Forwarding"),
		       "TCP first, X11 last");
	}

	/* Debian's default, and names that are not loader variables. */
	acceptenv("LC_ALL", 0);
	acceptenv("TZ", 0);
	acceptenv("COLORTERM", 0);
	/* Anything a loader variable could match, however it is spelled. */
	acceptenv("LD_*", 1);
	acceptenv("LD_PRELOAD", 1);
	acceptenv("*", 1);
	acceptenv("L*", 1);
	acceptenv("*PRELOAD", 1);
	acceptenv("?D_*", 1);
	acceptenv("GCONV_PATH", 1);
	acceptenv("GLIBC_TUNABLES", 1);
	acceptenv("MALLOC_*", 1);
	acceptenv("LOCPATH", 1);
	acceptenv("LANG*", 1);
	acceptenv("?C_*", 1);
	acceptenv("LC_", 1);
	acceptenv("lc_*", 1);
	return tap_done();
}
