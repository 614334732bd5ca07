/* format.c - the table of input format readers and format detection. */
#include "format.h"

#include <string.h>

const format_reader_t format_readers[] = {
	{ "mail", format_mail_detect, format_mail_read },
	{ "reuters", format_reuters_detect, format_reuters_read },
	{ "trec", format_trec_detect, format_trec_read },
	{ "jsonl", format_jsonl_detect, format_jsonl_read },
	{ "feed", format_feed_detect, format_feed_read },
	{ "html", format_html_detect, format_html_read },
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
