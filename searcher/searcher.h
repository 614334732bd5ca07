/* searcher.h - byline-search's logic, callable from tests. */
#ifndef SEARCHER_H
#define SEARCHER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* What main() reads from the environment, passed down. */
typedef struct searcher_env {
	const char *index;      /* $BYLINE_INDEX, or NULL */
	bool out_is_tty;        /* stdout is a terminal */
	bool no_color;          /* $NO_COLOR is set and not empty */
	int64_t now;            /* the current time (relative dates) */
} searcher_env_t;

/* Exit statuses, as grep's. */
enum {
	SEARCHER_HITS = 0,      /* something matched */
	SEARCHER_NONE = 1,      /* nothing matched */
	SEARCHER_ERROR = 2      /* usage error, missing or unreadable index */
};

/* Runs byline-search with argv; results go to out, errors to err.
 * Returns the exit status. */
int searcher_main(int argc, char **argv, const searcher_env_t *env,
                  FILE *out, FILE *err);

#endif
