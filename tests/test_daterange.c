/* test_daterange.c - Check suite for bl_daterange (date:, after:, before:
 * specs) and the searcher's timeline grouping. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bl_daterange.h"
#include "timeline.h"

#define MIN INT64_MIN
#define MAX INT64_MAX

/* The "now" of most cases: 2024-08-07T16:43:00Z, a Wednesday. */
#define NOW INT64_C(1723048980)
/* 2024-03-31T00:00:00Z (midnight, end of a long month) and
 * 2024-02-29T12:00:00Z (leap day), for the calendar periods. */
#define NOW_MAR31 INT64_C(1711843200)
#define NOW_FEB29 INT64_C(1709208000)

/* Expected values come from python3 calendar.timegm (or date -u -d for the
 * calendar periods: date -u -d "2024-03-31T00:00:00Z -1 month" +%s), never
 * from bl_date; the comment is the range in UTC. */
static const struct {
	const char *spec;
	bl_range_kind_t kind;
	int64_t now;
	int64_t lo, hi;
} good[] = {
	/* years */
	{ "2024", BL_RANGE_ON, NOW, INT64_C(1704067200), INT64_C(1735689599) },	/* 2024-01-01 .. 2024-12-31 23:59:59 */
	{ "1987", BL_RANGE_ON, NOW, INT64_C(536457600), INT64_C(567993599) },	/* 1987 */
	{ "1969", BL_RANGE_ON, NOW, INT64_C(-31536000), INT64_C(-1) },	/* before the epoch */
	{ "1000", BL_RANGE_ON, NOW, INT64_C(-30610224000), INT64_C(-30578688001) },	/* first year */
	{ "9999", BL_RANGE_ON, NOW, INT64_C(253370764800), INT64_C(253402300799) },	/* last year */
	{ " 2024\t", BL_RANGE_ON, NOW, INT64_C(1704067200), INT64_C(1735689599) },	/* blanks trimmed */
	/* months */
	{ "2024-08", BL_RANGE_ON, NOW, INT64_C(1722470400), INT64_C(1725148799) },	/* 2024-08-01 .. 08-31 23:59:59 */
	{ "2024-12", BL_RANGE_ON, NOW, INT64_C(1733011200), INT64_C(1735689599) },	/* into the next year */
	{ "2024-02", BL_RANGE_ON, NOW, INT64_C(1706745600), INT64_C(1709251199) },	/* leap February: 29 days */
	{ "2023-02", BL_RANGE_ON, NOW, INT64_C(1675209600), INT64_C(1677628799) },	/* 28 days */
	/* days, in any form bl_date_parse reads */
	{ "2024-08-07", BL_RANGE_ON, NOW, INT64_C(1722988800), INT64_C(1723075199) },	/* the whole day */
	{ "7 Aug 2024", BL_RANGE_ON, NOW, INT64_C(1722988800), INT64_C(1723075199) },
	{ "August 7, 2024", BL_RANGE_ON, NOW, INT64_C(1722988800), INT64_C(1723075199) },
	{ "26-FEB-1987", BL_RANGE_ON, NOW, INT64_C(541296000), INT64_C(541382399) },	/* Reuters style */
	{ "2024-02-29", BL_RANGE_ON, NOW, INT64_C(1709164800), INT64_C(1709251199) },
	{ "1969-12-31", BL_RANGE_ON, NOW, INT64_C(-86400), INT64_C(-1) },
	/* date-times: the instant */
	{ "2024-08-07T16:43:00Z", BL_RANGE_ON, NOW, INT64_C(1723048980), INT64_C(1723048980) },
	{ "2024-08-07T16:43:00+02:00", BL_RANGE_ON, NOW, INT64_C(1723041780), INT64_C(1723041780) },	/* 14:43Z */
	{ "7 Aug 2024 16:43 -0500", BL_RANGE_ON, NOW, INT64_C(1723066980), INT64_C(1723066980) },	/* 21:43Z */
	/* today, yesterday */
	{ "today", BL_RANGE_ON, NOW, INT64_C(1722988800), INT64_C(1723075199) },	/* 2024-08-07 */
	{ "yesterday", BL_RANGE_ON, NOW, INT64_C(1722902400), INT64_C(1722988799) },	/* 2024-08-06 */
	{ "today", BL_RANGE_ON, NOW_MAR31, INT64_C(1711843200), INT64_C(1711929599) },	/* now at midnight */
	{ "yesterday", BL_RANGE_ON, NOW_MAR31, INT64_C(1711756800), INT64_C(1711843199) },	/* 2024-03-30 */
	/* periods up to now */
	{ "7d", BL_RANGE_ON, NOW, INT64_C(1722444180), NOW },	/* 2024-07-31 16:43 .. now */
	{ "0d", BL_RANGE_ON, NOW, NOW, NOW },
	{ "100000d", BL_RANGE_ON, NOW, INT64_C(-6916951020), NOW },	/* the largest count */
	{ "2w", BL_RANGE_ON, NOW, INT64_C(1721839380), NOW },	/* 2024-07-24 16:43 */
	{ "3m", BL_RANGE_ON, NOW, INT64_C(1715100180), NOW },	/* 2024-05-07 16:43 */
	{ "1y", BL_RANGE_ON, NOW, INT64_C(1691426580), NOW },	/* 2023-08-07 16:43 */
	{ "12m", BL_RANGE_ON, NOW, INT64_C(1691426580), NOW },
	{ "last-week", BL_RANGE_ON, NOW, INT64_C(1722444180), NOW },	/* = 1w */
	{ "last-month", BL_RANGE_ON, NOW, INT64_C(1720370580), NOW },	/* = 1m: 2024-07-07 16:43 */
	{ "last-year", BL_RANGE_ON, NOW, INT64_C(1691426580), NOW },	/* = 1y */
	{ "1m", BL_RANGE_ON, NOW_MAR31, INT64_C(1709337600), NOW_MAR31 },	/* "Feb 31" is 2024-03-02, as date(1) */
	{ "1y", BL_RANGE_ON, NOW_FEB29, INT64_C(1677672000), NOW_FEB29 },	/* "2023-02-29" is 2023-03-01 12:00 */
	/* ranges */
	{ "2023-05-01..2023-06-30", BL_RANGE_ON, NOW, INT64_C(1682899200), INT64_C(1688169599) },
	{ "..2023-12-31", BL_RANGE_ON, NOW, MIN, INT64_C(1704067199) },
	{ "2024..", BL_RANGE_ON, NOW, INT64_C(1704067200), MAX },
	{ "2023..2024-08", BL_RANGE_ON, NOW, INT64_C(1672531200), INT64_C(1725148799) },	/* start of one, end of the other */
	{ "1987-03-01..1987-03-10", BL_RANGE_ON, NOW, INT64_C(541555200), INT64_C(542419199) },
	{ "2024..2024", BL_RANGE_ON, NOW, INT64_C(1704067200), INT64_C(1735689599) },
	{ "2024-08-07..2024-08-07", BL_RANGE_ON, NOW, INT64_C(1722988800), INT64_C(1723075199) },
	{ "yesterday..today", BL_RANGE_ON, NOW, INT64_C(1722902400), INT64_C(1723075199) },
	{ "2024-08-07T16:43:00Z..", BL_RANGE_ON, NOW, INT64_C(1723048980), MAX },
	{ "..2024-08-07T16:43:00Z", BL_RANGE_ON, NOW, MIN, INT64_C(1723048980) },
	/* after: from the start of the spec on */
	{ "2024-08", BL_RANGE_AFTER, NOW, INT64_C(1722470400), MAX },
	{ "2024", BL_RANGE_AFTER, NOW, INT64_C(1704067200), MAX },
	{ "today", BL_RANGE_AFTER, NOW, INT64_C(1722988800), MAX },
	{ "7d", BL_RANGE_AFTER, NOW, INT64_C(1722444180), MAX },
	{ "2024-08-07T16:43:00Z", BL_RANGE_AFTER, NOW, INT64_C(1723048980), MAX },
	/* before: up to the start of the spec */
	{ "2024-08", BL_RANGE_BEFORE, NOW, MIN, INT64_C(1722470399) },
	{ "2024", BL_RANGE_BEFORE, NOW, MIN, INT64_C(1704067199) },
	{ "today", BL_RANGE_BEFORE, NOW, MIN, INT64_C(1722988799) },
	{ "yesterday", BL_RANGE_BEFORE, NOW, MIN, INT64_C(1722902399) },
	{ "7d", BL_RANGE_BEFORE, NOW, MIN, INT64_C(1722444179) },
	{ "2024-08-07T16:43:00Z", BL_RANGE_BEFORE, NOW, MIN, INT64_C(1723048979) },
};

