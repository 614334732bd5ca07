/* test_article.c - Check suite for bl_article: setting fields, string lists, and the stored form. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bl_article.h"

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))
/* A string literal and its length, NULs included. */
#define S(s) s, sizeof (s) - 1

/* want NULL: the field is left unset. */
static const struct {
	const char *in;
	size_t len;
	bool keep_lines;
	const char *want;
} set_cases[] = {
	{ S("Harbour reopens"), false, "Harbour reopens" },
	{ S("  Hello   world \n"), false, "Hello world" },
	{ S("\t a\n\nb \r\n"), false, "a b" },
	{ S("a\fb\vc\r\nd"), false, "a b c d" },
	{ S("line1\n\n  line2  \n"), true, "line1\n\n  line2" },
	{ S("\n\n  para\r\n"), true, "para" },
	{ S("caf\xE9  au\tlait"), false, "caf\xC3\xA9 au lait" },
	{ S("\x93Quoted\x94"), false, "\xE2\x80\x9CQuoted\xE2\x80\x9D" },
	{ S("a\0b"), false, "a\xEF\xBF\xBD" "b" },	/* a NUL cannot end the string early */
	{ S(""), false, NULL },
	{ S("   \n\t "), false, NULL },
	{ S(" \r\n \n"), true, NULL },
	{ S("x"), true, "x" },
};

START_TEST(test_set)
{
	char *field = NULL;

	ck_assert_int_eq(bl_article_set(&field, set_cases[_i].in, set_cases[_i].len,
		set_cases[_i].keep_lines), BL_OK);
	if (set_cases[_i].want == NULL)
		ck_assert_ptr_null(field);
	else
		ck_assert_pstr_eq(field, set_cases[_i].want);
	free(field);
}
END_TEST

/* Setting replaces the old value, and an empty value removes it. */
START_TEST(test_set_replaces)
{
	char *field = NULL;

	ck_assert_int_eq(bl_article_set(&field, S("old"), false), BL_OK);
	ck_assert_str_eq(field, "old");
	ck_assert_int_eq(bl_article_set(&field, S(" new "), false), BL_OK);
	ck_assert_str_eq(field, "new");
	ck_assert_int_eq(bl_article_set(&field, S("  "), false), BL_OK);
	ck_assert_ptr_null(field);
	ck_assert_int_eq(bl_article_set_exact(&field, S("id")), BL_OK);
	ck_assert_int_eq(bl_article_set_exact(&field, S("id2")), BL_OK);
	ck_assert_str_eq(field, "id2");
	free(field);
}
END_TEST

static const struct {
	const char *in;
	size_t len;
	const char *want;
} exact_cases[] = {
	{ S("  spaced  \n"), "  spaced  \n" },
	{ S("a\t\tb"), "a\t\tb" },
	{ S("/archive/caf\xE9.txt"), "/archive/caf\xC3\xA9.txt" },
	{ S("x\0y"), "x\xEF\xBF\xBDy" },
	{ S(""), "" },
};

START_TEST(test_set_exact)
{
	char *field = NULL;

	ck_assert_int_eq(bl_article_set_exact(&field, exact_cases[_i].in, exact_cases[_i].len),
		BL_OK);
	ck_assert_pstr_eq(field, exact_cases[_i].want);
	free(field);
}
END_TEST

START_TEST(test_set_body)
{
	bl_article_t a;

	bl_article_init(&a);
	ck_assert_int_eq(bl_article_set_body(&a, S("\n  First line.\n\nSecond  line.\n\n")), BL_OK);
	ck_assert_str_eq(a.body, "First line.\n\nSecond  line.");
	ck_assert_uint_eq(a.body_len, strlen(a.body));
	ck_assert_int_eq(bl_article_set_body(&a, S("caf\xE9")), BL_OK);
	ck_assert_str_eq(a.body, "caf\xC3\xA9");
	ck_assert_uint_eq(a.body_len, 5);
	ck_assert_int_eq(bl_article_set_body(&a, S(" \n ")), BL_OK);
	ck_assert_ptr_null(a.body);
	ck_assert_uint_eq(a.body_len, 0);
	bl_article_clear(&a);
}
END_TEST

