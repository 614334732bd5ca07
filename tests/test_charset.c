/* test_charset.c - Check suite for bl_charset: labels, conversions, fallbacks and caps. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "bl_charset.h"
#include "bl_utf8.h"

/* Expected output comes from Python's codecs (bytes.decode(...).encode()),
 * never from bl_charset itself; len 0 means strlen(in). */
static const struct {
	const char *charset;
	const char *in;
	size_t len;
	const char *want;
} cases[] = {
	/* Undeclared, UTF-8, ASCII, unknown: repair (UTF-8 kept, rest 1252). */
	{ NULL, "plain words", 0, "plain words" },
	{ "", "cr\xc3\xa8me", 0, "cr\xc3\xa8me" },
	{ NULL, "cr\xe8me", 0, "cr\xc3\xa8me" },
	{ "utf-8", "a\xff", 0, "a\xc3\xbf" },
	{ "UTF8", "\xe2\x82\xac \x80", 0, "\xe2\x82\xac \xe2\x82\xac" },
	{ "us-ascii", "\xc3\xa8 \x93q\x94", 0, "\xc3\xa8 \xe2\x80\x9cq\xe2\x80\x9d" },
	{ "ascii", "\xe9t\xe9", 0, "\xc3\xa9t\xc3\xa9" },
	{ "unknown-8bit", "\xe9", 0, "\xc3\xa9" },
	{ "x-unknown", "\xc3\xa8", 0, "\xc3\xa8" },
	{ "x-no-such-charset", "cr\xe8me", 0, "cr\xc3\xa8me" },
	{ "../../etc/passwd", "cr\xe8me", 0, "cr\xc3\xa8me" },
	{ "utf-8//TRANSLIT", "\xe9", 0, "\xc3\xa9" },
	{ "an-overlong-label-that-no-registry-would-ever-hold", "\xe9", 0,
	  "\xc3\xa9" },
	{ "utf-8", "a\0b", 3, "a\xef\xbf\xbd" "b" },
	/* Latin-1 labels decode as Windows-1252, strictly: no UTF-8 kept. */
	{ "iso-8859-1", "cr\xe8me", 0, "cr\xc3\xa8me" },
	{ "ISO-8859-1", "\x93q\x94 \x80", 0, "\xe2\x80\x9cq\xe2\x80\x9d \xe2\x82\xac" },
	{ "iso-8859-1", "\xc3\xa8", 0, "\xc3\x83\xc2\xa8" },
	{ " \"Latin1\" ", "\xe9", 0, "\xc3\xa9" },
	{ "iso_8859-1:1987", "\xff", 0, "\xc3\xbf" },
	{ "windows-1252", "\x80\x81", 0, "\xe2\x82\xac\xef\xbf\xbd" },
	{ "cp1252", "\x9c", 0, "\xc5\x93" },
	/* iconv, some labels mapped as browsers map them. */
	{ "iso-8859-15", "\xa4", 0, "\xe2\x82\xac" },
	{ "iso-8859-2", "Wr\xf3" "bel \xb3", 0, "Wr\xc3\xb3" "bel \xc5\x82" },
	{ "koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", 0,
	  "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82" },
	{ "windows-1251", "\xcf\xf0\xe8\xe2\xe5\xf2", 0,
	  "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82" },
	{ "iso-8859-7", "\xe1\xe2", 0, "\xce\xb1\xce\xb2" },
	{ "windows-1255", "\xf9\xec", 0, "\xd7\xa9\xd7\x9c" },
	{ "iso-8859-9", "\x80\xfd", 0, "\xe2\x82\xac\xc4\xb1" },
	{ "tis-620", "\xa1", 0, "\xe0\xb8\x81" },
	{ "x-mac-roman", "\x8e\x80", 0, "\xc3\xa9\xc3\x84" },
	{ "macintosh", "\x8e\x80", 0, "\xc3\xa9\xc3\x84" },
	{ "shift_jis", "\x93\xfa\x96{", 0, "\xe6\x97\xa5\xe6\x9c\xac" },
	{ "x-sjis", "\x93\xfa\x96{", 0, "\xe6\x97\xa5\xe6\x9c\xac" },
	{ "euc-jp", "\xc6\xfc\xcb\xdc", 0, "\xe6\x97\xa5\xe6\x9c\xac" },
	{ "iso-2022-jp", "\x1b$BF|K\\\x1b(B", 0, "\xe6\x97\xa5\xe6\x9c\xac" },
	{ "gb2312", "\xd6\xd0\xce\xc4", 0, "\xe4\xb8\xad\xe6\x96\x87" },
	{ "big5", "\xa4\xa4\xa4\xe5", 0, "\xe4\xb8\xad\xe6\x96\x87" },
	{ "ks_c_5601-1987", "\xc7\xd1\xb1\xdb", 0, "\xed\x95\x9c\xea\xb8\x80" },
	{ "euc-kr", "\xc7\xd1\xb1\xdb", 0, "\xed\x95\x9c\xea\xb8\x80" },
	{ "utf-16", "\xff\xfeh\0i\0", 6, "hi" },
	{ "utf-7", "Hi Mom -+Jjo--!", 0, "Hi Mom -\xe2\x98\xba-!" },
	/* Bytes that do not convert go through repair, and conversion
	 * resumes after them; a sequence cut short at the end too. */
	{ "shift_jis", "\x93\xfa\xff\x96{", 0, "\xe6\x97\xa5\xc3\xbf\xe6\x9c\xac" },
	{ "shift_jis", "\x93\xfa\x93", 0, "\xe6\x97\xa5\xe2\x80\x9c" },
	{ "euc-jp", "\xc6\xfc\xcb", 0, "\xe6\x97\xa5\xc3\x8b" },
	{ "koi8-r", "a\0b", 3, "a\xef\xbf\xbd" "b" },
	{ "koi8-r", "", 0, "" },
};

