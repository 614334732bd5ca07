/* test_snippet.c - Check suite for bl_snippet: highlighting, window choice, white space and UTF-8. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bl_db.h"
#include "bl_snippet.h"
#include "bl_utf8.h"
#include "testutil.h"

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))
#define ELLIPSIS "\xE2\x80\xA6"

/* Each test works in a fresh directory under root. The parent process
 * makes and removes root, so nothing is left behind when a test fails in
 * its fork before its own teardown. */
static char *root;
static char *dir;

static void
make_root(void)
{
	root = tu_mkdtemp();
}

static void
remove_root(void)
{
	tu_rmtree(root);
	free(root);
	root = NULL;
}

static char *
fresh_dir(void)
{
	char *p = malloc(strlen(root) + 10);

	ck_assert_ptr_nonnull(p);
	sprintf(p, "%s/t-XXXXXX", root);
	ck_assert_msg(mkdtemp(p) != NULL, "mkdtemp: %s", strerror(errno));
	return p;
}

static bl_db_t *db;

/* A fresh English index for its stemmer. */
static void
setup(void)
{
	char *path, *err = NULL;

	dir = fresh_dir();
	path = malloc(strlen(dir) + 5);
	ck_assert_ptr_nonnull(path);
	sprintf(path, "%s/idx", dir);
	ck_assert_msg(bl_db_open(path, BL_DB_WRITE, &db, &err) == BL_OK, "%s", err);
	ck_assert_int_eq(bl_db_set_language(db, "english"), BL_OK);
	free(path);
}

static void
teardown(void)
{
	bl_db_close(db);
	db = NULL;
	tu_rmtree(dir);
	free(dir);
	dir = NULL;
}

/* Splits space-separated terms into a list. */
static void
terms_of(const char *s, bl_strlist_t *list)
{
	const char *end;

	list->items = NULL;
	list->n = 0;
	while (*s) {
		while (*s == ' ')
			s++;
		end = s;
		while (*end && *end != ' ')
			end++;
		if (end > s)
			ck_assert_int_eq(bl_strlist_add(list, s, (size_t)(end - s)), BL_OK);
		s = end;
	}
}

/* Appends the snippet text to out with [ ] around each span. Returns NULL,
 * or what is wrong with the snippet: text not terminated at len or not
 * valid UTF-8, spans out of order, empty or outside the text. */
static const char *
mark(const bl_snippet_t *sn, bl_buf_t *out)
{
	size_t i, at = 0;

	/* BUG (see test_buf.c, test_detach_empty): an empty snippet's text
	 * comes from bl_buf_detach() of an untouched buffer, unterminated. */
	if (sn->text == NULL ? sn->len != 0 : sn->text[sn->len] != '\0')
		return "text not terminated at len";
	for (i = 0; i < sn->nspans; i++) {
		if (sn->spans[i].start < at || sn->spans[i].start >= sn->spans[i].end ||
		    sn->spans[i].end > sn->len)
			return "spans out of order or out of the text";
		bl_buf_append(out, sn->text + at, sn->spans[i].start - at);
		bl_buf_putc(out, '[');
		bl_buf_append(out, sn->text + sn->spans[i].start,
			sn->spans[i].end - sn->spans[i].start);
		bl_buf_putc(out, ']');
		at = sn->spans[i].end;
	}
	if (sn->text)
		bl_buf_append(out, sn->text + at, sn->len - at);
	if (sn->text && !bl_utf8_valid(sn->text, sn->len))
		return "not valid UTF-8";
	return NULL;
}

/* Makes the snippet of text for the space-separated terms and returns it
 * marked up, or "!", what is wrong with it and what there is of it. The
 * result is a static buffer, valid until the next call: a failing check
 * after it leaks nothing (CK_FORK=no under valgrind). */
static const char *
snip(const char *text, const char *terms, size_t max_len)
{
	static char result[4096];
	bl_snippet_t sn = { 0 };
	bl_strlist_t list;
	bl_status_t st;
	const char *problem;
	bl_buf_t b;

	terms_of(terms, &list);
	bl_buf_init(&b, 0);
	bl_buf_puts(&b, "");
	st = bl_snippet_make(db, text, strlen(text), &list, max_len, &sn);
	problem = st == BL_OK ? mark(&sn, &b) : bl_status_str(st);
	if (problem)
		snprintf(result, sizeof result, "!%s: %s", problem, bl_buf_cstr(&b));
	else
		snprintf(result, sizeof result, "%s", bl_buf_cstr(&b));
	bl_buf_free(&b);
	bl_snippet_clear(&sn);
	bl_strlist_clear(&list);
	return result;
}

