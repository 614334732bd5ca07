/* bl_db.h - Byline's C API over libxapian: opening indexes, building
 * documents, searching, tokenizing and stemming.
 *
 * Ownership in one sentence: whatever a bl_*_new/open function gives you,
 * you hand back to the matching free/close; every other returned pointer
 * is borrowed and its comment says how long it lives.
 *
 * No C++ exception crosses this interface: every function catches
 * everything and returns a bl_status_t, keeping a message for
 * bl_db_last_error(). */
#ifndef BL_DB_H
#define BL_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bl_article.h"
#include "bl_buf.h"
#include "bl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bl_db bl_db_t;
typedef struct bl_doc bl_doc_t;

typedef enum bl_db_mode {
	BL_DB_READ,             /* search only; also stub files and remotes */
	BL_DB_WRITE,            /* create if missing, else open for update */
	BL_DB_OVERWRITE,        /* create, replacing any existing index */
	BL_DB_SCRATCH           /* as OVERWRITE, never synced to disk: for
	                         * throwaway indexes (a crash may leave them
	                         * damaged) */
} bl_db_mode_t;

/* Opens (or, for the write modes, creates) the index at path.
 * On success *db is the handle; on failure *db is NULL and *errmsg (if
 * errmsg is not NULL) is a malloc'd one-line message the caller frees.
 * A read-only open checks the schema version.
 * Returns BL_OK, BL_ERR_NOT_FOUND, BL_ERR_LOCKED, BL_ERR_CORRUPT,
 * BL_ERR_VERSION, BL_ERR_IO, BL_ERR_NETWORK, BL_ERR_XAPIAN, BL_ERR_NOMEM. */
bl_status_t bl_db_open(const char *path, bl_db_mode_t mode, bl_db_t **db,
                       char **errmsg);

/* How to open a shard set (a stub file listing "auto PATH" and
 * "remote HOST:PORT" members). Zero-initialise. */
typedef struct bl_open_opts {
	unsigned timeout_ms;    /* remote members: connect and reply timeout
	                         * (0 = 10000) */
	bool allow_partial;     /* leave out members that cannot be reached
	                         * instead of failing */
} bl_open_opts_t;

/* As bl_db_open(), with options for shard sets. A member that cannot be
 * opened is named in the error ("shard 'remote 10.0.0.2:7000': ...")
 * unless allow_partial, when it is left out and listed by
 * bl_db_missing(). */
bl_status_t bl_db_open_ex(const char *path, bl_db_mode_t mode,
                          const bl_open_opts_t *o, bl_db_t **db,
                          char **errmsg);

/* Opens the local indexes at paths[0..n) (n >= 1) together, read-only:
 * a full build's partial indexes before they are merged. Documents are
 * numbered as Xapian numbers a set of databases (interleaved: part
 * (d - 1) % n holds document d as its number (d - 1) / n + 1). Each part
 * stays readable alone for bl_db_spell_from() and writable for
 * bl_db_cluster_parts(). Errors as bl_db_open(), naming the part. */
bl_status_t bl_db_open_parts(const char *const *paths, size_t n,
                             bl_db_t **db, char **errmsg);

/* The members of a shard set left out because they could not be reached
 * (empty for a single index): owned by db, valid until the next search or
 * close. */
const bl_strlist_t *bl_db_missing(const bl_db_t *db);

/* True when some member of the index is remote (served by xapian-tcpsrv),
 * where Byline's own match spies, posting sources and spelling data are
 * not available: searches then fall back and say so in their notices. */
bool bl_db_is_remote(const bl_db_t *db);

/* The message of the last failed call on db: owned by db, valid until the
 * next call on it; "" if none. */
const char *bl_db_last_error(const bl_db_t *db);

/* Makes every change so far durable (explicitly: Xapian's destructors
 * swallow errors). Returns BL_OK or an error status. */
bl_status_t bl_db_commit(bl_db_t *db);

/* Closes the handle, discarding changes not committed with bl_db_commit().
 * NULL-safe. */
void bl_db_close(bl_db_t *db);

/* Called when Xapian ends the process during bl_db_commit() or
 * bl_db_close(), with the index path and a one-line message; it must not
 * return (report and _exit()). Xapian 1.4 does that when a write fails
 * inside its value merge (a full disk): the index on disk then still holds
 * its last commit. */
