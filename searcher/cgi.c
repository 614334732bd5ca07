/* cgi.c - CGI requests: one URL decoder for every input, the search
 * parameters, the response head. Pure: nothing here reads the environment. */
#include "cgi.h"

#include <string.h>
#include <strings.h>

#include "bl_escape.h"
#include "bl_schema.h"
#include "bl_utf8.h"

#define MAX_NAME 32             /* longer parameter names are unknown ones */

bl_status_t
cgi_read_body(FILE *in, const char *content_length, size_t max,
              bl_buf_t *body)
{
	char chunk[4096];
	size_t want = 0, got = 0, n;
	const char *p;

	if (content_length == NULL || *content_length == '\0')
		return BL_ERR_INVALID;
	for (p = content_length; *p; p++) {
		if (*p < '0' || *p > '9')
			return BL_ERR_INVALID;
		want = want * 10 + (size_t)(*p - '0');
		if (want > max)
			return BL_ERR_LIMIT;
	}
	while (got < want) {
		n = fread(chunk, 1, want - got < sizeof chunk ? want - got :
		          sizeof chunk, in);
		if (n == 0)
			return BL_ERR_IO;
		if (bl_buf_append(body, chunk, n) != BL_OK)
			return body->err;
		got += n;
	}
	return body->err;
}

bl_status_t
cgi_url_decode(bl_buf_t *out, const char *s, size_t len)
{
	bl_buf_t raw;
	size_t i;
	int hi, lo;
	unsigned char c;
	bl_status_t st;

	/* Decoding never lengthens: the bytes fit in len. */
	bl_buf_init(&raw, len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '+') {
			bl_buf_putc(&raw, ' ');
		} else if (s[i] == '%' && i + 2 < len &&
		           (hi = bl_hex_value(s[i + 1])) >= 0 &&
		           (lo = bl_hex_value(s[i + 2])) >= 0) {
			c = (unsigned char)(hi * 16 + lo);
			/* Control characters (terminal escapes, line breaks)
			 * have no business in a search: spaces. */
			if ((c && c < 0x20) || c == 0x7F)
				c = ' ';
			bl_buf_putc(&raw, (char)c);
			i += 2;
		} else if ((s[i] && (unsigned char)s[i] < 0x20) ||
		           s[i] == 0x7F) {
			bl_buf_putc(&raw, ' ');
		} else {
			bl_buf_putc(&raw, s[i]);
		}
	}
	st = raw.err;
	if (st == BL_OK)
		st = bl_utf8_repair(bl_buf_cstr(&raw), raw.len, out, NULL);
	bl_buf_free(&raw);
	return st;
}

bl_status_t
cgi_url_encode(bl_buf_t *out, const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) ||
		    (keep_slash && *p == '/')) {
			bl_buf_putc(out, (char)*p);
		} else if (*p == ' ' && !keep_slash) {
			bl_buf_putc(out, '+');
		} else {
			bl_buf_putc(out, '%');
			bl_buf_putc(out, hex[*p >> 4]);
			bl_buf_putc(out, hex[*p & 15]);
		}
	}
	return out->err;
}

static bl_status_t
refuse(cgi_error_t *err, int http, const char *msg)
{
	err->http = http;
	err->msg = msg;
	return http == 413 ? BL_ERR_LIMIT : BL_ERR_INVALID;
}

/* True if s is one or more decimal digits. */
static bool
digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Parses a decimal number of digits only; false when over max. */
static bool
number(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0, d;

	if (!digits(s))
		return false;
	for (; *s; s++) {
		d = (unsigned long)(*s - '0');
		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* Copies value into dst[0..cap) when it fits. */
static bool
copy(char *dst, size_t cap, const char *value, size_t len)
{
	if (len >= cap)
		return false;
	memcpy(dst, value, len + 1);
	return true;
}

static bool
index_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > CGI_MAX_INDEX_NAME)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') ||
		      (i > 0 && (c == '-' || c == '_' || c == '.'))))
			return false;
	}
	return true;
}

