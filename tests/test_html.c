/* test_html.c - Check suite for bl_html (HTML to text, entities) and its tokenizer, bl_markup. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bl_html.h"
#include "bl_markup.h"
#include "bl_utf8.h"

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* Entity decoding: what bl_html_decode_entities() makes of each input. */
static const struct {
	const char *in, *want;
} entity_cases[] = {
	{ "", "" },
	{ "no references", "no references" },
	{ "&amp;&lt;&gt;&quot;&apos;", "&<>\"'" },
	{ "caf&eacute; &Eacute;COLE", "caf\xC3\xA9 \xC3\x89" "COLE" },
	{ "&nbsp;", "\xC2\xA0" },
	{ "&copy;&reg;&deg;&frac12;&szlig;&yuml;&Yuml;",
	  "\xC2\xA9\xC2\xAE\xC2\xB0\xC2\xBD\xC3\x9F\xC3\xBF\xC5\xB8" },
	{ "&ldquo;q&rdquo; &lsquo;s&rsquo; &ndash; &mdash; &hellip; &euro; &bull;",
	  "\xE2\x80\x9Cq\xE2\x80\x9D \xE2\x80\x98s\xE2\x80\x99 \xE2\x80\x93 "
	  "\xE2\x80\x94 \xE2\x80\xA6 \xE2\x82\xAC \xE2\x80\xA2" },
	{ "&trade;&dagger;&Dagger;&permil;&laquo;&raquo;&thinsp;",
	  "\xE2\x84\xA2\xE2\x80\xA0\xE2\x80\xA1\xE2\x80\xB0\xC2\xAB\xC2\xBB"
	  "\xE2\x80\x89" },
	{ "&alpha;&Omega;&rarr;&le;&infin;", "\xCE\xB1\xCE\xA9\xE2\x86\x92"
	  "\xE2\x89\xA4\xE2\x88\x9E" },
	/* Numeric references, decimal and hex, with or without ';'. */
	{ "&#233;&#xE9;&#Xe9;&#0233;", "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9" },
	{ "&#8217;s &#x201c;", "\xE2\x80\x99s \xE2\x80\x9C" },
	{ "&#128512;&#x1F600;", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80" },
	{ "&#65 &#x42x", "A Bx" },
	/* Invalid code points become U+FFFD; nothing crashes. */
	{ "&#0;", "\xEF\xBF\xBD" },
	{ "&#xD800;&#xDFFF;", "\xEF\xBF\xBD\xEF\xBF\xBD" },
	{ "&#x110000;", "\xEF\xBF\xBD" },
	{ "&#99999999999999999999999;", "\xEF\xBF\xBD" },
	{ "&#xFFFFFFFFFFFFFFFFFFFF;", "\xEF\xBF\xBD" },
	/* &#128;-&#159; mean Windows-1252, as in browsers. */
	{ "&#128;&#146;&#150;&#x9F;", "\xE2\x82\xAC\xE2\x80\x99\xE2\x80\x93\xC5\xB8" },
	{ "&#129;", "\xEF\xBF\xBD" },
	/* Unknown and malformed references are copied. */
	{ "&bogus; &; &# &#; &#x; &#xg; & amp;", "&bogus; &; &# &#; &#x; &#xg; & amp;" },
	{ "AT&T R&D &copy &eacute", "AT&T R&D &copy &eacute" },
	{ "&averyveryverylongname;", "&averyveryverylongname;" },
	{ "&AMP; &Amp;", "&AMP; &Amp;" },
	/* The common five work without ';', but not before '='. */
	{ "fish &amp chips &lt 3", "fish & chips < 3" },
	{ "?a=1&amp=2&lt=3", "?a=1&amp=2&lt=3" },
	{ "&ampx;", "&ampx;" },
	{ "trailing &", "trailing &" },
	{ "&amp", "&" },
	/* Invalid UTF-8 is repaired (Windows-1252); valid UTF-8 is kept. */
	{ "caf\xE9 &amp; cr\xC3\xA8me \x93q\x94", "caf\xC3\xA9 & cr\xC3\xA8me "
	  "\xE2\x80\x9Cq\xE2\x80\x9D" },
};

/* HTML to text: exact output for each input. */
static const struct {
	const char *name, *in, *want;
} text_cases[] = {
	{ "empty", "", "" },
	{ "plain text", "just words", "just words" },
	{ "white space folds", "  a \t b\n\n c  ", "a b c" },
	{ "inline tags join", "wo<b>r</b>d <i>it</i>", "word it" },
	{ "entities", "<p>Fish &amp; chips &ndash; &#163;5&nbsp;each</p>",
	  "Fish & chips \xE2\x80\x93 \xC2\xA3" "5 each" },
	{ "nbsp folds", "a&nbsp;&nbsp; b\xC2\xA0\xC2\xA0" "c", "a b c" },
	{ "blocks end lines", "<p>one</p><p>two</p><div>three<br>four</div>"
	  "<h2>five</h2><ul><li>six<li>seven</ul>",
	  "one\ntwo\nthree\nfour\nfive\nsix\nseven" },
	{ "no blank lines", "<p>a</p>\n\n<p></p><br><br><p>b</p>", "a\nb" },
	{ "table cells", "<table><tr><td>a</td><td>b</td></tr><tr><th>c<td>d"
	  "</table>", "a b\nc d" },
	{ "blockquote article section", "x<blockquote>q</blockquote><article>"
	  "a</article><section>s</section>y", "x\nq\na\ns\ny" },
	{ "head dropped", "<html><head><title>T</title><meta charset=utf-8>"
	  "<link rel=x></head><body>B</body></html>", "B" },
	{ "head closed by body text", "<head><title>T</title>Hello <b>there",
	  "Hello there" },
	{ "head closed by body tag", "<head><title>T</title><p>Para", "Para" },
	{ "script dropped", "a<script>var s = '<p>no</p>'; if (a<b) x();"
	  "</script>b", "ab" },
	{ "script end needs name", "a<script>x = '</scripty>';</script >b",
	  "ab" },
	{ "script uppercase end", "a<SCRIPT type=text/javascript>1<2"
	  "</ScRiPt>b", "ab" },
	{ "style dropped", "<style>p > a { color: red }</style>text", "text" },
	{ "unclosed script drops rest", "a<script>var x = 1; b c", "a" },
	{ "self-closed script", "a<script src=x.js />b", "ab" },
	{ "noscript template svg", "a<noscript><img src=t.gif>n</noscript>"
	  "<template><p>t</p></template><svg><title>i</title><text>s</text>"
	  "</svg>b", "a b" },
	{ "nav header footer aside form", "<header>H<nav>N</nav></header>"
	  "<p>body</p><aside>A</aside><form>F<input></form><footer>F"
	  "</footer>", "body" },
	{ "nested drops", "<nav>a<nav>b</nav>c</nav>d", "d" },
	{ "stray end of drop", "a</nav>b", "a\nb" },
	{ "button select", "Sign up<button>Go</button>now<select><option>x"
	  "</option></select>!", "Sign up now !" },
	{ "comments dropped", "a<!-- <p>hidden</p> -->b<!---->c<!-->d"
	  "<!--->e", "abcde" },
	{ "unclosed comment", "a<!-- never closed <p>b", "a" },
	{ "doctype and pi", "<!DOCTYPE html><?xml version=\"1.0\"?>x", "x" },
	{ "bogus comments", "a<!foo>b</ bar>c</>d", "ab</ bar>cd" },
	{ "cdata is text", "a<![CDATA[<b>&amp;</b>]]>b", "a<b>&amp;</b>b" },
	{ "unclosed cdata", "a<![CDATA[x y", "ax y" },
	{ "stray less-than", "3 < 4 and 5<6, a <= b, <3 <", "3 < 4 and 5<6, a <= b, <3 <" },
	{ "stray less-than slash", "1 </ 2", "1 </ 2" },
	{ "attribute with >", "<a title=\"a > b\" href='x>y'>link</a> text",
	  "link text" },
	{ "attribute with quote inside other", "<a title=\"it's\" b='say \"hi\"'>"
	  "x</a>", "x" },
	{ "unclosed quote ends at >", "a <a href=\"oops>Click</a> more", "a Click more" },
	{ "unclosed tag at end", "text <p class=x", "text" },
	{ "less-than in tag name", "<p<b>x", "x" },
	{ "uppercase tags", "<P>One<BR>Two</P><SCRIPT>x</SCRIPT><NAV>n</NAV>"
	  "<DIV>Three</DIV>", "One\nTwo\nThree" },
	{ "pre keeps lines", "<pre>a  b\n c\n\nd</pre>e", "a b\nc\nd\ne" },
	{ "title outside head", "<p>x</p><title>t</title>y", "x\ny" },
	{ "unclosed title read again", "<title>T <p>body", "T\nbody" },
	{ "textarea", "a<textarea><p>not markup</textarea>b", "a b" },
	{ "soft hyphen and zwsp", "news&shy;paper in\xC2\xAD" "dex zero\xE2\x80\x8Bwidth",
	  "newspaper index zerowidth" },
	{ "latin-1 bytes repaired", "<p>Caf\xE9 cr\xE8me \x93quoted\x94 \xA0x</p>",
	  "Caf\xC3\xA9 cr\xC3\xA8me \xE2\x80\x9Cquoted\xE2\x80\x9D x" },
	{ "utf-8 kept", "<p>Z\xC3\xBC" "rich-free \xE2\x80\x94 \xF0\x9F\x98\x80</p>",
	  "Z\xC3\xBC" "rich-free \xE2\x80\x94 \xF0\x9F\x98\x80" },
	{ "nul byte", "a\0b", "a\xEF\xBF\xBD" "b" },
	{ "control characters are space", "a\x01\x02" "b\x7F" "c", "a b c" },
	{ "xhtml self-closing", "<p>a<br/>b<img src=\"x\"/>c</p>", "a\nbc" },
	{ "long tag name", "<averyveryveryveryveryverylongtagname-x>a"
	  "</averyveryveryveryveryverylongtagname-x>", "a" },
};

START_TEST(test_entities)
{
	bl_buf_t b;

	bl_buf_init(&b, 0);
	ck_assert_int_eq(bl_html_decode_entities(entity_cases[_i].in,
	                 strlen(entity_cases[_i].in), &b), BL_OK);
	ck_assert_msg(strcmp(bl_buf_cstr(&b), entity_cases[_i].want) == 0,
	              "\"%s\": got \"%s\", want \"%s\"", entity_cases[_i].in,
	              bl_buf_cstr(&b), entity_cases[_i].want);
	ck_assert(bl_utf8_valid(b.data ? b.data : "", b.len));
	bl_buf_free(&b);
}
END_TEST

START_TEST(test_text)
{
	bl_buf_t b;
	/* The NUL case needs its length given. */
	size_t len = strcmp(text_cases[_i].name, "nul byte") == 0 ? 3 :
	             strlen(text_cases[_i].in);

	bl_buf_init(&b, 0);
	ck_assert_int_eq(bl_html_to_text(text_cases[_i].in, len, &b), BL_OK);
	ck_assert_msg(strcmp(bl_buf_cstr(&b), text_cases[_i].want) == 0,
	              "%s: got \"%s\", want \"%s\"", text_cases[_i].name,
	              bl_buf_cstr(&b), text_cases[_i].want);
	ck_assert(bl_utf8_valid(b.data ? b.data : "", b.len));
	bl_buf_free(&b);
}
END_TEST

/* Appends to what out holds, never before it. */
START_TEST(test_appends)
{
	bl_buf_t b;

	bl_buf_init(&b, 0);
	bl_buf_puts(&b, "pre:");
	ck_assert_int_eq(bl_html_to_text("<p> x </p>", 10, &b), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&b), "pre:x");
	ck_assert_int_eq(bl_html_decode_entities("&lt;", 4, &b), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&b), "pre:x<");
	bl_buf_free(&b);
}
END_TEST

