/* format_feed.c - RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom feeds: each item or entry is one article. */
#include "format.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bl_charset.h"
#include "bl_date.h"
#include "bl_html.h"
#include "bl_markup.h"
#include "bl_utf8.h"

/* Where detection looks for the root element. */
#define DETECT_SCAN ((size_t)64 << 10)
/* Scores: a feed's root element, a bonus for the file name, and files
 * only named like feeds (.rss, .atom; .xml says less). */
#define SCORE_FEED 95
#define SCORE_NAME_BONUS 3
#define SCORE_NAME_ONLY 20
#define SCORE_XML_ONLY 5
#define CHARSET_MAX 48
/* Open elements tracked outside items; deeper ones are only counted. */
#define STACK_MAX 32
/* Names of unclosed unknown elements remembered per item. */
#define VOIDS_MAX 8
/* Bytes of a bad date quoted in a warning. */
#define WARN_QUOTE 60

typedef struct span {
	const char *s;          /* NULL when absent */
	size_t len;
} span_t;

/* A field of an item: the markup between its tags, and whether it holds
 * HTML (escaped, in CDATA or as markup) rather than plain text. */
typedef struct field {
	span_t inner;
	bool html;
} field_t;

/* Date and body sources, best first. */
enum { DATE_PUBDATE, DATE_DC, DATE_PUBLISHED, DATE_UPDATED, NDATES };
enum { BODY_ENCODED, BODY_CONTENT, BODY_DESCRIPTION, BODY_SUMMARY, NBODIES };

typedef struct item {
	field_t title, author, creator, link, guid, id;
	span_t href;            /* Atom link to the article */
	span_t about;           /* RSS 1.0 rdf:about */
	bool permalink;         /* the guid is the article's URL */
	field_t date[NDATES];
	field_t body[NBODIES];
} item_t;

/* The names of the elements open outside items. */
typedef struct stack {
	char names[STACK_MAX][BL_MARKUP_NAME_MAX];
	size_t n;
	size_t over;            /* opened beyond STACK_MAX */
} stack_t;

typedef struct feed {
	const format_input_t *in;
	bool atom;              /* the root is <feed> */
	bool root_seen;
	char *source;           /* the channel's or feed's title */
	char *language;
	char *author;           /* the Atom feed's author */
	bool tried_source, tried_language, tried_author;
	size_t n;               /* items and entries met, malformed included */
	bl_buf_t tmp, text;
	stack_t stack;
} feed_t;

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

