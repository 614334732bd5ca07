/* bl_schema.c - the query field table shared by indexer and searcher. */
#include "bl_schema.h"

const bl_field_t bl_fields[] = {
	{ "title", BL_PREFIX_TITLE, BL_FIELD_TEXT },
	{ "author", BL_PREFIX_AUTHOR, BL_FIELD_TEXT },
	{ "id", BL_PREFIX_ID, BL_FIELD_BOOLEAN },
	{ NULL, NULL, BL_FIELD_TEXT },
};
