/* indexer.c - byline-index: options, the index's lock, and the run: walk
 * the inputs, then build from scratch on every core or update only what
 * changed, then delete what disappeared. */
#include "indexer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bl_date.h"
#include "bl_db.h"
#include "bl_file.h"
#include "bl_schema.h"
#include "build.h"
#include "filestate.h"
#include "format.h"
#include "ingest.h"
#include "progress.h"
#include "tally.h"
#include "walk.h"

#define DEFAULT_INDEX "byline.idx"
#define DEFAULT_BATCH 1000
#define DEFAULT_MAX_FILE ((size_t)64 << 20)
#define PID_FILE "byline-indexer.pid"
#define MAX_JOBS 256
#define MAX_MAPS 32

/* Near-duplicate grouping after an update: committed with the update in
 * one step, since a run resumed after a kill regroups only if something
 * changed. */
static const bl_cluster_opts_t dup_in_place = {
	.min_agree = BL_DUP_AGREE, .max_band = BL_DUP_MAX_BAND,
};

typedef struct options {
	const char *index;
	const char *language;
	bool terms_set;         /* --terms given */
	bl_terms_t terms;
	unsigned long batch;
	unsigned fanin;                 /* 0: BUILD_FANIN */
	unsigned jobs;
	ingest_opts_t ingest;
	bool spelling;
	bool quiet;
	bool verbose;
	bool force;
	bool no_delete;
	bool wait;
	bool compact;
	bool shards;            /* --shards N (else --shard I/N or none) */
	unsigned shard_n;
	const char *exclude[MAX_MAPS];
	size_t nexclude;
	format_map_t maps[MAX_MAPS + 1];
	char map_text[MAX_MAPS][256];
	size_t nmaps;
} options_t;

typedef struct run {
	const options_t *opt;
	const char *index;      /* the index (or shard) being written */
	const indexer_env_t *env;
	FILE *out, *err;
	bl_db_t *db;
	tally_t t;
	progress_t prog;
	filelist_t files;
	char **keys;            /* state keys of the walked files, sorted */
	char *root_abs;         /* the root being walked */
	bool root_is_dir;
	bool stopped;           /* interrupted by a signal */
	bool fatal;
} run_t;

static const char usage_text[] =
"Usage: byline-index [--index PATH] [OPTION]... DIR|FILE...\n"
"   or: byline-index [--index PATH] --compact\n"
"Index the news articles under each DIR (recursively) or in each FILE, or\n"
"compact an index.\n"
"\n"
"The format of each file is detected from its content (then its name):\n"
"  plain    a headline line, \"- \" lines for author, time (\"4:43 pm\") and\n"
"           date (\"August 7, 2024\"), then the body; any other text file\n"
"           gives its first line as title and the rest as body\n"
"  mail     Usenet articles, e-mail, mbox files (MIME, charsets)\n"
"  reuters  Reuters-21578 SGML;  trec  TREC <DOC> SGML\n"
"  jsonl    JSON Lines, one article per line (see --map)\n"
"  html     a news page (Open Graph and article: metadata)\n"
"  feed     RSS 1.0/2.0 and Atom feeds, one article per item\n"
"Files compressed with gzip are read transparently. Hidden files and\n"
"directories, and files whose extension marks them as not text, are passed\n"
"over; symbolic links are followed without ever looping.\n"
"\n"
"Running again costs only what changed: new files are added, changed files\n"
"re-indexed (a touched file whose content is the same is not rewritten),\n"
"and the documents of files that disappeared from a DIR are deleted. The\n"
"first index of a directory is built on every core and merged at the end.\n"
"Searches may run while the index is updated. SIGINT or SIGTERM stops\n"
"after the current file, keeping what was done; run again to finish.\n"
"\n"
"Options:\n"
"  -i, --index=PATH        index to create or update (default: $BYLINE_INDEX,\n"
"                          else ./" DEFAULT_INDEX ")\n"
"  -l, --language=LANG     stemming language (default: the index's, else\n"
"                          english; 'none' disables stemming)\n"
"      --terms=MODE        what a word is indexed as: 'words' (as written and\n"
"                          as its stem, so that a capitalised query word or\n"
"                          a quoted phrase can match only what is written)\n"
"                          or 'stems' (its stem only: every form matches;\n"
"                          about a fifth faster to build and a tenth\n"
"                          smaller, without spelling suggestions; not with\n"
"                          --language=none); default: the index's, else\n"
"                          words\n"
"      --input-format=NAME read every file as NAME (default: detect)\n"
"      --exclude=GLOB      pass over files whose name or relative path\n"
"                          matches GLOB (e.g. '*.lst'); up to 32 times\n"
"      --map=KEY=FIELD     read JSON key KEY as FIELD (id, title, body, date,\n"
"                          author, source, url, category, place, language,\n"
"                          or ignore); up to 32 times\n"
"  -j, --jobs=N            worker threads for a full build (default: the\n"
"                          number of online cores)\n"
"      --batch=N           articles per commit (updates) or per partial\n"
"                          index (full builds); default: 1000\n"
"      --merge-fanin=N     partial indexes merged at once in a full build;\n"
"                          more are merged in rounds (default: 256, fewer\n"
"                          if the limit on open files demands; each costs\n"
"                          about 110 KB and three files while merging)\n"
"      --force             rebuild everything, even unchanged files (the\n"
"                          old index stays searchable until the new one\n"
"                          replaces it)\n"
"      --no-delete         keep the documents of files that disappeared\n"
"      --wait              wait for another indexer to finish instead of\n"
"                          failing\n"
"      --compact           compact the index in place and report its size\n"
"      --shards=N          split the articles into N shards by a stable hash\n"
"                          of their id: PATH.shards/0..N-1, described by the\n"
"                          stub file PATH, which byline-search opens as one\n"
"      --shard=I/N         index only shard I of N into PATH\n"
"      --max-file-size=SIZE  skip files larger than SIZE bytes (K, M, G\n"
"                          suffixes; default: 64M)\n"
"      --no-spelling       do not record spelling data (\"did you mean\")\n"
"      --title-weight=N    a headline word counts as N body words in\n"
"                          ranking (default: 3)\n"
"  -q, --quiet             print nothing but warnings and errors\n"
"  -v, --verbose           name each file as it is indexed, and say how\n"
"                          long each final step took (grouping, spelling\n"
"                          data, merging, committing)\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"Exit status: 0 if every input file was indexed (a malformed record inside\n"
"a file is reported but does not count); 1 if the run finished but some\n"
"files were skipped (each is named on standard error); 2 on a usage error,\n"
"when the index is locked by another indexer or cannot be written; 3 when\n"
"stopped by a signal (the work done so far is committed).\n";

static bool
parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return false;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end != '\0' || v == 0 || v > SIZE_MAX / 2)
		return false;
	*out = (size_t)v;
	return true;
}

