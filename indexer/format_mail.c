/* format_mail.c - e-mail (RFC 5322) and Usenet (RFC 1036) messages, one
 * per file or many in an mbox, with MIME bodies and RFC 2047 headers. */
#include "format.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bl_charset.h"
#include "bl_date.h"
#include "bl_escape.h"
#include "bl_html.h"
#include "bl_utf8.h"

/* Deepest MIME nesting followed; deeper parts are passed over. */
#define MAX_DEPTH 16
/* Bytes and lines of the start of a file that detection looks at. */
#define DETECT_BYTES ((size_t)64 << 10)
#define DETECT_LINES 500
/* Longest Content-Type parameter value kept (RFC 2046 allows 70 for a
 * boundary); a longer boundary is treated as absent. */
#define PARAM_MAX 200
/* Longest charset label of an encoded-word. */
#define CHARSET_MAX 64
/* Longest Date header looked at. */
#define DATE_MAX 200
/* Bytes at the start of a message checked for binary data. */
#define BINARY_SCAN 8192
#define LONG_LINE "line longer than the line limit"

typedef struct span {
	const char *s;
	size_t len;
} span_t;

/* The header fields the reader uses; the first occurrence of each counts. */
enum field {
	F_SUBJECT,
	F_FROM,
	F_DATE,
	F_NEWSGROUPS,
	F_MESSAGE_ID,
	F_CONTENT_TYPE,
	F_ENCODING,
	F_DISPOSITION,
	F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"subject", "from", "date", "newsgroups", "message-id",
	"content-type", "content-transfer-encoding", "content-disposition",
};

/* Fields whose presence at the top of a file says it is a message. */
static const char *const detect_names[] = {
	"from", "subject", "newsgroups", "date", "message-id", "path",
};

typedef struct header {
	span_t f[F_COUNT];      /* raw values, folds included; s NULL if absent */
	span_t body;
} header_t;

typedef struct ctype {
	char type[64];          /* "text/plain", lower case; "" if absent */
	char charset[PARAM_MAX + 1];
	char boundary[PARAM_MAX + 1];
} ctype_t;

typedef struct reader {
	const format_input_t *in;
	bl_buf_t msg;           /* a message with its >From lines unquoted */
	bl_buf_t body;          /* the text being built */
	bl_buf_t raw;           /* a part with its transfer encoding undone */
	bl_buf_t html;          /* an HTML part in UTF-8 */
	bl_buf_t field;         /* a decoded header field */
	bl_buf_t word;          /* bytes of adjacent encoded-words */
	const char *what;       /* why the current message is skipped */
} reader_t;

static span_t
next_line(const char *text, size_t len, size_t *pos)
{
	span_t l = { text + *pos, 0 };
	const char *nl = memchr(l.s, '\n', len - *pos);

	l.len = nl ? (size_t)(nl - l.s) : len - *pos;
	*pos += l.len + (nl != NULL);
	if (l.len && l.s[l.len - 1] == '\r')
		l.len--;
	return l;
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

static bool
blank(span_t l)
{
	size_t i;

	for (i = 0; i < l.len; i++)
		if (!is_ws(l.s[i]))
			return false;
	return true;
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
starts_with(span_t l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l.len >= n && memcmp(l.s, prefix, n) == 0;
}

static bool
same_name(const char *s, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] == '\0' || lower(s[i]) != name[i])
			return false;
	return name[len] == '\0';
}

/* Length of the field name if l is a header field line ("Name: value",
 * RFC 5322 ftext, with obsolete white space before the colon), else 0. */
static size_t
field_name(span_t l)
{
	size_t i = 0, n;

	while (i < l.len && l.s[i] > ' ' && l.s[i] < 127 && l.s[i] != ':')
		i++;
	n = i;
	while (i < l.len && (l.s[i] == ' ' || l.s[i] == '\t'))
		i++;
	return n && i < l.len && l.s[i] == ':' ? n : 0;
}

static bool
continuation(span_t l)
{
	return l.len && (l.s[0] == ' ' || l.s[0] == '\t');
}

/* Whether the line at pos ends a header. An empty line does; so does a
 * line of white space (a common slip), unless more of the header follows
 * it, as RFC 5322 allows folds made only of white space. */
static bool
header_end(const char *s, size_t len, size_t pos, span_t l)
{
	span_t next;

	if (l.len == 0 || !blank(l))
		return l.len == 0;
	do
		next = next_line(s, len, &pos);
	while (next.len && blank(next) && pos < len);
	return blank(next) || !(continuation(next) || field_name(next));
}

/* Splits an entity into header fields and body. strict (a whole message)
 * asks for a header followed by a blank line; a MIME part may lack
 * either. Returns NULL, or what is wrong with the header. */
