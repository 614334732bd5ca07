/* bl_html.h - HTML to plain text, and character entity decoding. */
#ifndef BL_HTML_H
#define BL_HTML_H

#include <stddef.h>

#include "bl_buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Appends the readable text of an HTML document or fragment to out as
 * UTF-8: the contents of script, style, noscript, template, svg, head
 * (except its title, which is dropped too), nav, header, footer, aside,
 * form and comments are dropped; block elements (p, div, br, li, h1-h6,
 * tr, article, section, blockquote...) end a line; white space within a
 * line is folded to single spaces; entities are decoded. Never fails on
 * malformed markup (unclosed tags, stray '<'). Returns out's status. */
bl_status_t bl_html_to_text(const char *html, size_t len, bl_buf_t *out);

/* Appends s[0..len) to out with character references decoded: numeric
 * (&#233; &#xE9;) and the named HTML entities news pages use (at least
 * the Latin-1 set, typographic quotes and dashes, &nbsp; &hellip;
 * &euro;); an unknown or malformed reference is copied as it is.
 * Returns out's status. */
bl_status_t bl_html_decode_entities(const char *s, size_t len, bl_buf_t *out);

#ifdef __cplusplus
}
#endif

#endif
