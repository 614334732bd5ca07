/* build.c - building an index from scratch on every core. */
#include "build.h"

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bl_date.h"
#include "bl_db.h"
#include "bl_schema.h"

typedef struct shared {
	const build_opts_t *o;
	const filelist_t *files;
	tally_t *t;
	progress_t *p;
	const char *workdir;
	size_t *chunks;                 /* first file of each chunk */
	size_t nchunks;
	atomic_size_t next;             /* next chunk to take */
	atomic_uint running;            /* workers still going */
	pthread_mutex_t lock;           /* guards the fields below */
	char **partials;
	size_t npartials, cap;
	bl_status_t err;
	char *errmsg;
} shared_t;

typedef struct worker {
	shared_t *sh;
	unsigned id;
	size_t chunk;           /* the chunk being worked on */
	unsigned seq;           /* partial number within the chunk */
	pthread_t thread;
} worker_t;

static void
set_error(shared_t *sh, bl_status_t st, const char *msg)
{
	pthread_mutex_lock(&sh->lock);
	if (sh->err == BL_OK) {
		sh->err = st;
		sh->errmsg = strdup(msg ? msg : bl_status_str(st));
	}
	pthread_mutex_unlock(&sh->lock);
}

static bool
stopping(const shared_t *sh)
{
	return sh->err != BL_OK || (sh->o->stop && *sh->o->stop);
}

/* Opens the next partial index of the worker's chunk. Partials are named
 * by chunk and sequence, so merging them in name order puts documents in
 * file order whatever thread did the work and whenever. They are scratch,
 * never synced: only the merged index must survive a crash, and it is
 * synced before it is swapped in. */
static bl_db_t *
open_partial(worker_t *w, char **path)
{
	shared_t *sh = w->sh;
	bl_db_t *db = NULL;
	char *msg = NULL;
	bl_status_t st;

	if (asprintf(path, "%s/p%07zu-%05u", sh->workdir, w->chunk,
	             w->seq++) < 0) {
		set_error(sh, BL_ERR_NOMEM, NULL);
		return NULL;
	}
	st = bl_db_open(*path, BL_DB_SCRATCH, &db, &msg);
	if (st == BL_OK && (bl_db_set_language(db, sh->o->language) != BL_OK ||
	                    bl_db_set_terms(db, sh->o->terms) != BL_OK))
		st = BL_ERR_INVALID;
	if (st != BL_OK) {
		set_error(sh, st, msg ? msg : bl_db_last_error(db));
		bl_db_close(db);
		free(msg);
		free(*path);
		return NULL;
	}
	bl_db_set_spelling(db, false);
	return db;
}

/* Commits and closes a partial, handing it to the merge list. */
static void
close_partial(worker_t *w, bl_db_t *db, char *path)
{
	shared_t *sh = w->sh;

	if (bl_db_commit(db) != BL_OK) {
		set_error(sh, BL_ERR_IO, bl_db_last_error(db));
		bl_db_close(db);
		free(path);
		return;
	}
	bl_db_close(db);
	pthread_mutex_lock(&sh->lock);
	if (sh->npartials == sh->cap) {
		size_t cap = sh->cap ? sh->cap * 2 : 64;
		char **p = realloc(sh->partials, cap * sizeof *p);

		if (p == NULL) {
			pthread_mutex_unlock(&sh->lock);
			set_error(sh, BL_ERR_NOMEM, NULL);
			free(path);
			return;
		}
		sh->partials = p;
		sh->cap = cap;
	}
	sh->partials[sh->npartials++] = path;
	pthread_mutex_unlock(&sh->lock);
}

/* Records f's state in the partial holding its articles. */
static bl_status_t
save_state(ingest_t *in, const file_t *f, unsigned long articles)
{
	filestate_t s = { f->size, f->mtime_ns,
	                  filestate_hash(in->file.data, in->file.len), articles };
	bl_buf_t key, val;
	bl_status_t st;

	bl_buf_init(&key, 1024);
	bl_buf_init(&val, 256);
	ingest_state_key(f->abs, &key);
	filestate_encode(&s, &val);
	st = key.err != BL_OK ? key.err : val.err;
	if (st == BL_OK)
		st = bl_db_set_metadata(in->db, bl_buf_cstr(&key),
		                        bl_buf_cstr(&val));
	bl_buf_free(&key);
	bl_buf_free(&val);
	return st;
}

