/* test_utf8.c - Check suite for bl_utf8: decoding, validation, counting and Windows-1252 repair. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bl_utf8.h"

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))
/* A string literal and its length, NULs included. */
#define S(s) s, sizeof (s) - 1

/* Lengths are explicit so that NULs and truncated sequences can be cases.
 * Expected output spelled out byte by byte from the Windows-1252 table
 * (unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT). */
static const struct {
	const char *in;
	size_t len;
	const char *want;
	size_t wantlen;
	size_t repaired;
} repair_cases[] = {
	{ S(""), S(""), 0 },
	{ S("plain ASCII, 100%"), S("plain ASCII, 100%"), 0 },
	{ S("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
	  S("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), 0 },	/* é € 😀 */
	{ S("\xF4\x8F\xBF\xBF"), S("\xF4\x8F\xBF\xBF"), 0 },	/* U+10FFFF */
	{ S("caf\xE9"), S("caf\xC3\xA9"), 1 },	/* Latin-1 é */
	{ S("\x93quoted\x94"), S("\xE2\x80\x9Cquoted\xE2\x80\x9D"), 2 },	/* “ ” */
	{ S("\x80"), S("\xE2\x82\xAC"), 1 },	/* € */
	{ S("\x85\x96\x97\x99"), S("\xE2\x80\xA6\xE2\x80\x93\xE2\x80\x94\xE2\x84\xA2"), 4 },
	{ S("\x81"), S("\xEF\xBF\xBD"), 1 },	/* undefined in 1252 */
	{ S("\x8D\x8F\x90\x9D"), S("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"), 4 },
	{ S("a\0b"), S("a\xEF\xBF\xBD" "b"), 1 },	/* NUL */
	{ S("\0"), S("\xEF\xBF\xBD"), 1 },
	{ S("\xC0\xAF"), S("\xC3\x80\xC2\xAF"), 2 },	/* overlong '/' */
	{ S("\xE0\x80\xAF"), S("\xC3\xA0\xE2\x82\xAC\xC2\xAF"), 3 },	/* overlong 3-byte */
	{ S("\xED\xA0\x80"), S("\xC3\xAD\xC2\xA0\xE2\x82\xAC"), 3 },	/* surrogate D800 */
	{ S("\xF4\x90\x80\x80"), S("\xC3\xB4\xEF\xBF\xBD\xE2\x82\xAC\xE2\x82\xAC"), 4 },	/* > U+10FFFF */
	{ S("ab\xE2\x82"), S("ab\xC3\xA2\xE2\x80\x9A"), 2 },	/* truncated at the end */
	{ S("\xC3"), S("\xC3\x83"), 1 },
	{ S("\xE2\x82x"), S("\xC3\xA2\xE2\x80\x9Ax"), 2 },	/* cut short by ASCII */
	{ S("\xE9\xC3\xA9\xE9"), S("\xC3\xA9\xC3\xA9\xC3\xA9"), 2 },	/* bad, good, bad */
	{ S("\xBF"), S("\xC2\xBF"), 1 },	/* lone continuation byte */
	{ S("\xFE\xFF"), S("\xC3\xBE\xC3\xBF"), 2 },
	{ S("\xF8\x88\x80\x80\x80"), S("\xC3\xB8\xCB\x86\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"), 5 },
};

START_TEST(test_repair)
{
	bl_buf_t out;
	size_t repaired = 999;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_buf_puts(&out, "<"), BL_OK);
	ck_assert_int_eq(bl_utf8_repair(repair_cases[_i].in, repair_cases[_i].len, &out,
		&repaired), BL_OK);
	ck_assert_uint_eq(out.len, 1 + repair_cases[_i].wantlen);
	ck_assert_mem_eq(out.data + 1, repair_cases[_i].want, repair_cases[_i].wantlen);
	ck_assert_uint_eq(repaired, repair_cases[_i].repaired);
	ck_assert(bl_utf8_valid(out.data, out.len));
	/* Counting the input matches the code points repair produced. */
	ck_assert_uint_eq(bl_utf8_count(repair_cases[_i].in, repair_cases[_i].len),
		bl_utf8_count(out.data + 1, out.len - 1));
	/* Repairing valid output changes nothing. */
	bl_buf_reset(&out);
	ck_assert_int_eq(bl_utf8_repair(repair_cases[_i].want, repair_cases[_i].wantlen, &out,
		NULL), BL_OK);
	ck_assert_uint_eq(out.len, repair_cases[_i].wantlen);
	bl_buf_free(&out);
}
END_TEST

/* Every byte 0x80-0xFF alone becomes exactly one code point. */
START_TEST(test_repair_every_byte)
{
	bl_buf_t out;
	char in[1];
	size_t repaired, n;
	uint32_t cp;
	unsigned c;

	bl_buf_init(&out, 0);
	for (c = 0x80; c <= 0xFF; c++) {
		in[0] = (char)c;
		bl_buf_reset(&out);
		ck_assert_int_eq(bl_utf8_repair(in, 1, &out, &repaired), BL_OK);
		ck_assert_uint_eq(repaired, 1);
		n = bl_utf8_decode(out.data, out.len, &cp);
		ck_assert_msg(n == out.len, "0x%02X gave %zu bytes", c, out.len);
		if (c >= 0xA0)
			ck_assert_uint_eq(cp, c);	/* Latin-1 */
		else
			ck_assert_uint_ge(cp, 0x152);	/* 1252 punctuation or U+FFFD */
	}
	bl_buf_free(&out);
}
END_TEST

START_TEST(test_repair_cap)
{
	bl_buf_t out;

	bl_buf_init(&out, 4);
	ck_assert_int_eq(bl_utf8_repair(S("ab\x93"), &out, NULL), BL_ERR_LIMIT);
	ck_assert_uint_le(out.len, 4);
	ck_assert(bl_utf8_valid(out.data, out.len));
	bl_buf_free(&out);
	bl_buf_init(&out, 3);
	ck_assert_int_eq(bl_utf8_repair(S("abcd"), &out, NULL), BL_ERR_LIMIT);
	ck_assert_uint_eq(out.len, 0);
	bl_buf_free(&out);
}
END_TEST

static const struct {
	const char *s;
	size_t len;
	bool want;
} valid_cases[] = {
	{ S(""), true },
	{ S("ascii"), true },
	{ S("a\0b"), true },
	{ S("\xC3\xA9"), true },
	{ S("\xDF\xBF"), true },
	{ S("\xE0\xA0\x80"), true },
	{ S("\xED\x9F\xBF"), true },	/* U+D7FF */
	{ S("\xEE\x80\x80"), true },	/* U+E000 */
	{ S("\xEF\xBF\xBF"), true },
	{ S("\xF0\x9F\x98\x80"), true },
	{ S("\xF4\x8F\xBF\xBF"), true },
	{ S("\xC3"), false },
	{ "\xC3\xA9", 1, false },	/* only len bytes count */
	{ S("\xC0\xAF"), false },
	{ S("\xC1\xBF"), false },
	{ S("\xE0\x9F\xBF"), false },
	{ S("\xF0\x8F\xBF\xBF"), false },
	{ S("\xED\xA0\x80"), false },
	{ S("\xED\xBF\xBF"), false },
	{ S("\xF4\x90\x80\x80"), false },
	{ S("\xF5\x80\x80\x80"), false },
	{ S("\x80"), false },
	{ S("\xFF"), false },
	{ S("caf\xE9"), false },
	{ S("\xE2\x28\xA1"), false },
	{ S("\xE2\x82"), false },
	{ S("ok\xF0\x9F\x98"), false },
};

START_TEST(test_valid)
{
	ck_assert_msg(bl_utf8_valid(valid_cases[_i].s, valid_cases[_i].len) == valid_cases[_i].want,
		"case %d", _i);
}
END_TEST

static const struct {
	const char *s;
	size_t len;
	size_t want;
} count_cases[] = {
	{ S(""), 0 },
	{ S("abc"), 3 },
	{ S("a\0b"), 3 },
	{ S("caf\xC3\xA9"), 4 },
	{ S("\xE2\x82\xAC"), 1 },
	{ S("\xF0\x9F\x98\x80x"), 2 },
	{ S("\xC0\xAF"), 2 },
	{ S("\xE2\x82"), 2 },
	{ S("\xED\xA0\x80"), 3 },
	{ S("caf\xE9"), 4 },
	{ S("Z\xC3\xBCrich"), 6 },
};

START_TEST(test_count)
{
	ck_assert_uint_eq(bl_utf8_count(count_cases[_i].s, count_cases[_i].len), count_cases[_i].want);
}
END_TEST

static const struct {
	const char *s;
	size_t len;
	size_t want;
	uint32_t cp;
} decode_cases[] = {
	{ S("A"), 1, 0x41 },
	{ S("\0"), 1, 0 },
	{ S("\x7F"), 1, 0x7F },
	{ S("Ab"), 1, 0x41 },	/* one sequence at a time */
	{ S("\xC2\x80"), 2, 0x80 },
	{ S("\xC3\xA9xyz"), 2, 0xE9 },
	{ S("\xDF\xBF"), 2, 0x7FF },
	{ S("\xE0\xA0\x80"), 3, 0x800 },
	{ S("\xE2\x82\xAC"), 3, 0x20AC },
	{ S("\xED\x9F\xBF"), 3, 0xD7FF },
	{ S("\xEE\x80\x80"), 3, 0xE000 },
	{ S("\xEF\xBF\xBF"), 3, 0xFFFF },
	{ S("\xF0\x90\x80\x80"), 4, 0x10000 },
	{ S("\xF0\x9F\x98\x80"), 4, 0x1F600 },
	{ S("\xF4\x8F\xBF\xBF"), 4, 0x10FFFF },
	{ S(""), 0, 0 },
	{ "A", 0, 0, 0 },
	{ S("\x80"), 0, 0 },
	{ S("\xBF"), 0, 0 },
	{ S("\xC0\x80"), 0, 0 },
	{ S("\xC1\xBF"), 0, 0 },
	{ S("\xC3"), 0, 0 },
	{ S("\xC3\x28"), 0, 0 },
	{ S("\xC3\xC3"), 0, 0 },
	{ "\xE2\x82\xAC", 2, 0, 0 },	/* len cuts it short */
	{ S("\xE0\x9F\xBF"), 0, 0 },
	{ S("\xED\xA0\x80"), 0, 0 },
	{ S("\xED\xBF\xBF"), 0, 0 },
	{ S("\xF0\x8F\xBF\xBF"), 0, 0 },
	{ S("\xF4\x90\x80\x80"), 0, 0 },
	{ S("\xF5\x80\x80\x80"), 0, 0 },
	{ S("\xF8\x88\x80\x80\x80"), 0, 0 },
	{ S("\xFF"), 0, 0 },
};

START_TEST(test_decode)
{
	uint32_t cp = 0xDEADBEEF;
	size_t n = bl_utf8_decode(decode_cases[_i].s, decode_cases[_i].len, &cp);

	ck_assert_msg(n == decode_cases[_i].want, "case %d: length %zu, want %zu", _i, n,
		decode_cases[_i].want);
	if (n)
		ck_assert_uint_eq(cp, decode_cases[_i].cp);
}
END_TEST

static const struct {
	uint32_t cp;
	const char *want;
	size_t len;
} put_cases[] = {
	{ 0, S("\0") },
	{ 0x41, S("A") },
	{ 0x7F, S("\x7F") },
	{ 0x80, S("\xC2\x80") },
	{ 0xE9, S("\xC3\xA9") },
	{ 0x7FF, S("\xDF\xBF") },
	{ 0x800, S("\xE0\xA0\x80") },
	{ 0x20AC, S("\xE2\x82\xAC") },
	{ 0xD7FF, S("\xED\x9F\xBF") },
	{ 0xFFFD, S("\xEF\xBF\xBD") },
	{ 0xFFFF, S("\xEF\xBF\xBF") },
	{ 0x10000, S("\xF0\x90\x80\x80") },
	{ 0x1F600, S("\xF0\x9F\x98\x80") },
	{ 0x10FFFF, S("\xF4\x8F\xBF\xBF") },
};

START_TEST(test_put)
{
	bl_buf_t out;
	uint32_t cp = 0;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_utf8_put(&out, put_cases[_i].cp), BL_OK);
	ck_assert_uint_eq(out.len, put_cases[_i].len);
	ck_assert_mem_eq(out.data, put_cases[_i].want, put_cases[_i].len);
	ck_assert_uint_eq(bl_utf8_decode(out.data, out.len, &cp), put_cases[_i].len);
	ck_assert_uint_eq(cp, put_cases[_i].cp);
	bl_buf_free(&out);
}
END_TEST

/* put then decode is the identity on every scalar value. */
START_TEST(test_put_round_trip)
{
	bl_buf_t out;
	uint32_t cp, back;
	size_t want;

	bl_buf_init(&out, 0);
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		bl_buf_reset(&out);
		back = 0xFFFFFFFF;
		if (bl_utf8_put(&out, cp) != BL_OK || out.len != want ||
		    bl_utf8_decode(out.data, out.len, &back) != want || back != cp ||
		    !bl_utf8_valid(out.data, out.len))
			ck_abort_msg("U+%04X does not round-trip", (unsigned)cp);
	}
	bl_buf_free(&out);
}
END_TEST

