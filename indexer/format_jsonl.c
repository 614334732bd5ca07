/* format_jsonl.c - JSON Lines: one article per line as a JSON object, or a file holding one JSON array of them. */
#include "format.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bl_date.h"
#include "bl_utf8.h"

/* Containers nested deeper than this make the record invalid. */
#define JSON_MAX_DEPTH 64
/* Longer member names never match a field (they are still parsed). */
#define KEY_MAX 256
/* Strings kept from one member's array (authors, tags); the rest are
 * parsed and dropped. */
#define VALUES_MAX 256
/* Numeric dates above this are milliseconds, not seconds (1e11 s is in
 * the year 5138). */
#define MS_ABOVE 1e11
/* The dates bl_date accepts: years 1000-9999. */
#define DATE_MIN INT64_C(-30610224000)
#define DATE_MAX INT64_C(253402300799)
/* Rank of the default key names, after every user mapping. */
#define DEFAULT_RANK (INT_MAX / 2)

typedef enum field {
	F_NONE, F_ID, F_TITLE, F_BODY, F_DATE, F_AUTHOR, F_SOURCE, F_URL,
	F_CATEGORY, F_PLACE, F_LANGUAGE, F_IGNORE, F_COUNT
} field_t;

/* Field names a format_map_t may name. */
static const struct {
	const char *name;
	field_t field;
} field_names[] = {
	{ "id", F_ID }, { "title", F_TITLE }, { "body", F_BODY },
	{ "date", F_DATE }, { "author", F_AUTHOR }, { "source", F_SOURCE },
	{ "url", F_URL }, { "category", F_CATEGORY }, { "categories", F_CATEGORY },
	{ "place", F_PLACE }, { "places", F_PLACE }, { "language", F_LANGUAGE },
	{ "ignore", F_IGNORE },
};

/* The key names news dumps use, by preference within a field: when two
 * are present (text and body), the earlier row wins, whatever their order
 * in the object. Lists (categories, places) take every key's values. */
static const struct {
	const char *key;
	field_t field;
} default_keys[] = {
	{ "id", F_ID },
	{ "title", F_TITLE }, { "headline", F_TITLE },
	{ "text", F_BODY }, { "body", F_BODY }, { "content", F_BODY },
	{ "article", F_BODY },
	{ "date", F_DATE }, { "published", F_DATE }, { "publishedAt", F_DATE },
	{ "pubDate", F_DATE }, { "published_at", F_DATE },
	{ "created_at", F_DATE },
	{ "author", F_AUTHOR }, { "authors", F_AUTHOR }, { "byline", F_AUTHOR },
	{ "source", F_SOURCE }, { "publication", F_SOURCE },
	{ "url", F_URL }, { "link", F_URL },
	{ "category", F_CATEGORY }, { "section", F_CATEGORY },
	{ "tags", F_CATEGORY }, { "categories", F_CATEGORY },
	{ "places", F_PLACE }, { "locations", F_PLACE },
	{ "language", F_LANGUAGE }, { "lang", F_LANGUAGE },
};

typedef struct json {
	const char *s;
	size_t len, pos;
	int depth;
	const char *err;        /* static text of the first error */
} json_t;

/* The strings (and numbers, as written) one member's value holds: a
 * string, a number, an array of them, or objects' "name" members. */
typedef struct values {
	bl_buf_t text;          /* the strings, back to back */
	size_t off[VALUES_MAX];
	size_t len[VALUES_MAX];
	size_t n;
	bool is_number;         /* the value is a single number */
	double number;
} values_t;

typedef struct reader {
	const format_input_t *in;
	bl_article_t a;
	values_t v;
	bl_buf_t key;
	bl_buf_t scratch;
	int rank[F_COUNT];      /* rank of the key that set each field */
	bool oversize;          /* a value was larger than the record cap */
	bl_status_t st;         /* a fatal error (BL_ERR_NOMEM) */
} reader_t;

