/* ingest.h - one file in, its articles out as documents in an index. */
#ifndef INGEST_H
#define INGEST_H

#include <stdbool.h>

#include "bl_buf.h"
#include "bl_db.h"
#include "filestate.h"
#include "format.h"
#include "tally.h"

typedef struct ingest_opts {
	const char *format;     /* forced reader name, or NULL to detect */
	size_t max_file;        /* cap on a file's (decompressed) size */
	const format_map_t *map;   /* --map pairs, NULL-key terminated */
	unsigned shard_i;       /* keep only articles of shard i of n */
	unsigned shard_n;       /* (0 or 1: no sharding) */
	unsigned title_weight;  /* wdf of each title word; 0 = BL_TITLE_WEIGHT */
} ingest_opts_t;

/* One thread's worth of reading and document building; each worker owns
 * one, with its own index handle. */
typedef struct ingest {
	bl_db_t *db;            /* documents go here (not owned) */
	const ingest_opts_t *opt;
	tally_t *tally;
	bl_buf_t file;          /* the current file's content */
	bl_buf_t data;          /* scratch: document data */
	bl_buf_t term;          /* scratch: one term */
	bl_buf_t fterm;         /* the current file's state term */
	const file_t *cur;
	unsigned long emitted;  /* articles of the current file written */
	unsigned long seen;     /* articles of the current file read */
	bl_status_t fatal;      /* an index write failed */
	char errmsg[512];       /* and why */
} ingest_t;

typedef enum ingest_result {
	INGEST_DONE,            /* read (and indexed) */
	INGEST_SKIPPED,         /* warned about and counted in the tally */
	INGEST_FATAL            /* the index could not be written: stop */
} ingest_result_t;

void ingest_init(ingest_t *in, bl_db_t *db, const ingest_opts_t *opt,
                 tally_t *tally);
void ingest_free(ingest_t *in);

/* Reads f into in->file (decompressing gzip), skipping files that are too
 * large, unreadable, damaged, binary or empty. */
ingest_result_t ingest_read(ingest_t *in, const file_t *f);

/* Parses the content read for f and writes its articles to in->db, each
 * tagged with f's state term; *articles receives how many. */
ingest_result_t ingest_index(ingest_t *in, const file_t *f,
                             unsigned long *articles);

/* The shard (0..n-1) of an article id: FNV-1a of the id, mod n. */
unsigned ingest_shard_of(const char *id, unsigned n);

/* Appends f's state term (FILESTATE_TERM + absolute path) or metadata key
 * (FILESTATE_META + absolute path) to out. */
bl_status_t ingest_state_term(const file_t *f, bl_buf_t *out);
bl_status_t ingest_state_key(const char *abs, bl_buf_t *out);

#endif
