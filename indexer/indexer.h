/* indexer.h - byline-index's logic, callable from tests. */
#ifndef INDEXER_H
#define INDEXER_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

/* What main() reads from the environment, passed down. */
typedef struct indexer_env {
	const char *index;      /* $BYLINE_INDEX, or NULL */
	bool err_is_tty;        /* stderr is a terminal */
	/* Set (by main()'s SIGINT/SIGTERM handler) to stop after the current
	 * file and commit; NULL for none. */
	const volatile sig_atomic_t *stop;
	unsigned long max_files;    /* open files allowed (0: no known limit) */
} indexer_env_t;

/* Exit statuses. */
enum {
	INDEXER_OK = 0,         /* every input was indexed */
	INDEXER_SKIPPED = 1,    /* finished, but some inputs were skipped */
	INDEXER_FATAL = 2,      /* usage error, index locked, unwritable... */
	INDEXER_STOPPED = 3     /* interrupted; the work done is committed */
};

/* Runs byline-index with argv; results go to out, warnings and errors to
 * err. Returns the exit status. */
int indexer_main(int argc, char **argv, const indexer_env_t *env, FILE *out,
                 FILE *err);

#endif
