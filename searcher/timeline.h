/* timeline.h - matches per day grouped into weeks, months or years. */
#ifndef TIMELINE_H
#define TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "bl_db.h"

typedef enum timeline_period {
	TIMELINE_NONE,
	TIMELINE_DAY,
	TIMELINE_WEEK,          /* labelled by its Monday */
	TIMELINE_MONTH,
	TIMELINE_YEAR
} timeline_period_t;

/* Most periods a timeline shows; a longer span is cut at its end. */
#define TIMELINE_MAX 5000

typedef struct timeline_bin {
	char label[16];         /* "2024", "2024-08" or "2024-08-05" */
	uint64_t count;
} timeline_bin_t;

typedef struct timeline {
	timeline_bin_t *bins;   /* every period from the first match to the
	                         * last, empty ones included */
	size_t n;
	uint64_t max;           /* the largest count */
} timeline_t;

/* Parses "day", "week", "month" or "year"; TIMELINE_NONE otherwise. */
timeline_period_t timeline_parse(const char *name);

/* Groups per-day counts ("YYYY-MM-DD", in order) into periods.
 * Returns BL_OK or BL_ERR_NOMEM; free with timeline_free. */
bl_status_t timeline_build(const bl_count_t *days, size_t ndays,
                           timeline_period_t period, timeline_t *out);

void timeline_free(timeline_t *t);

#endif
