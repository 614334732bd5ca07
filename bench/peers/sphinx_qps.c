/* sphinx_qps.c - the Sphinx peer's query loop: one SphinxQL connection to
 * searchd on the loopback, each query sent and its rows read, timed.
 * Sphinx 2.2 keeps no article text, so there are no snippets.
 *
 *   sphinx-qps PORT QUERIES ROUNDS OUT  (QUERIES: one SQL a line; protocol:
 *                                        bench/qps_loop.h) */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>

#include "qps_loop.h"

static int
run(void *ctx, char *q, size_t *rows)
{
	MYSQL *c = ctx;
	MYSQL_RES *r;

	if (mysql_query(c, q) != 0) {
		fprintf(stderr, "sphinx-qps: %s: %s\n", q, mysql_error(c));
		return 1;
	}
	if ((r = mysql_store_result(c)) != NULL) {
		while (mysql_fetch_row(r))
			(*rows)++;
		mysql_free_result(r);
	}
	while (mysql_next_result(c) == 0)
		mysql_free_result(mysql_store_result(c));
	return 0;
}

int
main(int argc, char **argv)
{
	qps_t qs;
	MYSQL *c;
	int status;

	if ((status = qps_load(&qs, "sphinx-qps", argc, argv)) != 0)
		return status;
	c = mysql_init(NULL);
	if (!mysql_real_connect(c, "127.0.0.1", "", "", NULL,
	                        (unsigned)atoi(argv[1]), NULL, 0)) {
		fprintf(stderr, "sphinx-qps: %s\n", mysql_error(c));
		return 2;
	}
	status = qps_loop(&qs, run, c, "rows");
	mysql_close(c);
	return status;
}