static size_t
skip_bom(const char *text, size_t len)
{
	return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
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

static bool
is_item(const char *name)
{
	return strcmp(name, "item") == 0 || strcmp(name, "entry") == 0;
}

static bool
is_root(const char *name)
{
	size_t n = strlen(name);

	return strcmp(name, "rss") == 0 || strcmp(name, "feed") == 0 ||
	       strcmp(name, "rdf") == 0 ||
	       (n > 4 && strcmp(name + n - 4, ":rdf") == 0);
}

int
format_feed_detect(const char *text, size_t len, const char *path)
{
	static const char *const feed_exts[] = { ".rss", ".atom", NULL };
	static const char *const xml_exts[] = { ".xml", NULL };
	bool feed_name = named(path, feed_exts), xml_name = named(path, xml_exts);
	size_t off = skip_bom(text, len);
	bl_markup_t m;
	bl_markup_token_t t;

	bl_markup_init(&m, text + off,
	               len - off < DETECT_SCAN ? len - off : DETECT_SCAN);
	while (bl_markup_next(&m, &t)) {
		if ((t.kind == BL_MARKUP_TEXT && blank(t.text, t.len)) ||
		    t.kind == BL_MARKUP_COMMENT || t.kind == BL_MARKUP_OTHER)
			continue;
		if (t.kind == BL_MARKUP_START && is_root(t.name))
			return SCORE_FEED +
			       (feed_name || xml_name ? SCORE_NAME_BONUS : 0);
		break;
	}
	return feed_name ? SCORE_NAME_ONLY : xml_name ? SCORE_XML_ONLY : 0;
}

/* Copies the encoding named by the XML declaration into cs ("" if none). */
static void
declared_encoding(const char *s, size_t len, char *cs, size_t cap)
{
	bl_markup_t m;
	bl_markup_token_t t;
	const char *v;
	size_t n;
	span_t name;

	cs[0] = '\0';
	bl_markup_init(&m, s, len < DETECT_SCAN ? len : DETECT_SCAN);
	do {
		if (!bl_markup_next(&m, &t))
			return;
	} while (t.kind == BL_MARKUP_TEXT && blank(t.text, t.len));
	if (t.kind != BL_MARKUP_OTHER || t.len < 5 ||
	    !bl_markup_eq(t.text, 4, "?xml") || !blank(t.text + 4, 1) ||
	    !bl_markup_param(t.text, t.len, "encoding", &v, &n))
		return;
	name = trimmed(v, n);
	/* A UTF-16 label on text that is plainly 8-bit (the indexer calls
	 * text with NUL bytes binary) is wrong; HTML5 reads it as UTF-8. */
	if (name.len >= 6 && (bl_markup_eq(name.s, 6, "utf-16") ||
	                      bl_markup_eq(name.s, 6, "utf-32")))
		name = (span_t){ "utf-8", 5 };
	if (name.len < cap) {
		memcpy(cs, name.s, name.len);
		cs[name.len] = '\0';
	}
}

static void
push(stack_t *st, const char *name)
{
	if (st->n < STACK_MAX)
		memcpy(st->names[st->n++], name, BL_MARKUP_NAME_MAX);
	else
		st->over++;
}

/* Closes name and whatever was left open inside it; an end tag of no
 * open element is ignored. */
static void
pop(stack_t *st, const char *name)
{
	size_t i;

	if (st->over) {
		st->over--;
		return;
	}
	for (i = st->n; i > 0; i--) {
		if (strcmp(st->names[i - 1], name) == 0) {
			st->n = i - 1;
			return;
		}
	}
}

/* True when the element being opened is a child of the channel or feed
 * (not of an image, textinput...). */
static bool
channel_level(const stack_t *st)
{
	const char *top = st->n && !st->over ? st->names[st->n - 1] : "";

	return strcmp(top, "channel") == 0 || strcmp(top, "feed") == 0;
}

/* Finds the end tag matching start, the start tag just read from m (not
 * self-closing): on success *inner is what lies between them and m is
 * moved past the end tag. Fails, leaving m alone, at the end of the input
 * or at an item's start or end tag. */
static bool
extent(bl_markup_t *m, const bl_markup_token_t *start, span_t *inner)
{
	bl_markup_t look = *m;
	bl_markup_token_t t;
	unsigned depth = 0;

	if (start->name[0] == '\0')
		return false;
	while (bl_markup_next(&look, &t)) {
		if ((t.kind == BL_MARKUP_START || t.kind == BL_MARKUP_END) &&
		    is_item(t.name) && !is_item(start->name))
			return false;
		if (strcmp(t.name, start->name) != 0)
			continue;
		if (t.kind == BL_MARKUP_START && !t.self_closing) {
			depth++;
		} else if (t.kind == BL_MARKUP_END && depth) {
			depth--;
		} else if (t.kind == BL_MARKUP_END) {
			inner->s = m->s + start->end;
			inner->len = t.start - start->end;
			m->pos = t.end;
			return true;
		}
	}
	return false;
}

/* Appends the character data of markup to out (references decoded,
 * CDATA sections as they are), ignoring tags. Returns true if it had
 * tags. */
static bool
xml_text(span_t markup, bl_buf_t *out)
{
	bl_markup_t m;
	bl_markup_token_t t;
	bool tags = false;

	bl_markup_init(&m, markup.s, markup.len);
	while (bl_markup_next(&m, &t)) {
		if (t.kind == BL_MARKUP_TEXT)
			bl_html_decode_entities(t.text, t.len, out);
		else if (t.kind == BL_MARKUP_CDATA)
			bl_utf8_repair(t.text, t.len, out, NULL);
		else if (t.kind == BL_MARKUP_START || t.kind == BL_MARKUP_END)
			tags = true;
	}
	return tags;
}

/* Converts field f into f->text: plain text, or HTML turned into text.
 * HTML may come escaped or in CDATA (decoded first, then converted) or
 * as markup in the feed (converted as it stands). Returns BL_OK, or
 * BL_ERR_LIMIT / BL_ERR_NOMEM from the buffers. */
static bl_status_t
field_text(feed_t *f, field_t fld)
{
	bool tags;

	bl_buf_reset(&f->tmp);
	bl_buf_reset(&f->text);
	if (!fld.html) {
		xml_text(fld.inner, &f->text);
		return f->text.err;
	}
	tags = xml_text(fld.inner, &f->tmp);
	if (f->tmp.err != BL_OK)
		return f->tmp.err;
	if (tags)
		return bl_html_to_text(fld.inner.s, fld.inner.len, &f->text);
	return bl_html_to_text(f->tmp.data ? f->tmp.data : "", f->tmp.len,
	                       &f->text);
}

/* Sets *dst (the body when dst is NULL) from field fld if it is there. A
 * field too large for the buffers is left out. */
static bl_status_t
set_field(feed_t *f, bl_article_t *a, char **dst, field_t fld)
{
	bl_status_t st;
	const char *s;

	if (fld.inner.s == NULL)
		return BL_OK;
	st = field_text(f, fld);
	if (st != BL_OK)
		return st == BL_ERR_NOMEM ? st : BL_OK;
	s = f->text.data ? f->text.data : "";
	if (dst)
		return bl_article_set(dst, s, f->text.len, false);
	return bl_article_set_body(a, s, f->text.len);
}

static bool
attr_value(const bl_markup_token_t *t, const char *name, span_t *v)
{
	const char *s;
	size_t n;

	if (!bl_markup_attr(t, name, &s, &n))
		return false;
	*v = trimmed(s, n);
	return true;
}

/* Whether a text construct holds HTML: Atom says so with type="html" or
 * "xhtml" (plain text otherwise); RSS titles and descriptions hold HTML
 * by custom, often escaped twice. */
static bool
holds_html(const feed_t *f, const bl_markup_token_t *t, bool rss_html)
{
	span_t type;

	if (attr_value(t, "type", &type)) {
		for (size_t i = 0; i + 4 <= type.len; i++)
			if (bl_markup_eq(type.s + i, 4, "html"))
				return true;
		return false;
	}
	return f->atom ? false : rss_html;
}

static void
keep(field_t *fld, span_t inner, bool html)
{
	if (fld->inner.s == NULL) {
		fld->inner = inner;
		fld->html = html;
	}
}

static bool
looks_like_url(span_t v)
{
	return (v.len > 7 && bl_markup_eq(v.s, 7, "http://")) ||
	       (v.len > 8 && bl_markup_eq(v.s, 8, "https://"));
}

/* Takes the attributes of an item's child that may carry its value
 * there; true when the child needs no content. */
static bool
by_attributes(const bl_markup_token_t *t, item_t *it, bl_article_t *a,
              bl_buf_t *tmp, bl_status_t *st)
{
	span_t v, rel;
	char *cat = NULL;

	if (strcmp(t->name, "link") == 0 && attr_value(t, "href", &v)) {
		if ((!attr_value(t, "rel", &rel) ||
		     bl_markup_eq(rel.s, rel.len, "alternate")) &&
		    it->href.s == NULL && v.len)
			it->href = v;
		return true;
	}
	if (strcmp(t->name, "category") == 0 && attr_value(t, "term", &v)) {
		bl_buf_reset(tmp);
		bl_html_decode_entities(v.s, v.len, tmp);
		*st = bl_article_set(&cat, tmp->data ? tmp->data : "", tmp->len,
		                     false);
		if (*st == BL_OK && cat)
			*st = bl_strlist_add(&a->categories, cat, strlen(cat));
		free(cat);
		return true;
	}
	return strcmp(t->name, "content") == 0 && attr_value(t, "src", &v);
}

/* Files the content of an item's child; categories go straight into a. */
static bl_status_t
child(feed_t *f, item_t *it, bl_article_t *a, const bl_markup_token_t *t,
      span_t inner)
{
	const char *n = t->name;
	span_t v;
	char *cat = NULL;
	bl_status_t st;

	if (strcmp(n, "title") == 0)
		keep(&it->title, inner, holds_html(f, t, true));
	else if (strcmp(n, "link") == 0)
		keep(&it->link, inner, false);
	else if (strcmp(n, "author") == 0)
		keep(&it->author, inner, false);
	else if (strcmp(n, "dc:creator") == 0)
		keep(&it->creator, inner, false);
	else if (strcmp(n, "id") == 0)
		keep(&it->id, inner, false);
	else if (strcmp(n, "guid") == 0 && it->guid.inner.s == NULL) {
		keep(&it->guid, inner, false);
		it->permalink = attr_value(t, "ispermalink", &v) ?
		                bl_markup_eq(v.s, v.len, "true") :
		                looks_like_url(trimmed(inner.s, inner.len));
	} else if (strcmp(n, "pubdate") == 0)
		keep(&it->date[DATE_PUBDATE], inner, false);
	else if (strcmp(n, "dc:date") == 0)
		keep(&it->date[DATE_DC], inner, false);
	else if (strcmp(n, "published") == 0 || strcmp(n, "issued") == 0)
		keep(&it->date[DATE_PUBLISHED], inner, false);
	else if (strcmp(n, "updated") == 0 || strcmp(n, "modified") == 0)
		keep(&it->date[DATE_UPDATED], inner, false);
	else if (strcmp(n, "content:encoded") == 0)
		keep(&it->body[BODY_ENCODED], inner, true);
	else if (strcmp(n, "content") == 0)
		keep(&it->body[BODY_CONTENT], inner, holds_html(f, t, true));
	else if (strcmp(n, "description") == 0)
		keep(&it->body[BODY_DESCRIPTION], inner, holds_html(f, t, true));
	else if (strcmp(n, "summary") == 0)
		keep(&it->body[BODY_SUMMARY], inner, holds_html(f, t, true));
	else if (strcmp(n, "category") == 0 || strcmp(n, "dc:subject") == 0) {
		field_t fld = { inner, false };

		st = field_text(f, fld);
		if (st != BL_OK)
			return st == BL_ERR_NOMEM ? st : BL_OK;
		st = bl_article_set(&cat, f->text.data ? f->text.data : "",
		                    f->text.len, false);
		if (st == BL_OK && cat)
			st = bl_strlist_add(&a->categories, cat, strlen(cat));
		free(cat);
		return st;
	}
	return BL_OK;
}

/* Children whose content an item cannot do without when unclosed. */
static bool
needed(const char *name)
{
	static const char *const names[] = {
		"title", "link", "author", "dc:creator", "id", "guid", "pubdate",
		"dc:date", "published", "issued", "updated", "modified",
		"content:encoded", "content", "description", "summary",
		"category", "dc:subject", NULL
	};
	const char *const *n;

	for (n = names; *n; n++)
		if (strcmp(*n, name) == 0)
			return true;
	return false;
}

/* Warns about the current item: "<before><name><after>". */
static void
warn_tag(const feed_t *f, const char *before, const char *name,
         const char *after)
{
	char msg[BL_MARKUP_NAME_MAX + 64];

	snprintf(msg, sizeof msg, "%s<%s>%s", before, name, after);
	f->in->warn(f->in->ctx, f->n, msg);
}

/* True when name is one of the n names in set. */
static bool
in_set(char set[][BL_MARKUP_NAME_MAX], size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(set[i], name) == 0)
			return true;
	return false;
}

