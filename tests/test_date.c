/* test_date.c - Check suite for bl_date: every supported format, validation and round trips. */
#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bl_date.h"

/* Expected values come from `date -u -d ... +%s` / python3 calendar.timegm,
 * never from bl_date itself; the comment is the reading in UTC. */
static const struct {
	const char *in;
	int64_t want;
} good_dates[] = {
{ "Tue, 06 Aug 2024 16:43:00 +0000", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "6 Aug 2024 16:43 -0500", INT64_C(1722980580) },	/* 2024-08-06 21:43:00 */
	{ "Tue, 6 Aug 2024 16:43:00 GMT", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "Tue, 06 Aug 2024 09:43:00 -0700 (PDT)", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "Tue, 06 Aug 2024 09:43:00 PDT", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "6 Aug 2024 11:43:00 EST", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "6 Aug 2024 12:43:00 edt", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "6 Aug 2024 10:43 CST", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "6 Aug 2024 11:43 CDT", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "6 Aug 2024 09:43 MST", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "6 Aug 2024 10:43 MDT", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "6 Aug 2024 08:43 PST", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "6 Aug 2024 16:43 UT", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "6 Aug 2024 16:43 UTC", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "6 Aug 2024 16:43 Z", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "1 Apr 93 10:00:29 GMT", INT64_C(733658429) },	/* 1993-04-01 10:00:29 */
	{ "1 Apr 49 10:00:29 GMT", INT64_C(2500884029) },	/* 2049-04-01 10:00:29 */
	{ "31 Dec 50 23:59:59 GMT", INT64_C(-599616001) },	/* 1950-12-31 23:59:59 */
	{ "Thu, 15 Apr 1993 20:45:21 +0100", INT64_C(734903121) },	/* 1993-04-15 19:45:21 */
	{ "6 Aug 2024", INT64_C(1722902400) },	/* 2024-08-06 00:00:00 */
	{ "Tue, 06 Aug 2024 16:43:00", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "Mon, 5 Aug 2024 23:30:00 -0100", INT64_C(1722904200) },	/* 2024-08-06 00:30:00 */
	{ "Tue, 06 Aug 2024 00:30:00 +0100", INT64_C(1722900600) },	/* 2024-08-05 23:30:00 */
	{ "Sun, 31 Dec 2023 23:00:00 -0130", INT64_C(1704069000) },	/* 2024-01-01 00:30:00 */
	{ "6 Aug 2024 16:43 (comment (nested))", INT64_C(1722962580) },	/* 2024-08-06 16:43:00 */
	{ "2024-08-07", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "2024-08-07T16:43", INT64_C(1723048980) },	/* 2024-08-07 16:43:00 */
	{ "2024-08-07T16:43:00", INT64_C(1723048980) },	/* 2024-08-07 16:43:00 */
	{ "2024-08-07 16:43:00", INT64_C(1723048980) },	/* 2024-08-07 16:43:00 */
	{ "2024-08-07T16:43:00.123Z", INT64_C(1723048980) },	/* 2024-08-07 16:43:00 */
	{ "2024-08-07T16:43:00+02:00", INT64_C(1723041780) },	/* 2024-08-07 14:43:00 */
	{ "2024-08-07T16:43:00+0200", INT64_C(1723041780) },	/* 2024-08-07 14:43:00 */
	{ "2024-08-07T16:43:00-05", INT64_C(1723066980) },	/* 2024-08-07 21:43:00 */
	{ "2024-08-07t16:43:00z", INT64_C(1723048980) },	/* 2024-08-07 16:43:00 */
	{ "2024-08-07T01:00:00+02:00", INT64_C(1722985200) },	/* 2024-08-06 23:00:00 */
	{ "2024-08-07T23:30:00-05:30", INT64_C(1723093200) },	/* 2024-08-08 05:00:00 */
	{ "2024-08", INT64_C(1722470400) },	/* 2024-08-01 00:00:00 */
	{ "2024-02-29", INT64_C(1709164800) },	/* 2024-02-29 00:00:00 */
	{ "2000-02-29", INT64_C(951782400) },	/* 2000-02-29 00:00:00 */
	{ "1958-01-01", INT64_C(-378691200) },	/* 1958-01-01 00:00:00 */
	{ "1969-12-31T23:59:59Z", INT64_C(-1) },	/* 1969-12-31 23:59:59 */
	{ "1970-01-01T00:00:00Z", INT64_C(0) },	/* 1970-01-01 00:00:00 */
	{ "2016-12-31T23:59:60Z", INT64_C(1483228799) },	/* 2016-12-31 23:59:59 */
	{ "  2024-08-07T16:43:00Z \n", INT64_C(1723048980) },	/* 2024-08-07 16:43:00 */
	{ "1000-01-01", INT64_C(-30610224000) },	/* 1000-01-01 00:00:00 */
	{ "9999-12-31T23:59:59", INT64_C(253402300799) },	/* 9999-12-31 23:59:59 */
	{ "26-FEB-1987 15:01:01.79", INT64_C(541350061) },	/* 1987-02-26 15:01:01 */
	{ "26-FEB-1987", INT64_C(541296000) },	/* 1987-02-26 00:00:00 */
	{ " 2-MAR-1987 09:18:59.81", INT64_C(541675139) },	/* 1987-03-02 09:18:59 */
	{ "August 7, 2024", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "Aug 7, 2024", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "August 7 2024", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "Wednesday, August 7, 2024", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "August 7, 2024 4:43 pm", INT64_C(1723048980) },	/* 2024-08-07 16:43:00 */
	{ "Aug 7, 2024 16:43", INT64_C(1723048980) },	/* 2024-08-07 16:43:00 */
	{ "Wednesday, August 7, 2024, 4:43 p.m. EDT", INT64_C(1723063380) },	/* 2024-08-07 20:43:00 */
	{ "August 7, 2024 12:00 am", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "AUGUST 7, 2024 4 PM", INT64_C(1723046400) },	/* 2024-08-07 16:00:00 */
	{ "Sept 9, 2024", INT64_C(1725840000) },	/* 2024-09-09 00:00:00 */
	{ "Aug. 7, 2024", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "February 29, 2024", INT64_C(1709164800) },	/* 2024-02-29 00:00:00 */
	{ "December 31, 1969 11:59:59 pm", INT64_C(-1) },	/* 1969-12-31 23:59:59 */
	{ "7 August 2024", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "7 Aug 2024", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "07-Aug-2024", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "Wed 7 August 2024 4:43pm", INT64_C(1723048980) },	/* 2024-08-07 16:43:00 */
	{ "08/07/2024", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "13/08/2024", INT64_C(1723507200) },	/* 2024-08-13 00:00:00 */
	{ "08/13/2024", INT64_C(1723507200) },	/* 2024-08-13 00:00:00 */
	{ "2024/08/07", INT64_C(1722988800) },	/* 2024-08-07 00:00:00 */
	{ "12/31/1999 23:59:59", INT64_C(946684799) },	/* 1999-12-31 23:59:59 */
};

