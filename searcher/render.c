/* render.c - the table of output formats and helpers they share. */
#include "render.h"

#include <string.h>

const renderer_t renderers[] = {
	{ "text", render_text },
	{ "json", render_json },
	{ "trec", render_trec },
	{ "html", render_html },
	{ NULL, NULL },
};

const renderer_t *
render_find(const char *name)
{
	const renderer_t *r;

	for (r = renderers; r->name; r++)
		if (strcmp(r->name, name) == 0)
			return r;
	return NULL;
}

void
render_marked(bl_buf_t *out, const bl_snippet_t *snip, const char *open,
              const char *close,
              bl_status_t (*put)(bl_buf_t *, const char *, size_t))
{
	size_t pos = 0, i;

	for (i = 0; i < snip->nspans; i++) {
		const bl_span_t *sp = &snip->spans[i];

		put(out, snip->text + pos, sp->start - pos);
		bl_buf_puts(out, open);
		put(out, snip->text + sp->start, sp->end - sp->start);
		bl_buf_puts(out, close);
		pos = sp->end;
	}
	put(out, snip->text + pos, snip->len - pos);
}
