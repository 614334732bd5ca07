/* searcher.c - byline-search: parse options, search, render the results. */
#include "searcher.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bl_date.h"
#include "bl_db.h"
#include "bl_schema.h"
#include "bl_snippet.h"
#include "info.h"
#include "timeline.h"
#include "render.h"

#define DEFAULT_INDEX "byline.idx"
#define DEFAULT_LIMIT 10
#define MAX_LIMIT 10000
#define MAX_OFFSET 1000000
#define MAX_QUERY 8192
#define MAX_SNIPPET 4096

#define MAX_FACETS 8
#define MAX_FILTER 1024

typedef struct options {
	const char *index;
	const renderer_t *format;
	unsigned limit;
	unsigned offset;
	size_t snippet_len;
	bool match_any;
	bool info;
	int color;              /* -1 auto, 0 never, 1 always */
	bl_sort_t sort;
	double recency;         /* half-life in seconds, 0 for none */
	int64_t now;
	bool now_set;
	char filter[MAX_FILTER];   /* date:/after:/before: from options */
	char facet_list[256];
	const char *facets[MAX_FACETS];
	size_t nfacets;
	timeline_period_t timeline;
	bool all_versions;
	const char *like;
	const char *similar;
	const char *qid;
	bl_open_opts_t open;    /* --allow-partial, --timeout */
} options_t;

