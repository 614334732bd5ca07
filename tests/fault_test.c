/* fault_test.c - faults an index must survive (test_faults): the disk
 * filling up during a commit, SIGKILL at random points again and again,
 * damaged index files, and an index from a newer schema version. The real
 * programs run in child processes; each test builds its own index. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bl_buf.h"
#include "bl_db.h"
#include "bl_schema.h"
#include "fault_proc.h"
#include "testutil.h"

#ifndef BYLINE_FAULT_SHIM
#define BYLINE_FAULT_SHIM ""
#endif

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* An unsigned from the environment, or def. */
static unsigned
env_count(const char *name, unsigned def)
{
	const char *v = getenv(name);
	char *end;
	unsigned long n;

	if (v == NULL || *v == '\0')
		return def;
	n = strtoul(v, &end, 10);
	return *end == '\0' && n < 1000000 ? (unsigned)n : def;
}

/* --- a generated corpus ------------------------------------------------ */

static const char *const words[] = {
	"harbour", "council", "ferry", "timetable", "masons", "wall", "tide",
	"pilot", "lighthouse", "keeper", "storm", "quay", "cargo", "crane",
	"dredger", "mooring", "buoy", "channel", "estuary", "pier", "salt",
	"gull", "net", "trawler", "skipper", "anchor", "hull", "keel", "sail",
};

/* Writes article n (version v) as dir/dNN/aNNNNN.txt: a headline, a date
 * line and 60-200 words. */
static void
gen_article(const char *dir, unsigned n, unsigned v)
{
	uint64_t rng = UINT64_C(0xB1E) ^ ((uint64_t)n << 20) ^ ((uint64_t)v << 48);
	unsigned i, count = tu_rng_range(&rng, 60, 200);
	char name[64];
	bl_buf_t b;

	bl_buf_init(&b, 0);
	bl_buf_printf(&b, "Story %u version %u %s\n- May %u, 2024\n\n", n, v,
	              words[tu_rng_range(&rng, 0, COUNT(words) - 1)],
	              tu_rng_range(&rng, 1, 28));
	for (i = 0; i < count; i++)
		bl_buf_printf(&b, "%s%s", words[tu_rng_range(&rng, 0, COUNT(words) - 1)],
		              i % 15 == 14 ? ".\n" : " ");
	bl_buf_puts(&b, "\nFiled by the desk.\n");
	snprintf(name, sizeof name, "d%02u/a%05u.txt", n / 100, n);
	free(tu_write(dir, name, b.data, b.len));
	bl_buf_free(&b);
}

static void
gen_remove(const char *dir, unsigned n)
{
	char *path;

	ck_assert(asprintf(&path, "%s/d%02u/a%05u.txt", dir, n / 100, n) > 0);
	unlink(path);
	free(path);
}

/* --- checks ------------------------------------------------------------ */

typedef struct consistency {
	bl_db_t *db;
	uint64_t files, articles;
	char bad[512];
} consistency_t;

/* For one file state "size mtime hash articles": as many documents carry
 * the file's term as the state counts. */
static int
check_state(void *ctx, const char *key, const char *value, size_t len)
{
	consistency_t *c = ctx;
	unsigned long long size;
	long long mtime;
	char hash[17];
	unsigned long articles;
	uint64_t freq = 0;
	char *term;

	(void)len;
	if (sscanf(value, "%llu %lld %16s %lu", &size, &mtime, hash,
	           &articles) != 4) {
		snprintf(c->bad, sizeof c->bad, "not a file state: %s = \"%s\"", key,
		         value);
		return 1;
	}
	ck_assert(asprintf(&term, BL_PREFIX_FILE "%s", key + strlen(BL_META_FILE)) > 0);
	ck_assert_int_eq(bl_db_term_freq(c->db, term, &freq), BL_OK);
	if (freq != articles)
		snprintf(c->bad, sizeof c->bad, "%s: %llu documents, its state counts "
		         "%lu", term, (unsigned long long)freq, articles);
	free(term);
	c->files++;
	c->articles += articles;
	return freq != articles;
}

/* The index holds exactly what its file states say: files are committed
 * whole or not at all. Returns the number of files. */
static uint64_t
assert_consistent(const char *index)
{
	consistency_t c = { tu_open_read(index), 0, 0, "" };
	uint64_t docs = 0;

	ck_assert_int_eq(bl_db_each_metadata(c.db, BL_META_FILE "/", check_state, &c),
	                 BL_OK);
	ck_assert_msg(c.bad[0] == '\0', "%s: %s", index, c.bad);
	ck_assert_int_eq(bl_db_doc_count(c.db, &docs), BL_OK);
	ck_assert_msg(docs == c.articles, "%s: %llu documents, the file states "
	              "count %llu", index, (unsigned long long)docs,
	              (unsigned long long)c.articles);
	bl_db_close(c.db);
	return c.files;
}

