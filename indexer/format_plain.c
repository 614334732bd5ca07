/* format_plain.c - the plain news article format: a headline line, then
 * optional "- " metadata lines (author, time, date in any order), then the
 * body. Text of any other shape is read as title line plus body. */
#include "format.h"

#include <stdbool.h>
#include <string.h>

#include "bl_date.h"

/* A first line longer than this is not a headline; the title is cut. */
#define TITLE_MAX 300

typedef struct line {
	const char *s;
	size_t len;
} line_t;

/* Returns the line starting at *pos (without its end of line) and moves
 * *pos past it. */
static line_t
next_line(const char *text, size_t len, size_t *pos)
{
	line_t l = { text + *pos, 0 };
	const char *nl = memchr(l.s, '\n', len - *pos);

	l.len = nl ? (size_t)(nl - l.s) : len - *pos;
	*pos += l.len + (nl != NULL);
	if (l.len && l.s[l.len - 1] == '\r')
		l.len--;
	return l;
}

static bool
blank(line_t l)
{
	size_t i;

	for (i = 0; i < l.len; i++)
		if (l.s[i] != ' ' && l.s[i] != '\t' && l.s[i] != '\f')
			return false;
	return true;
}

static bool
is_meta(line_t l)
{
	return l.len >= 2 && l.s[0] == '-' && (l.s[1] == ' ' || l.s[1] == '\t');
}

int
format_plain_detect(const char *text, size_t len, const char *path)
{
	size_t pos = 0;
	line_t l;

	(void)path;
	while (pos < len && blank(l = next_line(text, len, &pos)))
		;
	if (pos >= len)
		return 10;
	/* A headline directly followed by "- " lines is the plain format. */
	return is_meta(next_line(text, len, &pos)) ? 60 : 10;
}

/* Cuts an overlong first line at a word boundary near TITLE_MAX. */
static size_t
title_len(line_t l)
{
	size_t n;

	if (l.len <= TITLE_MAX)
		return l.len;
	for (n = TITLE_MAX; n > TITLE_MAX / 2; n--)
		if (l.s[n] == ' ')
			return n;
	/* No space: cut before a UTF-8 continuation byte, not inside a
	 * character. */
	for (n = TITLE_MAX; n > 0 && ((unsigned char)l.s[n] & 0xC0) == 0x80; n--)
		;
	return n;
}

bl_status_t
format_plain_read(const format_input_t *in)
{
	bl_article_t a;
	size_t pos = 0, body, tlen;
	line_t l, title;
	int64_t date = 0;
	int tod = -1;
	bool has_date = false;
	bl_status_t st;

	/* One file is one article: like an HTML page, it is skipped whole
	 * rather than indexed cut short. */
	if (in->len > FORMAT_MAX_RECORD) {
		in->warn(in->ctx, 1, "article larger than the record size limit: "
		         "skipped");
		return BL_OK;
	}
	bl_article_init(&a);
	do {
		title = next_line(in->text, in->len, &pos);
	} while (blank(title) && pos < in->len);
	tlen = title_len(title);
	body = tlen < title.len ? (size_t)(title.s - in->text) : pos;
	for (;;) {
		size_t at = pos;

		if (tlen < title.len || pos >= in->len)
			break;
		l = next_line(in->text, in->len, &pos);
		if (!is_meta(l)) {
			pos = at;
			break;
		}
		l.s += 2;
		l.len -= 2;
		if (bl_time_of_day_parse(l.s, l.len, &tod) == BL_OK)
			continue;
		if (!has_date && bl_date_parse(l.s, l.len, &date) == BL_OK) {
			has_date = true;
			continue;
		}
		if (a.author == NULL)
			bl_article_set(&a.author, l.s, l.len, false);
	}
	if (tlen == title.len)
		body = pos;
	/* Times without a zone are UTC; a time line refines a bare date. */
	if (has_date && tod >= 0 && date % 86400 == 0)
		date += tod;
	a.date = date;
	a.has_date = has_date;
	st = bl_article_set(&a.title, title.s, tlen, false);
	if (st == BL_OK)
		st = bl_article_set_body(&a, in->text + body, in->len - body);
	if (st == BL_OK)
		st = bl_article_set_exact(&a.id, in->id, strlen(in->id));
	if (st == BL_OK)
		st = bl_article_set_exact(&a.path, in->path, strlen(in->path));
	if (st == BL_OK && (a.title || a.body))
		st = in->emit(in->ctx, &a);
	bl_article_clear(&a);
	return st;
}
