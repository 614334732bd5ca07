/* test_escape.c - Check suite for bl_escape: JSON strings and HTML text, valid output from any input. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "bl_escape.h"
#include "bl_utf8.h"
#include "testutil.h"

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))
/* A string literal and its length, NULs included. */
#define S(s) s, sizeof (s) - 1

/* want is the whole JSON string, quotes included. Invalid bytes come out
 * as bl_utf8_repair() gives them (Windows-1252, NUL as U+FFFD). */
static const struct {
	const char *in;
	size_t len;
	const char *want;
} json_cases[] = {
	{ S(""), "\"\"" },
	{ S("plain"), "\"plain\"" },
	{ S("say \"hi\""), "\"say \\\"hi\\\"\"" },
	{ S("C:\\dir\\"), "\"C:\\\\dir\\\\\"" },
	{ S("l1\nl2\tx\ry"), "\"l1\\nl2\\tx\\ry\"" },
	{ S("\x01\x1f"), "\"\\u0001\\u001f\"" },
	{ S("\b\f\v\x1b"), "\"\\u0008\\u000c\\u000b\\u001b\"" },
	{ S("del\x7f"), "\"del\\u007f\"" },
	{ S("\xE2\x80\xA8|\xE2\x80\xA9"), "\"\\u2028|\\u2029\"" },	/* line/paragraph separators */
	{ S("/ </script> &"), "\"/ </script> &\"" },
	{ S("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"" },
	{ S("\xC2\x85"), "\"\xC2\x85\"" },	/* U+0085 needs no escape in JSON */
	{ S("caf\xE9"), "\"caf\xC3\xA9\"" },	/* Latin-1 */
	{ S("\x93q\x94"), "\"\xE2\x80\x9Cq\xE2\x80\x9D\"" },	/* Windows-1252 quotes */
	{ S("\x81"), "\"\xEF\xBF\xBD\"" },
	{ S("\xED\xA0\x80"), "\"\xC3\xAD\xC2\xA0\xE2\x82\xAC\"" },	/* surrogate */
	{ S("\xC0\xAF"), "\"\xC3\x80\xC2\xAF\"" },	/* overlong */
	{ S("end\xE2\x82"), "\"end\xC3\xA2\xE2\x80\x9A\"" },	/* truncated */
	{ S("a\0b"), "\"a\xEF\xBF\xBD" "b\"" },	/* embedded NUL */
	{ S("\0\0"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },
	{ S("\\\"\n\x93"), "\"\\\\\\\"\\n\xE2\x80\x9C\"" },
};

START_TEST(test_json)
{
	bl_buf_t out;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_json_string(&out, json_cases[_i].in, json_cases[_i].len), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), json_cases[_i].want);
	ck_assert_uint_eq(out.len, strlen(json_cases[_i].want));
	ck_assert_msg(tu_json_valid(out.data, out.len), "not JSON: %s", out.data);
	bl_buf_free(&out);
}
END_TEST

/* Every single byte and every byte pair gives valid JSON. */
START_TEST(test_json_any_bytes)
{
	bl_buf_t out;
	char in[2];
	unsigned a, b;

	bl_buf_init(&out, 0);
	for (a = 0; a < 256; a++) {
		for (b = 0; b < 256; b++) {
			in[0] = (char)a;
			in[1] = (char)b;
			bl_buf_reset(&out);
			if (bl_json_string(&out, in, 2) != BL_OK || !tu_json_valid(out.data, out.len))
				ck_abort_msg("bytes %02X %02X gave %s", a, b, out.data);
		}
	}
	bl_buf_free(&out);
}
END_TEST

/* Strings append: several make one JSON value. */
START_TEST(test_json_appends)
{
	bl_buf_t out;

	bl_buf_init(&out, 0);
	bl_buf_putc(&out, '[');
	ck_assert_int_eq(bl_json_cstr(&out, "a\"b"), BL_OK);
	bl_buf_putc(&out, ',');
	ck_assert_int_eq(bl_json_cstr(&out, NULL), BL_OK);
	bl_buf_putc(&out, ',');
	ck_assert_int_eq(bl_json_cstr(&out, ""), BL_OK);
	bl_buf_putc(&out, ',');
	ck_assert_int_eq(bl_json_cstr(&out, "caf\xE9"), BL_OK);
	ck_assert_int_eq(bl_buf_putc(&out, ']'), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), "[\"a\\\"b\",null,\"\",\"caf\xC3\xA9\"]");
	ck_assert(tu_json_valid(out.data, out.len));
	bl_buf_free(&out);
}
END_TEST

