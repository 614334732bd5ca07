// bl_db.cc - the only C++ in Byline: bl_db.h implemented over libxapian.
// Every extern "C" body catches everything; status_from_exception() maps
// what was caught to a bl_status_t and keeps its message.

#include "bl_db.h"
#include "bl_schema.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

struct bl_db {
	std::string path;
	bool writable = false;
	Xapian::Database rdb;           // the database searched
	Xapian::WritableDatabase wdb;   // valid when writable
	std::string language = "english";
	Xapian::Stem stem{"english"};
	Xapian::TermGenerator tg;
	std::string err;
};

struct bl_doc {
	bl_db *db;
	Xapian::Document doc;
};

namespace {

const int MAX_RETRIES = 5;

// Rethrows the exception being handled and maps its class to a status,
// storing a one-line message in msg.
bl_status_t
status_from_exception(std::string &msg)
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &e) {
		msg = "index is locked by another indexer";
		return BL_ERR_LOCKED;
	} catch (const Xapian::DatabaseModifiedError &e) {
		msg = "index changed while it was being read; try again";
		return BL_ERR_MODIFIED;
	} catch (const Xapian::DatabaseNotFoundError &e) {
		msg = "no index there";
		return BL_ERR_NOT_FOUND;
	} catch (const Xapian::DatabaseVersionError &e) {
		msg = "index format not supported by this Xapian (" +
		      e.get_msg() + ")";
		return BL_ERR_VERSION;
	} catch (const Xapian::DatabaseCorruptError &e) {
		msg = "index is damaged (" + e.get_msg() +
		      "); run xapian-check on it or rebuild it";
		return BL_ERR_CORRUPT;
	} catch (const Xapian::DatabaseOpeningError &e) {
		msg = "cannot open index (" + e.get_msg() + ")";
		return BL_ERR_IO;
	} catch (const Xapian::DocNotFoundError &e) {
		msg = "document not found";
		return BL_ERR_NOT_FOUND;
	} catch (const Xapian::QueryParserError &e) {
		msg = "query syntax error: " + e.get_msg();
		return BL_ERR_QUERY_SYNTAX;
	} catch (const Xapian::NetworkError &e) {
		msg = "remote index unreachable (" + e.get_msg() + ")";
		return BL_ERR_NETWORK;
	} catch (const Xapian::InvalidArgumentError &e) {
		msg = e.get_msg();
		return BL_ERR_INVALID;
	} catch (const Xapian::Error &e) {
		msg = e.get_type() + std::string(": ") + e.get_msg();
		return BL_ERR_XAPIAN;
	} catch (const std::bad_alloc &) {
		msg = "out of memory";
		return BL_ERR_NOMEM;
	} catch (const std::exception &e) {
		msg = std::string("internal error: ") + e.what();
		return BL_ERR_INTERNAL;
	} catch (...) {
		msg = "internal error: unknown exception";
		return BL_ERR_INTERNAL;
	}
}

bl_status_t
fail(bl_db *db)
{
	return status_from_exception(db->err);
}

char *
dup_string(const std::string &s)
{
	char *p = static_cast<char *>(std::malloc(s.size() + 1));

	if (p == nullptr)
		throw std::bad_alloc();
	std::memcpy(p, s.data(), s.size());
	p[s.size()] = '\0';
	return p;
}

void
strlist_add(bl_strlist_t *list, const std::string &s)
{
	char **items = static_cast<char **>(
		std::realloc(list->items, (list->n + 1) * sizeof *items));

	if (items == nullptr)
		throw std::bad_alloc();
	list->items = items;
	items[list->n] = dup_string(s);
	list->n++;
}