/* Reads the children of an item, content[0..len). Returns false (after
 * warning) when one of the fields it needs is not closed. */
static bool
children(feed_t *f, span_t content, item_t *it, bl_article_t *a,
         bl_status_t *st)
{
	char voids[VOIDS_MAX][BL_MARKUP_NAME_MAX];
	size_t nvoids = 0;
	bl_markup_t m;
	bl_markup_token_t t;
	span_t inner;

	bl_markup_init(&m, content.s, content.len);
	while (*st == BL_OK && bl_markup_next(&m, &t)) {
		if (t.kind != BL_MARKUP_START)
			continue;
		if (by_attributes(&t, it, a, &f->tmp, st))
			continue;
		if (t.self_closing)
			continue;
		/* Unknown children are skipped whole (Atom's <source> has
		 * a title of its own) unless they turned out to be empty
		 * elements left open (<enclosure ...>); after VOIDS_MAX
		 * such names, all are, so that the scans stay linear. */
		if (!needed(t.name) &&
		    (nvoids == VOIDS_MAX || in_set(voids, nvoids, t.name)))
			continue;
		if (extent(&m, &t, &inner)) {
			*st = child(f, it, a, &t, inner);
		} else if (needed(t.name)) {
			warn_tag(f, "unclosed ", t.name, "");
			return false;
		} else {
			memcpy(voids[nvoids++], t.name, BL_MARKUP_NAME_MAX);
		}
	}
	return true;
}