typedef void (*bl_db_abort_fn)(const char *path, const char *msg);

/* Installs fn (process-wide: a program's main() calls it once) as the
 * handler above. Without one, such a failure aborts. */
void bl_db_set_abort_handler(bl_db_abort_fn fn);

/* Number of documents. */
bl_status_t bl_db_doc_count(bl_db_t *db, uint64_t *count);

/* Reads metadata key into *value (malloc'd, "" when unset; caller frees). */
bl_status_t bl_db_get_metadata(bl_db_t *db, const char *key, char **value);

/* Sets metadata key (write modes only); committed with the next commit. */
bl_status_t bl_db_set_metadata(bl_db_t *db, const char *key,
                               const char *value);

/* Selects the stemming language (any Snowball language Xapian knows, or
 * "none"). In write modes it is also recorded in the index; in read mode
 * the index's recorded language is used unless this is called.
 * Returns BL_OK or BL_ERR_INVALID for an unknown language. */
bl_status_t bl_db_set_language(bl_db_t *db, const char *language);

/* The Snowball languages this Xapian can stem, space-separated
 * (malloc'd; caller frees; NULL on allocation failure). */
char *bl_db_languages(void);

/* The stemming language in effect: owned by db, valid until close. */
const char *bl_db_language(const bl_db_t *db);

/* What each word of text is indexed as. */
typedef enum bl_terms {
	/* Lower-cased as written, with its position, and its stem ("Z" +
	 * stem) without: a capitalised query word or a quoted phrase matches
	 * only the forms written (Xapian's STEM_SOME). The default. In an
	 * index of schema BL_SCHEMA_OWN_STEMS (every new one) a word that is
	 * its own stem gets no stem term, and searches look for a stem both
	 * ways; an older index keeps its layout when updated. */
	BL_TERMS_WORDS,
	/* Its stem only, with its position: every query word and phrase
	 * matches all forms of its words (Xapian's STEM_ALL_Z). About a
	 * quarter less indexing work and a tenth smaller; no spelling data. */
	BL_TERMS_STEMS
} bl_terms_t;

/* Selects what words are indexed as and queries parsed for. In write
 * modes it is also recorded in the index (BL_META_TERMS; schema 3 for
 * BL_TERMS_STEMS); otherwise the index's recorded choice is used. With
 * the language "none" words are indexed as written either way. */
bl_status_t bl_db_set_terms(bl_db_t *db, bl_terms_t terms);

/* What words are indexed as in db. */
bl_terms_t bl_db_terms(const bl_db_t *db);

/* Records spelling data for words indexed from now on (write modes). */
void bl_db_set_spelling(bl_db_t *db, bool on);

/* Indexes all text through Xapian's TermGenerator, without Byline's ASCII
 * fast path (which gives the same terms and positions): for the tests
 * that compare the two. */
void bl_db_use_termgenerator(bl_db_t *db, bool on);

/* Records spelling data for every unprefixed word already in the index
 * that occurs at least min_count times, each with its collection
 * frequency: far cheaper than recording each occurrence while indexing,
 * for a freshly built index. Words seen once are mostly typos, and a
 * suggestion wants a word the index knows well. Unless commit_every is 0,
 * commits (bl_db_commit) after every commit_every words, so memory stays
 * bounded however large the vocabulary. */
bl_status_t bl_db_spell_all(bl_db_t *db, unsigned min_count,
                            unsigned long commit_every);

/* As bl_db_spell_all(), for the words of another handle, src (opened with
 * bl_db_open_parts() or any read mode), from `from` up to but not
 * including `to` (NULL: no bound; bytes compared as unsigned): a full
 * build records its spelling data on every core, a range of words per
 * call, into indexes of their own that are merged with its partial
 * indexes. The words of src are read part by part and their collection
 * frequencies summed, so the data is what bl_db_spell_all() would record
 * in the merged index. db and src may be the same handle. */
bl_status_t bl_db_spell_from(bl_db_t *db, bl_db_t *src, const char *from,
                             const char *to, unsigned min_count,
                             unsigned long commit_every);