void
use_language(bl_db *db, const std::string &lang)
{
	db->stem = Xapian::Stem(lang);  // throws InvalidArgumentError
	db->language = lang;
	db->tg.set_stemmer(db->stem);
	db->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

void
check_schema(const Xapian::Database &d)
{
	std::string v = d.get_metadata(BL_META_SCHEMA);

	if (v.empty() && d.get_doccount() > 0)
		throw Xapian::DatabaseVersionError(
			"not a Byline index (no schema version)");
	if (!v.empty() && std::atoi(v.c_str()) > BL_SCHEMA_VERSION)
		throw Xapian::DatabaseVersionError(
			"written by a newer Byline (schema " + v +
			", this one reads " + std::to_string(BL_SCHEMA_VERSION) +
			")");
}

// Keeps ASCII letters, digits and every non-ASCII byte: what is left of a
// query with a syntax error once its operators are removed.
std::string
words_only(const char *text)
{
	std::string s(text);

	for (char &c : s) {
		unsigned char u = static_cast<unsigned char>(c);
		if (u < 0x80 && !std::isalnum(u))
			c = ' ';
	}
	return s;
}

bool
blank(const char *s)
{
	for (; *s; s++)
		if (!std::isspace(static_cast<unsigned char>(*s)))
			return false;
	return true;
}

// Xapian refuses terms over 245 bytes; longer values keep a readable
// head and a hash of the whole.
const size_t MAX_TERM = 240;

std::string
term_for(const std::string &prefix, const std::string &raw, bool fold)
{
	size_t b = raw.find_first_not_of(" \t\r\n");
	size_t e = raw.find_last_not_of(" \t\r\n");
	std::string value = b == std::string::npos ? "" : raw.substr(b, e - b + 1);
	std::string term = prefix;

	if (fold)
		value = Xapian::Unicode::tolower(value);
	if (prefix.size() + value.size() <= MAX_TERM)
		return term + value;
	uint64_t h = 0xcbf29ce484222325ULL;   // FNV-1a
	for (unsigned char c : value)
		h = (h ^ c) * 0x100000001b3ULL;
	char hex[24];
	std::snprintf(hex, sizeof hex, "#%016llx",
	              static_cast<unsigned long long>(h));
	size_t keep = MAX_TERM - prefix.size() - 17;
	// Cut on a UTF-8 character boundary.
	while (keep > 0 && (static_cast<unsigned char>(value[keep]) & 0xC0) == 0x80)
		keep--;
	return term + value.substr(0, keep) + hex;
}

// A boolean filter field: the value as typed becomes one exact term.
class BooleanField : public Xapian::FieldProcessor {
	std::string prefix;
	bool fold;
public:
	BooleanField(const char *p, bool f) : prefix(p), fold(f) {}
	Xapian::Query operator()(const std::string &str) override {
		return Xapian::Query(term_for(prefix, str, fold));
	}
};

}  // namespace

