/* test_e2e.c - Check suite running byline-index and byline-search in-process on samples/ and crafted input. */
#include <check.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bl_db.h"
#include "bl_schema.h"
#include "bl_utf8.h"
#include "indexer.h"
#include "searcher.h"
#include "testutil.h"

#define MAX_IDS 128

/* Searches index as JSON for query, up to 100 hits. */
static tu_run_t
search_json(const char *index, const char *query)
{
	return tu_search("--index", index, "--format", "json", "--limit", "100",
	                 "--", query, NULL);
}

/* How often the JSON output names article id. */
static size_t
count_id(const char *out, const char *id)
{
	char *needle;
	size_t n;

	ck_assert(asprintf(&needle, "\"id\":\"%s\"", id) > 0);
	n = tu_count(out, needle);
	free(needle);
	return n;
}

/* The "total" of a JSON result page; -1 when absent. */
static long
json_total(const char *out)
{
	const char *p = strstr(out, "{\"query\":");

	p = p ? strstr(p, ",\"total\":") : NULL;
	return p ? strtol(p + 9, NULL, 10) : -1;
}

/* Collects the ids of the hits in rank order into ids (malloc'd strings);
 * returns how many. */
static int
json_ids(const char *out, char **ids)
{
	const char *p = strstr(out, "\"hits\":[");
	int n = 0;

	while (p && (p = strstr(p, "{\"rank\":")) != NULL && n < MAX_IDS) {
		const char *id = strstr(p, ",\"id\":\""), *end;

		ck_assert_ptr_nonnull(id);
		id += 7;
		end = strchr(id, '"');
		ck_assert_ptr_nonnull(end);
		ids[n++] = strndup(id, (size_t)(end - id));
		p = end;
	}
	return n;
}

static void
free_ids(char **ids, int n)
{
	while (n > 0)
		free(ids[--n]);
}

/* Asserts that query's hits include every id of present and none of
 * absent (both NULL-terminated), and that the output is valid JSON. */
static void
check_query(const char *query, const char *const *present,
            const char *const *absent)
{
	tu_run_t r = search_json(tu_samples_index(), query);

	ck_assert_msg(r.status == 0, "%s: exit %d: %s", query, r.status, r.err);
	ck_assert_msg(tu_json_valid(r.out, strlen(r.out)), "%s: bad JSON",
	              query);
	for (; present && *present; present++)
		ck_assert_msg(count_id(r.out, *present) == 1, "%s: %s missing",
		              query, *present);
	for (; absent && *absent; absent++)
		ck_assert_msg(count_id(r.out, *absent) == 0, "%s: %s found",
		              query, *absent);
	tu_run_free(&r);
}

#define IDS(...) ((const char *const[]){ __VA_ARGS__, NULL })

#define CLIMATE "climate-talks-bonn-finance.txt"
#define WHEAT "wheat-harvest-drought-kansas.txt"
#define MAYOR "mayor-race-turnout-westbridge.txt"
#define SCHOOL "school-board-recount-maple-ridge.txt"
#define SENATE "senate-special-vote-nevada.txt"
#define OPENAI "openai-schulman-2024-08-07.txt"
#define PARENTAL "parental-leave-law-portugal.txt.gz"
#define VOLCANO "volcano-iceland-eruption.txt"
#define AIRLINE "airline-summer-passenger-record.txt.gz"

START_TEST(test_phrase)
{
	tu_run_t r = search_json(tu_samples_index(), "\"climate change\"");

	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(json_total(r.out), 1);
	ck_assert_uint_eq(count_id(r.out, CLIMATE), 1);
	ck_assert_uint_eq(count_id(r.out, WHEAT), 0);
	tu_run_free(&r);
}
END_TEST

START_TEST(test_words)
{
	check_query("climate change", IDS(CLIMATE, WHEAT), NULL);
	check_query("climate AND change", IDS(CLIMATE, WHEAT), NULL);
	check_query("climate", IDS(CLIMATE, WHEAT), NULL);
}
END_TEST

START_TEST(test_boolean)
{
	check_query("election", IDS(MAYOR, SCHOOL, SENATE), NULL);
	check_query("election NOT senate", IDS(MAYOR, SCHOOL), IDS(SENATE));
	check_query("election AND senate", IDS(SENATE), IDS(MAYOR, SCHOOL));
}
END_TEST

/* Lower case words are stemmed; a capitalised word is searched as it is. */
START_TEST(test_stemming)
{
	tu_run_t r;

	check_query("leaving", IDS(OPENAI, PARENTAL), NULL);
	check_query("leave", IDS(OPENAI, PARENTAL), NULL);
	r = search_json(tu_samples_index(), "Leaving");
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(json_total(r.out), 1);
	ck_assert_uint_eq(count_id(r.out, OPENAI), 1);
	ck_assert_uint_eq(count_id(r.out, PARENTAL), 0);
	tu_run_free(&r);
}
END_TEST

START_TEST(test_ranking)
{
	tu_run_t r = search_json(tu_samples_index(), "volcano");
	char *ids[MAX_IDS];
	int n = json_ids(r.out, ids);

	ck_assert_int_eq(r.status, 0);
	ck_assert_int_ge(n, 2);
	ck_assert_str_eq(ids[0], VOLCANO);
	ck_assert_uint_eq(count_id(r.out, AIRLINE), 1);
	ck_assert_ptr_nonnull(strstr(r.out, "{\"rank\":1,\"id\":\"" VOLCANO "\""));
	free_ids(ids, n);
	tu_run_free(&r);
}
END_TEST

START_TEST(test_fields)
{
	tu_run_t r = search_json(tu_samples_index(), "title:volcano");

	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(json_total(r.out), 1);
	ck_assert_uint_eq(count_id(r.out, VOLCANO), 1);
	tu_run_free(&r);
	check_query("author:okafor", IDS(SCHOOL, VOLCANO), NULL);
	check_query("author:\"Maria Okafor\"", IDS(SCHOOL, VOLCANO), NULL);
	/* the byline is not body text */
	r = search_json(tu_samples_index(), "okafor");
	ck_assert_uint_eq(count_id(r.out, SCHOOL), 0);
	ck_assert_uint_eq(count_id(r.out, VOLCANO), 0);
	tu_run_free(&r);
}
END_TEST