/* Starts a new document for db. Only one document per db may be under
 * construction at a time (they share db's term generator).
 * Returns BL_OK or BL_ERR_NOMEM. *doc is NULL on failure. */
bl_status_t bl_doc_new(bl_db_t *db, bl_doc_t **doc);

/* Indexes free text with positions, stemmed per the db's language, each
 * word's wdf raised by wdf_inc, terms prefixed by prefix ("" for none).
 * Later text continues the position sequence; see bl_doc_skip_positions. */
bl_status_t bl_doc_index_text(bl_doc_t *doc, const char *text, size_t len,
                              unsigned wdf_inc, const char *prefix);

/* Leaves a gap in term positions so phrases don't span two fields. */
bl_status_t bl_doc_skip_positions(bl_doc_t *doc, unsigned gap);

/* As bl_doc_index_text(), also computing the MinHash signature
 * (bl_minhash_words) of the text's words as the indexer folds them, from
 * the words the indexing produces rather than a second tokenisation.
 * *nwords receives the number of words. */
bl_status_t bl_doc_index_text_minhash(bl_doc_t *doc, const char *text,
                                      size_t len, unsigned wdf_inc,
                                      const char *prefix, uint32_t *sig,
                                      size_t *nwords);

/* Adds a boolean (filter) term: no positions, no weight. */
bl_status_t bl_doc_add_term(bl_doc_t *doc, const char *term);

/* Sets value slot to a number, serialised so that it sorts numerically. */
bl_status_t bl_doc_set_number(bl_doc_t *doc, unsigned slot, double number);

/* Dates the document at t (seconds since the epoch, UTC): the year, month
 * and day terms that date filters search (bl_schema.h) and the date value
 * that sorting, recency and timelines read. */
bl_status_t bl_doc_set_date(bl_doc_t *doc, int64_t t);

/* Sets value slot to len raw bytes (copied). */
bl_status_t bl_doc_set_value(bl_doc_t *doc, unsigned slot, const void *v,
                             size_t len);

/* Sets the stored record (see bl_article_decode; copied), kept in value
 * slot BL_SLOT_RECORD. */
bl_status_t bl_doc_set_record(bl_doc_t *doc, const void *data, size_t len);

/* Sets the record where schema 1 kept it, in the document data: only for
 * tests that an older index still reads. */
bl_status_t bl_doc_set_legacy_record(bl_doc_t *doc, const void *data,
                                     size_t len);

/* Appends to out the boolean term for a field value: prefix + value,
 * trimmed, Unicode lower-cased when fold, and cut and suffixed with a hash
 * when longer than Xapian's term limit allows (so any id has a term).
 * The searcher builds filter terms the same way. Returns out's status or
 * BL_ERR_NOMEM. */
bl_status_t bl_term_for(bl_buf_t *out, const char *prefix, const char *value,
                        size_t len, bool fold);

/* Adds doc to db as a new document. doc remains the caller's. */
bl_status_t bl_db_add_doc(bl_db_t *db, bl_doc_t *doc);

/* Adds doc to db, replacing any document indexed by unique_term.
 * doc remains the caller's. */
bl_status_t bl_db_replace_doc(bl_db_t *db, const char *unique_term,
                              bl_doc_t *doc);

/* Frees a document. NULL-safe. */
void bl_doc_free(bl_doc_t *doc);

/* Deletes every document indexed by term (write modes). */
bl_status_t bl_db_delete_term(bl_db_t *db, const char *term);

/* Calls fn for each metadata key starting with prefix, in key order, with
 * its value (borrowed, valid during the call). fn returns non-zero to stop.
 * Returns BL_OK or an error status. */
typedef int (*bl_meta_fn)(void *ctx, const char *key, const char *value,
                          size_t len);
bl_status_t bl_db_each_metadata(bl_db_t *db, const char *prefix,
                                bl_meta_fn fn, void *ctx);

/* Facts about an index, for byline-search --info. */
typedef struct bl_db_info {
	uint64_t docs;
	uint64_t terms_total;   /* sum of document lengths */
	bool has_dates;
	int64_t date_min, date_max;
	bool has_positions;
} bl_db_info_t;

bl_status_t bl_db_get_info(bl_db_t *db, bl_db_info_t *info);

