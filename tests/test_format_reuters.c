/* test_format_reuters.c - Check suite for the Reuters-21578 SGML reader: fields, entities, resynchronisation, caps, detection, the corpus. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bl_file.h"
#include "format.h"
#include "format_capture.h"

/* Reads len bytes of a file "wire/reut.sgm" into g. */
static bl_status_t
read_text(const char *text, size_t len, fc_got_t *g)
{
	format_input_t in = { .text = text, .len = len,
	                      .path = "wire/reut.sgm", .id = "reut.sgm" };

	return fc_run(format_reuters_read, &in, g);
}

#define HEAD "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
#define OPEN(id) "<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"1\" NEWID=\"" id "\">\n"
#define LISTS "<TOPICS></TOPICS>\n<PLACES></PLACES>\n<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n<COMPANIES></COMPANIES>\n"
#define SIMPLE(id, title) OPEN(id) "<DATE> 3-MAR-1987 09:15:05.40</DATE>\n" LISTS \
	"<TEXT>&#2;\n<TITLE>" title "</TITLE>\n<BODY>Text of " id ".\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"

/* Expected instants from python3 calendar.timegm. */
#define T_0303 INT64_C(541761305)     /* 1987-03-03T09:15:05Z */
#define T_0327 INT64_C(543801779)     /* 1987-03-27T00:02:59Z */
#define T_0409 INT64_C(544924800)     /* 1987-04-09T00:00:00Z */
#define T_0331 INT64_C(544147200)     /* 1987-03-31T00:00:00Z */