static const char *
parse_header(const char *s, size_t len, header_t *h, bool strict)
{
	size_t pos = 0, at, n, nfields = 0, k;
	int cur = -1;
	span_t l;

	memset(h, 0, sizeof *h);
	while (pos < len) {
		at = pos;
		l = next_line(s, len, &pos);
		if (header_end(s, len, pos, l)) {
			h->body.s = s + pos;
			h->body.len = len - pos;
			return NULL;
		}
		if (continuation(l)) {
			/* A fold extends the field; one before any field
			 * (a header cut by hand) is passed over. */
			if (cur >= 0)
				h->f[cur].len = (size_t)(l.s + l.len - h->f[cur].s);
			continue;
		}
		cur = -1;
		n = field_name(l);
		if (n == 0 && strict &&
		    (starts_with(l, "From ") || starts_with(l, ">From ")))
			continue;       /* mbox remnants among the fields */
		if (n == 0) {
			if (strict)
				return nfields ? "no blank line after the header"
				               : "no header";
			/* A part without a header: all of it is body. */
			h->body.s = s + at;
			h->body.len = len - at;
			return NULL;
		}
		nfields++;
		for (k = 0; k < F_COUNT; k++) {
			const char *v;

			if (h->f[k].s || !same_name(l.s, n, field_names[k]))
				continue;
			v = (const char *)memchr(l.s, ':', l.len) + 1;
			h->f[k].s = v;
			h->f[k].len = (size_t)(l.s + l.len - v);
			cur = (int)k;
			break;
		}
	}
	h->body.s = s + len;
	h->body.len = 0;
	return nfields || !strict ? NULL : "no header";
}

/* RFC 2045 token characters, plus '/' inside a media type. */
static bool
token_char(char c)
{
	return c > ' ' && c < 127 && !strchr("()<>@,;:\\\"[]?=", c);
}

/* Skips white space and (nested) comments. */
static size_t
skip_cfws(span_t v, size_t i)
{
	int depth = 0;

	for (; i < v.len; i++) {
		if (depth) {
			if (v.s[i] == '\\')
				i++;
			else if (v.s[i] == '(')
				depth++;
			else if (v.s[i] == ')')
				depth--;
		} else if (v.s[i] == '(') {
			depth++;
		} else if (!is_ws(v.s[i])) {
			break;
		}
	}
	return i < v.len ? i : v.len;
}

/* Copies the token at i, lower-cased (when fold) and cut to cap - 1
 * bytes, into dst; sets *cut when it did not fit. Returns the index after
 * it. A quoted string is unquoted; an unquoted value (loose) runs to the
 * next ';' or space, as some mailers write boundaries with '=' in them. */
static size_t
copy_value(span_t v, size_t i, char *dst, size_t cap, bool fold,
           bool loose, bool *cut)
{
	size_t n = 0;

	*cut = false;
	if (i < v.len && v.s[i] == '"') {
		for (i++; i < v.len && v.s[i] != '"'; i++) {
			if (v.s[i] == '\\' && i + 1 < v.len)
				i++;
			if (v.s[i] == '\r' || v.s[i] == '\n')
				continue;
			if (n + 1 < cap)
				dst[n++] = fold ? lower(v.s[i]) : v.s[i];
			else
				*cut = true;
		}
		i += i < v.len;
	} else {
		for (; i < v.len; i++) {
			char c = v.s[i];

			if (loose ? (c == ';' || is_ws(c)) : !(token_char(c) || c == '/'))
				break;
			if (n + 1 < cap)
				dst[n++] = fold ? lower(c) : c;
			else
				*cut = true;
		}
	}
	dst[n] = '\0';
	return i;
}

static void
parse_content_type(span_t v, ctype_t *ct)
{
	char name[32], value[PARAM_MAX + 1];
	size_t i;
	bool cut;

	ct->type[0] = ct->charset[0] = ct->boundary[0] = '\0';
	if (v.s == NULL)
		return;
	i = copy_value(v, skip_cfws(v, 0), ct->type, sizeof ct->type, true,
	               false, &cut);
	while (i < v.len) {
		if (v.s[i++] != ';')
			continue;
		i = copy_value(v, skip_cfws(v, i), name, sizeof name, true,
		               false, &cut);
		i = skip_cfws(v, i);
		if (i >= v.len || v.s[i] != '=')
			continue;
		i = copy_value(v, skip_cfws(v, i + 1), value, sizeof value,
		               false, true, &cut);
		if (strcmp(name, "charset") == 0 && !ct->charset[0])
			memcpy(ct->charset, value, strlen(value) + 1);
		else if (strcmp(name, "boundary") == 0 && !ct->boundary[0] &&
		         !cut)
			memcpy(ct->boundary, value, strlen(value) + 1);
	}
}

/* The first token of a field, lower-cased, into dst[cap]. */
static void
first_token(span_t v, char *dst, size_t cap)
{
	bool cut;

	dst[0] = '\0';
	if (v.s)
		copy_value(v, skip_cfws(v, 0), dst, cap, true, false, &cut);
}

/* Quoted-printable (RFC 2045 6.7); in_header selects the Q encoding of
 * RFC 2047, where '_' is a space. A '=' that starts neither an escape nor
 * a soft line break is kept as it is. */
