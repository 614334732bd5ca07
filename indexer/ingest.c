/* ingest.c - one file in, its articles out as documents in an index. */
#include "ingest.h"

#include <stdio.h>
#include <string.h>

#include "bl_file.h"
#include "bl_minhash.h"
#include "bl_schema.h"

/* Positions left between title and body so phrases don't span them. */
#define FIELD_GAP 100

void
ingest_init(ingest_t *in, bl_db_t *db, const ingest_opts_t *opt,
            tally_t *tally)
{
	memset(in, 0, sizeof *in);
	in->db = db;
	in->opt = opt;
	in->tally = tally;
	bl_buf_init(&in->file, opt->max_file);
	bl_buf_init(&in->data, 0);
	bl_buf_init(&in->term, 1024);
	bl_buf_init(&in->fterm, 1024);
}

void
ingest_free(ingest_t *in)
{
	bl_buf_free(&in->file);
	bl_buf_free(&in->data);
	bl_buf_free(&in->term);
	bl_buf_free(&in->fterm);
}

unsigned
ingest_shard_of(const char *id, unsigned n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 0x100000001b3ULL;
	return (unsigned)(h % n);
}

bl_status_t
ingest_state_term(const file_t *f, bl_buf_t *out)
{
	return bl_term_for(out, FILESTATE_TERM, f->abs, strlen(f->abs), false);
}

