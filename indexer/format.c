/* format.c - the table of input format readers and format detection. */
#include "format.h"

#include <string.h>

const format_reader_t format_readers[] = {
	{ "plain", format_plain_detect, format_plain_read },
	{ NULL, NULL, NULL },
};

const format_reader_t *
format_choose(const char *text, size_t len, const char *path,
              const char *name)
{
	const format_reader_t *r, *best = NULL;
	int score, best_score = -1;

	for (r = format_readers; r->name; r++) {
		if (name) {
			if (strcmp(r->name, name) == 0)
				return r;
			continue;
		}
		score = r->detect(text, len, path);
		if (score > best_score) {
			best_score = score;
			best = r;
		}
	}
	return best;
}