START_TEST(test_put_cap)
{
	bl_buf_t out;

	bl_buf_init(&out, 2);
	ck_assert_int_eq(bl_utf8_put(&out, 0x41), BL_OK);
	ck_assert_int_eq(bl_utf8_put(&out, 0xE9), BL_ERR_LIMIT);
	ck_assert_uint_eq(out.len, 1);
	ck_assert_int_eq(bl_utf8_put(&out, 0x42), BL_ERR_LIMIT);
	ck_assert_str_eq(bl_buf_cstr(&out), "A");
	bl_buf_free(&out);
}
END_TEST

static Suite *
utf8_suite(void)
{
	Suite *s = suite_create("bl_utf8");
	TCase *core = tcase_create("core");
	TCase *repair = tcase_create("repair");
	TCase *limits = tcase_create("limits");

	tcase_add_loop_test(core, test_decode, 0, COUNT(decode_cases));
	tcase_add_loop_test(core, test_valid, 0, COUNT(valid_cases));
	tcase_add_loop_test(core, test_count, 0, COUNT(count_cases));
	tcase_add_loop_test(core, test_put, 0, COUNT(put_cases));
	tcase_add_test(core, test_put_round_trip);
	tcase_set_timeout(core, 30);	/* the round trip under valgrind */
	suite_add_tcase(s, core);
	tcase_add_loop_test(repair, test_repair, 0, COUNT(repair_cases));
	tcase_add_test(repair, test_repair_every_byte);
	suite_add_tcase(s, repair);
	tcase_add_test(limits, test_repair_cap);
	tcase_add_test(limits, test_put_cap);
	suite_add_tcase(s, limits);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(utf8_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