START_TEST(test_strlist)
{
	static const char *const adds[] = {
		"Politics", " politics ", "POLITICS", "", "   ", "Economy", "  Trade\n  war ",
		"trade war", "caf\xE9", "CAF\xC3\x89", "Caf\xC3\xA9",
	};
	static const char *const want[] = {
		"Politics", "Economy", "Trade war", "caf\xC3\xA9", "CAF\xC3\x89",
	};
	bl_strlist_t list = { NULL, 0 };
	size_t i;

	for (i = 0; i < sizeof adds / sizeof adds[0]; i++)
		ck_assert_int_eq(bl_strlist_add(&list, adds[i], strlen(adds[i])), BL_OK);
	/* Case folding is ASCII only: "CAFÉ" differs from "café" in a letter
	 * outside ASCII; "Café" matches the repaired Latin-1 "café". */
	ck_assert_uint_eq(list.n, sizeof want / sizeof want[0]);
	for (i = 0; i < list.n; i++)
		ck_assert_str_eq(list.items[i], want[i]);
	bl_strlist_clear(&list);
	ck_assert_ptr_null(list.items);
	ck_assert_uint_eq(list.n, 0);
	bl_strlist_clear(&list);
	bl_strlist_clear(NULL);
}
END_TEST

/* An article with every field set. */
static void
fill(bl_article_t *a)
{
	bl_article_init(a);
	ck_assert_int_eq(bl_article_set_exact(&a->id, S("reuters-1987-0042")), BL_OK);
	ck_assert_int_eq(bl_article_set_exact(&a->path, S("/news/1987/reut2-000.sgm")), BL_OK);
	ck_assert_int_eq(bl_article_set(&a->title, S("Caf\xC3\xA9 prices \"soar\""), false), BL_OK);
	ck_assert_int_eq(bl_article_set(&a->author, S("J. Sm\xC3\xADth"), false), BL_OK);
	ck_assert_int_eq(bl_article_set(&a->source, S("Reuters"), false), BL_OK);
	ck_assert_int_eq(bl_article_set(&a->url, S("https://example.org/a?b=1&c=2"), false),
		BL_OK);
	ck_assert_int_eq(bl_article_set(&a->language, S("en"), false), BL_OK);
	ck_assert_int_eq(bl_strlist_add(&a->categories, S("coffee")), BL_OK);
	ck_assert_int_eq(bl_strlist_add(&a->categories, S("trade")), BL_OK);
	ck_assert_int_eq(bl_strlist_add(&a->places, S("brazil")), BL_OK);
	ck_assert_int_eq(bl_strlist_add(&a->places, S("S\xC3\xA3o Paulo")), BL_OK);
	a->date = INT64_C(541350061);
	a->has_date = true;
	ck_assert_int_eq(bl_article_set_body(a, S("Coffee prices rose.\n\nTraders said so.")),
		BL_OK);
}

static void
assert_same_list(const bl_strlist_t *x, const bl_strlist_t *y)
{
	size_t i;

	ck_assert_uint_eq(x->n, y->n);
	for (i = 0; i < x->n; i++)
		ck_assert_str_eq(x->items[i], y->items[i]);
}

static void
assert_same(const bl_article_t *x, const bl_article_t *y)
{
	ck_assert_pstr_eq(x->id, y->id);
	ck_assert_pstr_eq(x->path, y->path);
	ck_assert_pstr_eq(x->title, y->title);
	ck_assert_pstr_eq(x->author, y->author);
	ck_assert_pstr_eq(x->source, y->source);
	ck_assert_pstr_eq(x->url, y->url);
	ck_assert_pstr_eq(x->language, y->language);
	assert_same_list(&x->categories, &y->categories);
	assert_same_list(&x->places, &y->places);
	ck_assert_int_eq(x->has_date, y->has_date);
	if (x->has_date)
		ck_assert_int_eq(x->date, y->date);
	ck_assert_uint_eq(x->body_len, y->body_len);
	if (x->body == NULL)
		ck_assert_ptr_null(y->body);
	else
		ck_assert_mem_eq(x->body, y->body, x->body_len + 1);
}

static void
round_trip(const bl_article_t *a, bl_buf_t *enc)
{
	bl_article_t back;

	bl_buf_init(enc, 0);
	ck_assert_int_eq(bl_article_encode(a, enc), BL_OK);
	bl_article_init(&back);
	ck_assert_int_eq(bl_article_decode(enc->data, enc->len, &back), BL_OK);
	assert_same(a, &back);
	bl_article_clear(&back);
}

START_TEST(test_round_trip)
{
	bl_article_t a;
	bl_buf_t enc;

	fill(&a);
	round_trip(&a, &enc);
	bl_buf_free(&enc);
	bl_article_clear(&a);
}
END_TEST