static void
decode_qp(const char *s, size_t len, bool in_header, bl_buf_t *out)
{
	size_t i = 0, run = 0, j;
	int hi, lo;

	while (i < len) {
		if (s[i] != '=' && !(in_header && s[i] == '_')) {
			i++;
			continue;
		}
		bl_buf_append(out, s + run, i - run);
		if (s[i] == '_') {
			bl_buf_putc(out, ' ');
			run = ++i;
			continue;
		}
		hi = i + 1 < len ? bl_hex_value(s[i + 1]) : -1;
		lo = i + 2 < len ? bl_hex_value(s[i + 2]) : -1;
		if (hi >= 0 && lo >= 0) {
			bl_buf_putc(out, (char)(hi << 4 | lo));
			run = i += 3;
			continue;
		}
		/* Soft line break, allowing padding before the end of line. */
		for (j = i + 1; j < len && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		if (j < len && s[j] == '\r')
			j++;
		if (j >= len || s[j] == '\n') {
			run = i = j + (j < len);
			continue;
		}
		bl_buf_putc(out, '=');
		run = ++i;
	}
	bl_buf_append(out, s + run, len - run);
}

static int
base64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Base64, skipping every byte outside the alphabet; '=' ends a quantum,
 * so concatenated encodings decode too. */
static void
decode_base64(const char *s, size_t len, bl_buf_t *out)
{
	char chunk[1024];
	size_t i, n = 0;
	uint32_t acc = 0;
	int bits = 0, v;

	for (i = 0; i < len; i++) {
		v = base64_value(s[i]);
		if (v < 0) {
			if (s[i] == '=')
				bits = 0;
			continue;
		}
		acc = (acc << 6 | (uint32_t)v) & 0xFFFFFF;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			chunk[n++] = (char)(acc >> bits & 0xFF);
			if (n == sizeof chunk) {
				bl_buf_append(out, chunk, n);
				n = 0;
			}
		}
	}
	bl_buf_append(out, chunk, n);
}

/* An RFC 2047 encoded-word at s: "=?charset?B|Q?text?=". */
typedef struct word {
	char charset[CHARSET_MAX];
	char enc;               /* 'b' or 'q' */
	span_t text;
	size_t total;           /* bytes of the whole word */
} word_t;

static bool
parse_word(const char *s, size_t len, word_t *w)
{
	size_t i = 2, n = 0;
	const char *end;

	if (len < 8 || s[0] != '=' || s[1] != '?')
		return false;
	for (; i < len && s[i] != '?'; i++) {
		if (is_ws(s[i]) || n + 1 >= sizeof w->charset)
			return false;
		w->charset[n++] = s[i];
	}
	w->charset[n] = '\0';
	/* RFC 2231 adds a language: "utf-8*en". */
	if (strchr(w->charset, '*'))
		*strchr(w->charset, '*') = '\0';
	if (n == 0 || i + 3 >= len || s[i + 2] != '?')
		return false;
	w->enc = lower(s[i + 1]);
	if (w->enc != 'b' && w->enc != 'q')
		return false;
	i += 3;
	for (end = s + i; end < s + len && *end != '?'; end++)
		if (is_ws(*end))
			return false;
	if (end + 1 >= s + len || end[1] != '=')
		return false;
	w->text.s = s + i;
	w->text.len = (size_t)(end - w->text.s);
	w->total = (size_t)(end + 2 - s);
	return true;
}

/* Converts the bytes of the encoded-words gathered so far. */
static void
flush_words(reader_t *r, const char *charset, bl_buf_t *out)
{
	if (r->word.len)
		bl_charset_to_utf8(charset, r->word.data, r->word.len, out);
	bl_buf_reset(&r->word);
}

/* Appends a header value to out with its encoded-words decoded (white
 * space between adjacent ones dropped; a character split between two
 * words of one charset comes out whole) and other bytes repaired. */
static void
decode_header(reader_t *r, const char *s, size_t len, bl_buf_t *out)
{
	char charset[CHARSET_MAX] = "";
	size_t i = 0, run = 0, k;
	bool after_word = false, gap_ws;
	word_t w;

	bl_buf_reset(&r->word);
	while (i < len) {
		if (s[i] != '=' || !parse_word(s + i, len - i, &w)) {
			i++;
			continue;
		}
		gap_ws = true;
		for (k = run; k < i; k++)
			gap_ws = gap_ws && is_ws(s[k]);
		if (!after_word || !gap_ws) {
			flush_words(r, charset, out);
			bl_utf8_repair(s + run, i - run, out, NULL);
		}
		if (strcmp(w.charset, charset) != 0) {
			flush_words(r, charset, out);
			memcpy(charset, w.charset, sizeof charset);
		}
		if (w.enc == 'b')
			decode_base64(w.text.s, w.text.len, &r->word);
		else
			decode_qp(w.text.s, w.text.len, true, &r->word);
		if (r->word.err != BL_OK)
			out->err = r->word.err;
		run = i += w.total;
		after_word = true;
	}
	flush_words(r, charset, out);
	bl_utf8_repair(s + run, len - run, out, NULL);
}

/* Decodes a whole field into r->field. */
static void
decoded(reader_t *r, span_t v)
{
	bl_buf_reset(&r->field);
	if (v.s)
		decode_header(r, v.s, v.len, &r->field);
}

/* Index of the first c in v at or after i outside quoted strings,
 * comments and (when angles) angle brackets; v.len if there is none. */
