/* bl_buf.h - growable byte buffer with a hard size cap and a sticky error. */
#ifndef BL_BUF_H
#define BL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "bl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default cap when bl_buf_init() is given 0: 64 MiB. */
#define BL_BUF_DEFAULT_MAX ((size_t)64 << 20)

/* A buffer that is always NUL-terminated once anything was appended.
 * Errors are sticky (as in SQLite's fts5_buffer.c): after the first failed
 * append, later appends do nothing and return the same status, so a
 * builder checks once at the end. The buffer owns data. */
typedef struct bl_buf {
	char *data;       /* NULL until the first append */
	size_t len;       /* bytes used, excluding the terminating NUL */
	size_t cap;       /* bytes allocated */
	size_t max;       /* hard cap on len */
	bl_status_t err;  /* first error, BL_OK while healthy */
} bl_buf_t;

/* Initialises an empty buffer whose length may never exceed max bytes
 * (0 selects BL_BUF_DEFAULT_MAX). Allocates nothing. */
void bl_buf_init(bl_buf_t *b, size_t max);

/* Appends n bytes. Returns BL_OK, BL_ERR_LIMIT when the cap would be
 * exceeded (nothing is appended) or BL_ERR_NOMEM; either error sticks. */
bl_status_t bl_buf_append(bl_buf_t *b, const void *p, size_t n);

/* Appends a NUL-terminated string; as bl_buf_append(). */
bl_status_t bl_buf_puts(bl_buf_t *b, const char *s);

/* Appends one byte; as bl_buf_append(). */
bl_status_t bl_buf_putc(bl_buf_t *b, char c);

/* Appends printf-formatted text; as bl_buf_append(). */
bl_status_t bl_buf_printf(bl_buf_t *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bl_status_t bl_buf_vprintf(bl_buf_t *b, const char *fmt, va_list ap);

/* Returns the contents as a NUL-terminated string, borrowed from b and
 * valid until the next call that changes b; "" for an empty buffer. */
const char *bl_buf_cstr(const bl_buf_t *b);

/* Empties the buffer and clears its error, keeping the allocation. */
void bl_buf_reset(bl_buf_t *b);

/* Hands the contents to the caller (free() it; never NULL on success) and
 * leaves b empty. Returns NULL if b is in error or allocation fails.
 * *len, if not NULL, receives the length. */
char *bl_buf_detach(bl_buf_t *b, size_t *len);

/* Releases the storage; b may be reused after bl_buf_init(). NULL-safe. */
void bl_buf_free(bl_buf_t *b);

#ifdef __cplusplus
}
#endif

#endif