typedef struct bl_cluster_opts {
	unsigned min_agree;         /* positions two signatures share (BL_DUP_AGREE) */
	unsigned max_band;          /* larger bands are boilerplate (BL_DUP_MAX_BAND) */
	unsigned long commit_every; /* commit after so many key changes; 0: never */
	size_t sort_max;            /* band hashes sorted at once; 0: 4M (32 MB) */
} bl_cluster_opts_t;

/* Groups near-duplicate articles: documents sharing a MinHash band
 * (bl_minhash_band) whose signatures agree in at least o->min_agree of
 * BL_MINHASH_N positions are linked, and each connected group of two or
 * more gets a cluster key in BL_SLOT_CLUSTER: the smallest id term of its
 * members, so the result does not depend on document numbering. Documents
 * whose group dissolved lose their key. A band shared by more than
 * o->max_band documents (boilerplate) is ignored. *clustered (may be NULL)
 * receives the number of documents in clusters. With o->commit_every the
 * changes are committed as they go (for an index built aside, as with
 * bl_db_spell_all). Memory: 8 bytes per signed document (its number and
 * its set), o->sort_max band hashes of 8 bytes (each band is sorted in as
 * many parts as it takes), 8 MB of signatures, a key per group and 4 bytes
 * per document whose key changes. Write modes only. */
bl_status_t bl_db_cluster(bl_db_t *db, const bl_cluster_opts_t *o,
                          uint64_t *clustered);

/* As bl_db_cluster(), over the parts opened together as parts
 * (bl_db_open_parts()), writing each changed key into the part that
 * holds its document (opened for writing, one at a time, and committed
 * unsynced: parts are scratch). Grouping before the merge leaves the
 * merged index as compact as compaction made it, where keys written
 * into it afterwards split its full blocks. parts itself still reads
 * the parts as they were: close it. o->commit_every is not used. */
bl_status_t bl_db_cluster_parts(bl_db_t *parts, const bl_cluster_opts_t *o,
                                uint64_t *clustered);

/* Number of documents indexed by term (0 if none). */
bl_status_t bl_db_term_freq(bl_db_t *db, const char *term, uint64_t *freq);

/* Appends a canonical dump of every document to out: one line per
 * document with its terms (wdf and positions), values and data, the lines
 * sorted, document ids left out. Two indexes with the same content dump
 * the same whatever their document numbering: tests compare builds. */
bl_status_t bl_db_dump(bl_db_t *db, bl_buf_t *out);

/* Appends the index's spelling data to out, a line per word: the word,
 * a space and its frequency, in word order. For tests comparing builds. */
bl_status_t bl_db_dump_spelling(bl_db_t *db, bl_buf_t *out);

/* True (in *present) when some term starts with prefix. */
bl_status_t bl_db_has_prefix(bl_db_t *db, const char *prefix, bool *present);

/* Merges the indexes at sources[0..n) into a new, compact index at dest
 * (which must not exist yet), renumbering documents contiguously and
 * keeping the first source's value of duplicate metadata keys. On failure
 * *errmsg (may be NULL) is a malloc'd message. Returns BL_OK, BL_ERR_IO,
 * BL_ERR_CORRUPT, BL_ERR_XAPIAN, BL_ERR_NOMEM. */
bl_status_t bl_db_compact(const char *const *sources, size_t n,
                          const char *dest, char **errmsg);

/* A search. Zero-initialise, then set what you need. */
typedef enum bl_sort {
	BL_SORT_RELEVANCE,
	BL_SORT_NEWEST,        /* by date, then relevance; undated last */
	BL_SORT_OLDEST         /* by date, then relevance; undated first */
} bl_sort_t;

/* Query-time stopwords: common words dropped from ranked queries (not
 * from phrases), unless that would leave nothing to search. */
typedef enum bl_stopwords {
	BL_STOPWORDS_DEFAULT,  /* english for an English index, else none */
	BL_STOPWORDS_NONE,
	BL_STOPWORDS_ENGLISH   /* a standard English list (Snowball's) */
} bl_stopwords_t;

/* Pseudo-relevance feedback: the words that best characterise the top
 * documents of a query re-rank its matches (never add to them). */