static const struct {
	const char *text, *terms, *want;
} cases[] = {
	/* Stemmed terms match every form with that stem, in any case. */
	{ "They leave today. Leaving is hard; she Leaves tomorrow.", "Zleav",
	  "They [leave] today. [Leaving] is hard; she [Leaves] tomorrow." },
	{ "The leaf fell as they leave.", "Zleav", "The leaf fell as they [leave]." },
	/* English stems may differ from the word in their last two bytes
	 * (dying -> die): such words are still stemmed and matched. */
	{ "Dying embers, a lying witness, a tie.", "Zdie Zlie Ztie",
	  "[Dying] embers, a [lying] witness, a [tie]." },
	{ "The possibility is possible.", "Zpossibl",
	  "The [possibility] is [possible]." },
	/* Raw terms match the word only, case-insensitively. */
	{ "The Election was held. Elections are frequent; an election-year.", "election",
	  "The [Election] was held. Elections are frequent; an [election]-year." },
	/* Field terms are not highlighted. */
	{ "foo and more foo", "Sfoo ZSfoo Afoo Qfoo XPfoo", "foo and more foo" },
	{ "foo and more foo", "Sfoo foo", "[foo] and more [foo]" },
	/* Adjacent matches make one span, even across folded white space. */
	{ "Leaders discussed climate change at length.", "climate change",
	  "Leaders discussed [climate change] at length." },
	{ "Leaders discussed climate  \n change at length.", "Zclimat Zchang",
	  "Leaders discussed [climate change] at length." },
	{ "climate, change", "climate change", "[climate], [change]" },
	{ "climate-change", "climate change", "[climate]-[change]" },
	{ "Voters leave; the election nears.", "election Zleav",
	  "Voters [leave]; the [election] nears." },
	{ "She didn't go; don\xE2\x80\x99t panic.", "don't",
	  "She didn't go; [don\xE2\x80\x99t] panic." },
	/* White space folded, leading and trailing dropped. */
	{ "Breaking:\n\n  the\tcouncil   voted\r\n today.", "",
	  "Breaking: the council voted today." },
	{ "  \n lead and trail  \n", "", "lead and trail" },
	{ "  \n lead and trail  \n", "trail", "lead and [trail]" },
	/* Multibyte words. */
	{ "Flights from Z\xC3\xBCrich resumed; Z\xC3\x9CRICH airport said.", "z\xC3\xBCrich",
	  "Flights from [Z\xC3\xBCrich] resumed; [Z\xC3\x9CRICH] airport said." },
	{ "Caf\xC3\xA9 society", "caf\xC3\xA9", "[Caf\xC3\xA9] society" },
	/* Nothing to split into words. */
	{ "", "election", "" },
	{ "", "", "" },
	{ "!!! --- ???", "x", "!!! --- ???" },
};

START_TEST(test_cases)
{
	ck_assert_str_eq(snip(cases[_i].text, cases[_i].terms, 0), cases[_i].want);
}
END_TEST

/* The spans index the bytes of the matched words in out.text exactly. */
/* Stemming outcomes are remembered per word: hundreds of distinct words
 * that must be stemmed, between repeats of one that matches, share the
 * cache's slots without mixing up their outcomes. */
START_TEST(test_stem_cache)
{
	char text[3200], *p = text;
	const char *got, *at;
	int i, marks = 0;

	for (i = 0; i < 200; i++)
		p += sprintf(p, "lex%c%c leaving ", 'a' + i % 26, 'a' + i / 26);
	got = snip(text, "Zleav", sizeof text);
	ck_assert_msg(got[0] != '!', "%s", got);
	for (at = got; (at = strstr(at, "[leaving]")) != NULL; at++)
		marks++;
	ck_assert_int_eq(marks, 200);
	ck_assert_ptr_null(strstr(got, "[lex"));
}
END_TEST

/* Other languages may rewrite more than a word's end (German ß -> ss):
 * every word with the stem's first letter is stemmed. */
START_TEST(test_german)
{
	ck_assert_int_eq(bl_db_set_language(db, "german"), BL_OK);
	ck_assert_str_eq(snip("Das Fu\xC3\x9F" "ballspiel und die Fu\xC3\x9F" "ballspiele.",
	                      "Zfussballspiel", 0),
	                 "Das [Fu\xC3\x9F" "ballspiel] und die [Fu\xC3\x9F" "ballspiele].");
}
END_TEST

