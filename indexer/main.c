/* main.c - byline-index: reads the environment, catches SIGINT/SIGTERM
 * and runs indexer_main(). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

/* A full build holds every partial index it merges open, three or more
 * files each: the soft limit on open files (1,024 on many systems) is
 * raised to the hard one. Returns the limit in force (0: none known). */
static unsigned long
open_files_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 0;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0 &&
		    getrlimit(RLIMIT_NOFILE, &rl) != 0)
			return 0;
	}
	return rl.rlim_cur == RLIM_INFINITY ? 0 : (unsigned long)rl.rlim_cur;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	indexer_env_t env = {
		.index = getenv("BYLINE_INDEX"),
		.err_is_tty = isatty(STDERR_FILENO),
		.stop = &stop_requested,
		.max_files = open_files_limit(),
	};

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	bl_db_set_abort_handler(on_xapian_abort);
	return indexer_main(argc, argv, &env, stdout, stderr);
}
