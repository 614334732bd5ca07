/* testutil.c - helpers shared by the Check suites. */
#include "testutil.h"

#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bl_utf8.h"
#include "indexer.h"
#include "searcher.h"

double
tu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *
tu_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	ck_assert(asprintf(&path, "%s/byline-test-XXXXXX", tmp) > 0);
	ck_assert_msg(mkdtemp(path) != NULL, "mkdtemp: %s", strerror(errno));
	return path;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		chmod(path, 0700);
	remove(path);
	return 0;
}

void
tu_rmtree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
mkparents(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
}

char *
tu_write(const char *dir, const char *name, const void *data, size_t len)
{
	char *path;
	FILE *f;

	ck_assert(asprintf(&path, "%s/%s", dir, name) > 0);
	mkparents(path);
	f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert(fwrite(data, 1, len, f) == len);
	ck_assert(fclose(f) == 0);
	return path;
}

typedef int (*main_fn)(int, char **, const void *, FILE *, FILE *);

static tu_run_t
run(const char *prog, int which, bool tty, bool no_color, const char *first,
    va_list ap)
{
	char *argv[64];
	int argc = 0;
	const char *a;
	tu_run_t r = { 0, NULL, NULL };
	size_t olen, elen;
	FILE *out = open_memstream(&r.out, &olen);
	FILE *err = open_memstream(&r.err, &elen);

	ck_assert(out && err);
	argv[argc++] = (char *)prog;
	for (a = first; a && argc < 63; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	argv[argc] = NULL;
	if (which == 0) {
		indexer_env_t env = { .index = NULL };

		r.status = indexer_main(argc, argv, &env, out, err);
	} else {
		searcher_env_t env = { .out_is_tty = tty, .no_color = no_color };

		r.status = searcher_main(argc, argv, &env, out, err);
	}
	fclose(out);
	fclose(err);
	return r;
}

tu_run_t
tu_index(const char *arg, ...)
{
	va_list ap;
	tu_run_t r;

	va_start(ap, arg);
	r = run("byline-index", 0, false, false, arg, ap);
	va_end(ap);
	return r;
}

tu_run_t
tu_search(const char *arg, ...)
{
	va_list ap;
	tu_run_t r;

	va_start(ap, arg);
	r = run("byline-search", 1, false, false, arg, ap);
	va_end(ap);
	return r;
}

tu_run_t
tu_search_tty(bool no_color, const char *arg, ...)
{
	va_list ap;
	tu_run_t r;

	va_start(ap, arg);
	r = run("byline-search", 1, true, no_color, arg, ap);
	va_end(ap);
	return r;
}

void
tu_run_free(tu_run_t *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

static char *samples_index_dir;
static char *samples_index;
static pid_t samples_index_owner;

/* Only the process that built the index removes it: Check forks a child
 * per test case, and those exit too. */
static void
remove_samples_index(void)
{
	if (samples_index_dir && getpid() == samples_index_owner)
		tu_rmtree(samples_index_dir);
}

const char *
tu_samples_dir(void)
{
	return BYLINE_SAMPLES_DIR;
}

char *
tu_corpus(const char *rel, const char *test)
{
	const char *root = getenv("BYLINE_CORPORA");
	char *path;

	if (root == NULL || *root == '\0')
		root = BYLINE_SAMPLES_DIR "/../../shared/corpora";
	ck_assert(asprintf(&path, "%s/%s", root, rel) > 0);
	if (access(path, R_OK) == 0)
		return path;
	fprintf(stderr, "%s: skipped, %s is absent (set BYLINE_CORPORA to the "
	        "corpora directory)\n", test, path);
	free(path);
	return NULL;
}

const char *
tu_samples_index(void)
{
	tu_run_t r;
	if (samples_index)
		return samples_index;
	samples_index_dir = tu_mkdtemp();
	samples_index_owner = getpid();
	ck_assert(asprintf(&samples_index, "%s/idx", samples_index_dir) > 0);
	r = tu_index("--quiet", "--index", samples_index, BYLINE_SAMPLES_DIR,
	             NULL);
	ck_assert_msg(r.status == 0, "indexing samples failed (%d): %s",
	              r.status, r.err);
	tu_run_free(&r);
	atexit(remove_samples_index);
	return samples_index;
}

size_t
tu_count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	const char *p = hay;

	if (len == 0)
		return 0;
	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += len;
	}
	return n;
}

/* A small recursive-descent JSON checker. */
typedef struct json {
	const char *s;
	size_t len, pos;
	int depth;
} json_t;

static void
ws(json_t *j)
{
	while (j->pos < j->len && strchr(" \t\n\r", j->s[j->pos]) &&
	       j->s[j->pos])
		j->pos++;
}

static bool
lit(json_t *j, const char *w)
{
	size_t n = strlen(w);

	if (j->len - j->pos < n || memcmp(j->s + j->pos, w, n) != 0)
		return false;
	j->pos += n;
	return true;
}

static bool value(json_t *j);

