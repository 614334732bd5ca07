/* test_cgi.c - Check suite for the CGI request parser and whole CGI responses, hostile requests included. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bl_utf8.h"
#include "cgi.h"
#include "searcher.h"
#include "testutil.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* --- the URL decoder ---------------------------------------------------- */

static const struct {
	const char *in;
	const char *out;
} decode_cases[] = {
	{ "", "" },
	{ "plain", "plain" },
	{ "a+b", "a b" },
	{ "%41%42", "AB" },
	{ "%4a%4A", "JJ" },
	{ "%2B", "+" },
	{ "%26%3D", "&=" },
	{ "100%", "100%" },                 /* malformed escapes stay */
	{ "%", "%" },
	{ "%4", "%4" },
	{ "%zz", "%zz" },
	{ "%%41", "%A" },
	{ "%4%41", "%4A" },
	{ "%C3%A9t%C3%A9", "\xC3\xA9t\xC3\xA9" },
	{ "%E9t%E9", "\xC3\xA9t\xC3\xA9" },  /* Latin-1, read as Windows-1252 */
	{ "%80", "\xE2\x82\xAC" },
	{ "%C3", "\xC3\x83" },              /* a cut sequence */
	{ "%ED%A0%80", "\xC3\xAD\xC2\xA0\xE2\x82\xAC" },  /* a surrogate */
	{ "%C0%AF", "\xC3\x80\xC2\xAF" },   /* overlong '/' */
	{ "%00", "\xEF\xBF\xBD" },          /* no NUL gets through */
	{ "a%0Ab%09c%1B[31m%7F", "a b c [31m " },
	{ "a\tb", "a b" },
	{ "%E2%80%93", "\xE2\x80\x93" },
};

START_TEST(test_url_decode)
{
	bl_buf_t out;
	const char *in = decode_cases[_i].in;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(cgi_url_decode(&out, in, strlen(in)), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), decode_cases[_i].out);
	ck_assert(bl_utf8_valid(out.data ? out.data : "", out.len));
	bl_buf_free(&out);
}
END_TEST

START_TEST(test_url_decode_cap)
{
	bl_buf_t out;

	bl_buf_init(&out, 4);
	ck_assert_int_eq(cgi_url_decode(&out, "abcd", 4), BL_OK);
	bl_buf_reset(&out);
	ck_assert_int_eq(cgi_url_decode(&out, "abcde", 5), BL_ERR_LIMIT);
	bl_buf_reset(&out);
	/* repairs lengthen: two bytes of Latin-1 become four */
	ck_assert_int_eq(cgi_url_decode(&out, "%E9%E9%E9", 9), BL_ERR_LIMIT);
	bl_buf_free(&out);
}
END_TEST

static const struct {
	const char *in;
	bool path;
	const char *out;
} encode_cases[] = {
	{ "abc-._~XYZ019", false, "abc-._~XYZ019" },
	{ "a b", false, "a+b" },
	{ "a b", true, "a%20b" },
	{ "a/b", false, "a%2Fb" },
	{ "a/b", true, "a/b" },
	{ "<>\"'&=+%#?", false, "%3C%3E%22%27%26%3D%2B%25%23%3F" },
	{ "\xC3\xA9", false, "%C3%A9" },
	{ "javascript:x", true, "javascript%3Ax" },
};

START_TEST(test_url_encode)
{
	bl_buf_t out;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(cgi_url_encode(&out, encode_cases[_i].in,
	                                encode_cases[_i].path), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), encode_cases[_i].out);
	bl_buf_free(&out);
}
END_TEST

/* --- the request parser ------------------------------------------------- */

typedef struct parse_case {
	const char *method;
	const char *qs;
	const char *type;       /* CONTENT_TYPE */
	const char *body;       /* POST body (read whole) */
	bl_status_t body_status;
	int http;               /* 0: accepted */
	const char *q;          /* when accepted; NULL: not checked */
	unsigned page, per;     /* when accepted; 0: not checked */
	int format;             /* -1: not checked */
} parse_case_t;

#define OK(qs, q) { NULL, qs, NULL, NULL, BL_OK, 0, q, 0, 0, -1 }
#define REFUSED(qs, http) { NULL, qs, NULL, NULL, BL_OK, http, NULL, 0, 0, -1 }
#define PAGED(qs, page, per) { NULL, qs, NULL, NULL, BL_OK, 0, NULL, page, \
                               per, -1 }

