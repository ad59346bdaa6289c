/*
 * repl.c - shell_run: the modes of the shell, and the interactive loop.
 *
 * Assumes: called as pid 2 inside the finished sandbox (Landlock and
 * seccomp applied, environ built from nothing, cwd = home); when
 * interactive, the session's own pty is the controlling terminal.
 * Guarantees: start-up files are read only here, after the sandbox is up,
 * and /etc/cylo/profile only when root-owned and not writable by others;
 * every line's memory (the line arena, readline's buffer) is released
 * after it runs; the idle timeout counts only time spent at the prompt.
 */
#include "shell.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "alias.h"
#include "builtins.h"
#include "config.h"
#include "diag.h"
#include "eval.h"
#include "func.h"
#include "jobs.h"
#include "lcctype.h"
#include "sh.h"
#include "shops.h"
#include "trap.h"

#define HISTFILE_NAME ".cylo_history"

/* readline's callbacks take no context: the one interactive shell. */
static struct shell *rl_sh;
static volatile sig_atomic_t got_sigint, got_sigwinch;
static bool idle_expired;
/* Ctrl-C: readline's empty line stands for "drop everything" (below);
 * in_ps2: an unfinished command waits for more lines. */
static bool ctrl_c_line, in_ps2;
/* Ctrl-G was sent to leave a search before Ctrl-C is acted on. */
static bool left_mode;
#define CTRL_G 7
static char histfile[4096];

static void
on_signal(int sig)
{
	if (sig == SIGINT)
		got_sigint = 1;
	else if (sig == SIGWINCH)
		got_sigwinch = 1;
	else
		sh_hangup = 1;	/* SIGHUP, SIGTERM */
}

static void
catch_signal(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the prompt's poll must see the signal. */
	sigaction(sig, &sa, NULL);
}

/* ---- options and history (used by builtins) ------------------------------- */

static int
repl_set_option(const char *name, bool on)
{
	if (strcmp(name, "vi") == 0)
		rl_variable_bind("editing-mode", on ? "vi" : "emacs");
	else if (strcmp(name, "emacs") == 0)
		rl_variable_bind("editing-mode", on ? "emacs" : "vi");
	else
		return -1;
	return 0;
}

static void
repl_print_options(void)
{
	const char *m = rl_variable_value("editing-mode");
	bool vi = m && strcmp(m, "vi") == 0;

	printf("emacs\t%s\nvi\t%s\n", vi ? "off" : "on", vi ? "on" : "off");
}

static int
repl_history(struct shell *sh, int argc, char **argv)
{
	long n = history_length, i;
	HIST_ENTRY **list;

	(void)sh;
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		clear_history();
		return 0;
	}
	if (argc > 1) {
		char *end;

		n = strtol(argv[1], &end, 10);
		if (*end || n < 0) {
			warnx("usage: history [N | -c]");
			return 2;
		}
	}
	list = history_list();
	if (!list)
		return 0;
	for (i = history_length - n < 0 ? 0 : history_length - n;
	     i < history_length; i++)
		printf("%5ld  %s\n", i + history_base, list[i]->line);
	return 0;
}

static void
history_add_line(const char *line)
{
	int i;

	/* A line starting with a space stays out, as with ignorespace. */
	if (!*line || *line == ' ' || *line == '\t')
		return;
	for (i = history_length - 1; i >= 0; i--) {
		HIST_ENTRY *e = history_get(history_base + i);

		if (e && strcmp(e->line, line) == 0) {
			e = remove_history(i);
			if (e)
				free_history_entry(e);
		}
	}
	add_history(line);
}

/* ---- prompt ------------------------------------------------------------------ */

