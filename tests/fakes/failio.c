/*
 * failio.so: an LD_PRELOAD shim that makes one step of a file write fail,
 * or another writer strike at a chosen moment, to prove that apply leaves
 * the config as its message says and no temporary file behind.
 * MQPLAN_FAIL names the steps, separated by commas:
 *
 *	write	write(2) to any fd but 0-2 fails with ENOSPC
 *	pwrite	the first pwrite(2) fails with ENOSPC (in place)
 *	pwrites	every pwrite(2) fails with ENOSPC
 *	fsync	fsync(2) fails with EIO
 *	dirsync	fsync(2) of a directory fails with EIO
 *	rename	rename(2), renameat(2) and renameat2(2) fail with EXDEV
 *	noexchange renameat2(2) with RENAME_EXCHANGE fails with EINVAL, as
 *		on file systems without it
 *	create	creating a file (O_CREAT) fails with ENOSPC
 *	change	the config changes on disk between read and write: when the
 *		temporary file is created, MQPLAN_FAIL_PATH first gets a
 *		space appended
 *	foreign-inplace, foreign-rename
 *		another writer that takes no lock changes MQPLAN_FAIL_PATH
 *		(appends a space) in place or by rename just before apply's
 *		first rename, renameat or renameat2: the latest moment
 *	nolock	flock(2) fails with ENOLCK, as on a file system without it
 *	slow	write(2) to any fd but 0-2 sleeps 3 seconds first, so that
 *		a signal can arrive mid-write
 *
 * Test code only; never installed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int	(*real_open)(const char *, int, ...);
static int	(*real_rename)(const char *, const char *);

static int
failing(const char *step)
{
	const char	*f = getenv("MQPLAN_FAIL"), *p;
	size_t		 n = strlen(step);

	for (p = f; p != NULL && *p != '\0'; p += strcspn(p, ",")) {
		if (*p == ',')
			p++;
		if (strncmp(p, step, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return (1);
	}
	return (0);
}

static void
resolve(void)
{
	if (real_open == NULL)
		real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT,
		    "open");
	if (real_rename == NULL)
		real_rename = (int (*)(const char *, const char *))dlsym(
		    RTLD_NEXT, "rename");
}

/* Appends a space to MQPLAN_FAIL_PATH, in place or by rename. */
static void
strike(int by_rename)
{
	const char	*target = getenv("MQPLAN_FAIL_PATH");
	char		 buf[65536], tmp[4096];
	ssize_t		 n;
	int		 in, out;

	resolve();
	if (target == NULL)
		return;
	if (!by_rename) {
		if ((out = real_open(target, O_WRONLY | O_APPEND)) != -1) {
			(void)!write(out, " ", 1);
			close(out);
		}
		return;
	}
	snprintf(tmp, sizeof(tmp), "%s.foreign", target);
	if ((in = real_open(target, O_RDONLY)) == -1)
		return;
	n = read(in, buf, sizeof(buf) - 1);
	close(in);
	if (n < 0 || (out = real_open(tmp, O_WRONLY | O_CREAT | O_TRUNC,
	    0644)) == -1)
		return;
	buf[n++] = ' ';
	(void)!write(out, buf, (size_t)n);
	close(out);
	real_rename(tmp, target);
}

/* The foreign writer strikes once, before the first rename of any kind. */
static void
foreign(void)
{
	static int	done;

	if (done++)
		return;
	if (failing("foreign-inplace"))
		strike(0);
	if (failing("foreign-rename"))
		strike(1);
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
		sleep(3);
	return (real(fd, buf, n));
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	static ssize_t	(*real)(int, const void *, size_t, off_t);
	static int	 done;

	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(
		    RTLD_NEXT, "pwrite");
	if ((failing("pwrite") && !done++) || failing("pwrites")) {
		errno = ENOSPC;
		return (-1);
	}
	return (real(fd, buf, n, off));
}

int
flock(int fd, int op)
{
	static int	(*real)(int, int);

	if (real == NULL)
		real = (int (*)(int, int))dlsym(RTLD_NEXT, "flock");
	if (failing("nolock")) {
		errno = ENOLCK;
		return (-1);
	}
	return (real(fd, op));
}

int
fsync(int fd)
{
	static int	(*real)(int);
	struct stat	st;

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (failing("fsync") || (failing("dirsync") && fstat(fd, &st) == 0 &&
	    S_ISDIR(st.st_mode))) {
		errno = EIO;
		return (-1);
	}
	return (real(fd));
}

int
rename(const char *from, const char *to)
{
	resolve();
	foreign();
	if (failing("rename")) {
		errno = EXDEV;
		return (-1);
	}
	return (real_rename(from, to));
}

int
renameat(int fromfd, const char *from, int tofd, const char *to)
{
	static int	(*real)(int, const char *, int, const char *);

	if (real == NULL)
		real = (int (*)(int, const char *, int, const char *))dlsym(
		    RTLD_NEXT, "renameat");
	foreign();
	if (failing("rename")) {
		errno = EXDEV;
		return (-1);
	}
	return (real(fromfd, from, tofd, to));
}

int
renameat2(int fromfd, const char *from, int tofd, const char *to,
    unsigned flags)
{
	static int	(*real)(int, const char *, int, const char *,
			    unsigned);

	if (real == NULL)
		real = (int (*)(int, const char *, int, const char *,
		    unsigned))dlsym(RTLD_NEXT, "renameat2");
	foreign();
	if (failing("rename")) {
		errno = EXDEV;
		return (-1);
	}
	if ((flags & RENAME_EXCHANGE) && failing("noexchange")) {
		errno = EINVAL;
		return (-1);
	}
	return (real(fromfd, from, tofd, to, flags));
}

/* Creating a file: the temporary one, here or in the old mkstemp. */
static int
created(void)
{
	static int	done;

	if (failing("change") && !done++)
		strike(0);
	if (failing("create")) {
		errno = ENOSPC;
		return (-1);
	}
	return (0);
}

int
open(const char *path, int flags, ...)
{
	mode_t		 mode = 0;
	va_list		 ap;

	resolve();
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
		if (created() == -1)
			return (-1);
	}
	return (real_open(path, flags, mode));
}

int
openat(int dfd, const char *path, int flags, ...)
{
	static int	(*real)(int, const char *, int, ...);
	mode_t		 mode = 0;
	va_list		 ap;

	if (real == NULL)
		real = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT,
		    "openat");
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
		if (created() == -1)
			return (-1);
	}
	return (real(dfd, path, flags, mode));
}