extern "C" {

bl_status_t
bl_term_for(bl_buf_t *out, const char *prefix, const char *value, size_t len,
            bool fold)
{
	try {
		std::string t = term_for(prefix, std::string(value, len), fold);
		return bl_buf_append(out, t.data(), t.size());
	} catch (const std::bad_alloc &) {
		return BL_ERR_NOMEM;
	} catch (...) {
		return BL_ERR_INTERNAL;
	}
}

bl_status_t
bl_db_open(const char *path, bl_db_mode_t mode, bl_db_t **dbp, char **errmsg)
{
	bl_db *db = nullptr;
	std::string msg;
	bl_status_t st;

	*dbp = nullptr;
	if (errmsg)
		*errmsg = nullptr;
	try {
		db = new bl_db;
		db->path = path;
		if (mode == BL_DB_READ) {
			db->rdb = Xapian::Database(path);
			check_schema(db->rdb);
		} else {
			int flags = mode == BL_DB_OVERWRITE ?
				Xapian::DB_CREATE_OR_OVERWRITE :
				Xapian::DB_CREATE_OR_OPEN;
			db->wdb = Xapian::WritableDatabase(path, flags);
			db->rdb = db->wdb;
			db->writable = true;
			check_schema(db->wdb);
			if (db->wdb.get_metadata(BL_META_SCHEMA).empty())
				db->wdb.set_metadata(BL_META_SCHEMA,
					std::to_string(BL_SCHEMA_VERSION));
		}
		std::string lang = db->rdb.get_metadata(BL_META_LANGUAGE);
		use_language(db, lang.empty() ? "english" : lang);
		*dbp = db;
		return BL_OK;
	} catch (...) {
		st = status_from_exception(msg);
	}
	delete db;
	if (errmsg) {
		std::string full = std::string("index '") + path + "': " + msg;
		*errmsg = strdup(full.c_str());
	}
	return st;
}

const char *
bl_db_last_error(const bl_db_t *db)
{
	return db ? db->err.c_str() : "";
}

bl_status_t
bl_db_commit(bl_db_t *db)
{
	try {
		if (db->writable)
			db->wdb.commit();
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

void
bl_db_close(bl_db_t *db)
{
	if (db == nullptr)
		return;
	try {
		// Like the destructor, close() commits pending changes.
		if (db->writable)
			db->wdb.close();
		db->rdb.close();
	} catch (...) {
	}
	delete db;
}

bl_status_t
bl_db_doc_count(bl_db_t *db, uint64_t *count)
{
	try {
		*count = db->rdb.get_doccount();
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_get_metadata(bl_db_t *db, const char *key, char **value)
{
	*value = nullptr;
	try {
		*value = dup_string(db->rdb.get_metadata(key));
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_set_metadata(bl_db_t *db, const char *key, const char *value)
{
	try {
		if (!db->writable) {
			db->err = "index is open read-only";
			return BL_ERR_INVALID;
		}
		db->wdb.set_metadata(key, value);
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_set_language(bl_db_t *db, const char *language)
{
	try {
		use_language(db, language);
		if (db->writable)
			db->wdb.set_metadata(BL_META_LANGUAGE, language);
		return BL_OK;
	} catch (const Xapian::InvalidArgumentError &) {
		db->err = std::string("unknown language '") + language +
			"' (see 'byline-index --help' for the list)";
		return BL_ERR_INVALID;
	} catch (...) {
		return fail(db);
	}
}

char *
bl_db_languages(void)
{
	try {
		return dup_string(Xapian::Stem::get_available_languages());
	} catch (...) {
		return nullptr;
	}
}

const char *
bl_db_language(const bl_db_t *db)
{
	return db->language.c_str();
}

void
bl_db_set_spelling(bl_db_t *db, bool on)
{
	try {
		if (!db->writable)
			return;
		db->tg.set_database(db->wdb);
		db->tg.set_flags(on ? Xapian::TermGenerator::FLAG_SPELLING : 0,
		                 ~Xapian::TermGenerator::FLAG_SPELLING);
	} catch (...) {
		fail(db);
	}
}

bl_status_t
bl_doc_new(bl_db_t *db, bl_doc_t **docp)
{
	*docp = nullptr;
	try {
		bl_doc *doc = new bl_doc;
		doc->db = db;
		db->tg.set_document(doc->doc);
		*docp = doc;
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_doc_index_text(bl_doc_t *doc, const char *text, size_t len,
                  unsigned wdf_inc, const char *prefix)
{
	try {
		doc->db->tg.index_text(Xapian::Utf8Iterator(text, len), wdf_inc,
		                       prefix);
		return BL_OK;
	} catch (...) {
		return fail(doc->db);
	}
}

bl_status_t
bl_doc_skip_positions(bl_doc_t *doc, unsigned gap)
{
	try {
		doc->db->tg.increase_termpos(gap);
		return BL_OK;
	} catch (...) {
		return fail(doc->db);
	}
}

bl_status_t
bl_doc_add_term(bl_doc_t *doc, const char *term)
{
	try {
		doc->doc.add_boolean_term(term);
		return BL_OK;
	} catch (...) {
		return fail(doc->db);
	}
}

bl_status_t
bl_doc_set_number(bl_doc_t *doc, unsigned slot, double number)
{
	try {
		doc->doc.add_value(slot, Xapian::sortable_serialise(number));
		return BL_OK;
	} catch (...) {
		return fail(doc->db);
	}
}

bl_status_t
bl_doc_set_data(bl_doc_t *doc, const void *data, size_t len)
{
	try {
		doc->doc.set_data(std::string(static_cast<const char *>(data),
		                              len));
		return BL_OK;
	} catch (...) {
		return fail(doc->db);
	}
}

bl_status_t
bl_db_add_doc(bl_db_t *db, bl_doc_t *doc)
{
	try {
		if (!db->writable) {
			db->err = "index is open read-only";
			return BL_ERR_INVALID;
		}
		db->wdb.add_document(doc->doc);
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_spell_all(bl_db_t *db)
{
	try {
		if (!db->writable) {
			db->err = "index is open read-only";
			return BL_ERR_INVALID;
		}
		// Prefixes are upper-case ASCII; numbers are not worth
		// suggesting.
		for (Xapian::TermIterator t = db->wdb.allterms_begin();
		     t != db->wdb.allterms_end(); ++t) {
			const std::string &w = *t;
			unsigned char c = static_cast<unsigned char>(w[0]);

			if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    w.size() > 64)
				continue;
			db->wdb.add_spelling(w, db->wdb.get_collection_freq(w));
		}
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_replace_doc(bl_db_t *db, const char *unique_term, bl_doc_t *doc)
{
	try {
		if (!db->writable) {
			db->err = "index is open read-only";
			return BL_ERR_INVALID;
		}
		db->wdb.replace_document(unique_term, doc->doc);
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

void
bl_doc_free(bl_doc_t *doc)
{
	delete doc;
}

bl_status_t
bl_db_delete_term(bl_db_t *db, const char *term)
{
	try {
		if (!db->writable) {
			db->err = "index is open read-only";
			return BL_ERR_INVALID;
		}
		db->wdb.delete_document(term);
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_each_metadata(bl_db_t *db, const char *prefix, bl_meta_fn fn,
                    void *ctx)
{
	try {
		for (Xapian::TermIterator k = db->rdb.metadata_keys_begin(prefix);
		     k != db->rdb.metadata_keys_end(prefix); ++k) {
			std::string v = db->rdb.get_metadata(*k);

			if (fn(ctx, (*k).c_str(), v.data(), v.size()))
				break;
		}
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_get_info(bl_db_t *db, bl_db_info_t *info)
{
	try {
		std::string lo, hi;

		*info = bl_db_info_t();
		info->docs = db->rdb.get_doccount();
		info->terms_total = static_cast<uint64_t>(
			db->rdb.get_avlength() * static_cast<double>(info->docs) + 0.5);
		info->has_positions = db->rdb.has_positions();
		lo = db->rdb.get_value_lower_bound(BL_SLOT_DATE);
		hi = db->rdb.get_value_upper_bound(BL_SLOT_DATE);
		if (!lo.empty() && !hi.empty()) {
			info->has_dates = true;
			info->date_min = static_cast<int64_t>(
				Xapian::sortable_unserialise(lo));
			info->date_max = static_cast<int64_t>(
				Xapian::sortable_unserialise(hi));
		}
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_term_freq(bl_db_t *db, const char *term, uint64_t *freq)
{
	try {
		*freq = db->rdb.get_termfreq(term);
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_dump(bl_db_t *db, bl_buf_t *out)
{
	try {
		std::vector<std::string> lines;

		for (Xapian::PostingIterator p = db->rdb.postlist_begin("");
		     p != db->rdb.postlist_end(""); ++p) {
			Xapian::Document doc = db->rdb.get_document(*p);
			std::string line;

			for (Xapian::TermIterator t = doc.termlist_begin();
			     t != doc.termlist_end(); ++t) {
				line += *t + "/" + std::to_string(t.get_wdf());
				for (Xapian::PositionIterator q = t.positionlist_begin();
				     q != t.positionlist_end(); ++q)
					line += "," + std::to_string(*q);
				line += ' ';
			}
			for (Xapian::ValueIterator v = doc.values_begin();
			     v != doc.values_end(); ++v)
			{
				char hex[3];

				line += "#" + std::to_string(v.get_valueno()) + "=";
				for (unsigned char c : *v) {
					std::snprintf(hex, sizeof hex, "%02x", c);
					line += hex;
				}
				line += ' ';
			}
			std::string data = doc.get_data();
			line += "data:" + std::to_string(data.size()) + ":";
			for (unsigned char c : data)
				line += static_cast<char>(c < 0x20 ? '.' : c);
			lines.push_back(line);
		}
		std::sort(lines.begin(), lines.end());
		for (const std::string &l : lines) {
			bl_buf_append(out, l.data(), l.size());
			bl_buf_putc(out, '\n');
		}
		return out->err;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_has_prefix(bl_db_t *db, const char *prefix, bool *present)
{
	try {
		*present = db->rdb.allterms_begin(prefix) !=
		           db->rdb.allterms_end(prefix);
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_compact(const char *const *sources, size_t n, const char *dest,
              char **errmsg)
{
	std::string msg;
	bl_status_t st;

	if (errmsg)
		*errmsg = nullptr;
	try {
		Xapian::Database all;

		for (size_t i = 0; i < n; i++)
			all.add_database(Xapian::Database(sources[i]));
		all.compact(dest, Xapian::DBCOMPACT_MULTIPASS);
		return BL_OK;
	} catch (...) {
		st = status_from_exception(msg);
	}
	if (errmsg)
		*errmsg = strdup(("compacting into '" + std::string(dest) +
		                  "': " + msg).c_str());
	return st;
}

void
bl_results_free(bl_results_t *res)
{
	size_t i;

	if (res == nullptr)
		return;
	for (i = 0; i < res->nhits; i++) {
		std::free(res->hits[i].data);
		bl_strlist_clear(&res->hits[i].terms);
	}
	std::free(res->hits);
	std::free(res->description);
	std::free(res);
}

static Xapian::Query
parse_query(bl_db *db, const bl_query_opts_t *opts, bool *fallback)
{
	Xapian::QueryParser qp;
	const bl_field_t *f;

	qp.set_database(db->rdb);
	qp.set_stemmer(db->stem);
	qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
	qp.set_default_op(opts->match_any ? Xapian::Query::OP_OR :
	                                    Xapian::Query::OP_AND);
	for (f = bl_fields; f->name; f++) {
		if (f->kind == BL_FIELD_TEXT)
			qp.add_prefix(f->name, f->prefix);
		else
			qp.add_boolean_prefix(f->name,
				(new BooleanField(f->prefix, f->fold))->release());
	}
	*fallback = false;
	try {
		return qp.parse_query(opts->text, Xapian::QueryParser::FLAG_DEFAULT);
	} catch (const Xapian::QueryParserError &) {
		// A query of plain words must never fail: search its words.
		*fallback = true;
		return qp.parse_query(words_only(opts->text), 0);
	}
}

static void
run_search(bl_db *db, const bl_query_opts_t *opts, bl_results_t *res)
{
	Xapian::Query query = parse_query(db, opts, &res->fallback);
	Xapian::Enquire enquire(db->rdb);

	enquire.set_query(query);
	enquire.set_weighting_scheme(Xapian::BM25Weight());
	// Counting a few hundred matches past the page makes "total" exact
	// for most queries at little cost; beyond that it is an estimate.
	Xapian::MSet mset = enquire.get_mset(opts->offset, opts->limit,
	                                     opts->offset + opts->limit + 500);

	res->total = mset.get_matches_estimated();
	res->total_min = mset.get_matches_lower_bound();
	res->total_max = mset.get_matches_upper_bound();
	res->description = dup_string(query.get_description());
	res->hits = static_cast<bl_hit_t *>(
		std::calloc(mset.size() ? mset.size() : 1, sizeof(bl_hit_t)));
	if (res->hits == nullptr)
		throw std::bad_alloc();
	for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
		bl_hit_t *hit = &res->hits[res->nhits++];
		std::string data = it.get_document().get_data();

		hit->docid = *it;
		hit->rank = it.get_rank() + 1;
		hit->percent = it.get_percent();
		hit->score = it.get_weight();
		hit->data = dup_string(data);
		hit->data_len = data.size();
		for (Xapian::TermIterator t = enquire.get_matching_terms_begin(it);
		     t != enquire.get_matching_terms_end(it); ++t)
			strlist_add(&hit->terms, *t);
	}
}

bl_status_t
bl_db_search(bl_db_t *db, const bl_query_opts_t *opts, bl_results_t **resp)
{
	bl_results_t *res = nullptr;

	*resp = nullptr;
	if (opts->text == nullptr || blank(opts->text)) {
		db->err = "empty query";
		return BL_ERR_INVALID;
	}
	for (int attempt = 0;; attempt++) {
		try {
			res = static_cast<bl_results_t *>(
				std::calloc(1, sizeof *res));
			if (res == nullptr)
				throw std::bad_alloc();
			run_search(db, opts, res);
			*resp = res;
			return BL_OK;
		} catch (const Xapian::DatabaseModifiedError &) {
			bl_results_free(res);
			res = nullptr;
			if (attempt == MAX_RETRIES)
				return fail(db);
			try {
				db->rdb.reopen();
			} catch (...) {
				return fail(db);
			}
		} catch (...) {
			bl_results_free(res);
			return fail(db);
		}
	}
}

bl_status_t
bl_db_stem(bl_db_t *db, const char *word, size_t len, bl_buf_t *out)
{
	try {
		std::string s = db->stem(std::string(word, len));
		return bl_buf_append(out, s.data(), s.size());
	} catch (...) {
		return fail(db);
	}
}

static bool
is_apostrophe(unsigned ch)
{
	return ch == '\'' || ch == 0x2019 || ch == 0x201B;
}

bl_status_t
bl_tokenize(const char *text, size_t len, bl_token_fn fn, void *ctx)
{
	try {
		Xapian::Utf8Iterator it(text, len), end;
		std::string word;

		while (it != end) {
			while (it != end && !Xapian::Unicode::is_wordchar(*it))
				++it;
			if (it == end)
				break;
			size_t start = static_cast<size_t>(it.raw() - text), stop;
			word.clear();
			for (;;) {
				while (it != end && Xapian::Unicode::is_wordchar(*it)) {
					Xapian::Unicode::append_utf8(word,
						Xapian::Unicode::tolower(*it));
					++it;
				}
				stop = static_cast<size_t>(it.raw() - text);
				if (it == end || !is_apostrophe(*it))
					break;
				Xapian::Utf8Iterator next = it;
				++next;
				if (next == end || !Xapian::Unicode::is_wordchar(*next))
					break;
				word += '\'';
				it = next;
			}
			if (fn(ctx, start, stop, word.data(), word.size()))
				break;
		}
		return BL_OK;
	} catch (const std::bad_alloc &) {
		return BL_ERR_NOMEM;
	} catch (...) {
		return BL_ERR_INTERNAL;
	}
}

}  // extern "C"