static void
assert_xapian_check(const char *scratch, const char *index)
{
	ck_assert_msg(fp_xapian_check(scratch, index) <= 0, "xapian-check %s failed",
	              index);
}

/* byline-search on index answers (0 or 1). */
static void
assert_searchable(const char *scratch, const char *index, const char *query)
{
	fp_opts_t o = { .timeout = 120 };
	fp_run_t r = fp_runl(scratch, &o, BYLINE_SEARCH_BIN, "-i", index, "--format",
	                     "json", query, NULL);

	ck_assert_msg(r.status == 0 || r.status == 1, "search %s: exit %d: %s",
	              index, r.status, r.err);
	ck_assert(tu_json_valid(r.out, r.out_len));
	fp_free(&r);
}

static fp_run_t
index_run(const char *scratch, const fp_opts_t *o, const char *index,
          const char *dir, const char *more)
{
	const char *args[12];
	int n = 0;

	args[n++] = "-q";
	args[n++] = "-i";
	args[n++] = index;
	if (more)
		args[n++] = more;
	args[n++] = dir;
	args[n] = NULL;
	return fp_run(scratch, o, BYLINE_INDEX_BIN, args);
}

/* --- disk full --------------------------------------------------------- */

/* What a failed run on a full disk must leave: a clear error, the
 * committed index intact and still searchable. */
static void
assert_full_disk_run(const char *scratch, const fp_run_t *r, const char *index,
                     uint64_t docs_before)
{
	ck_assert_msg(r->signal == 0, "byline-index: signal %d\n%s", r->signal,
	              r->err);
	fp_assert_no_sanitizer("byline-index", r->err);
	ck_assert_msg(r->status == 2, "byline-index on a full disk: exit %d\n%s",
	              r->status, r->err);
	fp_assert_lines("byline-index stderr", r->err, "byline-index: ");
	/* First what matters most: nothing committed was lost. */
	assert_xapian_check(scratch, index);
	ck_assert_uint_ge(tu_doc_count(index), docs_before);
	assert_consistent(index);
	assert_searchable(scratch, index, "leaving");
	/* Then a clear error: the disk is full, the index is not damaged. */
	ck_assert_msg(strstr(r->err, "No space left on device") != NULL,
	              "the error does not say the disk is full:\n%s", r->err);
	ck_assert_msg(strstr(r->err, "damaged") == NULL, "a full disk is reported "
	              "as a damaged index:\n%s", r->err);
}

/* A size-limited tmpfs holds the index: the update that overflows it
 * fails cleanly, and once there is room a rerun completes. */
START_TEST(test_disk_full_tmpfs)
{
	char *root = tu_mkdtemp(), *mnt, *index, *corpus;
	fp_opts_t o = { .timeout = 600 };
	uint64_t before;
	fp_run_t r;

	ck_assert(asprintf(&mnt, "%s/mnt", root) > 0);
	ck_assert(asprintf(&index, "%s/idx", mnt) > 0);
	ck_assert(asprintf(&corpus, "%s/corpus", root) > 0);
	ck_assert(mkdir(mnt, 0755) == 0);
	/* In a mount namespace of our own, the mount goes away with this
	 * process even when the test fails half-way; the programs started
	 * from here see it. */
	if (geteuid() != 0 || unshare(CLONE_NEWNS) != 0 ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("byline-test", mnt, "tmpfs", 0, "size=3m") != 0) {
		fprintf(stderr, "faults: cannot mount a small tmpfs (%s): the disk "
		        "full test through a real file system is skipped; the shim "
		        "test covers it\n", geteuid() ? "not root" : strerror(errno));
		fp_rmtree(root);
		free(root);
		free(mnt);
		free(index);
		free(corpus);
		return;
	}
	r = index_run(root, &o, index, tu_samples_dir(), NULL);
	ck_assert_msg(r.status == 0, "indexing samples: %d %s", r.status, r.err);
	fp_free(&r);
	before = tu_doc_count(index);
	for (unsigned n = 0; n < 3000; n++)
		gen_article(corpus, n, 0);

	/* An update (the index is not empty): commits until the disk fills. */
	r = index_run(root, &o, index, corpus, "--batch=200");
	fprintf(stderr, "faults: tmpfs full during an update: exit %d: %s", r.status,
	        r.err);
	assert_full_disk_run(root, &r, index, before);
	fp_free(&r);

	/* A full rebuild (--force) into the same small disk. */
	before = tu_doc_count(index);
	r = index_run(root, &o, index, corpus, "--force");
	fprintf(stderr, "faults: tmpfs full during a rebuild: exit %d: %s", r.status,
	        r.err);
	assert_full_disk_run(root, &r, index, before);
	ck_assert_uint_eq(tu_doc_count(index), before);
	fp_free(&r);

	/* Room again: the next run finishes the work. */
	ck_assert_msg(mount("byline-test", mnt, "tmpfs", MS_REMOUNT, "size=512m") == 0,
	              "remount: %s", strerror(errno));
	r = index_run(root, &o, index, corpus, NULL);
	ck_assert_msg(r.status == 0, "after the disk was freed: exit %d: %s",
	              r.status, r.err);
	fp_free(&r);
	assert_consistent(index);
	assert_xapian_check(root, index);
	umount2(mnt, MNT_DETACH);
	fp_rmtree(root);
	free(root);
	free(mnt);
	free(index);
	free(corpus);
}
END_TEST