static const parse_case_t parse_cases[] = {
	OK("", ""),
	OK("q=climate+change", "climate change"),
	OK("q=a&q=b", "b"),
	OK("&&&q=x&&", "x"),
	OK("q", ""),
	OK("=x&q=y", "y"),
	OK("Q=x", ""),
	OK("unknown=1&q=x", "x"),
	OK("q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "<script>alert(1)</script>"),
	OK("q=%zz%4", "%zz%4"),
	OK("q=caf%E9", "caf\xC3\xA9"),
	OK("q=%FF%FE", "\xC3\xBF\xC3\xBE"),
	OK("q=a%00b", "a\xEF\xBF\xBD" "b"),
	OK("q=title%3A%22school+board%22", "title:\"school board\""),
	PAGED("", 1, 10),
	PAGED("page=2&per=5", 2, 5),
	PAGED("page=&per=", 1, 10),
	PAGED("page=100", 100, 10),
	PAGED("page=10&per=100", 10, 100),
	PAGED("per=1000", 1, 100),
	PAGED("per=999999999999999999999999", 1, 100),
	PAGED("page=007", 7, 10),
	REFUSED("page=0", 400),
	REFUSED("page=-1", 400),
	REFUSED("page=+1", 400),
	REFUSED("page=1e3", 400),
	REFUSED("page=2.5", 400),
	REFUSED("page=%201", 400),
	REFUSED("page=99999999999999999999999", 400),
	REFUSED("page=4294967297", 400),
	REFUSED("page=101", 400),
	REFUSED("page=11&per=100", 400),
	REFUSED("per=0", 400),
	REFUSED("per=-5", 400),
	REFUSED("per=ten", 400),
	REFUSED("sort=random", 400),
	REFUSED("format=xml", 400),
	REFUSED("facet=source", 400),
	REFUSED("facet=:x", 400),
	REFUSED("facet=source:", 400),
	REFUSED("facet=nosuch:x", 400),
	REFUSED("facet=source:a%22b", 400),
	REFUSED("date=a%22b", 400),
	REFUSED("index=../../etc/passwd", 400),
	REFUSED("index=%2Fetc%2Fpasswd", 400),
	REFUSED("index=.hidden", 400),
	REFUSED("index=a%00b", 400),
	REFUSED("index=abcdefghijklmnopqrstuvwxyz0123456789", 400),
	{ "DELETE", "q=x", NULL, NULL, BL_OK, 405, NULL, 0, 0, -1 },
	{ "PUT", "", NULL, NULL, BL_OK, 405, NULL, 0, 0, -1 },
	{ "HEAD", "q=x", NULL, NULL, BL_OK, 0, "x", 0, 0, -1 },
	{ "POST", "", "application/x-www-form-urlencoded", "q=volcano&page=2",
	  BL_OK, 0, "volcano", 2, 10, -1 },
	{ "POST", "format=json", "application/x-www-form-urlencoded; "
	  "charset=UTF-8", "q=a+b", BL_OK, 0, "a b", 1, 10, CGI_JSON },
	{ "POST", "", "APPLICATION/X-WWW-FORM-URLENCODED", "q=x", BL_OK, 0,
	  "x", 0, 0, -1 },
	{ "POST", "", NULL, "", BL_OK, 0, "", 0, 0, -1 },
	{ "POST", "", "multipart/form-data; boundary=x", "q=x", BL_OK, 415,
	  NULL, 0, 0, -1 },
	{ "POST", "", "application/x-www-form-urlencodedX", "q=x", BL_OK, 415,
	  NULL, 0, 0, -1 },
	{ "POST", "", NULL, "q=x", BL_OK, 415, NULL, 0, 0, -1 },
	{ "POST", "", "application/x-www-form-urlencoded", NULL, BL_ERR_LIMIT,
	  413, NULL, 0, 0, -1 },
	{ "POST", "", "application/x-www-form-urlencoded", NULL,
	  BL_ERR_INVALID, 400, NULL, 0, 0, -1 },
	{ "POST", "", "application/x-www-form-urlencoded", "page=-3", BL_OK,
	  400, NULL, 0, 0, -1 },
	/* a refused request still answers in the format it asked for */
	{ NULL, "page=-1&format=json", NULL, NULL, BL_OK, 400, NULL, 0, 0,
	  CGI_JSON },
	{ NULL, "format=json&page=-1", NULL, NULL, BL_OK, 400, NULL, 0, 0,
	  CGI_JSON },
	{ NULL, "page=-1", NULL, NULL, BL_OK, 400, NULL, 0, 0, CGI_HTML },
};

START_TEST(test_parse)
{
	const parse_case_t *c = &parse_cases[_i];
	cgi_input_t in = { c->method, c->qs, c->type, c->body,
	                   c->body ? strlen(c->body) : 0, c->body_status };
	cgi_request_t req;
	cgi_error_t err;
	bl_status_t st = cgi_parse(&in, &req, &err);

	if (c->http == 0) {
		ck_assert_msg(st == BL_OK, "%s: refused %d: %s", c->qs,
		              err.http, err.msg);
	} else {
		ck_assert_msg(st != BL_OK, "%s: accepted", c->qs);
		ck_assert_int_eq(err.http, c->http);
		ck_assert_ptr_nonnull(err.msg);
		ck_assert_int_eq(st, c->http == 413 ? BL_ERR_LIMIT :
		                                      BL_ERR_INVALID);
	}
	if (c->q)
		ck_assert_str_eq(req.q, c->q);
	if (c->page)
		ck_assert_uint_eq(req.page, c->page);
	if (c->per)
		ck_assert_uint_eq(req.per, c->per);
	if (c->format >= 0)
		ck_assert_int_eq(req.format, c->format);
	ck_assert(bl_utf8_valid(req.q, strlen(req.q)));
}
END_TEST

static cgi_request_t
parse_ok(const char *qs)
{
	cgi_input_t in = { "GET", qs, NULL, NULL, 0, BL_OK };
	cgi_request_t req;
	cgi_error_t err;

	ck_assert_msg(cgi_parse(&in, &req, &err) == BL_OK, "%s: %s", qs,
	              err.msg);
	return req;
}

START_TEST(test_parse_fields)
{
	cgi_request_t r = parse_ok("q=x&sort=newest&format=json&index=news&"
	                           "facet=source:reuters&facet=category%3Agrain&"
	                           "facet=source:reuters&date=2024-08&"
	                           "after=2024-01-01&before=2025&similar=a%2Fb.txt"
	                           "&head=1");

	ck_assert_int_eq(r.sort, BL_SORT_NEWEST);
	ck_assert_int_eq(r.format, CGI_JSON);
	ck_assert_str_eq(r.index, "news");
	ck_assert_uint_eq(r.nfilters, 2);
	ck_assert_str_eq(r.filters[0].facet, "source");
	ck_assert_str_eq(r.filters[0].value, "reuters");
	ck_assert_str_eq(r.filters[1].facet, "category");
	ck_assert_str_eq(r.filters[1].value, "grain");
	ck_assert_str_eq(r.date, "2024-08");
	ck_assert_str_eq(r.after, "2024-01-01");
	ck_assert_str_eq(r.before, "2025");
	ck_assert_str_eq(r.similar, "a/b.txt");
	ck_assert(!r.head);
	r = parse_ok("sort=oldest&sort=");
	ck_assert_int_eq(r.sort, BL_SORT_RELEVANCE);
	r = parse_ok("facet=year:2024&facet=month:2024-08&facet=place:"
	             "new+york&facet=author:Ana");
	ck_assert_uint_eq(r.nfilters, 4);
	ck_assert_str_eq(r.filters[2].value, "new york");
}
END_TEST

START_TEST(test_parse_limits)
{
	cgi_input_t in = { "GET", NULL, NULL, NULL, 0, BL_OK };
	cgi_request_t req;
	cgi_error_t err;
	bl_buf_t qs;
	int i;

	bl_buf_init(&qs, 0);
	/* q: 1024 bytes pass, 1025 do not; escapes count once decoded */
	bl_buf_puts(&qs, "q=");
	for (i = 0; i < CGI_MAX_QUERY; i++)
		bl_buf_puts(&qs, i % 2 ? "a" : "%62");
	in.query_string = bl_buf_cstr(&qs);
	ck_assert_int_eq(cgi_parse(&in, &req, &err), BL_OK);
	ck_assert_uint_eq(strlen(req.q), CGI_MAX_QUERY);
	bl_buf_putc(&qs, 'c');
	in.query_string = bl_buf_cstr(&qs);
	ck_assert_int_eq(cgi_parse(&in, &req, &err), BL_ERR_LIMIT);
	ck_assert_int_eq(err.http, 413);
	/* 64 parameters pass, 65 do not */
	bl_buf_reset(&qs);
	for (i = 0; i < CGI_MAX_PARAMS; i++)
		bl_buf_printf(&qs, "%sx%d=1", i ? "&" : "", i);
	in.query_string = bl_buf_cstr(&qs);
	ck_assert_int_eq(cgi_parse(&in, &req, &err), BL_OK);
	bl_buf_puts(&qs, "&q=x");
	in.query_string = bl_buf_cstr(&qs);
	ck_assert_int_eq(cgi_parse(&in, &req, &err), BL_ERR_LIMIT);
	ck_assert_int_eq(err.http, 413);
	/* one value over CGI_MAX_VALUE, of a parameter we do not even know */
	bl_buf_reset(&qs);
	bl_buf_puts(&qs, "junk=");
	for (i = 0; i <= CGI_MAX_VALUE; i++)
		bl_buf_putc(&qs, 'j');
	in.query_string = bl_buf_cstr(&qs);
	ck_assert_int_eq(cgi_parse(&in, &req, &err), BL_ERR_LIMIT);
	/* a megabyte of query string */
	bl_buf_reset(&qs);
	bl_buf_puts(&qs, "q=");
	for (i = 0; i < 1024 * 1024; i++)
		bl_buf_putc(&qs, 'a');
	in.query_string = bl_buf_cstr(&qs);
	ck_assert_int_eq(cgi_parse(&in, &req, &err), BL_ERR_LIMIT);
	ck_assert_int_eq(err.http, 413);
	/* nine filters */
	bl_buf_reset(&qs);
	for (i = 0; i <= CGI_MAX_FILTERS; i++)
		bl_buf_printf(&qs, "&facet=source:s%d", i);
	in.query_string = bl_buf_cstr(&qs);
	ck_assert_int_eq(cgi_parse(&in, &req, &err), BL_ERR_INVALID);
	ck_assert_int_eq(err.http, 400);
	bl_buf_free(&qs);
}
END_TEST

/* A request turned into a URL and parsed again is the same request. */
START_TEST(test_request_url)
{
	cgi_request_t r = parse_ok("q=%22climate+change%22+%26+more&index=news"
	                           "&sort=oldest&per=20&facet=source:the+wire"
	                           "&facet=year:2024&date=2024-08..2024-09"
	                           "&similar=x%2Fy%23z&format=json&page=3");
	cgi_request_t back;
	bl_buf_t url;
	const char *qs;

	bl_buf_init(&url, 0);
	ck_assert_int_eq(cgi_request_url(&url, "/cgi-bin/search", &r), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&url), "/cgi-bin/search?q=%22climate+change"
	                 "%22+%26+more&similar=x%2Fy%23z&index=news&sort=oldest"
	                 "&per=20&facet=source%3Athe+wire&facet=year%3A2024"
	                 "&date=2024-08..2024-09&format=json&page=3");
	qs = strchr(bl_buf_cstr(&url), '?') + 1;
	back = parse_ok(qs);
	ck_assert_mem_eq(&back, &r, sizeof r);
	bl_buf_reset(&url);
	r = parse_ok("");
	cgi_request_url(&url, "", &r);
	ck_assert_str_eq(bl_buf_cstr(&url), "?");
	bl_buf_free(&url);
}
END_TEST

