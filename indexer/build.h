/* build.h - building an index from scratch on every core: workers write
 * small partial indexes, merged by compaction at the end. */
#ifndef BUILD_H
#define BUILD_H

#include <signal.h>
#include <stdbool.h>

#include "filestate.h"
#include "ingest.h"
#include "progress.h"
#include "tally.h"

/* Partial indexes merged at once by default: at about 110 KB of memory
 * each while merging, 256 keep the merge under 30 MB a thread. */
#define BUILD_FANIN 256

typedef struct build_opts {
	unsigned jobs;                  /* worker threads */
	unsigned long batch;            /* articles per partial index */
	unsigned fanin;                 /* partials merged at once (0: BUILD_FANIN) */
	unsigned long max_files;        /* open files allowed (0: no limit) */
	const char *language;
	bl_terms_t terms;
	bool spelling;
	bool verbose;                   /* name each file added */
	const ingest_opts_t *ingest;
	const volatile sig_atomic_t *stop;  /* set by a signal: wind down */
} build_opts_t;

/* Indexes files into a new index at dest (a path that must not exist),
 * working in workdir (created, and left for the caller to remove).
 * Each worker thread takes the next file, writes its articles and its
 * state into a partial index, and starts a fresh partial every `batch`
 * articles (Xapian's inverter is cheapest on small batches). The partials
 * are merged in rounds, on every core, while there are more than the
 * fan-in; then their near-duplicates are grouped and their spelling data
 * is recorded (on every core, into indexes of its own), and all are
 * compacted into dest. When *stop is set the workers finish their current
 * file and what is done is merged. Returns BL_OK, or an error with *errmsg set
 * (malloc'd). */
bl_status_t build_run(const build_opts_t *o, const filelist_t *files,
                      tally_t *t, progress_t *p, const char *workdir,
                      const char *dest, char **errmsg);

/* Removes a directory tree (best effort). */
void build_rmtree(const char *path);

#endif
