/* trec_eval_lite.c - prints MAP, nDCG@10, P@10 and recall@100 of a TREC run against TREC qrels. */
#include <stdio.h>
#include <string.h>

#include "eval.h"

static const char usage[] =
"Usage: trec_eval_lite [-q] QRELS RUN\n"
"Evaluates RUN (\"qid Q0 docid rank score tag\" lines) against QRELS\n"
"(\"qid 0 docid gain\" lines; gain > 0 is relevant, and nDCG uses it as\n"
"the gain) and prints the means over the queries that have a relevant\n"
"document, as trec_eval does: map, ndcg_cut_10, P_10, recall_100, and\n"
"num_q. A judged query missing from RUN counts as 0. -q also prints each\n"
"query's measures. Exit status: 0 on success, 2 on a usage or input error.\n";

static void
print_measures(FILE *out, const char *qid, const eval_measures_t *m)
{
	fprintf(out, "map\t%s\t%.4f\n", qid, m->ap);
	fprintf(out, "ndcg_cut_10\t%s\t%.4f\n", qid, m->ndcg10);
	fprintf(out, "P_10\t%s\t%.4f\n", qid, m->p10);
	fprintf(out, "recall_100\t%s\t%.4f\n", qid, m->r100);
}

static void
per_query(void *ctx, const char *qid, const eval_measures_t *m)
{
	print_measures(ctx, qid, m);
}

/* Opens and reads one input; prints the error and returns 0 on failure. */
static int
read_input(const char *path, int run, eval_qrels_t *q, eval_run_t *r)
{
	FILE *f = fopen(path, "r");
	eval_status_t st;
	size_t line = 0;

	if (f == NULL) {
		perror(path);
		return 0;
	}
	st = run ? eval_run_read(f, r, &line) : eval_qrels_read(f, q, &line);
	fclose(f);
	if (st != EVAL_OK) {
		fprintf(stderr, "trec_eval_lite: %s:%zu: %s\n", path, line,
		        eval_status_str(st));
		return 0;
	}
	return 1;
}

int
main(int argc, char **argv)
{
	eval_qrels_t q = { NULL, 0 };
	eval_run_t r = { NULL, 0 };
	eval_measures_t mean;
	size_t nq = 0;
	int each = 0, status = 2, a = 1;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	                 strcmp(argv[1], "--help") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "-q") == 0) {
		each = 1;
		a++;
	}
	if (argc - a != 2) {
		fputs(usage, stderr);
		return 2;
	}
	if (!read_input(argv[a], 0, &q, &r) || !read_input(argv[a + 1], 1, &q, &r))
		goto done;
	if (eval_run_score(&q, &r, each ? per_query : NULL, stdout, &mean,
	                   &nq) != EVAL_OK) {
		fputs("trec_eval_lite: out of memory\n", stderr);
		goto done;
	}
	print_measures(stdout, "all", &mean);
	printf("num_q\tall\t%zu\n", nq);
	status = 0;
done:
	eval_qrels_free(&q);
	eval_run_free(&r);
	return status;
}
