/* test_file.c - Check suite for bl_file_read: plain and gzip input, damaged gzip, caps and I/O errors. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "bl_file.h"
#include "testutil.h"

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* Each test works in a fresh directory under root. The parent process
 * makes and removes root, so nothing is left behind when a test fails in
 * its fork before its own teardown. */
static char *root;
static char *dir;

static void
make_root(void)
{
	root = tu_mkdtemp();
}

static void
remove_root(void)
{
	tu_rmtree(root);
	free(root);
	root = NULL;
}

static char *
fresh_dir(void)
{
	char *p = malloc(strlen(root) + 10);

	ck_assert_ptr_nonnull(p);
	sprintf(p, "%s/t-XXXXXX", root);
	ck_assert_msg(mkdtemp(p) != NULL, "mkdtemp: %s", strerror(errno));
	return p;
}

static void
setup(void)
{
	dir = fresh_dir();
}

static void
teardown(void)
{
	tu_rmtree(dir);
	free(dir);
	dir = NULL;
}

static char *
path_in_dir(const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);

	ck_assert_ptr_nonnull(p);
	sprintf(p, "%s/%s", dir, name);
	return p;
}

/* Writes data as one gzip member through zlib's own gz* API; mode "ab"
 * appends another member. */
static void
gz_file(const char *path, const char *mode, const void *data, size_t len)
{
	gzFile gz = gzopen(path, mode);

	ck_assert_ptr_nonnull(gz);
	ck_assert_int_eq(gzwrite(gz, data, (unsigned)len), (int)len);
	ck_assert_int_eq(gzclose(gz), Z_OK);
}

/* Compresses data into out as one gzip member, in memory. */
static void
gz_mem(const void *data, size_t len, bl_buf_t *out)
{
	unsigned char chunk[4096];
	z_stream z;
	int ret;

	memset(&z, 0, sizeof z);
	ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		ret = deflate(&z, Z_FINISH);
		ck_assert(ret == Z_OK || ret == Z_STREAM_END);
		ck_assert_int_eq(bl_buf_append(out, chunk, sizeof chunk - z.avail_out), BL_OK);
	} while (ret != Z_STREAM_END);
	deflateEnd(&z);
}

/* Deterministic text that deflate cannot shrink to nothing. */
static void
make_text(bl_buf_t *out, size_t len)
{
	static const char *const words[] = {
		"council", "vote", "harbour", "the", "minister", "said", "on", "Tuesday",
		"prices", "rose", "sharply", "after", "storm", "in", "northern", "towns",
	};
	uint32_t x = 12345;

	while (out->len < len) {
		x = x * 1103515245u + 12345u;
		bl_buf_puts(out, words[(x >> 16) % 16]);
		bl_buf_putc(out, (x >> 8) % 7 ? ' ' : '\n');
	}
	out->len = len;
	out->data[len] = '\0';
}

static const char text[] = "Harbour reopens\n\nThe harbour reopened on Tuesday.\n";

START_TEST(test_plain)
{
	char *path = tu_write(dir, "a.txt", text, sizeof text - 1);
	bl_buf_t out;
	int err_no = -1, compressed = -1;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, &compressed), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), text);
	ck_assert_uint_eq(out.len, sizeof text - 1);
	ck_assert_int_eq(err_no, 0);
	ck_assert_int_eq(compressed, 0);
	bl_buf_free(&out);
	free(path);
}
END_TEST

START_TEST(test_gzip)
{
	char *path = path_in_dir("a.txt.gz");
	bl_buf_t out;
	int err_no = -1, compressed = -1;

	gz_file(path, "wb", text, sizeof text - 1);
	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, &compressed), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), text);
	ck_assert_int_eq(err_no, 0);
	ck_assert_int_eq(compressed, 1);
	bl_buf_free(&out);
	free(path);
}
END_TEST