/* Each must be rejected and leave the output untouched. */
static const char *const bad_dates[] = {
	"", "   ", "2024", "13/13/2024", "February 30, 2024", "yesterday", "2024-08-07 lunch",
	"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-08-00", "2024-08-32",
	"2024-04-31", "08/07/24", "0999-12-31", "10000-01-01", "2024-08-07T",
	"2024-08-07T24:00:00", "2024-08-07T16:60", "2024-08-07T16:43:61", "2024-08-07T4:43pm",
	"2024-08-07Z", "2024-08-07-05", "2024-08 16:43", "2024-08-07T16:43:00.Z", "20240807",
	"Aug 2024", "August 7", "August 7,", "7 Aug 124", "26-FEB-87", "6 Aug 2024 16:43 XYZ",
	"6 Aug 2024 16:43 +2500", "6 Aug 2024 16:43 +05:60", "6 Aug 2024 16:43 +053",
	"6 Aug 2024 16:43 (unterminated", "6 Aug 2024 16", "6Aug 2024", "August 7, 2024,",
	"Tuesday", "Tuesday,", "Smarch 7, 2024", "2024-08-07 13:00 pm", "2024-08-07 0:30 am",
	"1 Apr 93 10:00:29 GMT garbage", "08/07/2024/", "2024/8/7/1", "2024/13/01",
	"Tue, 06 Aug 2024 16:43:00 +0000 extra", "2024-08-07 16:43:00 Z Z", "Augustus 7, 2024",
	"2024-08-07 16:43:5", "2024-08-07 16:4", "2024-08-07 16:43 pmx",
};

static const struct {
	const char *in;
	int want;
} good_times[] = {
	{ "4:43 pm", 60180 }, { "4:43pm", 60180 }, { "4 PM", 57600 }, { "16:43", 60180 },
	{ "16:43:05", 60185 }, { "12:00 am", 0 }, { "12:30 p.m.", 45000 }, { "12:00 pm", 43200 },
	{ "12 am", 0 }, { "11:59:59 pm", 86399 }, { "0:00", 0 }, { "23:59:59", 86399 },
	{ " 9:05 a.m. ", 32700 }, { "9:05AM", 32700 }, { "23:59:60", 86399 },
	{ "07:08:09.5", 25689 },
};

