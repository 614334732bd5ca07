/* test_format_plain.c - Check suite for format_plain: metadata lines, titles, bodies and detection. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bl_utf8.h"
#include "format.h"
#include "format_capture.h"

/* Reads len bytes of the file path into g, with id as the default
 * article id. */
static bl_status_t
read_plain(const char *text, size_t len, const char *id, const char *path,
           fc_got_t *g)
{
	format_input_t in = { .text = text, .len = len, .path = path, .id = id };

	return fc_run(format_plain_read, &in, g);
}

/* Expected instants from `date -u -d ... +%s`. */
#define T_0807_1643 INT64_C(1723048980)   /* 2024-08-07T16:43:00Z */
#define T_0807 INT64_C(1722988800)        /* 2024-08-07T00:00:00Z */
#define T_0822 INT64_C(1724284800)        /* 2024-08-22T00:00:00Z */
#define T_1005 INT64_C(1696464000)        /* 2023-10-05T00:00:00Z */

static const struct {
	const char *name;
	const char *in;
	const char *title, *author;
	bool has_date;
	int64_t date;           /* checked only when has_date */
	const char *body;
} cases[] = {
	{ "author, time, date",
	  "OpenAI co-founder leaves\n- entspos\n- 4:43 pm\n- August 7, 2024\n"
	  "First paragraph.\nSecond paragraph.\n",
	  "OpenAI co-founder leaves", "entspos", true, T_0807_1643,
	  "First paragraph.\nSecond paragraph." },
	{ "date, author, time",
	  "Headline\n- August 7, 2024\n- Jane Doe\n- 4:43 pm\nBody.\n",
	  "Headline", "Jane Doe", true, T_0807_1643, "Body." },
	{ "time, date, author",
	  "Headline\n- 16:43\n- 7 August 2024\n- A. N. Other\nBody.",
	  "Headline", "A. N. Other", true, T_0807_1643, "Body." },
	{ "date only",
	  "Headline\n- Aug 22, 2024\nBody.\n",
	  "Headline", NULL, true, T_0822, "Body." },
	{ "time only: no date",
	  "Headline\n- 8:15 am\nBody.\n",
	  "Headline", NULL, false, 0, "Body." },
	{ "author only",
	  "Headline\n- Maria Okafor\nBody.\n",
	  "Headline", "Maria Okafor", false, 0, "Body." },
	{ "two unparseable lines: the first is the author",
	  "Headline\n- Maria Okafor\n- Staff Reporter\nBody.\n",
	  "Headline", "Maria Okafor", false, 0, "Body." },
	{ "unparseable lines around a date",
	  "Headline\n- Maria Okafor\n- Aug 22, 2024\n- Staff Reporter\nBody.\n",
	  "Headline", "Maria Okafor", true, T_0822, "Body." },
	{ "no metadata: first line title, rest body",
	  "Riksbank holds rate\nThe central bank held its rate.\nSecond line.\n",
	  "Riksbank holds rate", NULL, false, 0,
	  "The central bank held its rate.\nSecond line." },
	{ "leading blank lines",
	  "\n\n  \t\nStolen landscape recovered\n- Daniel Osei\n"
	  "- October 5, 2023\nBody.\n",
	  "Stolen landscape recovered", "Daniel Osei", true, T_1005, "Body." },
	{ "CRLF line ends",
	  "Headline\r\n- Ann Author\r\n- 4:43 pm\r\n- August 7, 2024\r\n"
	  "Line one.\r\nLine two.\r\n",
	  "Headline", "Ann Author", true, T_0807_1643,
	  "Line one.\r\nLine two." },
	{ "CRLF without metadata",
	  "\r\nHeadline\r\nBody.\r\n",
	  "Headline", NULL, false, 0, "Body." },
	{ "title only, with newline",
	  "Just a headline\n",
	  "Just a headline", NULL, false, 0, NULL },
	{ "title only, no newline",
	  "Just a headline",
	  "Just a headline", NULL, false, 0, NULL },
	{ "title and metadata, no body",
	  "Headline\n- Ann\n- August 7, 2024\n- 4:43 pm",
	  "Headline", "Ann", true, T_0807_1643, NULL },
	{ "\"- \" lines later in the body are body text",
	  "Headline\n- Ann\nFirst paragraph.\n- a list item\n- August 7, 2024\n",
	  "Headline", "Ann", false, 0,
	  "First paragraph.\n- a list item\n- August 7, 2024" },
	{ "\"- \" lines after a body line, no metadata",
	  "Headline\nBody first.\n- Bob\n",
	  "Headline", NULL, false, 0, "Body first.\n- Bob" },
	{ "a blank line ends the metadata",
	  "Headline\n\n- Ann\nBody.\n",
	  "Headline", NULL, false, 0, "- Ann\nBody." },
	{ "a date with its own time",
	  "Headline\n- August 7, 2024 4:43 pm\nBody.\n",
	  "Headline", NULL, true, T_0807_1643, "Body." },
	{ "a date's own time beats a time line",
	  "Headline\n- 9:00 am\n- August 7, 2024 4:43 pm\nBody.\n",
	  "Headline", NULL, true, T_0807_1643, "Body." },
	{ "a bare date is midnight UTC",
	  "Headline\n- August 7, 2024\nBody.\n",
	  "Headline", NULL, true, T_0807, "Body." },
	{ "tab after the dash",
	  "Headline\n-\tAnn Lee\nBody.\n",
	  "Headline", "Ann Lee", false, 0, "Body." },
	{ "a dash without a space is body text",
	  "Headline\n-Ann\nBody.\n",
	  "Headline", NULL, false, 0, "-Ann\nBody." },
	{ "white space folded in title and author",
	  "  Spaced   out\theadline  \n-   Ann    Lee  \n  Body  kept  \n",
	  "Spaced out headline", "Ann Lee", false, 0, "Body  kept" },
	{ "Windows-1252 bytes repaired",
	  "Caf\xe9 review\n- Sophie Marchand\n\x93Tr\xe8s bien\x94\n",
	  "Caf\xc3\xa9 review", "Sophie Marchand", false, 0,
	  "\xe2\x80\x9cTr\xc3\xa8s bien\xe2\x80\x9d" },
};