START_TEST(test_id)
{
	tu_run_t r = search_json(tu_samples_index(), "id:" VOLCANO);

	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(json_total(r.out), 1);
	ck_assert_uint_eq(count_id(r.out, VOLCANO), 1);
	tu_run_free(&r);
	r = search_json(tu_samples_index(), "id:" PARENTAL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(json_total(r.out), 1);
	ck_assert_uint_eq(count_id(r.out, PARENTAL), 1);
	tu_run_free(&r);
	r = search_json(tu_samples_index(), "id:no-such-article.txt");
	ck_assert_int_eq(r.status, 1);
	ck_assert_int_eq(json_total(r.out), 0);
	tu_run_free(&r);
}
END_TEST

/* Non-ASCII words and the Windows-1252 file, repaired at indexing. */
START_TEST(test_non_ascii)
{
	tu_run_t r = search_json(tu_samples_index(), "Z\xc3\xbcrich");

	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(json_total(r.out), 1);
	ck_assert_uint_eq(count_id(r.out, "zurich-tram-expansion-vote.txt"), 1);
	tu_run_free(&r);
	r = search_json(tu_samples_index(), "caf\xc3\xa9");
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(json_total(r.out), 1);
	ck_assert_uint_eq(count_id(r.out, "latin1-cafe-review.txt"), 1);
	ck_assert_ptr_nonnull(strstr(r.out, "\"title\":\"Caf\xc3\xa9 Lumi"));
	tu_run_free(&r);
}
END_TEST

/* Text output, not a terminal: matches in [brackets], no escapes. */
START_TEST(test_highlight_text)
{
	tu_run_t r = tu_search("--index", tu_samples_index(), "leave", NULL);

	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "[leave]"));
	ck_assert_ptr_nonnull(strstr(r.out, "[leaving]"));
	ck_assert_ptr_null(strchr(r.out, '\033'));
	tu_run_free(&r);
}
END_TEST

/* True if s matches the extended regular expression re. */
static bool
matches(const char *s, const char *re)
{
	regex_t rx;
	bool m;

	ck_assert_int_eq(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0);
	m = regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return m;
}

/* On a terminal the match is wrapped in ANSI escapes instead. */
START_TEST(test_highlight_tty)
{
	tu_run_t r = tu_search_tty(false, "--index", tu_samples_index(), "leave",
	                           NULL);

	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(matches(r.out, "\033\\[[0-9;]*mleave\033\\[[0-9;]*m"),
	              "no escapes around leave: %s", r.out);
	ck_assert_ptr_null(strstr(r.out, "[leave]"));
	tu_run_free(&r);
}
END_TEST

/* NO_COLOR on a terminal: brackets, no escapes at all. */
START_TEST(test_highlight_no_color)
{
	tu_run_t r = tu_search_tty(true, "--index", tu_samples_index(), "leave",
	                           NULL);

	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "[leave]"));
	ck_assert_ptr_null(strchr(r.out, '\033'));
	tu_run_free(&r);
	/* --color=always overrides the pipe */
	r = tu_search("--index", tu_samples_index(), "--color=always", "leave",
	              NULL);
	ck_assert(matches(r.out, "\033\\[[0-9;]*mleave\033\\[[0-9;]*m"));
	tu_run_free(&r);
}
END_TEST

static unsigned
hexval(const char *p)
{
	char h[5] = { p[0], p[1], p[2], p[3], '\0' };

	return (unsigned)strtoul(h, NULL, 16);
}

/* Decodes the JSON string starting after its opening quote at p into code
 * points (at most max); *end is set past the closing quote. Returns the
 * number of code points. */
static size_t
json_string_cps(const char *p, uint32_t *cps, size_t max, const char **end)
{
	size_t n = 0, k;
	uint32_t cp;

	while (*p != '"') {
		ck_assert(*p != '\0' && n < max);
		if (*p == '\\') {
			p++;
			switch (*p) {
			case 'n': cp = '\n'; break;
			case 't': cp = '\t'; break;
			case 'r': cp = '\r'; break;
			case 'b': cp = '\b'; break;
			case 'f': cp = '\f'; break;
			case 'u':
				cp = hexval(p + 1);
				p += 4;
				if (cp >= 0xD800 && cp < 0xDC00 && p[1] == '\\' &&
				    p[2] == 'u') {
					cp = 0x10000 + ((cp - 0xD800) << 10) +
					     (hexval(p + 3) - 0xDC00);
					p += 6;
				}
				break;
			default: cp = (unsigned char)*p; break;
			}
			p++;
		} else {
			k = bl_utf8_decode(p, strlen(p), &cp);
			ck_assert_uint_ne(k, 0);
			p += k;
		}
		cps[n++] = cp;
	}
	*end = p + 1;
	return n;
}

#define MAX_CPS 8192

/* For every hit of query: each highlight [start,end) of "highlights",
 * taken from "snippet" in code points, spells one of words (ASCII
 * case-insensitively), and every hit has at least one. Returns the number
 * of hits checked. */
static int
check_json_highlights(const char *index, const char *query,
                      const char *const *words)
{
	tu_run_t r = search_json(index, query);
	uint32_t *cps = malloc(MAX_CPS * sizeof *cps);
	const char *p = r.out;
	int hits = 0;

	ck_assert(cps != NULL);
	ck_assert_msg(r.status == 0, "%s: exit %d", query, r.status);
	while ((p = strstr(p, ",\"snippet\":\"")) != NULL) {
		size_t n = json_string_cps(p + 12, cps, MAX_CPS, &p), spans = 0;

		ck_assert_msg(strncmp(p, ",\"highlights\":[", 15) == 0,
		              "%s: no highlights after the snippet", query);
		p += 15;
		while (*p == '[' || *p == ',') {
			char *e;
			unsigned long a, b, i;
			bl_buf_t w;
			const char *const *ok;

			if (*p == ',')
				p++;
			ck_assert(*p == '[');
			a = strtoul(p + 1, &e, 10);
			ck_assert(*e == ',');
			b = strtoul(e + 1, &e, 10);
			ck_assert(*e == ']');
			p = e + 1;
			ck_assert_msg(a < b && b <= n, "%s: span [%lu,%lu) of %zu",
			              query, a, b, n);
			bl_buf_init(&w, 0);
			for (i = a; i < b; i++) {
				uint32_t c = cps[i];

				bl_utf8_put(&w, c < 0x80 && c >= 'A' && c <= 'Z' ?
				                c + 32 : c);
			}
			for (ok = words; *ok; ok++)
				if (strcmp(bl_buf_cstr(&w), *ok) == 0)
					break;
			ck_assert_msg(*ok != NULL, "%s: highlight spells \"%s\"",
			              query, bl_buf_cstr(&w));
			bl_buf_free(&w);
			spans++;
		}
		ck_assert(*p == ']');
		ck_assert_msg(spans > 0, "%s: hit %d has no highlight", query,
		              hits + 1);
		hits++;
	}
	free(cps);
	tu_run_free(&r);
	return hits;
}