static const char usage_text[] =
"Usage: byline-search [--index PATH] [OPTION]... QUERY...\n"
"   or: byline-search [--index PATH] [OPTION]... --like ID | --similar ID\n"
"   or: byline-search [--index PATH] --info [--format json]\n"
"Search a Byline index and print the best matching articles with a snippet\n"
"in which the matched words are highlighted. The words of QUERY are joined\n"
"with spaces.\n"
"\n"
"Query syntax:\n"
"  word word          articles with all the words, ranked by BM25; words are\n"
"                     stemmed (leaving finds leave) unless Capitalised; if\n"
"                     no article has them all, any-word ranking is used\n"
"  \"exact phrase\"     the words next to each other, in order\n"
"  a AND b, a OR b    both / either (operators in capitals)\n"
"  a NOT b, a -b      a without b;  +a  a is required\n"
"  a NEAR b           a within 10 words of b (NEAR/3 for 3)\n"
"  ( ... )            grouping;  anthrop*  words starting so (bounded)\n"
"  title:word         the word in the headline (title:\"a phrase\" too)\n"
"  author:name        the word in the byline\n"
"  source:S category:C (or topic:C) place:P language:L url:U id:ID\n"
"                     exact filters, case-insensitive except url and id\n"
"  date:2024  date:2024-08  date:2024-08-07  date:2024-08-01..2024-08-31\n"
"  date:..1987-03-01  date:7d  date:last-week  date:today  (UTC)\n"
"  after:DATE  before:DATE  from the start of DATE on / before it\n"
"A query that does not parse is searched as plain words. Options may come\n"
"anywhere; put -- before a query whose first word starts with '-'.\n"
"\n"
"Options:\n"
"  -i, --index=PATH       index to search (default: $BYLINE_INDEX, else\n"
"                         ./" DEFAULT_INDEX ")\n"
"  -f, --format=FORMAT    text (default), json, or trec (a TREC run)\n"
"  -n, --limit=N          show N results (default: 10, at most 10000)\n"
"  -o, --offset=N         skip the first N results (for paging)\n"
"      --any              rank articles with any of the words, not all\n"
"      --sort=ORDER       relevance (default), newest or oldest\n"
"      --recency=HALFLIFE blend freshness into relevance: a bonus that\n"
"                         halves every HALFLIFE (e.g. 30d, 12h, 2w)\n"
"      --date=SPEC, --after=DATE, --before=DATE   as date:, after:, before:\n"
"      --now=DATE         the time relative dates count from (default: now)\n"
"      --facets=LIST      count the values of source, category, author,\n"
"                         place, year, month over all the matches\n"
"      --timeline[=PER]   matches per day, week, month (default) or year\n"
"      --all-versions     show every version of a story (by default\n"
"                         near-identical articles fold into the best one)\n"
"      --similar=ID       the versions of the article ID\n"
"      --like=ID          articles like the article ID (not its versions)\n"
"      --snippet-length=N about N bytes of text per snippet (default: 240)\n"
"      --qid=ID           query id for --format trec (default: 1)\n"
"      --allow-partial    with a shard set: search the shards that answer\n"
"                         and say which did not, instead of failing\n"
"      --timeout=MS       with remote shards: give up on a shard after MS\n"
"                         milliseconds (default: 10000)\n"
"      --info             describe the index instead of searching it:\n"
"                         documents, files, language, dates, size, fields\n"
"      --color=WHEN       highlight with colour: auto (default: when output\n"
"                         is a terminal and NO_COLOR is not set), always,\n"
"                         never; without colour matches are [bracketed]\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"JSON output: {\"query\", \"total\", \"total_exact\", \"offset\", \"fallback\",\n"
"\"relaxed\", \"suggestion\", \"seconds\", \"facets\", \"timeline\", \"hits\":\n"
"[{\"rank\", \"id\", \"title\", \"author\", \"date\", \"path\", \"source\",\n"
"\"categories\", \"places\", \"url\", \"language\", \"score\", \"percent\",\n"
"\"duplicates\", \"snippet\", \"highlights\", \"snippet_html\"}]}; highlights\n"
"are [start, end) offsets in code points into snippet.\n"
"\n"
"Exit status: 0 if something matched, 1 if nothing did, 2 on a usage error,\n"
"a date filter or wildcard that cannot be used, or when the index is\n"
"missing or cannot be read.\n";

static bool
parse_uint(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

enum {
	OPT_ANY = 256, OPT_SNIPPET, OPT_COLOR, OPT_INFO, OPT_SORT, OPT_RECENCY,
	OPT_NOW, OPT_DATE, OPT_AFTER, OPT_BEFORE, OPT_FACETS, OPT_TIMELINE,
	OPT_ALL_VERSIONS, OPT_LIKE, OPT_SIMILAR, OPT_QID, OPT_PARTIAL,
	OPT_TIMEOUT
};

static const struct option long_opts[] = {
	{ "index", required_argument, NULL, 'i' },
	{ "format", required_argument, NULL, 'f' },
	{ "limit", required_argument, NULL, 'n' },
	{ "offset", required_argument, NULL, 'o' },
	{ "any", no_argument, NULL, OPT_ANY },
	{ "snippet-length", required_argument, NULL, OPT_SNIPPET },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "info", no_argument, NULL, OPT_INFO },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "recency", required_argument, NULL, OPT_RECENCY },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "after", required_argument, NULL, OPT_AFTER },
	{ "before", required_argument, NULL, OPT_BEFORE },
	{ "facets", required_argument, NULL, OPT_FACETS },
	{ "timeline", optional_argument, NULL, OPT_TIMELINE },
	{ "all-versions", no_argument, NULL, OPT_ALL_VERSIONS },
	{ "like", required_argument, NULL, OPT_LIKE },
	{ "similar", required_argument, NULL, OPT_SIMILAR },
	{ "qid", required_argument, NULL, OPT_QID },
	{ "allow-partial", no_argument, NULL, OPT_PARTIAL },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int
bad_value(FILE *err, const char *opt, const char *value, const char *want)
{
	fprintf(err, "byline-search: %s: '%s' is not %s\n"
	        "Try 'byline-search --help'.\n", opt, value, want);
	return SEARCHER_ERROR;
}

/* Parses a duration such as 30d, 12h, 2w, 1y into seconds. */
static bool
parse_duration(const char *s, double *secs)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || v <= 0)
		return false;
	switch (*end) {
	case 's': v *= 1; break;
	case 'h': v *= 3600; break;
	case 'd': v *= 86400; break;
	case 'w': v *= 7 * 86400; break;
	case 'y': v *= 365.25 * 86400; break;
	default: return false;
	}
	if (end[1] != '\0')
		return false;
	*secs = v;
	return true;
}

