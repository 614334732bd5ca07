/* bl_article.h - the article record every format reader fills, and its
 * stored form (the document data the searcher prints results from). */
#ifndef BL_ARTICLE_H
#define BL_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bl_buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A list of strings owned by the list. */
typedef struct bl_strlist {
	char **items;
	size_t n;
} bl_strlist_t;

/* One news article. Every string is NUL-terminated valid UTF-8 owned by
 * the record (NULL when absent); set fields with bl_article_set() and
 * friends, which repair encodings, so readers never allocate by hand. */
typedef struct bl_article {
	char *id;               /* stable external id (unique in the index) */
	char *path;             /* file it came from, as walked */
	char *title;
	char *author;
	char *source;           /* publication, newsgroup, site */
	char *url;
	char *language;         /* as stated by the article, if at all */
	bl_strlist_t categories;
	bl_strlist_t places;
	int64_t date;           /* seconds since the epoch, UTC */
	bool has_date;
	char *body;
	size_t body_len;
} bl_article_t;

/* Initialises an empty record. */
void bl_article_init(bl_article_t *a);

/* Frees every field and re-initialises the record. NULL-safe. */
void bl_article_clear(bl_article_t *a);

/* Replaces *field with a copy of s[0..len), repaired to valid UTF-8, with
 * leading/trailing white space trimmed and (unless keep_lines) runs of
 * white space folded to one space. An empty result leaves *field NULL.
 * Returns BL_OK or BL_ERR_NOMEM. */
bl_status_t bl_article_set(char **field, const char *s, size_t len,
                           bool keep_lines);

/* Replaces *field with a copy of s[0..len) repaired to valid UTF-8 and
 * otherwise unchanged (ids and paths). Returns BL_OK or BL_ERR_NOMEM. */
bl_status_t bl_article_set_exact(char **field, const char *s, size_t len);

/* Sets the body (keeping line structure); as bl_article_set(). */
bl_status_t bl_article_set_body(bl_article_t *a, const char *s, size_t len);

/* Appends a trimmed, repaired copy of s[0..len) to list unless it is empty
 * or already present (compared case-insensitively for ASCII).
 * Returns BL_OK or BL_ERR_NOMEM. */
bl_status_t bl_strlist_add(bl_strlist_t *list, const char *s, size_t len);

/* Frees the strings and the array. NULL-safe. */
void bl_strlist_clear(bl_strlist_t *list);

/* Serialises the fields needed to print a result into out: the document
 * data stored in the index. The body is stored uncompressed (Xapian
 * compresses document data itself). Returns out's status or BL_ERR_NOMEM. */
bl_status_t bl_article_encode(const bl_article_t *a, bl_buf_t *out);

/* Fills a (which must be initialised; it is cleared first) from data made
 * by bl_article_encode(), or by earlier versions, which zlib-compressed
 * long bodies. Returns BL_OK, BL_ERR_CORRUPT for data that does
 * not decode, or BL_ERR_NOMEM. */
bl_status_t bl_article_decode(const char *data, size_t len, bl_article_t *a);

#ifdef __cplusplus
}
#endif

#endif
