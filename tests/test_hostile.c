/* test_hostile.c - hostile files the indexer must survive and report,
 * hostile queries the searcher must answer within bounded time and
 * memory, and the resource limits the README documents, each through the
 * real programs run as a user would (fork/exec, under limits). Everything
 * is generated in temporary directories. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "bl_buf.h"
#include "bl_db.h"
#include "bl_utf8.h"
#include "fault_proc.h"
#include "format.h"
#include "testutil.h"

#ifndef BYLINE_FAULT_SHIM
#define BYLINE_FAULT_SHIM ""
#endif

#define MiB ((size_t)1 << 20)
/* byline-index's default --max-file-size (indexer.c DEFAULT_MAX_FILE). */
#define DEFAULT_MAX_FILE (64 * MiB)
/* byline-search's MAX_QUERY and default max_wildcard. */
#define MAX_QUERY 8192
#define MAX_WILDCARD 1000

/* The article every fixture holds besides the hostile input: the rest of
 * the run must still index it. */
#define GOOD_NAME "good.txt"
#define GOOD_TEXT "Harbour wall repaired at Kestrel Point\n- May 3, 2024\n\n" \
	"Masons repaired the harbour wall at Kestrel Point on Friday.\n"
#define GOOD_WORD "masons"

/* --- fixture ----------------------------------------------------------- */

typedef struct fixture {
	char *root;
	char *in;               /* root/in: the directory indexed */
	char *index;            /* root/idx */
} fixture_t;

static void
fx_init(fixture_t *fx)
{
	fx->root = tu_mkdtemp();
	ck_assert(asprintf(&fx->in, "%s/in", fx->root) > 0);
	ck_assert(asprintf(&fx->index, "%s/idx", fx->root) > 0);
	ck_assert(mkdir(fx->in, 0755) == 0);
	free(tu_write(fx->in, GOOD_NAME, GOOD_TEXT, strlen(GOOD_TEXT)));
}

static void
fx_free(fixture_t *fx)
{
	fp_rmtree(fx->root);
	free(fx->root);
	free(fx->in);
	free(fx->index);
}

/* in/name (malloc'd). */
static char *
fx_path(const fixture_t *fx, const char *name)
{
	char *p;

	ck_assert(asprintf(&p, "%s/%s", fx->in, name) > 0);
	return p;
}

static void
fx_write(const fixture_t *fx, const char *name, const void *data, size_t len)
{
	free(tu_write(fx->in, name, data, len));
}

/* Runs byline-index -i INDEX [extra...] IN under o (NULL: a 300 s
 * time limit, so that a hang fails the test instead of stalling it). */
static fp_run_t
fx_index(const fixture_t *fx, const fp_opts_t *o, const char *const *extra)
{
	static const fp_opts_t bounded = { .timeout = 300 };
	const char *args[64];
	int n = 0;

	if (o == NULL)
		o = &bounded;
	args[n++] = "-i";
	args[n++] = fx->index;
	for (; extra && *extra; extra++)
		args[n++] = *extra;
	args[n++] = fx->in;
	args[n] = NULL;
	return fp_run(fx->root, o, BYLINE_INDEX_BIN, args);
}

/* The index run ended normally with status want, its warnings one per
 * line, each naming its input. */
static void
assert_indexed(const fp_run_t *r, int want)
{
	ck_assert_msg(r->signal == 0, "byline-index died of signal %d\n%.4000s",
	              r->signal, r->err);
	fp_assert_no_sanitizer("byline-index", r->err);
	ck_assert_msg(r->status == want, "byline-index: exit %d, want %d\n"
	              "stdout: %.2000s\nstderr: %.4000s", r->status, want, r->out,
	              r->err);
	fp_assert_lines("byline-index stderr", r->err, "byline-index: ");
}

/* Some line of stderr is "byline-index: <in>/<shown>: skipped: <reason>". */
static void
assert_skipped(const fixture_t *fx, const fp_run_t *r, const char *shown,
               const char *reason)
{
	char *line;

	ck_assert(asprintf(&line, "byline-index: %s/%s: skipped: %s", fx->in,
	                   shown, reason) > 0);
	fp_assert_line("byline-index stderr", r->err, line);
	free(line);
}

/* A search of the fixture's index through byline-search --format json:
 * the number of hits; the output must be valid JSON. */
static unsigned
hits(const fixture_t *fx, const char *query)
{
	fp_opts_t o = { .timeout = 120 };
	fp_run_t r = fp_runl(fx->root, &o, BYLINE_SEARCH_BIN, "-i", fx->index,
	                     "--format", "json", "-n", "1000", "--", query, NULL);
	unsigned n;

	fp_assert_no_sanitizer("byline-search", r.err);
	ck_assert_msg(r.status == 0 || r.status == 1, "search %s: exit %d: %s",
	              query, r.status, r.err);
	ck_assert_msg(tu_json_valid(r.out, r.out_len), "search %s: not JSON: %.2000s",
	              query, r.out);
	n = (unsigned)tu_count(r.out, "\"rank\":");
	fp_free(&r);
	return n;
}

/* The good article is still there: the rest of the run went on. */
static void
assert_rest_indexed(const fixture_t *fx)
{
	ck_assert_uint_eq(hits(fx, GOOD_WORD), 1);
}

static bool
slow_skipped(const char *what)
{
	const char *v = getenv("BYLINE_SKIP_SLOW");

	if (v && *v && strcmp(v, "0") != 0) {
		fprintf(stderr, "hostile: %s skipped (BYLINE_SKIP_SLOW is set)\n",
		        what);
		return true;
	}
	return false;
}

/* Writes a file of size bytes by repeating unit, quickly and without
 * holding it in memory. */
static void
write_repeated(const char *path, const char *unit, size_t size)
{
	size_t ulen = strlen(unit), blen = MiB - MiB % ulen, i, left = size;
	char *block = malloc(blen);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert(block != NULL);
	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	for (i = 0; i < blen; i += ulen)
		memcpy(block + i, unit, ulen);
	while (left) {
		size_t n = left < blen ? left : blen;

		ck_assert(write(fd, block, n) == (ssize_t)n);
		left -= n;
	}
	ck_assert(close(fd) == 0);
	free(block);
}

/* gzip-compresses text into path, repeated until raw bytes are written. */
static void
write_gzip(const char *path, const char *unit, size_t raw)
{
	gzFile gz = gzopen(path, "wb9");
	size_t ulen = strlen(unit), blen = MiB - MiB % ulen, i, left = raw;
	char *block = malloc(blen);

	ck_assert(gz != NULL && block != NULL);
	for (i = 0; i < blen; i += ulen)
		memcpy(block + i, unit, ulen);
	while (left) {
		unsigned n = (unsigned)(left < blen ? left : blen);

		ck_assert(gzwrite(gz, block, n) == (int)n);
		left -= n;
	}
	ck_assert(gzclose(gz) == Z_OK);
	free(block);
}

/* The content of a gzip file of text (malloc'd). */
static unsigned char *
gzip_bytes(const char *text, size_t *len)
{
	char path[] = "/tmp/byline-gz-XXXXXX";
	int fd = mkstemp(path);
	unsigned char *data;
	struct stat sb;
	gzFile gz;

	ck_assert(fd >= 0);
	gz = gzdopen(fd, "wb");
	ck_assert(gz != NULL);
	ck_assert(gzwrite(gz, text, (unsigned)strlen(text)) == (int)strlen(text));
	ck_assert(gzclose(gz) == Z_OK);
	ck_assert(stat(path, &sb) == 0);
	data = malloc((size_t)sb.st_size);
	fd = open(path, O_RDONLY);
	ck_assert(read(fd, data, (size_t)sb.st_size) == sb.st_size);
	close(fd);
	unlink(path);
	*len = (size_t)sb.st_size;
	return data;
}

static bool
shim_available(void)
{
	if (*BYLINE_FAULT_SHIM && access(BYLINE_FAULT_SHIM, R_OK) == 0)
		return true;
	fprintf(stderr, "hostile: the fault shim is not built: skipped\n");
	return false;
}

/* --- files ------------------------------------------------------------- */