/* Adds field:"spec" to the options' filter query. */
static bool
add_filter(options_t *opt, const char *field, const char *spec)
{
	size_t n = strlen(opt->filter);

	if (strchr(spec, '"'))
		return false;
	return snprintf(opt->filter + n, sizeof opt->filter - n, "%s%s:\"%s\"",
	                n ? " " : "", field, spec) < (int)(sizeof opt->filter - n);
}

/* Splits the comma-separated facet names, checking each. */
static bool
split_facets(options_t *opt, const char *list, FILE *err)
{
	char *p, *save = NULL;

	if (snprintf(opt->facet_list, sizeof opt->facet_list, "%s", list) >=
	    (int)sizeof opt->facet_list)
		return false;
	opt->nfacets = 0;
	for (p = strtok_r(opt->facet_list, ",", &save); p;
	     p = strtok_r(NULL, ",", &save)) {
		if (bl_facet_find(p) == NULL || opt->nfacets == MAX_FACETS) {
			fprintf(err, "byline-search: --facets: unknown facet '%s' "
			        "(known: source, category, author, place, year, "
			        "month)\n", p);
			return false;
		}
		opt->facets[opt->nfacets++] = p;
	}
	return opt->nfacets > 0;
}

/* Parses argv into opt; returns -1 to go on, else an exit status. */
static int
parse_args(int argc, char **argv, const searcher_env_t *env, options_t *opt,
           FILE *out, FILE *err)
{
	unsigned n;
	int c;

	opt->index = env->index && *env->index ? env->index : DEFAULT_INDEX;
	opt->format = render_find("text");
	opt->limit = DEFAULT_LIMIT;
	opt->snippet_len = BL_SNIPPET_DEFAULT_LEN;
	opt->color = -1;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "i:f:n:o:hV", long_opts,
	                        NULL)) != -1) {
		switch (c) {
		case 'i': opt->index = optarg; break;
		case 'f':
			opt->format = render_find(optarg);
			if (opt->format == NULL)
				return bad_value(err, "--format", optarg,
				                 "a format (text, json, trec)");
			break;
		case 'n':
			if (!parse_uint(optarg, MAX_LIMIT, &opt->limit))
				return bad_value(err, "--limit", optarg,
				                 "a number from 0 to 10000");
			break;
		case 'o':
			if (!parse_uint(optarg, MAX_OFFSET, &opt->offset))
				return bad_value(err, "--offset", optarg,
				                 "a number from 0 to 1000000");
			break;
		case OPT_ANY: opt->match_any = true; break;
		case OPT_INFO: opt->info = true; break;
		case OPT_SORT:
			if (strcmp(optarg, "relevance") == 0)
				opt->sort = BL_SORT_RELEVANCE;
			else if (strcmp(optarg, "newest") == 0)
				opt->sort = BL_SORT_NEWEST;
			else if (strcmp(optarg, "oldest") == 0)
				opt->sort = BL_SORT_OLDEST;
			else
				return bad_value(err, "--sort", optarg,
				                 "relevance, newest or oldest");
			break;
		case OPT_RECENCY:
			if (!parse_duration(optarg, &opt->recency))
				return bad_value(err, "--recency", optarg,
				                 "a half-life such as 30d, 12h, 2w");
			break;
		case OPT_NOW: {
			int64_t t;

			if (bl_date_parse(optarg, strlen(optarg), &t) != BL_OK)
				return bad_value(err, "--now", optarg,
				                 "a date such as 2024-08-07T12:00:00Z");
			opt->now = t;
			opt->now_set = true;
			break;
		}
		case OPT_DATE:
		case OPT_AFTER:
		case OPT_BEFORE:
			if (!add_filter(opt, c == OPT_DATE ? "date" :
			                     c == OPT_AFTER ? "after" : "before",
			                optarg))
				return bad_value(err, c == OPT_DATE ? "--date" :
				                 c == OPT_AFTER ? "--after" : "--before",
				                 optarg, "a usable date filter");
			break;
		case OPT_FACETS:
			if (!split_facets(opt, optarg, err))
				return bad_value(err, "--facets", optarg,
				                 "a list such as source,category,year");
			break;
		case OPT_TIMELINE:
			opt->timeline = timeline_parse(optarg ? optarg : "month");
			if (opt->timeline == TIMELINE_NONE)
				return bad_value(err, "--timeline", optarg,
				                 "day, week, month or year");
			break;
		case OPT_ALL_VERSIONS: opt->all_versions = true; break;
		case OPT_LIKE: opt->like = optarg; break;
		case OPT_SIMILAR: opt->similar = optarg; break;
		case OPT_QID: opt->qid = optarg; break;
		case OPT_PARTIAL: opt->open.allow_partial = true; break;
		case OPT_TIMEOUT:
			if (!parse_uint(optarg, 600000, &n) || n == 0)
				return bad_value(err, "--timeout", optarg,
				                 "milliseconds from 1 to 600000");
			opt->open.timeout_ms = n;
			break;
		case OPT_SNIPPET:
			if (!parse_uint(optarg, MAX_SNIPPET, &n) || n < 20)
				return bad_value(err, "--snippet-length", optarg,
				                 "a number from 20 to 4096");
			opt->snippet_len = n;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				opt->color = -1;
			else if (strcmp(optarg, "always") == 0)
				opt->color = 1;
			else if (strcmp(optarg, "never") == 0)
				opt->color = 0;
			else
				return bad_value(err, "--color", optarg,
				                 "auto, always or never");
			break;
		case 'h': fputs(usage_text, out); return SEARCHER_HITS;
		case 'V': fputs("byline-search " BYLINE_VERSION "\n", out);
			return SEARCHER_HITS;
		default:
			if (optopt && optopt < 256)
				fprintf(err, "byline-search: bad option -%c\n", optopt);
			else
				fprintf(err, "byline-search: bad option '%s'\n",
				        argv[optind - 1]);
			fputs("Try 'byline-search --help'.\n", err);
			return SEARCHER_ERROR;
		}
	}
	if (opt->color < 0)
		opt->color = env->out_is_tty && !env->no_color;
	if (!opt->now_set)
		opt->now = env->now;
	return -1;
}

