/* bl_html.h - HTML to plain text, and character entity decoding. */
#ifndef BL_HTML_H
#define BL_HTML_H

#include <stddef.h>

#include "bl_buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Appends the readable text of an HTML document or fragment to out as
 * valid UTF-8 (the input should be UTF-8 already, see bl_charset.h; other
 * bytes are read by bl_utf8_repair()'s rules).
 * Dropped: comments; the contents of script, style, noscript, template,
 * svg, math, iframe, textarea, head (its title too, and head ends where
 * body content starts even without a tag), nav, header, footer, aside,
 * form, button, select, dialog, audio, video, canvas and object.
 * Block elements (p, div, br, li, h1-h6, tr, pre, article, section,
 * blockquote, figure...) end a line, table cells separate words, and
 * white space within a line is folded to one space (no-break spaces
 * included) except for line breaks inside pre; there are no empty lines
 * and nothing is written before the first or after the last word. Soft
 * hyphens and zero-width spaces are removed. References are decoded as
 * by bl_html_decode_entities(); CDATA sections are text.
 * Never fails on malformed markup: unclosed tags and comments, stray
 * '<', quoted attribute values holding '>', any case. Takes linear time.
 * Returns out's status (BL_ERR_LIMIT at its cap, BL_ERR_NOMEM). */
bl_status_t bl_html_to_text(const char *html, size_t len, bl_buf_t *out);

/* Appends s[0..len) to out as valid UTF-8 with character references
 * decoded: numeric ones (&#233; &#xE9;, the ';' optional; &#0;,
 * surrogates and values past U+10FFFF give U+FFFD, &#128;-&#159; the
 * Windows-1252 characters) and the HTML 4 named entities (the Latin-1
 * set, typographic quotes and dashes, &nbsp; &hellip; &euro;, Greek and
 * mathematical symbols) plus &apos;, whose names need their ';' except
 * &amp &lt &gt &quot &nbsp when not followed by '='. An unknown or
 * malformed reference is copied as it is; bytes that are not UTF-8 are
 * repaired by bl_utf8_repair(). Returns out's status. */
bl_status_t bl_html_decode_entities(const char *s, size_t len, bl_buf_t *out);

#ifdef __cplusplus
}
#endif

#endif
