/* bl_markup.h - a forgiving HTML and XML tokenizer, for bl_html and the page and feed readers. */
#ifndef BL_MARKUP_H
#define BL_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest tag name kept in a token, NUL included. */
#define BL_MARKUP_NAME_MAX 32

typedef enum bl_markup_kind {
	BL_MARKUP_TEXT,         /* character data, references not decoded */
	BL_MARKUP_START,        /* <name attributes> or <name/> */
	BL_MARKUP_END,          /* </name> */
	BL_MARKUP_CDATA,        /* <![CDATA[...]]> */
	BL_MARKUP_COMMENT,      /* <!--...--> */
	BL_MARKUP_OTHER         /* <!DOCTYPE...>, <?xml...?>, bogus comments */
} bl_markup_kind_t;

/* One token. Pointers are borrowed from the input given to
 * bl_markup_init() and valid as long as it is. */
typedef struct bl_markup_token {
	bl_markup_kind_t kind;
	size_t start, end;      /* the token is input[start..end) */
	/* TEXT: the text; CDATA, COMMENT: what is inside; START: the
	 * attributes (read them with bl_markup_attr()); END: empty; OTHER:
	 * everything between '<' and '>'. */
	const char *text;
	size_t len;
	/* START and END: the name, ASCII letters lower-cased, namespace
	 * prefix kept ("dc:creator"); "" when it does not fit. */
	char name[BL_MARKUP_NAME_MAX];
	bool self_closing;      /* START written <name ... /> */
} bl_markup_token_t;

/* The scanner: no allocation, no state but the position. */
typedef struct bl_markup {
	const char *s;
	size_t len;
	size_t pos;             /* next token's start; callers may move it
	                         * back to a token's start to rescan it */
} bl_markup_t;

/* Starts scanning s[0..len) (need not be NUL-terminated). */
void bl_markup_init(bl_markup_t *m, const char *s, size_t len);

/* Reads the next token into *t; false at the end of the input. Never
 * fails: a '<' that starts no tag is text; a tag, comment or CDATA
 * section left open runs to the end of the input, except that a quoted
 * attribute value never closed ends its tag at the next '>'. Quoted
 * attribute values may contain '>'. Raw text elements (script, style)
 * are not special here: see bl_markup_skip_raw(). */
bool bl_markup_next(bl_markup_t *m, bl_markup_token_t *t);

/* Skips the raw text after a start tag of element name (lower case), up
 * to the next "</name" (any case) followed by white space, '/' or '>',
 * which is the next token read. *text and *len (may be NULL) receive the
 * raw text. Returns false, after moving to the end of the input, when
 * there is no such end tag. */
bool bl_markup_skip_raw(bl_markup_t *m, const char *name, const char **text,
                        size_t *len);

/* Finds attribute name (lower case; compared ignoring ASCII case) of a
 * START token. Returns true and the raw value (quotes removed, references
 * not decoded; "" for an attribute without a value), borrowed from the
 * input, or false when the tag has no such attribute. */
bool bl_markup_attr(const bl_markup_token_t *t, const char *name,
                    const char **val, size_t *len);

/* True when the white-space separated list s[0..len) (a rel attribute)
 * holds word, ignoring ASCII case. */
bool bl_markup_has_word(const char *s, size_t len, const char *word);

/* Finds key=value in s[0..len), as in a content attribute ("text/html;
 * charset=utf-8") or an XML declaration (version="1.0" encoding="utf-8"):
 * key (lower case, compared ignoring ASCII case) must start a word.
 * Returns true and the value, unquoted and borrowed from s. */
bool bl_markup_param(const char *s, size_t len, const char *key,
                     const char **val, size_t *vlen);

/* True when s[0..len) equals lower ignoring ASCII case. */
bool bl_markup_eq(const char *s, size_t len, const char *lower);

#ifdef __cplusplus
}
#endif

#endif