static void
add_clean(struct abuf *b, const char *s)
{
	/* Names from the file system may hold escapes: show them inert. */
	for (; *s; s++)
		abuf_addc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static char *
prompt_expand(struct shell *sh, const char *ps)
{
	struct abuf b;
	char buf[4096];
	const char *home = var_get(sh, "HOME"), *user = var_get(sh, "USER");

	abuf_init(&b, &sh->line);
	for (; *ps; ps++) {
		if (*ps != '\\' || !ps[1]) {
			abuf_addc(&b, *ps);
			continue;
		}
		switch (*++ps) {
		case 'u':
			add_clean(&b, user ? user : "?");
			break;
		case 'h':
		case 'H':
			if (gethostname(buf, sizeof(buf)) < 0)
				snprintf(buf, sizeof(buf), "?");
			buf[sizeof(buf) - 1] = 0;
			if (*ps == 'h')
				buf[strcspn(buf, ".")] = 0;
			add_clean(&b, buf);
			break;
		case 'w':
		case 'W':
			if (!getcwd(buf, sizeof(buf)))
				snprintf(buf, sizeof(buf), "?");
			if (*ps == 'W' && strcmp(buf, "/") != 0) {
				const char *base = strrchr(buf, '/');

				add_clean(&b, home && strcmp(buf, home) == 0 ? "~" :
					      base ? base + 1 : buf);
			} else if (home && *home && strcmp(home, "/") != 0 &&
				   strncmp(buf, home, strlen(home)) == 0 &&
				   (buf[strlen(home)] == '/' || !buf[strlen(home)])) {
				abuf_addc(&b, '~');
				add_clean(&b, buf + strlen(home));
			} else {
				add_clean(&b, buf);
			}
			break;
		case 't':
		case 'T':
		case 'd': {
			time_t t = time(NULL);
			struct tm tm;

			localtime_r(&t, &tm);
			strftime(buf, sizeof(buf),
				 *ps == 't' ? "%H:%M:%S" :
				 *ps == 'T' ? "%I:%M:%S" : "%a %b %d", &tm);
			abuf_adds(&b, buf);
			break;
		}
		case '$':
			abuf_addc(&b, geteuid() == 0 ? '#' : '$');
			break;
		case '?':
			snprintf(buf, sizeof(buf), "%d", sh->status);
			abuf_adds(&b, buf);
			break;
		case 'j':
			snprintf(buf, sizeof(buf), "%d", jobs_count(sh));
			abuf_adds(&b, buf);
			break;
		case '!':
			snprintf(buf, sizeof(buf), "%d", history_base + history_length);
			abuf_adds(&b, buf);
			break;
		case 's':
			abuf_adds(&b, "cylosh");
			break;
		case 'n':
			abuf_addc(&b, '\n');
			break;
		case 'e':
			abuf_addc(&b, 033);
			break;
		case '[':
			abuf_addc(&b, RL_PROMPT_START_IGNORE);
			break;
		case ']':
			abuf_addc(&b, RL_PROMPT_END_IGNORE);
			break;
		case '\\':
			abuf_addc(&b, '\\');
			break;
		default:
			abuf_addc(&b, '\\');
			abuf_addc(&b, *ps);
		}
	}
	return abuf_str(&b);
}

static char *
make_prompt(struct shell *sh, bool continuation)
{
	const char *ps = var_get(sh, continuation ? "PS2" : "PS1");
	char *p;

	if (ps)
		return prompt_expand(sh, ps);
	if (continuation)
		return "> ";
	/* The default: plain, and the status only when it is not 0. */
	p = prompt_expand(sh, "\\u@\\h:\\w\\$ ");
	if (sh->status) {
		char buf[32];
		struct abuf b;

		snprintf(buf, sizeof(buf), "[%d] ", sh->status);
		abuf_init(&b, &sh->line);
		abuf_adds(&b, buf);
		abuf_adds(&b, p);
		p = abuf_str(&b);
	}
	return p;
}

/* ---- input with idle timeout ---------------------------------------------- */

static time_t idle_deadline, idle_warn_at;
static bool idle_warned;

static void
idle_reset(struct shell *sh)
{
	unsigned long t = sh->s ? sh->s->pol.idle_timeout : 0;
	time_t now = time(NULL);

	idle_warned = false;
	if (!t) {
		idle_deadline = 0;
		return;
	}
	idle_deadline = now + (time_t)t;
	idle_warn_at = idle_deadline - (t > 120 ? 60 : (time_t)t / 2);
}

static int
rl_getc_poll(FILE *f)
{
	for (;;) {
		struct pollfd pfd = { .fd = fileno(f), .events = POLLIN };
		int timeout = -1, r;
		unsigned char c;
		time_t now = time(NULL);

		if (sh_hangup) {
			rl_replace_line("", 0);
			return EOF;
		}
		if (got_sigwinch) {
			got_sigwinch = 0;
			rl_resize_terminal();
		}
		if ((got_sigint || trap_is_pending(SIGINT)) && !left_mode &&
		    RL_ISSTATE(RL_STATE_ISEARCH | RL_STATE_NSEARCH |
			       RL_STATE_MULTIKEY | RL_STATE_NUMERICARG)) {
			/* Ctrl-C inside a history search (or after ESC or a
			 * count): first Ctrl-G, readline's abort, so the
			 * search ends without taking the line it found;
			 * the signal is handled on the next call.  Once
			 * only, should the state outlive the abort. */
			left_mode = true;
			return CTRL_G;
		}
		left_mode = false;
		if (got_sigint && !in_ps2) {
			got_sigint = 0;
			/* Ctrl-C at the prompt: drop the line, new prompt. */
			fputs("^C", rl_outstream);
			rl_replace_line("", 0);
			rl_point = rl_end = 0;
			rl_crlf();
			rl_on_new_line();
			rl_redisplay();
			rl_sh->status = 130;
			continue;
		}
		if (got_sigint || trap_is_pending(SIGINT)) {
			/* Ctrl-C after PS2, or with an INT trap: readline
			 * hands back an empty line, and the loop drops the
			 * unfinished command and runs the trap's action
			 * with the terminal out of readline's raw mode (as
			 * bash: the action, then a new PS1 prompt). */
			got_sigint = 0;
			fputs("^C", rl_outstream);
			rl_replace_line("", 0);
			rl_point = rl_end = 0;
			ctrl_c_line = true;
			return '\n';
		}
		if (idle_deadline) {
			if (now >= idle_deadline) {
				idle_expired = true;
				/* The session's own shell (pid 2) tells init,
				 * so the end is logged as an idle timeout. */
				if (getpid() == 2)
					kill(1, SIGUSR1);
				fprintf(rl_outstream,
					"\ncylosh: idle for %lu seconds: ending the session\n",
					rl_sh->s->pol.idle_timeout);
				rl_replace_line("", 0);
				return EOF;
			}
			if (!idle_warned && now >= idle_warn_at) {
				idle_warned = true;
				fprintf(rl_outstream,
					"\ncylosh: idle: the session ends in %ld seconds unless you type something%s\n",
					(long)(idle_deadline - now),
					rl_sh->s->pol.persist[0] ?
					"; files in ~/persist are kept, the rest of the home is not" :
					"; nothing in the home is kept");
				rl_on_new_line();
				rl_redisplay();
			}
			timeout = (int)((idle_warned ? idle_deadline : idle_warn_at) - now) * 1000;
			if (timeout < 0)
				timeout = 0;
		}
		r = poll(&pfd, 1, timeout);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return EOF;
		}
		if (r == 0)
			continue;
		r = (int)read(fileno(f), &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		/* EIO: a background job took the tty from under the prompt. */
		if (r < 0 && errno == EIO && jobs_take_tty(rl_sh))
			continue;
		if (r <= 0)
			return EOF;
		idle_reset(rl_sh);
		return c;
	}
}

/* ---- completion ------------------------------------------------------------- */

static char **cands;
static size_t ncands, cand_i;

static void
cands_free(void)
{
	size_t i;

	for (i = 0; i < ncands; i++)
		free(cands[i]);
	free(cands);
	cands = NULL;
	ncands = cand_i = 0;
}

static void
cand_add(const char *s)
{
	size_t i;
	char **v;

	for (i = 0; i < ncands; i++)
		if (strcmp(cands[i], s) == 0)
			return;
	v = realloc(cands, sizeof(*v) * (ncands + 1));
	if (!v)
		return;
	cands = v;
	if ((cands[ncands] = strdup(s)))
		ncands++;
}

static char *
cand_next(const char *text, int state)
{
	(void)text;
	if (state == 0)
		cand_i = 0;
	if (cand_i < ncands)
		return strdup(cands[cand_i++]);
	return NULL;
}

static void
collect_commands(const char *text)
{
	size_t len = strlen(text);
	const char *path = getenv("PATH"), *p, *end;
	const char *name;
	int i;

	for (i = 0; (name = builtin_name(i)); i++)
		if (strncmp(name, text, len) == 0)
			cand_add(name);
	if (!path)
		return;
	/* Only what the session's PATH offers: wrappers and allowed
	 * commands, which is what can run. */
	for (p = path;; p = end + 1) {
		char dir[4096], full[4096 + 512];
		DIR *d;
		struct dirent *e;

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		snprintf(dir, sizeof(dir), "%.*s", (int)(end - p), p);
		if (*dir && (d = opendir(dir))) {
			while ((e = readdir(d))) {
				struct stat st;

				if (e->d_name[0] == '.' ||
				    strncmp(e->d_name, text, len) != 0)
					continue;
				snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
				if (stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
				    access(full, X_OK) == 0)
					cand_add(e->d_name);
			}
			closedir(d);
		}
		if (!*end)
			break;
	}
}

static void
collect_vars(const char *text)
{
	char **names = var_names(rl_sh), **n;
	bool brace = text[1] == '{';
	size_t skip = brace ? 2 : 1, len = strlen(text + skip);

	for (n = names; *n; n++) {
		if (strncmp(*n, text + skip, len) == 0) {
			char buf[512];

			snprintf(buf, sizeof(buf), "%s%s%s", brace ? "${" : "$", *n,
				 brace ? "}" : "");
			cand_add(buf);
		}
		free(*n);
	}
	free(names);
}

static bool
command_position(int start)
{
	int i = start - 1;

	while (i >= 0 && (rl_line_buffer[i] == ' ' || rl_line_buffer[i] == '\t'))
		i--;
	if (i < 0)
		return true;
	if (strchr(";|&(", rl_line_buffer[i]))
		return true;
	/* After a keyword that starts a command. */
	{
		int e = i + 1;

		while (i >= 0 && rl_line_buffer[i] != ' ' && rl_line_buffer[i] != '\t')
			i--;
		i++;
		if (e - i > 0 && e - i < 8) {
			char w[8];

			memcpy(w, rl_line_buffer + i, (size_t)(e - i));
			w[e - i] = 0;
			return strcmp(w, "then") == 0 || strcmp(w, "do") == 0 ||
			       strcmp(w, "else") == 0 || strcmp(w, "if") == 0 ||
			       strcmp(w, "while") == 0 || strcmp(w, "!") == 0 ||
			       strcmp(w, "{") == 0 || strcmp(w, "time") == 0;
		}
	}
	return false;
}

static char **
complete(const char *text, int start, int end)
{
	(void)end;
	cands_free();
	if (text[0] == '$') {
		collect_vars(text);
		rl_attempted_completion_over = 1;
		rl_completion_append_character = ' ';
		return rl_completion_matches(text, cand_next);
	}
	if (command_position(start) && !strchr(text, '/') && text[0] != '~' &&
	    text[0] != '.') {
		collect_commands(text);
		rl_attempted_completion_over = 1;
		return rl_completion_matches(text, cand_next);
	}
	return NULL;	/* file names, readline's default */
}

/* ---- start-up files ------------------------------------------------------------ */

static void
run_startup(struct shell *sh, const char *path, bool root_owned)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return;
	/* Inside the session root is not mapped: its files show the
	 * overflow uid.  What matters is that the user cannot have written
	 * it: not theirs, not writable by group or others (and the system
	 * view is read-only anyway). */
	if (root_owned && (st.st_uid == getuid() || (st.st_mode & 022))) {
		warnx("%s: ignored: must be owned by root and not writable by others",
		      path);
		return;
	}
	eval_file(sh, path, 0);
	sh->exiting = false;
}

