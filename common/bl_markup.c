/* bl_markup.c - a forgiving HTML and XML tokenizer (HTML5's rules, much simplified). */
#include "bl_markup.h"

#include <string.h>

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool
bl_markup_eq(const char *s, size_t len, const char *low)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (low[i] == '\0' || lower(s[i]) != low[i])
			return false;
	return low[len] == '\0';
}

bool
bl_markup_has_word(const char *s, size_t len, const char *word)
{
	size_t i = 0, start;

	while (i < len) {
		while (i < len && is_space(s[i]))
			i++;
		start = i;
		while (i < len && !is_space(s[i]))
			i++;
		if (i > start && bl_markup_eq(s + start, i - start, word))
			return true;
	}
	return false;
}

bool
bl_markup_param(const char *s, size_t len, const char *key, const char **val,
                size_t *vlen)
{
	size_t n = strlen(key), i, j;
	char q;

	for (i = 0; i + n <= len; i++) {
		if ((i && (is_alpha(s[i - 1]) || s[i - 1] == '-')) ||
		    !bl_markup_eq(s + i, n, key))
			continue;
		for (j = i + n; j < len && is_space(s[j]); j++)
			;
		if (j >= len || s[j] != '=')
			continue;
		for (j++; j < len && is_space(s[j]); j++)
			;
		q = j < len && (s[j] == '"' || s[j] == '\'') ? s[j++] : '\0';
		*val = s + j;
		while (j < len && (q ? s[j] != q :
		                   !is_space(s[j]) && s[j] != ';' && s[j] != ',' &&
		                   s[j] != '"' && s[j] != '\'' && s[j] != '?' &&
		                   s[j] != '>'))
			j++;
		*vlen = (size_t)(s + j - *val);
		return true;
	}
	return false;
}

void
bl_markup_init(bl_markup_t *m, const char *s, size_t len)
{
	m->s = s;
	m->len = len;
	m->pos = 0;
}

/* Offset of the first occurrence of needle at or after from, or len. */
static size_t
find(const char *s, size_t len, size_t from, const char *needle)
{
	size_t n = strlen(needle);
	const char *p;

	while (from < len && len - from >= n) {
		p = memchr(s + from, needle[0], len - from - n + 1);
		if (p == NULL)
			break;
		if (memcmp(p, needle, n) == 0)
			return (size_t)(p - s);
		from = (size_t)(p - s) + 1;
	}
	return len;
}

/* True when the '<' at s[i] opens markup rather than being text. */
static bool
opens_markup(const char *s, size_t len, size_t i)
{
	if (i + 1 >= len)
		return false;
	if (is_alpha(s[i + 1]) || s[i + 1] == '!' || s[i + 1] == '?')
		return true;
	return s[i + 1] == '/' && i + 2 < len &&
	       (is_alpha(s[i + 2]) || s[i + 2] == '>');
}

/* Finds the '>' ending a tag whose name ends at i. A quote hides '>' only
 * in an attribute value; a value whose quote never closes ends the tag at
 * the first '>' instead, so it cannot swallow the rest of the input.
 * Returns len when the input ends first. */
static size_t
tag_end(const char *s, size_t len, size_t i)
{
	size_t from = i;
	const char *q, *gt;

	while (i < len) {
		if (s[i] == '>')
			return i;
		if (s[i++] != '=')
			continue;
		while (i < len && is_space(s[i]))
			i++;
		if (i < len && (s[i] == '"' || s[i] == '\'')) {
			q = memchr(s + i + 1, s[i], len - i - 1);
			if (q == NULL) {
				gt = memchr(s + from, '>', len - from);
				return gt ? (size_t)(gt - s) : len;
			}
			i = (size_t)(q - s) + 1;
		}
	}
	return len;
}

/* Reads a tag name starting at i into t->name; returns where it ends. */
static size_t
tag_name(const char *s, size_t len, size_t i, bl_markup_token_t *t)
{
	size_t start = i, n;

	while (i < len && !is_space(s[i]) && s[i] != '/' && s[i] != '>')
		i++;
	n = i - start;
	if (n >= BL_MARKUP_NAME_MAX)
		n = 0;
	for (size_t k = 0; k < n; k++)
		t->name[k] = lower(s[start + k]);
	t->name[n] = '\0';
	return i;
}

/* Sets t to the delimited construct s[pos..] = open inner close, where a
 * missing close runs to the end of the input. */
static void
delimited(const bl_markup_t *m, bl_markup_token_t *t, size_t open,
          const char *close)
{
	size_t at = find(m->s, m->len, t->start + open, close);

	t->text = m->s + t->start + open;
	t->len = at - t->start - open;
	t->end = at < m->len ? at + strlen(close) : m->len;
}

