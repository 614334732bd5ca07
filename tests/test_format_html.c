/* test_format_html.c - Check suite for the HTML page reader: every field, charsets, detection, samples. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bl_buf.h"
#include "format.h"
#include "format_capture.h"

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* Reads len bytes of the file path into c, with "news/page.html" as the
 * default article id. */
static bl_status_t
read_page(const char *text, size_t len, const char *path, fc_got_t *c)
{
	format_input_t in = { .text = text, .len = len, .path = path,
	                      .id = "news/page.html" };

	return fc_run(format_html_read, &in, c);
}

/* The fields expected of an article; NULL means absent. categories are
 * joined with '|', the date is ISO 8601 UTC. */
typedef struct want {
	const char *title, *author, *source, *url, *language, *categories;
	const char *date, *body;
} want_t;

static void
check_article(const fc_article_t *a, const want_t *w, const char *name)
{
	fc_check_str(name, "title", a->title, w->title);
	fc_check_str(name, "author", a->author, w->author);
	fc_check_str(name, "source", a->source, w->source);
	fc_check_str(name, "url", a->url, w->url);
	fc_check_str(name, "language", a->language, w->language);
	fc_check_str(name, "categories", fc_or_null(a->categories),
	             w->categories);
	fc_check_str(name, "date", fc_or_null(a->iso), w->date);
	fc_check_str(name, "body", a->body, w->body);
	ck_assert_msg(a->body == NULL || a->body_len == strlen(a->body),
	              "%s: body_len", name);
	ck_assert_str_eq(a->places, "");
}

