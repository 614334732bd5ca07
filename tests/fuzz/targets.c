/* targets.c - the fuzz targets: every parser of untrusted input, each
 * checking the invariants its header promises. */
#include "targets.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bl_article.h"
#include "bl_buf.h"
#include "bl_charset.h"
#include "bl_date.h"
#include "bl_daterange.h"
#include "bl_db.h"
#include "bl_escape.h"
#include "bl_file.h"
#include "bl_html.h"
#include "bl_snippet.h"
#include "bl_utf8.h"
#include "format.h"
#include "indexer.h"
#ifdef BYLINE_HAVE_CGI
#include "cgi.h"
#endif

#ifndef BYLINE_SAMPLES_DIR
#define BYLINE_SAMPLES_DIR "samples"
#endif

/* Output caps small enough that a fuzzer reaches them. */
#define SMALL_CAP ((size_t)1 << 16)
/* The fixed "now" of relative dates: 2024-08-07T16:43:00Z. */
#define FUZZ_NOW INT64_C(1723048980)

void
fuzz_fail(const char *target, const char *why)
{
	fprintf(stderr, "fuzz: %s: %s\n", target, why);
	abort();
}

/* A copy of the input exactly size bytes long (never NULL), so that
 * reading one byte past it is caught by ASan. */
static char *
copy_exact(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (p == NULL)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

/* A NUL-terminated copy with NUL bytes turned into spaces, as text that
 * came through argv or a decoded URL would be. */
static char *
copy_string(const uint8_t *data, size_t size)
{
	char *p = malloc(size + 1);
	size_t i;

	if (p == NULL)
		abort();
	for (i = 0; i < size; i++)
		p[i] = data[i] ? (char)data[i] : ' ';
	p[size] = '\0';
	return p;
}

static void
check_utf8(const char *target, const char *what, const char *s, size_t len)
{
	char why[128];

	if (s && !bl_utf8_valid(s, len)) {
		snprintf(why, sizeof why, "%s is not valid UTF-8", what);
		fuzz_fail(target, why);
	}
}

static void
check_field(const char *target, const char *what, const char *s)
{
	if (s == NULL)
		return;
	if (*s == '\0') {
		char why[128];

		snprintf(why, sizeof why, "%s is empty instead of NULL", what);
		fuzz_fail(target, why);
	}
	check_utf8(target, what, s, strlen(s));
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	       (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* What every reader promises of an article (bl_article.h): every string
 * valid UTF-8 and owned, the body's length right; and its stored form
 * decodes to the same fields. */
static void
check_article(const char *target, const bl_article_t *a)
{
	bl_article_t back;
	bl_buf_t enc;
	size_t i;

	check_utf8(target, "id", a->id, a->id ? strlen(a->id) : 0);
	check_utf8(target, "path", a->path, a->path ? strlen(a->path) : 0);
	check_field(target, "title", a->title);
	check_field(target, "author", a->author);
	check_field(target, "source", a->source);
	check_field(target, "url", a->url);
	check_field(target, "language", a->language);
	for (i = 0; i < a->categories.n; i++)
		check_field(target, "category", a->categories.items[i]);
	for (i = 0; i < a->places.n; i++)
		check_field(target, "place", a->places.items[i]);
	if (a->body) {
		if (strlen(a->body) != a->body_len)
			fuzz_fail(target, "body_len is not the body's length");
		check_utf8(target, "body", a->body, a->body_len);
	}
	bl_buf_init(&enc, 0);
	bl_article_init(&back);
	if (bl_article_encode(a, &enc) != BL_OK)
		goto done;
	if (bl_article_decode(enc.data, enc.len, &back) != BL_OK)
		fuzz_fail(target, "the stored form of an article does not decode");
	if (!same(a->id, back.id) || !same(a->title, back.title) ||
	    !same(a->author, back.author) || !same(a->source, back.source) ||
	    !same(a->url, back.url) || !same(a->body, back.body) ||
	    a->has_date != back.has_date ||
	    (a->has_date && a->date != back.date) ||
	    a->categories.n != back.categories.n ||
	    a->places.n != back.places.n)
		fuzz_fail(target, "an article does not survive its stored form");
done:
	bl_article_clear(&back);
	bl_buf_free(&enc);
}

typedef struct reader_ctx {
	const char *target;
	size_t articles;
} reader_ctx_t;

static bl_status_t
emit(void *ctx, bl_article_t *a)
{
	reader_ctx_t *r = ctx;

	check_article(r->target, a);
	r->articles++;
	return BL_OK;
}

static void
warn(void *ctx, size_t record, const char *what)
{
	reader_ctx_t *r = ctx;

	if (record == 0)
		fuzz_fail(r->target, "a warning names record 0 (records are 1-based)");
	if (what == NULL || *what == '\0' || strchr(what, '\n'))
		fuzz_fail(r->target, "a warning is empty or not one line");
}

/* The mappings a user might give with --map, so the JSON reader's
 * mapping code is exercised too. */
static const format_map_t fuzz_map[] = {
	{ "headline", "title" },
	{ "story", "body" },
	{ "when", "date" },
	{ "tags", "category" },
	{ "junk", "ignore" },
	{ NULL, NULL },
};

/* Runs the reader called name (NULL: the detected one) on the input. */
static int
run_reader(const char *target, const char *name, const char *path,
           const uint8_t *data, size_t size)
{
	char *text = copy_exact(data, size);
	const format_reader_t *r = format_choose(text, size, path, name);
	reader_ctx_t ctx = { target, 0 };
	format_input_t in;

	if (r == NULL)
		fuzz_fail(target, "format_choose chose no reader");
	memset(&in, 0, sizeof in);
	in.text = text;
	in.len = size;
	in.path = path;
	in.id = "fuzz/input";
	in.emit = emit;
	in.warn = warn;
	in.ctx = &ctx;
	in.map = fuzz_map;
	(void)r->read(&in);
	free(text);
	return 0;
}

static int
fuzz_plain(const uint8_t *d, size_t n)
{
	return run_reader("plain", "plain", "fuzz/input.txt", d, n);
}

static int
fuzz_mail(const uint8_t *d, size_t n)
{
	return run_reader("mail", "mail", "fuzz/input.mbox", d, n);
}

static int
fuzz_reuters(const uint8_t *d, size_t n)
{
	return run_reader("reuters", "reuters", "fuzz/input.sgm", d, n);
}

static int
fuzz_trec(const uint8_t *d, size_t n)
{
	return run_reader("trec", "trec", "fuzz/input.trec", d, n);
}

static int
fuzz_jsonl(const uint8_t *d, size_t n)
{
	return run_reader("jsonl", "jsonl", "fuzz/input.jsonl", d, n);
}

static int
fuzz_feed(const uint8_t *d, size_t n)
{
	return run_reader("feed", "feed", "fuzz/input.xml", d, n);
}

static int
fuzz_html(const uint8_t *d, size_t n)
{
	return run_reader("html", "html", "fuzz/input.html", d, n);
}

/* Detection: every detector scores the input, under a file name the
 * first byte picks, and the winner reads it. */
static int
fuzz_detect(const uint8_t *d, size_t n)
{
	static const char *const names[] = {
		"fuzz/input", "fuzz/input.txt", "fuzz/msg.eml", "fuzz/a.mbox",
		"fuzz/reut2-000.sgm", "fuzz/la010189.trec", "fuzz/dump.jsonl",
		"fuzz/feed.rss", "fuzz/page.html", "fuzz/x.atom.gz",
		"fuzz/123", "fuzz/.json",
	};
	const char *path = names[n ? d[0] % (sizeof names / sizeof names[0]) : 0];
	const format_reader_t *r;
	char *text;

	if (n) {
		d++;
		n--;
	}
	/* Each detector on its own, as the table runs them. */
	text = copy_exact(d, n);
	for (r = format_readers; r->name; r++) {
		int score = r->detect(text, n, path);

		if (score < 0 || score > 100)
			fuzz_fail("detect", "a detector scored outside 0-100");
	}
	free(text);
	return run_reader("detect", NULL, path, d, n);
}

/* Dates: the parser, the time-of-day parser and query date filters of
 * each kind; what parses must format and stay in order. */
static int
fuzz_date(const uint8_t *d, size_t n)
{
	static const bl_range_kind_t kinds[] = {
		BL_RANGE_ON, BL_RANGE_AFTER, BL_RANGE_BEFORE
	};
	char *s = copy_exact(d, n);
	char iso[BL_DATE_ISO_MAX];
	int64_t t = 0, lo, hi;
	int secs = -1;
	size_t k;

	if (bl_date_parse(s, n, &t) == BL_OK) {
		bl_date_format_iso(t, iso);
		if (strlen(iso) >= BL_DATE_ISO_MAX)
			fuzz_fail("date", "an ISO date overflowed its buffer");
		/* A date that parsed must parse back from its ISO form (when
		 * its zone did not move it out of the years bl_date reads). */
		int64_t again = 0;
		int year = 0;

		bl_date_to_civil(t, &year, NULL, NULL, NULL, NULL, NULL);
		if (year >= 1000 && year <= 9999 &&
		    (bl_date_parse(iso, strlen(iso), &again) != BL_OK ||
		     again != t))
			fuzz_fail("date", "a parsed date does not survive ISO 8601");
	}
	if (bl_time_of_day_parse(s, n, &secs) == BL_OK &&
	    (secs < 0 || secs >= 86400))
		fuzz_fail("date", "a time of day outside 0..86399");
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		lo = 1;
		hi = 0;
		if (bl_daterange_parse(s, n, kinds[k], FUZZ_NOW, &lo, &hi) ==
		    BL_OK && lo > hi)
			fuzz_fail("date", "a date range ends before it starts");
	}
	free(s);
	return 0;
}

/* UTF-8 repair: the output is valid, as many code points as the input
 * counts, and valid input comes out unchanged; escaping gives valid
 * UTF-8 too. */
static int
fuzz_utf8(const uint8_t *d, size_t n)
{
	char *s = copy_exact(d, n);
	bl_buf_t out;
	size_t repaired = 0, i;
	uint32_t cp;

	bl_buf_init(&out, 0);
	if (bl_utf8_repair(s, n, &out, &repaired) == BL_OK) {
		check_utf8("utf8", "repaired text", out.data, out.len);
		if (bl_utf8_count(s, n) != bl_utf8_count(out.data, out.len))
			fuzz_fail("utf8", "bl_utf8_count differs from the repair");
		/* Valid UTF-8 comes out unchanged, except NUL (U+FFFD). */
		if (bl_utf8_valid(s, n) && memchr(s, '\0', n) == NULL &&
		    (repaired || out.len != n || (n && memcmp(out.data, s, n))))
			fuzz_fail("utf8", "valid UTF-8 was changed by the repair");
	}
	for (i = 0; i < n;) {
		size_t k = bl_utf8_decode(s + i, n - i, &cp);

		if (k > 4 || (k && (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))))
			fuzz_fail("utf8", "bl_utf8_decode accepted a bad sequence");
		i += k ? k : 1;
	}
	bl_buf_reset(&out);
	if (bl_json_string(&out, s, n) == BL_OK)
		check_utf8("utf8", "a JSON string", out.data, out.len);
	bl_buf_reset(&out);
	if (bl_html_escape(&out, s, n) == BL_OK)
		check_utf8("utf8", "escaped HTML", out.data, out.len);
	bl_buf_free(&out);
	free(s);
	return 0;
}

/* HTML to text and entity decoding, with a roomy and a tight cap. */
static int
fuzz_html_text(const uint8_t *d, size_t n)
{
	char *s = copy_exact(d, n);
	bl_buf_t out;

	bl_buf_init(&out, 0);
	if (bl_html_to_text(s, n, &out) == BL_OK) {
		check_utf8("html_text", "text", out.data, out.len);
		if (out.len && (out.data[0] == ' ' || out.data[0] == '\n'))
			fuzz_fail("html_text", "text starts with white space");
	}
	bl_buf_free(&out);
	bl_buf_init(&out, 64);
	(void)bl_html_to_text(s, n, &out);
	if (out.len > 64)
		fuzz_fail("html_text", "the output cap was passed");
	bl_buf_free(&out);
	bl_buf_init(&out, 0);
	if (bl_html_decode_entities(s, n, &out) == BL_OK)
		check_utf8("html_text", "decoded entities", out.data, out.len);
	bl_buf_free(&out);
	free(s);
	return 0;
}

/* MIME: the input is the header block and body of a message after a
 * fixed first line, so that encoded words (RFC 2047), Content-Type
 * parameters, transfer encodings and multipart bodies are reached at
 * once. */
static int
fuzz_mime(const uint8_t *d, size_t n)
{
	static const char head[] = "Message-ID: <fuzz@example.org>\nSubject: ";
	uint8_t *msg = malloc(sizeof head - 1 + n + 1);
	int r;

	if (msg == NULL)
		abort();
	memcpy(msg, head, sizeof head - 1);
	if (n)
		memcpy(msg + sizeof head - 1, d, n);
	r = run_reader("mime", "mail", "fuzz/message.eml", msg,
	               sizeof head - 1 + n);
	free(msg);
	return r;
}

/* Charset conversion: the first line names the charset (or a byte picks
 * a common one), the rest is the text. */
static int
fuzz_charset(const uint8_t *d, size_t n)
{
	static const char *const common[] = {
		NULL, "", "utf-8", "us-ascii", "iso-8859-1", "iso-8859-15",
		"windows-1252", "windows-1251", "koi8-r", "iso-2022-jp",
		"shift_jis", "euc-jp", "gb2312", "gbk", "gb18030", "big5",
		"utf-16", "utf-16le", "utf-32", "utf-7", "ucs-2", "x-unknown",
	};
	const uint8_t *nl = n ? memchr(d, '\n', n < 64 ? n : 64) : NULL;
	char name[65];
	const char *cs;
	char *s;
	size_t len;
	bl_buf_t out;

	if (nl) {
		len = (size_t)(nl - d);
		memcpy(name, d, len);
		name[len] = '\0';
		for (size_t i = 0; i < len; i++)
			if (name[i] == '\0')
				name[i] = '?';
		cs = name;
		d = nl + 1;
		n -= len + 1;
	} else if (n) {
		cs = common[d[0] % (sizeof common / sizeof common[0])];
		d++;
		n--;
	} else {
		cs = NULL;
	}
	s = copy_exact(d, n);
	bl_buf_init(&out, 0);
	if (bl_charset_to_utf8(cs, s, n, &out) == BL_OK)
		check_utf8("charset", "converted text", out.data, out.len);
	bl_buf_free(&out);
	bl_buf_init(&out, 16);
	(void)bl_charset_to_utf8(cs, s, n, &out);
	if (out.len > 16)
		fuzz_fail("charset", "the output cap was passed");
	bl_buf_free(&out);
	free(s);
	return 0;
}

/* The stored form of an article, as a damaged index could hand it back:
 * decoding must fail cleanly or give fields that render. */
static int
fuzz_stored(const uint8_t *d, size_t n)
{
	char *s = copy_exact(d, n);
	bl_article_t a;
	bl_buf_t out;

	bl_article_init(&a);
	bl_buf_init(&out, 0);
	if (bl_article_decode(s, n, &a) == BL_OK) {
		bl_json_cstr(&out, a.title);
		bl_json_cstr(&out, a.author);
		bl_json_cstr(&out, a.id);
		if (a.body)
			bl_json_string(&out, a.body, a.body_len);
		for (size_t i = 0; i < a.categories.n; i++)
			bl_json_cstr(&out, a.categories.items[i]);
		if (out.err == BL_OK)
			check_utf8("stored", "rendered fields", out.data, out.len);
	}
	bl_article_clear(&a);
	bl_buf_free(&out);
	free(s);
	return 0;
}

/* gzip input: the input is written to a memory file and read back the
 * way the indexer reads every file, under a 1 MiB cap (a bomb stops
 * there). */
static int
fuzz_gzip(const uint8_t *d, size_t n)
{
	int fd = memfd_create("byline-fuzz", MFD_CLOEXEC), err_no = 0, gz = 0;
	char path[64];
	bl_buf_t out;
	bl_status_t st;

	if (fd < 0)
		return 0;
	if (n && write(fd, d, n) != (ssize_t)n) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	bl_buf_init(&out, (size_t)1 << 20);
	st = bl_file_read(path, &out, &err_no, &gz);
	if (out.len > ((size_t)1 << 20))
		fuzz_fail("gzip", "the output cap was passed");
	if (st == BL_OK && !gz && (out.len != n || (n && memcmp(out.data, d, n))))
		fuzz_fail("gzip", "a plain file did not read back as it is");
	bl_buf_free(&out);
	close(fd);
	return 0;
}

/* --- search: a small index built once from samples/ ------------------- */

static const char *samples_dir = BYLINE_SAMPLES_DIR;
static char *index_root;        /* temporary directory holding the index */
static char *index_path;
static bl_db_t *search_db;
static pid_t index_owner;       /* forked children must not remove it */

void
fuzz_set_samples_dir(const char *dir)
{
	samples_dir = dir;
}

static void
remove_tree(const char *dir)
{
	char *cmd;

	/* Only ever our own mkdtemp() directory: no shell metacharacters. */
	if (asprintf(&cmd, "rm -rf '%s'", dir) > 0) {
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz: could not remove %s\n", dir);
		free(cmd);
	}
}

void
fuzz_cleanup(void)
{
	bl_db_close(search_db);
	search_db = NULL;
	if (index_root && getpid() == index_owner)
		remove_tree(index_root);
	free(index_root);
	free(index_path);
	index_root = index_path = NULL;
}

static bl_db_t *
search_index(void)
{
	const char *tmp = getenv("TMPDIR");
	indexer_env_t env = { .index = NULL };
	char *argv[8];
	char *msg = NULL;
	FILE *devnull;
	int status;

	if (search_db)
		return search_db;
	if (asprintf(&index_root, "%s/byline-fuzz-XXXXXX",
	             tmp && *tmp ? tmp : "/tmp") < 0 ||
	    mkdtemp(index_root) == NULL ||
	    asprintf(&index_path, "%s/idx", index_root) < 0)
		fuzz_fail("search", "cannot make a temporary directory");
	index_owner = getpid();
	atexit(fuzz_cleanup);
	devnull = fopen("/dev/null", "w");
	argv[0] = (char *)"byline-index";
	argv[1] = (char *)"--quiet";
	argv[2] = (char *)"-j1";
	argv[3] = (char *)"--index";
	argv[4] = index_path;
	argv[5] = (char *)samples_dir;
	argv[6] = NULL;
	status = indexer_main(6, argv, &env, devnull, devnull);
	fclose(devnull);
	if (status != 0)
		fuzz_fail("search", "cannot index samples/");
	if (bl_db_open(index_path, BL_DB_READ, &search_db, &msg) != BL_OK) {
		fprintf(stderr, "fuzz: %s\n", msg ? msg : "?");
		fuzz_fail("search", "cannot open the index of samples/");
	}
	return search_db;
}

/* A snippet's highlights lie inside it, in order, not overlapping; it is
 * valid UTF-8 when its text was (utf8). */
static void
check_snippet(const char *target, const bl_snippet_t *snip, bool utf8)
{
	size_t k;

	if (utf8)
		check_utf8(target, "a snippet", snip->text, snip->len);
	for (k = 0; k < snip->nspans; k++)
		if (snip->spans[k].start >= snip->spans[k].end ||
		    snip->spans[k].end > snip->len ||
		    (k && snip->spans[k].start < snip->spans[k - 1].end))
			fuzz_fail(target, "a highlight outside its snippet");
}

/* What a search of hostile text must give: BL_OK with hits whose stored
 * data decodes and whose snippets are valid UTF-8 with spans inside
 * them, or a clean error. */
static void
check_search(bl_db_t *db, const bl_query_opts_t *q)
{
	bl_results_t *res = NULL;
	bl_status_t st = bl_db_search(db, q, &res);
	size_t i;

	if (st == BL_ERR_INTERNAL || st == BL_ERR_CORRUPT)
		fuzz_fail("search", bl_db_last_error(db));
	if (st != BL_OK) {
		if (res != NULL)
			fuzz_fail("search", "results handed back with an error");
		if (*bl_db_last_error(db) == '\0' && st != BL_ERR_INVALID)
			fuzz_fail("search", "an error without a message");
		return;
	}
	if (res->nhits > q->limit)
		fuzz_fail("search", "more hits than the limit");
	for (i = 0; i < res->nhits; i++) {
		bl_article_t a;
		bl_snippet_t snip = { 0 };
		const char *text;

		bl_article_init(&a);
		if (bl_article_decode(res->hits[i].data, res->hits[i].data_len,
		                      &a) != BL_OK)
			fuzz_fail("search", "a hit's data does not decode");
		text = a.body ? a.body : a.title ? a.title : "";
		if (bl_snippet_make(db, text, strlen(text), &res->hits[i].terms,
		                    BL_SNIPPET_DEFAULT_LEN, &snip) == BL_OK)
			check_snippet("search", &snip, true);
		bl_snippet_clear(&snip);
		bl_article_clear(&a);
	}
	/* A suggestion may keep bytes of the query as typed; from a valid
	 * query it must be valid. */
	if (res->suggestion && bl_utf8_valid(q->text, strlen(q->text)))
		check_utf8("search", "a suggestion from valid UTF-8",
		           res->suggestion, strlen(res->suggestion));
	bl_results_free(res);
}

/* The input as a query (the first byte picks options), then as a date
 * filter beside a plain query, then as a date: filter value. */
static int
fuzz_search(const uint8_t *d, size_t n)
{
	static const char *const facets[] = { "source", "year", "category" };
	bl_db_t *db = search_index();
	bl_query_opts_t q;
	unsigned flags = n ? d[0] : 0;
	char *text, *filter;

	if (n) {
		d++;
		n--;
	}
	text = copy_string(d, n);
	memset(&q, 0, sizeof q);
	q.text = text;
	q.limit = 10;
	q.now = FUZZ_NOW;
	q.match_any = flags & 1;
	q.sort = (bl_sort_t)((flags >> 1) % 3);
	q.suggest = flags & 8;
	q.relax = flags & 16;
	q.timeline = flags & 32;
	q.all_versions = flags & 64;
	if (flags & 128) {
		q.facets = facets;
		q.nfacets = 3;
	}
	q.max_wildcard = 50;
	check_search(db, &q);

	q.text = "harbour OR council OR climate";
	q.filter = text;
	check_search(db, &q);

	if (asprintf(&filter, "date:\"%s\"", text) > 0) {
		q.filter = filter;
		check_search(db, &q);
		free(filter);
	}
	free(text);
	return 0;
}

/* Words as bl_tokenize_some() or bl_tokenize_wanted() passed them:
 * offsets and folding of the folded ones, and every word counted. */
typedef struct words_seen {
	bl_buf_t b;
	size_t words, first_start, last_end;
} words_seen_t;

static int
see_word(void *ctx, size_t start, size_t end, const char *folded, size_t n)
{
	words_seen_t *w = ctx;

	if (w->words++ == 0)
		w->first_start = start;
	w->last_end = end;
	if (folded)
		bl_buf_printf(&w->b, "%zu-%zu:%.*s ", start, end, (int)n, folded);
	return 0;
}

/* Text and query terms: the first byte picks the snippet length, the
 * rest up to a newline is the terms (space-separated, "Z" for a stem),
 * what follows the text. bl_tokenize_wanted() must pass the same words
 * as bl_tokenize_some() and count all of them; a snippet of valid UTF-8
 * must be valid UTF-8 with its highlights inside it. */
static int
fuzz_snippet(const uint8_t *d, size_t n)
{
	static const size_t lens[] = { 0, 1, 8, 40, 100, 240, 1000 };
	bl_db_t *db = search_index();
	size_t max_len = n ? lens[d[0] % (sizeof lens / sizeof lens[0])] : 0;
	const uint8_t *nl;
	char *terms_text, *text, *tok, *save = NULL;
	bl_strlist_t terms = { 0 };
	unsigned char want[256] = { 0 };
	words_seen_t some = { .words = 0 }, got = { .words = 0 };
	bl_token_extent_t ext;
	bl_snippet_t snip = { 0 };
	size_t tlen;

	if (n) {
		d++;
		n--;
	}
	nl = memchr(d, '\n', n);
	terms_text = copy_string(d, nl ? (size_t)(nl - d) : 0);
	text = copy_string(nl ? nl + 1 : d, nl ? n - (size_t)(nl + 1 - d) : n);
	tlen = nl ? n - (size_t)(nl + 1 - d) : n;
	for (tok = strtok_r(terms_text, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		const char *w = tok[0] == 'Z' && tok[1] ? tok + 1 : tok;

		if (bl_strlist_add(&terms, tok, strlen(tok)) != BL_OK)
			fuzz_fail("snippet", "out of memory");
		want[(unsigned char)(w[0] >= 'A' && w[0] <= 'Z' ? w[0] + 32 :
		                     w[0])] = 1;
	}
	bl_buf_init(&some.b, 0);
	bl_buf_init(&got.b, 0);
	if (bl_tokenize_some(text, tlen, want, see_word, &some) != BL_OK ||
	    bl_tokenize_wanted(text, tlen, want, 0, see_word, &got, &ext) !=
	    BL_OK)
		fuzz_fail("snippet", "tokenising failed");
	if (some.b.len != got.b.len ||
	    memcmp(bl_buf_cstr(&some.b), bl_buf_cstr(&got.b), some.b.len) != 0)
		fuzz_fail("snippet", "bl_tokenize_wanted passed other words");
	if (ext.words != some.words ||
	    (some.words && (ext.first_start != some.first_start ||
	                    ext.last_end != some.last_end)))
		fuzz_fail("snippet", "bl_tokenize_wanted counted otherwise");
	if (bl_snippet_make(db, text, tlen, &terms, max_len, &snip) == BL_OK)
		check_snippet("snippet", &snip, bl_utf8_valid(text, tlen));
	bl_snippet_clear(&snip);
	bl_buf_free(&some.b);
	bl_buf_free(&got.b);
	bl_strlist_clear(&terms);
	free(terms_text);
	free(text);
	return 0;
}

#ifdef BYLINE_HAVE_CGI
static void
check_cgi_string(const char *what, const char *s, size_t cap)
{
	size_t n = strnlen(s, cap + 1);

	if (n > cap)
		fuzz_fail("cgi", "a request field is longer than its cap");
	check_utf8("cgi", what, s, n);
}

/* A CGI request: the first byte picks the method and content type, the
 * rest up to a newline is QUERY_STRING and what follows the body. A
 * request that parses has only valid UTF-8 within the caps, and its URL
 * parses back to the same request. */
static int
fuzz_cgi(const uint8_t *d, size_t n)
{
	static const char *const methods[] = { NULL, "GET", "POST", "HEAD",
	                                       "PUT", "" };
	static const char *const types[] = {
		"application/x-www-form-urlencoded", NULL,
		"application/x-www-form-urlencoded; charset=UTF-8", "text/plain",
		"multipart/form-data; boundary=x",
	};
	unsigned pick = n ? d[0] : 0;
	char *qs, *body;
	const uint8_t *nl;
	cgi_input_t in;
	cgi_request_t req, again;
	cgi_error_t err;
	bl_buf_t url;
	size_t qlen;

	if (n) {
		d++;
		n--;
	}
	nl = n ? memchr(d, '\n', n) : NULL;
	qlen = nl ? (size_t)(nl - d) : n;
	qs = copy_string(d, qlen);
	body = nl ? copy_exact(nl + 1, n - qlen - 1) : NULL;
	memset(&in, 0, sizeof in);
	in.method = methods[pick % 6];
	in.query_string = (pick & 0x40) ? NULL : qs;
	in.content_type = types[(pick >> 3) % 5];
	in.body = body;
	in.body_len = nl ? n - qlen - 1 : 0;
	in.body_status = (pick & 0x80) ? BL_ERR_LIMIT : BL_OK;
	memset(&req, 0, sizeof req);
	memset(&err, 0, sizeof err);
	if (cgi_parse(&in, &req, &err) == BL_OK) {
		check_cgi_string("q", req.q, CGI_MAX_QUERY);
		check_cgi_string("date", req.date, CGI_MAX_DATE);
		check_cgi_string("after", req.after, CGI_MAX_DATE);
		check_cgi_string("before", req.before, CGI_MAX_DATE);
		check_cgi_string("similar", req.similar, CGI_MAX_ID);
		check_cgi_string("index", req.index, CGI_MAX_INDEX_NAME);
		if (req.nfilters > CGI_MAX_FILTERS)
			fuzz_fail("cgi", "more filters than CGI_MAX_FILTERS");
		for (size_t i = 0; i < req.nfilters; i++)
			check_cgi_string("a filter", req.filters[i].value,
			                 CGI_MAX_FILTER_VALUE);
		if (req.per < 1 || req.per > CGI_MAX_PER)
			fuzz_fail("cgi", "per outside 1..CGI_MAX_PER");
		/* The request's own URL gives the request back. */
		bl_buf_init(&url, 0);
		if (cgi_request_url(&url, "", &req) == BL_OK) {
			const char *q = strchr(bl_buf_cstr(&url), '?');
			cgi_input_t in2;

			memset(&in2, 0, sizeof in2);
			in2.method = "GET";
			in2.query_string = q ? q + 1 : "";
			memset(&again, 0, sizeof again);
			if (cgi_parse(&in2, &again, &err) != BL_OK)
				fuzz_fail("cgi", "a request's own URL does not parse");
			if (strcmp(req.q, again.q) != 0 || req.page != again.page ||
			    req.per != again.per || req.sort != again.sort ||
			    req.format != again.format ||
			    req.nfilters != again.nfilters ||
			    strcmp(req.date, again.date) != 0 ||
			    strcmp(req.similar, again.similar) != 0 ||
			    strcmp(req.index, again.index) != 0)
				fuzz_fail("cgi", "a request's own URL gives another "
				          "request");
		}
		bl_buf_free(&url);
	} else if (err.http < 400 || err.http > 415 || err.msg == NULL) {
		fuzz_fail("cgi", "a refusal without an HTTP error and message");
	}
	/* The decoder alone: valid UTF-8, no control characters. */
	bl_buf_init(&url, 0);
	if (cgi_url_decode(&url, qs, qlen) == BL_OK) {
		check_utf8("cgi", "decoded text", url.data, url.len);
		for (size_t i = 0; i < url.len; i++)
			if ((unsigned char)url.data[i] < 0x20)
				fuzz_fail("cgi", "a control character was decoded");
	}
	bl_buf_free(&url);
	free(qs);
	free(body);
	return 0;
}
#endif

const fuzz_target_t fuzz_targets[] = {
	{ "plain", fuzz_plain, "the plain news article reader" },
	{ "mail", fuzz_mail, "the e-mail, Usenet and mbox reader" },
	{ "reuters", fuzz_reuters, "the Reuters-21578 SGML reader" },
	{ "trec", fuzz_trec, "the TREC SGML reader" },
	{ "jsonl", fuzz_jsonl, "the JSON Lines reader and its JSON parser" },
	{ "feed", fuzz_feed, "the RSS and Atom reader" },
	{ "html", fuzz_html, "the news page (HTML) reader" },
	{ "detect", fuzz_detect, "format detection, then the chosen reader" },
	{ "date", fuzz_date, "bl_date_parse, bl_time_of_day_parse, "
	  "bl_daterange_parse" },
	{ "utf8", fuzz_utf8, "UTF-8 repair, decoding, JSON and HTML escaping" },
	{ "html_text", fuzz_html_text, "bl_html_to_text, "
	  "bl_html_decode_entities" },
	{ "mime", fuzz_mime, "MIME and RFC 2047 encoded-word decoding" },
	{ "charset", fuzz_charset, "bl_charset_to_utf8" },
	{ "stored", fuzz_stored, "bl_article_decode of damaged document data" },
	{ "gzip", fuzz_gzip, "bl_file_read of plain and gzip data" },
	{ "search", fuzz_search, "query parsing and search on a small index, "
	  "as query, filter and date" },
	{ "snippet", fuzz_snippet, "snippets and highlights of hostile text, "
	  "and the tokeniser's two passes compared" },
#ifdef BYLINE_HAVE_CGI
	{ "cgi", fuzz_cgi, "the CGI request parser and URL decoder" },
#endif
	{ NULL, NULL, NULL },
};

const fuzz_target_t *
fuzz_target_find(const char *name)
{
	const fuzz_target_t *t;

	for (t = fuzz_targets; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}
