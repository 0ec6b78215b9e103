/*
 * Replacing a config file so that a failure or an interruption at any
 * point leaves the original intact: a temporary file in the same
 * directory, written and fsync'd, renamed over the original, and the
 * directory fsync'd so that the rename itself survives a crash.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "manifest/write.h"

static int
write_all(int fd, const char *s, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		if (n == 0) {
			errno = EIO;
			return (-1);
		}
		s += n;
		len -= (size_t)n;
	}
	return (0);
}

/* True if the file at path still holds what m read, byte for byte. */
static int
unchanged(const struct manifest *m, const char *path, char *err,
    size_t errlen)
{
	struct stat	 st;
	char		*buf = NULL;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd, ret = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		snprintf(err, errlen, "%s: %s", m->path, strerror(errno));
		goto out;
	}
	if (st.st_ino != m->st.st_ino || st.st_dev != m->st.st_dev ||
	    (size_t)st.st_size != m->len)
		goto changed;
	if ((buf = malloc(m->len + 1)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", m->path);
		goto out;
	}
	/* Read one byte more than expected, to see growth. */
	while (got <= m->len) {
		n = read(fd, buf + got, m->len + 1 - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(err, errlen, "%s: %s", m->path,
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got != m->len || memcmp(buf, m->text, m->len) != 0)
		goto changed;
	ret = 0;
	goto out;
changed:
	snprintf(err, errlen, "%s: changed on disk since mqplan read it; "
	    "nothing written, run again", m->path);
out:
	free(buf);
	if (fd != -1)
		close(fd);
	return (ret);
}

int
manifest_write(const struct manifest *m, const char *text, size_t len,
    char *err, size_t errlen)
{
	sigset_t	 block, old;
	char		 target[PATH_MAX], dir[PATH_MAX], tmp[PATH_MAX + 32];
	char		 base[PATH_MAX];
	const char	*step = NULL;
	int		 fd = -1, dfd = -1, ret = -1, saved;
	bool		 made = false;

	if (m->st.st_ino == 0) {
		snprintf(err, errlen, "%s: cannot write back what was read "
		    "from standard input", m->path);
		return (-1);
	}
	/* A symlinked config is written through to its target. */
	if (realpath(m->path, target) == NULL) {
		snprintf(err, errlen, "%s: %s", m->path, strerror(errno));
		return (-1);
	}
	snprintf(dir, sizeof(dir), "%s", target);
	snprintf(base, sizeof(base), "%s", target);
	snprintf(tmp, sizeof(tmp), "%s/.%s.mqplan-XXXXXX", dirname(dir),
	    basename(base));

	/*
	 * Hold off SIGINT and friends while the temporary file exists, so
	 * that an interrupted run still removes it; the original is safe
	 * either way.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);

	if (unchanged(m, target, err, errlen) == -1)
		goto out;
	step = "create a temporary file";
	if ((fd = mkstemp(tmp)) == -1)
		goto fail;
	made = true;
	step = "set the file mode";
	if (fchmod(fd, m->st.st_mode & 07777) == -1)
		goto fail;
	/* Keep the owner when root edits someone else's file. */
	step = "set the owner";
	if (geteuid() == 0 && fchown(fd, m->st.st_uid, m->st.st_gid) == -1)
		goto fail;
	step = "write";
	if (write_all(fd, text, len) == -1)
		goto fail;
	step = "fsync";
	if (fsync(fd) == -1)
		goto fail;
	step = "close";
	saved = close(fd);
	fd = -1;
	if (saved == -1)
		goto fail;
	step = "rename";
	if (rename(tmp, target) == -1)
		goto fail;
	made = false;
	step = "fsync the directory";
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(dfd) == -1)
		goto fail;
	ret = 0;
	goto out;
fail:
	saved = errno;
	snprintf(err, errlen, "%s: cannot %s: %s%s", m->path, step,
	    strerror(saved), made ? "; the file is unchanged" :
	    "; the new content is in place but may not survive a crash");
out:
	if (fd != -1)
		close(fd);
	if (dfd != -1)
		close(dfd);
	if (made)
		unlink(tmp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return (ret);
}
