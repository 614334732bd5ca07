/* render.h - one interface for every output format of byline-search. */
#ifndef RENDER_H
#define RENDER_H

#include <stdbool.h>

#include "bl_article.h"
#include "bl_buf.h"
#include "bl_db.h"
#include "bl_snippet.h"
#include "cgi.h"
#include "timeline.h"

/* One hit ready to print: the search hit, its stored article and its
 * highlighted snippet. */
typedef struct render_hit {
	const bl_hit_t *hit;
	bl_article_t art;
	bl_snippet_t snip;
} render_hit_t;

/* A page of results. */
typedef struct render_page {
	const char *query;
	const bl_results_t *res;
	unsigned offset;
	const render_hit_t *hits;
	size_t nhits;
	double seconds;         /* time the search took */
	const timeline_t *timeline;  /* empty unless asked for */
} render_page_t;

/* What a page served over CGI needs besides the results. */
typedef struct render_web {
	const cgi_request_t *req;   /* the request: the form and every link */
	const char *self;           /* the page's URL path ($SCRIPT_NAME); ""
	                             * makes links relative to the page */
	const char *url_template;   /* article links with {id} and {path}
	                             * (URL-encoded), or NULL */
	const char *title;          /* the site's name */
	const char *header;         /* the administrator's HTML (trusted, not
	                             * escaped) or NULL */
	const char *footer;
	const char *stylesheet;     /* the administrator's CSS, or NULL */
	const char *indexes;        /* $BYLINE_INDEXES: the index menu */
} render_web_t;

typedef struct render_opts {
	bool color;             /* ANSI highlighting (text only) */
	const char *qid;        /* query id (trec only) */
	const render_web_t *web;    /* served over CGI (html; json adds
	                             * paging links), else NULL */
} render_opts_t;

typedef struct renderer {
	const char *name;
	/* Appends the whole page to out; errors stick in out->err. */
	void (*render)(bl_buf_t *out, const render_page_t *page,
	               const render_opts_t *opts);
} renderer_t;

/* The output formats, terminated by a row whose name is NULL. */
extern const renderer_t renderers[];

/* The renderer called name, or NULL. */
const renderer_t *render_find(const char *name);

void render_text(bl_buf_t *out, const render_page_t *page,
                 const render_opts_t *opts);
void render_json(bl_buf_t *out, const render_page_t *page,
                 const render_opts_t *opts);
void render_trec(bl_buf_t *out, const render_page_t *page,
                 const render_opts_t *opts);

/* The HTML page needs opts->web. A page whose res is NULL is the empty
 * search form (no query yet). */
void render_html(bl_buf_t *out, const render_page_t *page,
                 const render_opts_t *opts);

/* Error pages for HTTP status http: msg is shown escaped; the form keeps
 * the request's query (html). */
void render_html_error(bl_buf_t *out, int http, const char *msg,
                       const render_web_t *web);
void render_json_error(bl_buf_t *out, int http, const char *msg);

/* Appends s[0..len) with the snippet's spans wrapped in open/close, each
 * piece passed through put (which escapes for the output's context). */
void render_marked(bl_buf_t *out, const bl_snippet_t *snip, const char *open,
                   const char *close,
                   bl_status_t (*put)(bl_buf_t *, const char *, size_t));

#endif
