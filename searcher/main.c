/* main.c - byline-search: reads the environment and runs searcher_main(). */
#include <stdlib.h>
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
	};

	return searcher_main(argc, argv, &env, stdout, stderr);
}