START_TEST(test_highlight_json)
{
	tu_run_t r;

	ck_assert_int_ge(check_json_highlights(tu_samples_index(), "leave",
	                 IDS("leave", "leaving")), 2);
	ck_assert_int_eq(check_json_highlights(tu_samples_index(), "Leaving",
	                 IDS("leaving")), 1);
	ck_assert_int_ge(check_json_highlights(tu_samples_index(), "volcano",
	                 IDS("volcano")), 2);
	ck_assert_int_eq(check_json_highlights(tu_samples_index(),
	                 "\"climate change\"", IDS("climate change")), 1);
	ck_assert_int_eq(check_json_highlights(tu_samples_index(),
	                 "Z\xc3\xbcrich", IDS("z\xc3\xbcrich")), 1);
	ck_assert_int_eq(check_json_highlights(tu_samples_index(),
	                 "caf\xc3\xa9", IDS("caf\xc3\xa9")), 1);
	r = search_json(tu_samples_index(), "leave");
	ck_assert_ptr_nonnull(strstr(r.out, "<mark>leave</mark>"));
	ck_assert_ptr_nonnull(strstr(r.out, "<mark>leaving</mark>"));
	tu_run_free(&r);
	r = search_json(tu_samples_index(), "\"climate change\"");
	ck_assert_ptr_nonnull(strstr(r.out, "<mark>climate change</mark>"));
	tu_run_free(&r);
}
END_TEST

/* Queries that must come back as valid JSON, whatever they hold. */
static const char *const hostile[] = {
	"volcano", "\"climate change\"", "election NOT senate", "leaving",
	"<script>\"\\\x01", "<script>alert(1)</script>", "\x1b[31mred\x1b[0m",
	"caf\xe9", "\xff\xfe\xfd", "\xc3", "\xed\xa0\x80", "a\"b", "\\",
	"\t\x7f", "\xe2\x80\xa8\xe2\x80\xa9", "title:(", "\"unbalanced AND (",
	"(((", ")))", "NOT", "AND", "volcano OR", "*", "id:\"", "author:",
	"title:\"", "NEAR/3", "-volcano", "+", "\xf0\x9f\x8c\x8b volcano",
	"\\u0000", "&amp; <mark>",
};

START_TEST(test_json_valid)
{
	const char *q = hostile[_i];
	tu_run_t r = search_json(tu_samples_index(), q);

	ck_assert_msg(r.status == 0 || r.status == 1, "query %d: exit %d: %s",
	              _i, r.status, r.err);
	ck_assert_msg(tu_json_valid(r.out, strlen(r.out)),
	              "query %d: invalid JSON: %s", _i, r.out);
	tu_run_free(&r);
	/* the text form never echoes control characters */
	r = tu_search("--index", tu_samples_index(), "--", q, NULL);
	ck_assert_msg(r.status == 0 || r.status == 1, "query %d: exit %d", _i,
	              r.status);
	ck_assert_msg(strpbrk(r.out, "\x01\x1b\x7f") == NULL,
	              "query %d: control character in text output", _i);
	tu_run_free(&r);
}
END_TEST

START_TEST(test_json_query_echo)
{
	tu_run_t r = search_json(tu_samples_index(), "<script>\"\\\x01");

	ck_assert_ptr_nonnull(strstr(r.out,
	                             "{\"query\":\"<script>\\\"\\\\\\u0001\","));
	tu_run_free(&r);
}
END_TEST

/* An index of one article full of control characters and bad bytes, with
 * a NUL beyond the first 8 KiB (the indexer calls a file with a NUL in
 * its first 8 KiB binary). */
static char *
control_index(char **dir_out)
{
	static const char late[] = "Late X\0Y quagga \x1b[1m \xe2\x80\xa8.\n";
	char *dir = tu_mkdtemp(), *idx, *in;
	bl_buf_t b;
	tu_run_t r;
	int i;

	bl_buf_init(&b, 0);
	bl_buf_puts(&b, "Ctrl \x01 title \x1b[31mred zebra\n- Ann \x1b[2J\n"
	            "Body with \x01 and \x1b[31mred\x1b[0m zebra text, bad "
	            "\xff\xfe bytes, \xc3 and \x1b]0;evil\x07 zebra.\n");
	for (i = 0; i < 200; i++)
		bl_buf_printf(&b, "Filler line %d about nothing in particular.\n",
		              i);
	bl_buf_append(&b, late, sizeof late - 1);
	ck_assert(b.err == BL_OK && b.len > 8192 + sizeof late);
	free(tu_write(dir, "in/ctl.txt", b.data, b.len));
	bl_buf_free(&b);
	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	ck_assert(asprintf(&in, "%s/in", dir) > 0);
	r = tu_index("--quiet", "--index", idx, in, NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	free(in);
	*dir_out = dir;
	return idx;
}

/* Removes every occurrence of needle from s, in place. */
static void
strip(char *s, const char *needle)
{
	size_t n = strlen(needle);
	char *p;

	while ((p = strstr(s, needle)) != NULL)
		memmove(p, p + n, strlen(p + n) + 1);
}

START_TEST(test_control_article)
{
	static const char *const queries[] = {
		"zebra", "quagga", "title:zebra", "author:ann", "ctrl", "evil"
	};
	char *dir, *idx = control_index(&dir);
	size_t i;

	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		tu_run_t r = search_json(idx, queries[i]);

		ck_assert_msg(r.status == 0, "%s: exit %d", queries[i], r.status);
		ck_assert_msg(tu_json_valid(r.out, strlen(r.out)),
		              "%s: invalid JSON: %s", queries[i], r.out);
		ck_assert_uint_eq(count_id(r.out, "ctl.txt"), 1);
		tu_run_free(&r);
		/* not a terminal: no escape at all */
		r = tu_search("--index", idx, queries[i], NULL);
		ck_assert_int_eq(r.status, 0);
		ck_assert_msg(strpbrk(r.out, "\x01\x07\x1b") == NULL,
		              "%s: raw control character: %s", queries[i], r.out);
		tu_run_free(&r);
		/* a terminal: only the renderer's own escapes */
		r = tu_search_tty(false, "--index", idx, queries[i], NULL);
		ck_assert_int_eq(r.status, 0);
		ck_assert_ptr_nonnull(strchr(r.out, '\033'));
		strip(r.out, "\033[1;33m");
		strip(r.out, "\033[1m");
		strip(r.out, "\033[2m");
		strip(r.out, "\033[0m");
		ck_assert_msg(strpbrk(r.out, "\x01\x07\x1b") == NULL,
		              "%s: article's control character reached the "
		              "terminal: %s", queries[i], r.out);
		tu_run_free(&r);
	}
	tu_rmtree(dir);
	free(dir);
	free(idx);
}
END_TEST

