/* searcher.c - byline-search: parse options, search, render the results. */
#include "searcher.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
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
	bool exact_total;
	const char *like;
	const char *similar;
	const char *qid;
	const char *cgi;        /* --cgi REQUEST */
	bool bm25_set;          /* --bm25=K1,B */
	double bm25_k1, bm25_b;
	bl_stopwords_t stopwords;
	unsigned long_query;
	bl_feedback_t feedback;
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
"                     stemmed (leaving finds leave) unless Capitalised, and\n"
"                     common words (the, of...) are left out but in\n"
"                     phrases; if no article has them all, any-word ranking\n"
"                     is used. More than 3 words without operators,\n"
"                     fields or wildcards are prose: any word ranks,\n"
"                     Capitals are stemmed too, and feedback re-ranks\n"
"                     (--long-query, --feedback)\n"
"  \"exact phrase\"     the words next to each other, in order, as written\n"
"                     (in an index built with --terms=stems, phrases and\n"
"                     Capitalised words match every form too)\n"
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
"  -f, --format=FORMAT    text (default), json, trec (a TREC run), or\n"
"                         html (the web page, as a file)\n"
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
"      --exact-total      count every match, so the total (and each hit's\n"
"                         count of other versions) is exact; by default\n"
"                         counting stops 100 matches past the page and\n"
"                         the total may be an estimate (\"About N\n"
"                         results\", JSON \"total_exact\": false)\n"
"      --similar=ID       the versions of the article ID\n"
"      --like=ID          articles like the article ID (not its versions)\n"
"      --snippet-length=N about N bytes of text per snippet (default: 240)\n"
"      --qid=ID           query id for --format trec (default: 1)\n"
"      --cgi=REQUEST      answer REQUEST (a query string such as\n"
"                         'q=volcano&page=2') as the CGI program would,\n"
"                         headers and all; other options but --index are\n"
"                         ignored (see the README's Web section)\n"
"      --bm25=K1,B        BM25 parameters (default: 1.2,0.75)\n"
"      --stopwords=LIST   english (default for an English index) or none:\n"
"                         common words left out of ranked queries\n"
"      --long-query=N     a query of more than N words without operators\n"
"                         is prose: any-word ranking, case ignored\n"
"                         (default: 3; 'never' to turn off)\n"
"      --feedback=WHEN    pseudo-relevance feedback: re-rank with the words\n"
"                         that mark the best matches: auto (default: for\n"
"                         prose queries, see --long-query), always, never\n"
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

/* Reads "K1,B" (BM25's parameters). */
static bool
parse_bm25(const char *s, double *k1, double *b)
{
	char *end;

	errno = 0;
	*k1 = strtod(s, &end);
	if (errno || end == s || *end != ',' || !(*k1 >= 0 && *k1 <= 100))
		return false;
	s = end + 1;
	*b = strtod(s, &end);
	return !(errno || end == s || *end || !(*b >= 0 && *b <= 1));
}

