/* bl_schema.h - how articles map onto Xapian terms, values and metadata.
 * The indexer and the searcher both read this one table, so adding a
 * field is one row here. */
#ifndef BL_SCHEMA_H
#define BL_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever an index written by this version cannot be searched
 * correctly by an older one. Stored as metadata BL_META_SCHEMA.
 * 2: the stored record is in value slot BL_SLOT_RECORD (1: in the
 * document data, which this version still reads).
 * 3: words indexed as their stems only (BL_META_TERMS "stems").
 * 4: in an index of words and stems, a word that is its own stem ("oil")
 * gets no stem term: "Z" + stem counts only the other forms ("oils",
 * "oiled"), and a stemmed query term searches both ("Zoil" SYNONYM
 * "oil", whose wdf sum is the old "Zoil"'s). A quarter fewer postings to
 * write. Indexes of schema 2 keep their layout when updated. */
#define BL_SCHEMA_VERSION 4
#define BL_SCHEMA_WORDS 2
#define BL_SCHEMA_STEMS 3
#define BL_SCHEMA_OWN_STEMS 4

#define BL_META_SCHEMA "byline.schema"
#define BL_META_LANGUAGE "byline.language"
#define BL_META_UPDATED "byline.updated"
/* "stems" when words are indexed as their stems only; "words" or unset
 * when as written and as their stems. */
#define BL_META_TERMS "byline.terms"

/* Per-file state, written by the indexer: metadata BL_META_FILE + the
 * file's absolute path holds its size, mtime, content hash and article
 * count, and each document read from the file carries the boolean term
 * BL_PREFIX_FILE + the same path. */
#define BL_META_FILE "F"
#define BL_PREFIX_FILE "XF"

/* Value slots. */
#define BL_SLOT_DATE 0       /* sortable_serialise(seconds since epoch) */
#define BL_SLOT_CLUSTER 1    /* near-duplicate cluster key, if any */
#define BL_SLOT_SOURCE 2     /* folded source, for facets */
#define BL_SLOT_AUTHOR 3     /* folded author, for facets */
#define BL_SLOT_CATEGORIES 4 /* folded categories joined by BL_LIST_SEP */
#define BL_SLOT_PLACES 5     /* folded places joined by BL_LIST_SEP */
#define BL_SLOT_MINHASH 6    /* MinHash signature of the body */
/* The stored record (bl_article_encode). Xapian's glass backend deflates
 * document data tag by tag but stores values as they are, so a record
 * kept here costs no zlib when it is written nor when a hit is shown
 * (about 6% of indexing and 5 to 8% of a one-shot query), for about a fifth
 * more index. */
#define BL_SLOT_RECORD 7

#define BL_LIST_SEP '\x1f'

/* Near-duplicate detection: BL_MINHASH_N 32-bit MinHash values over word
 * 3-shingles of the body, in BL_SLOT_MINHASH; candidates are documents
 * whose signatures agree on one of BL_MINHASH_BANDS bands, found by
 * sorting the band hashes when the index is finished. (Older indexes
 * also hold a term per band, prefix "XB"; nothing reads them now.) */
#define BL_MINHASH_N 32
#define BL_MINHASH_BANDS 8
/* Two bodies are versions of one story when their signatures agree in at
 * least BL_DUP_AGREE positions (an estimated Jaccard similarity of 0.5 on
 * 3-shingles); a band shared by more than BL_DUP_MAX_BAND documents is
 * boilerplate and ignored. */
#define BL_DUP_AGREE 16
#define BL_DUP_MAX_BAND 1000
/* Articles with fewer words than this get no signature. */
#define BL_MINHASH_MIN_WORDS 25

/* Facets: a name, the value slot counted, and how the value is read. */
typedef enum bl_facet_kind {
	BL_FACET_VALUE,      /* the slot's value */
	BL_FACET_LIST,       /* each BL_LIST_SEP-separated item of the slot */
	BL_FACET_YEAR,       /* the year of the date slot */
	BL_FACET_MONTH       /* the year and month of the date slot */
} bl_facet_kind_t;

typedef struct bl_facet_def {
	const char *name;
	unsigned slot;
	bl_facet_kind_t kind;
	const char *field;   /* the query field a value filters with */
} bl_facet_def_t;

/* The facets, terminated by a row whose name is NULL. */
extern const bl_facet_def_t bl_facet_defs[];

/* The facet called name, or NULL. */
const bl_facet_def_t *bl_facet_find(const char *name);

/* Term prefixes that are not query fields: a dated article's year, month
 * and day (UTC), written with its date value by bl_doc_set_date(); the
 * date:, after: and before: filters search these. */
#define BL_PREFIX_YEAR "Y"  /* Y2024 */
#define BL_PREFIX_MONTH "M" /* M202408 */
#define BL_PREFIX_DAY "D"   /* D20240807 */

/* Free-text fields are stemmed and positional; boolean fields are exact
 * filter terms matched case-insensitively (stored lower-cased). */
typedef enum bl_field_kind {
	BL_FIELD_TEXT,
	BL_FIELD_BOOLEAN
} bl_field_kind_t;

typedef struct bl_field {
	const char *name;    /* as typed in a query: title:... */
	const char *prefix;  /* Xapian term prefix */
	bl_field_kind_t kind;
	bool fold;           /* boolean values compared case-insensitively */
} bl_field_t;

/* The query fields, terminated by a row whose name is NULL. Several names
 * may share a prefix (aliases). */
extern const bl_field_t bl_fields[];

/* The row of bl_fields called name, or NULL. */
const bl_field_t *bl_field_find(const char *name);

/* The prefix of the unique id term ("Q" + id). */
#define BL_PREFIX_ID "Q"
#define BL_PREFIX_TITLE "S"
#define BL_PREFIX_AUTHOR "A"
#define BL_PREFIX_SOURCE "XSRC"
#define BL_PREFIX_CATEGORY "K"
#define BL_PREFIX_PLACE "XP"
#define BL_PREFIX_URL "U"
#define BL_PREFIX_LANGUAGE "L"

/* How much more a title word weighs than a body word (wdf increment). */
#define BL_TITLE_WEIGHT 3

#ifdef __cplusplus
}
#endif

#endif