static bool
parse_count(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v == 0 || v > max)
		return false;
	*out = v;
	return true;
}

enum {
	OPT_BATCH = 256, OPT_MAX_FILE, OPT_NO_SPELLING, OPT_FORMAT, OPT_FORCE,
	OPT_NO_DELETE, OPT_WAIT, OPT_COMPACT, OPT_MAP, OPT_EXCLUDE, OPT_SHARDS,
	OPT_SHARD, OPT_TITLE_WEIGHT, OPT_MERGE_FANIN, OPT_TERMS
};

static const struct option long_opts[] = {
	{ "index", required_argument, NULL, 'i' },
	{ "language", required_argument, NULL, 'l' },
	{ "terms", required_argument, NULL, OPT_TERMS },
	{ "input-format", required_argument, NULL, OPT_FORMAT },
	{ "jobs", required_argument, NULL, 'j' },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "merge-fanin", required_argument, NULL, OPT_MERGE_FANIN },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "no-delete", no_argument, NULL, OPT_NO_DELETE },
	{ "wait", no_argument, NULL, OPT_WAIT },
	{ "compact", no_argument, NULL, OPT_COMPACT },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "shards", required_argument, NULL, OPT_SHARDS },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "max-file-size", required_argument, NULL, OPT_MAX_FILE },
	{ "no-spelling", no_argument, NULL, OPT_NO_SPELLING },
	{ "title-weight", required_argument, NULL, OPT_TITLE_WEIGHT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int usage_error(FILE *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
usage_error(FILE *err, const char *fmt, ...)
{
	va_list ap;

	fputs("byline-index: ", err);
	va_start(ap, fmt);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fputs("\nTry 'byline-index --help'.\n", err);
	return INDEXER_FATAL;
}

/* Parses argv into opt; returns -1 to go on, else an exit status. */
static int
parse_args(int argc, char **argv, const indexer_env_t *env, options_t *opt,
           FILE *out, FILE *err)
{
	unsigned long n;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int c;

	opt->index = env->index && *env->index ? env->index : DEFAULT_INDEX;
	opt->batch = DEFAULT_BATCH;
	opt->jobs = cores > 0 ? (unsigned)(cores < MAX_JOBS ? cores : MAX_JOBS) : 1;
	opt->ingest.max_file = DEFAULT_MAX_FILE;
	opt->spelling = true;
	optind = 0;             /* full reset: tests call us repeatedly */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "i:l:j:qvhV", long_opts,
	                        NULL)) != -1) {
		switch (c) {
		case 'i': opt->index = optarg; break;
		case 'l': opt->language = optarg; break;
		case OPT_TERMS:
			if (strcmp(optarg, "words") == 0)
				opt->terms = BL_TERMS_WORDS;
			else if (strcmp(optarg, "stems") == 0)
				opt->terms = BL_TERMS_STEMS;
			else
				return usage_error(err, "--terms: '%s' is not 'words' "
				                   "or 'stems'", optarg);
			opt->terms_set = true;
			break;
		case OPT_FORMAT: opt->ingest.format = optarg; break;
		case 'j':
			if (!parse_count(optarg, MAX_JOBS, &n))
				return usage_error(err, "--jobs: '%s' is not a number "
				                   "from 1 to 256", optarg);
			opt->jobs = (unsigned)n;
			break;
		case OPT_BATCH:
			if (!parse_count(optarg, 100000000, &opt->batch))
				return usage_error(err, "--batch: '%s' is not a "
				                   "positive number", optarg);
			break;
		case OPT_MERGE_FANIN:
			if (!parse_count(optarg, 65536, &n) || n < 2)
				return usage_error(err, "--merge-fanin: '%s' is not a "
				                   "number from 2 to 65536", optarg);
			opt->fanin = (unsigned)n;
			break;
		case OPT_MAX_FILE:
			if (!parse_size(optarg, &opt->ingest.max_file))
				return usage_error(err, "--max-file-size: '%s' is not "
				                   "a size (e.g. 500K, 64M)", optarg);
			break;
		case OPT_FORCE: opt->force = true; break;
		case OPT_NO_DELETE: opt->no_delete = true; break;
		case OPT_WAIT: opt->wait = true; break;
		case OPT_COMPACT: opt->compact = true; break;
		case OPT_SHARDS:
			if (!parse_count(optarg, 1024, &n) || n < 2)
				return usage_error(err, "--shards: '%s' is not a number "
				                   "from 2 to 1024", optarg);
			opt->shards = true;
			opt->shard_n = (unsigned)n;
			opt->ingest.shard_n = (unsigned)n;
			break;
		case OPT_SHARD: {
			unsigned si, sn;
			char tail;

			if (sscanf(optarg, "%u/%u%c", &si, &sn, &tail) != 2 ||
			    sn < 2 || sn > 1024 || si >= sn)
				return usage_error(err, "--shard: '%s' is not I/N with "
				                   "0 <= I < N", optarg);
			opt->shard_n = sn;
			opt->ingest.shard_i = si;
			opt->ingest.shard_n = sn;
			break;
		}
		case OPT_EXCLUDE:
			if (opt->nexclude == MAX_MAPS)
				return usage_error(err, "--exclude: at most %d patterns",
				                   MAX_MAPS);
			opt->exclude[opt->nexclude++] = optarg;
			break;
		case OPT_MAP: {
			char *text, *eq;

			if (opt->nmaps == MAX_MAPS)
				return usage_error(err, "--map: at most %d mappings",
				                   MAX_MAPS);
			text = opt->map_text[opt->nmaps];
			if (snprintf(text, sizeof opt->map_text[0], "%s", optarg) >=
			        (int)sizeof opt->map_text[0] ||
			    (eq = strchr(text, '=')) == NULL || eq == text ||
			    !format_jsonl_field_known(eq + 1))
				return usage_error(err, "--map: '%s' is not KEY=FIELD "
				                   "(FIELD: id, title, body, date, author, "
				                   "source, url, category, place, "
				                   "language or ignore)", optarg);
			*eq = '\0';
			opt->maps[opt->nmaps].key = text;
			opt->maps[opt->nmaps++].field = eq + 1;
			opt->ingest.map = opt->maps;
			break;
		}
		case OPT_NO_SPELLING: opt->spelling = false; break;
		case OPT_TITLE_WEIGHT:
			if (!parse_count(optarg, 100, &n))
				return usage_error(err, "--title-weight: '%s' is not a "
				                   "number from 1 to 100", optarg);
			opt->ingest.title_weight = (unsigned)n;
			break;
		case 'q': opt->quiet = true; break;
		case 'v': opt->verbose = true; break;
		case 'h': fputs(usage_text, out); return INDEXER_OK;
		case 'V': fputs("byline-index " BYLINE_VERSION "\n", out);
			return INDEXER_OK;
		default:
			if (optopt && optopt < 256)
				return usage_error(err, "bad option -%c", optopt);
			return usage_error(err, "bad option '%s'", argv[optind - 1]);
		}
	}
	if (opt->compact && optind < argc)
		return usage_error(err, "--compact takes no DIR or FILE");
	if (!opt->compact && optind >= argc)
		return usage_error(err, "nothing to index: give one or more "
		                   "directories or files");
	if (opt->ingest.format &&
	    format_choose(NULL, 0, NULL, opt->ingest.format) == NULL) {
		fprintf(err, "byline-index: --input-format: unknown format '%s' "
		        "(known:", opt->ingest.format);
		for (const format_reader_t *f = format_readers; f->name; f++)
			fprintf(err, " %s", f->name);
		fputs(")\n", err);
		return INDEXER_FATAL;
	}
	return -1;
}