static const struct {
	const char *name;
	const char *in;
	size_t n;               /* articles emitted */
	const char *warns;      /* record numbers warned about, "2,4" */
	size_t at;              /* the article checked */
	const char *id, *title, *author, *body, *categories, *places;
	bool has_date;
	int64_t date;
} cases[] = {
	{ "every field",
	  HEAD OPEN("7") "<DATE> 3-MAR-1987 09:15:05.40</DATE>\n"
	  "<TOPICS><D>coffee</D><D>cocoa</D></TOPICS>\n"
	  "<PLACES><D>brazil</D><D>usa</D></PLACES>\n"
	  "<PEOPLE><D>someone</D></PEOPLE>\n<ORGS><D>ico-coffee</D></ORGS>\n"
	  "<EXCHANGES><D>nyse</D></EXCHANGES>\n<COMPANIES></COMPANIES>\n"
	  "<UNKNOWN> \n&#5;&#5;&#5;C T\n&#22;&#22;&#1;f0704&#31;reute\n</UNKNOWN>\n"
	  "<TEXT>&#2;\n<TITLE>ACME &lt;ACM> BUYS BEANS &amp; MORE</TITLE>\n"
	  "<AUTHOR>    By Jane Roe, Reuters</AUTHOR>\n"
	  "<DATELINE>    SANTOS, March 3 - </DATELINE><BODY>Acme Corp &lt;ACM> said\n"
	  "it bought beans for 5&#127;dlrs.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n",
	  1, "", 0, "7", "ACME <ACM> BUYS BEANS & MORE", "Jane Roe",
	  "SANTOS, March 3 - Acme Corp <ACM> said\nit bought beans for 5 dlrs.\n Reuter",
	  "coffee|cocoa", "brazil|usa", true, T_0303 },
	{ "brief: the text outside the title is the body",
	  OPEN("30") "<DATE>27-MAR-1987 00:02:59.13</DATE>\n" LISTS
	  "<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>RATES HOLD STEADY IN LATEST WEEK\n"
	  "</TITLE>Short item.\n&#3;\n\n</TEXT>\n</REUTERS>\n",
	  1, "", 0, "30", "RATES HOLD STEADY IN LATEST WEEK", NULL,
	  "******Short item.", "", "", true, T_0327 },
	{ "unproc: no title, the whole text",
	  OPEN("31") "<DATE>27-MAR-1987 00:02:59.13</DATE>\n" LISTS
	  "<TEXT TYPE=\"UNPROC\">&#2;\nWEEKLY TABLE - MAR 27\n M-1......736.7 up 2.1\n"
	  " a &lt; b &amp; c\n&#3;\n\n</TEXT>\n</REUTERS>\n",
	  1, "", 0, "31", NULL, NULL,
	  "WEEKLY TABLE - MAR 27\n M-1......736.7 up 2.1\n a < b & c", "", "",
	  true, T_0327 },
	{ "an empty record is still a document",
	  OPEN("12793") "<DATE> 3-APR-1987 07:09:06.48</DATE>\n" LISTS
	  "<TEXT TYPE=\"UNPROC\">&#2;\n&#3;\n\n</TEXT>\n</REUTERS>\n",
	  1, "", 0, "12793", NULL, NULL, NULL, "", "", true, INT64_C(544432146) },
	{ "no NEWID: the file's id and the record number",
	  SIMPLE("1", "ONE") "<REUTERS TOPICS=\"NO\">\n<TEXT><TITLE>TWO</TITLE></TEXT></REUTERS>\n",
	  2, "", 1, "reut.sgm#2", "TWO", NULL, NULL, "", "", false, 0 },
	{ "a record without its end tag does not swallow the next",
	  HEAD SIMPLE("1", "ONE") OPEN("2") "<DATE>3-MAR-1987 09:15:05.40</DATE>\n"
	  "<TEXT><TITLE>TWO</TITLE><BODY>lost</BODY></TEXT>\n" SIMPLE("3", "THREE"),
	  2, "2", 1, "3", "THREE", NULL, "Text of 3.\n Reuter", "", "", true, T_0303 },
	{ "the last record without its end tag",
	  SIMPLE("1", "ONE") SIMPLE("2", "TWO") OPEN("3") "<TEXT><TITLE>THREE</TITLE>",
	  2, "3", 1, "2", "TWO", NULL, "Text of 2.\n Reuter", "", "", true, T_0303 },
	{ "a damaged record, then a stray end tag",
	  SIMPLE("1", "ONE") OPEN("2") "<TEXT>a" OPEN("3") "<TEXT>b</TEXT>\n"
	  "</REUTERS>\n</REUTERS>\n" SIMPLE("4", "FOUR"),
	  3, "2", 2, "4", "FOUR", NULL, "Text of 4.\n Reuter", "", "", true, T_0303 },
	{ "a date followed by wire codes",
	  OPEN("5") "<DATE>27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM</DATE>\n</REUTERS>",
	  1, "", 0, "5", NULL, NULL, NULL, "", "", true, T_0327 },
	{ "a date followed by a comment",
	  OPEN("5") "<DATE>9-APR-1987 00:00:00.00    # date added as guesswork </DATE>\n</REUTERS>",
	  1, "", 0, "5", NULL, NULL, NULL, "", "", true, T_0409 },
	{ "a damaged time keeps the day",
	  OPEN("5") "<DATE>31-MAR-1987 605:12:19.12</DATE>\n</REUTERS>",
	  1, "", 0, "5", NULL, NULL, NULL, "", "", true, T_0331 },
	{ "no date",
	  OPEN("5") "<DATE>soon</DATE><TEXT><DATELINE>X, March 3 - </DATELINE>"
	  "<BODY>b</BODY></TEXT></REUTERS>",
	  1, "", 0, "5", NULL, NULL, "X, March 3 - b", "", "", false, 0 },
	{ "DATELINE is not DATE",
	  OPEN("5") "<TEXT><DATELINE>3-MAR-1987 09:15:05.40</DATELINE></TEXT></REUTERS>",
	  1, "", 0, "5", NULL, NULL, "3-MAR-1987 09:15:05.40", "", "", false, 0 },
	{ "author in lower case, Reuter",
	  OPEN("6") "<TEXT><AUTHOR>    by Ann Lee, Reuter</AUTHOR><BODY>b</BODY></TEXT></REUTERS>",
	  1, "", 0, "6", NULL, "Ann Lee", "b", "", "", false, 0 },
	{ "author ending in Reuters.",
	  OPEN("6") "<TEXT><AUTHOR>     BY ANN LEE, REUTERS.</AUTHOR></TEXT></REUTERS>",
	  1, "", 0, "6", NULL, "ANN LEE", NULL, "", "", false, 0 },
	{ "author without By or Reuters",
	  OPEN("6") "<TEXT><AUTHOR>Ann Lee</AUTHOR></TEXT></REUTERS>",
	  1, "", 0, "6", NULL, "Ann Lee", NULL, "", "", false, 0 },
	{ "a repeated topic counts once",
	  OPEN("8") "<TOPICS><D>gold</D><D>silver</D><D>gold</D></TOPICS>"
	  "<PLACES><D>peru</D></PLACES></REUTERS>",
	  1, "", 0, "8", NULL, NULL, NULL, "gold|silver", "peru", false, 0 },
	{ "entities in list items",
	  OPEN("8") "<TOPICS><D>a&amp;b</D><D>&#2;c</D></TOPICS></REUTERS>",
	  1, "", 0, "8", NULL, NULL, NULL, "a&b|c", "", false, 0 },
	{ "title and author never repeat in a body-less text",
	  OPEN("9") "<TEXT TYPE=\"BRIEF\"><TITLE>HEAD</TITLE><AUTHOR>By X Y</AUTHOR>rest</TEXT></REUTERS>",
	  1, "", 0, "9", "HEAD", "X Y", "rest", "", "", false, 0 },
	{ "stray '<' in text",
	  OPEN("9") "<TEXT TYPE=\"UNPROC\">1 < 2 <and> 3</TEXT></REUTERS>",
	  1, "", 0, "9", NULL, NULL, "1 < 2 <and> 3", "", "", false, 0 },
	{ "REUTERSX is not a record",
	  "<REUTERSX NEWID=\"1\"></REUTERSX>" SIMPLE("2", "TWO"),
	  1, "", 0, "2", "TWO", NULL, "Text of 2.\n Reuter", "", "", true, T_0303 },
	{ "no record at all",
	  HEAD "nothing here\n",
	  0, "", 0, NULL, NULL, NULL, NULL, NULL, NULL, false, 0 },
};