START_TEST(test_binary_file)
{
	fixture_t fx;
	unsigned char bin[20000];
	uint64_t x = 88172645463325252ULL;
	fp_run_t r;

	fx_init(&fx);
	/* An executable's header, then xorshift noise. */
	memcpy(bin, "\x7f" "ELF\x02\x01\x01", 7);
	for (size_t i = 7; i < sizeof bin; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		bin[i] = (unsigned char)x;
	}
	fx_write(&fx, "program.txt", bin, sizeof bin);
	/* Control characters but no NUL. */
	memset(bin, 0x01, 4000);
	memcpy(bin, "Title\n", 6);
	fx_write(&fx, "controls.txt", bin, 4000);
	r = fx_index(&fx, NULL, NULL);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "program.txt", "binary file");
	assert_skipped(&fx, &r, "controls.txt", "binary file");
	fp_free(&r);
	assert_rest_indexed(&fx);
	fx_free(&fx);
}
END_TEST

START_TEST(test_nul_bytes)
{
	fixture_t fx;
	bl_buf_t b;
	fp_run_t r;

	fx_init(&fx);
	fx_write(&fx, "nul-early.txt", "Title\0with a NUL\nbody\n", 22);
	/* A NUL past the 8 KiB the binary check reads: indexed, the NUL
	 * repaired to U+FFFD, never written out raw. */
	bl_buf_init(&b, 0);
	bl_buf_puts(&b, "Late NUL article\n\n");
	while (b.len < 9000)
		bl_buf_puts(&b, "filler words for the binary check window. ");
	bl_buf_append(&b, "\0zebrafish\0\n", 12);
	fx_write(&fx, "nul-late.txt", b.data, b.len);
	bl_buf_free(&b);
	r = fx_index(&fx, NULL, NULL);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "nul-early.txt", "binary file");
	fp_free(&r);
	assert_rest_indexed(&fx);
	ck_assert_uint_eq(hits(&fx, "zebrafish"), 1);
	fx_free(&fx);
}
END_TEST

START_TEST(test_bad_utf8)
{
	static const char text[] =
		"Caf\xe9 review \xc0\xaf overlong \xe0\x80\xaf surrogate \xed\xa0\x80 "
		"\xf4\x90\x80\x80 beyond \xf8\x88\x80\x80\x80 five \xfe\xff\n\n"
		"The quokka \xe2\x82 cut \x80\x9f stray \xc3 and \xef\xbb\xbf bom.\n";
	fixture_t fx;
	fp_opts_t o = { .timeout = 60 };
	fp_run_t r;

	fx_init(&fx);
	fx_write(&fx, "bad-utf8.txt", text, sizeof text - 1);
	r = fx_index(&fx, NULL, NULL);
	assert_indexed(&r, 0);
	fp_free(&r);
	ck_assert_uint_eq(hits(&fx, "quokka"), 1);
	/* The text output is valid UTF-8 too. */
	r = fp_runl(fx.root, &o, BYLINE_SEARCH_BIN, "-i", fx.index, "quokka", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(bl_utf8_valid(r.out, r.out_len), "text output is not UTF-8");
	fp_free(&r);
	fx_free(&fx);
}
END_TEST

/* A 200 MB file: over the default cap it is skipped from its size, never
 * read; under a larger cap a sparse one is read whole (and is binary)
 * without holding more than the cap. */
START_TEST(test_huge_file)
{
	fixture_t fx;
	char *path, cap[32];
	const char *extra[] = { "--max-file-size", cap, NULL };
	fp_opts_t o = { .timeout = 600 };
	fp_run_t r;
	int fd;

	fx_init(&fx);
	path = fx_path(&fx, "huge.txt");
	write_repeated(path, "The harbour wall stood for a hundred years. ",
	               200 * MiB);
	r = fx_index(&fx, &o, NULL);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "huge.txt", "larger than --max-file-size");
	fprintf(stderr, "hostile: 200 MB text file: %.2f s, peak %ld MB\n",
	        r.seconds, r.maxrss_kb / 1024);
	if (!fp_asan())
		ck_assert_msg(r.maxrss_kb < 100 * 1024, "peak memory %ld KB for a "
		              "file skipped by its size", r.maxrss_kb);
	fp_free(&r);
	assert_rest_indexed(&fx);
	unlink(path);
	free(path);

	path = fx_path(&fx, "sparse.txt");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert(fd >= 0 && ftruncate(fd, (off_t)(200 * MiB)) == 0);
	close(fd);
	snprintf(cap, sizeof cap, "%zu", 256 * MiB);
	r = fx_index(&fx, &o, extra);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "sparse.txt", "binary file");
	fprintf(stderr, "hostile: 200 MB sparse file under a 256 MB cap: %.2f s, "
	        "peak %ld MB\n", r.seconds, r.maxrss_kb / 1024);
	if (!fp_asan())
		ck_assert_msg(r.maxrss_kb < (256 + 64) * 1024, "peak memory %ld KB "
		              "over the 256 MB cap", r.maxrss_kb);
	fp_free(&r);
	free(path);
	fx_free(&fx);
}
END_TEST

/* A single 50 MB line (loop 0: plain text; 1: the first line of a JSON
 * Lines file, a good line after it): past FORMAT_MAX_LINE and
 * FORMAT_MAX_RECORD, so the readers' contract (format.h) says it is
 * reported, not indexed as one 50 MB article. */
START_TEST(test_long_line)
{
	static const char *const names[] = { "long-line.txt", "long-line.jsonl" };
	fixture_t fx;
	char *path, *line;
	fp_opts_t o = { .timeout = 900 };
	fp_run_t r;

	if (slow_skipped("the 50 MB line"))
		return;
	fx_init(&fx);
	path = fx_path(&fx, names[_i]);
	if (_i == 0) {
		write_repeated(path, "masonry ", 50 * MiB);
	} else {
		FILE *f = fopen(path, "wb");

		ck_assert(f != NULL);
		fputs("{\"title\": \"Long\", \"text\": \"", f);
		for (size_t i = 0; i < 50 * MiB / 8; i++)
			fputs("masonry ", f);
		fputs("\"}\n{\"title\": \"Short\", \"text\": \"kept\"}\n", f);
		ck_assert(fclose(f) == 0);
	}
	free(path);
	r = fx_index(&fx, &o, NULL);
	fprintf(stderr, "hostile: a 50 MB line in %s: exit %d in %.2f s, peak %ld "
	        "MB\n", names[_i], r.status, r.seconds, r.maxrss_kb / 1024);
	ck_assert_msg(r.signal == 0, "signal %d", r.signal);
	fp_assert_no_sanitizer("byline-index", r.err);
	fp_assert_lines("byline-index stderr", r.err, "byline-index: ");
	/* Skipped, or a record warning: named, never silently indexed. */
	if (_i == 0)
		ck_assert(asprintf(&line, "byline-index: %s/%s: record 1: article "
		                   "larger than the record size limit", fx.in,
		                   names[_i]) > 0);
	else
		ck_assert(asprintf(&line, "byline-index: %s/%s: record 1: line "
		                   "longer than the line cap", fx.in, names[_i]) > 0);
	fp_assert_line("the 50 MB line is not reported", r.err, line);
	free(line);
	fp_free(&r);
	assert_rest_indexed(&fx);
	if (_i == 1)
		ck_assert_uint_eq(hits(&fx, "kept"), 1);
	fx_free(&fx);
}
END_TEST

START_TEST(test_gzip_damaged)
{
	static const char text[] = "Ferry timetable changes\n\nThe ferry will "
		"leave earlier from Monday, the harbour office said.\n";
	fixture_t fx;
	unsigned char *gz;
	size_t len;
	fp_run_t r;

	fx_init(&fx);
	gz = gzip_bytes(text, &len);
	fx_write(&fx, "truncated.txt.gz", gz, len / 2);
	gz[len - 6] ^= 0xFF;            /* the CRC */
	fx_write(&fx, "bad-crc.txt.gz", gz, len);
	memset(gz + 12, 0xA5, len - 20);  /* the deflate stream */
	fx_write(&fx, "garbage.txt.gz", gz, len);
	fx_write(&fx, "header-only.gz", gz, 10);
	free(gz);
	r = fx_index(&fx, NULL, NULL);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "truncated.txt.gz", "damaged or truncated gzip data");
	assert_skipped(&fx, &r, "bad-crc.txt.gz", "damaged or truncated gzip data");
	assert_skipped(&fx, &r, "garbage.txt.gz", "damaged or truncated gzip data");
	assert_skipped(&fx, &r, "header-only.gz", "damaged or truncated gzip data");
	fp_free(&r);
	assert_rest_indexed(&fx);
	fx_free(&fx);
}
END_TEST