/* Each must be rejected with *lo and *hi untouched. */
static const struct {
	const char *spec;
	bl_range_kind_t kind;
} bad[] = {
	{ "", BL_RANGE_ON }, { "  ", BL_RANGE_ON }, { "x", BL_RANGE_ON },
	{ "202", BL_RANGE_ON }, { "20245", BL_RANGE_ON }, { "0999", BL_RANGE_ON },
	{ "10000", BL_RANGE_ON }, { "2024-123", BL_RANGE_ON },
	{ "2024-13", BL_RANGE_ON }, { "2024-00", BL_RANGE_ON },
	{ "2024-02-30", BL_RANGE_ON }, { "2024-08-07 lunch", BL_RANGE_ON },
	{ "tomorrow", BL_RANGE_ON }, { "today yesterday", BL_RANGE_ON },
	{ "last-decade", BL_RANGE_ON }, { "last-", BL_RANGE_ON },
	{ "7", BL_RANGE_ON }, { "d", BL_RANGE_ON }, { "7x", BL_RANGE_ON },
	{ "7 d", BL_RANGE_ON }, { "-7d", BL_RANGE_ON }, { "7.5d", BL_RANGE_ON },
	{ "100001d", BL_RANGE_ON }, { "1234567890d", BL_RANGE_ON },
	{ "..", BL_RANGE_ON }, { "...", BL_RANGE_ON }, { "2024...", BL_RANGE_ON },
	{ "2024..2025..2026", BL_RANGE_ON }, { "2024..x", BL_RANGE_ON },
	{ "x..2024", BL_RANGE_ON }, { "7d..", BL_RANGE_ON },
	{ "..last-week", BL_RANGE_ON }, { "2024.08", BL_RANGE_ON },
	/* reversed ranges */
	{ "2024-08-07..2024-08-01", BL_RANGE_ON }, { "2025..2024", BL_RANGE_ON },
	{ "2024-08..2024-07-31", BL_RANGE_ON }, { "today..yesterday", BL_RANGE_ON },
	/* after: and before: take a point or a period, never a range */
	{ "2024..2025", BL_RANGE_AFTER }, { "..2024", BL_RANGE_AFTER },
	{ "2024..", BL_RANGE_BEFORE }, { "2024..2025", BL_RANGE_BEFORE },
	{ "", BL_RANGE_AFTER }, { "", BL_RANGE_BEFORE },
	{ "2024-13", BL_RANGE_AFTER }, { "soon", BL_RANGE_BEFORE },
};