static bool
fail(json_t *j, const char *why)
{
	if (j->err == NULL)
		j->err = why;
	return false;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
skip_ws(json_t *j)
{
	while (j->pos < j->len && is_space(j->s[j->pos]))
		j->pos++;
}

static int
hex4(const char *s)
{
	int v = 0, i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Reads the \uXXXX escape at j->pos (just past the backslash and 'u'),
 * with the low half that must follow a high surrogate. A lone surrogate
 * becomes U+FFFD (it is valid JSON, but not text). */
static bool
unicode_escape(json_t *j, uint32_t *cp)
{
	int hi, lo;

	if (j->len - j->pos < 4 || (hi = hex4(j->s + j->pos)) < 0)
		return fail(j, "invalid \\u escape");
	j->pos += 4;
	*cp = (uint32_t)hi;
	if (hi < 0xD800 || hi > 0xDFFF)
		return true;
	*cp = 0xFFFD;
	if (hi > 0xDBFF || j->len - j->pos < 6 || j->s[j->pos] != '\\' ||
	    j->s[j->pos + 1] != 'u')
		return true;
	if ((lo = hex4(j->s + j->pos + 2)) < 0)
		return fail(j, "invalid \\u escape");
	if (lo < 0xDC00 || lo > 0xDFFF)
		return true;
	j->pos += 6;
	*cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
	return true;
}

/* Parses the string at j->pos, appending its text to out (if not NULL).
 * Control characters other than tab and line ends become spaces; bytes
 * that are not UTF-8 are kept (bl_article_set repairs them). An overflow
 * of out sticks in out->err and parsing goes on. */
static bool
string(json_t *j, bl_buf_t *out)
{
	uint32_t cp;

	j->pos++;
	for (;;) {
		size_t run = j->pos;
		unsigned char c = 0;

		while (j->pos < j->len) {
			c = (unsigned char)j->s[j->pos];
			if (c == '"' || c == '\\' || c < 0x20)
				break;
			j->pos++;
		}
		if (out && j->pos > run)
			bl_buf_append(out, j->s + run, j->pos - run);
		if (j->pos >= j->len)
			return fail(j, "unterminated string");
		j->pos++;
		if (c == '"')
			return true;
		if (c < 0x20)
			return fail(j, "control character in a string");
		if (j->pos >= j->len)
			return fail(j, "unterminated string");
		c = (unsigned char)j->s[j->pos++];
		switch (c) {
		case '"': case '\\': case '/': cp = c; break;
		case 'n': cp = '\n'; break;
		case 't': cp = '\t'; break;
		case 'r': cp = '\r'; break;
		case 'b': case 'f': cp = ' '; break;
		case 'u':
			if (!unicode_escape(j, &cp))
				return false;
			break;
		default:
			return fail(j, "invalid escape in a string");
		}
		if (cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r')
			cp = ' ';
		if (out)
			bl_utf8_put(out, cp);
	}
}

/* Parses the number at j->pos (RFC 8259 grammar) into *v. Computed by
 * hand, not by strtod(), which follows the locale's decimal point. */
static bool
number(json_t *j, double *v)
{
	double mant = 0;
	int exp = 0, e = 0, esign = 1;
	bool neg = false;

	if (j->s[j->pos] == '-') {
		neg = true;
		j->pos++;
	}
	if (j->pos >= j->len || j->s[j->pos] < '0' || j->s[j->pos] > '9')
		return fail(j, "invalid number");
	if (j->s[j->pos] == '0') {
		j->pos++;
	} else {
		while (j->pos < j->len && j->s[j->pos] >= '0' && j->s[j->pos] <= '9')
			mant = mant * 10 + (j->s[j->pos++] - '0');
	}
	if (j->pos < j->len && j->s[j->pos] == '.') {
		j->pos++;
		if (j->pos >= j->len || j->s[j->pos] < '0' || j->s[j->pos] > '9')
			return fail(j, "invalid number");
		while (j->pos < j->len && j->s[j->pos] >= '0' && j->s[j->pos] <= '9') {
			mant = mant * 10 + (j->s[j->pos++] - '0');
			exp--;
		}
	}
	if (j->pos < j->len && (j->s[j->pos] == 'e' || j->s[j->pos] == 'E')) {
		j->pos++;
		if (j->pos < j->len && (j->s[j->pos] == '+' || j->s[j->pos] == '-'))
			esign = j->s[j->pos++] == '-' ? -1 : 1;
		if (j->pos >= j->len || j->s[j->pos] < '0' || j->s[j->pos] > '9')
			return fail(j, "invalid number");
		while (j->pos < j->len && j->s[j->pos] >= '0' && j->s[j->pos] <= '9') {
			if (e < 10000)
				e = e * 10 + (j->s[j->pos] - '0');
			j->pos++;
		}
	}
	exp += esign * e;
	for (; exp > 0 && mant < 1e300; exp--)
		mant *= 10;
	for (; exp < 0 && mant > 0; exp++)
		mant /= 10;
	*v = neg ? -mant : mant;
	return true;
}

static bool
literal(json_t *j, const char *word)
{
	size_t n = strlen(word);

	if (j->len - j->pos < n || memcmp(j->s + j->pos, word, n) != 0)
		return fail(j, "invalid value");
	j->pos += n;
	return true;
}

static bool skip_value(json_t *j);

/* Parses the array or object at j->pos, handing each element (or each
 * member, with its name in key) to each(); each() must consume the
 * element's value. */
static bool
container(json_t *j, bl_buf_t *key, bool (*each)(json_t *, void *), void *arg)
{
	bool object = j->s[j->pos] == '{';
	char close = object ? '}' : ']';

	if (++j->depth > JSON_MAX_DEPTH)
		return fail(j, "nested too deeply");
	j->pos++;
	skip_ws(j);
	if (j->pos < j->len && j->s[j->pos] == close) {
		j->pos++;
		j->depth--;
		return true;
	}
	for (;;) {
		skip_ws(j);
		if (object) {
			if (j->pos >= j->len || j->s[j->pos] != '"')
				return fail(j, "expected a member name");
			if (key)
				bl_buf_reset(key);
			if (!string(j, key))
				return false;
			skip_ws(j);
			if (j->pos >= j->len || j->s[j->pos] != ':')
				return fail(j, "expected ':'");
			j->pos++;
			skip_ws(j);
		}
		if (j->pos >= j->len)
			return fail(j, "unexpected end of input");
		if (!each(j, arg))
			return false;
		skip_ws(j);
		if (j->pos >= j->len)
			return fail(j, "unexpected end of input");
		if (j->s[j->pos] == close) {
			j->pos++;
			j->depth--;
			return true;
		}
		if (j->s[j->pos] != ',')
			return fail(j, object ? "expected ',' or '}'" : "expected ',' or ']'");
		j->pos++;
	}
}

static bool
skip_each(json_t *j, void *arg)
{
	(void)arg;
	return skip_value(j);
}

/* Checks the value at j->pos (after white space) and steps over it. */
static bool
skip_value(json_t *j)
{
	double d;

	skip_ws(j);
	if (j->pos >= j->len)
		return fail(j, "unexpected end of input");
	switch (j->s[j->pos]) {
	case '{':
	case '[':
		return container(j, NULL, skip_each, NULL);
	case '"':
		return string(j, NULL);
	case 't':
		return literal(j, "true");
	case 'f':
		return literal(j, "false");
	case 'n':
		return literal(j, "null");
	default:
		return number(j, &d);
	}
}

/* Adds the string or number at j->pos to v, or skips anything else. */
static bool
collect_scalar(json_t *j, values_t *v)
{
	size_t start = v->text.len, at = j->pos;
	bool ok;

	if (j->s[j->pos] == '"') {
		ok = string(j, v->n < VALUES_MAX ? &v->text : NULL);
	} else if (j->s[j->pos] == '-' || (j->s[j->pos] >= '0' && j->s[j->pos] <= '9')) {
		ok = number(j, &v->number);
		if (ok && v->n < VALUES_MAX)
			bl_buf_append(&v->text, j->s + at, j->pos - at);
	} else {
		return skip_value(j);
	}
	if (ok && v->n < VALUES_MAX && v->text.err == BL_OK) {
		v->off[v->n] = start;
		v->len[v->n++] = v->text.len - start;
	}
	return ok;
}

typedef struct named {
	values_t *v;
	bl_buf_t *key;
} named_t;

/* A member of an object inside a value: only "name" counts. */
static bool
name_member(json_t *j, void *arg)
{
	named_t *nm = arg;

	if (nm->key->err == BL_OK && strcmp(bl_buf_cstr(nm->key), "name") == 0 &&
	    j->s[j->pos] == '"')
		return collect_scalar(j, nm->v);
	return skip_value(j);
}

static bool
collect_element(json_t *j, void *arg)
{
	named_t *nm = arg;

	if (j->s[j->pos] == '{')
		return container(j, nm->key, name_member, nm);
	if (j->s[j->pos] == '[')
		return skip_value(j);
	return collect_scalar(j, nm->v);
}

/* Collects a member's value (at j->pos, after white space) into v: a
 * string or number, an array of them, or objects with a "name" (authors,
 * a source). */
static bool
collect(json_t *j, values_t *v, bl_buf_t *key)
{
	named_t nm = { v, key };
	char c = j->s[j->pos];

	if (c == '[')
		return container(j, NULL, collect_element, &nm);
	if (c == '{')
		return container(j, key, name_member, &nm);
	v->is_number = c == '-' || (c >= '0' && c <= '9');
	return collect_scalar(j, v);
}

/* The field a member name maps to, and the rank of that mapping (lower
 * wins): the user's mappings first, then the defaults. Names compare
 * without regard to ASCII case. */
static field_t
lookup(const format_map_t *map, const char *key, int *rank)
{
	size_t i, k;

	for (i = 0; map && map[i].key; i++) {
		if (strcasecmp(map[i].key, key) != 0)
			continue;
		*rank = (int)i;
		for (k = 0; k < sizeof field_names / sizeof field_names[0]; k++)
			if (strcasecmp(field_names[k].name, map[i].field) == 0)
				return field_names[k].field;
		return F_IGNORE;
	}
	for (i = 0; i < sizeof default_keys / sizeof default_keys[0]; i++) {
		if (strcasecmp(default_keys[i].key, key) == 0) {
			*rank = DEFAULT_RANK + (int)i;
			return default_keys[i].field;
		}
	}
	return F_NONE;
}

bool
format_jsonl_field_known(const char *field)
{
	size_t k;

	for (k = 0; field && k < sizeof field_names / sizeof field_names[0]; k++)
		if (strcasecmp(field_names[k].name, field) == 0)
			return true;
	return false;
}

static bool
has_text(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_space(s[i]) && s[i] != '\f' && s[i] != '\v')
			return true;
	return false;
}

/* A date from a number of seconds (or milliseconds) since the epoch. */
static bool
epoch_date(double d, int64_t *t)
{
	if (d > MS_ABOVE || d < -MS_ABOVE)
		d /= 1000;
	if (!(d >= (double)DATE_MIN && d <= (double)DATE_MAX))
		return false;
	*t = (int64_t)d;
	if ((double)*t > d)     /* round towards the past */
		(*t)--;
	return true;
}

/* Applies the values v of a member mapped to field f at rank. Strings of
 * single-valued fields are joined with ", " (several authors). Returns
 * BL_OK or BL_ERR_NOMEM. */
static bl_status_t
apply(reader_t *r, field_t f, int rank, values_t *v)
{
	bl_buf_t *b = &r->scratch;
	/* An empty buffer has no data yet: NULL + 0 is undefined. */
	const char *text = v->text.data ? v->text.data : "";
	bl_strlist_t *list;
	const char *s;
	size_t i, first = 0;
	int64_t t;
	bl_status_t st = BL_OK;

	if (f == F_CATEGORY || f == F_PLACE) {
		list = f == F_CATEGORY ? &r->a.categories : &r->a.places;
		for (i = 0; st == BL_OK && i < v->n; i++)
			st = bl_strlist_add(list, text + v->off[i], v->len[i]);
		return st;
	}
	bl_buf_reset(b);
	for (i = 0; i < v->n; i++) {
		if (!has_text(text + v->off[i], v->len[i]))
			continue;
		if (b->len)
			bl_buf_puts(b, ", ");
		else
			first = i;
		bl_buf_append(b, text + v->off[i], v->len[i]);
	}
	if (b->err != BL_OK)
		return b->err;
	if (b->len == 0)
		return BL_OK;
	s = bl_buf_cstr(b);
	switch (f) {
	case F_ID:
		st = bl_article_set_exact(&r->a.id, text + v->off[first], v->len[first]);
		break;
	case F_TITLE:
		st = bl_article_set(&r->a.title, s, b->len, false);
		break;
	case F_BODY:
		st = bl_article_set_body(&r->a, s, b->len);
		break;
	case F_DATE:
		if (v->is_number ? !epoch_date(v->number, &t) :
		    bl_date_parse(s, b->len, &t) != BL_OK)
			return BL_OK;
		r->a.date = t;
		r->a.has_date = true;
		break;
	case F_AUTHOR:
		st = bl_article_set(&r->a.author, s, b->len, false);
		break;
	case F_SOURCE:
		st = bl_article_set(&r->a.source, s, b->len, false);
		break;
	case F_URL:
		st = bl_article_set(&r->a.url, s, b->len, false);
		break;
	case F_LANGUAGE:
		st = bl_article_set(&r->a.language, s, b->len, false);
		break;
	default:
		return BL_OK;
	}
	r->rank[f] = rank;
	return st;
}

/* One member of a record: its name is in r's key buffer. */
static bool
member(json_t *j, void *arg)
{
	reader_t *r = arg;
	field_t f = F_NONE;
	int rank = INT_MAX;
	bl_status_t st;

	if (r->key.err == BL_OK)
		f = lookup(r->in->map, bl_buf_cstr(&r->key), &rank);
	/* Values of lower rank than the one set are not even kept. */
	if (f == F_NONE || f == F_IGNORE ||
	    (f != F_CATEGORY && f != F_PLACE && rank >= r->rank[f]))
		return skip_value(j);
	bl_buf_reset(&r->v.text);
	r->v.n = 0;
	r->v.is_number = false;
	if (!collect(j, &r->v, &r->key))
		return false;
	/* Parsing goes on, so that a file-wide array can go on too. */
	if (r->v.text.err == BL_ERR_LIMIT) {
		r->oversize = true;
		return true;
	}
	st = r->v.text.err != BL_OK ? r->v.text.err : apply(r, f, rank, &r->v);
	if (st != BL_OK) {
		r->st = st;
		return fail(j, "out of memory");
	}
	return true;
}

/* Parses the object at j->pos into r->a. */
static bool
record(json_t *j, reader_t *r)
{
	size_t i;

	bl_article_clear(&r->a);
	for (i = 0; i < F_COUNT; i++)
		r->rank[i] = INT_MAX;
	r->oversize = false;
	j->depth = 0;
	j->err = NULL;
	if (j->pos >= j->len || j->s[j->pos] != '{')
		return fail(j, "not a JSON object");
	return container(j, &r->key, member, r);
}

/* Completes and emits the record numbered n: the id falls back to the
 * url, then to the file's id and n. */
static bl_status_t
finish(reader_t *r, size_t n)
{
	const format_input_t *in = r->in;
	bl_status_t st = BL_OK;

	if (r->a.id == NULL && r->a.url)
		st = bl_article_set_exact(&r->a.id, r->a.url, strlen(r->a.url));
	if (st == BL_OK && r->a.id == NULL) {
		bl_buf_reset(&r->scratch);
		bl_buf_printf(&r->scratch, "%s#%zu", in->id, n);
		st = r->scratch.err != BL_OK ? r->scratch.err :
		     bl_article_set_exact(&r->a.id, bl_buf_cstr(&r->scratch), r->scratch.len);
	}
	if (st == BL_OK)
		st = bl_article_set_exact(&r->a.path, in->path, strlen(in->path));
	if (st == BL_OK && (r->a.title || r->a.body))
		st = in->emit(in->ctx, &r->a);
	else if (st == BL_OK)
		in->warn(in->ctx, n, "no title or text");
	bl_article_clear(&r->a);
	return st;
}

/* Skips a UTF-8 byte order mark and white space. */
static size_t
skip_lead(const char *text, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (is_space(text[i]) || text[i] == '\f' || text[i] == '\v'))
		i++;
	return i;
}

/* One object per line; n counts lines. */
static bl_status_t
read_lines(reader_t *r, const char *text, size_t len)
{
	const format_input_t *in = r->in;
	size_t pos = 0, n = 0;
	bl_status_t st = BL_OK;

	while (st == BL_OK && pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		json_t j = { text + pos, end - pos, 0, 0, NULL };

		n++;
		pos = end + 1;
		skip_ws(&j);
		if (j.pos == j.len)
			continue;
		if (j.len > FORMAT_MAX_LINE) {
			in->warn(in->ctx, n, "line longer than the line cap");
			continue;
		}
		if (record(&j, r)) {
			skip_ws(&j);
			if (j.pos < j.len)
				fail(&j, "text after the object");
		}
		if (r->st != BL_OK)
			return r->st;
		if (j.err || r->oversize) {
			in->warn(in->ctx, n, j.err ? j.err : "record larger than the record cap");
			bl_article_clear(&r->a);
			continue;
		}
		st = finish(r, n);
	}
	return st;
}

/* A file that is one JSON array of objects; n counts elements. A syntax
 * error ends the file: the next element cannot be found reliably. */
static bl_status_t
read_array(reader_t *r, const char *text, size_t len)
{
	const format_input_t *in = r->in;
	json_t j = { text, len, 0, 0, NULL };
	size_t n = 0;
	bl_status_t st = BL_OK;

	skip_ws(&j);
	if (j.pos < j.len && j.s[j.pos] == ']')
		return BL_OK;
	while (st == BL_OK) {
		size_t start;

		n++;
		skip_ws(&j);
		start = j.pos;
		if (!record(&j, r)) {
			if (r->st != BL_OK)
				return r->st;
			in->warn(in->ctx, n, j.err);
			bl_article_clear(&r->a);
			return BL_OK;
		}
		if (r->oversize || j.pos - start > FORMAT_MAX_RECORD) {
			in->warn(in->ctx, n, "record larger than the record cap");
			bl_article_clear(&r->a);
		} else {
			st = finish(r, n);
		}
		skip_ws(&j);
		if (j.pos < j.len && j.s[j.pos] == ',') {
			j.pos++;
			continue;
		}
		if (j.pos >= j.len || j.s[j.pos] != ']')
			in->warn(in->ctx, n + 1, "expected ',' or ']' after an element");
		break;
	}
	return st;
}

int
format_jsonl_detect(const char *text, size_t len, const char *path)
{
	static const char *const exts[] = { "jsonl", "ndjson", "json", NULL };
	size_t i, n;
	const char *dot, *nl;
	json_t j = { text, len, 0, 0, NULL };
	int score = 85;
	bool unchecked = false;

	if (text == NULL)
		return 0;
	j.pos = skip_lead(text, len);
	if (j.pos < len && text[j.pos] == '[') {
		j.pos++;
		skip_ws(&j);
		if (j.pos >= len || text[j.pos] != '{')
			return 0;
	} else {
		/* The first line under the line cap decides: an object line
		 * over it is the reader's to report (naming the line), not a
		 * reason to read the file as another format. */
		for (;;) {
			if (j.pos >= len || text[j.pos] != '{')
				return 0;
			nl = memchr(text + j.pos, '\n', len - j.pos);
			j.len = nl ? (size_t)(nl - text) : len;
			if (j.len - j.pos <= FORMAT_MAX_LINE)
				break;
			if (nl == NULL) {
				unchecked = true;
				break;
			}
			j.pos = j.len + 1;
			j.len = len;
			skip_ws(&j);
		}
		if (!unchecked) {
			if (!skip_value(&j))
				return 0;
			skip_ws(&j);
			if (j.pos < j.len)
				return 0;
		}
	}
	if (path == NULL)
		return unchecked ? 0 : score;
	n = strlen(path);
	if (n > 3 && strcmp(path + n - 3, ".gz") == 0)
		n -= 3;
	for (dot = path + n; dot > path && dot[-1] != '.' && dot[-1] != '/'; dot--)
		;
	for (i = 0; dot > path && dot[-1] == '.' && exts[i]; i++)
		if ((size_t)(path + n - dot) == strlen(exts[i]) &&
		    strncasecmp(dot, exts[i], strlen(exts[i])) == 0)
			score += 5;
	/* Only over-long lines: the name alone says JSON Lines. */
	return unchecked && score == 85 ? 0 : score;
}

bl_status_t
format_jsonl_read(const format_input_t *in)
{
	reader_t *r;
	size_t start = skip_lead(in->text, in->len);
	bl_status_t st;

	/* The reader holds arrays of offsets: keep it off the stack. */
	r = calloc(1, sizeof *r);
	if (r == NULL)
		return BL_ERR_NOMEM;
	r->in = in;
	bl_article_init(&r->a);
	bl_buf_init(&r->v.text, FORMAT_MAX_RECORD);
	bl_buf_init(&r->key, KEY_MAX);
	/* Room for every value of a record and the ", " between them. */
	bl_buf_init(&r->scratch, FORMAT_MAX_RECORD + 2 * VALUES_MAX);
	if (start < in->len && in->text[start] == '[')
		st = read_array(r, in->text + start + 1, in->len - start - 1);
	else if (in->len >= 3 && memcmp(in->text, "\xEF\xBB\xBF", 3) == 0)
		st = read_lines(r, in->text + 3, in->len - 3);
	else
		st = read_lines(r, in->text, in->len);
	bl_article_clear(&r->a);
	bl_buf_free(&r->v.text);
	bl_buf_free(&r->key);
	bl_buf_free(&r->scratch);
	free(r);
	return st;
}