/* Each field alone, so a field that is dropped or swapped shows. */
START_TEST(test_round_trip_sparse)
{
	bl_article_t a;
	bl_buf_t enc;

	bl_article_init(&a);
	round_trip(&a, &enc);
	ck_assert_uint_eq(enc.len, 0);	/* nothing set, nothing stored */
	bl_buf_free(&enc);
	ck_assert_int_eq(bl_article_set(&a.author, S("Only Author"), false), BL_OK);
	round_trip(&a, &enc);
	bl_buf_free(&enc);
	bl_article_clear(&a);
	ck_assert_int_eq(bl_strlist_add(&a.places, S("chile")), BL_OK);
	round_trip(&a, &enc);
	bl_buf_free(&enc);
	bl_article_clear(&a);
}
END_TEST

static const struct {
	bool has_date;
	int64_t date;
} date_cases[] = {
	{ true, INT64_C(1723048980) },
	{ true, INT64_C(0) },
	{ true, INT64_C(-1) },
	{ true, INT64_C(-378691200) },	/* 1958-01-01 */
	{ true, INT64_C(-30610224000) },	/* 1000-01-01 */
	{ true, INT64_MAX },
	{ true, INT64_MIN },
	{ false, INT64_C(0) },
	{ false, INT64_C(1723048980) },	/* a date not flagged is not stored */
};

START_TEST(test_round_trip_date)
{
	bl_article_t a, back;
	bl_buf_t enc;

	bl_article_init(&a);
	ck_assert_int_eq(bl_article_set(&a.title, S("dated"), false), BL_OK);
	a.has_date = date_cases[_i].has_date;
	a.date = date_cases[_i].date;
	bl_buf_init(&enc, 0);
	ck_assert_int_eq(bl_article_encode(&a, &enc), BL_OK);
	bl_article_init(&back);
	ck_assert_int_eq(bl_article_decode(enc.data, enc.len, &back), BL_OK);
	ck_assert_int_eq(back.has_date, date_cases[_i].has_date);
	if (date_cases[_i].has_date)
		ck_assert_int_eq(back.date, date_cases[_i].date);
	ck_assert_str_eq(back.title, "dated");
	bl_article_clear(&back);
	bl_buf_free(&enc);
	bl_article_clear(&a);
}
END_TEST

/* A body of n bytes of news-like, very repetitive text. */
static void
set_repetitive_body(bl_article_t *a, size_t n)
{
	static const char sentence[] = "The council voted again on the harbour plan. ";
	char *body = malloc(n + 1);
	size_t i;

	ck_assert_ptr_nonnull(body);
	for (i = 0; i < n; i++)
		body[i] = sentence[i % (sizeof sentence - 1)];
	body[n] = '\0';
	free(a->body);
	a->body = body;
	a->body_len = n;
}

/* True if the body is stored as it is (not compressed) in enc. */
static bool
stored_plain(const bl_buf_t *enc, const bl_article_t *a)
{
	size_t i;

	if (enc->len < a->body_len)
		return false;
	for (i = 0; i + a->body_len <= enc->len; i++)
		if (memcmp(enc->data + i, a->body, a->body_len) == 0)
			return true;
	return false;
}

/* Bodies of every size are stored as they are: Xapian compresses the
 * document data, so compressing here too would only cost time. */
static const size_t body_sizes[] = { 15, 1023, 1024, 4096, 50 * 1024 };

START_TEST(test_body_stored_plain)
{
	bl_article_t a;
	bl_buf_t enc;

	fill(&a);
	set_repetitive_body(&a, body_sizes[_i]);
	round_trip(&a, &enc);
	ck_assert(stored_plain(&enc, &a));
	bl_buf_free(&enc);
	bl_article_clear(&a);
}
END_TEST

/* Indexes written by earlier versions hold long bodies zlib-compressed
 * (tag 'z', the raw length, the zlib data): they still decode. */
START_TEST(test_old_compressed_body)
{
	bl_article_t a, back;
	bl_buf_t enc, field;
	unsigned char *z;
	uLongf zlen;
	size_t i;

	fill(&a);
	set_repetitive_body(&a, 50 * 1024);
	zlen = compressBound((uLong)a.body_len);
	z = malloc(zlen);
	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(compress2(z, &zlen, (const Bytef *)a.body,
	                           (uLong)a.body_len, 6), Z_OK);
	bl_buf_init(&field, 0);
	for (i = a.body_len; i >= 0x80; i >>= 7)
		bl_buf_putc(&field, (char)(0x80 | (i & 0x7F)));
	bl_buf_putc(&field, (char)i);
	bl_buf_append(&field, z, zlen);
	bl_buf_init(&enc, 0);
	bl_buf_append(&enc, "t\x05" "title" "z", 8);
	for (i = field.len; i >= 0x80; i >>= 7)
		bl_buf_putc(&enc, (char)(0x80 | (i & 0x7F)));
	bl_buf_putc(&enc, (char)i);
	bl_buf_append(&enc, field.data, field.len);
	ck_assert_uint_lt(enc.len, 5000);
	bl_article_init(&back);
	ck_assert_int_eq(bl_article_decode(enc.data, enc.len, &back), BL_OK);
	ck_assert_pstr_eq(back.title, "title");
	ck_assert_uint_eq(back.body_len, a.body_len);
	ck_assert_str_eq(back.body, a.body);
	free(z);
	bl_buf_free(&field);
	bl_buf_free(&enc);
	bl_article_clear(&back);
	bl_article_clear(&a);
}
END_TEST

