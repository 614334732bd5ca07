/* bl_snippet.c - query-biased snippets with highlighted matches.
 * Does what Xapian's MSet::snippet() does for Byline's needs at a fraction
 * of its cost: words are stemmed only when they could match a stemmed
 * query term, the best window is found in one sliding pass over the
 * matches alone, and only the text around it is split into every word. */
#include "bl_snippet.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Highlighting looks at no more than this many words of one article. */
#define MAX_TOKENS 200000

typedef struct token {
	size_t start, end;
	int term;               /* index into the query terms, or -1 */
} token_t;

/* Stemming a word through Xapian costs thousands of instructions, and an
 * article repeats its words (the matching ones most of all): the outcome
 * for recent words is remembered, by hash, one word per slot. */
#define STEM_CACHE 64

typedef struct cached {
	char word[23];
	unsigned char len;      /* 0: empty */
	int term;               /* what match() returned for word */
} cached_t;

typedef struct scan {
	bl_db_t *db;
	const char **raw;       /* unprefixed query terms */
	size_t nraw;
	size_t *rawlen;
	const char **stems;     /* stemmed query terms without the Z */
	size_t *stemlen;
	size_t nstems;
	size_t keep;            /* bytes of a stem its word surely starts with */
	token_t *toks;
	size_t ntoks, cap;
	size_t base;            /* offset of the text being split */
	bool all;               /* keep every word, not only the matches */
	bl_buf_t stem;
	cached_t cache[STEM_CACHE];
	unsigned char first[256];  /* the terms' first bytes */
	bl_status_t err;
} scan_t;

