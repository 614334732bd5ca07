/* test_news.c - Check suite for the news-search features end to end: date
 * filters, sorting and recency, facets, timelines, near-duplicates,
 * suggestions, relaxation, more-like-this, wildcards, and Reuters-21578
 * when its corpus and reader are there. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "bl_article.h"
#include "bl_buf.h"
#include "bl_date.h"
#include "bl_daterange.h"
#include "bl_db.h"
#include "bl_schema.h"
#include "bl_utf8.h"
#include "format.h"
#include "testutil.h"

/* The sample articles (tests/samples-expectations.md has their dates). */
#define AIRLINE "airline-summer-passenger-record.txt.gz"	/* 2024-10-16 */
#define CHIP "chip-packaging-plant-arizona.txt"	/* 2024-02-27 */
#define CLIMATE "climate-talks-bonn-finance.txt"	/* 2023-06-15 19:20 */
#define CUP "cup-final-penalties-ashford.txt.gz"	/* 2023-05-21 18:55 */
#define WHALE "humpback-whale-halifax-harbour.txt"	/* 2025-07-09 08:15 */
#define CAFE "latin1-cafe-review.txt"	/* 2024-04-02 */
#define MAYOR "mayor-race-turnout-westbridge.txt"	/* undated */
#define MUSEUM "museum-painting-recovered-antwerp.txt"	/* 2023-10-05 11:30 */
#define OPENAI "openai-schulman-2024-08-07.txt"	/* 2024-08-07 16:43 */
#define LEAVE "parental-leave-law-portugal.txt.gz"	/* 2025-02-03 */
#define RIKSBANK "riksbank-holds-rate.txt"	/* undated */
#define SCHOOL "school-board-recount-maple-ridge.txt"	/* 2025-05-09 */
#define SENATE "senate-special-vote-nevada.txt"	/* 2024-11-06 21:10 */
#define VOLCANO "volcano-iceland-eruption.txt"	/* 2024-03-18 06:40 */
#define WHEAT "wheat-harvest-drought-kansas.txt"	/* 2024-08-22 */
#define ZURICH "zurich-tram-expansion-vote.txt"	/* 2023-09-25 14:05 */

#define NSAMPLES 16
#define NVERSIONS 5

/* The constructed set, built once per process (before Check forks) and
 * removed at exit by the process that built it. */
static char *news_dir;
static char *news_index;
static pid_t news_owner;
static char *stories[NSAMPLES];    /* sample file names without extension */
static size_t nstories;

/* A list of strings. */
typedef struct strs {
	char **v;
	size_t n;
} strs_t;

static void
strs_add(strs_t *s, const char *p, size_t len)
{
	s->v = realloc(s->v, (s->n + 1) * sizeof *s->v);
	ck_assert(s->v != NULL);
	s->v[s->n] = strndup(p, len);
	ck_assert(s->v[s->n] != NULL);
	s->n++;
}

static void
strs_free(strs_t *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
strs_sort(strs_t *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof *s->v, cmp_str);
}

static bool
strs_has(const strs_t *s, const char *p)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], p) == 0)
			return true;
	return false;
}

/* s joined with ", " for messages (malloc'd). */
static char *
strs_join(const strs_t *s)
{
	bl_buf_t b;
	size_t i;

	bl_buf_init(&b, 0);
	for (i = 0; i < s->n; i++) {
		bl_buf_puts(&b, i ? ", " : "");
		bl_buf_puts(&b, s->v[i]);
	}
	return bl_buf_detach(&b, NULL);
}

/* Reads the JSON string at *p (its opening quote) into out, unescaped,
 * and moves *p past it. */
static bool
json_string_at(const char **p, bl_buf_t *out)
{
	const char *s = *p;
	unsigned cp;

	if (*s != '"')
		return false;
	for (s++; *s && *s != '"'; s++) {
		if (*s != '\\') {
			bl_buf_putc(out, *s);
			continue;
		}
		switch (*++s) {
		case 'n': bl_buf_putc(out, '\n'); break;
		case 't': bl_buf_putc(out, '\t'); break;
		case 'r': bl_buf_putc(out, '\r'); break;
		case 'b': bl_buf_putc(out, '\b'); break;
		case 'f': bl_buf_putc(out, '\f'); break;
		case 'u':
			if (sscanf(s + 1, "%4x", &cp) != 1)
				return false;
			bl_utf8_put(out, cp);
			s += 4;
			break;
		case '\0': return false;
		default: bl_buf_putc(out, *s); break;
		}
	}
	if (*s != '"')
		return false;
	*p = s + 1;
	return true;
}

/* Every value of "key" in json, in order: strings unescaped, null as "".
 * Keys are found by their quoted name and colon, which cannot occur inside
 * an escaped string. */
static void
json_strings(const char *json, const char *key, strs_t *out)
{
	char pat[64];
	const char *p = json;
	bl_buf_t v;

	snprintf(pat, sizeof pat, "\"%s\":", key);
	bl_buf_init(&v, 0);
	while ((p = strstr(p, pat)) != NULL) {
		p += strlen(pat);
		bl_buf_reset(&v);
		if (strncmp(p, "null", 4) == 0)
			strs_add(out, "", 0);
		else if (json_string_at(&p, &v))
			strs_add(out, bl_buf_cstr(&v), v.len);
	}
	bl_buf_free(&v);
}

/* Every numeric value of "key" in json, in order, up to max. */
static size_t
json_numbers(const char *json, const char *key, uint64_t *out, size_t max)
{
	char pat[64];
	const char *p = json;
	size_t n = 0;

	snprintf(pat, sizeof pat, "\"%s\":", key);
	while (n < max && (p = strstr(p, pat)) != NULL) {
		p += strlen(pat);
		if (*p >= '0' && *p <= '9')
			out[n++] = strtoull(p, NULL, 10);
	}
	return n;
}

static uint64_t
json_total(const char *json)
{
	uint64_t t = UINT64_MAX;

	ck_assert_msg(json_numbers(json, "total", &t, 1) == 1,
	              "no total in %s", json);
	return t;
}

static bool
json_flag(const char *json, const char *key)
{
	char pat[64];

	snprintf(pat, sizeof pat, "\"%s\":true", key);
	return strstr(json, pat) != NULL;
}

/* The [["label", n], ...] array of "key" after from: labels and counts;
 * returns false when there is no such array. */
static bool
json_pairs(const char *json, const char *from, const char *key,
           strs_t *labels, uint64_t *counts, size_t max)
{
	char pat[64];
	const char *p = from ? strstr(json, from) : json;
	bl_buf_t v;

	if (p == NULL)
		return false;
	snprintf(pat, sizeof pat, "\"%s\":[", key);
	p = strstr(p, pat);
	if (p == NULL)
		return false;
	p += strlen(pat);
	bl_buf_init(&v, 0);
	while (*p == '[' && labels->n < max) {
		p++;
		bl_buf_reset(&v);
		ck_assert(json_string_at(&p, &v));
		ck_assert(*p == ',');
		counts[labels->n] = strtoull(p + 1, (char **)&p, 10);
		strs_add(labels, bl_buf_cstr(&v), v.len);
		ck_assert(*p == ']');
		p++;
		if (*p == ',')
			p++;
	}
	bl_buf_free(&v);
	ck_assert_msg(*p == ']', "%s: more than %zu entries, or no end", key,
	              max);
	return true;
}

/* Options and query words of one search, NULL-terminated. */
typedef const char *args_t[10];

/* Runs byline-search on index with up to 100 results and the args. */
static tu_run_t
search(const char *index, const args_t a)
{
	return tu_search("--index", index, "-n", "100", a[0], a[1], a[2], a[3],
	                 a[4], a[5], a[6], a[7], a[8], a[9], NULL);
}

/* Runs a JSON search that must succeed or find nothing; returns the
 * output (malloc'd). */
static char *
search_json(const char *index, const args_t a)
{
	args_t all = { "-f", "json" };
	tu_run_t r;
	size_t i;

	for (i = 0; i + 2 < 10 && a[i]; i++)
		all[i + 2] = a[i];
	r = search(index, all);
	ck_assert_msg(r.status == 0 || r.status == 1, "search %s %s: status %d: "
	              "%s", a[0], a[1] ? a[1] : "", r.status, r.err);
	ck_assert_msg(tu_json_valid(r.out, strlen(r.out)), "bad JSON: %s",
	              r.out);
	free(r.err);
	return r.out;
}

/* The total of a JSON search for query on index. */
static uint64_t
total_of(const char *index, const char *query)
{
	args_t a = { query };
	char *out = search_json(index, a);
	uint64_t t = json_total(out);

	free(out);
	return t;
}

/* Checks that the hits of json are exactly want (NULL-terminated). */
static void
check_ids(const char *what, const char *json, const char *const *want)
{
	strs_t got = { NULL, 0 }, exp = { NULL, 0 };
	char *g, *e;

	json_strings(json, "id", &got);
	for (; *want; want++)
		strs_add(&exp, *want, strlen(*want));
	strs_sort(&got);
	strs_sort(&exp);
	g = strs_join(&got);
	e = strs_join(&exp);
	ck_assert_msg(strcmp(g, e) == 0, "%s: got [%s], want [%s]", what, g, e);
	ck_assert_uint_eq(json_total(json), exp.n);
	free(g);
	free(e);
	strs_free(&got);
	strs_free(&exp);
}

/* ---- the constructed set ---- */

/* Reads a whole file, plain or gzipped, through zlib (malloc'd). */
static char *
read_all(const char *path, size_t *len)
{
	gzFile f = gzopen(path, "rb");
	size_t cap = 1 << 16;
	char *buf = malloc(cap);
	int n;

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert(buf != NULL);
	*len = 0;
	while ((n = gzread(f, buf + *len, (unsigned)(cap - *len - 1))) > 0) {
		*len += (size_t)n;
		if (cap - *len < 1024) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert(buf != NULL);
		}
	}
	ck_assert_msg(n == 0, "%s: read error", path);
	gzclose(f);
	buf[*len] = '\0';
	return buf;
}