START_TEST(test_exit_codes)
{
	char *dir = tu_mkdtemp(), *missing;
	tu_run_t r;

	r = tu_search("--index", tu_samples_index(), "volcano", NULL);
	ck_assert_int_eq(r.status, 0);
	tu_run_free(&r);
	r = tu_search("--index", tu_samples_index(), "xyzzyplugh", NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.out, "No results"));
	tu_run_free(&r);
	ck_assert(asprintf(&missing, "%s/no-index-here", dir) > 0);
	r = tu_search("--index", missing, "volcano", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, missing) != NULL, "stderr: %s", r.err);
	ck_assert_str_eq(r.out, "");
	tu_run_free(&r);
	r = tu_search("--index", tu_samples_index(), "--bogus", "volcano", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "--bogus"));
	tu_run_free(&r);
	r = tu_search("--index", tu_samples_index(), "--format", "xml",
	              "volcano", NULL);
	ck_assert_int_eq(r.status, 2);
	tu_run_free(&r);
	r = tu_search("--index", tu_samples_index(), NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "query"));
	tu_run_free(&r);
	r = tu_search("--index", tu_samples_index(), "--", NULL);
	ck_assert_int_eq(r.status, 2);
	tu_run_free(&r);
	r = tu_search("--help", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Usage: byline-search"));
	tu_run_free(&r);
	r = tu_search("--version", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strncmp(r.out, "byline-search ", 14) == 0);
	tu_run_free(&r);
	free(missing);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static const char *const bad_numbers[] = {
	"abc", "-1", "10001", "", "5x", " ", "99999999999999999999", "1e3",
};

START_TEST(test_bad_limit)
{
	tu_run_t r = tu_search("--index", tu_samples_index(), "--limit",
	                       bad_numbers[_i], "volcano", NULL);

	ck_assert_msg(r.status == 2, "--limit '%s': exit %d", bad_numbers[_i],
	              r.status);
	ck_assert_ptr_nonnull(strstr(r.err, "--limit"));
	ck_assert_str_eq(r.out, "");
	tu_run_free(&r);
	r = tu_search("--index", tu_samples_index(), "--offset",
	              bad_numbers[_i][0] == '1' ? "1000001" : bad_numbers[_i],
	              "volcano", NULL);
	ck_assert_msg(r.status == 2, "--offset '%s': exit %d", bad_numbers[_i],
	              r.status);
	tu_run_free(&r);
}
END_TEST

/* A query that does not parse is searched anyway: never a usage error. */
static const char *const syntax_errors[] = {
	"title:(", "\"unbalanced AND (", "volcano AND (", "(", ")", "AND",
	"OR OR", "NOT volcano", "election NOT", "author:(\"", "a NEAR",
};

START_TEST(test_syntax_errors)
{
	tu_run_t r = search_json(tu_samples_index(), syntax_errors[_i]);

	ck_assert_msg(r.status == 0 || r.status == 1, "\"%s\": exit %d: %s",
	              syntax_errors[_i], r.status, r.err);
	ck_assert(tu_json_valid(r.out, strlen(r.out)));
	tu_run_free(&r);
}
END_TEST

START_TEST(test_long_query)
{
	char *q = malloc(9001);
	tu_run_t r;

	ck_assert(q != NULL);
	memset(q, 'a', 9000);
	q[9000] = '\0';
	r = tu_search("--index", tu_samples_index(), q, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "longer"));
	tu_run_free(&r);
	free(q);
}
END_TEST

/* --limit/--offset pages through the same ranking. */
START_TEST(test_paging)
{
	char *all[MAX_IDS], *page[MAX_IDS], *want;
	tu_run_t r = search_json(tu_samples_index(), "election");
	int n = json_ids(r.out, all), k, m;
	char off[16];

	tu_run_free(&r);
	ck_assert_int_ge(n, 3);
	for (k = 0; k < n; k++) {
		snprintf(off, sizeof off, "%d", k);
		r = tu_search("--index", tu_samples_index(), "--format", "json",
		              "--limit", "1", "--offset", off, "election", NULL);
		ck_assert_int_eq(r.status, 0);
		m = json_ids(r.out, page);
		ck_assert_int_eq(m, 1);
		ck_assert_str_eq(page[0], all[k]);
		ck_assert(asprintf(&want, "{\"rank\":%d,\"id\":", k + 1) > 0);
		ck_assert_ptr_nonnull(strstr(r.out, want));
		ck_assert_ptr_nonnull(strstr(r.out, ",\"offset\":"));
		free(want);
		free_ids(page, m);
		tu_run_free(&r);
	}
	r = tu_search("--index", tu_samples_index(), "-n", "2", "-o", "1",
	              "election", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, " (2-3, "));
	ck_assert_ptr_nonnull(strstr(r.out, "\n  2. "));
	ck_assert_ptr_nonnull(strstr(r.out, "\n  3. "));
	ck_assert_ptr_null(strstr(r.out, "\n  1. "));
	tu_run_free(&r);
	/* past the end: nothing on the page, but the query did match */
	r = tu_search("--index", tu_samples_index(), "--format", "json",
	              "--offset", "1000", "election", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "\"hits\":[]"));
	ck_assert_int_eq(json_total(r.out), n);
	tu_run_free(&r);
	free_ids(all, n);
}
END_TEST

