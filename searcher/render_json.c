/* render_json.c - byline-search --format json. */
#include "render.h"

#include <string.h>

#include "bl_date.h"
#include "bl_escape.h"
#include "bl_utf8.h"

static void
key(bl_buf_t *out, const char *name)
{
	bl_json_cstr(out, name);
	bl_buf_putc(out, ':');
}

static void
highlights(bl_buf_t *out, const bl_snippet_t *s)
{
	size_t i, pos = 0, cp = 0;

	bl_buf_putc(out, '[');
	for (i = 0; i < s->nspans; i++) {
		size_t start, end;

		/* Offsets are in code points, as JavaScript and Python count. */
		cp += bl_utf8_count(s->text + pos, s->spans[i].start - pos);
		start = cp;
		cp += bl_utf8_count(s->text + s->spans[i].start,
		                    s->spans[i].end - s->spans[i].start);
		end = cp;
		pos = s->spans[i].end;
		bl_buf_printf(out, "%s[%zu,%zu]", i ? "," : "", start, end);
	}
	bl_buf_putc(out, ']');
}

static void
snippet_html(bl_buf_t *out, const bl_snippet_t *s)
{
	bl_buf_t html;

	bl_buf_init(&html, 0);
	render_marked(&html, s, "<mark>", "</mark>", bl_html_escape);
	bl_json_string(out, bl_buf_cstr(&html), html.len);
	if (html.err != BL_OK)
		out->err = html.err;
	bl_buf_free(&html);
}

static void
strlist(bl_buf_t *out, const bl_strlist_t *l)
{
	size_t i;

	bl_buf_putc(out, '[');
	for (i = 0; i < l->n; i++) {
		if (i)
			bl_buf_putc(out, ',');
		bl_json_cstr(out, l->items[i]);
	}
	bl_buf_putc(out, ']');
}

static void
hit(bl_buf_t *out, const render_hit_t *h)
{
	char date[BL_DATE_ISO_MAX];
	const bl_article_t *a = &h->art;

	bl_buf_putc(out, '{');
	key(out, "rank");
	bl_buf_printf(out, "%u,", h->hit->rank);
	key(out, "id");
	bl_json_cstr(out, a->id);
	bl_buf_putc(out, ',');
	key(out, "title");
	bl_json_cstr(out, a->title);
	bl_buf_putc(out, ',');
	key(out, "author");
	bl_json_cstr(out, a->author);
	bl_buf_putc(out, ',');
	key(out, "date");
	bl_json_cstr(out, a->has_date ? bl_date_format_iso(a->date, date) : NULL);
	bl_buf_putc(out, ',');
	key(out, "path");
	bl_json_cstr(out, a->path);
	bl_buf_putc(out, ',');
	key(out, "source");
	bl_json_cstr(out, a->source);
	bl_buf_putc(out, ',');
	key(out, "categories");
	strlist(out, &a->categories);
	bl_buf_putc(out, ',');
	key(out, "places");
	strlist(out, &a->places);
	bl_buf_putc(out, ',');
	key(out, "url");
	bl_json_cstr(out, a->url);
	bl_buf_putc(out, ',');
	key(out, "language");
	bl_json_cstr(out, a->language);
	bl_buf_putc(out, ',');
	key(out, "score");
	bl_buf_printf(out, "%.4f,", h->hit->score);
	key(out, "percent");
	bl_buf_printf(out, "%d,", h->hit->percent);
	key(out, "duplicates");
	bl_buf_printf(out, "%u,", h->hit->duplicates);
	key(out, "snippet");
	bl_json_string(out, h->snip.text ? h->snip.text : "", h->snip.len);
	bl_buf_putc(out, ',');
	key(out, "highlights");
	highlights(out, &h->snip);
	bl_buf_putc(out, ',');
	key(out, "snippet_html");
	snippet_html(out, &h->snip);
	bl_buf_putc(out, '}');
}

static void
facets(bl_buf_t *out, const bl_results_t *res)
{
	size_t i, j;

	key(out, "facets");
	bl_buf_putc(out, '{');
	for (i = 0; i < res->nfacets; i++) {
		const bl_facet_result_t *f = &res->facets[i];

		bl_buf_puts(out, i ? "," : "");
		key(out, f->name);
		bl_buf_putc(out, '[');
		for (j = 0; j < f->n; j++) {
			bl_buf_puts(out, j ? ",[" : "[");
			bl_json_cstr(out, f->values[j].value);
			bl_buf_printf(out, ",%llu]",
			              (unsigned long long)f->values[j].count);
		}
		bl_buf_putc(out, ']');
	}
	bl_buf_putc(out, '}');
}

