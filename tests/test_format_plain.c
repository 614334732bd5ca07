/* test_format_plain.c - Check suite for format_plain: metadata lines, titles, bodies and detection. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bl_utf8.h"
#include "format.h"

/* What the reader emitted: copies of the first article's fields. */
typedef struct got {
	int n;                  /* articles emitted */
	char *id, *path, *title, *author, *body;
	size_t body_len;
	int64_t date;
	bool has_date;
} got_t;

static char *
dup_or_null(const char *s)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = strdup(s);
	ck_assert(d != NULL);
	return d;
}

static bl_status_t
capture(void *ctx, bl_article_t *a)
{
	got_t *g = ctx;

	if (g->n++ > 0)
		return BL_OK;
	g->id = dup_or_null(a->id);
	g->path = dup_or_null(a->path);
	g->title = dup_or_null(a->title);
	g->author = dup_or_null(a->author);
	g->body = dup_or_null(a->body);
	g->body_len = a->body_len;
	g->date = a->date;
	g->has_date = a->has_date;
	return BL_OK;
}

static void
got_free(got_t *g)
{
	free(g->id);
	free(g->path);
	free(g->title);
	free(g->author);
	free(g->body);
	memset(g, 0, sizeof *g);
}

/* Reads len bytes of text through an exact-size heap copy (so that the
 * sanitizers catch any read past the end) into g. */
static bl_status_t
read_plain(const char *text, size_t len, const char *id, const char *path,
           got_t *g)
{
	char *copy = malloc(len ? len : 1);
	format_input_t in = { .len = len, .path = path, .id = id,
	                      .emit = capture, .ctx = g };
	bl_status_t st;

	ck_assert(copy != NULL);
	memcpy(copy, text, len);
	memset(g, 0, sizeof *g);
	in.text = copy;
	st = format_plain_read(&in);
	free(copy);
	return st;
}

/* Compares two optional strings, naming the field and the case. */
static void
check_str(const char *name, const char *field, const char *got,
          const char *want)
{
	if (want == NULL)
		ck_assert_msg(got == NULL, "%s: %s: got \"%s\", want none", name,
		              field, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0,
		              "%s: %s: got \"%s\", want \"%s\"", name, field,
		              got ? got : "(none)", want);
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
	got_t g;
	bl_status_t st;

	st = read_plain(cases[_i].in, strlen(cases[_i].in), "a.txt",
	                "/in/a.txt", &g);
	ck_assert_msg(st == BL_OK, "%s: %s", cases[_i].name, bl_status_str(st));
	ck_assert_msg(g.n == 1, "%s: %d articles", cases[_i].name, g.n);
	check_str(cases[_i].name, "title", g.title, cases[_i].title);
	check_str(cases[_i].name, "author", g.author, cases[_i].author);
	check_str(cases[_i].name, "body", g.body, cases[_i].body);
	ck_assert_msg(g.body_len == (g.body ? strlen(g.body) : 0),
	              "%s: body_len %zu", cases[_i].name, g.body_len);
	ck_assert_msg(g.has_date == cases[_i].has_date, "%s: has_date %d",
	              cases[_i].name, g.has_date);
	if (cases[_i].has_date)
		ck_assert_msg(g.date == cases[_i].date,
		              "%s: date %lld, want %lld", cases[_i].name,
		              (long long)g.date, (long long)cases[_i].date);
	got_free(&g);
}
END_TEST

START_TEST(test_id_and_path)
{
	static const char text[] = "Headline\nBody.\n";
	got_t g;

	ck_assert_int_eq(read_plain(text, strlen(text), "sub/dir/a b.txt.gz",
	                            "/srv/news/sub/dir/a b.txt.gz", &g), BL_OK);
	ck_assert_int_eq(g.n, 1);
	ck_assert_str_eq(g.id, "sub/dir/a b.txt.gz");
	ck_assert_str_eq(g.path, "/srv/news/sub/dir/a b.txt.gz");
	got_free(&g);
}
END_TEST