static size_t
find_outside(span_t v, size_t i, char c, bool angles)
{
	bool quoted = false;
	int depth = 0, angle = 0;

	for (; i < v.len; i++) {
		char x = v.s[i];

		if (!quoted && !depth && !(angles && angle) && x == c)
			return i;
		if (x == '\\')
			i++;
		else if (quoted)
			quoted = x != '"';
		else if (x == '"' && !depth)
			quoted = true;
		else if (x == '(')
			depth++;
		else if (x == ')' && depth)
			depth--;
		else if (angles && x == '<' && !depth)
			angle++;
		else if (angles && x == '>' && !depth && angle)
			angle--;
	}
	return v.len;
}

static span_t
trim(span_t v)
{
	while (v.len && is_ws(*v.s)) {
		v.s++;
		v.len--;
	}
	while (v.len && is_ws(v.s[v.len - 1]))
		v.len--;
	return v;
}

/* The author of a From field: the display name ("Name <addr>") or the
 * comment ("addr (Name)"), unquoted and decoded, else the address. */
static bl_status_t
set_author(reader_t *r, span_t v, bl_article_t *a)
{
	span_t name = { NULL, 0 }, addr;
	size_t lt, i, comma, at;
	bl_buf_t plain;
	bl_status_t st;

	/* Several mailboxes: the first, unless the comma is inside an
	 * unquoted display name ("Doe, Jane <jane@example.org>"). */
	comma = find_outside(v, 0, ',', true);
	at = find_outside(v, 0, '@', true);
	if (comma < v.len && at < comma)
		v.len = comma;
	lt = find_outside(v, 0, '<', false);
	if (lt < v.len) {
		name.s = v.s;
		name.len = lt;
		addr.s = v.s + lt + 1;
		addr.len = find_outside(v, lt + 1, '>', false) - lt - 1;
	} else {
		addr = v;
		i = find_outside(v, 0, '(', false);
		if (i < v.len) {
			size_t close = i + 1;
			int depth = 1;

			for (; close < v.len && depth; close++) {
				if (v.s[close] == '\\')
					close++;
				else if (v.s[close] == '(')
					depth++;
				else if (v.s[close] == ')')
					depth--;
			}
			name.s = v.s + i + 1;
			name.len = (close < v.len ? close : v.len) - i - 1 -
			           (depth == 0);
			addr.len = i;
		}
	}
	/* Unquote the name before decoding, so quoted encoded-words (a
	 * common mistake) decode too. */
	bl_buf_init(&plain, FORMAT_MAX_LINE);
	for (i = 0; i < name.len; i++) {
		if (name.s[i] == '\\' && i + 1 < name.len)
			i++;
		else if (name.s[i] == '"')
			continue;
		bl_buf_putc(&plain, name.s[i]);
	}
	decoded(r, (span_t){ plain.data, plain.len });
	bl_buf_free(&plain);
	if (r->field.err != BL_OK)
		return r->field.err;
	st = bl_article_set(&a->author, r->field.data, r->field.len, false);
	if (st == BL_OK && a->author == NULL) {
		addr = trim(addr);
		st = bl_article_set(&a->author, addr.s, addr.len, false);
	}
	return st;
}

static bl_status_t
set_newsgroups(span_t v, bl_article_t *a)
{
	size_t i = 0, start;
	bl_status_t st = BL_OK;

	while (i < v.len && st == BL_OK) {
		while (i < v.len && (v.s[i] == ',' || is_ws(v.s[i])))
			i++;
		for (start = i; i < v.len && v.s[i] != ',' && !is_ws(v.s[i]); i++)
			;
		if (i == start)
			break;
		if (a->source == NULL)
			st = bl_article_set(&a->source, v.s + start, i - start,
			                    false);
		if (st == BL_OK)
			st = bl_strlist_add(&a->categories, v.s + start,
			                    i - start);
	}
	return st;
}

/* The Message-ID without its angle brackets; an empty span if none. */
static span_t
message_id(span_t v)
{
	size_t lt, end;

	v = trim(v);
	lt = find_outside(v, 0, '<', false);
	if (lt < v.len) {
		v.s += lt + 1;
		v.len -= lt + 1;
		end = find_outside(v, 0, '>', false);
		v.len = end;
	}
	for (end = 0; end < v.len && !is_ws(v.s[end]); end++)
		;
	v.len = end;
	return v;
}

static bool
all_alpha(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return n > 0;
}

static bool
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* Dates bl_date_parse() does not take, read here: ctime order
 * ("Sat Apr 17 12:34:56 [zone] 1993") and, as RFC 5322 4.3 says, an
 * unknown alphabetic zone ("IDT", "NZST"), read as -0000. */
