/* eval.c - MAP, nDCG@10, P@10 and recall@100 of TREC runs, as trec_eval computes them. */
#include "eval.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *
eval_status_str(eval_status_t st)
{
	switch (st) {
	case EVAL_OK: return "success";
	case EVAL_ERR_NOMEM: return "out of memory";
	case EVAL_ERR_IO: return "read error";
	case EVAL_ERR_INVALID: return "malformed line";
	case EVAL_ERR_LIMIT: return "line, id or file too long";
	}
	return "unknown status";
}

static int
cmp_gain_desc(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x < y) - (x > y);
}

void
eval_measures(const int *gains, size_t n, const int *judged, size_t nj,
              eval_measures_t *m)
{
	size_t i, found = 0, rel = 0;
	double sum_prec = 0, dcg = 0, idcg = 0;
	int ideal[10];
	size_t ni = 0;

	memset(m, 0, sizeof *m);
	for (i = 0; i < nj; i++)
		if (judged[i] > 0)
			rel++;
	if (rel == 0)
		return;
	for (i = 0; i < n; i++) {
		if (gains[i] <= 0)
			continue;
		found++;
		sum_prec += (double)found / (double)(i + 1);
		if (i < 10) {
			m->p10 += 1;
			dcg += gains[i] / log2((double)i + 2);
		}
		if (i < 100)
			m->r100 += 1;
	}
	/* The ideal ranking: the ten largest judged gains, best first. */
	for (i = 0; i < nj; i++) {
		size_t k;

		if (judged[i] <= 0)
			continue;
		if (ni < 10) {
			ideal[ni++] = judged[i];
		} else {
			for (k = 0; k < 10 && ideal[k] >= judged[i]; k++)
				;
			if (k < 10) {
				size_t smallest = 0;

				for (k = 1; k < 10; k++)
					if (ideal[k] < ideal[smallest])
						smallest = k;
				ideal[smallest] = judged[i];
			}
		}
	}
	qsort(ideal, ni, sizeof ideal[0], cmp_gain_desc);
	for (i = 0; i < ni; i++)
		idcg += ideal[i] / log2((double)i + 2);
	m->ap = sum_prec / (double)rel;
	m->ndcg10 = idcg > 0 ? dcg / idcg : 0;
	m->p10 /= 10;
	m->r100 /= (double)rel;
}

/* Splits line into at most max white-space separated fields; returns how
 * many there were (max + 1 when there were more). */
static size_t
split(char *line, char **field, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == 0)
			return n;
		if (n == max)
			return max + 1;
		field[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			p++;
		if (*p)
			*p++ = 0;
	}
}

static char *
dup_id(const char *s, eval_status_t *st)
{
	size_t len = strlen(s);
	char *d;

	if (len > EVAL_MAX_ID) {
		*st = EVAL_ERR_LIMIT;
		return NULL;
	}
	d = malloc(len + 1);
	if (d == NULL)
		*st = EVAL_ERR_NOMEM;
	else
		memcpy(d, s, len + 1);
	return d;
}

/* Grows *array of *cap elements of size to hold n + 1. */
static eval_status_t
grow(void **array, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return EVAL_OK;
	if (n >= EVAL_MAX_ENTRIES)
		return EVAL_ERR_LIMIT;
	ncap = *cap ? *cap * 2 : 256;
	p = realloc(*array, ncap * size);
	if (p == NULL)
		return EVAL_ERR_NOMEM;
	*array = p;
	*cap = ncap;
	return EVAL_OK;
}

/* Reads the next line of f into buf (EVAL_MAX_LINE + 2 bytes). Returns
 * EVAL_OK with *eof set at the end, or an error. */