/* The same through the fault shim, which runs without privileges: writes
 * into the index fail with ENOSPC once a budget is spent. */
START_TEST(test_disk_full_shim)
{
	static const unsigned budgets[] = { 4096, 65536, 400000, 2000000 };
	char *root = tu_mkdtemp(), *index, *corpus, *env_full, *abs;
	const char *env[3];
	fp_opts_t o = { .timeout = 600 };
	uint64_t before;
	fp_run_t r;

	if (*BYLINE_FAULT_SHIM == '\0' || access(BYLINE_FAULT_SHIM, R_OK) != 0) {
		fprintf(stderr, "faults: the fault shim is not built: skipped\n");
		fp_rmtree(root);
		free(root);
		return;
	}
	ck_assert(asprintf(&index, "%s/idx", root) > 0);
	ck_assert(asprintf(&corpus, "%s/corpus", root) > 0);
	r = index_run(root, &o, index, tu_samples_dir(), NULL);
	ck_assert_msg(r.status == 0, "indexing samples: %d %s", r.status, r.err);
	fp_free(&r);
	abs = realpath(index, NULL);
	ck_assert(abs != NULL);
	for (unsigned n = 0; n < 1500; n++)
		gen_article(corpus, n, 0);
	for (size_t i = 0; i < COUNT(budgets); i++) {
		before = tu_doc_count(index);
		ck_assert(asprintf(&env_full, "BYLINE_FAULT_ENOSPC=%s:%u", abs,
		                   budgets[i]) > 0);
		env[0] = env_full;
		env[1] = "LD_PRELOAD=" BYLINE_FAULT_SHIM;
		env[2] = NULL;
		o.env = env;
		r = index_run(root, &o, index, corpus, "--batch=100");
		fprintf(stderr, "faults: ENOSPC after %u bytes: exit %d: %s",
		        budgets[i], r.status, r.err);
		assert_full_disk_run(root, &r, index, before);
		fp_free(&r);
		free(env_full);
	}
	o.env = NULL;
	r = index_run(root, &o, index, corpus, NULL);
	ck_assert_msg(r.status == 0, "without the fault: exit %d: %s", r.status, r.err);
	fp_free(&r);
	assert_consistent(index);
	assert_xapian_check(root, index);
	free(abs);
	fp_rmtree(root);
	free(root);
	free(index);
	free(corpus);
}
END_TEST

/* The samples indexed at root/idx (malloc'd), for a run through the fault
 * shim; NULL, with root removed and freed, when the shim is not built. */
static char *
shim_samples(char *root)
{
	fp_opts_t o = { .timeout = 600 };
	char *index;
	fp_run_t r;

	if (*BYLINE_FAULT_SHIM == '\0' || access(BYLINE_FAULT_SHIM, R_OK) != 0) {
		fprintf(stderr, "faults: the fault shim is not built: skipped\n");
		fp_rmtree(root);
		free(root);
		return NULL;
	}
	ck_assert(asprintf(&index, "%s/idx", root) > 0);
	r = index_run(root, &o, index, tu_samples_dir(), NULL);
	ck_assert_msg(r.status == 0, "indexing samples: %d %s", r.status, r.err);
	fp_free(&r);
	return index;
}

/* A rebuild whose spelling index cannot be created (the shim refuses
 * every open under it) fails, saying which, and the index it was to
 * replace is untouched. */