/* A plain-format article split up: headline, "- " lines, paragraphs. */
typedef struct parsed {
	char *head;
	strs_t meta;
	strs_t paras;
} parsed_t;

static void
parse_article(const char *text, size_t len, parsed_t *a)
{
	const char *p = text, *end = text + len, *nl;
	bool in_head = true, in_meta = false;
	size_t n;

	memset(a, 0, sizeof *a);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (strspn(p, " \t") < n) {
			if (in_head) {
				a->head = strndup(p, n);
				in_head = false;
				in_meta = true;
			} else if (in_meta && n >= 2 && p[0] == '-' && p[1] == ' ') {
				strs_add(&a->meta, p, n);
			} else {
				in_meta = false;
				strs_add(&a->paras, p, n);
			}
		} else if (!in_head) {
			in_meta = false;
		}
		p = nl ? nl + 1 : end;
	}
	ck_assert(a->head != NULL && a->paras.n >= 3);
}

/* Writes dir/src/dup/STORY-vK.txt: head, the meta lines, paragraphs
 * [0, n), the first with prefix before it. */
static void
write_version(const char *dir, const char *story, int k, const char *head,
              const parsed_t *a, size_t n, const char *prefix)
{
	bl_buf_t b;
	char name[300];
	size_t i;

	bl_buf_init(&b, 0);
	bl_buf_printf(&b, "%s\n", head);
	for (i = 0; i < a->meta.n; i++)
		bl_buf_printf(&b, "%s\n", a->meta.v[i]);
	for (i = 0; i < n; i++)
		bl_buf_printf(&b, "%s%s\n", i == 0 ? prefix : "", a->paras.v[i]);
	ck_assert_int_eq(b.err, BL_OK);
	snprintf(name, sizeof name, "src/dup/%s-v%d.txt", story, k);
	free(tu_write(dir, name, b.data, b.len));
	bl_buf_free(&b);
}

/* For each plain sample: the original and four versions of it, as a wire
 * story reprinted elsewhere would be edited. */
static void
write_versions(const char *dir)
{
	DIR *d = opendir(BYLINE_SAMPLES_DIR);
	struct dirent *e;
	strs_t names = { NULL, 0 };
	size_t i, len;

	ck_assert(d != NULL);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && (strstr(e->d_name, ".txt") != NULL))
			strs_add(&names, e->d_name, strlen(e->d_name));
	closedir(d);
	strs_sort(&names);
	ck_assert_uint_eq(names.n, NSAMPLES);
	for (i = 0; i < names.n; i++) {
		char *path, *text, *head;
		parsed_t a;

		ck_assert(asprintf(&path, "%s/%s", BYLINE_SAMPLES_DIR,
		                   names.v[i]) > 0);
		text = read_all(path, &len);
		parse_article(text, len, &a);
		stories[nstories++] = strndup(names.v[i],
		                              strcspn(names.v[i], "."));
		ck_assert(asprintf(&head, "Updated: %s as officials respond",
		                   a.head) > 0);
		write_version(dir, stories[i], 0, a.head, &a, a.paras.n, "");
		write_version(dir, stories[i], 1, head, &a, a.paras.n, "");
		write_version(dir, stories[i], 2, a.head, &a, a.paras.n - 1, "");
		write_version(dir, stories[i], 3, a.head, &a, a.paras.n,
		              "LONDON (Wire) - ");
		write_version(dir, stories[i], 4, head, &a, a.paras.n - 1, "");
		free(a.head);
		strs_free(&a.meta);
		strs_free(&a.paras);
		free(head);
		free(text);
		free(path);
	}
	strs_free(&names);
}

/* An old article that outranks a recent one on BM25 alone: "quokka"
 * twice in a short body against once in a long one. */
static const char old_article[] =
	"Marsupial numbers rebound on Rottnest Island\n"
	"- Harriet Mabey\n"
	"- March 4, 2019\n"
	"Rangers counting colonies on Rottnest Island said the quokka "
	"population had recovered after two dry summers, and that each quokka "
	"colony near the lakes had grown.\n";

static const char new_article[] =
	"Ferry operators add winter sailings to island resorts\n"
	"- Harriet Mabey\n"
	"- July 30, 2024\n"
	"Ferry operators serving the islands off the western coast will add "
	"extra winter sailings from next month, citing steady demand from day "
	"visitors, school groups and families.\n"
	"The companies said bookings for the cooler months had risen by a "
	"fifth compared with last year, helped by cheaper fares and a campaign "
	"promoting walking trails, cycling routes and wildlife such as the "
	"quokka.\n"
	"Harbour staff said the new timetable would run until the end of "
	"September, with later departures on Fridays and Saturdays.\n";

static void
remove_news(void)
{
	size_t i;

	if (news_dir && getpid() == news_owner)
		tu_rmtree(news_dir);
	for (i = 0; i < nstories; i++)
		free(stories[i]);
	free(news_dir);
	free(news_index);
}

/* The plain articles of samples/ are its top-level files (the other
 * formats live in subdirectories); tests/samples-expectations.md lists
 * what they hold. They are copied and indexed once, in the parent. */
static char *plain_dir, *plain_idx;
static pid_t plain_owner;

static void
remove_plain(void)
{
	if (plain_dir && getpid() == plain_owner)
		tu_rmtree(plain_dir);
}

static const char *
plain_index(void)
{
	DIR *d;
	struct dirent *e;
	tu_run_t r;
	char *src, *copy;

	if (plain_idx)
		return plain_idx;
	plain_dir = tu_mkdtemp();
	plain_owner = getpid();
	atexit(remove_plain);
	d = opendir(tu_samples_dir());
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		struct stat sb;
		FILE *in;
		char buf[65536];
		size_t n;

		ck_assert(asprintf(&src, "%s/%s", tu_samples_dir(), e->d_name) > 0);
		if (e->d_name[0] == '.' || stat(src, &sb) != 0 ||
		    !S_ISREG(sb.st_mode)) {
			free(src);
			continue;
		}
		ck_assert(asprintf(&copy, "%s/samples/%s", plain_dir,
		                   e->d_name) > 0);
		in = fopen(src, "rb");
		ck_assert_ptr_nonnull(in);
		n = fread(buf, 1, sizeof buf, in);
		fclose(in);
		free(tu_write(plain_dir, copy + strlen(plain_dir) + 1, buf, n));
		free(copy);
		free(src);
	}
	closedir(d);
	ck_assert(asprintf(&plain_idx, "%s/idx", plain_dir) > 0);
	ck_assert(asprintf(&src, "%s/samples", plain_dir) > 0);
	r = tu_index("--quiet", "--index", plain_idx, src, NULL);
	ck_assert_msg(r.status == 0, "indexing the plain samples: %s", r.err);
	tu_run_free(&r);
	free(src);
	return plain_idx;
}

/* Unchecked fixture: runs in the parent, so the indexes are built once. */
static void
news_setup(void)
{
	char *src;
	tu_run_t r;

	plain_index();
	if (news_index)
		return;
	news_dir = tu_mkdtemp();
	news_owner = getpid();
	atexit(remove_news);
	write_versions(news_dir);
	free(tu_write(news_dir, "src/recency/old.txt", old_article,
	              sizeof old_article - 1));
	free(tu_write(news_dir, "src/recency/new.txt", new_article,
	              sizeof new_article - 1));
	ck_assert(asprintf(&src, "%s/src", news_dir) > 0);
	ck_assert(asprintf(&news_index, "%s/idx", news_dir) > 0);
	r = tu_index("--quiet", "--index", news_index, src, NULL);
	ck_assert_msg(r.status == 0, "indexing the constructed set failed "
	              "(%d): %s", r.status, r.err);
	tu_run_free(&r);
	free(src);
}

/* ---- dates ---- */

