/*
 * sshdcheck.c - judge the effective sshd settings of one account (pure).
 *
 * Assumes: text is what `sshd -T` prints: one lowercase keyword, a space
 * and the value per line (OpenSSH 8.x and 9.x).
 * Guarantees: every setting that lets sshd act for the account outside
 * the sandbox is named; a setting that is missing from the text counts as
 * unsafe (an sshd that does not print it cannot be shown to be safe).
 */
#include "sshdcheck.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* The value of keyword on its own line, or NULL; copied into buf. */
static const char *
value_of(const char *text, size_t len, const char *key, char *buf,
	 size_t size)
{
	size_t klen = strlen(key);
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n > klen && strncasecmp(p, key, klen) == 0 &&
		    p[klen] == ' ') {
			size_t v = n - klen - 1;

			if (v >= size)
				v = size - 1;
			memcpy(buf, p + klen + 1, v);
			buf[v] = '\0';
			return buf;
		}
		p += n + 1;
	}
	return NULL;
}

/* Is keyword's value exactly want (missing: no)? */
static bool
is(const char *text, size_t len, const char *key, const char *want)
{
	char buf[256];
	const char *v = value_of(text, len, key, buf, sizeof(buf));

	return v && strcasecmp(v, want) == 0;
}

/* Does any "subsystem NAME internal-sftp ..." line exist? */
static bool
internal_sftp(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n > 10 && strncasecmp(p, "subsystem ", 10) == 0 &&
		    memmem(p, n, "internal-sftp", 13))
			return true;
		p += n + 1;
	}
	return false;
}

int
sshd_judge(const char *text, size_t len, const char **why, size_t max)
{
	size_t n = 0;
	bool nofwd;

#define FINDING(s) do { if (n < max) why[n] = (s); n++; } while (0)
	if (!value_of(text, len, "usepam", (char[8]){ 0 }, 8))
		return -1;
	if (internal_sftp(text, len))
		FINDING("Subsystem uses internal-sftp: sftp is served by sshd "
			"itself, outside the sandbox");
	if (!is(text, len, "forcecommand", "none"))
		FINDING("ForceCommand is set: sshd runs that command instead "
			"of what the client asked (internal-sftp skips the "
			"shell)");
	/* DisableForwarding overrides every forwarding switch below. */
	nofwd = is(text, len, "disableforwarding", "yes");
	if (!nofwd && !is(text, len, "allowtcpforwarding", "no"))
		FINDING("AllowTcpForwarding is not no: -L, -R and -W reach "
			"the host's network");
	if (!nofwd && !is(text, len, "allowstreamlocalforwarding", "no"))
		FINDING("AllowStreamLocalForwarding is not no: the host's "
			"unix sockets are reachable");
	if (!nofwd && !is(text, len, "allowagentforwarding", "no"))
		FINDING("AllowAgentForwarding is not no: sshd makes an agent "
			"socket on the host");
	if (!nofwd && !is(text, len, "x11forwarding", "no"))
		FINDING("X11Forwarding is not no: sshd runs xauth as the "
			"account, unconfined");
	if (!is(text, len, "permittunnel", "no"))
		FINDING("PermitTunnel is not no: tun/tap devices on the host");
	if (!is(text, len, "permituserrc", "no"))
		FINDING("PermitUserRC is not no: sshd runs ~/.ssh/rc with "
			"/bin/sh, unconfined");
	if (!is(text, len, "permituserenvironment", "no"))
		FINDING("PermitUserEnvironment is not no: sshd loads "
			"~/.ssh/environment (LD_PRELOAD) before the sandbox");
#undef FINDING
	return (int)n;
}
