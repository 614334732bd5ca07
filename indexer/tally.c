/* tally.c - the counts an indexing run reports, shared by its threads. */
#include "tally.h"

#include <string.h>

#include "bl_utf8.h"

void
tally_init(tally_t *t, FILE *err)
{
	memset(t, 0, sizeof *t);
	pthread_mutex_init(&t->lock, NULL);
	t->err = err;
}

void
tally_destroy(tally_t *t)
{
	pthread_mutex_destroy(&t->lock);
}

void
tally_reset(tally_t *t)
{
	atomic_store(&t->files_done, 0);
	atomic_store(&t->added, 0);
	atomic_store(&t->updated, 0);
	atomic_store(&t->unchanged, 0);
	atomic_store(&t->deleted, 0);
	atomic_store(&t->skipped, 0);
	atomic_store(&t->bad_records, 0);
	atomic_store(&t->articles, 0);
	atomic_store(&t->bytes, 0);
	atomic_store(&t->bytes_read, 0);
	t->nreasons = 0;
}

/* Writes s so that a warning stays one line and nothing reaches a
 * terminal as a control sequence: a name may hold any byte but '/' and
 * NUL. Newline, tab and carriage return are written \n \t \r, other
 * control characters (C1 included), DEL and bytes that are not UTF-8 as
 * \xHH, and the backslash as \\, so that the name can be read back. */
static void
put_escaped(FILE *f, const char *s)
{
	size_t i = 0, len = strlen(s), n, k;
	uint32_t cp;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {
			n = bl_utf8_decode(s + i, len - i, &cp);
			if (n && cp >= 0xA0) {
				fwrite(s + i, 1, n, f);
			} else {
				n = n ? n : 1;
				for (k = 0; k < n; k++)
					fprintf(f, "\\x%02x", (unsigned char)s[i + k]);
			}
			i += n;
			continue;
		}
		if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '\\')
			fputs("\\\\", f);
		else if (c < 0x20 || c == 0x7F)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
		i++;
	}
}

void
tally_skip(tally_t *t, const char *path, const char *reason,
           const char *detail)
{
	size_t i;

	atomic_fetch_add(&t->skipped, 1);
	pthread_mutex_lock(&t->lock);
	for (i = 0; i < t->nreasons; i++)
		if (strcmp(t->reasons[i].what, reason) == 0)
			break;
	if (i < t->nreasons) {
		t->reasons[i].count++;
	} else if (t->nreasons < TALLY_MAX_REASONS) {
		t->reasons[t->nreasons].what = reason;
		t->reasons[t->nreasons++].count = 1;
	}
	fputs("byline-index: ", t->err);
	put_escaped(t->err, path);
	fprintf(t->err, ": skipped: %s%s", reason, detail ? ": " : "");
	put_escaped(t->err, detail ? detail : "");
	fputc('\n', t->err);
	pthread_mutex_unlock(&t->lock);
}

void
tally_bad_record(tally_t *t, const char *path, size_t record,
                 const char *what)
{
	atomic_fetch_add(&t->bad_records, 1);
	pthread_mutex_lock(&t->lock);
	fputs("byline-index: ", t->err);
	put_escaped(t->err, path);
	fprintf(t->err, ": record %zu: ", record);
	put_escaped(t->err, what);
	fputc('\n', t->err);
	pthread_mutex_unlock(&t->lock);
}

void
tally_warn(tally_t *t, const char *path, const char *what)
{
	pthread_mutex_lock(&t->lock);
	fputs("byline-index: ", t->err);
	put_escaped(t->err, path);
	fputs(": ", t->err);
	put_escaped(t->err, what);
	fputc('\n', t->err);
	pthread_mutex_unlock(&t->lock);
}