START_TEST(test_cases)
{
	fc_got_t g = { 0 };
	const fc_article_t *a;
	bl_status_t st;

	st = read_plain(cases[_i].in, strlen(cases[_i].in), "a.txt",
	                "/in/a.txt", &g);
	ck_assert_msg(st == BL_OK, "%s: %s", cases[_i].name, bl_status_str(st));
	ck_assert_msg(g.n == 1, "%s: %zu articles", cases[_i].name, g.n);
	a = &g.a[0];
	fc_check_str(cases[_i].name, "title", a->title, cases[_i].title);
	fc_check_str(cases[_i].name, "author", a->author, cases[_i].author);
	fc_check_str(cases[_i].name, "body", a->body, cases[_i].body);
	ck_assert_msg(a->body_len == (a->body ? strlen(a->body) : 0),
	              "%s: body_len %zu", cases[_i].name, a->body_len);
	fc_check_date(cases[_i].name, a, cases[_i].has_date, cases[_i].date);
	fc_free(&g);
}
END_TEST

START_TEST(test_id_and_path)
{
	static const char text[] = "Headline\nBody.\n";
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_plain(text, strlen(text), "sub/dir/a b.txt.gz",
	                            "/srv/news/sub/dir/a b.txt.gz", &g), BL_OK);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.a[0].id, "sub/dir/a b.txt.gz");
	ck_assert_str_eq(g.a[0].path, "/srv/news/sub/dir/a b.txt.gz");
	fc_free(&g);
}
END_TEST

/* Nothing but white space is no article. */
START_TEST(test_nothing)
{
	static const char *const empty[] = { "", "\n", "\n\n  \n", "\r\n\t\r\n" };
	fc_got_t g = { 0 };
	size_t i;

	for (i = 0; i < sizeof empty / sizeof empty[0]; i++) {
		ck_assert_int_eq(read_plain(empty[i], strlen(empty[i]), "e", "e",
		                            &g), BL_OK);
		ck_assert_msg(g.n == 0, "input %zu: %zu articles", i, g.n);
		fc_free(&g);
	}
}
END_TEST