/* A gzip bomb: 1 MB that inflates to 1 GB. Decompression stops at the
 * cap, in bounded memory and time; a gzip inside a gzip is binary. */
START_TEST(test_gzip_bomb)
{
	fixture_t fx;
	char *path;
	unsigned char *inner;
	size_t len;
	fp_opts_t o = { .timeout = 600 };
	fp_run_t r;

	fx_init(&fx);
	path = fx_path(&fx, "bomb.txt.gz");
	write_gzip(path, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	           1024 * MiB);
	free(path);
	inner = gzip_bytes("Nested\n\ninside a gzip inside a gzip\n", &len);
	path = fx_path(&fx, "nested.gz");
	{
		gzFile gz = gzopen(path, "wb");

		ck_assert(gz != NULL);
		ck_assert(gzwrite(gz, inner, (unsigned)len) == (int)len);
		ck_assert(gzclose(gz) == Z_OK);
	}
	free(inner);
	free(path);
	r = fx_index(&fx, &o, NULL);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "bomb.txt.gz",
	               "decompresses to more than --max-file-size");
	assert_skipped(&fx, &r, "nested.gz", "binary file");
	fprintf(stderr, "hostile: gzip bomb (1 GB): %.2f s, peak %ld MB\n",
	        r.seconds, r.maxrss_kb / 1024);
	if (!fp_asan())
		ck_assert_msg(r.maxrss_kb < (long)(DEFAULT_MAX_FILE / 1024) + 96 * 1024,
		              "peak memory %ld KB over the 64 MB cap", r.maxrss_kb);
	fp_free(&r);
	assert_rest_indexed(&fx);
	fx_free(&fx);
}
END_TEST

/* Makes count nested directories named name under dir (by descriptor:
 * the path may pass PATH_MAX) and a file article.txt at the bottom. */
static void
make_deep(const char *dir, const char *name, unsigned count)
{
	static const char text[] = "Deep article\n\nburied deep below\n";
	int fd = open(dir, O_RDONLY | O_DIRECTORY), sub, f;
	unsigned i;

	ck_assert(fd >= 0);
	for (i = 0; i < count; i++) {
		ck_assert_msg(mkdirat(fd, name, 0755) == 0, "mkdir depth %u: %s", i,
		              strerror(errno));
		sub = openat(fd, name, O_RDONLY | O_DIRECTORY);
		ck_assert(sub >= 0);
		close(fd);
		fd = sub;
	}
	f = openat(fd, "article.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert(f >= 0);
	ck_assert(write(f, text, sizeof text - 1) == (ssize_t)sizeof text - 1);
	close(f);
	close(fd);
}

START_TEST(test_deep_dirs)
{
	fixture_t fx;
	char *dir, long_name[201];
	fp_run_t r;

	fx_init(&fx);
	/* Deeper than the walker follows (MAX_DEPTH, 256). */
	dir = fx_path(&fx, "deep");
	ck_assert(mkdir(dir, 0755) == 0);
	make_deep(dir, "d", 300);
	free(dir);
	/* A path longer than PATH_MAX: 30 levels of 200 bytes. */
	dir = fx_path(&fx, "long");
	ck_assert(mkdir(dir, 0755) == 0);
	memset(long_name, 'n', 200);
	long_name[200] = '\0';
	make_deep(dir, long_name, 30);
	free(dir);
	r = fx_index(&fx, NULL, NULL);
	assert_indexed(&r, 1);
	ck_assert_msg(strstr(r.err, ": skipped: cannot be walked: directories "
	                     "nested too deeply\n") != NULL, "%s", r.err);
	ck_assert_msg(strstr(r.err, ": skipped: cannot be walked: File name too "
	                     "long\n") != NULL || strstr(r.err, ": skipped: cannot "
	                     "be walked: path too long below here\n") != NULL,
	              "%s", r.err);
	fp_free(&r);
	assert_rest_indexed(&fx);
	fx_free(&fx);
}
END_TEST

START_TEST(test_symlinks_and_devices)
{
	fixture_t fx;
	char *p;
	fp_opts_t o = { .timeout = 120 };
	fp_run_t r;

	fx_init(&fx);
	p = fx_path(&fx, "loop");
	ck_assert(mkdir(p, 0755) == 0);
	free(p);
	p = fx_path(&fx, "loop/up");
	ck_assert(symlink("..", p) == 0);              /* a directory loop */
	free(p);
	p = fx_path(&fx, "loop/self");
	ck_assert(symlink(".", p) == 0);
	free(p);
	p = fx_path(&fx, "selfref.txt");
	ck_assert(symlink("selfref.txt", p) == 0);     /* ELOOP */
	free(p);
	p = fx_path(&fx, "dangling.txt");
	ck_assert(symlink("nowhere/at/all.txt", p) == 0);
	free(p);
	p = fx_path(&fx, "zero.txt");
	ck_assert(symlink("/dev/zero", p) == 0);       /* endless: not regular */
	free(p);
	p = fx_path(&fx, "random.txt");
	ck_assert(symlink("/dev/urandom", p) == 0);
	free(p);
	p = fx_path(&fx, "fifo.txt");
	ck_assert(mkfifo(p, 0644) == 0);               /* would block a read */
	free(p);
	r = fx_index(&fx, &o, NULL);
	ck_assert_msg(r.signal == 0, "byline-index: signal %d (a FIFO or device "
	              "blocked it?)", r.signal);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "selfref.txt", "cannot be walked: Too many "
	               "levels of symbolic links");
	assert_skipped(&fx, &r, "dangling.txt", "cannot be walked: No such file "
	               "or directory");
	ck_assert_msg(strstr(r.err, "directory already visited") != NULL, "%s",
	              r.err);
	fp_free(&r);
	assert_rest_indexed(&fx);
	fx_free(&fx);
}
END_TEST

/* Files that vanish, fail or grow between the walk and the read, made so
 * by the fault shim (LD_PRELOAD), deterministically. */
START_TEST(test_vanish_and_change)
{
	static const char text[] = "Changing story\n\nharbour pilots\n";
	static const char *const env[] = {
		"BYLINE_FAULT_ENOENT=vanished.txt",
		"BYLINE_FAULT_EIO=ioerror.txt",
		"BYLINE_FAULT_GROW=grown.txt",
		"LD_PRELOAD=" BYLINE_FAULT_SHIM,
		NULL
	};
	static const char *const cap[] = { "--max-file-size", "1K", NULL };
	fixture_t fx;
	fp_opts_t o = { .timeout = 120, .env = env };
	bl_buf_t b;
	fp_run_t r;

	if (!shim_available())
		return;
	fx_init(&fx);
	fx_write(&fx, "vanished.txt", text, sizeof text - 1);
	bl_buf_init(&b, 0);
	bl_buf_puts(&b, "I/O error story\n\n");
	while (b.len < 200000)
		bl_buf_puts(&b, "harbour pilots read on. ");
	fx_write(&fx, "ioerror.txt", b.data, b.len);
	bl_buf_free(&b);
	r = fx_index(&fx, &o, NULL);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "vanished.txt", "cannot be read: No such file or "
	               "directory");
	assert_skipped(&fx, &r, "ioerror.txt", "cannot be read: Input/output error");
	fp_free(&r);
	assert_rest_indexed(&fx);
	/* A file measured at 1 byte by the walk has grown past the cap when
	 * it is read: the cap holds all the same. */
	fp_rmtree(fx.index);
	bl_buf_init(&b, 0);
	while (b.len < 4096)
		bl_buf_puts(&b, "Grown story\n\nharbour pilots grew it.\n");
	fx_write(&fx, "grown.txt", b.data, b.len);
	bl_buf_free(&b);
	r = fx_index(&fx, &o, cap);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "grown.txt", "larger than --max-file-size");
	fp_free(&r);
	assert_rest_indexed(&fx);
	fx_free(&fx);
}
END_TEST

