/* bl_charset.h - converting declared character sets to UTF-8 (iconv). */
#ifndef BL_CHARSET_H
#define BL_CHARSET_H

#include <stddef.h>

#include "bl_buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Appends s[0..len), declared to be in charset (a MIME/HTML name such as
 * "iso-8859-1", "windows-1252", "koi8-r", "utf-8"; case-insensitive; NULL
 * or "" means undeclared), to out as valid UTF-8. Undeclared, UTF-8,
 * US-ASCII, unknown charsets and bytes that do not convert fall back to
 * bl_utf8_repair() (valid UTF-8 kept, other bytes read as Windows-1252),
 * so nothing is dropped and nothing fails on bad input.
 * Returns out's status (BL_ERR_LIMIT, BL_ERR_NOMEM) or BL_OK. */
bl_status_t bl_charset_to_utf8(const char *charset, const char *s, size_t len,
                               bl_buf_t *out);

#ifdef __cplusplus
}
#endif

#endif