/* --- the administrator's list of indexes -------------------------------- */

static const struct {
	const char *list;
	const char *name;
	bl_status_t st;
	const char *path;
} index_cases[] = {
	{ "news=/srv/a.idx:wire=/srv/b.idx", "news", BL_OK, "/srv/a.idx" },
	{ "news=/srv/a.idx:wire=/srv/b.idx", "wire", BL_OK, "/srv/b.idx" },
	{ "news=/srv/a.idx:wire=/srv/b.idx", "", BL_OK, "/srv/a.idx" },
	{ "news=/srv/a.idx:wire=/srv/b.idx", "new", BL_ERR_NOT_FOUND, NULL },
	{ "news=/srv/a.idx:wire=/srv/b.idx", "newsx", BL_ERR_NOT_FOUND, NULL },
	{ "news=/srv/a.idx:wire=/srv/b.idx", "../../etc/passwd",
	  BL_ERR_NOT_FOUND, NULL },
	{ "news=/srv/a.idx:wire=/srv/b.idx", "/srv/a.idx", BL_ERR_NOT_FOUND,
	  NULL },
	{ "junk:=x:news=/srv/a.idx", "news", BL_OK, "/srv/a.idx" },
	{ "junk:=x:news=/srv/a.idx", "", BL_OK, "/srv/a.idx" },
	{ "empty=:news=/a", "empty", BL_ERR_NOT_FOUND, NULL },
	{ "", "news", BL_ERR_NOT_FOUND, NULL },
	{ NULL, "news", BL_ERR_NOT_FOUND, NULL },
	{ "news=/a/very/long/path/indeed.idx", "news", BL_ERR_LIMIT, NULL },
};

START_TEST(test_index_lookup)
{
	char path[24] = "untouched";

	ck_assert_int_eq(cgi_index_lookup(index_cases[_i].list,
	                                  index_cases[_i].name, path,
	                                  sizeof path), index_cases[_i].st);
	if (index_cases[_i].path)
		ck_assert_str_eq(path, index_cases[_i].path);
}
END_TEST

/* --- reading a POST body ------------------------------------------------- */

static const struct {
	const char *length;
	const char *data;
	bl_status_t st;
	const char *body;
} body_cases[] = {
	{ "9", "q=volcano", BL_OK, "q=volcano" },
	{ "5", "q=volcano", BL_OK, "q=vol" },
	{ "0", "", BL_OK, "" },
	{ "20", "q=volcano", BL_ERR_IO, NULL },
	{ NULL, "q=x", BL_ERR_INVALID, NULL },
	{ "", "q=x", BL_ERR_INVALID, NULL },
	{ "-1", "q=x", BL_ERR_INVALID, NULL },
	{ "3 ", "q=x", BL_ERR_INVALID, NULL },
	{ "0x10", "q=x", BL_ERR_INVALID, NULL },
	{ "16385", "q=x", BL_ERR_LIMIT, NULL },
	{ "99999999999999999999999999", "q=x", BL_ERR_LIMIT, NULL },
};

