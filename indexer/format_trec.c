/* format_trec.c - TREC-style SGML: many <DOC> ... </DOC> documents per file. */
#include "format.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "bl_date.h"
#include "sgml.h"

/* Detection looks for <DOCNO> this far into the file. */
#define SNIFF_LEN 4096
/* An id or a date longer than this is not one. */
#define SHORT_MAX 256

/* Elements giving each field, by preference: the names of the TREC
 * collections (WSJ, AP, FT, LA Times, FBIS, AQUAINT) that mean the same. */
static const char *const id_tags[] = { "DOCNO", NULL };
static const char *const title_tags[] = { "HEADLINE", "HL", "HEAD", "TITLE", "TI", NULL };
static const char *const date_tags[] = { "DATE", "DATE_TIME", "DATE1", "DD", NULL };
static const char *const author_tags[] = { "BYLINE", "AUTHOR", NULL };
static const char *const source_tags[] = { "SO", "SOURCE", "PUB", NULL };

/* Tags that end a line of text; every other tag is dropped. */
static const char *const block_tags[] = { "P", "BR", "DIV", "TABLE", "TR",
	"LI", "H1", "H2", "H3", "H4", "H5", "H6", "TEXT", NULL };

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool
is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* sgml_element() for TREC's tag names, which are in either case. */
static bool
element(const char *s, size_t len, const char *name, sgml_span_t *content,
        sgml_span_t *tag, size_t *end)
{
	return sgml_element(s, len, name, SGML_LENIENT, content, tag, end);
}

static bool
is_block(const char *name, size_t n)
{
	size_t i;

	for (i = 0; block_tags[i]; i++)
		if (strlen(block_tags[i]) == n && strncasecmp(block_tags[i], name, n) == 0)
			return true;
	return false;
}

/* Returns the length of the tag or comment at s[0..len), 0 if s does not
 * start one (a '<' of the text, as in "a < b"); *block is set if the tag
 * ends a line. An sgml_markup_fn. */
static size_t
markup(const char *s, size_t len, bool *block)
{
	const char *gt, *name;
	size_t n = 0;

	*block = false;
	if (len < 3 || s[0] != '<')
		return 0;
	/* An unterminated comment runs to the end, as in HTML. */
	if (len >= 4 && memcmp(s, "<!--", 4) == 0) {
		const char *e;

		for (e = s + 4; e + 3 <= s + len && memcmp(e, "-->", 3) != 0; e++)
			;
		return e + 3 <= s + len ? (size_t)(e + 3 - s) : len;
	}
	name = s + 1 + (s[1] == '/');
	if (!is_alpha(*name) && s[1] != '!' && s[1] != '?')
		return 0;
	gt = memchr(s, '>', len < SGML_TAG_MAX ? len : SGML_TAG_MAX);
	if (gt == NULL)
		return 0;
	while (name + n < gt && !is_space(name[n]) && name[n] != '/')
		n++;
	*block = is_block(name, n);
	return (size_t)(gt - s) + 1;
}

/* Keeps at most one blank line in a row in b: paragraph tags and the
 * text's own line ends add up. White space is dropped from blank lines. */
static void
squeeze(bl_buf_t *b)
{
	size_t i = 0, o = 0, start, blanks = 1;

	while (i < b->len) {
		const char *nl = memchr(b->data + i, '\n', b->len - i);
		size_t end = nl ? (size_t)(nl - b->data) + 1 : b->len;
		bool blank = true;

		for (start = i; i < end; i++)
			if (!is_space(b->data[i]))
				blank = false;
		if (blank && blanks++)
			continue;
		if (blank) {
			b->data[o++] = '\n';
			continue;
		}
		blanks = 0;
		memmove(b->data + o, b->data + start, end - start);
		o += end - start;
	}
	b->len = o;
	if (b->data)
		b->data[o] = '\0';
}

/* The first element of names present in s[0..len), as text in tmp
 * (reset first). Returns false if there is none. */
