/* test_format_trec.c - Check suite for the TREC SGML reader: fields of each collection's tags, compact dates, resynchronisation, caps, detection. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bl_buf.h"
#include "format.h"
#include "format_capture.h"

/* Reads len bytes of a file "wire/docs.trec" into g. */
static bl_status_t
read_text(const char *text, size_t len, fc_got_t *g)
{
	format_input_t in = { .text = text, .len = len,
	                      .path = "wire/docs.trec", .id = "docs.trec" };

	return fc_run(format_trec_read, &in, g);
}

#define DOC(no, inner) "<DOC>\n<DOCNO> " no " </DOCNO>\n" inner "</DOC>\n"
#define SIMPLE(no) DOC(no, "<HEADLINE>Head " no "</HEADLINE>\n<TEXT>Text " no "</TEXT>\n")

/* Expected instants from python3 calendar.timegm. */
#define T_880112 INT64_C(568944000)    /* 1988-01-12T00:00:00Z */
#define T_890101 INT64_C(599616000)    /* 1989-01-01T00:00:00Z */
#define T_980601 INT64_C(896659200)    /* 1998-06-01T00:00:00Z */
#define T_870324 INT64_C(543542400)    /* 1987-03-24T00:00:00Z */
#define T_0807 INT64_C(1722988800)     /* 2024-08-07T00:00:00Z */
#define T_0807_1643 INT64_C(1723048980) /* 2024-08-07T16:43:00Z */

