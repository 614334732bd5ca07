/* testutil.h - helpers shared by the Check suites: temporary directories,
 * running the programs' logic with captured output, a JSON validator. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bl_db.h"

/* Seconds on the monotonic clock, for measuring how long something took. */
double tu_seconds(void);

/* Creates a fresh empty directory under $TMPDIR (or /tmp); returns a
 * malloc'd path. Aborts the test on failure. */
char *tu_mkdtemp(void);

/* Removes path recursively (files, directories, symlinks). */
void tu_rmtree(const char *path);

/* Writes len bytes to dir/name (creating parent directories); returns the
 * malloc'd full path. Aborts the test on failure. */
char *tu_write(const char *dir, const char *name, const void *data,
               size_t len);

/* Captured result of running a program's *_main(). */
typedef struct tu_run {
	int status;
	char *out;              /* malloc'd, NUL-terminated */
	char *err;
} tu_run_t;

/* Runs indexer_main/searcher_main with the NULL-terminated argument list
 * (argv[0] is supplied) and BYLINE_INDEX unset. */
tu_run_t tu_index(const char *arg, ...);
tu_run_t tu_search(const char *arg, ...);

/* As tu_search, but as if stdout were a terminal (color unless no_color). */
tu_run_t tu_search_tty(bool no_color, const char *arg, ...);

void tu_run_free(tu_run_t *r);

/* Index of samples/ built once per process into a temporary directory
 * (removed at exit); returns its path. */
const char *tu_samples_index(void);

/* The source tree's samples/ directory. */
const char *tu_samples_dir(void);

/* The path of file rel (e.g. "reuters21578/reuters21578.tar.gz") under
 * the shared corpora ($BYLINE_CORPORA, else ../shared/corpora beside the
 * source tree), malloc'd; NULL, after telling stderr that test is
 * skipped, when it cannot be read. */
char *tu_corpus(const char *rel, const char *test);

/* True if s[0..len) is exactly one valid JSON value (RFC 8259), with
 * valid UTF-8 throughout. */
bool tu_json_valid(const char *s, size_t len);

/* Counts non-overlapping occurrences of needle in hay. */
size_t tu_count(const char *hay, const char *needle);

/* Opens index for reading; fails the test if it cannot. */
bl_db_t *tu_open_read(const char *index);

/* The number of documents in index. */
uint64_t tu_doc_count(const char *index);

/* The canonical dump of index (bl_db_dump(), malloc'd): equal for equal
 * contents, whatever the document ids. */
char *tu_dump_index(const char *index);

/* The spelling data of the index at path (bl_db_dump_spelling(); malloc'd). */
char *tu_dump_spelling(const char *index);

/* The full path of program name on $PATH (malloc'd), or NULL. */
char *tu_find_program(const char *name);

/* splitmix64: the same stream for the same seed, everywhere. */
uint64_t tu_rng_next(uint64_t *state);

/* A number from lo to hi inclusive, from the stream. */
unsigned tu_rng_range(uint64_t *state, unsigned lo, unsigned hi);

/* A test case called name with a timeout of seconds, added to s. */
struct Suite;
struct TCase;
struct TCase *tu_add_tcase(struct Suite *s, const char *name, int seconds);

#endif
