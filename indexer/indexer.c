/* indexer.c - byline-index: walk the inputs, read articles, write the index. */
#include "indexer.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bl_date.h"
#include "bl_db.h"
#include "bl_file.h"
#include "bl_schema.h"
#include "format.h"
#include "walk.h"

#define DEFAULT_INDEX "byline.idx"
#define DEFAULT_BATCH 2000
#define DEFAULT_MAX_FILE ((size_t)64 << 20)
/* Positions left between title and body so phrases don't span them. */
#define FIELD_GAP 100
#define MAX_REASONS 16

typedef struct options {
	const char *index;
	const char *language;
	const char *format;
	unsigned long batch;
	size_t max_file;
	bool spelling;
	bool quiet;
	bool verbose;
} options_t;

typedef struct reason {
	const char *what;       /* static text */
	unsigned long count;
} reason_t;

typedef struct run {
	const options_t *opt;
	FILE *out, *err;
	bl_db_t *db;
	bl_buf_t file;          /* the current file's content */
	bl_buf_t data;          /* document data being encoded */
	bl_buf_t term;
	unsigned long files, articles, skipped, pending, bad_records;
	uint64_t bytes;
	reason_t reasons[MAX_REASONS];
	size_t nreasons;
	const char *cur_path;   /* file being read, for record warnings */
	bl_status_t fatal;
} run_t;

static const char usage_text[] =
"Usage: byline-index [--index PATH] [OPTION]... DIR|FILE...\n"
"Index the news articles under each DIR (recursively) or in each FILE.\n"
"\n"
"Each file is read as a plain news article: the first line is the headline;\n"
"lines right after it that start with \"- \" give the author, a time\n"
"(\"4:43 pm\") and a date (\"August 7, 2024\"); the rest is the body.\n"
"Files compressed with gzip are read transparently. Hidden files and\n"
"directories, and files whose extension marks them as not text, are passed\n"
"over; symbolic links are followed without ever looping. Running again\n"
"replaces the documents of files indexed before (the id of a document is\n"
"its path relative to the DIR given).\n"
"\n"
"Options:\n"
"  -i, --index=PATH        index to create or update (default: $BYLINE_INDEX,\n"
"                          else ./" DEFAULT_INDEX ")\n"
"  -l, --language=LANG     stemming language (default: the index's, else\n"
"                          english; 'none' disables stemming)\n"
"      --input-format=NAME read every file as NAME (default: detect)\n"
"      --batch=N           commit every N articles (default: 2000)\n"
"      --max-file-size=SIZE  skip files larger than SIZE bytes (K, M, G\n"
"                          suffixes; default: 64M)\n"
"      --no-spelling       do not record spelling data (\"did you mean\")\n"
"  -q, --quiet             print nothing but warnings and errors\n"
"  -v, --verbose           name each file as it is indexed\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"Exit status: 0 if every input was indexed, 1 if the run finished but some\n"
"inputs were skipped (each is named on standard error), 2 on a usage error\n"
"or when the index cannot be opened or written.\n";

static void
note_reason(run_t *r, const char *what)
{
	size_t i;

	for (i = 0; i < r->nreasons; i++) {
		if (strcmp(r->reasons[i].what, what) == 0) {
			r->reasons[i].count++;
			return;
		}
	}
	if (r->nreasons < MAX_REASONS) {
		r->reasons[r->nreasons].what = what;
		r->reasons[r->nreasons++].count = 1;
	}
}

/* Warns that path was skipped and why; reason must be static text. */
static void
skip(run_t *r, const char *path, const char *reason, const char *detail)
{
	r->skipped++;
	note_reason(r, reason);
	fprintf(r->err, "byline-index: %s: skipped: %s%s%s\n", path, reason,
	        detail ? ": " : "", detail ? detail : "");
}

static void
walk_warning(void *ctx, const char *path, const char *why)
{
	skip(ctx, path, "cannot be walked", why);
}

static void
record_warning(void *ctx, size_t record, const char *what)
{
	run_t *r = ctx;

	r->bad_records++;
	fprintf(r->err, "byline-index: %s: record %zu skipped: %s\n",
	        r->cur_path, record, what);
}

/* True when text looks like a binary file: a NUL byte, or many control
 * characters, in its first 8 KiB. */
static bool
looks_binary(const char *text, size_t len)
{
	size_t i, n = len < 8192 ? len : 8192, ctl = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == 0)
			return true;
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		    c != '\f' && c != 0x1B)
			ctl++;
	}
	return n && ctl * 10 > n;
}

static bool
all_space(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
		    s[i] != '\f' && s[i] != '\v')
			return false;
	return true;
}

