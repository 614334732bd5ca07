/* sphinx_qps.c - the Sphinx peer's query loop: one SphinxQL connection to
 * searchd on the loopback, each query sent and its rows read, timed.
 * Sphinx 2.2 keeps no article text, so there are no snippets.
 *
 *   sphinx-qps PORT QUERIES ROUNDS OUT      (QUERIES: one SQL a line) */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long
run(MYSQL *c, const char *q)
{
	MYSQL_RES *r;
	unsigned long rows = 0;

	if (mysql_query(c, q) != 0)
		return 0;
	if ((r = mysql_store_result(c)) != NULL) {
		while (mysql_fetch_row(r))
			rows++;
		mysql_free_result(r);
	}
	while (mysql_next_result(c) == 0)
		mysql_free_result(mysql_store_result(c));
	return rows;
}

int
main(int argc, char **argv)
{
	static char *qs[10000];
	char line[4096];
	size_t n = 0;
	unsigned long rows = 0;
	MYSQL *c;
	FILE *in, *out;
	double total = 0;
	int rounds;

	if (argc != 5 || (rounds = atoi(argv[3])) <= 0) {
		fputs("usage: sphinx-qps PORT QUERIES ROUNDS OUT\n", stderr);
		return 2;
	}
	if ((in = fopen(argv[2], "r")) == NULL)
		return 2;
	while (n < 10000 && fgets(line, sizeof line, in)) {
		line[strcspn(line, "\n")] = '\0';
		if (*line)
			qs[n++] = strdup(line);
	}
	fclose(in);
	c = mysql_init(NULL);
	if (!mysql_real_connect(c, "127.0.0.1", "", "", NULL,
	                        (unsigned)atoi(argv[1]), NULL, 0)) {
		fprintf(stderr, "sphinx-qps: %s\n", mysql_error(c));
		return 2;
	}
	for (size_t i = 0; i < n; i++)
		rows += run(c, qs[i]);
	if ((out = fopen(argv[4], "w")) == NULL)
		return 2;
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < n; i++) {
			double t = now();

			rows += run(c, qs[i]);
			t = now() - t;
			total += t;
			fprintf(out, "%.9f\n", t);
		}
	fclose(out);
	printf("sphinx-qps: %zu queries x %d rounds in %.3f s: %.0f queries/s "
	       "(%lu rows)\n", n, rounds, total, (double)n * rounds / total, rows);
	mysql_close(c);
	return 0;
}