static eval_status_t
next_line(FILE *f, char *buf, int *eof)
{
	size_t len;

	*eof = 0;
	if (fgets(buf, EVAL_MAX_LINE + 2, f) == NULL) {
		*eof = 1;
		return ferror(f) ? EVAL_ERR_IO : EVAL_OK;
	}
	len = strlen(buf);
	if (len > EVAL_MAX_LINE)
		return EVAL_ERR_LIMIT;
	return EVAL_OK;
}

/* Parses a whole decimal integer of modest size. */
static int
parse_int(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < -1000000 || v > 1000000)
		return 0;
	*out = (int)v;
	return 1;
}

/* Parses a finite number. */
static int
parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return !(errno || end == s || *end || !isfinite(*out));
}

static int
cmp_judgment(const void *a, const void *b)
{
	const eval_judgment_t *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);

	if (c == 0)
		c = strcmp(x->docid, y->docid);
	return c ? c : (x->gain < y->gain) - (x->gain > y->gain);
}

eval_status_t
eval_qrels_read(FILE *f, eval_qrels_t *q, size_t *line)
{
	char buf[EVAL_MAX_LINE + 2], *field[5];
	size_t cap = 0, lineno = 0, i, w;
	eval_status_t st = EVAL_OK;
	int eof;

	q->j = NULL;
	q->n = 0;
	for (;;) {
		eval_judgment_t *j;
		int gain;
		size_t nf;

		st = next_line(f, buf, &eof);
		if (st != EVAL_OK || eof)
			break;
		lineno++;
		nf = split(buf, field, 4);
		if (nf == 0)
			continue;
		if (nf != 4 || !parse_int(field[3], &gain)) {
			st = EVAL_ERR_INVALID;
			break;
		}
		st = grow((void **)&q->j, &cap, q->n, sizeof *q->j);
		if (st != EVAL_OK)
			break;
		j = &q->j[q->n];
		j->gain = gain;
		j->qid = dup_id(field[0], &st);
		j->docid = j->qid ? dup_id(field[2], &st) : NULL;
		if (j->docid == NULL) {
			free(j->qid);
			break;
		}
		q->n++;
	}
	if (line)
		*line = lineno;
	if (st != EVAL_OK || q->n == 0)
		return st;
	qsort(q->j, q->n, sizeof *q->j, cmp_judgment);
	/* A pair judged twice keeps its highest gain. */
	for (i = 1, w = 1; i < q->n; i++) {
		if (strcmp(q->j[i].qid, q->j[w - 1].qid) == 0 &&
		    strcmp(q->j[i].docid, q->j[w - 1].docid) == 0) {
			free(q->j[i].qid);
			free(q->j[i].docid);
		} else {
			q->j[w++] = q->j[i];
		}
	}
	q->n = w;
	return EVAL_OK;
}

/* trec_eval's order: by query, then score descending, then docid
 * descending (so that ties do not depend on the order of the file). */
static int
cmp_result(const void *a, const void *b)
{
	const eval_result_t *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);

	if (c)
		return c;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return -strcmp(x->docid, y->docid);
}

/* By query, then document, then position in the file. */
static int
cmp_result_doc(const void *a, const void *b)
{
	const eval_result_t *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);

	if (c == 0)
		c = strcmp(x->docid, y->docid);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

