/* bl_date.h - parse the date formats found in news archives into UTC epoch seconds, and format them back. */
#ifndef BL_DATE_H
#define BL_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "bl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Size of the buffer bl_date_format_iso() writes into, NUL included. */
#define BL_DATE_ISO_MAX 32

/* Parses a date or date-time written in any supported format into seconds
 * since 1970-01-01T00:00:00Z (negative before 1970).
 *
 * s need not be NUL-terminated; exactly len bytes are read. Leading and
 * trailing whitespace is ignored; month and day names are case-insensitive
 * (full names, 3-letter abbreviations optionally followed by '.', "Sept").
 * Supported forms, each optionally followed by a time and a zone:
 *   RFC 5322/822, Usenet  "Tue, 06 Aug 2024 16:43:00 +0000", "1 Apr 93 10:00 GMT"
 *                         (2-digit years only here: 00-49 -> 20xx, 50-99 -> 19xx)
 *   ISO 8601              "2024-08-07", "2024-08-07T16:43:00.5Z", "2024-08-07 16:43+02:00",
 *                         "2024-08" (the 1st of the month; nothing may follow it)
 *   Reuters-21578         "26-FEB-1987 15:01:01.79", "07-Aug-2024"
 *   prose                 "Wednesday, August 7, 2024, 4:43 pm EDT", "7 Aug 2024"
 *   slashes               "08/07/2024" is month/day/year unless the first number
 *                         is above 12 (then day/month/year); "2024/08/07" is y/m/d
 * Times are H:MM, H:MM:SS with optional fraction (dropped), or with am/pm also
 * "4 pm" (see bl_time_of_day_parse()). Second 60 (leap second) becomes 59.
 * Zones: +hhmm, +hh:mm, +hh (and '-'), UT, UTC, GMT, Z, EST, EDT, CST, CDT,
 * MST, MDT, PST, PDT; after a bare date only when whitespace separates them
 * ("2024-08-07-05" is rejected). A date or time without a zone is UTC.
 * Parenthesised comments at the end, such as "(PDT)", are ignored; so is a
 * leading day name, which is not checked against the date.
 *
 * Never guesses: a bare year ("2024"), a 2-digit year outside the RFC form,
 * a year outside 1000-9999, an impossible date or time, or any leftover text
 * gives BL_ERR_INVALID.
 * Returns BL_OK and sets *t, or BL_ERR_INVALID (also for NULL s or t), in
 * which case *t is untouched. */
bl_status_t bl_date_parse(const char *s, size_t len, int64_t *t);

/* Parses a time of day into seconds after midnight (0..86399): "16:43",
 * "16:43:05", "4:43 pm", "4:43pm", "4 PM", "12:30 p.m."; "12:00 am" is 0:00.
 * s need not be NUL-terminated; surrounding whitespace is ignored.
 * Returns BL_OK and sets *secs, or BL_ERR_INVALID (*secs untouched). */
bl_status_t bl_time_of_day_parse(const char *s, size_t len, int *secs);

/* Returns the seconds since the epoch of a civil UTC date and time. Nothing
 * is range-checked: a month outside 1-12 moves the year, and day, hour,
 * minute and second simply add up (day 0 is the last day of the previous
 * month). */
int64_t bl_date_from_civil(int year, int month, int day, int hour, int min, int sec);

/* Writes t as ISO 8601 UTC, always in the form "2024-08-07T16:43:00Z", into
 * out, which must hold BL_DATE_ISO_MAX bytes (enough for any int64_t).
 * Returns out. */
char *bl_date_format_iso(int64_t t, char *out);

/* Breaks t into civil UTC fields; any pointer may be NULL. A year beyond the
 * range of int (|t| above about 6.7e16) saturates at INT_MIN or INT_MAX. */
void bl_date_to_civil(int64_t t, int *year, int *month, int *day, int *hour, int *min, int *sec);

#ifdef __cplusplus
}
#endif

#endif