/* Only len bytes are read. */
START_TEST(test_length_bounded)
{
	static const char s[] = "<p>abc</p><script>";
	char odd[8];
	bl_buf_t b;

	bl_buf_init(&b, 0);
	ck_assert_int_eq(bl_html_to_text(s, 10, &b), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&b), "abc");
	bl_buf_reset(&b);
	memcpy(odd, "&eacute;", 8);         /* no NUL */
	ck_assert_int_eq(bl_html_decode_entities(odd, 7, &b), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&b), "&eacute");
	bl_buf_reset(&b);
	ck_assert_int_eq(bl_html_decode_entities(odd, 8, &b), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&b), "\xC3\xA9");
	bl_buf_free(&b);
}
END_TEST

/* The output buffer's cap is honoured and reported. */
START_TEST(test_cap)
{
	bl_buf_t b;

	bl_buf_init(&b, 8);
	ck_assert_int_eq(bl_html_to_text("<p>0123456789 abcdef</p>", 24, &b),
	                 BL_ERR_LIMIT);
	ck_assert_uint_le(b.len, 8);
	bl_buf_free(&b);
	bl_buf_init(&b, 4);
	ck_assert_int_eq(bl_html_decode_entities("&eacute;&eacute;&eacute;", 24,
	                 &b), BL_ERR_LIMIT);
	bl_buf_free(&b);
}
END_TEST

