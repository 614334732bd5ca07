/* fts5_qps.c - the SQLite FTS5 peer's in-process query loop: one prepared
 * statement per query kind, BM25 order (ORDER BY rank), top 10, snippet().
 *
 *   fts5-qps DB QUERIES ROUNDS OUT      (protocol: bench/qps_loop.h)
 *
 * QUERIES lines: MATCH-EXPRESSION [TAB DATE-FROM TAB DATE-TO] (YYYY-MM-DD,
 * inclusive). */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "qps_loop.h"

#define SQL "SELECT id, title, snippet(a, -1, '[', ']', '...', 24) FROM a " \
            "WHERE a MATCH ?1 %s ORDER BY rank LIMIT 10"

static int
run(void *ctx, char *line, size_t *bytes)
{
	sqlite3 *db = ctx;
	char *lo = strchr(line, '\t'), *hi = NULL, sql[512];
	sqlite3_stmt *st;
	int rc;

	if (lo) {
		*lo++ = '\0';
		hi = strchr(lo, '\t');
		if (hi)
			*hi++ = '\0';
	}
	snprintf(sql, sizeof sql, SQL, hi ? "AND date BETWEEN ?2 AND ?3" : "");
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, line, -1, SQLITE_STATIC);
		if (hi) {
			sqlite3_bind_text(st, 2, lo, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, hi, -1, SQLITE_STATIC);
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			*bytes += (size_t)sqlite3_column_bytes(st, 2);
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_OK)
		fprintf(stderr, "fts5-qps: %s: %s\n", line, sqlite3_errmsg(db));
	if (lo)
		lo[-1] = '\t';
	if (hi)
		hi[-1] = '\t';
	return rc != SQLITE_DONE && rc != SQLITE_OK;
}

int
main(int argc, char **argv)
{
	qps_t qs;
	sqlite3 *db;
	int status;

	if ((status = qps_load(&qs, "fts5-qps", argc, argv)) != 0)
		return status;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "fts5-qps: %s: %s\n", argv[1], sqlite3_errmsg(db));
		return 2;
	}
	status = qps_loop(&qs, run, db, "snippet bytes");
	sqlite3_close(db);
	return status;
}