static const char *const bad_times[] = {
	"", "16", "24:00", "13:00 pm", "0:30 am", "4:60", "4:5", "4:43 pmx", "noon",
	"4:43 pm EST", "16:43:05:01", "123:00", "4 p", "12:61 am", "-1:00", "4:43 a m",
};

START_TEST(test_parse_good)
{
	int64_t t = INT64_MIN;
	bl_status_t st = bl_date_parse(good_dates[_i].in, strlen(good_dates[_i].in), &t);

	ck_assert_msg(st == BL_OK, "\"%s\": %s", good_dates[_i].in, bl_status_str(st));
	ck_assert_msg(t == good_dates[_i].want, "\"%s\": got %lld, want %lld",
		good_dates[_i].in, (long long)t, (long long)good_dates[_i].want);
}
END_TEST

START_TEST(test_time_good)
{
	int secs = -1;
	bl_status_t st = bl_time_of_day_parse(good_times[_i].in, strlen(good_times[_i].in), &secs);

	ck_assert_msg(st == BL_OK, "\"%s\": %s", good_times[_i].in, bl_status_str(st));
	ck_assert_msg(secs == good_times[_i].want, "\"%s\": got %d, want %d",
		good_times[_i].in, secs, good_times[_i].want);
}
END_TEST

/* Known instants and their ISO form (date -u -d @T +%FT%TZ); those in years
 * 1000-9999 must also parse back. */
static const struct {
	int64_t t;
	const char *iso;
} iso_cases[] = {
	{ INT64_C(0), "1970-01-01T00:00:00Z" },
	{ INT64_C(-1), "1969-12-31T23:59:59Z" },
	{ INT64_C(1723048980), "2024-08-07T16:43:00Z" },
	{ INT64_C(-378691200), "1958-01-01T00:00:00Z" },
	{ INT64_C(951782400), "2000-02-29T00:00:00Z" },
	{ INT64_C(253402300799), "9999-12-31T23:59:59Z" },
	{ INT64_C(-30610224000), "1000-01-01T00:00:00Z" },
	{ INT64_C(-62135596801), "0000-12-31T23:59:59Z" },
	/* From python3, shifting by whole 400-year cycles (date(1) cannot, and
	 * writes year -1 as "-001"). */
	{ INT64_C(-62167219201), "-0001-12-31T23:59:59Z" },
	{ INT64_MAX, "292277026596-12-04T15:30:07Z" },
	{ INT64_MIN, "-292277022657-01-27T08:29:52Z" },
};

START_TEST(test_format_iso)
{
	char buf[BL_DATE_ISO_MAX];
	int64_t back = 0;

	ck_assert_str_eq(bl_date_format_iso(iso_cases[_i].t, buf), iso_cases[_i].iso);
	if (iso_cases[_i].t >= INT64_C(-30610224000) && iso_cases[_i].t <= INT64_C(253402300799)) {
		ck_assert_int_eq(bl_date_parse(buf, strlen(buf), &back), BL_OK);
		ck_assert_int_eq(back, iso_cases[_i].t);
	}
}
END_TEST

/* format -> parse and civil -> from_civil are identities over years 1000-9999. */
START_TEST(test_round_trip)
{
	char buf[BL_DATE_ISO_MAX];
	int64_t t, back;
	int y, mo, d, h, mi, s;

	/* Plain ifs: a ck_assert per iteration would dominate the run time. */
	for (t = INT64_C(-30610224000); t <= INT64_C(253402300799); t += INT64_C(3196823)) {
		back = 0;
		bl_date_format_iso(t, buf);
		if (bl_date_parse(buf, strlen(buf), &back) != BL_OK || back != t)
			ck_abort_msg("%s parsed back as %lld, not %lld", buf, (long long)back, (long long)t);
		bl_date_to_civil(t, &y, &mo, &d, &h, &mi, &s);
		if (bl_date_from_civil(y, mo, d, h, mi, s) != t)
			ck_abort_msg("civil fields of %lld do not add up", (long long)t);
	}
}
END_TEST

