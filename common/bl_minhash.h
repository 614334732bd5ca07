/* bl_minhash.h - MinHash signatures of article bodies, for finding the same
 * story printed in several places. */
#ifndef BL_MINHASH_H
#define BL_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#include "bl_buf.h"
#include "bl_schema.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Computes the BL_MINHASH_N MinHash values of the set of word 3-shingles of
 * text (words folded as the indexer folds them). *nwords receives the
 * number of words; with fewer than 3 the signature is all 0xFFFFFFFF.
 * Returns BL_OK or BL_ERR_NOMEM. */
bl_status_t bl_minhash(const char *text, size_t len,
                       uint32_t sig[BL_MINHASH_N], size_t *nwords);

/* The number of positions at which two signatures agree: an estimate of
 * BL_MINHASH_N times the Jaccard similarity of the two shingle sets. */
unsigned bl_minhash_agree(const uint32_t a[BL_MINHASH_N],
                          const uint32_t b[BL_MINHASH_N]);

/* Appends the term of band b (0 <= b < BL_MINHASH_BANDS) of sig to out. */
bl_status_t bl_minhash_band_term(const uint32_t sig[BL_MINHASH_N], unsigned b,
                                 bl_buf_t *out);

/* Serialises sig into out (4 * BL_MINHASH_N bytes, little-endian), and
 * back; bl_minhash_decode returns 0 unless len is exactly that size. */
void bl_minhash_encode(const uint32_t sig[BL_MINHASH_N], unsigned char *out);
int bl_minhash_decode(const void *data, size_t len, uint32_t sig[BL_MINHASH_N]);

#ifdef __cplusplus
}
#endif

#endif
