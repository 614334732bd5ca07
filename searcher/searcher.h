/* searcher.h - byline-search's logic, callable from tests. */
#ifndef SEARCHER_H
#define SEARCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bl_status.h"

/* What main() reads from the environment, passed down. The CGI fields
 * are NULL (or 0) when unset; only the administrator sets the BYLINE_
 * ones, in the web server's configuration. */
typedef struct searcher_env {
	const char *index;      /* $BYLINE_INDEX, or NULL */
	bool out_is_tty;        /* stdout is a terminal */
	bool no_color;          /* $NO_COLOR is set and not empty */
	int64_t now;            /* the current time (relative dates) */
	const char *gateway;    /* $GATEWAY_INTERFACE: set under a web server */
	const char *method;     /* $REQUEST_METHOD */
	const char *query_string;   /* $QUERY_STRING */
	const char *content_type;   /* $CONTENT_TYPE */
	const char *body;       /* the POST body main() read (cgi_read_body) */
	size_t body_len;
	bl_status_t body_status;    /* what cgi_read_body() returned */
	const char *script_name;    /* $SCRIPT_NAME: the page's own URL path */
	const char *indexes;    /* $BYLINE_INDEXES: name=path:name=path */
	const char *url_template;   /* $BYLINE_URL_TEMPLATE */
	const char *page_title;     /* $BYLINE_PAGE_TITLE */
	const char *time_limit;     /* $BYLINE_TIME_LIMIT, seconds */
	const char *header_html;    /* the files named by $BYLINE_HEADER_FILE, */
	const char *footer_html;    /* $BYLINE_FOOTER_FILE and */
	const char *stylesheet;     /* $BYLINE_STYLESHEET_FILE, as main() read
	                             * them (capped), or NULL */
} searcher_env_t;

/* True when byline-search was started as a CGI program: GATEWAY_INTERFACE
 * is set and it was given no arguments, or arguments Apache made from a
 * query string without '=' (the old ISINDEX convention). A script that runs
 * byline-search with arguments inside a CGI request gets the command line. */
bool searcher_is_cgi(int argc, const searcher_env_t *env);

/* Exit statuses, as grep's. */
enum {
	SEARCHER_HITS = 0,      /* something matched */
	SEARCHER_NONE = 1,      /* nothing matched */
	SEARCHER_ERROR = 2      /* usage error, missing or unreadable index */
};

/* Runs byline-search with argv; results go to out, errors to err.
 * As a CGI program (searcher_is_cgi) argv is ignored and out receives a
 * whole CGI response; so it does for --cgi REQUEST from a shell. Those
 * return 0 once a response (even an error page) was written, else 2.
 * Returns the exit status. */
int searcher_main(int argc, char **argv, const searcher_env_t *env,
                  FILE *out, FILE *err);

#endif