static const struct {
	args_t args;
	const char *ids[10];
} date_cases[] = {
	{ { "date:2024" }, { CHIP, VOLCANO, CAFE, OPENAI, WHEAT, AIRLINE, SENATE } },
	{ { "date:2024-08" }, { OPENAI, WHEAT } },
	{ { "date:2023-05-01..2023-06-30" }, { CUP, CLIMATE } },
	{ { "date:..2023-12-31" }, { CUP, CLIMATE, ZURICH, MUSEUM } },
	{ { "date:2025.." }, { LEAVE, SCHOOL, WHALE } },
	{ { "date:2024-08-07T16:43:00Z" }, { OPENAI } },	/* "4:43 pm" in UTC */
	{ { "date:2024-08-07T16:42:00Z..2024-08-07T16:44:00Z" }, { OPENAI } },
	{ { "date:\"22 Aug 2024\"" }, { WHEAT } },
	{ { "date:2023-05-21" }, { CUP } },
	{ { "after:2025" }, { LEAVE, SCHOOL, WHALE } },
	{ { "after:2024-11-06" }, { SENATE, LEAVE, SCHOOL, WHALE } },
	{ { "before:2023-07" }, { CUP, CLIMATE } },
	{ { "before:2023-05-21" }, { NULL } },
	{ { "after:2024-03 before:2024-08" }, { VOLCANO, CAFE } },
	{ { "the date:2024-08" }, { OPENAI, WHEAT } },
	/* relative to --now */
	{ { "--now", "2024-08-25T12:00:00Z", "date:7d" }, { WHEAT } },
	{ { "--now", "2024-08-25T12:00:00Z", "date:last-week" }, { WHEAT } },
	{ { "--now", "2024-08-29T12:00:00Z", "date:last-week" }, { NULL } },
	{ { "--now", "2024-08-22T15:00:00Z", "date:today" }, { WHEAT } },
	{ { "--now", "2024-08-08T10:00:00Z", "date:yesterday" }, { OPENAI } },
	{ { "--now", "2024-08-25T12:00:00Z", "date:3m" }, { OPENAI, WHEAT } },
	{ { "--now", "2024-09-10T00:00:00Z", "date:last-month" }, { WHEAT } },
	/* 2024-02-03 .. now, which is the instant of the Portugal article */
	{ { "--now", "2025-02-03T00:00:00Z", "date:last-year" },
	  { CHIP, VOLCANO, CAFE, OPENAI, WHEAT, AIRLINE, SENATE, LEAVE } },
	{ { "--now", "2024-08-25T12:00:00Z", "after:7d" },
	  { WHEAT, AIRLINE, SENATE, LEAVE, SCHOOL, WHALE } },
	{ { "--now", "2023-07-01T00:00:00Z", "before:last-month" }, { CUP } },
	/* the options */
	{ { "--date", "2024-08", "the" }, { OPENAI, WHEAT } },
	{ { "--date", "22 Aug 2024", "the" }, { WHEAT } },
	{ { "--date", "2023-05-01..2023-06-30", "the" }, { CUP, CLIMATE } },
	{ { "--after", "2025-01-01", "--before", "2025-06-01", "the" },
	  { LEAVE, SCHOOL } },
	{ { "--before", "2023-09-25", "the" }, { CUP, CLIMATE } },
	{ { "--now", "2024-08-25T12:00:00Z", "--date", "7d", "the" }, { WHEAT } },
	{ { "--date", "2024", "date:2024-08" }, { OPENAI, WHEAT } },
	{ { "--date", "2023", "date:2024-08" }, { NULL } },
};

START_TEST(test_date_filters)
{
	char *out = search_json(plain_index(), date_cases[_i].args);
	char what[200];

	snprintf(what, sizeof what, "%s %s %s %s", date_cases[_i].args[0],
	         date_cases[_i].args[1] ? date_cases[_i].args[1] : "",
	         date_cases[_i].args[2] ? date_cases[_i].args[2] : "",
	         date_cases[_i].args[3] ? date_cases[_i].args[3] : "");
	check_ids(what, out, date_cases[_i].ids);
	free(out);
}
END_TEST

/* A spec that cannot be read is an error naming it, never an empty
 * result or a word search. */
static const struct {
	args_t args;
	const char *named;
} bad_date_cases[] = {
	{ { "date:2024-13" }, "'2024-13'" },
	{ { "the", "date:sometime" }, "'sometime'" },
	{ { "after:soon" }, "'soon'" },
	{ { "before:..2023" }, "'..2023'" },
	{ { "date:2024-08-07..2024-08-01" }, "'2024-08-07..2024-08-01'" },
	{ { "whale drought date:2025..2024" }, "'2025..2024'" },
	{ { "--date", "2024-99", "the" }, "'2024-99'" },
	{ { "--after", "last-decade", "the" }, "'last-decade'" },
	{ { "--before", "2024..2025", "the" }, "'2024..2025'" },
	{ { "--date", "2024\"08", "the" }, "'2024\"08'" },
};

START_TEST(test_bad_dates)
{
	tu_run_t r = search(plain_index(), bad_date_cases[_i].args);

	ck_assert_msg(r.status == 2, "%s: status %d, want 2",
	              bad_date_cases[_i].named, r.status);
	ck_assert_msg(strstr(r.err, bad_date_cases[_i].named) != NULL,
	              "message does not name %s: %s", bad_date_cases[_i].named,
	              r.err);
	ck_assert_str_eq(r.out, "");
	tu_run_free(&r);
}
END_TEST

/* Date filters over articles at random instants from November 1999 to
 * March 2001 (midnights, the last second of a day, 29 February 2000 and
 * the turns of the years among them, and one undated article): for random
 * days, months, years, ranges and open ends, with and without times of
 * day, and for an article's instant and the hour around it, the matches are exactly the articles whose date lies in the range
 * bl_daterange_parse() gives. Ranges are searched as the year, month and
 * day terms, days covered in part less the articles outside by their date
 * value: each must agree with the dates. A filter also leaves the
 * percentages to the words: the lowest hit's is its score's share of the
 * top hit's. */
#define NDATED 300

static const char *const date_edges[] = {
	"2000-02-29T00:00:00Z", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z",
	"2000-12-31T23:59:59Z", "2001-01-01T00:00:00Z", "2000-02-28T23:59:59Z",
	"2000-03-01T00:00:00Z", "1999-11-01T00:00:00Z",
};

/* A random day from 1999-10-25 to 2001-03-10 as YYYY-MM-DD, or the month
 * or year of one. */
static void
random_day(uint64_t *rng, char *out, size_t n, int parts)
{
	int64_t t = bl_date_from_civil(1999, 10, 25, 0, 0, 0) +
	            (int64_t)tu_rng_range(rng, 0, 502) * 86400;
	int y, m, d;

	bl_date_to_civil(t, &y, &m, &d, NULL, NULL, NULL);
	if (parts == 1)
		snprintf(out, n, "%04d", y);
	else if (parts == 2)
		snprintf(out, n, "%04d-%02d", y, m);
	else if (parts == 3)
		snprintf(out, n, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(out, n, "%04d-%02d-%02dT%02u:%02u:%02uZ", y, m, d,
		         tu_rng_range(rng, 0, 23), tu_rng_range(rng, 0, 59),
		         tu_rng_range(rng, 0, 59));
}

START_TEST(test_date_ranges_random)
{
	char *dir = tu_mkdtemp(), *src, *idx;
	int64_t dates[NDATED + 1];
	uint64_t rng = 20261127;
	bl_db_t *db;
	tu_run_t r;
	int i, k, q;

	for (i = 0; i <= NDATED; i++) {
		char name[32], when[40], text[600];
		int64_t t;
		int y, mo, d, h, mi, sec, len;

		if (i == NDATED) {	/* undated */
			dates[i] = INT64_MIN;
			len = snprintf(text, sizeof text, "Story %03d\n- Desk\n"
			               "report without a date\n", i);
		} else {
			if (i < (int)(sizeof date_edges / sizeof *date_edges)) {
				ck_assert_int_eq(bl_date_parse(date_edges[i],
					strlen(date_edges[i]), &t), BL_OK);
			} else {
				unsigned kind = tu_rng_range(&rng, 0, 3);
				t = bl_date_from_civil(1999, 11, 1, 0, 0, 0) +
				    (int64_t)tu_rng_range(&rng, 0, 495) * 86400 +
				    (kind == 0 ? 0 : kind == 1 ? 86399 :
				     (int64_t)tu_rng_range(&rng, 0, 86399));
			}
			dates[i] = t;
			bl_date_to_civil(t, &y, &mo, &d, &h, &mi, &sec);
			snprintf(when, sizeof when,
			         "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h,
			         mi, sec);
			/* bodies of different lengths give different scores */
			len = snprintf(text, sizeof text, "Story %03d\n- Desk\n"
			               "- %s\nreport number %03d%.*s\n", i, when,
			               i, (int)(i % 9) * 7,
			               " more words here and there, filler text");
		}
		snprintf(name, sizeof name, "src/a%03d.txt", i);
		free(tu_write(dir, name, text, (size_t)len));
	}
	ck_assert(asprintf(&src, "%s/src", dir) > 0);
	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	r = tu_index("--quiet", "--index", idx, src, NULL);
	ck_assert_msg(r.status == 0, "indexing: %s", r.err);
	tu_run_free(&r);
	db = tu_open_read(idx);

	for (q = 0; q < 80; q++) {
		char a[40], b[40], spec[100], query[140];
		const char *field = "date";
		bl_range_kind_t kind = BL_RANGE_ON;
		unsigned form = tu_rng_range(&rng, 0, 11);
		int parts = (int)tu_rng_range(&rng, 1, 4);
		bool want[NDATED + 1] = { false }, seen[NDATED + 1] = { false };
		int64_t lo, hi, lo2 = INT64_MIN, hi2 = INT64_MAX;
		bl_query_opts_t o;
		bl_results_t *res = NULL;
		size_t h, nwant = 0;

		random_day(&rng, a, sizeof a, parts);
		random_day(&rng, b, sizeof b, form == 3 ? parts : 3);
		if (strcmp(a, b) > 0) {
			char t[40];
			memcpy(t, a, sizeof t);
			memcpy(a, b, sizeof t);
			memcpy(b, t, sizeof t);
		}
		switch (form) {
		case 0: case 1: case 2:
			snprintf(spec, sizeof spec, "%s", a);
			break;
		case 3:
			snprintf(spec, sizeof spec, "%s..%s", a, b);
			break;
		case 4:	/* date:a before:b */
			snprintf(spec, sizeof spec, "%s", a);
			break;
		case 5:
			snprintf(spec, sizeof spec, "..%s", a);
			break;
		case 6:
			snprintf(spec, sizeof spec, "%s..", a);
			break;
		case 10: case 11: {	/* an article's instant, or an hour around */
			int64_t t = dates[tu_rng_range(&rng, 0, NDATED - 1)];
			char x[BL_DATE_ISO_MAX], y[BL_DATE_ISO_MAX];

			if (form == 10)
				snprintf(spec, sizeof spec, "%s",
				         bl_date_format_iso(t, x));
			else
				snprintf(spec, sizeof spec, "%s..%s",
				         bl_date_format_iso(t - 3600, x),
				         bl_date_format_iso(t + 3599, y));
			break;
		}
		case 7:
			field = "after", kind = BL_RANGE_AFTER;
			snprintf(spec, sizeof spec, "%s", a);
			break;
		default:
			field = "before", kind = BL_RANGE_BEFORE;
			snprintf(spec, sizeof spec, "%s", a);
			break;
		}
		ck_assert_int_eq(bl_daterange_parse(spec, strlen(spec), kind, 0,
		                                    &lo, &hi), BL_OK);
		if (form == 4) {	/* and a second filter, before: b */
			ck_assert_int_eq(bl_daterange_parse(b, strlen(b),
				BL_RANGE_BEFORE, 0, &lo2, &hi2), BL_OK);
			snprintf(query, sizeof query, "report date:%s before:%s",
			         a, b);
		} else {
			snprintf(query, sizeof query, "report %s:%s", field, spec);
		}
		for (i = 0; i <= NDATED; i++) {
			want[i] = dates[i] != INT64_MIN && dates[i] >= lo &&
			          dates[i] <= hi && dates[i] >= lo2 &&
			          dates[i] <= hi2;
			nwant += want[i];
		}

		memset(&o, 0, sizeof o);
		o.text = query;
		o.limit = NDATED + 10;
		o.all_versions = true;
		o.exact_total = true;
		ck_assert_int_eq(bl_db_search(db, &o, &res), BL_OK);
		ck_assert_msg(res->nhits == nwant, "%s: %zu hits, want %zu",
		              query, res->nhits, nwant);
		for (h = 0; h < res->nhits; h++) {
			bl_article_t art;

			bl_article_init(&art);
			ck_assert_int_eq(bl_article_decode(res->hits[h].data,
				res->hits[h].data_len, &art), BL_OK);
			ck_assert(sscanf(art.title, "Story %d", &k) == 1);
			ck_assert(k >= 0 && k <= NDATED && !seen[k]);
			seen[k] = true;
			ck_assert_msg(want[k], "%s: story %d (%" PRId64 ") is "
			              "outside [%" PRId64 ", %" PRId64 "]", query,
			              k, dates[k], lo, hi);
			ck_assert(art.has_date && art.date == dates[k]);
			bl_article_clear(&art);
		}
		if (res->nhits >= 2) {
			const bl_hit_t *top = &res->hits[0];
			const bl_hit_t *last = &res->hits[res->nhits - 1];
			int share = (int)(100.0 * last->score / top->score);

			ck_assert_int_eq(top->percent, 100);
			ck_assert_msg(abs(last->percent - share) <= 1,
			              "%s: the last hit's percent is %d, its score "
			              "%.4f of the top's %.4f", query, last->percent,
			              last->score, top->score);
		}
		bl_results_free(res);
	}
	bl_db_close(db);
	tu_rmtree(dir);
	free(src);
	free(idx);
	free(dir);
}
END_TEST

/* ---- order ---- */

static void
check_sorted(const char *sort, bool newest)
{
	args_t a = { "--sort", sort, "the" };
	char *out = search_json(plain_index(), a);
	strs_t dates = { NULL, 0 };
	size_t i, undated = 0;

	json_strings(out, "date", &dates);
	ck_assert_uint_eq(dates.n, NSAMPLES);
	for (i = 0; i < dates.n; i++) {
		const char *d = dates.v[i];

		if (*d == '\0') {
			undated++;
			/* undated last for newest, first for oldest */
			ck_assert_msg(newest ? i >= NSAMPLES - 2 : i < 2,
			              "--sort %s: undated hit at %zu", sort, i);
			continue;
		}
		if (i + 1 < dates.n && *dates.v[i + 1])
			ck_assert_msg(newest ? strcmp(d, dates.v[i + 1]) >= 0 :
			                       strcmp(d, dates.v[i + 1]) <= 0,
			              "--sort %s: %s then %s", sort, d,
			              dates.v[i + 1]);
	}
	ck_assert_uint_eq(undated, 2);
	ck_assert_str_eq(dates.v[newest ? 0 : 2], newest ?
	                 "2025-07-09T08:15:00Z" : "2023-05-21T18:55:00Z");
	strs_free(&dates);
	free(out);
}

START_TEST(test_sort)
{
	args_t bad = { "--sort", "latest", "the" };
	tu_run_t r;

	check_sorted("newest", true);
	check_sorted("oldest", false);
	r = search(plain_index(), bad);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "latest"));
	tu_run_free(&r);
}
END_TEST