/* Builds a first line of n words "abcdefg" separated by spaces (8 bytes a
 * word with its space), a newline and rest. Caller frees. */
static char *
long_line(int words, const char *rest)
{
	size_t len = (size_t)words * 8 + strlen(rest) + 1;
	char *s = malloc(len), *p = s;
	int i;

	ck_assert(s != NULL);
	for (i = 0; i < words; i++) {
		memcpy(p, "abcdefg ", 8);
		p += 8;
	}
	p[-1] = '\n';
	strcpy(p, rest);
	return s;
}

/* A first line over 300 bytes is not a headline: the title is its start,
 * cut at a word boundary, and the body keeps every byte, "- " lines too. */
START_TEST(test_long_first_line)
{
	char *text = long_line(60, "- Not An Author\nMore text.\n");
	size_t len = strlen(text);
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_plain(text, len, "l", "l", &g), BL_OK);
	ck_assert_uint_eq(g.n, 1);
	/* spaces sit at 8k+7; the last one at or before byte 300 is 295 */
	ck_assert_uint_eq(strlen(g.a[0].title), 295);
	ck_assert(strncmp(g.a[0].title, text, 295) == 0);
	ck_assert(text[295] == ' ');
	ck_assert_ptr_null(g.a[0].author);
	ck_assert(!g.a[0].has_date);
	text[len - 1] = '\0';   /* the reader trims the final newline */
	ck_assert_str_eq(g.a[0].body, text);
	fc_free(&g);
	free(text);
}
END_TEST

/* Exactly 300 bytes is still a headline. */
START_TEST(test_first_line_at_limit)
{
	char text[400];
	fc_got_t g = { 0 };

	memset(text, 'a', 300);
	strcpy(text + 300, "\n- Ann\nBody.\n");
	ck_assert_int_eq(read_plain(text, strlen(text), "l", "l", &g), BL_OK);
	ck_assert_uint_eq(strlen(g.a[0].title), 300);
	ck_assert_str_eq(g.a[0].author, "Ann");
	ck_assert_str_eq(g.a[0].body, "Body.");
	fc_free(&g);
}
END_TEST

/* A long first line without any space is cut at 300 bytes. */
START_TEST(test_long_line_no_space)
{
	char text[600];
	fc_got_t g = { 0 };

	memset(text, 'a', 500);
	strcpy(text + 500, "\nBody.\n");
	ck_assert_int_eq(read_plain(text, strlen(text), "l", "l", &g), BL_OK);
	ck_assert_uint_eq(strlen(g.a[0].title), 300);
	ck_assert(strspn(g.a[0].title, "a") == 300);
	ck_assert_uint_eq(strlen(g.a[0].body), 506);
	fc_free(&g);
}
END_TEST

/* Cutting a long line of multi-byte characters must not split one: the
 * title is a byte-wise prefix of the line, and valid UTF-8. */
START_TEST(test_long_line_utf8)
{
	char text[700], title[700];
	size_t i, n;
	fc_got_t g = { 0 };

	text[0] = 'x';          /* puts every "é" at an odd offset */
	for (i = 0; i < 250; i++)
		memcpy(text + 1 + 2 * i, "\xc3\xa9", 2);
	strcpy(text + 501, "\nBody.\n");
	ck_assert_int_eq(read_plain(text, strlen(text), "u", "u", &g), BL_OK);
	ck_assert(g.a[0].title != NULL && strlen(g.a[0].title) < sizeof title);
	strcpy(title, g.a[0].title);
	fc_free(&g);
	n = strlen(title);
	ck_assert(bl_utf8_valid(title, n));
	ck_assert_msg(n <= 300 && n >= 150 && memcmp(title, text, n) == 0,
	              "title is not a prefix of the line (%zu bytes, ends "
	              "\"%s\")", n, n > 4 ? title + n - 4 : title);
}
END_TEST