/* Files are dealt out in chunks of neighbouring files (about
 * CHUNK_BYTES, at most CHUNK_FILES); a chunk is one worker's, written
 * into partials of about `batch` articles each. The last chunks decide
 * how long one worker waits for the other at the end: at 4 MiB the 22
 * files of Reuters-21578 made 6 chunks, 12 files for one worker and 10
 * for the other; at 1 MiB each file is a chunk and both do 11. */
#define CHUNK_BYTES ((uint64_t)1 << 20)
#define CHUNK_FILES 512

/* Index of the first file of chunk c's successor, from chunk starts. */
static size_t
chunk_end(const shared_t *sh, size_t c)
{
	return c + 1 < sh->nchunks ? sh->chunks[c + 1] : sh->files->n;
}

static void *
work(void *arg)
{
	worker_t *w = arg;
	shared_t *sh = w->sh;
	ingest_t in;
	bl_db_t *db = NULL;
	char *path = NULL;
	unsigned long since, n;
	size_t c, i;

	ingest_init(&in, NULL, sh->o->ingest, sh->t);
	while (!stopping(sh) &&
	       (c = atomic_fetch_add(&sh->next, 1)) < sh->nchunks) {
		w->chunk = c;
		w->seq = 0;
		since = 0;
		db = open_partial(w, &path);
		if (db == NULL)
			break;
		in.db = db;
		for (i = sh->chunks[c]; i < chunk_end(sh, c) && !stopping(sh);
		     i++) {
			const file_t *f = &sh->files->items[i];
			ingest_result_t r = ingest_read(&in, f);

			if (r == INGEST_DONE)
				r = ingest_index(&in, f, &n);
			if (r == INGEST_FATAL) {
				set_error(sh, in.fatal, in.errmsg);
				break;
			}
			if (r == INGEST_DONE) {
				if (save_state(&in, f, n) != BL_OK) {
					set_error(sh, BL_ERR_IO, bl_db_last_error(db));
					break;
				}
				atomic_fetch_add(&sh->t->added, 1);
				if (sh->o->verbose)
					tally_warn(sh->t, f->path, "added");
				since += n;
			}
			atomic_fetch_add(&sh->t->files_done, 1);
			if (since >= sh->o->batch && i + 1 < chunk_end(sh, c)) {
				close_partial(w, db, path);
				since = 0;
				db = open_partial(w, &path);
				if (db == NULL)
					break;
				in.db = db;
			}
		}
		if (db)
			close_partial(w, db, path);
		db = NULL;
	}
	ingest_free(&in);
	atomic_fetch_sub(&sh->running, 1);
	return NULL;
}

