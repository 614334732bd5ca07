/* qps_loop.c - the in-process query drivers' shared timing loop (see
 * qps_loop.h). */
#include "qps_loop.h"

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

int
qps_load(qps_t *qs, const char *prog, int argc, char **argv)
{
	char line[QPS_MAX_LINE];
	FILE *in;

	memset(qs, 0, sizeof *qs);
	if (argc != 5 || (qs->rounds = strtoul(argv[3], NULL, 10)) == 0) {
		fprintf(stderr, "usage: %s TARGET QUERIES ROUNDS OUT\n", prog);
		return 2;
	}
	qs->prog = prog;
	qs->out = argv[4];
	if ((in = fopen(argv[2], "r")) == NULL) {
		perror(argv[2]);
		return 2;
	}
	qs->queries = calloc(QPS_MAX_QUERIES, sizeof *qs->queries);
	while (qs->queries && qs->n < QPS_MAX_QUERIES &&
	       fgets(line, sizeof line, in)) {
		line[strcspn(line, "\n")] = '\0';
		if (*line && (qs->queries[qs->n] = strdup(line)) != NULL)
			qs->n++;
	}
	fclose(in);
	if (qs->queries == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 2;
	}
	return 0;
}

int
qps_loop(qps_t *qs, qps_run_fn *run, void *ctx, const char *work_unit)
{
	size_t work = 0, failed = 0;
	double total = 0;
	FILE *out;

	for (size_t i = 0; i < qs->n; i++)          /* warm-up */
		run(ctx, qs->queries[i], &work);
	if ((out = fopen(qs->out, "w")) != NULL) {
		for (unsigned long r = 0; r < qs->rounds; r++)
			for (size_t i = 0; i < qs->n; i++) {
				double t = now();
				int bad = run(ctx, qs->queries[i], &work);

				t = now() - t;
				total += t;
				fprintf(out, "%.9f\n", t);
				failed += bad != 0;
			}
		if (fclose(out) != 0)
			out = NULL;
	}
	if (out == NULL)
		perror(qs->out);
	else
		printf("%s: %zu queries x %lu rounds in %.3f s: %.0f queries/s "
		       "(%zu %s, %zu failed)\n", qs->prog, qs->n, qs->rounds, total,
		       total > 0 ? (double)(qs->n * qs->rounds) / total : 0.0,
		       work, work_unit, failed);
	for (size_t i = 0; i < qs->n; i++)
		free(qs->queries[i]);
	free(qs->queries);
	qs->queries = NULL;
	return out == NULL || failed ? 2 : 0;
}