/* Files rewritten, truncated, deleted and recreated by another process
 * while the indexer runs: whatever each read sees, the run ends normally
 * and the index is sound. */
START_TEST(test_files_changing_under_the_indexer)
{
	enum { FILES = 300 };
	fixture_t fx;
	fp_opts_t o = { .timeout = 300 };
	const char *extra[] = { "--batch", "20", NULL };
	char name[32];
	pid_t churn;
	fp_run_t r;
	int round;

	fx_init(&fx);
	for (int i = 0; i < FILES; i++) {
		snprintf(name, sizeof name, "c/%03d.txt", i);
		fx_write(&fx, name, GOOD_TEXT, strlen(GOOD_TEXT));
	}
	churn = fork();
	ck_assert(churn >= 0);
	if (churn == 0) {
		unsigned x = 12345;

		/* Never outlive the test, even when it fails. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(600);

		for (;;) {
			char path[PATH_MAX];
			int fd;

			x = x * 1103515245u + 12345u;
			snprintf(path, sizeof path, "%s/c/%03u.txt", fx.in,
			         (x >> 8) % FILES);
			switch ((x >> 20) % 4) {
			case 0: unlink(path); break;
			case 1: truncate(path, (off_t)((x >> 4) % 60)); break;
			default:
				fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
				if (fd >= 0) {
					if (write(fd, "Rewritten\n\nnew text\n", 20) < 0)
						_exit(1);
					close(fd);
				}
			}
		}
	}
	for (round = 0; round < 3; round++) {
		r = fx_index(&fx, &o, extra);
		ck_assert_msg(r.signal == 0, "round %d: signal %d", round, r.signal);
		ck_assert_msg(r.status == 0 || r.status == 1, "round %d: exit %d: %s",
		              round, r.status, r.err);
		fp_assert_lines("byline-index stderr", r.err, "byline-index: ");
		fp_free(&r);
	}
	kill(churn, SIGKILL);
	waitpid(churn, NULL, 0);
	ck_assert_int_le(fp_xapian_check(fx.root, fx.index), 0);
	/* A final run over the settled files matches them exactly: it
	 * holds what a fresh build of them holds. */
	r = fx_index(&fx, &o, NULL);
	ck_assert_msg(r.status == 0 || r.status == 1, "exit %d: %s", r.status, r.err);
	fp_free(&r);
	ck_assert_int_le(fp_xapian_check(fx.root, fx.index), 0);
	{
		char *ref, *a, *b;

		ck_assert(asprintf(&ref, "%s/ref", fx.root) > 0);
		r = fp_runl(fx.root, &o, BYLINE_INDEX_BIN, "-q", "-i", ref, fx.in, NULL);
		ck_assert_msg(r.status == 0 || r.status == 1, "fresh build: exit %d: "
		              "%s", r.status, r.err);
		fp_free(&r);
		a = tu_dump_index(fx.index);
		b = tu_dump_index(ref);
		ck_assert_msg(strcmp(a, b) == 0, "after the churn the index differs "
		              "from a fresh build of the same files");
		free(a);
		free(b);
		free(ref);
	}
	fx_free(&fx);
}
END_TEST

/* A file indexed once and skipped by a later update (emptied, turned
 * binary, made unreadable) loses its articles: the index holds what a
 * fresh build of the same files holds, and a rerun finds nothing to do. */
START_TEST(test_indexed_then_skipped)
{
	static const char *const env[] = {
		"BYLINE_FAULT_EACCES=locked.txt", "LD_PRELOAD=" BYLINE_FAULT_SHIM, NULL
	};
	static const char zebu[] = "Zebu story\n\nThe zebu grazed.\n";
	fixture_t fx;
	fp_opts_t o = { .timeout = 120 };
	char *path;
	fp_run_t r;

	fx_init(&fx);
	fx_write(&fx, "emptied.txt", zebu, sizeof zebu - 1);
	fx_write(&fx, "binary.txt", zebu, sizeof zebu - 1);
	fx_write(&fx, "locked.txt", zebu, sizeof zebu - 1);
	r = fx_index(&fx, NULL, NULL);
	assert_indexed(&r, 0);
	fp_free(&r);
	ck_assert_uint_eq(hits(&fx, "zebu"), 3);
	path = fx_path(&fx, "emptied.txt");
	ck_assert(truncate(path, 0) == 0);
	free(path);
	fx_write(&fx, "binary.txt", "\x7f" "ELF\0\0\0zebu", 11);
	if (*BYLINE_FAULT_SHIM) {
		/* Touched, so that the update reads it, and then unreadable. */
		fx_write(&fx, "locked.txt", zebu, sizeof zebu - 2);
		o.env = env;
	}
	r = fx_index(&fx, &o, NULL);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "emptied.txt", "empty file");
	assert_skipped(&fx, &r, "binary.txt", "binary file");
	fp_free(&r);
	ck_assert_uint_eq(hits(&fx, "zebu"), *BYLINE_FAULT_SHIM ? 0 : 1);
	assert_rest_indexed(&fx);
	/* Readable again: indexed again. */
	o.env = NULL;
	r = fx_index(&fx, &o, NULL);
	assert_indexed(&r, 1);
	fp_free(&r);
	ck_assert_uint_eq(hits(&fx, "zebu"), 1);
	fx_free(&fx);
}
END_TEST

/* Unreadable files and directories. Root reads everything, so as root
 * the indexer runs as nobody; the fault shim's EACCES is tried too. */
START_TEST(test_unreadable)
{
	static const char text[] = "Secret\n\nnobody may read this\n";
	static const char *const env[] = {
		"BYLINE_FAULT_EACCES=shim-denied",
		"LD_PRELOAD=" BYLINE_FAULT_SHIM,
		NULL
	};
	fixture_t fx;
	fp_opts_t o = { .timeout = 120 };
	char *p;
	fp_run_t r;
	bool real = true;

	fx_init(&fx);
	fx_write(&fx, "secret.txt", text, sizeof text - 1);
	fx_write(&fx, "private/inside.txt", text, sizeof text - 1);
	p = fx_path(&fx, "secret.txt");
	ck_assert(chmod(p, 0) == 0);
	free(p);
	p = fx_path(&fx, "private");
	ck_assert(chmod(p, 0) == 0);
	free(p);
	if (geteuid() == 0) {
		struct passwd *pw = getpwnam("nobody");

		if (pw == NULL) {
			fprintf(stderr, "hostile: running as root and there is no user "
			        "'nobody': real permissions not tested\n");
			real = false;
		} else {
			o.as_user = true;
			o.uid = pw->pw_uid;
			o.gid = pw->pw_gid;
			/* nobody must reach the tree and write the index. */
			ck_assert(chmod(fx.root, 01777) == 0);
			ck_assert(chmod(fx.in, 0755) == 0);
		}
	}
	if (real) {
		r = fx_index(&fx, &o, NULL);
		if (r.status == 125 || (r.status == 2 && strstr(r.err, "idx"))) {
			fprintf(stderr, "hostile: cannot run as nobody here (%s): real "
			        "permissions not tested\n", r.err);
		} else {
			assert_indexed(&r, 1);
			assert_skipped(&fx, &r, "secret.txt", "cannot be read: Permission "
			               "denied");
			assert_skipped(&fx, &r, "private", "cannot be walked: Permission "
			               "denied");
			assert_rest_indexed(&fx);
		}
		fp_free(&r);
	}
	/* The shim: denied whatever the user. */
	if (shim_available()) {
		fp_opts_t s = { .timeout = 120, .env = env };

		fp_rmtree(fx.index);
		p = fx_path(&fx, "secret.txt");
		unlink(p);
		free(p);
		p = fx_path(&fx, "private");
		fp_rmtree(p);
		free(p);
		fx_write(&fx, "shim-denied.txt", text, sizeof text - 1);
		fx_write(&fx, "shim-denied-dir/inside.txt", text, sizeof text - 1);
		r = fx_index(&fx, &s, NULL);
		assert_indexed(&r, 1);
		assert_skipped(&fx, &r, "shim-denied.txt", "cannot be read: "
		               "Permission denied");
		assert_skipped(&fx, &r, "shim-denied-dir", "cannot be walked: "
		               "Permission denied");
		fp_free(&r);
		assert_rest_indexed(&fx);
	}
	fx_free(&fx);
}
END_TEST