START_TEST(test_rebuild_spelling_fails)
{
	char *root = tu_mkdtemp(), *index, *before_dump, *after_dump;
	const char *env[] = {
		"BYLINE_FAULT_EACCES=/s000/", "LD_PRELOAD=" BYLINE_FAULT_SHIM, NULL
	};
	fp_opts_t o = { .timeout = 600 };
	fp_run_t r;

	index = shim_samples(root);
	if (index == NULL)
		return;
	before_dump = tu_dump_index(index);
	o.env = env;
	r = index_run(root, &o, index, tu_samples_dir(), "--force");
	fp_assert_no_sanitizer("byline-index", r.err);
	ck_assert_msg(r.signal == 0 && r.status == 2, "exit %d, signal %d:\n%s", r.status,
	              r.signal, r.err);
	ck_assert_msg(strstr(r.err, "/s000") != NULL &&
	              strstr(r.err, "Permission denied") != NULL &&
	              strstr(r.err, "another indexer") == NULL,
	              "the spelling index and the reason are not named:\n%s", r.err);
	fp_free(&r);
	after_dump = tu_dump_index(index);
	ck_assert_str_eq(after_dump, before_dump);
	assert_xapian_check(root, index);
	free(before_dump);
	free(after_dump);
	fp_rmtree(root);
	free(root);
	free(index);
}
END_TEST

/* A lock file that cannot be opened is no other indexer: the run fails
 * at once and says why, even with --wait (which waited for ever). */
START_TEST(test_lock_denied)
{
	char *root = tu_mkdtemp(), *index;
	const char *env[] = {
		"BYLINE_FAULT_EACCES=/idx/flintlock", "LD_PRELOAD=" BYLINE_FAULT_SHIM, NULL
	};
	fp_opts_t o = { .timeout = 60 };
	fp_run_t r;

	index = shim_samples(root);
	if (index == NULL)
		return;
	o.env = env;
	r = index_run(root, &o, index, tu_samples_dir(), "--wait");
	fp_assert_no_sanitizer("byline-index", r.err);
	ck_assert_msg(r.signal == 0 && r.status == 2, "exit %d, signal %d:\n%s", r.status,
	              r.signal, r.err);
	ck_assert_msg(strstr(r.err, "Permission denied") != NULL &&
	              strstr(r.err, "another indexer") == NULL &&
	              strstr(r.err, "waiting") == NULL, "stderr:\n%s", r.err);
	fp_free(&r);
	fp_rmtree(root);
	free(root);
	free(index);
}
END_TEST

/* --- SIGKILL at random points, again and again ------------------------- */

/* BYLINE_KILL_LOOPS rounds (default 4): change the corpus at random, start
 * an update (or, every fourth round, a --force rebuild), kill it at a
 * random moment; the index must pass xapian-check, hold whole files only,
 * answer searches and never lose what was committed. Finally a run
 * without kills must give what a fresh build of the corpus gives. */
START_TEST(test_kill_loop)
{
	enum { START = 600 };
	unsigned loops = env_count("BYLINE_KILL_LOOPS", 4), k, landed = 0, next = START;
	/* How long an update and a rebuild take here, learnt from the runs
	 * that ended before their kill: kills land within that. */
	unsigned est[2] = { 300, 600 };
	char *root = tu_mkdtemp(), *index, *corpus, *ref;
	uint64_t rng = UINT64_C(20240807);
	fp_opts_t o = { .timeout = 900 };
	char *a, *b;
	fp_run_t r;

	ck_assert(asprintf(&index, "%s/idx", root) > 0);
	ck_assert(asprintf(&ref, "%s/ref", root) > 0);
	ck_assert(asprintf(&corpus, "%s/corpus", root) > 0);
	for (unsigned n = 0; n < START; n++)
		gen_article(corpus, n, 0);
	r = index_run(root, &o, index, corpus, NULL);
	ck_assert_msg(r.status == 0, "%d: %s", r.status, r.err);
	fp_free(&r);
	for (k = 1; k <= loops; k++) {
		bool rebuild = k % 4 == 0;
		unsigned ms = tu_rng_range(&rng, 1, est[rebuild]), i;
		uint64_t files_before = assert_consistent(index), files;
		const char *args[] = { "-q", "-j2", "--batch", "10", "-i", index,
		                       rebuild ? "--force" : corpus,
		                       rebuild ? corpus : NULL, NULL };
		fp_proc_t p;

		/* Change the corpus: new, rewritten and deleted files. */
		for (i = 0; i < 100; i++)
			gen_article(corpus, next++, 0);
		for (i = 0; i < 50; i++)
			gen_article(corpus, tu_rng_range(&rng, 0, next - 1), k);
		for (i = 0; i < 10; i++)
			gen_remove(corpus, tu_rng_range(&rng, 0, next - 1));
		p = fp_start(root, &o, BYLINE_INDEX_BIN, args);
		fp_sleep_ms(ms);
		kill(p.pid, SIGKILL);
		r = fp_wait(&p);
		if (r.signal == SIGKILL) {
			landed++;
		} else {
			ck_assert_msg(r.status == 0, "round %u: exit %d: %s", k, r.status,
			              r.err);
			est[rebuild] = (unsigned)(r.seconds * 800);
			if (est[rebuild] < 20)
				est[rebuild] = 20;
		}
		fp_free(&r);
		assert_xapian_check(root, index);
		files = assert_consistent(index);
		assert_searchable(root, index, "harbour");
		if (r.signal == SIGKILL && !rebuild)
			/* An update commits as it goes; what it deleted is gone. */
			ck_assert_uint_ge(files + 10, files_before);
		fprintf(stderr, "faults: kill %u/%u (%s) after %u ms: %s, %llu files\n",
		        k, loops, rebuild ? "rebuild" : "update", ms,
		        r.signal == SIGKILL ? "killed" : "had finished",
		        (unsigned long long)files);
	}
	if (loops >= 4)
		ck_assert_msg(landed > 0, "every run finished before its kill");
	r = index_run(root, &o, index, corpus, NULL);
	ck_assert_msg(r.status == 0, "final run: %d: %s", r.status, r.err);
	fp_free(&r);
	r = index_run(root, &o, ref, corpus, NULL);
	ck_assert_int_eq(r.status, 0);
	fp_free(&r);
	a = tu_dump_index(index);
	b = tu_dump_index(ref);
	ck_assert_msg(strcmp(a, b) == 0, "after %u kills the index differs from a "
	              "fresh build", landed);
	free(a);
	free(b);
	fp_rmtree(root);
	free(root);
	free(index);
	free(ref);
	free(corpus);
}
END_TEST

