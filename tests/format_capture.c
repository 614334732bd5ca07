/* format_capture.c - the format reader suites' harness: runs a reader over
 * an exact-size copy of its input and keeps what it emits and warns. */
#include "format_capture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bl_file.h"

/* Moves a string out of an article, which then no longer frees it. */
static char *
take(char **field)
{
	char *s = *field;

	*field = NULL;
	return s;
}

static char *
join(const bl_strlist_t *l)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < l->n; i++)
		len += strlen(l->items[i]) + 1;
	s = calloc(1, len);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < l->n; i++) {
		if (i)
			strcat(s, "|");
		strcat(s, l->items[i]);
	}
	return s;
}

static bl_status_t
capture(void *ctx, bl_article_t *a)
{
	fc_got_t *g = ctx;
	fc_article_t *c;
	bl_article_t copy;
	bl_buf_t b;

	ck_assert_ptr_nonnull(a->id);
	ck_assert_ptr_nonnull(a->path);
	ck_assert(a->body_len == (a->body ? strlen(a->body) : 0));
	if (++g->calls == g->fail_at)
		return g->fail_with;
	bl_buf_init(&b, 0);
	ck_assert_int_eq(bl_article_encode(a, &b), BL_OK);
	bl_article_init(&copy);
	ck_assert_int_eq(bl_article_decode(b.data, b.len, &copy), BL_OK);
	bl_buf_free(&b);
	g->a = realloc(g->a, (g->n + 1) * sizeof *g->a);
	ck_assert_ptr_nonnull(g->a);
	c = &g->a[g->n++];
	memset(c, 0, sizeof *c);
	c->id = take(&copy.id);
	c->path = take(&copy.path);
	c->title = take(&copy.title);
	c->author = take(&copy.author);
	c->source = take(&copy.source);
	c->url = take(&copy.url);
	c->language = take(&copy.language);
	c->body = take(&copy.body);
	c->body_len = copy.body_len;
	c->categories = join(&copy.categories);
	c->places = join(&copy.places);
	c->has_date = copy.has_date;
	c->date = copy.date;
	if (copy.has_date)
		bl_date_format_iso(copy.date, c->iso);
	bl_article_clear(&copy);
	return BL_OK;
}

static void
warned(void *ctx, size_t record, const char *what)
{
	fc_got_t *g = ctx;
	fc_warning_t *w;

	ck_assert(what != NULL && *what != '\0');
	g->warn = realloc(g->warn, (g->nwarn + 1) * sizeof *g->warn);
	ck_assert_ptr_nonnull(g->warn);
	w = &g->warn[g->nwarn++];
	w->record = record;
	w->what = strdup(what);
	ck_assert_ptr_nonnull(w->what);
}

bl_status_t
fc_run(fc_read_fn reader, const format_input_t *in, fc_got_t *g)
{
	char *copy = malloc(in->len ? in->len : 1);
	format_input_t run = *in;
	bl_status_t st;

	ck_assert_ptr_nonnull(copy);
	if (in->len)
		memcpy(copy, in->text, in->len);
	run.text = copy;
	run.emit = capture;
	run.warn = warned;
	run.ctx = g;
	st = reader(&run);
	free(copy);
	return st;
}

void
fc_load(const char *path, bl_buf_t *b, int *gz)
{
	int err_no = 0;

	bl_buf_init(b, 0);
	ck_assert_msg(bl_file_read(path, b, &err_no, gz) == BL_OK, "%s: %s",
	              path, strerror(err_no));
}

bl_status_t
fc_run_file(fc_read_fn reader, const char *path, const char *id,
            fc_got_t *g, bl_buf_t *file)
{
	format_input_t in = { .path = path, .id = id };

	fc_load(path, file, NULL);
	in.text = file->data;
	in.len = file->len;
	return fc_run(reader, &in, g);
}

void
fc_free(fc_got_t *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		fc_article_t *c = &g->a[i];

		free(c->id);
		free(c->path);
		free(c->title);
		free(c->author);
		free(c->source);
		free(c->url);
		free(c->language);
		free(c->body);
		free(c->categories);
		free(c->places);
	}
	free(g->a);
	for (i = 0; i < g->nwarn; i++)
		free(g->warn[i].what);
	free(g->warn);
	memset(g, 0, sizeof *g);
}

/* The records warned about, as "2,4", written to out[0..size). */
static void
warn_records(const fc_got_t *g, char *out, size_t size)
{
	size_t i, used = 0;

	if (size)
		out[0] = '\0';
	for (i = 0; i < g->nwarn && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%zu",
		                         i ? "," : "", g->warn[i].record);
}

void
fc_check_got(const char *name, const fc_got_t *g, size_t n,
             const char *warns)
{
	char got[128];

	warn_records(g, got, sizeof got);
	ck_assert_msg(strcmp(got, warns) == 0,
	              "%s: warnings at \"%s\" (%s), want \"%s\"", name, got,
	              g->nwarn ? g->warn[0].what : "", warns);
	ck_assert_msg(g->n == n, "%s: %zu articles, want %zu", name, g->n, n);
}

void
fc_check_str(const char *name, const char *field, const char *got,
             const char *want)
{
	if (want == NULL)
		ck_assert_msg(got == NULL, "%s: %s: got \"%s\", want none", name,
		              field, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0,
		              "%s: %s: got \"%s\", want \"%s\"", name, field,
		              got ? got : "(none)", want);
}

void
fc_check_date(const char *name, const fc_article_t *a, bool has_date,
              int64_t date)
{
	ck_assert_msg(a->has_date == has_date, "%s: has_date %d", name,
	              a->has_date);
	if (has_date)
		ck_assert_msg(a->date == date, "%s: date %lld, want %lld", name,
		              (long long)a->date, (long long)date);
}

void
fc_check_detect(fc_detect_fn detect, const char *in, const char *path,
                int want)
{
	size_t len = strlen(in);
	char *copy = malloc(len ? len : 1);
	int got;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, in, len);
	got = detect(copy, len, path);
	free(copy);
	ck_assert_msg(got == want, "\"%s\" (%s): got %d, want %d", in,
	              path ? path : "no path", got, want);
}

char *
fc_padded(const char *head, char c, size_t fill, const char *tail,
          size_t *len)
{
	size_t h = strlen(head), t = strlen(tail);
	char *s = malloc(h + fill + t + 1);

	ck_assert_ptr_nonnull(s);
	memcpy(s, head, h);
	memset(s + h, c, fill);
	memcpy(s + h + fill, tail, t);
	*len = h + fill + t;
	return s;
}

const char *
fc_or_null(const char *s)
{
	return s && *s ? s : NULL;
}
