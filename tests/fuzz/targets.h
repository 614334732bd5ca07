/* targets.h - the fuzz targets: one entry point per parser of untrusted
 * input, shared by the libFuzzer binaries, the AFL++ file driver and the
 * regression replay suite (test_fuzz_regressions). */
#ifndef FUZZ_TARGETS_H
#define FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

/* Runs one input through a target. Any input is acceptable: a target
 * returns 0 whatever it is given and calls fuzz_fail() (which aborts, so
 * libFuzzer and AFL++ see a crash) when an output breaks a documented
 * invariant, such as an article field that is not valid UTF-8. */
typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

typedef struct fuzz_target {
	const char *name;       /* also the directory name of its corpora */
	fuzz_fn run;
	const char *what;       /* one line for --list */
} fuzz_target_t;

/* The targets, ended by a row whose name is NULL. */
extern const fuzz_target_t fuzz_targets[];

/* The target called name, or NULL. */
const fuzz_target_t *fuzz_target_find(const char *name);

/* Prints "fuzz: <target>: <why>" to stderr and aborts. */
void fuzz_fail(const char *target, const char *why)
	__attribute__((noreturn));

/* Directory of samples/ the search target builds its small index from:
 * the compiled-in default unless set before the first search input. */
void fuzz_set_samples_dir(const char *dir);

/* Removes the search target's index (registered with atexit() too). */
void fuzz_cleanup(void);

#endif