/* --- damaged index files ------------------------------------------------ */

/* A fresh index of samples/ at root/name. */
static char *
samples_index(const char *root, const char *name)
{
	fp_opts_t o = { .timeout = 300 };
	char *index;
	fp_run_t r;

	ck_assert(asprintf(&index, "%s/%s", root, name) > 0);
	r = index_run(root, &o, index, tu_samples_dir(), NULL);
	ck_assert_msg(r.status == 0, "%d: %s", r.status, r.err);
	fp_free(&r);
	return index;
}

static char *
index_file(const char *index, const char *file)
{
	char *p;

	ck_assert(asprintf(&p, "%s/%s", index, file) > 0);
	return p;
}

static off_t
file_size(const char *path)
{
	struct stat sb;

	ck_assert_msg(stat(path, &sb) == 0, "%s: %s", path, strerror(errno));
	return sb.st_size;
}

/* Overwrites len bytes at off with byte. */
static void
scribble(const char *path, off_t off, size_t len, unsigned char byte)
{
	unsigned char buf[65536];
	int fd = open(path, O_WRONLY);

	ck_assert(fd >= 0 && len <= sizeof buf);
	memset(buf, byte, len);
	ck_assert(pwrite(fd, buf, len, off) == (ssize_t)len);
	close(fd);
}

/* Both programs on a damaged index: no crash; an error is one line and,
 * when want_damaged, some search fails saying the index is damaged and
 * what to do; when index_notices, byline-index fails (exit 2) too.
 * Returns byline-search's worst status. */
static int
assert_damage_reported(const char *root, const char *index, const char *what,
                       bool want_damaged, bool index_notices)
{
	static const char *const queries[] = { "leaving", "harbour OR council",
	                                       "\"climate change\"", "a*" };
	fp_opts_t o = { .timeout = 120 };
	int worst = 0;
	fp_run_t r;

	for (size_t i = 0; i < COUNT(queries); i++) {
		r = fp_runl(root, &o, BYLINE_SEARCH_BIN, "-i", index, "--format", "json",
		            queries[i], NULL);
		ck_assert_msg(r.signal == 0, "%s: byline-search died of signal %d:\n%s",
		              what, r.signal, r.err);
		fp_assert_no_sanitizer(what, r.err);
		ck_assert_msg(r.status <= 2, "%s: byline-search exit %d", what, r.status);
		if (r.status == 2) {
			ck_assert_msg(strncmp(r.err, "byline-search: ", 15) == 0 &&
			              tu_count(r.err, "\n") == 1, "%s: %s", what, r.err);
			if (want_damaged)
				ck_assert_msg(strstr(r.err, "damaged") &&
				              strstr(r.err, "xapian-check") &&
				              strstr(r.err, "rebuild"),
				              "%s: byline-search: not a damaged-index message: %s",
				              what, r.err);
			worst = 2;
		} else {
			ck_assert_msg(tu_json_valid(r.out, r.out_len), "%s: bad JSON", what);
		}
		fp_free(&r);
	}
	if (want_damaged)
		ck_assert_msg(worst == 2, "%s: every search succeeded", what);
	r = index_run(root, &o, index, tu_samples_dir(), NULL);
	ck_assert_msg(r.signal == 0, "%s: byline-index died of signal %d:\n%s", what,
	              r.signal, r.err);
	fp_assert_no_sanitizer(what, r.err);
	ck_assert_msg(r.status <= 2, "%s: byline-index exit %d", what, r.status);
	fp_assert_lines("byline-index stderr", r.err, "byline-index: ");
	if (want_damaged && r.status == 2) {
		ck_assert_msg(strstr(r.err, "damaged") && strstr(r.err, "xapian-check"),
		              "%s: byline-index: not a damaged-index message: %s", what,
		              r.err);
	} else if (index_notices) {
		ck_assert_msg(r.status == 2, "%s: byline-index exit %d: %s", what,
		              r.status, r.err);
	} else if (want_damaged) {
		/* Damage the update never reads goes unnoticed by the indexer
		 * (it checks no more than it reads); it must not crash. */
		ck_assert_msg(r.status == 0, "%s: byline-index exit %d: %s", what,
		              r.status, r.err);
	}
	fprintf(stderr, "faults: %s: search %d, index %d: %.*s\n", what, worst,
	        r.status, (int)strcspn(r.err, "\n"), r.err);
	fp_free(&r);
	return worst;
}