/* Runs a *_main with env.index set and a NULL-terminated argv. */
static tu_run_t
run_env(int searcher, const char *env_index, const char *const *args)
{
	char *argv[32];
	int argc = 0;
	tu_run_t r = { 0, NULL, NULL };
	size_t olen, elen;
	FILE *out = open_memstream(&r.out, &olen);
	FILE *err = open_memstream(&r.err, &elen);

	ck_assert(out && err);
	argv[argc++] = searcher ? "byline-search" : "byline-index";
	for (; *args && argc < 31; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	if (searcher) {
		searcher_env_t env = { .index = env_index };

		r.status = searcher_main(argc, argv, &env, out, err);
	} else {
		indexer_env_t env = { .index = env_index };

		r.status = indexer_main(argc, argv, &env, out, err);
	}
	fclose(out);
	fclose(err);
	return r;
}

static void
put(const char *dir, const char *name, const char *text)
{
	free(tu_write(dir, name, text, strlen(text)));
}

/* Three small articles in a fresh directory dir/in. */
static char *
small_corpus(const char *dir)
{
	char *in;

	ck_assert(asprintf(&in, "%s/in", dir) > 0);
	put(in, "one.txt", "Aardvark sighting\n- Ann\nA wombat and an "
	    "aardvark.\n");
	put(in, "two.txt", "Second story\nAbout a pangolin.\n");
	put(in, "sub/three.txt", "Third story\n- May 9, 2025\nAbout an "
	    "okapi.\n");
	return in;
}

static uint64_t
doc_count(const char *idx)
{
	bl_db_t *db = NULL;
	uint64_t n = 0;

	ck_assert_int_eq(bl_db_open(idx, BL_DB_READ, &db, NULL), BL_OK);
	ck_assert_int_eq(bl_db_doc_count(db, &n), BL_OK);
	bl_db_close(db);
	return n;
}

START_TEST(test_index_samples)
{
	char *dir = tu_mkdtemp(), *idx;
	tu_run_t r;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	r = tu_index("--index", idx, tu_samples_dir(), NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	/* samples/ holds four files with one malformed record each, on
	 * purpose: each is reported, none is a skipped file. */
	ck_assert_uint_eq(tu_count(r.err, ": record "), 4);
	ck_assert_uint_eq(tu_count(r.err, "\n"), 4);
	ck_assert_ptr_null(strstr(r.err, "skipped"));
	ck_assert(strncmp(r.out, "Indexed ", 8) == 0);
	ck_assert_ptr_nonnull(strstr(r.out, "; skipped 0; 4 record warnings.\n"));
	ck_assert_uint_eq(tu_count(r.out, "\n"), 1);
	tu_run_free(&r);
	ck_assert_uint_ge(doc_count(idx), 16);
	tu_rmtree(dir);
	free(dir);
	free(idx);
}
END_TEST

/* --verbose says how long each step after the files took, in order; a
 * quiet log (not a terminal, a short run) gets no other phase line. */
START_TEST(test_index_verbose_phases)
{
	char *dir = tu_mkdtemp(), *in = small_corpus(dir), *idx;
	static const char *const steps[] = {
		"byline-index: grouping near-duplicates: ",
		"byline-index: recording spelling data: ",
		"byline-index: merging 1 partial index: ",
		"byline-index: committing: ",
	};
	const char *at;
	tu_run_t r;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	r = tu_index("--verbose", "--index", idx, in, NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	at = r.err;
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		const char *s = strstr(at, steps[i]);

		ck_assert_msg(s != NULL, "no '%s' after the step before in:\n%s",
		              steps[i], r.err);
		at = s + strlen(steps[i]);
		ck_assert_msg(strspn(at, "0123456789.") > 0 &&
		              strncmp(at + strspn(at, "0123456789."), " s\n", 3) == 0,
		              "%s: no duration", steps[i]);
	}
	ck_assert_ptr_null(strstr(r.err, "...\n"));
	tu_run_free(&r);
	r = tu_index("--force", "--index", idx, in, NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	ck_assert_str_eq(r.err, "");
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(idx);
}
END_TEST

START_TEST(test_index_summary)
{
	char *dir = tu_mkdtemp(), *in = small_corpus(dir), *idx;
	tu_run_t r;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	r = tu_index("--index", idx, in, NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	ck_assert_msg(strncmp(r.out, "Indexed 3 articles from 3 files ", 32) == 0,
	              "summary: %s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "; skipped 0.\n"));
	tu_run_free(&r);
	r = tu_index("--quiet", "--index", idx, in, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(idx);
}
END_TEST

/* The line of err that names path; "" if none. Borrowed from a static
 * buffer. */
static const char *
line_naming(const char *err, const char *path)
{
	static char line[4096];
	const char *p = strstr(err, path), *start, *end;

	if (p == NULL)
		return "";
	for (start = p; start > err && start[-1] != '\n'; start--)
		;
	end = strchr(p, '\n');
	if (end == NULL)
		end = p + strlen(p);
	snprintf(line, sizeof line, "%.*s", (int)(end - start), start);
	return line;
}

/* Reads a whole file into a malloc'd buffer. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	*len = (size_t)ftell(f);
	rewind(f);
	s = malloc(*len + 1);
	ck_assert(s != NULL && fread(s, 1, *len, f) == *len);
	fclose(f);
	return s;
}

/* Bad files are skipped and named, the rest indexed, exit 1. */
START_TEST(test_index_bad_files)
{
	static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0binary";
	static const char nul[] = "Looks like text\nuntil a NUL\0 byte.\n";
	static const char noise[] = "\x01\x02\x03\x04\x05\x06 no NUL \x0e\x0f";
	char *dir = tu_mkdtemp(), *in = small_corpus(dir), *idx, *gz, *sample;
	char *bin, *nulf, *noisef, *empty, *trunc;
	size_t len;
	tu_run_t r;
	const char *line;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	bin = tu_write(in, "prog", elf, sizeof elf);
	nulf = tu_write(in, "nul.txt", nul, sizeof nul - 1);
	noisef = tu_write(in, "noise.dat", noise, sizeof noise - 1);
	empty = tu_write(in, "empty.txt", "", 0);
	ck_assert(asprintf(&sample, "%s/%s", tu_samples_dir(), PARENTAL) > 0);
	gz = slurp(sample, &len);
	ck_assert_uint_gt(len, 100);
	trunc = tu_write(in, "trunc.txt.gz", gz, len / 2);
	r = tu_index("--index", idx, in, NULL);
	ck_assert_msg(r.status == 1, "exit %d: %s", r.status, r.err);
	line = line_naming(r.err, bin);
	ck_assert_msg(strstr(line, "binary") != NULL, "binary: %s", r.err);
	line = line_naming(r.err, nulf);
	ck_assert_msg(strstr(line, "binary") != NULL, "NUL: %s", r.err);
	line = line_naming(r.err, noisef);
	ck_assert_msg(strstr(line, "binary") != NULL, "control: %s", r.err);
	line = line_naming(r.err, empty);
	ck_assert_msg(strstr(line, "empty") != NULL, "empty: %s", r.err);
	line = line_naming(r.err, trunc);
	ck_assert_msg(strstr(line, "gzip") != NULL, "truncated: %s", r.err);
	ck_assert_uint_eq(tu_count(r.err, "\n"), 5);
	ck_assert_msg(strncmp(r.out, "Indexed 3 articles from 8 files ", 32) == 0,
	              "summary: %s", r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "skipped 5 "));
	tu_run_free(&r);
	ck_assert_uint_eq(doc_count(idx), 3);
	free(gz);
	free(sample);
	free(bin);
	free(nulf);
	free(noisef);
	free(empty);
	free(trunc);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(idx);
}
END_TEST

START_TEST(test_index_errors)
{
	char *dir = tu_mkdtemp(), *idx, *missing;
	tu_run_t r;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	ck_assert(asprintf(&missing, "%s/no-such-dir", dir) > 0);
	r = tu_index("--index", idx, NULL);
	ck_assert_int_eq(r.status, 2);
	tu_run_free(&r);
	r = tu_index("--index", idx, "--bogus", tu_samples_dir(), NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "--bogus"));
	tu_run_free(&r);
	r = tu_index("--index", idx, "--batch=0", tu_samples_dir(), NULL);
	ck_assert_int_eq(r.status, 2);
	tu_run_free(&r);
	r = tu_index("--index", idx, "--language", "klingon", tu_samples_dir(),
	             NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "klingon"));
	tu_run_free(&r);
	r = tu_index("--index", idx, missing, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, missing));
	tu_run_free(&r);
	r = tu_index("--help", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Usage: byline-index"));
	tu_run_free(&r);
	free(missing);
	tu_rmtree(dir);
	free(dir);
	free(idx);
}
END_TEST

/* --map and --exclude take 32 each; the 33rd is a usage error naming
 * the option and the limit, with nothing indexed. */
START_TEST(test_index_too_many)
{
	static const char *const want[] = { "--map: at most 32",
	                                    "--exclude: at most 32" };
	char *dir = tu_mkdtemp(), *idx, *argv[40], words[33][32];
	indexer_env_t env = { .index = NULL };
	tu_run_t r = { 0, NULL, NULL };
	size_t olen, elen;
	FILE *out, *err;
	int argc = 0;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	argv[argc++] = "byline-index";
	argv[argc++] = "--index";
	argv[argc++] = idx;
	for (int i = 0; i < 33; i++) {
		if (_i == 0)
			snprintf(words[i], sizeof words[i], "--map=k%d=title", i);
		else
			snprintf(words[i], sizeof words[i], "--exclude=*.x%d", i);
		argv[argc++] = words[i];
	}
	argv[argc++] = (char *)tu_samples_dir();
	argv[argc] = NULL;
	out = open_memstream(&r.out, &olen);
	err = open_memstream(&r.err, &elen);
	ck_assert(out && err);
	r.status = indexer_main(argc, argv, &env, out, err);
	fclose(out);
	fclose(err);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, want[_i]) != NULL, "stderr: %s", r.err);
	ck_assert_int_ne(access(idx, F_OK), 0);
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(idx);
}
END_TEST

/* Indexing the same files again replaces their documents. */
START_TEST(test_reindex)
{
	char *dir = tu_mkdtemp(), *in = small_corpus(dir), *idx;
	tu_run_t r;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	r = tu_index("--quiet", "--index", idx, in, NULL);
	ck_assert_int_eq(r.status, 0);
	tu_run_free(&r);
	ck_assert_uint_eq(doc_count(idx), 3);
	r = search_json(idx, "aardvark");
	ck_assert_int_eq(json_total(r.out), 1);
	tu_run_free(&r);
	r = tu_index("--quiet", "--index", idx, in, NULL);
	ck_assert_int_eq(r.status, 0);
	tu_run_free(&r);
	ck_assert_uint_eq(doc_count(idx), 3);
	r = search_json(idx, "aardvark");
	ck_assert_int_eq(json_total(r.out), 1);
	tu_run_free(&r);
	/* a changed file replaces its old text */
	put(in, "two.txt", "Second story\nAbout a tapir.\n");
	r = tu_index("--quiet", "--index", idx, in, NULL);
	ck_assert_int_eq(r.status, 0);
	tu_run_free(&r);
	ck_assert_uint_eq(doc_count(idx), 3);
	r = search_json(idx, "pangolin");
	ck_assert_int_eq(r.status, 1);
	tu_run_free(&r);
	r = search_json(idx, "tapir");
	ck_assert_int_eq(json_total(r.out), 1);
	ck_assert_uint_eq(count_id(r.out, "two.txt"), 1);
	tu_run_free(&r);
	r = search_json(idx, "okapi");
	ck_assert_uint_eq(count_id(r.out, "sub/three.txt"), 1);
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(idx);
}
END_TEST

/* The stemming language is stored with the index and cannot change. */
START_TEST(test_language)
{
	char *dir = tu_mkdtemp(), *in = small_corpus(dir), *idx, *lang = NULL;
	bl_db_t *db = NULL;
	tu_run_t r;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	r = tu_index("--quiet", "--language", "french", "--index", idx, in, NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	ck_assert_int_eq(bl_db_open(idx, BL_DB_READ, &db, NULL), BL_OK);
	ck_assert_int_eq(bl_db_get_metadata(db, BL_META_LANGUAGE, &lang), BL_OK);
	ck_assert_str_eq(lang, "french");
	ck_assert_str_eq(bl_db_language(db), "french");
	free(lang);
	bl_db_close(db);
	r = tu_index("--quiet", "--language", "german", "--index", idx, in, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "french"));
	tu_run_free(&r);
	/* without --language the index keeps its own */
	r = tu_index("--quiet", "--index", idx, in, NULL);
	ck_assert_int_eq(r.status, 0);
	tu_run_free(&r);
	ck_assert_int_eq(bl_db_open(idx, BL_DB_READ, &db, NULL), BL_OK);
	ck_assert_str_eq(bl_db_language(db), "french");
	bl_db_close(db);
	r = search_json(idx, "pangolin");
	ck_assert_int_eq(r.status, 0);
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(idx);
}
END_TEST

/* The ids of query's hits in idx, space-separated after a space, in
 * rank order (malloc'd). */
static char *
hit_ids(const char *idx, const char *query)
{
	tu_run_t r = search_json(idx, query);
	char *ids[MAX_IDS], *all = strdup("");
	int n;

	n = json_ids(r.out, ids);
	ck_assert_msg(r.status == (n ? 0 : 1), "%s: exit %d: %s", query,
	              r.status, r.err);
	for (int i = 0; i < n; i++) {
		char *more;

		ck_assert(asprintf(&more, "%s %s", all, ids[i]) > 0);
		free(all);
		all = more;
	}
	free_ids(ids, n);
	tu_run_free(&r);
	return all;
}

static void
assert_hits(const char *idx, const char *query, const char *want)
{
	char *got = hit_ids(idx, query);

	ck_assert_msg(strcmp(got, want) == 0, "%s: hits '%s', want '%s'", query,
	              got, want);
	free(got);
}

/* --terms=stems: a capitalised word and a quoted phrase match every
 * form of their words (with words and stems, only the forms written);
 * the index keeps its choice on later runs, refuses the other one
 * without --force, and --force rebuilds it as asked. */
START_TEST(test_terms_stems)
{
	char *dir = tu_mkdtemp(), *idx;
	bl_db_t *db = NULL;
	char *v = NULL;
	tu_run_t r;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	assert_hits(tu_samples_index(), "Leaving", " " OPENAI);
	assert_hits(tu_samples_index(), "\"parental leaving\"", "");
	r = tu_index("--quiet", "--terms=stems", "--index", idx,
	             tu_samples_dir(), NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	assert_hits(idx, "\"parental leaving\"", " " PARENTAL);
	assert_hits(idx, "\"will leaving\"", " " OPENAI);
	{
		char *got = hit_ids(idx, "Leaving");

		ck_assert_msg(strstr(got, OPENAI) && strstr(got, PARENTAL),
		              "Leaving: %s", got);
		free(got);
	}
	assert_hits(idx, "\"climate change\"", " " CLIMATE);
	/* --like picks the article's telling words, here stems */
	r = tu_search("--index", idx, "--format", "json", "--like", CLIMATE,
	              NULL);
	ck_assert_msg(r.status == 0 && json_total(r.out) > 0, "--like: %d %s",
	              r.status, r.out);
	tu_run_free(&r);
	ck_assert_int_eq(bl_db_open(idx, BL_DB_READ, &db, NULL), BL_OK);
	ck_assert_int_eq(bl_db_terms(db), BL_TERMS_STEMS);
	ck_assert_int_eq(bl_db_get_metadata(db, BL_META_SCHEMA, &v), BL_OK);
	ck_assert_str_eq(v, "3");
	free(v);
	bl_db_close(db);
	r = tu_search("--index", idx, "--info", NULL);
	ck_assert_ptr_nonnull(strstr(r.out, "\nTerms:      stems only\n"));
	tu_run_free(&r);

	/* A later run keeps stems; words need a rebuild. */
	r = tu_index("--quiet", "--index", idx, tu_samples_dir(), NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	assert_hits(idx, "\"parental leaving\"", " " PARENTAL);
	r = tu_index("--quiet", "--terms=words", "--index", idx,
	             tu_samples_dir(), NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "holds stems only") != NULL, "%s", r.err);
	tu_run_free(&r);
	r = tu_index("--quiet", "--terms=both", "--index", idx,
	             tu_samples_dir(), NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "--terms: 'both'") != NULL, "%s", r.err);
	tu_run_free(&r);
	r = tu_index("--quiet", "--force", "--terms=words", "--index", idx,
	             tu_samples_dir(), NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	assert_hits(idx, "Leaving", " " OPENAI);
	assert_hits(idx, "\"parental leaving\"", "");
	r = tu_search("--index", idx, "--info", NULL);
	ck_assert_ptr_nonnull(strstr(r.out, "\nTerms:      words and stems\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "\nSchema:     4\n"));
	tu_run_free(&r);
	r = tu_index("--quiet", "--force", "--terms=stems", "--language=none",
	             "--index", idx, tu_samples_dir(), NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "--terms=stems needs a stemming language")
	              != NULL, "%s", r.err);
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(idx);
}
END_TEST

/* An update of an index of stems (not a full build) indexes stems too. */
START_TEST(test_terms_stems_update)
{
	char *dir = tu_mkdtemp(), *in = small_corpus(dir), *idx;
	tu_run_t r;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	r = tu_index("--quiet", "--terms=stems", "--index", idx, in, NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	put(in, "four.txt", "Leave policy\nParents leaving work early.\n");
	r = tu_index("--quiet", "--index", idx, in, NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	ck_assert_uint_eq(doc_count(idx), 4);
	r = search_json(idx, "\"parent leave\"");
	ck_assert_msg(r.status == 0 && json_total(r.out) == 1, "%d %s",
	              r.status, r.out);
	ck_assert_uint_eq(count_id(r.out, "four.txt"), 1);
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(idx);
}
END_TEST

/* A shard set whose members were indexed differently is refused, naming
 * the member that differs from the first: queries are parsed once for
 * all of them. */
START_TEST(test_shards_built_alike)
{
	char *dir = tu_mkdtemp(), *in = small_corpus(dir), *idx[3], *stub;
	static const char *const how[3][2] = {
		{ "--terms=words", "--language=english" },
		{ "--terms=stems", "--language=english" },
		{ "--terms=words", "--language=french" },
	};
	tu_run_t r;

	for (int i = 0; i < 3; i++) {
		ck_assert(asprintf(&idx[i], "%s/idx%d", dir, i) > 0);
		r = tu_index("--quiet", how[i][0], how[i][1], "--index", idx[i], in,
		             NULL);
		ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
		tu_run_free(&r);
	}
	ck_assert(asprintf(&stub, "%s/set", dir) > 0);
	for (int i = 1; i < 3; i++) {
		char *text, *want;

		ck_assert(asprintf(&text, "auto idx0\nauto idx%d\n", i) > 0);
		put(dir, "set", text);
		r = tu_search("--index", stub, "okapi", NULL);
		ck_assert_int_eq(r.status, 2);
		ck_assert(asprintf(&want, "shard 'auto idx%d' is in %s", i,
		                   i == 1 ? "english with stems only" :
		                            "french with words and stems") > 0);
		ck_assert_msg(strstr(r.err, want) != NULL, "%s", r.err);
		ck_assert_ptr_nonnull(strstr(r.err, "shard 'auto idx0' is in "
		                             "english with words and stems"));
		tu_run_free(&r);
		free(want);
		free(text);
	}
	put(dir, "set", "auto idx0\nauto idx0\n");
	r = tu_search("--index", stub, "okapi", NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	for (int i = 0; i < 3; i++)
		free(idx[i]);
	free(stub);
	tu_rmtree(dir);
	free(dir);
	free(in);
}
END_TEST

/* The stem terms in idx of term (Z + stem). */
static uint64_t
freq_in(const char *idx, const char *term)
{
	bl_db_t *db = NULL;
	uint64_t n = 0;

	ck_assert_int_eq(bl_db_open(idx, BL_DB_READ, &db, NULL), BL_OK);
	ck_assert_int_eq(bl_db_term_freq(db, term, &n), BL_OK);
	bl_db_close(db);
	return n;
}

/* An index of the layout before own stems (schema 2) keeps it when
 * updated, says so in --info with what a rebuild gains, and --force
 * rebuilds it as schema 4. */
START_TEST(test_older_layout)
{
	char *dir = tu_mkdtemp(), *in = small_corpus(dir), *idx;
	bl_db_t *db = NULL;
	tu_run_t r;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	r = tu_index("--quiet", "--index", idx, in, NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	/* Made to look older: only what is written next is read below. */
	ck_assert_int_eq(bl_db_open(idx, BL_DB_WRITE, &db, NULL), BL_OK);
	ck_assert_int_eq(bl_db_set_metadata(db, BL_META_SCHEMA, "2"), BL_OK);
	ck_assert_int_eq(bl_db_commit(db), BL_OK);
	bl_db_close(db);
	put(in, "four.txt", "Fourth story\nA zanzibar ferry.\n");
	r = tu_index("--quiet", "--index", idx, in, NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	ck_assert_uint_eq(freq_in(idx, "zanzibar"), 1);
	ck_assert_uint_eq(freq_in(idx, "Zzanzibar"), 1);
	r = tu_search("--index", idx, "--info", NULL);
	ck_assert_msg(strstr(r.out, "\nSchema:     2 (an older layout: "
	                     "'byline-index --force' rebuilds it smaller") != NULL,
	              "%s", r.out);
	tu_run_free(&r);
	r = tu_index("--quiet", "--force", "--index", idx, in, NULL);
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	ck_assert_uint_eq(freq_in(idx, "zanzibar"), 1);
	ck_assert_uint_eq(freq_in(idx, "Zzanzibar"), 0);
	r = tu_search("--index", idx, "--info", NULL);
	ck_assert_msg(strstr(r.out, "\nSchema:     4\n") != NULL, "%s", r.out);
	tu_run_free(&r);
	r = tu_search("--index", idx, "zanzibar", NULL);
	ck_assert_msg(r.status == 0 && strstr(r.out, "four.txt") != NULL,
	              "exit %d: %s", r.status, r.out);
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(idx);
}
END_TEST

/* $BYLINE_INDEX, passed down as env.index, is used when --index is
 * absent; --index wins over it. */
START_TEST(test_env_index)
{
	char *dir = tu_mkdtemp(), *in = small_corpus(dir), *idx, *missing;
	tu_run_t r;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	ck_assert(asprintf(&missing, "%s/missing", dir) > 0);
	r = run_env(0, idx, IDS("--quiet", in));
	ck_assert_msg(r.status == 0, "exit %d: %s", r.status, r.err);
	tu_run_free(&r);
	ck_assert_uint_eq(doc_count(idx), 3);
	r = run_env(1, idx, IDS("--format", "json", "okapi"));
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(count_id(r.out, "sub/three.txt"), 1);
	tu_run_free(&r);
	r = run_env(1, missing, IDS("--index", idx, "okapi"));
	ck_assert_int_eq(r.status, 0);
	tu_run_free(&r);
	r = run_env(1, idx, IDS("--index", missing, "okapi"));
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, missing));
	tu_run_free(&r);
	r = run_env(1, missing, IDS("okapi"));
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, missing));
	tu_run_free(&r);
	free(missing);
	tu_rmtree(dir);
	free(dir);
	free(in);
	free(idx);
}
END_TEST

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* An unchecked fixture runs in the parent process, so the samples index is
 * built once, before Check forks, and every case reuses it. (Calling it
 * from main() before srunner_run_all() cannot work: its ck_asserts need
 * the messaging Check sets up there.) */
static void
samples_setup(void)
{
	tu_samples_index();
}

/* Adds tc to s, with the samples index and two minutes a test. */
static void
add_case(Suite *s, TCase *tc)
{
	tcase_add_unchecked_fixture(tc, samples_setup, NULL);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
}

static Suite *
e2e_suite(void)
{
	Suite *s = suite_create("e2e");
	TCase *query = tcase_create("query");
	TCase *highlight = tcase_create("highlight");
	TCase *json = tcase_create("json");
	TCase *errors = tcase_create("errors");
	TCase *indexer = tcase_create("indexer");

	tcase_add_test(query, test_phrase);
	tcase_add_test(query, test_words);
	tcase_add_test(query, test_boolean);
	tcase_add_test(query, test_stemming);
	tcase_add_test(query, test_ranking);
	tcase_add_test(query, test_fields);
	tcase_add_test(query, test_id);
	tcase_add_test(query, test_non_ascii);
	tcase_add_test(query, test_paging);
	add_case(s, query);
	tcase_add_test(highlight, test_highlight_text);
	tcase_add_test(highlight, test_highlight_tty);
	tcase_add_test(highlight, test_highlight_no_color);
	tcase_add_test(highlight, test_highlight_json);
	add_case(s, highlight);
	tcase_add_loop_test(json, test_json_valid, 0, COUNT(hostile));
	tcase_add_test(json, test_json_query_echo);
	tcase_add_test(json, test_control_article);
	add_case(s, json);
	tcase_add_test(errors, test_exit_codes);
	tcase_add_loop_test(errors, test_bad_limit, 0, COUNT(bad_numbers));
	tcase_add_loop_test(errors, test_syntax_errors, 0, COUNT(syntax_errors));
	tcase_add_test(errors, test_long_query);
	tcase_add_loop_test(errors, test_index_too_many, 0, 2);
	add_case(s, errors);
	tcase_add_test(indexer, test_index_samples);
	tcase_add_test(indexer, test_index_verbose_phases);
	tcase_add_test(indexer, test_index_summary);
	tcase_add_test(indexer, test_index_bad_files);
	tcase_add_test(indexer, test_index_errors);
	tcase_add_test(indexer, test_reindex);
	tcase_add_test(indexer, test_language);
	tcase_add_test(indexer, test_terms_stems);
	tcase_add_test(indexer, test_terms_stems_update);
	tcase_add_test(indexer, test_shards_built_alike);
	tcase_add_test(indexer, test_older_layout);
	tcase_add_test(indexer, test_env_index);
	add_case(s, indexer);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(e2e_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