static bool
parse_mail_date(const char *d, size_t len, int64_t *t)
{
	char alt[DATE_MAX + 16];
	span_t tok[8];
	size_t n = 0, i = 0, k;

	if (bl_date_parse(d, len, t) == BL_OK)
		return true;
	while (i < len && n < 8) {
		while (i < len && d[i] == ' ')
			i++;
		if (i == len)
			break;
		tok[n].s = d + i;
		while (i < len && d[i] != ' ')
			i++;
		tok[n].len = (size_t)(d + i - tok[n].s);
		n++;
	}
	if (i < len || n < 2)
		return false;
	if (n >= 5 && n <= 6 && tok[0].len >= 3 &&
	    all_alpha(tok[0].s, tok[0].len) && all_alpha(tok[1].s, tok[1].len) &&
	    all_digits(tok[2].s, tok[2].len) && memchr(tok[3].s, ':', tok[3].len) &&
	    all_digits(tok[n - 1].s, tok[n - 1].len)) {
		k = (size_t)snprintf(alt, sizeof alt, "%.*s %.*s %.*s %.*s %.*s",
		        (int)tok[2].len, tok[2].s, (int)tok[1].len, tok[1].s,
		        (int)tok[n - 1].len, tok[n - 1].s,
		        (int)tok[3].len, tok[3].s,
		        n == 6 ? (int)tok[4].len : 0, n == 6 ? tok[4].s : "");
		if (k < sizeof alt && bl_date_parse(alt, k, t) == BL_OK)
			return true;
	}
	/* A trailing zone name unknown to bl_date_parse(). */
	if (tok[n - 1].len >= 3 && tok[n - 1].len <= 5 &&
	    all_alpha(tok[n - 1].s, tok[n - 1].len)) {
		k = (size_t)(tok[n - 1].s - d);
		return bl_date_parse(d, k, t) == BL_OK;
	}
	return false;
}

static bool
set_date(span_t v, bl_article_t *a)
{
	char d[DATE_MAX];
	size_t i, n = 0;
	bool space = false;

	v = trim(v);
	if (v.len == 0)
		return true;
	for (i = 0; i < v.len; i++) {
		if (is_ws(v.s[i])) {
			space = true;
			continue;
		}
		if (n + 2 >= sizeof d)
			return false;
		if (space && n)
			d[n++] = ' ';
		space = false;
		d[n++] = v.s[i];
	}
	d[n] = '\0';
	a->has_date = parse_mail_date(d, n, &a->date);
	return a->has_date;
}

static void
separate(bl_buf_t *body)
{
	if (body->len)
		bl_buf_puts(body, "\n\n");
}

/* A text part: transfer encoding undone, charset converted, HTML turned
 * into text. */
static bl_status_t
leaf_text(reader_t *r, const header_t *h, const ctype_t *ct, bool html)
{
	char enc[32];
	const char *s = h->body.s;
	size_t len = h->body.len;

	first_token(h->f[F_ENCODING], enc, sizeof enc);
	if (strcmp(enc, "quoted-printable") == 0 || strcmp(enc, "base64") == 0) {
		bl_buf_reset(&r->raw);
		if (enc[0] == 'q')
			decode_qp(s, len, false, &r->raw);
		else
			decode_base64(s, len, &r->raw);
		if (r->raw.err != BL_OK)
			return r->raw.err;
		s = bl_buf_cstr(&r->raw);
		len = r->raw.len;
	}
	separate(&r->body);
	if (!html)
		return bl_charset_to_utf8(ct->charset, s, len, &r->body);
	bl_buf_reset(&r->html);
	if (bl_charset_to_utf8(ct->charset, s, len, &r->html) != BL_OK)
		return r->html.err;
	return bl_html_to_text(bl_buf_cstr(&r->html), r->html.len, &r->body);
}

/* Walks the parts of a multipart body, one delimiter line at a time. */
typedef struct parts {
	span_t body;
	const char *boundary;
	size_t blen, pos, start;
	bool open, closed;
} parts_t;

/* 0: not a delimiter; 1: "--boundary"; 2: "--boundary--". */
static int
delimiter(span_t l, const parts_t *p)
{
	span_t rest;

	if (l.len < p->blen + 2 || l.s[0] != '-' || l.s[1] != '-' ||
	    memcmp(l.s + 2, p->boundary, p->blen) != 0)
		return 0;
	rest.s = l.s + 2 + p->blen;
	rest.len = l.len - 2 - p->blen;
	if (starts_with(rest, "--"))
		return 2;
	return blank(rest) ? 1 : 0;
}

static bool
next_part(parts_t *p, span_t *part)
{
	size_t at, start, end;
	span_t l;
	int kind;
	bool had;

	while (!p->closed && p->pos < p->body.len) {
		at = p->pos;
		l = next_line(p->body.s, p->body.len, &p->pos);
		if ((kind = delimiter(l, p)) == 0)
			continue;
		had = p->open;
		start = p->start;
		p->open = kind == 1;
		p->closed = kind == 2;
		p->start = p->pos;
		if (!had)
			continue;
		/* The line break before a delimiter belongs to it. */
		end = at;
		if (end > start && p->body.s[end - 1] == '\n')
			end--;
		if (end > start && p->body.s[end - 1] == '\r')
			end--;
		part->s = p->body.s + start;
		part->len = end - start;
		return true;
	}
	return false;
}

static bl_status_t entity_text(reader_t *r, const header_t *h, int depth,
                               bool top, bool digest);