/* The ids of json's hits in order. */
static void
ids_of(const char *json, strs_t *ids)
{
	json_strings(json, "id", ids);
}

START_TEST(test_recency)
{
	args_t plain = { "quokka" };
	args_t fresh = { "--recency", "30d", "--now", "2024-08-07T12:00:00Z",
	                 "quokka" };
	args_t all = { "the" };
	args_t all_fresh = { "--recency", "30d", "--now",
	                     "2024-08-07T12:00:00Z", "the" };
	strs_t a = { NULL, 0 }, b = { NULL, 0 };
	char *out1, *out2, *j1, *j2;

	/* BM25 alone: the 2019 article first. */
	out1 = search_json(news_index, plain);
	ids_of(out1, &a);
	ck_assert_uint_eq(a.n, 2);
	ck_assert_str_eq(a.v[0], "recency/old.txt");
	ck_assert_str_eq(a.v[1], "recency/new.txt");
	/* A 30-day half-life lifts the one from last week above it. */
	out2 = search_json(news_index, fresh);
	ids_of(out2, &b);
	ck_assert_uint_eq(b.n, 2);
	ck_assert_str_eq(b.v[0], "recency/new.txt");
	ck_assert_str_eq(b.v[1], "recency/old.txt");
	ck_assert_uint_eq(json_total(out1), json_total(out2));
	strs_free(&a);
	strs_free(&b);
	free(out1);
	free(out2);
	/* Recency reorders; it never drops a hit. */
	out1 = search_json(news_index, all);
	out2 = search_json(news_index, all_fresh);
	ids_of(out1, &a);
	ids_of(out2, &b);
	ck_assert_uint_eq(json_total(out1), json_total(out2));
	strs_sort(&a);
	strs_sort(&b);
	j1 = strs_join(&a);
	j2 = strs_join(&b);
	ck_assert_str_eq(j1, j2);
	ck_assert_uint_eq(a.n, NSAMPLES + 2);
	free(j1);
	free(j2);
	strs_free(&a);
	strs_free(&b);
	free(out1);
	free(out2);
}
END_TEST

/* ---- facets ---- */

/* The filter that selects value of facet name. */
static void
facet_filter(const char *name, const char *value, char *out, size_t size)
{
	if (strcmp(name, "year") == 0 || strcmp(name, "month") == 0)
		snprintf(out, size, "date:%s", value);
	else
		snprintf(out, size, "%s:\"%s\"", name, value);
}

static const char *const all_facets[] = {
	"source", "category", "author", "place", "year", "month"
};

/* For query on index with every facet: each count equals the total of
 * the query filtered by that value, in JSON and in text alike. Returns
 * the number of values seen. */
static size_t
check_facets(const char *index, const char *query, bool all_versions)
{
	args_t a = { "--facets", "source,category,author,place,year,month",
	             all_versions ? "--all-versions" : query,
	             all_versions ? query : NULL };
	char *json = search_json(index, a);
	tu_run_t text = search(index, a);
	size_t f, j, seen = 0;

	ck_assert_int_eq(text.status, 0);
	for (f = 0; f < sizeof all_facets / sizeof *all_facets; f++) {
		strs_t labels = { NULL, 0 };
		uint64_t counts[64];
		bl_buf_t line;

		ck_assert_msg(json_pairs(json, "\"facets\":{", all_facets[f],
		                         &labels, counts, 64),
		              "no facet %s in %s", all_facets[f], json);
		bl_buf_init(&line, 0);
		bl_buf_printf(&line, "\n%s:", all_facets[f]);
		for (j = 0; j < labels.n; j++) {
			char filter[300], q[400];
			uint64_t t;

			facet_filter(all_facets[f], labels.v[j], filter,
			             sizeof filter);
			snprintf(q, sizeof q, "%s %s", query, filter);
			if (all_versions) {
				args_t av = { "--all-versions", q };
				char *out = search_json(index, av);

				t = json_total(out);
				free(out);
			} else {
				t = total_of(index, q);
			}
			ck_assert_msg(t == counts[j], "%s: facet %s %s counts %llu,"
			              " but \"%s\" finds %llu", index, all_facets[f],
			              labels.v[j], (unsigned long long)counts[j], q,
			              (unsigned long long)t);
			bl_buf_printf(&line, "%s%s (%llu)", j ? ", " : " ",
			              labels.v[j], (unsigned long long)counts[j]);
			seen++;
		}
		bl_buf_puts(&line, labels.n ? "\n" : " none\n");
		ck_assert_msg(strstr(text.out, bl_buf_cstr(&line)) != NULL,
		              "text output lacks \"%s\": %s", bl_buf_cstr(&line),
		              text.out);
		bl_buf_free(&line);
		strs_free(&labels);
	}
	free(json);
	tu_run_free(&text);
	return seen;
}

