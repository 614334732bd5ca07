/* info.h - byline-search --info: what an index holds. */
#ifndef INFO_H
#define INFO_H

#include <stdbool.h>

#include "bl_buf.h"
#include "bl_db.h"

/* Appends facts about the index db opened from path to out, as text or
 * JSON: documents, files, language, date range, size on disk, last update,
 * fields present. Returns BL_OK or the failing status (message in
 * bl_db_last_error(db)). */
bl_status_t info_render(bl_db_t *db, const char *path, bool json,
                        bl_buf_t *out);

#endif
