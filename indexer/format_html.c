/* format_html.c - one news page in HTML: metadata from its meta tags, text from its article element. */
#include "format.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bl_charset.h"
#include "bl_date.h"
#include "bl_html.h"
#include "bl_markup.h"

/* How far the content must show it is HTML: where the document must
 * start, and where an html, head or body tag must appear. */
#define DETECT_START ((size_t)64 << 10)
#define DETECT_TAGS 4096
/* Scores: a page, a document with html/head/body tags, a bonus for the
 * file name, and a file named .html with none of those tags. */
#define SCORE_PAGE 85
#define SCORE_TAGS 70
#define SCORE_NAME_BONUS 5
#define SCORE_NAME_ONLY 20
/* Where a declared charset is looked for: up to the body, within this. */
#define CHARSET_SCAN ((size_t)64 << 10)
#define CHARSET_MAX 48
/* <time datetime> elements remembered, to prefer one in the article. */
#define TIMES_MAX 32
/* Longest markup of a byline link; a longer one was left open. */
#define AUTHOR_LINK_MAX 4096
/* Bytes of a bad date quoted in a warning. */
#define WARN_QUOTE 60

typedef struct span {
	const char *s;          /* NULL when absent */
	size_t len;
} span_t;

/* Date sources, most trusted first. */
enum { DATE_PUBLISHED, DATE_META, DATE_TIME, NDATES };
/* Author sources, most trusted first; AUTHOR_LINK is markup. */
enum { AUTHOR_META, AUTHOR_ARTICLE, AUTHOR_LINK, NAUTHORS };
/* Where the article's text may be, best first: the longest top-level
 * article element, main, body, the whole page. */
enum { REGION_ARTICLE, REGION_MAIN, REGION_BODY, REGION_PAGE, NREGIONS };

/* What a scan of the page found; spans point into the converted page. */
typedef struct page {
	const char *s;
	size_t len;
	span_t og_title, title, site, url, canonical, lang;
	span_t author[NAUTHORS];
	span_t date[NDATES];
	span_t times[TIMES_MAX];
	size_t time_at[TIMES_MAX];
	size_t ntimes;
	span_t region[NREGIONS];
} page_t;

/* <meta> names giving the publication date. */
static const char *const date_names[] = {
	"date", "pubdate", "publishdate", "dc.date", "dc.date.issued",
	"dcterms.date", "dcterms.issued", "datepublished", NULL
};

/* Elements whose content is raw text to the end of the input when the
 * end tag is missing; title and textarea are handled apart. */
static const char *const raw_elements[] = {
	"script", "style", "noscript", "iframe", "noembed", "noframes", "xmp",
	NULL
};

/* Elements that start a page written without <html>. */
static const char *const head_first[] = {
	"head", "body", "title", "meta", NULL
};

static bool
in_list(const char *const *list, const char *s, size_t len)
{
	for (; *list; list++)
		if (bl_markup_eq(s, len, *list))
			return true;
	return false;
}

static bool
blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
		    s[i] != '\f')
			return false;
	return true;
}

static span_t
trimmed(const char *s, size_t len)
{
	span_t r;

	while (len && blank(s, 1)) {
		s++;
		len--;
	}
	while (len && blank(s + len - 1, 1))
		len--;
	r.s = s;
	r.len = len;
	return r;
}

/* True when path (less a ".gz") ends with one of the extensions. */
static bool
named(const char *path, const char *const *exts)
{
	size_t n = path ? strlen(path) : 0, k;

	if (n > 3 && strcasecmp(path + n - 3, ".gz") == 0)
		n -= 3;
	for (; *exts; exts++) {
		k = strlen(*exts);
		if (n > k && strncasecmp(path + n - k, *exts, k) == 0)
			return true;
	}
	return false;
}

/* True when one of <html, <head, <body opens a tag in s[0..len). */
static bool
has_page_tag(const char *s, size_t len)
{
	static const char *const names[] = { "html", "head", "body", NULL };
	const char *p, *const *n;
	size_t i = 0;

	while (i < len && (p = memchr(s + i, '<', len - i)) != NULL) {
		i = (size_t)(p - s) + 1;
		for (n = names; *n; n++) {
			if (len - i > 4 && bl_markup_eq(s + i, 4, *n) &&
			    (blank(s + i + 4, 1) || s[i + 4] == '>' ||
			     s[i + 4] == '/'))
				return true;
		}
	}
	return false;
}

