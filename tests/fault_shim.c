/* fault_shim.c - an LD_PRELOAD library that makes chosen system calls of
 * byline-index and byline-search fail, so the tests can make files vanish,
 * turn unreadable or fail to read, and a disk fill up, deterministically
 * and without privileges. Not part of Byline; loaded only by the tests.
 *
 * Environment (each unset means no fault):
 *   BYLINE_FAULT_ENOENT=S   open() of a path containing S fails: ENOENT
 *                           (the file vanished after the walk saw it)
 *   BYLINE_FAULT_EACCES=S   open() and opendir() of such a path: EACCES
 *   BYLINE_FAULT_EIO=S      read() from a file opened by such a path: EIO
 *                           after its first 100 bytes
 *   BYLINE_FAULT_GROW=S     stat() of such a path reports 1 byte: the
 *                           file grows after the walk measured it
 *   BYLINE_FAULT_ENOSPC=DIR:N  writes to files under DIR fail with ENOSPC
 *                           once N bytes in all were written there */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_FD 4096

/* Per descriptor: 1 = reads fail (EIO), 4 = under the ENOSPC directory;
 * and bytes read so far. */
static unsigned char fd_flags[MAX_FD];
static size_t fd_read[MAX_FD];
static size_t enospc_written;

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static int
matches(const char *var, const char *path)
{
	const char *s = env(var);

	return s && path && strstr(path, s) != NULL;
}

/* The ENOSPC directory and byte budget, or 0. */
static int
enospc(const char *path, size_t *budget)
{
	const char *s = env("BYLINE_FAULT_ENOSPC"), *colon;
	char *abs;
	int in;

	if (s == NULL || path == NULL || (colon = strrchr(s, ':')) == NULL)
		return 0;
	*budget = (size_t)strtoull(colon + 1, NULL, 10);
	if (path[0] == '/') {
		in = strncmp(path, s, (size_t)(colon - s)) == 0;
	} else {
		abs = realpath(".", NULL);
		in = abs && strncmp(abs, s, (size_t)(colon - s)) == 0;
		free(abs);
	}
	return in;
}

static int
fault_open(const char *path)
{
	if (matches("BYLINE_FAULT_ENOENT", path)) {
		errno = ENOENT;
		return -1;
	}
	if (matches("BYLINE_FAULT_EACCES", path)) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

static int
opened(int fd, const char *path)
{
	size_t budget;

	if (fd >= 0 && fd < MAX_FD) {
		fd_flags[fd] = (unsigned char)((matches("BYLINE_FAULT_EIO", path) ? 1 : 0) |
		               (enospc(path, &budget) ? 4 : 0));
		fd_read[fd] = 0;
	}
	return fd;
}

#define NEXT(type, name, args) \
	static type (*real) args; \
	if (real == NULL) \
		real = (type (*) args)dlsym(RTLD_NEXT, name)

static int
do_open(const char *sym, int dirfd, const char *path, int flags, mode_t mode)
{
	if (fault_open(path))
		return -1;
	if (dirfd == -1) {
		int (*real)(const char *, int, ...) =
			(int (*)(const char *, int, ...))dlsym(RTLD_NEXT, sym);
		return opened(real(path, flags, mode), path);
	} else {
		int (*real)(int, const char *, int, ...) =
			(int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, sym);
		return opened(real(dirfd, path, flags, mode), path);
	}
}

static mode_t
mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE ?
	       (mode_t)va_arg(ap, int) : 0;
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_open("open", -1, path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_open("open64", -1, path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_open("openat", dirfd, path, flags, mode);
}

int
openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return do_open("openat64", dirfd, path, flags, mode);
}

DIR *
opendir(const char *path)
{
	NEXT(DIR *, "opendir", (const char *));
	if (matches("BYLINE_FAULT_EACCES", path)) {
		errno = EACCES;
		return NULL;
	}
	return real(path);
}

ssize_t
read(int fd, void *buf, size_t n)
{
	ssize_t got;
	NEXT(ssize_t, "read", (int, void *, size_t));

	if (fd >= 0 && fd < MAX_FD && (fd_flags[fd] & 1) && fd_read[fd] >= 100) {
		errno = EIO;
		return -1;
	}
	got = real(fd, buf, n);
	if (got > 0 && fd >= 0 && fd < MAX_FD)
		fd_read[fd] += (size_t)got;
	return got;
}

int
stat(const char *path, struct stat *sb)
{
	int r;
	NEXT(int, "stat", (const char *, struct stat *));

	r = real(path, sb);
	if (r == 0 && S_ISREG(sb->st_mode) && matches("BYLINE_FAULT_GROW", path))
		sb->st_size = 1;
	return r;
}

int
stat64(const char *path, struct stat64 *sb)
{
	int r;
	NEXT(int, "stat64", (const char *, struct stat64 *));

	r = real(path, sb);
	if (r == 0 && S_ISREG(sb->st_mode) && matches("BYLINE_FAULT_GROW", path))
		sb->st_size = 1;
	return r;
}

/* True when a write of n bytes to fd must fail for lack of space. */
static int
full(int fd, size_t n)
{
	size_t budget = 0;

	if (fd < 0 || fd >= MAX_FD || !(fd_flags[fd] & 4))
		return 0;
	(void)enospc("/", &budget);
	if (enospc_written + n > budget) {
		errno = ENOSPC;
		return 1;
	}
	enospc_written += n;
	return 0;
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	NEXT(ssize_t, "write", (int, const void *, size_t));
	if (full(fd, n))
		return -1;
	return real(fd, buf, n);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	NEXT(ssize_t, "pwrite", (int, const void *, size_t, off_t));
	if (full(fd, n))
		return -1;
	return real(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	NEXT(ssize_t, "pwrite64", (int, const void *, size_t, off_t));
	if (full(fd, n))
		return -1;
	return real(fd, buf, n, off);
}