static const char torture[] =
	"<!DOCTYPE html><html lang=en><head><title>T&amp;</title>"
	"<script>if(a<b&&c>d){x='</p>'}</script><style>a>b{}</style></head>"
	"<body><nav><a href=\"/x?a=1&amp;b=2\">N</nav><!-- c -->"
	"<article><h1 class='t'>H&eacute;</h1><p>a &#x1F600; &#0; <b>b</b>"
	"<![CDATA[c]]> <a title=\"x>y\" href='z'>d</a> 1<2 </p><pre>p\nq</pre>"
	"<table><tr><td>e<td>f</table></article><footer>F</footer>"
	"\xE9\xC3\xA9\xF0\x9F\x98</body></html>";

/* Every prefix of a document full of traps converts without error to
 * valid UTF-8 (the sanitizers and valgrind watch the reads). */
START_TEST(test_prefixes)
{
	bl_buf_t b;
	size_t n;

	bl_buf_init(&b, 0);
	for (n = 0; n <= sizeof torture - 1; n++) {
		bl_buf_reset(&b);
		if (bl_html_to_text(torture, n, &b) != BL_OK ||
		    !bl_utf8_valid(b.data ? b.data : "", b.len))
			ck_abort_msg("prefix of %zu bytes", n);
		bl_buf_reset(&b);
		if (bl_html_decode_entities(torture, n, &b) != BL_OK ||
		    !bl_utf8_valid(b.data ? b.data : "", b.len))
			ck_abort_msg("entities, prefix of %zu bytes", n);
	}
	bl_buf_reset(&b);
	bl_html_to_text(torture, sizeof torture - 1, &b);
	/* The cut 4-byte sequence at the end is three Windows-1252 bytes. */
	ck_assert_str_eq(bl_buf_cstr(&b), "H\xC3\xA9\na \xF0\x9F\x98\x80 "
	                 "\xEF\xBF\xBD bc d 1<2\np\nq\ne f\n\xC3\xA9\xC3\xA9"
	                 "\xC3\xB0\xC5\xB8\xCB\x9C");
	bl_buf_free(&b);
}
END_TEST