START_TEST(test_civil)
{
	int y, mo, d, h, mi, s;

	bl_date_to_civil(INT64_C(1723048980), &y, &mo, &d, &h, &mi, &s);
	ck_assert(y == 2024 && mo == 8 && d == 7 && h == 16 && mi == 43 && s == 0);
	bl_date_to_civil(INT64_C(-1), &y, NULL, NULL, NULL, NULL, &s);
	ck_assert(y == 1969 && s == 59);
	bl_date_to_civil(INT64_MAX, &y, NULL, NULL, NULL, NULL, NULL);
	ck_assert_int_eq(y, INT_MAX);
	bl_date_to_civil(INT64_MIN, &y, NULL, NULL, NULL, NULL, NULL);
	ck_assert_int_eq(y, INT_MIN);
	/* Out-of-range fields carry over (python3 calendar.timegm). */
	ck_assert_int_eq(bl_date_from_civil(2024, 8, 7, 16, 43, 0), INT64_C(1723048980));
	ck_assert_int_eq(bl_date_from_civil(2024, 13, 1, 0, 0, 0), INT64_C(1735689600));
	ck_assert_int_eq(bl_date_from_civil(2024, 3, 0, 0, 0, 0), INT64_C(1709164800));
	ck_assert_int_eq(bl_date_from_civil(2024, 0, 1, 0, 0, 0), INT64_C(1701388800));
	ck_assert_int_eq(bl_date_from_civil(2024, 1, 1, 0, 0, -1), INT64_C(1704067199));
}
END_TEST

/* Only len bytes are read: the text need not be NUL-terminated. */
START_TEST(test_length_bounded)
{
	static const char buf[] = "2024-08-07XYZ";
	char odd[10];
	int64_t t = 0;
	int secs = -1;

	ck_assert_int_eq(bl_date_parse(buf, 10, &t), BL_OK);
	ck_assert_int_eq(t, INT64_C(1722988800));
	memcpy(odd, "2024-08-07", 10);	/* no NUL anywhere */
	ck_assert_int_eq(bl_date_parse(odd, sizeof odd, &t), BL_OK);
	ck_assert_int_eq(bl_date_parse(odd, 7, &t), BL_OK);
	ck_assert_int_eq(t, INT64_C(1722470400));
	ck_assert_int_eq(bl_time_of_day_parse("4:43 pm!", 7, &secs), BL_OK);
	ck_assert_int_eq(secs, 60180);
}
END_TEST

START_TEST(test_parse_bad)
{
	int64_t t = 12345;
	bl_status_t st = bl_date_parse(bad_dates[_i], strlen(bad_dates[_i]), &t);

	ck_assert_msg(st == BL_ERR_INVALID, "\"%s\" accepted as %lld", bad_dates[_i], (long long)t);
	ck_assert_int_eq(t, 12345);
}
END_TEST

START_TEST(test_time_bad)
{
	int secs = 12345;
	bl_status_t st = bl_time_of_day_parse(bad_times[_i], strlen(bad_times[_i]), &secs);

	ck_assert_msg(st == BL_ERR_INVALID, "\"%s\" accepted as %d", bad_times[_i], secs);
	ck_assert_int_eq(secs, 12345);
}
END_TEST

START_TEST(test_bad_args)
{
	int64_t t = 12345;
	int secs = 12345;

	ck_assert_int_eq(bl_date_parse("2024-08-07\0", 11, &t), BL_ERR_INVALID);
	ck_assert_int_eq(bl_date_parse("2024-08-07", 9, &t), BL_ERR_INVALID);
	ck_assert_int_eq(bl_date_parse(NULL, 0, &t), BL_ERR_INVALID);
	ck_assert_int_eq(bl_date_parse("2024-08-07", 10, NULL), BL_ERR_INVALID);
	ck_assert_int_eq(t, 12345);
	ck_assert_int_eq(bl_time_of_day_parse(NULL, 0, &secs), BL_ERR_INVALID);
	ck_assert_int_eq(bl_time_of_day_parse("4 pm", 4, NULL), BL_ERR_INVALID);
	ck_assert_int_eq(secs, 12345);
}
END_TEST

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

static Suite *
date_suite(void)
{
	Suite *s = suite_create("bl_date");
	TCase *core = tcase_create("core");
	TCase *errors = tcase_create("errors");

	tcase_add_loop_test(core, test_parse_good, 0, COUNT(good_dates));
	tcase_add_loop_test(core, test_time_good, 0, COUNT(good_times));
	tcase_add_loop_test(core, test_format_iso, 0, COUNT(iso_cases));
	tcase_add_test(core, test_round_trip);
	tcase_add_test(core, test_civil);
	tcase_add_test(core, test_length_bounded);
	tcase_set_timeout(core, 20);	/* the round trip under sanitizers */
	suite_add_tcase(s, core);
	tcase_add_loop_test(errors, test_parse_bad, 0, COUNT(bad_dates));
	tcase_add_loop_test(errors, test_time_bad, 0, COUNT(bad_times));
	tcase_add_test(errors, test_bad_args);
	suite_add_tcase(s, errors);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(date_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
