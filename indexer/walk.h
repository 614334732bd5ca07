/* walk.h - finding the input files under the roots given to byline-index. */
#ifndef WALK_H
#define WALK_H

#include <sys/stat.h>

#include "bl_status.h"

/* Called for each regular file, in a stable (byte-wise sorted) order:
 * path as walked (root joined with the relative path), the path relative
 * to the root (the file name for a file root), and its stat. Return
 * non-zero to stop the walk. */
typedef int (*walk_file_fn)(void *ctx, const char *path, const char *rel,
                            const struct stat *sb);

/* Called for each entry that cannot be walked: path and reason. */
typedef void (*walk_warn_fn)(void *ctx, const char *path, const char *why);

/* Walks root (a directory, recursively, or a single file). Hidden entries
 * (names starting with '.') below the root and files whose name marks them
 * as obviously not text (images, archives, executables...) are passed
 * over silently; symbolic links are followed, but a directory is never
 * entered twice, so link loops end. Returns BL_OK, BL_ERR_NOT_FOUND or
 * BL_ERR_IO when root itself cannot be read (errno is kept), or
 * BL_ERR_NOMEM. Unreadable entries below root go to warn. */
bl_status_t walk(const char *root, walk_file_fn file, walk_warn_fn warn,
                 void *ctx);

/* True when name marks a file as not an article: an extension of a
 * binary or markup-definition format, or a collection's README, LICENSE,
 * COPYING... (bare or .txt/.md/.rst). */
int walk_is_ignored_name(const char *name);

#endif
