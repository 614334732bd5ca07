/* test_format_jsonl.c - Check suite for the JSON Lines reader: key names, the JSON parser's edge cases, malformed lines, key mappings, arrays, caps, detection. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bl_buf.h"
#include "format.h"
#include "format_capture.h"

/* Reads len bytes of a file "dump/news.jsonl" with the key mappings map
 * (NULL: none) into g. */
static bl_status_t
read_map(const char *text, size_t len, const format_map_t *map, fc_got_t *g)
{
	format_input_t in = { .text = text, .len = len, .path = "dump/news.jsonl",
	                      .id = "news.jsonl", .map = map };

	return fc_run(format_jsonl_read, &in, g);
}

static bl_status_t
read_text(const char *text, size_t len, fc_got_t *g)
{
	return read_map(text, len, NULL, g);
}

static size_t
count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/* Expected instants from python3 calendar.timegm. */
#define T_0807 INT64_C(1722988800)      /* 2024-08-07T00:00:00Z */
#define T_0807_1643 INT64_C(1723048980) /* 2024-08-07T16:43:00Z */

static const format_map_t user_map[] = {
	{ "uid", "id" }, { "HeadLine_Text", "title" }, { "story", "body" },
	{ "when", "date" }, { "writer", "author" }, { "outlet", "source" },
	{ "permalink", "url" }, { "kw", "category" }, { "where", "places" },
	{ "lang_code", "language" }, { "text", "ignore" }, { "junk", "nonsense" },
	{ NULL, NULL },
};

static const format_map_t swap_map[] = {
	{ "title", "body" }, { "summary", "title" }, { NULL, NULL },
};