enum {
	OPT_ANY = 256, OPT_SNIPPET, OPT_COLOR, OPT_INFO, OPT_SORT, OPT_RECENCY,
	OPT_NOW, OPT_DATE, OPT_AFTER, OPT_BEFORE, OPT_FACETS, OPT_TIMELINE,
	OPT_ALL_VERSIONS, OPT_LIKE, OPT_SIMILAR, OPT_QID, OPT_CGI, OPT_PARTIAL,
	OPT_TIMEOUT, OPT_BM25, OPT_STOPWORDS, OPT_LONG_QUERY, OPT_FEEDBACK,
	OPT_EXACT_TOTAL
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
	{ "exact-total", no_argument, NULL, OPT_EXACT_TOTAL },
	{ "like", required_argument, NULL, OPT_LIKE },
	{ "similar", required_argument, NULL, OPT_SIMILAR },
	{ "qid", required_argument, NULL, OPT_QID },
	{ "cgi", required_argument, NULL, OPT_CGI },
	{ "bm25", required_argument, NULL, OPT_BM25 },
	{ "stopwords", required_argument, NULL, OPT_STOPWORDS },
	{ "long-query", required_argument, NULL, OPT_LONG_QUERY },
	{ "feedback", required_argument, NULL, OPT_FEEDBACK },
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
				                 "a format (text, json, trec, html)");
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
		case OPT_EXACT_TOTAL: opt->exact_total = true; break;
		case OPT_LIKE: opt->like = optarg; break;
		case OPT_SIMILAR: opt->similar = optarg; break;
		case OPT_QID: opt->qid = optarg; break;
		case OPT_CGI: opt->cgi = optarg; break;
		case OPT_BM25:
			if (!parse_bm25(optarg, &opt->bm25_k1, &opt->bm25_b))
				return bad_value(err, "--bm25", optarg,
				                 "K1,B with K1 from 0 to 100 and B from "
				                 "0 to 1");
			opt->bm25_set = true;
			break;
		case OPT_STOPWORDS:
			if (strcmp(optarg, "english") == 0)
				opt->stopwords = BL_STOPWORDS_ENGLISH;
			else if (strcmp(optarg, "none") == 0)
				opt->stopwords = BL_STOPWORDS_NONE;
			else
				return bad_value(err, "--stopwords", optarg,
				                 "english or none");
			break;
		case OPT_LONG_QUERY:
			if (strcmp(optarg, "never") == 0)
				opt->long_query = UINT_MAX;
			else if (!parse_uint(optarg, 1000, &n) || n == 0)
				return bad_value(err, "--long-query", optarg,
				                 "a number of words from 1 to 1000, or "
				                 "never");
			else
				opt->long_query = n;
			break;
		case OPT_FEEDBACK:
			if (strcmp(optarg, "auto") == 0)
				opt->feedback = BL_FEEDBACK_DEFAULT;
			else if (strcmp(optarg, "always") == 0)
				opt->feedback = BL_FEEDBACK_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				opt->feedback = BL_FEEDBACK_NEVER;
			else
				return bad_value(err, "--feedback", optarg,
				                 "auto, always or never");
			break;
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

/* Decodes the hits' articles and makes their snippets (none when
 * snippet_len is 0). */
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
		if (snippet_len == 0)
			continue;       /* a TREC run shows no text */
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

/* --- CGI: one request in, one whole response out ------------------------ */

#define CGI_TIME_LIMIT 5.0          /* seconds, unless BYLINE_TIME_LIMIT */
#define CGI_MAX_TIME_LIMIT 300.0
#define CGI_MAX_WILDCARD 200        /* words one trailing * may expand to */
#define CGI_MAX_FILTER_QUERY 4096
#define CGI_MAX_INDEX_PATH 4096
#define CGI_DEFAULT_TITLE "Byline"

/* What the page shows beside the results. */
static const char *const cgi_facets[] = {
	"source", "category", "place", "author", "year"
};

bool
searcher_is_cgi(int argc, const searcher_env_t *env)
{
	if (env->gateway == NULL || *env->gateway == '\0')
		return false;
	return argc <= 1 || (env->query_string && *env->query_string &&
	                     strchr(env->query_string, '=') == NULL);
}

/* Parses BYLINE_TIME_LIMIT (NULL or "" for the default). */
static bool
time_limit(const char *s, double *limit)
{
	char *end;
	double v;

	*limit = CGI_TIME_LIMIT;
	if (s == NULL || *s == '\0')
		return true;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0 && v <= CGI_MAX_TIME_LIMIT))
		return false;
	*limit = v;
	return true;
}