static const struct {
	const char *name, *in;
	want_t want;
	const char *warning;    /* expected for record 1, or NULL */
} cases[] = {
	{ "open graph page",
	  "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
	  "<title>Ignored title</title>"
	  "<meta property=\"og:title\" content=\"Port reopens after storm | The "
	  "Harbour Post\">"
	  "<meta property=\"og:site_name\" content=\"The Harbour Post\">"
	  "<meta property=\"og:url\" content=\"https://post.example/a?x=1&amp;y=2\">"
	  "<link rel=\"canonical\" href=\"https://post.example/canonical\">"
	  "<meta property=\"article:published_time\" "
	  "content=\"2024-02-09T06:15:00+01:00\">"
	  "<meta name=\"author\" content=\"Ada  Quill\">"
	  "<meta property=\"article:section\" content=\"Business\">"
	  "<meta property=\"article:tag\" content=\"Shipping\">"
	  "<meta property=\"article:tag\" content=\"Storms &amp; floods\">"
	  "<meta property=\"article:tag\" content=\"shipping\">"
	  "<script>var a = '<article>fake</article>';</script>"
	  "<style>article { margin: 0 }</style></head><body>"
	  "<header><nav><a href=/>Home</a></nav></header>"
	  "<article><h1>Port reopens</h1><!-- ad --><p>Ships moved &mdash; "
	  "at last.</p><nav>Share</nav><aside>Related</aside><p>Second "
	  "para.</p><form><input></form><footer>Tags</footer></article>"
	  "<footer>Copyright</footer></body></html>",
	  { "Port reopens after storm", "Ada Quill", "The Harbour Post",
	    "https://post.example/a?x=1&y=2", "en-GB",
	    "Business|Shipping|Storms & floods", "2024-02-09T05:15:00Z",
	    "Port reopens\nShips moved \xE2\x80\x94 at last.\nSecond para." },
	  NULL },
	{ "title element, site suffix stripped",
	  "<html><head><title>\n  Bridge opens &ndash; a week early - Valley "
	  "News\n</title><meta property=og:site_name content='Valley News'>"
	  "</head><body><p>Text.</p></body></html>",
	  { "Bridge opens \xE2\x80\x93 a week early", NULL, "Valley News", NULL,
	    NULL, NULL, NULL, "Text." }, NULL },
	{ "suffix kept when not the site",
	  "<title>Mayor speaks - Town Hall</title>"
	  "<meta property=og:site_name content='Valley News'><p>x</p>",
	  { "Mayor speaks - Town Hall", NULL, "Valley News", NULL, NULL, NULL,
	    NULL, "x" }, NULL },
	{ "pipe and dash separators",
	  "<meta property=og:title content='A | B \xE2\x80\x94 Site'>"
	  "<meta property=og:site_name content='SITE'><p>x</p>",
	  { "A | B", NULL, "SITE", NULL, NULL, NULL, NULL, "x" }, NULL },
	{ "title is only the site",
	  "<title>Valley News</title><meta property=og:site_name "
	  "content='Valley News'><p>x</p>",
	  { "Valley News", NULL, "Valley News", NULL, NULL, NULL, NULL, "x" },
	  NULL },
	{ "title entities",
	  "<title>Q&amp;A: caf&eacute; owners&#8217; &quot;plans&quot;</title>"
	  "<p>x</p>",
	  { "Q&A: caf\xC3\xA9 owners\xE2\x80\x99 \"plans\"", NULL, NULL, NULL,
	    NULL, NULL, NULL, "x" }, NULL },
	{ "article:author that is a URL, then a byline link",
	  "<meta property=article:author content='https://x.example/staff/r'>"
	  "<article><p class=byline>By <a rel=\"author external\" href=/r>Rosa "
	  "<b>Lind</b></a></p><p>Text</p></article>",
	  { NULL, "Rosa Lind", NULL, NULL, NULL, NULL, NULL,
	    "By Rosa Lind\nText" }, NULL },
	{ "article:author as a name",
	  "<meta property=article:author content='Rosa Lind'>"
	  "<a rel=author>Other</a><p>x</p>",
	  { NULL, "Rosa Lind", NULL, NULL, NULL, NULL, NULL, "Other\nx" }, NULL },
	{ "meta author first",
	  "<a rel=author>Link Name</a><meta name=Author content='Meta Name'>"
	  "<meta property=article:author content='Article Name'>",
	  { NULL, "Meta Name", NULL, NULL, NULL, NULL, NULL, "Link Name" },
	  NULL },
	{ "meta date",
	  "<meta name=\"date\" content=\"2024-03-01\"><p>x</p>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, "2024-03-01T00:00:00Z", "x" },
	  NULL },
	{ "meta pubdate",
	  "<meta name=\"pubdate\" content=\"Fri, 01 Mar 2024 10:00:00 -0500\">"
	  "<p>x</p>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, "2024-03-01T15:00:00Z", "x" },
	  NULL },
	{ "meta publishdate",
	  "<meta name=\"publishdate\" content=\"March 1, 2024\"><p>x</p>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, "2024-03-01T00:00:00Z", "x" },
	  NULL },
	{ "meta DC.date",
	  "<META NAME=\"DC.date\" CONTENT=\"2024-03-01T12:00Z\"><p>x</p>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, "2024-03-01T12:00:00Z", "x" },
	  NULL },
	{ "published_time over meta date and time",
	  "<meta name=date content=2020-01-01>"
	  "<meta property=article:published_time content=2024-03-01>"
	  "<time datetime=2019-01-01>x</time>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, "2024-03-01T00:00:00Z", "x" },
	  NULL },
	{ "time in the article before an earlier one",
	  "<body><aside><time datetime=\"2020-01-01\">old</time></aside>"
	  "<article><time datetime=\" 2024-05-06T10:00:00+02:00 \">6 May</time>"
	  "<p>Body</p></article></body>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, "2024-05-06T08:00:00Z",
	    "6 May\nBody" }, NULL },
	{ "first time when none in the article",
	  "<body><div><time datetime=\"2023-07-08\">x</time></div>"
	  "<time datetime=\"2022-01-01\">y</time></body>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, "2023-07-08T00:00:00Z", "x\ny" },
	  NULL },
	{ "unparseable date",
	  "<meta property=\"article:published_time\" content=\"last Tuesday\">"
	  "<p>x</p>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "x" },
	  "unparseable date 'last Tuesday'" },
	{ "unparseable date, a later source parses",
	  "<meta property=\"article:published_time\" content=\"soon\">"
	  "<time datetime=\"2024-01-02\">x</time>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, "2024-01-02T00:00:00Z", "x" },
	  NULL },
	{ "long bad date quoted in part on one line",
	  "<meta name=date content=\"2024-13-45 and then a very long tail of "
	  "words that goes on\nand on well past sixty bytes\"><p>x</p>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "x" },
	  "unparseable date '2024-13-45 and then a very long tail of words that "
	  "goes on a...'" },
	{ "main when no article",
	  "<body><nav>Menu</nav><div>Lead</div><main><h1>H</h1><p>Text</p>"
	  "</main><div>Outside</div></body>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "H\nText" }, NULL },
	{ "body when no article or main",
	  "<html><head><title>T</title></head><body><header>Masthead</header>"
	  "<div>One</div><p>Two</p><footer>Foot</footer></body></html>",
	  { "T", NULL, NULL, NULL, NULL, NULL, NULL, "One\nTwo" }, NULL },
	{ "longest article",
	  "<article>Teaser</article><article><p>The main story, much "
	  "longer.</p></article><article>Other</article>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    "The main story, much longer." }, NULL },
	{ "nested articles count once",
	  "<article><p>Outer</p><article>Comment</article><p>More</p>"
	  "</article>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "Outer\nComment\nMore" },
	  NULL },
	{ "unclosed article",
	  "<body><p>Before</p><article><p>Runs to the end",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "Runs to the end" }, NULL },
	{ "empty article gives way to main",
	  "<main><article><img src=x></article><p>Real</p></main>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "Real" }, NULL },
	{ "canonical without og:url",
	  "<link rel=\"Canonical\" href=\" https://x.example/c \"><p>x</p>",
	  { NULL, NULL, NULL, "https://x.example/c", NULL, NULL, NULL, "x" },
	  NULL },
	{ "xml:lang",
	  "<html xml:lang=\"fr\" xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
	  "<p>x</p></body></html>",
	  { NULL, NULL, NULL, NULL, "fr", NULL, NULL, "x" }, NULL },
	{ "uppercase tags and keys",
	  "<HTML LANG=DE><HEAD><META PROPERTY=\"OG:TITLE\" CONTENT=\"Gross\">"
	  "<TITLE>no</TITLE></HEAD><BODY><P>Eins<BR>Zwei</BODY></HTML>",
	  { "Gross", NULL, NULL, NULL, "DE", NULL, NULL, "Eins\nZwei" }, NULL },
	{ "og:title given as name",
	  "<meta name=\"og:title\" content=\"Named\"><p>x</p>",
	  { "Named", NULL, NULL, NULL, NULL, NULL, NULL, "x" }, NULL },
	{ "metadata in comments and scripts ignored",
	  "<!-- <meta property=og:title content=no> --><script>"
	  "document.write('<meta property=og:title content=no2>');</script>"
	  "<title>Yes</title><p>x</p>",
	  { "Yes", NULL, NULL, NULL, NULL, NULL, NULL, "x" }, NULL },
	{ "svg title is not the page title",
	  "<body><svg><title>icon</title></svg><title>Late</title><p>x</p>",
	  { "Late", NULL, NULL, NULL, NULL, NULL, NULL, "x" }, NULL },
	{ "fragment",
	  "<h1>Headline</h1><p>Some &amp; text</p>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "Headline\nSome & text" },
	  NULL },
	{ "title only",
	  "<html><head><title>Only a title</title></head><body></body></html>",
	  { "Only a title", NULL, NULL, NULL, NULL, NULL, NULL, NULL }, NULL },
	{ "unclosed title",
	  "<title>Broken <p>page",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "Broken\npage" }, NULL },
	{ "malformed markup",
	  "<p class=\"x>Oops</p><p>a <b c d</p>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "Oops\na" }, NULL },
	/* Declared charsets: the bytes are converted before parsing. */
	{ "iso-8859-1 by http-equiv",
	  "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
	  "charset=ISO-8859-1\"><title>Cr\xE8me br\xFBl\xE9" "e</title></head>"
	  "<body><p>\xA9 S\xE3o Tom\xE9</p></body></html>",
	  { "Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e", NULL, NULL, NULL, NULL, NULL,
	    NULL, "\xC2\xA9 S\xC3\xA3o Tom\xC3\xA9" }, NULL },
	{ "windows-1251 by meta charset",
	  "<meta charset=windows-1251><title>\xCD\xEE\xE2\xEE\xF1\xF2\xE8 "
	  "\xE4\xED\xFF</title><p>\xE4\xED\xFF</p>",
	  { "\xD0\x9D\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8 "
	    "\xD0\xB4\xD0\xBD\xD1\x8F", NULL, NULL, NULL, NULL, NULL, NULL,
	    "\xD0\xB4\xD0\xBD\xD1\x8F" }, NULL },
	{ "xml declaration encoding",
	  "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><html><body>"
	  "<p>Fa\xE7" "ade</p></body></html>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "Fa\xC3\xA7" "ade" }, NULL },
	{ "byte order mark overrides the declaration",
	  "\xEF\xBB\xBF<meta charset=windows-1251><p>\xC3\xA9</p>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "\xC3\xA9" }, NULL },
	{ "utf-16 label on bytes means utf-8",
	  "<meta charset=\"UTF-16\"><p>\xC3\xA9</p>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "\xC3\xA9" }, NULL },
	{ "undeclared latin-1 repaired",
	  "<p>na\xEFve \x93quote\x94</p>",
	  { NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    "na\xC3\xAFve \xE2\x80\x9Cquote\xE2\x80\x9D" }, NULL },
};

START_TEST(test_fields)
{
	fc_got_t c = { 0 };
	bl_status_t st = read_page(cases[_i].in, strlen(cases[_i].in),
	                           "dir/news/page.html", &c);

	ck_assert_int_eq(st, BL_OK);
	ck_assert_msg(c.n == 1, "%s: %zu articles", cases[_i].name, c.n);
	check_article(&c.a[0], &cases[_i].want, cases[_i].name);
	fc_check_str(cases[_i].name, "id", c.a[0].id, "news/page.html");
	fc_check_str(cases[_i].name, "path", c.a[0].path, "dir/news/page.html");
	if (cases[_i].warning) {
		ck_assert_msg(c.nwarn == 1, "%s: %zu warnings", cases[_i].name,
		              c.nwarn);
		ck_assert_uint_eq(c.warn[0].record, 1);
		fc_check_str(cases[_i].name, "warning", c.warn[0].what,
		             cases[_i].warning);
	} else {
		ck_assert_msg(c.nwarn == 0, "%s: warned \"%s\"", cases[_i].name,
		              c.warn[0].what);
	}
	fc_free(&c);
}
END_TEST

/* Pages with nothing to index emit nothing, and say nothing. */
START_TEST(test_empty)
{
	static const char *const empty[] = {
		"", "<html><head></head><body></body></html>",
		"<!-- only a comment -->", "<script>var x;</script>",
		"<nav>Menu</nav><footer>Foot</footer>",
	};
	fc_got_t c = { 0 };
	int i;

	for (i = 0; i < COUNT(empty); i++) {
		ck_assert_int_eq(read_page(empty[i], strlen(empty[i]), "p", &c),
		                 BL_OK);
		ck_assert_msg(c.n == 0 && c.nwarn == 0, "\"%s\"", empty[i]);
		fc_free(&c);
	}
}
END_TEST

/* A page over the record cap is skipped with a warning. */
START_TEST(test_too_large)
{
	size_t len = FORMAT_MAX_RECORD + 1;
	char *big = malloc(len);
	fc_got_t c = { 0 };

	ck_assert_ptr_nonnull(big);
	memset(big, ' ', len);
	memcpy(big, "<title>Big</title>", 18);
	ck_assert_int_eq(read_page(big, len, "big.html", &c), BL_OK);
	ck_assert_uint_eq(c.n, 0);
	ck_assert_uint_eq(c.nwarn, 1);
	ck_assert_uint_eq(c.warn[0].record, 1);
	fc_free(&c);
	free(big);
}
END_TEST

/* Unclosed title and textarea elements by the thousand, and an unclosed
 * byline link: each end tag is looked for once, so this is quick. */
START_TEST(test_many_unclosed)
{
	size_t n = 100000, i, len = n * 10 + 32;
	char *page = malloc(len);
	fc_got_t c = { 0 };

	ck_assert_ptr_nonnull(page);
	memcpy(page, "<a rel=author>", 14);
	for (i = 0; i < n; i++)
		memcpy(page + 14 + i * 10, i % 2 ? "<title>y  " : "<textarea>", 10);
	memcpy(page + 14 + n * 10, "<p>x</p>", 8);
	len = 14 + n * 10 + 8;
	ck_assert_int_eq(read_page(page, len, "p.html", &c), BL_OK);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_ptr_null(c.a[0].title);
	ck_assert_uint_eq(strlen(c.a[0].body), n + 1);
	ck_assert_ptr_null(c.a[0].author);  /* the link never ends */
	ck_assert_uint_eq(c.nwarn, 0);
	fc_free(&c);
	free(page);
}
END_TEST

/* An emit error stops the reader and comes back. */
START_TEST(test_emit_error)
{
	static const char page[] = "<title>T</title><p>x</p>";
	format_input_t in = { .text = page, .len = strlen(page),
	                      .path = "p.html", .id = "p.html" };
	fc_got_t c = { 0 };

	c.fail_at = 1;
	c.fail_with = BL_ERR_IO;
	ck_assert_int_eq(fc_run(format_html_read, &in, &c), BL_ERR_IO);
	ck_assert_uint_eq(c.calls, 1);
	fc_free(&c);
}
END_TEST

/* Detection scores: content first, the name adds a little. */
static const struct {
	const char *in, *path;
	int want;
} detect_cases[] = {
	{ "<!DOCTYPE html><html><body>x</body></html>", "a.txt", 85 },
	{ "<!DOCTYPE html><html><body>x</body></html>", "a.html", 90 },
	{ "<!doctype HTML>\n<p>x", "a", 85 },
	{ "\xEF\xBB\xBF  \n<!-- generated --><html lang=en>", "a", 85 },
	{ "<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0"
	  "//EN\" \"x\"><html xmlns=\"http://www.w3.org/1999/xhtml\">",
	  "a.xhtml", 90 },
	{ "<HTML><HEAD>", "A.HTM.GZ", 90 },
	{ "<!DOCTYPE htmlx>", "a", 0 },
	{ "Some text first\n<html><body>x</body></html>", "a", 70 },
	{ "<div>\n<head>\n</head></div>", "page.htm", 75 },
	{ "<div><body class=x>", "a", 70 },
	{ "<h1>Fragment</h1><p>only</p>", "story.html", 20 },
	{ "<meta charset=utf-8>\n<title>No html tag</title>", "a", 70 },
	{ "  <TITLE>No html tag</TITLE>", "a.htm", 75 },
	{ "<h1>Fragment</h1><p>only</p>", "story.txt", 0 },
	{ "Headline\n- Jane Doe\n\nBody about <html> tags.", "a.txt", 70 },
	{ "Headline\n- Jane Doe\n\nBody about <htmlx> tags.", "a.txt", 0 },
	{ "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>", "f.xml", 0 },
	{ "<?xml version=\"1.0\"?><rss><channel><item><description><![CDATA["
	  "<html><body>", "f.xml", 0 },
	{ "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS><TEXT><BODY>x</BODY>",
	  "r.sgm", 0 },
	{ "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS><TEXT><BODY>x</BODY>",
	  "r.html", 20 },
	{ "", "a.html", 20 },
	{ "", NULL, 0 },
};

START_TEST(test_detect)
{
	fc_check_detect(format_html_detect, detect_cases[_i].in,
	                detect_cases[_i].path, detect_cases[_i].want);
}
END_TEST

/* A news page beats the plain reader, which still has plain articles. */
START_TEST(test_choose)
{
	static const char page[] = "<!DOCTYPE html>\n<html><head><title>A\n"
	                           "- B</title></head></html>";
	static const char plain[] = "Headline\n- Jane Doe\n\nBody <b>x</b>.";

	ck_assert_str_eq(format_choose(page, strlen(page), "a.txt", NULL)->name,
	                 "html");
	ck_assert_str_eq(format_choose(plain, strlen(plain), "a.txt", NULL)->name,
	                 "plain");
	ck_assert_str_eq(format_choose(NULL, 0, NULL, "html")->name, "html");
}
END_TEST

/* The sample pages, read as the indexer reads them. */
static const struct {
	const char *file;
	want_t want;
} sample_cases[] = {
	{ "html/night-bus-network-ravensworth.html",
	  { "Night bus network to link Ravensworth suburbs from March",
	    "Hannah Whitlock", "The Ravensworth Courier",
	    "https://www.ravensworthcourier.example/transport/2024/11/14/"
	    "night-bus-network", "en-GB",
	    "Transport|Buses|City Council|Night economy", "2024-11-14T07:30:00Z",
	    NULL } },
	{ "html/brass-band-guenzburg-montreux.html.gz",
	  { "G\xC3\xBCnzburg brass band takes top prize at Montreux contest",
	    "J\xC3\xBCrgen Ke\xC3\x9F" "ler", "Alpine Gazette",
	    "http://www.alpinegazette.example/culture/"
	    "guenzburg-brass-montreux.html", "en", NULL, "2024-06-02T16:45:00Z",
	    NULL } },
};

START_TEST(test_samples)
{
	char path[4096];
	bl_buf_t file;
	int gz = 0;
	fc_got_t c = { 0 };
	const char *body;
	want_t w = sample_cases[_i].want;

	snprintf(path, sizeof path, "%s/%s", BYLINE_SAMPLES_DIR,
	         sample_cases[_i].file);
	fc_load(path, &file, &gz);
	ck_assert_int_eq(gz, strstr(path, ".gz") != NULL);
	ck_assert_str_eq(format_choose(file.data, file.len, path, NULL)->name,
	                 "html");
	ck_assert_int_eq(read_page(file.data, file.len, path, &c), BL_OK);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_uint_eq(c.nwarn, 0);
	body = c.a[0].body;
	ck_assert_ptr_nonnull(body);
	w.body = body;
	check_article(&c.a[0], &w, sample_cases[_i].file);
	/* The text is there; navigation, scripts, comments and the like are
	 * not. */
	if (_i == 0) {
		ck_assert(strncmp(body, "Ravensworth will get its first all-night "
		                  "bus network", 50) == 0);
		ck_assert_ptr_nonnull(strstr(body, "branded \xE2\x80\x9COwlbus"
		                             "\xE2\x80\x9D"));
		ck_assert_ptr_nonnull(strstr(body, "Zo\xC3\xAB Brennan"));
		ck_assert_ptr_nonnull(strstr(body, "\nFares and timetable\n"));
		ck_assert_ptr_nonnull(strstr(body, "half a night\xE2\x80\x99s"));
		ck_assert_ptr_nonnull(strstr(body, "review ridership after "
		                             "twelve months."));
		ck_assert_ptr_null(strstr(body, "Opinion"));
		ck_assert_ptr_null(strstr(body, "Related"));
		ck_assert_ptr_null(strstr(body, "Most read"));
		ck_assert_ptr_null(strstr(body, "loadAd"));
		ck_assert_ptr_null(strstr(body, "ad slot"));
		ck_assert_ptr_null(strstr(body, "Privacy"));
		ck_assert_ptr_null(strstr(body, "By Hannah"));
	} else {
		ck_assert(strncmp(body, "G\xC3\xBCnzburg brass band", 15) == 0);
		ck_assert_ptr_nonnull(strstr(body, "Ana\xC3\xAFs R\xC3\xBC" "egg, "
		                             "F\xC3\xB6hn \xC3\xBC" "ber dem See"));
		ck_assert_ptr_nonnull(strstr(body, "premi\xC3\xA8re"));
		ck_assert_ptr_null(strstr(body, "Search"));
		ck_assert_ptr_null(strstr(body, "popup"));
		ck_assert_ptr_null(strstr(body, "rights expired"));
		ck_assert_ptr_null(strstr(body, "counter"));
	}
	fc_free(&c);
	bl_buf_free(&file);
}
END_TEST

static Suite *
format_html_suite(void)
{
	Suite *s = suite_create("format_html");
	TCase *core = tcase_create("core");
	TCase *detect = tcase_create("detect");
	TCase *limits = tcase_create("limits");
	TCase *samples = tcase_create("samples");

	tcase_add_loop_test(core, test_fields, 0, COUNT(cases));
	tcase_add_test(core, test_empty);
	tcase_add_test(core, test_emit_error);
	suite_add_tcase(s, core);
	tcase_add_loop_test(detect, test_detect, 0, COUNT(detect_cases));
	tcase_add_test(detect, test_choose);
	suite_add_tcase(s, detect);
	tcase_add_test(limits, test_too_large);
	tcase_add_test(limits, test_many_unclosed);
	tcase_set_timeout(limits, 60);
	suite_add_tcase(s, limits);
	tcase_add_loop_test(samples, test_samples, 0, COUNT(sample_cases));
	suite_add_tcase(s, samples);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(format_html_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
