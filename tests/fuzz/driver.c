/* driver.c - a main() for one fuzz target, FUZZ_TARGET, without libFuzzer:
 * runs each FILE given (standard input when none) through the target.
 * Built with afl-clang-fast it is an AFL++ harness (afl-fuzz ... -- ./fuzz_X @@),
 * in persistent mode when AFL++ provides it; built plainly it replays
 * crash files under gdb or valgrind. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "targets.h"

#ifndef FUZZ_TARGET
#error "compile with -DFUZZ_TARGET=\"name\""
#endif

/* Inputs larger than this are cut, as libFuzzer's -max_len would. */
#define MAX_INPUT ((size_t)16 << 20)

static unsigned char *
slurp(FILE *f, size_t *len)
{
	unsigned char *buf = malloc(MAX_INPUT), *fit;
	size_t n = 0, got;

	if (buf == NULL)
		return NULL;
	while (n < MAX_INPUT && (got = fread(buf + n, 1, MAX_INPUT - n, f)) > 0)
		n += got;
	/* An exact-size copy, so that reading past the input trips ASan. */
	fit = malloc(n ? n : 1);
	if (fit && n)
		memcpy(fit, buf, n);
	free(buf);
	*len = n;
	return fit;
}

static int
run_file(const fuzz_target_t *t, const char *path)
{
	FILE *f = path ? fopen(path, "rb") : stdin;
	unsigned char *data;
	size_t len = 0;

	if (f == NULL) {
		fprintf(stderr, "fuzz_%s: %s: %s\n", t->name, path, strerror(errno));
		return 1;
	}
	data = slurp(f, &len);
	if (path)
		fclose(f);
	if (data == NULL) {
		fprintf(stderr, "fuzz_%s: out of memory\n", t->name);
		return 1;
	}
	t->run(data, len);
	free(data);
	return 0;
}

int
main(int argc, char **argv)
{
	const fuzz_target_t *t = fuzz_target_find(FUZZ_TARGET);
	int i, failed = 0;

	if (t == NULL) {
		fprintf(stderr, "fuzz: no target '%s'\n", FUZZ_TARGET);
		return 2;
	}
#ifdef __AFL_HAVE_MANUAL_CONTROL
	/* Warm up (the search target builds its index) before the fork
	 * server starts, so that every child shares the work. */
	t->run((const uint8_t *)"", 0);
	__AFL_INIT();
	while (__AFL_LOOP(1000))
		failed |= run_file(t, argc > 1 ? argv[1] : NULL);
	return failed;
#endif
	if (argc < 2)
		return run_file(t, NULL);
	for (i = 1; i < argc; i++)
		failed |= run_file(t, argv[i]);
	return failed;
}
