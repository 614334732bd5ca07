/* render_html.c - the search page: one self-contained HTML document
 * (inline CSS, no script, no external assets), readable on a phone. */
#include "render.h"

#include <stdio.h>
#include <string.h>

#include "bl_date.h"
#include "bl_escape.h"

#define DEFAULT_TITLE "Byline"
#define PAGE_WINDOW 3           /* page links either side of this one */
#define BAR_STEP 10             /* timeline: viewBox units per period */
#define BAR_HEIGHT 48

/* The style every page carries; the administrator's stylesheet follows
 * it and can override anything. */
static const char style[] =
":root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fff;--mute:#5f6368;"
"--line:#d6d9dd;--link:#1a4fa0;--mark:#ffe58a;--bar:#7b9be0}\n"
"@media (prefers-color-scheme:dark){:root{--fg:#e6e6e6;--bg:#16181c;"
"--mute:#a3a7ad;--line:#3a3d42;--link:#8ab4f8;--mark:#705f00;"
"--bar:#5b7fc6}}\n"
"*{box-sizing:border-box}\n"
"body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\","
"Roboto,sans-serif;color:var(--fg);background:var(--bg)}\n"
"a{color:var(--link)}\n"
".top{border-bottom:1px solid var(--line);padding:.75rem 1rem}\n"
".search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;"
"max-width:64rem;margin:0 auto}\n"
".site{font-weight:700;color:var(--fg);text-decoration:none;"
"margin-right:.5rem}\n"
".search input,.search select,.search button{font:inherit;"
"padding:.4rem .6rem;border:1px solid var(--line);border-radius:.4rem;"
"background:var(--bg);color:var(--fg)}\n"
".search input{flex:1 1 14rem;min-width:0}\n"
".search button{background:var(--link);border-color:var(--link);"
"color:#fff;cursor:pointer}\n"
"main{max-width:64rem;margin:0 auto;padding:1rem}\n"
".stats,.meta,.n,.range,.byline{color:var(--mute);font-size:.875rem}\n"
".note{margin:.5rem 0}\n"
".chip{display:inline-block;border:1px solid var(--line);"
"border-radius:1rem;padding:0 .6rem;margin:0 .3rem .3rem 0;"
"text-decoration:none}\n"
".cols{display:flex;gap:2rem;align-items:flex-start}\n"
".hits{flex:1;min-width:0;margin:0;padding:0;list-style:none}\n"
".hits li{margin:0 0 1.4rem}\n"
".hits h2{font-size:1.125rem;font-weight:600;margin:0;"
"overflow-wrap:anywhere}\n"
".meta{margin:.1rem 0}\n"
".snip{margin:.2rem 0;overflow-wrap:anywhere}\n"
"mark{background:var(--mark);color:inherit;border-radius:.15em;"
"padding:0 .1em}\n"
".side{flex:0 0 15rem;font-size:.9rem}\n"
".side h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;"
"color:var(--mute);margin:1rem 0 .3rem}\n"
".side ul{list-style:none;margin:0;padding:0}\n"
".side li{display:flex;justify-content:space-between;gap:.5rem}\n"
".side li a{overflow-wrap:anywhere}\n"
".on{font-weight:700}\n"
".tl{display:block;width:100%;height:4rem}\n"
".tl rect{fill:var(--bar)}\n"
".tl a:hover rect,.tl a:focus rect{fill:var(--link)}\n"
".range{display:flex;justify-content:space-between;margin:0}\n"
".pages{display:flex;flex-wrap:wrap;gap:.3rem;margin:1.5rem 0}\n"
".pages a,.pages b{padding:.3rem .7rem;border:1px solid var(--line);"
"border-radius:.4rem;text-decoration:none}\n"
".pages b{background:var(--link);border-color:var(--link);color:#fff}\n"
".error h1{font-size:1.4rem;margin-top:0}\n"
".byline{max-width:64rem;margin:2rem auto;padding:0 1rem}\n"
"@media (max-width:44rem){.cols{flex-direction:column}"
".side{flex:none;width:100%}}\n";

static void
text(bl_buf_t *out, const char *s)
{
	if (s)
		bl_html_escape(out, s, strlen(s));
}

/* Appends ` href="URL"` for req, escaped for the attribute. */
static void
href(bl_buf_t *out, const render_web_t *web, const cgi_request_t *req)
{
	bl_buf_t url;

	bl_buf_init(&url, 0);
	cgi_request_url(&url, web->self, req);
	bl_buf_puts(out, " href=\"");
	bl_html_escape(out, bl_buf_cstr(&url), url.len);
	bl_buf_putc(out, '"');
	if (url.err != BL_OK)
		out->err = url.err;
	bl_buf_free(&url);
}

/* Copies s into dst[0..cap) if it fits. */
static bool
set(char *dst, size_t cap, const char *s)
{
	return (size_t)snprintf(dst, cap, "%s", s) < cap;
}

typedef struct menu {
	bl_buf_t *out;
	const char *current;
	size_t n;
} menu_t;

static void
index_option(void *ctx, const char *name, size_t len)
{
	menu_t *m = ctx;

	bl_buf_puts(m->out, "<option value=\"");
	bl_html_escape(m->out, name, len);
	bl_buf_puts(m->out, strlen(m->current) == len &&
	            memcmp(m->current, name, len) == 0 ?
	            "\" selected>" : "\">");
	bl_html_escape(m->out, name, len);
	bl_buf_puts(m->out, "</option>");
	m->n++;
}

static void
count_index(void *ctx, const char *name, size_t len)
{
	(void)name;
	(void)len;
	++*(size_t *)ctx;
}

/* The search form: it keeps the query, the order, the archive and the page
 * size; a new search drops the filters. */
static void
form(bl_buf_t *out, const render_web_t *web)
{
	static const char *const sorts[][2] = {
		{ "relevance", "Best match" }, { "newest", "Newest first" },
		{ "oldest", "Oldest first" },
	};
	const cgi_request_t *req = web->req;
	size_t i, nindexes = 0;

	bl_buf_puts(out, "<header class=\"top\"><form class=\"search\" "
	            "method=\"get\" accept-charset=\"utf-8\" role=\"search\"");
	if (web->self[0]) {
		bl_buf_puts(out, " action=\"");
		text(out, web->self);
		bl_buf_putc(out, '"');
	}
	bl_buf_puts(out, ">\n<a class=\"site\" href=\"");
	text(out, web->self[0] ? web->self : "?");
	bl_buf_puts(out, "\">");
	text(out, web->title);
	bl_buf_puts(out, "</a>\n<input type=\"search\" name=\"q\" value=\"");
	text(out, req->q);
	bl_buf_printf(out, "\" maxlength=\"%d\" placeholder=\"Search the "
	              "archive\" aria-label=\"Search\">\n", CGI_MAX_QUERY);
	cgi_index_names(web->indexes, count_index, &nindexes);
	if (nindexes > 1) {
		menu_t m = { out, req->index, 0 };

		bl_buf_puts(out, "<select name=\"index\" "
		            "aria-label=\"Archive\">");
		cgi_index_names(web->indexes, index_option, &m);
		bl_buf_puts(out, "</select>\n");
	} else if (req->index[0]) {
		bl_buf_puts(out, "<input type=\"hidden\" name=\"index\" "
		            "value=\"");
		text(out, req->index);
		bl_buf_puts(out, "\">\n");
	}
	bl_buf_puts(out, "<select name=\"sort\" aria-label=\"Order\">");
	for (i = 0; i < 3; i++)
		bl_buf_printf(out, "<option value=\"%s\"%s>%s</option>",
		              sorts[i][0],
		              (size_t)req->sort == i ? " selected" : "",
		              sorts[i][1]);
	bl_buf_puts(out, "</select>\n");
	if (req->per != CGI_DEFAULT_PER)
		bl_buf_printf(out, "<input type=\"hidden\" name=\"per\" "
		              "value=\"%u\">\n", req->per);
	bl_buf_puts(out, "<button type=\"submit\">Search</button>\n"
	            "</form></header>\n");
}

static void
head(bl_buf_t *out, const render_web_t *web, const char *query)
{
	bl_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	            "<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, "
	            "initial-scale=1\">\n"
	            "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
	            "<title>");
	if (query && *query) {
		text(out, query);
		bl_buf_puts(out, " \xE2\x80\x93 ");
	}
	text(out, web->title);
	bl_buf_puts(out, "</title>\n<style>\n");
	bl_buf_puts(out, style);
	bl_buf_puts(out, "</style>\n");
	if (web->stylesheet) {
		bl_buf_puts(out, "<style>\n");
		bl_buf_puts(out, web->stylesheet);
		bl_buf_puts(out, "\n</style>\n");
	}
	bl_buf_puts(out, "</head>\n<body>\n");
	if (web->header)
		bl_buf_puts(out, web->header);
	form(out, web);
}

