/* libfuzzer.c - the libFuzzer entry point of one target, FUZZ_TARGET. */
#include <stdio.h>
#include <stdlib.h>

#include "targets.h"

#ifndef FUZZ_TARGET
#error "compile with -DFUZZ_TARGET=\"name\""
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const fuzz_target_t *target;

	if (target == NULL) {
		target = fuzz_target_find(FUZZ_TARGET);
		if (target == NULL) {
			fprintf(stderr, "fuzz: no target '%s'\n", FUZZ_TARGET);
			abort();
		}
	}
	return target->run(data, size);
}