static const struct {
	const char *name;
	const char *in;
	size_t n;               /* articles emitted */
	const char *warns;      /* record numbers warned about, "2,4" */
	size_t at;              /* the article checked */
	const char *id, *title, *author, *source, *body;
	bool has_date;
	int64_t date;
} cases[] = {
	{ "WSJ: HL, SO, compact date, entities",
	  "<DOC>\n<DOCNO> WSJ880112-0001 </DOCNO>\n<DOCID> 1 </DOCID>\n<DATE>880112</DATE>\n"
	  "<HL> Firm &amp; Unit\n   Agree on Terms </HL>\n<SO> WALL STREET JOURNAL (J) </SO>\n"
	  "<TEXT>\n   First &lt;b&gt; paragraph.\n   Second line.\n</TEXT>\n</DOC>\n",
	  1, "", 0, "WSJ880112-0001", "Firm & Unit Agree on Terms", NULL,
	  "WALL STREET JOURNAL (J)", "First <b> paragraph.\n   Second line.", true, T_880112 },
	{ "LA Times: paragraphs, a prose date with comments, byline",
	  "<DOC>\n<DOCNO> LA010189-0001 </DOCNO>\n"
	  "<DATE><P>January 1, 1989, Sunday, Home Edition </P></DATE>\n"
	  "<HEADLINE><P>A Headline</P><P>In Two Parts</P></HEADLINE>\n"
	  "<BYLINE><P> By JOHN DOE, TIMES STAFF WRITER </P></BYLINE>\n"
	  "<TEXT><P>One.</P><P>Two &quot;quoted&quot;.</P></TEXT>\n</DOC>\n",
	  1, "", 0, "LA010189-0001", "A Headline In Two Parts", "JOHN DOE, TIMES STAFF WRITER",
	  NULL, "One.\n\nTwo \"quoted\".", true, T_890101 },
	{ "AQUAINT: DATE_TIME, several TEXT elements",
	  "<DOC>\n<DOCNO> NYT19980601.0001 </DOCNO>\n<DATE_TIME> 1998-06-01 00:00 </DATE_TIME>\n"
	  "<BODY>\n<HEADLINE>\nBody Headline\n</HEADLINE>\n<TEXT>\n<P>\nFirst.\n</P>\n</TEXT>\n"
	  "<TEXT>Second.</TEXT>\n</BODY>\n</DOC>\n",
	  1, "", 0, "NYT19980601.0001", "Body Headline", NULL, NULL, "First.\n\nSecond.",
	  true, T_980601 },
	{ "Gigaword: lower case tags, the id attribute",
	  "<doc id=\"AFP_ENG_20240807.0001\" type=\"story\" >\n<headline>\nLower Case\n</headline>\n"
	  "<dateline>PARIS, Aug 7</dateline>\n<text>\n<p>\nText.\n</p>\n</text>\n</doc>\n",
	  1, "", 0, "AFP_ENG_20240807.0001", "Lower Case", NULL, NULL, "Text.", false, 0 },
	{ "AUTHOR and SOURCE",
	  DOC("X1", "<DATE>2024-08-07T16:43:00Z</DATE><HEADLINE>H</HEADLINE>"
	      "<AUTHOR>by Ann Lee</AUTHOR><SOURCE>Gazette</SOURCE><TEXT>t</TEXT>"),
	  1, "", 0, "X1", "H", "Ann Lee", "Gazette", "t", true, T_0807_1643 },
	{ "FT: PUB as the source, YYYYMMDD",
	  DOC("FT1", "<DATE>20240807</DATE><HEADLINE>H</HEADLINE><TEXT>t</TEXT><PUB>The Paper</PUB>"),
	  1, "", 0, "FT1", "H", NULL, "The Paper", "t", true, T_0807 },
	{ "WSJ's DD: MM/DD/YY",
	  DOC("W2", "<HL>H</HL><DD> 03/24/87 </DD><TEXT>t</TEXT>"),
	  1, "", 0, "W2", "H", NULL, NULL, "t", true, T_870324 },
	{ "an impossible compact date",
	  DOC("W3", "<DATE>880231</DATE><HL>H</HL>"),
	  1, "", 0, "W3", "H", NULL, NULL, NULL, false, 0 },
	{ "a month 13",
	  DOC("W3", "<DATE>881301</DATE><HL>H</HL>"),
	  1, "", 0, "W3", "H", NULL, NULL, NULL, false, 0 },
	{ "a date that is not one",
	  DOC("W3", "<DATE>Sunday, Home Edition</DATE><HL>H</HL>"),
	  1, "", 0, "W3", "H", NULL, NULL, NULL, false, 0 },
	{ "no DOCNO: the file's id and the document number",
	  SIMPLE("A") "<DOC><TEXT>second</TEXT></DOC>",
	  2, "", 1, "docs.trec#2", NULL, NULL, NULL, "second", false, 0 },
	{ "DOCNO is not DOC, DATE_TIME is not DATE",
	  "<DOC><DOCNO>D1</DOCNO><DATE_TIME>2024-08-07</DATE_TIME><HEADLINE>H</HEADLINE></DOC>",
	  1, "", 0, "D1", "H", NULL, NULL, NULL, true, T_0807 },
	{ "a document without its end tag does not swallow the next",
	  SIMPLE("A") "<DOC>\n<DOCNO> B </DOCNO>\n<TEXT>lost\n" SIMPLE("C"),
	  2, "2", 1, "C", "Head C", NULL, NULL, "Text C", false, 0 },
	{ "the last document without its end tag",
	  SIMPLE("A") SIMPLE("B") "<DOC><DOCNO>C</DOCNO><TEXT>lost",
	  2, "3", 1, "B", "Head B", NULL, NULL, "Text B", false, 0 },
	{ "a document with no headline or text",
	  SIMPLE("A") DOC("B", "<DATE>880112</DATE>") SIMPLE("C"),
	  2, "2", 1, "C", "Head C", NULL, NULL, "Text C", false, 0 },
	{ "comments, stray brackets and ampersands",
	  DOC("E", "<TEXT>a <!-- gone --> b < c AT&T &bogus; d<!-- to the end"),
	  1, "", 0, "E", NULL, NULL, NULL, "a  b < c AT&T &bogus; d", false, 0 },
	{ "control character references are noise",
	  DOC("E", "<TEXT>&#2;x&#127;y&#3;</TEXT>"),
	  1, "", 0, "E", NULL, NULL, NULL, "x y", false, 0 },
	{ "a control character reference without its ';'",
	  DOC("E", "<TEXT>a&#5b &#65c</TEXT>"),
	  1, "", 0, "E", NULL, NULL, NULL, "a b Ac", false, 0 },
	{ "inline tags vanish, block tags end lines",
	  DOC("E", "<TEXT>bo<B>ld</B> word<BR>next<F P=105>field</F></TEXT>"),
	  1, "", 0, "E", NULL, NULL, NULL, "bold word\nnextfield", false, 0 },
	{ "blank lines are squeezed",
	  DOC("E", "<TEXT>\n\n  <P>\n\n\n a \n\n  \n\n</P><P>b</P>\n\n</TEXT>"),
	  1, "", 0, "E", NULL, NULL, NULL, "a \n\nb", false, 0 },
	{ "leading white space and a byte order mark",
	  "\xEF\xBB\xBF  \n" SIMPLE("A"),
	  1, "", 0, "A", "Head A", NULL, NULL, "Text A", false, 0 },
	{ "no document at all",
	  "<DOCUMENT>\n<DOCNO>x</DOCNO>\n</DOCUMENT>\n",
	  0, "", 0, NULL, NULL, NULL, NULL, NULL, false, 0 },
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
	fc_check_str(name, "path", a->path, "wire/docs.trec");
	fc_check_str(name, "title", a->title, cases[_i].title);
	fc_check_str(name, "author", a->author, cases[_i].author);
	fc_check_str(name, "source", a->source, cases[_i].source);
	fc_check_str(name, "body", a->body, cases[_i].body);
	fc_check_str(name, "categories", a->categories, "");
	fc_check_date(name, a, cases[_i].has_date, cases[_i].date);
	fc_free(&g);
}
END_TEST

