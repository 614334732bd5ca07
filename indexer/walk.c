/* walk.c - finding the input files under the roots given to byline-index. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bl_buf.h"

/* Deepest directory nesting followed; deeper trees are reported. */
#define MAX_DEPTH 256

static const char *const ignored_ext[] = {
	"7z", "a", "avi", "bin", "bmp", "bz2", "class", "db", "dll", "doc",
	"docx", "dylib", "exe", "flac", "gif", "ico", "iso", "jar", "jpeg",
	"jpg", "lz", "lzma", "m4a", "mkv", "mov", "mp3", "mp4", "o", "odt",
	"ogg", "otf", "pdf", "png", "ppt", "pptx", "pyc", "rar", "so",
	"sqlite", "svgz", "tar", "tgz", "tif", "tiff", "ttf", "wav", "webm",
	"webp", "woff", "woff2", "xls", "xlsx", "xz", "zip", "zst",
	"dtd", "conf", "pl", "sh", NULL
};

/* Files that come with a collection but are not articles: README,
 * README.txt, LICENSE.md... */
static const char *const ignored_base[] = {
	"authors", "changelog", "changes", "copying", "install", "licence",
	"license", "readme", NULL
};
static const char *const doc_ext[] = { "", "md", "rst", "txt", NULL };

int
walk_is_ignored_name(const char *name)
{
	const char *dot = strrchr(name, '.'), *first = strchr(name, '.');
	size_t i, j, blen = first ? (size_t)(first - name) : strlen(name);

	for (i = 0; ignored_base[i]; i++) {
		if (blen != strlen(ignored_base[i]) ||
		    strncasecmp(name, ignored_base[i], blen) != 0)
			continue;
		for (j = 0; doc_ext[j]; j++)
			if (strcasecmp(first ? first + 1 : "", doc_ext[j]) == 0)
				return 1;
	}
	if (dot == NULL || dot == name)
		return 0;
	for (i = 0; ignored_ext[i]; i++)
		if (strcasecmp(dot + 1, ignored_ext[i]) == 0)
			return 1;
	return 0;
}

typedef struct dirid {
	dev_t dev;
	ino_t ino;
} dirid_t;

typedef struct walker {
	walk_file_fn file;
	walk_warn_fn warn;
	void *ctx;
	dirid_t *seen;          /* open-addressing set of entered dirs */
	size_t nseen, cap;
	size_t root_len;        /* bytes of the root prefix in paths */
	int stop;
} walker_t;

static size_t
hash_id(dirid_t id, size_t cap)
{
	uint64_t h = (uint64_t)id.dev * 0x9E3779B97F4A7C15ULL ^ (uint64_t)id.ino;

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	return (size_t)(h & (cap - 1));
}

/* Adds id to the set; 0 if it was new, 1 if seen before, -1 on ENOMEM. */
static int
seen_add(walker_t *w, dirid_t id)
{
	size_t i;

	if ((w->nseen + 1) * 2 > w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64, j;
		dirid_t *t = calloc(cap, sizeof *t), *old = w->seen;

		if (t == NULL)
			return -1;
		for (j = 0; j < w->cap; j++) {
			if (old[j].ino == 0 && old[j].dev == 0)
				continue;
			for (i = hash_id(old[j], cap); t[i].ino || t[i].dev;
			     i = (i + 1) & (cap - 1))
				;
			t[i] = old[j];
		}
		free(old);
		w->seen = t;
		w->cap = cap;
	}
	for (i = hash_id(id, w->cap); w->seen[i].ino || w->seen[i].dev;
	     i = (i + 1) & (w->cap - 1))
		if (w->seen[i].ino == id.ino && w->seen[i].dev == id.dev)
			return 1;
	w->seen[i] = id;
	w->nseen++;
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *
rel_of(const walker_t *w, const char *path)
{
	const char *rel = path + w->root_len;

	while (*rel == '/')
		rel++;
	return rel;
}

static bl_status_t walk_dir(walker_t *w, bl_buf_t *path, int depth);

/* Handles the entry at path (already stat'ed). */
static bl_status_t
visit(walker_t *w, bl_buf_t *path, const struct stat *sb, int depth)
{
	if (S_ISDIR(sb->st_mode)) {
		dirid_t id = { sb->st_dev, sb->st_ino };
		int r = seen_add(w, id);

		if (r < 0)
			return BL_ERR_NOMEM;
		if (r > 0) {
			w->warn(w->ctx, path->data,
			        "directory already visited (symbolic link loop?)");
			return BL_OK;
		}
		if (depth >= MAX_DEPTH) {
			w->warn(w->ctx, path->data, "directories nested too deeply");
			return BL_OK;
		}
		return walk_dir(w, path, depth + 1);
	}
	if (S_ISREG(sb->st_mode)) {
		if (w->file(w->ctx, path->data, rel_of(w, path->data), sb))
			w->stop = 1;
		return BL_OK;
	}
	return BL_OK;   /* devices, sockets and fifos are not articles */
}

static bl_status_t
walk_dir(walker_t *w, bl_buf_t *path, int depth)
{
	DIR *d = opendir(path->data);
	struct dirent *e;
	char **names = NULL, **grown;
	size_t n = 0, cap = 0, i, base = path->len;
	bl_status_t st = BL_OK;
	struct stat sb;

	if (d == NULL) {
		w->warn(w->ctx, path->data, strerror(errno));
		return BL_OK;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			grown = realloc(names, cap * sizeof *names);
			if (grown == NULL) {
				st = BL_ERR_NOMEM;
				break;
			}
			names = grown;
		}
		if ((names[n] = strdup(e->d_name)) == NULL) {
			st = BL_ERR_NOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n && st == BL_OK && !w->stop; i++) {
		path->len = base;
		path->data[base] = '\0';
		if (base + 2 + strlen(names[i]) > path->max) {
			w->warn(w->ctx, path->data, "path too long below here");
			continue;
		}
		if (base && path->data[base - 1] != '/')
			bl_buf_putc(path, '/');
		bl_buf_puts(path, names[i]);
		if (stat(path->data, &sb) != 0) {
			w->warn(w->ctx, path->data, strerror(errno));
			continue;
		}
		if (!S_ISDIR(sb.st_mode) && walk_is_ignored_name(names[i]))
			continue;
		st = visit(w, path, &sb, depth);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	path->len = base;
	if (path->data)
		path->data[base] = '\0';
	return st;
}

bl_status_t
walk(const char *root, walk_file_fn file, walk_warn_fn warn, void *ctx)
{
	walker_t w = { file, warn, ctx, NULL, 0, 0, 0, 0 };
	bl_buf_t path;
	struct stat sb;
	bl_status_t st;

	if (stat(root, &sb) != 0)
		return errno == ENOENT ? BL_ERR_NOT_FOUND : BL_ERR_IO;
	bl_buf_init(&path, 64 * 1024);
	if (bl_buf_puts(&path, root) != BL_OK)
		return BL_ERR_NOMEM;
	if (S_ISDIR(sb.st_mode)) {
		w.root_len = path.len;
		st = visit(&w, &path, &sb, 0);
	} else {
		const char *slash = strrchr(root, '/');

		w.root_len = slash ? (size_t)(slash - root) + 1 : 0;
		st = visit(&w, &path, &sb, 0);
	}
	free(w.seen);
	bl_buf_free(&path);
	return st;
}
