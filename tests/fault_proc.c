/* fault_proc.c - running the real programs under limits, for the
 * reliability suites. */
#include "fault_proc.h"
#include "testutil.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define FP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FP_ASAN 1
#endif
#endif
#ifndef FP_ASAN
#define FP_ASAN 0
#endif

/* Output kept of a child: more is cut. */
#define MAX_OUTPUT ((size_t)64 << 20)

bool
fp_asan(void)
{
	return FP_ASAN;
}

void
fp_sleep_ms(unsigned ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(MAX_OUTPUT + 1);
	size_t n = 0;

	ck_assert(buf != NULL);
	if (f) {
		n = fread(buf, 1, MAX_OUTPUT, f);
		fclose(f);
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return realloc(buf, n + 1);
}

fp_proc_t
fp_start(const char *scratch, const fp_opts_t *o, const char *bin,
         const char *const *args)
{
	static const fp_opts_t none;
	const char *argv[128];
	fp_proc_t p;
	int argc = 0;

	if (o == NULL)
		o = &none;
	argv[argc++] = bin;
	for (; args && *args; args++) {
		ck_assert(argc < 127);
		argv[argc++] = *args;
	}
	argv[argc] = NULL;
	static unsigned serial;

	ck_assert(asprintf(&p.out_path, "%s/fp-%ld-%u.out", scratch, (long)getpid(),
	                   serial++) > 0);
	ck_assert(asprintf(&p.err_path, "%s.err", p.out_path) > 0);
	p.start = tu_seconds();
	fflush(NULL);
	p.pid = fork();
	ck_assert_msg(p.pid >= 0, "fork: %s", strerror(errno));
	if (p.pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int out = open(p.out_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		int err = open(p.err_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);

		if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 ||
		    dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(126);
		if (o->as_user) {
			/* Files we made for the other user must stay ours. */
			if (fchown(1, o->uid, o->gid) != 0 ||
			    fchown(2, o->uid, o->gid) != 0 ||
			    setgroups(0, NULL) != 0 || setgid(o->gid) != 0 ||
			    setuid(o->uid) != 0)
				_exit(125);
		}
		if (o->cwd && chdir(o->cwd) != 0)
			_exit(124);
		unsetenv("BYLINE_INDEX");
		unsetenv("NO_COLOR");
		/* An LD_PRELOAD shim sits before the sanitizer runtime. Full
		 * stacks of allocations, so that lsan.supp can tell Xapian's
		 * own leak in a failed commit from one of ours. */
		{
			const char *a = getenv("ASAN_OPTIONS");
			char *opts;

			if (asprintf(&opts, "%s%sverify_asan_link_order=0%s",
			             a ? a : "", a && *a ? ":" : "",
			             FP_ASAN ? ":fast_unwind_on_malloc=0" : "") > 0)
				setenv("ASAN_OPTIONS", opts, 1);
#ifdef BYLINE_LSAN_SUPP
			if (FP_ASAN && getenv("LSAN_OPTIONS") == NULL)
				setenv("LSAN_OPTIONS",
				       "print_suppressions=0:suppressions=" BYLINE_LSAN_SUPP, 1);
#endif
		}
		for (const char *const *e = o->env; e && *e; e++)
			putenv((char *)*e);
		if (o->mem_limit && !FP_ASAN) {
			struct rlimit rl = { o->mem_limit, o->mem_limit };

			if (setrlimit(RLIMIT_AS, &rl) != 0)
				_exit(123);
		}
		if (o->timeout)
			alarm(o->timeout);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	return p;
}

static void
collect(fp_proc_t *p, int ws, const struct rusage *ru, fp_run_t *r)
{
	r->seconds = tu_seconds() - p->start;
	r->signal = WIFSIGNALED(ws) ? WTERMSIG(ws) : 0;
	r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + r->signal;
	r->maxrss_kb = ru->ru_maxrss;
	r->out = slurp(p->out_path, &r->out_len);
	r->err = slurp(p->err_path, &r->err_len);
	unlink(p->out_path);
	unlink(p->err_path);
	free(p->out_path);
	free(p->err_path);
	p->out_path = p->err_path = NULL;
}

fp_run_t
fp_wait(fp_proc_t *p)
{
	struct rusage ru;
	fp_run_t r;
	int ws;

	memset(&r, 0, sizeof r);
	while (wait4(p->pid, &ws, 0, &ru) != p->pid)
		ck_assert_msg(errno == EINTR, "wait4: %s", strerror(errno));
	collect(p, ws, &ru, &r);
	return r;
}

bool
fp_poll(fp_proc_t *p, fp_run_t *r)
{
	struct rusage ru;
	pid_t got;
	int ws;

	memset(r, 0, sizeof *r);
	got = wait4(p->pid, &ws, WNOHANG, &ru);
	ck_assert_msg(got >= 0, "wait4: %s", strerror(errno));
	if (got == 0)
		return false;
	collect(p, ws, &ru, r);
	return true;
}

fp_run_t
fp_run(const char *scratch, const fp_opts_t *o, const char *bin,
       const char *const *args)
{
	fp_proc_t p = fp_start(scratch, o, bin, args);

	return fp_wait(&p);
}

fp_run_t
fp_runl(const char *scratch, const fp_opts_t *o, const char *bin, ...)
{
	const char *args[128];
	const char *a;
	va_list ap;
	int n = 0;

	va_start(ap, bin);
	while ((a = va_arg(ap, const char *)) != NULL) {
		ck_assert(n < 127);
		args[n++] = a;
	}
	va_end(ap);
	args[n] = NULL;
	return fp_run(scratch, o, bin, args);
}

void
fp_free(fp_run_t *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* Removes name inside the directory dfd, recursively, by descriptor, so
 * depth and path length do not matter. */
static void
rm_at(int dfd, const char *name)
{
	struct stat sb;
	int sub;
	DIR *d;
	struct dirent *e;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		unlinkat(dfd, name, 0);
		return;
	}
	fchmodat(dfd, name, 0700, 0);
	sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub >= 0 && (d = fdopendir(sub)) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
				rm_at(dirfd(d), e->d_name);
		closedir(d);
	} else if (sub >= 0) {
		close(sub);
	}
	unlinkat(dfd, name, AT_REMOVEDIR);
}

void
fp_rmtree(const char *path)
{
	rm_at(AT_FDCWD, path);
}

static int
line_len(const char *s)
{
	size_t n = strcspn(s, "\n");

	return n < 300 ? (int)n : 300;
}

void
fp_assert_lines(const char *what, const char *text, const char *prefix)
{
	const char *p = text;
	size_t plen = strlen(prefix);

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t i, n = nl ? (size_t)(nl - p) : strlen(p);

		ck_assert_msg(strncmp(p, prefix, plen) == 0,
		              "%s: a line does not start with \"%s\": \"%.*s\"", what,
		              prefix, line_len(p), p);
		for (i = 0; i < n; i++)
			ck_assert_msg((unsigned char)p[i] >= 0x20 && p[i] != 0x7F,
			              "%s: control character 0x%02x in \"%.*s\"", what,
			              (unsigned char)p[i], line_len(p), p);
		p += n + (nl != NULL);
	}
}

void
fp_assert_no_sanitizer(const char *what, const char *err)
{
	const char *hit = strstr(err, "ERROR: AddressSanitizer");

	if (hit == NULL)
		hit = strstr(err, "ERROR: LeakSanitizer");
	if (hit == NULL)
		hit = strstr(err, "runtime error: ");
	ck_assert_msg(hit == NULL, "%s: sanitizer report:\n%.3000s", what, hit);
}

void
fp_assert_line(const char *what, const char *text, const char *line_start)
{
	const char *p = text;
	size_t n = strlen(line_start);

	while (p && *p) {
		if (strncmp(p, line_start, n) == 0)
			return;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	ck_abort_msg("%s: no line starts with \"%s\"; got:\n%.4000s", what,
	             line_start, text);
}

int
fp_xapian_check(const char *scratch, const char *index)
{
	char *prog = tu_find_program("xapian-check");
	fp_opts_t o = { .timeout = 300 };
	fp_run_t r;
	int status;

	if (prog == NULL) {
		fprintf(stderr, "xapian-check is not on PATH: %s is not checked\n",
		        index);
		return -1;
	}
	r = fp_runl(scratch, &o, prog, index, NULL);
	status = r.status;
	if (status != 0)
		fprintf(stderr, "xapian-check %s: exit %d\n%.2000s%.2000s\n", index,
		        status, r.out, r.err);
	fp_free(&r);
	free(prog);
	return status;
}
