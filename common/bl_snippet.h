/* bl_snippet.h - query-biased snippets with highlighted matches. */
#ifndef BL_SNIPPET_H
#define BL_SNIPPET_H

#include <stddef.h>

#include "bl_article.h"
#include "bl_db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default snippet length in bytes of source text. */
#define BL_SNIPPET_DEFAULT_LEN 240

/* A highlighted range [start, end) of byte offsets into bl_snippet.text. */
typedef struct bl_span {
	size_t start, end;
} bl_span_t;

/* A snippet: plain text (white space folded, "…" where the article text
 * was cut) and the ranges in it to highlight, in order, not overlapping.
 * Owns its storage. */
typedef struct bl_snippet {
	char *text;
	size_t len;
	bl_span_t *spans;
	size_t nspans;
} bl_snippet_t;

/* Picks the window of about max_len bytes of text that holds the most
 * distinct query terms (then the most matches), preferring to start at a
 * sentence, and highlights every word matching one of terms: Xapian terms
 * as the hit matched them ("word", stemmed "Zstem"; prefixed field terms
 * are ignored). Stemmed terms are matched by stemming the text's words with
 * db's stemmer, so "leaving" highlights "leave"; adjacent matches separated
 * only by space merge into one range, so a phrase is highlighted whole.
 * out is overwritten (initialise it with {0} first; free with
 * bl_snippet_clear). Returns BL_OK or BL_ERR_NOMEM. */
bl_status_t bl_snippet_make(bl_db_t *db, const char *text, size_t len,
                            const bl_strlist_t *terms, size_t max_len,
                            bl_snippet_t *out);

/* Frees a snippet's storage and zeroes it. NULL-safe. */
void bl_snippet_clear(bl_snippet_t *s);

#ifdef __cplusplus
}
#endif

#endif
