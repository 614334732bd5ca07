/* progress.h - the live progress line of byline-index. */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#include "tally.h"

typedef struct progress {
	tally_t *t;
	FILE *err;
	bool tty;               /* redraw one line; else a line now and then */
	bool enabled;
	double start;
	double last;            /* when the last line was shown */
	bool drawn;             /* a tty line is on screen */
	bool verbose;           /* say how long each phase took */
	char phase[96];         /* the phase under way, "" between phases */
	double phase_start;
} progress_t;

/* Seconds on a monotonic clock. */
double progress_now(void);

void progress_init(progress_t *p, tally_t *t, FILE *err, bool tty,
                   bool enabled);

/* Shows the state of t if enough time has passed since the last time
 * (a quarter second on a terminal, ten seconds otherwise). */
void progress_tick(progress_t *p);

/* Says that the work after the files has begun: merging, spelling
 * data... (what, printf-style), replacing the files' progress line; with
 * p->verbose, the phase before it ends with its duration. NULL ends the
 * last phase. On a terminal the phase is the progress line; elsewhere it
 * is a line of its own once the run has taken long enough for progress
 * lines (ten seconds). */
void progress_phase(progress_t *p, const char *what, ...)
	__attribute__((format(printf, 2, 3)));

/* Clears the terminal line before other output. */
void progress_clear(progress_t *p);

#endif
