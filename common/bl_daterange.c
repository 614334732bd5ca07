/* bl_daterange.c - date filters as typed in queries resolved to ranges. */
#include "bl_daterange.h"

#include <stdbool.h>
#include <string.h>

#include "bl_date.h"

#define DAY 86400

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
same(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncmp(s, word, len) == 0;
}

/* Reads digits s[0..n) as a number; false if any is not a digit. */
static bool
number(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	if (n == 0 || n > 9)
		return false;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* The span [*lo, *hi] of one point. */
static bool
point(const char *s, size_t len, int64_t now, int64_t *lo, int64_t *hi)
{
	int y, m, d;
	int64_t t;

	if (len == 4 && number(s, 4, &y) && y >= 1000) {
		*lo = bl_date_from_civil(y, 1, 1, 0, 0, 0);
		*hi = bl_date_from_civil(y + 1, 1, 1, 0, 0, 0) - 1;
		return true;
	}
	if ((len == 7 || len == 6) && s[4] == '-' && number(s, 4, &y) &&
	    y >= 1000 && number(s + 5, len - 5, &m) && m >= 1 && m <= 12) {
		*lo = bl_date_from_civil(y, m, 1, 0, 0, 0);
		*hi = bl_date_from_civil(y, m + 1, 1, 0, 0, 0) - 1;
		return true;
	}
	if (same(s, len, "today") || same(s, len, "yesterday")) {
		bl_date_to_civil(now, &y, &m, &d, NULL, NULL, NULL);
		*lo = bl_date_from_civil(y, m, d, 0, 0, 0);
		if (s[0] == 'y')
			*lo -= DAY;
		*hi = *lo + DAY - 1;
		return true;
	}
	if (bl_date_parse(s, len, &t) != BL_OK)
		return false;
	*lo = t;
	/* A date without a time of day means the whole day; one with a time
	 * (even midnight) means that instant. */
	*hi = memchr(s, ':', len) ? t : t + DAY - 1;
	return true;
}

/* A period up to now: 7d, 2w, 3m, 1y, last-week, last-month, last-year. */
static bool
period(const char *s, size_t len, int64_t now, int64_t *lo, int64_t *hi)
{
	int n, y, mo, d, h, mi, se;
	char unit;

	if (same(s, len, "last-week"))
		return period("1w", 2, now, lo, hi);
	if (same(s, len, "last-month"))
		return period("1m", 2, now, lo, hi);
	if (same(s, len, "last-year"))
		return period("1y", 2, now, lo, hi);
	if (len < 2 || !number(s, len - 1, &n) || n > 100000)
		return false;
	unit = s[len - 1];
	bl_date_to_civil(now, &y, &mo, &d, &h, &mi, &se);
	switch (unit) {
	case 'd': *lo = now - (int64_t)n * DAY; break;
	case 'w': *lo = now - (int64_t)n * 7 * DAY; break;
	case 'm': *lo = bl_date_from_civil(y, mo - n, d, h, mi, se); break;
	case 'y': *lo = bl_date_from_civil(y - n, mo, d, h, mi, se); break;
	default: return false;
	}
	*hi = now;
	return true;
}

bl_status_t
bl_daterange_parse(const char *spec, size_t len, bl_range_kind_t kind,
                   int64_t now, int64_t *lo, int64_t *hi)
{
	int64_t a_lo = INT64_MIN, a_hi = INT64_MAX, b_lo = INT64_MIN,
	        b_hi = INT64_MAX;
	const char *dots;
	size_t i;

	if (spec == NULL || lo == NULL || hi == NULL)
		return BL_ERR_INVALID;
	while (len && (spec[0] == ' ' || spec[0] == '\t')) {
		spec++;
		len--;
	}
	while (len && (spec[len - 1] == ' ' || spec[len - 1] == '\t'))
		len--;
	dots = NULL;
	for (i = 0; i + 1 < len; i++)
		if (spec[i] == '.' && spec[i + 1] == '.')
			dots = spec + i;
	if (dots && kind == BL_RANGE_ON) {
		size_t alen = (size_t)(dots - spec);
		const char *b = dots + 2;
		size_t blen = len - alen - 2;

		if (alen == 0 && blen == 0)
			return BL_ERR_INVALID;
		if (alen && !point(spec, alen, now, &a_lo, &a_hi))
			return BL_ERR_INVALID;
		if (blen && !point(b, blen, now, &b_lo, &b_hi))
			return BL_ERR_INVALID;
		if (alen && blen && b_hi < a_lo)
			return BL_ERR_INVALID;
		*lo = alen ? a_lo : INT64_MIN;
		*hi = blen ? b_hi : INT64_MAX;
		return BL_OK;
	}
	if (dots)
		return BL_ERR_INVALID;
	if (!point(spec, len, now, &a_lo, &a_hi) &&
	    !period(spec, len, now, &a_lo, &a_hi))
		return BL_ERR_INVALID;
	switch (kind) {
	case BL_RANGE_ON:
		*lo = a_lo;
		*hi = a_hi;
		break;
	case BL_RANGE_AFTER:
		*lo = a_lo;
		*hi = INT64_MAX;
		break;
	case BL_RANGE_BEFORE:
		if (a_lo == INT64_MIN)
			return BL_ERR_INVALID;
		*lo = INT64_MIN;
		*hi = a_lo - 1;
		break;
	}
	return BL_OK;
}