static void
print_motd(void)
{
	char buf[4096];
	ssize_t r;
	int fd = open(SYSCONFDIR "/motd", O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)r, stdout);
	close(fd);
	fflush(stdout);
}

/* What outlives the session, said at login: work must not be lost by
 * surprise. */
static void
keep_notice(const struct shell *sh)
{
	if (!sh->s)
		return;
	if (sh->s->pol.persist[0])
		printf("cylosh: files in ~/persist are kept; everything else "
		       "in the home goes at logout.\n");
	else
		printf("cylosh: nothing in the home is kept: it goes at "
		       "logout.\n");
	fflush(stdout);
}

/* ---- the loops -------------------------------------------------------------------- */

struct pending {
	char *s;
	size_t len, cap;
};

static void
pending_add(struct pending *p, const char *s, size_t n)
{
	if (p->len + n + 2 > p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		char *ns;

		while (cap < p->len + n + 2)
			cap *= 2;
		ns = realloc(p->s, cap);
		if (!ns)
			die("out of memory");
		p->s = ns;
		p->cap = cap;
	}
	memcpy(p->s + p->len, s, n);
	p->len += n;
	p->s[p->len] = 0;
}

/*
 * Parse what has been read so far; run it when complete.  Returns 1 when
 * more input is needed, 2 after a refused or malformed input, 0 otherwise.
 */