static void
timeline(bl_buf_t *out, const timeline_t *t)
{
	size_t i;

	key(out, "timeline");
	bl_buf_putc(out, '[');
	for (i = 0; i < t->n; i++) {
		bl_buf_puts(out, i ? ",[" : "[");
		bl_json_cstr(out, t->bins[i].label);
		bl_buf_printf(out, ",%llu]", (unsigned long long)t->bins[i].count);
	}
	bl_buf_putc(out, ']');
}

/* Appends "name": the URL of req on page p (absolute path), or null. */
static void
page_link(bl_buf_t *out, const char *name, const render_web_t *web, unsigned p)
{
	cgi_request_t r = *web->req;
	bl_buf_t url;

	key(out, name);
	if (p == 0) {
		bl_buf_puts(out, "null");
		return;
	}
	r.page = p;
	bl_buf_init(&url, 0);
	cgi_request_url(&url, web->self, &r);
	bl_json_string(out, bl_buf_cstr(&url), url.len);
	if (url.err != BL_OK)
		out->err = url.err;
	bl_buf_free(&url);
}

/* Served over CGI: the page, its size and links to it and its
 * neighbours (null past either end or past the paging depth). */
static void
paging(bl_buf_t *out, const render_page_t *page, const render_web_t *web)
{
	const cgi_request_t *req = web->req;
	unsigned long long next = (unsigned long long)req->page * req->per;

	key(out, "page");
	bl_buf_printf(out, "%u,", req->page);
	key(out, "per");
	bl_buf_printf(out, "%u,", req->per);
	key(out, "links");
	bl_buf_putc(out, '{');
	page_link(out, "self", web, req->page);
	bl_buf_putc(out, ',');
	page_link(out, "prev", web, req->page > 1 ? req->page - 1 : 0);
	bl_buf_putc(out, ',');
	page_link(out, "next", web, next < page->res->total &&
	     next < CGI_MAX_DEPTH ? req->page + 1 : 0);
	bl_buf_puts(out, "},");
}

void
render_json_error(bl_buf_t *out, int http, const char *msg)
{
	bl_buf_puts(out, "{\"error\":{\"status\":");
	bl_buf_printf(out, "%d,", http);
	key(out, "reason");
	bl_json_cstr(out, cgi_reason(http));
	bl_buf_putc(out, ',');
	key(out, "message");
	bl_json_cstr(out, msg);
	bl_buf_puts(out, "}}\n");
}

void
render_json(bl_buf_t *out, const render_page_t *page,
            const render_opts_t *opts)
{
	size_t i;

	bl_buf_putc(out, '{');
	key(out, "query");
	bl_json_cstr(out, page->query);
	bl_buf_putc(out, ',');
	key(out, "total");
	bl_buf_printf(out, "%llu,", (unsigned long long)page->res->total);
	key(out, "total_exact");
	bl_buf_puts(out, page->res->total_min == page->res->total_max ?
	                 "true," : "false,");
	key(out, "offset");
	bl_buf_printf(out, "%u,", page->offset);
	key(out, "fallback");
	bl_buf_puts(out, page->res->fallback ? "true," : "false,");
	key(out, "relaxed");
	bl_buf_puts(out, page->res->relaxed ? "true," : "false,");
	key(out, "suggestion");
	bl_json_cstr(out, page->res->suggestion);
	bl_buf_putc(out, ',');
	key(out, "partial");
	bl_buf_puts(out, page->res->partial ? "true," : "false,");
	key(out, "missing");
	strlist(out, &page->res->missing);
	bl_buf_putc(out, ',');
	key(out, "notices");
	strlist(out, &page->res->notices);
	bl_buf_putc(out, ',');
	if (page->res->nfacets) {
		facets(out, page->res);
		bl_buf_putc(out, ',');
	}
	if (page->timeline && page->timeline->n) {
		timeline(out, page->timeline);
		bl_buf_putc(out, ',');
	}
	if (opts->web)
		paging(out, page, opts->web);
	key(out, "seconds");
	bl_buf_printf(out, "%.6f,", page->seconds);
	key(out, "hits");
	bl_buf_putc(out, '[');
	for (i = 0; i < page->nhits; i++) {
		if (i)
			bl_buf_putc(out, ',');
		hit(out, &page->hits[i]);
	}
	bl_buf_puts(out, "]}\n");
}
