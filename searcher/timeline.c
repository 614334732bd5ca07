/* timeline.c - matches per day grouped into weeks, months or years. */
#include "timeline.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bl_date.h"

#define DAY 86400

timeline_period_t
timeline_parse(const char *name)
{
	if (strcmp(name, "day") == 0)
		return TIMELINE_DAY;
	if (strcmp(name, "week") == 0)
		return TIMELINE_WEEK;
	if (strcmp(name, "month") == 0)
		return TIMELINE_MONTH;
	if (strcmp(name, "year") == 0)
		return TIMELINE_YEAR;
	return TIMELINE_NONE;
}

/* The start of the period holding t. */
static int64_t
period_start(int64_t t, timeline_period_t p)
{
	int y, m, d;
	int64_t day;

	bl_date_to_civil(t, &y, &m, &d, NULL, NULL, NULL);
	day = bl_date_from_civil(y, m, d, 0, 0, 0);
	switch (p) {
	case TIMELINE_WEEK: {
		/* 1970-01-01 was a Thursday: days since a Monday. */
		int64_t days = day / DAY, dow = ((days % 7) + 7 + 3) % 7;

		return day - dow * DAY;
	}
	case TIMELINE_MONTH: return bl_date_from_civil(y, m, 1, 0, 0, 0);
	case TIMELINE_YEAR: return bl_date_from_civil(y, 1, 1, 0, 0, 0);
	default: return day;
	}
}

static int64_t
period_next(int64_t start, timeline_period_t p)
{
	int y, m, d;

	bl_date_to_civil(start, &y, &m, &d, NULL, NULL, NULL);
	switch (p) {
	case TIMELINE_WEEK: return start + 7 * DAY;
	case TIMELINE_MONTH: return bl_date_from_civil(y, m + 1, 1, 0, 0, 0);
	case TIMELINE_YEAR: return bl_date_from_civil(y + 1, 1, 1, 0, 0, 0);
	default: return start + DAY;
	}
}

static void
label(int64_t start, timeline_period_t p, char *out)
{
	char iso[BL_DATE_ISO_MAX];
	size_t n = p == TIMELINE_YEAR ? 4 : p == TIMELINE_MONTH ? 7 : 10;

	bl_date_format_iso(start, iso);
	memcpy(out, iso, n);
	out[n] = '\0';
}

static bool
day_of(const char *s, int64_t *t)
{
	return bl_date_parse(s, strlen(s), t) == BL_OK;
}

bl_status_t
timeline_build(const bl_count_t *days, size_t ndays, timeline_period_t period,
               timeline_t *out)
{
	int64_t first, last, t, p;
	size_t i, k;

	memset(out, 0, sizeof *out);
	if (ndays == 0 || period == TIMELINE_NONE)
		return BL_OK;
	if (!day_of(days[0].value, &first) || !day_of(days[ndays - 1].value, &last))
		return BL_OK;
	out->bins = calloc(TIMELINE_MAX, sizeof *out->bins);
	if (out->bins == NULL)
		return BL_ERR_NOMEM;
	p = period_start(first, period);
	for (k = 0; p <= last && k < TIMELINE_MAX; k++) {
		label(p, period, out->bins[k].label);
		p = period_next(p, period);
	}
	out->n = k;
	for (i = 0, k = 0; i < ndays; i++) {
		if (!day_of(days[i].value, &t))
			continue;
		p = period_start(t, period);
		char l[16];

		label(p, period, l);
		while (k < out->n && strcmp(out->bins[k].label, l) < 0)
			k++;
		if (k == out->n)
			break;
		out->bins[k].count += days[i].count;
		if (out->bins[k].count > out->max)
			out->max = out->bins[k].count;
	}
	return BL_OK;
}

void
timeline_free(timeline_t *t)
{
	free(t->bins);
	memset(t, 0, sizeof *t);
}