static void
foot(bl_buf_t *out, const render_web_t *web)
{
	bl_buf_puts(out, "<footer class=\"byline\">Search by Byline"
	            "</footer>\n");
	if (web->footer)
		bl_buf_puts(out, web->footer);
	bl_buf_puts(out, "</body>\n</html>\n");
}

/* Appends the article's link: the URL template with {id} and {path}
 * replaced by the URL-encoded values, else the article's own web address
 * when it is one. Returns false if the article has none. */
static bool
article_url(bl_buf_t *out, const render_web_t *web, const bl_article_t *a)
{
	const char *t = web->url_template, *p;

	if (t == NULL || *t == '\0') {
		if (a->url == NULL || (strncmp(a->url, "http://", 7) != 0 &&
		                       strncmp(a->url, "https://", 8) != 0))
			return false;
		bl_buf_puts(out, a->url);
		return true;
	}
	while ((p = strchr(t, '{')) != NULL) {
		bl_buf_append(out, t, (size_t)(p - t));
		if (strncmp(p, "{id}", 4) == 0) {
			cgi_url_encode(out, a->id ? a->id : "", false);
			t = p + 4;
		} else if (strncmp(p, "{path}", 6) == 0) {
			cgi_url_encode(out, a->path ? a->path : "", true);
			t = p + 6;
		} else {
			bl_buf_putc(out, '{');
			t = p + 1;
		}
	}
	bl_buf_puts(out, t);
	return true;
}

static void
hit(bl_buf_t *out, const render_web_t *web, const render_hit_t *h)
{
	const bl_article_t *a = &h->art;
	char iso[BL_DATE_ISO_MAX], shown[BL_DATE_ISO_MAX];
	bl_buf_t url;
	bool any = false;

	bl_buf_puts(out, "<li><h2>");
	bl_buf_init(&url, 0);
	if (article_url(&url, web, a)) {
		bl_buf_puts(out, "<a href=\"");
		bl_html_escape(out, bl_buf_cstr(&url), url.len);
		bl_buf_puts(out, "\">");
		text(out, a->title ? a->title : "(untitled)");
		bl_buf_puts(out, "</a>");
	} else {
		text(out, a->title ? a->title : "(untitled)");
	}
	bl_buf_free(&url);
	bl_buf_puts(out, "</h2>\n<p class=\"meta\">");
	if (a->has_date) {
		bl_date_format_iso(a->date, iso);
		memcpy(shown, iso, sizeof shown);
		/* "2024-08-07 16:43", or the date alone at midnight */
		shown[10] = ' ';
		shown[strcmp(iso + 11, "00:00:00Z") == 0 ? 10 : 16] = '\0';
		bl_buf_printf(out, "<time datetime=\"%s\">%s</time>", iso,
		              shown);
		any = true;
	}
	if (a->source) {
		bl_buf_puts(out, any ? " \xC2\xB7 " : "");
		bl_buf_puts(out, "<span class=\"source\">");
		text(out, a->source);
		bl_buf_puts(out, "</span>");
		any = true;
	}
	if (a->author) {
		bl_buf_puts(out, any ? " \xC2\xB7 " : "");
		bl_buf_puts(out, "<span class=\"author\">");
		text(out, a->author);
		bl_buf_puts(out, "</span>");
	}
	bl_buf_puts(out, "</p>\n");
	if (h->snip.len) {
		/* The snippet is plain text: escaped here, once. */
		bl_buf_puts(out, "<p class=\"snip\">");
		render_marked(out, &h->snip, "<mark>", "</mark>",
		              bl_html_escape);
		bl_buf_puts(out, "</p>\n");
	}
	if (h->hit->duplicates && a->id && strlen(a->id) <= CGI_MAX_ID) {
		cgi_request_t r;

		memset(&r, 0, sizeof r);
		r.page = 1;
		r.per = web->req->per;
		memcpy(r.index, web->req->index, sizeof r.index);
		set(r.similar, sizeof r.similar, a->id);
		bl_buf_puts(out, "<p class=\"more\"><a class=\"similar\"");
		href(out, web, &r);
		bl_buf_printf(out, ">%u similar version%s</a></p>\n",
		              h->hit->duplicates,
		              h->hit->duplicates == 1 ? "" : "s");
	}
	bl_buf_puts(out, "</li>\n");
}

