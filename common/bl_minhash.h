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

/* The hash of one word (FNV-1a of its bytes) for bl_minhash_words(). */
uint64_t bl_minhash_word(const char *w, size_t n);

/* Computes the BL_MINHASH_N MinHash values of the set of 3-shingles of a
 * text's words, given as their hashes words[0..n) in text order. With
 * fewer than 3 words the signature is all 0xFFFFFFFF. */
void bl_minhash_words(const uint64_t *words, size_t n,
                      uint32_t sig[BL_MINHASH_N]);

/* The number of positions at which two signatures agree: an estimate of
 * BL_MINHASH_N times the Jaccard similarity of the two shingle sets. */
unsigned bl_minhash_agree(const uint32_t a[BL_MINHASH_N],
                          const uint32_t b[BL_MINHASH_N]);

/* The hash of band b (0 <= b < BL_MINHASH_BANDS) of sig: signatures
 * that agree on the band's BL_MINHASH_N / BL_MINHASH_BANDS values have
 * the same hash (and others, rarely, too). */
uint32_t bl_minhash_band(const uint32_t sig[BL_MINHASH_N], unsigned b);

/* Serialises sig into out (4 * BL_MINHASH_N bytes, little-endian), and
 * back; bl_minhash_decode returns 0 unless len is exactly that size. */
void bl_minhash_encode(const uint32_t sig[BL_MINHASH_N], unsigned char *out);
int bl_minhash_decode(const void *data, size_t len, uint32_t sig[BL_MINHASH_N]);

#ifdef __cplusplus
}
#endif

#endif
