/* test_walk.c - Check suite for walk: order, relative paths, hidden and ignored files, links, errors. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "walk.h"

#define MAX_SEEN 64

/* What a walk reported. */
typedef struct seen {
	char *path[MAX_SEEN], *rel[MAX_SEEN];
	off_t size[MAX_SEEN];
	int nfiles;
	char *warn_path[MAX_SEEN], *warn_why[MAX_SEEN];
	int nwarn;
	int stop_at;            /* return non-zero at this file (1-based) */
} seen_t;

static int
on_file(void *ctx, const char *path, const char *rel, const struct stat *sb)
{
	seen_t *s = ctx;

	ck_assert_int_lt(s->nfiles, MAX_SEEN);
	s->path[s->nfiles] = strdup(path);
	s->rel[s->nfiles] = strdup(rel);
	s->size[s->nfiles] = sb->st_size;
	s->nfiles++;
	return s->nfiles == s->stop_at;
}

static void
on_warn(void *ctx, const char *path, const char *why)
{
	seen_t *s = ctx;

	ck_assert_int_lt(s->nwarn, MAX_SEEN);
	s->warn_path[s->nwarn] = strdup(path);
	s->warn_why[s->nwarn] = strdup(why);
	s->nwarn++;
}

static void
seen_free(seen_t *s)
{
	int i;

	for (i = 0; i < s->nfiles; i++) {
		free(s->path[i]);
		free(s->rel[i]);
	}
	for (i = 0; i < s->nwarn; i++) {
		free(s->warn_path[i]);
		free(s->warn_why[i]);
	}
	memset(s, 0, sizeof *s);
}

static char *
join(const char *a, const char *b)
{
	char *p;

	ck_assert(asprintf(&p, "%s/%s", a, b) > 0);
	return p;
}

static void
put(const char *dir, const char *name, const char *text)
{
	free(tu_write(dir, name, text, strlen(text)));
}

static void
link_at(const char *dir, const char *target, const char *name)
{
	char *p = join(dir, name);

	ck_assert_msg(symlink(target, p) == 0, "symlink %s", p);
	free(p);
}

/* Checks the walk found exactly the relative paths want (NULL-terminated),
 * in that order, each with path == root + "/" + rel. */
static void
check_files(const seen_t *s, const char *root, const char *const *want)
{
	int i;

	for (i = 0; want[i]; i++) {
		char *path = join(root, want[i]);

		ck_assert_msg(i < s->nfiles, "file %d (%s) missing", i, want[i]);
		ck_assert_msg(strcmp(s->rel[i], want[i]) == 0,
		              "file %d: rel \"%s\", want \"%s\"", i, s->rel[i],
		              want[i]);
		ck_assert_str_eq(s->path[i], path);
		free(path);
	}
	ck_assert_msg(s->nfiles == i, "%d files, want %d (extra: %s)",
	              s->nfiles, i, s->nfiles > i ? s->rel[i] : "");
}

/* A tree with every kind of entry the walker must sort out. */
static char *
make_tree(void)
{
	char *root = tu_mkdtemp();

	put(root, "z.txt", "z\n");
	put(root, "b", "no extension\n");
	put(root, "a.txt", "a\n");
	put(root, "B.txt", "upper case sorts first\n");
	put(root, "c.gz", "not really gzip\n");
	put(root, "photo.jpg", "x");
	put(root, "manual.PDF", "x");
	put(root, "bundle.zip", "x");
	put(root, ".hidden.txt", "x");
	put(root, ".git/config", "x");
	put(root, "sub/d.txt", "d\n");
	put(root, "sub/.secret/e.txt", "x");
	put(root, "sub/deeper/f.txt", "f\n");
	put(root, "sub/deeper/g.png", "x");
	return root;
}

static const char *const tree_files[] = {
	"B.txt", "a.txt", "b", "c.gz", "sub/d.txt", "sub/deeper/f.txt", "z.txt",
	NULL
};

