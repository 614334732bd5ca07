/* bl_article.c - the article record and its stored form. */
#include "bl_article.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "bl_utf8.h"

/* Largest body bl_article_decode() will inflate. */
#define BODY_MAX ((size_t)256 << 20)

void
bl_article_init(bl_article_t *a)
{
	memset(a, 0, sizeof *a);
}

void
bl_strlist_clear(bl_strlist_t *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->n; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->n = 0;
}

void
bl_article_clear(bl_article_t *a)
{
	if (a == NULL)
		return;
	free(a->id);
	free(a->path);
	free(a->title);
	free(a->author);
	free(a->source);
	free(a->url);
	free(a->language);
	free(a->body);
	bl_strlist_clear(&a->categories);
	bl_strlist_clear(&a->places);
	bl_article_init(a);
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Repairs s into a fresh string, trimming and optionally folding space. */
static char *
clean_copy(const char *s, size_t len, bool keep_lines, size_t *outlen)
{
	bl_buf_t fixed, out;
	size_t i;
	bool pending = false;
	char *r;

	while (len && is_space(*s)) {
		s++;
		len--;
	}
	while (len && is_space(s[len - 1]))
		len--;
	bl_buf_init(&fixed, SIZE_MAX);
	bl_utf8_repair(s, len, &fixed, NULL);
	if (keep_lines || fixed.err != BL_OK) {
		r = bl_buf_detach(&fixed, outlen);
		bl_buf_free(&fixed);
		return r;
	}
	bl_buf_init(&out, SIZE_MAX);
	for (i = 0; i < fixed.len; i++) {
		if (is_space(fixed.data[i])) {
			pending = true;
			continue;
		}
		if (pending)
			bl_buf_putc(&out, ' ');
		pending = false;
		bl_buf_putc(&out, fixed.data[i]);
	}
	bl_buf_free(&fixed);
	r = bl_buf_detach(&out, outlen);
	bl_buf_free(&out);
	return r;
}

bl_status_t
bl_article_set(char **field, const char *s, size_t len, bool keep_lines)
{
	size_t n;
	char *copy = clean_copy(s, len, keep_lines, &n);

	if (copy == NULL)
		return BL_ERR_NOMEM;
	free(*field);
	*field = NULL;
	if (n == 0)
		free(copy);
	else
		*field = copy;
	return BL_OK;
}

bl_status_t
bl_article_set_exact(char **field, const char *s, size_t len)
{
	bl_buf_t b;
	char *copy;

	bl_buf_init(&b, SIZE_MAX);
	bl_utf8_repair(s, len, &b, NULL);
	copy = bl_buf_detach(&b, NULL);
	bl_buf_free(&b);
	if (copy == NULL)
		return BL_ERR_NOMEM;
	free(*field);
	*field = copy;
	return BL_OK;
}

bl_status_t
bl_article_set_body(bl_article_t *a, const char *s, size_t len)
{
	bl_status_t st = bl_article_set(&a->body, s, len, true);

	a->body_len = a->body ? strlen(a->body) : 0;
	return st;
}

bl_status_t
bl_strlist_add(bl_strlist_t *list, const char *s, size_t len)
{
	char *copy = NULL, **items;
	size_t i;

	if (bl_article_set(&copy, s, len, false) != BL_OK)
		return BL_ERR_NOMEM;
	if (copy == NULL)
		return BL_OK;
	for (i = 0; i < list->n; i++) {
		if (strcasecmp(list->items[i], copy) == 0) {
			free(copy);
			return BL_OK;
		}
	}
	items = realloc(list->items, (list->n + 1) * sizeof *items);
	if (items == NULL) {
		free(copy);
		return BL_ERR_NOMEM;
	}
	items[list->n++] = copy;
	list->items = items;
	return BL_OK;
}

/* Stored form: a sequence of fields, each a tag byte, a length as a
 * little-endian base-128 varint, and the bytes. Unknown tags are skipped
 * so that later versions can add fields. Bodies are written as they are
 * (TAG_BODY): Xapian deflates every document's data anyway, so deflating
 * here too only cost time. TAG_BODY_Z (the raw length as a varint, then
 * zlib data) is what earlier versions wrote for long bodies; it is still
 * read. */
enum {
	TAG_ID = 'i', TAG_PATH = 'f', TAG_TITLE = 't', TAG_AUTHOR = 'a',
	TAG_SOURCE = 's', TAG_URL = 'u', TAG_LANG = 'l', TAG_CATEGORY = 'c',
	TAG_PLACE = 'p', TAG_DATE = 'd', TAG_BODY = 'b', TAG_BODY_Z = 'z'
};

static void
put_varint(bl_buf_t *out, uint64_t v)
{
	while (v >= 0x80) {
		bl_buf_putc(out, (char)(0x80 | (v & 0x7F)));
		v >>= 7;
	}
	bl_buf_putc(out, (char)v);
}

static void
put_field(bl_buf_t *out, char tag, const char *s, size_t len)
{
	bl_buf_putc(out, tag);
	put_varint(out, len);
	bl_buf_append(out, s, len);
}

static void
put_str(bl_buf_t *out, char tag, const char *s)
{
	if (s)
		put_field(out, tag, s, strlen(s));
}

bl_status_t
bl_article_encode(const bl_article_t *a, bl_buf_t *out)
{
	char date[24];
	size_t i;

	put_str(out, TAG_ID, a->id);
	put_str(out, TAG_PATH, a->path);
	put_str(out, TAG_TITLE, a->title);
	put_str(out, TAG_AUTHOR, a->author);
	put_str(out, TAG_SOURCE, a->source);
	put_str(out, TAG_URL, a->url);
	put_str(out, TAG_LANG, a->language);
	for (i = 0; i < a->categories.n; i++)
		put_str(out, TAG_CATEGORY, a->categories.items[i]);
	for (i = 0; i < a->places.n; i++)
		put_str(out, TAG_PLACE, a->places.items[i]);
	if (a->has_date) {
		snprintf(date, sizeof date, "%" PRId64, a->date);
		put_str(out, TAG_DATE, date);
	}
	if (a->body)
		put_field(out, TAG_BODY, a->body, a->body_len);
	return out->err;
}

static bool
get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	unsigned shift = 0;

	*v = 0;
	while (*p < end && shift < 64) {
		unsigned char c = *(*p)++;

		*v |= (uint64_t)(c & 0x7F) << shift;
		if (!(c & 0x80))
			return true;
		shift += 7;
	}
	return false;
}