bool
bl_markup_next(bl_markup_t *m, bl_markup_token_t *t)
{
	const char *s = m->s, *p;
	size_t len = m->len, i = m->pos, at;

	if (i >= len)
		return false;
	memset(t, 0, sizeof *t);
	t->start = i;
	t->text = s + i;
	if (s[i] != '<' || !opens_markup(s, len, i)) {
		t->kind = BL_MARKUP_TEXT;
		for (at = i + 1; at < len; at = (size_t)(p - s) + 1) {
			p = memchr(s + at, '<', len - at);
			if (p == NULL) {
				at = len;
				break;
			}
			if (opens_markup(s, len, (size_t)(p - s))) {
				at = (size_t)(p - s);
				break;
			}
		}
		t->len = at - i;
		t->end = m->pos = at;
		return true;
	}
	if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		t->kind = BL_MARKUP_COMMENT;
		/* "<!-->" and "<!--->" are complete (empty) comments. */
		if (i + 4 < len && s[i + 4] == '>') {
			t->text = s + i + 4;
			t->end = i + 5;
		} else if (i + 5 < len && s[i + 4] == '-' && s[i + 5] == '>') {
			t->text = s + i + 4;
			t->end = i + 6;
		} else {
			delimited(m, t, 4, "-->");
		}
	} else if (len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
		t->kind = BL_MARKUP_CDATA;
		delimited(m, t, 9, "]]>");
	} else if (s[i + 1] == '!' || s[i + 1] == '?' ||
	           (s[i + 1] == '/' && s[i + 2] == '>')) {
		t->kind = BL_MARKUP_OTHER;
		delimited(m, t, 1, ">");
	} else if (s[i + 1] == '/') {
		t->kind = BL_MARKUP_END;
		at = tag_name(s, len, i + 2, t);
		p = memchr(s + at, '>', len - at);
		t->text = s + at;
		t->end = p ? (size_t)(p - s) + 1 : len;
	} else {
		t->kind = BL_MARKUP_START;
		at = tag_name(s, len, i + 1, t);
		i = tag_end(s, len, at);
		t->text = s + at;
		t->len = i - at;
		t->self_closing = t->len && t->text[t->len - 1] == '/';
		t->end = i < len ? i + 1 : len;
	}
	m->pos = t->end;
	return true;
}

bool
bl_markup_skip_raw(bl_markup_t *m, const char *name, const char **text,
                   size_t *len)
{
	size_t n = strlen(name), i = m->pos, at = m->len;
	const char *p;
	bool found = false;

	while (i < m->len) {
		p = memchr(m->s + i, '<', m->len - i);
		if (p == NULL)
			break;
		i = (size_t)(p - m->s);
		if (m->len - i >= n + 2 && p[1] == '/' &&
		    bl_markup_eq(p + 2, n, name) &&
		    (m->len - i == n + 2 || is_space(p[n + 2]) ||
		     p[n + 2] == '/' || p[n + 2] == '>')) {
			at = i;
			found = true;
			break;
		}
		i++;
	}
	if (text)
		*text = m->s + m->pos;
	if (len)
		*len = at - m->pos;
	m->pos = at;
	return found;
}

bool
bl_markup_attr(const bl_markup_token_t *t, const char *name, const char **val,
               size_t *len)
{
	const char *s = t->text;
	size_t n = t->kind == BL_MARKUP_START ? t->len : 0, i = 0, start, nlen;
	const char *q;

	while (i < n) {
		while (i < n && (is_space(s[i]) || s[i] == '/'))
			i++;
		if (i >= n)
			break;
		/* A name may start with '=' (HTML5), never contain it. */
		start = i++;
		while (i < n && !is_space(s[i]) && s[i] != '=' && s[i] != '/')
			i++;
		nlen = i - start;
		while (i < n && is_space(s[i]))
			i++;
		*val = s + i;
		*len = 0;
		if (i < n && s[i] == '=') {
			i++;
			while (i < n && is_space(s[i]))
				i++;
			if (i < n && (s[i] == '"' || s[i] == '\'')) {
				q = memchr(s + i + 1, s[i], n - i - 1);
				*val = s + i + 1;
				*len = q ? (size_t)(q - *val) : n - i - 1;
				i = q ? (size_t)(q - s) + 1 : n;
			} else {
				*val = s + i;
				while (i < n && !is_space(s[i]))
					i++;
				*len = (size_t)(s + i - *val);
				/* "<a href=x/>": the '/' closes the tag. */
				if (i == n && t->self_closing && *len)
					(*len)--;
			}
		}
		if (bl_markup_eq(s + start, nlen, name))
			return true;
	}
	return false;
}
