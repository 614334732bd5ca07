/* test_fuzz_regressions.c - replays every input saved in
 * tests/fuzz/regressions/<target>/ (the findings of tests/fuzz/run.sh)
 * through the same fuzz entry points in the normal build, so a fixed bug
 * stays fixed, and runs the samples through every target as a smoke
 * test of the harness itself. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "targets.h"
#include "testutil.h"

/* Samples larger than this are cut for the smoke test (libFuzzer's inputs
 * are smaller still). */
#define SMOKE_MAX ((size_t)256 << 10)

static unsigned char *
read_all(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf, *fit;
	size_t n;

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	buf = malloc(max ? max : 1);
	ck_assert(buf != NULL);
	n = fread(buf, 1, max, f);
	fclose(f);
	/* Exactly n bytes, as libFuzzer hands them over. */
	fit = malloc(n ? n : 1);
	ck_assert(fit != NULL);
	memcpy(fit, buf, n);
	free(buf);
	*len = n;
	return fit;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of dir (recursively, in name order) through t;
 * returns how many. A missing directory holds nothing. */
static unsigned
replay_dir(const fuzz_target_t *t, const char *dir, size_t max, bool loud)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	unsigned count = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		ck_assert(names != NULL);
		ck_assert(asprintf(&names[n], "%s/%s", dir, e->d_name) > 0);
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++) {
		struct stat sb;

		if (stat(names[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			count += replay_dir(t, names[i], max, loud);
		} else if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode)) {
			size_t len;
			unsigned char *data = read_all(names[i], max, &len);

			/* A finding aborts here, and Check names the test. */
			if (loud)
				fprintf(stderr, "fuzz_regressions: %s <- %s\n",
				        t->name, names[i]);
			t->run(data, len);
			free(data);
			count++;
		}
		free(names[i]);
	}
	free(names);
	return count;
}

START_TEST(test_regressions)
{
	const fuzz_target_t *t = &fuzz_targets[_i];
	char *dir;
	unsigned n;

	fuzz_set_samples_dir(tu_samples_dir());
	ck_assert(asprintf(&dir, "%s/fuzz/regressions/%s", BYLINE_TESTS_DIR,
	                   t->name) > 0);
	/* Regression inputs are replayed whole, whatever their size. */
	n = replay_dir(t, dir, (size_t)64 << 20, true);
	fprintf(stderr, "fuzz_regressions: %s: %u saved input%s replayed\n",
	        t->name, n, n == 1 ? "" : "s");
	free(dir);
	fuzz_cleanup();
}
END_TEST

START_TEST(test_samples)
{
	const fuzz_target_t *t = &fuzz_targets[_i];
	unsigned n;

	fuzz_set_samples_dir(tu_samples_dir());
	n = replay_dir(t, tu_samples_dir(), SMOKE_MAX, false);
	ck_assert_uint_gt(n, 10);
	fuzz_cleanup();
}
END_TEST

/* Every target is in the table, and names are directory names. */
START_TEST(test_table)
{
	const fuzz_target_t *t;
	size_t n = 0;

	for (t = fuzz_targets; t->name; t++, n++) {
		ck_assert(t->run != NULL && t->what != NULL);
		ck_assert(strspn(t->name, "abcdefghijklmnopqrstuvwxyz_0123456789") ==
		          strlen(t->name));
		ck_assert_ptr_eq(fuzz_target_find(t->name), t);
	}
	ck_assert_uint_ge(n, 16);
	ck_assert_ptr_null(fuzz_target_find("no-such-target"));
}
END_TEST

static Suite *
fuzz_regressions_suite(void)
{
	Suite *s = suite_create("fuzz_regressions");
	TCase *tc;
	int n = 0;

	while (fuzz_targets[n].name)
		n++;
	tc = tcase_create("core");
	tcase_add_test(tc, test_table);
	suite_add_tcase(s, tc);
	tc = tcase_create("regressions");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_regressions, 0, n);
	suite_add_tcase(s, tc);
	tc = tcase_create("samples");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_samples, 0, n);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fuzz_regressions_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