/* The pid of the indexer holding the index's lock, from the file it left
 * in the index, or 0. */
static long
lock_owner(const char *index)
{
	char path[PATH_MAX], buf[32];
	ssize_t n;
	int fd;

	if (snprintf(path, sizeof path, "%s/" PID_FILE, index) >= (int)sizeof path)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/* Leaves our pid in the index for a second indexer's message: written
 * aside and renamed in, so that it is never seen empty. */
static void
write_pid(const char *index)
{
	char path[PATH_MAX], buf[32];
	int n;

	if (snprintf(path, sizeof path, "%s/" PID_FILE, index) >= (int)sizeof path)
		return;
	n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	(void)bl_file_replace(path, buf, (size_t)n);
}

static const char *
terms_name(bl_terms_t terms)
{
	return terms == BL_TERMS_STEMS ? "stems only" : "words and stems";
}

/* Whether spelling data is recorded: an index of stems has none. */
static bool
spelling(const run_t *r)
{
	return r->opt->spelling && bl_db_terms(r->db) == BL_TERMS_WORDS;
}

/* Opens the index for writing, waiting for another indexer with --wait,
 * and settles its language and terms. Returns -1 to go on, else an exit
 * status. */
static int
open_index(run_t *r)
{
	const options_t *opt = r->opt;
	struct timespec nap = { 0, 200 * 1000 * 1000 };
	char *msg = NULL, *had = NULL;
	bool told = false, existing;
	bl_terms_t terms;
	bl_status_t st;

	for (;;) {
		st = bl_db_open(r->index, BL_DB_WRITE, &r->db, &msg);
		if (st != BL_ERR_LOCKED)
			break;
		long pid = lock_owner(r->index);

		if (!opt->wait) {
			if (pid > 0)
				fprintf(r->err, "byline-index: index '%s' is locked by "
				        "another indexer (pid %ld)\n", r->index, pid);
			else
				fprintf(r->err, "byline-index: index '%s' is locked by "
				        "another indexer\n", r->index);
			free(msg);
			return INDEXER_FATAL;
		}
		if (!told && !opt->quiet)
			fprintf(r->err, "byline-index: waiting for the indexer "
			        "(pid %ld) working on '%s'\n", pid, r->index);
		told = true;
		free(msg);
		msg = NULL;
		if (r->env->stop && *r->env->stop)
			return INDEXER_STOPPED;
		nanosleep(&nap, NULL);
	}
	if (st != BL_OK) {
		fprintf(r->err, "byline-index: %s\n", msg ? msg : bl_status_str(st));
		free(msg);
		return INDEXER_FATAL;
	}
	write_pid(r->index);
	if (bl_db_get_metadata(r->db, BL_META_LANGUAGE, &had) != BL_OK) {
		fprintf(r->err, "byline-index: %s\n", bl_db_last_error(r->db));
		return INDEXER_FATAL;
	}
	if (opt->language && *had && strcmp(had, opt->language) != 0 &&
	    !opt->force) {
		fprintf(r->err, "byline-index: index '%s' is in %s; cannot add "
		        "%s text to it (use --force to rebuild it in %s)\n",
		        r->index, had, opt->language, opt->language);
		free(had);
		return INDEXER_FATAL;
	}
	existing = *had != '\0';
	st = bl_db_set_language(r->db, opt->language ? opt->language :
	                                existing ? had : "english");
	free(had);
	if (st != BL_OK) {
		fprintf(r->err, "byline-index: --language: %s\n",
		        bl_db_last_error(r->db));
		return INDEXER_FATAL;
	}
	terms = bl_db_terms(r->db);
	if (opt->terms_set && existing && opt->terms != terms && !opt->force) {
		fprintf(r->err, "byline-index: index '%s' holds %s; cannot add "
		        "articles indexed as %s (use --force to rebuild it)\n",
		        r->index, terms_name(terms), terms_name(opt->terms));
		return INDEXER_FATAL;
	}
	if (opt->terms_set)
		terms = opt->terms;
	if (terms == BL_TERMS_STEMS &&
	    strcmp(bl_db_language(r->db), "none") == 0) {
		fprintf(r->err, "byline-index: --terms=stems needs a stemming "
		        "language, not 'none'\n");
		return INDEXER_FATAL;
	}
	if (bl_db_set_terms(r->db, terms) != BL_OK) {
		fprintf(r->err, "byline-index: %s\n", bl_db_last_error(r->db));
		return INDEXER_FATAL;
	}
	bl_db_set_spelling(r->db, spelling(r));
	return -1;
}

static void
close_index(run_t *r)
{
	char path[PATH_MAX];

	if (r->db == NULL)
		return;
	if (snprintf(path, sizeof path, "%s/" PID_FILE, r->index) <
	    (int)sizeof path)
		unlink(path);
	bl_db_close(r->db);
	r->db = NULL;
}

static void
walk_warning(void *ctx, const char *path, const char *why)
{
	run_t *r = ctx;

	tally_skip(&r->t, path, "cannot be walked", why);
}

static int
collect(void *ctx, const char *path, const char *rel, const struct stat *sb)
{
	run_t *r = ctx;
	char *abs = NULL;
	int64_t mtime = (int64_t)sb->st_mtim.tv_sec * 1000000000 +
	                sb->st_mtim.tv_nsec;
	const char *base = strrchr(rel, '/');
	bl_status_t st;

	base = base ? base + 1 : rel;
	for (size_t i = 0; i < r->opt->nexclude; i++)
		if (fnmatch(r->opt->exclude[i], base, 0) == 0 ||
		    fnmatch(r->opt->exclude[i], rel, 0) == 0)
			return 0;

	if (r->root_is_dir) {
		if (asprintf(&abs, "%s/%s", r->root_abs, rel) < 0)
			abs = NULL;
	} else {
		abs = strdup(r->root_abs);
	}
	st = abs ? filelist_add(&r->files, path, rel, abs, (uint64_t)sb->st_size,
	                        mtime) : BL_ERR_NOMEM;
	free(abs);
	if (st != BL_OK) {
		r->fatal = true;
		return 1;
	}
	return 0;
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks every root into r->files and the sorted state keys. */
static bool
collect_files(run_t *r, int nroots, char **roots)
{
	struct stat sb;
	bl_buf_t key;
	size_t i;

	for (int k = 0; k < nroots && !r->fatal; k++) {
		char *abs = realpath(roots[k], NULL);

		if (abs == NULL || stat(abs, &sb) != 0) {
			tally_skip(&r->t, roots[k], "cannot be read", strerror(errno));
			free(abs);
			continue;
		}
		r->root_abs = abs;
		r->root_is_dir = S_ISDIR(sb.st_mode);
		if (walk(roots[k], collect, walk_warning, r) == BL_ERR_NOMEM)
			r->fatal = true;
		free(abs);
		r->root_abs = NULL;
	}
	if (r->fatal)
		return false;
	r->keys = calloc(r->files.n + 1, sizeof *r->keys);
	if (r->keys == NULL)
		return false;
	bl_buf_init(&key, 1024);
	for (i = 0; i < r->files.n; i++) {
		bl_buf_reset(&key);
		ingest_state_key(r->files.items[i].abs, &key);
		r->keys[i] = strdup(bl_buf_cstr(&key));
		if (r->keys[i] == NULL) {
			bl_buf_free(&key);
			return false;
		}
	}
	bl_buf_free(&key);
	qsort(r->keys, r->files.n, sizeof *r->keys, by_string);
	r->t.files_total = (unsigned long)r->files.n;
	r->t.bytes_total = r->files.bytes;
	return true;
}

/* Writes state value s of f under its key. */
static bl_status_t
put_state(run_t *r, const file_t *f, const filestate_t *s)
{
	bl_buf_t key, val;
	bl_status_t st;

	bl_buf_init(&key, 1024);
	bl_buf_init(&val, 256);
	ingest_state_key(f->abs, &key);
	filestate_encode(s, &val);
	st = key.err != BL_OK ? key.err : val.err;
	if (st == BL_OK)
		st = bl_db_set_metadata(r->db, bl_buf_cstr(&key), bl_buf_cstr(&val));
	bl_buf_free(&key);
	bl_buf_free(&val);
	return st;
}

static bool
get_state(run_t *r, const file_t *f, filestate_t *s)
{
	bl_buf_t key;
	char *v = NULL;
	bool ok = false;

	bl_buf_init(&key, 1024);
	if (ingest_state_key(f->abs, &key) == BL_OK &&
	    bl_db_get_metadata(r->db, bl_buf_cstr(&key), &v) == BL_OK)
		ok = filestate_decode(v, strlen(v), s);
	free(v);
	bl_buf_free(&key);
	return ok;
}

static bool
db_failed(run_t *r, const char *what)
{
	progress_clear(&r->prog);
	fprintf(r->err, "byline-index: %s: %s\n", what, bl_db_last_error(r->db));
	r->fatal = true;
	return false;
}

/* Removes f's articles and recorded state: f was indexed before and is
 * skipped now (empty, binary, unreadable, too large, no article), so the
 * index holds what a fresh build of the same files would. */
static bool
forget(run_t *r, const file_t *f, bl_buf_t *fterm)
{
	bl_buf_t key;
	bool ok;

	bl_buf_init(&key, 1024);
	bl_buf_reset(fterm);
	ok = ingest_state_term(f, fterm) == BL_OK &&
	     ingest_state_key(f->abs, &key) == BL_OK &&
	     bl_db_delete_term(r->db, bl_buf_cstr(fterm)) == BL_OK &&
	     bl_db_set_metadata(r->db, bl_buf_cstr(&key), "") == BL_OK;
	bl_buf_free(&key);
	return ok || db_failed(r, f->path);
}

/* Updates the index file by file: only what changed since the state
 * recorded in it. Commits every batch of articles. */
static bool
update(run_t *r)
{
	ingest_t in;
	unsigned long pending = 0, n;
	bl_buf_t fterm;
	size_t i;
	bool ok = true;

	ingest_init(&in, r->db, &r->opt->ingest, &r->t);
	bl_buf_init(&fterm, 1024);
	for (i = 0; i < r->files.n && ok; i++) {
		const file_t *f = &r->files.items[i];
		filestate_t old, now;
		bool had = get_state(r, f, &old);
		ingest_result_t res;

		if (r->env->stop && *r->env->stop) {
			r->stopped = true;
			break;
		}
		progress_tick(&r->prog);
		atomic_fetch_add(&r->t.files_done, 1);
		if (had && !r->opt->force && old.size == f->size &&
		    old.mtime_ns == f->mtime_ns) {
			atomic_fetch_add(&r->t.unchanged, 1);
			atomic_fetch_add(&r->t.bytes, f->size);
			continue;
		}
		if (ingest_read(&in, f) != INGEST_DONE) {
			if (had && !(ok = forget(r, f, &fterm)))
				break;
			pending += had;
			continue;
		}
		now.size = f->size;
		now.mtime_ns = f->mtime_ns;
		now.hash = filestate_hash(in.file.data, in.file.len);
		now.articles = had ? old.articles : 0;
		if (had && !r->opt->force && old.hash == now.hash) {
			/* Touched but identical: record the new mtime only. */
			atomic_fetch_add(&r->t.unchanged, 1);
			ok = put_state(r, f, &now) == BL_OK ||
			     db_failed(r, "cannot record file state");
			pending++;
			continue;
		}
		if (r->opt->verbose)
			tally_warn(&r->t, f->path, had ? "updated" : "added");
		if (had) {
			bl_buf_reset(&fterm);
			ingest_state_term(f, &fterm);
			if (bl_db_delete_term(r->db, bl_buf_cstr(&fterm)) != BL_OK) {
				ok = db_failed(r, f->path);
				break;
			}
		}
		res = ingest_index(&in, f, &n);
		if (res == INGEST_FATAL) {
			progress_clear(&r->prog);
			fprintf(r->err, "byline-index: %s: %s\n", f->path, in.errmsg);
			r->fatal = true;
			break;
		}
		if (res == INGEST_SKIPPED) {
			/* Its old articles went above; its state goes too. */
			if (had && !(ok = forget(r, f, &fterm)))
				break;
			pending += had;
			continue;
		}
		now.articles = n;
		atomic_fetch_add(had ? &r->t.updated : &r->t.added, 1);
		if (put_state(r, f, &now) != BL_OK) {
			ok = db_failed(r, "cannot record file state");
			break;
		}
		pending += n + 1;
		if (pending >= r->opt->batch) {
			if (bl_db_commit(r->db) != BL_OK) {
				ok = db_failed(r, "commit failed");
				break;
			}
			pending = 0;
		}
	}
	bl_buf_free(&fterm);
	ingest_free(&in);
	return ok && !r->fatal;
}

typedef struct gone {
	run_t *r;
	char **keys;
	size_t n, cap;
	bool oom;
} gone_t;

static int
note_gone(void *ctx, const char *key, const char *value, size_t len)
{
	gone_t *g = ctx;
	const char *k = key;

	(void)value;
	(void)len;
	if (bsearch(&k, g->r->keys, g->r->files.n, sizeof *g->r->keys,
	            by_string))
		return 0;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		char **p = realloc(g->keys, cap * sizeof *p);

		if (p == NULL) {
			g->oom = true;
			return 1;
		}
		g->keys = p;
		g->cap = cap;
	}
	if ((g->keys[g->n] = strdup(key)) == NULL) {
		g->oom = true;
		return 1;
	}
	g->n++;
	return 0;
}

/* Deletes the documents and state of files that were indexed under the
 * walked roots and are no longer there. */
static bool
delete_gone(run_t *r, int nroots, char **roots)
{
	gone_t g = { r, NULL, 0, 0, false };
	bl_buf_t prefix, term;
	size_t i;
	bool ok = true;

	bl_buf_init(&prefix, 1024);
	bl_buf_init(&term, 1024);
	for (int k = 0; k < nroots; k++) {
		char *abs = realpath(roots[k], NULL);
		struct stat sb;

		/* A FILE root that exists was walked; one that is gone cannot be
		 * resolved: only directories can have lost files. */
		if (abs == NULL || stat(abs, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			free(abs);
			continue;
		}
		bl_buf_reset(&prefix);
		bl_buf_puts(&prefix, FILESTATE_META);
		bl_buf_puts(&prefix, abs);
		bl_buf_putc(&prefix, '/');
		free(abs);
		if (bl_db_each_metadata(r->db, bl_buf_cstr(&prefix), note_gone,
		                        &g) != BL_OK)
			ok = db_failed(r, "cannot read file states");
	}
	for (i = 0; i < g.n && ok && !g.oom; i++) {
		bl_buf_reset(&term);
		bl_buf_puts(&term, FILESTATE_TERM);
		bl_buf_puts(&term, g.keys[i] + strlen(FILESTATE_META));
		if (bl_db_delete_term(r->db, bl_buf_cstr(&term)) != BL_OK ||
		    bl_db_set_metadata(r->db, g.keys[i], "") != BL_OK)
			ok = db_failed(r, "cannot delete");
		else
			atomic_fetch_add(&r->t.deleted, 1);
		if (r->opt->verbose)
			tally_warn(&r->t, g.keys[i] + strlen(FILESTATE_META),
			           "deleted: no longer there");
	}
	for (i = 0; i < g.n; i++)
		free(g.keys[i]);
	free(g.keys);
	bl_buf_free(&prefix);
	bl_buf_free(&term);
	return ok && !g.oom;
}

/* Puts the index built at fresh in place of the one at r->index in
 * one atomic step (searchers see the old one or the new one, never none),
 * then removes the old one. */
static bool
swap_in(run_t *r, const char *fresh)
{
	/* Commit what the old handle holds (its language and schema): the
	 * handle must have nothing left to write once its directory has moved,
	 * or closing it would write into the new index. */
	if (bl_db_commit(r->db) != BL_OK)
		return db_failed(r, "commit failed");
	if (renameat2(AT_FDCWD, fresh, AT_FDCWD, r->index,
	              RENAME_EXCHANGE) != 0) {
		progress_clear(&r->prog);
		fprintf(r->err, "byline-index: cannot put the new index in place "
		        "of '%s': %s\n", r->index, strerror(errno));
		r->fatal = true;
		return false;
	}
	return true;
}

/* Removes build directories left by indexers that were killed: nobody
 * else can be using them while we hold the lock. */
static void
remove_stale_builds(const char *index)
{
	char *dir = strdup(index), *base, *slash;
	DIR *d;
	struct dirent *e;
	size_t blen;

	if (dir == NULL)
		return;
	slash = strrchr(dir, '/');
	base = slash ? slash + 1 : dir;
	blen = strlen(base);
	if (slash)
		*slash = '\0';
	d = opendir(slash ? (*dir ? dir : "/") : ".");
	while (d && (e = readdir(d)) != NULL) {
		char *path;

		if (strncmp(e->d_name, base, blen) != 0 ||
		    strncmp(e->d_name + blen, ".build-", 7) != 0)
			continue;
		if (asprintf(&path, "%s/%s", slash ? dir : ".", e->d_name) >= 0) {
			build_rmtree(path);
			free(path);
		}
	}
	if (d)
		closedir(d);
	free(dir);
}

/* Builds the whole index afresh on every core into a new directory and
 * swaps it in. */
static bool
build_all(run_t *r)
{
	build_opts_t bo;
	char *work = NULL, *dest = NULL, *msg = NULL;
	bool ok;
	bl_status_t st;

	remove_stale_builds(r->index);
	if (asprintf(&work, "%s.build-%ld", r->index, (long)getpid()) < 0 ||
	    asprintf(&dest, "%s/merged", work) < 0) {
		free(work);
		return false;
	}
	memset(&bo, 0, sizeof bo);
	bo.jobs = r->opt->jobs;
	bo.batch = r->opt->batch;
	bo.fanin = r->opt->fanin;
	bo.max_files = r->env->max_files;
	bo.language = bl_db_language(r->db);
	bo.terms = bl_db_terms(r->db);
	bo.spelling = spelling(r);
	bo.verbose = r->opt->verbose;
	bo.ingest = &r->opt->ingest;
	bo.stop = r->env->stop;
	st = build_run(&bo, &r->files, &r->t, &r->prog, work, dest, &msg);
	if (st != BL_OK) {
		progress_clear(&r->prog);
		fprintf(r->err, "byline-index: %s\n", msg ? msg : bl_status_str(st));
		r->fatal = true;
	}
	ok = st == BL_OK && swap_in(r, dest);
	if (r->env->stop && *r->env->stop)
		r->stopped = true;
	/* dest now holds the old index, with our lock: release it and go. */
	close_index(r);
	build_rmtree(work);
	free(msg);
	free(work);
	free(dest);
	return ok;
}

static void
summary(run_t *r, double secs)
{
	tally_t *t = &r->t;
	unsigned long arts = atomic_load(&t->articles);
	size_t i;

	fprintf(r->out, "Indexed %lu article%s from %lu file%s (%.1f MB) in "
	        "%.2f s (%.0f articles/s); files: %lu added, %lu updated, "
	        "%lu unchanged, %lu deleted; skipped %lu",
	        arts, arts == 1 ? "" : "s", t->files_total,
	        t->files_total == 1 ? "" : "s",
	        (double)atomic_load(&t->bytes_read) / 1e6, secs,
	        secs > 0 ? (double)arts / secs : 0.0,
	        atomic_load(&t->added), atomic_load(&t->updated),
	        atomic_load(&t->unchanged), atomic_load(&t->deleted),
	        atomic_load(&t->skipped));
	for (i = 0; i < t->nreasons; i++)
		fprintf(r->out, "%s%lu %s", i ? ", " : " (", t->reasons[i].count,
		        t->reasons[i].what);
	fprintf(r->out, "%s", t->nreasons ? ")" : "");
	if (atomic_load(&t->bad_records))
		fprintf(r->out, "; %lu record warning%s",
		        atomic_load(&t->bad_records),
		        atomic_load(&t->bad_records) == 1 ? "" : "s");
	fputs(".\n", r->out);
}

/* byline-index --compact: compacts into a sibling directory, swaps it in
 * and reports the sizes. */
static int
compact(run_t *r)
{
	const char *src = r->index;
	char *tmp = NULL, *msg = NULL;
	uint64_t before = bl_dir_size(src), after;
	bl_status_t st;

	if (asprintf(&tmp, "%s.build-%ld", src, (long)getpid()) < 0)
		return INDEXER_FATAL;
	remove_stale_builds(src);
	st = bl_db_commit(r->db);
	if (st == BL_OK)
		st = bl_db_compact(&src, 1, tmp, &msg);
	if (st != BL_OK) {
		fprintf(r->err, "byline-index: %s\n", msg ? msg : bl_status_str(st));
		free(msg);
		build_rmtree(tmp);
		free(tmp);
		return INDEXER_FATAL;
	}
	after = bl_dir_size(tmp);
	if (!swap_in(r, tmp)) {
		build_rmtree(tmp);
		free(tmp);
		return INDEXER_FATAL;
	}
	close_index(r);
	build_rmtree(tmp);
	free(tmp);
	if (!r->opt->quiet)
		fprintf(r->out, "Compacted '%s': %.1f MB -> %.1f MB (%.0f%%).\n",
		        src, (double)before / 1e6, (double)after / 1e6,
		        before ? 100.0 * (double)after / (double)before : 100.0);
	return INDEXER_OK;
}

/* Builds or updates the index at path from the walked files; returns
 * the exit status. With a shard filter (opt->ingest.shard_n > 1) only
 * the articles of that shard are written. */
static int
index_one(run_t *r, const char *path, int nroots, char **roots)
{
	const options_t *opt = r->opt;
	uint64_t docs = 0;
	char stamp[BL_DATE_ISO_MAX];
	bool fresh, ok;
	int status;

	r->index = path;
	status = open_index(r);
	if (status >= 0)
		return status;
	progress_init(&r->prog, &r->t, r->err, r->env->err_is_tty, !opt->quiet);
	r->prog.verbose = opt->verbose;
	bl_db_doc_count(r->db, &docs);
	/* An empty index (or --force) is built from scratch on every core;
	 * otherwise only what changed is updated in place. */
	fresh = opt->force || docs == 0;
	if (fresh) {
		ok = build_all(r);
	} else {
		ok = update(r);
		if (ok && !opt->no_delete && !r->stopped)
			ok = delete_gone(r, nroots, roots);
		/* Versions of a story can only have come or gone with a change. */
		if (ok && (atomic_load(&r->t.added) || atomic_load(&r->t.updated) ||
		           atomic_load(&r->t.deleted))) {
			progress_phase(&r->prog, "grouping near-duplicates");
			if (bl_db_cluster(r->db, &dup_in_place, NULL) != BL_OK)
				ok = db_failed(r, "cannot group near-duplicates");
		}
		progress_phase(&r->prog, NULL);
		if (ok) {
			bl_db_set_metadata(r->db, BL_META_UPDATED,
			                   bl_date_format_iso((int64_t)time(NULL),
			                                      stamp));
			if (bl_db_commit(r->db) != BL_OK)
				ok = db_failed(r, "commit failed");
		}
	}
	progress_clear(&r->prog);
	close_index(r);
	if (!ok || r->fatal) {
		fprintf(r->err, "byline-index: %s: stopped; the index keeps what "
		        "was committed before\n", path);
		return INDEXER_FATAL;
	}
	if (!opt->quiet)
		summary(r, progress_now() - r->prog.start);
	if (r->stopped) {
		fprintf(r->err, "byline-index: interrupted: the work done so far "
		        "is committed; run again to finish\n");
		return INDEXER_STOPPED;
	}
	/* A bad record inside a file that was read is a warning; the status
	 * speaks of whole inputs. */
	return atomic_load(&r->t.skipped) ? INDEXER_SKIPPED : INDEXER_OK;
}

/* Writes the shard set's stub file at path: one "auto" line per shard,
 * relative to the stub's directory, which Xapian and byline-search open
 * as one index. Written to a temporary file and renamed into place. */
static bool
write_stub(run_t *r, const char *path, unsigned n)
{
	const char *base = strrchr(path, '/');
	bl_buf_t text;
	unsigned i;
	int err;

	base = base ? base + 1 : path;
	bl_buf_init(&text, 0);
	bl_buf_printf(&text, "# Byline shard set of %u shards (byline-index --shards %u).\n"
	              "# Replace an 'auto' line with 'remote HOST:PORT' to search\n"
	              "# that shard through xapian-tcpsrv.\n", n, n);
	for (i = 0; i < n; i++)
		bl_buf_printf(&text, "auto %s.shards/%u\n", base, i);
	err = text.err ? ENOMEM : bl_file_replace(path, text.data, text.len);
	if (err != 0)
		fprintf(r->err, "byline-index: %s: %s\n", path, strerror(err));
	bl_buf_free(&text);
	return err == 0;
}

/* --shards N: indexes shard i of every article into PATH.shards/i, then
 * describes the set in the stub file PATH. */
static int
index_shards(run_t *r, int nroots, char **roots)
{
	options_t *opt = (options_t *)r->opt;
	const char *path = opt->index;
	struct stat sb;
	char *dir = NULL, *shard = NULL;
	int status = INDEXER_OK, st;
	unsigned i;

	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fprintf(r->err, "byline-index: '%s' is a single index; give "
		        "--shards a new --index path (it becomes the shard set's "
		        "stub file)\n", path);
		return INDEXER_FATAL;
	}
	if (asprintf(&dir, "%s.shards", path) < 0)
		return INDEXER_FATAL;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		fprintf(r->err, "byline-index: %s: %s\n", dir, strerror(errno));
		free(dir);
		return INDEXER_FATAL;
	}
	for (i = 0; i < opt->shard_n && status != INDEXER_FATAL &&
	            status != INDEXER_STOPPED; i++) {
		if (asprintf(&shard, "%s/%u", dir, i) < 0)
			break;
		opt->ingest.shard_i = i;
		if (!opt->quiet)
			fprintf(r->out, "Shard %u/%u: ", i, opt->shard_n);
		tally_reset(&r->t);
		st = index_one(r, shard, nroots, roots);
		if (st > status)
			status = st;
		free(shard);
	}
	free(dir);
	if (status != INDEXER_FATAL && !write_stub(r, path, opt->shard_n))
		status = INDEXER_FATAL;
	return status;
}

int
indexer_main(int argc, char **argv, const indexer_env_t *env, FILE *out,
             FILE *err)
{
	options_t opt = { 0 };
	run_t r;
	int status;

	status = parse_args(argc, argv, env, &opt, out, err);
	if (status >= 0)
		return status;
	memset(&r, 0, sizeof r);
	r.opt = &opt;
	r.env = env;
	r.out = out;
	r.err = err;
	tally_init(&r.t, err);
	if (opt.compact) {
		r.index = opt.index;
		status = open_index(&r);
		if (status < 0)
			status = compact(&r);
		goto done;
	}
	if (!collect_files(&r, argc - optind, argv + optind)) {
		fprintf(err, "byline-index: out of memory listing the files\n");
		status = INDEXER_FATAL;
		goto done;
	}
	if (opt.shard_n > 1 && opt.shards)
		status = index_shards(&r, argc - optind, argv + optind);
	else
		status = index_one(&r, opt.index, argc - optind, argv + optind);
done:
	close_index(&r);
	for (size_t i = 0; r.keys && i < r.files.n; i++)
		free(r.keys[i]);
	free(r.keys);
	filelist_free(&r.files);
	tally_destroy(&r.t);
	return status;
}
