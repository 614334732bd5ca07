/* bl_file.h - reading whole input files, plain or gzip-compressed. */
#ifndef BL_FILE_H
#define BL_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "bl_buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads the file at path into out (appending), decompressing it when its
 * content starts with the gzip magic, whatever its name. At most out->max
 * bytes are produced, which also bounds a gzip bomb.
 * Returns BL_OK; BL_ERR_IO (*err_no set from errno; EISDIR for a
 * non-regular file); BL_ERR_CORRUPT for damaged or truncated gzip data;
 * BL_ERR_LIMIT when the content is larger than the cap; BL_ERR_NOMEM.
 * On error out holds whatever was read. *compressed (may be NULL) is set
 * to 1 for gzip input. */
bl_status_t bl_file_read(const char *path, bl_buf_t *out, int *err_no,
                         int *compressed);

/* Total size in bytes of the regular files directly inside directory path
 * (an index is one level deep); 0 if it cannot be read. */
uint64_t bl_dir_size(const char *path);

/* Replaces the file at path with len bytes of data in one step: they are
 * written to a temporary file beside it, which is renamed over path, so
 * that a reader sees the old content or the new, never a partial one.
 * Returns 0, or an errno value (the temporary file is then removed). */
int bl_file_replace(const char *path, const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif
