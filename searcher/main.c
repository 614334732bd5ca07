/* main.c - byline-search: reads the environment and runs searcher_main(). */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "searcher.h"

int
main(int argc, char **argv)
{
	const char *no_color = getenv("NO_COLOR");
	searcher_env_t env = {
		.index = getenv("BYLINE_INDEX"),
		.out_is_tty = isatty(STDOUT_FILENO),
		.no_color = no_color && *no_color,
		.now = (int64_t)time(NULL),
	};

	return searcher_main(argc, argv, &env, stdout, stderr);
}