START_TEST(test_read_body)
{
	const char *data = body_cases[_i].data;
	FILE *in = fmemopen((void *)data, strlen(data) ? strlen(data) : 1, "r");
	bl_buf_t body;

	ck_assert_ptr_nonnull(in);
	bl_buf_init(&body, CGI_MAX_REQUEST);
	ck_assert_int_eq(cgi_read_body(in, body_cases[_i].length,
	                               CGI_MAX_REQUEST, &body),
	                 body_cases[_i].st);
	if (body_cases[_i].body)
		ck_assert_str_eq(bl_buf_cstr(&body), body_cases[_i].body);
	else if (body_cases[_i].st != BL_ERR_IO)
		ck_assert_uint_eq(body.len, 0);     /* nothing was read */
	bl_buf_free(&body);
	fclose(in);
}
END_TEST

/* --- CGI or command line? ------------------------------------------------ */

START_TEST(test_is_cgi)
{
	searcher_env_t env = { .gateway = NULL };

	ck_assert(!searcher_is_cgi(1, &env));
	env.gateway = "";
	ck_assert(!searcher_is_cgi(1, &env));
	env.gateway = "CGI/1.1";
	ck_assert(searcher_is_cgi(1, &env));
	/* a script running byline-search inside its own CGI request */
	env.query_string = "q=volcano";
	ck_assert(!searcher_is_cgi(4, &env));
	/* Apache made arguments of a query string without '=' */
	env.query_string = "--index%3D%2Fetc+volcano";
	ck_assert(searcher_is_cgi(3, &env));
}
END_TEST

/* --- whole responses ----------------------------------------------------- */

#define NOW 1750000000          /* 2025-06-15, for relative dates */

/* The environment a web server would give, over the samples' index. */
static searcher_env_t
web_env(void)
{
	searcher_env_t env = {
		.index = tu_samples_index(),
		.now = NOW,
		.gateway = "CGI/1.1",
		.method = "GET",
		.script_name = "/cgi-bin/byline-search",
	};

	return env;
}

/* Runs byline-search as a web server would, with no arguments. */
static tu_run_t
serve(const searcher_env_t *env)
{
	char *argv[] = { "byline-search", NULL };
	tu_run_t r = { 0, NULL, NULL };
	size_t olen, elen;
	FILE *out = open_memstream(&r.out, &olen);
	FILE *err = open_memstream(&r.err, &elen);

	ck_assert(out && err);
	r.status = searcher_main(1, argv, env, out, err);
	fclose(out);
	fclose(err);
	return r;
}

static tu_run_t
get(const char *qs)
{
	searcher_env_t env = web_env();

	env.query_string = qs;
	return serve(&env);
}

static int
http_status(const tu_run_t *r)
{
	ck_assert_msg(strncmp(r->out, "Status: ", 8) == 0, "no Status: %.80s",
	              r->out);
	return atoi(r->out + 8);
}

/* The body: what follows the blank line. */
static const char *
body(const tu_run_t *r)
{
	const char *p = strstr(r->out, "\r\n\r\n");

	ck_assert_ptr_nonnull(p);
	return p + 4;
}

/* True if the head has the header line exactly. */
static bool
has_header(const tu_run_t *r, const char *line)
{
	const char *end = strstr(r->out, "\r\n\r\n");
	const char *p = strstr(r->out, line);

	return p && p < end && p[strlen(line)] == '\r';
}

/* Checks what every response must be: a status, a typed body in valid
 * UTF-8, caching said, and no script that we did not write (none). */
static void
check_response(const tu_run_t *r, int http, bool json)
{
	const char *b = body(r);

	ck_assert_int_eq(r->status, 0);
	ck_assert_int_eq(http_status(r), http);
	ck_assert(has_header(r, json ?
	          "Content-Type: application/json; charset=utf-8" :
	          "Content-Type: text/html; charset=utf-8"));
	ck_assert(has_header(r, http == 200 ? "Cache-Control: private, "
	                     "max-age=60" : "Cache-Control: no-store"));
	ck_assert(has_header(r, "X-Content-Type-Options: nosniff"));
	ck_assert(bl_utf8_valid(b, strlen(b)));
	if (json) {
		ck_assert_msg(tu_json_valid(b, strlen(b)), "bad JSON: %s", b);
	} else {
		ck_assert(strncmp(b, "<!DOCTYPE html>", 15) == 0);
		ck_assert_ptr_nonnull(strstr(b, "</html>\n"));
		ck_assert_ptr_null(strcasestr(b, "<script"));
	}
}

START_TEST(test_page)
{
	tu_run_t r = get("q=council&per=2");
	const char *b;

	check_response(&r, 200, false);
	b = body(&r);
	ck_assert_ptr_nonnull(strstr(b, "name=\"q\" value=\"council\""));
	ck_assert_ptr_nonnull(strstr(b, "<mark>council</mark>"));
	ck_assert_ptr_nonnull(strstr(b, "Council approves protected bike lane"));
	ck_assert_ptr_nonnull(strstr(b, "<b>4</b> results"));
	ck_assert_ptr_nonnull(strstr(b, "<time datetime=\"2024-06-13T07:45:00Z\">"
	                             "2024-06-13 07:45</time>"));
	ck_assert_ptr_nonnull(strstr(b, "<span class=\"source\">Lakeside "
	                             "Gazette</span>"));
	ck_assert_ptr_nonnull(strstr(b, "<span class=\"author\">Ben Arvidsson"
	                             "</span>"));
	/* facets link to the filtered search, through SCRIPT_NAME */
	ck_assert_ptr_nonnull(strstr(b, "<a href=\"/cgi-bin/byline-search?"
	                             "q=council&amp;per=2&amp;facet=source%3A"
	                             "lakeside+gazette\">lakeside gazette</a>"));
	/* the timeline's bars link to their month */
	ck_assert_ptr_nonnull(strstr(b, "<svg class=\"tl\""));
	ck_assert_ptr_nonnull(strstr(b, "date=2024-06\"><rect"));
	ck_assert_ptr_nonnull(strstr(b, "<title>2024-06: 1</title>"));
	/* pages */
	ck_assert_ptr_nonnull(strstr(b, "<b aria-current=\"page\">1</b>"));
	ck_assert_ptr_nonnull(strstr(b, "<a rel=\"next\" href=\"/cgi-bin/"
	                             "byline-search?q=council&amp;per=2&amp;"
	                             "page=2\">"));
	ck_assert_ptr_null(strstr(b, "rel=\"prev\""));
	ck_assert(has_header(&r, "Content-Security-Policy: default-src 'none'; "
	                     "style-src 'unsafe-inline'; img-src 'self' data:; "
	                     "form-action 'self'; base-uri 'none'; "
	                     "frame-ancestors 'self'"));
	/* never the index's path */
	ck_assert_ptr_null(strstr(b, tu_samples_index()));
	tu_run_free(&r);
	r = get("q=council&per=2&page=2");
	check_response(&r, 200, false);
	b = body(&r);
	ck_assert_ptr_nonnull(strstr(b, "<b aria-current=\"page\">2</b>"));
	ck_assert_ptr_nonnull(strstr(b, "rel=\"prev\""));
	ck_assert_ptr_null(strstr(b, "rel=\"next\""));
	ck_assert_ptr_nonnull(strstr(b, "<ol class=\"hits\" start=\"3\">"));
	tu_run_free(&r);
}
END_TEST

