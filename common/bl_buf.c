/* bl_buf.c - growable byte buffer with a hard size cap and a sticky error. */
#include "bl_buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
bl_buf_init(bl_buf_t *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : BL_BUF_DEFAULT_MAX;
	b->err = BL_OK;
}

/* Makes room for n more bytes plus the terminating NUL. */
static bl_status_t
reserve(bl_buf_t *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (b->err != BL_OK)
		return b->err;
	if (n > b->max - b->len)
		return b->err = BL_ERR_LIMIT;
	need = b->len + n + 1;
	if (need <= b->cap)
		return BL_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (p == NULL)
		return b->err = BL_ERR_NOMEM;
	b->data = p;
	b->cap = cap;
	return BL_OK;
}

bl_status_t
bl_buf_append(bl_buf_t *b, const void *p, size_t n)
{
	bl_status_t st = reserve(b, n);

	if (st != BL_OK)
		return st;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return BL_OK;
}

bl_status_t
bl_buf_puts(bl_buf_t *b, const char *s)
{
	return bl_buf_append(b, s, strlen(s));
}

bl_status_t
bl_buf_putc(bl_buf_t *b, char c)
{
	return bl_buf_append(b, &c, 1);
}

bl_status_t
bl_buf_vprintf(bl_buf_t *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	bl_status_t st;

	if (b->err != BL_OK)
		return b->err;
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return b->err = BL_ERR_INVALID;
	st = reserve(b, (size_t)n);
	if (st != BL_OK)
		return st;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return BL_OK;
}

bl_status_t
bl_buf_printf(bl_buf_t *b, const char *fmt, ...)
{
	va_list ap;
	bl_status_t st;

	va_start(ap, fmt);
	st = bl_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return st;
}

const char *
bl_buf_cstr(const bl_buf_t *b)
{
	return b->data ? b->data : "";
}

void
bl_buf_reset(bl_buf_t *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
	b->err = BL_OK;
}

char *
bl_buf_detach(bl_buf_t *b, size_t *len)
{
	char *p;

	if (b->err != BL_OK)
		return NULL;
	if (b->data == NULL) {
		if (reserve(b, 0) != BL_OK)
			return NULL;
		b->data[0] = '\0';
	}
	p = b->data;
	if (len)
		*len = b->len;
	bl_buf_init(b, b->max);
	return p;
}

void
bl_buf_free(bl_buf_t *b)
{
	if (b == NULL)
		return;
	free(b->data);
	bl_buf_init(b, b->max);
}