START_TEST(test_corrupt_index)
{
	char *root = tu_mkdtemp(), *index, *file;

	/* The postings table cut in half. */
	index = samples_index(root, "cut");
	file = index_file(index, "postlist.glass");
	ck_assert(truncate(file, file_size(file) / 2) == 0);
	assert_damage_reported(root, index, "postlist.glass cut in half", true, true);
	free(file);
	free(index);

	/* The postings table's blocks overwritten. */
	index = samples_index(root, "scribbled");
	file = index_file(index, "postlist.glass");
	scribble(file, 0, (size_t)file_size(file) < 65536 ? (size_t)file_size(file) :
	         65536, 0xA5);
	assert_damage_reported(root, index, "postlist.glass overwritten", true,
	                       false);
	free(file);
	free(index);

	/* The positions table emptied (records, once in docdata.glass, are
	 * values in postlist.glass since schema 2). */
	index = samples_index(root, "nopositions");
	file = index_file(index, "position.glass");
	ck_assert(truncate(file, 0) == 0);
	assert_damage_reported(root, index, "position.glass emptied", true, false);
	free(file);
	free(index);

	/* The version file garbled. */
	index = samples_index(root, "badversion");
	file = index_file(index, "iamglass");
	scribble(file, 0, 64, 0x00);
	assert_damage_reported(root, index, "iamglass garbled", true, true);
	free(file);
	free(index);
	fp_rmtree(root);
	free(root);
}
END_TEST

/* Reads the small file at path into buf (NUL-terminated); its length, or
 * -1. */