/* The name inside an RSS author "jane@example.com (Jane Doe)". */
static void
author_name(char *s)
{
	char *open = strchr(s, '('), *close = strrchr(s, ')');
	size_t n;

	if (open == NULL || close == NULL || close[1] != '\0' || close < open ||
	    memchr(s, '@', (size_t)(open - s)) == NULL)
		return;
	n = (size_t)(close - open - 1);
	memmove(s, open + 1, n);
	s[n] = '\0';
}

/* Sets *dst from an author element: Atom's <name> child, else its text
 * (RSS's "jane@example.com (Jane Doe)" giving "Jane Doe"). */
static bl_status_t
set_person(feed_t *f, field_t person, char **dst)
{
	bl_markup_t m;
	bl_markup_token_t t;
	field_t name = { { NULL, 0 }, false };
	span_t inner;
	bl_status_t st;

	bl_markup_init(&m, person.inner.s, person.inner.len);
	while (bl_markup_next(&m, &t)) {
		if (t.kind == BL_MARKUP_START && !t.self_closing &&
		    strcmp(t.name, "name") == 0) {
			if (extent(&m, &t, &inner))
				name.inner = inner;
			break;
		}
	}
	st = set_field(f, NULL, dst, name.inner.s ? name : person);
	if (st == BL_OK && *dst && name.inner.s == NULL)
		author_name(*dst);
	return st;
}