static int
feed(struct shell *sh, struct pending *p, bool at_eof)
{
	struct parse_result r;

	if (at_eof)
		parse(&sh->line, p->s ? p->s : "", p->len, &r);
	else
		parse_partial(&sh->line, p->s ? p->s : "", p->len, &r);
	if (r.status == LEX_INCOMPLETE && !at_eof) {
		arena_reset(&sh->line);
		return 1;
	}
	p->len = 0;
	if (r.status != LEX_OK) {
		warnx("%s", r.err);
		sh->status = 2;
		arena_reset(&sh->line);
		return 2;
	}
	eval(sh, r.node, 0);
	arena_reset(&sh->line);
	return 0;
}

/*
 * Commands from a non-terminal fd 0.  Whatever a command reads from stdin
 * must be what follows its line, as in sh.  A pipe is read a byte at a
 * time; a regular file in blocks, and the file offset is set back to the
 * end of the current line (input_sync) before anything that could read
 * fd 0 runs: a fork, a spawned command, the read builtin.
 */
static struct {
	char buf[65536];
	size_t len, off;
	bool seekable;
} in;

static void
input_sync(void)
{
	if (in.off < in.len)
		lseek(0, -(off_t)(in.len - in.off), SEEK_CUR);
	in.len = in.off = 0;
}

