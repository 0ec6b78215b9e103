/*
 * failio.so: an LD_PRELOAD shim that makes one step of a file write fail,
 * to prove that apply leaves the original config intact and no temporary
 * file behind.  MQPLAN_FAIL names the step:
 *
 *	write	write(2) to any fd but 0-2 fails with ENOSPC
 *	fsync	fsync(2) fails with EIO
 *	rename	rename(2) fails with EXDEV
 *	change	the config changes on disk between read and write: the
 *		second open(2) of MQPLAN_FAIL_PATH first appends to it
 *	slow	write(2) to any fd but 0-2 sleeps a second first, so that a
 *		signal can arrive mid-write
 *
 * Test code only; never installed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
failing(const char *step)
{
	const char	*f = getenv("MQPLAN_FAIL");

	return (f != NULL && strcmp(f, step) == 0);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	static ssize_t	(*real)(int, const void *, size_t);

	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT,
		    "write");
	if (fd > 2 && failing("write")) {
		errno = ENOSPC;
		return (-1);
	}
	if (fd > 2 && failing("slow"))
		sleep(1);
	return (real(fd, buf, n));
}

int
fsync(int fd)
{
	static int	(*real)(int);

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (failing("fsync")) {
		errno = EIO;
		return (-1);
	}
	return (real(fd));
}

int
rename(const char *from, const char *to)
{
	static int	(*real)(const char *, const char *);

	if (real == NULL)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT,
		    "rename");
	if (failing("rename")) {
		errno = EXDEV;
		return (-1);
	}
	return (real(from, to));
}

int
open(const char *path, int flags, ...)
{
	static int	(*real)(const char *, int, ...);
	static int	 seen;
	const char	*target = getenv("MQPLAN_FAIL_PATH");
	mode_t		 mode = 0;
	va_list		 ap;
	int		 fd;

	if (real == NULL)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT,
		    "open");
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (failing("change") && target != NULL &&
	    strcmp(path, target) == 0 && ++seen == 2) {
		fd = real(path, O_WRONLY | O_APPEND);
		if (fd != -1) {
			(void)!write(fd, " ", 1);
			close(fd);
		}
	}
	return (real(path, flags, mode));
}