/* Sets the author from the item's author or dc:creator, else the
 * feed's author (Atom entries inherit it). */
static bl_status_t
set_author(feed_t *f, item_t *it, bl_article_t *a)
{
	bl_status_t st = BL_OK;

	if (it->author.inner.s)
		st = set_person(f, it->author, &a->author);
	if (st == BL_OK && a->author == NULL)
		st = set_field(f, a, &a->author, it->creator);
	if (st == BL_OK && a->author == NULL && f->author)
		st = bl_article_set(&a->author, f->author, strlen(f->author),
		                    false);
	return st;
}

/* Reports an unparseable date, quoting its start on one line. */
static void
warn_date(const feed_t *f, const char *d, size_t len)
{
	char msg[WARN_QUOTE + 32];
	size_t n = len < WARN_QUOTE ? len : WARN_QUOTE, i;
	int k;

	/* Cut before a UTF-8 continuation byte, never inside a character. */
	while (n < len && n && ((unsigned char)d[n] & 0xC0) == 0x80)
		n--;
	k = snprintf(msg, sizeof msg, "unparseable date '%.*s%s'", (int)n, d,
	             n < len ? "..." : "");
	for (i = 0; k > 0 && i < (size_t)k && i < sizeof msg; i++)
		if ((unsigned char)msg[i] < 0x20)
			msg[i] = ' ';
	f->in->warn(f->in->ctx, f->n, msg);
}