START_TEST(test_unknown_tags)
{
	static const char data[] = "X\x03" "abc" "t\x02" "hi" "\xff\x00" "\x01\x80\x01"
		"0123456789012345678901234567890123456789012345678901234567890123"
		"0123456789012345678901234567890123456789012345678901234567890123" "a\x02" "me";
	bl_article_t a;

	bl_article_init(&a);
	ck_assert_int_eq(bl_article_decode(data, sizeof data - 1, &a), BL_OK);
	ck_assert_pstr_eq(a.title, "hi");
	ck_assert_pstr_eq(a.author, "me");
	ck_assert_ptr_null(a.body);
	bl_article_clear(&a);
}
END_TEST

/* Decoding clears the record first, and a field seen twice keeps the last. */
START_TEST(test_decode_clears)
{
	bl_article_t a;

	fill(&a);
	ck_assert_int_eq(bl_article_decode(S("t\x03" "one" "t\x03" "two"), &a), BL_OK);
	ck_assert_pstr_eq(a.title, "two");
	ck_assert_ptr_null(a.id);
	ck_assert_ptr_null(a.body);
	ck_assert_uint_eq(a.categories.n, 0);
	ck_assert(!a.has_date);
	bl_article_clear(&a);
	bl_article_clear(NULL);
}
END_TEST

/* A date that is not a number is dropped, not an error. */
START_TEST(test_decode_bad_date)
{
	bl_article_t a;

	bl_article_init(&a);
	ck_assert_int_eq(bl_article_decode(S("d\x03" "abc"), &a), BL_OK);
	ck_assert(!a.has_date);
	ck_assert_int_eq(bl_article_decode(S("d\x00"), &a), BL_OK);
	ck_assert(!a.has_date);
	ck_assert_int_eq(bl_article_decode(S("d\x03" "12x"), &a), BL_OK);
	ck_assert(!a.has_date);
	bl_article_clear(&a);
}
END_TEST

static const struct {
	const char *data;
	size_t len;
} corrupt_cases[] = {
	{ S("t") },	/* no length */
	{ S("t\x80") },	/* varint cut short */
	{ S("t\xff\xff\xff") },
	{ S("t\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01" "x") },	/* varint too long */
	{ S("t\x05" "abc") },	/* length past the end */
	{ S("t\x02" "ab" "a\x01") },	/* second field past the end */
	{ S("t\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01" "abc") },	/* 2^64 - 1 */
	{ S("z\x00") },	/* 'z' without its raw length */
	{ S("z\x01\x80") },	/* raw length cut short */
	{ S("z\x07\x0a" "xxxxxx") },	/* not deflate data */
	{ S("z\x01\x0a") },	/* no deflate data at all */
	{ S("z\x05\x80\x80\x80\x80\x10") },	/* raw length 4 GiB: over the limit */
};

START_TEST(test_corrupt)
{
	bl_article_t a;

	bl_article_init(&a);
	ck_assert_int_eq(bl_article_decode(corrupt_cases[_i].data, corrupt_cases[_i].len, &a),
		BL_ERR_CORRUPT);
	bl_article_clear(&a);
}
END_TEST

/* Damage after a date field must not leak the date.
 * BUG (common/bl_article.c, bl_article_decode): the early
 * "return BL_ERR_CORRUPT" for a bad length skips free(date), so decoding
 * "d\x01" "5" "t\x05" "ab" leaks the copied date (LeakSanitizer and
 * valgrind report it; the fork then exits non-zero). */
START_TEST(test_corrupt_after_date)
{
	bl_article_t a;

	bl_article_init(&a);
	ck_assert_int_eq(bl_article_decode(S("d\x01" "5" "t\x05" "ab"), &a), BL_ERR_CORRUPT);
	ck_assert_int_eq(bl_article_decode(S("d\x02" "-1" "t"), &a), BL_ERR_CORRUPT);
	bl_article_clear(&a);
}
END_TEST