typedef enum bl_feedback {
	BL_FEEDBACK_DEFAULT,   /* for natural-language queries (long_query) */
	BL_FEEDBACK_NEVER,
	BL_FEEDBACK_ALWAYS     /* for every query ranked by relevance */
} bl_feedback_t;

/* The default ranking, measured in bench/eval/RESULTS.md. */
#define BL_BM25_K1 1.2          /* BM25 term-frequency saturation */
#define BL_BM25_B 0.75          /* BM25 length normalisation */
/* Matches counted past the page when the total need not be exact. At
 * least one, so that whether a next page exists is always known
 * (total_min exceeds offset + limit exactly when it does); a hundred,
 * because Xapian's estimate from fewer is often far off (over the bench
 * queries, off by more than 2x for 23 of 460 when counting one, 7 when
 * counting 100, 2 when counting 500). Counting 500, as Byline once did,
 * cost 8% more instructions than 100 in the in-process query loop. */
#define BL_COUNT_PAST_PAGE 100
#define BL_LONG_QUERY 3         /* more words than this may be prose */
#define BL_FEEDBACK_DOCS 10     /* top documents feedback reads */
#define BL_FEEDBACK_TERMS 20    /* words it adds */
#define BL_FEEDBACK_WEIGHT 0.25 /* the best added word's weight relative
                                 * to a typed word's */

/* Wildcards (word*) one query may hold; more is BL_ERR_LIMIT. */
#define BL_MAX_WILDCARDS 16

typedef struct bl_query_opts {
	const char *text;      /* the query as the user typed it */
	const char *filter;    /* more query text that only filters (date:...
	                        * from options), or NULL */
	unsigned offset;       /* hits to skip */
	unsigned limit;        /* hits to return */
	bool match_any;        /* plain words are OR-ed, not AND-ed */
	int64_t now;           /* the time relative dates count back from */
	bl_sort_t sort;
	double recency;        /* half-life in seconds of a freshness bonus
	                        * blended into relevance; 0 for none */
	const char *const *facets;  /* facet names (bl_facet_defs) to count */
	size_t nfacets;
	unsigned facet_limit;  /* top values per facet; 0 = 10 */
	bool timeline;         /* count matches per day */
	bool all_versions;     /* do not fold near-duplicates into one hit */
	bool suggest;          /* look for a spelling correction */
	bool relax;            /* plain words matching nothing together are
	                        * retried as any-word */
	const char *like;      /* rank articles like the one with this id */
	const char *similar;   /* list the versions of the one with this id */
	unsigned max_wildcard; /* words a trailing * may expand to; 0 = 1000.
	                        * A query (text and filter) may hold at most
	                        * BL_MAX_WILDCARDS wildcards: each expands on
	                        * its own, so they bound the total too. */
	bool exact_total;      /* count every match, so that total and each
	                        * hit's duplicates are exact; otherwise only
	                        * BL_COUNT_PAST_PAGE matches past the page are
	                        * counted and total may be Xapian's estimate
	                        * (total_min < total_max) */
	double time_limit;     /* seconds after which Xapian stops counting
	                        * matches beyond the page (totals and facets
	                        * become estimates); 0 for none */
	/* Ranking; zero means Byline's defaults (bench/eval/RESULTS.md). */
	bool bm25_set;         /* use bm25_k1 and bm25_b, not the defaults */
	double bm25_k1;        /* BM25 term-frequency saturation (>= 0) */
	double bm25_b;         /* BM25 length normalisation (0 to 1) */
	bl_stopwords_t stopwords;  /* words left out of ranked queries */
	unsigned long_query;   /* a query of more words than this, without
	                        * operators, is natural language: any-word,
	                        * case-folded; 0 = BL_LONG_QUERY, UINT_MAX =
	                        * never */
	bl_feedback_t feedback;  /* pseudo-relevance feedback */
} bl_query_opts_t;

typedef struct bl_hit {
	unsigned docid;
	unsigned rank;         /* 1-based position in the whole ranking */
	int percent;           /* relevance 0-100 */
	double score;          /* BM25 weight */
	unsigned duplicates;   /* other versions folded into this hit */
	char *data;            /* stored record (see bl_article_decode) */
	size_t data_len;
	bl_strlist_t terms;    /* query terms this document matched */
} bl_hit_t;