static const struct {
	const char *in;
	size_t len;
	const char *want;
} html_cases[] = {
	{ S(""), "" },
	{ S("plain text"), "plain text" },
	{ S("&<>\"'"), "&amp;&lt;&gt;&quot;&#39;" },
	{ S("a &amp; b"), "a &amp;amp; b" },	/* escaped again: the input is text */
	{ S("<b onclick='x()'>"), "&lt;b onclick=&#39;x()&#39;&gt;" },
	{ S("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80"), "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80" },
	{ S("caf\xE9 <b>"), "caf\xC3\xA9 &lt;b&gt;" },
	{ S("\x93" "AT&T\x94"), "\xE2\x80\x9C" "AT&amp;T\xE2\x80\x9D" },
	{ S("x\0y"), "x\xEF\xBF\xBDy" },
	{ S("line\nbreak\ttab"), "line\nbreak\ttab" },
};

START_TEST(test_html)
{
	bl_buf_t out;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_buf_puts(&out, "|"), BL_OK);
	ck_assert_int_eq(bl_html_escape(&out, html_cases[_i].in, html_cases[_i].len), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out) + 1, html_cases[_i].want);
	ck_assert_uint_eq(out.len, 1 + strlen(html_cases[_i].want));
	ck_assert(bl_utf8_valid(out.data, out.len));
	bl_buf_free(&out);
}
END_TEST

/* Output that does not fit is a sticky BL_ERR_LIMIT, never overrun. */
START_TEST(test_limits)
{
	bl_buf_t out;

	bl_buf_init(&out, 8);
	ck_assert_int_eq(bl_json_string(&out, "abcdefgh", 8), BL_ERR_LIMIT);
	ck_assert_uint_le(out.len, 8);
	bl_buf_free(&out);
	bl_buf_init(&out, 8);
	ck_assert_int_eq(bl_json_string(&out, "abcdef", 6), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), "\"abcdef\"");
	bl_buf_free(&out);
	bl_buf_init(&out, 4);
	ck_assert_int_eq(bl_html_escape(&out, "<<", 2), BL_ERR_LIMIT);
	ck_assert_uint_le(out.len, 4);
	bl_buf_free(&out);
	bl_buf_init(&out, 5);
	ck_assert_int_eq(bl_html_escape(&out, "&", 1), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), "&amp;");
	ck_assert_int_eq(bl_html_escape(&out, "", 0), BL_OK);
	ck_assert_int_eq(bl_html_escape(&out, "a", 1), BL_ERR_LIMIT);
	bl_buf_free(&out);
}
END_TEST

static Suite *
escape_suite(void)
{
	Suite *s = suite_create("bl_escape");
	TCase *json = tcase_create("json");
	TCase *html = tcase_create("html");
	TCase *limits = tcase_create("limits");

	tcase_add_loop_test(json, test_json, 0, COUNT(json_cases));
	tcase_add_test(json, test_json_any_bytes);
	tcase_add_test(json, test_json_appends);
	tcase_set_timeout(json, 30);	/* every byte pair under valgrind */
	suite_add_tcase(s, json);
	tcase_add_loop_test(html, test_html, 0, COUNT(html_cases));
	suite_add_tcase(s, html);
	tcase_add_test(limits, test_limits);
	suite_add_tcase(s, limits);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(escape_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
