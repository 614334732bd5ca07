/* bl_date.c - locale-free date parsing and civil-calendar arithmetic for bl_date.h. */
#include "bl_date.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* A cursor over the input; the parser never looks at or past end. */
typedef struct {
	const char *p;
	const char *end;
} cursor_t;

/* What may follow a scanned date. */
enum { TAIL_ANY, TAIL_TIME, TAIL_NONE };

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december"
};

static const char *const day_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

static const struct {
	const char *name;
	int hours;
} zone_names[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 },
	{ "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 },
	{ "mst", -7 }, { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 }
};

/* Our own ASCII classes: <ctype.h> answers depend on the locale. */
static int
is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
is_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int
is_space(int ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

/* Lowercases an ASCII letter; maps no other byte onto a lowercase letter. */
#define LOWER(ch) ((ch) | 0x20)

/* Returns the next byte, or -1 at the end. */
static int
peek(const cursor_t *c)
{
	return c->p < c->end ? (unsigned char)*c->p : -1;
}

static int
accept(cursor_t *c, int ch)
{
	if (peek(c) != ch)
		return 0;
	c->p++;
	return 1;
}

/* Returns 1 when at least one whitespace byte was skipped. */
static int
skip_ws(cursor_t *c)
{
	const char *start = c->p;

	while (is_space(peek(c)))
		c->p++;
	return c->p != start;
}

/* Reads a whole run of digits, which must be lo..hi long (hi <= 9). */
static int
scan_num(cursor_t *c, int lo, int hi, int *v, int *ndigits)
{
	int n = 0, x = 0;

	while (is_digit(peek(c))) {
		if (n < hi)
			x = x * 10 + (*c->p - '0');
		n++;
		c->p++;
	}
	if (n < lo || n > hi)
		return 0;
	*v = x;
	if (ndigits)
		*ndigits = n;
	return 1;
}

/* Reads a whole run of letters, lowercased into w (truncated to cap - 1);
 * returns the run's full length, so a truncated word matches nothing. */
static size_t
scan_word(cursor_t *c, char *w, size_t cap)
{
	size_t n = 0;

	while (is_alpha(peek(c))) {
		if (n + 1 < cap)
			w[n] = (char)LOWER(*c->p);
		n++;
		c->p++;
	}
	return n;
}

/* Returns 1-based index of w among names, matching the full name or its
 * first three letters, or 0. */
static int
name_index(const char *const *names, int count, const char *w, size_t n)
{
	int i;

	for (i = 0; i < count; i++)
		if ((n == 3 || n == strlen(names[i])) && memcmp(w, names[i], n) == 0)
			return i + 1;
	return 0;
}

/* Reads a month name, allowing "Aug." after an abbreviation. */
static int
scan_month(cursor_t *c, int *m)
{
	char w[16];
	size_t n = scan_word(c, w, sizeof w);

	*m = n == 4 && memcmp(w, "sept", 4) == 0 ? 9 : name_index(month_names, 12, w, n);
	if (n >= sizeof w || !*m)
		return 0;
	if (n <= 4)
		accept(c, '.');
	return 1;
}

/* Reads "am", "pm", "a.m.", "p.m." after optional whitespace; returns 1 for
 * am, 2 for pm, or 0 with the cursor unmoved. */
static int
scan_meridiem(cursor_t *c)
{
	cursor_t q = *c;
	int which;

	skip_ws(&q);
	which = LOWER(peek(&q)) == 'a' ? 1 : LOWER(peek(&q)) == 'p' ? 2 : 0;
	if (!which)
		return 0;
	q.p++;
	accept(&q, '.');
	if (LOWER(peek(&q)) != 'm')
		return 0;
	q.p++;
	accept(&q, '.');
	if (is_alpha(peek(&q)))
		return 0;
	*c = q;
	return which;
}

/* Reads H:MM[:SS[.frac]] [am|pm], or H am|pm when meridiem_ok. */
static int
scan_time(cursor_t *c, int meridiem_ok, int *secs)
{
	int h, m = 0, s = 0, mer = 0, colon;

	if (!scan_num(c, 1, 2, &h, NULL))
		return 0;
	colon = accept(c, ':');
	if (colon) {
		if (!scan_num(c, 2, 2, &m, NULL))
			return 0;
		if (accept(c, ':')) {
			if (!scan_num(c, 2, 2, &s, NULL))
				return 0;
			if ((peek(c) == '.' || peek(c) == ',') && c->p + 1 < c->end && is_digit((unsigned char)c->p[1]))
				for (c->p++; is_digit(peek(c)); c->p++)
					;
		}
	}
	if (meridiem_ok)
		mer = scan_meridiem(c);
	if (!colon && !mer)
		return 0;
	if (mer) {
		if (h < 1 || h > 12)
			return 0;
		h = h % 12 + (mer == 2 ? 12 : 0);
	}
	if (h > 23 || m > 59 || s > 60)
		return 0;
	*secs = h * 3600 + m * 60 + (s == 60 ? 59 : s);
	return 1;
}

/* Reads a zone; *off is local time minus UTC, in seconds. */
static int
scan_zone(cursor_t *c, int *off)
{
	char w[8];
	size_t n, i;
	int sign = peek(c) == '-' ? -1 : 1, h, m = 0, nd;

	if (accept(c, '+') || accept(c, '-')) {
		if (!scan_num(c, 2, 4, &h, &nd) || nd == 3)
			return 0;
		if (nd == 4) {
			m = h % 100;
			h /= 100;
		} else if (accept(c, ':') && !scan_num(c, 2, 2, &m, NULL)) {
			return 0;
		}
		if (h > 23 || m > 59)
			return 0;
		*off = sign * (h * 3600 + m * 60);
		return 1;
	}
	n = scan_word(c, w, sizeof w);
	for (i = 0; i < sizeof zone_names / sizeof zone_names[0]; i++)
		if (n == strlen(zone_names[i].name) && memcmp(w, zone_names[i].name, n) == 0) {
			*off = zone_names[i].hours * 3600;
			return 1;
		}
	return 0;
}

/* Skips a parenthesised comment, which may nest. */
static int
skip_comment(cursor_t *c)
{
	int depth = 0;

	for (; c->p < c->end; c->p++) {
		depth += (*c->p == '(') - (*c->p == ')');
		if (depth == 0) {
			c->p++;
			return 1;
		}
	}
	return 0;
}

/* Reads the date part of any supported form into y/m/d (unvalidated) and
 * says in *tail what may follow it. */
static int
scan_date(cursor_t *c, int *y, int *m, int *d, int *tail)
{
	char w[16];
	size_t n;
	int a, b, nd;

	*tail = TAIL_ANY;
	if (is_alpha(peek(c))) {
		cursor_t q = *c;

		n = scan_word(&q, w, sizeof w);
		if (n < sizeof w && name_index(day_names, 7, w, n)) {
			*c = q;
			accept(c, ',');
			skip_ws(c);
		}
	}
	if (is_alpha(peek(c))) {
		/* "August 7, 2024" */
		if (!scan_month(c, m))
			return 0;
		skip_ws(c);
		if (!scan_num(c, 1, 2, d, NULL))
			return 0;
		accept(c, ',');
		skip_ws(c);
		return scan_num(c, 4, 4, y, NULL);
	}
	if (!scan_num(c, 1, 4, &a, &nd))
		return 0;
	if (nd == 4) {
		*y = a;
		if (accept(c, '/'))
			return scan_num(c, 1, 2, m, NULL) && accept(c, '/') && scan_num(c, 1, 2, d, NULL);
		if (!accept(c, '-') || !scan_num(c, 1, 2, m, NULL))
			return 0;
		if (!accept(c, '-')) {
			/* "2024-08" */
			*d = 1;
			*tail = TAIL_NONE;
			return 1;
		}
		if (!scan_num(c, 1, 2, d, NULL))
			return 0;
		if (accept(c, 'T') || accept(c, 't'))
			*tail = TAIL_TIME;
		return 1;
	}
	if (nd > 2)
		return 0;
	if (accept(c, '/')) {
		if (!scan_num(c, 1, 2, &b, NULL) || !accept(c, '/') || !scan_num(c, 4, 4, y, NULL))
			return 0;
		*m = a > 12 ? b : a;
		*d = a > 12 ? a : b;
		return 1;
	}
	*d = a;
	if (accept(c, '-'))	/* "26-FEB-1987" */
		return scan_month(c, m) && accept(c, '-') && scan_num(c, 4, 4, y, NULL);
	/* "7 Aug 2024", or RFC 5322's obsolete "1 Apr 93" */
	if (!skip_ws(c) || !scan_month(c, m) || !skip_ws(c) || !scan_num(c, 2, 4, y, &nd) || nd == 3)
		return 0;
	if (nd == 2)
		*y += *y < 50 ? 2000 : 1900;
	return 1;
}

/* Reads what may follow the date: a time, a zone, comments, whitespace. */
static int
scan_tail(cursor_t *c, int tail, int *secs, int *off)
{
	int sep = 0, timed = 0, comma;

	if (tail == TAIL_NONE)
		return c->p == c->end;
	if (tail == TAIL_TIME) {
		if (!scan_time(c, 0, secs))
			return 0;
		timed = 1;
	} else {
		comma = accept(c, ',');
		sep = skip_ws(c) | comma;
		if (sep && is_digit(peek(c))) {
			if (!scan_time(c, 1, secs))
				return 0;
			timed = 1;
		} else if (comma) {
			return 0;
		}
	}
	if (timed)
		sep = skip_ws(c);
	/* A zone touching the date ("2024-08-07-05") would be a guess. */
	if (c->p < c->end && *c->p != '(') {
		if (!(timed || sep) || !scan_zone(c, off))
			return 0;
		skip_ws(c);
	}
	while (peek(c) == '(') {
		if (!skip_comment(c))
			return 0;
		skip_ws(c);
	}
	return c->p == c->end;
}

static int
valid_date(int y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Trims whitespace from both ends of s/len into a cursor. */
static cursor_t
trimmed(const char *s, size_t len)
{
	cursor_t c = { s, s + len };

	skip_ws(&c);
	while (c.end > c.p && is_space((unsigned char)c.end[-1]))
		c.end--;
	return c;
}

bl_status_t
bl_date_parse(const char *s, size_t len, int64_t *t)
{
	cursor_t c;
	int y, m, d, tail, secs = 0, off = 0;

	if (!s || !t)
		return BL_ERR_INVALID;
	c = trimmed(s, len);
	if (!scan_date(&c, &y, &m, &d, &tail) || !valid_date(y, m, d) || !scan_tail(&c, tail, &secs, &off))
		return BL_ERR_INVALID;
	*t = bl_date_from_civil(y, m, d, 0, 0, secs - off);
	return BL_OK;
}

bl_status_t
bl_time_of_day_parse(const char *s, size_t len, int *secs)
{
	cursor_t c;
	int v;

	if (!s || !secs)
		return BL_ERR_INVALID;
	c = trimmed(s, len);
	if (!scan_time(&c, 1, &v) || c.p != c.end)
		return BL_ERR_INVALID;
	*secs = v;
	return BL_OK;
}

/* Division rounding toward minus infinity, for instants before the epoch. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Howard Hinnant's days_from_civil(): days since 1970-01-01 of a proleptic
 * Gregorian date, month 1..12; days past the month's end just add on. */
static int64_t
days_from_civil(int64_t y, int m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t
bl_date_from_civil(int year, int month, int day, int hour, int min, int sec)
{
	int64_t carry = floor_div((int64_t)month - 1, 12);
	int m = (int)((int64_t)month - 1 - carry * 12) + 1;

	return days_from_civil(year + carry, m, day) * 86400
		+ (int64_t)hour * 3600 + (int64_t)min * 60 + sec;
}

/* The inverse, Hinnant's civil_from_days(), plus the time of day. */
static void
civil(int64_t t, int64_t *year, int f[5])
{
	int64_t z = t / 86400, rem = t % 86400;
	int64_t era, doe, yoe, doy, mp;

	if (rem < 0) {	/* not floor_div(): z * 86400 overflows for INT64_MIN */
		rem += 86400;
		z--;
	}
	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	f[1] = (int)(doy - (153 * mp + 2) / 5 + 1);
	f[0] = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (f[0] <= 2);
	f[2] = (int)(rem / 3600);
	f[3] = (int)(rem / 60 % 60);
	f[4] = (int)(rem % 60);
}

char *
bl_date_format_iso(int64_t t, char *out)
{
	static const char seps[] = "--T::";
	int64_t y;
	int f[5], i;
	char *p;

	civil(t, &y, f);
	/* The year alone through snprintf: at most 13 bytes, then 16 fixed ones. */
	p = out + snprintf(out, BL_DATE_ISO_MAX, "%s%04lld", y < 0 ? "-" : "", (long long)(y < 0 ? -y : y));
	for (i = 0; i < 5; i++) {
		*p++ = seps[i];
		*p++ = (char)('0' + f[i] / 10);
		*p++ = (char)('0' + f[i] % 10);
	}
	*p++ = 'Z';
	*p = '\0';
	return out;
}

void
bl_date_to_civil(int64_t t, int *year, int *month, int *day, int *hour, int *min, int *sec)
{
	int *out[6] = { month, day, hour, min, sec, year };
	int64_t y;
	int f[6], i;

	civil(t, &y, f);
	f[5] = y > INT_MAX ? INT_MAX : y < INT_MIN ? INT_MIN : (int)y;
	for (i = 0; i < 6; i++)
		if (out[i])
			*out[i] = f[i];
}
