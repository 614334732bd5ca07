/* filestate.c - the files of a run and the state the index keeps of each. */
#include "filestate.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bl_status_t
filelist_add(filelist_t *l, const char *path, const char *rel,
             const char *abs, uint64_t size, int64_t mtime_ns)
{
	file_t *f;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;

		f = realloc(l->items, cap * sizeof *f);
		if (f == NULL)
			return BL_ERR_NOMEM;
		l->items = f;
		l->cap = cap;
	}
	f = &l->items[l->n];
	f->path = strdup(path);
	f->rel = strdup(rel);
	f->abs = strdup(abs);
	f->size = size;
	f->mtime_ns = mtime_ns;
	if (f->path == NULL || f->rel == NULL || f->abs == NULL) {
		free(f->path);
		free(f->rel);
		free(f->abs);
		return BL_ERR_NOMEM;
	}
	l->n++;
	l->bytes += size;
	return BL_OK;
}

void
filelist_free(filelist_t *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].path);
		free(l->items[i].rel);
		free(l->items[i].abs);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

bl_status_t
filestate_encode(const filestate_t *s, bl_buf_t *out)
{
	return bl_buf_printf(out, "%" PRIu64 " %" PRId64 " %016" PRIx64 " %lu",
	                     s->size, s->mtime_ns, s->hash, s->articles);
}

bool
filestate_decode(const char *v, size_t len, filestate_t *s)
{
	char buf[128];
	int n = 0;

	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, v, len);
	buf[len] = '\0';
	return sscanf(buf, "%" SCNu64 " %" SCNd64 " %" SCNx64 " %lu%n",
	              &s->size, &s->mtime_ns, &s->hash, &s->articles, &n) == 4 &&
	       (size_t)n == len;
}

uint64_t
filestate_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)len, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	for (; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}