static bool
first_text(const char *s, size_t len, const char *const *names, bl_buf_t *tmp)
{
	sgml_span_t v;
	size_t i;

	for (i = 0; names[i]; i++) {
		if (!element(s, len, names[i], &v, NULL, NULL))
			continue;
		bl_buf_reset(tmp);
		sgml_append_text(tmp, v.s, v.len, markup);
		return true;
	}
	return false;
}

/* The value of the n digits at s, or -1 if they are not all digits. */
static int
digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The dates of older collections that bl_date_parse() rightly refuses as
 * ambiguous elsewhere: YYMMDD (WSJ, FT: "880112"), YYYYMMDD and WSJ's
 * MM/DD/YY ("03/24/87"). Two-digit years 50-99 are 19xx, 00-49 20xx. */
static bool
compact_date(const char *s, size_t len, int64_t *t)
{
	int y, m, d, cy, cm, cd;

	if (len == 8 && s[2] == '/' && s[5] == '/') {
		m = digits(s, 2);
		d = digits(s + 3, 2);
		y = digits(s + 6, 2);
	} else if (len == 6 || len == 8) {
		y = digits(s, len - 4);
		m = digits(s + len - 4, 2);
		d = digits(s + len - 2, 2);
	} else {
		return false;
	}
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	if (len == 6 || s[2] == '/')
		y += y < 50 ? 2000 : 1900;
	if (y < 1000)
		return false;
	*t = bl_date_from_civil(y, m, d, 0, 0, 0);
	/* 31 April would come back as 1 May. */
	bl_date_to_civil(*t, &cy, &cm, &cd, NULL, NULL, NULL);
	return cy == y && cm == m && cd == d;
}

/* Parses a date element's text: any form bl_date_parse() reads, compact
 * forms, or a date followed by comments after commas, as in the LA Times'
 * "January 1, 1989, Sunday, Home Edition". */
static bool
parse_date(const char *s, size_t len, int64_t *t)
{
	char buf[SHORT_MAX];
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (is_space(s[i]) && (n == 0 || buf[n - 1] == ' '))
			continue;
		if (n == sizeof buf)
			return false;
		buf[n++] = is_space(s[i]) ? ' ' : s[i];
	}
	if (n && buf[n - 1] == ' ')
		n--;
	if (compact_date(buf, n, t) || bl_date_parse(buf, n, t) == BL_OK)
		return true;
	while (n > 0) {
		while (n > 0 && buf[n - 1] != ',')
			n--;
		if (n > 0 && bl_date_parse(buf, n - 1, t) == BL_OK)
			return true;
		if (n > 0)
			n--;
	}
	return false;
}

/* Fills a from the document s[0..len) (from "<DOC" to its end tag). */
static bl_status_t
fill(bl_article_t *a, const char *s, size_t len, bl_buf_t *tmp)
{
	sgml_span_t v, tag;
	size_t off = 0, end;
	bl_status_t st = BL_OK;

	if (first_text(s, len, id_tags, tmp)) {
		v = sgml_trim((sgml_span_t){ bl_buf_cstr(tmp), tmp->len });
		if (v.len && v.len < SHORT_MAX)
			st = bl_article_set_exact(&a->id, v.s, v.len);
	} else if (element(s, len, "DOC", &v, &tag, NULL) &&
	           sgml_attribute(tag, "id", SGML_LENIENT, &v) &&
	           (v = sgml_trim(v)).len &&
	           v.len < SHORT_MAX) {
		st = bl_article_set_exact(&a->id, v.s, v.len);
	}
	if (st == BL_OK && first_text(s, len, title_tags, tmp))
		st = bl_article_set(&a->title, bl_buf_cstr(tmp), tmp->len, false);
	if (st == BL_OK && first_text(s, len, date_tags, tmp))
		a->has_date = parse_date(bl_buf_cstr(tmp), tmp->len, &a->date);
	if (st == BL_OK && first_text(s, len, author_tags, tmp)) {
		v = sgml_trim((sgml_span_t){ bl_buf_cstr(tmp), tmp->len });
		if (v.len > 3 && strncasecmp(v.s, "by", 2) == 0 && is_space(v.s[2])) {
			v.s += 3;
			v.len -= 3;
		}
		st = bl_article_set(&a->author, v.s, v.len, false);
	}
	if (st == BL_OK && first_text(s, len, source_tags, tmp))
		st = bl_article_set(&a->source, bl_buf_cstr(tmp), tmp->len, false);
	if (st != BL_OK)
		return st;
	/* The body: every TEXT element, a blank line between two. */
	bl_buf_reset(tmp);
	while (element(s + off, len - off, "TEXT", &v, NULL, &end)) {
		if (tmp->len)
			bl_buf_puts(tmp, "\n\n");
		sgml_append_text(tmp, v.s, v.len, markup);
		off += end;
	}
	if (tmp->err != BL_OK)
		return tmp->err;
	squeeze(tmp);
	return bl_article_set_body(a, bl_buf_cstr(tmp), tmp->len);
}