/* The content decides, not the name: gzip without .gz is decompressed... */
START_TEST(test_gzip_any_name)
{
	char *path = path_in_dir("article");
	bl_buf_t out;
	int err_no, compressed = -1;

	gz_file(path, "wb", text, sizeof text - 1);
	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, &compressed), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), text);
	ck_assert_int_eq(compressed, 1);
	bl_buf_free(&out);
	free(path);
}
END_TEST

/* ...and plain text named .gz is read as it is. */
START_TEST(test_plain_named_gz)
{
	char *path = tu_write(dir, "x.gz", text, sizeof text - 1);
	bl_buf_t out;
	int err_no = -1, compressed = -1;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, &compressed), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), text);
	ck_assert_int_eq(err_no, 0);
	ck_assert_int_eq(compressed, 0);
	bl_buf_free(&out);
	free(path);
}
END_TEST

START_TEST(test_multi_member)
{
	char *path = path_in_dir("multi.gz");
	bl_buf_t out;
	int err_no, compressed = -1;

	gz_file(path, "wb", "first member\n", 13);
	gz_file(path, "ab", "second member\n", 14);
	gz_file(path, "ab", "", 0);
	gz_file(path, "ab", "third\n", 6);
	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, &compressed), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), "first member\nsecond member\nthird\n");
	ck_assert_int_eq(compressed, 1);
	bl_buf_free(&out);
	free(path);
}
END_TEST

START_TEST(test_empty)
{
	char *plain = tu_write(dir, "empty", "", 0);
	char *gz = path_in_dir("empty.gz");
	bl_buf_t out;
	int err_no = -1, compressed = -1;

	gz_file(gz, "wb", "", 0);
	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(plain, &out, &err_no, &compressed), BL_OK);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_int_eq(err_no, 0);
	ck_assert_int_eq(compressed, 0);
	ck_assert_int_eq(bl_file_read(gz, &out, &err_no, &compressed), BL_OK);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_int_eq(compressed, 1);
	bl_buf_free(&out);
	free(plain);
	free(gz);
}
END_TEST

/* Reading appends to what out holds; compressed may be NULL. */
START_TEST(test_appends)
{
	char *path = tu_write(dir, "b.txt", "body", 4);
	bl_buf_t out;
	int err_no;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_buf_puts(&out, "head:"), BL_OK);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, NULL), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), "head:body");
	bl_buf_free(&out);
	free(path);
}
END_TEST

/* A file bigger than zlib's and the reader's buffers, both ways. */
START_TEST(test_large)
{
	char *plain, *gz = path_in_dir("large.gz");
	bl_buf_t src, out;
	int err_no, compressed;

	bl_buf_init(&src, 0);
	make_text(&src, 1000000);
	plain = tu_write(dir, "large", src.data, src.len);
	gz_file(gz, "wb", src.data, src.len);
	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(plain, &out, &err_no, &compressed), BL_OK);
	ck_assert_uint_eq(out.len, src.len);
	ck_assert(memcmp(out.data, src.data, src.len) == 0);
	bl_buf_reset(&out);
	ck_assert_int_eq(bl_file_read(gz, &out, &err_no, &compressed), BL_OK);
	ck_assert_int_eq(compressed, 1);
	ck_assert_uint_eq(out.len, src.len);
	ck_assert(memcmp(out.data, src.data, src.len) == 0);
	bl_buf_free(&out);
	bl_buf_free(&src);
	free(plain);
	free(gz);
}
END_TEST

/* Byte counts kept of a good gzip file; SIZE_MAX - n means "all but n". */
static const size_t truncations[] = {
	2, 10, 11, 20, 100, 1000, SIZE_MAX - 8, SIZE_MAX - 4, SIZE_MAX - 1,
};