/* Random bytes drawn mostly from markup characters never crash and always
 * give valid UTF-8. */
START_TEST(test_random)
{
	static const char alphabet[] = "<>/!-[]CDATA&#;x9a \"'=script\xE9\xC3";
	char buf[256];
	uint32_t seed = 12345;
	bl_buf_t b;
	int round;
	size_t i;

	bl_buf_init(&b, 0);
	for (round = 0; round < 3000; round++) {
		for (i = 0; i < sizeof buf; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		bl_buf_reset(&b);
		if (bl_html_to_text(buf, sizeof buf, &b) != BL_OK ||
		    !bl_utf8_valid(b.data ? b.data : "", b.len))
			ck_abort_msg("round %d", round);
	}
	bl_buf_free(&b);
}
END_TEST

/* Deep nesting and many tags cost no stack and no quadratic time. */
START_TEST(test_deep)
{
	size_t n = 200000, i;
	char *s = malloc(n * 5 + 8);
	bl_buf_t b;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++)
		memcpy(s + i * 5, "<nav>", 5);
	memcpy(s + n * 5, "x", 1);
	bl_buf_init(&b, 0);
	ck_assert_int_eq(bl_html_to_text(s, n * 5 + 1, &b), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&b), "");
	for (i = 0; i < n; i++)
		memcpy(s + i * 5, "<div>", 5);
	bl_buf_reset(&b);
	ck_assert_int_eq(bl_html_to_text(s, n * 5 + 1, &b), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&b), "x");
	/* Unclosed RCDATA elements are read as markup again, and their end
	 * tag is looked for once, not once each (quadratic). */
	for (i = 0; i < n / 2; i++)
		memcpy(s + i * 10, "<title>y  ", 10);
	bl_buf_reset(&b);
	ck_assert_int_eq(bl_html_to_text(s, n * 5 + 1, &b), BL_OK);
	ck_assert_uint_eq(b.len, n + 1);            /* "y y ... y x" */
	for (i = 0; i < n / 2; i++)
		memcpy(s + i * 10, "<textarea>", 10);
	bl_buf_reset(&b);
	ck_assert_int_eq(bl_html_to_text(s, n * 5 + 1, &b), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&b), "x");
	bl_buf_free(&b);
	free(s);
}
END_TEST