/* Sets the date from the first date field that parses; warns when there
 * were dates and none did. */
static bl_status_t
set_date(feed_t *f, item_t *it, bl_article_t *a)
{
	char *first = NULL;
	size_t i;
	int64_t t;
	bl_status_t st = BL_OK;

	for (i = 0; i < NDATES && st == BL_OK; i++) {
		if (it->date[i].inner.s == NULL ||
		    (st = field_text(f, it->date[i])) != BL_OK)
			continue;
		if (bl_date_parse(f->text.data ? f->text.data : "", f->text.len,
		                  &t) == BL_OK) {
			a->date = t;
			a->has_date = true;
			break;
		}
		if (first == NULL)
			st = bl_article_set(&first, f->text.data, f->text.len, false);
	}
	if (st == BL_ERR_LIMIT)
		st = BL_OK;
	if (st == BL_OK && !a->has_date && first)
		warn_date(f, first, strlen(first));
	free(first);
	return st;
}

/* Fills a from the fields of it. */
static bl_status_t
fill(feed_t *f, item_t *it, bl_article_t *a)
{
	const format_input_t *in = f->in;
	bl_status_t st;
	size_t i;

	st = set_field(f, a, &a->title, it->title);
	if (st == BL_OK)
		st = set_author(f, it, a);
	if (st == BL_OK)
		st = set_date(f, it, a);
	for (i = 0; st == BL_OK && a->body == NULL && i < NBODIES; i++)
		st = set_field(f, a, NULL, it->body[i]);
	if (st == BL_OK)
		st = set_field(f, a, &a->url, it->link);
	if (st == BL_OK && a->url == NULL && it->href.s)
		st = set_field(f, a, &a->url, (field_t){ it->href, false });
	if (st == BL_OK && a->url == NULL && it->permalink)
		st = set_field(f, a, &a->url, it->guid);
	if (st == BL_OK)
		st = set_field(f, a, &a->id, it->guid);
	if (st == BL_OK && a->id == NULL)
		st = set_field(f, a, &a->id, it->id);
	if (st == BL_OK && a->id == NULL && it->about.s)
		st = set_field(f, a, &a->id, (field_t){ it->about, false });
	if (st == BL_OK && a->id == NULL && a->url)
		st = bl_article_set_exact(&a->id, a->url, strlen(a->url));
	if (st == BL_OK && a->id == NULL) {
		bl_buf_reset(&f->tmp);
		st = bl_buf_printf(&f->tmp, "%s#%zu", in->id, f->n);
		if (st == BL_OK)
			st = bl_article_set_exact(&a->id, f->tmp.data, f->tmp.len);
	}
	if (st == BL_OK && f->source)
		st = bl_article_set(&a->source, f->source, strlen(f->source), false);
	if (st == BL_OK && f->language)
		st = bl_article_set(&a->language, f->language,
		                    strlen(f->language), false);
	if (st == BL_OK)
		st = bl_article_set_exact(&a->path, in->path, strlen(in->path));
	return st;
}

/* Reads the item whose start tag was just read from m, and leaves m
 * after it, or at the next item when it is not closed. */
static bl_status_t
item(feed_t *f, bl_markup_t *m, const bl_markup_token_t *start)
{
	bl_markup_token_t t;
	span_t content = { m->s + start->end, 0 };
	item_t it;
	bl_article_t a;
	bl_status_t st = BL_OK;
	bool closed = false, whole;

	while (!closed && bl_markup_next(m, &t)) {
		if ((t.kind == BL_MARKUP_START || t.kind == BL_MARKUP_END) &&
		    is_item(t.name)) {
			if (t.kind == BL_MARKUP_START) {
				m->pos = t.start;
				break;
			}
			content.len = t.start - start->end;
			closed = true;
		}
	}
	if (!closed) {
		warn_tag(f, "unclosed ", start->name, "");
		return BL_OK;
	}
	if (content.len > FORMAT_MAX_RECORD) {
		warn_tag(f, "", start->name, " larger than the record size limit");
		return BL_OK;
	}
	memset(&it, 0, sizeof it);
	bl_article_init(&a);
	if (attr_value(start, "rdf:about", &it.about) && it.about.len == 0)
		it.about.s = NULL;
	whole = children(f, content, &it, &a, &st);
	if (whole && st == BL_OK)
		st = fill(f, &it, &a);
	if (whole && st == BL_OK && (a.title || a.body))
		st = f->in->emit(f->in->ctx, &a);
	bl_article_clear(&a);
	return st;
}