START_TEST(test_warning_text)
{
	static const char in[] = SIMPLE("A") "<DOC><DOCNO>B</DOCNO>" SIMPLE("C") DOC("D", "");
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_text(in, sizeof in - 1, &g), BL_OK);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_uint_eq(g.nwarn, 2);
	ck_assert_uint_eq(g.warn[0].record, 2);
	ck_assert_str_eq(g.warn[0].what, "no </DOC> before the next document");
	ck_assert_uint_eq(g.warn[1].record, 4);
	ck_assert_str_eq(g.warn[1].what, "document without headline or text");
	fc_free(&g);
}
END_TEST

START_TEST(test_emit_error)
{
	static const char in[] = SIMPLE("A") SIMPLE("B") SIMPLE("C");
	fc_got_t g = { 0 };

	g.fail_at = 2;
	g.fail_with = BL_ERR_INTERNAL;
	ck_assert_int_eq(read_text(in, sizeof in - 1, &g), BL_ERR_INTERNAL);
	ck_assert_uint_eq(g.n, 1);
	fc_free(&g);
}
END_TEST

START_TEST(test_record_cap)
{
	static const char a[] = SIMPLE("A") "<DOC><DOCNO>B</DOCNO><TEXT>";
	static const char z[] = "</TEXT></DOC>\n" SIMPLE("C");
	size_t len;
	char *in = fc_padded(a, 'x', FORMAT_MAX_RECORD, z, &len);
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_text(in, len, &g), BL_OK);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_str_eq(g.a[1].id, "C");
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_uint_eq(g.warn[0].record, 2);
	ck_assert_str_eq(g.warn[0].what, "document larger than the record cap");
	fc_free(&g);
	free(in);
}
END_TEST

/* Text full of '<' (and of unterminated comments) stays linear. */
START_TEST(test_many_brackets)
{
	static const char a[] = "<DOC><DOCNO>B</DOCNO><TEXT>";
	static const char z[] = "</TEXT></DOC>";
	size_t fill = 1 << 20, len = sizeof a - 1 + fill + sizeof z - 1, i;
	char *in = malloc(len);
	fc_got_t g = { 0 };

	ck_assert(in != NULL);
	memcpy(in, a, sizeof a - 1);
	for (i = 0; i < fill; i++)
		in[sizeof a - 1 + i] = "<a"[i % 2];
	memcpy(in + sizeof a - 1 + fill, z, sizeof z - 1);
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
	{ SIMPLE("A"), "docs", 90 },
	{ SIMPLE("A"), "docs.trec", 95 },
	{ SIMPLE("A"), "docs.TREC.gz", 95 },
	{ SIMPLE("A"), "wsj/wsj_0001.sgml", 95 },
	{ SIMPLE("A"), NULL, 90 },
	{ "\n\n  " SIMPLE("A"), "docs", 90 },
	{ "\xEF\xBB\xBF" SIMPLE("A"), "docs", 90 },
	{ "<doc id=\"X\" type=\"story\">\n<text>t</text></doc>", "x", 90 },
	{ "<DOC>\n<TEXT>no number</TEXT>\n</DOC>\n", "docs.trec", 0 },
	{ "<DOCNO>A</DOCNO>\n<DOC>\n", "docs.trec", 0 },
	{ "<DOCUMENT>\n<DOCNO>A</DOCNO>\n", "docs.trec", 0 },
	{ "Headline\n<DOC>\n<DOCNO>A</DOCNO>\n", "docs.trec", 0 },
	{ "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"1\">", "a.sgm", 0 },
	{ "", "docs.trec", 0 },
};

START_TEST(test_detect)
{
	fc_check_detect(format_trec_detect, detect_cases[_i].in,
	                detect_cases[_i].path, detect_cases[_i].want);
}
END_TEST

/* <DOCNO> counts only in the first 4 KiB. */
START_TEST(test_detect_far)
{
	char buf[8192];

	memset(buf, ' ', sizeof buf);
	memcpy(buf, "<DOC>", 5);
	memcpy(buf + 4096 - 7, "<DOCNO>", 7);
	ck_assert_int_eq(format_trec_detect(buf, sizeof buf, "x"), 90);
	memset(buf, ' ', sizeof buf);
	memcpy(buf, "<DOC>", 5);
	memcpy(buf + 4096 - 6, "<DOCNO>", 7);
	ck_assert_int_eq(format_trec_detect(buf, sizeof buf, "x"), 0);
	ck_assert_int_eq(format_trec_detect(NULL, 0, "x"), 0);
}
END_TEST