/* How much a multipart/alternative prefers a part: plain text, then
 * HTML, then anything nested; 0 for what it cannot read. */
static int
rank(const header_t *h, bool digest)
{
	ctype_t ct;

	parse_content_type(h->f[F_CONTENT_TYPE], &ct);
	if (ct.type[0] == '\0')
		return digest ? 1 : 3;
	if (strcmp(ct.type, "text/plain") == 0)
		return 3;
	if (strcmp(ct.type, "text/html") == 0)
		return 2;
	return strncmp(ct.type, "multipart/", 10) == 0 ? 1 : 0;
}

static bl_status_t
multipart_text(reader_t *r, const header_t *h, const ctype_t *ct, int depth)
{
	parts_t p = { h->body, ct->boundary, strlen(ct->boundary), 0, 0,
	              false, false };
	bool alt = strcmp(ct->type, "multipart/alternative") == 0;
	bool digest = strcmp(ct->type, "multipart/digest") == 0;
	header_t ph, best;
	span_t part;
	int best_rank = 0, k;
	bl_status_t st;

	memset(&best, 0, sizeof best);
	while (next_part(&p, &part)) {
		parse_header(part.s, part.len, &ph, false);
		if (!alt) {
			st = entity_text(r, &ph, depth + 1, false, digest);
			if (st != BL_OK)
				return st;
			continue;
		}
		k = rank(&ph, digest);
		if (k > best_rank) {
			best_rank = k;
			best = ph;
		}
	}
	if (!p.closed) {
		r->what = "MIME multipart without its closing boundary";
		return BL_ERR_INVALID;
	}
	if (alt && best_rank)
		return entity_text(r, &best, depth + 1, false, false);
	return BL_OK;
}

/* Text types not worth reading as prose. */
static const char *const skipped_text[] = {
	"text/calendar", "text/x-vcalendar", "text/vcard", "text/x-vcard",
	"text/directory", "text/rtf", "text/css", "text/javascript", NULL
};

/* Appends the readable text of a MIME entity to r->body. Returns BL_OK,
 * BL_ERR_INVALID (r->what says why) or a buffer's error. */
static bl_status_t
entity_text(reader_t *r, const header_t *h, int depth, bool top, bool digest)
{
	ctype_t ct;
	char disp[32];
	header_t inner;
	size_t i;

	if (depth > MAX_DEPTH)
		return BL_OK;
	first_token(h->f[F_DISPOSITION], disp, sizeof disp);
	if (!top && strcmp(disp, "attachment") == 0)
		return BL_OK;
	parse_content_type(h->f[F_CONTENT_TYPE], &ct);
	if (ct.type[0] == '\0' && digest)
		memcpy(ct.type, "message/rfc822", sizeof "message/rfc822");
	if (strncmp(ct.type, "multipart/", 10) == 0 && ct.boundary[0])
		return multipart_text(r, h, &ct, depth);
	if (strcmp(ct.type, "message/rfc822") == 0 ||
	    strcmp(ct.type, "message/news") == 0) {
		parse_header(h->body.s, h->body.len, &inner, false);
		return entity_text(r, &inner, depth + 1, false, false);
	}
	if (strcmp(ct.type, "text/html") == 0)
		return leaf_text(r, h, &ct, true);
	for (i = 0; skipped_text[i]; i++)
		if (strcmp(ct.type, skipped_text[i]) == 0)
			return BL_OK;
	/* No type, an unknown text type, "text" alone, or a multipart
	 * without a boundary: read as plain text. */
	if (ct.type[0] == '\0' || strcmp(ct.type, "text") == 0 ||
	    strncmp(ct.type, "text/", 5) == 0 ||
	    strncmp(ct.type, "multipart/", 10) == 0)
		return leaf_text(r, h, &ct, false);
	return BL_OK;
}

/* Drops the CR of each CRLF in place. */
static void
drop_cr(bl_buf_t *b)
{
	char *p, *end;
	size_t n;

	if (b->len == 0 || (p = memchr(b->data, '\r', b->len)) == NULL)
		return;
	end = b->data + b->len;
	n = (size_t)(p - b->data);
	for (; p < end; p++)
		if (!(*p == '\r' && p + 1 < end && p[1] == '\n'))
			b->data[n++] = *p;
	b->len = n;
	b->data[n] = '\0';
}

/* A message is binary garbage when its first 8 KiB hold a NUL or more
 * than a tenth of control characters (other than tab, line and page
 * breaks and ESC, which ISO-2022 text uses): the test byline-index
 * applies to whole files. */
static bool
binary(const char *s, size_t len)
{
	/* Bit c is set for the control characters text may hold. */
	const uint32_t text_ctl = 1u << '\t' | 1u << '\n' | 1u << '\f' |
	                          1u << '\r' | 1u << 0x1B;
	size_t i, n = len < BINARY_SCAN ? len : BINARY_SCAN, ctl = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20)
			continue;
		if (c == 0)
			return true;
		ctl += !(text_ctl >> c & 1);
	}
	return ctl * 10 > n;
}

static bool
from_quoted(span_t l)
{
	size_t i = 0;

	while (i < l.len && l.s[i] == '>')
		i++;
	return i && l.len - i >= 5 && memcmp(l.s + i, "From ", 5) == 0;
}

