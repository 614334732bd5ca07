/* main.c - byline-index: reads the environment, catches SIGINT/SIGTERM
 * and runs indexer_main(). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bl_db.h"
#include "indexer.h"

/* The one piece of global state: a signal handler can set nothing else. */
static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Xapian ended the process while writing the index (bl_db.h): say so as
 * any fatal error is said, with its exit status. */
static void
on_xapian_abort(const char *path, const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "byline-index: %s: %s\n", path, msg);
	fprintf(stderr, "byline-index: %s: stopped; the index keeps what was "
	        "committed before\n", path);
	_exit(INDEXER_FATAL);
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
	bl_db_set_abort_handler(on_xapian_abort);
	return indexer_main(argc, argv, &env, stdout, stderr);
}