static bl_status_t
add_filter(cgi_request_t *req, const char *value, size_t len,
           cgi_error_t *err)
{
	const char *colon = memchr(value, ':', len);
	const bl_facet_def_t *def;
	cgi_filter_t *f;
	char name[sizeof f->facet];
	size_t nlen, i;

	nlen = colon ? (size_t)(colon - value) : 0;
	if (colon == NULL || nlen == 0 || nlen >= sizeof name)
		return refuse(err, 400, "A filter must look like "
		              "facet=source:NAME.");
	memcpy(name, value, nlen);
	name[nlen] = '\0';
	def = bl_facet_find(name);
	if (def == NULL)
		return refuse(err, 400, "Unknown facet in a filter (known: "
		              "source, category, author, place, year, month).");
	value = colon + 1;
	len -= nlen + 1;
	if (len == 0 || memchr(value, '"', len))
		return refuse(err, 400, "A filter value is empty or has a "
		              "quote.");
	if (len > CGI_MAX_FILTER_VALUE)
		return refuse(err, 413, "A filter value is too long.");
	for (i = 0; i < req->nfilters; i++)
		if (strcmp(req->filters[i].facet, name) == 0 &&
		    strcmp(req->filters[i].value, value) == 0)
			return BL_OK;
	if (req->nfilters == CGI_MAX_FILTERS)
		return refuse(err, 400, "Too many filters.");
	f = &req->filters[req->nfilters++];
	memcpy(f->facet, name, nlen + 1);
	memcpy(f->value, value, len + 1);
	return BL_OK;
}

/* Stores one decoded parameter into req. */
static bl_status_t
set_param(cgi_request_t *req, const char *name, const char *value,
          size_t len, cgi_error_t *err)
{
	unsigned long n;

	if (strcmp(name, "q") == 0) {
		if (!copy(req->q, sizeof req->q, value, len))
			return refuse(err, 413, "The query is too long.");
	} else if (strcmp(name, "page") == 0) {
		if (len == 0)
			req->page = 1;
		else if (!digits(value) || strspn(value, "0") == len)
			return refuse(err, 400, "The page number is not a "
			              "number from 1 on.");
		else if (!number(value, CGI_MAX_DEPTH, &n))
			return refuse(err, 400, "That page is too deep: refine "
			              "the query instead.");
		else
			req->page = (unsigned)n;
	} else if (strcmp(name, "per") == 0) {
		if (len == 0)
			req->per = CGI_DEFAULT_PER;
		else if (!digits(value) || strspn(value, "0") == len)
			return refuse(err, 400, "The number of results per "
			              "page is not a number from 1 on.");
		else if (number(value, CGI_MAX_PER, &n))
			req->per = (unsigned)n;
		else
			req->per = CGI_MAX_PER;
	} else if (strcmp(name, "sort") == 0) {
		if (len == 0 || strcmp(value, "relevance") == 0)
			req->sort = BL_SORT_RELEVANCE;
		else if (strcmp(value, "newest") == 0)
			req->sort = BL_SORT_NEWEST;
		else if (strcmp(value, "oldest") == 0)
			req->sort = BL_SORT_OLDEST;
		else
			return refuse(err, 400, "The order must be relevance, "
			              "newest or oldest.");
	} else if (strcmp(name, "format") == 0) {
		if (len == 0 || strcmp(value, "html") == 0)
			req->format = CGI_HTML;
		else if (strcmp(value, "json") == 0)
			req->format = CGI_JSON;
		else
			return refuse(err, 400, "The format must be html or "
			              "json.");
	} else if (strcmp(name, "facet") == 0) {
		if (len)
			return add_filter(req, value, len, err);
	} else if (strcmp(name, "date") == 0 || strcmp(name, "after") == 0 ||
	           strcmp(name, "before") == 0) {
		char *dst = name[0] == 'd' ? req->date :
		            name[0] == 'a' ? req->after : req->before;

		if (memchr(value, '"', len))
			return refuse(err, 400, "A date has a quote in it.");
		if (!copy(dst, CGI_MAX_DATE + 1, value, len))
			return refuse(err, 413, "A date is too long.");
	} else if (strcmp(name, "similar") == 0) {
		if (!copy(req->similar, sizeof req->similar, value, len))
			return refuse(err, 413, "The article id is too long.");
	} else if (strcmp(name, "index") == 0) {
		if (len && !index_name_ok(value, len))
			return refuse(err, 400, "Unknown index.");
		memcpy(req->index, value, len + 1);
	}
	return BL_OK;
}

/* Decodes and stores every name=value pair of s[0..len); with
 * format_only, just the format, ignoring every error. */
