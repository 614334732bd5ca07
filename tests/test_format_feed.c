/* test_format_feed.c - Check suite for the RSS/Atom reader: every field, malformed items, detection, samples. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bl_buf.h"
#include "format.h"
#include "format_capture.h"

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* Reads len bytes of the file path into c, with "news/feed.xml" as the
 * default article id. */
static bl_status_t
read_feed(const char *text, size_t len, const char *path, fc_got_t *c)
{
	format_input_t in = { .text = text, .len = len, .path = path,
	                      .id = "news/feed.xml" };

	return fc_run(format_feed_read, &in, c);
}

/* The warnings as "record: what" lines in out[0..size), or NULL if there
 * are none. */
static const char *
warning_lines(const fc_got_t *c, char *out, size_t size)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < c->nwarn && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%zu: %s\n",
		                         c->warn[i].record, c->warn[i].what);
	return c->nwarn ? out : NULL;
}

/* The fields expected of an article; NULL means absent. categories are
 * joined with '|', the date is ISO 8601 UTC. */
typedef struct want {
	const char *id, *title, *author, *source, *url, *language, *categories;
	const char *date, *body;
} want_t;

static void
check_article(const fc_article_t *a, const want_t *w, const char *file,
              size_t i)
{
	char name[256];

	snprintf(name, sizeof name, "%s #%zu", file, i + 1);
	fc_check_str(name, "id", a->id, w->id);
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
	fc_check_str(name, "path", a->path, "dir/feed.xml");
}

