// bl_db.cc - the only C++ in Byline: bl_db.h implemented over libxapian.
// Every extern "C" body catches everything; status_from_exception() maps
// what was caught to a bl_status_t and keeps its message.

#include "bl_db.h"
#include "bl_date.h"
#include "bl_daterange.h"
#include "bl_minhash.h"
#include "bl_schema.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <exception>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <map>
#include <unordered_map>
#include <unordered_set>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

// One member of a shard set, as its stub file line names it.
struct Member {
	std::string line;       // "auto shards/0", "remote host:7000"
	bool remote = false;
	std::string path;       // resolved, for local members
	std::string host;
	unsigned port = 0;
};

// Hashes every word the TermGenerator indexes while a list is attached,
// stopping none: the words of a body in order, for its MinHash signature,
// without tokenising the text a second time. (A Stopper is the one hook
// Xapian 1.4's TermGenerator calls for each word.)
class WordRecorder : public Xapian::Stopper {
public:
	std::vector<uint64_t> *words = nullptr;

	bool operator()(const std::string &w) const override {
		if (words)
			words->push_back(bl_minhash_word(w.data(), w.size()));
		return false;
	}
};

namespace {
class CachedStem;
}

struct bl_db {
	std::string path;
	bool writable = false;
	bool stub = false;              // a shard set we opened member by member
	bool remote = false;            // some member is remote
	bl_open_opts_t opts{};
	std::vector<Member> members;
	bl_strlist_t missing{};         // members left out (allow_partial)
	Xapian::Database rdb;           // the database searched
	std::vector<Xapian::Database> parts;    // bl_db_open_parts: each alone
	std::vector<std::string> part_paths;
	Xapian::WritableDatabase wdb;   // valid when writable
	std::string language = "english";
	Xapian::Stem stem{"english"};
	WordRecorder recorder;          // tg's stopper: outlives tg
	std::vector<uint64_t> words;    // what recorder records into
	Xapian::TermGenerator tg;
	CachedStem *stems = nullptr;    // tg's stemmer; none for 'none'
	bl_terms_t terms = BL_TERMS_WORDS;
	bool own_stems = false;         // a word that is its stem: no Z term
	bool spelling = false;          // FLAG_SPELLING is set on tg
	bool tg_only = false;           // no ASCII fast path (tests)
	std::string term, scratch;      // the fast path's buffers
	std::string err;
};

struct bl_doc {
	bl_db *db;
	Xapian::Document doc;
	Xapian::termpos pos = 0;        // the last position given
};

namespace {

// A reader fails when two commits land while it reads: it reopens the
// newest revision and tries again, backing off a little each time.
const int MAX_RETRIES = 30;
// What looks like damage may be such a race too, when opening.
const int CORRUPT_RETRIES = 3;
// Searches run again because the index moved on while they read.
const int MOVED_RETRIES = 5;

void
back_off(int attempt)
{
	struct timespec t = { 0, 1000000L * (attempt < 10 ? attempt : 10) };
	nanosleep(&t, nullptr);
}

// A cap Byline sets (not Xapian) was hit; what() says which.
struct LimitError : std::runtime_error {
	using std::runtime_error::runtime_error;
};

// Rethrows the exception being handled and maps its class to a status,
// storing a one-line message in msg.
bl_status_t
status_from_exception(std::string &msg)
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &e) {
		// Xapian says "already locked" when another writer holds the
		// lock; anything else (an unreadable lock file, too many open
		// files) is no reason to wait.
		if (e.get_msg().find("already locked") == std::string::npos) {
			msg = "cannot lock it for writing (" + e.get_msg() + ")";
			return BL_ERR_IO;
		}
		msg = "index is locked by another indexer";
		return BL_ERR_LOCKED;
	} catch (const Xapian::DatabaseModifiedError &e) {
		msg = "index changed while it was being read; try again";
		return BL_ERR_MODIFIED;
	} catch (const Xapian::DatabaseNotFoundError &e) {
		msg = "no index there";
		return BL_ERR_NOT_FOUND;
	} catch (const Xapian::DatabaseVersionError &e) {
		msg = "cannot read this index (" + e.get_msg() + ")";
		return BL_ERR_VERSION;
	} catch (const Xapian::DatabaseCorruptError &e) {
		msg = "index is damaged (" + e.get_msg() +
		      "); run xapian-check on it or rebuild it";
		return BL_ERR_CORRUPT;
	} catch (const Xapian::DatabaseOpeningError &e) {
		msg = "cannot open index (" + e.get_msg() + ")";
		return BL_ERR_IO;
	} catch (const Xapian::DatabaseCreateError &e) {
		msg = "cannot create index (" + e.get_msg() +
		      (e.get_error_string() ? std::string(": ") +
		       e.get_error_string() : std::string()) + ")";
		return BL_ERR_IO;
	} catch (const Xapian::DatabaseError &e) {
		// One with an errno is a system call failing (a full disk, EIO):
		// the index is not damaged, and saying so would send the user
		// to xapian-check for nothing.
		if (e.get_error_string() != nullptr) {
			msg = "cannot read or write the index (" + e.get_msg() +
			      ": " + e.get_error_string() + ")";
			return BL_ERR_IO;
		}
		// A commit whose write failed and whose handle could then not
		// go back to the old revision (the errno is inside the text):
		// the handle is closed, the revision on disk is the one
		// before. Not damage either.
		if (e.get_msg().rfind("Modifications failed", 0) == 0) {
			msg = "cannot write the index (" + e.get_msg() + ")";
			return BL_ERR_IO;
		}
		// What is left of DatabaseError is damage Xapian found while
		// reading: a short or garbled block.
		msg = "index is damaged (" + e.get_msg() +
		      "); run xapian-check on it or rebuild it";
		return BL_ERR_CORRUPT;
	} catch (const Xapian::DocNotFoundError &e) {
		msg = e.get_msg().empty() ? "document not found" : e.get_msg();
		return BL_ERR_NOT_FOUND;
	} catch (const Xapian::QueryParserError &e) {
		msg = "query syntax error: " + e.get_msg();
		return BL_ERR_QUERY_SYNTAX;
	} catch (const Xapian::WildcardError &e) {
		msg = "a wildcard matches too many words; make it longer (" +
		      e.get_msg() + ")";
		return BL_ERR_LIMIT;
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
	} catch (const LimitError &e) {
		msg = e.what();
		return BL_ERR_LIMIT;
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

// Xapian 1.4's glass backend merges value changes in the destructor of
// Glass::ValueUpdater (GlassValueManager::merge_changes, run by every
// commit). When the write it makes there fails (a full disk), the
// exception leaves a destructor, which C++ makes noexcept, and
// std::terminate() is called: no catch can stop it. What is on disk is
// then still the last committed revision (a commit writes new blocks only
// and switches revisions last), so while a handle commits or closes, a
// terminate handler hands the error to the program (bl_db_set_abort_handler)
// instead of abort(). The handler is process-wide by nature; which handle
// was writing is per thread, since a parallel build commits in threads.
bl_db_abort_fn abort_fn = nullptr;
thread_local bl_db *writing = nullptr;

[[noreturn]] void
terminated_while_writing()
{
	if (writing != nullptr && abort_fn != nullptr) {
		// Without the exception (terminate may come with none), the
		// failed write's errno is the best account of what happened.
		int err = errno;
		std::string msg = err != 0 ?
			std::string("cannot write the index (") +
				std::strerror(err) + ")" :
			"internal error: unknown exception";
		if (std::exception_ptr e = std::current_exception()) {
			try {
				std::rethrow_exception(e);
			} catch (...) {
				status_from_exception(msg);
			}
		}
		abort_fn(writing->path.c_str(), msg.c_str());
	}
	std::abort();
}

// Marks db as writing on this thread for the guard's lifetime.
struct WriteGuard {
	bl_db *outer;
	explicit WriteGuard(bl_db *db) : outer(writing) { writing = db; }
	~WriteGuard() { writing = outer; }
	WriteGuard(const WriteGuard &) = delete;
	WriteGuard &operator=(const WriteGuard &) = delete;
};

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

// Snowball stemming was a third of the TermGenerator's work, and news
// text says the same words again and again: the indexer's stemmer keeps
// what it stemmed. One per handle, so one per worker thread. The cache is
// emptied when it fills, which bounds its memory whatever the corpus.
class CachedStem : public Xapian::StemImplementation {
	Xapian::Stem stem;
	std::unordered_map<std::string, std::string> seen;
	static const size_t MAX_WORDS = 65536;

public:
	// The TermGenerator adds no stem term for a word whose stem it is
	// told is empty: so an index of own stems (see bl_db) asks.
	bool drop_own = false;

	explicit CachedStem(const Xapian::Stem &s) : stem(s) {}

	const std::string &stem_of(const std::string &word) {
		auto it = seen.find(word);
		if (it != seen.end())
			return it->second;
		std::string r = stem(word);
		if (seen.size() == MAX_WORDS)
			seen.clear();
		return seen.emplace(word, std::move(r)).first->second;
	}

	std::string operator()(const std::string &word) override {
		const std::string &s = stem_of(word);
		return drop_own && s == word ? std::string() : s;
	}

	std::string get_description() const override {
		return "cached " + stem.get_description();
	}
};

// Whether words are indexed and searched as stems alone: BL_TERMS_STEMS
// and a stemmer (with none, words are indexed as written either way).
inline bool
stems_only(const bl_db *db)
{
	return db->stems != nullptr && db->terms == BL_TERMS_STEMS;
}

// A schema version as recorded, or -1 if v is not one.
int
parse_schema(const std::string &v)
{
	return v.empty() || v.size() > 9 ||
	       v.find_first_not_of("0123456789") != std::string::npos ?
	       -1 : std::atoi(v.c_str());
}

// The schema version d was written with (0: none, or unreadable).
int
schema_of(const Xapian::Database &d)
{
	int v = parse_schema(d.get_metadata(BL_META_SCHEMA));

	return v < 0 ? 0 : v;
}

// Sets up db's stemming for lang, and for what db's index holds: stems
// only, or words and stems, with own stems from schema 4 on.
void
use_language(bl_db *db, const std::string &lang)
{
	db->stem = Xapian::Stem(lang);  // throws InvalidArgumentError
	db->language = lang;
	db->stems = db->stem.is_none() ? nullptr : new CachedStem(db->stem);
	db->own_stems = db->terms == BL_TERMS_WORDS &&
	                schema_of(db->rdb) >= BL_SCHEMA_OWN_STEMS;
	if (db->stems)
		db->stems->drop_own = db->own_stems;
	// The Stem handle owns the cache; tg keeps it alive.
	db->tg.set_stemmer(db->stems ? Xapian::Stem(db->stems) : db->stem);
	db->tg.set_stemming_strategy(stems_only(db) ?
		Xapian::TermGenerator::STEM_ALL_Z :
		Xapian::TermGenerator::STEM_SOME);
	db->tg.set_stopper(&db->recorder);
	db->tg.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
}

void
check_schema(const Xapian::Database &d)
{
	std::string v = d.get_metadata(BL_META_SCHEMA);

	if (v.empty() && d.get_doccount() > 0)
		throw Xapian::DatabaseVersionError(
			"not a Byline index (no schema version)");
	if (!v.empty() && (parse_schema(v) < 0 ||
	                   parse_schema(v) > BL_SCHEMA_VERSION))
		throw Xapian::DatabaseVersionError(
			"written by a newer or unknown Byline (schema '" + v +
			"', this one reads " + std::to_string(BL_SCHEMA_VERSION) +
			")");
}

// Sets db up for what its index records: stems only or words, and its
// language.
void
use_recorded(bl_db *db)
{
	if (db->rdb.get_metadata(BL_META_TERMS) == "stems")
		db->terms = BL_TERMS_STEMS;
	std::string lang = db->rdb.get_metadata(BL_META_LANGUAGE);
	use_language(db, lang.empty() ? "english" : lang);
}

// The message of a failed open, naming the index, for *errmsg (may be
// NULL).
void
opening_failed(const char *path, const std::string &msg, char **errmsg)
{
	if (errmsg) {
		std::string full = std::string("index '") + path + "': " + msg;
		*errmsg = strdup(full.c_str());
	}
}

// Keeps ASCII letters, digits and every non-ASCII byte, and drops the
// boolean operators: what is left of a query with a syntax error.
std::string
words_only(const char *text)
{
	std::string s(text), out, word;

	for (char &c : s) {
		unsigned char u = static_cast<unsigned char>(c);
		if (u < 0x80 && !std::isalnum(u))
			c = ' ';
	}
	s += ' ';
	for (char c : s) {
		if (c != ' ') {
			word += c;
			continue;
		}
		if (!word.empty() && word != "AND" && word != "OR" &&
		    word != "NOT" && word != "XOR" && word != "NEAR" &&
		    word != "ADJ")
			out += word + ' ';
		word.clear();
	}
	return out;
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

// Reads a stub file: "auto|glass PATH" (relative to the stub's directory)
// and "remote HOST:PORT" (or ":PORT") lines; '#' starts a comment.
std::vector<Member>
read_stub(const std::string &file)
{
	std::ifstream in(file);
	std::vector<Member> out;
	std::string line;
	std::string dir = file.find('/') == std::string::npos ? "." :
	                  file.substr(0, file.rfind('/'));

	if (!in)
		throw Xapian::DatabaseOpeningError("cannot read the stub file");
	while (std::getline(in, line)) {
		size_t b = line.find_first_not_of(" \t\r");
		if (b == std::string::npos || line[b] == '#')
			continue;
		size_t e = line.find_last_not_of(" \t\r");
		line = line.substr(b, e - b + 1);
		size_t sp = line.find_first_of(" \t");
		std::string kind = line.substr(0, sp);
		std::string arg = sp == std::string::npos ? "" :
		                  line.substr(line.find_first_not_of(" \t", sp));
		Member m;
		m.line = kind + " " + arg;
		if (kind == "auto" || kind == "glass") {
			m.path = arg.empty() || arg[0] == '/' ? arg : dir + "/" + arg;
		} else if (kind == "remote" && arg.find(' ') == std::string::npos &&
		           arg.rfind(':') != std::string::npos) {
			size_t c = arg.rfind(':');
			m.remote = true;
			m.host = c ? arg.substr(0, c) : "127.0.0.1";
			m.port = static_cast<unsigned>(std::atoi(arg.c_str() + c + 1));
			if (m.port == 0 || m.port > 65535)
				throw Xapian::DatabaseOpeningError("bad port in '" +
				                                   m.line + "'");
		} else {
			throw Xapian::DatabaseOpeningError("unsupported stub line '" +
			                                   line + "' (use 'auto PATH' "
			                                   "or 'remote HOST:PORT')");
		}
		out.push_back(m);
	}
	if (out.empty())
		throw Xapian::DatabaseOpeningError("the stub file lists no index");
	return out;
}

Xapian::Database
open_member(const Member &m, unsigned timeout_ms)
{
	if (!m.remote)
		return Xapian::Database(m.path);
	Xapian::Database d = Xapian::Remote::open(m.host, m.port, timeout_ms,
	                                          timeout_ms);
	d.get_doccount();       // make sure it answers
	return d;
}

// Opens the local index at db->path for reading.
void
open_local(bl_db *db)
{
	for (int attempt = 0;; attempt++) {
		try {
			db->rdb = Xapian::Database(db->path);
			check_schema(db->rdb);
			return;
		} catch (const Xapian::DatabaseModifiedError &) {
			if (attempt == MAX_RETRIES)
				throw;
			back_off(attempt);
		} catch (const Xapian::DatabaseCorruptError &) {
			// Opening while a commit recycles blocks can read one
			// half-written ("Expected block N to be level 1, not 0"):
			// try a few more times; damage stays.
			if (attempt >= CORRUPT_RETRIES)
				throw;
			back_off(attempt + 1);
		}
	}
}

void open_members(bl_db *db);

// Opens a reader's index afresh (a shard set member by member).
void
open_again(bl_db *db)
{
	if (db->stub)
		open_members(db);
	else
		open_local(db);
}

// Moves a reader to the newest revision. Xapian's reopen() can meet the
// blocks a writer is recycling too, and one that fails part way leaves
// the handle unusable: every later search failed ("EOF reading block
// 1612584536") in a reader left running through 700 updates. The index
// is then opened afresh.
void
refresh(bl_db *db)
{
	try {
		db->rdb.reopen();
	} catch (const Xapian::DatabaseError &) {
		if (db->writable)
			throw;
		open_again(db);
	}
}

// A search that met no error may still have read a block the writer was
// recycling: glass checks the revision in a block's header, and a read
// racing the write can take the old header with new items. Under load,
// 2 of 300 runs of the concurrency test saw "desk" in no document. The
// writer recycles a revision's blocks only once a newer one is
// committed, so a search is trusted only if no commit landed since its
// revision: true here if one did, and db then reads the newest revision.
// A remote shard's server does the reading, and reopen() asks it the same
// question (one round trip); a server gone since the search leaves the
// results as they are, and the next search reports it.
bool
moved_on(bl_db *db)
{
	if (db->writable)
		return false;
	try {
		return db->rdb.reopen();
	} catch (const Xapian::DatabaseError &) {
		open_again(db);
		return true;
	} catch (const Xapian::NetworkError &) {
		return false;
	}
}

// How an index's text was indexed, in words for an error message.
std::string
built_as(const Xapian::Database &d)
{
	std::string lang = d.get_metadata(BL_META_LANGUAGE);

	std::string how = "is in " +
		(lang.empty() ? std::string("english") : lang);

	if (d.get_metadata(BL_META_TERMS) == "stems")
		return how + " with stems only";
	how += " with words and stems";
	if (schema_of(d) < BL_SCHEMA_OWN_STEMS)
		how += " (schema " + std::to_string(schema_of(d)) +
		       ": rebuild it with --force)";
	return how;
}

// Opens every member of db's shard set, leaving out (allow_partial) or
// failing on those that cannot be opened, naming the member; all must be
// built alike.
void
open_members(bl_db *db)
{
	unsigned timeout = db->opts.timeout_ms ? db->opts.timeout_ms : 10000;
	Xapian::Database all;
	size_t live = 0;
	std::string first, first_how;

	bl_strlist_clear(&db->missing);
	for (const Member &m : db->members) {
		try {
			Xapian::Database d = open_member(m, timeout);
			std::string how = built_as(d);

			// Queries are parsed once for every member: a member built
			// with another language or terms would answer wrongly.
			if (!first.empty() && how != first_how)
				throw LimitError("shard '" + m.line + "' " + how +
				                 ", shard '" + first + "' " + first_how +
				                 ": every shard of a set must be built "
				                 "alike");
			if (first.empty()) {
				first = m.line;
				first_how = how;
			}
			all.add_database(d);
			live++;
			db->remote = db->remote || m.remote;
		} catch (const Xapian::Error &e) {
			if (!db->opts.allow_partial) {
				std::string why;
				try {
					throw;
				} catch (...) {
					status_from_exception(why);
				}
				throw Xapian::DatabaseOpeningError("shard '" + m.line +
				                                   "': " + why);
			}
			strlist_add(&db->missing, m.line);
		}
	}
	if (live == 0)
		throw Xapian::DatabaseOpeningError("no shard of the set could be "
		                                   "reached");
	db->rdb = all;
}

// The term dating an article to year y (month 0), month m of it (day 0)
// or day d of that month: Y2024, M202408, D20240807 (bl_schema.h).
std::string
date_term(int y, int m, int d)
{
	char term[40];

	if (m == 0)
		std::snprintf(term, sizeof term, BL_PREFIX_YEAR "%04d", y);
	else if (d == 0)
		std::snprintf(term, sizeof term, BL_PREFIX_MONTH "%04d%02d", y, m);
	else
		std::snprintf(term, sizeof term, BL_PREFIX_DAY "%04d%02d%02d", y, m,
		              d);
	return term;
}

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
	return bl_db_open_ex(path, mode, nullptr, dbp, errmsg);
}

const bl_strlist_t *
bl_db_missing(const bl_db_t *db)
{
	return &db->missing;
}

bool
bl_db_is_remote(const bl_db_t *db)
{
	return db->remote;
}

bl_status_t
bl_db_open_ex(const char *path, bl_db_mode_t mode, const bl_open_opts_t *o,
              bl_db_t **dbp, char **errmsg)
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
		if (o)
			db->opts = *o;
		struct stat sb;
		if (mode == BL_DB_READ && stat(path, &sb) == 0 &&
		    S_ISREG(sb.st_mode)) {
			db->stub = true;
			db->members = read_stub(path);
			open_members(db);
			check_schema(db->rdb);
		} else if (mode == BL_DB_READ) {
			open_local(db);
		} else {
			int flags = mode == BL_DB_WRITE ?
				Xapian::DB_CREATE_OR_OPEN :
				Xapian::DB_CREATE_OR_OVERWRITE;
			if (mode == BL_DB_SCRATCH)
				flags |= Xapian::DB_NO_SYNC;
			db->wdb = Xapian::WritableDatabase(path, flags);
			db->rdb = db->wdb;
			db->writable = true;
			check_schema(db->wdb);
			// Everything happens in an unflushed transaction, so that
			// closing without bl_db_commit() discards the changes
			// (Xapian's own close() would commit them).
			db->wdb.begin_transaction(false);
			// Documents written from now on are this version's: a new
			// index gets the newest layout, an old one keeps its own
			// (its stem terms stay what its searchers expect).
			int schema = schema_of(db->wdb);
			if (schema == 0 && db->wdb.get_doccount() == 0)
				schema = BL_SCHEMA_OWN_STEMS;
			else if (schema < BL_SCHEMA_WORDS)
				schema = BL_SCHEMA_WORDS;
			db->wdb.set_metadata(BL_META_SCHEMA, std::to_string(schema));
		}
		use_recorded(db);
		*dbp = db;
		return BL_OK;
	} catch (...) {
		st = status_from_exception(msg);
	}
	delete db;
	opening_failed(path, msg, errmsg);
	return st;
}