/* One line into p; -1 at end of input with nothing read. */
static int
read_stdin_line(struct pending *p)
{
	bool any = false;

	for (;;) {
		char *nl;
		size_t n;

		if (in.off == in.len) {
			ssize_t r = read(0, in.buf, in.seekable ? sizeof(in.buf) : 1);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				return any ? 0 : -1;
			in.len = (size_t)r;
			in.off = 0;
		}
		any = true;
		nl = memchr(in.buf + in.off, '\n', in.len - in.off);
		n = nl ? (size_t)(nl - (in.buf + in.off)) + 1 : in.len - in.off;
		pending_add(p, in.buf + in.off, n);
		in.off += n;
		if (nl)
			return 0;
	}
}

static int
stdin_loop(struct shell *sh)
{
	struct pending p = { 0 };

	in.seekable = lseek(0, 0, SEEK_CUR) >= 0;
	in.len = in.off = 0;
	if (in.seekable)
		sh->input_sync = input_sync;
	for (;;) {
		if (read_stdin_line(&p) < 0) {
			if (p.len)
				feed(sh, &p, true);
			break;
		}
		/* A syntax error ends a non-interactive shell, as in sh. */
		if (feed(sh, &p, false) == 2 || sh->exiting)
			break;
	}
	input_sync();
	sh->input_sync = NULL;
	free(p.s);
	return sh->status;
}

/* The history cap: the policy's histsize, or a smaller $HISTSIZE. */
static unsigned long
hist_cap(struct shell *sh)
{
	unsigned long hs = sh->s && sh->s->pol.histsize ? sh->s->pol.histsize : 1000;
	const char *v = var_get(sh, "HISTSIZE");
	char *end;
	unsigned long u;

	if (v && *v) {
		u = strtoul(v, &end, 10);
		if (!*end && u < hs)
			hs = u;
	}
	return hs > 1000000 ? 1000000 : hs;
}