/* Names with a newline, invalid UTF-8, terminal escapes, tabs and
 * backslashes: every warning stays one line, naming the file escaped, and
 * the searcher never prints the raw control characters. */
START_TEST(test_hostile_names)
{
	static const char binary[] = "\x7f" "ELF\0\0\0\0";
	fixture_t fx;
	fp_opts_t o = { .timeout = 60 };
	fp_run_t r;

	fx_init(&fx);
	fx_write(&fx, "bad\nname.txt", binary, sizeof binary);
	fx_write(&fx, "caf\xe9.txt", "", 0);
	fx_write(&fx, "\x1b[31mred\x07.txt", binary, sizeof binary);
	fx_write(&fx, "back\\slash\ttab.txt", "  \n", 3);
	fx_write(&fx, "c1-\xc2\x9b" "31m.txt", binary, sizeof binary);
	fx_write(&fx, "good\nnews \x1b]0;pwned\x07.txt", "Escape headline\n\n"
	         "The lighthouse keeper retired.\n", 47);
	fx_write(&fx, "\xff\xfe.txt", "Latin one\n\nlighthouse caf\xe9\n", 27);
	r = fx_index(&fx, NULL, NULL);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "bad\\nname.txt", "binary file");
	assert_skipped(&fx, &r, "caf\\xe9.txt", "empty file");
	assert_skipped(&fx, &r, "\\x1b[31mred\\x07.txt", "binary file");
	assert_skipped(&fx, &r, "back\\\\slash\\ttab.txt", "empty file");
	assert_skipped(&fx, &r, "c1-\\xc2\\x9b31m.txt", "binary file");
	fp_free(&r);
	assert_rest_indexed(&fx);
	ck_assert_uint_eq(hits(&fx, "lighthouse"), 2);
	/* Text output: no raw escape or bell from a file name. */
	r = fp_runl(fx.root, &o, BYLINE_SEARCH_BIN, "-i", fx.index, "lighthouse",
	            NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(strchr(r.out, '\x1b') == NULL && strchr(r.out, '\x07') == NULL,
	              "raw control characters in the text output:\n%s", r.out);
	ck_assert_msg(bl_utf8_valid(r.out, r.out_len), "text output is not UTF-8");
	fp_free(&r);
	fx_free(&fx);
}
END_TEST

START_TEST(test_many_tiny_files)
{
	enum { DIRS = 50, PER_DIR = 100 };
	fixture_t fx;
	fp_opts_t o = { .timeout = 600 };
	char name[64], text[64];
	unsigned valid = 0, empty = 0;
	fp_run_t r;

	fx_init(&fx);
	for (int d = 0; d < DIRS; d++) {
		for (int i = 0; i < PER_DIR; i++) {
			int n = d * PER_DIR + i;

			snprintf(name, sizeof name, "tiny/%02d/%04d.txt", d, i);
			if (n % 10 == 0) {
				fx_write(&fx, name, "", 0);
				empty++;
			} else if (n % 10 == 1) {
				fx_write(&fx, name, "x", 1);
				valid++;
			} else {
				int len = snprintf(text, sizeof text, "Tiny %d\nminnow%d\n", n,
				                   n);
				fx_write(&fx, name, text, (size_t)len);
				valid++;
			}
		}
	}
	r = fx_index(&fx, &o, NULL);
	assert_indexed(&r, 1);
	fprintf(stderr, "hostile: %d tiny files: %.2f s, peak %ld MB\n",
	        DIRS * PER_DIR, r.seconds, r.maxrss_kb / 1024);
	ck_assert_uint_eq(tu_count(r.err, ": skipped: empty file\n"), empty);
	{
		char want[64];

		snprintf(want, sizeof want, "Indexed %u articles ", valid + 1);
		ck_assert_msg(strncmp(r.out, want, strlen(want)) == 0, "%s", r.out);
	}
	fp_free(&r);
	assert_rest_indexed(&fx);
	ck_assert_uint_eq(hits(&fx, "minnow4242"), 1);
	fx_free(&fx);
}
END_TEST

/* --- queries ----------------------------------------------------------- */

static char *query_root;
static char *query_index;

/* Words prefix0000, prefix0001, ... count of them, as one article. */
static void
write_words(const char *dir, const char *name, const char *prefix,
            unsigned count)
{
	bl_buf_t b;

	bl_buf_init(&b, 0);
	/* The headline's words are terms too: none may start with prefix. */
	bl_buf_puts(&b, "Wildcard bait\n\n");
	for (unsigned i = 0; i < count; i++)
		bl_buf_printf(&b, "%s%04u%c", prefix, i, i % 12 == 11 ? '\n' : ' ');
	bl_buf_putc(&b, '\n');
	free(tu_write(dir, name, b.data, b.len));
	bl_buf_free(&b);
}

/* samples/ plus words that wildcards expand to: zq* 1500 words, zs*
 * exactly MAX_WILDCARD, zt* one more, zr* 400. */
static void
query_setup(void)
{
	char *gen;
	fp_opts_t o = { .timeout = 300 };
	fp_run_t r;

	query_root = tu_mkdtemp();
	ck_assert(asprintf(&gen, "%s/gen", query_root) > 0);
	ck_assert(asprintf(&query_index, "%s/idx", query_root) > 0);
	write_words(gen, "zq.txt", "zq", 1500);
	write_words(gen, "zr.txt", "zr", 400);
	write_words(gen, "zs.txt", "zs", MAX_WILDCARD);
	write_words(gen, "zt.txt", "zt", MAX_WILDCARD + 1);
	r = fp_runl(query_root, &o, BYLINE_INDEX_BIN, "-q", "-i", query_index,
	            tu_samples_dir(), gen, NULL);
	ck_assert_msg(r.status == 0, "indexing: exit %d: %s", r.status, r.err);
	fp_free(&r);
	free(gen);
}

static void
query_teardown(void)
{
	fp_rmtree(query_root);
	free(query_root);
	free(query_index);
}

/* Runs byline-search on the query under a time and memory limit; it must
 * answer (0 or 1, valid JSON) or refuse with one clear line (2), in
 * bounded time and memory. Returns the exit status. */
static int
hostile_query(const char *what, const char *query, const char *option)
{
	fp_opts_t o = { .timeout = 60, .mem_limit = (size_t)1 << 30 };
	const char *args[12];
	int n = 0, status;
	fp_run_t r;

	args[n++] = "-i";
	args[n++] = query_index;
	args[n++] = "--format";
	args[n++] = "json";
	if (option)
		args[n++] = option;
	args[n++] = "--";
	args[n++] = query;
	args[n] = NULL;
	r = fp_run(query_root, &o, BYLINE_SEARCH_BIN, args);
	fprintf(stderr, "hostile query: %-28s exit %d in %.3f s, peak %ld MB%s%.*s\n",
	        what, r.status, r.seconds, r.maxrss_kb / 1024,
	        r.status == 2 ? ": " : "", (int)strcspn(r.err, "\n"), r.err);
	ck_assert_msg(r.signal == 0, "%s: byline-search died of signal %d%s\n%.2000s",
	              what, r.signal, r.signal == SIGALRM ? " (time limit)" : "",
	              r.err);
	fp_assert_no_sanitizer(what, r.err);
	ck_assert_msg(r.status <= 2, "%s: exit %d: %s", what, r.status, r.err);
	ck_assert_msg(r.seconds < 30, "%s: %.1f s", what, r.seconds);
	if (r.status == 2) {
		ck_assert_msg(strncmp(r.err, "byline-search: ", 15) == 0 &&
		              tu_count(r.err, "\n") == 1, "%s: not one clear line: %s",
		              what, r.err);
		ck_assert_msg(strstr(r.err, "internal error") == NULL &&
		              strstr(r.err, "damaged") == NULL, "%s: %s", what, r.err);
	} else {
		ck_assert_msg(tu_json_valid(r.out, r.out_len), "%s: not JSON: %.2000s",
		              what, r.out);
	}
	if (!fp_asan())
		ck_assert_msg(r.maxrss_kb < 512 * 1024, "%s: peak %ld KB", what,
		              r.maxrss_kb);
	status = r.status;
	fp_free(&r);
	return status;
}

