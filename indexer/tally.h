/* tally.h - the counts an indexing run reports, shared by its threads. */
#ifndef TALLY_H
#define TALLY_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define TALLY_MAX_REASONS 24

typedef struct tally_reason {
	const char *what;       /* static text */
	unsigned long count;
} tally_reason_t;

/* Counters are atomic so worker threads update them without locks and the
 * progress line reads them at any time. */
typedef struct tally {
	atomic_ulong files_done;        /* files looked at so far */
	atomic_ulong added;             /* files indexed for the first time */
	atomic_ulong updated;           /* files re-indexed */
	atomic_ulong unchanged;
	atomic_ulong deleted;
	atomic_ulong skipped;
	atomic_ulong bad_records;
	atomic_ulong articles;          /* articles written */
	atomic_ullong bytes;            /* bytes of input done (for progress) */
	atomic_ullong bytes_read;       /* bytes actually read */
	uint64_t bytes_total;           /* bytes to read, counted up front */
	unsigned long files_total;
	pthread_mutex_t lock;           /* guards reasons and err */
	tally_reason_t reasons[TALLY_MAX_REASONS];
	size_t nreasons;
	FILE *err;                      /* where warnings go */
} tally_t;

void tally_init(tally_t *t, FILE *err);
void tally_destroy(tally_t *t);

/* Zeroes the counts (keeping the totals, the lock and err). */
void tally_reset(tally_t *t);

/* Counts a skipped input and warns on t->err, naming path and the reason
 * (static text) and optional detail. */
void tally_skip(tally_t *t, const char *path, const char *reason,
                const char *detail);

/* Warns about a record inside path (1-based record number): skipped when
 * malformed, or kept with something missing, as what says. */
void tally_bad_record(tally_t *t, const char *path, size_t record,
                      const char *what);

/* Prints a warning line "byline-index: path: what" atomically. */
void tally_warn(tally_t *t, const char *path, const char *what);

#endif
