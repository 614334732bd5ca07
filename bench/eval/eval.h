/* eval.h - retrieval-quality measures over TREC runs and judgments: MAP,
 * nDCG@10, P@10 and recall@100, computed as trec_eval computes them.
 *
 * Ownership in one sentence: what eval_*_read fills you hand back to the
 * matching eval_*_free; everything else is plain values. */
#ifndef EVAL_H
#define EVAL_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum eval_status {
	EVAL_OK = 0,
	EVAL_ERR_NOMEM,         /* allocation failed */
	EVAL_ERR_IO,            /* reading failed */
	EVAL_ERR_INVALID,       /* a line that is not a qrels or run line */
	EVAL_ERR_LIMIT          /* a line, id or file over the caps below */
} eval_status_t;

/* Caps on untrusted input. */
#define EVAL_MAX_LINE 4096      /* bytes in one line */
#define EVAL_MAX_ID 255         /* bytes in a query or document id */
#define EVAL_MAX_ENTRIES 50000000 /* lines in one qrels or run file */

/* Short static English text for a status; never NULL. */
const char *eval_status_str(eval_status_t st);

/* The measures of one query, or their means. */
typedef struct eval_measures {
	double ap;              /* average precision */
	double ndcg10;          /* nDCG at 10, gains as judged (linear) */
	double p10;             /* precision at 10 (always out of 10) */
	double r100;            /* recall at 100 */
} eval_measures_t;

/* Computes the measures of one ranking. gains[0..n) are the judged gains
 * of the retrieved documents in rank order (0 for not relevant or not
 * judged); judged[0..nj) are the gains of every relevant document judged
 * for the query (all > 0), in any order. A query with no relevant
 * document scores 0 everywhere. Pure: no allocation, never fails. */
void eval_measures(const int *gains, size_t n, const int *judged, size_t nj,
                   eval_measures_t *m);

/* One qrels line: "qid iter docid gain" (TREC). */
typedef struct eval_judgment {
	char *qid;
	char *docid;
	int gain;
} eval_judgment_t;

/* One run line: "qid Q0 docid rank score tag" (TREC). */
typedef struct eval_result {
	char *qid;
	char *docid;
	double score;
	size_t line;            /* its line in the file */
} eval_result_t;

typedef struct eval_qrels {
	eval_judgment_t *j;     /* sorted by qid, then docid */
	size_t n;
} eval_qrels_t;

typedef struct eval_run {
	eval_result_t *r;       /* sorted by qid, then score descending, then
	                         * docid descending (trec_eval's order) */
	size_t n;
} eval_run_t;

/* Reads TREC qrels from f into q (which the caller later frees with
 * eval_qrels_free, whatever the status). Blank lines are skipped. On a bad
 * line *line (may be NULL) is its number. Returns EVAL_OK, EVAL_ERR_IO,
 * EVAL_ERR_INVALID, EVAL_ERR_LIMIT or EVAL_ERR_NOMEM. */
eval_status_t eval_qrels_read(FILE *f, eval_qrels_t *q, size_t *line);

/* Reads a TREC run from f into r, as eval_qrels_read; a document listed
 * twice for a query keeps its first line. The rank column is ignored:
 * like trec_eval, the order is by score. */
eval_status_t eval_run_read(FILE *f, eval_run_t *r, size_t *line);

void eval_qrels_free(eval_qrels_t *q);     /* NULL-safe */
void eval_run_free(eval_run_t *r);         /* NULL-safe */

/* Called for each judged query (one with a relevant document), in qid
 * order, with its measures; a judged query missing from the run scores 0.
 * Queries of the run that have no relevant document are not evaluated. */
typedef void (*eval_query_fn)(void *ctx, const char *qid,
                              const eval_measures_t *m);

/* Evaluates run against qrels: *mean receives the means over the judged
 * queries, *nqueries their number; fn (may be NULL) sees each query.
 * Returns EVAL_OK or EVAL_ERR_NOMEM. */
eval_status_t eval_run_score(const eval_qrels_t *q, const eval_run_t *r,
                             eval_query_fn fn, void *ctx,
                             eval_measures_t *mean, size_t *nqueries);

#ifdef __cplusplus
}
#endif

#endif
