/*
 * sanitizer_options.c - linked into the ASan+UBSan build of cylosh only.
 *
 * LeakSanitizer stops the world with ptrace and reads /proc at exit, which
 * the session's seccomp filter and Landlock rules forbid; sessions started
 * by sshd, su or login do not pass ASAN_OPTIONS through.  So the defaults
 * are compiled in: no leak check at exit (tests/shell checks leaks of the
 * shell loop under valgrind), every UBSan finding fatal, and the fault
 * injection shim may be preloaded ahead of the ASan runtime.
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *
__asan_default_options(void)
{
	return "detect_leaks=0:abort_on_error=0:verify_asan_link_order=0";
}

const char *
__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1";
}