START_TEST(test_order_and_rel)
{
	char *root = make_tree();
	seen_t s = { 0 };

	ck_assert_int_eq(walk(root, on_file, on_warn, &s), BL_OK);
	check_files(&s, root, tree_files);
	ck_assert_int_eq(s.nwarn, 0);
	ck_assert_int_eq(s.size[0], 23);        /* B.txt's own stat */
	seen_free(&s);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* Two walks of the same tree report the same files in the same order. */
START_TEST(test_stable)
{
	char *root = make_tree();
	seen_t s1 = { 0 }, s2 = { 0 };
	int i;

	ck_assert_int_eq(walk(root, on_file, on_warn, &s1), BL_OK);
	ck_assert_int_eq(walk(root, on_file, on_warn, &s2), BL_OK);
	ck_assert_int_eq(s1.nfiles, s2.nfiles);
	for (i = 0; i < s1.nfiles; i++)
		ck_assert_str_eq(s1.rel[i], s2.rel[i]);
	seen_free(&s1);
	seen_free(&s2);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* A root written with a final slash gives the same relative paths and no
 * doubled slash in the paths. */
START_TEST(test_root_trailing_slash)
{
	char *root = tu_mkdtemp(), *slashed = join(root, "");
	seen_t s = { 0 };

	put(root, "a.txt", "a\n");
	put(root, "sub/b.txt", "b\n");
	ck_assert_int_eq(walk(slashed, on_file, on_warn, &s), BL_OK);
	ck_assert_int_eq(s.nfiles, 2);
	ck_assert_str_eq(s.rel[0], "a.txt");
	ck_assert_str_eq(s.rel[1], "sub/b.txt");
	ck_assert_str_eq(s.path[1] + strlen(root), "/sub/b.txt");
	seen_free(&s);
	free(slashed);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* Hidden entries are skipped below the root, not when named as the root. */
START_TEST(test_hidden_root)
{
	char *root = tu_mkdtemp(), *hidden = join(root, ".archive");
	seen_t s = { 0 };

	put(hidden, "a.txt", "a\n");
	put(hidden, ".b.txt", "b\n");
	ck_assert_int_eq(walk(hidden, on_file, on_warn, &s), BL_OK);
	ck_assert_int_eq(s.nfiles, 1);
	ck_assert_str_eq(s.rel[0], "a.txt");
	seen_free(&s);
	free(hidden);
	tu_rmtree(root);
	free(root);
}
END_TEST

START_TEST(test_single_file)
{
	char *root = tu_mkdtemp(), *file;
	seen_t s = { 0 };

	put(root, "sub/story.txt.gz", "x\n");
	file = join(root, "sub/story.txt.gz");
	ck_assert_int_eq(walk(file, on_file, on_warn, &s), BL_OK);
	ck_assert_int_eq(s.nfiles, 1);
	ck_assert_str_eq(s.rel[0], "story.txt.gz");
	ck_assert_str_eq(s.path[0], file);
	ck_assert_int_eq(s.size[0], 2);
	ck_assert_int_eq(s.nwarn, 0);
	seen_free(&s);
	free(file);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* dir/link -> .. leads back to the root: the walk ends, every file comes
 * once, and the loop is reported naming the link. */
START_TEST(test_symlink_loop)
{
	static const char *const want[] = { "a.txt", "dir/b.txt", NULL };
	char *root = tu_mkdtemp(), *dir = join(root, "dir"), *link;
	seen_t s = { 0 };

	put(root, "a.txt", "a\n");
	put(root, "dir/b.txt", "b\n");
	link_at(dir, "..", "link");
	link = join(dir, "link");
	ck_assert_int_eq(walk(root, on_file, on_warn, &s), BL_OK);
	check_files(&s, root, want);
	ck_assert_int_eq(s.nwarn, 1);
	ck_assert_str_eq(s.warn_path[0], link);
	ck_assert_msg(strstr(s.warn_why[0], "link") != NULL ||
	              strstr(s.warn_why[0], "visited") != NULL,
	              "reason \"%s\"", s.warn_why[0]);
	seen_free(&s);
	free(link);
	free(dir);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* A link to itself is an unreadable entry: warned about, not fatal. */
START_TEST(test_symlink_self)
{
	char *root = tu_mkdtemp(), *self = join(root, "self");
	seen_t s = { 0 };

	put(root, "a.txt", "a\n");
	link_at(root, "self", "self");
	ck_assert_int_eq(walk(root, on_file, on_warn, &s), BL_OK);
	ck_assert_int_eq(s.nfiles, 1);
	ck_assert_int_eq(s.nwarn, 1);
	ck_assert_str_eq(s.warn_path[0], self);
	seen_free(&s);
	free(self);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* Links to files and to directories outside the root are followed; a
 * dangling link is reported. */
START_TEST(test_symlinks_followed)
{
	static const char *const want[] = {
		"alias.txt", "elsewhere/x.txt", "real.txt", NULL
	};
	char *root = tu_mkdtemp(), *other = tu_mkdtemp(), *dangling;
	seen_t s = { 0 };

	put(root, "real.txt", "twelve bytes");
	put(other, "x.txt", "x\n");
	link_at(root, "real.txt", "alias.txt");
	link_at(root, other, "elsewhere");
	link_at(root, "nowhere.txt", "dangling.txt");
	dangling = join(root, "dangling.txt");
	ck_assert_int_eq(walk(root, on_file, on_warn, &s), BL_OK);
	check_files(&s, root, want);
	ck_assert_int_eq(s.size[0], 12);        /* the target's stat */
	ck_assert_int_eq(s.nwarn, 1);
	ck_assert_str_eq(s.warn_path[0], dangling);
	seen_free(&s);
	free(dangling);
	tu_rmtree(other);
	free(other);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* Two links to one directory: it is entered once. */
START_TEST(test_directory_once)
{
	static const char *const want[] = { "a/x.txt", NULL };
	char *root = tu_mkdtemp();
	seen_t s = { 0 };

	put(root, "a/x.txt", "x\n");
	link_at(root, "a", "b");
	ck_assert_int_eq(walk(root, on_file, on_warn, &s), BL_OK);
	check_files(&s, root, want);
	ck_assert_int_eq(s.nwarn, 1);
	seen_free(&s);
	tu_rmtree(root);
	free(root);
}
END_TEST

START_TEST(test_missing_root)
{
	char *root = tu_mkdtemp(), *missing = join(root, "no/such/dir");
	seen_t s = { 0 };

	ck_assert_int_eq(walk(missing, on_file, on_warn, &s), BL_ERR_NOT_FOUND);
	ck_assert_int_eq(s.nfiles, 0);
	seen_free(&s);
	free(missing);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* Returning non-zero from the file callback stops the walk at once, also
 * from inside a subdirectory. */
START_TEST(test_stop)
{
	char *root = make_tree();
	seen_t s = { 0 };

	s.stop_at = 2;
	ck_assert_int_eq(walk(root, on_file, on_warn, &s), BL_OK);
	ck_assert_int_eq(s.nfiles, 2);
	ck_assert_str_eq(s.rel[1], "a.txt");
	seen_free(&s);
	s.stop_at = 5;
	ck_assert_int_eq(walk(root, on_file, on_warn, &s), BL_OK);
	ck_assert_int_eq(s.nfiles, 5);
	ck_assert_str_eq(s.rel[4], "sub/d.txt");
	seen_free(&s);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* A tree nested deeper than the walker follows is reported, not walked to
 * the bottom; a moderately deep file is found. */
START_TEST(test_deep_tree)
{
	char *root = tu_mkdtemp(), *name = malloc(2 * 300 + 16);
	seen_t s = { 0 };
	int i;

	ck_assert(name != NULL);
	for (i = 0; i < 300; i++)
		memcpy(name + 2 * i, "d/", 2);
	strcpy(name + 600, "bottom.txt");
	put(root, name, "deep\n");
	strcpy(name + 20, "ten.txt");
	put(root, name, "ten\n");
	ck_assert_int_eq(walk(root, on_file, on_warn, &s), BL_OK);
	ck_assert_int_eq(s.nfiles, 1);
	ck_assert_str_eq(s.rel[0], name);
	ck_assert_int_eq(s.nwarn, 1);
	ck_assert_ptr_nonnull(strstr(s.warn_why[0], "deep"));
	seen_free(&s);
	free(name);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* An unreadable directory below the root is reported; the rest is walked.
 * Meaningless as root, who reads everything. */
START_TEST(test_unreadable_dir)
{
	static const char *const want[] = { "a.txt", "z.txt", NULL };
	char *root, *locked;
	seen_t s = { 0 };

	if (geteuid() == 0) {
		fprintf(stderr, "test_unreadable_dir: skipped (running as root)\n");
		return;
	}
	root = tu_mkdtemp();
	locked = join(root, "locked");
	put(root, "a.txt", "a\n");
	put(root, "locked/secret.txt", "s\n");
	put(root, "z.txt", "z\n");
	ck_assert_int_eq(chmod(locked, 0), 0);
	ck_assert_int_eq(walk(root, on_file, on_warn, &s), BL_OK);
	check_files(&s, root, want);
	ck_assert_int_eq(s.nwarn, 1);
	ck_assert_str_eq(s.warn_path[0], locked);
	chmod(locked, 0700);
	seen_free(&s);
	free(locked);
	tu_rmtree(root);
	free(root);
}
END_TEST

static const struct {
	const char *name;
	int want;
} names[] = {
	{ "photo.jpg", 1 }, { "SCAN.JPG", 1 }, { "photo.jpeg", 1 },
	{ "manual.PDF", 1 }, { "bundle.zip", 1 }, { "a.png", 1 },
	{ "x.tar", 1 }, { "x.tgz", 1 }, { "lib.so", 1 }, { "main.o", 1 },
	{ "prog.exe", 1 }, { "song.mp3", 1 }, { "x.jpg.zip", 1 },
	{ "story.txt", 0 }, { "story.TXT", 0 }, { "story.txt.gz", 0 },
	{ "story.gz", 0 }, { "README", 1 }, { "readme.TXT", 1 }, { "LICENSE.md", 1 },
	{ "readme-notes.txt", 0 }, { "lewis.dtd", 1 }, { "x.jpg.txt", 0 },
	{ "x.html", 0 }, { "x.xml", 0 }, { "x.sgm", 0 }, { "x.jsonl", 0 },
	{ "x.eml", 0 }, { "x.mbox", 0 }, { ".jpg", 0 }, { "x.", 0 },
	{ "jpg", 0 }, { "x.jpgx", 0 }, { "x.zipper", 0 }, { "", 0 },
};

START_TEST(test_ignored_names)
{
	ck_assert_msg(walk_is_ignored_name(names[_i].name) == names[_i].want,
	              "\"%s\": want %d", names[_i].name, names[_i].want);
}
END_TEST

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

static Suite *
walk_suite(void)
{
	Suite *s = suite_create("walk");
	TCase *core = tcase_create("core");
	TCase *links = tcase_create("links");
	TCase *errors = tcase_create("errors");
	TCase *names_tc = tcase_create("names");

	tcase_add_test(core, test_order_and_rel);
	tcase_add_test(core, test_stable);
	tcase_add_test(core, test_root_trailing_slash);
	tcase_add_test(core, test_hidden_root);
	tcase_add_test(core, test_single_file);
	tcase_add_test(core, test_stop);
	suite_add_tcase(s, core);
	tcase_add_test(links, test_symlink_loop);
	tcase_add_test(links, test_symlink_self);
	tcase_add_test(links, test_symlinks_followed);
	tcase_add_test(links, test_directory_once);
	suite_add_tcase(s, links);
	tcase_add_test(errors, test_missing_root);
	tcase_add_test(errors, test_deep_tree);
	tcase_add_test(errors, test_unreadable_dir);
	suite_add_tcase(s, errors);
	tcase_add_loop_test(names_tc, test_ignored_names, 0, COUNT(names));
	suite_add_tcase(s, names_tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(walk_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