static const struct {
	const char *name;
	const char *in;
	const format_map_t *map;
	size_t n;               /* articles emitted */
	const char *warns;      /* record (line) numbers warned about */
	size_t at;              /* the article checked */
	const char *id, *title, *author, *source, *url, *language, *body;
	const char *categories, *places;
	bool has_date;
	int64_t date;
} cases[] = {
	{ "the first key names",
	  "{\"id\":\"a1\",\"title\":\"T\",\"text\":\"B\",\"date\":\"2024-08-07T16:43:00Z\","
	  "\"author\":\"Ann\",\"source\":\"S\",\"url\":\"http://u/1\",\"category\":\"c1\","
	  "\"places\":[\"p1\",\"p2\"],\"language\":\"en\"}\n",
	  NULL, 1, "", 0, "a1", "T", "Ann", "S", "http://u/1", "en", "B", "c1", "p1|p2",
	  true, T_0807_1643 },
	{ "the second key names",
	  "{\"headline\":\"H\",\"body\":\"line 1\\nline 2\",\"publishedAt\":\"Wed, 07 Aug 2024 16:43:00 +0000\","
	  "\"authors\":[\"Ann\",\"Bo\"],\"publication\":\"P\",\"link\":\"http://u/2\","
	  "\"tags\":[\"t1\",\"t2\"],\"locations\":[\"l1\"],\"lang\":\"de\"}\n",
	  NULL, 1, "", 0, "http://u/2", "H", "Ann, Bo", "P", "http://u/2", "de",
	  "line 1\nline 2", "t1|t2", "l1", true, T_0807_1643 },
	{ "the other key names",
	  "{\"title\":\"t\",\"content\":\"c\",\"pubDate\":\"2024-08-07\",\"byline\":\"By\","
	  "\"section\":\"S\",\"categories\":[\"C\"]}\n"
	  "{\"title\":\"t\",\"article\":\"a\",\"published_at\":\"2024-08-07\"}\n"
	  "{\"title\":\"t\",\"text\":\"x\",\"created_at\":\"2024-08-07T16:43:00Z\"}\n",
	  NULL, 3, "", 0, "news.jsonl#1", "t", "By", NULL, NULL, NULL, "c", "S|C", "",
	  true, T_0807 },
	{ "published_at and article",
	  "{\"title\":\"t\",\"content\":\"c\"}\n{\"title\":\"t\",\"article\":\"a\",\"published_at\":\"2024-08-07\"}\n",
	  NULL, 2, "", 1, "news.jsonl#2", "t", NULL, NULL, NULL, NULL, "a", "", "", true, T_0807 },
	{ "created_at",
	  "{\"title\":\"t\",\"created_at\":\"2024-08-07T16:43:00Z\"}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "", "", true, T_0807_1643 },
	{ "text wins over body, content and article, in any order",
	  "{\"article\":\"4\",\"content\":\"3\",\"body\":\"2\",\"text\":\"1\"}\n",
	  NULL, 1, "", 0, "news.jsonl#1", NULL, NULL, NULL, NULL, NULL, "1", "", "", false, 0 },
	{ "body wins over content",
	  "{\"content\":\"3\",\"body\":\"2\"}\n",
	  NULL, 1, "", 0, "news.jsonl#1", NULL, NULL, NULL, NULL, NULL, "2", "", "", false, 0 },
	{ "title wins over headline",
	  "{\"headline\":\"H\",\"title\":\"T\"}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "T", NULL, NULL, NULL, NULL, NULL, "", "", false, 0 },
	{ "an empty or null value yields to the next key",
	  "{\"title\":\"  \",\"headline\":\"H\",\"text\":null,\"body\":\"B\",\"author\":[]}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "H", NULL, NULL, NULL, NULL, "B", "", "", false, 0 },
	{ "the first key wins over a duplicate",
	  "{\"text\":\"first\",\"text\":\"second\"}\n",
	  NULL, 1, "", 0, "news.jsonl#1", NULL, NULL, NULL, NULL, NULL, "first", "", "", false, 0 },
	{ "a date that does not parse yields to the next key",
	  "{\"title\":\"t\",\"date\":\"soon\",\"published\":\"2024-08-07\"}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "", "", true, T_0807 },
	{ "a date that does not parse",
	  "{\"title\":\"t\",\"date\":\"2024\"}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "", "", false, 0 },
	{ "Unix seconds",
	  "{\"title\":\"t\",\"date\":1722988800}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "", "", true, T_0807 },
	{ "Unix milliseconds",
	  "{\"title\":\"t\",\"date\":1722988800000}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "", "", true, T_0807 },
	{ "fractional seconds",
	  "{\"title\":\"t\",\"date\":1722988800.9}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "", "", true, T_0807 },
	{ "an exponent",
	  "{\"title\":\"t\",\"date\":17229888E2}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "", "", true, T_0807 },
	{ "negative seconds round towards the past",
	  "{\"title\":\"t\",\"date\":-1.5}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "", "", true, INT64_C(-2) },
	{ "1e11 is still seconds",
	  "{\"title\":\"t\",\"date\":1e11}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "", "", true,
	  INT64_C(100000000000) },
	{ "a number beyond year 9999 is no date",
	  "{\"title\":\"t\",\"date\":1e20}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "", "", false, 0 },
	{ "authors as objects with names",
	  "{\"title\":\"t\",\"authors\":[{\"name\":\"Ann Lee\",\"id\":1},\"Bo Ray\",{\"x\":\"no\"},[\"nested\"],"
	  "{\"name\":{\"deep\":\"no\"}},null,{\"name\":\"Cy\"}]}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", "Ann Lee, Bo Ray, Cy", NULL, NULL, NULL, NULL, "", "",
	  false, 0 },
	{ "a source object",
	  "{\"title\":\"t\",\"source\":{\"id\":\"dp\",\"name\":\"Daily Planet\"}}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, "Daily Planet", NULL, NULL, NULL, "", "", false, 0 },
	{ "a numeric id",
	  "{\"id\":42,\"title\":\"t\",\"url\":\"http://u\"}\n",
	  NULL, 1, "", 0, "42", "t", NULL, NULL, "http://u", NULL, NULL, "", "", false, 0 },
	{ "a numeric id as written",
	  "{\"id\":-1.5e3,\"title\":\"t\"}\n",
	  NULL, 1, "", 0, "-1.5e3", "t", NULL, NULL, NULL, NULL, NULL, "", "", false, 0 },
	{ "a null or empty id falls back to the url",
	  "{\"id\":null,\"title\":\"t\",\"link\":\"http://u/3\"}\n{\"id\":\"\",\"title\":\"t\",\"url\":\"http://u/4\"}\n",
	  NULL, 2, "", 1, "http://u/4", "t", NULL, NULL, "http://u/4", NULL, NULL, "", "", false, 0 },
	{ "without id or url, the file and line",
	  "\n{\"title\":\"one\"}\n\n\n{\"title\":\"t\"}\n",
	  NULL, 2, "", 1, "news.jsonl#5", "t", NULL, NULL, NULL, NULL, NULL, "", "", false, 0 },
	{ "categories from every key, once each",
	  "{\"title\":\"t\",\"category\":\"World\",\"section\":\"world\",\"tags\":[\"Tech\",\"World\",1,true],"
	  "\"categories\":\"Sport\",\"places\":\"Oslo\",\"locations\":[\"Bergen\",\"oslo\"]}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "World|Tech|1|Sport",
	  "Oslo|Bergen", false, 0 },
	{ "keys ignore case",
	  "{\"TITLE\":\"t\",\"PublishedAT\":\"2024-08-07\"}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "t", NULL, NULL, NULL, NULL, NULL, "", "", true, T_0807 },
	{ "no title or text: a warning, the other lines index",
	  "{\"title\":\"a\"}\n{\"id\":\"x\",\"summary\":\"s\"}\n{}\n{\"text\":\"c\"}\n",
	  NULL, 2, "2,3", 1, "news.jsonl#4", NULL, NULL, NULL, NULL, NULL, "c", "", "", false, 0 },
	{ "CRLF line ends and a byte order mark",
	  "\xEF\xBB\xBF{\"title\":\"a\"}\r\n{\"title\":\"b\",\"text\":\"x\\r\\ny\"}\r\n",
	  NULL, 2, "", 1, "news.jsonl#2", "b", NULL, NULL, NULL, NULL, "x\r\ny", "", "", false, 0 },
	{ "invalid UTF-8 is repaired",
	  "{\"title\":\"S\xE9" "ance\"}\n",
	  NULL, 1, "", 0, "news.jsonl#1", "S\xC3\xA9" "ance", NULL, NULL, NULL, NULL, NULL, "", "", false, 0 },
	{ "a user mapping",
	  "{\"uid\":\"u-9\",\"HEADLINE_TEXT\":\"Mapped\",\"story\":\"S\",\"text\":\"ignored\",\"when\":\"2024-08-07\","
	  "\"writer\":\"W\",\"outlet\":\"O\",\"permalink\":\"http://p\",\"kw\":[\"k1\",\"k2\"],"
	  "\"where\":\"Here\",\"lang_code\":\"fr\",\"junk\":\"j\"}\n",
	  user_map, 1, "", 0, "u-9", "Mapped", "W", "O", "http://p", "fr", "S", "k1|k2", "Here",
	  true, T_0807 },
	{ "a user mapping wins over the defaults",
	  "{\"text\":\"T\",\"content\":\"C\",\"story\":\"S\"}\n{\"text\":\"T\",\"content\":\"C\"}\n",
	  user_map, 2, "", 1, "news.jsonl#2", NULL, NULL, NULL, NULL, NULL, "C", "", "", false, 0 },
	{ "a user mapping of a default key",
	  "{\"title\":\"the long text\",\"summary\":\"short\"}\n",
	  swap_map, 1, "", 0, "news.jsonl#1", "short", NULL, NULL, NULL, NULL, "the long text", "", "",
	  false, 0 },
	{ "an array of objects",
	  " [ {\"title\":\"a\"},\n  {\"title\":\"b\", \"text\": \"multi\\nline\"}\n ] \n",
	  NULL, 2, "", 1, "news.jsonl#2", "b", NULL, NULL, NULL, NULL, "multi\nline", "", "", false, 0 },
	{ "an empty array",
	  "[\n]\n",
	  NULL, 0, "", 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 0 },
	{ "an array with a scalar element stops there",
	  "[{\"title\":\"a\"}, 5, {\"title\":\"c\"}]",
	  NULL, 1, "2", 0, "news.jsonl#1", "a", NULL, NULL, NULL, NULL, NULL, "", "", false, 0 },
	{ "an array without its end",
	  "[{\"title\":\"a\"},\n{\"title\":\"b\"}\n",
	  NULL, 2, "3", 1, "news.jsonl#2", "b", NULL, NULL, NULL, NULL, NULL, "", "", false, 0 },
	{ "an array missing a comma",
	  "[{\"title\":\"a\"} {\"title\":\"b\"}]",
	  NULL, 1, "2", 0, "news.jsonl#1", "a", NULL, NULL, NULL, NULL, NULL, "", "", false, 0 },
	{ "an array element without title or text",
	  "[{\"title\":\"a\"},{\"id\":\"x\"},{\"text\":\"c\"}]",
	  NULL, 2, "2", 1, "news.jsonl#3", NULL, NULL, NULL, NULL, NULL, "c", "", "", false, 0 },
	{ "nothing but blank lines",
	  "\n  \n\t\n",
	  NULL, 0, "", 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 0 },
};

START_TEST(test_cases)
{
	fc_got_t g = { 0 };
	const char *name = cases[_i].name;
	const fc_article_t *a;

	ck_assert_int_eq(read_map(cases[_i].in, strlen(cases[_i].in), cases[_i].map, &g), BL_OK);
	fc_check_got(name, &g, cases[_i].n, cases[_i].warns);
	if (g.n == 0) {
		fc_free(&g);
		return;
	}
	a = &g.a[cases[_i].at];
	fc_check_str(name, "id", a->id, cases[_i].id);
	fc_check_str(name, "path", a->path, "dump/news.jsonl");
	fc_check_str(name, "title", a->title, cases[_i].title);
	fc_check_str(name, "author", a->author, cases[_i].author);
	fc_check_str(name, "source", a->source, cases[_i].source);
	fc_check_str(name, "url", a->url, cases[_i].url);
	fc_check_str(name, "language", a->language, cases[_i].language);
	fc_check_str(name, "body", a->body, cases[_i].body);
	fc_check_str(name, "categories", a->categories, cases[_i].categories);
	fc_check_str(name, "places", a->places, cases[_i].places);
	fc_check_date(name, a, cases[_i].has_date, cases[_i].date);
	fc_free(&g);
}
END_TEST

/* Strings and values the parser must accept; body is the decoded "text". */
static const struct {
	const char *line;
	const char *body;
} good_json[] = {
	{ "{\"text\":\"a\\\"b\\\\c\\/d\\te\\nf\"}", "a\"b\\c/d\te\nf" },
	{ "{\"text\":\"\\u00e9\\u20AC\"}", "\xC3\xA9\xE2\x82\xAC" },
	{ "{\"text\":\"\\ud83d\\ude00\"}", "\xF0\x9F\x98\x80" },
	{ "{\"text\":\"\\uD83D\\uDE00\"}", "\xF0\x9F\x98\x80" },
	{ "{\"text\":\"x\\ud800y\"}", "x\xEF\xBF\xBDy" },
	{ "{\"text\":\"x\\udc00y\"}", "x\xEF\xBF\xBDy" },
	{ "{\"text\":\"x\\ud800\\u0041y\"}", "x\xEF\xBF\xBD" "Ay" },
	{ "{\"text\":\"x\\ud800\\\\y\"}", "x\xEF\xBF\xBD\\y" },
	{ "{\"text\":\"x\\ud800\"}", "x\xEF\xBF\xBD" },
	{ "{\"text\":\"a\\u0000b\\u0007c\\bd\\fe\"}", "a b c d e" },
	{ "{\"text\":\"caf\xC3\xA8s \xE2\x82\xAC\"}", "caf\xC3\xA8s \xE2\x82\xAC" },
	{ "{\"text\":\"n\",\"a\":[0,-0,1.5,-1.5e-3,1E+2,2e-400,1e400,"
	  "123456789012345678901234567890]}", "n" },
	{ "{\"text\":\"l\",\"a\":true,\"b\":false,\"c\":null,\"d\":{},\"e\":[],\"f\":[{}]}", "l" },
	{ " \t{ \"text\" : \"w\" , \"x\" : [ 1 , { \"y\" : [ ] } ] } \t\r", "w" },
	{ "{\"\":1,\"text\":\"e\"}", "e" },
};

/* Lines the parser must refuse, with the warning they give. */
static const struct {
	const char *line;
	const char *what;
} bad_json[] = {
	{ "{\"text\":\"x\\q\"}", "invalid escape in a string" },
	{ "{\"text\":\"x\\x41\"}", "invalid escape in a string" },
	{ "{\"text\":\"x\\u12G4\"}", "invalid \\u escape" },
	{ "{\"text\":\"x\\u12\"}", "invalid \\u escape" },
	{ "{\"text\":\"x\\ud800\\u12G4\"}", "invalid \\u escape" },
	{ "{\"text\":\"raw\ttab\"}", "control character in a string" },
	{ "{\"text\":\"unterminated}", "unterminated string" },
	{ "{\"text\":\"x\\", "unterminated string" },
	{ "{\"text\":\"x\"", "unexpected end of input" },
	{ "{\"text\":", "unexpected end of input" },
	{ "{", "expected a member name" },
	{ "{\"text\":\"x\",}", "expected a member name" },
	{ "{text:\"x\"}", "expected a member name" },
	{ "{'text':'x'}", "expected a member name" },
	{ "{\"text\" \"x\"}", "expected ':'" },
	{ "{\"text\":\"x\" \"y\":1}", "expected ',' or '}'" },
	{ "{\"text\":01}", "expected ',' or '}'" },
	{ "{\"text\":1.}", "invalid number" },
	{ "{\"text\":-}", "invalid number" },
	{ "{\"text\":.5}", "invalid number" },
	{ "{\"text\":1e}", "invalid number" },
	{ "{\"text\":+1}", "invalid number" },
	{ "{\"a\":[1,,2],\"text\":\"x\"}", "invalid number" },
	{ "{\"a\":[1,2},\"text\":\"x\"}", "expected ',' or ']'" },
	{ "{\"text\":tru}", "invalid value" },
	{ "{\"text\":nul}", "invalid value" },
	{ "{\"text\":\"x\"} {}", "text after the object" },
	{ "{\"text\":\"x\"},", "text after the object" },
	{ "[1]", "not a JSON object" },
	{ "\"just a string\"", "not a JSON object" },
	{ "just text", "not a JSON object" },
};

/* Each line comes second, between two good lines that must index. */
static void
read_between(const char *line, size_t len, fc_got_t *g)
{
	static const char a[] = "{\"title\":\"before\"}\n", z[] = "\n{\"title\":\"after\"}\n";
	char *in = malloc(sizeof a - 1 + len + sizeof z - 1);

	ck_assert(in != NULL);
	memcpy(in, a, sizeof a - 1);
	memcpy(in + sizeof a - 1, line, len);
	memcpy(in + sizeof a - 1 + len, z, sizeof z - 1);
	ck_assert_int_eq(read_text(in, sizeof a - 1 + len + sizeof z - 1, g), BL_OK);
	free(in);
}

START_TEST(test_good_json)
{
	fc_got_t g = { 0 };

	read_between(good_json[_i].line, strlen(good_json[_i].line), &g);
	ck_assert_msg(g.nwarn == 0, "%s: %s", good_json[_i].line, g.warn[0].what);
	ck_assert_uint_eq(g.n, 3);
	fc_check_str(good_json[_i].line, "body", g.a[1].body, good_json[_i].body);
	ck_assert_str_eq(g.a[2].title, "after");
	fc_free(&g);
}
END_TEST

START_TEST(test_bad_json)
{
	fc_got_t g = { 0 };

	read_between(bad_json[_i].line, strlen(bad_json[_i].line), &g);
	ck_assert_msg(g.nwarn == 1, "%s: %zu warnings", bad_json[_i].line, g.nwarn);
	ck_assert_uint_eq(g.warn[0].record, 2);
	fc_check_str(bad_json[_i].line, "warning", g.warn[0].what, bad_json[_i].what);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_str_eq(g.a[0].title, "before");
	ck_assert_str_eq(g.a[1].title, "after");
	fc_free(&g);
}
END_TEST

/* Containers nest up to 64 deep, the line's object included: arrays and
 * objects alternate in the member's value. */
START_TEST(test_nesting)
{
	char line[1024], *p;
	fc_got_t g = { 0 };
	int depth, i;

	for (depth = 63; depth <= 64; depth++) {
		p = line + sprintf(line, "{\"text\":\"d\",\"x\":");
		for (i = 0; i < depth; i++)
			p += sprintf(p, i % 2 ? "{\"k\":" : "[");
		p += sprintf(p, "0");
		for (i = depth - 1; i >= 0; i--)
			*p++ = i % 2 ? '}' : ']';
		*p++ = '}';
		*p = '\0';
		read_between(line, strlen(line), &g);
		if (depth == 63) {
			ck_assert_msg(g.nwarn == 0, "depth 64: %s", g.warn[0].what);
			ck_assert_uint_eq(g.n, 3);
		} else {
			ck_assert_uint_eq(g.nwarn, 1);
			ck_assert_str_eq(g.warn[0].what, "nested too deeply");
			ck_assert_uint_eq(g.n, 2);
		}
		fc_free(&g);
	}
}
END_TEST

/* A NUL byte inside a string is a control character; the line after it
 * still indexes. */
START_TEST(test_nul_byte)
{
	static const char line[] = "{\"text\":\"a\0b\"}";
	fc_got_t g = { 0 };

	read_between(line, sizeof line - 1, &g);
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_str_eq(g.warn[0].what, "control character in a string");
	ck_assert_uint_eq(g.n, 2);
	fc_free(&g);
}
END_TEST

/* At most 256 values of one member are kept. */
START_TEST(test_many_values)
{
	char *in = malloc(8192), *p = in;
	fc_got_t g = { 0 };
	int i;

	ck_assert(in != NULL);
	p += sprintf(p, "{\"title\":\"t\",\"tags\":[");
	for (i = 0; i < 300; i++)
		p += sprintf(p, "%s\"t%d\"", i ? "," : "", i);
	p += sprintf(p, "]}\n");
	ck_assert_int_eq(read_text(in, (size_t)(p - in), &g), BL_OK);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_uint_eq(g.nwarn, 0);
	ck_assert_uint_eq(count_char(g.a[0].categories, '|'), 255);
	ck_assert_ptr_nonnull(strstr(g.a[0].categories, "|t255"));
	ck_assert_ptr_null(strstr(g.a[0].categories, "|t256"));
	fc_free(&g);
	free(in);
}
END_TEST

START_TEST(test_field_known)
{
	static const char *const yes[] = { "id", "title", "body", "date", "author",
		"source", "url", "category", "categories", "place", "places",
		"language", "ignore", "Title", "BODY" };
	static const char *const no[] = { "", "bogus", "headline", "titles", "tag" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		ck_assert_msg(format_jsonl_field_known(yes[i]), "%s", yes[i]);
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		ck_assert_msg(!format_jsonl_field_known(no[i]), "%s", no[i]);
	ck_assert(!format_jsonl_field_known(NULL));
}
END_TEST

START_TEST(test_emit_error)
{
	static const char in[] = "{\"title\":\"a\"}\n{\"title\":\"b\"}\n{\"title\":\"c\"}\n";
	static const char arr[] = "[{\"title\":\"a\"},{\"title\":\"b\"},{\"title\":\"c\"}]";
	fc_got_t g = { 0 };

	g.fail_at = 2;
	g.fail_with = BL_ERR_INTERNAL;
	ck_assert_int_eq(read_text(in, sizeof in - 1, &g), BL_ERR_INTERNAL);
	ck_assert_uint_eq(g.n, 1);
	fc_free(&g);
	g.fail_at = 2;
	g.fail_with = BL_ERR_INTERNAL;
	ck_assert_int_eq(read_text(arr, sizeof arr - 1, &g), BL_ERR_INTERNAL);
	ck_assert_uint_eq(g.n, 1);
	fc_free(&g);
}
END_TEST

/* Builds lines: {"title":"a"}, then {"text":"xxx..."} of exactly len
 * bytes, then {"title":"z"}. */
static char *
long_line(size_t len, size_t *total)
{
	static const char a[] = "{\"title\":\"a\"}\n", z[] = "\n{\"title\":\"z\"}\n";
	static const char open[] = "{\"text\":\"", close[] = "\"}";
	char *in;

	*total = sizeof a - 1 + len + sizeof z - 1;
	in = malloc(*total);
	ck_assert(in != NULL);
	memcpy(in, a, sizeof a - 1);
	memcpy(in + sizeof a - 1, open, sizeof open - 1);
	memset(in + sizeof a - 1 + sizeof open - 1, 'x', len - (sizeof open - 1) - (sizeof close - 1));
	memcpy(in + sizeof a - 1 + len - (sizeof close - 1), close, sizeof close - 1);
	memcpy(in + sizeof a - 1 + len, z, sizeof z - 1);
	return in;
}

START_TEST(test_line_cap)
{
	size_t total;
	char *in = long_line(FORMAT_MAX_LINE + 1, &total);
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_text(in, total, &g), BL_OK);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_uint_eq(g.warn[0].record, 2);
	ck_assert_str_eq(g.warn[0].what, "line longer than the line cap");
	ck_assert_str_eq(g.a[1].title, "z");
	fc_free(&g);
	free(in);
}
END_TEST

START_TEST(test_line_at_cap)
{
	size_t total;
	char *in = long_line(FORMAT_MAX_LINE, &total);
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_text(in, total, &g), BL_OK);
	ck_assert_uint_eq(g.nwarn, 0);
	ck_assert_uint_eq(g.n, 3);
	ck_assert_uint_eq(strlen(g.a[1].body), FORMAT_MAX_LINE - 11);
	fc_free(&g);
	free(in);
}
END_TEST

/* In an array, an element above the record cap is skipped; the next one
 * indexes. */
START_TEST(test_record_cap)
{
	static const char a[] = "[{\"title\":\"big\",\"text\":\"", z[] = "\"},{\"title\":\"z\"}]";
	size_t len;
	char *in = fc_padded(a, 'x', FORMAT_MAX_RECORD + 1, z, &len);
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_text(in, len, &g), BL_OK);
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_uint_eq(g.warn[0].record, 1);
	ck_assert_str_eq(g.warn[0].what, "record larger than the record cap");
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.a[0].title, "z");
	fc_free(&g);
	free(in);
}
END_TEST

static const struct {
	const char *in;
	const char *path;
	int want;
} detect_cases[] = {
	{ "{\"title\":\"a\"}\n{\"title\":\"b\"}\n", "news", 85 },
	{ "{\"title\":\"a\"}\n", "news.jsonl", 90 },
	{ "{\"title\":\"a\"}\n", "news.NDJSON", 90 },
	{ "{\"title\":\"a\"}\n", "news.json.gz", 90 },
	{ "{\"title\":\"a\"}", NULL, 85 },
	{ "\n\n  {\"title\":\"a\"}  \r\nnot json", "news", 85 },
	{ "\xEF\xBB\xBF{}\n", "news", 85 },
	{ "[\n  {\"title\":\"a\"}", "news.json", 90 },
	{ "[1, 2]", "news.json", 0 },
	{ "[]", "news.json", 0 },
	{ "{\"title\":\n\"a\"}\n", "news.json", 0 },
	{ "{\"title\":\"a\"} x\n", "news.jsonl", 0 },
	{ "{\"title\" \"a\"}\n", "news.jsonl", 0 },
	{ "Headline {\"a\":1}\n- Someone\nBody.\n", "news.jsonl", 0 },
	{ "<DOC>\n<DOCNO>A</DOCNO>\n", "news.jsonl", 0 },
	{ "", "news.jsonl", 0 },
};

START_TEST(test_detect)
{
	fc_check_detect(format_jsonl_detect, detect_cases[_i].in,
	                detect_cases[_i].path, detect_cases[_i].want);
}
END_TEST

START_TEST(test_choose)
{
	static const char in[] = "{\"title\":\"a\",\"text\":\"b\"}\n";
	const format_reader_t *r = format_choose(in, sizeof in - 1, "x.jsonl", NULL);

	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->name, "jsonl");
	ck_assert_ptr_eq(format_choose(NULL, 0, NULL, "jsonl"), r);
	ck_assert_int_eq(format_jsonl_detect(NULL, 0, "x.jsonl"), 0);
}
END_TEST

/* A first line over FORMAT_MAX_LINE does not make the file another
 * format: the next line decides, or, when there is none, the name; the
 * reader then warns about the long line and reads the rest. */
START_TEST(test_detect_long_first_line)
{
	static const char head[] = "{\"title\": \"Long\", \"text\": \"";
	static const char tail[] = "\"}\n{\"title\": \"Short\", \"text\": \"kept\"}\n";
	size_t n = sizeof head - 1 + FORMAT_MAX_LINE + sizeof tail - 1;
	char *in = malloc(n);
	size_t first = n - (sizeof tail - 1) + 2;   /* the long line, with "} */
	fc_got_t g = { 0 };
	format_input_t fin = { 0 };

	ck_assert_ptr_nonnull(in);
	memcpy(in, head, sizeof head - 1);
	memset(in + sizeof head - 1, 'w', FORMAT_MAX_LINE);
	memcpy(in + n - (sizeof tail - 1), tail, sizeof tail - 1);
	ck_assert_int_eq(format_jsonl_detect(in, n, "x.jsonl"), 90);
	ck_assert_int_eq(format_jsonl_detect(in, n, "x.txt"), 85);
	ck_assert_str_eq(format_choose(in, n, "x.txt", NULL)->name, "jsonl");
	ck_assert_int_eq(format_jsonl_detect(in, first, "x.jsonl"), 90);
	ck_assert_int_eq(format_jsonl_detect(in, first, "x.txt"), 0);
	ck_assert_int_eq(format_jsonl_detect(in, first, NULL), 0);
	fin.text = in;
	fin.len = n;
	fin.path = fin.id = "x.jsonl";
	ck_assert_int_eq(fc_run(format_jsonl_read, &fin, &g), BL_OK);
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_uint_eq(g.warn[0].record, 1);
	ck_assert_str_eq(g.warn[0].what, "line longer than the line cap");
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.a[0].title, "Short");
	fc_free(&g);
	free(in);
}
END_TEST

/* samples/jsonl/newsroom-export.jsonl: four articles under different key
 * names, and a malformed third line. */
START_TEST(test_sample)
{
	const char *path = BYLINE_SAMPLES_DIR "/jsonl/newsroom-export.jsonl";
	bl_buf_t b;
	fc_got_t g = { 0 };

	ck_assert_int_eq(fc_run_file(format_jsonl_read, path, "newsroom-export.jsonl",
	                             &g, &b), BL_OK);
	ck_assert_int_eq(format_jsonl_detect(b.data, b.len, path), 90);
	ck_assert_str_eq(format_choose(b.data, b.len, path, NULL)->name, "jsonl");
	bl_buf_free(&b);
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_uint_eq(g.warn[0].record, 3);
	ck_assert_str_eq(g.warn[0].what, "unterminated string");
	ck_assert_uint_eq(g.n, 4);
	ck_assert_str_eq(g.a[0].id, "nx-101");
	ck_assert_str_eq(g.a[0].title, "Tidal turbine array off Orkney passes a year without a fault");
	ck_assert_str_eq(g.a[0].author, "Fiona Rendall, Kwame Asante");
	ck_assert_str_eq(g.a[0].source, "Tidewire");
	ck_assert_str_eq(g.a[0].categories, "energy|marine");
	ck_assert_int_eq(g.a[0].date, INT64_C(1717402500));	/* 2024-06-03T08:15:00Z */
	ck_assert_str_eq(g.a[1].id, "102");
	ck_assert_int_eq(g.a[1].date, INT64_C(1717747200));	/* 2024-06-07T08:00:00Z */
	ck_assert_str_eq(g.a[1].categories, "Culture");
	ck_assert_str_eq(g.a[2].id, "https://example.org/science/moss-survey");
	ck_assert_str_eq(g.a[2].author, "Sven Ek\xC3\xB6");
	ck_assert_str_eq(g.a[2].places, "Dalarna");
	ck_assert_int_eq(g.a[2].date, INT64_C(1718114400));	/* 2024-06-11T14:00:00Z */
	ck_assert_str_eq(g.a[3].id, "newsroom-export.jsonl#5");
	ck_assert_str_eq(g.a[3].author, "Paula Nyg\xC3\xA5rd, Tomasz Wr\xC3\xB3" "bel");
	ck_assert_str_eq(g.a[3].language, "sv");
	ck_assert_int_eq(g.a[3].date, INT64_C(1718000000));	/* 2024-06-10T06:13:20Z */
	fc_free(&g);
}
END_TEST

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

static Suite *
jsonl_suite(void)
{
	Suite *s = suite_create("format_jsonl");
	TCase *core = tcase_create("core");
	TCase *json = tcase_create("json");
	TCase *errors = tcase_create("errors");
	TCase *limits = tcase_create("limits");
	TCase *detect = tcase_create("detect");
	TCase *files = tcase_create("files");

	tcase_add_loop_test(core, test_cases, 0, COUNT(cases));
	tcase_add_test(core, test_field_known);
	suite_add_tcase(s, core);
	tcase_add_loop_test(json, test_good_json, 0, COUNT(good_json));
	tcase_add_loop_test(json, test_bad_json, 0, COUNT(bad_json));
	tcase_add_test(json, test_nesting);
	tcase_add_test(json, test_nul_byte);
	suite_add_tcase(s, json);
	tcase_add_test(errors, test_emit_error);
	suite_add_tcase(s, errors);
	tcase_add_test(limits, test_many_values);
	tcase_add_test(limits, test_line_cap);
	tcase_add_test(limits, test_line_at_cap);
	tcase_add_test(limits, test_record_cap);
	tcase_set_timeout(limits, 60);
	suite_add_tcase(s, limits);
	tcase_add_loop_test(detect, test_detect, 0, COUNT(detect_cases));
	tcase_add_test(detect, test_choose);
	tcase_add_test(detect, test_detect_long_first_line);
	suite_add_tcase(s, detect);
	tcase_add_test(files, test_sample);
	suite_add_tcase(s, files);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(jsonl_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
