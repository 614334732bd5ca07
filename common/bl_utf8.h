/* bl_utf8.h - UTF-8 validation, decoding and repair (Windows-1252 fallback). */
#ifndef BL_UTF8_H
#define BL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bl_buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes one well-formed UTF-8 sequence at s (at most len bytes): no
 * overlong forms, no surrogates, nothing above U+10FFFF. Returns its length
 * (1-4) and stores the code point in *cp, or returns 0 if s does not start
 * with a well-formed sequence (or len is 0). */
size_t bl_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Appends the UTF-8 encoding of cp (<= U+10FFFF) to out. */
bl_status_t bl_utf8_put(bl_buf_t *out, uint32_t cp);

/* True if s[0..len) is entirely well-formed UTF-8. */
bool bl_utf8_valid(const char *s, size_t len);

/* Number of code points in s[0..len), counting each byte of an invalid
 * sequence as one (matching what bl_utf8_repair() produces). */
size_t bl_utf8_count(const char *s, size_t len);

/* Appends s[0..len) to out as valid UTF-8. Well-formed sequences are copied;
 * every other byte is decoded as Windows-1252 (its five undefined bytes and
 * NUL become U+FFFD), so no byte is silently dropped and Latin-1 text comes
 * out right. *repaired (may be NULL) receives the number of bytes decoded
 * that way. Returns BL_OK or out's error (BL_ERR_LIMIT, BL_ERR_NOMEM). */
bl_status_t bl_utf8_repair(const char *s, size_t len, bl_buf_t *out,
                           size_t *repaired);

#ifdef __cplusplus
}
#endif

#endif
