/* format_trec.c - TREC-style SGML: many <DOC> ... </DOC> documents per file. */
#include "format.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bl_date.h"
#include "bl_html.h"

/* Detection looks for <DOCNO> this far into the file. */
#define SNIFF_LEN 4096
/* An id, a date or a tag name longer than this is not one. */
#define SHORT_MAX 256
/* A '<' with no '>' this close is text, not a tag; this also keeps the
 * scan linear on text full of '<'. */
#define TAG_MAX 1024

typedef struct span {
	const char *s;
	size_t len;
} span_t;

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

static span_t
trim(span_t t)
{
	while (t.len && is_space(*t.s)) {
		t.s++;
		t.len--;
	}
	while (t.len && is_space(t.s[t.len - 1]))
		t.len--;
	return t;
}

/* Returns the first occurrence of needle[0..n), which starts with '<', in
 * s[0..len), ignoring ASCII case, or NULL. */
static const char *
find_ci(const char *s, size_t len, const char *needle, size_t n)
{
	const char *p = s, *end = s + len;

	while (n && (size_t)(end - p) >= n &&
	       (p = memchr(p, '<', (size_t)(end - p) - n + 1)) != NULL) {
		if (strncasecmp(p, needle, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* True if s[0..len) starts with the opening tag <name ...> (any case):
 * the name must be followed by '>' or white space, so <DOC> never
 * matches <DOCNO>. */
static bool
opens(const char *s, size_t len, const char *name, size_t n)
{
	return len > n + 1 && s[0] == '<' && strncasecmp(s + 1, name, n) == 0 &&
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

/* Finds the element <name ...>content</name> in s[0..len): sets *content,
 * *tag (if not NULL) to the opening tag's attributes and *end (if not
 * NULL) past the element. A missing end tag extends the content to the
 * end of s. Returns false if there is no such element. */
static bool
element(const char *s, size_t len, const char *name, span_t *content,
        span_t *tag, size_t *end)
{
	char close[SHORT_MAX];
	const char *open = find_open(s, len, name), *gt, *c;
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
	c = find_ci(content->s, rest, close, n);
	content->len = c ? (size_t)(c - content->s) : rest;
	if (end)
		*end = c ? (size_t)(c - s) + n : len;
	return true;
}

/* Finds the value of attribute name="value" (or 'value') in an opening
 * tag's text. */
static bool
attribute(span_t tag, const char *name, span_t *value)
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
		if (quote != '"' && quote != '\'')
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

/* If s[0..len) starts with a numeric character reference to a control
 * character, returns its length, else 0. */
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
 * start one (a '<' of the text, as in "a < b"). *block is set if the tag
 * ends a line. */
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
	gt = memchr(s, '>', len < TAG_MAX ? len : TAG_MAX);
	if (gt == NULL)
		return 0;
	while (name + n < gt && !is_space(name[n]) && name[n] != '/')
		n++;
	*block = is_block(name, n);
	return (size_t)(gt - s) + 1;
}

/* Appends the text of s[0..len) to out: tags dropped (those of blocks
 * end a line), comments dropped, entities decoded, and control character
 * references, which are noise, turned into spaces. */
static void
append_text(bl_buf_t *out, const char *s, size_t len)
{
	size_t i = 0, run = 0, n;
	bool block;

	while (i < len) {
		if (s[i] == '&' && (n = control_ref(s + i, len - i)) != 0) {
			bl_html_decode_entities(s + run, i - run, out);
			bl_buf_putc(out, ' ');
		} else if (s[i] == '<' && (n = markup(s + i, len - i, &block)) != 0) {
			bl_html_decode_entities(s + run, i - run, out);
			if (block)
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
	span_t v;
	size_t i;

	for (i = 0; names[i]; i++) {
		if (!element(s, len, names[i], &v, NULL, NULL))
			continue;
		bl_buf_reset(tmp);
		append_text(tmp, v.s, v.len);
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
	span_t v, tag;
	size_t off = 0, end;
	bl_status_t st = BL_OK;

	if (first_text(s, len, id_tags, tmp)) {
		v = trim((span_t){ bl_buf_cstr(tmp), tmp->len });
		if (v.len && v.len < SHORT_MAX)
			st = bl_article_set_exact(&a->id, v.s, v.len);
	} else if (element(s, len, "DOC", &v, &tag, NULL) &&
	           attribute(tag, "id", &v) && (v = trim(v)).len &&
	           v.len < SHORT_MAX) {
		st = bl_article_set_exact(&a->id, v.s, v.len);
	}
	if (st == BL_OK && first_text(s, len, title_tags, tmp))
		st = bl_article_set(&a->title, bl_buf_cstr(tmp), tmp->len, false);
	if (st == BL_OK && first_text(s, len, date_tags, tmp))
		a->has_date = parse_date(bl_buf_cstr(tmp), tmp->len, &a->date);
	if (st == BL_OK && first_text(s, len, author_tags, tmp)) {
		v = trim((span_t){ bl_buf_cstr(tmp), tmp->len });
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
		append_text(tmp, v.s, v.len);
		off += end;
	}
	if (tmp->err != BL_OK)
		return tmp->err;
	squeeze(tmp);
	return bl_article_set_body(a, bl_buf_cstr(tmp), tmp->len);
}

/* Sets the path, and the id when the document has none: the file's id and
 * the document number. */
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
	span_t tag, v;
	int score = 90;

	if (text == NULL)
		return 0;
	i = skip_lead(text, len);
	sniff = len - i < SNIFF_LEN ? len - i : SNIFF_LEN;
	if (!opens(text + i, len - i, "DOC", 3))
		return 0;
	if (find_ci(text + i, sniff, "<DOCNO>", 7) == NULL &&
	    !(element(text + i, sniff, "DOC", &v, &tag, NULL) &&
	      attribute(tag, "id", &v)))
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
	const char *doc, *next, *close, *end = in->text + in->len;
	size_t n = 0, dlen;
	bl_status_t st = BL_OK;

	bl_article_init(&a);
	bl_buf_init(&tmp, FORMAT_MAX_RECORD);
	doc = find_open(in->text, in->len, "DOC");
	/* A document ends at its end tag, and must end before the next one
	 * starts: a damaged document never swallows its neighbours. */
	for (; st == BL_OK && doc != NULL; doc = next) {
		n++;
		next = find_open(doc + 1, (size_t)(end - doc) - 1, "DOC");
		close = find_ci(doc, (size_t)((next ? next : end) - doc), "</DOC>", 6);
		if (close == NULL) {
			in->warn(in->ctx, n, "no </DOC> before the next document");
			continue;
		}
		dlen = (size_t)(close - doc) + 6;
		if (dlen > FORMAT_MAX_RECORD) {
			in->warn(in->ctx, n, "document larger than the record cap");
			continue;
		}
		st = fill(&a, doc, dlen, &tmp);
		if (st == BL_OK)
			st = finish(&a, in, n, &tmp);
		if (st == BL_OK && (a.title || a.body))
			st = in->emit(in->ctx, &a);
		else if (st == BL_OK)
			in->warn(in->ctx, n, "document without headline or text");
		bl_article_clear(&a);
	}
	bl_buf_free(&tmp);
	return st;
}