static const char *
facet_title(const char *name)
{
	static const char *const titles[][2] = {
		{ "source", "Source" }, { "category", "Category" },
		{ "author", "Author" }, { "place", "Place" },
		{ "year", "Year" }, { "month", "Month" },
	};
	size_t i;

	for (i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (strcmp(titles[i][0], name) == 0)
			return titles[i][1];
	return name;
}

/* The index of the filter facet:value in req, or -1. */
static int
find_filter(const cgi_request_t *req, const char *facet, const char *value)
{
	size_t i;

	for (i = 0; i < req->nfilters; i++)
		if (strcmp(req->filters[i].facet, facet) == 0 &&
		    strcmp(req->filters[i].value, value) == 0)
			return (int)i;
	return -1;
}

/* req without its filter i, back on page 1. */
static void
without_filter(cgi_request_t *r, size_t i)
{
	memmove(&r->filters[i], &r->filters[i + 1],
	        (r->nfilters - i - 1) * sizeof r->filters[0]);
	r->nfilters--;
	r->page = 1;
}

/* The sidebar: each facet's values with counts; a value links to the
 * search filtered by it, an active one to the search without it. */
static void
facets(bl_buf_t *out, const render_web_t *web, const bl_results_t *res,
       cgi_request_t *scratch)
{
	size_t i, j;

	for (i = 0; i < res->nfacets; i++) {
		const bl_facet_result_t *f = &res->facets[i];

		if (f->n == 0)
			continue;
		bl_buf_printf(out, "<section class=\"facet\" "
		              "data-facet=\"%s\"><h3>%s</h3><ul>\n", f->name,
		              facet_title(f->name));
		for (j = 0; j < f->n; j++) {
			const char *v = f->values[j].value;
			int on = find_filter(web->req, f->name, v);

			*scratch = *web->req;
			bl_buf_puts(out, "<li>");
			if (on >= 0) {
				without_filter(scratch, (size_t)on);
				bl_buf_puts(out, "<a class=\"on\" "
				            "title=\"Remove this filter\"");
				href(out, web, scratch);
				bl_buf_putc(out, '>');
				text(out, v);
				bl_buf_puts(out, " \xC3\x97</a>");
			} else if (strchr(v, '"') == NULL &&
			           strlen(v) <= CGI_MAX_FILTER_VALUE &&
			           scratch->nfilters < CGI_MAX_FILTERS) {
				cgi_filter_t *nf;

				nf = &scratch->filters[scratch->nfilters++];
				set(nf->facet, sizeof nf->facet, f->name);
				set(nf->value, sizeof nf->value, v);
				scratch->page = 1;
				bl_buf_puts(out, "<a");
				href(out, web, scratch);
				bl_buf_putc(out, '>');
				text(out, v);
				bl_buf_puts(out, "</a>");
			} else {
				text(out, v);
			}
			bl_buf_printf(out, " <span class=\"n\">%llu</span>"
			              "</li>\n",
			              (unsigned long long)f->values[j].count);
		}
		bl_buf_puts(out, "</ul></section>\n");
	}
}

/* The timeline as inline SVG bars; each bar links to its period. */
static void
timeline(bl_buf_t *out, const render_web_t *web, const timeline_t *t,
         cgi_request_t *scratch)
{
	size_t i;

	if (t == NULL || t->n < 2 || t->max == 0)
		return;
	bl_buf_printf(out, "<section class=\"timeline\"><h3>Matches over time"
	              "</h3>\n<svg class=\"tl\" viewBox=\"0 0 %zu %d\" "
	              "preserveAspectRatio=\"none\" role=\"img\" "
	              "aria-label=\"Matches from %s to %s\">\n",
	              t->n * BAR_STEP, BAR_HEIGHT, t->bins[0].label,
	              t->bins[t->n - 1].label);
	for (i = 0; i < t->n; i++) {
		unsigned long long c = (unsigned long long)t->bins[i].count;
		unsigned long long h = c * BAR_HEIGHT / t->max;

		if (c == 0)
			continue;
		if (h == 0)
			h = 1;
		*scratch = *web->req;
		set(scratch->date, sizeof scratch->date, t->bins[i].label);
		scratch->page = 1;
		bl_buf_puts(out, "<a");
		href(out, web, scratch);
		bl_buf_printf(out, "><rect x=\"%zu\" y=\"%llu\" width=\"%d\" "
		              "height=\"%llu\"><title>%s: %llu</title></rect>"
		              "</a>\n",
		              i * BAR_STEP + 1, BAR_HEIGHT - h, BAR_STEP - 2, h,
		              t->bins[i].label, c);
	}
	bl_buf_printf(out, "</svg>\n<p class=\"range\"><span>%s</span>"
	              "<span>%s</span></p></section>\n", t->bins[0].label,
	              t->bins[t->n - 1].label);
}

/* Links to the previous and next pages and to those around this one. */
static void
pages(bl_buf_t *out, const render_web_t *web, const bl_results_t *res,
      cgi_request_t *scratch)
{
	const cgi_request_t *req = web->req;
	unsigned long long total = res->total, last;
	unsigned p, from, to;

	last = (total + req->per - 1) / req->per;
	if (last > CGI_MAX_DEPTH / req->per)
		last = CGI_MAX_DEPTH / req->per;
	if (last <= 1 && req->page <= 1)
		return;
	if (last < req->page)
		last = req->page;
	bl_buf_puts(out, "<nav class=\"pages\" aria-label=\"Pages\">\n");
	*scratch = *req;
	if (req->page > 1) {
		scratch->page = req->page - 1;
		bl_buf_puts(out, "<a rel=\"prev\"");
		href(out, web, scratch);
		bl_buf_puts(out, ">\xE2\x80\xB9 Previous</a>\n");
	}
	from = req->page > PAGE_WINDOW ? req->page - PAGE_WINDOW : 1;
	to = req->page + PAGE_WINDOW < last ? req->page + PAGE_WINDOW :
	                                      (unsigned)last;
	for (p = from; p <= to; p++) {
		if (p == req->page) {
			bl_buf_printf(out, "<b aria-current=\"page\">%u</b>\n",
			              p);
			continue;
		}
		scratch->page = p;
		bl_buf_puts(out, "<a");
		href(out, web, scratch);
		bl_buf_printf(out, ">%u</a>\n", p);
	}
	if (req->page < last) {
		scratch->page = req->page + 1;
		bl_buf_puts(out, "<a rel=\"next\"");
		href(out, web, scratch);
		bl_buf_puts(out, ">Next \xE2\x80\xBA</a>\n");
	}
	bl_buf_puts(out, "</nav>\n");
}

/* The active filters as chips that remove them. */
static void
filters(bl_buf_t *out, const render_web_t *web, cgi_request_t *scratch)
{
	const cgi_request_t *req = web->req;
	const char *const dates[][2] = {
		{ "date", req->date }, { "after", req->after },
		{ "before", req->before },
	};
	size_t i;

	if (req->nfilters == 0 && !req->date[0] && !req->after[0] &&
	    !req->before[0])
		return;
	bl_buf_puts(out, "<p class=\"filters\">Filtered by: ");
	for (i = 0; i < req->nfilters; i++) {
		*scratch = *req;
		without_filter(scratch, i);
		bl_buf_puts(out, "<a class=\"chip\" title=\"Remove this "
		            "filter\"");
		href(out, web, scratch);
		bl_buf_printf(out, ">%s: ", req->filters[i].facet);
		text(out, req->filters[i].value);
		bl_buf_puts(out, " \xC3\x97</a>");
	}
	for (i = 0; i < 3; i++) {
		if (!dates[i][1][0])
			continue;
		*scratch = *req;
		scratch->page = 1;
		if (i == 0)
			scratch->date[0] = '\0';
		else if (i == 1)
			scratch->after[0] = '\0';
		else
			scratch->before[0] = '\0';
		bl_buf_puts(out, "<a class=\"chip\" title=\"Remove this "
		            "filter\"");
		href(out, web, scratch);
		bl_buf_printf(out, ">%s: ", dates[i][0]);
		text(out, dates[i][1]);
		bl_buf_puts(out, " \xC3\x97</a>");
	}
	bl_buf_puts(out, "</p>\n");
}

static void
suggestion(bl_buf_t *out, const render_web_t *web, const char *fix,
           cgi_request_t *scratch)
{
	*scratch = *web->req;
	if (!set(scratch->q, sizeof scratch->q, fix))
		return;
	scratch->page = 1;
	bl_buf_puts(out, "<p class=\"note suggest\">Did you mean <a "
	            "class=\"suggestion\"");
	href(out, web, scratch);
	bl_buf_puts(out, ">");
	text(out, fix);
	bl_buf_puts(out, "</a>?</p>\n");
}

/* A request for the CLI's --format html, which has no CGI request. */
static void
cli_web(render_web_t *web, cgi_request_t *req, const render_page_t *page)
{
	memset(req, 0, sizeof *req);
	set(req->q, sizeof req->q, page->query ? page->query : "");
	req->page = 1;
	req->per = CGI_DEFAULT_PER;
	memset(web, 0, sizeof *web);
	web->req = req;
	web->self = "";
	web->title = DEFAULT_TITLE;
}

void
render_html(bl_buf_t *out, const render_page_t *page,
            const render_opts_t *opts)
{
	render_web_t local;
	cgi_request_t cli_req, scratch;
	const render_web_t *web = opts->web;
	const bl_results_t *res = page->res;
	size_t i;

	if (web == NULL) {
		cli_web(&local, &cli_req, page);
		web = &local;
	}
	head(out, web, res ? page->query : NULL);
	bl_buf_puts(out, "<main>\n");
	if (res == NULL) {
		bl_buf_puts(out, "<p class=\"note\">Type words to find, a "
		            "\"phrase in quotes\", or title:word, author:name, "
		            "date:2024-08; OR, NOT and ( ) combine them.</p>\n"
		            "</main>\n");
		foot(out, web);
		return;
	}
	filters(out, web, &scratch);
	if (res->suggestion)
		suggestion(out, web, res->suggestion, &scratch);
	if (page->nhits == 0) {
		bl_buf_puts(out, "<section class=\"empty\"><h1>No results"
		            "</h1>\n<p>No article matches <b>");
		text(out, page->query);
		bl_buf_puts(out, res->total ? "</b> on this page.</p>\n" :
		            "</b>.</p>\n<p>Check the spelling, use fewer or "
		            "other words, or remove a filter.</p>\n");
		bl_buf_puts(out, "</section>\n");
		pages(out, web, res, &scratch);
		bl_buf_puts(out, "</main>\n");
		foot(out, web);
		return;
	}
	if (res->relaxed)
		bl_buf_puts(out, "<p class=\"note\">No article has all the "
		            "words; showing articles with any of them.</p>\n");
	if (res->fallback)
		bl_buf_puts(out, "<p class=\"note\">The query could not be "
		            "read as written; it was searched as plain "
		            "words.</p>\n");
	bl_buf_printf(out, "<p class=\"stats\">%s<b>%llu</b> result%s "
	              "\xC2\xB7 %u\xE2\x80\x93%zu \xC2\xB7 %.3f s</p>\n",
	              res->total_min == res->total_max ? "" : "About ",
	              (unsigned long long)res->total,
	              res->total == 1 ? "" : "s",
	              page->offset + 1, page->offset + page->nhits,
	              page->seconds);
	bl_buf_printf(out, "<div class=\"cols\">\n<ol class=\"hits\" "
	              "start=\"%u\">\n", page->offset + 1);
	for (i = 0; i < page->nhits; i++)
		hit(out, web, &page->hits[i]);
	bl_buf_puts(out, "</ol>\n<aside class=\"side\">\n");
	timeline(out, web, page->timeline, &scratch);
	facets(out, web, res, &scratch);
	bl_buf_puts(out, "</aside>\n</div>\n");
	pages(out, web, res, &scratch);
	bl_buf_puts(out, "</main>\n");
	foot(out, web);
}

void
render_html_error(bl_buf_t *out, int http, const char *msg,
                  const render_web_t *web)
{
	head(out, web, NULL);
	bl_buf_printf(out, "<main class=\"error\">\n<h1>%s</h1>\n<p>",
	              cgi_reason(http));
	text(out, msg);
	bl_buf_puts(out, "</p>\n<p><a href=\"");
	text(out, web->self[0] ? web->self : "?");
	bl_buf_puts(out, "\">Start a new search</a></p>\n</main>\n");
	foot(out, web);
}
