/* format_reuters.c - the Reuters-21578 SGML format: many <REUTERS> records per file. */
#include "format.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bl_date.h"
#include "bl_html.h"

/* Detection looks for a record this far into the file. */
#define SNIFF_LEN 4096
/* An id or a date longer than this is not one. */
#define SHORT_MAX 256
/* A '<' with no '>' this close is text, not a tag; this also keeps the
 * scan linear on text full of '<'. */
#define TAG_MAX 1024

typedef struct span {
	const char *s;
	size_t len;
} span_t;

/* The <D> lists copied into the article, and where each goes; adding a
 * field (PEOPLE, ORGS, EXCHANGES...) is one more row. Categories hold
 * TOPICS only, so that a topic's article count matches the corpus. */
static const struct {
	const char *tag;
	size_t list;            /* offset of a bl_strlist_t in bl_article_t */
} list_fields[] = {
	{ "TOPICS", offsetof(bl_article_t, categories) },
	{ "PLACES", offsetof(bl_article_t, places) },
};

/* Returns the first occurrence of needle[0..n) in s[0..len), or NULL. */
static const char *
find(const char *s, size_t len, const char *needle, size_t n)
{
	const char *p = s, *end = s + len;

	while (n && (size_t)(end - p) >= n &&
	       (p = memchr(p, needle[0], (size_t)(end - p) - n + 1)) != NULL) {
		if (memcmp(p, needle, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* True if s[0..len) starts with the opening tag <name ...>: the name must
 * be followed by '>' or white space, so <D> never matches <DATE>. */
static bool
opens(const char *s, size_t len, const char *name, size_t n)
{
	return len > n + 1 && s[0] == '<' && memcmp(s + 1, name, n) == 0 &&
	       (s[n + 1] == '>' || is_space(s[n + 1]));
}

/* Returns the first opening tag <name ...> in s[0..len), or NULL. */
static const char *
find_open(const char *s, size_t len, const char *name)
{
	size_t n = strlen(name);
	const char *p = s, *end = s + len;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (opens(p, (size_t)(end - p), name, n))
			return p;
		p++;
	}
	return NULL;
}

/* Finds the element <name ...>content</name> in s[0..len): sets *content
 * and, if tag is not NULL, *tag to the opening tag's attributes; *end is
 * set past the element. A missing end tag extends the content to the end
 * of s. Returns false if there is no such element. */
static bool
element(const char *s, size_t len, const char *name, span_t *content,
        span_t *tag, size_t *end)
{
	char close[32];
	const char *open = find_open(s, len, name), *gt, *c;
	size_t n;

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
	c = find(content->s, len - (size_t)(content->s - s), close, n);
	content->len = c ? (size_t)(c - content->s) : len - (size_t)(content->s - s);
	if (end)
		*end = c ? (size_t)(c - s) + n : len;
	return true;
}

/* Finds the value of attribute name="value" in an opening tag's text. */
static bool
attribute(span_t tag, const char *name, span_t *value)
{
	size_t n = strlen(name), i;

	for (i = 0; i + n + 2 <= tag.len; i++) {
		const char *q;

		if ((i > 0 && !is_space(tag.s[i - 1])) ||
		    strncasecmp(tag.s + i, name, n) != 0 || tag.s[i + n] != '=')
			continue;
		i += n + 1;
		if (tag.s[i] != '"')
			return false;
		q = memchr(tag.s + i + 1, '"', tag.len - i - 1);
		if (q == NULL)
			return false;
		value->s = tag.s + i + 1;
		value->len = (size_t)(q - value->s);
		return true;
	}
	return false;
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

/* Appends s[0..len) to out with entities decoded. The wire's control
 * characters (&#2; start of text, &#3; end, &#127; over a lost byte...)
 * are noise: each becomes a space. With strip_tags, tags are dropped and
 * so are the TITLE and AUTHOR elements, which have fields of their own. */
static void
append_text(bl_buf_t *out, const char *s, size_t len, bool strip_tags)
{
	size_t i = 0, run = 0, n;

	while (i < len) {
		char c = s[i];

		if (c == '&' && (n = control_ref(s + i, len - i)) != 0) {
			bl_html_decode_entities(s + run, i - run, out);
			bl_buf_putc(out, ' ');
			i += n;
			run = i;
			continue;
		}
		if (strip_tags && c == '<' && i + 1 < len &&
		    (s[i + 1] == '/' || (s[i + 1] >= 'A' && s[i + 1] <= 'Z'))) {
			const char *gt = memchr(s + i, '>', len - i < TAG_MAX ? len - i : TAG_MAX);
			span_t skip;
			size_t end;

			if (gt == NULL) {
				i++;
				continue;
			}
			bl_html_decode_entities(s + run, i - run, out);
			if ((opens(s + i, len - i, "TITLE", 5) &&
			     element(s + i, len - i, "TITLE", &skip, NULL, &end)) ||
			    (opens(s + i, len - i, "AUTHOR", 6) &&
			     element(s + i, len - i, "AUTHOR", &skip, NULL, &end)))
				i += end;
			else
				i = (size_t)(gt - s) + 1;
			run = i;
			continue;
		}
		i++;
	}
	bl_html_decode_entities(s + run, i - run, out);
}

/* Decodes s[0..len) into tmp (reset first). */
static void
decode(bl_buf_t *tmp, const char *s, size_t len, bool strip_tags)
{
	bl_buf_reset(tmp);
	append_text(tmp, s, len, strip_tags);
}

/* "    By Jane Doe, Reuters" -> "Jane Doe". */
static span_t
author_name(const char *s, size_t len)
{
	static const char *const tails[] = { ", reuters.", ", reuters",
		", reuter.", ", reuter" };
	span_t r = { s, len };
	size_t i;

	while (r.len && is_space(*r.s)) {
		r.s++;
		r.len--;
	}
	while (r.len && is_space(r.s[r.len - 1]))
		r.len--;
	if (r.len > 3 && strncasecmp(r.s, "by", 2) == 0 && is_space(r.s[2])) {
		r.s += 3;
		r.len -= 3;
	}
	for (i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		size_t n = strlen(tails[i]);

		if (r.len > n && strncasecmp(r.s + r.len - n, tails[i], n) == 0) {
			r.len -= n;
			break;
		}
	}
	return r;
}

/* The DATE element, up to the first character reference (some carry
 * wire codes after the time: "27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM") or
 * '#' (an editor's comment), with runs of white space folded. A date
 * whose time is damaged ("31-MAR-1987 605:12:19.12") keeps its day. */
static bool
parse_date(span_t d, int64_t *t)
{
	char buf[SHORT_MAX];
	size_t i, n = 0;
	const char *sp;

	for (i = 0; i < d.len && d.s[i] != '&' && d.s[i] != '#'; i++) {
		if (is_space(d.s[i]) && (n == 0 || buf[n - 1] == ' '))
			continue;
		if (n == sizeof buf)
			return false;
		buf[n++] = is_space(d.s[i]) ? ' ' : d.s[i];
	}
	if (bl_date_parse(buf, n, t) == BL_OK)
		return true;
	sp = memchr(buf, ' ', n);
	return sp && bl_date_parse(buf, (size_t)(sp - buf), t) == BL_OK;
}

/* Fills a from one record s[0..len) (from "<REUTERS" to its end tag). */
static bl_status_t
fill(bl_article_t *a, const char *s, size_t len, bl_buf_t *tmp)
{
	span_t tag, v, text, ttag, part;
	size_t i, end;
	bl_status_t st = BL_OK;

	if (element(s, len, "REUTERS", &v, &tag, NULL) &&
	    attribute(tag, "NEWID", &v) && v.len && v.len < SHORT_MAX)
		st = bl_article_set_exact(&a->id, v.s, v.len);
	if (element(s, len, "DATE", &v, NULL, NULL))
		a->has_date = parse_date(v, &a->date);
	for (i = 0; st == BL_OK && i < sizeof list_fields / sizeof list_fields[0]; i++) {
		bl_strlist_t *list = (bl_strlist_t *)((char *)a + list_fields[i].list);
		size_t off = 0;

		if (!element(s, len, list_fields[i].tag, &v, NULL, NULL))
			continue;
		while (st == BL_OK && element(v.s + off, v.len - off, "D", &part, NULL, &end)) {
			off += end;
			decode(tmp, part.s, part.len, true);
			st = bl_strlist_add(list, bl_buf_cstr(tmp), tmp->len);
		}
	}
	if (st == BL_OK)
		st = bl_article_set(&a->source, "Reuters", 7, false);
	if (st != BL_OK || !element(s, len, "TEXT", &text, &ttag, NULL))
		return st;
	if (element(text.s, text.len, "TITLE", &v, NULL, NULL)) {
		decode(tmp, v.s, v.len, true);
		st = bl_article_set(&a->title, bl_buf_cstr(tmp), tmp->len, false);
	}
	if (st == BL_OK && element(text.s, text.len, "AUTHOR", &v, NULL, NULL)) {
		decode(tmp, v.s, v.len, true);
		part = author_name(bl_buf_cstr(tmp), tmp->len);
		st = bl_article_set(&a->author, part.s, part.len, false);
	}
	if (st != BL_OK)
		return st;
	/* The body is the dateline and BODY; BRIEF and UNPROC records have no
	 * BODY, and then it is the rest of TEXT. */
	bl_buf_reset(tmp);
	if (element(text.s, text.len, "BODY", &v, NULL, NULL)) {
		if (element(text.s, text.len, "DATELINE", &part, NULL, NULL)) {
			while (part.len && is_space(part.s[part.len - 1]))
				part.len--;
			append_text(tmp, part.s, part.len, true);
			bl_buf_putc(tmp, ' ');
		}
		append_text(tmp, v.s, v.len, false);
	} else {
		append_text(tmp, text.s, text.len, true);
	}
	if (tmp->err != BL_OK)
		return tmp->err;
	return bl_article_set_body(a, bl_buf_cstr(tmp), tmp->len);
}

int
format_reuters_detect(const char *text, size_t len, const char *path)
{
	size_t n;
	const char *dot;

	if (text == NULL || find(text, len < SNIFF_LEN ? len : SNIFF_LEN, "<REUTERS", 8) == NULL)
		return 0;
	if (path == NULL)
		return 95;
	n = strlen(path);
	if (n > 3 && strcmp(path + n - 3, ".gz") == 0)
		n -= 3;
	for (dot = path + n; dot > path && dot[-1] != '.' && dot[-1] != '/'; dot--)
		;
	if (dot > path && dot[-1] == '.' &&
	    ((path + n - dot == 3 && strncasecmp(dot, "sgm", 3) == 0) ||
	     (path + n - dot == 4 && strncasecmp(dot, "sgml", 4) == 0)))
		return 98;
	return 95;
}

/* Sets the path, and the id when the record has no NEWID: the file's id
 * and the record number. */
static bl_status_t
finish(bl_article_t *a, const format_input_t *in, size_t n, bl_buf_t *tmp)
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

bl_status_t
format_reuters_read(const format_input_t *in)
{
	bl_article_t a;
	bl_buf_t tmp;
	const char *rec, *next, *close, *end = in->text + in->len;
	size_t n = 0, rlen;
	bl_status_t st = BL_OK;

	bl_article_init(&a);
	bl_buf_init(&tmp, FORMAT_MAX_RECORD);
	rec = find_open(in->text, in->len, "REUTERS");
	/* A record ends at its end tag, and must end before the next one
	 * starts: a damaged record never swallows its neighbours. */
	for (; st == BL_OK && rec != NULL; rec = next) {
		n++;
		next = find_open(rec + 1, (size_t)(end - rec) - 1, "REUTERS");
		close = find(rec, (size_t)((next ? next : end) - rec), "</REUTERS>", 10);
		if (close == NULL) {
			in->warn(in->ctx, n, "no </REUTERS> before the next record");
			continue;
		}
		rlen = (size_t)(close - rec) + 10;
		if (rlen > FORMAT_MAX_RECORD) {
			in->warn(in->ctx, n, "record larger than the record cap");
			continue;
		}
		st = fill(&a, rec, rlen, &tmp);
		if (st == BL_OK)
			st = finish(&a, in, n, &tmp);
		/* Even an empty record is emitted: it is a document of the
		 * collection (NEWID 12793 has no text at all). */
		if (st == BL_OK)
			st = in->emit(in->ctx, &a);
		bl_article_clear(&a);
	}
	bl_buf_free(&tmp);
	return st;
}
