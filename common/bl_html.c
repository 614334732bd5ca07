/* bl_html.c - HTML to plain text over the bl_markup tokenizer; character references. */
#include "bl_html.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bl_markup.h"
#include "bl_utf8.h"

/* Longest entity name in the table below. */
#define ENTITY_NAME_MAX 8

/* The HTML 4 entities (the Latin-1 set, symbols and Greek letters, and
 * the typographic specials) plus &apos;, sorted by strcmp for bsearch. */
static const struct entity {
	const char *name;
	uint32_t cp;
} entities[] = {
	{ "AElig", 0x00C6 }, { "Aacute", 0x00C1 }, { "Acirc", 0x00C2 },
	{ "Agrave", 0x00C0 }, { "Alpha", 0x0391 }, { "Aring", 0x00C5 },
	{ "Atilde", 0x00C3 }, { "Auml", 0x00C4 }, { "Beta", 0x0392 },
	{ "Ccedil", 0x00C7 }, { "Chi", 0x03A7 }, { "Dagger", 0x2021 },
	{ "Delta", 0x0394 }, { "ETH", 0x00D0 }, { "Eacute", 0x00C9 },
	{ "Ecirc", 0x00CA }, { "Egrave", 0x00C8 }, { "Epsilon", 0x0395 },
	{ "Eta", 0x0397 }, { "Euml", 0x00CB }, { "Gamma", 0x0393 },
	{ "Iacute", 0x00CD }, { "Icirc", 0x00CE }, { "Igrave", 0x00CC },
	{ "Iota", 0x0399 }, { "Iuml", 0x00CF }, { "Kappa", 0x039A },
	{ "Lambda", 0x039B }, { "Mu", 0x039C }, { "Ntilde", 0x00D1 },
	{ "Nu", 0x039D }, { "OElig", 0x0152 }, { "Oacute", 0x00D3 },
	{ "Ocirc", 0x00D4 }, { "Ograve", 0x00D2 }, { "Omega", 0x03A9 },
	{ "Omicron", 0x039F }, { "Oslash", 0x00D8 }, { "Otilde", 0x00D5 },
	{ "Ouml", 0x00D6 }, { "Phi", 0x03A6 }, { "Pi", 0x03A0 },
	{ "Prime", 0x2033 }, { "Psi", 0x03A8 }, { "Rho", 0x03A1 },
	{ "Scaron", 0x0160 }, { "Sigma", 0x03A3 }, { "THORN", 0x00DE },
	{ "Tau", 0x03A4 }, { "Theta", 0x0398 }, { "Uacute", 0x00DA },
	{ "Ucirc", 0x00DB }, { "Ugrave", 0x00D9 }, { "Upsilon", 0x03A5 },
	{ "Uuml", 0x00DC }, { "Xi", 0x039E }, { "Yacute", 0x00DD },
	{ "Yuml", 0x0178 }, { "Zeta", 0x0396 }, { "aacute", 0x00E1 },
	{ "acirc", 0x00E2 }, { "acute", 0x00B4 }, { "aelig", 0x00E6 },
	{ "agrave", 0x00E0 }, { "alefsym", 0x2135 }, { "alpha", 0x03B1 },
	{ "amp", 0x0026 }, { "and", 0x2227 }, { "ang", 0x2220 },
	{ "apos", 0x0027 }, { "aring", 0x00E5 }, { "asymp", 0x2248 },
	{ "atilde", 0x00E3 }, { "auml", 0x00E4 }, { "bdquo", 0x201E },
	{ "beta", 0x03B2 }, { "brvbar", 0x00A6 }, { "bull", 0x2022 },
	{ "cap", 0x2229 }, { "ccedil", 0x00E7 }, { "cedil", 0x00B8 },
	{ "cent", 0x00A2 }, { "chi", 0x03C7 }, { "circ", 0x02C6 },
	{ "clubs", 0x2663 }, { "cong", 0x2245 }, { "copy", 0x00A9 },
	{ "crarr", 0x21B5 }, { "cup", 0x222A }, { "curren", 0x00A4 },
	{ "dArr", 0x21D3 }, { "dagger", 0x2020 }, { "darr", 0x2193 },
	{ "deg", 0x00B0 }, { "delta", 0x03B4 }, { "diams", 0x2666 },
	{ "divide", 0x00F7 }, { "eacute", 0x00E9 }, { "ecirc", 0x00EA },
	{ "egrave", 0x00E8 }, { "empty", 0x2205 }, { "emsp", 0x2003 },
	{ "ensp", 0x2002 }, { "epsilon", 0x03B5 }, { "equiv", 0x2261 },
	{ "eta", 0x03B7 }, { "eth", 0x00F0 }, { "euml", 0x00EB },
	{ "euro", 0x20AC }, { "exist", 0x2203 }, { "fnof", 0x0192 },
	{ "forall", 0x2200 }, { "frac12", 0x00BD }, { "frac14", 0x00BC },
	{ "frac34", 0x00BE }, { "frasl", 0x2044 }, { "gamma", 0x03B3 },
	{ "ge", 0x2265 }, { "gt", 0x003E }, { "hArr", 0x21D4 },
	{ "harr", 0x2194 }, { "hearts", 0x2665 }, { "hellip", 0x2026 },
	{ "iacute", 0x00ED }, { "icirc", 0x00EE }, { "iexcl", 0x00A1 },
	{ "igrave", 0x00EC }, { "image", 0x2111 }, { "infin", 0x221E },
	{ "int", 0x222B }, { "iota", 0x03B9 }, { "iquest", 0x00BF },
	{ "isin", 0x2208 }, { "iuml", 0x00EF }, { "kappa", 0x03BA },
	{ "lArr", 0x21D0 }, { "lambda", 0x03BB }, { "lang", 0x2329 },
	{ "laquo", 0x00AB }, { "larr", 0x2190 }, { "lceil", 0x2308 },
	{ "ldquo", 0x201C }, { "le", 0x2264 }, { "lfloor", 0x230A },
	{ "lowast", 0x2217 }, { "loz", 0x25CA }, { "lrm", 0x200E },
	{ "lsaquo", 0x2039 }, { "lsquo", 0x2018 }, { "lt", 0x003C },
	{ "macr", 0x00AF }, { "mdash", 0x2014 }, { "micro", 0x00B5 },
	{ "middot", 0x00B7 }, { "minus", 0x2212 }, { "mu", 0x03BC },
	{ "nabla", 0x2207 }, { "nbsp", 0x00A0 }, { "ndash", 0x2013 },
	{ "ne", 0x2260 }, { "ni", 0x220B }, { "not", 0x00AC },
	{ "notin", 0x2209 }, { "nsub", 0x2284 }, { "ntilde", 0x00F1 },
	{ "nu", 0x03BD }, { "oacute", 0x00F3 }, { "ocirc", 0x00F4 },
	{ "oelig", 0x0153 }, { "ograve", 0x00F2 }, { "oline", 0x203E },
	{ "omega", 0x03C9 }, { "omicron", 0x03BF }, { "oplus", 0x2295 },
	{ "or", 0x2228 }, { "ordf", 0x00AA }, { "ordm", 0x00BA },
	{ "oslash", 0x00F8 }, { "otilde", 0x00F5 }, { "otimes", 0x2297 },
	{ "ouml", 0x00F6 }, { "para", 0x00B6 }, { "part", 0x2202 },
	{ "permil", 0x2030 }, { "perp", 0x22A5 }, { "phi", 0x03C6 },
	{ "pi", 0x03C0 }, { "piv", 0x03D6 }, { "plusmn", 0x00B1 },
	{ "pound", 0x00A3 }, { "prime", 0x2032 }, { "prod", 0x220F },
	{ "prop", 0x221D }, { "psi", 0x03C8 }, { "quot", 0x0022 },
	{ "rArr", 0x21D2 }, { "radic", 0x221A }, { "rang", 0x232A },
	{ "raquo", 0x00BB }, { "rarr", 0x2192 }, { "rceil", 0x2309 },
	{ "rdquo", 0x201D }, { "real", 0x211C }, { "reg", 0x00AE },
	{ "rfloor", 0x230B }, { "rho", 0x03C1 }, { "rlm", 0x200F },
	{ "rsaquo", 0x203A }, { "rsquo", 0x2019 }, { "sbquo", 0x201A },
	{ "scaron", 0x0161 }, { "sdot", 0x22C5 }, { "sect", 0x00A7 },
	{ "shy", 0x00AD }, { "sigma", 0x03C3 }, { "sigmaf", 0x03C2 },
	{ "sim", 0x223C }, { "spades", 0x2660 }, { "sub", 0x2282 },
	{ "sube", 0x2286 }, { "sum", 0x2211 }, { "sup", 0x2283 },
	{ "sup1", 0x00B9 }, { "sup2", 0x00B2 }, { "sup3", 0x00B3 },
	{ "supe", 0x2287 }, { "szlig", 0x00DF }, { "tau", 0x03C4 },
	{ "there4", 0x2234 }, { "theta", 0x03B8 }, { "thetasym", 0x03D1 },
	{ "thinsp", 0x2009 }, { "thorn", 0x00FE }, { "tilde", 0x02DC },
	{ "times", 0x00D7 }, { "trade", 0x2122 }, { "uArr", 0x21D1 },
	{ "uacute", 0x00FA }, { "uarr", 0x2191 }, { "ucirc", 0x00FB },
	{ "ugrave", 0x00F9 }, { "uml", 0x00A8 }, { "upsih", 0x03D2 },
	{ "upsilon", 0x03C5 }, { "uuml", 0x00FC }, { "weierp", 0x2118 },
	{ "xi", 0x03BE }, { "yacute", 0x00FD }, { "yen", 0x00A5 },
	{ "yuml", 0x00FF }, { "zeta", 0x03B6 }, { "zwj", 0x200D },
	{ "zwnj", 0x200C },
};