/* Cuts the file list into chunks of neighbouring files. */
static bool
make_chunks(shared_t *sh)
{
	size_t i;
	uint64_t bytes = 0;

	sh->chunks = calloc(sh->files->n + 1, sizeof *sh->chunks);
	if (sh->chunks == NULL)
		return false;
	for (i = 0; i < sh->files->n; i++) {
		if (i == 0 || bytes >= CHUNK_BYTES ||
		    i - sh->chunks[sh->nchunks - 1] >= CHUNK_FILES) {
			sh->chunks[sh->nchunks++] = i;
			bytes = 0;
		}
		bytes += sh->files->items[i].size;
	}
	return true;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Spelling data is recorded for words occurring at least this often: a
 * word seen once is most often a typo, and leaving those out halves the
 * work and the spelling table. */
#define SPELL_MIN_COUNT 2

/* Words of spelling data per commit into each spelling index:
 * Xapian keeps uncommitted spelling changes in memory, and a large
 * archive's vocabulary runs to millions of words. */
#define SPELL_COMMIT_EVERY 20000

/* Near-duplicate grouping of the partials. */
static const bl_cluster_opts_t dup_aside = {
	.min_agree = BL_DUP_AGREE, .max_band = BL_DUP_MAX_BAND,
};

/* Runs fn(arg) on n threads at once and waits for them; on this thread
 * alone if none can be started. Returns false if out of memory. */
static bool
on_threads(unsigned n, void *(*fn)(void *), void *arg)
{
	pthread_t *threads = calloc(n ? n : 1, sizeof *threads);
	unsigned i;

	if (threads == NULL)
		return false;
	for (i = 0; i < n; i++)
		if (pthread_create(&threads[i], NULL, fn, arg) != 0)
			break;
	if (i == 0)
		fn(arg);        /* no thread: do it here */
	while (i > 0)
		pthread_join(threads[--i], NULL);
	free(threads);
	return true;
}

/* One round of merging: the inputs cut into nout runs of neighbours of
 * at most fanin each, every run compacted into its own output. */
typedef struct round {
	shared_t *sh;
	char **in;
	size_t nin;
	char **out;
	size_t nout;
	atomic_size_t next;     /* next run to take */
} round_t;

static void *
compact_runs(void *arg)
{
	round_t *r = arg;
	size_t g, first, end, k;

	while (r->sh->err == BL_OK &&
	       (g = atomic_fetch_add(&r->next, 1)) < r->nout) {
		char *msg = NULL;
		bl_status_t st;

		first = g * r->nin / r->nout;
		end = (g + 1) * r->nin / r->nout;
		st = bl_db_compact((const char *const *)r->in + first,
		                   end - first, r->out[g], &msg);
		if (st != BL_OK) {
			set_error(r->sh, st, msg);
			free(msg);
			break;
		}
		for (k = first; k < end; k++)
			build_rmtree(r->in[k]);
	}
	return NULL;
}

/* Files an index holds open while it is read: one per table, at most
 * (a partial has three). */
#define FILES_PER_INDEX 6
/* Open files left for everything else. */
#define FILES_SPARE 64

/* Partials merged at once: the fan-in asked for, or fewer when every
 * thread holding that many open at once (merging, or reading them for
 * spelling data) would pass the limit on open files. */
static unsigned
fan_in(const build_opts_t *o)
{
	unsigned long fanin = o->fanin ? o->fanin : BUILD_FANIN;
	unsigned jobs = o->jobs ? o->jobs : 1;

	if (o->max_files) {
		unsigned long room = o->max_files > FILES_SPARE ?
		                     o->max_files - FILES_SPARE : 0;

		if (fanin > room / FILES_PER_INDEX / jobs)
			fanin = room / FILES_PER_INDEX / jobs;
	}
	return fanin < 2 ? 2 : (unsigned)fanin;
}

/* Xapian's compaction holds every input open, about 110 KB and three
 * files each, so one pass over the thousand partials of a million
 * articles would need memory in proportion to the archive, and more
 * files than many systems allow. Instead, while there are more than the
 * fan-in, runs of neighbouring partials (document order is kept) are
 * compacted on every core into fewer, larger ones. */
static bl_status_t
reduce_partials(shared_t *sh)
{
	unsigned fanin = fan_in(sh->o);
	unsigned level = 0, nthreads;
	round_t r;

	while (sh->err == BL_OK && sh->npartials > fanin) {
		memset(&r, 0, sizeof r);
		r.sh = sh;
		r.in = sh->partials;
		r.nin = sh->npartials;
		r.nout = (r.nin + fanin - 1) / fanin;
		atomic_init(&r.next, 0);
		r.out = calloc(r.nout, sizeof *r.out);
		nthreads = sh->o->jobs ? sh->o->jobs : 1;
		if (nthreads > r.nout)
			nthreads = (unsigned)r.nout;
		if (r.out == NULL)
			return BL_ERR_NOMEM;
		for (size_t g = 0; g < r.nout; g++)
			if (asprintf(&r.out[g], "%s/m%u-%07zu", sh->workdir, level,
			             g) < 0)
				r.out[g] = NULL;
		for (size_t g = 0; g < r.nout; g++)
			if (r.out[g] == NULL)
				set_error(sh, BL_ERR_NOMEM, NULL);
		if (!on_threads(nthreads, compact_runs, &r))
			set_error(sh, BL_ERR_NOMEM, NULL);
		for (size_t k = 0; k < r.nin; k++)
			free(r.in[k]);
		free(r.in);
		sh->partials = r.out;
		sh->npartials = sh->cap = r.nout;
		level++;
	}
	return sh->err;
}

/* Spelling data is recorded on every core before the merge, each thread
 * taking the next range of words and writing it into an index of its
 * own, which the merge takes in with the partials. The ranges are the
 * words' first bytes, one byte each from 'a' up (any script, any spread
 * of initials), and the few bytes before: digits and upper-case ASCII
 * (prefixed terms) are no words. */
typedef struct spell_job {
	shared_t *sh;
	atomic_uint next;       /* next range to take */
	pthread_mutex_t lock;   /* guards the outputs */
	char **out;             /* the threads' spelling indexes */
	size_t nout;
} spell_job_t;

#define SPELL_RANGES (3 + 256 - 'a')

/* Range r of words: [from, to), either NULL for no bound. */
static void
spell_range(unsigned r, char from[2], char to[2], const char **f,
            const char **t)
{
	static const char *const first[][2] = {
		{ NULL, "0" }, { ":", "A" }, { "[", "a" },
	};

	if (r < 3) {
		*f = first[r][0];
		*t = first[r][1];
		return;
	}
	from[0] = (char)('a' + (r - 3));
	from[1] = to[1] = '\0';
	to[0] = (char)('a' + (r - 2));
	*f = from;
	*t = r + 1 < SPELL_RANGES ? to : NULL;
}

static void *
spell_ranges(void *arg)
{
	spell_job_t *j = arg;
	shared_t *sh = j->sh;
	bl_db_t *src = NULL, *out = NULL;
	char *path = NULL, *msg = NULL, from[2], to[2];
	const char *f, *t;
	unsigned r;
	bl_status_t st = BL_OK;

	/* Not stopped by a signal: what was indexed is merged whole. */
	while (st == BL_OK && sh->err == BL_OK &&
	       (r = atomic_fetch_add(&j->next, 1)) < SPELL_RANGES) {
		if (out == NULL) {
			st = bl_db_open_parts((const char *const *)sh->partials,
			                      sh->npartials, &src, &msg);
			pthread_mutex_lock(&j->lock);
			if (st == BL_OK && asprintf(&path, "%s/s%03zu", sh->workdir,
			                            j->nout) < 0) {
				path = NULL;
				st = BL_ERR_NOMEM;
			}
			if (st == BL_OK)
				j->out[j->nout++] = path;
			pthread_mutex_unlock(&j->lock);
			if (st == BL_OK)
				st = bl_db_open(path, BL_DB_SCRATCH, &out, &msg);
			if (st != BL_OK)
				break;
		}
		spell_range(r, from, to, &f, &t);
		st = bl_db_spell_from(out, src, f, t, SPELL_MIN_COUNT,
		                      SPELL_COMMIT_EVERY);
		if (st != BL_OK)
			msg = strdup(bl_db_last_error(out));
	}
	if (st == BL_OK && out && bl_db_commit(out) != BL_OK) {
		st = BL_ERR_IO;
		msg = strdup(bl_db_last_error(out));
	}
	if (st != BL_OK)
		set_error(sh, st, msg);
	free(msg);
	bl_db_close(out);
	bl_db_close(src);
	return NULL;
}

/* Records the spelling data of the partials on every core, adding the
 * indexes it is in to the partials. */
static bl_status_t
spell_partials(shared_t *sh)
{
	unsigned nthreads = sh->o->jobs ? sh->o->jobs : 1;
	spell_job_t j;
	char **p;

	memset(&j, 0, sizeof j);
	j.sh = sh;
	atomic_init(&j.next, 0);
	j.out = calloc(nthreads, sizeof *j.out);
	p = realloc(sh->partials, (sh->npartials + nthreads) * sizeof *p);
	if (p)
		sh->partials = p;
	if (j.out == NULL || p == NULL) {
		free(j.out);
		return BL_ERR_NOMEM;
	}
	pthread_mutex_init(&j.lock, NULL);
	if (!on_threads(nthreads, spell_ranges, &j))
		set_error(sh, BL_ERR_NOMEM, NULL);
	/* After every partial, in name order: they add no documents. */
	for (size_t k = 0; k < j.nout; k++)
		sh->partials[sh->npartials++] = j.out[k];
	sh->cap = sh->npartials;
	pthread_mutex_destroy(&j.lock);
	free(j.out);
	return sh->err;
}

/* Groups near-duplicates across the partials, writing the keys into
 * them: the merge then copies them like any other value. */
static bl_status_t
group_partials(shared_t *sh)
{
	bl_db_t *parts = NULL;
	char *msg = NULL;
	bl_status_t st;

	st = bl_db_open_parts((const char *const *)sh->partials, sh->npartials,
	                      &parts, &msg);
	if (st == BL_OK) {
		st = bl_db_cluster_parts(parts, &dup_aside, NULL);
		if (st != BL_OK)
			msg = strdup(bl_db_last_error(parts));
	}
	if (st != BL_OK)
		set_error(sh, st, msg);
	free(msg);
	bl_db_close(parts);
	return st;
}

/* Merges the partials into dest, with their near-duplicates grouped and
 * their spelling data beside them, and finishes it. */
static bl_status_t
merge(shared_t *sh, const char *dest)
{
	bl_db_t *db = NULL;
	char *msg = NULL, stamp[BL_DATE_ISO_MAX];
	size_t nparts;
	bl_status_t st;

	/* Chunk and sequence order is file order: the same files always
	 * merge into the same document numbers, whatever the timing. */
	if (sh->npartials)
		qsort(sh->partials, sh->npartials, sizeof *sh->partials, by_path);
	st = reduce_partials(sh);
	nparts = sh->npartials;
	if (st == BL_OK && sh->npartials) {
		progress_phase(sh->p, "grouping near-duplicates");
		st = group_partials(sh);
	}
	if (st == BL_OK && sh->npartials && sh->o->spelling) {
		progress_phase(sh->p, "recording spelling data");
		st = spell_partials(sh);
	}
	if (st != BL_OK) {
		set_error(sh, st, NULL);        /* if nothing said it yet */
		return st;
	}
	progress_phase(sh->p, "merging %zu partial index%s", nparts,
	               nparts == 1 ? "" : "es");
	if (sh->npartials)
		st = bl_db_compact((const char *const *)sh->partials,
		                   sh->npartials, dest, &msg);
	else
		st = BL_OK;     /* nothing indexed: an empty index */
	if (st == BL_OK)
		st = bl_db_open(dest, BL_DB_WRITE, &db, &msg);
	if (st == BL_OK)
		st = bl_db_set_language(db, sh->o->language);
	if (st == BL_OK)
		st = bl_db_set_terms(db, sh->o->terms);
	if (st == BL_OK) {
		progress_phase(sh->p, "committing");
		st = bl_db_set_metadata(db, BL_META_UPDATED,
		                        bl_date_format_iso((int64_t)time(NULL),
		                                           stamp));
		if (st == BL_OK)
			st = bl_db_commit(db);
	}
	progress_phase(sh->p, NULL);
	if (st != BL_OK && msg == NULL)
		msg = strdup(*bl_db_last_error(db) ? bl_db_last_error(db) :
		                                     bl_status_str(st));
	if (st != BL_OK)
		set_error(sh, st, msg);
	free(msg);
	bl_db_close(db);
	return st;
}

bl_status_t
build_run(const build_opts_t *o, const filelist_t *files, tally_t *t,
          progress_t *p, const char *workdir, const char *dest,
          char **errmsg)
{
	shared_t sh;
	worker_t *w;
	unsigned i, jobs = o->jobs ? o->jobs : 1;
	struct timespec nap = { 0, 50 * 1000 * 1000 };
	bl_status_t st;

	*errmsg = NULL;
	if (mkdir(workdir, 0755) != 0 && errno != EEXIST) {
		if (asprintf(errmsg, "cannot create '%s': %s", workdir,
		             strerror(errno)) < 0)
			*errmsg = NULL;
		return BL_ERR_IO;
	}
	memset(&sh, 0, sizeof sh);
	sh.o = o;
	sh.files = files;
	sh.t = t;
	sh.p = p;
	sh.workdir = workdir;
	atomic_init(&sh.next, 0);
	atomic_init(&sh.running, jobs);
	pthread_mutex_init(&sh.lock, NULL);
	w = calloc(jobs, sizeof *w);
	if (w == NULL || !make_chunks(&sh)) {
		free(w);
		free(sh.chunks);
		return BL_ERR_NOMEM;
	}
	for (i = 0; i < jobs; i++) {
		w[i].sh = &sh;
		w[i].id = i;
		if (pthread_create(&w[i].thread, NULL, work, &w[i]) != 0) {
			atomic_fetch_sub(&sh.running, jobs - i);
			set_error(&sh, BL_ERR_NOMEM, "cannot start a worker thread");
			jobs = i;
			break;
		}
	}
	while (atomic_load(&sh.running) > 0) {
		nanosleep(&nap, NULL);
		progress_tick(p);
	}
	for (i = 0; i < jobs; i++)
		pthread_join(w[i].thread, NULL);
	free(w);
	if (sh.err == BL_OK)
		merge(&sh, dest);
	for (size_t k = 0; k < sh.npartials; k++)
		free(sh.partials[k]);
	free(sh.partials);
	free(sh.chunks);
	pthread_mutex_destroy(&sh.lock);
	st = sh.err;
	*errmsg = sh.errmsg;
	return st;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void
build_rmtree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}