START_TEST(test_good)
{
	int64_t lo = 12345, hi = 12345;
	bl_status_t st = bl_daterange_parse(good[_i].spec, strlen(good[_i].spec),
	                                    good[_i].kind, good[_i].now, &lo, &hi);

	ck_assert_msg(st == BL_OK, "\"%s\" (kind %d): %s", good[_i].spec,
	              good[_i].kind, bl_status_str(st));
	ck_assert_msg(lo == good[_i].lo && hi == good[_i].hi,
	              "\"%s\" (kind %d): got [%lld, %lld], want [%lld, %lld]",
	              good[_i].spec, good[_i].kind, (long long)lo, (long long)hi,
	              (long long)good[_i].lo, (long long)good[_i].hi);
}
END_TEST

START_TEST(test_bad)
{
	int64_t lo = 12345, hi = 54321;
	bl_status_t st = bl_daterange_parse(bad[_i].spec, strlen(bad[_i].spec),
	                                    bad[_i].kind, NOW, &lo, &hi);

	ck_assert_msg(st == BL_ERR_INVALID, "\"%s\" (kind %d) accepted as "
	              "[%lld, %lld]", bad[_i].spec, bad[_i].kind, (long long)lo,
	              (long long)hi);
	ck_assert_int_eq(lo, 12345);
	ck_assert_int_eq(hi, 54321);
}
END_TEST