/* len bytes: unit repeated, then tail (all within MAX_QUERY). */
static char *
repeat(const char *head, const char *unit, size_t times, const char *tail)
{
	bl_buf_t b;

	bl_buf_init(&b, 0);
	bl_buf_puts(&b, head);
	for (size_t i = 0; i < times; i++)
		bl_buf_puts(&b, unit);
	bl_buf_puts(&b, tail);
	ck_assert(b.err == BL_OK);
	return bl_buf_detach(&b, NULL);
}

START_TEST(test_query_nesting)
{
	char *q;

	q = repeat("", "(", 4000, "harbour");
	{
		char *closed = repeat(q, ")", 4000, "");

		ck_assert_uint_le(strlen(closed), MAX_QUERY);
		hostile_query("4000 nested parentheses", closed, NULL);
		free(closed);
	}
	free(q);
	q = repeat("", "(", MAX_QUERY, "");
	hostile_query("8192 open parentheses", q, NULL);
	free(q);
	q = repeat("", ")", MAX_QUERY, "");
	hostile_query("8192 close parentheses", q, NULL);
	free(q);
	/* (a OR (b OR (c ... : a deep tree, not a flat one. */
	{
		bl_buf_t b;

		bl_buf_init(&b, MAX_QUERY);
		for (int i = 0; b.len < MAX_QUERY - 700; i++)
			bl_buf_printf(&b, "(w%d OR ", i);
		bl_buf_puts(&b, "harbour");
		while (b.len < MAX_QUERY && tu_count(b.data, "(") > tu_count(b.data, ")"))
			bl_buf_putc(&b, ')');
		ck_assert(b.err == BL_OK);
		hostile_query("deep OR tree", b.data, NULL);
		bl_buf_free(&b);
	}
	q = repeat("", "NOT ", MAX_QUERY / 4 - 2, "x");
	hostile_query("2000 NOTs", q, NULL);
	free(q);
}
END_TEST

START_TEST(test_query_many_terms)
{
	bl_buf_t b;
	char *q;

	bl_buf_init(&b, MAX_QUERY);
	for (int i = 0; b.len + 8 < MAX_QUERY; i++)
		bl_buf_printf(&b, "%sw%d", i ? " " : "", i);
	hostile_query("1600 terms", b.data, NULL);
	hostile_query("1600 terms, any", b.data, "--any");
	bl_buf_reset(&b);
	for (int i = 0; b.len + 16 < MAX_QUERY; i++)
		bl_buf_printf(&b, "%szq%04d", i ? " OR " : "", i);
	hostile_query("1100 ORed real terms", b.data, NULL);
	bl_buf_reset(&b);
	for (int i = 0; b.len + 16 < MAX_QUERY; i++)
		bl_buf_printf(&b, "%s\"zq%04d zq%04d\"", i ? " " : "", i, i + 1);
	hostile_query("500 phrases", b.data, NULL);
	bl_buf_free(&b);
	q = repeat("", "harbour ", MAX_QUERY / 8, "");
	hostile_query("one word 1000 times", q, NULL);
	free(q);
}
END_TEST

START_TEST(test_query_wildcards)
{
	char *q;

	ck_assert_int_eq(hostile_query("zq* (1500 words)", "zq*", NULL), 2);
	hostile_query("z*", "z*", NULL);
	hostile_query("*", "*", NULL);
	hostile_query("a*", "a*", NULL);
	/* Each under its own cap, but thousands of them: the count of
	 * wildcards is capped (BL_MAX_WILDCARDS), else these took minutes. */
	q = repeat("", "zr* ", MAX_QUERY / 4, "");
	ck_assert_int_eq(hostile_query("2048 x zr* (400 words)", q, NULL), 2);
	free(q);
	q = repeat("", "zr* OR ", MAX_QUERY / 7 - 1, "zr*");
	ck_assert_int_eq(hostile_query("1170 x zr* ORed", q, NULL), 2);
	free(q);
	q = repeat("", "zq0* ", MAX_QUERY / 5, "");
	ck_assert_int_eq(hostile_query("1638 x zq0* (1000 words)", q, NULL), 2);
	free(q);
	/* At the cap, each expanding to hundreds of words: answered. */
	q = repeat("", "zr* OR ", BL_MAX_WILDCARDS - 1, "zr*");
	ck_assert_int_le(hostile_query("16 x zr* ORed", q, NULL), 1);
	free(q);
	q = repeat("title:", "*", 10, "");
	hostile_query("title:**********", q, NULL);
	free(q);
}
END_TEST

START_TEST(test_query_near_and_phrases)
{
	char *q;

	hostile_query("NEAR/999999", "harbour NEAR/999999 wall", NULL);
	hostile_query("NEAR/huge", "harbour NEAR/99999999999999999999999 wall", NULL);
	hostile_query("NEAR/0", "harbour NEAR/0 wall", NULL);
	hostile_query("NEAR/-1", "harbour NEAR/-1 wall", NULL);
	hostile_query("ADJ/999999", "harbour ADJ/999999 wall", NULL);
	q = repeat("harbour", " NEAR/999999 wall", 400, "");
	hostile_query("400 chained NEAR/999999", q, NULL);
	free(q);
	q = repeat("", "\"", MAX_QUERY, "");
	hostile_query("8 KiB of quotes", q, NULL);
	free(q);
	q = repeat("", "\"", MAX_QUERY - 1, "a");
	hostile_query("8 KiB of quotes and a", q, NULL);
	free(q);
	q = repeat("\"", "zq0001 ", 1100, "\"");
	hostile_query("a 1100-word phrase", q, NULL);
	free(q);
}
END_TEST

START_TEST(test_query_bytes)
{
	char controls[160], *q;
	size_t n = 0;

	for (int c = 1; c < 0x20; c++) {
		controls[n++] = (char)c;
		controls[n++] = 'a';
	}
	memcpy(controls + n, "\x7f\x1b[2J\x1b]0;title\x07 harbour", 24);
	controls[n + 24] = '\0';
	hostile_query("control characters", controls, NULL);
	hostile_query("invalid UTF-8", "\xff\xfe\xc0\xaf caf\xe9 \xed\xa0\x80 "
	              "\xf4\x90\x80\x80 harbour", NULL);
	hostile_query("lone continuation bytes", "\x80\x81\x82\xbf", NULL);
	q = repeat("e", "\xcc\x81", 4000, "");
	hostile_query("4000 combining accents", q, NULL);
	free(q);
	q = repeat("", "a", MAX_QUERY, "");
	hostile_query("one 8 KiB word", q, NULL);
	free(q);
	q = repeat("id:", "x", MAX_QUERY - 3, "");
	hostile_query("an 8 KiB id", q, NULL);
	free(q);
	q = repeat("", "-", MAX_QUERY, "");
	hostile_query("8 KiB of minus signs", q, NULL);
	free(q);
	q = repeat("", "title:", MAX_QUERY / 6, "");
	hostile_query("1365 x title:", q, NULL);
	free(q);
	hostile_query("operators only", "AND OR NOT XOR NEAR ADJ", NULL);
	hostile_query("white space only", " \t\n\r\v\f ", NULL);
}
END_TEST

START_TEST(test_query_dates)
{
	char *q;

	hostile_query("date:huge days", "date:99999999999999999999d harbour", NULL);
	hostile_query("date:max days", "date:9223372036854775807d harbour", NULL);
	hostile_query("date:huge years", "date:999999999y", NULL);
	hostile_query("date:negative", "date:-5d", NULL);
	hostile_query("date:....", "date:....", NULL);
	hostile_query("date:2024-02-30", "date:2024-02-30", NULL);
	hostile_query("after:0000", "after:0000-01-01 before:99999-12-31", NULL);
	q = repeat("after:", "9", MAX_QUERY - 6, "");
	hostile_query("after: 8 KiB of nines", q, NULL);
	free(q);
	q = repeat("", "date:2024 ", MAX_QUERY / 10, "");
	hostile_query("819 date filters", q, NULL);
	free(q);
	hostile_query("--date hostile", "harbour", "--date=99999999999999999999d");
}
END_TEST

/* --- limits (README "Limits"), each enforced ---------------------------- */

