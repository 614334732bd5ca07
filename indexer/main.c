/* main.c - byline-index: reads the environment and runs indexer_main(). */
#include <stdlib.h>
#include <unistd.h>

#include "indexer.h"

int
main(int argc, char **argv)
{
	indexer_env_t env = {
		.index = getenv("BYLINE_INDEX"),
		.err_is_tty = isatty(STDERR_FILENO),
	};

	return indexer_main(argc, argv, &env, stdout, stderr);
}