/* mboxrd: a body line ">From " (any number of '>') was written with one
 * '>' more than it had. Returns the message, unquoted into r->msg if it
 * needs to be. */
static const char *
unquote_from(reader_t *r, const char *s, size_t *len)
{
	size_t pos = 0, at;
	const char *p = s, *end = s + *len;
	span_t l;

	while ((p = memchr(p, '>', (size_t)(end - p))) != NULL) {
		if ((p == s || p[-1] == '\n') &&
		    from_quoted((span_t){ p, (size_t)(end - p) }))
			break;
		while (p < end && *p == '>')
			p++;
	}
	if (p == NULL)
		return s;
	bl_buf_reset(&r->msg);
	while (pos < *len) {
		at = pos;
		l = next_line(s, *len, &pos);
		if (from_quoted(l))
			at++;
		bl_buf_append(&r->msg, s + at, pos - at);
	}
	if (r->msg.err != BL_OK)
		return NULL;
	*len = r->msg.len;
	return bl_buf_cstr(&r->msg);
}

static void
warn(reader_t *r, size_t n, const char *what)
{
	if (r->in->warn)
		r->in->warn(r->in->ctx, n, what);
}

static bl_status_t
skip_message(reader_t *r, size_t n, const char *what)
{
	warn(r, n, what);
	return BL_OK;
}

/* Reads message n (1-based) of the file; mbox tells whether the file is
 * an mbox. Broken messages are reported and skipped. */
static bl_status_t
message(reader_t *r, const char *s, size_t len, size_t n, bool mbox)
{
	const format_input_t *in = r->in;
	bl_article_t a;
	header_t h;
	span_t id;
	const char *what;
	bl_status_t st;
	char num[24];

	if (len > FORMAT_MAX_RECORD)
		return skip_message(r, n, "message larger than the record limit");
	if (binary(s, len))
		return skip_message(r, n, "binary data, not a message");
	if (mbox && (s = unquote_from(r, s, &len)) == NULL)
		return r->msg.err == BL_ERR_NOMEM ? BL_ERR_NOMEM :
		       skip_message(r, n, "message larger than the record limit");
	if ((what = parse_header(s, len, &h, true)) != NULL)
		return skip_message(r, n, what);
	bl_buf_reset(&r->body);
	r->what = NULL;
	st = entity_text(r, &h, 0, true, false);
	if (st == BL_ERR_INVALID)
		return skip_message(r, n, r->what);
	if (st == BL_ERR_LIMIT)
		return skip_message(r, n, "text larger than the record limit");
	if (st != BL_OK)
		return st;
	drop_cr(&r->body);

	bl_article_init(&a);
	st = bl_article_set_body(&a, bl_buf_cstr(&r->body), r->body.len);
	if (st == BL_OK && h.f[F_SUBJECT].s) {
		decoded(r, h.f[F_SUBJECT]);
		st = r->field.err != BL_OK ? r->field.err :
		     bl_article_set(&a.title, bl_buf_cstr(&r->field),
		                    r->field.len, false);
	}
	if (st == BL_OK && h.f[F_FROM].s)
		st = set_author(r, h.f[F_FROM], &a);
	if (st == BL_OK && h.f[F_NEWSGROUPS].s)
		st = set_newsgroups(h.f[F_NEWSGROUPS], &a);
	if (st == BL_OK && h.f[F_DATE].s && !set_date(h.f[F_DATE], &a))
		warn(r, n, "Date not understood; article kept without a date");
	id = message_id(h.f[F_MESSAGE_ID]);
	if (st == BL_OK && id.len) {
		st = bl_article_set_exact(&a.id, id.s, id.len);
	} else if (st == BL_OK) {
		bl_buf_reset(&r->field);
		bl_buf_puts(&r->field, in->id);
		if (mbox) {
			snprintf(num, sizeof num, "#%zu", n);
			bl_buf_puts(&r->field, num);
		}
		st = r->field.err != BL_OK ? r->field.err :
		     bl_article_set_exact(&a.id, r->field.data, r->field.len);
	}
	if (st == BL_OK)
		st = bl_article_set_exact(&a.path, in->path, strlen(in->path));
	if (st == BL_ERR_LIMIT)
		st = skip_message(r, n, "header larger than the line limit");
	else if (st == BL_OK && (a.title || a.body))
		st = in->emit(in->ctx, &a);
	else if (st == BL_OK)
		warn(r, n, "message has neither subject nor text");
	bl_article_clear(&a);
	return st;
}

/* Clock time and a four-digit year somewhere in an mbox "From " line
 * ("From sender Tue Mar  4 10:00:00 2025"). */