/* The tokenizer: kinds, names and extents of the tokens of an input. */
static const struct {
	const char *in;
	const char *want;       /* one line per token: kind name|text */
} token_cases[] = {
	{ "a<b>c</b>", "T a\nS b\nT c\nE b\n" },
	{ "<P CLASS=x>", "S p\n" },
	{ "<br/><br />", "S/ br\nS/ br\n" },
	{ "<!-- x -->", "C  x \n" },
	{ "<!---->", "C \n" },
	{ "<!-->", "C \n" },
	{ "<![CDATA[a<b]]>", "D a<b\n" },
	{ "<!DOCTYPE html>", "O !DOCTYPE html\n" },
	{ "<?xml version=\"1.0\"?>", "O ?xml version=\"1.0\"?\n" },
	{ "1 < 2 <3 </ 4", "T 1 < 2 <3 </ 4\n" },
	{ "a</>b", "T a\nO /\nT b\n" },
	{ "<a title='>'>", "S a\n" },
	{ "<a title='>", "S a\n" },
	{ "<dc:Creator>x</DC:creator>", "S dc:creator\nT x\nE dc:creator\n" },
	{ "<a\nhref=x\n>", "S a\n" },
	{ "x<", "T x<\n" },
	{ "<", "T <\n" },
	{ "</b", "E b\n" },
};

static void
describe(const char *in, bl_buf_t *out)
{
	bl_markup_t m;
	bl_markup_token_t t;
	static const char *const kinds[] = { "T", "S", "E", "D", "C", "O" };

	bl_markup_init(&m, in, strlen(in));
	while (bl_markup_next(&m, &t)) {
		ck_assert_uint_le(t.start, t.end);
		ck_assert_uint_le(t.end, strlen(in));
		bl_buf_printf(out, "%s%s ", kinds[t.kind],
		              t.kind == BL_MARKUP_START && t.self_closing ? "/" : "");
		if (t.kind == BL_MARKUP_START || t.kind == BL_MARKUP_END)
			bl_buf_printf(out, "%s\n", t.name);
		else
			bl_buf_printf(out, "%.*s\n", (int)t.len, t.text);
	}
}

START_TEST(test_tokens)
{
	bl_buf_t b;

	bl_buf_init(&b, 0);
	describe(token_cases[_i].in, &b);
	ck_assert_msg(strcmp(bl_buf_cstr(&b), token_cases[_i].want) == 0,
	              "\"%s\": got\n%s", token_cases[_i].in, bl_buf_cstr(&b));
	bl_buf_free(&b);
}
END_TEST