/* What HTML5 makes of &#128; to &#159;: the Windows-1252 characters that
 * old pages meant; 0 marks the five bytes that code page leaves undefined. */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* How elements affect the text. */
enum {
	T_BLOCK = 1,            /* start and end tags end the line */
	T_SPACE = 2,            /* start and end tags separate words */
	T_DROP = 4,             /* contents are dropped (nesting counted) */
	T_RAW = 8,              /* contents are raw text up to the end tag,
	                         * and dropped */
	T_RCDATA = 16,          /* raw, but when the end tag is missing the
	                         * rest is read as markup again */
	T_PRE = 32,             /* line breaks inside are kept */
	T_HEAD = 64             /* may appear in head without closing it */
};

/* Sorted by strcmp for bsearch. */
static const struct tag {
	const char *name;
	unsigned flags;
} tags[] = {
	{ "address", T_BLOCK }, { "article", T_BLOCK },
	{ "aside", T_DROP | T_BLOCK }, { "audio", T_DROP | T_SPACE },
	{ "base", T_HEAD }, { "blockquote", T_BLOCK }, { "body", T_BLOCK },
	{ "br", T_BLOCK }, { "button", T_DROP | T_SPACE },
	{ "canvas", T_DROP | T_SPACE }, { "caption", T_BLOCK },
	{ "center", T_BLOCK }, { "dd", T_BLOCK }, { "details", T_BLOCK },
	{ "dialog", T_DROP | T_BLOCK }, { "div", T_BLOCK }, { "dl", T_BLOCK },
	{ "dt", T_BLOCK }, { "fieldset", T_BLOCK }, { "figcaption", T_BLOCK },
	{ "figure", T_BLOCK }, { "footer", T_DROP | T_BLOCK },
	{ "form", T_DROP | T_BLOCK }, { "h1", T_BLOCK }, { "h2", T_BLOCK },
	{ "h3", T_BLOCK }, { "h4", T_BLOCK }, { "h5", T_BLOCK },
	{ "h6", T_BLOCK }, { "head", T_DROP | T_BLOCK | T_HEAD },
	{ "header", T_DROP | T_BLOCK }, { "hgroup", T_BLOCK },
	{ "hr", T_BLOCK }, { "html", T_BLOCK | T_HEAD },
	{ "iframe", T_RAW | T_SPACE }, { "legend", T_BLOCK },
	{ "li", T_BLOCK }, { "link", T_HEAD }, { "main", T_BLOCK },
	{ "math", T_DROP | T_SPACE }, { "menu", T_BLOCK }, { "meta", T_HEAD },
	{ "nav", T_DROP | T_BLOCK }, { "noembed", T_RAW },
	{ "noframes", T_RAW }, { "noscript", T_RAW | T_HEAD },
	{ "object", T_DROP | T_SPACE }, { "ol", T_BLOCK }, { "p", T_BLOCK },
	{ "pre", T_BLOCK | T_PRE }, { "script", T_RAW | T_HEAD },
	{ "section", T_BLOCK }, { "select", T_DROP | T_SPACE },
	{ "style", T_RAW | T_HEAD }, { "summary", T_BLOCK },
	{ "svg", T_DROP | T_SPACE }, { "table", T_BLOCK }, { "tbody", T_BLOCK },
	{ "td", T_SPACE }, { "template", T_DROP | T_HEAD },
	{ "textarea", T_RAW | T_RCDATA | T_SPACE }, { "tfoot", T_BLOCK },
	{ "th", T_SPACE }, { "thead", T_BLOCK },
	{ "title", T_RAW | T_RCDATA | T_HEAD }, { "tr", T_BLOCK },
	{ "ul", T_BLOCK }, { "video", T_DROP | T_SPACE },
};