START_TEST(test_span_offsets)
{
	static const char text[] = "Leaders discussed climate change. Flights from Z\xC3\xBCrich.";
	bl_snippet_t sn = { 0 };
	bl_strlist_t list;
	bl_status_t st;

	terms_of("climate Zchang z\xC3\xBCrich", &list);
	st = bl_snippet_make(db, text, sizeof text - 1, &list, 0, &sn);
	bl_strlist_clear(&list);
	ck_assert_int_eq(st, BL_OK);
	ck_assert_uint_eq(sn.len, sizeof text - 1);
	ck_assert_str_eq(sn.text, text);
	ck_assert_uint_eq(sn.nspans, 2);
	ck_assert_uint_eq(sn.spans[0].start, 18);
	ck_assert_uint_eq(sn.spans[0].end, 32);
	ck_assert_uint_eq(sn.spans[1].start, 47);
	ck_assert_uint_eq(sn.spans[1].end, 54);
	ck_assert(memcmp(sn.text + 47, "Z\xC3\xBCrich", 7) == 0);
	bl_snippet_clear(&sn);
}
END_TEST

/* The snippet of before copies of unit, then middle, then after copies of
 * unit, for terms; as snip(). */
static const char *
snip_long(const char *unit, int before, const char *middle, int after, const char *terms,
          size_t max_len)
{
	const char *r;
	bl_buf_t b;
	int i;

	bl_buf_init(&b, 0);
	for (i = 0; i < before; i++)
		bl_buf_puts(&b, unit);
	bl_buf_puts(&b, middle);
	for (i = 0; i < after; i++)
		bl_buf_puts(&b, unit);
	ck_assert_int_eq(b.err, BL_OK);
	r = snip(b.data, terms, max_len);
	bl_buf_free(&b);
	return r;
}

static const char filler[] = "Lorem ipsum dolor sit amet. ";

/* A match 2800 bytes in: the window holds it, starts at its sentence and
 * is cut with ellipses at both ends. */
START_TEST(test_far_match)
{
	static const char want[] = ELLIPSIS "The [referendum] happened. Lorem";
	const char *got = snip_long(filler, 100, "The referendum happened. ", 50, "referendum", 100);
	size_t len = strlen(got) - 2;	/* without the brackets */

	ck_assert_msg(strncmp(got, want, sizeof want - 1) == 0, "got %s", got);
	ck_assert_msg(strcmp(got + strlen(got) - 3, ELLIPSIS) == 0, "got %s", got);
	ck_assert_msg(len <= 100 + 2 * 3 + 4 && len >= 60, "%zu bytes: %s", len, got);
}
END_TEST

/* A match in the last words: the window runs to the end of the text,
 * with no ellipsis after it, and white space after the last word is not
 * kept. A match in the first words: no ellipsis before. */
START_TEST(test_match_at_ends)
{
	static const char want[] = ELLIPSIS "The [referendum] ended!";
	const char *got = snip_long(filler, 100, "The referendum ended!  \n", 0,
	                            "referendum", 100);

	ck_assert_msg(strcmp(got, want) == 0, "got %s", got);
	got = snip_long(filler, 0, "Referendum day. ", 100, "referendum", 60);
	ck_assert_msg(strncmp(got, "[Referendum] day. Lorem", 23) == 0, "got %s",
	              got);
	got = snip_long(filler, 0, "  (Referendum) day. ", 100, "referendum", 60);
	ck_assert_msg(strncmp(got, "([Referendum]) day.", 19) == 0, "got %s",
	              got);
}
END_TEST

/* The window with more distinct terms wins over the earlier one. */
START_TEST(test_best_window)
{
	const char *got = snip_long(filler, 10, "Alpha and beta. ", 10, "alpha beta", 60);

	ck_assert_msg(strstr(got, "[Alpha] and [beta]") != NULL, "got %s", got);
	got = snip_long(filler, 1, "Alpha only here. Lorem ipsum dolor sit amet. "
		"Lorem ipsum dolor sit amet. Lorem ipsum dolor sit amet. Alpha and beta. ", 3,
		"alpha beta", 60);
	ck_assert_msg(strstr(got, "[Alpha] and [beta]") != NULL, "got %s", got);
	ck_assert_msg(strstr(got, "only") == NULL, "got %s", got);
}
END_TEST