static bl_status_t
parse_pairs(cgi_request_t *req, const char *s, size_t len, size_t *nparams,
            cgi_error_t *err, bool format_only)
{
	const char *p = s, *end = s + len, *amp, *eq;
	size_t vlen;
	bl_buf_t name, value;
	bl_status_t st = BL_OK;

	bl_buf_init(&name, MAX_NAME);
	bl_buf_init(&value, CGI_MAX_VALUE);
	for (; p < end && st == BL_OK; p = amp + 1) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp == p)
			continue;
		if (++*nparams > CGI_MAX_PARAMS && !format_only) {
			st = refuse(err, 413, "The request has too many "
			            "parameters.");
			break;
		}
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq == NULL)
			eq = amp;
		bl_buf_reset(&name);
		bl_buf_reset(&value);
		/* A name too long to be ours is an unknown parameter. */
		if (cgi_url_decode(&name, p, (size_t)(eq - p)) != BL_OK)
			continue;
		vlen = eq < amp ? (size_t)(amp - eq - 1) : 0;
		if (cgi_url_decode(&value, eq < amp ? eq + 1 : amp,
		                   vlen) != BL_OK) {
			if (format_only)
				continue;
			st = value.err == BL_ERR_LIMIT ?
			     refuse(err, 413, "A parameter is too long.") :
			     refuse(err, 400, "The request could not be read.");
			break;
		}
		if (format_only) {
			if (strcmp(bl_buf_cstr(&name), "format") == 0 &&
			    strcmp(bl_buf_cstr(&value), "json") == 0)
				req->format = CGI_JSON;
			continue;
		}
		st = set_param(req, bl_buf_cstr(&name), bl_buf_cstr(&value),
		               value.len, err);
	}
	bl_buf_free(&name);
	bl_buf_free(&value);
	return st;
}

/* True if the content type is a form, whatever its parameters. */
static bool
is_form(const char *type)
{
	static const char form[] = "application/x-www-form-urlencoded";
	size_t n = sizeof form - 1;

	while (*type == ' ' || *type == '\t')
		type++;
	return strncasecmp(type, form, n) == 0 &&
	       (type[n] == '\0' || type[n] == ';' || type[n] == ' ' ||
	        type[n] == '\t');
}

/* Parses the query string and the body into req. */
static bl_status_t
parse_request(const cgi_input_t *in, bool post, cgi_request_t *req,
              cgi_error_t *err)
{
	size_t nparams = 0, qlen;
	bl_status_t st;

	qlen = in->query_string ? strnlen(in->query_string,
	                                  CGI_MAX_REQUEST + 1) : 0;
	if (qlen > CGI_MAX_REQUEST)
		return refuse(err, 413, "The request is too long.");
	st = parse_pairs(req, in->query_string ? in->query_string : "", qlen,
	                 &nparams, err, false);
	if (st != BL_OK || !post)
		return st;
	if (in->body_status == BL_ERR_LIMIT || in->body_len > CGI_MAX_REQUEST)
		return refuse(err, 413, "The request is too long.");
	if (in->body_status != BL_OK)
		return refuse(err, 400, "The request body could not be read.");
	if (in->body_len && (in->content_type == NULL ||
	                     !is_form(in->content_type)))
		return refuse(err, 415, "Send the form as "
		              "application/x-www-form-urlencoded.");
	return parse_pairs(req, in->body ? in->body : "", in->body_len,
	                   &nparams, err, false);
}

bl_status_t
cgi_parse(const cgi_input_t *in, cgi_request_t *req, cgi_error_t *err)
{
	const char *method = in->method && *in->method ? in->method : "GET";
	bool post = strcmp(method, "POST") == 0;
	size_t n = 0, qlen;
	bl_status_t st;

	memset(req, 0, sizeof *req);
	req->page = 1;
	req->per = CGI_DEFAULT_PER;
	err->http = 0;
	err->msg = NULL;
	if (strcmp(method, "HEAD") == 0)
		req->head = true;
	else if (!post && strcmp(method, "GET") != 0)
		return refuse(err, 405, "Use GET or POST.");
	st = parse_request(in, post, req, err);
	if (st == BL_OK && (unsigned long)(req->page - 1) * req->per >=
	                   CGI_MAX_DEPTH)
		st = refuse(err, 400, "That page is too deep: refine the query "
		            "instead.");
	if (st != BL_OK) {
		/* A refused request is answered in the format it asked for. */
		req->format = CGI_HTML;
		qlen = in->query_string ? strnlen(in->query_string,
		                                  CGI_MAX_REQUEST + 1) : 0;
		if (qlen <= CGI_MAX_REQUEST)
			parse_pairs(req, in->query_string ? in->query_string :
			            "", qlen, &n, err, true);
		if (post && in->body && in->body_len <= CGI_MAX_REQUEST &&
		    in->content_type && is_form(in->content_type))
			parse_pairs(req, in->body, in->body_len, &n, err, true);
	}
	return st;
}

/* Appends &name=value (or ?name=value first). */
static void
param(bl_buf_t *out, bool *first, const char *name, const char *value)
{
	bl_buf_putc(out, *first ? '?' : '&');
	*first = false;
	bl_buf_puts(out, name);
	bl_buf_putc(out, '=');
	cgi_url_encode(out, value, false);
}

