/* qps_loop.h - the timing protocol every in-process query driver shares
 * (bench/qps.c, bench/peers/fts5_qps.c, bench/peers/sphinx_qps.c; the
 * Python and Java drivers follow it by hand):
 *
 *   DRIVER TARGET QUERIES ROUNDS OUT
 *
 * QUERIES has one query a line (empty lines skipped). One untimed warm-up
 * round, then ROUNDS timed rounds, the queries in file order; OUT receives
 * one latency in seconds a line; a summary goes to standard output. */
#ifndef QPS_LOOP_H
#define QPS_LOOP_H

#include <stddef.h>

#define QPS_MAX_QUERIES 10000
#define QPS_MAX_LINE 4096

/* Runs one query. May change the query's bytes but must restore them
 * before returning. Adds a measure of the work done (snippet bytes, rows)
 * to *work so the compiler cannot drop it; returns 0, or nonzero when the
 * query failed (after saying why on standard error). */
typedef int qps_run_fn(void *ctx, char *query, size_t *work);

typedef struct qps {
	const char *prog;          /* borrowed: the name in messages */
	char **queries;
	size_t n;
	unsigned long rounds;
	const char *out;           /* borrowed from argv */
} qps_t;

/* Checks argv (5 arguments, ROUNDS > 0) and reads QUERIES into *qs. On
 * failure prints the usage or the error and returns 2 (the exit status),
 * else 0. */
int qps_load(qps_t *qs, const char *prog, int argc, char **argv);

/* The warm-up round, then the timed rounds into qs->out, then the summary
 * naming the work as WORK_UNIT ("snippet bytes", "rows"). Frees the
 * queries. Returns the exit status: 0, or 2 if OUT could not be written or
 * a timed query failed. */
int qps_loop(qps_t *qs, qps_run_fn *run, void *ctx, const char *work_unit);

#endif