eval_status_t
eval_run_read(FILE *f, eval_run_t *r, size_t *line)
{
	char buf[EVAL_MAX_LINE + 2], *field[7];
	size_t cap = 0, lineno = 0, i, w;
	eval_status_t st = EVAL_OK;
	int eof;

	r->r = NULL;
	r->n = 0;
	for (;;) {
		eval_result_t *res;
		double score;
		size_t nf;

		st = next_line(f, buf, &eof);
		if (st != EVAL_OK || eof)
			break;
		lineno++;
		nf = split(buf, field, 6);
		if (nf == 0)
			continue;
		if (nf != 6 || !parse_double(field[4], &score)) {
			st = EVAL_ERR_INVALID;
			break;
		}
		st = grow((void **)&r->r, &cap, r->n, sizeof *r->r);
		if (st != EVAL_OK)
			break;
		res = &r->r[r->n];
		res->score = score;
		res->qid = dup_id(field[0], &st);
		res->docid = res->qid ? dup_id(field[2], &st) : NULL;
		if (res->docid == NULL) {
			free(res->qid);
			break;
		}
		res->line = lineno;
		r->n++;
	}
	if (line)
		*line = lineno;
	if (st != EVAL_OK || r->n == 0)
		return st;
	/* A document listed twice for a query keeps its first line. */
	qsort(r->r, r->n, sizeof *r->r, cmp_result_doc);
	for (i = 1, w = 1; i < r->n; i++) {
		if (strcmp(r->r[i].qid, r->r[w - 1].qid) == 0 &&
		    strcmp(r->r[i].docid, r->r[w - 1].docid) == 0) {
			free(r->r[i].qid);
			free(r->r[i].docid);
		} else {
			r->r[w++] = r->r[i];
		}
	}
	r->n = w;
	qsort(r->r, r->n, sizeof *r->r, cmp_result);
	return EVAL_OK;
}

void
eval_qrels_free(eval_qrels_t *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->n; i++) {
		free(q->j[i].qid);
		free(q->j[i].docid);
	}
	free(q->j);
	q->j = NULL;
	q->n = 0;
}

void
eval_run_free(eval_run_t *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->r[i].qid);
		free(r->r[i].docid);
	}
	free(r->r);
	r->r = NULL;
	r->n = 0;
}

/* The gain of docid among the judgments j[0..n) of one query, or 0. */
static int
gain_of(const eval_judgment_t *j, size_t n, const char *docid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(j[mid].docid, docid);

		if (c == 0)
			return j[mid].gain;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

eval_status_t
eval_run_score(const eval_qrels_t *q, const eval_run_t *r, eval_query_fn fn,
               void *ctx, eval_measures_t *mean, size_t *nqueries)
{
	size_t qi = 0, ri = 0, nq = 0;
	int *gains = NULL, *judged = NULL;
	size_t gcap = 0, jcap = 0;
	eval_status_t st = EVAL_OK;

	memset(mean, 0, sizeof *mean);
	while (qi < q->n) {
		const char *qid = q->j[qi].qid;
		size_t qend = qi, rend, n = 0, nj = 0, k;
		eval_measures_t m;

		while (qend < q->n && strcmp(q->j[qend].qid, qid) == 0)
			qend++;
		/* The run's block for qid: both lists are sorted by qid. */
		while (ri < r->n && strcmp(r->r[ri].qid, qid) < 0)
			ri++;
		rend = ri;
		while (rend < r->n && strcmp(r->r[rend].qid, qid) == 0)
			rend++;
		for (k = qi; k < qend; k++) {
			if (q->j[k].gain <= 0)
				continue;
			st = grow((void **)&judged, &jcap, nj, sizeof *judged);
			if (st != EVAL_OK)
				goto done;
			judged[nj++] = q->j[k].gain;
		}
		for (k = ri; k < rend; k++) {
			st = grow((void **)&gains, &gcap, n, sizeof *gains);
			if (st != EVAL_OK)
				goto done;
			gains[n++] = gain_of(&q->j[qi], qend - qi, r->r[k].docid);
		}
		if (nj > 0) {
			eval_measures(gains, n, judged, nj, &m);
			if (fn)
				fn(ctx, qid, &m);
			mean->ap += m.ap;
			mean->ndcg10 += m.ndcg10;
			mean->p10 += m.p10;
			mean->r100 += m.r100;
			nq++;
		}
		qi = qend;
		ri = rend;
	}
	if (nq) {
		mean->ap /= (double)nq;
		mean->ndcg10 /= (double)nq;
		mean->p10 /= (double)nq;
		mean->r100 /= (double)nq;
	}
done:
	*nqueries = nq;
	free(gains);
	free(judged);
	return st;
}