static ssize_t
read_small(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, cap - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* Xapian 1.4's glass can fault inside WritableDatabase::commit() on a
 * damaged postlist table (reading a block whose items are out of order):
 * a crash of Xapian's, not ours, that no caller can catch. An update's
 * crash is put down to it only when xapian-check rejects the index and the
 * crash changed nothing: the committed revision (iamglass) is the one
 * before the run, so what the index held is still all there. */
static bool
xapian_fault(const char *root, const char *index, const char *version,
             ssize_t version_len)
{
	char *file = index_file(index, "iamglass"), now[4096];
	ssize_t n = read_small(file, now, sizeof now);

	free(file);
	return n == version_len && memcmp(now, version, (size_t)n) == 0 &&
	       fp_xapian_check(root, index) > 0;
}

/* Did the run die of a memory fault: a signal, or (under AddressSanitizer,
 * which catches it first) a report whose first frame outside the
 * sanitizer is in libxapian, within WritableDatabase::commit()? */
static bool
faulted(const fp_run_t *r)
{
	const char *report = strstr(r->err, "ERROR: AddressSanitizer: "), *p, *eol;

	if (r->signal)
		return true;
	if (report == NULL || strstr(report, "Xapian::WritableDatabase::commit()") == NULL)
		return false;
	for (p = strstr(report, "    #"); p; p = strstr(eol, "    #")) {
		size_t n;

		eol = strchr(p, '\n');
		if (eol == NULL)
			return false;
		n = (size_t)(eol - p);
		if (memmem(p, n, "sanitizer", 9) == NULL && memmem(p, n, "interceptor", 11) == NULL)
			return memmem(p, n, "libxapian", 9) != NULL;
	}
	return false;
}

/* Runs the four searches and an update on a damaged index; returns how
 * many of the five runs crashed (a signal or a sanitizer report), noting
 * the first in first_crash, and counts the runs that refused (exit 2) and
 * the updates that met Xapian's fault (xapian_fault). */
static unsigned
probe_damaged(const char *root, const char *index, const char *what,
              unsigned *refused, unsigned *xapian_faults, char *first_crash,
              size_t cap)
{
	static const char *const queries[] = { "leaving", "harbour OR council",
	                                       "\"climate change\"", "a*" };
	fp_opts_t o = { .timeout = 120 };
	unsigned crashes = 0;
	char *file = index_file(index, "iamglass"), version[4096];
	ssize_t version_len = read_small(file, version, sizeof version);
	fp_run_t r;

	free(file);
	for (size_t i = 0; i <= COUNT(queries); i++) {
		bool search = i < COUNT(queries);

		r = search ? fp_runl(root, &o, BYLINE_SEARCH_BIN, "-i", index,
		                     "--format", "json", queries[i], NULL) :
		             index_run(root, &o, index, tu_samples_dir(), NULL);
		if (!search && faulted(&r) && version_len > 0 &&
		    xapian_fault(root, index, version, version_len)) {
			(*xapian_faults)++;
			fprintf(stderr, "faults: %s: byline-index: %s on an index "
			        "xapian-check rejects; its revision is unchanged\n",
			        what, r.signal ? strsignal(r.signal) :
			                         "AddressSanitizer report in libxapian");
		} else if (r.signal || strstr(r.err, "Sanitizer") ||
		    strstr(r.err, "runtime error: ") ||
		    (r.status == 1 && search && !tu_json_valid(r.out, r.out_len))) {
			if (crashes++ == 0 && *first_crash == '\0')
				snprintf(first_crash, cap, "%s: %s %s: %s", what,
				         search ? "byline-search" : "byline-index",
				         search ? queries[i] : "samples",
				         r.signal ? strsignal(r.signal) : "sanitizer report");
		} else {
			ck_assert_msg(r.status <= 2, "%s: exit %d", what, r.status);
			if (r.status == 2) {
				(*refused)++;
				ck_assert_msg(tu_count(r.err, "\n") >= 1 &&
				              strncmp(r.err, "byline-", 7) == 0,
				              "%s: %s", what, r.err);
			}
		}
		fp_free(&r);
	}
	return crashes;
}

/* BYLINE_CORRUPT_LOOPS (default 24) indexes with random bytes of a random
 * table flipped: whatever Xapian notices or not, nothing may crash. Every
 * round runs; the test fails at the end if any crashed. */
START_TEST(test_corrupt_random)
{
	static const char *const tables[] = { "postlist.glass", "termlist.glass",
	                                      "docdata.glass", "position.glass",
	                                      "spelling.glass", "iamglass" };
	unsigned loops = env_count("BYLINE_CORRUPT_LOOPS", 24);
	char *root = tu_mkdtemp(), *pristine = samples_index(root, "pristine");
	uint64_t rng = UINT64_C(0xC0FFEE);
	unsigned refused = 0, crashes = 0, crashed_rounds = 0, xapian_faults = 0;
	char first[512] = "";

	for (unsigned k = 0; k < loops; k++) {
		const char *table = tables[tu_rng_range(&rng, 0, COUNT(tables) - 1)];
		char name[32], *index, *file, *cmd, what[128];
		off_t size;

		snprintf(name, sizeof name, "flip%u", k);
		ck_assert(asprintf(&index, "%s/%s", root, name) > 0);
		ck_assert(asprintf(&cmd, "cp -r '%s' '%s'", pristine, index) > 0);
		ck_assert(system(cmd) == 0);
		free(cmd);
		file = index_file(index, table);
		if (access(file, F_OK) != 0 || (size = file_size(file)) == 0) {
			free(file);
			fp_rmtree(index);
			free(index);
			continue;
		}
		for (unsigned j = 0, flips = tu_rng_range(&rng, 1, 16); j < flips; j++)
			scribble(file, (off_t)(tu_rng_next(&rng) % (uint64_t)size), 1,
			         (unsigned char)tu_rng_next(&rng));
		snprintf(what, sizeof what, "round %u: %s", k, table);
		{
			unsigned c = probe_damaged(root, index, what, &refused,
			                           &xapian_faults, first, sizeof first);

			crashes += c;
			crashed_rounds += c > 0;
			/* Keep the first index that crashed something, to debug. */
			if (c > 0 && crashed_rounds == 1) {
				char *kept;

				ck_assert(asprintf(&kept, "%s-round%u", root, k) > 0);
				if (rename(index, kept) == 0)
					fprintf(stderr, "faults: round %u's index kept at %s\n",
					        k, kept);
				free(kept);
			}
		}
		free(file);
		fp_rmtree(index);
		free(index);
	}
	fprintf(stderr, "faults: %u randomly damaged indexes: %u runs refused "
	        "them (exit 2), %u updates met Xapian's commit fault, %u runs "
	        "crashed in %u of them%s%s\n", loops, refused, xapian_faults,
	        crashes, crashed_rounds, *first ? "; first: " : "", first);
	ck_assert_msg(crashes == 0, "%u runs crashed on %u of %u damaged indexes; "
	              "first: %s", crashes, crashed_rounds, loops, first);
	free(pristine);
	fp_rmtree(root);
	free(root);
}
END_TEST

/* --- schema versions ---------------------------------------------------- */

static void
set_schema(const char *index, const char *version)
{
	bl_db_t *db = NULL;
	char *msg = NULL;

	/* Opening for writing checks the schema too: set it through Xapian's
	 * metadata while it is still ours. */
	ck_assert_int_eq(bl_db_open(index, BL_DB_WRITE, &db, &msg), BL_OK);
	ck_assert_int_eq(bl_db_set_metadata(db, BL_META_SCHEMA, version), BL_OK);
	ck_assert_int_eq(bl_db_commit(db), BL_OK);
	bl_db_close(db);
}

static void
assert_schema_refused(const char *root, const char *version)
{
	char *index = samples_index(root, version), *msg = NULL;
	fp_opts_t o = { .timeout = 120 };
	bl_db_t *db = NULL;
	fp_run_t r;

	set_schema(index, version);
	ck_assert_int_eq(bl_db_open(index, BL_DB_READ, &db, &msg), BL_ERR_VERSION);
	ck_assert_ptr_null(db);
	ck_assert_msg(msg && strstr(msg, version), "schema %s: %s", version, msg);
	free(msg);
	r = fp_runl(root, &o, BYLINE_SEARCH_BIN, "-i", index, "leaving", NULL);
	ck_assert_msg(r.status == 2, "schema %s: byline-search exit %d: %s", version,
	              r.status, r.err);
	ck_assert_msg(strncmp(r.err, "byline-search: ", 15) == 0 &&
	              tu_count(r.err, "\n") == 1 && strstr(r.err, version) &&
	              strstr(r.err, "schema"), "schema %s: %s", version, r.err);
	fprintf(stderr, "faults: schema %s: %s", version, r.err);
	fp_free(&r);
	r = index_run(root, &o, index, tu_samples_dir(), NULL);
	ck_assert_msg(r.status == 2, "schema %s: byline-index exit %d: %s", version,
	              r.status, r.err);
	ck_assert_msg(strstr(r.err, version) && strstr(r.err, "schema"),
	              "schema %s: %s", version, r.err);
	fp_free(&r);
	/* Refused, not rewritten: the version is still there. */
	msg = NULL;
	ck_assert_int_eq(bl_db_open(index, BL_DB_READ, &db, &msg), BL_ERR_VERSION);
	ck_assert_msg(msg && strstr(msg, version), "schema %s after the runs: %s",
	              version, msg);
	free(msg);
	free(index);
}

START_TEST(test_schema_newer)
{
	char *root = tu_mkdtemp();

	char next[16];

	snprintf(next, sizeof next, "%d", BL_SCHEMA_VERSION + 1);
	assert_schema_refused(root, "99");
	assert_schema_refused(root, next);
	fp_rmtree(root);
	free(root);
}
END_TEST

START_TEST(test_schema_unknown)
{
	char *root = tu_mkdtemp();

	assert_schema_refused(root, "banana");
	assert_schema_refused(root, "1.5beta");
	fp_rmtree(root);
	free(root);
}
END_TEST

static Suite *
faults_suite(void)
{
	Suite *s = suite_create("faults");
	TCase *tc;

	tc = tu_add_tcase(s, "disk_full", 900);
	tcase_add_test(tc, test_disk_full_tmpfs);
	tcase_add_test(tc, test_disk_full_shim);
	tcase_add_test(tc, test_rebuild_spelling_fails);
	tcase_add_test(tc, test_lock_denied);
	tc = tu_add_tcase(s, "kill", 3600);
	tcase_add_test(tc, test_kill_loop);
	tc = tu_add_tcase(s, "damaged", 900);
	tcase_add_test(tc, test_corrupt_index);
	tcase_add_test(tc, test_corrupt_random);
	tc = tu_add_tcase(s, "schema", 300);
	tcase_add_test(tc, test_schema_newer);
	tcase_add_test(tc, test_schema_unknown);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(faults_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