START_TEST(test_limit_max_file_size)
{
	fixture_t fx;
	const char *extra[] = { "--max-file-size", "1K", NULL };
	char *path;
	bl_buf_t b;
	fp_run_t r;

	fx_init(&fx);
	bl_buf_init(&b, 0);
	bl_buf_puts(&b, "At the cap\n\n");
	while (b.len < 1024)
		bl_buf_putc(&b, b.len % 7 ? 'k' : ' ');
	fx_write(&fx, "exactly-1k.txt", b.data, 1024);
	fx_write(&fx, "over-1k.txt", b.data, 1025);
	bl_buf_free(&b);
	path = fx_path(&fx, "inflates.txt.gz");
	write_gzip(path, "Compressed over the cap\n\n", 4096);
	free(path);
	r = fx_index(&fx, NULL, extra);
	assert_indexed(&r, 1);
	assert_skipped(&fx, &r, "over-1k.txt", "larger than --max-file-size");
	assert_skipped(&fx, &r, "inflates.txt.gz",
	               "decompresses to more than --max-file-size");
	ck_assert_msg(strstr(r.err, "exactly-1k.txt") == NULL, "%s", r.err);
	fp_free(&r);
	assert_rest_indexed(&fx);
	fx_free(&fx);
}
END_TEST

START_TEST(test_limit_line_and_record)
{
	fixture_t fx;
	fp_opts_t o = { .timeout = 900 };
	char *path, *line;
	FILE *f;
	fp_run_t r;

	fx_init(&fx);
	/* JSON Lines: a good line, a line one byte over FORMAT_MAX_LINE (its
	 * newline excluded), a good line. */
	path = fx_path(&fx, "lines.jsonl");
	f = fopen(path, "wb");
	ck_assert(f != NULL);
	fputs("{\"title\": \"First\", \"text\": \"jsonlfirst\"}\n", f);
	fputs("{\"title\": \"Over\", \"text\": \"", f);
	for (size_t i = 29; i < FORMAT_MAX_LINE + 1; i++)
		fputc('w', f);
	fputs("\"}\n{\"title\": \"Under\", \"text\": \"jsonlkept\"}\n", f);
	ck_assert(fclose(f) == 0);
	free(path);
	/* Reuters SGML: a record over FORMAT_MAX_RECORD, then a good one. */
	path = fx_path(&fx, "big.sgm");
	f = fopen(path, "wb");
	ck_assert(f != NULL);
	fputs("<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS TOPICS=\"NO\" "
	      "NEWID=\"1\">\n<TEXT><TITLE>Big</TITLE><BODY>", f);
	while (ftell(f) < (long)(FORMAT_MAX_RECORD + 4096))
		fputs("reuters body text that goes on and on past the record cap.\n"
		      "  ", f);
	fputs("</BODY></TEXT>\n</REUTERS>\n<REUTERS TOPICS=\"NO\" NEWID=\"2\">\n"
	      "<TEXT><TITLE>Small</TITLE><BODY>reuterskept\n</BODY></TEXT>\n"
	      "</REUTERS>\n", f);
	ck_assert(fclose(f) == 0);
	free(path);
	/* A message over FORMAT_MAX_RECORD in an mbox, then a good one. */
	path = fx_path(&fx, "big.mbox");
	f = fopen(path, "wb");
	ck_assert(f != NULL);
	fputs("From a@example.org Mon Aug  5 10:00:00 2024\nFrom: a@example.org\n"
	      "Subject: Big\nMessage-ID: <big@example.org>\n\n", f);
	while (ftell(f) < (long)(FORMAT_MAX_RECORD + 4096))
		fputs("a message body that goes on and on past the record cap ok.\n", f);
	fputs("\nFrom b@example.org Mon Aug  5 11:00:00 2024\nFrom: b@example.org\n"
	      "Subject: Small\nMessage-ID: <small@example.org>\n\nmailkept\n", f);
	ck_assert(fclose(f) == 0);
	free(path);
	r = fx_index(&fx, &o, NULL);
	ck_assert_msg(r.signal == 0, "signal %d", r.signal);
	fp_assert_no_sanitizer("byline-index", r.err);
	fp_assert_lines("byline-index stderr", r.err, "byline-index: ");
	ck_assert(asprintf(&line, "byline-index: %s/lines.jsonl: record 2: line "
	                   "longer than the line cap", fx.in) > 0);
	fp_assert_line("FORMAT_MAX_LINE", r.err, line);
	free(line);
	ck_assert(asprintf(&line, "byline-index: %s/big.sgm: record 1: ", fx.in) > 0);
	fp_assert_line("FORMAT_MAX_RECORD (reuters)", r.err, line);
	free(line);
	ck_assert(asprintf(&line, "byline-index: %s/big.mbox: record 1: ", fx.in) > 0);
	fp_assert_line("FORMAT_MAX_RECORD (mail)", r.err, line);
	free(line);
	fp_free(&r);
	ck_assert_uint_eq(hits(&fx, "jsonlkept"), 1);
	ck_assert_uint_eq(hits(&fx, "jsonlfirst"), 1);
	ck_assert_uint_eq(hits(&fx, "reuterskept"), 1);
	ck_assert_uint_eq(hits(&fx, "mailkept"), 1);
	assert_rest_indexed(&fx);
	fx_free(&fx);
}
END_TEST

/* A plain article over FORMAT_MAX_RECORD, on lines under the line cap. */
START_TEST(test_limit_plain_record)
{
	fixture_t fx;
	fp_opts_t o = { .timeout = 900 };
	char *path, *line;
	fp_run_t r;

	if (slow_skipped("the 17 MB plain article"))
		return;
	fx_init(&fx);
	path = fx_path(&fx, "big.txt");
	write_repeated(path, "Plain article line well under the line cap.\n",
	               FORMAT_MAX_RECORD + MiB);
	free(path);
	r = fx_index(&fx, &o, NULL);
	fprintf(stderr, "hostile: 17 MB plain article: exit %d in %.2f s\n",
	        r.status, r.seconds);
	ck_assert_msg(r.signal == 0, "signal %d", r.signal);
	fp_assert_no_sanitizer("byline-index", r.err);
	fp_assert_lines("byline-index stderr", r.err, "byline-index: ");
	ck_assert(asprintf(&line, "byline-index: %s/big.txt: record 1: article "
	                   "larger than the record size limit: skipped", fx.in) > 0);
	fp_assert_line("FORMAT_MAX_RECORD (plain)", r.err, line);
	free(line);
	fp_free(&r);
	assert_rest_indexed(&fx);
	fx_free(&fx);
}
END_TEST

START_TEST(test_limit_query_length)
{
	fp_opts_t o = { .timeout = 60 };
	char *q = repeat("", "a", MAX_QUERY, "");
	fp_run_t r;

	r = fp_runl(query_root, &o, BYLINE_SEARCH_BIN, "-i", query_index, q, NULL);
	ck_assert_msg(r.status == 0 || r.status == 1, "%d: %s", r.status, r.err);
	fp_free(&r);
	free(q);
	/* One byte more, also when it comes from joining several words. */
	q = repeat("", "a", MAX_QUERY - 2, "");
	r = fp_runl(query_root, &o, BYLINE_SEARCH_BIN, "-i", query_index, q, "bc",
	            NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "byline-search: query longer than 8192 bytes\n");
	fp_free(&r);
	free(q);
}
END_TEST