/* Adds the boolean term of field name (a bl_fields row) for value. */
static bl_status_t
add_field(run_t *r, bl_doc_t *doc, const char *name, const char *value)
{
	const bl_field_t *f = bl_field_find(name);
	bl_status_t st;

	if (value == NULL)
		return BL_OK;
	bl_buf_reset(&r->term);
	st = bl_term_for(&r->term, f->prefix, value, strlen(value), f->fold);
	return st == BL_OK ? bl_doc_add_term(doc, bl_buf_cstr(&r->term)) : st;
}

static bl_status_t
add_fields(run_t *r, bl_doc_t *doc, const bl_article_t *a)
{
	bl_status_t st;
	size_t i;

	st = add_field(r, doc, "source", a->source);
	for (i = 0; st == BL_OK && i < a->categories.n; i++)
		st = add_field(r, doc, "category", a->categories.items[i]);
	for (i = 0; st == BL_OK && i < a->places.n; i++)
		st = add_field(r, doc, "place", a->places.items[i]);
	if (st == BL_OK)
		st = add_field(r, doc, "url", a->url);
	if (st == BL_OK)
		st = add_field(r, doc, "language", a->language);
	return st;
}

static bl_status_t
add_date_terms(run_t *r, bl_doc_t *doc, int64_t t)
{
	int y, m, d;
	char term[32];
	bl_status_t st;

	bl_date_to_civil(t, &y, &m, &d, NULL, NULL, NULL);
	snprintf(term, sizeof term, BL_PREFIX_YEAR "%04d", y);
	st = bl_doc_add_term(doc, term);
	snprintf(term, sizeof term, BL_PREFIX_MONTH "%04d%02d", y, m);
	if (st == BL_OK)
		st = bl_doc_add_term(doc, term);
	snprintf(term, sizeof term, BL_PREFIX_DAY "%04d%02d%02d", y, m, d);
	if (st == BL_OK)
		st = bl_doc_add_term(doc, term);
	if (st == BL_OK)
		st = bl_doc_set_number(doc, BL_SLOT_DATE, (double)t);
	(void)r;
	return st;
}

/* Turns one article into a document: title (weighted, and under title:),
 * body, author under author:, date terms and value, stored fields. */
static bl_status_t
add_article(void *ctx, bl_article_t *a)
{
	run_t *r = ctx;
	bl_doc_t *doc = NULL;
	bl_status_t st;

	st = bl_doc_new(r->db, &doc);
	if (st == BL_OK && a->title) {
		size_t n = strlen(a->title);

		st = bl_doc_index_text(doc, a->title, n, BL_TITLE_WEIGHT, "");
		if (st == BL_OK)
			st = bl_doc_index_text(doc, a->title, n, 1, BL_PREFIX_TITLE);
		if (st == BL_OK)
			st = bl_doc_skip_positions(doc, FIELD_GAP);
	}
	if (st == BL_OK && a->body)
		st = bl_doc_index_text(doc, a->body, a->body_len, 1, "");
	if (st == BL_OK && a->author)
		st = bl_doc_index_text(doc, a->author, strlen(a->author), 1,
		                       BL_PREFIX_AUTHOR);
	if (st == BL_OK && a->has_date)
		st = add_date_terms(r, doc, a->date);
	if (st == BL_OK)
		st = add_fields(r, doc, a);
	if (st == BL_OK)
		st = add_field(r, doc, "id", a->id);
	bl_buf_reset(&r->data);
	if (st == BL_OK)
		st = bl_article_encode(a, &r->data);
	if (st == BL_OK)
		st = bl_doc_set_data(doc, r->data.data, r->data.len);
	if (st == BL_OK)   /* r->term still holds the id term */
		st = bl_db_replace_doc(r->db, bl_buf_cstr(&r->term), doc);
	bl_doc_free(doc);
	if (st != BL_OK) {
		r->fatal = st;
		fprintf(r->err, "byline-index: %s: %s\n", a->path ? a->path : "?",
		        bl_db_last_error(r->db));
		return st;
	}
	r->articles++;
	if (++r->pending >= r->opt->batch) {
		st = bl_db_commit(r->db);
		if (st != BL_OK) {
			r->fatal = st;
			fprintf(r->err, "byline-index: commit failed: %s\n",
			        bl_db_last_error(r->db));
			return st;
		}
		r->pending = 0;
	}
	return BL_OK;
}