START_TEST(test_cases)
{
	fc_got_t g = { 0 };
	const char *name = cases[_i].name;
	const fc_article_t *a;

	ck_assert_int_eq(read_text(cases[_i].in, strlen(cases[_i].in), &g), BL_OK);
	fc_check_got(name, &g, cases[_i].n, cases[_i].warns);
	if (g.n == 0) {
		fc_free(&g);
		return;
	}
	a = &g.a[cases[_i].at];
	fc_check_str(name, "id", a->id, cases[_i].id);
	fc_check_str(name, "path", a->path, "wire/reut.sgm");
	fc_check_str(name, "title", a->title, cases[_i].title);
	fc_check_str(name, "author", a->author, cases[_i].author);
	fc_check_str(name, "source", a->source, "Reuters");
	fc_check_str(name, "body", a->body, cases[_i].body);
	fc_check_str(name, "categories", a->categories, cases[_i].categories);
	fc_check_str(name, "places", a->places, cases[_i].places);
	fc_check_date(name, a, cases[_i].has_date, cases[_i].date);
	fc_free(&g);
}
END_TEST

/* The warning names the problem. */
START_TEST(test_warning_text)
{
	static const char in[] = SIMPLE("1", "ONE") OPEN("2") "<TEXT>" SIMPLE("3", "THREE");
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_text(in, sizeof in - 1, &g), BL_OK);
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_uint_eq(g.warn[0].record, 2);
	ck_assert_str_eq(g.warn[0].what, "no </REUTERS> before the next record");
	fc_free(&g);
}
END_TEST

/* Invalid bytes (the corpus has one 0xFC) come out as valid UTF-8. */
START_TEST(test_invalid_bytes)
{
	static const char in[] = OPEN("1") "<TEXT><TITLE>M\xFC" "NCHEN</TITLE><BODY>D\xFC" "sseldorf</BODY></TEXT></REUTERS>";
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_text(in, sizeof in - 1, &g), BL_OK);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.a[0].title, "M\xC3\xBCNCHEN");
	ck_assert_str_eq(g.a[0].body, "D\xC3\xBCsseldorf");
	fc_free(&g);
}
END_TEST

/* An emit error stops the reader and is returned. */
START_TEST(test_emit_error)
{
	static const char in[] = SIMPLE("1", "ONE") SIMPLE("2", "TWO") SIMPLE("3", "THREE");
	fc_got_t g = { 0 };

	g.fail_at = 2;
	g.fail_with = BL_ERR_INTERNAL;
	ck_assert_int_eq(read_text(in, sizeof in - 1, &g), BL_ERR_INTERNAL);
	ck_assert_uint_eq(g.n, 1);
	fc_free(&g);
}
END_TEST

/* A record above FORMAT_MAX_RECORD is skipped with a warning; its
 * neighbours index. */