/* A time of day given explicitly means the instant, even at midnight: the
 * header promises "the instant when a time is given", and a range ending
 * at midnight must not take in the whole next day. */
START_TEST(test_midnight_instant)
{
	int64_t lo = 0, hi = 0;

	ck_assert_int_eq(bl_daterange_parse("2024-08-07T00:00:00Z", 20,
	                 BL_RANGE_ON, NOW, &lo, &hi), BL_OK);
	ck_assert_int_eq(lo, INT64_C(1722988800));
	ck_assert_msg(hi == INT64_C(1722988800), "2024-08-07T00:00:00Z: got "
	              "[%lld, %lld], want the instant 1722988800",
	              (long long)lo, (long long)hi);
	/* 2024-08-01T00:00Z .. 2024-08-02T00:00Z is one day and a second. */
	ck_assert_int_eq(bl_daterange_parse("2024-08-01T00:00:00Z.."
	                 "2024-08-02T00:00:00Z", 42, BL_RANGE_ON, NOW, &lo, &hi),
	                 BL_OK);
	ck_assert_int_eq(lo, INT64_C(1722470400));
	ck_assert_msg(hi == INT64_C(1722556800), "range ending at midnight "
	              "ends at %lld, want 1722556800", (long long)hi);
}
END_TEST

/* A month written with one digit is the month, or refused: never just
 * its first day, which would quietly drop the rest of the month. */
START_TEST(test_short_month)
{
	int64_t lo = 12345, hi = 54321;
	bl_status_t st = bl_daterange_parse("2024-8", 6, BL_RANGE_ON, NOW, &lo,
	                                    &hi);

	if (st == BL_ERR_INVALID)
		return;
	ck_assert_int_eq(st, BL_OK);
	ck_assert_msg(lo == INT64_C(1722470400) && hi == INT64_C(1725148799),
	              "\"2024-8\" read as [%lld, %lld], not August 2024 "
	              "[1722470400, 1725148799]", (long long)lo, (long long)hi);
}
END_TEST

/* Only len bytes are read, and NULL arguments are refused. */
START_TEST(test_length_and_args)
{
	static const char buf[] = "2024-08XYZ";
	char odd[4];
	int64_t lo = 1, hi = 2;

	ck_assert_int_eq(bl_daterange_parse(buf, 7, BL_RANGE_ON, NOW, &lo, &hi),
	                 BL_OK);
	ck_assert_int_eq(lo, INT64_C(1722470400));
	ck_assert_int_eq(hi, INT64_C(1725148799));
	memcpy(odd, "2024", 4);	/* no NUL anywhere */
	ck_assert_int_eq(bl_daterange_parse(odd, sizeof odd, BL_RANGE_ON, NOW,
	                 &lo, &hi), BL_OK);
	ck_assert_int_eq(lo, INT64_C(1704067200));
	ck_assert_int_eq(bl_daterange_parse("2024..2025", 4, BL_RANGE_ON, NOW,
	                 &lo, &hi), BL_OK);
	ck_assert_int_eq(hi, INT64_C(1735689599));
	lo = hi = 7;
	ck_assert_int_eq(bl_daterange_parse(NULL, 0, BL_RANGE_ON, NOW, &lo, &hi),
	                 BL_ERR_INVALID);
	ck_assert_int_eq(bl_daterange_parse("2024", 4, BL_RANGE_ON, NOW, NULL,
	                 &hi), BL_ERR_INVALID);
	ck_assert_int_eq(bl_daterange_parse("2024", 4, BL_RANGE_ON, NOW, &lo,
	                 NULL), BL_ERR_INVALID);
	ck_assert_int_eq(lo, 7);
	ck_assert_int_eq(hi, 7);
}
END_TEST

