/* tally.c - the counts an indexing run reports, shared by its threads. */
#include "tally.h"

#include <string.h>

void
tally_init(tally_t *t, FILE *err)
{
	memset(t, 0, sizeof *t);
	pthread_mutex_init(&t->lock, NULL);
	t->err = err;
}

void
tally_destroy(tally_t *t)
{
	pthread_mutex_destroy(&t->lock);
}

void
tally_reset(tally_t *t)
{
	atomic_store(&t->files_done, 0);
	atomic_store(&t->added, 0);
	atomic_store(&t->updated, 0);
	atomic_store(&t->unchanged, 0);
	atomic_store(&t->deleted, 0);
	atomic_store(&t->skipped, 0);
	atomic_store(&t->bad_records, 0);
	atomic_store(&t->articles, 0);
	atomic_store(&t->bytes, 0);
	atomic_store(&t->bytes_read, 0);
	t->nreasons = 0;
}

void
tally_skip(tally_t *t, const char *path, const char *reason,
           const char *detail)
{
	size_t i;

	atomic_fetch_add(&t->skipped, 1);
	pthread_mutex_lock(&t->lock);
	for (i = 0; i < t->nreasons; i++)
		if (strcmp(t->reasons[i].what, reason) == 0)
			break;
	if (i < t->nreasons) {
		t->reasons[i].count++;
	} else if (t->nreasons < TALLY_MAX_REASONS) {
		t->reasons[t->nreasons].what = reason;
		t->reasons[t->nreasons++].count = 1;
	}
	fprintf(t->err, "byline-index: %s: skipped: %s%s%s\n", path, reason,
	        detail ? ": " : "", detail ? detail : "");
	pthread_mutex_unlock(&t->lock);
}

void
tally_bad_record(tally_t *t, const char *path, size_t record,
                 const char *what)
{
	atomic_fetch_add(&t->bad_records, 1);
	pthread_mutex_lock(&t->lock);
	fprintf(t->err, "byline-index: %s: record %zu: %s\n", path, record,
	        what);
	pthread_mutex_unlock(&t->lock);
}

void
tally_warn(tally_t *t, const char *path, const char *what)
{
	pthread_mutex_lock(&t->lock);
	fprintf(t->err, "byline-index: %s: %s\n", path, what);
	pthread_mutex_unlock(&t->lock);
}
