/* sgml.c - the markup of the SGML news collections (Reuters-21578, TREC):
 * records, elements, attributes and text, for their format readers. */
#include "sgml.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bl_html.h"

/* An end tag is looked for only if it fits here. */
#define CLOSE_MAX 256

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Compares n bytes of text with a tag name or tag text. */
static bool
same(const char *s, const char *name, size_t n, sgml_mode_t mode)
{
	return mode == SGML_STRICT ? memcmp(s, name, n) == 0 :
	       strncasecmp(s, name, n) == 0;
}

const char *
sgml_find(const char *s, size_t len, const char *needle, size_t n,
          sgml_mode_t mode)
{
	const char *p = s, *end = s + len;

	while (n && (size_t)(end - p) >= n &&
	       (p = memchr(p, needle[0], (size_t)(end - p) - n + 1)) != NULL) {
		if (same(p, needle, n, mode))
			return p;
		p++;
	}
	return NULL;
}

/* sgml_opens() for a name of n bytes. */
static bool
opens(const char *s, size_t len, const char *name, size_t n,
      sgml_mode_t mode)
{
	return len > n + 1 && s[0] == '<' && same(s + 1, name, n, mode) &&
	       (s[n + 1] == '>' || is_space(s[n + 1]));
}

bool
sgml_opens(const char *s, size_t len, const char *name, sgml_mode_t mode)
{
	return opens(s, len, name, strlen(name), mode);
}

const char *
sgml_find_open(const char *s, size_t len, const char *name, sgml_mode_t mode)
{
	size_t n = strlen(name);
	const char *p = s, *end = s + len;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (opens(p, (size_t)(end - p), name, n, mode))
			return p;
		p++;
	}
	return NULL;
}

bool
sgml_element(const char *s, size_t len, const char *name, sgml_mode_t mode,
             sgml_span_t *content, sgml_span_t *tag, size_t *end)
{
	char close[CLOSE_MAX];
	const char *open = sgml_find_open(s, len, name, mode), *gt, *c;
	size_t n, rest;

	if (open == NULL)
		return false;
	gt = memchr(open, '>', len - (size_t)(open - s));
	if (gt == NULL)
		return false;
	if (tag) {
		tag->s = open + 1 + strlen(name);
		tag->len = (size_t)(gt - tag->s);
	}
	n = (size_t)snprintf(close, sizeof close, "</%s>", name);
	content->s = gt + 1;
	rest = len - (size_t)(content->s - s);
	c = sgml_find(content->s, rest, close, n, mode);
	content->len = c ? (size_t)(c - content->s) : rest;
	if (end)
		*end = c ? (size_t)(c - s) + n : len;
	return true;
}

bool
sgml_attribute(sgml_span_t tag, const char *name, sgml_mode_t mode,
               sgml_span_t *value)
{
	size_t n = strlen(name), i;

	for (i = 0; i + n + 2 <= tag.len; i++) {
		const char *q;
		char quote;

		if ((i > 0 && !is_space(tag.s[i - 1])) ||
		    strncasecmp(tag.s + i, name, n) != 0 || tag.s[i + n] != '=')
			continue;
		i += n + 1;
		quote = tag.s[i];
		if (quote != '"' && (mode == SGML_STRICT || quote != '\''))
			return false;
		q = memchr(tag.s + i + 1, quote, tag.len - i - 1);
		if (q == NULL)
			return false;
		value->s = tag.s + i + 1;
		value->len = (size_t)(q - value->s);
		return true;
	}
	return false;
}

sgml_span_t
sgml_trim(sgml_span_t t)
{
	while (t.len && is_space(*t.s)) {
		t.s++;
		t.len--;
	}
	while (t.len && is_space(t.s[t.len - 1]))
		t.len--;
	return t;
}

/* If s[0..len) starts with a numeric character reference to a control
 * character (&#3; &#127; ...), returns its length, else 0. */
static size_t
control_ref(const char *s, size_t len)
{
	unsigned v = 0;
	size_t i = 2;

	if (len < 3 || s[0] != '&' || s[1] != '#')
		return 0;
	while (i < len && i < 6 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (unsigned)(s[i++] - '0');
	/* As in bl_html_decode_entities(), the ';' may be missing. */
	if (i == 2 || (i < len && s[i] >= '0' && s[i] <= '9'))
		return 0;
	if ((v < 0x20 && v != '\t' && v != '\n' && v != '\r') || v == 0x7f)
		return i + (i < len && s[i] == ';');
	return 0;
}

void
sgml_append_text(bl_buf_t *out, const char *s, size_t len,
                 sgml_markup_fn markup)
{
	size_t i = 0, run = 0, n;
	bool line_end;

	while (i < len) {
		if (s[i] == '&' && (n = control_ref(s + i, len - i)) != 0) {
			bl_html_decode_entities(s + run, i - run, out);
			bl_buf_putc(out, ' ');
		} else if (s[i] == '<' && markup &&
		           (n = markup(s + i, len - i, &line_end)) != 0) {
			bl_html_decode_entities(s + run, i - run, out);
			if (line_end)
				bl_buf_putc(out, '\n');
		} else {
			i++;
			continue;
		}
		i += n;
		run = i;
	}
	bl_html_decode_entities(s + run, i - run, out);
}

void
sgml_records_init(sgml_records_t *r, const char *text, size_t len,
                  const char *name, sgml_mode_t mode)
{
	r->end = text + len;
	r->name = name;
	r->mode = mode;
	r->close_len = (size_t)snprintf(r->close, sizeof r->close, "</%s>",
	                                name);
	r->n = 0;
	r->next = sgml_find_open(text, len, name, mode);
}

bool
sgml_records_next(sgml_records_t *r, sgml_span_t *rec)
{
	const char *start = r->next, *close;

	if (start == NULL)
		return false;
	r->n++;
	r->next = sgml_find_open(start + 1, (size_t)(r->end - start) - 1,
	                         r->name, r->mode);
	close = sgml_find(start, (size_t)((r->next ? r->next : r->end) - start),
	                  r->close, r->close_len, r->mode);
	rec->s = close ? start : NULL;
	rec->len = close ? (size_t)(close - start) + r->close_len : 0;
	return true;
}

bl_status_t
sgml_finish(bl_article_t *a, const format_input_t *in, size_t n,
            bl_buf_t *tmp)
{
	bl_status_t st = BL_OK;

	if (a->id == NULL) {
		bl_buf_reset(tmp);
		bl_buf_printf(tmp, "%s#%zu", in->id, n);
		st = tmp->err != BL_OK ? tmp->err :
		     bl_article_set_exact(&a->id, bl_buf_cstr(tmp), tmp->len);
	}
	if (st == BL_OK)
		st = bl_article_set_exact(&a->path, in->path, strlen(in->path));
	return st;
}
