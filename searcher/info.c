/* info.c - byline-search --info: what an index holds. */
#include "info.h"

#include <stdlib.h>
#include <string.h>

#include "bl_date.h"
#include "bl_escape.h"
#include "bl_file.h"
#include "bl_schema.h"

/* Per-file state keys: BL_META_FILE + an absolute path. */
#define FILE_STATE_PREFIX BL_META_FILE "/"

static int
count_key(void *ctx, const char *key, const char *value, size_t len)
{
	(void)key;
	(void)value;
	(void)len;
	(*(unsigned long *)ctx)++;
	return 0;
}

bl_status_t
info_render(bl_db_t *db, const char *path, bool json, bl_buf_t *out)
{
	bl_db_info_t info;
	unsigned long files = 0;
	char *updated = NULL, *schema = NULL, lo[BL_DATE_ISO_MAX],
	     hi[BL_DATE_ISO_MAX];
	uint64_t size = bl_dir_size(path);
	const bl_field_t *f;
	bl_status_t st;
	bool first = true, present;
	bool stems = bl_db_terms(db) == BL_TERMS_STEMS;

	st = bl_db_get_info(db, &info);
	if (st == BL_OK)
		st = bl_db_each_metadata(db, FILE_STATE_PREFIX, count_key, &files);
	if (st == BL_OK)
		st = bl_db_get_metadata(db, BL_META_UPDATED, &updated);
	if (st == BL_OK)
		st = bl_db_get_metadata(db, BL_META_SCHEMA, &schema);
	if (st != BL_OK)
		goto done;
	if (info.has_dates) {
		bl_date_format_iso(info.date_min, lo);
		bl_date_format_iso(info.date_max, hi);
	}
	if (json) {
		bl_buf_puts(out, "{\"index\":");
		bl_json_cstr(out, path);
		bl_buf_printf(out, ",\"documents\":%llu,\"files\":%lu,"
		              "\"language\":", (unsigned long long)info.docs, files);
		bl_json_cstr(out, bl_db_language(db));
		bl_buf_printf(out, ",\"terms\":\"%s\",\"date_min\":",
		              stems ? "stems" : "words");
		bl_json_cstr(out, info.has_dates ? lo : NULL);
		bl_buf_puts(out, ",\"date_max\":");
		bl_json_cstr(out, info.has_dates ? hi : NULL);
		bl_buf_printf(out, ",\"size_bytes\":%llu,\"updated\":",
		              (unsigned long long)size);
		bl_json_cstr(out, *updated ? updated : NULL);
		bl_buf_printf(out, ",\"schema\":%d,\"fields\":[", atoi(schema));
	} else {
		bl_buf_puts(out, "Index:      ");
		bl_buf_puts(out, path);
		bl_buf_printf(out, "\nDocuments:  %llu\nFiles:      %lu\n"
		              "Language:   %s\nTerms:      %s\nDates:      ",
		              (unsigned long long)info.docs, files,
		              bl_db_language(db),
		              stems ? "stems only" : "words and stems");
		if (info.has_dates)
			bl_buf_printf(out, "%.10s .. %.10s\n", lo, hi);
		else
			bl_buf_puts(out, "none\n");
		/* An index of words and stems from before own stems keeps its
		 * layout when updated: say what a rebuild would gain. */
		bl_buf_printf(out, "Size:       %.1f MB\nUpdated:    %s\n"
		              "Schema:     %s%s\nFields:     ",
		              (double)size / 1e6, *updated ? updated : "never",
		              schema, !stems && info.docs > 0 &&
		              atoi(schema) < BL_SCHEMA_OWN_STEMS ?
		              " (an older layout: 'byline-index --force' rebuilds "
		              "it smaller and faster to update)" : "");
	}
	for (f = bl_fields; f->name && st == BL_OK; f++) {
		/* Aliases share a prefix: list each field once. */
		if (f != bl_fields && strcmp(f->prefix, f[-1].prefix) == 0)
			continue;
		st = bl_db_has_prefix(db, f->prefix, &present);
		if (st != BL_OK || !present)
			continue;
		if (json) {
			bl_buf_puts(out, first ? "" : ",");
			bl_json_cstr(out, f->name);
		} else {
			bl_buf_printf(out, "%s%s", first ? "" : " ", f->name);
		}
		first = false;
	}
	if (info.has_dates) {
		if (json)
			bl_buf_printf(out, "%s\"date\"", first ? "" : ",");
		else
			bl_buf_printf(out, "%sdate", first ? "" : " ");
	}
	bl_buf_puts(out, json ? "]}\n" : "\n");
done:
	free(updated);
	free(schema);
	return st != BL_OK ? st : out->err;
}
