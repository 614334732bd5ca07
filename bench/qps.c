/* qps.c - in-process query throughput through Byline's library: opens the
 * index once, then runs a file of queries (one a line, Byline syntax) as
 * byline-search does (spelling suggestion and relaxation on, top 10, each
 * hit's article decoded and its snippet made), timing each query.
 *
 *   byline-qps INDEX QUERIES ROUNDS OUT
 *
 * One untimed warm-up round, then ROUNDS timed rounds; OUT receives one
 * latency in seconds per line; a summary goes to standard output.
 * Exit status 0, or 2 on a usage or index error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bl_article.h"
#include "bl_db.h"
#include "bl_snippet.h"

#define MAX_QUERIES 10000
#define MAX_LINE 4096

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

int
main(int argc, char **argv)
{
	static char *queries[MAX_QUERIES];
	char line[MAX_LINE], *msg = NULL;
	size_t n = 0, bytes = 0;
	unsigned long rounds;
	bl_db_t *db = NULL;
	FILE *in, *out;
	double total = 0;
	int status = 0;

	if (argc != 5 || (rounds = strtoul(argv[3], NULL, 10)) == 0) {
		fputs("usage: byline-qps INDEX QUERIES ROUNDS OUT\n", stderr);
		return 2;
	}
	if ((in = fopen(argv[2], "r")) == NULL) {
		perror(argv[2]);
		return 2;
	}
	while (n < MAX_QUERIES && fgets(line, sizeof line, in)) {
		line[strcspn(line, "\n")] = '\0';
		if (*line && (queries[n] = strdup(line)) != NULL)
			n++;
	}
	fclose(in);
	if (bl_db_open(argv[1], BL_DB_READ, &db, &msg) != BL_OK) {
		fprintf(stderr, "byline-qps: %s\n", msg ? msg : "cannot open");
		free(msg);
		return 2;
	}
	if ((out = fopen(argv[4], "w")) == NULL) {
		perror(argv[4]);
		bl_db_close(db);
		return 2;
	}
	for (size_t i = 0; i < n; i++)          /* warm-up */
		run_query(db, queries[i], &bytes);
	for (unsigned long r = 0; r < rounds; r++) {
		for (size_t i = 0; i < n; i++) {
			double t = now();
			bl_status_t st = run_query(db, queries[i], &bytes);

			t = now() - t;
			total += t;
			fprintf(out, "%.9f\n", t);
			if (st != BL_OK) {
				fprintf(stderr, "byline-qps: '%s': %s\n", queries[i],
				        bl_status_str(st));
				status = 2;
			}
		}
	}
	fclose(out);
	printf("byline-qps: %zu queries x %lu rounds in %.3f s: %.0f queries/s "
	       "(%zu snippet bytes)\n", n, rounds, total,
	       total > 0 ? (double)(n * rounds) / total : 0.0, bytes);
	bl_db_close(db);
	for (size_t i = 0; i < n; i++)
		free(queries[i]);
	return status;
}