/* A real compressed body whose declared raw length lies. */
START_TEST(test_corrupt_raw_length)
{
	static const char body[] = "compressible compressible compressible compressible";
	unsigned char z[256], field[300];
	uLongf zlen = sizeof z;
	bl_article_t a;
	size_t n;
	int delta;

	ck_assert_int_eq(compress2(z, &zlen, (const Bytef *)body, sizeof body - 1, 6), Z_OK);
	bl_article_init(&a);
	for (delta = -1; delta <= 1; delta++) {
		n = 0;
		field[n++] = 'z';
		field[n++] = (unsigned char)(1 + zlen);
		field[n++] = (unsigned char)((int)(sizeof body - 1) + delta);
		memcpy(field + n, z, zlen);
		n += zlen;
		ck_assert_int_eq(bl_article_decode((const char *)field, n, &a),
			delta == 0 ? BL_OK : BL_ERR_CORRUPT);
		if (delta == 0) {
			ck_assert_str_eq(a.body, body);
			ck_assert_uint_eq(a.body_len, sizeof body - 1);
		}
	}
	bl_article_clear(&a);
}
END_TEST

/* Every prefix and every one-byte change of real stored data decodes or
 * is reported corrupt: never a crash, a leak or an overread. */
START_TEST(test_damaged)
{
	bl_article_t a, back;
	bl_buf_t enc;
	bl_status_t st;
	char *copy;
	size_t i;

	fill(&a);
	set_repetitive_body(&a, 3000);
	bl_buf_init(&enc, 0);
	ck_assert_int_eq(bl_article_encode(&a, &enc), BL_OK);
	bl_article_init(&back);
	for (i = 0; i < enc.len; i++) {
		copy = malloc(i ? i : 1);
		ck_assert_ptr_nonnull(copy);
		memcpy(copy, enc.data, i);
		st = bl_article_decode(copy, i, &back);
		if (st != BL_OK && st != BL_ERR_CORRUPT)
			ck_abort_msg("prefix of %zu bytes: %s", i, bl_status_str(st));
		free(copy);
	}
	/* The last field is the body: cutting it is corruption. */
	ck_assert_int_eq(bl_article_decode(enc.data, enc.len - 1, &back), BL_ERR_CORRUPT);
	copy = malloc(enc.len);
	ck_assert_ptr_nonnull(copy);
	for (i = 0; i < enc.len; i++) {
		memcpy(copy, enc.data, enc.len);
		copy[i] = (char)(copy[i] ^ 0x5A);
		st = bl_article_decode(copy, enc.len, &back);
		if (st != BL_OK && st != BL_ERR_CORRUPT)
			ck_abort_msg("byte %zu changed: %s", i, bl_status_str(st));
	}
	free(copy);
	bl_article_clear(&back);
	bl_buf_free(&enc);
	bl_article_clear(&a);
}
END_TEST

static Suite *
article_suite(void)
{
	Suite *s = suite_create("bl_article");
	TCase *fields = tcase_create("fields");
	TCase *stored = tcase_create("stored");
	TCase *errors = tcase_create("errors");

	tcase_add_loop_test(fields, test_set, 0, COUNT(set_cases));
	tcase_add_test(fields, test_set_replaces);
	tcase_add_loop_test(fields, test_set_exact, 0, COUNT(exact_cases));
	tcase_add_test(fields, test_set_body);
	tcase_add_test(fields, test_strlist);
	suite_add_tcase(s, fields);
	tcase_add_test(stored, test_round_trip);
	tcase_add_test(stored, test_round_trip_sparse);
	tcase_add_loop_test(stored, test_round_trip_date, 0, COUNT(date_cases));
	tcase_add_loop_test(stored, test_body_stored_plain, 0, COUNT(body_sizes));
	tcase_add_test(stored, test_old_compressed_body);
	tcase_add_test(stored, test_unknown_tags);
	tcase_add_test(stored, test_decode_clears);
	tcase_add_test(stored, test_decode_bad_date);
	suite_add_tcase(s, stored);
	tcase_add_loop_test(errors, test_corrupt, 0, COUNT(corrupt_cases));
	tcase_add_test(errors, test_corrupt_after_date);
	tcase_add_test(errors, test_corrupt_raw_length);
	tcase_add_test(errors, test_damaged);
	tcase_set_timeout(errors, 60);
	suite_add_tcase(s, errors);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(article_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