/* Takes the channel's or feed's title, language and (Atom) author. */
static bl_status_t
channel(feed_t *f, bl_markup_t *m, const bl_markup_token_t *t)
{
	span_t inner, v;
	field_t fld;
	bl_status_t st = BL_OK;

	if (!f->root_seen) {
		f->root_seen = true;
		f->atom = strcmp(t->name, "feed") == 0;
		if (attr_value(t, "xml:lang", &v) && v.len)
			st = bl_article_set(&f->language, v.s, v.len, false);
		return st;
	}
	if (!channel_level(&f->stack) || t->self_closing)
		return BL_OK;
	/* Each is looked for once: an unclosed one is not searched again. */
	if (strcmp(t->name, "title") == 0 && !f->tried_source) {
		f->tried_source = true;
		fld.html = holds_html(f, t, true);
	} else if ((strcmp(t->name, "language") == 0 ||
	            strcmp(t->name, "dc:language") == 0) &&
	           !f->tried_language) {
		f->tried_language = true;
		fld.html = false;
	} else if (strcmp(t->name, "author") == 0 && f->atom &&
	           !f->tried_author) {
		f->tried_author = true;
		fld.html = false;
	} else {
		return BL_OK;
	}
	if (!extent(m, t, &inner))
		return BL_OK;
	fld.inner = inner;
	if (t->name[0] == 'a')
		return set_person(f, fld, &f->author);
	return set_field(f, NULL, t->name[0] == 't' ? &f->source : &f->language,
	                 fld);
}

bl_status_t
format_feed_read(const format_input_t *in)
{
	const char *text = in->text;
	size_t len = in->len, off = skip_bom(text, len);
	char cs[CHARSET_MAX];
	bl_buf_t conv;
	bl_markup_t m;
	bl_markup_token_t t;
	feed_t f;
	bl_status_t st;

	memset(&f, 0, sizeof f);
	f.in = in;
	if (off)
		strcpy(cs, "utf-8");
	else
		declared_encoding(text, len, cs, sizeof cs);
	/* No charset takes more than 4 bytes of UTF-8 for one input byte. */
	bl_buf_init(&conv, len - off < SIZE_MAX / 8 ? 4 * (len - off) + 16 :
	                                              SIZE_MAX);
	bl_buf_init(&f.tmp, FORMAT_MAX_RECORD);
	bl_buf_init(&f.text, FORMAT_MAX_RECORD);
	st = bl_charset_to_utf8(cs[0] ? cs : NULL, text + off, len - off, &conv);
	bl_markup_init(&m, conv.data ? conv.data : "", conv.len);
	while (st == BL_OK && bl_markup_next(&m, &t)) {
		if (t.kind == BL_MARKUP_END) {
			pop(&f.stack, t.name);
		} else if (t.kind == BL_MARKUP_START && is_item(t.name)) {
			f.n++;
			if (!t.self_closing)
				st = item(&f, &m, &t);
		} else if (t.kind == BL_MARKUP_START) {
			st = channel(&f, &m, &t);
			/* channel() may have read past the element's end. */
			if (!t.self_closing && m.pos == t.end)
				push(&f.stack, t.name);
		}
	}
	free(f.source);
	free(f.language);
	free(f.author);
	bl_buf_free(&conv);
	bl_buf_free(&f.tmp);
	bl_buf_free(&f.text);
	return st;
}