static bool
string(json_t *j)
{
	uint32_t cp;
	size_t n;

	if (j->pos >= j->len || j->s[j->pos] != '"')
		return false;
	j->pos++;
	while (j->pos < j->len) {
		unsigned char c = (unsigned char)j->s[j->pos];

		if (c == '"') {
			j->pos++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c == '\\') {
			j->pos++;
			if (j->pos >= j->len)
				return false;
			c = (unsigned char)j->s[j->pos];
			if (c == 'u') {
				for (int i = 1; i <= 4; i++)
					if (j->pos + (size_t)i >= j->len ||
					    !strchr("0123456789abcdefABCDEF",
					            j->s[j->pos + (size_t)i]) ||
					    !j->s[j->pos + (size_t)i])
						return false;
				j->pos += 5;
				continue;
			}
			if (!strchr("\"\\/bfnrt", (char)c) || c == 0)
				return false;
			j->pos++;
			continue;
		}
		n = bl_utf8_decode(j->s + j->pos, j->len - j->pos, &cp);
		if (n == 0)
			return false;
		j->pos += n;
	}
	return false;
}

static bool
number(json_t *j)
{
	size_t start = j->pos;

	if (j->pos < j->len && j->s[j->pos] == '-')
		j->pos++;
	if (j->pos >= j->len || j->s[j->pos] < '0' || j->s[j->pos] > '9')
		return false;
	if (j->s[j->pos] == '0')
		j->pos++;
	else
		while (j->pos < j->len && j->s[j->pos] >= '0' && j->s[j->pos] <= '9')
			j->pos++;
	if (j->pos < j->len && j->s[j->pos] == '.') {
		j->pos++;
		if (j->pos >= j->len || j->s[j->pos] < '0' || j->s[j->pos] > '9')
			return false;
		while (j->pos < j->len && j->s[j->pos] >= '0' && j->s[j->pos] <= '9')
			j->pos++;
	}
	if (j->pos < j->len && (j->s[j->pos] == 'e' || j->s[j->pos] == 'E')) {
		j->pos++;
		if (j->pos < j->len && (j->s[j->pos] == '+' || j->s[j->pos] == '-'))
			j->pos++;
		if (j->pos >= j->len || j->s[j->pos] < '0' || j->s[j->pos] > '9')
			return false;
		while (j->pos < j->len && j->s[j->pos] >= '0' && j->s[j->pos] <= '9')
			j->pos++;
	}
	return j->pos > start;
}

static bool
container(json_t *j, char open, char close, bool object)
{
	if (j->s[j->pos] != open || ++j->depth > 200)
		return false;
	j->pos++;
	ws(j);
	if (j->pos < j->len && j->s[j->pos] == close) {
		j->pos++;
		j->depth--;
		return true;
	}
	for (;;) {
		if (object) {
			ws(j);
			if (!string(j))
				return false;
			ws(j);
			if (j->pos >= j->len || j->s[j->pos] != ':')
				return false;
			j->pos++;
		}
		if (!value(j))
			return false;
		ws(j);
		if (j->pos >= j->len)
			return false;
		if (j->s[j->pos] == close) {
			j->pos++;
			j->depth--;
			return true;
		}
		if (j->s[j->pos] != ',')
			return false;
		j->pos++;
	}
}

static bool
value(json_t *j)
{
	ws(j);
	if (j->pos >= j->len)
		return false;
	switch (j->s[j->pos]) {
	case '{': return container(j, '{', '}', true);
	case '[': return container(j, '[', ']', false);
	case '"': return string(j);
	case 't': return lit(j, "true");
	case 'f': return lit(j, "false");
	case 'n': return lit(j, "null");
	default: return number(j);
	}
}

bool
tu_json_valid(const char *s, size_t len)
{
	json_t j = { s, len, 0, 0 };

	if (!value(&j))
		return false;
	ws(&j);
	return j.pos == j.len;
}

bl_db_t *
tu_open_read(const char *index)
{
	bl_db_t *db = NULL;
	char *msg = NULL;
	bl_status_t st = bl_db_open(index, BL_DB_READ, &db, &msg);

	ck_assert_msg(st == BL_OK, "%s: %s", index, msg ? msg : bl_status_str(st));
	return db;
}

uint64_t
tu_doc_count(const char *index)
{
	bl_db_t *db = tu_open_read(index);
	uint64_t n = 0;

	ck_assert_int_eq(bl_db_doc_count(db, &n), BL_OK);
	bl_db_close(db);
	return n;
}

static char *
dump(const char *index, bl_status_t (*fn)(bl_db_t *, bl_buf_t *))
{
	bl_db_t *db = tu_open_read(index);
	bl_buf_t out;
	char *text;

	bl_buf_init(&out, (size_t)1 << 30);
	bl_buf_puts(&out, "");
	ck_assert_int_eq(fn(db, &out), BL_OK);
	text = bl_buf_detach(&out, NULL);
	ck_assert(text != NULL);
	bl_db_close(db);
	return text;
}

char *
tu_dump_index(const char *index)
{
	return dump(index, bl_db_dump);
}

char *
tu_dump_spelling(const char *index)
{
	return dump(index, bl_db_dump_spelling);
}

char *
tu_find_program(const char *name)
{
	const char *path = getenv("PATH"), *p, *end;
	char *full;

	for (p = path && *path ? path : "/usr/bin:/bin"; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		ck_assert(asprintf(&full, "%.*s/%s", (int)(end - p), p, name) > 0);
		if (end > p && access(full, X_OK) == 0)
			return full;
		free(full);
	}
	return NULL;
}

TCase *
tu_add_tcase(Suite *s, const char *name, int seconds)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, seconds);
	suite_add_tcase(s, tc);
	return tc;
}

uint64_t
tu_rng_next(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

unsigned
tu_rng_range(uint64_t *state, unsigned lo, unsigned hi)
{
	return lo + (unsigned)(tu_rng_next(state) % (hi - lo + 1));
}