START_TEST(test_choose)
{
	static const char in[] = SIMPLE("A") SIMPLE("B");
	const format_reader_t *r = format_choose(in, sizeof in - 1, "docs", NULL);

	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->name, "trec");
	ck_assert_ptr_eq(format_choose(NULL, 0, NULL, "trec"), r);
}
END_TEST

static bl_status_t
read_file(const char *path, fc_got_t *g)
{
	bl_buf_t b;
	bl_status_t st = fc_run_file(format_trec_read, path, "sample", g, &b);

	ck_assert_int_eq(format_trec_detect(b.data, b.len, path), 95);
	ck_assert_str_eq(format_choose(b.data, b.len, path, NULL)->name, "trec");
	bl_buf_free(&b);
	return st;
}

/* samples/sgml/lakeside-gazette.trec: three documents in three styles. */
START_TEST(test_sample)
{
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_file(BYLINE_SAMPLES_DIR "/sgml/lakeside-gazette.trec", &g), BL_OK);
	ck_assert_uint_eq(g.nwarn, 0);
	ck_assert_uint_eq(g.n, 3);
	ck_assert_str_eq(g.a[0].id, "LKG240611-0001");
	ck_assert_str_eq(g.a[0].title, "Low Water at Marten Lake Strands Marina Boats");
	ck_assert_str_eq(g.a[0].source, "LAKESIDE GAZETTE (LG)");
	ck_assert_int_eq(g.a[0].date, INT64_C(1718064000));	/* 2024-06-11 */
	ck_assert_ptr_nonnull(strstr(g.a[0].body, "this week & stored"));
	ck_assert_str_eq(g.a[1].id, "LKG240612-0002");
	ck_assert_str_eq(g.a[1].author, "Marta Quist, Gazette Staff Writer");
	ck_assert_int_eq(g.a[1].date, INT64_C(1718150400));	/* 2024-06-12 */
	ck_assert_ptr_nonnull(strstr(g.a[1].body, "in the fall.\n\nLibrarian"));
	ck_assert_str_eq(g.a[2].id, "LKG20240613.0003");
	ck_assert_str_eq(g.a[2].author, "Ben Arvidsson");
	ck_assert_str_eq(g.a[2].source, "Lakeside Gazette");
	ck_assert_int_eq(g.a[2].date, INT64_C(1718264700));	/* 2024-06-13T07:45Z */
	ck_assert_ptr_nonnull(strstr(g.a[2].body, "<pending a final budget vote>"));
	fc_free(&g);
}
END_TEST

/* samples/sgml/river-courier.trec.gz: gzip only. */
START_TEST(test_sample_gz)
{
	fc_got_t g = { 0 };

	ck_assert_int_eq(read_file(BYLINE_SAMPLES_DIR "/sgml/river-courier.trec.gz", &g), BL_OK);
	ck_assert_uint_eq(g.nwarn, 0);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_str_eq(g.a[0].id, "RVC240502-0001");
	ck_assert_str_eq(g.a[0].author, "Hanna Berglund");
	ck_assert_int_eq(g.a[0].date, INT64_C(1714608000));	/* 2024-05-02 */
	ck_assert_str_eq(g.a[1].title, "Riverside ballpark to add a covered grandstand");
	ck_assert_str_eq(g.a[1].source, "River Courier");
	fc_free(&g);
}
END_TEST

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

static Suite *
trec_suite(void)
{
	Suite *s = suite_create("format_trec");
	TCase *core = tcase_create("core");
	TCase *errors = tcase_create("errors");
	TCase *limits = tcase_create("limits");
	TCase *detect = tcase_create("detect");
	TCase *files = tcase_create("files");

	tcase_add_loop_test(core, test_cases, 0, COUNT(cases));
	suite_add_tcase(s, core);
	tcase_add_test(errors, test_warning_text);
	tcase_add_test(errors, test_emit_error);
	suite_add_tcase(s, errors);
	tcase_add_test(limits, test_record_cap);
	tcase_add_test(limits, test_many_brackets);
	tcase_set_timeout(limits, 60);
	suite_add_tcase(s, limits);
	tcase_add_loop_test(detect, test_detect, 0, COUNT(detect_cases));
	tcase_add_test(detect, test_detect_far);
	tcase_add_test(detect, test_choose);
	suite_add_tcase(s, detect);
	tcase_add_test(files, test_sample);
	tcase_add_test(files, test_sample_gz);
	suite_add_tcase(s, files);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(trec_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
