/* sgml.h - the markup of the SGML news collections (Reuters-21578, TREC):
 * records, elements, attributes and text, for their format readers. */
#ifndef SGML_H
#define SGML_H

#include <stdbool.h>
#include <stddef.h>

#include "bl_article.h"
#include "bl_buf.h"
#include "format.h"

/* A '<' with no '>' this close is text, not a tag; this also keeps the
 * scan linear on text full of '<'. */
#define SGML_TAG_MAX 1024

/* A piece of the input, borrowed, not NUL-terminated. */
typedef struct sgml_span {
	const char *s;
	size_t len;
} sgml_span_t;

/* How markup is matched. SGML_STRICT suits files that one program wrote
 * (Reuters-21578): tag names as written, attribute values in "...".
 * SGML_LENIENT suits collections that vary (TREC): tag names in any ASCII
 * case, attribute values in "..." or '...'. Attribute names match in any
 * case either way. */
typedef enum sgml_mode {
	SGML_STRICT,
	SGML_LENIENT
} sgml_mode_t;

/* Returns the first occurrence of the tag text needle[0..n), which starts
 * with '<', in s[0..len), or NULL. */
const char *sgml_find(const char *s, size_t len, const char *needle, size_t n,
                      sgml_mode_t mode);

/* True if s[0..len) starts with the opening tag <name ...>: the name must
 * be followed by '>' or white space, so <D> never matches <DATE>. */
bool sgml_opens(const char *s, size_t len, const char *name,
                sgml_mode_t mode);

/* Returns the first opening tag <name ...> in s[0..len), or NULL. */
const char *sgml_find_open(const char *s, size_t len, const char *name,
                           sgml_mode_t mode);

/* Finds the first element <name ...>content</name> in s[0..len): sets
 * *content, *tag (if not NULL) to the opening tag's attributes and *end
 * (if not NULL) to the offset past the element. A missing end tag extends
 * the content to the end of s. Returns false if there is no such
 * element. */
bool sgml_element(const char *s, size_t len, const char *name,
                  sgml_mode_t mode, sgml_span_t *content, sgml_span_t *tag,
                  size_t *end);

/* Finds the value of the attribute name="value" in an opening tag's
 * attributes (sgml_element()'s *tag). Returns false if there is none. */
bool sgml_attribute(sgml_span_t tag, const char *name, sgml_mode_t mode,
                    sgml_span_t *value);

/* t without the white space at either end. */
sgml_span_t sgml_trim(sgml_span_t t);

/* Recognises markup at s[0..len), which starts with '<': returns its
 * length, or 0 if the '<' is text, and sets *line_end if the markup ends
 * a line of text. */
typedef size_t (*sgml_markup_fn)(const char *s, size_t len, bool *line_end);

/* Appends the text of s[0..len) to out with entities decoded. Numeric
 * references to control characters are noise on the wires (&#2; start of
 * text, &#3; end, &#127; over a lost byte...): each becomes a space. When
 * markup is not NULL, what it recognises is dropped, and a line end put
 * in for what ends a line. Errors stick in out. */
void sgml_append_text(bl_buf_t *out, const char *s, size_t len,
                      sgml_markup_fn markup);

/* Steps through the records <name ...> ... </name> of a file. A record
 * ends at its end tag, which must come before the next record starts, so
 * that a damaged record never swallows its neighbours. */
typedef struct sgml_records {
	const char *next, *end;
	const char *name;
	sgml_mode_t mode;
	char close[64];         /* "</name>" */
	size_t close_len;
	size_t n;               /* the current record's number, 1-based */
} sgml_records_t;

/* Starts at the first record of text[0..len), borrowed with name for as
 * long as r is used; name is at most 60 bytes long. */
void sgml_records_init(sgml_records_t *r, const char *text, size_t len,
                       const char *name, sgml_mode_t mode);

/* Moves to the next record; false when there is none. *rec is then the
 * record from its opening tag through its end tag, or { NULL, 0 } when it
 * has no end tag before the next record. */
bool sgml_records_next(sgml_records_t *r, sgml_span_t *rec);

/* Sets a's path, and its id when the record gave none: in's id and the
 * record number n, as "<id>#<n>". tmp is scratch space. Returns BL_OK or
 * the error of tmp or of the copy. */
bl_status_t sgml_finish(bl_article_t *a, const format_input_t *in, size_t n,
                        bl_buf_t *tmp);

#endif
