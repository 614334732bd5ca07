/* bl_daterange.h - date filters as typed in queries (date:, after:,
 * before:) resolved to ranges of time. */
#ifndef BL_DATERANGE_H
#define BL_DATERANGE_H

#include <stddef.h>
#include <stdint.h>

#include "bl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum bl_range_kind {
	BL_RANGE_ON,            /* date:SPEC   within the span of SPEC */
	BL_RANGE_AFTER,         /* after:SPEC  from the start of SPEC on */
	BL_RANGE_BEFORE         /* before:SPEC before the start of SPEC */
} bl_range_kind_t;

/* Resolves spec (len bytes, not NUL-terminated) against now (seconds since
 * the epoch) into the inclusive range [*lo, *hi] of seconds; an open end is
 * INT64_MIN or INT64_MAX. A spec is:
 *   a point      2024 (the year), 2024-08 or 2024-8 (the month), any date that
 *                bl_date_parse() reads (the day, or the instant when a time
 *                is given), today, yesterday
 *   a period     7d, 2w, 3m, 1y (the last N days, weeks, months or years up
 *                to now), last-week, last-month, last-year (the same as 1w,
 *                1m, 1y)
 *   a range      POINT..POINT, ..POINT, POINT.. (from the start of the
 *                first to the end of the second)
 * All times are UTC. Returns BL_OK, or BL_ERR_INVALID (*lo and *hi
 * untouched) for anything else, or a range that ends before it starts. */
bl_status_t bl_daterange_parse(const char *spec, size_t len,
                               bl_range_kind_t kind, int64_t now,
                               int64_t *lo, int64_t *hi);

#ifdef __cplusplus
}
#endif

#endif
