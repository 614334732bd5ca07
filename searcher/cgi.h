/* cgi.h - CGI requests: one URL decoder for every input, the search
 * parameters, the response head. Pure: nothing here reads the environment. */
#ifndef CGI_H
#define CGI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bl_buf.h"
#include "bl_db.h"
#include "bl_status.h"

/* Caps on what a request may carry. A request over one of the size caps is
 * answered 413; a value out of range, 400. */
#define CGI_MAX_REQUEST 16384   /* bytes of QUERY_STRING, and of a body */
#define CGI_MAX_PARAMS 64       /* name=value pairs in a request */
#define CGI_MAX_VALUE 2048      /* bytes of one decoded value */
#define CGI_MAX_QUERY 1024      /* bytes of q */
#define CGI_DEFAULT_PER 10
#define CGI_MAX_PER 100         /* larger per= values are cut to this */
#define CGI_MAX_DEPTH 1000      /* results reachable by paging */
#define CGI_MAX_FILTERS 8       /* facet= filters */
#define CGI_MAX_FILTER_VALUE 200
#define CGI_MAX_DATE 64         /* date=, after=, before= */
#define CGI_MAX_ID 512          /* similar= */
#define CGI_MAX_INDEX_NAME 32   /* index= */

typedef enum cgi_format {
	CGI_HTML,
	CGI_JSON
} cgi_format_t;

/* A facet filter: facet=source:reuters filters on field source. */
typedef struct cgi_filter {
	char facet[16];         /* a name from bl_facet_defs */
	char value[CGI_MAX_FILTER_VALUE + 1];
} cgi_filter_t;

/* A parsed request. Every string is valid UTF-8 without NUL bytes; an
 * absent parameter is "". Plain arrays: a request owns no memory. */
typedef struct cgi_request {
	bool head;              /* HEAD: answer with the headers only */
	cgi_format_t format;    /* format=html (default) or json */
	char q[CGI_MAX_QUERY + 1];
	unsigned page;          /* page=, from 1 */
	unsigned per;           /* per=, 1..CGI_MAX_PER */
	bl_sort_t sort;         /* sort=relevance|newest|oldest */
	cgi_filter_t filters[CGI_MAX_FILTERS];
	size_t nfilters;
	char date[CGI_MAX_DATE + 1];    /* date=SPEC, as the query's date: */
	char after[CGI_MAX_DATE + 1];
	char before[CGI_MAX_DATE + 1];
	char similar[CGI_MAX_ID + 1];   /* the versions of this article */
	char index[CGI_MAX_INDEX_NAME + 1];  /* a name, never a path */
} cgi_request_t;

/* What the server handed over, as main() read it. */
typedef struct cgi_input {
	const char *method;         /* REQUEST_METHOD; NULL is GET */
	const char *query_string;   /* QUERY_STRING, or NULL */
	const char *content_type;   /* CONTENT_TYPE, or NULL */
	const char *body;           /* the body cgi_read_body() read, or NULL */
	size_t body_len;
	bl_status_t body_status;    /* what cgi_read_body() returned */
} cgi_input_t;

/* Why a request was refused: the HTTP status and a short static English
 * message that is safe to show (it never quotes the request). */
typedef struct cgi_error {
	int http;               /* 400, 405, 413 or 415 */
	const char *msg;
} cgi_error_t;

/* Reads a POST body of content_length (CONTENT_LENGTH) bytes from in into
 * body, reading nothing when the length is missing, malformed or over max.
 * Returns BL_OK, BL_ERR_INVALID (no usable length), BL_ERR_LIMIT (over
 * max), BL_ERR_IO (the body ended early; body holds what came) or body's
 * error. */
bl_status_t cgi_read_body(FILE *in, const char *content_length, size_t max,
                          bl_buf_t *body);

/* Appends s[0..len) URL-decoded to out: '+' is a space, %XX a byte; a '%'
 * not followed by two hex digits stays as it is; control characters
 * become spaces. The result is then made valid UTF-8 (bytes that are not
 * are read as Windows-1252; NUL becomes U+FFFD). Returns out's status
 * (BL_ERR_LIMIT past out's cap). */
bl_status_t cgi_url_decode(bl_buf_t *out, const char *s, size_t len);

/* Appends s percent-encoded for a URL's query or path: everything but
 * A-Z a-z 0-9 - . _ ~ (and '/' when keep_slash) becomes %XX. */
bl_status_t cgi_url_encode(bl_buf_t *out, const char *s, bool keep_slash);

/* Parses the request in into req: the query string, then (for POST) the
 * application/x-www-form-urlencoded body, both through cgi_url_decode.
 * Unknown parameters are ignored; a repeated one keeps its last value,
 * except facet, which adds a filter each time.
 * Returns BL_OK; BL_ERR_INVALID or BL_ERR_LIMIT with *err filled in. */
bl_status_t cgi_parse(const cgi_input_t *in, cgi_request_t *req,
                      cgi_error_t *err);

/* Appends to out the URL of req relative to base (SCRIPT_NAME, or "" for
 * a link relative to the page): base?q=...&page=..., defaults left out. */
bl_status_t cgi_request_url(bl_buf_t *out, const char *base,
                            const cgi_request_t *req);

/* Looks up name in the administrator's list "name=path:name=path" and
 * copies its path into path[0..cap). An empty name means the first entry.
 * Returns BL_OK, BL_ERR_NOT_FOUND (no such name, or an empty list) or
 * BL_ERR_LIMIT (the path does not fit). */
bl_status_t cgi_index_lookup(const char *list, const char *name, char *path,
                             size_t cap);

/* Calls fn for each index name in the list, in order (names are borrowed
 * for the call: name[0..len)). */
void cgi_index_names(const char *list,
                     void (*fn)(void *ctx, const char *name, size_t len),
                     void *ctx);

/* The reason phrase of an HTTP status ("Bad Request"). */
const char *cgi_reason(int http);

/* Appends a CGI response head: Status, Content-Type with charset for
 * format, Cache-Control (private and brief for 200, no-store otherwise),
 * security headers, Allow for 405, Retry-After for 503, the blank line. */
bl_status_t cgi_head(bl_buf_t *out, int http, cgi_format_t format);

#endif