/* Timelines: per-day counts in, one bin per period out, empty periods
 * included. Day names checked with cal(1). */
typedef struct tl_case {
	const char *name;
	timeline_period_t period;
	const char *days[8];
	unsigned counts[8];
	const char *labels[12];
	unsigned want[12];
	unsigned max;
} tl_case_t;

static const tl_case_t tl_cases[] = {
	{ "weeks: Monday labels, an empty week kept", TIMELINE_WEEK,
	  { "2024-08-07", "2024-08-12", "2024-08-25", "2024-09-02" },
	  { 2, 1, 3, 1 },
	  /* Wed 7 -> Mon 5; Mon 12; Sun 25 -> Mon 19; Mon 26 empty */
	  { "2024-08-05", "2024-08-12", "2024-08-19", "2024-08-26",
	    "2024-09-02" },
	  { 2, 1, 3, 0, 1 }, 3 },
	{ "weeks across a new year", TIMELINE_WEEK,
	  { "2024-12-31", "2025-01-05", "2025-01-06" },
	  { 1, 1, 5 },
	  /* Tue 31 and Sun 5 -> Mon 2024-12-30 */
	  { "2024-12-30", "2025-01-06" },
	  { 2, 5 }, 5 },
	{ "weeks before the epoch", TIMELINE_WEEK,
	  { "1969-12-28", "1970-01-01" },
	  { 1, 1 },
	  /* Sun 1969-12-28 -> Mon 22; Thu 1970-01-01 -> Mon 1969-12-29 */
	  { "1969-12-22", "1969-12-29" },
	  { 1, 1 }, 1 },
	{ "months, empty ones filled", TIMELINE_MONTH,
	  { "2023-11-30", "2024-01-01", "2024-01-31", "2024-03-15" },
	  { 1, 2, 1, 4 },
	  { "2023-11", "2023-12", "2024-01", "2024-02", "2024-03" },
	  { 1, 0, 3, 0, 4 }, 4 },
	{ "years, empty ones filled", TIMELINE_YEAR,
	  { "1999-12-31", "2001-06-01", "2001-12-31" },
	  { 1, 2, 2 },
	  { "1999", "2000", "2001" },
	  { 1, 0, 4 }, 4 },
	{ "days across a leap day", TIMELINE_DAY,
	  { "2024-02-28", "2024-03-01" },
	  { 1, 1 },
	  { "2024-02-28", "2024-02-29", "2024-03-01" },
	  { 1, 0, 1 }, 1 },
	{ "one day", TIMELINE_MONTH,
	  { "1987-03-02" },
	  { 7 },
	  { "1987-03" },
	  { 7 }, 7 },
};