bl_status_t
ingest_state_key(const char *abs, bl_buf_t *out)
{
	return bl_term_for(out, FILESTATE_META, abs, strlen(abs), false);
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

ingest_result_t
ingest_read(ingest_t *in, const file_t *f)
{
	int err_no, gz;
	bl_status_t st;

	if (f->size > in->opt->max_file) {
		tally_skip(in->tally, f->path, "larger than --max-file-size", NULL);
		return INGEST_SKIPPED;
	}
	bl_buf_reset(&in->file);
	st = bl_file_read(f->path, &in->file, &err_no, &gz);
	atomic_fetch_add(&in->tally->bytes, f->size);
	atomic_fetch_add(&in->tally->bytes_read, f->size);
	switch (st) {
	case BL_OK:
		break;
	case BL_ERR_IO:
		tally_skip(in->tally, f->path, "cannot be read", strerror(err_no));
		return INGEST_SKIPPED;
	case BL_ERR_CORRUPT:
		tally_skip(in->tally, f->path, "damaged or truncated gzip data",
		           NULL);
		return INGEST_SKIPPED;
	case BL_ERR_LIMIT:
		tally_skip(in->tally, f->path, gz ?
		           "decompresses to more than --max-file-size" :
		           "larger than --max-file-size", NULL);
		return INGEST_SKIPPED;
	default:
		tally_skip(in->tally, f->path, "cannot be read", bl_status_str(st));
		return INGEST_SKIPPED;
	}
	if (looks_binary(in->file.data, in->file.len)) {
		tally_skip(in->tally, f->path, "binary file", NULL);
		return INGEST_SKIPPED;
	}
	if (all_space(in->file.data, in->file.len)) {
		tally_skip(in->tally, f->path, "empty file", NULL);
		return INGEST_SKIPPED;
	}
	return INGEST_DONE;
}

/* Adds the boolean term of field name (a bl_fields row) for value. */
static bl_status_t
add_field(ingest_t *in, bl_doc_t *doc, const char *name, const char *value)
{
	const bl_field_t *f = bl_field_find(name);
	bl_status_t st;

	if (value == NULL)
		return BL_OK;
	bl_buf_reset(&in->term);
	st = bl_term_for(&in->term, f->prefix, value, strlen(value), f->fold);
	return st == BL_OK ? bl_doc_add_term(doc, bl_buf_cstr(&in->term)) : st;
}

/* Sets slot to the folded values (joined by BL_LIST_SEP): what facets
 * count, folded as the filter terms are so counts match filters. */
static bl_status_t
add_facet(ingest_t *in, bl_doc_t *doc, unsigned slot, char *const *values,
          size_t n)
{
	size_t i;

	if (n == 0)
		return BL_OK;
	bl_buf_reset(&in->term);
	for (i = 0; i < n; i++) {
		if (i)
			bl_buf_putc(&in->term, BL_LIST_SEP);
		bl_term_for(&in->term, "", values[i], strlen(values[i]), true);
	}
	if (in->term.err != BL_OK)
		return in->term.err;
	return bl_doc_set_value(doc, slot, in->term.data, in->term.len);
}

static bl_status_t
add_fields(ingest_t *in, bl_doc_t *doc, const bl_article_t *a)
{
	bl_status_t st;
	size_t i;

	st = add_field(in, doc, "source", a->source);
	for (i = 0; st == BL_OK && i < a->categories.n; i++)
		st = add_field(in, doc, "category", a->categories.items[i]);
	for (i = 0; st == BL_OK && i < a->places.n; i++)
		st = add_field(in, doc, "place", a->places.items[i]);
	if (st == BL_OK)
		st = add_field(in, doc, "url", a->url);
	if (st == BL_OK)
		st = add_field(in, doc, "language", a->language);
	if (st == BL_OK && a->source)
		st = add_facet(in, doc, BL_SLOT_SOURCE, &a->source, 1);
	if (st == BL_OK && a->author)
		st = add_facet(in, doc, BL_SLOT_AUTHOR, &a->author, 1);
	if (st == BL_OK)
		st = add_facet(in, doc, BL_SLOT_CATEGORIES, a->categories.items,
		               a->categories.n);
	if (st == BL_OK)
		st = add_facet(in, doc, BL_SLOT_PLACES, a->places.items,
		               a->places.n);
	return st;
}

/* Indexes the body, and stores its MinHash signature, by which the same
 * story printed elsewhere is found (see bl_db_cluster). */
static bl_status_t
add_body(bl_doc_t *doc, const bl_article_t *a)
{
	uint32_t sig[BL_MINHASH_N];
	unsigned char raw[4 * BL_MINHASH_N];
	size_t words;
	bl_status_t st;

	st = bl_doc_index_text_minhash(doc, a->body, a->body_len, 1, "", sig,
	                               &words);
	if (st != BL_OK || words < BL_MINHASH_MIN_WORDS)
		return st;
	bl_minhash_encode(sig, raw);
	return bl_doc_set_value(doc, BL_SLOT_MINHASH, raw, sizeof raw);
}

/* Turns one article into a document: title (weighted, and under title:),
 * body, author under author:, filter fields, date terms and value, the
 * file's state term, stored fields. Ids need not be unique (a crossposted
 * Usenet article keeps its Message-ID in each group's copy): documents are
 * replaced as a file's set, through the state term. */
static bl_status_t
add_article(void *ctx, bl_article_t *a)
{
	ingest_t *in = ctx;
	bl_doc_t *doc = NULL;
	bl_status_t st;

	in->seen++;
	if (in->opt->shard_n > 1 &&
	    ingest_shard_of(a->id ? a->id : "", in->opt->shard_n) !=
	    in->opt->shard_i)
		return BL_OK;
	st = bl_doc_new(in->db, &doc);
	if (st == BL_OK && a->title) {
		size_t n = strlen(a->title);

		st = bl_doc_index_text(doc, a->title, n, in->opt->title_weight ?
		                       in->opt->title_weight : BL_TITLE_WEIGHT, "");
		if (st == BL_OK)
			st = bl_doc_index_text(doc, a->title, n, 1, BL_PREFIX_TITLE);
		if (st == BL_OK)
			st = bl_doc_skip_positions(doc, FIELD_GAP);
	}
	if (st == BL_OK && a->body)
		st = add_body(doc, a);
	if (st == BL_OK && a->author)
		st = bl_doc_index_text(doc, a->author, strlen(a->author), 1,
		                       BL_PREFIX_AUTHOR);
	if (st == BL_OK && a->has_date)
		st = bl_doc_set_date(doc, a->date);
	if (st == BL_OK)
		st = add_fields(in, doc, a);
	if (st == BL_OK)
		st = bl_doc_add_term(doc, bl_buf_cstr(&in->fterm));
	if (st == BL_OK)
		st = add_field(in, doc, "id", a->id);
	bl_buf_reset(&in->data);
	if (st == BL_OK)
		st = bl_article_encode(a, &in->data);
	if (st == BL_OK)
		st = bl_doc_set_record(doc, in->data.data, in->data.len);
	if (st == BL_OK)
		st = bl_db_add_doc(in->db, doc);
	bl_doc_free(doc);
	if (st != BL_OK) {
		in->fatal = st;
		snprintf(in->errmsg, sizeof in->errmsg, "%s",
		         *bl_db_last_error(in->db) ? bl_db_last_error(in->db) :
		                                     bl_status_str(st));
		return st;
	}
	in->emitted++;
	atomic_fetch_add(&in->tally->articles, 1);
	return BL_OK;
}

static void
record_warning(void *ctx, size_t record, const char *what)
{
	ingest_t *in = ctx;

	tally_bad_record(in->tally, in->cur->path, record, what);
}

ingest_result_t
ingest_index(ingest_t *in, const file_t *f, unsigned long *articles)
{
	const format_reader_t *reader;
	format_input_t fin;
	bl_status_t st;

	*articles = 0;
	bl_buf_reset(&in->fterm);
	if (ingest_state_term(f, &in->fterm) != BL_OK) {
		in->fatal = BL_ERR_NOMEM;
		snprintf(in->errmsg, sizeof in->errmsg, "out of memory");
		return INGEST_FATAL;
	}
	reader = format_choose(in->file.data, in->file.len, f->path,
	                       in->opt->format);
	memset(&fin, 0, sizeof fin);
	fin.text = in->file.data;
	fin.len = in->file.len;
	fin.path = f->path;
	fin.id = f->rel;
	fin.emit = add_article;
	fin.warn = record_warning;
	fin.ctx = in;
	fin.map = in->opt->map;
	in->cur = f;
	in->emitted = 0;
	in->seen = 0;
	st = reader->read(&fin);
	*articles = in->emitted;
	if (in->fatal != BL_OK)
		return INGEST_FATAL;
	if (st != BL_OK) {
		tally_skip(in->tally, f->path, "cannot be parsed",
		           bl_status_str(st));
		return INGEST_SKIPPED;
	}
	if (in->seen == 0) {
		tally_skip(in->tally, f->path, "no article found", NULL);
		return INGEST_SKIPPED;
	}
	return INGEST_DONE;
}