START_TEST(test_facets_samples)
{
	const char *idx = plain_index();
	args_t a = { "--facets", "year,author", "the" };
	char *json = search_json(idx, a);
	strs_t labels = { NULL, 0 };
	uint64_t counts[16], sum = 0;
	size_t i;

	/* 3 years, 13 months, 8 authors; no source, category or place */
	ck_assert_uint_eq(check_facets(idx, "the", false), 3 + 13 + 8);
	ck_assert(json_pairs(json, "\"facets\":{", "year", &labels, counts, 16));
	ck_assert_uint_eq(labels.n, 3);
	ck_assert_str_eq(labels.v[0], "2023");
	ck_assert_uint_eq(counts[0], 4);
	ck_assert_str_eq(labels.v[1], "2024");
	ck_assert_uint_eq(counts[1], 7);
	ck_assert_str_eq(labels.v[2], "2025");
	ck_assert_uint_eq(counts[2], 3);
	strs_free(&labels);
	ck_assert(json_pairs(json, "\"facets\":{", "author", &labels, counts,
	                     16));
	ck_assert_uint_eq(labels.n, 8);
	for (i = 0; i < labels.n; i++) {
		sum += counts[i];
		if (i)
			ck_assert(counts[i] <= counts[i - 1]);	/* most first */
	}
	ck_assert_uint_eq(sum, 13);
	ck_assert_str_eq(labels.v[0], "daniel osei");
	strs_free(&labels);
	free(json);
	/* An unknown facet is a usage error naming it. */
	{
		args_t bad = { "--facets", "year,colour", "the" };
		tu_run_t r = search(idx, bad);

		ck_assert_int_eq(r.status, 2);
		ck_assert_ptr_nonnull(strstr(r.err, "'colour'"));
		tu_run_free(&r);
	}
}
END_TEST

/* Articles with a source, categories and places: the plain format has
 * none, so they go in through the bl_db API as bl_schema.h lays them out
 * (filter terms and facet values folded alike). */
typedef struct fdoc {
	const char *id, *title, *body, *author, *source, *date;
	const char *cats[3], *places[3];
} fdoc_t;

static const fdoc_t fdocs[] = {
	{ "f1", "Dockworkers strike halts container traffic",
	  "Container traffic at the port stopped on Monday as dockworkers "
	  "walked out over pay.", "Ana Ribeiro", "Coast Wire", "2024-03-04",
	  { "Labour", "Trade" }, { "São Paulo" } },
	{ "f2", "Harbour board approves cruise terminal",
	  "The port authority approved a second cruise terminal.",
	  "Ana Ribeiro", "coast wire", "2024-03-20",
	  { "Tourism" }, { "Québec" } },
	{ "f3", "Grain exports reach a record",
	  "Grain shipped through the port reached a record in October.",
	  "Jonas Lind", "The Harbour Gazette", "2023-11-02",
	  { "Trade", "Agriculture" }, { "Oslo", "são paulo" } },
	{ "f4", "Fees to rise next year",
	  "Port fees will rise by four percent next year.",
	  NULL, "The Harbour Gazette", "2024-12-31T23:59:59Z",
	  { "Économie" }, { NULL } },
	{ "f5", "Fishing fleet returns early",
	  "The fleet came back to port two weeks early.",
	  "Jonas Lind", NULL, NULL,
	  { "Fisheries" }, { "Oslo" } },
	{ "f6", "Railway link opens after delays",
	  "A freight railway to the port opened three years late.",
	  "Mei Tanaka", "Coast Wire", "2025-01-15",
	  { "Transport", "trade" }, { "QUÉBEC" } },
	{ "f7", "Dredging deepens the channel",
	  "Dredgers deepened the channel into the port.",
	  "Mei Tanaka", "Coast Wire", "2024-03-31T23:30:00Z",
	  { "Transport" }, { "oslo" } },
	{ "f8", "Mountain hut opens for the season",
	  "Walkers can stay at the hut again from June.",
	  "Mei Tanaka", "Coast Wire", "2024-06-01",
	  { "Tourism" }, { "Oslo" } },
};

static void
add_term(bl_doc_t *doc, bl_buf_t *b, const char *prefix, const char *value,
         bool fold)
{
	bl_buf_reset(b);
	ck_assert_int_eq(bl_term_for(b, prefix, value, strlen(value), fold),
	                 BL_OK);
	ck_assert_int_eq(bl_doc_add_term(doc, bl_buf_cstr(b)), BL_OK);
}

/* Sets slot to the folded values joined by BL_LIST_SEP. */
static void
set_facet(bl_doc_t *doc, bl_buf_t *b, unsigned slot,
          const char *const *values, size_t n)
{
	size_t i;

	bl_buf_reset(b);
	for (i = 0; i < n && values[i]; i++) {
		if (i)
			bl_buf_putc(b, BL_LIST_SEP);
		bl_term_for(b, "", values[i], strlen(values[i]), true);
	}
	ck_assert_int_eq(b->err, BL_OK);
	if (b->len)
		ck_assert_int_eq(bl_doc_set_value(doc, slot, b->data, b->len),
		                 BL_OK);
}

static void
add_fdoc(bl_db_t *db, const fdoc_t *f)
{
	bl_doc_t *doc = NULL;
	bl_article_t a;
	bl_buf_t b, data;
	size_t i;

	bl_buf_init(&b, 0);
	bl_buf_init(&data, 0);
	bl_article_init(&a);
	ck_assert_int_eq(bl_doc_new(db, &doc), BL_OK);
	ck_assert_int_eq(bl_doc_index_text(doc, f->title, strlen(f->title),
	                 BL_TITLE_WEIGHT, ""), BL_OK);
	ck_assert_int_eq(bl_doc_skip_positions(doc, 100), BL_OK);
	ck_assert_int_eq(bl_doc_index_text(doc, f->body, strlen(f->body), 1,
	                 ""), BL_OK);
	add_term(doc, &b, BL_PREFIX_ID, f->id, false);
	bl_article_set_exact(&a.id, f->id, strlen(f->id));
	bl_article_set(&a.title, f->title, strlen(f->title), false);
	bl_article_set_body(&a, f->body, strlen(f->body));
	if (f->author) {
		ck_assert_int_eq(bl_doc_index_text(doc, f->author,
		                 strlen(f->author), 1, BL_PREFIX_AUTHOR), BL_OK);
		set_facet(doc, &b, BL_SLOT_AUTHOR, &f->author, 1);
		bl_article_set(&a.author, f->author, strlen(f->author), false);
	}
	if (f->source) {
		add_term(doc, &b, BL_PREFIX_SOURCE, f->source, true);
		set_facet(doc, &b, BL_SLOT_SOURCE, &f->source, 1);
		bl_article_set(&a.source, f->source, strlen(f->source), false);
	}
	for (i = 0; i < 3 && f->cats[i]; i++) {
		add_term(doc, &b, BL_PREFIX_CATEGORY, f->cats[i], true);
		bl_strlist_add(&a.categories, f->cats[i], strlen(f->cats[i]));
	}
	set_facet(doc, &b, BL_SLOT_CATEGORIES, f->cats, 3);
	for (i = 0; i < 3 && f->places[i]; i++) {
		add_term(doc, &b, BL_PREFIX_PLACE, f->places[i], true);
		bl_strlist_add(&a.places, f->places[i], strlen(f->places[i]));
	}
	set_facet(doc, &b, BL_SLOT_PLACES, f->places, 3);
	if (f->date) {
		ck_assert_int_eq(bl_date_parse(f->date, strlen(f->date), &a.date),
		                 BL_OK);
		a.has_date = true;
		ck_assert_int_eq(bl_doc_set_date(doc, a.date), BL_OK);
	}
	ck_assert_int_eq(bl_article_encode(&a, &data), BL_OK);
	ck_assert_int_eq(bl_doc_set_record(doc, data.data, data.len), BL_OK);
	ck_assert_int_eq(bl_db_add_doc(db, doc), BL_OK);
	bl_doc_free(doc);
	bl_article_clear(&a);
	bl_buf_free(&b);
	bl_buf_free(&data);
}

static const struct {
	const char *facet;
	const char *labels[8];
	unsigned counts[8];
} fdoc_facets[] = {
	/* query "port": f1-f7; f8 has no "port" */
	{ "source", { "coast wire", "the harbour gazette" }, { 4, 2 } },
	{ "category", { "trade", "transport", "agriculture", "fisheries",
	                "labour", "tourism", "économie" },
	  { 3, 2, 1, 1, 1, 1, 1 } },
	{ "author", { "ana ribeiro", "jonas lind", "mei tanaka" }, { 2, 2, 2 } },
	{ "place", { "oslo", "québec", "são paulo" }, { 3, 2, 2 } },
	{ "year", { "2023", "2024", "2025" }, { 1, 4, 1 } },
	{ "month", { "2023-11", "2024-03", "2024-12", "2025-01" },
	  { 1, 3, 1, 1 } },
};

START_TEST(test_facets_fields)
{
	char *dir = tu_mkdtemp(), *idx, *msg = NULL, *json;
	bl_db_t *db = NULL;
	args_t a = { "--facets", "source,category,author,place,year,month",
	             "port" };
	size_t i, j;

	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	ck_assert_int_eq(bl_db_open(idx, BL_DB_OVERWRITE, &db, &msg), BL_OK);
	for (i = 0; i < sizeof fdocs / sizeof *fdocs; i++)
		add_fdoc(db, &fdocs[i]);
	ck_assert_int_eq(bl_db_commit(db), BL_OK);
	bl_db_close(db);
	ck_assert_uint_eq(check_facets(idx, "port", false), 2 + 7 + 3 + 3 + 3 +
	                  4);
	json = search_json(idx, a);
	for (i = 0; i < sizeof fdoc_facets / sizeof *fdoc_facets; i++) {
		strs_t labels = { NULL, 0 };
		uint64_t counts[16];

		ck_assert(json_pairs(json, "\"facets\":{", fdoc_facets[i].facet,
		                     &labels, counts, 16));
		for (j = 0; fdoc_facets[i].labels[j]; j++) {
			ck_assert_msg(j < labels.n, "facet %s: %zu values",
			              fdoc_facets[i].facet, labels.n);
			ck_assert_str_eq(labels.v[j], fdoc_facets[i].labels[j]);
			ck_assert_uint_eq(counts[j], fdoc_facets[i].counts[j]);
		}
		ck_assert_uint_eq(labels.n, j);
		strs_free(&labels);
	}
	free(json);
	tu_rmtree(dir);
	free(idx);
	free(dir);
}
END_TEST

