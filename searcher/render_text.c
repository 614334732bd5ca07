/* render_text.c - byline-search --format text: results for a person. */
#include "render.h"

#include <string.h>

#include "bl_date.h"
#include "bl_utf8.h"

#define HL_ON "\033[1;33m"
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

/* Appends text for a terminal: control characters (which could move the
 * cursor or retitle the window) and invalid UTF-8 become U+FFFD. Runs of
 * safe text are appended at once. */
static bl_status_t
put_safe(bl_buf_t *out, const char *s, size_t len)
{
	size_t i = 0, run = 0, n;
	uint32_t cp;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		n = bl_utf8_decode(s + i, len - i, &cp);
		if (n != 0 && cp >= 0xA0) {
			i += n;
			continue;
		}
		bl_buf_append(out, s + run, i - run);
		bl_buf_puts(out, "\xEF\xBF\xBD");
		i += n ? n : 1;
		run = i;
	}
	bl_buf_append(out, s + run, i - run);
	return out->err;
}

static void
put_field(bl_buf_t *out, const char *s)
{
	put_safe(out, s, strlen(s));
}

static void
meta(bl_buf_t *out, const render_hit_t *h)
{
	const bl_article_t *a = &h->art;
	char iso[BL_DATE_ISO_MAX];
	bool any = false;

	if (a->has_date) {
		bl_date_format_iso(a->date, iso);
		/* "2024-08-07 16:43", or the date alone at midnight */
		iso[10] = ' ';
		iso[strcmp(iso + 11, "00:00:00Z") == 0 ? 10 : 16] = '\0';
		bl_buf_puts(out, iso);
		any = true;
	}
	if (a->author) {
		bl_buf_puts(out, any ? " \xC2\xB7 " : "");
		put_field(out, a->author);
		any = true;
	}
	if (a->source) {
		bl_buf_puts(out, any ? " \xC2\xB7 " : "");
		put_field(out, a->source);
		any = true;
	}
	bl_buf_puts(out, any ? " \xC2\xB7 " : "");
	put_field(out, a->path ? a->path : a->id ? a->id : "");
	bl_buf_printf(out, " \xC2\xB7 %d%%", h->hit->percent);
	if (h->hit->duplicates)
		bl_buf_printf(out, " \xC2\xB7 %u similar version%s (--similar)",
		              h->hit->duplicates, h->hit->duplicates == 1 ? "" : "s");
}

static void
facets(bl_buf_t *out, const bl_results_t *res)
{
	size_t i, j;

	for (i = 0; i < res->nfacets; i++) {
		const bl_facet_result_t *f = &res->facets[i];

		bl_buf_printf(out, "%s:", f->name);
		for (j = 0; j < f->n; j++) {
			bl_buf_puts(out, j ? ", " : " ");
			put_field(out, f->values[j].value);
			bl_buf_printf(out, " (%llu)",
			              (unsigned long long)f->values[j].count);
		}
		bl_buf_puts(out, f->n ? "\n" : " none\n");
	}
	if (res->nfacets)
		bl_buf_putc(out, '\n');
}

/* A bar per period, scaled to 40 columns. */
static void
timeline(bl_buf_t *out, const timeline_t *t)
{
	size_t i, k, width;

	for (i = 0; i < t->n; i++) {
		width = t->max ? (size_t)((t->bins[i].count * 40 + t->max - 1) /
		                          t->max) : 0;
		bl_buf_printf(out, "%-10s %6llu ", t->bins[i].label,
		              (unsigned long long)t->bins[i].count);
		for (k = 0; k < width; k++)
			bl_buf_puts(out, "\xE2\x96\x87");   /* ▇ */
		bl_buf_putc(out, '\n');
	}
	if (t->n)
		bl_buf_putc(out, '\n');
}

void
render_text(bl_buf_t *out, const render_page_t *page,
            const render_opts_t *opts)
{
	const bl_results_t *res = page->res;
	size_t i;

	for (size_t k = 0; k < res->notices.n; k++) {
		bl_buf_puts(out, "Note: ");
		put_field(out, res->notices.items[k]);
		bl_buf_putc(out, '\n');
	}
	if (res->partial) {
		bl_buf_puts(out, "Partial results: these shards did not answer:");
		for (size_t k = 0; k < res->missing.n; k++) {
			bl_buf_putc(out, ' ');
			put_field(out, res->missing.items[k]);
		}
		bl_buf_putc(out, '\n');
	}
	if (res->suggestion) {
		bl_buf_puts(out, "Did you mean: ");
		put_field(out, res->suggestion);
		bl_buf_puts(out, "?\n");
	}
	if (page->nhits == 0 && res->total == 0) {
		bl_buf_puts(out, "No results for \"");
		put_field(out, page->query);
		bl_buf_puts(out, "\".\n");
		return;
	}
	if (res->relaxed)
		bl_buf_puts(out, "No article has all the words; showing articles "
		            "with any of them.\n");
	bl_buf_printf(out, "%s%llu result%s for \"",
	              res->total_min == res->total_max ? "" : "About ",
	              (unsigned long long)res->total, res->total == 1 ? "" : "s");
	put_field(out, page->query);
	if (page->nhits)
		bl_buf_printf(out, "\" (%u-%zu, %.3f s)", page->offset + 1,
		              page->offset + page->nhits, page->seconds);
	else
		bl_buf_printf(out, "\" (none on this page, %.3f s)", page->seconds);
	bl_buf_printf(out, "%s\n\n",
	              res->fallback ? " [searched as plain words]" : "");
	for (i = 0; i < page->nhits; i++) {
		const render_hit_t *h = &page->hits[i];

		bl_buf_printf(out, "%3u. %s", h->hit->rank, opts->color ? BOLD : "");
		put_field(out, h->art.title ? h->art.title : "(untitled)");
		bl_buf_printf(out, "%s\n     %s", opts->color ? RESET : "",
		              opts->color ? DIM : "");
		meta(out, h);
		bl_buf_printf(out, "%s\n", opts->color ? RESET : "");
		if (h->snip.len) {
			bl_buf_puts(out, "     ");
			render_marked(out, &h->snip, opts->color ? HL_ON : "[",
			              opts->color ? RESET : "]", put_safe);
			bl_buf_putc(out, '\n');
		}
		bl_buf_putc(out, '\n');
	}
	facets(out, res);
	if (page->timeline)
		timeline(out, page->timeline);
}