static int
index_file(void *ctx, const char *path, const char *rel, const struct stat *sb)
{
	run_t *r = ctx;
	const format_reader_t *reader;
	format_input_t in;
	unsigned long before = r->articles;
	int err_no, gz;
	bl_status_t st;

	r->files++;
	if ((uint64_t)sb->st_size > r->opt->max_file) {
		skip(r, path, "larger than --max-file-size", NULL);
		return 0;
	}
	bl_buf_reset(&r->file);
	st = bl_file_read(path, &r->file, &err_no, &gz);
	switch (st) {
	case BL_OK:
		break;
	case BL_ERR_IO:
		skip(r, path, "cannot be read", strerror(err_no));
		return 0;
	case BL_ERR_CORRUPT:
		skip(r, path, "damaged or truncated gzip data", NULL);
		return 0;
	case BL_ERR_LIMIT:
		skip(r, path, gz ? "decompresses to more than --max-file-size" :
		                   "larger than --max-file-size", NULL);
		return 0;
	default:
		skip(r, path, "cannot be read", bl_status_str(st));
		return 0;
	}
	r->bytes += r->file.len;
	if (looks_binary(r->file.data, r->file.len)) {
		skip(r, path, "binary file", NULL);
		return 0;
	}
	if (all_space(r->file.data, r->file.len)) {
		skip(r, path, "empty file", NULL);
		return 0;
	}
	reader = format_choose(r->file.data, r->file.len, path, r->opt->format);
	if (r->opt->verbose)
		fprintf(r->err, "byline-index: %s (%s)\n", path, reader->name);
	in.text = r->file.data;
	in.len = r->file.len;
	in.path = path;
	in.id = rel;
	in.emit = add_article;
	in.warn = record_warning;
	in.ctx = r;
	r->cur_path = path;
	st = reader->read(&in);
	if (r->fatal != BL_OK)
		return 1;
	if (st != BL_OK) {
		skip(r, path, "cannot be parsed", bl_status_str(st));
		return 0;
	}
	if (r->articles == before)
		skip(r, path, "no article found", NULL);
	return 0;
}

static bool
parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return false;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end != '\0' || v == 0 || v > SIZE_MAX / 2)
		return false;
	*out = (size_t)v;
	return true;
}

enum {
	OPT_BATCH = 256, OPT_MAX_FILE, OPT_NO_SPELLING, OPT_FORMAT
};

static const struct option long_opts[] = {
	{ "index", required_argument, NULL, 'i' },
	{ "language", required_argument, NULL, 'l' },
	{ "input-format", required_argument, NULL, OPT_FORMAT },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "max-file-size", required_argument, NULL, OPT_MAX_FILE },
	{ "no-spelling", no_argument, NULL, OPT_NO_SPELLING },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Parses argv into opt; returns -1 to go on, else an exit status. */
static int
parse_args(int argc, char **argv, const indexer_env_t *env, options_t *opt,
           FILE *out, FILE *err)
{
	int c;
	size_t n;
	char *end;

	opt->index = env->index && *env->index ? env->index : DEFAULT_INDEX;
	opt->batch = DEFAULT_BATCH;
	opt->max_file = DEFAULT_MAX_FILE;
	opt->spelling = true;
	optind = 0;             /* full reset: tests call us repeatedly */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "i:l:qvhV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'i': opt->index = optarg; break;
		case 'l': opt->language = optarg; break;
		case OPT_FORMAT: opt->format = optarg; break;
		case OPT_BATCH:
			errno = 0;
			opt->batch = strtoul(optarg, &end, 10);
			if (errno || *end || opt->batch == 0 || *optarg == '-') {
				fprintf(err, "byline-index: --batch: '%s' is not a "
				        "positive number\n", optarg);
				return INDEXER_FATAL;
			}
			break;
		case OPT_MAX_FILE:
			if (!parse_size(optarg, &n)) {
				fprintf(err, "byline-index: --max-file-size: '%s' is "
				        "not a size (e.g. 500K, 64M)\n", optarg);
				return INDEXER_FATAL;
			}
			opt->max_file = n;
			break;
		case OPT_NO_SPELLING: opt->spelling = false; break;
		case 'q': opt->quiet = true; break;
		case 'v': opt->verbose = true; break;
		case 'h': fputs(usage_text, out); return INDEXER_OK;
		case 'V': fputs("byline-index " BYLINE_VERSION "\n", out);
			return INDEXER_OK;
		default:
			if (optopt && optopt < 256)
				fprintf(err, "byline-index: bad option -%c\n", optopt);
			else
				fprintf(err, "byline-index: bad option '%s'\n",
				        argv[optind - 1]);
			fputs("Try 'byline-index --help'.\n", err);
			return INDEXER_FATAL;
		}
	}
	if (optind >= argc) {
		fputs("byline-index: nothing to index: give one or more "
		      "directories or files\nTry 'byline-index --help'.\n", err);
		return INDEXER_FATAL;
	}
	if (opt->format && format_choose(NULL, 0, NULL, opt->format) == NULL) {
		fprintf(err, "byline-index: --input-format: unknown format '%s' "
		        "(known:", opt->format);
		for (const format_reader_t *f = format_readers; f->name; f++)
			fprintf(err, " %s", f->name);
		fputs(")\n", err);
		return INDEXER_FATAL;
	}
	return -1;
}