/* The filter query: each facet filter and date as field:"value". */
static bool
request_filter(const cgi_request_t *req, bl_buf_t *f)
{
	const char *const dates[][2] = {
		{ "date", req->date }, { "after", req->after },
		{ "before", req->before },
	};
	size_t i;

	for (i = 0; i < req->nfilters; i++) {
		const bl_facet_def_t *def;

		def = bl_facet_find(req->filters[i].facet);
		if (def == NULL)
			return false;
		bl_buf_printf(f, "%s%s:\"%s\"", f->len ? " " : "", def->field,
		              req->filters[i].value);
	}
	for (i = 0; i < 3; i++)
		if (dates[i][1][0])
			bl_buf_printf(f, "%s%s:\"%s\"", f->len ? " " : "",
			              dates[i][0], dates[i][1]);
	return f->err == BL_OK;
}

/* The finest period that draws the matches in at most about 60 bars. */
static timeline_period_t
auto_period(const bl_results_t *res)
{
	int64_t first, last;

	if (res->ndays == 0 ||
	    bl_date_parse(res->days[0].value, strlen(res->days[0].value),
	                  &first) != BL_OK ||
	    bl_date_parse(res->days[res->ndays - 1].value,
	                  strlen(res->days[res->ndays - 1].value),
	                  &last) != BL_OK)
		return TIMELINE_MONTH;
	if (last - first < 60 * 86400)
		return TIMELINE_DAY;
	if (last - first < 60 * 30 * (int64_t)86400)
		return TIMELINE_MONTH;
	return TIMELINE_YEAR;
}

/* Which index the request searches: a name from the administrator's list,
 * else fallback ($BYLINE_INDEX, or --index from a shell), else the list's
 * first, else ./byline.idx. Sets *http and *msg when it cannot. */
static bool
request_index(const cgi_request_t *req, const searcher_env_t *env,
              const char *fallback, char *path, int *http,
              const char **msg, FILE *err)
{
	bl_status_t st;

	if (req->index[0] || ((fallback == NULL || *fallback == '\0') &&
	                      env->indexes && *env->indexes)) {
		st = cgi_index_lookup(env->indexes, req->index, path,
		                      CGI_MAX_INDEX_PATH);
		if (st == BL_OK)
			return true;
		if (st == BL_ERR_NOT_FOUND && req->index[0]) {
			*http = 400;
			*msg = "Unknown index.";
			return false;
		}
		fprintf(err, "byline-search: BYLINE_INDEXES: %s\n",
		        st == BL_ERR_LIMIT ? "a path is too long" :
		        "no usable name=path entry");
		*http = 500;
		*msg = "The search is not available right now.";
		return false;
	}
	snprintf(path, CGI_MAX_INDEX_PATH, "%s",
	         fallback && *fallback ? fallback : DEFAULT_INDEX);
	return true;
}

/* The HTTP status and the client's message for a failed search (the
 * details go to the server's log). */
static int
search_failure(bl_status_t st, bl_db_t *db, const char **msg)
{
	switch (st) {
	case BL_ERR_LOCKED:
	case BL_ERR_MODIFIED:
	case BL_ERR_NETWORK:
		*msg = "The archive is busy; try again in a moment.";
		return 503;
	case BL_ERR_QUERY_SYNTAX:
		/* the date the user typed, and the forms that work */
		*msg = bl_db_last_error(db);
		return 400;
	case BL_ERR_LIMIT:
		*msg = "A wildcard matches too many words; make it longer.";
		return 400;
	case BL_ERR_NOT_FOUND:
		*msg = "There is no article with that id.";
		return 404;
	case BL_ERR_INVALID:
		*msg = "The query is empty.";
		return 400;
	default:
		*msg = "The search is not available right now.";
		return 500;
	}
}

/* Writes the head and (but for HEAD) the body. */
static int
respond(FILE *out, const cgi_request_t *req, int http, const bl_buf_t *body)
{
	bl_buf_t head;
	int status = 0;

	bl_buf_init(&head, 0);
	cgi_head(&head, http, req->format);
	if (head.err != BL_OK ||
	    fwrite(head.data, 1, head.len, out) != head.len ||
	    (!req->head && body->len &&
	     fwrite(body->data, 1, body->len, out) != body->len) ||
	    fflush(out) != 0)
		status = SEARCHER_ERROR;
	bl_buf_free(&head);
	return status;
}