/* Skips a UTF-8 byte order mark and white space. */
static size_t
skip_lead(const char *text, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && is_space(text[i]))
		i++;
	return i;
}

int
format_trec_detect(const char *text, size_t len, const char *path)
{
	static const char *const exts[] = { "trec", "sgml", "sgm", NULL };
	size_t i, n, sniff;
	const char *dot;
	sgml_span_t tag, v;
	int score = 90;

	if (text == NULL)
		return 0;
	i = skip_lead(text, len);
	sniff = len - i < SNIFF_LEN ? len - i : SNIFF_LEN;
	if (!sgml_opens(text + i, len - i, "DOC", SGML_LENIENT))
		return 0;
	if (sgml_find(text + i, sniff, "<DOCNO>", 7, SGML_LENIENT) == NULL &&
	    !(element(text + i, sniff, "DOC", &v, &tag, NULL) &&
	      sgml_attribute(tag, "id", SGML_LENIENT, &v)))
		return 0;
	if (path == NULL)
		return score;
	n = strlen(path);
	if (n > 3 && strcmp(path + n - 3, ".gz") == 0)
		n -= 3;
	for (dot = path + n; dot > path && dot[-1] != '.' && dot[-1] != '/'; dot--)
		;
	for (i = 0; dot > path && dot[-1] == '.' && exts[i]; i++)
		if ((size_t)(path + n - dot) == strlen(exts[i]) &&
		    strncasecmp(dot, exts[i], strlen(exts[i])) == 0)
			score += 5;
	return score;
}

bl_status_t
format_trec_read(const format_input_t *in)
{
	bl_article_t a;
	bl_buf_t tmp;
	sgml_records_t docs;
	sgml_span_t doc;
	bl_status_t st = BL_OK;

	bl_article_init(&a);
	bl_buf_init(&tmp, FORMAT_MAX_RECORD);
	sgml_records_init(&docs, in->text, in->len, "DOC", SGML_LENIENT);
	while (st == BL_OK && sgml_records_next(&docs, &doc)) {
		if (doc.s == NULL) {
			in->warn(in->ctx, docs.n, "no </DOC> before the next document");
			continue;
		}
		if (doc.len > FORMAT_MAX_RECORD) {
			in->warn(in->ctx, docs.n, "document larger than the record cap");
			continue;
		}
		st = fill(&a, doc.s, doc.len, &tmp);
		/* The path, and the id when the document has none. */
		if (st == BL_OK)
			st = sgml_finish(&a, in, docs.n, &tmp);
		if (st == BL_OK && (a.title || a.body))
			st = in->emit(in->ctx, &a);
		else if (st == BL_OK)
			in->warn(in->ctx, docs.n, "document without headline or text");
		bl_article_clear(&a);
	}
	bl_buf_free(&tmp);
	return st;
}