START_TEST(test_record_cap)
{
	static const char a[] = SIMPLE("1", "ONE") OPEN("2") "<TEXT><BODY>";
	static const char z[] = "</BODY></TEXT></REUTERS>\n" SIMPLE("3", "THREE");
	size_t len;
	char *in = fc_padded(a, 'x', FORMAT_MAX_RECORD, z, &len);
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_text(in, len, &g), BL_OK);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_str_eq(g.a[1].id, "3");
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_uint_eq(g.warn[0].record, 2);
	ck_assert_str_eq(g.warn[0].what, "record larger than the record cap");
	fc_free(&g);
	free(in);
}
END_TEST

/* Just under the cap is fine. */
START_TEST(test_record_under_cap)
{
	static const char a[] = OPEN("2") "<TEXT><BODY>";
	static const char z[] = "</BODY></TEXT></REUTERS>";
	size_t len, fill = FORMAT_MAX_RECORD - (sizeof a - 1) - (sizeof z - 1);
	char *in = fc_padded(a, 'x', fill, z, &len);
	fc_got_t g = { 0 };

	ck_assert_uint_eq(len, FORMAT_MAX_RECORD);
	ck_assert_int_eq(read_text(in, len, &g), BL_OK);
	ck_assert_uint_eq(g.nwarn, 0);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_uint_eq(strlen(g.a[0].body), fill);
	fc_free(&g);
	free(in);
}
END_TEST

/* Text full of '<' without '>' stays linear and is kept. */
START_TEST(test_many_brackets)
{
	static const char a[] = OPEN("1") "<TEXT TYPE=\"UNPROC\">";
	static const char z[] = "</TEXT></REUTERS>";
	size_t len, fill = 1 << 20;
	char *in = fc_padded(a, '<', fill, z, &len);
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_text(in, len, &g), BL_OK);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_uint_eq(strlen(g.a[0].body), fill);
	fc_free(&g);
	free(in);
}
END_TEST

static const struct {
	const char *in;
	const char *path;
	int want;
} detect_cases[] = {
	{ HEAD OPEN("1"), "reut2-000.sgm", 98 },
	{ HEAD OPEN("1"), "x/reut2-000.SGML", 98 },
	{ HEAD OPEN("1"), "reut2-000.sgm.gz", 98 },
	{ HEAD OPEN("1"), "reut2-000.txt", 95 },
	{ HEAD OPEN("1"), NULL, 95 },
	{ "<REUTERS NEWID=\"1\">", "sgm", 95 },
	{ "Plain headline\n- Someone\nBody.\n", "a.sgm", 0 },
	{ "<DOC>\n<DOCNO>X</DOCNO>\n</DOC>\n", "a.sgm", 0 },
	{ "", "a.sgm", 0 },
};

START_TEST(test_detect)
{
	fc_check_detect(format_reuters_detect, detect_cases[_i].in,
	                detect_cases[_i].path, detect_cases[_i].want);
}
END_TEST

/* "<REUTERS" counts only in the first 4 KiB. */
START_TEST(test_detect_far)
{
	char buf[8192];

	memset(buf, ' ', sizeof buf);
	memcpy(buf + 4096 - 8, "<REUTERS", 8);
	ck_assert_int_eq(format_reuters_detect(buf, sizeof buf, "a.sgm"), 98);
	memset(buf, ' ', sizeof buf);
	memcpy(buf + 4096 - 7, "<REUTERS", 8);
	ck_assert_int_eq(format_reuters_detect(buf, sizeof buf, "a.sgm"), 0);
	ck_assert_int_eq(format_reuters_detect(NULL, 0, "a.sgm"), 0);
}
END_TEST

/* The table picks this reader, and it beats the plain one. */
START_TEST(test_choose)
{
	static const char in[] = HEAD SIMPLE("1", "ONE");
	const format_reader_t *r = format_choose(in, sizeof in - 1, "reut2-000.sgm", NULL);

	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->name, "reuters");
	ck_assert_ptr_eq(format_choose(NULL, 0, NULL, "reuters"), r);
}
END_TEST

static bl_status_t
read_file(const char *path, fc_got_t *g)
{
	bl_buf_t b;
	bl_status_t st = fc_run_file(format_reuters_read, path, "sample", g, &b);

	ck_assert_int_ge(format_reuters_detect(b.data, b.len, path), 95);
	bl_buf_free(&b);
	return st;
}