/* Nothing but white space is no article. */
START_TEST(test_nothing)
{
	static const char *const empty[] = { "", "\n", "\n\n  \n", "\r\n\t\r\n" };
	got_t g;
	size_t i;

	for (i = 0; i < sizeof empty / sizeof empty[0]; i++) {
		ck_assert_int_eq(read_plain(empty[i], strlen(empty[i]), "e", "e",
		                            &g), BL_OK);
		ck_assert_msg(g.n == 0, "input %zu: %d articles", i, g.n);
		got_free(&g);
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
	got_t g;

	ck_assert_int_eq(read_plain(text, len, "l", "l", &g), BL_OK);
	ck_assert_int_eq(g.n, 1);
	/* spaces sit at 8k+7; the last one at or before byte 300 is 295 */
	ck_assert_uint_eq(strlen(g.title), 295);
	ck_assert(strncmp(g.title, text, 295) == 0);
	ck_assert(text[295] == ' ');
	ck_assert_ptr_null(g.author);
	ck_assert(!g.has_date);
	text[len - 1] = '\0';   /* the reader trims the final newline */
	ck_assert_str_eq(g.body, text);
	got_free(&g);
	free(text);
}
END_TEST

/* Exactly 300 bytes is still a headline. */
START_TEST(test_first_line_at_limit)
{
	char text[400];
	got_t g;

	memset(text, 'a', 300);
	strcpy(text + 300, "\n- Ann\nBody.\n");
	ck_assert_int_eq(read_plain(text, strlen(text), "l", "l", &g), BL_OK);
	ck_assert_uint_eq(strlen(g.title), 300);
	ck_assert_str_eq(g.author, "Ann");
	ck_assert_str_eq(g.body, "Body.");
	got_free(&g);
}
END_TEST

/* A long first line without any space is cut at 300 bytes. */
START_TEST(test_long_line_no_space)
{
	char text[600];
	got_t g;

	memset(text, 'a', 500);
	strcpy(text + 500, "\nBody.\n");
	ck_assert_int_eq(read_plain(text, strlen(text), "l", "l", &g), BL_OK);
	ck_assert_uint_eq(strlen(g.title), 300);
	ck_assert(strspn(g.title, "a") == 300);
	ck_assert_uint_eq(strlen(g.body), 506);
	got_free(&g);
}
END_TEST

/* Cutting a long line of multi-byte characters must not split one: the
 * title is a byte-wise prefix of the line, and valid UTF-8. */
START_TEST(test_long_line_utf8)
{
	char text[700], title[700];
	size_t i, n;
	got_t g;

	text[0] = 'x';          /* puts every "é" at an odd offset */
	for (i = 0; i < 250; i++)
		memcpy(text + 1 + 2 * i, "\xc3\xa9", 2);
	strcpy(text + 501, "\nBody.\n");
	ck_assert_int_eq(read_plain(text, strlen(text), "u", "u", &g), BL_OK);
	ck_assert(g.title != NULL && strlen(g.title) < sizeof title);
	strcpy(title, g.title);
	got_free(&g);
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
	got_t g;

	ck_assert_int_eq(read_plain(text, 20, "b", "b", &g), BL_OK);
	ck_assert_str_eq(g.title, "Headline");
	ck_assert_str_eq(g.author, "Ann");
	ck_assert_str_eq(g.body, "Body.");
	ck_assert(!g.has_date);
	got_free(&g);
}
END_TEST

static bl_status_t
refuse(void *ctx, bl_article_t *a)
{
	(void)a;
	(*(int *)ctx)++;
	return BL_ERR_NOMEM;
}

/* The emit callback's error stops the reader and is returned. */
START_TEST(test_emit_error)
{
	static const char text[] = "Headline\n- Ann\nBody.\n";
	int calls = 0;
	format_input_t in = { .text = text, .len = sizeof text - 1, .path = "p",
	                      .id = "i", .emit = refuse, .ctx = &calls };

	ck_assert_int_eq(format_plain_read(&in), BL_ERR_NOMEM);
	ck_assert_int_eq(calls, 1);
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
	const char *in = detect_cases[_i].in;
	size_t len = strlen(in);
	char *copy = malloc(len ? len : 1);
	int score;

	ck_assert(copy != NULL);
	memcpy(copy, in, len);
	score = format_plain_detect(copy, len, "x.txt");
	free(copy);
	ck_assert_msg(score == detect_cases[_i].want, "case %d: got %d, want %d",
	              _i, score, detect_cases[_i].want);
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