static const struct {
	const char *name, *in;
	size_t n;
	want_t want[3];
	const char *warnings;   /* "record: what" lines, or NULL */
} cases[] = {
	{ "rss 2.0", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	  "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/"
	  "modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	  "<channel><title>Daily &amp; Weekly Post</title>"
	  "<link>http://post.example/</link><language>en-us</language>"
	  "<image><title>Logo title</title><url>http://post.example/l.png</url>"
	  "</image>"
	  "<item><title>First story</title>"
	  "<link> http://post.example/1 </link>"
	  "<guid isPermaLink=\"false\">post-1</guid>"
	  "<dc:creator>Ann Example</dc:creator>"
	  "<pubDate>Tue, 06 Aug 2024 16:43:00 +0000</pubDate>"
	  "<category>World</category><category domain=\"x\">Trade</category>"
	  "<category>world</category>"
	  "<description>Short summary.</description>"
	  "<content:encoded><![CDATA[<p>Full <b>text</b> &amp; more.</p>"
	  "<script>x()</script><p>Second.</p>]]></content:encoded></item>"
	  "<item><title>Second story</title>"
	  "<guid>http://post.example/2</guid>"
	  "<author>ben@post.example (Ben Example)</author>"
	  "<pubDate>Mon, 05 Aug 2024 08:00:00 GMT</pubDate>"
	  "<description>&lt;p&gt;Escaped &lt;i&gt;HTML&lt;/i&gt;&lt;/p&gt;"
	  "&lt;p&gt;caf&amp;eacute;&lt;/p&gt;</description></item>"
	  "</channel></rss>", 2,
	  { { "post-1", "First story", "Ann Example", "Daily & Weekly Post",
	      "http://post.example/1", "en-us", "World|Trade",
	      "2024-08-06T16:43:00Z", "Full text & more.\nSecond." },
	    { "http://post.example/2", "Second story", "Ben Example",
	      "Daily & Weekly Post", "http://post.example/2", "en-us", NULL,
	      "2024-08-05T08:00:00Z", "Escaped HTML\ncaf\xC3\xA9" } }, NULL },
	{ "rss titles are html, often escaped twice",
	  "<rss><channel><title>T</title><item>"
	  "<title>Caf&amp;eacute; &amp;amp; bar &lt;b&gt;now&lt;/b&gt;</title>"
	  "<description>x</description></item>"
	  "<item><title><![CDATA[Q&A: <em>rates</em> &amp; you]]></title>"
	  "</item></channel></rss>", 2,
	  { { "news/feed.xml#1", "Caf\xC3\xA9 & bar now", NULL, "T", NULL, NULL,
	      NULL, NULL, "x" },
	    { "news/feed.xml#2", "Q&A: rates & you", NULL, "T", NULL, NULL, NULL,
	      NULL, NULL } }, NULL },
	{ "guid permalink rules",
	  "<rss><channel><item><title>a</title><guid>not-a-url</guid></item>"
	  "<item><title>b</title><guid isPermaLink=\"true\">http://x/b</guid>"
	  "</item><item><title>c</title><guid isPermaLink=\"false\">"
	  "http://x/c</guid></item></channel></rss>", 3,
	  { { "not-a-url", "a", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	    { "http://x/b", "b", NULL, NULL, "http://x/b", NULL, NULL, NULL,
	      NULL },
	    { "http://x/c", "c", NULL, NULL, NULL, NULL, NULL, NULL, NULL } },
	  NULL },
	{ "raw html in a description",
	  "<rss><channel><item><title>t</title><description><p>Raw <b>html"
	  "</b><br>line &amp; more</p></description></item></channel></rss>", 1,
	  { { "news/feed.xml#1", "t", NULL, NULL, NULL, NULL, NULL, NULL,
	      "Raw html\nline & more" } }, NULL },
	{ "atom", "<?xml version=\"1.0\"?>"
	  "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de\">"
	  "<title type=\"html\">Obs &amp;amp; News</title>"
	  "<link rel=\"self\" href=\"http://o.example/feed\"/>"
	  "<author><name>Press Office</name></author>"
	  "<id>urn:feed</id><updated>2024-01-01T00:00:00Z</updated>"
	  "<entry><title>Comet found</title>"
	  "<link rel=\"enclosure\" href=\"http://o.example/c.jpg\"/>"
	  "<link rel=\"alternate\" type=\"text/html\" "
	  "href=\"http://o.example/comet?a=1&amp;b=2\"/>"
	  "<id>urn:comet</id>"
	  "<updated>2024-02-02T10:00:00Z</updated>"
	  "<published>2024-02-01T09:00:00-05:00</published>"
	  "<author><name>Dr. A. N. Other</name><email>a@o.example</email>"
	  "</author>"
	  "<category term=\"Comets\" label=\"Comets and asteroids\"/>"
	  "<category term=\"Discoveries\"></category>"
	  "<summary>Summary only.</summary>"
	  "<content type=\"html\">&lt;p&gt;A &lt;b&gt;faint&lt;/b&gt; comet"
	  "&amp;nbsp;found.&lt;/p&gt;</content></entry>"
	  "<entry><title type=\"text\">Plain &lt;b&gt; title</title>"
	  "<link href=\"http://o.example/2\"/><id>urn:2</id>"
	  "<updated>2024-03-03T03:03:03Z</updated>"
	  "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
	  "<p>XHTML <em>body</em> &amp; &lt;tags&gt;</p><p>Two</p></div>"
	  "</content></entry>"
	  "<entry><title>Third</title><id>urn:3</id>"
	  "<source><title>Other feed</title><id>urn:other</id>"
	  "<updated>2001-01-01T00:00:00Z</updated></source>"
	  "<summary type=\"text\">Text &lt;b&gt;summary&lt;/b&gt;</summary>"
	  "<content src=\"http://o.example/3.html\"/></entry></feed>", 3,
	  { { "urn:comet", "Comet found", "Dr. A. N. Other", "Obs & News",
	      "http://o.example/comet?a=1&b=2", "de", "Comets|Discoveries",
	      "2024-02-01T14:00:00Z", "A faint comet found." },
	    { "urn:2", "Plain <b> title", "Press Office", "Obs & News",
	      "http://o.example/2", "de", NULL, "2024-03-03T03:03:03Z",
	      "XHTML body & <tags>\nTwo" },
	    { "urn:3", "Third", "Press Office", "Obs & News", NULL, "de", NULL,
	      NULL, "Text <b>summary</b>" } }, NULL },
	{ "rss 1.0",
	  "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/"
	  "02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" "
	  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	  "<channel rdf:about=\"http://r.example/\"><title>RDF News</title>"
	  "<items><rdf:Seq><rdf:li resource=\"http://r.example/1\"/></rdf:Seq>"
	  "</items></channel>"
	  "<item rdf:about=\"http://r.example/1\"><title>One</title>"
	  "<link>http://r.example/1.html</link><dc:creator>Cy</dc:creator>"
	  "<dc:date>2024-04-04T04:04:04+00:00</dc:date>"
	  "<dc:subject>Science</dc:subject>"
	  "<description>Body one.</description></item></rdf:RDF>", 1,
	  { { "http://r.example/1", "One", "Cy", "RDF News",
	      "http://r.example/1.html", NULL, "Science",
	      "2024-04-04T04:04:04Z", "Body one." } }, NULL },
	{ "unclosed item resynchronised",
	  "<rss><channel><title>S</title>"
	  "<item><title>One</title><description>1</description></item>"
	  "<item><title>Two</title><description>2</description>"
	  "<item><title>Three</title><description>3</description></item>"
	  "</channel></rss>", 2,
	  { { "news/feed.xml#1", "One", NULL, "S", NULL, NULL, NULL, NULL, "1" },
	    { "news/feed.xml#3", "Three", NULL, "S", NULL, NULL, NULL, NULL,
	      "3" } }, "2: unclosed <item>\n" },
	{ "unclosed field",
	  "<rss><channel><item><title>One</title><description>never closed"
	  "</item><item><title>Two</title></item></channel></rss>", 1,
	  { { "news/feed.xml#2", "Two", NULL, NULL, NULL, NULL, NULL, NULL,
	      NULL } }, "1: unclosed <description>\n" },
	{ "unclosed field before the next item",
	  "<rss><channel><item><title>One<item><title>Two</title></item>"
	  "</channel></rss>", 1,
	  { { "news/feed.xml#2", "Two", NULL, NULL, NULL, NULL, NULL, NULL,
	      NULL } }, "1: unclosed <item>\n" },
	{ "truncated feed",
	  "<rss><channel><item><title>One</title></item><item><title>Tw", 1,
	  { { "news/feed.xml#1", "One", NULL, NULL, NULL, NULL, NULL, NULL,
	      NULL } }, "2: unclosed <item>\n" },
	{ "unclosed atom entry",
	  "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>A</title>"
	  "<entry><title>B</title><id>b</id></entry></feed>", 1,
	  { { "b", "B", NULL, NULL, NULL, NULL, NULL, NULL, NULL } },
	  "1: unclosed <entry>\n" },
	{ "unknown unclosed children are empty",
	  "<rss><channel><item><enclosure url=\"http://x/a.mp3\" length=\"1\">"
	  "<media:thumbnail url=x><title>T</title><description>D</description>"
	  "<media:group><title>not this</title></media:group></item>"
	  "</channel></rss>", 1,
	  { { "news/feed.xml#1", "T", NULL, NULL, NULL, NULL, NULL, NULL, "D" } },
	  NULL },
	{ "empty items count",
	  "<rss><channel><item/><item></item><item><link>http://x/3</link>"
	  "</item><item><title>Four</title></item></channel></rss>", 1,
	  { { "news/feed.xml#4", "Four", NULL, NULL, NULL, NULL, NULL, NULL,
	      NULL } }, NULL },
	{ "unparseable date",
	  "<rss><channel><item><title>A</title><pubDate>someday soon</pubDate>"
	  "</item><item><title>B</title><pubDate>Funday, 99 Foo</pubDate>"
	  "<dc:date>2024-05-05</dc:date></item></channel></rss>", 2,
	  { { "news/feed.xml#1", "A", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	    { "news/feed.xml#2", "B", NULL, NULL, NULL, NULL, NULL,
	      "2024-05-05T00:00:00Z", NULL } },
	  "1: unparseable date 'someday soon'\n" },
	{ "windows-1252 encoding",
	  "<?xml version='1.0' encoding='windows-1252'?><rss><channel>"
	  "<title>Caf\xE9 Post</title><item><title>\x93Quoted\x94 na\xEFve"
	  "</title><description>\x80 5</description></item></channel></rss>", 1,
	  { { "news/feed.xml#1", "\xE2\x80\x9CQuoted\xE2\x80\x9D na\xC3\xAFve",
	      NULL, "Caf\xC3\xA9 Post", NULL, NULL, NULL, NULL,
	      "\xE2\x82\xAC 5" } }, NULL },
	{ "iso-8859-1 encoding",
	  "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item>"
	  "<title>Cr\xEApe</title></item></channel></rss>", 1,
	  { { "news/feed.xml#1", "Cr\xC3\xAApe", NULL, NULL, NULL, NULL, NULL,
	      NULL, NULL } }, NULL },
	{ "byte order mark and comments",
	  "\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- c --><!DOCTYPE rss>"
	  "<rss version=\"0.91\"><channel><item><title>Old</title>"
	  "<!-- <title>no</title> --></item></channel></rss>", 1,
	  { { "news/feed.xml#1", "Old", NULL, NULL, NULL, NULL, NULL, NULL,
	      NULL } }, NULL },
	{ "no items", "<rss><channel><title>Empty</title></channel></rss>", 0,
	  { { NULL } }, NULL },
	{ "not a feed at all", "just some text < and & stuff", 0, { { NULL } },
	  NULL },
};

START_TEST(test_fields)
{
	fc_got_t c = { 0 };
	char warnings[1024];
	size_t i;

	ck_assert_int_eq(read_feed(cases[_i].in, strlen(cases[_i].in),
	                           "dir/feed.xml", &c), BL_OK);
	ck_assert_msg(c.n == cases[_i].n, "%s: %zu articles, want %zu",
	              cases[_i].name, c.n, cases[_i].n);
	for (i = 0; i < c.n; i++)
		check_article(&c.a[i], &cases[_i].want[i], cases[_i].name, i);
	fc_check_str(cases[_i].name, "warnings",
	             warning_lines(&c, warnings, sizeof warnings),
	             cases[_i].warnings);
	fc_free(&c);
}
END_TEST

/* An item over the record cap is skipped with a warning; the next one is
 * read. */
START_TEST(test_too_large)
{
	static const char head[] = "<rss><channel><item><title>Big</title>"
	                           "<description>";
	static const char tail[] = "</description></item><item><title>Small"
	                           "</title></item></channel></rss>";
	size_t len;
	char *big = fc_padded(head, 'x', FORMAT_MAX_RECORD, tail, &len);
	fc_got_t c = { 0 };

	ck_assert_int_eq(read_feed(big, len, "big.rss", &c), BL_OK);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_str_eq(c.a[0].title, "Small");
	ck_assert_uint_eq(c.nwarn, 1);
	ck_assert_uint_eq(c.warn[0].record, 1);
	ck_assert_str_eq(c.warn[0].what, "<item> larger than the record size "
	                 "limit");
	fc_free(&c);
	free(big);
}
END_TEST

/* Thousands of unclosed unknown elements in an item, and unclosed
 * channel titles: every search for an end tag that is not there happens
 * a bounded number of times, so this is quick. */
START_TEST(test_many_unclosed)
{
	size_t n = 100000, i, len;
	char *feed = malloc(n * 8 + 256);
	fc_got_t c = { 0 };

	ck_assert_ptr_nonnull(feed);
	len = (size_t)sprintf(feed, "<rss><channel>");
	for (i = 0; i < n / 10; i++)
		len += (size_t)sprintf(feed + len, "<title>");
	len += (size_t)sprintf(feed + len, "<item><title>T</title>");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(feed + len, "<x%zu>", i % 16);
	len += (size_t)sprintf(feed + len, "<description>D</description>"
	                       "</item></channel></rss>");
	ck_assert_int_eq(read_feed(feed, len, "dir/feed.xml", &c), BL_OK);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_str_eq(c.a[0].title, "T");
	ck_assert_str_eq(c.a[0].body, "D");
	ck_assert_ptr_null(c.a[0].source);
	ck_assert_uint_eq(c.nwarn, 0);
	fc_free(&c);
	free(feed);
}
END_TEST

/* An emit error stops the reader at once and comes back. */
START_TEST(test_emit_error)
{
	static const char feed[] = "<rss><channel><item><title>1</title></item>"
	                           "<item><title>2</title></item></channel></rss>";
	format_input_t in = { .text = feed, .len = strlen(feed), .path = "f.rss",
	                      .id = "f.rss" };
	fc_got_t c = { 0 };

	c.fail_at = 1;
	c.fail_with = BL_ERR_NOMEM;
	ck_assert_int_eq(fc_run(format_feed_read, &in, &c), BL_ERR_NOMEM);
	ck_assert_uint_eq(c.calls, 1);
	fc_free(&c);
}
END_TEST

/* Every prefix of a feed reads without crashing, warning at most about
 * the item cut short. */
START_TEST(test_prefixes)
{
	const char *feed = cases[0].in;
	size_t n, len = strlen(feed);
	fc_got_t c = { 0 };

	for (n = 0; n <= len; n++) {
		if (read_feed(feed, n, "dir/feed.xml", &c) != BL_OK || c.n > 2 ||
		    c.nwarn > 1)
			ck_abort_msg("prefix of %zu bytes", n);
		fc_free(&c);
	}
}
END_TEST

static const struct {
	const char *in, *path;
	int want;
} detect_cases[] = {
	{ "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", "f.txt", 95 },
	{ "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", "f.rss", 98 },
	{ "<rss>", "F.XML.gz", 98 },
	{ "\xEF\xBB\xBF <!-- c --><?xml-stylesheet href=x?><rdf:RDF xmlns:rdf="
	  "\"x\">", "f", 95 },
	{ "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "f.atom", 98 },
	{ "<?xml version='1.0'?><!DOCTYPE rss SYSTEM \"x.dtd\"><rss>", "f", 95 },
	{ "<html><body><rss></rss></body></html>", "f.rss", 20 },
	{ "<channel><item>", "f", 0 },
	{ "<?xml version=\"1.0\"?><catalog/>", "f.xml", 5 },
	{ "Plain text", "f.atom", 20 },
	{ "Plain text", "f.txt", 0 },
	{ "", NULL, 0 },
};

START_TEST(test_detect)
{
	fc_check_detect(format_feed_detect, detect_cases[_i].in,
	                detect_cases[_i].path, detect_cases[_i].want);
}
END_TEST

/* Feeds beat HTML (escaped pages inside) and plain text. */
START_TEST(test_choose)
{
	static const char feed[] = "<rss><channel><item><description><![CDATA["
	                           "<html><body>x</body></html>]]></description>"
	                           "</item></channel></rss>";

	ck_assert_str_eq(format_choose(feed, strlen(feed), "f.html", NULL)->name,
	                 "feed");
	ck_assert_str_eq(format_choose(NULL, 0, NULL, "feed")->name, "feed");
}
END_TEST

/* The sample feeds, read as the indexer reads them. */
static const struct {
	const char *file;
	size_t n;
	want_t want[3];
	const char *warnings;
} sample_cases[] = {
	{ "feeds/courier-world.rss", 3, {
	  { "courier-world-88231",
	    "Valpara\xC3\xADso dock workers end strike after pay deal",
	    "Ines Carvajal", "The Ravensworth Courier \xE2\x80\x93 World",
	    "https://www.ravensworthcourier.example/world/2024/11/18/"
	    "valparaiso-dock-strike", "en-gb", "Chile|Labour",
	    "2024-11-18T09:40:00Z",
	    "Cranes at Valpara\xC3\xADso, Chile's second-busiest container port, "
	    "moved again on Monday after dock workers accepted a 7 percent pay "
	    "rise and ended an 11-day strike.\nThe stoppage had stranded 40 "
	    "ships in the bay and delayed cherry exports to Asia at the start "
	    "of the season." },
	  { "https://www.ravensworthcourier.example/world/2024/11/17/"
	    "alsace-storks",
	    "White stork chicks hatch in Alsace village for the first time in "
	    "60 years", "Paul Delacroix",
	    "The Ravensworth Courier \xE2\x80\x93 World",
	    "https://www.ravensworthcourier.example/world/2024/11/17/"
	    "alsace-storks", "en-gb", "France|Wildlife", "2024-11-17T15:05:00Z",
	    "Three white stork chicks have hatched on the church tower of "
	    "Oberhaslach, the first brood in the village since the 1960s.\n"
	    "Volunteers built the nest platform in 2021 \xE2\x80\x93 "
	    "\xE2\x80\x9Cwe had almost given up\xE2\x80\x9D, said the mayor, "
	    "Odile Straub." },
	  { "courier-world-88190", "Teenager's symphony premieres in Tallinn",
	    "Marta Kask", "The Ravensworth Courier \xE2\x80\x93 World",
	    "https://www.ravensworthcourier.example/world/2024/11/16/"
	    "tallinn-symphony", "en-gb", "Estonia|Music", "2024-11-16T19:30:00Z",
	    "The Estonian National Symphony Orchestra on Saturday played the "
	    "first symphony of Kaspar Lill, a 16-year-old pupil of the Tallinn "
	    "Music School, to a sold-out hall.\nThe 40-minute work, written "
	    "over two summers, ends with a chorale the audience greeted with a "
	    "standing ovation." } }, NULL },
	{ "feeds/kestrel-ridge-observatory.atom", 2, {
	  { "tag:kestrelridge.example,2024:news/comet-discovery",
	    "Amateur astronomers spot new comet over Kestrel Ridge",
	    "Dr. Amelia Norcross", "Kestrel Ridge Observatory News",
	    "https://kestrelridge.example/news/2024/10/comet-discovery", "en",
	    "Discoveries|Comets", "2024-10-04T00:15:00Z",
	    "Two members of the Kestrel Ridge observing club, Tomasz Wren and "
	    "Lucy Abernathy, found a faint comet in Lynx on the night of 28 "
	    "September using the club\xE2\x80\x99s 40 cm reflector.\nThe Minor "
	    "Planet Center has confirmed the object, now designated C/2024 S9." },
	  { "tag:kestrelridge.example,2024:news/refractor",
	    "Restored 1912 refractor opens to the public",
	    "Observatory press office", "Kestrel Ridge Observatory News",
	    "https://kestrelridge.example/news/2024/09/refractor", "en",
	    "Events", "2024-09-14T10:00:00Z",
	    "The observatory\xE2\x80\x99s brass refractor, built in 1912 and "
	    "silent for three decades, returns to service after a two-year "
	    "restoration.\nPublic nights resume on Fridays from 8 pm, weather "
	    "permitting." } }, NULL },
	{ "feeds/county-briefs.xml", 2, {
	  { "http://amberdale.example/briefs/footbridge",
	    "Footbridge over the Amber reopens after repairs", "Rhys Pemberton",
	    "Amberdale County Briefs",
	    "http://amberdale.example/briefs/footbridge", NULL, NULL,
	    "2024-03-05T08:00:00Z",
	    "The Mill Lane footbridge reopened on Monday after four months of "
	    "work on its rusted piers. Cyclists must dismount." },
	  { "http://amberdale.example/briefs/market-depot",
	    "Farmers' market moves to the old tram depot", NULL,
	    "Amberdale County Briefs",
	    "http://amberdale.example/briefs/market-depot", NULL, "Markets",
	    "2024-03-02T07:30:00Z",
	    "Stallholders welcomed the covered hall: \"No more soggy "
	    "cr\xC3\xAApes,\" said one." } }, "2: unclosed <item>\n" },
};

START_TEST(test_samples)
{
	char path[4096], warnings[1024];
	bl_buf_t file;
	fc_got_t c = { 0 };
	size_t i;

	snprintf(path, sizeof path, "%s/%s", BYLINE_SAMPLES_DIR,
	         sample_cases[_i].file);
	fc_load(path, &file, NULL);
	ck_assert_str_eq(format_choose(file.data, file.len, path, NULL)->name,
	                 "feed");
	ck_assert_int_eq(read_feed(file.data, file.len, "dir/feed.xml", &c),
	                 BL_OK);
	ck_assert_uint_eq(c.n, sample_cases[_i].n);
	for (i = 0; i < c.n; i++)
		check_article(&c.a[i], &sample_cases[_i].want[i],
		              sample_cases[_i].file, i);
	fc_check_str(sample_cases[_i].file, "warnings",
	             warning_lines(&c, warnings, sizeof warnings),
	             sample_cases[_i].warnings);
	fc_free(&c);
	bl_buf_free(&file);
}
END_TEST

static Suite *
format_feed_suite(void)
{
	Suite *s = suite_create("format_feed");
	TCase *core = tcase_create("core");
	TCase *detect = tcase_create("detect");
	TCase *limits = tcase_create("limits");
	TCase *samples = tcase_create("samples");

	tcase_add_loop_test(core, test_fields, 0, COUNT(cases));
	tcase_add_test(core, test_emit_error);
	suite_add_tcase(s, core);
	tcase_add_loop_test(detect, test_detect, 0, COUNT(detect_cases));
	tcase_add_test(detect, test_choose);
	suite_add_tcase(s, detect);
	tcase_add_test(limits, test_too_large);
	tcase_add_test(limits, test_prefixes);
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
	SRunner *sr = srunner_create(format_feed_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
