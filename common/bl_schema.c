/* bl_schema.c - the query field table shared by indexer and searcher. */
#include "bl_schema.h"

#include <string.h>

const bl_field_t bl_fields[] = {
	{ "title", BL_PREFIX_TITLE, BL_FIELD_TEXT, false },
	{ "author", BL_PREFIX_AUTHOR, BL_FIELD_TEXT, false },
	{ "source", BL_PREFIX_SOURCE, BL_FIELD_BOOLEAN, true },
	{ "category", BL_PREFIX_CATEGORY, BL_FIELD_BOOLEAN, true },
	{ "topic", BL_PREFIX_CATEGORY, BL_FIELD_BOOLEAN, true },
	{ "place", BL_PREFIX_PLACE, BL_FIELD_BOOLEAN, true },
	{ "id", BL_PREFIX_ID, BL_FIELD_BOOLEAN, false },
	{ "url", BL_PREFIX_URL, BL_FIELD_BOOLEAN, false },
	{ "language", BL_PREFIX_LANGUAGE, BL_FIELD_BOOLEAN, true },
	{ NULL, NULL, BL_FIELD_TEXT, false },
};

const bl_field_t *
bl_field_find(const char *name)
{
	const bl_field_t *f;

	for (f = bl_fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

const bl_facet_def_t bl_facet_defs[] = {
	{ "source", BL_SLOT_SOURCE, BL_FACET_VALUE, "source" },
	{ "category", BL_SLOT_CATEGORIES, BL_FACET_LIST, "category" },
	{ "author", BL_SLOT_AUTHOR, BL_FACET_VALUE, "author" },
	{ "place", BL_SLOT_PLACES, BL_FACET_LIST, "place" },
	{ "year", BL_SLOT_DATE, BL_FACET_YEAR, "date" },
	{ "month", BL_SLOT_DATE, BL_FACET_MONTH, "date" },
	{ NULL, 0, BL_FACET_VALUE, NULL },
};

const bl_facet_def_t *
bl_facet_find(const char *name)
{
	const bl_facet_def_t *f;

	for (f = bl_facet_defs; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
