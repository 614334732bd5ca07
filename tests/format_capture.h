/* format_capture.h - the format reader suites' harness: runs a reader over
 * an exact-size copy of its input and keeps what it emits and warns. */
#ifndef FORMAT_CAPTURE_H
#define FORMAT_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bl_buf.h"
#include "bl_date.h"
#include "format.h"

/* One emitted article, copied through its stored form (encoded and decoded
 * as the index keeps it). Strings are NULL when absent. */
typedef struct fc_article {
	char *id, *path, *title, *author, *source, *url, *language, *body;
	size_t body_len;
	char *categories;       /* the items joined with '|'; "" for none */
	char *places;           /* likewise */
	bool has_date;
	int64_t date;
	char iso[BL_DATE_ISO_MAX];      /* the date in ISO 8601 UTC; "" for none */
} fc_article_t;

/* One warning, copied. */
typedef struct fc_warning {
	size_t record;          /* 1-based, as the reader gave it */
	char *what;
} fc_warning_t;

/* What runs produced. Start from { 0 }; set fail_at and fail_with before
 * a run to make one emit call fail. */
typedef struct fc_got {
	fc_article_t *a;        /* the articles kept, in order */
	size_t n;
	fc_warning_t *warn;     /* every warning, in order */
	size_t nwarn;
	size_t calls;           /* emit calls, a failing one included */
	size_t fail_at;         /* emit call fail_at (1-based) keeps nothing */
	bl_status_t fail_with;  /* and returns this; fail_at 0: none fails */
} fc_got_t;

/* A format's read function (format_reader_t.read). */
typedef bl_status_t (*fc_read_fn)(const format_input_t *in);

/* Runs reader over an exact-size heap copy of in->text[0..in->len) (so that
 * the sanitizers catch any read past the end) with in's path, id and map,
 * adding the articles and warnings to g; in's emit, warn and ctx are not
 * used. Returns what reader returns. Fails the test if an article lacks an
 * id or a path or has a body_len other than its body's length, or if a
 * warning says nothing. */
bl_status_t fc_run(fc_read_fn reader, const format_input_t *in, fc_got_t *g);

/* Reads the file at path, gunzipped, into b, which it initialises (free
 * it with bl_buf_free()); *gz, if gz is not NULL, is set to whether it
 * was gzip. Fails the test if the file cannot be read. */
void fc_load(const char *path, bl_buf_t *b, int *gz);

/* Loads the file at path into *file as fc_load() does (the caller frees
 * it), then runs reader over it as fc_run() does, with path as the path
 * and id as the default article id. Returns what reader returns. */
bl_status_t fc_run_file(fc_read_fn reader, const char *path, const char *id,
                        fc_got_t *g, bl_buf_t *file);

/* Frees everything g holds and zeroes it (fail_at too) for another run. */
void fc_free(fc_got_t *g);

/* Fails case name unless the warned records are warns ("2,4") and n
 * articles were kept. */
void fc_check_got(const char *name, const fc_got_t *g, size_t n,
                  const char *warns);

/* Fails case name unless got equals want, NULL meaning absent. */
void fc_check_str(const char *name, const char *field, const char *got,
                  const char *want);

/* Fails case name unless a has a date exactly when has_date, and then
 * that date. */
void fc_check_date(const char *name, const fc_article_t *a, bool has_date,
                   int64_t date);

/* A format's detect function (format_reader_t.detect). */
typedef int (*fc_detect_fn)(const char *text, size_t len, const char *path);

/* Fails unless detect scores the string in, as the file path, want; the
 * text is given through an exact-size heap copy. */
void fc_check_detect(fc_detect_fn detect, const char *in, const char *path,
                     int want);

/* A malloc'd input: head, then fill bytes c, then tail (no NUL added);
 * *len is its length. */
char *fc_padded(const char *head, char c, size_t fill, const char *tail,
                size_t *len);

/* s, or NULL when it is empty: a joined list or an ISO date compared with
 * an expectation in which NULL means none. */
const char *fc_or_null(const char *s);

#endif
