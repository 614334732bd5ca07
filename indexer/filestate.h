/* filestate.h - the files of a run and the state the index keeps of each:
 * what makes re-indexing cost only what changed. */
#ifndef FILESTATE_H
#define FILESTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bl_buf.h"
#include "bl_schema.h"

/* The state of one indexed file lives in the index itself (see
 * BL_META_FILE in bl_schema.h): "size mtime hash articles", and every
 * document read from the file carries its file term, so a file's articles
 * are replaced or deleted as a unit. */
#define FILESTATE_META BL_META_FILE
#define FILESTATE_TERM BL_PREFIX_FILE

typedef struct filestate {
	uint64_t size;
	int64_t mtime_ns;
	uint64_t hash;          /* of the (decompressed) content */
	unsigned long articles;
} filestate_t;

/* One input file found by the walk. */
typedef struct file {
	char *path;             /* as walked, for messages */
	char *rel;              /* relative to its root: the article id */
	char *abs;              /* absolute path: the state key */
	uint64_t size;
	int64_t mtime_ns;
} file_t;

typedef struct filelist {
	file_t *items;
	size_t n, cap;
	uint64_t bytes;         /* sum of sizes */
} filelist_t;

/* Appends a file (copying the strings). Returns BL_OK or BL_ERR_NOMEM. */
bl_status_t filelist_add(filelist_t *l, const char *path, const char *rel,
                         const char *abs, uint64_t size, int64_t mtime_ns);

void filelist_free(filelist_t *l);

/* Appends the state value for s to out. */
bl_status_t filestate_encode(const filestate_t *s, bl_buf_t *out);

/* Parses a state value; false if it is not one. */
bool filestate_decode(const char *v, size_t len, filestate_t *s);

/* 64-bit hash of content (FNV-1a over 8-byte words, then mixed). */
uint64_t filestate_hash(const void *data, size_t len);

#endif
