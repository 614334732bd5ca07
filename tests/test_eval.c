/* test_eval.c - Check suite for bench/eval's measures: hand-computed rankings, run and qrels reading, and malformed input. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))
#define EPS 1e-6

/* Rankings whose measures were worked out by hand (see each comment):
 * gains of the retrieved documents in rank order, the judged gains, and
 * AP, nDCG@10, P@10, recall@100. */
static const struct {
	int gains[16];
	size_t n;
	int judged[16];
	size_t nj;
	eval_measures_t want;
} cases[] = {
	/* AP (1/1 + 2/3) / 3; DCG 1 + 1/log2(4) = 1.5 over IDCG
	 * 1 + 1/log2(3) + 1/log2(4) = 2.130930. */
	{ { 1, 0, 1, 0, 0 }, 5, { 1, 1, 1 }, 3,
	  { 0.555556, 0.703918, 0.2, 0.666667 } },
	/* Graded: AP (1 + 2/2 + 3/4) / 3; DCG 1 + 3/log2(3) + 2/log2(5)
	 * = 3.754142 over IDCG 3 + 2/log2(3) + 1/2 = 4.761860. */
	{ { 1, 3, 0, 2 }, 4, { 3, 2, 1 }, 3,
	  { 0.916667, 0.788377, 0.3, 1.0 } },
	/* The only relevant document at rank 11: outside every cut-off but
	 * recall@100; AP 1/11. */
	{ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 }, 12, { 1 }, 1,
	  { 0.090909, 0.0, 0.0, 1.0 } },
	/* 13 relevant, one of gain 4: the ideal ranking is 4 then nine 1s.
	 * AP (1 + 1 + 1 + 4/5) / 13; DCG 4 + 1/log2(3) + 1/2 + 1/log2(6)
	 * = 5.517783 over IDCG 7.543560. */
	{ { 4, 1, 1, 0, 1 }, 5, { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4 }, 13,
	  { 0.292308, 0.731456, 0.4, 0.307692 } },
	/* Perfect. */
	{ { 1, 1 }, 2, { 1, 1 }, 2, { 1.0, 1.0, 0.2, 1.0 } },
	/* Nothing relevant retrieved; nothing retrieved. */
	{ { 0, 0 }, 2, { 2 }, 1, { 0, 0, 0, 0 } },
	{ { 0 }, 0, { 1, 1 }, 2, { 0, 0, 0, 0 } },
	/* No relevant document judged: 0, not a division by zero; judged
	 * gains <= 0 do not count. */
	{ { 1 }, 1, { 0 }, 0, { 0, 0, 0, 0 } },
	{ { 1, 0 }, 2, { 1, 0, -1 }, 3, { 1.0, 1.0, 0.1, 1.0 } },
};

START_TEST(test_measures)
{
	eval_measures_t m;

	eval_measures(cases[_i].gains, cases[_i].n, cases[_i].judged,
	              cases[_i].nj, &m);
	ck_assert_double_eq_tol(m.ap, cases[_i].want.ap, EPS);
	ck_assert_double_eq_tol(m.ndcg10, cases[_i].want.ndcg10, EPS);
	ck_assert_double_eq_tol(m.p10, cases[_i].want.p10, EPS);
	ck_assert_double_eq_tol(m.r100, cases[_i].want.r100, EPS);
}
END_TEST

static FILE *
text_file(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	ck_assert_ptr_nonnull(f);
	return f;
}

typedef struct seen {
	char qids[8][16];
	eval_measures_t m[8];
	int n;
} seen_t;

static void
collect(void *ctx, const char *qid, const eval_measures_t *m)
{
	seen_t *s = ctx;

	ck_assert_int_lt(s->n, 8);
	snprintf(s->qids[s->n], sizeof s->qids[0], "%s", qid);
	s->m[s->n++] = *m;
}

/* Query 1: the run orders d3 (5.0), then d2 and d1 tied at 4.0 (a tie
 * goes to the larger docid, as in trec_eval), whatever the rank column;
 * d1's second line is ignored (else it would rank first). Gains 0 1 1:
 * AP (1/2 + 2/3) / 2. Query 2 is judged but not in the run: 0. Query 3
 * has no relevant document: not evaluated. */
static const char qrels_text[] =
	"1 0 d1 1\n"
	"1 0 d2 1\n"
	"\n"
	"1 0 d9 0\n"
	"2 0 d5 2\n"
	"3 0 d7 0\n";
static const char run_text[] =
	"1 Q0 d3 3 5.0 x\n"
	"1 Q0 d1 1 4.0 x\n"
	"1 Q0 d2 2 4 x\n"
	"1 Q0 d1 4 9.0 x\n"
	"3 Q0 d7 1 1.0 x\n";