START_TEST(test_home)
{
	tu_run_t r = get(NULL);
	const char *b;

	check_response(&r, 200, false);
	b = body(&r);
	ck_assert_ptr_nonnull(strstr(b, "<form class=\"search\""));
	ck_assert_ptr_nonnull(strstr(b, "action=\"/cgi-bin/byline-search\""));
	ck_assert_ptr_null(strstr(b, "class=\"hits\""));
	tu_run_free(&r);
}
END_TEST

START_TEST(test_facet_filter)
{
	tu_run_t r = get("q=council&facet=source:lakeside+gazette");
	const char *b;

	check_response(&r, 200, false);
	b = body(&r);
	ck_assert_ptr_nonnull(strstr(b, "<b>1</b> result "));
	/* the active value links to the search without it */
	ck_assert_ptr_nonnull(strstr(b, "<a class=\"on\" title=\"Remove this "
	                             "filter\" href=\"/cgi-bin/byline-search?"
	                             "q=council\">lakeside gazette \xC3\x97</a>"));
	ck_assert_ptr_nonnull(strstr(b, "<a class=\"chip\""));
	tu_run_free(&r);
	r = get("q=council&date=2024-08&format=json");
	check_response(&r, 200, true);
	ck_assert_ptr_nonnull(strstr(body(&r), "\"total\":1,"));
	tu_run_free(&r);
}
END_TEST

START_TEST(test_empty_result)
{
	tu_run_t r = get("q=zzyzxqqq");

	check_response(&r, 200, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "<h1>No results</h1>"));
	ck_assert_ptr_nonnull(strstr(body(&r), "<b>zzyzxqqq</b>"));
	tu_run_free(&r);
}
END_TEST

START_TEST(test_suggestion)
{
	tu_run_t r = get("q=Vulcano");

	check_response(&r, 200, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "Did you mean <a class="
	                             "\"suggestion\" href=\"/cgi-bin/"
	                             "byline-search?q=volcano\">volcano</a>?"));
	tu_run_free(&r);
}
END_TEST

START_TEST(test_json)
{
	tu_run_t r = get("q=the&per=5&page=2&format=json");
	const char *b;

	check_response(&r, 200, true);
	b = body(&r);
	ck_assert_ptr_nonnull(strstr(b, "{\"query\":\"the\",\"total\":43,"));
	ck_assert_ptr_nonnull(strstr(b, "\"offset\":5,"));
	ck_assert_ptr_nonnull(strstr(b, "\"page\":2,\"per\":5,\"links\":{"
	                             "\"self\":\"/cgi-bin/byline-search?q=the&"
	                             "per=5&format=json&page=2\",\"prev\":\"/cgi-"
	                             "bin/byline-search?q=the&per=5&format=json\","
	                             "\"next\":\"/cgi-bin/byline-search?q=the&"
	                             "per=5&format=json&page=3\"}"));
	ck_assert_ptr_nonnull(strstr(b, "\"facets\":{\"source\":[["));
	ck_assert_ptr_nonnull(strstr(b, "\"timeline\":[[\""));
	ck_assert_ptr_nonnull(strstr(b, "\"snippet_html\":"));
	ck_assert_uint_eq(tu_count(b, "{\"rank\":"), 5);
	ck_assert_ptr_nonnull(strstr(b, "{\"rank\":6,"));
	tu_run_free(&r);
	/* the last page has no next */
	r = get("q=the&per=50&format=json");
	check_response(&r, 200, true);
	ck_assert_ptr_nonnull(strstr(body(&r), "\"prev\":null,\"next\":null}"));
	tu_run_free(&r);
	/* JSON needs a query */
	r = get("format=json");
	check_response(&r, 400, true);
	ck_assert_ptr_nonnull(strstr(body(&r), "{\"error\":{\"status\":400,"));
	tu_run_free(&r);
}
END_TEST

/* Hostile queries come back as text, in every context they appear in. */
static const char *const hostile_queries[] = {
	"q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
	"q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
	"q=%27+onmouseover%3D%27alert(1)",
	"q=%3C%2Ftitle%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
	"q=javascript%3Aalert(1)",
	"q=%3Csvg%2Fonload%3Dalert(1)%3E&facet=source:%3Cb%3E",
	"q=x&date=%3Cscript%3E",
	"q=%E2%80%A8%E2%80%A9%22%5C%00%1B%5B31m",
	"q=%FF%FE%C0%AF%ED%A0%80",
	"q=%zz%4%%25",
	"q=x&similar=%3Cscript%3E",
	"q=x&page=%3Cscript%3E",
	"q=%3Cscript%3E&index=%3Cscript%3E",
	"q=%3Cscript%3E&page=-1",
	"q=title%3A%22%3Cscript%3E%22+OR+(",
};

START_TEST(test_hostile_query)
{
	const char *qs = hostile_queries[_i];
	tu_run_t r = get(qs);
	const char *b;
	char *json;
	tu_run_t j;

	ck_assert_int_eq(r.status, 0);
	check_response(&r, http_status(&r), false);
	b = body(&r);
	ck_assert_msg(strstr(b, "<script") == NULL, "%s", qs);
	ck_assert_msg(strstr(b, "<img") == NULL, "%s", qs);
	ck_assert_msg(strstr(b, "<svg/") == NULL, "%s", qs);
	ck_assert_msg(strstr(b, "\" onerror") == NULL, "%s", qs);
	ck_assert_msg(strstr(b, "' onmouseover") == NULL, "%s", qs);
	ck_assert_msg(strstr(b, "\x1B") == NULL, "%s", qs);
	ck_assert_msg(strstr(b, "href=\"javascript") == NULL, "%s", qs);
	tu_run_free(&r);
	ck_assert(asprintf(&json, "%s&format=json", qs) > 0);
	j = get(json);
	check_response(&j, http_status(&j), true);
	tu_run_free(&j);
	free(json);
}
END_TEST