static bl_status_t
copy_field(char **dst, const unsigned char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (p == NULL)
		return BL_ERR_NOMEM;
	memcpy(p, s, len);
	p[len] = '\0';
	free(*dst);
	*dst = p;
	return BL_OK;
}

static bl_status_t
inflate_body(bl_article_t *a, const unsigned char *s, size_t len)
{
	const unsigned char *end = s + len;
	uint64_t raw;
	uLongf got;
	char *body;

	if (!get_varint(&s, end, &raw) || raw > BODY_MAX)
		return BL_ERR_CORRUPT;
	body = malloc((size_t)raw + 1);
	if (body == NULL)
		return BL_ERR_NOMEM;
	got = (uLongf)raw;
	if (uncompress((Bytef *)body, &got, s, (uLong)(end - s)) != Z_OK ||
	    got != raw) {
		free(body);
		return BL_ERR_CORRUPT;
	}
	body[raw] = '\0';
	free(a->body);
	a->body = body;
	a->body_len = (size_t)raw;
	return BL_OK;
}

static bl_status_t
add_item(bl_strlist_t *list, const unsigned char *s, size_t len)
{
	char **items = realloc(list->items, (list->n + 1) * sizeof *items);

	if (items == NULL)
		return BL_ERR_NOMEM;
	list->items = items;
	items[list->n] = NULL;
	if (copy_field(&items[list->n], s, len) != BL_OK)
		return BL_ERR_NOMEM;
	list->n++;
	return BL_OK;
}

bl_status_t
bl_article_decode(const char *data, size_t len, bl_article_t *a)
{
	const unsigned char *p = (const unsigned char *)data, *end = p + len;
	bl_status_t st = BL_OK;
	uint64_t n;
	char *date = NULL;

	bl_article_clear(a);
	while (p < end && st == BL_OK) {
		unsigned char tag = *p++;

		if (!get_varint(&p, end, &n) || n > (uint64_t)(end - p)) {
			st = BL_ERR_CORRUPT;
			break;
		}
		switch (tag) {
		case TAG_ID: st = copy_field(&a->id, p, n); break;
		case TAG_PATH: st = copy_field(&a->path, p, n); break;
		case TAG_TITLE: st = copy_field(&a->title, p, n); break;
		case TAG_AUTHOR: st = copy_field(&a->author, p, n); break;
		case TAG_SOURCE: st = copy_field(&a->source, p, n); break;
		case TAG_URL: st = copy_field(&a->url, p, n); break;
		case TAG_LANG: st = copy_field(&a->language, p, n); break;
		case TAG_CATEGORY: st = add_item(&a->categories, p, n); break;
		case TAG_PLACE: st = add_item(&a->places, p, n); break;
		case TAG_DATE: st = copy_field(&date, p, n); break;
		case TAG_BODY:
			st = copy_field(&a->body, p, n);
			a->body_len = (size_t)n;
			break;
		case TAG_BODY_Z: st = inflate_body(a, p, n); break;
		default: break;
		}
		p += n;
	}
	if (st == BL_OK && date) {
		char *e;

		a->date = (int64_t)strtoll(date, &e, 10);
		a->has_date = *e == '\0' && e != date;
	}
	free(date);
	return st;
}
