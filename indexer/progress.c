/* progress.c - the live progress line of byline-index. */
#include "progress.h"

#include <stdarg.h>
#include <time.h>

double
progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_init(progress_t *p, tally_t *t, FILE *err, bool tty, bool enabled)
{
	p->t = t;
	p->err = err;
	p->tty = tty;
	p->enabled = enabled;
	p->start = progress_now();
	p->last = p->start;
	p->drawn = false;
	p->verbose = false;
	p->phase[0] = '\0';
	p->phase_start = 0;
}

static void
eta(char *out, size_t n, double secs)
{
	long s = secs < 0 ? 0 : (long)(secs + 0.5);

	if (s >= 3600)
		snprintf(out, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(out, n, "%ld:%02ld", s / 60, s % 60);
}

void
progress_tick(progress_t *p)
{
	double now = progress_now(), secs = now - p->start, rate, left;
	unsigned long files = atomic_load(&p->t->files_done);
	unsigned long arts = atomic_load(&p->t->articles);
	unsigned long long bytes = atomic_load(&p->t->bytes);
	char when[32];

	if (!p->enabled || now - p->last < (p->tty ? 0.25 : 10.0))
		return;
	p->last = now;
	rate = secs > 0 ? (double)bytes / secs : 0;
	left = rate > 0 && p->t->bytes_total > bytes ?
	       (double)(p->t->bytes_total - bytes) / rate : 0;
	eta(when, sizeof when, left);
	fprintf(p->err, "%sbyline-index: %3.0f%% %lu/%lu files, %lu articles, "
	        "%.1f MB/s, %.0f articles/s, ETA %s%s",
	        p->tty ? "\r" : "",
	        p->t->bytes_total ? 100.0 * (double)bytes /
	                            (double)p->t->bytes_total : 100.0,
	        files, p->t->files_total, arts, rate / 1e6,
	        secs > 0 ? (double)arts / secs : 0.0, when,
	        p->tty ? "\033[K" : "\n");
	fflush(p->err);
	p->drawn = p->tty;
}

void
progress_phase(progress_t *p, const char *what, ...)
{
	double now = progress_now();
	va_list ap;

	if (!p->enabled)
		return;
	if (p->phase[0] && p->verbose) {
		progress_clear(p);
		fprintf(p->err, "byline-index: %s: %.2f s\n", p->phase,
		        now - p->phase_start);
	}
	p->phase[0] = '\0';
	if (what == NULL) {
		fflush(p->err);
		return;
	}
	va_start(ap, what);
	vsnprintf(p->phase, sizeof p->phase, what, ap);
	va_end(ap);
	p->phase_start = now;
	/* A log gets the line only when it has had progress lines. */
	if (p->tty || now - p->start >= 10.0) {
		fprintf(p->err, "%sbyline-index: %s...%s", p->tty ? "\r" : "",
		        p->phase, p->tty ? "\033[K" : "\n");
		p->drawn = p->tty;
		p->last = now;
	}
	fflush(p->err);
}

void
progress_clear(progress_t *p)
{
	if (p->drawn) {
		fputs("\r\033[K", p->err);
		fflush(p->err);
		p->drawn = false;
	}
}
