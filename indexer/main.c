/* main.c - byline-index: reads the environment, catches SIGINT/SIGTERM
 * and runs indexer_main(). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indexer.h"

/* The one piece of global state: a signal handler can set nothing else. */
static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	indexer_env_t env = {
		.index = getenv("BYLINE_INDEX"),
		.err_is_tty = isatty(STDERR_FILENO),
		.stop = &stop_requested,
	};

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return indexer_main(argc, argv, &env, stdout, stderr);
}