static void
history_setup(struct shell *sh)
{
	const char *home = var_get(sh, "HOME");
	unsigned long hs = hist_cap(sh);

	using_history();
	stifle_history((int)hs);
	if (home && *home) {
		snprintf(histfile, sizeof(histfile), "%s/%s", home, HISTFILE_NAME);
		read_history(histfile);
	}
}

static void
history_save(struct shell *sh)
{
	unsigned long hs = hist_cap(sh);
	mode_t old;

	if (!*histfile)
		return;
	stifle_history((int)hs);
	old = umask(077);
	if (write_history(histfile) == 0)
		history_truncate_file(histfile, (int)hs);
	umask(old);
}

/*
 * !!, !$, !prefix (bash's habit) at the prompt, through readline's own
 * history_expand: the expanded line is shown, as bash shows it, and is
 * what runs and goes into the history.  -1: an error, nothing runs.
 */
static int
expand_history(char **line)
{
	char *out = NULL;
	int r;

	if (!strchr(*line, '!') && (*line)[0] != '^')
		return 0;
	r = history_expand(*line, &out);
	if (r < 0 || r == 2) {
		if (r < 0)
			warnx("%s", out ? out : "history expansion failed");
		else
			fprintf(stderr, "%s\n", out);
		free(out);
		free(*line);
		*line = NULL;
		return -1;
	}
	if (r == 1) {
		fprintf(stderr, "%s\n", out);
		free(*line);
		*line = out;
		return 0;
	}
	free(out);
	return 0;
}

static int
interactive_loop(struct shell *sh)
{
	struct pending p = { 0 };

	rl_sh = sh;
	rl_readline_name = "cylosh";
	rl_instream = stdin;
	rl_outstream = stderr;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	/* No setenv(3) of LINES/COLUMNS: vars.c owns the environment. */
	rl_change_environment = 0;
	rl_getc_function = rl_getc_poll;
	rl_attempted_completion_function = complete;
	rl_completer_word_break_characters = " \t\n\"'><;|&(";
	/* "hi!" and !( are not history references (as in bash). */
	history_no_expand_chars = " \t\n\r=\"(";
	/* As in bash: no history reference inside '...' (printf '#!/bin/sh'),
	 * nor in a comment. */
	history_quotes_inhibit_expansion = 1;
	history_comment_char = '#';
	rl_initialize();
	/* Up and Down search the history for lines starting like this one. */
	rl_bind_keyseq("\033[A", rl_history_search_backward);
	rl_bind_keyseq("\033[B", rl_history_search_forward);
	rl_bind_keyseq("\033OA", rl_history_search_backward);
	rl_bind_keyseq("\033OB", rl_history_search_forward);
	history_setup(sh);
	catch_signal(SIGINT);
	catch_signal(SIGWINCH);
	catch_signal(SIGHUP);
	catch_signal(SIGTERM);

	for (;;) {
		char *line, *prompt;
		bool warned = sh->warned_stopped;

		jobs_reap(sh);
		jobs_notify(sh, true);
		/* Whatever a command did with the tty, the prompt reads it. */
		jobs_take_tty(sh);
		if (trap_pending)
			traps_run_pending(sh);
		if (sh->exiting)
			break;
		fflush(stdout);
		prompt = make_prompt(sh, p.len > 0);
		idle_reset(sh);
		got_sigint = 0;
		ctrl_c_line = false;
		in_ps2 = p.len > 0;
		/* A resize while a job had the terminal went to the job. */
		rl_reset_screen_size();
		line = readline(prompt);
		if (line && ctrl_c_line) {
			/* Ctrl-C: the typed line and an unfinished command
			 * are dropped; an INT trap's action runs at the top
			 * of the loop. */
			free(line);
			p.len = 0;
			sh->status = 130;
			continue;
		}
		if (!line) {
			if (idle_expired || sh_hangup)
				break;
			if (p.len) {
				/* Ctrl-D inside an unfinished command. */
				fputc('\n', stderr);
				feed(sh, &p, true);
				continue;
			}
			if (!sh->warned_stopped && jobs_any_stopped(sh)) {
				fprintf(stderr, "\nThere are stopped jobs.\n");
				sh->warned_stopped = true;
				continue;
			}
			fprintf(stderr, "exit\n");
			break;
		}
		if (expand_history(&line) < 0)
			continue;
		{
			char err[128];

			/* A refused line stays out of the history file. */
			if (lex_check_input(line, strlen(line), err, sizeof(err)) == 0)
				history_add_line(line);
		}
		pending_add(&p, line, strlen(line));
		pending_add(&p, "\n", 1);
		free(line);
		arena_reset(&sh->line);
		sh->interrupted = false;
		feed(sh, &p, false);
		if (sh->exiting || sh_hangup)
			break;
		if (warned)
			sh->warned_stopped = false;
	}
	free(p.s);
	history_save(sh);
	jobs_hangup(sh);
	return sh->status;
}