START_TEST(test_truncated)
{
	bl_buf_t src, gz, out;
	size_t keep = truncations[_i];
	char *path;
	int err_no, compressed = -1;

	bl_buf_init(&src, 0);
	bl_buf_init(&gz, 0);
	make_text(&src, 50000);
	gz_mem(src.data, src.len, &gz);
	ck_assert_uint_gt(gz.len, 2000);
	if (keep > gz.len)
		keep = gz.len - (SIZE_MAX - keep);
	path = tu_write(dir, "cut.gz", gz.data, keep);
	bl_buf_init(&out, 0);
	ck_assert_msg(bl_file_read(path, &out, &err_no, &compressed) == BL_ERR_CORRUPT,
		"%zu of %zu bytes", keep, gz.len);
	ck_assert_int_eq(compressed, 1);
	ck_assert_uint_le(out.len, src.len);	/* a lost trailer loses no data */
	ck_assert(out.len == 0 || memcmp(out.data, src.data, out.len) == 0);
	bl_buf_free(&out);
	bl_buf_free(&gz);
	bl_buf_free(&src);
	free(path);
}
END_TEST

/* The gzip magic followed by something that is not a gzip stream. */
static const struct {
	const char *data;
	size_t len;
} garbage[] = {
	{ "\x1f\x8bthis is not deflate data at all, just text", 44 },
	{ "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xff\xff\xff\xff\xff", 18 },	/* bad block type */
	{ "\x1f\x8b\x09\x00\x00\x00\x00\x00\x00\x03\x01\x00\x00\xff\xff", 15 },	/* method 9 */
	{ "\x1f\x8b\x08\xe0\x00\x00\x00\x00\x00\x03\x03\x00", 12 },	/* reserved flags */
};

START_TEST(test_garbage)
{
	char *path = tu_write(dir, "bad.gz", garbage[_i].data, garbage[_i].len);
	bl_buf_t out;
	int err_no, compressed;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, &compressed), BL_ERR_CORRUPT);
	bl_buf_free(&out);
	free(path);
}
END_TEST

/* A flipped bit in the CRC-32 or the length of the trailer. */
START_TEST(test_bad_trailer)
{
	bl_buf_t gz, out;
	char *path;
	int err_no, compressed, k;

	for (k = 8; k >= 1; k -= 4) {
		bl_buf_init(&gz, 0);
		gz_mem(text, sizeof text - 1, &gz);
		gz.data[gz.len - (size_t)k] = (char)(gz.data[gz.len - (size_t)k] ^ 0x01);
		path = tu_write(dir, "trailer.gz", gz.data, gz.len);
		bl_buf_init(&out, 0);
		ck_assert_msg(bl_file_read(path, &out, &err_no, &compressed) == BL_ERR_CORRUPT,
			"byte %d from the end", k);
		bl_buf_free(&out);
		bl_buf_free(&gz);
		free(path);
	}
}
END_TEST

/* Content at the cap is fine; one byte more is BL_ERR_LIMIT, never more
 * than the cap in out. */
static const struct {
	bool gzip;
	size_t len, cap;
	bl_status_t want;
} cap_cases[] = {
	{ false, 1000, 1000, BL_OK },
	{ false, 1000, 999, BL_ERR_LIMIT },
	{ false, 1000, 1, BL_ERR_LIMIT },
	{ false, 200000, 100000, BL_ERR_LIMIT },
	{ false, 200000, 200000, BL_OK },
	{ true, 1000, 1000, BL_OK },
	{ true, 1000, 999, BL_ERR_LIMIT },
	{ true, 200000, 100000, BL_ERR_LIMIT },
	{ true, 200000, 200000, BL_OK },
};

START_TEST(test_cap)
{
	bl_buf_t src, out;
	char *path;
	int err_no, compressed;

	bl_buf_init(&src, 0);
	make_text(&src, cap_cases[_i].len);
	if (cap_cases[_i].gzip) {
		path = path_in_dir("capped.gz");
		gz_file(path, "wb", src.data, src.len);
	} else {
		path = tu_write(dir, "capped", src.data, src.len);
	}
	bl_buf_init(&out, cap_cases[_i].cap);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, &compressed), cap_cases[_i].want);
	ck_assert_uint_le(out.len, cap_cases[_i].cap);
	if (cap_cases[_i].want == BL_OK) {
		ck_assert_uint_eq(out.len, src.len);
		ck_assert(memcmp(out.data, src.data, src.len) == 0);
	}
	bl_buf_free(&out);
	bl_buf_free(&src);
	free(path);
}
END_TEST