static size_t
hash(const char *s, size_t len)
{
	size_t h = 2166136261u;

	while (len--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* True for the English (Porter2) stemmer, which at most rewrites the last
 * two bytes of what becomes the stem: dying -> die, possibility -> possibl,
 * skies -> sky, happy -> happi. So a word can stem to a stem only if it
 * starts with all but the stem's last two bytes (checked over the 225k
 * words of Reuters-21578 and 20 Newsgroups), and it never lengthens a
 * word, so a word shorter than the stem cannot match it (of, on, or for
 * oil). Most words that share a stem's first letter are passed over
 * without stemming them. Other
 * languages may rewrite more (German ß -> ss): only the first byte is
 * compared. */
static bool
english(const char *lang)
{
	return lang && (strcmp(lang, "english") == 0 || strcmp(lang, "en") == 0);
}

/* Index of the query term word matches, or -1. Raw terms come first, then
 * stems, so one array of counters covers both. */
static int
match(scan_t *sc, const char *word, size_t len)
{
	size_t i;
	bool tried = false;
	int found = -1;
	cached_t *c = NULL;

	for (i = 0; i < sc->nraw; i++)
		if (sc->rawlen[i] == len && memcmp(sc->raw[i], word, len) == 0)
			return (int)i;
	for (i = 0; i < sc->nstems; i++) {
		size_t keep = sc->stemlen[i] > sc->keep ?
		              sc->stemlen[i] - sc->keep : 1;

		/* Snowball stemmers rewrite suffixes only: a word that does not
		 * start as the stem does cannot stem to it. */
		if (sc->stems[i][0] != word[0] || keep > len ||
		    (sc->keep != SIZE_MAX && len < sc->stemlen[i]) ||
		    memcmp(sc->stems[i], word, keep) != 0)
			continue;
		if (!tried) {
			if (len < sizeof c->word) {
				c = &sc->cache[hash(word, len) % STEM_CACHE];
				if (c->len == len && memcmp(c->word, word, len) == 0)
					return c->term;
			}
			bl_buf_reset(&sc->stem);
			if (bl_db_stem(sc->db, word, len, &sc->stem) != BL_OK)
				return -1;
			tried = true;
		}
		if (strcmp(sc->stems[i], bl_buf_cstr(&sc->stem)) == 0) {
			found = (int)(sc->nraw + i);
			break;
		}
	}
	if (c != NULL) {
		memcpy(c->word, word, len);
		c->len = (unsigned char)len;
		c->term = found;
	}
	return found;
}

static int
on_token(void *ctx, size_t start, size_t end, const char *folded, size_t n)
{
	scan_t *sc = ctx;
	token_t *t;

	if (sc->ntoks == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 256;

		t = realloc(sc->toks, cap * sizeof *t);
		if (t == NULL) {
			sc->err = BL_ERR_NOMEM;
			return 1;
		}
		sc->toks = t;
		sc->cap = cap;
	}
	t = &sc->toks[sc->ntoks];
	t->start = sc->base + start;
	t->end = sc->base + end;
	t->term = folded ? match(sc, folded, n) : -1;
	if (t->term >= 0 || sc->all)
		sc->ntoks++;
	return 0;
}

/* Chooses the first token of the best window of at most max_len bytes. */
static size_t
best_window(const scan_t *sc, size_t max_len)
{
	size_t nterms = sc->nraw + sc->nstems, i, j = 0, best = 0;
	long best_score = -1, score;
	size_t distinct = 0, hits = 0;
	size_t *count = calloc(nterms + 1, sizeof *count);

	if (count == NULL)
		return 0;
	for (i = 0; i < sc->ntoks; i++) {
		const token_t *ti = &sc->toks[i];

		if (j < i)
			j = i;
		while (j < sc->ntoks && sc->toks[j].end - ti->start <= max_len) {
			int t = sc->toks[j].term;

			if (t >= 0) {
				if (count[t]++ == 0)
					distinct++;
				hits++;
			}
			j++;
		}
		if (ti->term >= 0) {
			score = (long)distinct * 1000 + (long)hits;
			if (score > best_score) {
				best_score = score;
				best = i;
			}
		}
		if (ti->term >= 0 && j > i) {
			if (--count[ti->term] == 0)
				distinct--;
			hits--;
		}
	}
	free(count);
	return best;
}

/* True if an opening quote or bracket ends at pos: ", ', (, [, “ or ‘. */
static size_t
opener_before(const char *text, size_t pos)
{
	if (pos >= 1 && strchr("\"'([", text[pos - 1]) && text[pos - 1])
		return 1;
	if (pos >= 3 && (unsigned char)text[pos - 3] == 0xE2 &&
	    (unsigned char)text[pos - 2] == 0x80 &&
	    ((unsigned char)text[pos - 1] == 0x9C ||
	     (unsigned char)text[pos - 1] == 0x98))
		return 3;
	return 0;
}

/* The start of the text that belongs with the word at pos: any opening
 * quotes or brackets glued to it. */
static size_t
word_start(const char *text, size_t pos)
{
	size_t n;

	while ((n = opener_before(text, pos)) != 0)
		pos -= n;
	return pos;
}

static bool
ends_sentence(const char *text, size_t pos)
{
	pos = word_start(text, pos);
	while (pos > 0 && (text[pos - 1] == ' ' || text[pos - 1] == '\t'))
		pos--;
	if (pos == 0)
		return true;
	switch (text[pos - 1]) {
	case '.': case '!': case '?': case '\n': case '\r':
		return true;
	default:
		return false;
	}
}

/* The largest character boundary at or before pos (at most len). */
static size_t
char_start(const char *text, size_t len, size_t pos)
{
	if (pos >= len)
		return len;
	while (pos > 0 && ((unsigned char)text[pos] & 0xC0) == 0x80)
		pos--;
	return pos;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Records [start, end) of text as highlighted, merging it with the
 * previous range when only a space separates them (a phrase). */
static void
add_span(bl_snippet_t *s, const char *text, bl_span_t **spans, size_t *cap,
         size_t start, size_t end, bl_status_t *err)
{
	size_t prev = s->nspans ? s->spans[s->nspans - 1].end : 0;

	if (s->nspans && (start == prev ||
	                  (start == prev + 1 && text[prev] == ' '))) {
		s->spans[s->nspans - 1].end = end;
		return;
	}
	if (s->nspans == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		bl_span_t *p = realloc(*spans, ncap * sizeof *p);

		if (p == NULL) {
			*err = BL_ERR_NOMEM;
			return;
		}
		*spans = p;
		*cap = ncap;
		s->spans = p;
	}
	s->spans[s->nspans].start = start;
	s->spans[s->nspans].end = end;
	s->nspans++;
}

/* Copies text[from..to) into out with white space folded, recording the
 * highlighted tokens first..last as spans. */
static bl_status_t
emit(const char *text, size_t len, const scan_t *sc, size_t first,
     size_t last, size_t from, size_t to, bl_snippet_t *out)
{
	bl_buf_t b;
	bl_span_t *spans = NULL;
	size_t cap = 0, k = first, i, hl_start = 0;
	bool space = false, in_hl = false;
	bl_status_t err = BL_OK;

	bl_buf_init(&b, SIZE_MAX);
	out->spans = NULL;
	out->nspans = 0;
	if (from > 0)
		bl_buf_puts(&b, "\xE2\x80\xA6");   /* … */
	for (i = from; i < to;) {
		const token_t *t = k <= last && k < sc->ntoks ? &sc->toks[k] :
		                                                NULL;

		if (t && i == t->start && t->term >= 0) {
			if (space)
				bl_buf_putc(&b, ' ');
			space = false;
			in_hl = true;
			hl_start = b.len;
		}
		if (is_space(text[i])) {
			if (b.len > 0)
				space = true;
			i++;
		} else {
			/* Up to white space or the next word's start or end. */
			size_t j = i + 1, stop = to;

			if (t && t->start > i && t->start < stop)
				stop = t->start;
			if (t && t->end > i && t->end < stop)
				stop = t->end;
			while (j < stop && !is_space(text[j]))
				j++;
			if (space)
				bl_buf_putc(&b, ' ');
			space = false;
			bl_buf_append(&b, text + i, j - i);
			i = j;
		}
		if (t && i == t->end) {
			if (in_hl)
				add_span(out, b.data, &spans, &cap, hl_start, b.len, &err);
			in_hl = false;
			k++;
		}
	}
	if (to < len)
		bl_buf_puts(&b, "\xE2\x80\xA6");
	if (b.err != BL_OK || err != BL_OK) {
		free(spans);
		bl_buf_free(&b);
		out->spans = NULL;
		out->nspans = 0;
		return BL_ERR_NOMEM;
	}
	out->text = bl_buf_detach(&b, &out->len);
	bl_buf_free(&b);
	return out->text ? BL_OK : BL_ERR_NOMEM;
}

bl_status_t
bl_snippet_make(bl_db_t *db, const char *text, size_t len,
                const bl_strlist_t *terms, size_t max_len, bl_snippet_t *out)
{
	scan_t sc;
	bl_token_extent_t ext;
	size_t i, first, start, last, from, to, at, lo, hi;
	bl_status_t st;

	memset(&sc, 0, sizeof sc);
	memset(out, 0, sizeof *out);
	sc.db = db;
	bl_buf_init(&sc.stem, 4096);
	if (max_len == 0)
		max_len = BL_SNIPPET_DEFAULT_LEN;
	sc.raw = calloc(terms->n + 1, sizeof *sc.raw);
	sc.rawlen = calloc(terms->n + 1, sizeof *sc.rawlen);
	sc.stems = calloc(terms->n + 1, sizeof *sc.stems);
	sc.stemlen = calloc(terms->n + 1, sizeof *sc.stemlen);
	if (sc.raw == NULL || sc.rawlen == NULL || sc.stems == NULL ||
	    sc.stemlen == NULL) {
		st = BL_ERR_NOMEM;
		goto done;
	}
	for (i = 0; i < terms->n; i++) {
		const char *t = terms->items[i];

		if (t[0] == 'Z' && t[1] && !is_upper(t[1])) {
			sc.stemlen[sc.nstems] = strlen(t + 1);
			sc.stems[sc.nstems++] = t + 1;
		} else if (t[0] && !is_upper(t[0])) {
			sc.rawlen[sc.nraw] = strlen(t);
			sc.raw[sc.nraw++] = t;
		}
	}
	sc.keep = english(bl_db_language(db)) ? 2 : SIZE_MAX;
	/* A word matches a term only if it begins with the term's first byte
	 * (match()); the rest are only measured. */
	for (i = 0; i < sc.nraw; i++)
		sc.first[(unsigned char)sc.raw[i][0]] = 1;
	for (i = 0; i < sc.nstems; i++)
		sc.first[(unsigned char)sc.stems[i][0]] = 1;
	/* First the matches alone, then every word around the best window:
	 * the words that run into it from max_len / 4 before (for context)
	 * to max_len after. No word spans white space. */
	st = bl_tokenize_wanted(text, len, sc.first, MAX_TOKENS, on_token, &sc,
	                        &ext);
	if (st == BL_OK)
		st = sc.err;
	if (st != BL_OK)
		goto done;
	if (ext.words == 0) {
		st = emit(text, len, &sc, 1, 0, 0, char_start(text, len, max_len),
		          out);
		goto done;
	}
	at = sc.ntoks ? sc.toks[best_window(&sc, max_len)].start :
	                ext.first_start;
	lo = at > max_len / 4 ? at - max_len / 4 : 0;
	while (lo > 0 && !is_space(text[lo - 1]))
		lo--;
	hi = len - at > max_len ? at + max_len : len;
	while (hi < len && !is_space(text[hi]))
		hi++;
	if (hi > ext.last_end)
		hi = ext.last_end;
	sc.ntoks = 0;
	sc.all = true;
	sc.base = lo;
	st = bl_tokenize_some(text + lo, hi - lo, sc.first, on_token, &sc);
	if (st == BL_OK)
		st = sc.err;
	if (st != BL_OK)
		goto done;
	for (first = 0; first + 1 < sc.ntoks && sc.toks[first].start < at;
	     first++)
		;
	/* Step back for context, to a sentence start when one is near. */
	start = first;
	for (i = first; i > 0 && sc.toks[first].start - sc.toks[i - 1].start <=
	                         max_len / 4; i--) {
		start = i - 1;
		if (ends_sentence(text, sc.toks[i - 1].start))
			break;
	}
	if (ends_sentence(text, sc.toks[first].start))
		start = first;
	last = start;
	while (last + 1 < sc.ntoks &&
	       sc.toks[last + 1].end - sc.toks[start].start <= max_len)
		last++;
	from = sc.toks[start].start == ext.first_start ? 0 :
	       word_start(text, sc.toks[start].start);
	to = sc.toks[last].end == ext.last_end ? len : sc.toks[last].end;
	/* Keep closing punctuation glued to the last word. */
	while (to < len && !is_space(text[to]) && to - sc.toks[last].end < 4)
		to++;
	to = char_start(text, len, to);
	st = emit(text, len, &sc, start, last, from, to, out);
done:
	free(sc.raw);
	free(sc.rawlen);
	free(sc.stems);
	free(sc.stemlen);
	free(sc.toks);
	bl_buf_free(&sc.stem);
	return st;
}

void
bl_snippet_clear(bl_snippet_t *s)
{
	if (s == NULL)
		return;
	free(s->text);
	free(s->spans);
	memset(s, 0, sizeof *s);
}