/* Joins the query words with spaces into q (capped). */
static bool
join_query(int argc, char **argv, bl_buf_t *q)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (i)
			bl_buf_putc(q, ' ');
		bl_buf_puts(q, argv[i]);
	}
	return q->err == BL_OK;
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Decodes the hits' articles and makes their snippets. */
static bl_status_t
prepare_hits(bl_db_t *db, const bl_results_t *res, size_t snippet_len,
             render_hit_t *hits)
{
	size_t i;
	bl_status_t st = BL_OK;

	for (i = 0; i < res->nhits && st == BL_OK; i++) {
		render_hit_t *h = &hits[i];
		const char *text;

		h->hit = &res->hits[i];
		bl_article_init(&h->art);
		st = bl_article_decode(h->hit->data, h->hit->data_len, &h->art);
		if (st != BL_OK)
			break;
		text = h->art.body ? h->art.body : h->art.title ? h->art.title : "";
		st = bl_snippet_make(db, text, strlen(text), &h->hit->terms,
		                     snippet_len, &h->snip);
	}
	return st;
}

/* byline-search --info. */
static int
show_info(const options_t *opt, FILE *out, FILE *err)
{
	bl_db_t *db = NULL;
	bl_buf_t text;
	char *msg = NULL;
	bl_status_t st;
	int status = SEARCHER_HITS;

	st = bl_db_open(opt->index, BL_DB_READ, &db, &msg);
	if (st != BL_OK) {
		fprintf(err, "byline-search: %s\n", msg ? msg : bl_status_str(st));
		free(msg);
		return SEARCHER_ERROR;
	}
	bl_buf_init(&text, 0);
	st = info_render(db, opt->index, strcmp(opt->format->name, "json") == 0,
	                 &text);
	if (st == BL_OK) {
		fwrite(text.data, 1, text.len, out);
	} else {
		fprintf(err, "byline-search: %s: %s\n", opt->index,
		        bl_db_last_error(db));
		status = SEARCHER_ERROR;
	}
	bl_buf_free(&text);
	bl_db_close(db);
	return status;
}