bl_status_t
cgi_request_url(bl_buf_t *out, const char *base, const cgi_request_t *req)
{
	static const char *const sorts[] = { "relevance", "newest", "oldest" };
	bool first = true;
	char num[24];
	size_t i;

	bl_buf_puts(out, base ? base : "");
	if (req->q[0])
		param(out, &first, "q", req->q);
	if (req->similar[0])
		param(out, &first, "similar", req->similar);
	if (req->index[0])
		param(out, &first, "index", req->index);
	if (req->sort != BL_SORT_RELEVANCE)
		param(out, &first, "sort", sorts[req->sort]);
	if (req->per != CGI_DEFAULT_PER) {
		snprintf(num, sizeof num, "%u", req->per);
		param(out, &first, "per", num);
	}
	for (i = 0; i < req->nfilters; i++) {
		bl_buf_t f;

		bl_buf_init(&f, 0);
		bl_buf_printf(&f, "%s:%s", req->filters[i].facet,
		              req->filters[i].value);
		param(out, &first, "facet", bl_buf_cstr(&f));
		if (f.err != BL_OK)
			out->err = f.err;
		bl_buf_free(&f);
	}
	if (req->date[0])
		param(out, &first, "date", req->date);
	if (req->after[0])
		param(out, &first, "after", req->after);
	if (req->before[0])
		param(out, &first, "before", req->before);
	if (req->format == CGI_JSON)
		param(out, &first, "format", "json");
	if (req->page > 1) {
		snprintf(num, sizeof num, "%u", req->page);
		param(out, &first, "page", num);
	}
	if (first)
		bl_buf_putc(out, '?');
	return out->err;
}

/* Finds the entry called name[0..nlen) in list (the first when nlen is
 * 0); sets *path and *plen. */
static bool
find_entry(const char *list, const char *name, size_t nlen,
           const char **path, size_t *plen)
{
	const char *p = list, *end, *eq;

	while (p && *p) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq && eq > p &&
		    (nlen == 0 || ((size_t)(eq - p) == nlen &&
		                   memcmp(p, name, nlen) == 0))) {
			*path = eq + 1;
			*plen = (size_t)(end - eq - 1);
			return *plen > 0;
		}
		p = *end ? end + 1 : end;
	}
	return false;
}

bl_status_t
cgi_index_lookup(const char *list, const char *name, char *path, size_t cap)
{
	const char *p;
	size_t len;

	if (list == NULL || !find_entry(list, name, strlen(name), &p, &len))
		return BL_ERR_NOT_FOUND;
	if (len >= cap)
		return BL_ERR_LIMIT;
	memcpy(path, p, len);
	path[len] = '\0';
	return BL_OK;
}

void
cgi_index_names(const char *list,
                void (*fn)(void *ctx, const char *name, size_t len),
                void *ctx)
{
	const char *p = list, *end, *eq;

	while (p && *p) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq && eq > p && eq + 1 < end)
			fn(ctx, p, (size_t)(eq - p));
		p = *end ? end + 1 : end;
	}
}

const char *
cgi_reason(int http)
{
	switch (http) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

bl_status_t
cgi_head(bl_buf_t *out, int http, cgi_format_t format)
{
	bl_buf_printf(out, "Status: %d %s\r\n", http, cgi_reason(http));
	bl_buf_puts(out, format == CGI_JSON ?
	            "Content-Type: application/json; charset=utf-8\r\n" :
	            "Content-Type: text/html; charset=utf-8\r\n");
	/* Results change when the index does: a minute in the browser only. */
	bl_buf_puts(out, http == 200 ?
	            "Cache-Control: private, max-age=60\r\n" :
	            "Cache-Control: no-store\r\n");
	bl_buf_puts(out, "X-Content-Type-Options: nosniff\r\n"
	            "Referrer-Policy: same-origin\r\n");
	/* The page has no script of its own: none may run, even if some text
	 * escaped its escaping. */
	if (format == CGI_HTML)
		bl_buf_puts(out, "Content-Security-Policy: default-src 'none'; "
		            "style-src 'unsafe-inline'; img-src 'self' data:; "
		            "form-action 'self'; base-uri 'none'; "
		            "frame-ancestors 'self'\r\n");
	if (http == 405)
		bl_buf_puts(out, "Allow: GET, HEAD, POST\r\n");
	if (http == 503)
		bl_buf_puts(out, "Retry-After: 10\r\n");
	return bl_buf_puts(out, "\r\n");
}