/* Opens the index and settles its language. */
static int
open_index(run_t *r, const options_t *opt)
{
	char *msg = NULL, *had = NULL;
	bl_status_t st;

	st = bl_db_open(opt->index, BL_DB_WRITE, &r->db, &msg);
	if (st != BL_OK) {
		fprintf(r->err, "byline-index: %s\n", msg ? msg : bl_status_str(st));
		free(msg);
		return INDEXER_FATAL;
	}
	if (bl_db_get_metadata(r->db, BL_META_LANGUAGE, &had) != BL_OK) {
		fprintf(r->err, "byline-index: %s\n", bl_db_last_error(r->db));
		return INDEXER_FATAL;
	}
	if (opt->language && *had && strcmp(had, opt->language) != 0) {
		fprintf(r->err, "byline-index: index '%s' is in %s; cannot add "
		        "%s text to it (index it into a new --index)\n",
		        opt->index, had, opt->language);
		free(had);
		return INDEXER_FATAL;
	}
	st = bl_db_set_language(r->db, opt->language ? opt->language :
	                                *had ? had : "english");
	free(had);
	if (st != BL_OK) {
		fprintf(r->err, "byline-index: --language: %s\n",
		        bl_db_last_error(r->db));
		return INDEXER_FATAL;
	}
	bl_db_set_spelling(r->db, opt->spelling);
	return -1;
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
summary(const run_t *r, double secs)
{
	size_t i;

	fprintf(r->out, "Indexed %lu article%s from %lu file%s (%.1f MB) in "
	        "%.2f s (%.0f articles/s); skipped %lu",
	        r->articles, r->articles == 1 ? "" : "s", r->files,
	        r->files == 1 ? "" : "s", (double)r->bytes / 1e6, secs,
	        secs > 0 ? (double)r->articles / secs : 0.0, r->skipped);
	for (i = 0; i < r->nreasons; i++)
		fprintf(r->out, "%s%lu %s", i ? ", " : " (", r->reasons[i].count,
		        r->reasons[i].what);
	fprintf(r->out, "%s", r->nreasons ? ")" : "");
	if (r->bad_records)
		fprintf(r->out, "; %lu bad record%s", r->bad_records,
		        r->bad_records == 1 ? "" : "s");
	fputs(".\n", r->out);
}

int
indexer_main(int argc, char **argv, const indexer_env_t *env, FILE *out,
             FILE *err)
{
	options_t opt = { 0 };
	run_t r;
	int status, i;
	double start = now_seconds();
	char stamp[BL_DATE_ISO_MAX];

	status = parse_args(argc, argv, env, &opt, out, err);
	if (status >= 0)
		return status;
	memset(&r, 0, sizeof r);
	r.opt = &opt;
	r.out = out;
	r.err = err;
	bl_buf_init(&r.file, opt.max_file);
	bl_buf_init(&r.data, 0);
	bl_buf_init(&r.term, 1024);
	status = open_index(&r, &opt);
	for (i = optind; status < 0 && i < argc && r.fatal == BL_OK; i++) {
		bl_status_t st = walk(argv[i], index_file, walk_warning, &r);

		if (st == BL_ERR_NOT_FOUND || st == BL_ERR_IO)
			skip(&r, argv[i], "cannot be read",
			     st == BL_ERR_NOT_FOUND ? "no such file or directory" :
			                             strerror(errno));
		else if (st != BL_OK)
			r.fatal = st;
	}
	if (status < 0 && r.fatal == BL_OK) {
		bl_db_set_metadata(r.db, BL_META_UPDATED,
		                   bl_date_format_iso((int64_t)time(NULL), stamp));
		if (bl_db_commit(r.db) != BL_OK) {
			fprintf(err, "byline-index: commit failed: %s\n",
			        bl_db_last_error(r.db));
			r.fatal = BL_ERR_IO;
		}
	}
	if (status < 0) {
		if (r.fatal != BL_OK)
			fprintf(err, "byline-index: stopped: %s; the index keeps "
			        "what was committed before\n",
			        bl_status_str(r.fatal));
		else if (!opt.quiet)
			summary(&r, now_seconds() - start);
		status = r.fatal != BL_OK ? INDEXER_FATAL :
		         r.skipped || r.bad_records ? INDEXER_SKIPPED : INDEXER_OK;
	}
	bl_db_close(r.db);
	bl_buf_free(&r.file);
	bl_buf_free(&r.data);
	bl_buf_free(&r.term);
	return status;
}
