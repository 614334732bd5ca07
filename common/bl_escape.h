/* bl_escape.h - escaping text for JSON and HTML output, and reading the
 * hex digits of %XX and =XX escapes. */
#ifndef BL_ESCAPE_H
#define BL_ESCAPE_H

#include <stddef.h>

#include "bl_buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The value of the hex digit c (either case), or -1. */
static inline int
bl_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends s[0..len) to out as a quoted JSON string. Control characters,
 * quotes, backslashes, U+2028 and U+2029 are escaped; invalid UTF-8 is
 * repaired as bl_utf8_repair() does, so the output is always valid JSON.
 * Returns out's status. */
bl_status_t bl_json_string(bl_buf_t *out, const char *s, size_t len);

/* As bl_json_string() for a NUL-terminated string; NULL gives null. */
bl_status_t bl_json_cstr(bl_buf_t *out, const char *s);

/* Appends s[0..len) with &, <, >, " and ' replaced by entities, safe in
 * HTML text and quoted attribute values. Invalid UTF-8 is repaired.
 * Returns out's status. */
bl_status_t bl_html_escape(bl_buf_t *out, const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif
