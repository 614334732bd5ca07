/* format_reuters.c - the Reuters-21578 SGML format: many <REUTERS> records per file. */
#include "format.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "bl_date.h"
#include "sgml.h"

/* Detection looks for a record this far into the file. */
#define SNIFF_LEN 4096
/* An id or a date longer than this is not one. */
#define SHORT_MAX 256

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

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* sgml_element() for Reuters' tag names, which are always in capitals. */
static bool
element(const char *s, size_t len, const char *name, sgml_span_t *content,
        sgml_span_t *tag, size_t *end)
{
	return sgml_element(s, len, name, SGML_STRICT, content, tag, end);
}

/* The markup that text drops (an sgml_markup_fn): a tag, or the whole
 * TITLE or AUTHOR element, which have fields of their own. */
static size_t
tag_or_field(const char *s, size_t len, bool *line_end)
{
	const char *gt;
	sgml_span_t skip;
	size_t end;

	*line_end = false;
	if (len < 2 || (s[1] != '/' && (s[1] < 'A' || s[1] > 'Z')))
		return 0;
	gt = memchr(s, '>', len < SGML_TAG_MAX ? len : SGML_TAG_MAX);
	if (gt == NULL)
		return 0;
	if ((sgml_opens(s, len, "TITLE", SGML_STRICT) &&
	     element(s, len, "TITLE", &skip, NULL, &end)) ||
	    (sgml_opens(s, len, "AUTHOR", SGML_STRICT) &&
	     element(s, len, "AUTHOR", &skip, NULL, &end)))
		return end;
	return (size_t)(gt - s) + 1;
}

/* Appends s[0..len) to out with entities decoded, the wire's control
 * characters turned into spaces and, with strip_tags, the tags and the
 * TITLE and AUTHOR elements dropped. */
static void
append_text(bl_buf_t *out, const char *s, size_t len, bool strip_tags)
{
	sgml_append_text(out, s, len, strip_tags ? tag_or_field : NULL);
}

/* Decodes s[0..len) into tmp (reset first). */
static void
decode(bl_buf_t *tmp, const char *s, size_t len, bool strip_tags)
{
	bl_buf_reset(tmp);
	append_text(tmp, s, len, strip_tags);
}

/* "    By Jane Doe, Reuters" -> "Jane Doe". */
static sgml_span_t
author_name(const char *s, size_t len)
{
	static const char *const tails[] = { ", reuters.", ", reuters",
		", reuter.", ", reuter" };
	sgml_span_t r = sgml_trim((sgml_span_t){ s, len });
	size_t i;

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
parse_date(sgml_span_t d, int64_t *t)
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
	sgml_span_t tag, v, text, ttag, part;
	size_t i, end;
	bl_status_t st = BL_OK;

	if (element(s, len, "REUTERS", &v, &tag, NULL) &&
	    sgml_attribute(tag, "NEWID", SGML_STRICT, &v) && v.len &&
	    v.len < SHORT_MAX)
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

	if (text == NULL || sgml_find(text, len < SNIFF_LEN ? len : SNIFF_LEN,
	                              "<REUTERS", 8, SGML_STRICT) == NULL)
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

bl_status_t
format_reuters_read(const format_input_t *in)
{
	bl_article_t a;
	bl_buf_t tmp;
	sgml_records_t recs;
	sgml_span_t rec;
	bl_status_t st = BL_OK;

	bl_article_init(&a);
	bl_buf_init(&tmp, FORMAT_MAX_RECORD);
	sgml_records_init(&recs, in->text, in->len, "REUTERS", SGML_STRICT);
	while (st == BL_OK && sgml_records_next(&recs, &rec)) {
		if (rec.s == NULL) {
			in->warn(in->ctx, recs.n, "no </REUTERS> before the next record");
			continue;
		}
		if (rec.len > FORMAT_MAX_RECORD) {
			in->warn(in->ctx, recs.n, "record larger than the record cap");
			continue;
		}
		st = fill(&a, rec.s, rec.len, &tmp);
		/* The path, and the id when the record has no NEWID. */
		if (st == BL_OK)
			st = sgml_finish(&a, in, recs.n, &tmp);
		/* Even an empty record is emitted: it is a document of the
		 * collection (NEWID 12793 has no text at all). */
		if (st == BL_OK)
			st = in->emit(in->ctx, &a);
		bl_article_clear(&a);
	}
	bl_buf_free(&tmp);
	return st;
}