/* ---- timelines ---- */

/* The month after "YYYY-MM", into out[16]. */
static void
next_month(const char *m, char *out)
{
	unsigned y = (unsigned)atoi(m), mo = (unsigned)atoi(m + 5) + 1;

	if (mo == 13) {
		y++;
		mo = 1;
	}
	snprintf(out, 16, "%04u-%02u", y, mo);
}

/* Seconds since the epoch of "YYYY-MM-DD", by timegm (not bl_date). */
static time_t
day_secs(const char *d, int *wday)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	ck_assert(sscanf(d, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon,
	                 &tm.tm_mday) == 3);
	tm.tm_year -= 1900;
	tm.tm_mon--;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	*wday = tm.tm_wday;
	return t;
}

START_TEST(test_timeline_months)
{
	const char *idx = plain_index();
	args_t a = { "--timeline=month", "the" };
	args_t text_args = { "--timeline=month", "the" };
	char *json = search_json(idx, a);
	tu_run_t text = search(idx, text_args);
	strs_t labels = { NULL, 0 };
	uint64_t counts[64], sum = 0;
	char want[16], line[64];
	size_t i;

	ck_assert(json_pairs(json, NULL, "timeline", &labels, counts, 64));
	ck_assert_uint_eq(labels.n, 27);	/* 2023-05 .. 2025-07 */
	ck_assert_str_eq(labels.v[0], "2023-05");
	ck_assert_str_eq(labels.v[labels.n - 1], "2025-07");
	for (i = 0; i < labels.n; i++) {
		if (i) {
			next_month(labels.v[i - 1], want);
			ck_assert_str_eq(labels.v[i], want);
		}
		sum += counts[i];
		snprintf(line, sizeof line, "\n%-10s %6llu ", labels.v[i],
		         (unsigned long long)counts[i]);
		ck_assert_msg(strstr(text.out, line) != NULL, "no \"%s\" in %s",
		              line + 1, text.out);
	}
	ck_assert_uint_eq(counts[1], 1);	/* 2023-06 */
	ck_assert_uint_eq(counts[2], 0);	/* 2023-07, empty, present */
	ck_assert_uint_eq(sum, total_of(idx, "the date:1000.."));
	ck_assert_uint_eq(sum, 14);
	strs_free(&labels);
	tu_run_free(&text);
	free(json);
}
END_TEST

START_TEST(test_timeline_weeks_years)
{
	const char *idx = plain_index();
	args_t w = { "--timeline=week", "the" };
	args_t y = { "--timeline=year", "the" };
	args_t bad = { "--timeline=fortnight", "the" };
	char *json = search_json(idx, w);
	strs_t labels = { NULL, 0 };
	uint64_t counts[200], sum = 0;
	time_t prev = 0, t;
	int wday;
	size_t i;
	tu_run_t r;

	ck_assert(json_pairs(json, NULL, "timeline", &labels, counts, 200));
	for (i = 0; i < labels.n; i++) {
		t = day_secs(labels.v[i], &wday);
		ck_assert_msg(wday == 1, "week %s is not a Monday", labels.v[i]);
		if (i)
			ck_assert_int_eq(t - prev, 7 * 86400);
		prev = t;
		sum += counts[i];
	}
	ck_assert_str_eq(labels.v[0], "2023-05-15");	/* Sun 21 May */
	ck_assert_str_eq(labels.v[labels.n - 1], "2025-07-07");	/* Wed 9 Jul */
	ck_assert_uint_eq(sum, 14);
	strs_free(&labels);
	free(json);
	json = search_json(idx, y);
	ck_assert(json_pairs(json, NULL, "timeline", &labels, counts, 200));
	ck_assert_uint_eq(labels.n, 3);
	ck_assert_str_eq(labels.v[0], "2023");
	ck_assert_uint_eq(counts[0], 4);
	ck_assert_uint_eq(counts[1], 7);
	ck_assert_uint_eq(counts[2], 3);
	strs_free(&labels);
	free(json);
	r = search(idx, bad);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "fortnight"));
	tu_run_free(&r);
}
END_TEST

/* ---- near-duplicates ---- */

/* The ids of the hits of q on db, in order. */
static void
api_ids(bl_db_t *db, const bl_query_opts_t *q, strs_t *ids)
{
	bl_results_t *res = NULL;
	bl_article_t a;
	size_t i;

	ck_assert_msg(bl_db_search(db, q, &res) == BL_OK, "%s",
	              bl_db_last_error(db));
	bl_article_init(&a);
	for (i = 0; i < res->nhits; i++) {
		ck_assert_int_eq(bl_article_decode(res->hits[i].data,
		                 res->hits[i].data_len, &a), BL_OK);
		strs_add(ids, a.id, strlen(a.id));
	}
	bl_article_clear(&a);
	bl_results_free(res);
}

/* Over every pair of the 80 versions: does "same cluster" (what --similar
 * lists) match "same original story"? */
START_TEST(test_duplicates_measured)
{
	enum { N = NSAMPLES * NVERSIONS };
	strs_t ids = { NULL, 0 }, clusters[N];
	bl_db_t *db = NULL;
	char *msg = NULL, id[300];
	unsigned tp = 0, fp = 0, fn = 0;
	double precision, recall;
	size_t i, j;

	ck_assert_uint_eq(nstories, NSAMPLES);
	ck_assert_int_eq(bl_db_open(news_index, BL_DB_READ, &db, &msg), BL_OK);
	for (i = 0; i < N; i++) {
		bl_query_opts_t q = { 0 };

		snprintf(id, sizeof id, "dup/%s-v%zu.txt", stories[i / NVERSIONS],
		         i % NVERSIONS);
		strs_add(&ids, id, strlen(id));
		q.similar = ids.v[i];
		q.limit = 100;
		clusters[i].v = NULL;
		clusters[i].n = 0;
		api_ids(db, &q, &clusters[i]);
		ck_assert_msg(strs_has(&clusters[i], id), "--similar %s lacks "
		              "itself", id);
	}
	for (i = 0; i < N; i++) {
		for (j = i + 1; j < N; j++) {
			bool same = i / NVERSIONS == j / NVERSIONS;
			bool grouped = strs_has(&clusters[i], ids.v[j]);

			ck_assert_msg(grouped == strs_has(&clusters[j], ids.v[i]),
			              "clusters of %s and %s disagree", ids.v[i],
			              ids.v[j]);
			tp += same && grouped;
			fp += !same && grouped;
			fn += same && !grouped;
		}
	}
	precision = tp + fp ? (double)tp / (tp + fp) : 0.0;
	recall = tp + fn ? (double)tp / (tp + fn) : 0.0;
	printf("near-duplicates: %u same-story pairs of %zu: precision %.3f "
	       "(%u/%u), recall %.3f (%u/%u)\n", tp + fn,
	       (size_t)N * (N - 1) / 2, precision, tp, tp + fp, recall, tp,
	       tp + fn);
	fflush(stdout);
	ck_assert_msg(precision >= 0.95, "precision %.3f", precision);
	ck_assert_msg(recall >= 0.9, "recall %.3f", recall);
	/* Three stories on one topic are not versions of each other. */
	for (i = 0; i < N; i++) {
		const char *s = stories[i / NVERSIONS];

		if (strcmp(s, "mayor-race-turnout-westbridge") != 0 &&
		    strcmp(s, "school-board-recount-maple-ridge") != 0 &&
		    strcmp(s, "senate-special-vote-nevada") != 0)
			continue;
		for (j = 0; j < clusters[i].n; j++)
			ck_assert_msg(strncmp(clusters[i].v[j] + 4, s,
			                      strlen(s)) == 0,
			              "%s clusters with %s", ids.v[i],
			              clusters[i].v[j]);
	}
	for (i = 0; i < N; i++)
		strs_free(&clusters[i]);
	strs_free(&ids);
	bl_db_close(db);
}
END_TEST

START_TEST(test_duplicates_folded)
{
	args_t plain = { "the" };
	args_t all = { "--all-versions", "the" };
	args_t similar = { "--similar", NULL };
	args_t grindavik = { "Grindavik" };
	char *out, v3[300];
	strs_t ids = { NULL, 0 }, bases = { NULL, 0 };
	uint64_t dups[200];
	size_t i, n, ndup = 0;
	tu_run_t r;

	/* Default: each story once, with its 4 other versions folded in. */
	out = search_json(news_index, plain);
	ids_of(out, &ids);
	n = json_numbers(out, "duplicates", dups, 200);
	ck_assert_uint_eq(n, ids.n);
	ck_assert_uint_eq(ids.n, NSAMPLES + 2);
	for (i = 0; i < ids.n; i++) {
		if (strncmp(ids.v[i], "dup/", 4) != 0) {
			ck_assert_uint_eq(dups[i], 0);
			continue;
		}
		ndup++;
		ck_assert_msg(dups[i] == NVERSIONS - 1, "%s: duplicates %llu",
		              ids.v[i], (unsigned long long)dups[i]);
		/* the story, without "-vK.txt" */
		strs_add(&bases, ids.v[i] + 4, strlen(ids.v[i] + 4) - 7);
	}
	ck_assert_uint_eq(ndup, NSAMPLES);
	strs_sort(&bases);
	for (i = 1; i < bases.n; i++)
		ck_assert_str_ne(bases.v[i - 1], bases.v[i]);
	strs_free(&ids);
	strs_free(&bases);
	free(out);
	/* --all-versions: all five of each. */
	out = search_json(news_index, all);
	ids_of(out, &ids);
	n = json_numbers(out, "duplicates", dups, 200);
	ck_assert_uint_eq(ids.n, NSAMPLES * NVERSIONS + 2);
	for (i = 0; i < n; i++)
		ck_assert_uint_eq(dups[i], 0);
	for (i = 0; i < NSAMPLES * NVERSIONS; i++) {
		snprintf(v3, sizeof v3, "dup/%s-v%zu.txt", stories[i / NVERSIONS],
		         i % NVERSIONS);
		ck_assert_msg(strs_has(&ids, v3), "--all-versions lacks %s", v3);
	}
	strs_free(&ids);
	free(out);
	/* --similar: exactly the five versions. */
	snprintf(v3, sizeof v3, "dup/%.*s-v3.txt", (int)strcspn(VOLCANO, "."),
	         VOLCANO);
	similar[1] = v3;	/* any version lists them all */
	out = search_json(news_index, similar);
	{
		const char *want[NVERSIONS + 1] = {
			"dup/volcano-iceland-eruption-v0.txt",
			"dup/volcano-iceland-eruption-v1.txt",
			"dup/volcano-iceland-eruption-v2.txt",
			"dup/volcano-iceland-eruption-v3.txt",
			"dup/volcano-iceland-eruption-v4.txt", NULL };

		check_ids("--similar", out, want);
	}
	free(out);
	/* Text says how many versions were folded. */
	r = search(news_index, grindavik);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "1 result for"));
	ck_assert_ptr_nonnull(strstr(r.out, "4 similar versions (--similar)"));
	tu_run_free(&r);
	/* An unknown id is an error naming it. */
	similar[1] = "dup/no-such-story.txt";
	r = search(news_index, similar);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "dup/no-such-story.txt"));
	tu_run_free(&r);
}
END_TEST