START_TEST(test_limit_wildcard)
{
	bl_query_opts_t q = { .limit = 10 };
	bl_results_t *res = NULL;
	bl_db_t *db = NULL;
	char *msg = NULL;

	/* byline-search: exactly the cap expands, one more word is refused. */
	ck_assert_int_le(hostile_query("zs* (1000 words)", "zs*", NULL), 1);
	ck_assert_int_eq(hostile_query("zt* (1001 words)", "zt*", NULL), 2);
	/* The number of wildcards in one query, text and filter. */
	{
		char *q16 = repeat("", "zr* ", BL_MAX_WILDCARDS, "");
		char *q17 = repeat("", "zr* ", BL_MAX_WILDCARDS + 1, "");
		fp_opts_t o = { .timeout = 120 };
		fp_run_t r;

		ck_assert_int_le(hostile_query("16 wildcards", q16, NULL), 1);
		r = fp_runl(query_root, &o, BYLINE_SEARCH_BIN, "-i", query_index, q17,
		            NULL);
		ck_assert_int_eq(r.status, 2);
		ck_assert_msg(strstr(r.err, "too many wildcards in one query (17; at "
		                     "most 16)") != NULL, "%s", r.err);
		fp_free(&r);
		/* The filter's wildcards count too. */
		ck_assert_int_eq(bl_db_open(query_index, BL_DB_READ, &db, &msg), BL_OK);
		q.text = q16;
		q.filter = "zs*";
		ck_assert_int_eq(bl_db_search(db, &q, &res), BL_ERR_LIMIT);
		ck_assert_ptr_null(res);
		q.filter = NULL;
		ck_assert_int_eq(bl_db_search(db, &q, &res), BL_OK);
		bl_results_free(res);
		res = NULL;
		free(q16);
		free(q17);
	}
	/* The API's max_wildcard. */
	q.text = "zr*";
	q.max_wildcard = 400;
	ck_assert_int_eq(bl_db_search(db, &q, &res), BL_OK);
	bl_results_free(res);
	res = NULL;
	q.max_wildcard = 399;
	ck_assert_int_eq(bl_db_search(db, &q, &res), BL_ERR_LIMIT);
	ck_assert_ptr_null(res);
	ck_assert_msg(strstr(bl_db_last_error(db), "wildcard") != NULL, "%s",
	              bl_db_last_error(db));
	bl_db_close(db);
}
END_TEST

START_TEST(test_limit_search_options)
{
	static const struct {
		const char *opt, *value;
		int status;
	} cases[] = {
		{ "--limit", "10000", 0 }, { "--limit", "10001", 2 },
		{ "--offset", "1000000", 0 }, { "--offset", "1000001", 2 },
		{ "--snippet-length", "4096", 0 }, { "--snippet-length", "4097", 2 },
		{ "--snippet-length", "19", 2 },
	};
	fp_opts_t o = { .timeout = 60 };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fp_run_t r = fp_runl(query_root, &o, BYLINE_SEARCH_BIN, "-i",
		                     query_index, cases[i].opt, cases[i].value,
		                     "harbour", NULL);

		ck_assert_msg(r.status == cases[i].status, "%s %s: exit %d, want %d: %s",
		              cases[i].opt, cases[i].value, r.status, cases[i].status,
		              r.err);
		fp_free(&r);
	}
}
END_TEST

/* --date, --after and --before share 1024 bytes of filter, each
 * after:"2024-01-01" and a space taking 19: 53 copies of
 * --after=2024-01-01 fit, 54 are a usage error naming the option. */
START_TEST(test_limit_date_options)
{
	const char *args[64];
	fp_opts_t o = { .timeout = 60 };
	fp_run_t r;
	int n = 0;

	args[n++] = "-i";
	args[n++] = query_index;
	for (int i = 0; i < 53; i++)
		args[n++] = "--after=2024-01-01";
	args[n++] = "harbour";
	args[n] = NULL;
	r = fp_run(query_root, &o, BYLINE_SEARCH_BIN, args);
	ck_assert_msg(r.status == 0 || r.status == 1, "53 --after: exit %d: %s",
	              r.status, r.err);
	fp_free(&r);
	args[n - 1] = "--after=2024-01-01";
	args[n++] = "harbour";
	args[n] = NULL;
	r = fp_run(query_root, &o, BYLINE_SEARCH_BIN, args);
	ck_assert_msg(r.status == 2 && strncmp(r.err, "byline-search: --after: ",
	              24) == 0, "54 --after: exit %d: %s", r.status, r.err);
	fp_free(&r);
}
END_TEST

/* An exact-match value longer than a term may be (240 bytes) is cut and
 * a hash of the whole added: two ids alike in their first 1000 bytes are
 * each found alone. */
START_TEST(test_limit_long_id)
{
	fixture_t fx;
	bl_buf_t b, q;
	fp_run_t r;

	fx_init(&fx);
	bl_buf_init(&b, 0);
	bl_buf_init(&q, 0);
	for (int k = 1; k <= 2; k++) {
		bl_buf_puts(&b, "{\"id\": \"");
		for (int i = 0; i < 1000; i++)
			bl_buf_putc(&b, 'k');
		bl_buf_printf(&b, "%d\", \"title\": \"Long id %d\", \"text\": "
		              "\"longid\"}\n", k, k);
	}
	fx_write(&fx, "ids.jsonl", b.data, b.len);
	r = fx_index(&fx, NULL, NULL);
	assert_indexed(&r, 0);
	fp_free(&r);
	ck_assert_uint_eq(hits(&fx, "longid"), 2);
	for (int k = 1; k <= 3; k++) {
		bl_buf_reset(&q);
		bl_buf_puts(&q, "id:");
		for (int i = 0; i < 1000; i++)
			bl_buf_putc(&q, 'k');
		bl_buf_printf(&q, "%d", k);
		ck_assert_uint_eq(hits(&fx, q.data), k < 3);
	}
	bl_buf_free(&b);
	bl_buf_free(&q);
	fx_free(&fx);
}
END_TEST

/* The walker follows 256 levels of directories (MAX_DEPTH in walk.c). */
START_TEST(test_limit_depth)
{
	fixture_t fx;
	char *dir;
	fp_run_t r;

	fx_init(&fx);
	dir = fx_path(&fx, "ok");
	ck_assert(mkdir(dir, 0755) == 0);
	make_deep(dir, "d", 254);
	free(dir);
	r = fx_index(&fx, NULL, NULL);
	assert_indexed(&r, 0);
	fp_free(&r);
	ck_assert_uint_eq(hits(&fx, "buried"), 1);
	fp_rmtree(fx.index);
	dir = fx_path(&fx, "over");
	ck_assert(mkdir(dir, 0755) == 0);
	make_deep(dir, "d", 256);
	free(dir);
	r = fx_index(&fx, NULL, NULL);
	assert_indexed(&r, 1);
	ck_assert_msg(strstr(r.err, "directories nested too deeply") != NULL, "%s",
	              r.err);
	fp_free(&r);
	ck_assert_uint_eq(hits(&fx, "buried"), 1);
	fx_free(&fx);
}
END_TEST

static Suite *
hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc;

	tc = tu_add_tcase(s, "files", 900);
	tcase_add_test(tc, test_binary_file);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_bad_utf8);
	tcase_add_test(tc, test_huge_file);
	tcase_add_loop_test(tc, test_long_line, 0, 2);
	tcase_add_test(tc, test_gzip_damaged);
	tcase_add_test(tc, test_gzip_bomb);
	tcase_add_test(tc, test_deep_dirs);
	tcase_add_test(tc, test_symlinks_and_devices);
	tcase_add_test(tc, test_vanish_and_change);
	tcase_add_test(tc, test_files_changing_under_the_indexer);
	tcase_add_test(tc, test_indexed_then_skipped);
	tcase_add_test(tc, test_unreadable);
	tcase_add_test(tc, test_hostile_names);
	tcase_add_test(tc, test_many_tiny_files);
	tc = tu_add_tcase(s, "queries", 600);
	tcase_add_unchecked_fixture(tc, query_setup, query_teardown);
	tcase_add_test(tc, test_query_nesting);
	tcase_add_test(tc, test_query_many_terms);
	tcase_add_test(tc, test_query_wildcards);
	tcase_add_test(tc, test_query_near_and_phrases);
	tcase_add_test(tc, test_query_bytes);
	tcase_add_test(tc, test_query_dates);
	tc = tu_add_tcase(s, "limits", 900);
	tcase_add_unchecked_fixture(tc, query_setup, query_teardown);
	tcase_add_test(tc, test_limit_max_file_size);
	tcase_add_test(tc, test_limit_line_and_record);
	tcase_add_test(tc, test_limit_plain_record);
	tcase_add_test(tc, test_limit_query_length);
	tcase_add_test(tc, test_limit_wildcard);
	tcase_add_test(tc, test_limit_search_options);
	tcase_add_test(tc, test_limit_depth);
	tcase_add_test(tc, test_limit_date_options);
	tcase_add_test(tc, test_limit_long_id);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(hostile_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