START_TEST(test_run_score)
{
	eval_qrels_t q;
	eval_run_t r;
	eval_measures_t mean;
	seen_t s = { .n = 0 };
	size_t nq = 0, line = 0;
	FILE *f;

	f = text_file(qrels_text);
	ck_assert_int_eq(eval_qrels_read(f, &q, &line), EVAL_OK);
	fclose(f);
	ck_assert_uint_eq(q.n, 5);
	f = text_file(run_text);
	ck_assert_int_eq(eval_run_read(f, &r, &line), EVAL_OK);
	fclose(f);
	ck_assert_uint_eq(r.n, 4);
	ck_assert_str_eq(r.r[0].docid, "d3");
	ck_assert_str_eq(r.r[1].docid, "d2");
	ck_assert_str_eq(r.r[2].docid, "d1");
	ck_assert_double_eq(r.r[2].score, 4.0);
	ck_assert_int_eq(eval_run_score(&q, &r, collect, &s, &mean, &nq),
	                 EVAL_OK);
	ck_assert_uint_eq(nq, 2);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.qids[0], "1");
	ck_assert_str_eq(s.qids[1], "2");
	ck_assert_double_eq_tol(s.m[0].ap, 0.583333, EPS);
	ck_assert_double_eq_tol(s.m[0].ndcg10, 0.693426, EPS);
	ck_assert_double_eq_tol(s.m[1].ap, 0, EPS);
	ck_assert_double_eq_tol(mean.ap, 0.291667, EPS);
	ck_assert_double_eq_tol(mean.ndcg10, 0.346713, EPS);
	ck_assert_double_eq_tol(mean.p10, 0.1, EPS);
	ck_assert_double_eq_tol(mean.r100, 0.5, EPS);
	eval_qrels_free(&q);
	eval_run_free(&r);
}
END_TEST

/* Empty inputs: no query, means 0. */
START_TEST(test_empty)
{
	eval_qrels_t q;
	eval_run_t r;
	eval_measures_t mean;
	size_t nq = 1;
	FILE *f;

	f = text_file("\n\n");
	ck_assert_int_eq(eval_qrels_read(f, &q, NULL), EVAL_OK);
	fclose(f);
	f = text_file("");
	ck_assert_int_eq(eval_run_read(f, &r, NULL), EVAL_OK);
	fclose(f);
	ck_assert_int_eq(eval_run_score(&q, &r, NULL, NULL, &mean, &nq),
	                 EVAL_OK);
	ck_assert_uint_eq(nq, 0);
	ck_assert_double_eq(mean.ap, 0);
	eval_qrels_free(&q);
	eval_run_free(&r);
	eval_qrels_free(NULL);
	eval_run_free(NULL);
}
END_TEST

/* Malformed lines: the status and the number of the bad line. */
static const struct {
	int run;
	const char *text;
	eval_status_t want;
	size_t line;
} bad_cases[] = {
	{ 0, "1 0 d1 1\n1 0 d2\n", EVAL_ERR_INVALID, 2 },
	{ 0, "1 0 d1 x\n", EVAL_ERR_INVALID, 1 },
	{ 0, "1 0 d1 1 extra\n", EVAL_ERR_INVALID, 1 },
	{ 1, "1 Q0 d1 1 0.5 x\n1 Q0 d2 2 high x\n", EVAL_ERR_INVALID, 2 },
	{ 1, "1 Q0 d1 1 nan x\n", EVAL_ERR_INVALID, 1 },
	{ 1, "1 Q0 d1 1 0.5\n", EVAL_ERR_INVALID, 1 },
};

START_TEST(test_bad)
{
	eval_qrels_t q;
	eval_run_t r;
	size_t line = 0;
	FILE *f = text_file(bad_cases[_i].text);

	if (bad_cases[_i].run) {
		ck_assert_int_eq(eval_run_read(f, &r, &line), bad_cases[_i].want);
		eval_run_free(&r);
	} else {
		ck_assert_int_eq(eval_qrels_read(f, &q, &line),
		                 bad_cases[_i].want);
		eval_qrels_free(&q);
	}
	ck_assert_uint_eq(line, bad_cases[_i].line);
	fclose(f);
}
END_TEST

/* Caps: an id longer than EVAL_MAX_ID, a line longer than EVAL_MAX_LINE. */
START_TEST(test_limits)
{
	char *text = malloc(EVAL_MAX_LINE + 64);
	eval_qrels_t q;
	eval_run_t r;
	FILE *f;

	ck_assert_ptr_nonnull(text);
	memset(text, 'd', EVAL_MAX_ID + 1);
	snprintf(text + EVAL_MAX_ID + 1, 32, " 0 d1 1\n");
	f = text_file(text);
	ck_assert_int_eq(eval_qrels_read(f, &q, NULL), EVAL_ERR_LIMIT);
	fclose(f);
	eval_qrels_free(&q);
	memset(text, ' ', EVAL_MAX_LINE + 1);
	snprintf(text + EVAL_MAX_LINE + 1, 32, "1 Q0 d1 1 1 x\n");
	f = text_file(text);
	ck_assert_int_eq(eval_run_read(f, &r, NULL), EVAL_ERR_LIMIT);
	fclose(f);
	eval_run_free(&r);
	/* Exactly EVAL_MAX_ID is fine. */
	memset(text, 'd', EVAL_MAX_ID);
	snprintf(text + EVAL_MAX_ID, 32, " Q0 d1 1 1 x\n");
	f = text_file(text);
	ck_assert_int_eq(eval_run_read(f, &r, NULL), EVAL_OK);
	ck_assert_uint_eq(r.n, 1);
	fclose(f);
	eval_run_free(&r);
	free(text);
	ck_assert_str_eq(eval_status_str(EVAL_ERR_LIMIT),
	                 "line, id or file too long");
}
END_TEST

static Suite *
eval_suite(void)
{
	Suite *s = suite_create("eval");
	TCase *core = tcase_create("core");
	TCase *errors = tcase_create("errors");
	TCase *limits = tcase_create("limits");

	tcase_add_loop_test(core, test_measures, 0, COUNT(cases));
	tcase_add_test(core, test_run_score);
	tcase_add_test(core, test_empty);
	suite_add_tcase(s, core);
	tcase_add_loop_test(errors, test_bad, 0, COUNT(bad_cases));
	suite_add_tcase(s, errors);
	tcase_add_test(limits, test_limits);
	suite_add_tcase(s, limits);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(eval_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
