/* bl_minhash.c - MinHash signatures of article bodies. */
#include "bl_minhash.h"

#include <inttypes.h>
#include <string.h>

#include "bl_db.h"

static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

typedef struct shingler {
	uint64_t w[3];          /* hashes of the last three words */
	size_t nwords;
	uint32_t *sig;
	uint64_t seeds[BL_MINHASH_N];
} shingler_t;

static int
on_word(void *ctx, size_t start, size_t end, const char *w, size_t n)
{
	shingler_t *sh = ctx;
	uint64_t h = 0xcbf29ce484222325ULL, x;
	size_t i;

	(void)start;
	(void)end;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 0x100000001b3ULL;
	sh->w[0] = sh->w[1];
	sh->w[1] = sh->w[2];
	sh->w[2] = h;
	if (++sh->nwords < 3)
		return 0;
	x = mix64(sh->w[0] * 31 + mix64(sh->w[1] * 17 + mix64(sh->w[2])));
	for (i = 0; i < BL_MINHASH_N; i++) {
		uint32_t v = (uint32_t)(mix64(x ^ sh->seeds[i]) >> 32);

		if (v < sh->sig[i])
			sh->sig[i] = v;
	}
	return 0;
}

bl_status_t
bl_minhash(const char *text, size_t len, uint32_t sig[BL_MINHASH_N],
           size_t *nwords)
{
	shingler_t sh;
	size_t i;
	bl_status_t st;

	memset(&sh, 0, sizeof sh);
	sh.sig = sig;
	for (i = 0; i < BL_MINHASH_N; i++) {
		sig[i] = UINT32_MAX;
		sh.seeds[i] = mix64(0x9E3779B97F4A7C15ULL * (i + 1));
	}
	st = bl_tokenize(text, len, on_word, &sh);
	*nwords = sh.nwords;
	return st;
}

unsigned
bl_minhash_agree(const uint32_t a[BL_MINHASH_N], const uint32_t b[BL_MINHASH_N])
{
	unsigned i, n = 0;

	for (i = 0; i < BL_MINHASH_N; i++)
		n += a[i] == b[i];
	return n;
}

bl_status_t
bl_minhash_band_term(const uint32_t sig[BL_MINHASH_N], unsigned b,
                     bl_buf_t *out)
{
	const unsigned rows = BL_MINHASH_N / BL_MINHASH_BANDS;
	uint64_t h = 0;
	unsigned i;

	for (i = 0; i < rows; i++)
		h = mix64(h ^ sig[b * rows + i]);
	return bl_buf_printf(out, BL_PREFIX_BAND "%u%016" PRIx64, b, h);
}

void
bl_minhash_encode(const uint32_t sig[BL_MINHASH_N], unsigned char *out)
{
	unsigned i;

	for (i = 0; i < BL_MINHASH_N; i++) {
		out[4 * i] = (unsigned char)sig[i];
		out[4 * i + 1] = (unsigned char)(sig[i] >> 8);
		out[4 * i + 2] = (unsigned char)(sig[i] >> 16);
		out[4 * i + 3] = (unsigned char)(sig[i] >> 24);
	}
}

int
bl_minhash_decode(const void *data, size_t len, uint32_t sig[BL_MINHASH_N])
{
	const unsigned char *p = data;
	unsigned i;

	if (len != 4 * BL_MINHASH_N)
		return 0;
	for (i = 0; i < BL_MINHASH_N; i++)
		sig[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		         (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	return 1;
}