/* Attribute lookup: case, quotes, values with '>' and missing values. */
START_TEST(test_attrs)
{
	static const char s[] = "<META Property=\"og:title\" content='A > B' "
	                        "data-x=1 checked NAME = plain/>";
	bl_markup_t m;
	bl_markup_token_t t;
	const char *v;
	size_t n;

	bl_markup_init(&m, s, strlen(s));
	ck_assert(bl_markup_next(&m, &t));
	ck_assert_int_eq(t.kind, BL_MARKUP_START);
	ck_assert_str_eq(t.name, "meta");
	ck_assert(t.self_closing);
	ck_assert(bl_markup_attr(&t, "property", &v, &n));
	ck_assert(n == 8 && memcmp(v, "og:title", 8) == 0);
	ck_assert(bl_markup_attr(&t, "content", &v, &n));
	ck_assert(n == 5 && memcmp(v, "A > B", 5) == 0);
	ck_assert(bl_markup_attr(&t, "data-x", &v, &n));
	ck_assert(n == 1 && v[0] == '1');
	ck_assert(bl_markup_attr(&t, "checked", &v, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert(bl_markup_attr(&t, "name", &v, &n));
	ck_assert(n == 5 && memcmp(v, "plain", 5) == 0);
	ck_assert(!bl_markup_attr(&t, "href", &v, &n));
	ck_assert(!bl_markup_attr(&t, "conten", &v, &n));
	ck_assert(!bl_markup_next(&m, &t));
}
END_TEST

START_TEST(test_skip_raw)
{
	static const char s[] = "<script>a</scrip></script2></SCRIPT >x";
	bl_markup_t m;
	bl_markup_token_t t;
	const char *raw;
	size_t n;

	bl_markup_init(&m, s, strlen(s));
	ck_assert(bl_markup_next(&m, &t));
	ck_assert(bl_markup_skip_raw(&m, "script", &raw, &n));
	ck_assert(n == 19 && memcmp(raw, "a</scrip></script2>", 19) == 0);
	ck_assert(bl_markup_next(&m, &t));
	ck_assert_int_eq(t.kind, BL_MARKUP_END);
	ck_assert_str_eq(t.name, "script");
	ck_assert(bl_markup_next(&m, &t));
	ck_assert(t.kind == BL_MARKUP_TEXT && t.len == 1);
	/* No end tag: everything is raw and the scan is over. */
	bl_markup_init(&m, "<style>p{}", 10);
	ck_assert(bl_markup_next(&m, &t));
	ck_assert(!bl_markup_skip_raw(&m, "style", &raw, &n));
	ck_assert_uint_eq(n, 3);
	ck_assert(!bl_markup_next(&m, &t));
}
END_TEST

START_TEST(test_param_word)
{
	const char *v;
	size_t n;
	static const char ct[] = "text/html; Charset=\"ISO-8859-1\"";
	static const char decl[] = "?xml version='1.0' encoding='windows-1252'?";

	ck_assert(bl_markup_param(ct, strlen(ct), "charset", &v, &n));
	ck_assert(n == 10 && memcmp(v, "ISO-8859-1", 10) == 0);
	ck_assert(bl_markup_param(decl, strlen(decl), "encoding", &v, &n));
	ck_assert(n == 12 && memcmp(v, "windows-1252", 12) == 0);
	ck_assert(bl_markup_param("charset=utf-8;x", 15, "charset", &v, &n));
	ck_assert(n == 5 && memcmp(v, "utf-8", 5) == 0);
	ck_assert(!bl_markup_param("xcharset=a", 10, "charset", &v, &n));
	ck_assert(!bl_markup_param("charset", 7, "charset", &v, &n));
	ck_assert(bl_markup_has_word("nofollow Author", 15, "author"));
	ck_assert(!bl_markup_has_word("authors", 7, "author"));
	ck_assert(!bl_markup_has_word("", 0, "author"));
	ck_assert(bl_markup_eq("CANONICAL", 9, "canonical"));
	ck_assert(!bl_markup_eq("canon", 5, "canonical"));
}
END_TEST

static Suite *
html_suite(void)
{
	Suite *s = suite_create("bl_html");
	TCase *core = tcase_create("core");
	TCase *limits = tcase_create("limits");
	TCase *markup = tcase_create("markup");

	tcase_add_loop_test(core, test_entities, 0, COUNT(entity_cases));
	tcase_add_loop_test(core, test_text, 0, COUNT(text_cases));
	tcase_add_test(core, test_appends);
	suite_add_tcase(s, core);
	tcase_add_test(limits, test_length_bounded);
	tcase_add_test(limits, test_cap);
	tcase_add_test(limits, test_prefixes);
	tcase_add_test(limits, test_random);
	tcase_add_test(limits, test_deep);
	tcase_set_timeout(limits, 60);
	suite_add_tcase(s, limits);
	tcase_add_loop_test(markup, test_tokens, 0, COUNT(token_cases));
	tcase_add_test(markup, test_attrs);
	tcase_add_test(markup, test_skip_raw);
	tcase_add_test(markup, test_param_word);
	suite_add_tcase(s, markup);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(html_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
