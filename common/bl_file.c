/* bl_file.c - reading whole input files, plain or gzip-compressed. */
#include "bl_file.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK 65536

bl_status_t
bl_file_read(const char *path, bl_buf_t *out, int *err_no, int *compressed)
{
	char chunk[CHUNK];
	struct stat sb;
	gzFile gz;
	int fd, n, zerr;
	bl_status_t st = BL_OK;

	*err_no = 0;
	if (compressed)
		*compressed = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		*err_no = errno;
		return BL_ERR_IO;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		*err_no = S_ISREG(sb.st_mode) ? errno : EISDIR;
		close(fd);
		return BL_ERR_IO;
	}
	gz = gzdopen(fd, "rb");
	if (gz == NULL) {
		*err_no = errno ? errno : ENOMEM;
		close(fd);
		return BL_ERR_IO;
	}
	gzbuffer(gz, CHUNK);
	for (;;) {
		n = gzread(gz, chunk, sizeof chunk);
		if (n < 0) {
			gzerror(gz, &zerr);
			if (zerr == Z_ERRNO) {
				*err_no = errno;
				st = BL_ERR_IO;
			} else {
				st = zerr == Z_MEM_ERROR ? BL_ERR_NOMEM : BL_ERR_CORRUPT;
			}
			break;
		}
		if (n == 0) {
			/* zlib reports a truncated stream as EOF plus Z_BUF_ERROR. */
			gzerror(gz, &zerr);
			if (zerr == Z_BUF_ERROR || zerr == Z_DATA_ERROR)
				st = BL_ERR_CORRUPT;
			break;
		}
		st = bl_buf_append(out, chunk, (size_t)n);
		if (st != BL_OK)
			break;
	}
	if (compressed)
		*compressed = !gzdirect(gz);
	gzclose_r(gz);
	return st;
}

uint64_t
bl_dir_size(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	uint64_t total = 0;
	char file[PATH_MAX];
	struct stat sb;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (snprintf(file, sizeof file, "%s/%s", path, e->d_name) <
		        (int)sizeof file && stat(file, &sb) == 0 &&
		    S_ISREG(sb.st_mode))
			total += (uint64_t)sb.st_size;
	}
	closedir(d);
	return total;
}

int
bl_file_replace(const char *path, const void *data, size_t len)
{
	char tmp[PATH_MAX];
	const char *p = data;
	int fd, err = 0;

	if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >=
	    (int)sizeof tmp)
		return ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno;
	while (len > 0 && err == 0) {
		ssize_t n = write(fd, p, len);

		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n < 0 && errno != EINTR) {
			err = errno;
		}
	}
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	if (err != 0)
		unlink(tmp);
	return err;
}