static size_t
skip_bom(const char *text, size_t len)
{
	return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

int
format_html_detect(const char *text, size_t len, const char *path)
{
	static const char *const exts[] = { ".html", ".htm", ".xhtml", NULL };
	int bonus = named(path, exts) ? SCORE_NAME_BONUS : 0;
	size_t off = skip_bom(text, len);
	bl_markup_t m;
	bl_markup_token_t t;
	span_t d;
	bool xml = false;

	bl_markup_init(&m, text + off,
	               len - off < DETECT_START ? len - off : DETECT_START);
	while (bl_markup_next(&m, &t)) {
		if ((t.kind == BL_MARKUP_TEXT && blank(t.text, t.len)) ||
		    t.kind == BL_MARKUP_COMMENT)
			continue;
		if (t.kind == BL_MARKUP_OTHER && t.len && t.text[0] == '?') {
			xml = true;
			continue;
		}
		if (t.kind == BL_MARKUP_START && strcmp(t.name, "html") == 0)
			return SCORE_PAGE + bonus;
		if (t.kind == BL_MARKUP_OTHER && t.len > 8 &&
		    bl_markup_eq(t.text, 8, "!doctype")) {
			d = trimmed(t.text + 8, t.len - 8);
			if (d.len >= 4 && bl_markup_eq(d.s, 4, "html") &&
			    (d.len == 4 || blank(d.s + 4, 1)))
				return SCORE_PAGE + bonus;
			/* Another kind of SGML or XML (Reuters' <!DOCTYPE
			 * lewis>, whose records have <BODY> elements). */
			return bonus ? SCORE_NAME_ONLY : 0;
		}
		if (t.kind == BL_MARKUP_START && xml)
			return bonus ? SCORE_NAME_ONLY : 0;
		/* Pages that leave out <html> start with what goes in it. */
		if (t.kind == BL_MARKUP_START && in_list(head_first, t.name,
		                                         strlen(t.name)))
			return SCORE_TAGS + bonus;
		break;
	}
	if (has_page_tag(text, len < DETECT_TAGS ? len : DETECT_TAGS))
		return SCORE_TAGS + bonus;
	return bonus ? SCORE_NAME_ONLY : 0;
}

/* Copies the charset declared by a <meta> tag or an XML declaration in
 * the head of the raw page into cs ("" when there is none). */
static void
declared_charset(const char *s, size_t len, char *cs, size_t cap)
{
	bl_markup_t m;
	bl_markup_token_t t;
	const char *v = NULL, *c;
	size_t n = 0, clen;

	bl_markup_init(&m, s, len < CHARSET_SCAN ? len : CHARSET_SCAN);
	while (v == NULL && bl_markup_next(&m, &t)) {
		if (t.kind == BL_MARKUP_OTHER && t.len > 4 &&
		    bl_markup_eq(t.text, 4, "?xml") && blank(t.text + 4, 1)) {
			if (!bl_markup_param(t.text, t.len, "encoding", &v, &n))
				v = NULL;
		} else if (t.kind != BL_MARKUP_START) {
			continue;
		} else if (strcmp(t.name, "body") == 0) {
			break;
		} else if (in_list(raw_elements, t.name, strlen(t.name))) {
			bl_markup_skip_raw(&m, t.name, NULL, NULL);
		} else if (strcmp(t.name, "meta") == 0) {
			if (!bl_markup_attr(&t, "charset", &v, &n) &&
			    bl_markup_attr(&t, "http-equiv", &c, &clen) &&
			    bl_markup_eq(c, clen, "content-type") &&
			    bl_markup_attr(&t, "content", &c, &clen) &&
			    !bl_markup_param(c, clen, "charset", &v, &n))
				v = NULL;
			if (v && trimmed(v, n).len == 0)
				v = NULL;
		}
	}
	cs[0] = '\0';
	if (v) {
		span_t name = trimmed(v, n);

		/* A UTF-16 label on text that is plainly 8-bit (the
		 * indexer calls text with NUL bytes binary) is wrong;
		 * HTML5 reads it as UTF-8. */
		if (name.len >= 6 && (bl_markup_eq(name.s, 6, "utf-16") ||
		                      bl_markup_eq(name.s, 6, "utf-32")))
			name = (span_t){ "utf-8", 5 };
		if (name.len < cap) {
			memcpy(cs, name.s, name.len);
			cs[name.len] = '\0';
		}
	}
}

static void
keep(span_t *field, const char *s, size_t len)
{
	if (field->s == NULL) {
		*field = trimmed(s, len);
		if (field->len == 0)
			field->s = NULL;
	}
}

static bool
is_url(span_t v)
{
	return (v.len >= 7 && bl_markup_eq(v.s, 7, "http://")) ||
	       (v.len >= 8 && bl_markup_eq(v.s, 8, "https://"));
}

/* Sets *field to s[0..len) with character references decoded. */
static bl_status_t
set_decoded(char **field, const char *s, size_t len, bl_buf_t *tmp)
{
	bl_buf_reset(tmp);
	if (bl_html_decode_entities(s, len, tmp) != BL_OK)
		return tmp->err == BL_ERR_NOMEM ? BL_ERR_NOMEM : BL_OK;
	return bl_article_set(field, tmp->data ? tmp->data : "", tmp->len, false);
}

/* Takes what a <meta> tag says; categories go straight into a. */
static bl_status_t
meta(page_t *p, const bl_markup_token_t *t, bl_article_t *a, bl_buf_t *tmp)
{
	const char *k, *v;
	size_t klen, vlen;
	span_t key, val;
	char *cat = NULL;
	bl_status_t st;

	if (!bl_markup_attr(t, "content", &v, &vlen) ||
	    (!bl_markup_attr(t, "property", &k, &klen) &&
	     !bl_markup_attr(t, "name", &k, &klen) &&
	     !bl_markup_attr(t, "itemprop", &k, &klen)))
		return BL_OK;
	key = trimmed(k, klen);
	val = trimmed(v, vlen);
	if (bl_markup_eq(key.s, key.len, "og:title"))
		keep(&p->og_title, v, vlen);
	else if (bl_markup_eq(key.s, key.len, "og:site_name"))
		keep(&p->site, v, vlen);
	else if (bl_markup_eq(key.s, key.len, "og:url"))
		keep(&p->url, v, vlen);
	else if (bl_markup_eq(key.s, key.len, "article:published_time"))
		keep(&p->date[DATE_PUBLISHED], v, vlen);
	else if (in_list(date_names, key.s, key.len))
		keep(&p->date[DATE_META], v, vlen);
	else if (bl_markup_eq(key.s, key.len, "author") ||
	         bl_markup_eq(key.s, key.len, "dc.creator"))
		keep(&p->author[AUTHOR_META], v, vlen);
	else if (bl_markup_eq(key.s, key.len, "article:author") && !is_url(val))
		keep(&p->author[AUTHOR_ARTICLE], v, vlen);
	else if (bl_markup_eq(key.s, key.len, "article:section") ||
	         bl_markup_eq(key.s, key.len, "article:tag")) {
		st = set_decoded(&cat, v, vlen, tmp);
		if (st == BL_OK && cat)
			st = bl_strlist_add(&a->categories, cat, strlen(cat));
		free(cat);
		return st;
	}
	return BL_OK;
}

/* The markup inside the element whose start tag was just read, up to its
 * end tag (or the next start tag of the same name, or the end). Called
 * once a page. */
static span_t
inner(const bl_markup_t *m, const bl_markup_token_t *start)
{
	bl_markup_t look = *m;
	bl_markup_token_t t;
	span_t r = { m->s + start->end, m->len - start->end };

	while (bl_markup_next(&look, &t)) {
		if ((t.kind == BL_MARKUP_END || t.kind == BL_MARKUP_START) &&
		    strcmp(t.name, start->name) == 0) {
			r.len = t.start - start->end;
			break;
		}
	}
	return r;
}

/* Tracks the article, main and body elements: their content. */
typedef struct regions {
	unsigned articles;      /* open article elements */
	size_t article_at;      /* where the outermost one's content starts */
	bool in_main;
} regions_t;

static void
end_region(regions_t *r, page_t *p, const char *name, size_t at)
{
	span_t *art = &p->region[REGION_ARTICLE], *mreg = &p->region[REGION_MAIN];

	if (strcmp(name, "article") == 0 && r->articles &&
	    --r->articles == 0 &&
	    (art->s == NULL || at - r->article_at > art->len)) {
		art->s = p->s + r->article_at;
		art->len = at - r->article_at;
	} else if (strcmp(name, "main") == 0 && r->in_main) {
		mreg->len = (size_t)(p->s + at - mreg->s);
		r->in_main = false;
	}
}

static void
start_region(regions_t *r, page_t *p, const bl_markup_token_t *t)
{
	span_t *mreg = &p->region[REGION_MAIN], *body = &p->region[REGION_BODY];

	if (t->self_closing)
		return;
	if (strcmp(t->name, "article") == 0 && r->articles++ == 0) {
		r->article_at = t->end;
	} else if (strcmp(t->name, "main") == 0 && mreg->s == NULL) {
		mreg->s = p->s + t->end;
		r->in_main = true;
	} else if (strcmp(t->name, "body") == 0 && body->s == NULL) {
		body->s = p->s + t->end;
		body->len = p->len - t->end;
	}
}

/* Reads the converted page p->s[0..p->len) once for everything. */
static bl_status_t
scan(page_t *p, bl_article_t *a, bl_buf_t *tmp)
{
	bl_markup_t m;
	bl_markup_token_t t;
	regions_t r;
	const char *v;
	size_t vlen, at;
	unsigned svg = 0;
	bool no_title_end = false, no_textarea_end = false, link_tried = false;
	span_t raw;
	bl_status_t st = BL_OK;

	memset(&r, 0, sizeof r);
	bl_markup_init(&m, p->s, p->len);
	while (st == BL_OK && bl_markup_next(&m, &t)) {
		if (t.kind == BL_MARKUP_END) {
			end_region(&r, p, t.name, t.start);
			if (strcmp(t.name, "svg") == 0 && svg)
				svg--;
			continue;
		}
		if (t.kind != BL_MARKUP_START)
			continue;
		start_region(&r, p, &t);
		if (strcmp(t.name, "meta") == 0) {
			st = meta(p, &t, a, tmp);
		} else if (strcmp(t.name, "html") == 0) {
			if (bl_markup_attr(&t, "lang", &v, &vlen) ||
			    bl_markup_attr(&t, "xml:lang", &v, &vlen))
				keep(&p->lang, v, vlen);
		} else if (strcmp(t.name, "link") == 0 || strcmp(t.name, "a") == 0) {
			if (!bl_markup_attr(&t, "rel", &v, &vlen))
				continue;
			if (bl_markup_has_word(v, vlen, "canonical") &&
			    bl_markup_attr(&t, "href", &v, &vlen))
				keep(&p->canonical, v, vlen);
			else if (t.name[0] == 'a' && !link_tried &&
			         bl_markup_has_word(v, vlen, "author")) {
				link_tried = true;
				raw = inner(&m, &t);
				if (raw.len <= AUTHOR_LINK_MAX)
					keep(&p->author[AUTHOR_LINK], raw.s, raw.len);
			}
		} else if (strcmp(t.name, "time") == 0) {
			if (p->ntimes < TIMES_MAX &&
			    bl_markup_attr(&t, "datetime", &v, &vlen) &&
			    trimmed(v, vlen).len) {
				p->times[p->ntimes] = trimmed(v, vlen);
				p->time_at[p->ntimes++] = t.start;
			}
		} else if (strcmp(t.name, "svg") == 0) {
			svg += !t.self_closing;
		} else if (strcmp(t.name, "title") == 0 && !t.self_closing &&
		           !no_title_end) {
			/* An unclosed title is read as markup again; there is
			 * no use looking for its end tag twice. */
			at = m.pos;
			if (bl_markup_skip_raw(&m, "title", &raw.s, &raw.len)) {
				if (svg == 0)
					keep(&p->title, raw.s, raw.len);
			} else {
				m.pos = at;
				no_title_end = true;
			}
		} else if (strcmp(t.name, "textarea") == 0 && !t.self_closing &&
		           !no_textarea_end) {
			at = m.pos;
			if (!bl_markup_skip_raw(&m, "textarea", NULL, NULL)) {
				m.pos = at;
				no_textarea_end = true;
			}
		} else if (!t.self_closing && in_list(raw_elements, t.name,
		                                       strlen(t.name))) {
			bl_markup_skip_raw(&m, t.name, NULL, NULL);
		}
	}
	if (r.articles) {
		r.articles = 1;
		end_region(&r, p, "article", p->len);
	}
	if (r.in_main)
		end_region(&r, p, "main", p->len);
	p->region[REGION_PAGE].s = p->s;
	p->region[REGION_PAGE].len = p->len;
	return st;
}

/* The first <time datetime> inside the article's text, else the first. */
static span_t
time_date(const page_t *p, span_t body)
{
	size_t i, from = (size_t)(body.s - p->s);
	span_t none = { NULL, 0 };

	for (i = 0; i < p->ntimes; i++)
		if (p->time_at[i] >= from && p->time_at[i] < from + body.len)
			return p->times[i];
	return p->ntimes ? p->times[0] : none;
}

/* Reports an unparseable date, quoting its start on one line. */
static void
warn_date(const format_input_t *in, size_t record, span_t d)
{
	char msg[WARN_QUOTE + 32];
	size_t n = d.len < WARN_QUOTE ? d.len : WARN_QUOTE, i;
	int k;

	/* Cut before a UTF-8 continuation byte, never inside a character. */
	while (n < d.len && n && ((unsigned char)d.s[n] & 0xC0) == 0x80)
		n--;
	k = snprintf(msg, sizeof msg, "unparseable date '%.*s%s'", (int)n, d.s,
	             n < d.len ? "..." : "");
	for (i = 0; k > 0 && i < (size_t)k && i < sizeof msg; i++)
		if ((unsigned char)msg[i] < 0x20)
			msg[i] = ' ';
	in->warn(in->ctx, record, msg);
}

/* Sets the date from the first candidate that parses. */
static void
set_date(const format_input_t *in, const page_t *p, span_t body,
         bl_article_t *a, bl_buf_t *tmp)
{
	span_t cand[NDATES], first = { NULL, 0 };
	size_t i;
	int64_t t;

	cand[DATE_PUBLISHED] = p->date[DATE_PUBLISHED];
	cand[DATE_META] = p->date[DATE_META];
	cand[DATE_TIME] = time_date(p, body);
	for (i = 0; i < NDATES; i++) {
		if (cand[i].s == NULL)
			continue;
		bl_buf_reset(tmp);
		bl_html_decode_entities(cand[i].s, cand[i].len, tmp);
		if (tmp->err != BL_OK)
			continue;
		if (bl_date_parse(tmp->data, tmp->len, &t) == BL_OK) {
			a->date = t;
			a->has_date = true;
			return;
		}
		if (first.s == NULL)
			first = cand[i];
	}
	if (first.s)
		warn_date(in, 1, first);
}

/* Drops a trailing " - Site Name" (or " | ", dashes, middle dot) from
 * title when it is the site's name. */
static void
strip_site(char *title, const char *site)
{
	static const char *const seps[] = {
		" - ", " | ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " \xC2\xB7 ",
		" :: ", NULL
	};
	size_t n = strlen(site), len = strlen(title), k;
	const char *const *sep;

	if (len <= n || strcasecmp(title + len - n, site) != 0)
		return;
	for (sep = seps; *sep; sep++) {
		k = strlen(*sep);
		if (len > n + k && memcmp(title + len - n - k, *sep, k) == 0) {
			title[len - n - k] = '\0';
			return;
		}
	}
}

/* Text of markup, for the body or a byline link. */
static bl_status_t
set_text(char **field, bl_article_t *a, span_t markup, bl_buf_t *tmp)
{
	bl_buf_reset(tmp);
	bl_html_to_text(markup.s, markup.len, tmp);
	if (tmp->err == BL_ERR_NOMEM)
		return BL_ERR_NOMEM;
	if (field)
		return bl_article_set(field, tmp->data ? tmp->data : "", tmp->len,
		                      false);
	return bl_article_set_body(a, tmp->data ? tmp->data : "", tmp->len);
}

static bl_status_t
build(const format_input_t *in, page_t *p, bl_article_t *a, bl_buf_t *tmp)
{
	span_t title, body = { NULL, 0 };
	bl_status_t st = scan(p, a, tmp);
	size_t i;

	/* The first region with any text is the article's. */
	for (i = 0; st == BL_OK && a->body == NULL && i < NREGIONS; i++) {
		body = p->region[i];
		if (body.s)
			st = set_text(NULL, a, body, tmp);
	}
	title = p->og_title.s ? p->og_title : p->title;
	if (st == BL_OK && p->site.s)
		st = set_decoded(&a->source, p->site.s, p->site.len, tmp);
	if (st == BL_OK && title.s)
		st = set_decoded(&a->title, title.s, title.len, tmp);
	if (st == BL_OK && a->title && a->source)
		strip_site(a->title, a->source);
	if (st == BL_OK && (p->url.s || p->canonical.s))
		st = set_decoded(&a->url, p->url.s ? p->url.s : p->canonical.s,
		                 p->url.s ? p->url.len : p->canonical.len, tmp);
	if (st == BL_OK && p->lang.s)
		st = set_decoded(&a->language, p->lang.s, p->lang.len, tmp);
	if (st == BL_OK && p->author[AUTHOR_META].s)
		st = set_decoded(&a->author, p->author[AUTHOR_META].s,
		                 p->author[AUTHOR_META].len, tmp);
	if (st == BL_OK && a->author == NULL && p->author[AUTHOR_ARTICLE].s)
		st = set_decoded(&a->author, p->author[AUTHOR_ARTICLE].s,
		                 p->author[AUTHOR_ARTICLE].len, tmp);
	if (st == BL_OK && a->author == NULL && p->author[AUTHOR_LINK].s)
		st = set_text(&a->author, a, p->author[AUTHOR_LINK], tmp);
	if (st == BL_OK)
		set_date(in, p, body, a, tmp);
	if (st == BL_OK)
		st = bl_article_set_exact(&a->id, in->id, strlen(in->id));
	if (st == BL_OK)
		st = bl_article_set_exact(&a->path, in->path, strlen(in->path));
	return st;
}

bl_status_t
format_html_read(const format_input_t *in)
{
	const char *text = in->text;
	size_t len = in->len, off = skip_bom(text, len);
	char cs[CHARSET_MAX];
	bl_buf_t conv, tmp;
	bl_article_t a;
	page_t p;
	bl_status_t st;

	if (len > FORMAT_MAX_RECORD) {
		in->warn(in->ctx, 1, "page larger than the record size limit");
		return BL_OK;
	}
	/* A byte order mark overrides any declaration. */
	if (off)
		strcpy(cs, "utf-8");
	else
		declared_charset(text, len, cs, sizeof cs);
	/* No charset takes more than 4 bytes of UTF-8 for one input byte. */
	bl_buf_init(&conv, 4 * (len - off) + 16);   /* len is capped above */
	bl_buf_init(&tmp, FORMAT_MAX_RECORD);
	bl_article_init(&a);
	st = bl_charset_to_utf8(cs[0] ? cs : NULL, text + off, len - off, &conv);
	if (st == BL_OK) {
		memset(&p, 0, sizeof p);
		p.s = conv.data ? conv.data : "";
		p.len = conv.len;
		st = build(in, &p, &a, &tmp);
	} else if (st == BL_ERR_LIMIT) {
		in->warn(in->ctx, 1, "page too large once converted to UTF-8");
		st = BL_OK;
	}
	if (st == BL_OK && (a.title || a.body))
		st = in->emit(in->ctx, &a);
	bl_article_clear(&a);
	bl_buf_free(&conv);
	bl_buf_free(&tmp);
	return st;
}