/* With versions folded into one hit, facet and timeline counts must count
 * what the total counts, or a facet value promises more results than its
 * filter then finds. */
START_TEST(test_facets_folded)
{
	/* Counting every version is consistent. */
	check_facets(news_index, "the", true);
	/* Folded, as a user searches by default. */
	check_facets(news_index, "the", false);
}
END_TEST

START_TEST(test_timeline_folded)
{
	args_t a = { "--timeline=month", "the" };
	char *json;
	strs_t labels = { NULL, 0 };
	uint64_t counts[200], sum = 0;
	size_t i;

	json = search_json(news_index, a);
	ck_assert(json_pairs(json, NULL, "timeline", &labels, counts, 200));
	for (i = 0; i < labels.n; i++)
		sum += counts[i];
	ck_assert_uint_eq(sum, total_of(news_index, "the date:1000.."));
	strs_free(&labels);
	free(json);
}
END_TEST

/* ---- suggestions and relaxation ---- */

static const struct {
	const char *query;
	const char *fix;        /* expected in the suggestion; NULL: none */
} suggest_cases[] = {
	{ "Schulmann", "schulman" },
	{ "Reykjanas", "reykjanes" },
	{ "Grindavk", "grindavik" },
	{ "volcano Reykjanas", "reykjanes" },
	{ "said", NULL },          /* finds plenty */
	{ "the", NULL },
	{ "election", NULL },      /* few hits, but spelled right */
	{ "Schulman", NULL },
};

START_TEST(test_suggestions)
{
	const char *q = suggest_cases[_i].query, *fix = suggest_cases[_i].fix;
	args_t ta = { q };
	args_t ja = { q };
	tu_run_t text = search(plain_index(), ta);
	char *json = search_json(plain_index(), ja);
	strs_t s = { NULL, 0 };
	char *got;

	json_strings(json, "suggestion", &s);
	ck_assert_uint_eq(s.n, 1);
	got = strstr(text.out, "Did you mean: ");
	if (fix == NULL) {
		ck_assert_msg(*s.v[0] == '\0', "%s: suggested \"%s\"", q, s.v[0]);
		ck_assert_msg(got == NULL, "%s: %s", q, text.out);
	} else {
		ck_assert_msg(strcasestr(s.v[0], fix) != NULL, "%s: suggested "
		              "\"%s\", want %s", q, s.v[0], fix);
		ck_assert_msg(got != NULL && strcasestr(got, fix) != NULL &&
		              got == text.out, "%s: %s", q, text.out);
	}
	strs_free(&s);
	free(json);
	tu_run_free(&text);
}
END_TEST

START_TEST(test_relaxed)
{
	static const char notice[] =
		"No article has all the words; showing articles with any of them.";
	args_t ja = { "whale drought" };
	args_t ta = { "whale", "drought" };
	const char *want[] = { WHALE, WHEAT, NULL };
	char *json = search_json(plain_index(), ja);
	tu_run_t text = search(plain_index(), ta);

	ck_assert(json_flag(json, "relaxed"));
	check_ids("relaxed", json, want);
	ck_assert_int_eq(text.status, 0);
	ck_assert_ptr_nonnull(strstr(text.out, notice));
	free(json);
	tu_run_free(&text);
}
END_TEST

/* Quoted phrases and queries with operators mean what they say. */
static const char *const strict_queries[] = {
	"\"whale drought\"", "whale AND drought", "+whale +drought",
	"title:whale drought", "whale NEAR drought", "(whale drought)",
	"whale drought date:2024", "whal* drought",
};

START_TEST(test_not_relaxed)
{
	args_t ja = { strict_queries[_i] };
	args_t ta = { strict_queries[_i] };
	char *json = search_json(plain_index(), ja);
	tu_run_t text = search(plain_index(), ta);

	ck_assert_msg(!json_flag(json, "relaxed"), "%s relaxed: %s",
	              strict_queries[_i], json);
	ck_assert_uint_eq(json_total(json), 0);
	ck_assert_int_eq(text.status, 1);
	ck_assert_ptr_null(strstr(text.out, "any of them"));
	free(json);
	tu_run_free(&text);
}
END_TEST

/* ---- more like this ---- */

START_TEST(test_like)
{
	args_t s = { "--like", VOLCANO };
	args_t n = { "--like", "dup/volcano-iceland-eruption-v0.txt" };
	args_t nall = { "--all-versions", "--like",
	                "dup/volcano-iceland-eruption-v2.txt" };
	args_t missing = { "--like", "no/such.txt" };
	strs_t ids = { NULL, 0 };
	char *out;
	size_t i, k;
	tu_run_t r;

	out = search_json(plain_index(), s);
	ids_of(out, &ids);
	ck_assert_uint_gt(ids.n, 0);
	ck_assert_msg(!strs_has(&ids, VOLCANO), "--like lists the article");
	strs_free(&ids);
	free(out);
	for (k = 0; k < 2; k++) {
		out = search_json(news_index, k ? nall : n);
		ids_of(out, &ids);
		ck_assert_uint_gt(ids.n, 0);
		for (i = 0; i < ids.n; i++)
			ck_assert_msg(strstr(ids.v[i], "volcano-iceland") == NULL,
			              "--like lists a version: %s", ids.v[i]);
		strs_free(&ids);
		free(out);
	}
	r = search(plain_index(), missing);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "no/such.txt"));
	tu_run_free(&r);
}
END_TEST

/* ---- wildcards ---- */

START_TEST(test_wildcard_words)
{
	args_t a = { "elect*" };
	const char *want[] = { MAYOR, SCHOOL, SENATE, NULL };
	char *out = search_json(plain_index(), a);

	check_ids("elect*", out, want);
	free(out);
}
END_TEST

/* A one-letter wildcard over more than 1000 words is refused, quickly. */
START_TEST(test_wildcard_limit)
{
	char *dir = tu_mkdtemp(), *src, *idx, name[64];
	args_t wide = { "q*" };
	args_t narrow = { "qab*" };
	bl_buf_t b;
	unsigned i, f;
	double t0, took;
	tu_run_t r;

	ck_assert(asprintf(&src, "%s/src", dir) > 0);
	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	bl_buf_init(&b, 0);
	for (f = 0; f < 4; f++) {
		bl_buf_reset(&b);
		bl_buf_printf(&b, "Glossary part %u\n- January %u, 2024\n", f,
		              f + 1);
		/* 300 words a file: qaaa, qaab, ... 1200 in all */
		for (i = f * 300; i < (f + 1) * 300; i++)
			bl_buf_printf(&b, "q%c%c%c%s", 'a' + i / 676,
			              'a' + i / 26 % 26, 'a' + i % 26,
			              i % 12 == 11 ? ".\n" : " ");
		snprintf(name, sizeof name, "src/part%u.txt", f);
		ck_assert_int_eq(b.err, BL_OK);
		free(tu_write(dir, name, b.data, b.len));
	}
	bl_buf_free(&b);
	r = tu_index("--quiet", "--index", idx, src, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	tu_run_free(&r);
	t0 = tu_seconds();
	r = search(idx, wide);
	took = tu_seconds() - t0;
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "wildcard") != NULL, "%s", r.err);
	ck_assert_str_eq(r.out, "");
	ck_assert_msg(took < 30.0, "refusing q* took %.1f s", took);
	tu_run_free(&r);
	/* 26 words is fine. */
	r = search(idx, narrow);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "1 result for"));
	tu_run_free(&r);
	tu_rmtree(dir);
	free(src);
	free(idx);
	free(dir);
}
END_TEST

/* ---- Reuters-21578 ---- */

#define REUTERS_TGZ BYLINE_SAMPLES_DIR \
	"/../../shared/corpora/reuters21578/reuters21578.tar.gz"

static void
untar(const char *tgz, const char *dir)
{
	pid_t pid = fork();
	int status;

	ck_assert(pid >= 0);
	if (pid == 0) {
		execlp("tar", "tar", "-xzf", tgz, "-C", dir, (char *)NULL);
		_exit(127);
	}
	ck_assert(waitpid(pid, &status, 0) == pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	              "tar -xzf %s failed", tgz);
}

/* The NEWID of every record of an SGML file whose <DATE> falls on
 * 1987-03-01..1987-03-10, read from the raw text. */