bl_status_t
bl_db_open_parts(const char *const *paths, size_t n, bl_db_t **dbp,
                 char **errmsg)
{
	bl_db *db = nullptr;
	std::string msg;
	const char *at = n ? paths[0] : "";
	bl_status_t st;

	*dbp = nullptr;
	if (errmsg)
		*errmsg = nullptr;
	try {
		if (n == 0)
			throw Xapian::InvalidArgumentError("no parts to open");
		db = new bl_db;
		db->path = paths[0];
		for (size_t i = 0; i < n; i++) {
			at = paths[i];
			db->parts.emplace_back(paths[i]);
			check_schema(db->parts.back());
			db->part_paths.emplace_back(paths[i]);
			db->rdb.add_database(db->parts.back());
		}
		use_recorded(db);
		*dbp = db;
		return BL_OK;
	} catch (...) {
		st = status_from_exception(msg);
	}
	delete db;
	opening_failed(at, msg, errmsg);
	return st;
}

const char *
bl_db_last_error(const bl_db_t *db)
{
	return db ? db->err.c_str() : "";
}

void
bl_db_set_abort_handler(bl_db_abort_fn fn)
{
	abort_fn = fn;
	if (fn != nullptr)
		std::set_terminate(terminated_while_writing);
}

bl_status_t
bl_db_commit(bl_db_t *db)
{
	WriteGuard guard(db);

	try {
		if (db->writable) {
			db->wdb.commit_transaction();
			db->wdb.commit();
			db->wdb.begin_transaction(false);
		}
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
	// After a failed commit no transaction is open and Xapian's close()
	// and destructor try the commit again: that may end in the same
	// terminate as the commit did.
	WriteGuard guard(db);
	try {
		if (db->writable) {
			db->wdb.cancel_transaction();
			db->wdb.close();
		}
		db->rdb.close();
	} catch (...) {
	}
	bl_strlist_clear(&db->missing);
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

bl_status_t
bl_db_set_terms(bl_db_t *db, bl_terms_t terms)
{
	try {
		db->terms = terms;
		if (db->writable) {
			db->wdb.set_metadata(BL_META_TERMS, terms == BL_TERMS_STEMS ?
			                     "stems" : "words");
			if (terms == BL_TERMS_STEMS)
				db->wdb.set_metadata(BL_META_SCHEMA,
					std::to_string(BL_SCHEMA_STEMS));
		}
		use_language(db, db->language);
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_terms_t
bl_db_terms(const bl_db_t *db)
{
	return db->terms;
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
		db->spelling = on;
	} catch (...) {
		fail(db);
	}
}

void
bl_db_use_termgenerator(bl_db_t *db, bool on)
{
	db->tg_only = on;
}

namespace {

// The indexer's term generation. Xapian's TermGenerator decodes UTF-8
// and looks up the Unicode category of every character, a third of its
// time; news text is mostly ASCII, where its rules are few. Runs of
// ASCII between ASCII spaces are tokenised here by those same rules:
// words of letters, digits and '_', lower-cased; initials ("U.S.A.") as
// one word; "'" and "&" joining letters ("can't", "at&t") and ",", "."
// and ";" joining digits ("1,000.5"); up to three trailing '+' or '#'
// kept ("c++") unless a word character follows. Every word of at most
// 64 bytes is indexed at the next position and, when it begins with a
// letter, its stem without position under "Z" (STEM_SOME), as the
// TermGenerator does. A run holding any other byte is handed to the
// TermGenerator itself at the same position. No word spans an ASCII
// space, so the two agree term for term and position for position
// (test_termgen_* in tests/test_db.c compare them on corner cases,
// random text and 2,000 Usenet articles).

enum { C_WORD = 1, C_UPPER = 2, C_DIGIT = 4, C_SPACE = 8 };

struct AsciiClasses {
	unsigned char c[256] = {};

	AsciiClasses() {
		for (int i = 'a'; i <= 'z'; i++)
			c[i] = C_WORD;
		for (int i = 'A'; i <= 'Z'; i++)
			c[i] = C_WORD | C_UPPER;
		for (int i = '0'; i <= '9'; i++)
			c[i] = C_WORD | C_DIGIT;
		c['_'] = C_WORD;
		for (int i = '\t'; i <= '\r'; i++)
			c[i] = C_SPACE;
		c[' '] = C_SPACE;
	}
};

const AsciiClasses ascii;

inline unsigned
cls(char ch)
{
	return ascii.c[static_cast<unsigned char>(ch)];
}

inline char
lower(char ch)
{
	return (cls(ch) & C_UPPER) ? static_cast<char>(ch - 'A' + 'a') : ch;
}

// Xapian's default TermGenerator::set_max_word_length().
const size_t MAX_WORD = 64;

void
add_word(bl_doc *doc, const std::string &word, unsigned wdf_inc,
         const std::string &prefix)
{
	bl_db *db = doc->db;

	if (word.size() > MAX_WORD)
		return;
	db->recorder(word);
	if (db->spelling && prefix.empty())
		db->wdb.add_spelling(word);
	if (stems_only(db)) {           // STEM_ALL_Z: every word, positioned
		const std::string &stem = db->stems->stem_of(word);
		if (stem.empty())
			return;
		db->scratch.assign(1, 'Z').append(prefix).append(stem);
		doc->doc.add_posting(db->scratch, ++doc->pos, wdf_inc);
		return;
	}
	db->scratch.assign(prefix).append(word);
	doc->doc.add_posting(db->scratch, ++doc->pos, wdf_inc);
	if (db->stems == nullptr || word[0] < 'a' || word[0] > 'z')
		return;
	const std::string &stem = db->stems->stem_of(word);
	if (stem.empty() || (db->own_stems && stem == word))
		return;
	db->scratch.assign(1, 'Z').append(prefix).append(stem);
	doc->doc.add_term(db->scratch, wdf_inc);
}

// Indexes [p, end), ASCII only.
void
index_ascii(bl_doc *doc, const char *p, const char *end, unsigned wdf_inc,
            const std::string &prefix)
{
	std::string &w = doc->db->term;

	for (;;) {
		while (p != end && !(cls(*p) & C_WORD))
			p++;
		if (p == end)
			return;
		w.clear();
		if (cls(*p) & C_UPPER) {        // initials: U.S.A.
			const char *q = p;

			do
				w += lower(*q++);
			while (q != end && *q == '.' && ++q != end &&
			       (cls(*q) & C_UPPER));
			if (w.size() > 1 && (q == end || !(cls(*q) & C_WORD))) {
				p = q;
				add_word(doc, w, wdf_inc, prefix);
				continue;
			}
			w.clear();
		}
		for (;;) {
			char prev;

			do {
				prev = lower(*p);
				w += prev;
			} while (++p != end && (cls(*p) & C_WORD));
			if (p == end || p + 1 == end || !(cls(p[1]) & C_WORD))
				break;
			bool digits = (cls(prev) & C_DIGIT) && (cls(p[1]) & C_DIGIT);
			if (digits ? *p != ',' && *p != '.' && *p != ';' :
			             *p != '\'' && *p != '&')
				break;
			w += *p++;
		}
		if (p != end) {                 // c++, c#
			size_t len = w.size();
			unsigned n = 0;

			while (p != end && (*p == '+' || *p == '#')) {
				if (++n > 3) {
					w.resize(len);
					break;
				}
				w += *p++;
			}
			if (p != end && (cls(*p) & C_WORD))
				w.resize(len);
		}
		add_word(doc, w, wdf_inc, prefix);
	}
}

void
index_xapian(bl_doc *doc, const char *p, const char *end, unsigned wdf_inc,
             const std::string &prefix)
{
	Xapian::TermGenerator &tg = doc->db->tg;

	tg.set_termpos(doc->pos);
	tg.index_text(Xapian::Utf8Iterator(p, static_cast<size_t>(end - p)),
	              wdf_inc, prefix);
	doc->pos = tg.get_termpos();
}

void
index_text(bl_doc *doc, const char *text, size_t len, unsigned wdf_inc,
           const char *prefix_cstr)
{
	const std::string prefix(prefix_cstr);
	const char *p = text, *end = text + len;

	if (doc->db->tg_only) {
		index_xapian(doc, p, end, wdf_inc, prefix);
		return;
	}
	while (p != end) {
		const char *hi = p, *from, *to;

		while (hi != end && static_cast<unsigned char>(*hi) < 0x80)
			hi++;
		if (hi == end) {
			index_ascii(doc, p, end, wdf_inc, prefix);
			return;
		}
		for (from = hi; from != p && !(cls(from[-1]) & C_SPACE); from--)
			;
		for (to = hi; to != end && !(cls(*to) & C_SPACE); to++)
			;
		index_ascii(doc, p, from, wdf_inc, prefix);
		index_xapian(doc, from, to, wdf_inc, prefix);
		p = to;
	}
}

}  // namespace

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
		index_text(doc, text, len, wdf_inc, prefix);
		return BL_OK;
	} catch (...) {
		return fail(doc->db);
	}
}

bl_status_t
bl_doc_skip_positions(bl_doc_t *doc, unsigned gap)
{
	try {
		doc->pos += gap;
		return BL_OK;
	} catch (...) {
		return fail(doc->db);
	}
}

bl_status_t
bl_doc_index_text_minhash(bl_doc_t *doc, const char *text, size_t len,
                          unsigned wdf_inc, const char *prefix, uint32_t *sig,
                          size_t *nwords)
{
	bl_db *db = doc->db;

	*nwords = 0;
	try {
		db->words.clear();
		db->recorder.words = &db->words;
		index_text(doc, text, len, wdf_inc, prefix);
		db->recorder.words = nullptr;
		bl_minhash_words(db->words.data(), db->words.size(), sig);
		*nwords = db->words.size();
		return BL_OK;
	} catch (...) {
		db->recorder.words = nullptr;
		return fail(db);
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
bl_doc_set_date(bl_doc_t *doc, int64_t t)
{
	int y, m, d;

	bl_date_to_civil(t, &y, &m, &d, nullptr, nullptr, nullptr);
	try {
		doc->doc.add_boolean_term(date_term(y, 0, 0));
		doc->doc.add_boolean_term(date_term(y, m, 0));
		doc->doc.add_boolean_term(date_term(y, m, d));
		doc->doc.add_value(BL_SLOT_DATE, Xapian::sortable_serialise(
			static_cast<double>(t)));
		return BL_OK;
	} catch (...) {
		return fail(doc->db);
	}
}

bl_status_t
bl_doc_set_value(bl_doc_t *doc, unsigned slot, const void *v, size_t len)
{
	try {
		doc->doc.add_value(slot,
		                   std::string(static_cast<const char *>(v), len));
		return BL_OK;
	} catch (...) {
		return fail(doc->db);
	}
}

bl_status_t
bl_doc_set_record(bl_doc_t *doc, const void *data, size_t len)
{
	try {
		doc->doc.add_value(BL_SLOT_RECORD,
		                   std::string(static_cast<const char *>(data),
		                               len));
		return BL_OK;
	} catch (...) {
		return fail(doc->db);
	}
}

bl_status_t
bl_doc_set_legacy_record(bl_doc_t *doc, const void *data, size_t len)
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

namespace {

// Words are what spelling data is kept for: not prefixed terms (upper-case
// ASCII first), not numbers, not words longer than the indexer takes.
// Returns "" for a word, else the least term past t's run of unwanted
// first bytes, for skip_to().
const char *
past_unwanted(const std::string &t)
{
	unsigned char c = static_cast<unsigned char>(t[0]);

	if (c >= '0' && c <= '9')
		return ":";
	if (c >= 'A' && c <= 'Z')
		return "[";
	return "";
}

// A walk over the terms of several databases in order, as one: each
// part's own all-terms list, merged, so that a term's statistics can be
// asked of the parts that hold it alone (a set of databases would ask
// every part of every term).
class TermMerge {
public:
	TermMerge(std::vector<Xapian::Database> &in, const char *from,
	          const char *to)
		: dbs(in), bound(to ? to : ""), bounded(to != nullptr),
		  at(in.size()), end(in.size()), cur(in.size()) {
		for (size_t i = 0; i < in.size(); i++) {
			at[i] = in[i].allterms_begin();
			end[i] = in[i].allterms_end();
			if (from && *from)
				at[i].skip_to(from);
			if (load(i))
				heap.push_back(i);
		}
		std::make_heap(heap.begin(), heap.end(), later);
	}

	bool done() const { return heap.empty(); }
	const std::string &term() const { return cur[heap.front()]; }

	// Moves past the least term, summing its collection frequency over
	// the parts holding it into *cf (when not NULL).
	void next(Xapian::termcount *cf) {
		const std::string t = term();

		if (cf)
			*cf = 0;
		while (!heap.empty() && cur[heap.front()] == t) {
			size_t i = heap.front();

			std::pop_heap(heap.begin(), heap.end(), later);
			heap.pop_back();
			if (cf)
				*cf += dbs[i].get_collection_freq(t);
			++at[i];
			if (load(i)) {
				heap.push_back(i);
				std::push_heap(heap.begin(), heap.end(), later);
			}
		}
	}

	// Moves every part still short of t on to its first term at or
	// after t (a part past the bound or at its end stays there).
	void skip_to(const std::string &t) {
		std::vector<size_t> live;

		for (size_t i : heap) {
			if (cur[i] < t) {
				at[i].skip_to(t);
				if (!load(i))
					continue;
			}
			live.push_back(i);
		}
		heap.swap(live);
		std::make_heap(heap.begin(), heap.end(), later);
	}

private:
	bool load(size_t i) {
		if (at[i] == end[i])
			return false;
		cur[i] = *at[i];
		return !bounded || cur[i] < bound;
	}

	struct Later {
		const std::vector<std::string> *cur;
		bool operator()(size_t a, size_t b) const {
			return (*cur)[a] > (*cur)[b];
		}
	};

	std::vector<Xapian::Database> &dbs;
	std::string bound;
	bool bounded;
	std::vector<Xapian::TermIterator> at, end;
	std::vector<std::string> cur;
	std::vector<size_t> heap;
	Later later{ &cur };
};

}  // namespace

bl_status_t
bl_db_spell_from(bl_db_t *db, bl_db_t *src, const char *from, const char *to,
                 unsigned min_count, unsigned long commit_every)
{
	try {
		unsigned long added = 0;

		if (!db->writable) {
			db->err = "index is open read-only";
			return BL_ERR_INVALID;
		}
		std::vector<Xapian::Database> in = src->parts;
		if (in.empty())
			in.push_back(src->writable ? src->wdb : src->rdb);
		TermMerge words(in, from, to);
		while (!words.done()) {
			const std::string w = words.term();
			const char *past = past_unwanted(w);
			Xapian::termcount n;

			if (*past) {
				words.skip_to(past);
				continue;
			}
			words.next(&n);
			if (n < min_count || w.size() > 64)
				continue;
			db->wdb.add_spelling(w, n);
			// Xapian holds a transaction's spelling changes in
			// memory: without a commit now and then they grow with
			// the vocabulary.
			if (commit_every && ++added % commit_every == 0) {
				bl_status_t st = bl_db_commit(db);
				if (st != BL_OK)
					return st;
			}
		}
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_spell_all(bl_db_t *db, unsigned min_count, unsigned long commit_every)
{
	return bl_db_spell_from(db, db, nullptr, nullptr, min_count,
	                        commit_every);
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

namespace {

// Union-find over positions 0..n-1; each set is named by its smallest
// position.
struct DisjointSets {
	std::vector<uint32_t> parent;

	explicit DisjointSets(size_t n) : parent(n) {
		for (size_t i = 0; i < n; i++)
			parent[i] = static_cast<uint32_t>(i);
	}
	uint32_t find(uint32_t p) {
		while (parent[p] != p)
			p = parent[p] = parent[parent[p]];
		return p;
	}
	void join(uint32_t a, uint32_t b) {
		a = find(a);
		b = find(b);
		if (a != b)
			parent[std::max(a, b)] = std::min(a, b);
	}
};

// Signatures compared per batch of band runs: at most about this many
// are held at once (128 bytes each).
const size_t CLUSTER_SIGNATURES = 65536;
// Band hashes sorted at once by default (8 bytes each: 32 MB).
const size_t CLUSTER_SORT = 4 << 20;

// Fills sigs with the signatures of the documents at the sorted positions
// pos (ids maps a position to its document), read in one forward walk of
// the value stream.
void
read_signatures(Xapian::Database &db, const std::vector<Xapian::docid> &ids,
                const std::vector<uint32_t> &pos, std::vector<uint32_t> &sigs)
{
	Xapian::ValueIterator v = db.valuestream_begin(BL_SLOT_MINHASH);

	sigs.assign(pos.size() * BL_MINHASH_N, 0);
	for (size_t i = 0; i < pos.size(); i++) {
		v.skip_to(ids[pos[i]]);
		if (v == db.valuestream_end(BL_SLOT_MINHASH) ||
		    v.get_docid() != ids[pos[i]])
			throw Xapian::DatabaseCorruptError("a document's signature "
			                                   "vanished while grouping");
		const std::string raw = *v;
		bl_minhash_decode(raw.data(), raw.size(), &sigs[i * BL_MINHASH_N]);
	}
}

// The first id term of a document, or "" if it has none.
std::string
id_term(const Xapian::Database &db, Xapian::docid d)
{
	Xapian::TermIterator t = db.termlist_begin(d);
	t.skip_to(BL_PREFIX_ID);
	if (t != db.termlist_end(d) && (*t).compare(0, 1, BL_PREFIX_ID) == 0)
		return *t;
	return std::string();
}

}  // namespace

namespace {

// What bl_db_cluster() finds in an index: the groups, and the documents
// whose key must change.
struct ClusterPlan {
	std::vector<Xapian::docid> ids;     // position -> document
	DisjointSets sets{0};
	std::vector<bool> grouped;          // by position
	std::unordered_map<uint32_t, std::string> key;  // by set
	std::vector<Xapian::docid> stale;   // in document order
	uint64_t grouped_docs = 0;

	ClusterPlan(Xapian::Database &w, const bl_cluster_opts_t *o);

	// The key document d should have ("": none).
	std::string wanted(Xapian::docid d) {
		auto it = std::lower_bound(ids.begin(), ids.end(), d);
		if (it == ids.end() || *it != d || !grouped[it - ids.begin()])
			return std::string();
		return key[sets.find(static_cast<uint32_t>(it - ids.begin()))];
	}
};

ClusterPlan::ClusterPlan(Xapian::Database &w, const bl_cluster_opts_t *o)
{
	std::vector<uint64_t> keyed;        // band hash << 32 | position
	std::vector<uint32_t> pos, sigs;
	uint32_t a[BL_MINHASH_N];

	// Positions number the documents that have a signature, in
	// document order; everything below is per position.
	for (Xapian::ValueIterator v = w.valuestream_begin(BL_SLOT_MINHASH);
	     v != w.valuestream_end(BL_SLOT_MINHASH); ++v) {
		const std::string raw = *v;
		if (bl_minhash_decode(raw.data(), raw.size(), a))
			ids.push_back(v.get_docid());
	}
	if (ids.size() > UINT32_MAX)
		throw LimitError("too many articles to group in one index");
	sets = DisjointSets(ids.size());
	// One band at a time: its hashes sorted bring the documents that
	// share one together; the signatures of each run are read and
	// compared, a batch of runs at a time.
	// A band with more hashes than sort_max is sorted in parts, each
	// a range of hashes modulo parts, so that runs stay whole.
	const size_t sort_max = o->sort_max ? o->sort_max : CLUSTER_SORT;
	const uint32_t parts = static_cast<uint32_t>(
		ids.size() / sort_max + 1);
	for (unsigned k = 0; k < BL_MINHASH_BANDS * parts; k++) {
		uint32_t p = 0;
		keyed.clear();
		for (Xapian::ValueIterator v = w.valuestream_begin(BL_SLOT_MINHASH);
		     v != w.valuestream_end(BL_SLOT_MINHASH); ++v) {
			const std::string raw = *v;
			if (!bl_minhash_decode(raw.data(), raw.size(), a))
				continue;
			uint32_t h = bl_minhash_band(a, k / parts);
			if (h % parts == k % parts)
				keyed.push_back(static_cast<uint64_t>(h) << 32 | p);
			p++;
		}
		std::sort(keyed.begin(), keyed.end());
		for (size_t i = 0; i < keyed.size();) {
			std::vector<std::pair<size_t, size_t>> runs;
			pos.clear();
			while (i < keyed.size() && pos.size() < CLUSTER_SIGNATURES) {
				size_t j = i + 1;
				while (j < keyed.size() &&
				       keyed[j] >> 32 == keyed[i] >> 32)
					j++;
				if (j - i >= 2 && j - i <= o->max_band) {
					runs.push_back({ i, j });
					for (size_t x = i; x < j; x++)
						pos.push_back(static_cast<uint32_t>(keyed[x]));
				}
				i = j;
			}
			std::sort(pos.begin(), pos.end());
			pos.erase(std::unique(pos.begin(), pos.end()), pos.end());
			read_signatures(w, ids, pos, sigs);
			auto sig = [&](uint64_t e) {
				uint32_t q = static_cast<uint32_t>(e);
				size_t at = std::lower_bound(pos.begin(), pos.end(), q) -
				            pos.begin();
				return &sigs[at * BL_MINHASH_N];
			};
			for (const auto &r : runs)
				for (size_t x = r.first; x < r.second; x++)
					for (size_t y = x + 1; y < r.second; y++) {
						uint32_t px = static_cast<uint32_t>(keyed[x]);
						uint32_t py = static_cast<uint32_t>(keyed[y]);
						if (sets.find(px) != sets.find(py) &&
						    bl_minhash_agree(sig(keyed[x]),
						                     sig(keyed[y])) >= o->min_agree)
							sets.join(px, py);
					}
		}
	}
	std::vector<uint64_t>().swap(keyed);
	std::vector<uint32_t>().swap(sigs);
	// A set of two or more is a group, keyed by its members'
	// smallest id term.
	grouped.assign(ids.size(), false);
	for (uint32_t p = 0; p < ids.size(); p++)
		if (sets.find(p) != p)
			grouped[p] = grouped[sets.find(p)] = true;
	for (uint32_t p = 0; p < ids.size(); p++) {
		if (!grouped[p])
			continue;
		std::string id = id_term(w, ids[p]);
		std::string &k = key[sets.find(p)];
		if (k.empty() || (!id.empty() && id < k))
			k = id;
		grouped_docs++;
	}
	// Documents whose key is stale lose it or get the new one:
	// found by walking the keys there and the groups together.
	Xapian::ValueIterator v = w.valuestream_begin(BL_SLOT_CLUSTER);
	for (uint32_t p = 0;;) {
		bool more = v != w.valuestream_end(BL_SLOT_CLUSTER);
		Xapian::docid d = more ? v.get_docid() : 0;
		for (; p < ids.size() && (!more || ids[p] < d); p++)
			if (grouped[p])
				stale.push_back(ids[p]);
		if (!more)
			break;
		if (wanted(d) != *v)
			stale.push_back(d);
		if (p < ids.size() && ids[p] == d)
			p++;
		++v;
	}
}

// Gives document d of w the key k ("": none).
void
set_key(Xapian::WritableDatabase &w, Xapian::docid d, const std::string &k)
{
	Xapian::Document doc = w.get_document(d);

	if (k.empty())
		doc.remove_value(BL_SLOT_CLUSTER);
	else
		doc.add_value(BL_SLOT_CLUSTER, k);
	w.replace_document(d, doc);
}

}  // namespace

bl_status_t
bl_db_cluster(bl_db_t *db, const bl_cluster_opts_t *o, uint64_t *clustered)
{
	try {
		if (!db->writable) {
			db->err = "index is open read-only";
			return BL_ERR_INVALID;
		}
		ClusterPlan plan(db->wdb, o);
		// Xapian holds uncommitted changes in memory: a fresh index,
		// which nobody searches yet, may commit them as it goes.
		unsigned long changed = 0;
		for (Xapian::docid d : plan.stale) {
			set_key(db->wdb, d, plan.wanted(d));
			if (o->commit_every && ++changed % o->commit_every == 0) {
				bl_status_t st = bl_db_commit(db);
				if (st != BL_OK)
					return st;
			}
		}
		if (clustered)
			*clustered = plan.grouped_docs;
		return BL_OK;
	} catch (...) {
		return fail(db);
	}
}

bl_status_t
bl_db_cluster_parts(bl_db_t *db, const bl_cluster_opts_t *o,
                    uint64_t *clustered)
{
	try {
		const size_t n = db->parts.size();

		if (n == 0) {
			db->err = "not a set of parts";
			return BL_ERR_INVALID;
		}
		ClusterPlan plan(db->rdb, o);
		// Document d of the set is document (d - 1) / n + 1 of part
		// (d - 1) % n: each part's changes, in its document order.
		std::vector<std::vector<Xapian::docid>> by_part(n);
		for (Xapian::docid d : plan.stale)
			by_part[(d - 1) % n].push_back(d);
		const std::string first = db->path;
		for (size_t i = 0; i < n; i++) {
			if (by_part[i].empty())
				continue;
			// A full disk while the values are merged ends the
			// process (see terminated_while_writing): through the
			// abort handler, naming the part written.
			db->path = db->part_paths[i];
			WriteGuard guard(db);
			Xapian::WritableDatabase w(db->part_paths[i],
			                           Xapian::DB_OPEN |
			                           Xapian::DB_NO_SYNC);
			for (Xapian::docid d : by_part[i])
				set_key(w, static_cast<Xapian::docid>((d - 1) / n + 1),
				        plan.wanted(d));
			w.commit();
			w.close();
		}
		db->path = first;
		if (clustered)
			*clustered = plan.grouped_docs;
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
bl_db_dump_spelling(bl_db_t *db, bl_buf_t *out)
{
	try {
		for (Xapian::TermIterator t = db->rdb.spellings_begin();
		     t != db->rdb.spellings_end(); ++t) {
			bl_buf_puts(out, (*t).c_str());
			bl_buf_printf(out, " %u\n", static_cast<unsigned>(
				t.get_termfreq()));
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
		// One pass merging every source at once: measured on the 22
		// partials of Reuters-21578, MULTIPASS took 1.3 s of CPU
		// against 0.8 s, for the same index.
		all.compact(dest, 0);
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
	for (i = 0; i < res->nfacets; i++) {
		for (size_t j = 0; j < res->facets[i].n; j++)
			std::free(res->facets[i].values[j].value);
		std::free(res->facets[i].values);
	}
	std::free(res->facets);
	for (i = 0; i < res->ndays; i++)
		std::free(res->days[i].value);
	std::free(res->days);
	std::free(res->suggestion);
	bl_strlist_clear(&res->missing);
	bl_strlist_clear(&res->notices);
	std::free(res->description);
	std::free(res);
}

}  // extern "C"

namespace {

// Most terms a date filter is written with before it falls back to the
// value range: a bound on the query's size (a hostile query may hold
// hundreds of date filters). Near it, over most of an index, the terms
// cost a little more than the value (57 terms on Reuters: 16.4 M against
// 16.0 M instructions); a short range, far less.
const size_t BL_MAX_DATE_TERMS = 100;

const int64_t DAY = 86400;      // seconds

int64_t
floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;
	return r < 0 ? r + b : r;
}

// Appends the year, month and day terms the indexer gives an article
// dated within [lo, hi] (seconds, inclusive) that together cover exactly
// that range, whole years and months where they fit. Returns false when
// the ends are not midnights (UTC) or the range needs more than
// BL_MAX_DATE_TERMS terms.
bool
date_terms(int64_t lo, int64_t hi, std::vector<std::string> &out)
{
	if (floor_mod(lo, DAY) != 0 || floor_mod(hi, DAY) != DAY - 1)
		return false;
	for (int64_t t = lo; t <= hi;) {
		int y, m, d;
		bl_date_to_civil(t, &y, &m, &d, nullptr, nullptr, nullptr);
		int64_t next_year = bl_date_from_civil(y + 1, 1, 1, 0, 0, 0);
		int64_t next_month = bl_date_from_civil(y, m + 1, 1, 0, 0, 0);
		if (out.size() == BL_MAX_DATE_TERMS)
			return false;
		if (m == 1 && d == 1 && next_year - 1 <= hi) {
			out.push_back(date_term(y, 0, 0));
			t = next_year;
		} else if (d == 1 && next_month - 1 <= hi) {
			out.push_back(date_term(y, m, 0));
			t = next_month;
		} else {
			out.push_back(date_term(y, m, d));
			t += DAY;
		}
	}
	return true;
}

// Articles dated within [lo, hi] by the date value slot; an end at
// INT64_MIN or INT64_MAX is open.
Xapian::Query
date_values(int64_t lo, int64_t hi)
{
	if (lo == INT64_MIN)
		return Xapian::Query(Xapian::Query::OP_VALUE_LE, BL_SLOT_DATE,
			Xapian::sortable_serialise(static_cast<double>(hi)));
	if (hi == INT64_MAX)
		return Xapian::Query(Xapian::Query::OP_VALUE_GE, BL_SLOT_DATE,
			Xapian::sortable_serialise(static_cast<double>(lo)));
	return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, BL_SLOT_DATE,
		Xapian::sortable_serialise(static_cast<double>(lo)),
		Xapian::sortable_serialise(static_cast<double>(hi)));
}

// The articles dated outside [lo, hi] (serialised date values), as a
// posting source: where Xapian's value range, skipped to, reads on to its
// next match (through every later article when none is left), these are
// nearly every article, so the next one is a few values away. Only for
// local indexes: xapian-tcpsrv knows no such source.
class OutsideDates : public Xapian::PostingSource {
	std::string lo, hi;
	Xapian::ValueIterator it, end;
	Xapian::doccount size = 0;
	bool started = false;

	// Moves past the articles within the range.
	void settle() {
		while (it != end && *it >= lo && *it <= hi)
			++it;
	}
public:
	OutsideDates(const std::string &l, const std::string &h)
		: lo(l), hi(h) {}
	void init(const Xapian::Database &db) override {
		it = db.valuestream_begin(BL_SLOT_DATE);
		end = db.valuestream_end(BL_SLOT_DATE);
		size = db.get_doccount();
		started = false;
	}
	Xapian::doccount get_termfreq_min() const override { return 0; }
	Xapian::doccount get_termfreq_est() const override { return size; }
	Xapian::doccount get_termfreq_max() const override { return size; }
	void next(double) override {
		if (started && it != end)
			++it;
		started = true;
		settle();
	}
	void skip_to(Xapian::docid did, double) override {
		started = true;
		if (it != end && it.get_docid() < did)
			it.skip_to(did);
		settle();
	}
	bool check(Xapian::docid did, double min_wt) override {
		skip_to(did, min_wt);
		return true;
	}
	bool at_end() const override { return started && it == end; }
	Xapian::docid get_docid() const override { return it.get_docid(); }
	OutsideDates *clone() const override {
		return new OutsideDates(lo, hi);
	}
	std::string get_description() const override {
		return "byline.OutsideDates";
	}
};

// The articles of the day starting at d whose time lies in [lo, hi]: the
// day's term less its articles outside (OutsideDates, as the right of an
// AND_NOT, whose matches count only the left's terms: Xapian 1.4 counts a
// value range or posting source as a query term matched but not as one
// of the query's, which lifts the percentages).
Xapian::Query
part_of_day(int64_t d, int64_t lo, int64_t hi)
{
	int y, m, dd;

	bl_date_to_civil(d, &y, &m, &dd, nullptr, nullptr, nullptr);
	Xapian::Query term(date_term(y, m, dd));
	lo = std::max(lo, d);
	hi = std::min(hi, d + DAY - 1);
	if (lo == d && hi == d + DAY - 1)
		return term;
	OutsideDates *out = new OutsideDates(
		Xapian::sortable_serialise(static_cast<double>(lo)),
		Xapian::sortable_serialise(static_cast<double>(hi)));
	return Xapian::Query(Xapian::Query::OP_AND_NOT, term,
	                     Xapian::Query(out->release()));
}

// date:, after:, before: — a range of dates, as the year, month and day
// terms the indexer writes: Xapian filters with those through the posting
// lists, where a range of the date value checks the date of each
// candidate or, leading an AND, reads the date of every article (and
// Xapian 1.4 counts it as a query term matched but not as one of the
// query's, lifting the percentages). Days the range covers only in part
// are their day's term less the articles outside it (part_of_day), in a
// local index. An open range over an index without dates, one needing
// more than BL_MAX_DATE_TERMS terms, or one covering a day in part over
// remote shards, is a value range. A spec that cannot be read
// is remembered and reported as a syntax error after parsing, rather than
// silently searched as words.
class DateField : public Xapian::FieldProcessor {
	bl_range_kind_t kind;
	int64_t now;
	std::string *bad;
	Xapian::Database db;
	bool remote;

	// [lo, hi] as terms, or an empty query. The range is first cut to
	// the whole years the index's dates fall in: that changes no match,
	// and an open end (or one beyond the archive) then ends at a year.
	Xapian::Query as_terms(int64_t lo, int64_t hi) const {
		std::string first = db.get_value_lower_bound(BL_SLOT_DATE);
		std::string last = db.get_value_upper_bound(BL_SLOT_DATE);
		if (!first.empty() && !last.empty()) {
			double f = Xapian::sortable_unserialise(first);
			double l = Xapian::sortable_unserialise(last);
			if (f >= -1e15 && l <= 1e15) {
				int y;
				bl_date_to_civil(static_cast<int64_t>(std::floor(f)), &y,
				                 nullptr, nullptr, nullptr, nullptr,
				                 nullptr);
				lo = std::max(lo, bl_date_from_civil(y, 1, 1, 0, 0, 0));
				bl_date_to_civil(static_cast<int64_t>(std::floor(l)), &y,
				                 nullptr, nullptr, nullptr, nullptr,
				                 nullptr);
				hi = std::min(hi, bl_date_from_civil(y + 1, 1, 1, 0, 0,
				                                     0) - 1);
				if (hi < lo)    // none: the value range sees it at once
					return Xapian::Query();
			}
		}
		if (lo == INT64_MIN || hi == INT64_MAX)
			return Xapian::Query();
		int64_t first_day = lo - floor_mod(lo, DAY);
		int64_t last_day = hi - floor_mod(hi, DAY);
		if (remote && (lo != first_day || hi != last_day + DAY - 1))
			return Xapian::Query();
		if (first_day == last_day)
			return part_of_day(first_day, lo, hi);
		std::vector<Xapian::Query> parts;
		int64_t from = lo, to = hi;
		if (lo != first_day) {
			parts.push_back(part_of_day(first_day, lo, hi));
			from = first_day + DAY;
		}
		if (hi != last_day + DAY - 1) {
			parts.push_back(part_of_day(last_day, lo, hi));
			to = last_day - 1;
		}
		std::vector<std::string> terms;
		if (from <= to && !date_terms(from, to, terms))
			return Xapian::Query();
		for (const std::string &t : terms)
			parts.emplace_back(t);
		return Xapian::Query(Xapian::Query::OP_OR, parts.begin(),
		                     parts.end());
	}
public:
	DateField(bl_range_kind_t k, int64_t n, std::string *b,
	          const Xapian::Database &d, bool r)
		: kind(k), now(n), bad(b), db(d), remote(r) {}
	Xapian::Query operator()(const std::string &str) override {
		int64_t lo, hi;
		if (bl_daterange_parse(str.data(), str.size(), kind, now, &lo,
		                       &hi) != BL_OK) {
			if (bad->empty())
				*bad = str;
			return Xapian::Query::MatchNothing;
		}
		Xapian::Query terms = as_terms(lo, hi);
		return terms.empty() ? date_values(lo, hi) : terms;
	}
};

// Adds weight for freshness: scale at `now`, halving every half-life.
class Recency : public Xapian::ValuePostingSource {
	double now, half_life, scale;
public:
	Recency(double n, double h, double s)
		: Xapian::ValuePostingSource(BL_SLOT_DATE), now(n), half_life(h),
		  scale(s) {
		set_maxweight(scale);
	}
	double get_weight() const override {
		double age = now - Xapian::sortable_unserialise(get_value());
		if (age < 0)
			age = 0;
		return scale * std::exp2(-age / half_life);
	}
	Recency *clone() const override {
		return new Recency(now, half_life, scale);
	}
	std::string name() const override { return "byline.Recency"; }
};

// Counts facet values and days over every matching document.
class FacetSpy : public Xapian::MatchSpy {
public:
	std::vector<const bl_facet_def_t *> defs;
	std::vector<std::map<std::string, uint64_t>> counts;
	bool days = false;
	std::map<std::string, uint64_t> per_day;

	// With near-duplicates folded, a story counts once for each value any
	// of its versions has, as the filter query for that value would.
	bool fold = false;
	std::unordered_set<std::string> seen;
	std::string key;

	// Counts value v of facet i (or a day, i = -1) unless this story
	// already counted it.
	void count(std::map<std::string, uint64_t> &m, int i,
	           const std::string &v) {
		if (!key.empty() &&
		    !seen.insert(std::to_string(i) + '\x1f' + key + '\x1f' +
		                 v).second)
			return;
		m[v]++;
	}

	void operator()(const Xapian::Document &doc, double) override {
		std::string date;
		key = fold ? doc.get_value(BL_SLOT_CLUSTER) : std::string();
		for (size_t i = 0; i < defs.size(); i++) {
			const bl_facet_def_t *f = defs[i];
			std::string v = doc.get_value(f->slot);
			if (v.empty())
				continue;
			int n = static_cast<int>(i);
			if (f->kind == BL_FACET_VALUE) {
				count(counts[i], n, v);
			} else if (f->kind == BL_FACET_LIST) {
				size_t a = 0, b;
				while ((b = v.find(BL_LIST_SEP, a)) != std::string::npos) {
					count(counts[i], n, v.substr(a, b - a));
					a = b + 1;
				}
				count(counts[i], n, v.substr(a));
			} else {
				count(counts[i], n,
				      period(v, f->kind == BL_FACET_YEAR ? 4 : 7));
			}
		}
		if (days) {
			std::string v = doc.get_value(BL_SLOT_DATE);
			if (!v.empty())
				count(per_day, -1, period(v, 10));
		}
	}
	// Adds the counts a ValueCountMatchSpy gathered on slot (remote).
	void absorb(unsigned slot, const Xapian::ValueCountMatchSpy &v) {
		for (Xapian::TermIterator t = v.values_begin(); t != v.values_end();
		     ++t) {
			for (size_t i = 0; i < defs.size(); i++) {
				const bl_facet_def_t *f = defs[i];
				if (f->slot != slot || f->kind == BL_FACET_LIST)
					continue;
				if (f->kind == BL_FACET_VALUE)
					counts[i][*t] += t.get_termfreq();
				else
					counts[i][period(*t, f->kind == BL_FACET_YEAR ?
					                 4 : 7)] += t.get_termfreq();
			}
			if (days && slot == BL_SLOT_DATE)
				per_day[period(*t, 10)] += t.get_termfreq();
		}
	}
	// "YYYY", "YYYY-MM" or "YYYY-MM-DD" of a serialised date.
	static std::string period(const std::string &v, size_t n) {
		char iso[BL_DATE_ISO_MAX];
		bl_date_format_iso(static_cast<int64_t>(
			Xapian::sortable_unserialise(v)), iso);
		return std::string(iso, n);
	}
};

void
notice(bl_results_t *res, const std::string &text)
{
	strlist_add(&res->notices, text);
}

// Only plain words: no quotes, brackets, fields, +/-, wildcards or
// operators. Such a query may be relaxed to any-word.
bool
plain_words(const char *text)
{
	int words = 0;
	bool in_word = false;
	std::string w;

	for (const char *p = text;; p++) {
		unsigned char c = static_cast<unsigned char>(*p);
		if (c && std::strchr("\"()[]:+*-", c))
			return false;
		if (c == 0 || std::isspace(c)) {
			if (in_word && (w == "AND" || w == "OR" || w == "NOT" ||
			                w == "XOR" || w == "NEAR" || w == "ADJ" ||
			                w.compare(0, 5, "NEAR/") == 0))
				return false;
			if (in_word)
				words++;
			in_word = false;
			w.clear();
			if (c == 0)
				break;
			continue;
		}
		in_word = true;
		w += static_cast<char>(c);
	}
	return words >= 2;
}

struct Parsed {
	Xapian::Query query;
	Xapian::Query as_parsed;        // before with_own_stems()
	std::string bad_date;
};

void
setup_parser(Xapian::QueryParser &qp, bl_db *db, const bl_query_opts_t *opts,
             std::string *bad_date)
{
	qp.set_database(db->rdb);
	qp.set_stemmer(db->stem);
	qp.set_stemming_strategy(stems_only(db) ?
		Xapian::QueryParser::STEM_ALL_Z : Xapian::QueryParser::STEM_SOME);
	qp.set_max_expansion(opts->max_wildcard ? opts->max_wildcard : 1000,
	                     Xapian::Query::WILDCARD_LIMIT_ERROR);
	for (const bl_field_t *f = bl_fields; f->name; f++) {
		if (f->kind == BL_FIELD_TEXT)
			qp.add_prefix(f->name, f->prefix);
		else
			qp.add_boolean_prefix(f->name,
				(new BooleanField(f->prefix, f->fold))->release());
	}
	const struct {
		const char *field;
		bl_range_kind_t kind;
	} dates[] = {
		{ "date", BL_RANGE_ON },
		{ "after", BL_RANGE_AFTER },
		{ "before", BL_RANGE_BEFORE },
	};
	for (const auto &d : dates)
		qp.add_boolean_prefix(d.field, (new DateField(d.kind, opts->now,
			bad_date, db->rdb, db->remote))->release(), "date");
}

const unsigned PARSER_FLAGS = Xapian::QueryParser::FLAG_DEFAULT |
                              Xapian::QueryParser::FLAG_WILDCARD;

// True if q holds a wildcard, whose terms are known only once it is
// expanded against the index.
bool
has_wildcard(const Xapian::Query &q)
{
	if (q.get_type() == Xapian::Query::OP_WILDCARD)
		return true;
	for (size_t i = 0; i < q.get_num_subqueries(); i++)
		if (has_wildcard(q.get_subquery(i)))
			return true;
	return false;
}

// In an index of own stems, the word term that "Z" + prefix + s also
// stands for: prefix + s, if s is its own stem (stemming is not
// idempotent: the typo "increas" stems to "increa", and is no form of
// "increased"); "" if none.
std::string
own_word(const bl_db *db, const std::string &zterm)
{
	std::string own = zterm.substr(1);
	size_t word = own.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ");

	if (!db->own_stems || word == std::string::npos ||
	    db->stem(own.substr(word)) != own.substr(word))
		return "";
	return own;
}

// True if the query holds a plain word that is nowhere in the index:
// only then is a spelling correction worth offering (Xapian would
// otherwise "correct" rare real words to frequent ones).
bool
has_unknown_word(bl_db *db, const Xapian::Query &q)
{
	for (Xapian::TermIterator t = q.get_unique_terms_begin();
	     t != q.get_unique_terms_end(); ++t) {
		const std::string &term = *t;
		unsigned char c = static_cast<unsigned char>(term[0]);
		// Plain words are unprefixed or stemmed ("Z" + lower case);
		// field terms have an upper-case prefix.
		bool stem = c == 'Z' && term.size() > 1 &&
		            !(term[1] >= 'A' && term[1] <= 'Z');
		if (c >= 'A' && c <= 'Z' && !stem)
			continue;
		if (db->rdb.get_termfreq(term) > 0)
			continue;
		// With own stems, "Z" + s may be absent when the word s is not.
		std::string own = stem ? own_word(db, term) : "";
		if (own.empty() || db->rdb.get_termfreq(own) == 0)
			return true;
	}
	return false;
}

// A spelling correction of text, or "": asked only when a query found
// little, so that other queries pay nothing for it.
std::string
correct(bl_db *db, const bl_query_opts_t *opts, const char *text)
{
	Xapian::QueryParser qp;
	std::string bad;

	setup_parser(qp, db, opts, &bad);
	try {
		qp.parse_query(text, PARSER_FLAGS |
		               Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
	} catch (const Xapian::QueryParserError &) {
		return std::string();
	}
	return qp.get_corrected_query_string();
}

// Snowball's English stop list: words too common to rank by. Applied to
// queries only (the index keeps every word, so phrases still match).
// Sorted, for EnglishStopper's binary search.
constexpr const char *ENGLISH_STOPWORDS[] = {
	"a", "about", "above", "after", "again", "against", "all", "am", "an",
	"and", "any", "are", "aren't", "as", "at", "be", "because", "been",
	"before", "being", "below", "between", "both", "but", "by", "can't",
	"cannot", "could", "couldn't", "did", "didn't", "do", "does",
	"doesn't", "doing", "don't", "down", "during", "each", "few", "for",
	"from", "further", "had", "hadn't", "has", "hasn't", "have",
	"haven't", "having", "he", "he'd", "he'll", "he's", "her", "here",
	"here's", "hers", "herself", "him", "himself", "his", "how", "how's",
	"i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't",
	"it", "it's", "its", "itself", "let's", "me", "more", "most",
	"mustn't", "my", "myself", "no", "nor", "not", "of", "off", "on",
	"once", "only", "or", "other", "ought", "our", "ours", "ourselves",
	"out", "over", "own", "same", "shan't", "she", "she'd", "she'll",
	"she's", "should", "shouldn't", "so", "some", "such", "than", "that",
	"that's", "the", "their", "theirs", "them", "themselves", "then",
	"there", "there's", "these", "they", "they'd", "they'll", "they're",
	"they've", "this", "those", "through", "to", "too", "under", "until",
	"up", "very", "was", "wasn't", "we", "we'd", "we'll", "we're",
	"we've", "were", "weren't", "what", "what's", "when", "when's",
	"where", "where's", "which", "while", "who", "who's", "whom", "why",
	"why's", "with", "won't", "would", "wouldn't", "you", "you'd",
	"you'll", "you're", "you've", "your", "yours", "yourself",
	"yourselves",
};

constexpr bool
stopwords_sorted()
{
	for (size_t i = 1; i < std::size(ENGLISH_STOPWORDS); i++)
		if (!(std::string_view(ENGLISH_STOPWORDS[i - 1]) <
		      std::string_view(ENGLISH_STOPWORDS[i])))
			return false;
	return true;
}
static_assert(stopwords_sorted(), "ENGLISH_STOPWORDS must stay sorted");

// The English stop list as a Stopper. Xapian's SimpleStopper builds a
// std::set of its words, which for each query cost more than parsing it
// (150,000 instructions of a one-shot search's 5.3 million); a binary
// search of the sorted array costs nothing to set up.
class EnglishStopper : public Xapian::Stopper {
public:
	bool operator()(const std::string &word) const override
	{
		return std::binary_search(std::begin(ENGLISH_STOPWORDS),
		                          std::end(ENGLISH_STOPWORDS), word,
		                          [](std::string_view a, std::string_view b) {
			return a < b;
		});
	}
};

// The stopper for opts and db's language, or nullptr for none. It is
// shared and never freed: stateless, so threads may use it at once.
const Xapian::Stopper *
stopper_for(const bl_db *db, const bl_query_opts_t *opts)
{
	static const EnglishStopper english;
	bool use = opts->stopwords == BL_STOPWORDS_ENGLISH ||
	           (opts->stopwords == BL_STOPWORDS_DEFAULT &&
	            db->language == "english");

	return use ? &english : nullptr;
}

// A query written as prose rather than as search syntax: more than
// opts->long_query words and no boolean operator, field or wildcard.
// Ranking every word (any-word) suits it better than requiring them all,
// and its capitals are grammar, not a request for the exact form. The rest
// of the syntax keeps its meaning: a quoted phrase stays a phrase, +word
// is still required and -word excluded. (Wildcards are syntax: OR-ing
// many of them, each expanding to hundreds of words, would be slow.)
bool
natural_language(const char *text, const bl_query_opts_t *opts)
{
	unsigned limit = opts->long_query ? opts->long_query : BL_LONG_QUERY;
	unsigned words = 0;
	std::string w;

	if (limit == UINT_MAX)
		return false;
	for (const char *p = text;; p++) {
		unsigned char c = static_cast<unsigned char>(*p);
		if (c && !std::isspace(c)) {
			w += static_cast<char>(c);
			continue;
		}
		if (!w.empty()) {
			if (w == "AND" || w == "OR" || w == "NOT" || w == "XOR" ||
			    w == "NEAR" || w == "ADJ" || w.compare(0, 5, "NEAR/") == 0 ||
			    w.compare(0, 4, "ADJ/") == 0)
				return false;
			for (size_t i = 1; i < w.size(); i++) {
				unsigned char x = static_cast<unsigned char>(w[i - 1]);
				if (w[i] == '*' && (std::isalnum(x) || x >= 0x80))
					return false;   // word*: a wildcard
			}
			size_t colon = w.find(':');
			if (colon != std::string::npos && colon + 1 < w.size()) {
				std::string name = w.substr(0, colon);
				if (bl_field_find(name.c_str()) || name == "date" ||
				    name == "after" || name == "before")
					return false;
			}
			for (unsigned char x : w)
				if (std::isalnum(x) || x >= 0x80) {
					words++;
					break;
				}
			w.clear();
		}
		if (c == 0)
			break;
	}
	return words > limit;
}

// A term leaf as its description gives it, "Query(term#wqf@pos)" (both
// suffixes optional): Xapian 1.4 has no other way to read a leaf's wqf
// and position. Anything else is read as wqf 1, no position.
void
leaf_params(const Xapian::Query &leaf, const std::string &term,
            Xapian::termcount &wqf, Xapian::termpos &pos)
{
	static const std::string lead = "Query(";
	std::string d = leaf.get_description();
	size_t at = lead.size() + term.size();

	wqf = 1;
	pos = 0;
	if (d.size() < at + 1 || d.compare(0, lead.size(), lead) != 0 ||
	    d.compare(lead.size(), term.size(), term) != 0 || d.back() != ')')
		return;
	std::string tail = d.substr(at, d.size() - at - 1);
	unsigned long w = 1, p = 0;
	char *end;
	if (!tail.empty() && tail[0] == '#') {
		w = std::strtoul(tail.c_str() + 1, &end, 10);
		tail.erase(0, static_cast<size_t>(end - tail.c_str()));
	}
	if (!tail.empty() && tail[0] == '@') {
		p = std::strtoul(tail.c_str() + 1, &end, 10);
		tail.erase(0, static_cast<size_t>(end - tail.c_str()));
	}
	if (tail.empty() && w > 0 && w <= UINT_MAX && p <= UINT_MAX) {
		wqf = static_cast<Xapian::termcount>(w);
		pos = static_cast<Xapian::termpos>(p);
	}
}

// q for an index of own stems (schema 4), where "Z" + s holds the
// articles with forms of s other than s itself and the word s is the term
// s: each stemmed term becomes both, as one term (OP_SYNONYM: its wdf is
// the sum, the old "Z" + s's). QueryParser puts stemmed terms under the
// n-ary operators only (phrases and NEAR hold words as written), and
// those are rebuilt from their subqueries when one of them changed;
// anything else is kept as it is. A stem with no own word (own_word) is
// kept too. In a local index, a stem of which only
// one of the two terms exists is searched as that term alone: a synonym
// costs its OR on every posting (5 to 6% of a round of queries'
// instructions, when both exist). Sets changed if q was.
Xapian::Query
with_own_stems(const bl_db *db, const Xapian::Query &q, bool &changed)
{
	typedef Xapian::Query Q;

	switch (q.get_type()) {
	case Q::LEAF_TERM: {
		std::string t = *q.get_terms_begin();
		if (t.size() < 2 || t[0] != 'Z')
			return q;
		std::string own = own_word(db, t);
		if (own.empty() || (!db->remote && db->rdb.get_termfreq(own) == 0))
			return q;
		Xapian::termcount wqf;
		Xapian::termpos pos;
		leaf_params(q, t, wqf, pos);
		changed = true;
		if (!db->remote && db->rdb.get_termfreq(t) == 0)
			return Q(own, wqf, pos);
		const Q both[] = { q, Q(own, wqf, pos) };
		return Q(Q::OP_SYNONYM, both, both + 2);
	}
	case Q::OP_AND: case Q::OP_OR: case Q::OP_AND_NOT: case Q::OP_XOR:
	case Q::OP_AND_MAYBE: case Q::OP_FILTER: case Q::OP_SYNONYM:
	case Q::OP_MAX:
		break;
	default:
		return q;
	}
	std::vector<Q> subs;
	bool any = false;
	for (size_t i = 0; i < q.get_num_subqueries(); i++)
		subs.push_back(with_own_stems(db, q.get_subquery(i), any));
	if (!any)
		return q;
	changed = true;
	return Q(q.get_type(), subs.begin(), subs.end());
}

Parsed
parse_query(bl_db *db, const bl_query_opts_t *opts, const char *text,
            Xapian::Query::op default_op, bool *fallback)
{
	Xapian::QueryParser qp;
	Parsed p;
	std::string folded;
	// The user's words are ranked; the options' filter text is not.
	bool ranked = text == opts->text, bad = false;

	setup_parser(qp, db, opts, &p.bad_date);
	if (ranked && natural_language(text, opts)) {
		default_op = Xapian::Query::OP_OR;
		folded = Xapian::Unicode::tolower(text);
		text = folded.c_str();
	}
	qp.set_default_op(default_op);
	const Xapian::Stopper *stopper = ranked ? stopper_for(db, opts) :
	                                          nullptr;
	if (stopper)
		qp.set_stopper(stopper);
	try {
		p.query = qp.parse_query(text, PARSER_FLAGS);
	} catch (const Xapian::QueryParserError &) {
		// A query of plain words must never fail: search its words.
		*fallback = bad = true;
		p.query = qp.parse_query(words_only(text), 0);
	}
	if (stopper && p.query.empty() && !blank(text)) {
		// Only stopwords ("the who"): search them after all.
		qp.set_stopper(nullptr);
		p.query = bad ? qp.parse_query(words_only(text), 0) :
		                qp.parse_query(text, PARSER_FLAGS);
	}
	p.as_parsed = p.query;
	bool changed = false;
	if (db->own_stems)
		p.query = with_own_stems(db, p.query, changed);
	return p;
}

// The document with id, or 0.
Xapian::docid
find_id(bl_db *db, const char *id)
{
	std::string term = term_for(BL_PREFIX_ID, id, false);
	Xapian::PostingIterator p = db->rdb.postlist_begin(term);
	return p == db->rdb.postlist_end(term) ? 0 : *p;
}

// Words worth adding to a query: plain words of three or more bytes, not
// numbers. In an index of stems only, plain words are "Z" + stem.
class PlainWords : public Xapian::ExpandDecider {
	size_t skip;

public:
	explicit PlainWords(const bl_db *db) : skip(stems_only(db) ? 1 : 0) {}

	bool operator()(const std::string &t) const override {
		if (t.size() <= skip + 2 || (skip && t[0] != 'Z'))
			return false;
		unsigned char c = static_cast<unsigned char>(t[skip]);
		return !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9');
	}
};

// --like: the article's most telling words, without the article and its
// other versions.
Xapian::Query
like_query(bl_db *db, Xapian::docid did)
{
	Xapian::Enquire e(db->rdb);
	Xapian::RSet rset;
	PlainWords decider(db);

	rset.add_document(did);
	Xapian::ESet eset = e.get_eset(25, rset, &decider);
	std::vector<Xapian::Query> terms;
	for (Xapian::ESetIterator t = eset.begin(); t != eset.end(); ++t)
		terms.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
		                              Xapian::Query(*t), t.get_weight()));
	Xapian::Query q(Xapian::Query::OP_OR, terms.begin(), terms.end());
	Xapian::Document doc = db->rdb.get_document(did);
	Xapian::Query self(id_term(db->rdb, did));
	std::string key = doc.get_value(BL_SLOT_CLUSTER);
	if (!key.empty())
		self = Xapian::Query(Xapian::Query::OP_OR, self,
		                     Xapian::Query(Xapian::Query::OP_VALUE_RANGE,
		                                   BL_SLOT_CLUSTER, key, key));
	return Xapian::Query(Xapian::Query::OP_AND_NOT, q, self);
}

// --similar: the versions of an article (its near-duplicate cluster).
Xapian::Query
similar_query(bl_db *db, Xapian::docid did)
{
	std::string key = db->rdb.get_document(did).get_value(BL_SLOT_CLUSTER);

	if (key.empty())
		return Xapian::Query(id_term(db->rdb, did));
	return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, BL_SLOT_CLUSTER,
	                     key, key);
}

// The weighting scheme for opts.
Xapian::BM25Weight
bm25(const bl_query_opts_t *opts)
{
	// k2 = 0, k3 = 1 and min_normlen = 0.5 are Xapian's defaults: a word
	// typed twice counts twice (linear), which measured best.
	if (opts->bm25_set)
		return Xapian::BM25Weight(opts->bm25_k1, 0, 1, opts->bm25_b, 0.5);
	return Xapian::BM25Weight(BL_BM25_K1, 0, 1, BL_BM25_B, 0.5);
}

// Whether a search gets pseudo-relevance feedback: by default only prose
// queries, whose wording is the searcher's own, not the articles'; never
// for --like/--similar (already a term selection) or a date order (where
// it could not change what is shown).
bool
wants_feedback(const bl_query_opts_t *opts)
{
	if (opts->feedback == BL_FEEDBACK_NEVER || opts->like ||
	    opts->similar || opts->sort != BL_SORT_RELEVANCE || !opts->text ||
	    blank(opts->text))
		return false;
	return opts->feedback == BL_FEEDBACK_ALWAYS ||
	       natural_language(opts->text, opts);
}

// Pseudo-relevance feedback: the BL_FEEDBACK_TERMS words that best tell
// the top BL_FEEDBACK_DOCS matches of query from the rest of the index
// re-rank its matches, weighted by how telling they are, the best at
// BL_FEEDBACK_WEIGHT of a typed word. They only re-rank (AND_MAYBE): what
// matches, and so totals and facet counts, stay those of the typed words.
// Returns true if query was expanded.
bool
expand(bl_db *db, const bl_query_opts_t *opts, Xapian::Query &query)
{
	Xapian::Enquire e(db->rdb);
	Xapian::RSet top;
	PlainWords decider(db);

	e.set_weighting_scheme(bm25(opts));
	if (!opts->all_versions)
		e.set_collapse_key(BL_SLOT_CLUSTER);
	e.set_query(query);
	Xapian::MSet mset = e.get_mset(0, BL_FEEDBACK_DOCS);
	for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
		top.add_document(*it);
	if (top.empty())
		return false;
	Xapian::ESet eset;
	try {
		eset = e.get_eset(BL_FEEDBACK_TERMS, top, &decider);
	} catch (const Xapian::UnimplementedError &) {
		return false;   // a backend without term lists: rank as typed
	}
	if (eset.empty() || eset.begin().get_weight() <= 0)
		return false;
	double best = eset.begin().get_weight();
	std::vector<Xapian::Query> terms;
	for (Xapian::ESetIterator t = eset.begin(); t != eset.end(); ++t)
		terms.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
			Xapian::Query(*t), BL_FEEDBACK_WEIGHT * t.get_weight() / best));
	query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
		Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
	return true;
}

// The prefix each wildcard in q stands for. Xapian 1.4 does not expose
// it but in the description of the wildcard's own query, which reads
// "Query(WILDCARD SYNONYM prefix)" (terms hold no spaces).
std::vector<std::string>
wildcard_patterns(const Xapian::Query &q)
{
	static const std::string lead = "Query(WILDCARD ";
	std::vector<std::string> out;
	std::vector<Xapian::Query> todo{q};

	while (!todo.empty()) {
		Xapian::Query s = todo.back();
		todo.pop_back();
		for (size_t i = 0; i < s.get_num_subqueries(); i++)
			todo.push_back(s.get_subquery(i));
		if (s.get_type() != Xapian::Query::OP_WILDCARD)
			continue;
		std::string d = s.get_description();
		size_t sp = d.find(' ', lead.size());
		if (d.compare(0, lead.size(), lead) != 0 ||
		    sp == std::string::npos || d.back() != ')')
			throw Xapian::InvalidArgumentError("unexpected wildcard "
			                                   "description: " + d);
		out.push_back(d.substr(sp + 1, d.size() - sp - 2));
	}
	return out;
}

// The terms of query each hit of mset contains, in query order, as
// Enquire::get_matching_terms_begin() gives them, but read from the
// postings: Xapian 1.4 walks each document's term list for that, and
// GlassTermList::next() trusts the term lengths stored in it, so damage
// inside a termlist.glass entry makes it read on past its buffer until
// it crashes (SIGSEGV) instead of throwing. The postings are read with
// bounds checks. One pass over each query term's postings, hits in docid
// order. Each hit's term list entry is still looked up, as it was, but
// only its header is read (get_unique_terms(), bounds-checked), so that a
// damaged table is still noticed and reported. A wildcard's words are
// read from the term dictionary, at most max_words of each, as Xapian
// expands it.
std::vector<std::vector<std::string>>
matching_terms(const Xapian::Database &db, const Xapian::Query &query,
               const Xapian::MSet &mset, unsigned max_words)
{
	std::vector<std::string> qterms;
	std::unordered_set<std::string> seen;
	for (Xapian::TermIterator t = query.get_terms_begin();
	     t != query.get_terms_end(); ++t)
		if (seen.insert(*t).second)
			qterms.push_back(*t);
	for (const std::string &pattern : wildcard_patterns(query)) {
		unsigned n = 0;
		for (Xapian::TermIterator t = db.allterms_begin(pattern);
		     t != db.allterms_end(pattern) && n < max_words; ++t, n++)
			if (seen.insert(*t).second)
				qterms.push_back(*t);
	}
	std::vector<std::pair<Xapian::docid, size_t>> hits;
	size_t i = 0;
	for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
		hits.emplace_back(*it, i++);
	std::sort(hits.begin(), hits.end());
	for (const auto &h : hits)
		(void)db.get_unique_terms(h.first);
	std::vector<std::vector<std::string>> out(hits.size());
	for (const std::string &t : qterms) {
		Xapian::PostingIterator p = db.postlist_begin(t);
		for (const auto &h : hits) {
			if (p == db.postlist_end(t))
				break;
			p.skip_to(h.first);
			if (p != db.postlist_end(t) && *p == h.first)
				out[h.second].push_back(t);
		}
	}
	return out;
}

// The wildcards in q. Xapian expands each on its own, up to
// max_wildcard words, at match time: 2048 copies of one three-letter
// wildcard cost 10 s and 430 MB, so their number is capped.
size_t
count_wildcards(const Xapian::Query &q)
{
	std::vector<Xapian::Query> todo{q};
	size_t n = 0;

	while (!todo.empty()) {
		Xapian::Query s = todo.back();
		todo.pop_back();
		if (s.get_type() == Xapian::Query::OP_WILDCARD)
			n++;
		for (size_t i = 0; i < s.get_num_subqueries(); i++)
			todo.push_back(s.get_subquery(i));
	}
	return n;
}

bl_count_t *
counts_array(const std::map<std::string, uint64_t> &m, bool by_count,
             size_t limit, size_t *n)
{
	std::vector<std::pair<std::string, uint64_t>> v(m.begin(), m.end());

	if (by_count)
		std::stable_sort(v.begin(), v.end(), [](const auto &a,
		                                       const auto &b) {
			return a.second > b.second;
		});
	if (limit && v.size() > limit)
		v.resize(limit);
	bl_count_t *out = static_cast<bl_count_t *>(
		std::calloc(v.size() + 1, sizeof *out));
	if (out == nullptr)
		throw std::bad_alloc();
	*n = 0;
	for (auto &p : v) {
		out[*n].value = dup_string(p.first);
		out[*n].count = p.second;
		++*n;
	}
	return out;
}

}  // namespace

extern "C" {

static void
run_search(bl_db *db, const bl_query_opts_t *opts, bl_results_t *res)
{
	Xapian::Query query;
	Parsed parsed;
	bool have_text = opts->text && !blank(opts->text);
	Xapian::Query::op op = opts->match_any ? Xapian::Query::OP_OR :
	                                         Xapian::Query::OP_AND;

	if (opts->like || opts->similar) {
		Xapian::docid did = find_id(db, opts->like ? opts->like :
		                                             opts->similar);
		if (did == 0)
			throw Xapian::DocNotFoundError(std::string("no article with id '") +
				(opts->like ? opts->like : opts->similar) + "'");
		query = opts->like ? like_query(db, did) : similar_query(db, did);
		if (have_text) {
			parsed = parse_query(db, opts, opts->text, op, &res->fallback);
			query = Xapian::Query(Xapian::Query::OP_FILTER, query,
			                      parsed.query);
		}
	} else {
		parsed = parse_query(db, opts, opts->text, op, &res->fallback);
		query = parsed.query;
	}
	if (opts->filter && !blank(opts->filter)) {
		Parsed f = parse_query(db, opts, opts->filter, Xapian::Query::OP_AND,
		                       &res->fallback);
		if (!f.bad_date.empty())
			parsed.bad_date = f.bad_date;
		query = Xapian::Query(Xapian::Query::OP_FILTER, query, f.query);
	}
	size_t wildcards = count_wildcards(query);
	if (wildcards > BL_MAX_WILDCARDS)
		throw LimitError("too many wildcards in one query (" +
		                 std::to_string(wildcards) + "; at most " +
		                 std::to_string(BL_MAX_WILDCARDS) + ")");
	if (!parsed.bad_date.empty())
		throw Xapian::QueryParserError("cannot read the date '" +
			parsed.bad_date + "' (try 2024, 2024-08, 2024-08-01..2024-08-31, "
			"..1987-03-01, 7d, last-week, today)");

	// Only the words typed are highlighted, not those feedback adds.
	std::unordered_set<std::string> typed;
	bool expanded = wants_feedback(opts) && expand(db, opts, query);
	if (expanded)
		typed.insert(parsed.query.get_unique_terms_begin(),
		             parsed.query.get_unique_terms_end());

	Xapian::Enquire enquire(db->rdb);
	if (opts->time_limit > 0)
		enquire.set_time_limit(opts->time_limit);
	enquire.set_weighting_scheme(bm25(opts));
	if (!opts->all_versions && !opts->similar)
		enquire.set_collapse_key(BL_SLOT_CLUSTER);
	if (opts->sort == BL_SORT_NEWEST)
		enquire.set_sort_by_value_then_relevance(BL_SLOT_DATE, true);
	else if (opts->sort == BL_SORT_OLDEST)
		enquire.set_sort_by_value_then_relevance(BL_SLOT_DATE, false);
	if (opts->recency > 0 && db->remote) {
		notice(res, "--recency is not available over remote shards "
		       "(xapian-tcpsrv cannot run Byline's posting source); "
		       "ranked by relevance alone");
	} else if (opts->recency > 0) {
		Recency *r = new Recency(static_cast<double>(opts->now),
		                         opts->recency, 2.0);
		query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
		                      Xapian::Query(r->release()));
	}
	FacetSpy spy;
	for (size_t i = 0; i < opts->nfacets; i++) {
		const bl_facet_def_t *f = bl_facet_find(opts->facets[i]);
		if (f == nullptr)
			throw Xapian::InvalidArgumentError(std::string(
				"unknown facet '") + opts->facets[i] +
				"' (known: source, category, author, place, year, month)");
		spy.defs.push_back(f);
	}
	spy.counts.resize(spy.defs.size());
	spy.days = opts->timeline;
	spy.fold = !opts->all_versions && !opts->similar;
	bool spying = !spy.defs.empty() || spy.days;
	// Over remote shards only Xapian's own ValueCountMatchSpy travels:
	// one per slot, read back into spy after the match.
	std::map<unsigned, Xapian::ValueCountMatchSpy *> vspies;
	if (spying && db->remote) {
		for (const bl_facet_def_t *f : spy.defs) {
			if (f->kind == BL_FACET_LIST) {
				notice(res, std::string("facet '") + f->name + "' is not "
				       "counted over remote shards (it has several values "
				       "per article)");
				continue;
			}
			if (!vspies.count(f->slot))
				vspies[f->slot] = new Xapian::ValueCountMatchSpy(f->slot);
		}
		if (spy.fold)
			notice(res, "facet and timeline counts over remote shards "
			       "include every version of a story");
		if (spy.days && !vspies.count(BL_SLOT_DATE))
			vspies[BL_SLOT_DATE] = new Xapian::ValueCountMatchSpy(BL_SLOT_DATE);
		for (auto &v : vspies)
			enquire.add_matchspy(v.second->release());
	} else if (spying) {
		enquire.add_matchspy(&spy);
	}
	// Facets and exact totals need every match; otherwise counting a
	// little past the page tells whether there is a next one, and the
	// total is Xapian's estimate.
	Xapian::doccount check = spying || opts->exact_total ?
	                         db->rdb.get_doccount() :
	                         opts->offset + opts->limit + BL_COUNT_PAST_PAGE;

	enquire.set_query(query);
	Xapian::MSet mset = enquire.get_mset(opts->offset, opts->limit, check);
	if (mset.get_matches_estimated() == 0 && opts->relax && !opts->like &&
	    !opts->similar && !opts->match_any && !res->fallback &&
	    plain_words(opts->text)) {
		Parsed any = parse_query(db, opts, opts->text, Xapian::Query::OP_OR,
		                         &res->fallback);
		query = any.query;
		if (opts->filter && !blank(opts->filter)) {
			Parsed f = parse_query(db, opts, opts->filter,
			                       Xapian::Query::OP_AND, &res->fallback);
			query = Xapian::Query(Xapian::Query::OP_FILTER, query, f.query);
		}
		for (auto &c : spy.counts)
			c.clear();
		spy.per_day.clear();
		enquire.set_query(query);
		mset = enquire.get_mset(opts->offset, opts->limit, check);
		res->relaxed = true;
	}
	for (auto &v : vspies)
		spy.absorb(v.first, *v.second);
	res->total = mset.get_matches_estimated();
	res->total_min = mset.get_matches_lower_bound();
	res->total_max = mset.get_matches_upper_bound();
	// Having seen every match, Xapian 1.4 still estimates the total of a
	// collapsed search (and may put it above the uncollapsed one), but
	// its lower bound is then the exact count: so it was for all 460
	// bench queries, against the hits of an unlimited search.
	if (check >= db->rdb.get_doccount() && opts->time_limit <= 0 &&
	    !db->remote)
		res->total = res->total_max = res->total_min;
	res->description = dup_string(query.get_description());
	if (opts->suggest && res->total < 5 && have_text && !res->fallback &&
	    has_unknown_word(db, parsed.as_parsed)) {
		std::string fix;
		try {
			fix = correct(db, opts, opts->text);
		} catch (const Xapian::Error &) {
			notice(res, "spelling suggestions are not available over "
			       "remote shards");
		}
		if (!fix.empty() && fix != opts->text)
			res->suggestion = dup_string(fix);
	}
	if (spying) {
		res->facets = static_cast<bl_facet_result_t *>(
			std::calloc(spy.defs.size() + 1, sizeof *res->facets));
		if (res->facets == nullptr)
			throw std::bad_alloc();
		for (size_t i = 0; i < spy.defs.size(); i++) {
			bool by_date = spy.defs[i]->kind == BL_FACET_YEAR ||
			               spy.defs[i]->kind == BL_FACET_MONTH;
			res->facets[i].name = spy.defs[i]->name;
			res->facets[i].values = counts_array(spy.counts[i], !by_date,
				by_date ? 0 : (opts->facet_limit ? opts->facet_limit : 10),
				&res->facets[i].n);
			res->nfacets++;
		}
		if (spy.days)
			res->days = counts_array(spy.per_day, false, 0, &res->ndays);
	}
	res->hits = static_cast<bl_hit_t *>(
		std::calloc(mset.size() ? mset.size() : 1, sizeof(bl_hit_t)));
	if (res->hits == nullptr)
		throw std::bad_alloc();
	// The query's own words serve every hit: a snippet highlights only
	// words present in its text, which a hit holds only if it has the
	// term. Asking Xapian per hit (get_matching_terms) reads and inflates
	// each hit's term list. A wildcard's or a like query's terms are known
	// only per hit, so those still ask: locally from the query terms'
	// postings (see matching_terms); over remote shards the servers walk
	// the term lists.
	bool per_hit = opts->like || opts->similar || has_wildcard(query);
	std::vector<std::string> words;
	if (!per_hit)
		for (Xapian::TermIterator t = query.get_unique_terms_begin();
		     t != query.get_unique_terms_end(); ++t)
			if (!expanded || typed.count(*t))
				words.push_back(*t);
	std::vector<std::vector<std::string>> matched;
	bool from_postings = per_hit && !db->remote;
	if (from_postings)
		matched = matching_terms(db->rdb, query, mset,
		                         opts->max_wildcard ? opts->max_wildcard : 1000);
	for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
		bl_hit_t *hit = &res->hits[res->nhits++];
		Xapian::Document doc = it.get_document();
		std::string data = doc.get_value(BL_SLOT_RECORD);

		if (data.empty())       // schema 1
			data = doc.get_data();
		hit->docid = *it;
		hit->rank = it.get_rank() + 1;
		hit->percent = it.get_percent();
		hit->score = it.get_weight();
		hit->duplicates = it.get_collapse_count();
		hit->data = dup_string(data);
		hit->data_len = data.size();
		if (!per_hit) {
			for (const std::string &w : words)
				strlist_add(&hit->terms, w);
		} else if (from_postings) {
			for (const std::string &t : matched[res->nhits - 1])
				if (!expanded || typed.count(t))
					strlist_add(&hit->terms, t);
		} else {
			for (Xapian::TermIterator t = enquire.get_matching_terms_begin(it);
			     t != enquire.get_matching_terms_end(it); ++t)
				if (!expanded || typed.count(*t))
					strlist_add(&hit->terms, *t);
		}
	}
	for (size_t i = 0; i < db->missing.n; i++)
		strlist_add(&res->missing, db->missing.items[i]);
	res->partial = db->missing.n > 0;
}

bl_status_t
bl_db_search(bl_db_t *db, const bl_query_opts_t *opts, bl_results_t **resp)
{
	bl_results_t *res = nullptr;
	int damaged = 0, moved = 0;

	*resp = nullptr;
	if ((opts->text == nullptr || blank(opts->text)) && !opts->like &&
	    !opts->similar) {
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
			// Run again on the newest revision; one that races
			// every try is returned as it is.
			if (moved < MOVED_RETRIES && moved_on(db)) {
				bl_results_free(res);
				res = nullptr;
				moved++;
				continue;
			}
			*resp = res;
			return BL_OK;
		} catch (const Xapian::DatabaseModifiedError &) {
			bl_results_free(res);
			res = nullptr;
			if (attempt == MAX_RETRIES)
				return fail(db);
			back_off(attempt);
			try {
				refresh(db);
			} catch (...) {
				return fail(db);
			}
		} catch (const Xapian::DatabaseCorruptError &) {
			// A read that races commits sometimes meets a block the
			// writer is recycling and reports damage ("Expected block
			// N to be level 1, not 0") where Xapian means "modified".
			// The index is opened afresh and searched again a few
			// times: damage stays and is reported.
			bl_status_t st = fail(db);

			bl_results_free(res);
			res = nullptr;
			if (db->writable || ++damaged > CORRUPT_RETRIES ||
			    attempt == MAX_RETRIES)
				return st;
			back_off(damaged);
			try {
				open_again(db);
			} catch (...) {
				return st;
			}
		} catch (const Xapian::NetworkError &) {
			// A shard went away: with allow_partial, search the ones
			// still answering, once.
			bl_results_free(res);
			res = nullptr;
			if (!db->stub || !db->opts.allow_partial || attempt > 0)
				return fail(db);
			try {
				open_members(db);
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
		// Through the handle's stem cache, which the indexer fills and a
		// long-lived searcher keeps: Snowball costs thousands of
		// instructions a word, and the words snippets stem recur.
		std::string w(word, len);
		if (db->stems == nullptr) {
			std::string s = db->stem(w);
			return bl_buf_append(out, s.data(), s.size());
		}
		const std::string &s = db->stems->stem_of(w);
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

// The character at text[pos] (pos < len) and its length in bytes. Most
// news text is ASCII: decoding it inline rather than through
// Utf8Iterator halves the cost of a snippet. Utf8Iterator reads one
// character from wherever it starts, invalid bytes included, so starting
// one at pos gives what a single pass over the text would.
static inline size_t
char_at(const char *text, size_t len, size_t pos, unsigned *ch)
{
	unsigned char c = static_cast<unsigned char>(text[pos]);

	if (c < 0x80) {
		*ch = c;
		return 1;
	}
	Xapian::Utf8Iterator it(text + pos, len - pos);
	*ch = *it;
	++it;
	return static_cast<size_t>(it.raw() - (text + pos));
}

// For each ASCII byte, its lower case if Xapian counts it as a word
// character (letters, digits, '_'), else 0; 0 for every byte >= 0x80.
struct AsciiFold {
	unsigned char to[256];

	constexpr AsciiFold() : to()
	{
		for (int c = '0'; c <= '9'; c++)
			to[c] = static_cast<unsigned char>(c);
		for (int c = 'a'; c <= 'z'; c++)
			to[c] = to[c - 32] = static_cast<unsigned char>(c);
		to['_'] = '_';
	}
};
constexpr AsciiFold ascii_fold;

// Xapian::Unicode::is_wordchar, answered inline for ASCII.
static inline bool
is_word(unsigned ch)
{
	if (ch < 0x80)
		return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		       (ch >= '0' && ch <= '9') || ch == '_';
	return Xapian::Unicode::is_wordchar(ch);
}

// A word being folded: in a fixed array while it fits, as almost every
// word does, which costs a third of appending to a std::string.
struct Folded {
	char buf[64];
	size_t n = 0;
	std::string more;   // the whole word once it outgrows buf

	void clear() { n = 0; more.clear(); }
	const char *data() const { return more.empty() ? buf : more.data(); }
	size_t size() const { return more.empty() ? n : more.size(); }
	void add(const char *p, size_t k)
	{
		if (more.empty() && n + k <= sizeof buf) {
			std::memcpy(buf + n, p, k);
			n += k;
			return;
		}
		if (more.empty())
			more.assign(buf, n);
		more.append(p, k);
	}
	void add_ascii(char c)
	{
		if (n < sizeof buf && more.empty())
			buf[n++] = c;
		else
			add(&c, 1);
	}
	void add_lower(unsigned ch)   // ch >= 0x80
	{
		char c[4];

		add(c, Xapian::Unicode::to_utf8(Xapian::Unicode::tolower(ch), c));
	}
};

}  // extern "C"

namespace {

#ifdef __SSE2__
// Counts the words of the 64 bytes at pos (which is not inside a word)
// that the caller does not want, 64 at a time: a snippet's tokenising is
// mostly passing over such words. Stops at a wanted word, at a word that
// may run on past what is certain (the block's end, or a byte the general
// loop must read: 0x80 and above or an apostrophe, which may join words),
// or at that byte. Returns where it stopped: pos if it could do nothing.
size_t
skip_block(const char *text, size_t pos, const unsigned char *want,
           size_t max_words, bl_token_extent_t &seen)
{
	const __m128i a1 = _mm_set1_epi8('a' - 1), z1 = _mm_set1_epi8('z' + 1),
	              d1 = _mm_set1_epi8('0' - 1), d9 = _mm_set1_epi8('9' + 1),
	              us = _mm_set1_epi8('_'), up = _mm_set1_epi8(0x20),
	              ap = _mm_set1_epi8('\'');
	uint64_t wm = 0, odd = 0;

	for (unsigned k = 0; k < 4; k++) {
		__m128i b = _mm_loadu_si128(
			reinterpret_cast<const __m128i *>(text + pos + 16 * k));
		__m128i l = _mm_or_si128(b, up);    // 0x80 and above: negative
		__m128i w = _mm_or_si128(
			_mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(l, a1),
			                           _mm_cmplt_epi8(l, z1)),
			             _mm_and_si128(_mm_cmpgt_epi8(b, d1),
			                           _mm_cmplt_epi8(b, d9))),
			_mm_cmpeq_epi8(b, us));
		wm |= static_cast<uint64_t>(static_cast<unsigned>(
			_mm_movemask_epi8(w))) << (16 * k);
		odd |= static_cast<uint64_t>(static_cast<unsigned>(
			_mm_movemask_epi8(b) |
			_mm_movemask_epi8(_mm_cmpeq_epi8(b, ap)))) << (16 * k);
	}
	unsigned stop = odd ? static_cast<unsigned>(__builtin_ctzll(odd)) : 64;
	if (stop < 64)
		wm &= (uint64_t(1) << stop) - 1;
	uint64_t starts = wm & ~(wm << 1);
	if (stop > 0 && (wm >> (stop - 1) & 1)) {
		// The last word touches the end: left whole to the general loop.
		stop = 63 - static_cast<unsigned>(__builtin_clzll(starts));
		starts &= (uint64_t(1) << stop) - 1;
	}
	for (uint64_t s = starts; s; s &= s - 1) {
		unsigned i = static_cast<unsigned>(__builtin_ctzll(s));
		if (want[ascii_fold.to[static_cast<unsigned char>(text[pos + i])]]) {
			stop = i;
			starts &= (uint64_t(1) << i) - 1;
			break;
		}
	}
	if (starts == 0)            // nothing but bytes between words
		return pos + stop;
	size_t count = static_cast<size_t>(__builtin_popcountll(starts));
	if (max_words && seen.words + count > max_words)
		return pos;
	unsigned last = 63 - static_cast<unsigned>(__builtin_clzll(starts));
	if (seen.words == 0)
		seen.first_start = pos + static_cast<unsigned>(
			__builtin_ctzll(starts));
	seen.words += count;
	seen.last_end = pos + last +
		static_cast<unsigned>(__builtin_ctzll(~(wm >> last)));
	return pos + stop;
}
#endif

// Counts the word [start, end) in seen.
inline void
saw(bl_token_extent_t &seen, size_t start, size_t end)
{
	if (seen.words++ == 0)
		seen.first_start = start;
	seen.last_end = end;
}

// bl_tokenize_some() and bl_tokenize_wanted(): with skip, words not
// wanted are only counted in *ext, else passed to fn unfolded.
bl_status_t
tokenize(const char *text, size_t len, const unsigned char *want, bool skip,
         size_t max_words, bl_token_fn fn, void *ctx, bl_token_extent_t *ext)
{
	bl_token_extent_t seen = { 0, 0, 0 };

	try {
		Folded word;
		size_t pos = 0, n;
		unsigned ch;

		while (pos < len && (max_words == 0 || seen.words < max_words)) {
			unsigned char b;

#ifdef __SSE2__
			if (skip && want) {
				size_t to;

				while (len - pos >= 64 &&
				       (to = skip_block(text, pos, want, max_words,
				                        seen)) != pos)
					pos = to;
				if (pos == len || (max_words && seen.words >= max_words))
					break;
			}
#endif
			// ASCII between words, skipped in one loop.
			while (pos < len &&
			       (b = static_cast<unsigned char>(text[pos])) < 0x80 &&
			       ascii_fold.to[b] == 0)
				pos++;
			if (pos == len)
				break;
			n = char_at(text, len, pos, &ch);
			if (!is_word(ch)) {
				pos += n;
				continue;
			}
			size_t start = pos;
			// Words the caller will not look at are only measured.
			bool fold = want == nullptr || ch >= 0x80 ||
			            want[ascii_fold.to[ch]];
			if (skip && !fold) {
				// Only counted: most such words are ASCII to an ASCII
				// end that is no apostrophe, measured here at once.
				size_t end = pos + 1;
				while (end < len && ascii_fold.to[
				       static_cast<unsigned char>(text[end])])
					end++;
				if (end == len || (static_cast<unsigned char>(text[end]) <
				                   0x80 && text[end] != '\'')) {
					saw(seen, start, pos = end);
					continue;
				}
			}
			word.clear();
			for (;;) {
				// text[pos] is a word character of n bytes.
				do {
					if (ch >= 0x80) {
						if (fold)
							word.add_lower(ch);
						pos += n;
						continue;
					}
					// A run of ASCII word characters, folded by table.
					unsigned char c;
					if (!fold) {
						while (pos < len && ascii_fold.to[
						       static_cast<unsigned char>(text[pos])])
							pos++;
						continue;
					}
					while (pos < len && (c = ascii_fold.to[
					       static_cast<unsigned char>(text[pos])]) != 0) {
						word.add_ascii(static_cast<char>(c));
						pos++;
					}
				} while (pos < len &&
				         (n = char_at(text, len, pos, &ch), is_word(ch)));
				if (pos >= len || !is_apostrophe(ch))
					break;
				size_t next = pos + n, m;
				unsigned after;
				if (next >= len ||
				    (m = char_at(text, len, next, &after), !is_word(after)))
					break;
				if (fold)
					word.add("'", 1);
				pos = next;
				n = m;
				ch = after;
			}
			saw(seen, start, pos);
			if (fold ? fn(ctx, start, pos, word.data(), word.size()) :
			           !skip && fn(ctx, start, pos, nullptr, 0))
				break;
		}
		if (ext)
			*ext = seen;
		return BL_OK;
	} catch (const std::bad_alloc &) {
		return BL_ERR_NOMEM;
	} catch (...) {
		return BL_ERR_INTERNAL;
	}
}

}  // namespace

extern "C" {

bl_status_t
bl_tokenize(const char *text, size_t len, bl_token_fn fn, void *ctx)
{
	return tokenize(text, len, nullptr, false, 0, fn, ctx, nullptr);
}

bl_status_t
bl_tokenize_some(const char *text, size_t len, const unsigned char *want,
                 bl_token_fn fn, void *ctx)
{
	return tokenize(text, len, want, false, 0, fn, ctx, nullptr);
}

bl_status_t
bl_tokenize_wanted(const char *text, size_t len, const unsigned char *want,
                   size_t max_words, bl_token_fn fn, void *ctx,
                   bl_token_extent_t *extent)
{
	return tokenize(text, len, want, true, max_words, fn, ctx, extent);
}

}  // extern "C"