#define NTAGS (sizeof tags / sizeof tags[0])

/* The converter's state. */
typedef struct conv {
	bl_buf_t *out;
	unsigned depth[NTAGS];  /* open dropped elements, by row of tags[] */
	bool no_end[NTAGS];     /* the rest has no end tag of this raw
	                         * element: do not look again */
	unsigned dropped;       /* their total */
	unsigned pre;           /* open pre elements */
	size_t head;            /* row of head in tags[] */
	bool wrote;             /* something was written */
	bool space;             /* a space is due before the next character */
	bool brk;               /* a line break is due */
} conv_t;

static int
cmp_entity(const void *key, const void *elt)
{
	return strcmp(key, ((const struct entity *)elt)->name);
}

static int
cmp_tag(const void *key, const void *elt)
{
	return strcmp(key, ((const struct tag *)elt)->name);
}

static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int
digit_value(char c, bool hex)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (hex && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (hex && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the character reference at s[0] == '&'. Returns its length
 * and sets *cp, or returns 0 when s does not start with one. Numeric
 * references need no ';' and never fail once they have a digit: 0,
 * surrogates and values above U+10FFFF become U+FFFD. Named ones need
 * the ';', except the five that pages most often write without it. */
static size_t
decode_ref(const char *s, size_t len, uint32_t *cp)
{
	char name[ENTITY_NAME_MAX + 1];
	const struct entity *e;
	size_t i = 2, start;
	uint32_t v = 0;
	bool hex, semi, big = false;
	int d;

	if (len < 2)
		return 0;
	if (s[1] == '#') {
		hex = len > 2 && (s[2] == 'x' || s[2] == 'X');
		i += hex;
		start = i;
		for (; i < len && (d = digit_value(s[i], hex)) >= 0; i++) {
			if (v > 0x10FFFF)
				big = true;
			else
				v = v * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (i == start)
			return 0;
		if (i < len && s[i] == ';')
			i++;
		if (big || v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			v = 0xFFFD;
		else if (v >= 0x80 && v <= 0x9F)
			v = cp1252_c1[v - 0x80] ? cp1252_c1[v - 0x80] : 0xFFFD;
		*cp = v;
		return i;
	}
	for (i = 1; i < len && is_alnum(s[i]); i++)
		if (i > ENTITY_NAME_MAX)
			return 0;
	if (i == 1)
		return 0;
	memcpy(name, s + 1, i - 1);
	name[i - 1] = '\0';
	semi = i < len && s[i] == ';';
	/* "&amp" alone, but never "&amp=" (a URL's query string). */
	if (!semi && ((i < len && s[i] == '=') ||
	              (strcmp(name, "amp") != 0 && strcmp(name, "lt") != 0 &&
	               strcmp(name, "gt") != 0 && strcmp(name, "quot") != 0 &&
	               strcmp(name, "nbsp") != 0)))
		return 0;
	e = bsearch(name, entities, sizeof entities / sizeof entities[0],
	            sizeof entities[0], cmp_entity);
	if (e == NULL)
		return 0;
	*cp = e->cp;
	return i + semi;
}

bl_status_t
bl_html_decode_entities(const char *s, size_t len, bl_buf_t *out)
{
	size_t i = 0, run = 0, n;
	const char *amp;
	uint32_t cp;

	while (i < len && (amp = memchr(s + i, '&', len - i)) != NULL) {
		i = (size_t)(amp - s);
		n = decode_ref(s + i, len - i, &cp);
		if (n == 0) {
			i++;
			continue;
		}
		bl_utf8_repair(s + run, i - run, out, NULL);
		bl_utf8_put(out, cp);
		i += n;
		run = i;
	}
	return bl_utf8_repair(s + run, len - run, out, NULL);
}

/* White space between words: folded to one space. */
static bool
is_blank(uint32_t cp)
{
	return cp == ' ' || (cp >= 0x01 && cp <= 0x1F) || cp == 0x7F ||
	       cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
	       cp == 0x3000;
}

/* Invisible characters that would split a word for the indexer: soft
 * hyphen, zero width space, word joiner, byte order mark. */
static bool
is_invisible(uint32_t cp)
{
	return cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

/* Writes the separator due before a visible character. */
static void
separate(conv_t *c)
{
	if (c->wrote && c->brk)
		bl_buf_putc(c->out, '\n');
	else if (c->wrote && c->space)
		bl_buf_putc(c->out, ' ');
	c->wrote = true;
	c->brk = c->space = false;
}

static void
put_char(conv_t *c, uint32_t cp)
{
	if (cp == '\n' && c->pre) {
		c->brk = true;
	} else if (is_blank(cp)) {
		c->space = true;
	} else if (!is_invisible(cp)) {
		separate(c);
		bl_utf8_put(c->out, cp);
	}
}

static bool
plain_ascii(char ch)
{
	return (unsigned char)ch > ' ' && (unsigned char)ch < 0x7F && ch != '&';
}

/* Writes the text s[0..len), decoding references when refs is set. */
static void
put_text(conv_t *c, const char *s, size_t len, bool refs)
{
	size_t i = 0, n;
	uint32_t cp;
	unsigned char ch;

	while (i < len && c->out->err == BL_OK) {
		ch = (unsigned char)s[i];
		if (plain_ascii(s[i])) {
			for (n = i + 1; n < len && plain_ascii(s[n]); n++)
				;
			separate(c);
			bl_buf_append(c->out, s + i, n - i);
			i = n;
		} else if (ch == '&' && refs &&
		           (n = decode_ref(s + i, len - i, &cp)) > 0) {
			put_char(c, cp);
			i += n;
		} else if (ch == 0) {
			put_char(c, 0xFFFD);
			i++;
		} else if (ch < 0x80) {
			put_char(c, ch);
			i++;
		} else if ((n = bl_utf8_decode(s + i, len - i, &cp)) > 0) {
			if (is_blank(cp) || is_invisible(cp)) {
				put_char(c, cp);
			} else {
				separate(c);
				bl_buf_append(c->out, s + i, n);
			}
			i += n;
		} else if (ch == 0xA0 || ch == 0xAD) {
			put_char(c, ch);        /* Latin-1 no-break space, soft hyphen */
			i++;
		} else {
			separate(c);
			bl_utf8_repair(s + i, 1, c->out, NULL);
			i++;
		}
	}
}

static const struct tag *
find_tag(const char *name)
{
	return bsearch(name, tags, NTAGS, sizeof tags[0], cmp_tag);
}

/* Stops dropping for an open head: the document moved on to its body. */
static void
close_head(conv_t *c)
{
	c->dropped -= c->depth[c->head];
	c->depth[c->head] = 0;
}

/* Notes the separator an element's tag makes, unless it is dropped. */
static void
separators(conv_t *c, unsigned flags)
{
	if (c->dropped)
		return;
	if (flags & T_BLOCK)
		c->brk = true;
	else if (flags & T_SPACE)
		c->space = true;
}

static void
text_token(conv_t *c, const bl_markup_token_t *t)
{
	size_t i;

	if (c->dropped && c->dropped == c->depth[c->head]) {
		for (i = 0; i < t->len; i++) {
			if (!is_blank((unsigned char)t->text[i])) {
				close_head(c);
				break;
			}
		}
	}
	if (!c->dropped)
		put_text(c, t->text, t->len, true);
}

static void
start_tag(conv_t *c, bl_markup_t *m, const bl_markup_token_t *t)
{
	const struct tag *tag = find_tag(t->name);
	size_t row, at;

	if (c->depth[c->head] && (tag == NULL || !(tag->flags & T_HEAD)))
		close_head(c);
	if (tag == NULL)
		return;
	row = (size_t)(tag - tags);
	separators(c, tag->flags);
	if ((tag->flags & T_RAW) && !t->self_closing && !c->no_end[row]) {
		at = m->pos;
		if (!bl_markup_skip_raw(m, tag->name, NULL, NULL) &&
		    (tag->flags & T_RCDATA)) {
			m->pos = at;
			c->no_end[row] = true;
		}
	}
	if ((tag->flags & T_DROP) && !t->self_closing) {
		c->depth[row]++;
		c->dropped++;
	}
	if ((tag->flags & T_PRE) && !t->self_closing)
		c->pre++;
}

static void
end_tag(conv_t *c, const bl_markup_token_t *t)
{
	const struct tag *tag = find_tag(t->name);
	size_t row;

	if (tag == NULL)
		return;
	row = (size_t)(tag - tags);
	if ((tag->flags & T_DROP) && c->depth[row]) {
		c->depth[row]--;
		c->dropped--;
	}
	if ((tag->flags & T_PRE) && c->pre)
		c->pre--;
	separators(c, tag->flags);
}

bl_status_t
bl_html_to_text(const char *html, size_t len, bl_buf_t *out)
{
	conv_t c;
	bl_markup_t m;
	bl_markup_token_t t;

	memset(&c, 0, sizeof c);
	c.out = out;
	c.head = (size_t)(find_tag("head") - tags);
	bl_markup_init(&m, html, len);
	while (out->err == BL_OK && bl_markup_next(&m, &t)) {
		switch (t.kind) {
		case BL_MARKUP_TEXT:
			text_token(&c, &t);
			break;
		case BL_MARKUP_CDATA:
			if (!c.dropped)
				put_text(&c, t.text, t.len, false);
			break;
		case BL_MARKUP_START:
			start_tag(&c, &m, &t);
			break;
		case BL_MARKUP_END:
			end_tag(&c, &t);
			break;
		default:
			break;
		}
	}
	return out->err;
}