/* 200 MB of zeros deflated as a stream (about 200 KB on disk), read with a
 * 1 MiB cap: stops at the cap instead of inflating everything. */
START_TEST(test_gzip_bomb)
{
	static unsigned char zeros[65536], chunk[65536];
	const size_t total = (size_t)200 << 20, cap = (size_t)1 << 20;
	char *path = path_in_dir("bomb.gz");
	FILE *f = fopen(path, "wb");
	bl_buf_t out;
	z_stream z;
	size_t fed = 0;
	int ret, err_no, compressed = -1, flush;
	double secs;

	ck_assert_ptr_nonnull(f);
	memset(&z, 0, sizeof z);
	ck_assert_int_eq(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_RLE), Z_OK);
	do {
		z.next_in = zeros;
		z.avail_in = sizeof zeros;
		fed += sizeof zeros;
		flush = fed >= total ? Z_FINISH : Z_NO_FLUSH;
		do {
			z.next_out = chunk;
			z.avail_out = sizeof chunk;
			ret = deflate(&z, flush);
			ck_assert(ret != Z_STREAM_ERROR);
			ck_assert(fwrite(chunk, 1, sizeof chunk - z.avail_out, f) ==
				sizeof chunk - z.avail_out);
		} while (z.avail_out == 0);
	} while (flush != Z_FINISH);
	ck_assert_int_eq(ret, Z_STREAM_END);
	ck_assert_uint_eq(z.total_in, total);
	ck_assert_uint_lt(z.total_out, 1 << 20);
	deflateEnd(&z);
	ck_assert_int_eq(fclose(f), 0);

	bl_buf_init(&out, cap);
	secs = tu_seconds();
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, &compressed), BL_ERR_LIMIT);
	secs = tu_seconds() - secs;
	ck_assert_uint_le(out.len, cap);
	ck_assert_int_eq(compressed, 1);
	ck_assert_msg(secs < 5.0, "took %.2f s", secs);
	bl_buf_free(&out);
	free(path);
}
END_TEST

START_TEST(test_missing)
{
	char *path = path_in_dir("no-such-file");
	char *deep = path_in_dir("no-such-dir/file.gz");
	bl_buf_t out;
	int err_no = 0, compressed = -1;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, &compressed), BL_ERR_IO);
	ck_assert_int_eq(err_no, ENOENT);
	ck_assert_int_eq(compressed, 0);
	ck_assert_uint_eq(out.len, 0);
	err_no = 0;
	ck_assert_int_eq(bl_file_read(deep, &out, &err_no, NULL), BL_ERR_IO);
	ck_assert_int_eq(err_no, ENOENT);
	bl_buf_free(&out);
	free(path);
	free(deep);
}
END_TEST

START_TEST(test_directory)
{
	bl_buf_t out;
	int err_no = 0, compressed = -1;

	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(dir, &out, &err_no, &compressed), BL_ERR_IO);
	ck_assert_int_eq(err_no, EISDIR);
	ck_assert_int_eq(compressed, 0);
	ck_assert_uint_eq(out.len, 0);
	bl_buf_free(&out);
}
END_TEST

/* A FIFO with no writer must not block the reader. */
START_TEST(test_fifo)
{
	char *path = path_in_dir("fifo");
	bl_buf_t out;
	int err_no = 0;

	ck_assert_int_eq(mkfifo(path, 0600), 0);
	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, NULL), BL_ERR_IO);
	ck_assert_int_eq(err_no, EISDIR);
	bl_buf_free(&out);
	free(path);
}
END_TEST

