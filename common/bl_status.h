/* bl_status.h - status codes shared by every Byline library function. */
#ifndef BL_STATUS_H
#define BL_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible function in common/ returns one of these; 0 is success.
 * Keep bl_status_str() in bl_status.c in step with this list. */
typedef enum bl_status {
	BL_OK = 0,
	BL_ERR_NOMEM,        /* allocation failed */
	BL_ERR_IO,           /* read/write/open failed (errno-style) */
	BL_ERR_NOT_FOUND,    /* index, file, document or key does not exist */
	BL_ERR_LOCKED,       /* index is locked by another writer */
	BL_ERR_MODIFIED,     /* index changed under a reader; retries exhausted */
	BL_ERR_CORRUPT,      /* index or input data is damaged */
	BL_ERR_QUERY_SYNTAX, /* the query could not be parsed */
	BL_ERR_NETWORK,      /* remote backend unreachable or timed out */
	BL_ERR_LIMIT,        /* a size or count cap was hit */
	BL_ERR_INVALID,      /* bad argument or malformed input */
	BL_ERR_VERSION,      /* index written by an unknown schema version */
	BL_ERR_XAPIAN,       /* any other Xapian error */
	BL_ERR_INTERNAL      /* unexpected C++ exception or broken invariant */
} bl_status_t;

/* Returns a short static English description of status; never NULL. */
const char *bl_status_str(bl_status_t status);

#ifdef __cplusplus
}
#endif

#endif
