/* fts5_qps.c - the SQLite FTS5 peer's in-process query loop: one prepared
 * statement per query kind, BM25 order (ORDER BY rank), top 10, snippet().
 *
 *   fts5-qps DB QUERIES ROUNDS OUT
 *
 * QUERIES lines: MATCH-EXPRESSION [TAB DATE-FROM TAB DATE-TO] (YYYY-MM-DD,
 * inclusive). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SQL "SELECT id, title, snippet(a, -1, '[', ']', '...', 24) FROM a " \
            "WHERE a MATCH ?1 %s ORDER BY rank LIMIT 10"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
run(sqlite3 *db, char *line)
{
	char *lo = strchr(line, '\t'), *hi = NULL, sql[512];
	sqlite3_stmt *st;
	size_t bytes = 0;

	if (lo) {
		*lo++ = '\0';
		hi = strchr(lo, '\t');
		if (hi)
			*hi++ = '\0';
	}
	snprintf(sql, sizeof sql, SQL, hi ? "AND date BETWEEN ?2 AND ?3" : "");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, line, -1, SQLITE_STATIC);
	if (hi) {
		sqlite3_bind_text(st, 2, lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, hi, -1, SQLITE_STATIC);
	}
	while (sqlite3_step(st) == SQLITE_ROW)
		bytes += (size_t)sqlite3_column_bytes(st, 2);
	sqlite3_finalize(st);
	if (lo)
		lo[-1] = '\t';
	if (hi)
		hi[-1] = '\t';
	return bytes;
}

int
main(int argc, char **argv)
{
	static char *qs[10000];
	char line[4096];
	size_t n = 0, bytes = 0;
	sqlite3 *db;
	FILE *in, *out;
	double total = 0;
	int rounds;

	if (argc != 5 || (rounds = atoi(argv[3])) <= 0) {
		fputs("usage: fts5-qps DB QUERIES ROUNDS OUT\n", stderr);
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || (in = fopen(argv[2], "r")) == NULL)
		return 2;
	while (n < 10000 && fgets(line, sizeof line, in)) {
		line[strcspn(line, "\n")] = '\0';
		if (*line)
			qs[n++] = strdup(line);
	}
	fclose(in);
	for (size_t i = 0; i < n; i++)
		bytes += run(db, qs[i]);
	if ((out = fopen(argv[4], "w")) == NULL)
		return 2;
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < n; i++) {
			double t = now();

			bytes += run(db, qs[i]);
			t = now() - t;
			total += t;
			fprintf(out, "%.9f\n", t);
		}
	fclose(out);
	printf("fts5-qps: %zu queries x %d rounds in %.3f s: %.0f queries/s "
	       "(%zu snippet bytes)\n", n, rounds, total,
	       (double)n * rounds / total, bytes);
	sqlite3_close(db);
	return 0;
}
