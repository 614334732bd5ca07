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

/* One of the user's mappings of an input key to an article field (the
 * indexer's --map key=field). Only the JSON Lines reader has keys: there,
 * key is a member name (compared ignoring ASCII case) and field is one of
 * id, title, body, date, author, source, url, category (or categories),
 * place (or places), language, or ignore to drop the key. A mapped key
 * overrides the reader's default meaning for it. */
typedef struct format_map {
	const char *key;
	const char *field;
} format_map_t;

typedef struct format_input {
	const char *text;       /* the whole file, decompressed, not repaired */
	size_t len;
	const char *path;       /* as walked, for messages */
	const char *id;         /* default article id (the relative path) */
	format_emit_fn emit;
	format_warn_fn warn;
	void *ctx;
	/* The user's key mappings, ended by a row whose key is NULL; NULL
	 * for none. Borrowed for the duration of read(). */
	const format_map_t *map;
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

/* News feeds: RSS 0.9x and 2.0, RSS 1.0 (RDF) and Atom. Each item or
 * entry is an article; the channel's title is the source; the guid, Atom
 * id or rdf:about is the id (else the link, else "<in->id>#<n>", n the
 * item's 1-based number, which warnings give too). */
int format_feed_detect(const char *text, size_t len, const char *path);
bl_status_t format_feed_read(const format_input_t *in);

/* One news page in HTML, read in its declared charset: title, author,
 * date, site, URL, language and sections from its meta tags (Open Graph,
 * article:*), the text of its article element (else main, else body). */
int format_html_detect(const char *text, size_t len, const char *path);
bl_status_t format_html_read(const format_input_t *in);

/* E-mail (RFC 5322) and Usenet (RFC 1036) messages, one per file or many
 * in an mbox ("From " lines, >From quoting): MIME parts decoded, text and
 * HTML parts kept, attachments skipped; the Message-ID is the id. */
int format_mail_detect(const char *text, size_t len, const char *path);
bl_status_t format_mail_read(const format_input_t *in);

/* Reuters-21578 SGML: many <REUTERS NEWID="n"> records per file; the
 * NEWID is the id, TOPICS the categories, PLACES the places, and the body
 * the dateline and BODY (or the whole TEXT of BRIEF and UNPROC records). */
int format_reuters_detect(const char *text, size_t len, const char *path);
bl_status_t format_reuters_read(const format_input_t *in);

/* TREC-style SGML: many <DOC> documents per file with DOCNO, HEADLINE or
 * HL, DATE or DATE_TIME, BYLINE, SO and TEXT elements. */
int format_trec_detect(const char *text, size_t len, const char *path);
bl_status_t format_trec_read(const format_input_t *in);

/* JSON Lines: one JSON object per line (or one JSON array of objects),
 * with the key names of common news dumps, and in->map on top. */
int format_jsonl_detect(const char *text, size_t len, const char *path);
bl_status_t format_jsonl_read(const format_input_t *in);

/* True if field is a field name a format_map_t may give (see above), so
 * that the indexer can refuse a bad --map before reading anything. */
bool format_jsonl_field_known(const char *field);

#endif
