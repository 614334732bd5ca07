/* main.c - byline-search: reads the environment (and, as a CGI program,
 * the request body) and runs searcher_main(). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bl_file.h"
#include "cgi.h"
#include "searcher.h"

/* Most bytes of each page-chrome file (header, footer, stylesheet). */
#define MAX_CHROME (64 * 1024)

/* Reads the administrator's file named by the environment variable var
 * into b; NULL (with a word in the server's log) when it cannot. */
static const char *
chrome(const char *var, bl_buf_t *b)
{
	const char *path = getenv(var);
	int err_no = 0;

	bl_buf_init(b, MAX_CHROME);
	if (path == NULL || *path == '\0')
		return NULL;
	if (bl_file_read(path, b, &err_no, NULL) != BL_OK) {
		fprintf(stderr, "byline-search: %s: %s: %s\n", var, path,
		        b->err == BL_ERR_LIMIT ? "larger than 64 KiB" :
		        err_no ? strerror(err_no) : "cannot be read");
		return NULL;
	}
	return bl_buf_cstr(b);
}

int
main(int argc, char **argv)
{
	const char *no_color = getenv("NO_COLOR");
	bl_buf_t body, header, footer, style;
	int status;
	searcher_env_t env = {
		.index = getenv("BYLINE_INDEX"),
		.out_is_tty = isatty(STDOUT_FILENO),
		.no_color = no_color && *no_color,
		.now = (int64_t)time(NULL),
		.gateway = getenv("GATEWAY_INTERFACE"),
		.method = getenv("REQUEST_METHOD"),
		.query_string = getenv("QUERY_STRING"),
		.content_type = getenv("CONTENT_TYPE"),
		.script_name = getenv("SCRIPT_NAME"),
		.indexes = getenv("BYLINE_INDEXES"),
		.url_template = getenv("BYLINE_URL_TEMPLATE"),
		.page_title = getenv("BYLINE_PAGE_TITLE"),
		.time_limit = getenv("BYLINE_TIME_LIMIT"),
	};

	/* A body too large is not read at all: the answer is 413. */
	bl_buf_init(&body, CGI_MAX_REQUEST);
	if (searcher_is_cgi(argc, &env) && env.method &&
	    strcmp(env.method, "POST") == 0) {
		env.body_status = cgi_read_body(stdin, getenv("CONTENT_LENGTH"),
		                                CGI_MAX_REQUEST, &body);
		env.body = bl_buf_cstr(&body);
		env.body_len = body.len;
	}
	env.header_html = chrome("BYLINE_HEADER_FILE", &header);
	env.footer_html = chrome("BYLINE_FOOTER_FILE", &footer);
	env.stylesheet = chrome("BYLINE_STYLESHEET_FILE", &style);
	status = searcher_main(argc, argv, &env, stdout, stderr);
	bl_buf_free(&body);
	bl_buf_free(&header);
	bl_buf_free(&footer);
	bl_buf_free(&style);
	return status;
}