/* samples/sgml/harbour-wire-2024.sgm: 4 records, the second damaged. */
START_TEST(test_sample)
{
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_file(BYLINE_SAMPLES_DIR "/sgml/harbour-wire-2024.sgm", &g), BL_OK);
	ck_assert_uint_eq(g.n, 3);
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_uint_eq(g.warn[0].record, 2);
	ck_assert_str_eq(g.a[0].id, "9001");
	ck_assert_str_eq(g.a[1].id, "9003");
	ck_assert_str_eq(g.a[2].id, "9004");
	ck_assert_str_eq(g.a[0].title, "HALVORSEN YARD WINS ORDER FOR TWO BATTERY FERRIES");
	ck_assert_str_eq(g.a[0].author, "Ingrid Dahl");
	ck_assert_str_eq(g.a[0].categories, "ship");
	ck_assert_str_eq(g.a[0].places, "norway");
	ck_assert(g.a[0].has_date);
	ck_assert_int_eq(g.a[0].date, INT64_C(1710235800));	/* 2024-03-12T09:30:00Z */
	ck_assert_ptr_nonnull(strstr(g.a[0].body, "BERGEN, March 12 - Halvorsen"));
	ck_assert_ptr_null(strstr(g.a[0].body, "&#"));
	ck_assert_str_eq(g.a[1].categories, "coffee|tea");
	ck_assert_ptr_nonnull(strstr(g.a[1].title, "<KHC>"));
	ck_assert_ptr_null(g.a[2].author);
	ck_assert_ptr_nonnull(g.a[2].title);
	for (size_t i = 0; i < g.n; i++)
		ck_assert_ptr_null(strstr(g.a[i].body ? g.a[i].body : "", "smelter"));
	fc_free(&g);
}
END_TEST

/* The corpus acceptance: every record of Reuters-21578 is an article, and
 * each topic's article count equals the number of records listing it. */

#define MAX_TOPICS 512

typedef struct tally {
	char *name[MAX_TOPICS];
	unsigned long count[MAX_TOPICS];
	size_t n;
	unsigned long articles;
	unsigned long dated, titled;
} tally_t;

static void
tally_add(tally_t *t, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strlen(t->name[i]) == len && memcmp(t->name[i], s, len) == 0) {
			t->count[i]++;
			return;
		}
	ck_assert(t->n < MAX_TOPICS);
	t->name[t->n] = strndup(s, len);
	t->count[t->n++] = 1;
}

static unsigned long
tally_get(const tally_t *t, const char *s)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->name[i], s) == 0)
			return t->count[i];
	return 0;
}

static void
tally_free(tally_t *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->name[i]);
}

static bl_status_t
count_topics(void *ctx, bl_article_t *a)
{
	tally_t *t = ctx;
	size_t i;

	t->articles++;
	t->dated += a->has_date;
	t->titled += a->title != NULL;
	for (i = 0; i < a->categories.n; i++)
		tally_add(t, a->categories.items[i], strlen(a->categories.items[i]));
	return BL_OK;
}

static void
no_warning(void *ctx, size_t record, const char *what)
{
	(void)ctx;
	ck_abort_msg("record %zu: %s", record, what);
}

/* The reference, computed the plain way: split at "<REUTERS ", take the
 * <D> items between <TOPICS> and </TOPICS>, each once per record. */
static void
reference(const char *s, size_t len, tally_t *t)
{
	char *text = strndup(s, len), *rec, *next;

	ck_assert(text != NULL && strlen(text) == len);
	for (rec = strstr(text, "<REUTERS "); rec; rec = next) {
		char *topics, *end, *d, *seen[64];
		size_t nseen = 0, i;

		next = strstr(rec + 1, "<REUTERS ");
		if (next)
			*next = '\0';
		t->articles++;
		topics = strstr(rec, "<TOPICS>");
		end = topics ? strstr(topics, "</TOPICS>") : NULL;
		if (end == NULL)
			goto again;
		*end = '\0';
		for (d = strstr(topics, "<D>"); d; d = strstr(d, "<D>")) {
			char *close = strstr(d, "</D>");

			d += 3;
			ck_assert(close != NULL);
			*close = '\0';
			for (i = 0; i < nseen && strcmp(seen[i], d) != 0; i++)
				;
			if (i == nseen) {
				ck_assert(nseen < 64);
				seen[nseen++] = d;
				tally_add(t, d, strlen(d));
			}
			d = close + 1;
		}
again:
		if (next)
			*next = '<';
	}
	free(text);
}