int
searcher_main(int argc, char **argv, const searcher_env_t *env, FILE *out,
              FILE *err)
{
	options_t opt = { 0 };
	bl_query_opts_t q = { 0 };
	render_opts_t ropts = { false };
	render_page_t page = { 0 };
	render_hit_t *hits = NULL;
	bl_results_t *res = NULL;
	bl_db_t *db = NULL;
	bl_buf_t query, text;
	timeline_t timeline = { NULL, 0, 0 };
	char *msg = NULL;
	double start;
	int status;
	size_t i;
	bl_status_t st;

	status = parse_args(argc, argv, env, &opt, out, err);
	if (status >= 0)
		return status;
	bl_buf_init(&query, MAX_QUERY);
	bl_buf_init(&text, 0);
	if (opt.info) {
		status = show_info(&opt, out, err);
		goto done;
	}
	if (optind >= argc && !opt.like && !opt.similar) {
		fputs("byline-search: no query given\n"
		      "Try 'byline-search --help'.\n", err);
		status = SEARCHER_ERROR;
		goto done;
	}
	if (!join_query(argc - optind, argv + optind, &query)) {
		fprintf(err, "byline-search: query longer than %d bytes\n",
		        MAX_QUERY);
		status = SEARCHER_ERROR;
		goto done;
	}
	start = now_seconds();
	st = bl_db_open_ex(opt.index, BL_DB_READ, &opt.open, &db, &msg);
	if (st != BL_OK) {
		fprintf(err, "byline-search: %s\n", msg ? msg : bl_status_str(st));
		status = SEARCHER_ERROR;
		goto done;
	}
	q.text = bl_buf_cstr(&query);
	q.filter = opt.filter;
	q.offset = opt.offset;
	q.limit = opt.limit;
	q.match_any = opt.match_any;
	q.now = opt.now;
	q.sort = opt.sort;
	q.recency = opt.recency;
	q.facets = opt.facets;
	q.nfacets = opt.nfacets;
	q.timeline = opt.timeline != TIMELINE_NONE;
	q.all_versions = opt.all_versions;
	q.suggest = true;
	q.relax = true;
	q.like = opt.like;
	q.similar = opt.similar;
	st = bl_db_search(db, &q, &res);
	if (st == BL_OK)
		st = timeline_build(res->days, res->ndays, opt.timeline, &timeline);
	if (st == BL_OK) {
		hits = calloc(res->nhits + 1, sizeof *hits);
		st = hits ? prepare_hits(db, res, opt.snippet_len, hits) :
		            BL_ERR_NOMEM;
	}
	if (st != BL_OK) {
		fprintf(err, "byline-search: %s: %s\n", opt.index,
		        *bl_db_last_error(db) ? bl_db_last_error(db) :
		                                bl_status_str(st));
		status = SEARCHER_ERROR;
		goto done;
	}
	if (opt.like || opt.similar) {
		bl_buf_reset(&query);
		bl_buf_printf(&query, "%s %s", opt.like ? "like" : "versions of",
		              opt.like ? opt.like : opt.similar);
	}
	page.query = bl_buf_cstr(&query);
	page.res = res;
	page.offset = opt.offset;
	page.hits = hits;
	page.nhits = res->nhits;
	page.seconds = now_seconds() - start;
	page.timeline = &timeline;
	ropts.color = opt.color > 0;
	ropts.qid = opt.qid;
	opt.format->render(&text, &page, &ropts);
	if (text.err != BL_OK) {
		fprintf(err, "byline-search: %s\n", bl_status_str(text.err));
		status = SEARCHER_ERROR;
		goto done;
	}
	fwrite(text.data, 1, text.len, out);
	status = res->total > 0 ? SEARCHER_HITS : SEARCHER_NONE;
done:
	for (i = 0; hits && res && i < res->nhits; i++) {
		bl_article_clear(&hits[i].art);
		bl_snippet_clear(&hits[i].snip);
	}
	free(hits);
	free(msg);
	timeline_free(&timeline);
	bl_results_free(res);
	bl_db_close(db);
	bl_buf_free(&query);
	bl_buf_free(&text);
	return status;
}