/* Only len bytes are read: what follows is not part of the article. */
START_TEST(test_length_bounded)
{
	static const char text[] = "Headline\n- Ann\nBody.XYZ- August 7, 2024";
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_plain(text, 20, "b", "b", &g), BL_OK);
	ck_assert_str_eq(g.a[0].title, "Headline");
	ck_assert_str_eq(g.a[0].author, "Ann");
	ck_assert_str_eq(g.a[0].body, "Body.");
	ck_assert(!g.a[0].has_date);
	fc_free(&g);
}
END_TEST

/* An article over the record cap is skipped with one warning; one at the
 * cap is read. */
START_TEST(test_record_cap)
{
	size_t len = FORMAT_MAX_RECORD + 1;
	char *big = malloc(len);
	fc_got_t g = { 0 };

	ck_assert_ptr_nonnull(big);
	memset(big, 'w', len);
	memcpy(big, "Big\n\n", 5);
	ck_assert_int_eq(read_plain(big, len, "big", "big.txt", &g), BL_OK);
	ck_assert_uint_eq(g.n, 0);
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_uint_eq(g.warn[0].record, 1);
	ck_assert_ptr_nonnull(strstr(g.warn[0].what, "record size limit"));
	ck_assert_int_eq(read_plain(big, len - 1, "big", "big.txt", &g), BL_OK);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_uint_eq(g.nwarn, 1);
	fc_free(&g);
	free(big);
}
END_TEST

/* The emit callback's error stops the reader and is returned. */
START_TEST(test_emit_error)
{
	static const char text[] = "Headline\n- Ann\nBody.\n";
	fc_got_t g = { 0 };

	g.fail_at = 1;
	g.fail_with = BL_ERR_NOMEM;
	ck_assert_int_eq(read_plain(text, sizeof text - 1, "i", "p", &g),
	                 BL_ERR_NOMEM);
	ck_assert_uint_eq(g.calls, 1);
	fc_free(&g);
}
END_TEST

static const struct {
	const char *in;
	int want;
} detect_cases[] = {
	{ "Headline\n- Ann\nBody.\n", 60 },
	{ "Headline\n- August 7, 2024\n", 60 },
	{ "\n\n  \nHeadline\n- Ann\nBody.\n", 60 },
	{ "Headline\r\n- Ann\r\nBody.\r\n", 60 },
	{ "Headline\n-\tAnn\n", 60 },
	{ "Headline\nBody.\n", 10 },
	{ "Headline\n\n- Ann\n", 10 },
	{ "Headline\n-Ann\n", 10 },
	{ "Headline\n", 10 },
	{ "Headline", 10 },
	{ "", 10 },
	{ "\n\n", 10 },
	{ "Headline\nBody.\n- item\n", 10 },
};

START_TEST(test_detect)
{
	fc_check_detect(format_plain_detect, detect_cases[_i].in, "x.txt",
	                detect_cases[_i].want);
}
END_TEST

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

static Suite *
format_plain_suite(void)
{
	Suite *s = suite_create("format_plain");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");
	TCase *errors = tcase_create("errors");
	TCase *detect = tcase_create("detect");

	tcase_add_loop_test(core, test_cases, 0, COUNT(cases));
	tcase_add_test(core, test_id_and_path);
	tcase_add_test(core, test_nothing);
	suite_add_tcase(s, core);
	tcase_add_test(limits, test_long_first_line);
	tcase_add_test(limits, test_first_line_at_limit);
	tcase_add_test(limits, test_long_line_no_space);
	tcase_add_test(limits, test_long_line_utf8);
	tcase_add_test(limits, test_length_bounded);
	tcase_add_test(limits, test_record_cap);
	suite_add_tcase(s, limits);
	tcase_add_test(errors, test_emit_error);
	suite_add_tcase(s, errors);
	tcase_add_loop_test(detect, test_detect, 0, COUNT(detect_cases));
	suite_add_tcase(s, detect);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(format_plain_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