START_TEST(test_hostile_echo)
{
	tu_run_t r = get("q=%3Cscript%3Ealert(%27x%27)%3C%2Fscript%3E+%22%26");

	check_response(&r, 200, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "value=\"&lt;script&gt;alert("
	                             "&#39;x&#39;)&lt;/script&gt; &quot;&amp;\""));
	ck_assert_ptr_nonnull(strstr(body(&r), "<title>&lt;script&gt;"));
	tu_run_free(&r);
	/* malformed escapes and invalid UTF-8 come back repaired, as text */
	r = get("q=%zz%4+caf%E9&format=json");
	check_response(&r, 200, true);
	ck_assert_ptr_nonnull(strstr(body(&r), "{\"query\":\"%zz%4 caf\xC3\xA9\","));
	tu_run_free(&r);
}
END_TEST

/* An article whose title and body are hostile, in a fresh index. */
static char *hostile_dir;
static char *hostile_index;

static void
hostile_setup(void)
{
	static const char article[] =
		"Budget <script>alert('title')</script> vote & \"more\"\n"
		"- <b>Reporter</b> <img src=x onerror=alert(1)>\n"
		"- August 7, 2024\n"
		"The budget vote at AT&T headquarters was <b>bold</b> & "
		"contested; the budget passed with 3 < 4 votes and "
		"&amp; an entity.\n";
	tu_run_t r;

	hostile_dir = tu_mkdtemp();
	free(tu_write(hostile_dir, "articles/hostile.txt", article,
	         sizeof article - 1));
	ck_assert(asprintf(&hostile_index, "%s/idx", hostile_dir) > 0);
	{
		char *articles;

		ck_assert(asprintf(&articles, "%s/articles", hostile_dir) > 0);
		r = tu_index("--quiet", "--index", hostile_index, articles,
		             NULL);
		free(articles);
	}
	ck_assert_msg(r.status == 0, "%s", r.err);
	tu_run_free(&r);
}

static void
hostile_teardown(void)
{
	tu_rmtree(hostile_dir);
	free(hostile_dir);
	free(hostile_index);
}

START_TEST(test_hostile_article)
{
	searcher_env_t env = web_env();
	tu_run_t r;
	const char *b;

	env.index = hostile_index;
	env.query_string = "q=budget";
	r = serve(&env);
	check_response(&r, 200, false);
	b = body(&r);
	ck_assert_ptr_null(strstr(b, "<script"));
	ck_assert_ptr_null(strstr(b, "<img"));
	ck_assert_ptr_null(strstr(b, "<b>Reporter"));
	ck_assert_ptr_nonnull(strstr(b, "<h2>Budget &lt;script&gt;alert(&#39;"
	                             "title&#39;)&lt;/script&gt; vote &amp; "
	                             "&quot;more&quot;</h2>"));
	ck_assert_ptr_nonnull(strstr(b, "&lt;b&gt;Reporter&lt;/b&gt; &lt;img "
	                             "src=x onerror=alert(1)&gt;"));
	/* the snippet is escaped once: & once as &amp;, never &amp;amp; but
	 * for the article's own literal "&amp;" */
	ck_assert_ptr_nonnull(strstr(b, "AT&amp;T"));
	ck_assert_ptr_nonnull(strstr(b, "&lt;b&gt;bold&lt;/b&gt; &amp; "));
	ck_assert_ptr_nonnull(strstr(b, "3 &lt; 4"));
	ck_assert_uint_eq(tu_count(b, "&amp;amp;"), 1);
	ck_assert_ptr_nonnull(strstr(b, "<mark>budget</mark> vote at"));
	tu_run_free(&r);
	env.query_string = "q=budget&format=json";
	r = serve(&env);
	check_response(&r, 200, true);
	ck_assert_ptr_nonnull(strstr(body(&r), "\"title\":\"Budget <script>"
	                             "alert('title')</script> vote & \\\"more"
	                             "\\\"\""));
	tu_run_free(&r);
}
END_TEST

/* Versions of one story fold into one hit with a link to the others. */
START_TEST(test_similar)
{
	static const char body_text[] =
		"The regional transit authority announced on Tuesday that the "
		"new express ferry between the northern harbour and the island "
		"terminal will begin service next spring, cutting the crossing "
		"time to twenty minutes and adding six daily departures during "
		"the summer season, officials said.\n";
	char *dir = tu_mkdtemp(), *index, *articles, *a, *b;
	searcher_env_t env = web_env();
	tu_run_t r;

	ck_assert(asprintf(&a, "Ferry express service announced\n- Wire Desk\n"
	                   "- March 3, 2024\n%s", body_text) > 0);
	ck_assert(asprintf(&b, "Express ferry to start in spring\n- Coast Times"
	                   "\n- March 4, 2024\n%sTickets go on sale in January."
	                   "\n", body_text) > 0);
	free(tu_write(dir, "articles/a.txt", a, strlen(a)));
	free(tu_write(dir, "articles/b.txt", b, strlen(b)));
	ck_assert(asprintf(&index, "%s/idx", dir) > 0);
	ck_assert(asprintf(&articles, "%s/articles", dir) > 0);
	r = tu_index("--quiet", "--index", index, articles, NULL);
	ck_assert_int_eq(r.status, 0);
	tu_run_free(&r);
	env.index = index;
	env.query_string = "q=ferry";
	r = serve(&env);
	check_response(&r, 200, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "<a class=\"similar\" href=\""
	                             "/cgi-bin/byline-search?similar=a.txt\">1 "
	                             "similar version</a>"));
	tu_run_free(&r);
	env.query_string = "similar=a.txt";
	r = serve(&env);
	check_response(&r, 200, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "<b>2</b> results"));
	ck_assert_ptr_nonnull(strstr(body(&r), "<title>versions of a.txt"));
	tu_run_free(&r);
	env.query_string = "similar=no-such.txt";
	r = serve(&env);
	check_response(&r, 404, false);
	tu_run_free(&r);
	tu_rmtree(dir);
	free(dir);
	free(index);
	free(articles);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_url_template)
{
	searcher_env_t env = web_env();
	tu_run_t r;

	env.query_string = "q=ravensworth+bus";
	env.url_template = "https://archive.example/{id}?from={path}&x={nope}";
	r = serve(&env);
	check_response(&r, 200, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "<h2><a href=\"https://archive."
	                             "example/html%2Fnight-bus-network-"
	                             "ravensworth.html?from="));
	ck_assert_ptr_nonnull(strstr(body(&r), "/samples/html/night-bus-network-"
	                             "ravensworth.html&amp;x={nope}\">Night bus"));
	tu_run_free(&r);
	/* without a template, an article's own http(s) address */
	env.url_template = NULL;
	env.query_string = "q=storks";
	r = serve(&env);
	check_response(&r, 200, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "<h2><a href=\"https://www."
	                             "ravensworthcourier.example/world/2024/11/"
	                             "17/alsace-storks\">"));
	tu_run_free(&r);
}
END_TEST

