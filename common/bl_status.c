/* bl_status.c - human-readable names for bl_status_t. */
#include "bl_status.h"

const char *
bl_status_str(bl_status_t status)
{
	switch (status) {
	case BL_OK: return "success";
	case BL_ERR_NOMEM: return "out of memory";
	case BL_ERR_IO: return "input/output error";
	case BL_ERR_NOT_FOUND: return "not found";
	case BL_ERR_LOCKED: return "index is locked by another writer";
	case BL_ERR_MODIFIED: return "index was modified while reading";
	case BL_ERR_CORRUPT: return "data is damaged";
	case BL_ERR_QUERY_SYNTAX: return "query syntax error";
	case BL_ERR_NETWORK: return "network error";
	case BL_ERR_LIMIT: return "size limit exceeded";
	case BL_ERR_INVALID: return "invalid argument";
	case BL_ERR_VERSION: return "unsupported index version";
	case BL_ERR_XAPIAN: return "Xapian error";
	case BL_ERR_INTERNAL: return "internal error";
	}
	return "unknown status";
}
