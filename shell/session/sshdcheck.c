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

/*
 * May a client set every name this AcceptEnv pattern matches?  sshd's
 * match_pattern() is anchored and case-sensitive, with '*' and '?', so a
 * pattern that starts with the literal "LC_" matches only locale names;
 * any other pattern but LANG, TZ and COLORTERM may match LD_PRELOAD,
 * LD_AUDIT, GCONV_PATH, LOCPATH, MALLOC_*, GLIBC_TUNABLES ("L*",
 * "*PRELOAD", "?D_*", "*").  An allow list, because a deny list of loader
 * variables would have to out-guess glibc and every pattern.
 */
static bool
env_pattern_safe(const char *p, size_t n)
{
	static const char *const names[] = { "LANG", "TZ", "COLORTERM" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (n == strlen(names[i]) && memcmp(p, names[i], n) == 0)
			return true;
	return n > 3 && memcmp(p, "LC_", 3) == 0;
}

/*
 * Does an "acceptenv PATTERN" line (sshd -T prints one per pattern) admit
 * more than the safe names?  sshd copies what it admits into the
 * environment of cylosh's outer process, and ld.so acts on LD_PRELOAD
 * before main(): a check of its own environment in cylosh would run after
 * the client's library, so only this check, before a login, can help.
 */
static bool
acceptenv_unsafe(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n > 10 && strncasecmp(p, "acceptenv ", 10) == 0 &&
		    !env_pattern_safe(p + 10, n - 10))
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
	if (acceptenv_unsafe(text, len))
		FINDING("AcceptEnv admits more than LANG, LC_*, TZ and "
			"COLORTERM: a client's LD_PRELOAD (or another loader "
			"variable) runs in cylosh before the sandbox");
#undef FINDING
	return (int)n;
}