START_TEST(test_chrome)
{
	searcher_env_t env = web_env();
	tu_run_t r;
	const char *b;

	env.query_string = "q=volcano";
	env.page_title = "Harbour <Archive>";
	env.header_html = "<div id=\"site-header\">Harbour Archive</div>";
	env.footer_html = "<div id=\"site-footer\">Contact us</div>";
	env.stylesheet = "body{background:#fffdf5}";
	r = serve(&env);
	check_response(&r, 200, false);
	b = body(&r);
	ck_assert_ptr_nonnull(strstr(b, "<title>volcano \xE2\x80\x93 Harbour "
	                             "&lt;Archive&gt;</title>"));
	ck_assert_ptr_nonnull(strstr(b, "<style>\nbody{background:#fffdf5}\n"
	                             "</style>\n</head>"));
	ck_assert_ptr_nonnull(strstr(b, "<body>\n<div id=\"site-header\">"));
	ck_assert_ptr_nonnull(strstr(b, "<div id=\"site-footer\">Contact us</div>"
	                             "</body>"));
	ck_assert_ptr_nonnull(strstr(b, ">Harbour &lt;Archive&gt;</a>"));
	tu_run_free(&r);
}
END_TEST

/* Failures say what went wrong without naming files; the log names them. */
START_TEST(test_errors_no_leak)
{
	searcher_env_t env = web_env();
	tu_run_t r;

	env.index = "/nonexistent/secret-dir/idx";
	env.query_string = "q=volcano";
	r = serve(&env);
	check_response(&r, 500, false);
	ck_assert_ptr_null(strstr(r.out, "secret-dir"));
	ck_assert_ptr_null(strstr(r.out, "nonexistent"));
	ck_assert_ptr_nonnull(strstr(r.err, "secret-dir"));
	tu_run_free(&r);
	env.query_string = "q=volcano&format=json";
	r = serve(&env);
	check_response(&r, 500, true);
	ck_assert_ptr_null(strstr(r.out, "secret-dir"));
	tu_run_free(&r);
	/* a broken setting is the administrator's to read */
	env = web_env();
	env.query_string = "q=volcano";
	env.time_limit = "soon";
	r = serve(&env);
	check_response(&r, 500, false);
	ck_assert_ptr_nonnull(strstr(r.err, "BYLINE_TIME_LIMIT"));
	tu_run_free(&r);
	/* a wildcard over the web's expansion cap */
	env = web_env();
	env.query_string = "q=s*";
	r = serve(&env);
	check_response(&r, 400, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "wildcard"));
	tu_run_free(&r);
	env.query_string = "q=x&date=someday";
	r = serve(&env);
	check_response(&r, 400, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "&#39;someday&#39;"));
	tu_run_free(&r);
}
END_TEST

START_TEST(test_time_limit)
{
	searcher_env_t env = web_env();
	tu_run_t r;

	env.query_string = "q=the";
	env.time_limit = "0.000001";
	r = serve(&env);
	check_response(&r, 503, false);
	ck_assert(has_header(&r, "Retry-After: 10"));
	ck_assert_ptr_nonnull(strstr(body(&r), "took too long"));
	ck_assert_ptr_nonnull(strstr(r.err, "over the limit"));
	tu_run_free(&r);
	env.query_string = "q=the&format=json";
	r = serve(&env);
	check_response(&r, 503, true);
	tu_run_free(&r);
	env.time_limit = "30";
	r = serve(&env);
	check_response(&r, 200, true);
	tu_run_free(&r);
}
END_TEST

static const struct {
	const char *qs;
	int http;
} refused[] = {
	{ "q=x&page=-1", 400 },
	{ "q=x&page=0", 400 },
	{ "q=x&page=99999999999999999999", 400 },
	{ "q=x&page=101", 400 },
	{ "q=x&index=..%2F..%2Fetc%2Fpasswd", 400 },
	{ "q=x&index=../../etc/passwd", 400 },
	{ "q=x&index=news", 400 },          /* no list configured */
	{ "q=x&facet=bogus:1", 400 },
	{ "q=x&sort=%3Cscript%3E", 400 },
};

START_TEST(test_refused)
{
	tu_run_t r = get(refused[_i].qs);
	char *json;

	check_response(&r, refused[_i].http, false);
	ck_assert_ptr_null(strstr(body(&r), "passwd"));
	ck_assert_ptr_null(strstr(body(&r), tu_samples_index()));
	ck_assert_ptr_nonnull(strstr(body(&r), "<main class=\"error\">"));
	tu_run_free(&r);
	ck_assert(asprintf(&json, "format=json&%s", refused[_i].qs) > 0);
	r = get(json);
	check_response(&r, refused[_i].http, true);
	ck_assert_ptr_nonnull(strstr(body(&r), "{\"error\":{\"status\":"));
	tu_run_free(&r);
	free(json);
}
END_TEST

START_TEST(test_huge_request)
{
	size_t n = 1024 * 1024;
	char *qs = malloc(n + 1);
	searcher_env_t env = web_env();
	tu_run_t r;

	ck_assert_ptr_nonnull(qs);
	memcpy(qs, "q=", 2);
	memset(qs + 2, 'a', n - 2);
	qs[n] = '\0';
	r = get(qs);
	check_response(&r, 413, false);
	tu_run_free(&r);
	/* a POST body main() refused to read */
	env.method = "POST";
	env.content_type = "application/x-www-form-urlencoded";
	env.body_status = BL_ERR_LIMIT;
	r = serve(&env);
	check_response(&r, 413, false);
	tu_run_free(&r);
	free(qs);
}
END_TEST

