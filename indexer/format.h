/* format.h - the interface every input format reader implements. */
#ifndef FORMAT_H
#define FORMAT_H

#include <stddef.h>

#include "bl_article.h"

/* Caps on what one record (article) and one line may hold; a reader warns
 * through format_warn_fn and skips a record that exceeds them. */
#define FORMAT_MAX_RECORD ((size_t)16 << 20)
#define FORMAT_MAX_LINE ((size_t)4 << 20)

/* Receives each article a reader finds; the reader clears a afterwards, so
 * the callee copies what it keeps. Return non-BL_OK to stop the reader. */
typedef bl_status_t (*format_emit_fn)(void *ctx, bl_article_t *a);

/* Reports a problem with one record (record is 1-based); the reader then
 * resynchronises at the next record. */
typedef void (*format_warn_fn)(void *ctx, size_t record, const char *what);

typedef struct format_input {
	const char *text;       /* the whole file, decompressed, not repaired */
	size_t len;
	const char *path;       /* as walked, for messages */
	const char *id;         /* default article id (the relative path) */
	format_emit_fn emit;
	format_warn_fn warn;
	void *ctx;
} format_input_t;

typedef struct format_reader {
	const char *name;
	/* How sure the reader is that text is its format: 0 (no) to 100. */
	int (*detect)(const char *text, size_t len, const char *path);
	/* Emits every article of the input. Returns BL_OK, or the status
	 * that stopped it (an emit error, BL_ERR_NOMEM). */
	bl_status_t (*read)(const format_input_t *in);
} format_reader_t;

/* The readers, terminated by a row whose name is NULL. */
extern const format_reader_t format_readers[];

/* The reader for text (sniffing content first, then the file name), or
 * the one named name when name is not NULL (NULL if there is none). */
const format_reader_t *format_choose(const char *text, size_t len,
                                     const char *path, const char *name);

/* Plain news articles: headline, "- " metadata lines, body. */
int format_plain_detect(const char *text, size_t len, const char *path);
bl_status_t format_plain_read(const format_input_t *in);

#endif
