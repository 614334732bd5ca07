/* qps.c - in-process query throughput through Byline's library: opens the
 * index once, then runs a file of queries (one a line, Byline syntax) as
 * byline-search does (spelling suggestion and relaxation on, top 10, each
 * hit's article decoded and its snippet made), timing each query.
 *
 *   byline-qps INDEX QUERIES ROUNDS OUT    (protocol: bench/qps_loop.h)
 *
 * Exit status 0, or 2 on a usage or index error or a failed query. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bl_article.h"
#include "bl_db.h"
#include "bl_snippet.h"
#include "qps_loop.h"

/* One query as the CLI runs it; returns the status and adds the bytes of
 * snippet text made to *bytes (so the work cannot be optimised away). */
static bl_status_t
run_query(bl_db_t *db, const char *text, size_t *bytes)
{
	bl_query_opts_t q;
	bl_results_t *res = NULL;
	bl_status_t st;

	memset(&q, 0, sizeof q);
	q.text = text;
	q.limit = 10;
	q.now = (int64_t)time(NULL);
	q.suggest = true;
	q.relax = true;
	st = bl_db_search(db, &q, &res);
	for (size_t i = 0; st == BL_OK && i < res->nhits; i++) {
		bl_article_t art;
		bl_snippet_t snip = { 0 };
		const char *body;

		bl_article_init(&art);
		st = bl_article_decode(res->hits[i].data, res->hits[i].data_len,
		                       &art);
		body = art.body ? art.body : art.title ? art.title : "";
		if (st == BL_OK)
			st = bl_snippet_make(db, body, strlen(body),
			                     &res->hits[i].terms,
			                     BL_SNIPPET_DEFAULT_LEN, &snip);
		*bytes += snip.len;
		bl_snippet_clear(&snip);
		bl_article_clear(&art);
	}
	bl_results_free(res);
	return st;
}

static int
run(void *db, char *text, size_t *bytes)
{
	bl_status_t st = run_query(db, text, bytes);

	if (st != BL_OK)
		fprintf(stderr, "byline-qps: '%s': %s\n", text, bl_status_str(st));
	return st != BL_OK;
}

int
main(int argc, char **argv)
{
	char *msg = NULL;
	bl_db_t *db = NULL;
	qps_t qs;
	int status;

	if ((status = qps_load(&qs, "byline-qps", argc, argv)) != 0)
		return status;
	if (bl_db_open(argv[1], BL_DB_READ, &db, &msg) != BL_OK) {
		fprintf(stderr, "byline-qps: %s\n", msg ? msg : "cannot open");
		free(msg);
		return 2;
	}
	status = qps_loop(&qs, run, db, "snippet bytes");
	bl_db_close(db);
	return status;
}