static void
reuters_reference(const char *path, strs_t *in_range, size_t *records)
{
	size_t len;
	char *text = read_all(path, &len), *p = text, *next, *date;
	char id[16];
	int day, year;
	char mon[4];

	while ((p = strstr(p, "<REUTERS ")) != NULL) {
		char *nid = strstr(p, "NEWID=\"");

		next = strstr(p + 1, "<REUTERS ");
		ck_assert(nid != NULL && sscanf(nid, "NEWID=\"%15[0-9]\"", id) == 1);
		(*records)++;
		date = strstr(p, "<DATE>");
		if (date && (next == NULL || date < next) &&
		    sscanf(date + 6, " %d-%3s-%d", &day, mon, &year) == 3 &&
		    strcmp(mon, "MAR") == 0 && year == 1987 && day >= 1 &&
		    day <= 10)
			strs_add(in_range, id, strlen(id));
		p = next ? next : p + 1;
		if (next == NULL)
			break;
	}
	free(text);
}

/* The number at the end of an id (the NEWID, however the reader builds
 * the rest). */
static const char *
trailing_number(const char *id)
{
	size_t n = strlen(id);

	while (n && id[n - 1] >= '0' && id[n - 1] <= '9')
		n--;
	return id + n;
}

static int
cmp_num(const void *a, const void *b)
{
	long x = atol(*(char *const *)a), y = atol(*(char *const *)b);

	return (x > y) - (x < y);
}

START_TEST(test_reuters)
{
	char *dir, *idx, *sgm[22], *msg = NULL;
	strs_t want = { NULL, 0 }, got = { NULL, 0 }, nums = { NULL, 0 };
	bl_query_opts_t q = { 0 };
	bl_results_t *res = NULL;
	bl_article_t a;
	bl_db_t *db = NULL;
	size_t records = 0, missing = 0, extra = 0, i, k;
	const char *first_missing = "-", *first_extra = "-";
	int64_t prev = INT64_MAX;
	bool seen_undated = false;
	tu_run_t r;
	static const char *const facet_year[] = { "year" };
	static const char *const facet_cat[] = { "category" };

	if (access(REUTERS_TGZ, R_OK) != 0) {
		printf("reuters: skipped: no corpus at %s\n", REUTERS_TGZ);
		return;
	}
	if (format_choose(NULL, 0, NULL, "reuters") == NULL) {
		printf("reuters: skipped: no reader named \"reuters\" is "
		       "registered yet (it is being merged from another "
		       "branch)\n");
		return;
	}
	dir = tu_mkdtemp();
	untar(REUTERS_TGZ, dir);
	for (i = 0; i < 22; i++) {
		ck_assert(asprintf(&sgm[i], "%s/reuters21578/reut2-%03zu.sgm", dir,
		                   i) > 0);
		reuters_reference(sgm[i], &want, &records);
	}
	ck_assert_uint_eq(records, 21578);
	ck_assert(asprintf(&idx, "%s/idx", dir) > 0);
	r = tu_index("--quiet", "--input-format", "reuters", "--index", idx,
	             sgm[0], sgm[1], sgm[2], sgm[3], sgm[4], sgm[5], sgm[6],
	             sgm[7], sgm[8], sgm[9], sgm[10], sgm[11], sgm[12], sgm[13],
	             sgm[14], sgm[15], sgm[16], sgm[17], sgm[18], sgm[19],
	             sgm[20], sgm[21], NULL);
	ck_assert_msg(r.status == 0, "indexing Reuters: %d: %s", r.status,
	              r.err);
	tu_run_free(&r);
	ck_assert_int_eq(bl_db_open(idx, BL_DB_READ, &db, &msg), BL_OK);

	/* The date range: exactly the reference NEWIDs, every version. */
	q.text = "date:1987-03-01..1987-03-10";
	q.limit = 10000;
	q.all_versions = true;
	api_ids(db, &q, &got);
	for (i = 0; i < got.n; i++) {
		const char *num = trailing_number(got.v[i]);

		strs_add(&nums, num, strlen(num));
	}
	qsort(nums.v, nums.n, sizeof *nums.v, cmp_num);
	qsort(want.v, want.n, sizeof *want.v, cmp_num);
	printf("reuters: %zu records, %zu dated 1987-03-01..10, %zu found\n",
	       records, want.n, nums.n);
	for (i = 0, k = 0; i < want.n || k < nums.n;) {
		int c = i == want.n ? 1 : k == nums.n ? -1 :
		        cmp_num(&want.v[i], &nums.v[k]);

		if (c < 0 && missing++ == 0)
			first_missing = want.v[i];
		if (c > 0 && extra++ == 0)
			first_extra = nums.v[k];
		i += c <= 0;
		k += c >= 0;
	}
	ck_assert_msg(missing == 0 && extra == 0, "%zu NEWIDs dated in range "
	              "not found (first %s), %zu found not in range (first %s)",
	              missing, first_missing, extra, first_extra);
	strs_free(&got);
	strs_free(&nums);

	/* --sort newest: dates never increase, undated last. */
	memset(&q, 0, sizeof q);
	q.text = "oil";
	q.limit = 10000;
	q.sort = BL_SORT_NEWEST;
	ck_assert_int_eq(bl_db_search(db, &q, &res), BL_OK);
	ck_assert_uint_gt(res->nhits, 100);
	bl_article_init(&a);
	for (i = 0; i < res->nhits; i++) {
		ck_assert_int_eq(bl_article_decode(res->hits[i].data,
		                 res->hits[i].data_len, &a), BL_OK);
		if (!a.has_date) {
			seen_undated = true;
			continue;
		}
		ck_assert_msg(!seen_undated && a.date <= prev, "hit %zu (%s) out "
		              "of order", i, a.id);
		prev = a.date;
	}
	bl_article_clear(&a);
	bl_results_free(res);
	res = NULL;

	/* Category counts equal topic: totals for the top 10 topics, with
	 * every version counted and folded as a user sees them. */
	for (k = 0; k < 2; k++) {
		memset(&q, 0, sizeof q);
		q.text = "date:1987";
		q.limit = 1;
		q.all_versions = k == 0;
		q.facets = facet_cat;
		q.nfacets = 1;
		ck_assert_int_eq(bl_db_search(db, &q, &res), BL_OK);
		ck_assert_uint_eq(res->nfacets, 1);
		ck_assert_uint_eq(res->facets[0].n, 10);
		for (i = 0; i < res->facets[0].n; i++) {
			const bl_count_t *c = &res->facets[0].values[i];
			bl_query_opts_t t = { 0 };
			bl_results_t *tr = NULL;
			char text[300];

			snprintf(text, sizeof text, "date:1987 topic:\"%s\"",
			         c->value);
			t.text = text;
			t.limit = 1;
			t.all_versions = q.all_versions;
			t.facets = facet_year;	/* counts every match: exact */
			t.nfacets = 1;
			ck_assert_int_eq(bl_db_search(db, &t, &tr), BL_OK);
			ck_assert_uint_eq(tr->total_min, tr->total_max);
			ck_assert_msg(tr->total == c->count, "%s: category %s "
			              "counts %llu, topic: finds %llu",
			              k ? "folded" : "all versions", c->value,
			              (unsigned long long)c->count,
			              (unsigned long long)tr->total);
			bl_results_free(tr);
		}
		bl_results_free(res);
		res = NULL;
	}
	bl_db_close(db);
	strs_free(&want);
	for (i = 0; i < 22; i++)
		free(sgm[i]);
	tu_rmtree(dir);
	free(idx);
	free(dir);
}
END_TEST

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

static Suite *
news_suite(void)
{
	Suite *s = suite_create("news");
	TCase *dates = tcase_create("dates");
	TCase *order = tcase_create("order");
	TCase *facets = tcase_create("facets");
	TCase *dups = tcase_create("duplicates");
	TCase *words = tcase_create("words");
	TCase *reuters = tcase_create("reuters");

	tcase_add_unchecked_fixture(dates, news_setup, NULL);
	tcase_add_loop_test(dates, test_date_filters, 0, COUNT(date_cases));
	tcase_add_loop_test(dates, test_bad_dates, 0, COUNT(bad_date_cases));
	tcase_add_test(dates, test_date_ranges_random);
	suite_add_tcase(s, dates);
	tcase_add_unchecked_fixture(order, news_setup, NULL);
	tcase_add_test(order, test_sort);
	tcase_add_test(order, test_recency);
	suite_add_tcase(s, order);
	tcase_add_unchecked_fixture(facets, news_setup, NULL);
	tcase_add_test(facets, test_facets_samples);
	tcase_add_test(facets, test_facets_fields);
	tcase_add_test(facets, test_timeline_months);
	tcase_add_test(facets, test_timeline_weeks_years);
	suite_add_tcase(s, facets);
	tcase_add_unchecked_fixture(dups, news_setup, NULL);
	tcase_add_test(dups, test_duplicates_measured);
	tcase_add_test(dups, test_duplicates_folded);
	tcase_add_test(dups, test_facets_folded);
	tcase_add_test(dups, test_timeline_folded);
	tcase_add_test(dups, test_like);
	suite_add_tcase(s, dups);
	tcase_add_unchecked_fixture(words, news_setup, NULL);
	tcase_add_loop_test(words, test_suggestions, 0, COUNT(suggest_cases));
	tcase_add_test(words, test_relaxed);
	tcase_add_loop_test(words, test_not_relaxed, 0, COUNT(strict_queries));
	tcase_add_test(words, test_wildcard_words);
	tcase_add_test(words, test_wildcard_limit);
	suite_add_tcase(s, words);
	tcase_add_test(reuters, test_reuters);
	tcase_set_timeout(reuters, 1200);	/* 21,578 articles, sanitizers */
	suite_add_tcase(s, reuters);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(news_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