START_TEST(test_timeline)
{
	const tl_case_t *c = &tl_cases[_i];
	bl_count_t days[8];
	timeline_t t;
	size_t n = 0, want_n = 0, i;

	while (n < 8 && c->days[n]) {
		days[n].value = (char *)c->days[n];
		days[n].count = c->counts[n];
		n++;
	}
	while (want_n < 12 && c->labels[want_n])
		want_n++;
	ck_assert_int_eq(timeline_build(days, n, c->period, &t), BL_OK);
	ck_assert_msg(t.n == want_n, "%s: %zu bins, want %zu", c->name, t.n,
	              want_n);
	for (i = 0; i < want_n; i++) {
		ck_assert_msg(strcmp(t.bins[i].label, c->labels[i]) == 0,
		              "%s: bin %zu is %s, want %s", c->name, i,
		              t.bins[i].label, c->labels[i]);
		ck_assert_msg(t.bins[i].count == c->want[i], "%s: %s has %llu, "
		              "want %u", c->name, c->labels[i],
		              (unsigned long long)t.bins[i].count, c->want[i]);
	}
	ck_assert_uint_eq(t.max, c->max);
	timeline_free(&t);
	ck_assert(t.bins == NULL && t.n == 0);
}
END_TEST

START_TEST(test_timeline_edges)
{
	bl_count_t days[2] = { { (char *)"1000-01-01", 1 },
	                       { (char *)"9999-12-31", 2 } };
	bl_count_t years[2] = { { (char *)"1000-06-15", 1 },
	                        { (char *)"4999-12-31", 2 } };
	timeline_t t;

	/* Nothing to show. */
	ck_assert_int_eq(timeline_build(days, 0, TIMELINE_MONTH, &t), BL_OK);
	ck_assert(t.n == 0 && t.bins == NULL);
	ck_assert_int_eq(timeline_build(days, 2, TIMELINE_NONE, &t), BL_OK);
	ck_assert(t.n == 0 && t.bins == NULL);
	/* A span longer than TIMELINE_MAX periods is cut at its end. */
	ck_assert_int_eq(timeline_build(days, 2, TIMELINE_DAY, &t), BL_OK);
	ck_assert_uint_eq(t.n, TIMELINE_MAX);
	ck_assert_str_eq(t.bins[0].label, "1000-01-01");
	ck_assert_uint_eq(t.bins[0].count, 1);
	ck_assert_uint_eq(t.bins[TIMELINE_MAX - 1].count, 0);
	timeline_free(&t);
	/* 4000 years fit. */
	ck_assert_int_eq(timeline_build(years, 2, TIMELINE_YEAR, &t), BL_OK);
	ck_assert_uint_eq(t.n, 4000);
	ck_assert_str_eq(t.bins[0].label, "1000");
	ck_assert_str_eq(t.bins[3999].label, "4999");
	ck_assert_uint_eq(t.bins[3999].count, 2);
	timeline_free(&t);
	ck_assert_int_eq(timeline_parse("day"), TIMELINE_DAY);
	ck_assert_int_eq(timeline_parse("week"), TIMELINE_WEEK);
	ck_assert_int_eq(timeline_parse("month"), TIMELINE_MONTH);
	ck_assert_int_eq(timeline_parse("year"), TIMELINE_YEAR);
	ck_assert_int_eq(timeline_parse("Month"), TIMELINE_NONE);
	ck_assert_int_eq(timeline_parse(""), TIMELINE_NONE);
}
END_TEST

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

static Suite *
daterange_suite(void)
{
	Suite *s = suite_create("bl_daterange");
	TCase *core = tcase_create("core");
	TCase *errors = tcase_create("errors");
	TCase *timeline = tcase_create("timeline");

	tcase_add_loop_test(core, test_good, 0, COUNT(good));
	tcase_add_test(core, test_midnight_instant);
	tcase_add_test(core, test_short_month);
	tcase_add_test(core, test_length_and_args);
	suite_add_tcase(s, core);
	tcase_add_loop_test(errors, test_bad, 0, COUNT(bad));
	suite_add_tcase(s, errors);
	tcase_add_loop_test(timeline, test_timeline, 0, COUNT(tl_cases));
	tcase_add_test(timeline, test_timeline_edges);
	suite_add_tcase(s, timeline);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(daterange_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