/* Without terms: the start of the text, no leading ellipsis. */
START_TEST(test_no_terms)
{
	const char *got = snip_long(filler, 100, "", 0, "", 100);

	ck_assert_msg(strncmp(got, "Lorem ipsum dolor sit amet. Lorem", 33) == 0 &&
		strstr(got, "[") == NULL, "got %s", got);
	ck_assert_msg(strcmp(got + strlen(got) - 3, ELLIPSIS) == 0, "got %s", got);
	ck_assert_uint_le(strlen(got), 100 + 3 + 4);
	ck_assert_uint_ge(strlen(got), 60);
	got = snip_long(filler, 100, "", 0, "Snothing Zabsent", 0);	/* max_len 0: the default */
	ck_assert_msg(strncmp(got, "Lorem ipsum", 11) == 0, "got %s", got);
	ck_assert_uint_le(strlen(got), BL_SNIPPET_DEFAULT_LEN + 3 + 4);
	ck_assert_uint_ge(strlen(got), BL_SNIPPET_DEFAULT_LEN - 40);
}
END_TEST

/* Wherever the text is cut, the snippet stays valid UTF-8. The punctuation
 * kept after the last word may be multibyte, and text without words is
 * cut at max_len.
 * BUG (common/bl_snippet.c, bl_snippet_make): both cuts count bytes, not
 * characters. "ab\u201D\u2014" repeated, max_len 40: the window ends after
 * the 5th "ab" and the closing-punctuation loop keeps 4 bytes, the quote
 * and the first byte of the dash (case 0). 200 dashes, max_len 100: the
 * wordless text is cut at byte 100, inside the 34th dash (case 1).
 * Expected: cuts on character boundaries. */
static const struct {
	const char *unit;
	int repeat;
	size_t max_len;
} cut_cases[] = {
	{ "ab\xE2\x80\x9D\xE2\x80\x94", 100, 40 },
	{ "\xE2\x80\x94", 200, 100 },
	{ "\xF0\x9F\x98\x80 ", 100, 50 },
	{ "word\xE2\x80\xA6 ", 100, 30 },
	{ "\xC3\xA9t\xC3\xA9 ", 200, 61 },
};

START_TEST(test_utf8_cut)
{
	const char *got = snip_long(cut_cases[_i].unit, cut_cases[_i].repeat, "", 0, "",
		cut_cases[_i].max_len);

	ck_assert_msg(got[0] != '!', "%s", got);
	ck_assert_uint_le(strlen(got), cut_cases[_i].max_len + 3 + 4);
}
END_TEST

/* A snippet over a very long word list still finishes and stays bounded. */
START_TEST(test_long_text)
{
	const char *got = snip_long("vote ", 300000, "referendum", 10, "referendum Zvote", 120);

	ck_assert_msg(got[0] != '!', "%s", got);
	ck_assert_uint_le(strlen(got), 400);
}
END_TEST

START_TEST(test_clear)
{
	bl_snippet_t sn = { 0 };
	bl_strlist_t list;

	bl_snippet_clear(NULL);
	bl_snippet_clear(&sn);
	terms_of("x", &list);
	ck_assert_int_eq(bl_snippet_make(db, "x y", 3, &list, 0, &sn), BL_OK);
	ck_assert_ptr_nonnull(sn.text);
	bl_snippet_clear(&sn);
	ck_assert_ptr_null(sn.text);
	ck_assert_ptr_null(sn.spans);
	ck_assert_uint_eq(sn.len, 0);
	ck_assert_uint_eq(sn.nspans, 0);
	bl_snippet_clear(&sn);
	bl_strlist_clear(&list);
}
END_TEST

static Suite *
snippet_suite(void)
{
	Suite *s = suite_create("bl_snippet");
	TCase *core = tcase_create("core");
	TCase *window = tcase_create("window");
	TCase *limits = tcase_create("limits");

	tcase_add_unchecked_fixture(core, make_root, remove_root);
	tcase_add_checked_fixture(core, setup, teardown);
	tcase_add_loop_test(core, test_cases, 0, COUNT(cases));
	tcase_add_test(core, test_german);
	tcase_add_test(core, test_stem_cache);
	tcase_add_test(core, test_span_offsets);
	tcase_add_test(core, test_clear);
	suite_add_tcase(s, core);
	tcase_add_unchecked_fixture(window, make_root, remove_root);
	tcase_add_checked_fixture(window, setup, teardown);
	tcase_add_test(window, test_far_match);
	tcase_add_test(window, test_best_window);
	tcase_add_test(window, test_match_at_ends);
	tcase_add_test(window, test_no_terms);
	suite_add_tcase(s, window);
	tcase_add_unchecked_fixture(limits, make_root, remove_root);
	tcase_add_checked_fixture(limits, setup, teardown);
	tcase_add_loop_test(limits, test_utf8_cut, 0, COUNT(cut_cases));
	tcase_add_test(limits, test_long_text);
	tcase_set_timeout(limits, 60);
	suite_add_tcase(s, limits);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(snippet_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