START_TEST(test_indexes)
{
	searcher_env_t env = web_env();
	char *list;
	tu_run_t r;

	ck_assert(asprintf(&list, "news=%s:gone=/nonexistent/secret/idx",
	                   tu_samples_index()) > 0);
	env.indexes = list;
	env.index = NULL;
	env.query_string = "q=volcano&index=news";
	r = serve(&env);
	check_response(&r, 200, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "<option value=\"news\" selected>"
	                             "news</option><option value=\"gone\">gone"
	                             "</option>"));
	ck_assert_ptr_null(strstr(body(&r), tu_samples_index()));
	tu_run_free(&r);
	/* no name: the first of the list */
	env.query_string = "q=volcano&format=json";
	r = serve(&env);
	check_response(&r, 200, true);
	tu_run_free(&r);
	env.query_string = "q=volcano&index=gone";
	r = serve(&env);
	check_response(&r, 500, false);
	ck_assert_ptr_null(strstr(r.out, "secret"));
	tu_run_free(&r);
	env.query_string = "q=volcano&index=other";
	r = serve(&env);
	check_response(&r, 400, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "Unknown index."));
	tu_run_free(&r);
	free(list);
}
END_TEST

START_TEST(test_methods)
{
	searcher_env_t env = web_env();
	tu_run_t r;

	env.method = "DELETE";
	env.query_string = "q=volcano";
	r = serve(&env);
	check_response(&r, 405, false);
	ck_assert(has_header(&r, "Allow: GET, HEAD, POST"));
	tu_run_free(&r);
	env.method = "HEAD";
	r = serve(&env);
	ck_assert_int_eq(http_status(&r), 200);
	ck_assert_str_eq(body(&r), "");
	tu_run_free(&r);
	env.method = "POST";
	env.query_string = NULL;
	env.content_type = "application/x-www-form-urlencoded";
	env.body = "q=volcano&format=json";
	env.body_len = strlen(env.body);
	r = serve(&env);
	check_response(&r, 200, true);
	ck_assert_ptr_nonnull(strstr(body(&r), "\"id\":\"volcano-iceland-"
	                             "eruption.txt\""));
	tu_run_free(&r);
	env.content_type = "text/plain";
	r = serve(&env);
	check_response(&r, 415, false);
	tu_run_free(&r);
}
END_TEST

/* The same requests from a shell, and the page as a file. */
START_TEST(test_shell)
{
	tu_run_t r = tu_search("--index", tu_samples_index(), "--cgi",
	                       "q=volcano&format=json", NULL);

	check_response(&r, 200, true);
	ck_assert_ptr_nonnull(strstr(body(&r), "\"self\":\"?q=volcano&"
	                             "format=json\""));
	tu_run_free(&r);
	r = tu_search("--index", tu_samples_index(), "--cgi", "page=-2", NULL);
	check_response(&r, 400, false);
	tu_run_free(&r);
	r = tu_search("--index", tu_samples_index(), "--format", "html",
	              "volcano", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert(strncmp(r.out, "<!DOCTYPE html>", 15) == 0);
	ck_assert_ptr_nonnull(strstr(r.out, "<mark>"));
	tu_run_free(&r);
}
END_TEST

/* Under a web server, arguments are not options: Apache passes a query
 * string without '=' as arguments. */
START_TEST(test_argv_ignored)
{
	searcher_env_t env = web_env();
	char *argv[] = { "byline-search", "--index=/etc", "volcano", NULL };
	tu_run_t r = { 0, NULL, NULL };
	size_t olen, elen;
	FILE *out = open_memstream(&r.out, &olen);
	FILE *err = open_memstream(&r.err, &elen);

	env.query_string = "--index%3D%2Fetc+volcano";
	r.status = searcher_main(3, argv, &env, out, err);
	fclose(out);
	fclose(err);
	check_response(&r, 200, false);
	ck_assert_ptr_nonnull(strstr(body(&r), "<form class=\"search\""));
	tu_run_free(&r);
}
END_TEST

static void
samples_setup(void)
{
	tu_samples_index();
}

static Suite *
cgi_suite(void)
{
	Suite *s = suite_create("cgi");
	TCase *decode = tcase_create("decode");
	TCase *parse = tcase_create("parse");
	TCase *core = tcase_create("core");
	TCase *security = tcase_create("security");
	TCase *errors = tcase_create("errors");

	tcase_add_loop_test(decode, test_url_decode, 0, COUNT(decode_cases));
	tcase_add_test(decode, test_url_decode_cap);
	tcase_add_loop_test(decode, test_url_encode, 0, COUNT(encode_cases));
	suite_add_tcase(s, decode);
	tcase_add_loop_test(parse, test_parse, 0, COUNT(parse_cases));
	tcase_add_test(parse, test_parse_fields);
	tcase_add_test(parse, test_parse_limits);
	tcase_add_test(parse, test_request_url);
	tcase_add_loop_test(parse, test_index_lookup, 0, COUNT(index_cases));
	tcase_add_loop_test(parse, test_read_body, 0, COUNT(body_cases));
	tcase_add_test(parse, test_is_cgi);
	suite_add_tcase(s, parse);
	tcase_add_test(core, test_page);
	tcase_add_test(core, test_home);
	tcase_add_test(core, test_facet_filter);
	tcase_add_test(core, test_empty_result);
	tcase_add_test(core, test_suggestion);
	tcase_add_test(core, test_json);
	tcase_add_test(core, test_similar);
	tcase_add_test(core, test_url_template);
	tcase_add_test(core, test_chrome);
	tcase_add_test(core, test_indexes);
	tcase_add_test(core, test_methods);
	tcase_add_test(core, test_shell);
	tcase_add_unchecked_fixture(core, samples_setup, NULL);
	tcase_set_timeout(core, 120);
	suite_add_tcase(s, core);
	tcase_add_loop_test(security, test_hostile_query, 0,
	                    COUNT(hostile_queries));
	tcase_add_test(security, test_hostile_echo);
	tcase_add_test(security, test_hostile_article);
	tcase_add_test(security, test_argv_ignored);
	tcase_add_unchecked_fixture(security, samples_setup, NULL);
	tcase_add_unchecked_fixture(security, hostile_setup, hostile_teardown);
	tcase_set_timeout(security, 120);
	suite_add_tcase(s, security);
	tcase_add_test(errors, test_errors_no_leak);
	tcase_add_test(errors, test_time_limit);
	tcase_add_loop_test(errors, test_refused, 0, COUNT(refused));
	tcase_add_test(errors, test_huge_request);
	tcase_add_unchecked_fixture(errors, samples_setup, NULL);
	tcase_set_timeout(errors, 120);
	suite_add_tcase(s, errors);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cgi_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
