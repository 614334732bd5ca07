/* render_trec.c - byline-search --format trec: a TREC run, one line per
 * hit ("QID Q0 DOCID RANK SCORE byline"), for evaluation tools. */
#include "render.h"

#include <string.h>

/* Appends s with white space replaced: a TREC run is space-separated. */
static void
put_token(bl_buf_t *out, const char *s)
{
	for (; s && *s; s++)
		bl_buf_putc(out, (*s == ' ' || *s == '\t' || *s == '\n' ||
		                  *s == '\r') ? '_' : *s);
}

void
render_trec(bl_buf_t *out, const render_page_t *page,
            const render_opts_t *opts)
{
	size_t i;

	for (i = 0; i < page->nhits; i++) {
		const render_hit_t *h = &page->hits[i];

		put_token(out, opts->qid && *opts->qid ? opts->qid : "1");
		bl_buf_puts(out, " Q0 ");
		put_token(out, h->art.id ? h->art.id : "-");
		bl_buf_printf(out, " %u %.6f byline\n", h->hit->rank, h->hit->score);
	}
}