int
shell_run(const struct session *s)
{
	static struct shell sh;
	const struct shell_opts *o = &s->opts;
	char cwd[4096];
	int status;

	static const struct editor editor = {
		.history = repl_history,
		.set_option = repl_set_option,
		.print_options = repl_print_options,
		.save_history = history_save,
	};

	memset(&sh, 0, sizeof(sh));
	sh.s = s;
	sh.editor = &editor;
	arena_init(&sh.line);
	sh.pid = getpid();
	sh.tty = -1;
	sh.arg0 = o->arg0 ? o->arg0 : "cylosh";
	alias_attach(&sh);
	{
		char ppid[24];

		snprintf(ppid, sizeof(ppid), "%ld", (long)getppid());
		var_set(&sh, "PPID", ppid, false);
		var_readonly(&sh, "PPID");
	}
	/* POSIX: OPTIND is 1 when the shell starts. */
	var_set(&sh, "OPTIND", "1", false);
	sh.params = o->args;
	sh.nparams = o->args ? o->nargs : 0;
	if (getcwd(cwd, sizeof(cwd)))
		var_set(&sh, "PWD", cwd, true);
	/* Characters as the user's locale has them (LANG=C.UTF-8 from ssh);
	 * readline would set LC_CTYPE from it too, but only at a terminal. */
	lcctype_sync(&sh, true);
	/* Commands see a broken pipe as such, whatever the caller left. */
	signal(SIGPIPE, SIG_DFL);

	switch (o->mode) {
	case MODE_COMMAND:
		status = eval_source(&sh, o->command, strlen(o->command),
				     EV_EXIT, NULL);
		break;
	case MODE_SCRIPT:
		status = eval_file(&sh, o->script, EV_EXIT);
		break;
	default:
		sh.interactive = o->force_interactive ||
				 (isatty(0) && isatty(2));
		if (o->login || sh.interactive)
			run_startup(&sh, SYSCONFDIR "/profile", true);
		if (!sh.interactive) {
			status = stdin_loop(&sh);
			break;
		}
		if (isatty(0) && tcgetpgrp(0) >= 0) {
			sh.tty = 0;
			sh.jobctl = true;
		}
		jobs_init(&sh);
		if (o->login) {
			print_motd();
			keep_notice(&sh);
		}
		{
			const char *home = var_get(&sh, "HOME");
			char rc[4096];

			if (home) {
				snprintf(rc, sizeof(rc), "%s/.cylorc", home);
				run_startup(&sh, rc, false);
			}
		}
		arena_reset(&sh.line);
		status = interactive_loop(&sh);
		break;
	}
	/* exit in the EXIT trap sets the status; else the shell's stands. */
	sh.status = status;
	traps_run_exit(&sh);
	status = sh.status;
	fflush(NULL);
	jobs_forget(&sh);
	funcs_free(&sh);
	aliases_free(&sh);
	traps_free(&sh);
	params_free(&sh);
	vars_free(&sh);
	parse_alias_hook(NULL, NULL);
	arena_free(&sh.line);
	return status & 0xff;
}