START_TEST(test_unreadable)
{
	char *path = tu_write(dir, "secret", "x", 1);
	bl_buf_t out;
	int err_no = 0;

	if (geteuid() == 0) {
		free(path);
		return;	/* root reads anything */
	}
	ck_assert_int_eq(chmod(path, 0), 0);
	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, NULL), BL_ERR_IO);
	ck_assert_int_eq(err_no, EACCES);
	bl_buf_free(&out);
	free(path);
}
END_TEST

/* Only the file and what replaced it are ever there: no temporary file
 * is left, after success or failure. */
static int
entries(const char *d)
{
	DIR *h = opendir(d);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(h);
	while ((e = readdir(h)) != NULL)
		n += e->d_name[0] != '.';
	closedir(h);
	return n;
}

START_TEST(test_replace)
{
	char *path = tu_write(dir, "pid", "12345\n", 6);
	char *deep = path_in_dir("no-such-dir/pid");
	bl_buf_t out;
	int err_no = 0;

	ck_assert_int_eq(bl_file_replace(path, "7\n", 2), 0);
	bl_buf_init(&out, 0);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, NULL), BL_OK);
	ck_assert_str_eq(bl_buf_cstr(&out), "7\n");
	ck_assert_int_eq(entries(dir), 1);
	ck_assert_int_eq(bl_file_replace(deep, "x", 1), ENOENT);
	ck_assert_int_eq(chmod(path, 0444), 0);
	ck_assert_int_eq(bl_file_replace(path, "", 0), 0);	/* the directory decides */
	ck_assert_int_eq(chmod(dir, 0555), 0);
	if (geteuid() != 0)
		ck_assert_int_eq(bl_file_replace(path, "8\n", 2), EACCES);
	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(entries(dir), 1);
	bl_buf_reset(&out);
	ck_assert_int_eq(bl_file_read(path, &out, &err_no, NULL), BL_OK);
	ck_assert_uint_eq(out.len, 0);
	bl_buf_free(&out);
	free(path);
	free(deep);
}
END_TEST

static Suite *
file_suite(void)
{
	Suite *s = suite_create("bl_file");
	TCase *core = tcase_create("core");
	TCase *corrupt = tcase_create("corrupt");
	TCase *limits = tcase_create("limits");
	TCase *errors = tcase_create("errors");

	tcase_add_unchecked_fixture(core, make_root, remove_root);
	tcase_add_checked_fixture(core, setup, teardown);
	tcase_add_test(core, test_plain);
	tcase_add_test(core, test_gzip);
	tcase_add_test(core, test_gzip_any_name);
	tcase_add_test(core, test_plain_named_gz);
	tcase_add_test(core, test_multi_member);
	tcase_add_test(core, test_empty);
	tcase_add_test(core, test_appends);
	tcase_add_test(core, test_large);
	suite_add_tcase(s, core);
	tcase_add_unchecked_fixture(corrupt, make_root, remove_root);
	tcase_add_checked_fixture(corrupt, setup, teardown);
	tcase_add_loop_test(corrupt, test_truncated, 0, COUNT(truncations));
	tcase_add_loop_test(corrupt, test_garbage, 0, COUNT(garbage));
	tcase_add_test(corrupt, test_bad_trailer);
	suite_add_tcase(s, corrupt);
	tcase_add_unchecked_fixture(limits, make_root, remove_root);
	tcase_add_checked_fixture(limits, setup, teardown);
	tcase_add_loop_test(limits, test_cap, 0, COUNT(cap_cases));
	tcase_add_test(limits, test_gzip_bomb);
	tcase_set_timeout(limits, 120);	/* building the bomb under sanitizers */
	suite_add_tcase(s, limits);
	tcase_add_unchecked_fixture(errors, make_root, remove_root);
	tcase_add_checked_fixture(errors, setup, teardown);
	tcase_add_test(errors, test_missing);
	tcase_add_test(errors, test_directory);
	tcase_add_test(errors, test_fifo);
	tcase_add_test(errors, test_unreadable);
	tcase_add_test(errors, test_replace);
	suite_add_tcase(s, errors);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(file_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