static unsigned long
octal(const char *s, size_t n)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < n && s[i] >= '0' && s[i] <= '7'; i++)
		v = v * 8 + (unsigned long)(s[i] - '0');
	return v;
}

START_TEST(test_corpus)
{
	const char *archive = BYLINE_SAMPLES_DIR
		"/../../shared/corpora/reuters21578/reuters21578.tar.gz";
	bl_buf_t tar;
	tally_t got = { 0 }, want = { 0 };
	size_t pos = 0, files = 0, i;
	int err_no = 0;
	FILE *f = fopen(archive, "rb");

	if (f == NULL) {
		fprintf(stderr, "test_corpus: skipped: %s is absent\n", archive);
		return;
	}
	fclose(f);
	bl_buf_init(&tar, (size_t)128 << 20);
	ck_assert_int_eq(bl_file_read(archive, &tar, &err_no, NULL), BL_OK);
	/* A ustar archive: 512-byte headers, each file padded to 512. */
	while (pos + 512 <= tar.len && tar.data[pos] != '\0') {
		const char *h = tar.data + pos, *name = h, *base;
		size_t size = (size_t)octal(h + 124, 12);
		char type = h[156];

		pos += 512;
		ck_assert(pos + size <= tar.len);
		base = strrchr(name, '/');
		base = base ? base + 1 : name;
		if ((type == '0' || type == '\0') && strncmp(base, "reut2-", 6) == 0 &&
		    strstr(base, ".sgm") != NULL) {
			format_input_t in = { 0 };

			in.text = tar.data + pos;
			in.len = size;
			in.path = base;
			in.id = base;
			in.emit = count_topics;
			in.warn = no_warning;
			in.ctx = &got;
			ck_assert_int_eq(format_reuters_detect(in.text, in.len, base), 98);
			ck_assert_int_eq(format_reuters_read(&in), BL_OK);
			reference(in.text, in.len, &want);
			files++;
		}
		pos += (size + 511) / 512 * 512;
	}
	bl_buf_free(&tar);
	ck_assert_uint_eq(files, 22);
	ck_assert_uint_eq(want.articles, 21578);
	ck_assert_uint_eq(got.articles, 21578);
	ck_assert_uint_eq(got.dated, 21578);
	ck_assert_uint_eq(got.titled, 20841);	/* the <TITLE> elements */
	/* Figures known from the corpus, to check the reference itself. */
	ck_assert_uint_eq(want.n, 120);
	ck_assert_uint_eq(tally_get(&want, "earn"), 3987);
	ck_assert_uint_eq(tally_get(&want, "acq"), 2448);
	ck_assert_uint_eq(tally_get(&want, "coffee"), 145);
	ck_assert_uint_eq(got.n, want.n);
	for (i = 0; i < want.n; i++)
		ck_assert_msg(tally_get(&got, want.name[i]) == want.count[i],
		              "topic %s: %lu articles, %lu records", want.name[i],
		              tally_get(&got, want.name[i]), want.count[i]);
	tally_free(&got);
	tally_free(&want);
}
END_TEST

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

static Suite *
reuters_suite(void)
{
	Suite *s = suite_create("format_reuters");
	TCase *core = tcase_create("core");
	TCase *errors = tcase_create("errors");
	TCase *limits = tcase_create("limits");
	TCase *detect = tcase_create("detect");
	TCase *files = tcase_create("files");

	tcase_add_loop_test(core, test_cases, 0, COUNT(cases));
	tcase_add_test(core, test_invalid_bytes);
	suite_add_tcase(s, core);
	tcase_add_test(errors, test_warning_text);
	tcase_add_test(errors, test_emit_error);
	suite_add_tcase(s, errors);
	tcase_add_test(limits, test_record_cap);
	tcase_add_test(limits, test_record_under_cap);
	tcase_add_test(limits, test_many_brackets);
	tcase_set_timeout(limits, 60);
	suite_add_tcase(s, limits);
	tcase_add_loop_test(detect, test_detect, 0, COUNT(detect_cases));
	tcase_add_test(detect, test_detect_far);
	tcase_add_test(detect, test_choose);
	suite_add_tcase(s, detect);
	tcase_add_test(files, test_sample);
	tcase_add_test(files, test_corpus);
	tcase_set_timeout(files, 120);
	suite_add_tcase(s, files);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(reuters_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
