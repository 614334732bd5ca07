/* fault_proc.h - running the real programs under limits for the
 * reliability suites (test_hostile, test_faults): a child process with a
 * time limit (alarm) and an address-space limit (setrlimit), its output,
 * exit status, peak memory and duration; plus file-tree helpers that
 * cope with what those suites create (paths longer than PATH_MAX,
 * directories without permissions). */
#ifndef FAULT_PROC_H
#define FAULT_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* How to run a child. Zero-initialise, then set what you need. */
typedef struct fp_opts {
	unsigned timeout;       /* seconds before SIGALRM ends it; 0 for none */
	size_t mem_limit;       /* RLIMIT_AS in bytes; 0 for none. Ignored
	                         * when built with AddressSanitizer, whose
	                         * shadow memory needs terabytes of it */
	bool as_user;           /* run as uid/gid (needs root) */
	uid_t uid;
	gid_t gid;
	const char *const *env; /* NAME=VALUE to add, NULL-terminated, or NULL */
	const char *cwd;        /* working directory, or NULL */
} fp_opts_t;

typedef struct fp_run {
	int status;             /* exit status, or 128 + the signal */
	int signal;             /* the signal that ended it, or 0 */
	char *out, *err;        /* malloc'd, NUL-terminated */
	size_t out_len, err_len;
	long maxrss_kb;         /* peak resident memory */
	double seconds;         /* wall clock */
} fp_run_t;

/* A started child, for tests that kill it. */
typedef struct fp_proc {
	pid_t pid;
	char *out_path, *err_path;
	double start;
} fp_proc_t;

/* Starts bin with the NULL-terminated args (argv[0] is bin), stdin from
 * /dev/null, output to files in scratch, $BYLINE_INDEX unset. */
fp_proc_t fp_start(const char *scratch, const fp_opts_t *o, const char *bin,
                   const char *const *args);

/* Waits for p and collects its output. */
fp_run_t fp_wait(fp_proc_t *p);

/* True (and *r filled) once p has ended; false while it runs. */
bool fp_poll(fp_proc_t *p, fp_run_t *r);

/* fp_start + fp_wait. */
fp_run_t fp_run(const char *scratch, const fp_opts_t *o, const char *bin,
                const char *const *args);

/* As fp_run, the arguments listed and NULL-terminated. */
fp_run_t fp_runl(const char *scratch, const fp_opts_t *o, const char *bin,
                 ...) __attribute__((sentinel));

void fp_free(fp_run_t *r);

/* True when this build uses AddressSanitizer (memory figures mean less,
 * RLIMIT_AS cannot be used). */
bool fp_asan(void);

/* Removes path and everything below it, however deep, restoring
 * permissions on the way. */
void fp_rmtree(const char *path);

/* Fails the test unless every line of text starts with prefix (one line
 * per message) and no byte of it is a control character but '\n'. */
void fp_assert_lines(const char *what, const char *text, const char *prefix);

/* Fails if a child's stderr holds a sanitizer report (ASan and UBSan end
 * a crashing program with exit status 1, not a signal). */
void fp_assert_no_sanitizer(const char *what, const char *err);

/* Fails unless some line of text starts with line_start. */
void fp_assert_line(const char *what, const char *text,
                    const char *line_start);

/* Runs xapian-check on index: 0 when it passes, else its exit status;
 * -1 when xapian-check is not installed (said on stderr). */
int fp_xapian_check(const char *scratch, const char *index);

/* Milliseconds of sleep, resumed after signals. */
void fp_sleep_ms(unsigned ms);

#endif