typedef struct bl_count {
	char *value;
	uint64_t count;
} bl_count_t;

typedef struct bl_facet_result {
	const char *name;      /* static: from bl_facet_defs */
	bl_count_t *values;    /* most frequent first, then by value */
	size_t n;
} bl_facet_result_t;

typedef struct bl_results {
	uint64_t total;        /* matches, estimated beyond the checked ones */
	uint64_t total_min;
	uint64_t total_max;
	size_t nhits;
	bl_hit_t *hits;
	bool fallback;         /* query had a syntax error: searched as words */
	bool relaxed;          /* all-words matched nothing: any-word ranking */
	char *suggestion;      /* "did you mean" query, or NULL */
	bl_facet_result_t *facets;  /* one per requested facet, exact counts */
	size_t nfacets;
	bl_count_t *days;      /* matches per day "YYYY-MM-DD", in order */
	size_t ndays;
	bool partial;          /* some shards were left out (see missing) */
	bl_strlist_t missing;  /* the shards left out */
	bl_strlist_t notices;  /* features that fell back, and why */
	char *description;     /* the parsed query, for --verbose */
} bl_results_t;

/* Runs a query. On success *res is the caller's (bl_results_free).
 * A read racing a writer's commit is reopened and retried. Facet and
 * timeline counts cover every match (the whole match is run for them).
 * Returns BL_OK (also when nothing matched), BL_ERR_INVALID for an empty
 * query or an unknown facet, BL_ERR_QUERY_SYNTAX for a date filter that
 * cannot be read, BL_ERR_NOT_FOUND for an unknown --like/--similar id,
 * BL_ERR_LIMIT for a wildcard matching too many words, BL_ERR_MODIFIED,
 * BL_ERR_CORRUPT, BL_ERR_NETWORK, BL_ERR_XAPIAN, BL_ERR_NOMEM. */
bl_status_t bl_db_search(bl_db_t *db, const bl_query_opts_t *opts,
                         bl_results_t **res);

/* Frees results. NULL-safe. */
void bl_results_free(bl_results_t *res);

/* Appends the stem of word[0..len) (already lower-cased) in db's language
 * to out ("none" copies the word). Returns BL_OK or out's error. */
bl_status_t bl_db_stem(bl_db_t *db, const char *word, size_t len,
                       bl_buf_t *out);

/* Called for each word of a text: byte offsets [start, end) into the text
 * and the word case-folded as the indexer folds it (borrowed, valid during
 * the call). Return non-zero to stop. */
typedef int (*bl_token_fn)(void *ctx, size_t start, size_t end,
                           const char *folded, size_t folded_len);

/* Splits UTF-8 text into words the way the indexer does and calls fn for
 * each. Returns BL_OK or BL_ERR_NOMEM. */
bl_status_t bl_tokenize(const char *text, size_t len, bl_token_fn fn,
                        void *ctx);

/* As bl_tokenize(), but a word that begins with an ASCII character whose
 * folded byte is not set in want[256] is passed with folded NULL and
 * folded_len 0, without folding it: the same words at the same offsets,
 * for callers that only compare words with a few terms. Words that begin
 * with any other character are folded. */
bl_status_t bl_tokenize_some(const char *text, size_t len,
                             const unsigned char *want, bl_token_fn fn,
                             void *ctx);

/* What bl_tokenize_wanted() saw of a text, wanted words or not. */
typedef struct bl_token_extent {
	size_t words;           /* words seen */
	size_t first_start;     /* where the first began (if words > 0) */
	size_t last_end;        /* where the last seen ended */
} bl_token_extent_t;

/* As bl_tokenize_some(), but fn is called only for the words it would
 * fold; the others are only counted. Stops after max_words words, wanted
 * or not (0: no limit), or when fn returns non-zero; then sets *extent
 * (unless NULL). Costs a fraction of calling back for every word, for
 * callers that look for a few terms in long texts. */
bl_status_t bl_tokenize_wanted(const char *text, size_t len,
                               const unsigned char *want, size_t max_words,
                               bl_token_fn fn, void *ctx,
                               bl_token_extent_t *extent);

#ifdef __cplusplus
}
#endif

#endif
