/* progress.c - the live progress line of byline-index. */
#include "progress.h"

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
progress_clear(progress_t *p)
{
	if (p->drawn) {
		fputs("\r\033[K", p->err);
		fflush(p->err);
		p->drawn = false;
	}
}