/* Answers one CGI request: from the environment env, or request (a query
 * string typed in a shell, with --cgi). fallback is the index unless the
 * request names one of the administrator's. Returns 0 once a response is
 * written, else SEARCHER_ERROR. */
static int
serve_cgi(const searcher_env_t *env, const char *request,
          const char *fallback, FILE *out, FILE *err)
{
	cgi_input_t in = { 0 };
	cgi_request_t req;
	cgi_error_t cerr;
	render_web_t web = { 0 };
	render_opts_t ropts = { false };
	render_page_t page = { 0 };
	bl_query_opts_t q = { 0 };
	render_hit_t *hits = NULL;
	bl_results_t *res = NULL;
	bl_db_t *db = NULL;
	bl_buf_t body, filter, label;
	timeline_t timeline = { NULL, 0, 0 };
	char path[CGI_MAX_INDEX_PATH];
	char *msg = NULL;
	const char *client_msg = NULL;
	double limit, start;
	int http = 200, status;
	size_t i;
	bl_status_t st;

	if (request) {
		in.method = "GET";
		in.query_string = request;
	} else {
		in.method = env->method;
		in.query_string = env->query_string;
		in.content_type = env->content_type;
		in.body = env->body;
		in.body_len = env->body_len;
		in.body_status = env->body_status;
	}
	bl_buf_init(&body, 0);
	bl_buf_init(&filter, CGI_MAX_FILTER_QUERY);
	bl_buf_init(&label, CGI_MAX_ID + 32);
	web.req = &req;
	web.self = env->script_name && !request ? env->script_name : "";
	web.url_template = env->url_template;
	web.title = env->page_title && *env->page_title ? env->page_title :
	                                                  CGI_DEFAULT_TITLE;
	web.header = env->header_html;
	web.footer = env->footer_html;
	web.stylesheet = env->stylesheet;
	web.indexes = env->indexes;
	ropts.web = &web;

	if (cgi_parse(&in, &req, &cerr) != BL_OK) {
		http = cerr.http;
		client_msg = cerr.msg;
		goto reply;
	}
	if (!time_limit(env->time_limit, &limit)) {
		fprintf(err, "byline-search: BYLINE_TIME_LIMIT: '%s' is not a "
		        "number of seconds above 0, at most 300\n",
		        env->time_limit);
		http = 500;
		client_msg = "The search is not available right now.";
		goto reply;
	}
	if (!request_index(&req, env, fallback, path, &http, &client_msg, err))
		goto reply;
	if (!req.q[0] && !req.similar[0]) {
		if (req.format == CGI_JSON) {
			http = 400;
			client_msg = "No query: give one with q=.";
			goto reply;
		}
		render_html(&body, &page, &ropts);      /* the empty form */
		goto reply;
	}
	if (!request_filter(&req, &filter)) {
		http = 413;
		client_msg = "The filters are too long.";
		goto reply;
	}
	start = now_seconds();
	st = bl_db_open(path, BL_DB_READ, &db, &msg);
	if (st != BL_OK) {
		fprintf(err, "byline-search: %s\n",
		        msg ? msg : bl_status_str(st));
		http = st == BL_ERR_LOCKED || st == BL_ERR_MODIFIED ||
		       st == BL_ERR_NETWORK ? 503 : 500;
		client_msg = http == 503 ?
		             "The archive is busy; try again in a moment." :
		             "The search is not available right now.";
		goto reply;
	}
	q.text = req.q[0] ? req.q : NULL;
	q.filter = bl_buf_cstr(&filter);
	q.offset = (req.page - 1) * req.per;
	q.limit = req.per;
	q.now = env->now;
	q.sort = req.sort;
	q.facets = cgi_facets;
	q.nfacets = sizeof cgi_facets / sizeof cgi_facets[0];
	q.timeline = true;
	q.suggest = true;
	q.relax = true;
	q.similar = req.similar[0] ? req.similar : NULL;
	q.max_wildcard = CGI_MAX_WILDCARD;
	q.time_limit = limit;
	st = bl_db_search(db, &q, &res);
	if (st == BL_OK)
		st = timeline_build(res->days, res->ndays, auto_period(res),
		                    &timeline);
	if (st == BL_OK) {
		hits = calloc(res->nhits + 1, sizeof *hits);
		st = hits ? prepare_hits(db, res, BL_SNIPPET_DEFAULT_LEN,
		                         hits) : BL_ERR_NOMEM;
	}
	if (st != BL_OK) {
		fprintf(err, "byline-search: %s: %s\n", path,
		        *bl_db_last_error(db) ? bl_db_last_error(db) :
		                                bl_status_str(st));
		http = search_failure(st, db, &client_msg);
		goto reply;
	}
	page.seconds = now_seconds() - start;
	if (page.seconds > limit) {
		fprintf(err, "byline-search: %s: the search took %.3f s, over "
		        "the limit of %g s (BYLINE_TIME_LIMIT)\n", path,
		        page.seconds, limit);
		http = 503;
		client_msg = "The search took too long; try fewer or more "
		             "precise words.";
		goto reply;
	}
	if (req.similar[0])
		bl_buf_printf(&label, "versions of %s", req.similar);
	page.query = req.similar[0] ? bl_buf_cstr(&label) : req.q;
	page.res = res;
	page.offset = q.offset;
	page.hits = hits;
	page.nhits = res->nhits;
	page.timeline = &timeline;
	if (req.format == CGI_JSON)
		render_json(&body, &page, &ropts);
	else
		render_html(&body, &page, &ropts);
	if (body.err != BL_OK) {
		fprintf(err, "byline-search: rendering the page: %s\n",
		        bl_status_str(body.err));
		http = 500;
		client_msg = "The search is not available right now.";
	}
reply:
	if (http != 200) {
		bl_buf_reset(&body);
		if (req.format == CGI_JSON)
			render_json_error(&body, http, client_msg);
		else
			render_html_error(&body, http, client_msg, &web);
	}
	status = respond(out, &req, http, &body);
	if (status != 0)
		fputs("byline-search: could not write the response\n", err);
	for (i = 0; hits && res && i < res->nhits; i++) {
		bl_article_clear(&hits[i].art);
		bl_snippet_clear(&hits[i].snip);
	}
	free(hits);
	free(msg);
	timeline_free(&timeline);
	bl_results_free(res);
	bl_db_close(db);
	bl_buf_free(&body);
	bl_buf_free(&filter);
	bl_buf_free(&label);
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

	if (searcher_is_cgi(argc, env))
		return serve_cgi(env, NULL, env->index, out, err);
	status = parse_args(argc, argv, env, &opt, out, err);
	if (status >= 0)
		return status;
	if (opt.cgi)
		return serve_cgi(env, opt.cgi, strcmp(opt.index, DEFAULT_INDEX) ?
		                 opt.index : NULL, out, err);
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
	q.exact_total = opt.exact_total;
	q.suggest = true;
	q.relax = true;
	q.like = opt.like;
	q.similar = opt.similar;
	q.bm25_set = opt.bm25_set;
	q.bm25_k1 = opt.bm25_k1;
	q.bm25_b = opt.bm25_b;
	q.stopwords = opt.stopwords;
	q.long_query = opt.long_query;
	q.feedback = opt.feedback;
	st = bl_db_search(db, &q, &res);
	if (st == BL_OK)
		st = timeline_build(res->days, res->ndays, opt.timeline, &timeline);
	if (st == BL_OK) {
		hits = calloc(res->nhits + 1, sizeof *hits);
		st = hits ? prepare_hits(db, res, strcmp(opt.format->name,
		                         "trec") == 0 ? 0 : opt.snippet_len, hits) :
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