START_TEST(test_convert)
{
	bl_buf_t out;
	size_t len = cases[_i].len ? cases[_i].len : strlen(cases[_i].in);
	bl_status_t st;

	bl_buf_init(&out, 0);
	st = bl_charset_to_utf8(cases[_i].charset, cases[_i].in, len, &out);
	ck_assert_msg(st == BL_OK, "%s: %s", cases[_i].charset,
	              bl_status_str(st));
	ck_assert_msg(out.len == strlen(cases[_i].want) &&
	              memcmp(bl_buf_cstr(&out), cases[_i].want, out.len) == 0,
	              "%s: got \"%s\", want \"%s\"", cases[_i].charset,
	              bl_buf_cstr(&out), cases[_i].want);
	ck_assert(bl_utf8_valid(bl_buf_cstr(&out), out.len));
	bl_buf_free(&out);
}
END_TEST

/* Output is appended to what the buffer held. */
START_TEST(test_appends)
{
	bl_buf_t out;

	bl_buf_init(&out, 0);
	bl_buf_puts(&out, "x:");
	ck_assert_int_eq(bl_charset_to_utf8("koi8-r", "\xf0", 1, &out), BL_OK);
	ck_assert_int_eq(bl_charset_to_utf8("latin1", "\xe9", 1, &out), BL_OK);
	ck_assert_int_eq(bl_charset_to_utf8(NULL, "!", 1, &out), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), "x:\xd0\x9f\xc3\xa9!");
	bl_buf_free(&out);
}
END_TEST

/* More than iconv's output chunk, with many bad bytes on the way. */
START_TEST(test_long_input)
{
	enum { N = 20000 };
	char *in = malloc(N);
	bl_buf_t out;
	size_t i;

	ck_assert_ptr_nonnull(in);
	for (i = 0; i < N; i++)
		in[i] = i % 100 == 99 ? '\xff' : (i % 2 ? '\xfc' : '\xc6');
	/* EUC-JP pairs 0xC6 0xFC (U+65E5); each 0xFF breaks a pair, so the
	 * decoder resynchronises one byte later. */
	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_charset_to_utf8("euc-jp", in, N, &out), BL_OK);
	ck_assert(bl_utf8_valid(bl_buf_cstr(&out), out.len));
	ck_assert_uint_gt(out.len, N);
	ck_assert_ptr_nonnull(strstr(bl_buf_cstr(&out), "\xe6\x97\xa5\xe6\x97\xa5"));
	ck_assert_ptr_nonnull(strstr(bl_buf_cstr(&out), "\xc3\xbf"));
	bl_buf_reset(&out);
	for (i = 0; i < N; i++)
		in[i] = '\xf0';
	ck_assert_int_eq(bl_charset_to_utf8("koi8-r", in, N, &out), BL_OK);
	ck_assert_uint_eq(out.len, 2 * N);
	bl_buf_free(&out);
	free(in);
}
END_TEST

/* Every path stops at the buffer's cap with BL_ERR_LIMIT, which sticks. */
START_TEST(test_cap)
{
	static const char *const labels[] = {
		NULL, "utf-8", "iso-8859-1", "koi8-r", "shift_jis", "x-nothing",
	};
	bl_buf_t out;
	char in[64];
	size_t i;

	memset(in, '\xf0', sizeof in);
	for (i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		bl_buf_init(&out, 10);
		ck_assert_int_eq(bl_charset_to_utf8(labels[i], in, sizeof in, &out),
		                 BL_ERR_LIMIT);
		ck_assert_uint_le(out.len, 10);
		ck_assert_int_eq(bl_charset_to_utf8(labels[i], "a", 1, &out),
		                 BL_ERR_LIMIT);
		bl_buf_free(&out);
	}
}
END_TEST

START_TEST(test_empty_and_sticky)
{
	bl_buf_t out;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_charset_to_utf8("koi8-r", "", 0, &out), BL_OK);
	ck_assert_uint_eq(out.len, 0);
	out.err = BL_ERR_NOMEM;
	ck_assert_int_eq(bl_charset_to_utf8("koi8-r", "\xf0", 1, &out),
	                 BL_ERR_NOMEM);
	ck_assert_uint_eq(out.len, 0);
	bl_buf_free(&out);
}
END_TEST

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

static Suite *
charset_suite(void)
{
	Suite *s = suite_create("bl_charset");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");

	tcase_add_loop_test(core, test_convert, 0, COUNT(cases));
	tcase_add_test(core, test_appends);
	suite_add_tcase(s, core);
	tcase_add_test(limits, test_long_input);
	tcase_add_test(limits, test_cap);
	tcase_add_test(limits, test_empty_and_sticky);
	suite_add_tcase(s, limits);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(charset_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