static bool
dated(span_t l)
{
	size_t i;
	bool clock = false;

	for (i = 0; i + 3 < l.len; i++) {
		const char *p = l.s + i;

		if (!clock && p[0] >= '0' && p[0] <= '9' && p[1] == ':' &&
		    p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9')
			clock = true;
		else if (clock && all_digits(p, 4) &&
		         (i + 4 == l.len || l.s[i + 4] == ' ') && l.s[i - 1] == ' ')
			return true;
	}
	return false;
}

/* True if the line at pos is an mbox separator: "From " after a blank
 * line (or the start), dated or followed by a header field. */
static bool
separator(const char *text, size_t len, size_t pos, bool after_blank)
{
	size_t next = pos;
	span_t l = next_line(text, len, &next), l2;
	bool is_dated;

	if (!starts_with(l, "From "))
		return false;
	is_dated = dated(l);
	l2 = next_line(text, len, &next);
	if (after_blank)
		return is_dated || field_name(l2) > 0;
	return is_dated && field_name(l2) > 0;
}

static size_t
skip_bom(const char *text, size_t len)
{
	return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

bl_status_t
format_mail_read(const format_input_t *in)
{
	reader_t r;
	size_t pos = skip_bom(in->text, in->len), at, start = 0, n = 0;
	bool mbox, after_blank = true, long_line = false;
	bl_status_t st = BL_OK;
	span_t l;

	r.in = in;
	r.what = NULL;
	bl_buf_init(&r.msg, FORMAT_MAX_RECORD);
	bl_buf_init(&r.body, FORMAT_MAX_RECORD);
	bl_buf_init(&r.raw, FORMAT_MAX_RECORD);
	bl_buf_init(&r.html, FORMAT_MAX_RECORD);
	bl_buf_init(&r.field, FORMAT_MAX_LINE);
	bl_buf_init(&r.word, FORMAT_MAX_LINE);
	/* Blank lines before the first header are not part of it. */
	for (;;) {
		at = pos;
		l = next_line(in->text, in->len, &at);
		if (!blank(l) || at >= in->len)
			break;
		pos = at;
	}
	mbox = pos < in->len && in->len - pos >= 5 &&
	       memcmp(in->text + pos, "From ", 5) == 0;
	if (mbox)
		next_line(in->text, in->len, &pos);
	start = pos;
	while (pos < in->len && st == BL_OK) {
		at = pos;
		if (mbox && at > start && in->len - at > 5 &&
		    memcmp(in->text + at, "From ", 5) == 0 &&
		    separator(in->text, in->len, at, after_blank)) {
			n++;
			st = long_line ? skip_message(&r, n, LONG_LINE) :
			     message(&r, in->text + start, at - start, n, true);
			next_line(in->text, in->len, &pos);
			start = pos;
			long_line = false;
			after_blank = true;
			continue;
		}
		l = next_line(in->text, in->len, &pos);
		after_blank = blank(l);
		long_line = long_line || l.len > FORMAT_MAX_LINE;
	}
	if (st == BL_OK) {
		n++;
		st = long_line ? skip_message(&r, n, LONG_LINE) :
		     message(&r, in->text + start, in->len - start, n, mbox);
	}
	bl_buf_free(&r.msg);
	bl_buf_free(&r.body);
	bl_buf_free(&r.raw);
	bl_buf_free(&r.html);
	bl_buf_free(&r.field);
	bl_buf_free(&r.word);
	return st;
}

/* Scans the header block at pos: how many of detect_names it holds and
 * whether a blank line ends it within the bytes detection looks at. */
static size_t
header_block(const char *text, size_t len, size_t pos, bool *ended)
{
	size_t lines = 0, known = 0, n, k;
	span_t l;

	*ended = false;
	while (pos < len && lines++ < DETECT_LINES) {
		l = next_line(text, len, &pos);
		if (header_end(text, len, pos, l)) {
			*ended = true;
			break;
		}
		if (continuation(l))
			continue;
		if ((n = field_name(l)) == 0)
			return 0;
		for (k = 0; k < sizeof detect_names / sizeof detect_names[0]; k++)
			if (same_name(l.s, n, detect_names[k]))
				known++;
	}
	return known;
}

/* True if path names a mailbox or a saved message, gzipped or not. */
static bool
mail_name(const char *path)
{
	static const char *const ext[] = { ".eml", ".mbox", ".mbx", NULL };
	size_t len, i, j, n;

	if (path == NULL)
		return false;
	len = strlen(path);
	if (len > 3 && same_name(path + len - 3, 3, ".gz"))
		len -= 3;
	for (i = 0; ext[i]; i++) {
		n = strlen(ext[i]);
		if (len <= n)
			continue;
		for (j = 0; j < n && lower(path[len - n + j]) == ext[i][j]; j++)
			;
		if (j == n)
			return true;
	}
	return false;
}

int
format_mail_detect(const char *text, size_t len, const char *path)
{
	size_t pos, known;
	bool ended;
	span_t l;
	int score = 0;

	if (text == NULL)
		return 0;
	if (len > DETECT_BYTES)
		len = DETECT_BYTES;
	pos = skip_bom(text, len);
	l = next_line(text, len, &pos);
	if (starts_with(l, "From ")) {
		if (header_block(text, len, pos, &ended) >= 1)
			score = 90;
	} else {
		known = header_block(text, len, skip_bom(text, len), &ended);
		if (known >= 2 && ended)
			score = 80;
	}
	if (score && mail_name(path))
		score += 5;
	return score;
}
