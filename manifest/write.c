/*
 * Replacing a config file so that a failure or an interruption at any
 * point leaves either the old content or the new one, whole, and so that
 * nobody's edit is lost: concurrent mqplan writers serialize on a lock
 * taken before they read, and a writer that takes no lock is caught by
 * comparing the file moved aside with what was read.
 */
#define _GNU_SOURCE		/* renameat2(), RENAME_EXCHANGE */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "common/common.h"
#include "manifest/file.h"
#include "manifest/write.h"

#define TEMP_PREFIX	".mqplan."
#define TEMP_NAME_MAX	sizeof(TEMP_PREFIX "XXXXXX")
#define XATTRS_MAX	65536
#define XATTR_VALUE_MAX	65536

/*
 * The temporary file, for the signal handler: SIGINT, SIGTERM, SIGHUP and
 * SIGQUIT remove it and then end the process as they would have.
 */
static volatile sig_atomic_t	temp_live;
static int			temp_dfd = -1;
static char			temp_name[TEMP_NAME_MAX];
static const int		temp_signals[] = { SIGINT, SIGTERM, SIGHUP,
				    SIGQUIT };
static struct sigaction		temp_old[4];

static void
temp_on_signal(int sig)
{
	if (temp_live)
		(void)unlinkat(temp_dfd, temp_name, 0);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
temp_handlers(bool on)
{
	struct sigaction	sa;
	size_t			i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = temp_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NELEM(temp_signals); i++) {
		if (!on) {
			sigaction(temp_signals[i], &temp_old[i], NULL);
			continue;
		}
		sigaction(temp_signals[i], NULL, &temp_old[i]);
		/* A signal the caller ignores (nohup) stays ignored. */
		if (temp_old[i].sa_handler == SIG_DFL)
			sigaction(temp_signals[i], &sa, NULL);
	}
}

static void
block_signals(sigset_t *old)
{
	sigset_t	set;
	size_t		i;

	sigemptyset(&set);
	for (i = 0; i < NELEM(temp_signals); i++)
		sigaddset(&set, temp_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static int
write_all(int fd, const char *s, size_t len, off_t off, bool at)
{
	ssize_t	n;

	while (len > 0) {
		n = at ? pwrite(fd, s, len, off) : write(fd, s, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		if (n == 0) {
			errno = EIO;
			return (-1);
		}
		s += n;
		off += n;
		len -= (size_t)n;
	}
	return (0);
}

void
writer_close(struct writer *w)
{
	if (w->fd != -1)
		close(w->fd);
	if (w->dfd != -1)
		close(w->dfd);		/* releases the lock */
	free(w->path);
	free(w->dir);
	free(w->name);
	memset(w, 0, sizeof(*w));
	w->fd = w->dfd = -1;
}

/* flock(fd) within the deadline; 0, or -1 with errno (EWOULDBLOCK: late). */
static int
lock_wait(int fd, const struct timespec *deadline)
{
	struct timespec	now, nap = { 0, 1000000 };

	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return (0);
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return (-1);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > deadline->tv_sec ||
		    (now.tv_sec == deadline->tv_sec &&
		    now.tv_nsec >= deadline->tv_nsec)) {
			errno = EWOULDBLOCK;
			return (-1);
		}
		/* From 1 ms up to 50 ms between tries. */
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 50000000)
			nap.tv_nsec *= 2;
	}
}

/*
 * True, noting why in w, when the file system has no flock(2) for this
 * file (NFS gives a directory none): apply goes on without the lock,
 * still guarded by the comparison before the file is replaced.
 */
static bool
lockless(struct writer *w)
{
	if (errno != ENOLCK && errno != EOPNOTSUPP && errno != EBADF &&
	    errno != EINVAL)
		return (false);
	w->lock_errno = errno;
	return (true);
}

/* Clears O_NONBLOCK and refuses all but regular files; 0 or -1. */
static int
regular(int fd, struct stat *st, const char *path, char *err, size_t errlen)
{
	int	fl;

	if (fstat(fd, st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "%s: %s, not a regular file: apply reads "
		    "and writes regular files only; give the config file's "
		    "path", path, file_kind(st->st_mode));
		return (-1);
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	return (0);
}

int
writer_open(struct writer *w, const char *path, int flags, unsigned wait_ms,
    char *err, size_t errlen)
{
	struct timespec	 deadline;
	struct stat	 st;
	char		*real = NULL, *slash;
	int		 fd = -1, mode;

	memset(w, 0, sizeof(*w));
	w->fd = w->dfd = -1;
	/* Only to be read: --in-place must not need write permission. */
	if (flags & WRITER_NO_LOCK)
		flags &= ~WRITER_IN_PLACE;
	w->flags = flags;
	mode = ((flags & WRITER_IN_PLACE) ? O_RDWR : O_RDONLY) | O_NONBLOCK |
	    O_NOCTTY | O_CLOEXEC;
	if ((w->path = strdup(path)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	/*
	 * Without blocking: a FIFO nobody writes to would hold the open
	 * forever.  This first look only refuses what is not a regular
	 * file; the file is opened again under the lock.
	 */
	if ((fd = open(path, mode)) == -1) {
		if ((flags & WRITER_IN_PLACE) && (errno == EACCES ||
		    errno == EROFS || errno == ETXTBSY))
			snprintf(err, errlen, "%s: not changed: cannot open it "
			    "for writing in place: %s", path, strerror(errno));
		else
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (regular(fd, &st, path, err, errlen) == -1)
		goto fail;
	/* To be read only, this is the file. */
	if (flags & WRITER_NO_LOCK) {
		w->fd = fd;
		w->st = st;
		return (0);
	}
	/* A symlinked config is written through to its target. */
	if ((real = realpath(path, NULL)) == NULL) {
		snprintf(err, errlen, "%s: cannot tell which directory holds "
		    "it: %s", path, strerror(errno));
		goto fail;
	}
	slash = strrchr(real, '/');
	if ((w->name = strdup(slash + 1)) == NULL ||
	    (w->dir = strndup(real, slash == real ? 1 : (size_t)(slash -
	    real))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	if ((w->dfd = open(w->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1) {
		snprintf(err, errlen, "%s: cannot open its directory %s: %s",
		    path, w->dir, strerror(errno));
		goto fail;
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += wait_ms / 1000;
	deadline.tv_nsec += (long)(wait_ms % 1000) * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	if (lock_wait(w->dfd, &deadline) == -1 && !lockless(w))
		goto nolock;
	/* Under the lock, the file as the last writer left it. */
	if ((w->fd = openat(w->dfd, w->name, mode | O_NOFOLLOW)) == -1) {
		snprintf(err, errlen, "%s: not changed: %s/%s: %s", path,
		    w->dir, w->name, strerror(errno));
		goto fail;
	}
	if (regular(w->fd, &w->st, path, err, errlen) == -1)
		goto fail;
	/* In place, the file too: its other names may be elsewhere. */
	if ((flags & WRITER_IN_PLACE) && lock_wait(w->fd, &deadline) == -1 &&
	    !lockless(w))
		goto nolock;
	close(fd);
	free(real);
	return (0);
nolock:
	if (errno == EWOULDBLOCK)
		snprintf(err, errlen, "%s: not changed: another writer has held "
		    "the lock on %s for %u s; try again", path, w->dir,
		    wait_ms / 1000);
	else
		snprintf(err, errlen, "%s: not changed: cannot lock %s: %s",
		    path, w->dir, strerror(errno));
fail:
	if (fd != -1)
		close(fd);
	free(real);
	writer_close(w);
	return (-1);
}

/*
 * 1 if dfd/name is the file w read, whole and as m read it; 0 if not;
 * -1 with errno on a read error.
 */
static int
still_read(const struct writer *w, const struct manifest *m, int dfd,
    const char *name)
{
	struct stat	 st;
	char		*buf = NULL;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd, ret = -1;

	fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY |
	    O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT || errno == ELOOP || errno == ENXIO)
			return (0);
		return (-1);
	}
	if (fstat(fd, &st) == -1)
		goto out;
	ret = 0;
	if (!S_ISREG(st.st_mode) || st.st_ino != w->st.st_ino ||
	    st.st_dev != w->st.st_dev || (size_t)st.st_size != m->len)
		goto out;
	ret = -1;
	if ((buf = malloc(m->len + 1)) == NULL)
		goto out;
	/* One byte more than expected, to see growth. */
	while (got <= m->len) {
		n = pread(fd, buf + got, m->len + 1 - got, (off_t)got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto out;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	ret = got == m->len && memcmp(buf, m->text, m->len) == 0;
out:
	free(buf);
	close(fd);
	return (ret);
}

/* Creates temp_name in w's directory; the fd, or -1 with errno. */
static int
temp_create(const struct writer *w)
{
	static const char	 abc[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char		 r[6];
	sigset_t		 old;
	size_t			 i;
	int			 fd = -1, tries, saved;

	for (tries = 0; tries < 100; tries++) {
		if (getentropy(r, sizeof(r)) == -1) {
			for (i = 0; i < sizeof(r); i++)
				r[i] = (unsigned char)((unsigned)getpid() >>
				    i ^ (unsigned)tries * 37u ^
				    (unsigned)time(NULL) >> i);
		}
		memcpy(temp_name, TEMP_PREFIX, sizeof(TEMP_PREFIX) - 1);
		for (i = 0; i < sizeof(r); i++)
			temp_name[sizeof(TEMP_PREFIX) - 1 + i] =
			    abc[r[i] % (sizeof(abc) - 1)];
		temp_name[sizeof(TEMP_PREFIX) - 1 + sizeof(r)] = '\0';
		/* Created and known to the handler as one step. */
		block_signals(&old);
		fd = openat(w->dfd, temp_name, O_RDWR | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
		saved = errno;
		if (fd != -1) {
			temp_dfd = w->dfd;
			temp_live = 1;
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		errno = saved;
		if (fd != -1 || errno != EEXIST)
			break;
	}
	return (fd);
}

static void
temp_remove(void)
{
	sigset_t	old;

	block_signals(&old);
	if (temp_live)
		(void)unlinkat(temp_dfd, temp_name, 0);
	temp_live = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/*
 * Makes the extended attributes of to those of from: ACLs
 * (system.posix_acl_access), SELinux labels (security.selinux) and the
 * rest, including what to got from a default ACL of the directory.
 * Returns 0, or -1 with errno and *what naming the attribute.
 */
static int
xattrs_copy(int from, int to, char *what, size_t whatlen)
{
	char		*names = NULL, *tnames = NULL, *val = NULL, *tval = NULL;
	char		*p, *q;
	ssize_t		 n, tn, vn;
	int		 ret = -1;
	bool		 found;

	snprintf(what, whatlen, "(list)");
	if ((names = malloc(XATTRS_MAX)) == NULL ||
	    (tnames = malloc(XATTRS_MAX)) == NULL ||
	    (val = malloc(XATTR_VALUE_MAX)) == NULL ||
	    (tval = malloc(XATTR_VALUE_MAX)) == NULL)
		goto out;
	if ((n = flistxattr(from, names, XATTRS_MAX)) == -1) {
		/* No extended attributes on this file system: none to keep. */
		if (errno == ENOTSUP)
			ret = 0;
		goto out;
	}
	if ((tn = flistxattr(to, tnames, XATTRS_MAX)) == -1)
		goto out;
	for (q = tnames; q < tnames + tn; q += strlen(q) + 1) {
		found = false;
		for (p = names; p < names + n; p += strlen(p) + 1)
			found = found || strcmp(p, q) == 0;
		snprintf(what, whatlen, "%s", q);
		if (!found && fremovexattr(to, q) == -1)
			goto out;
	}
	for (p = names; p < names + n; p += strlen(p) + 1) {
		snprintf(what, whatlen, "%s", p);
		if ((vn = fgetxattr(from, p, val, XATTR_VALUE_MAX)) == -1)
			goto out;
		/*
		 * A label the new file already has (SELinux gives it the
		 * directory's) is left alone: setting it may need a right
		 * the user lacks.
		 */
		tn = fgetxattr(to, p, tval, XATTR_VALUE_MAX);
		if (tn == vn && memcmp(tval, val, (size_t)vn) == 0)
			continue;
		if (fsetxattr(to, p, val, (size_t)vn, 0) == -1)
			goto out;
	}
	ret = 0;
out:
	free(names);
	free(tnames);
	free(val);
	free(tval);
	return (ret);
}

/* The usual way: a new file exchanged with the old one. */
static int
write_replace(struct writer *w, const struct manifest *m, const char *text,
    size_t len, char *err, size_t errlen)
{
	struct stat	 tst, now;
	sigset_t	 old;
	char		 what[256];
	const char	*step = NULL;
	int		 fd = -1, ret = -1, same, saved;
	bool		 exchanged = false;

	if (fstat(w->fd, &w->st) == -1) {
		snprintf(err, errlen, "%s: not changed: %s", w->path,
		    strerror(errno));
		return (-1);
	}
	if (w->st.st_nlink > 1) {
		snprintf(err, errlen, "%s: not changed: it has %ju hard links, "
		    "and replacing it would leave the other names with the old "
		    "content; --in-place writes into the file itself", w->path,
		    (uintmax_t)w->st.st_nlink);
		return (-1);
	}
	/* rename(2) would bypass the file's own permission, as sed -i does. */
	if (faccessat(w->dfd, w->name, W_OK, AT_EACCESS) == -1) {
		if (errno == EACCES || errno == EPERM)
			snprintf(err, errlen, "%s: not changed: you may not "
			    "write to it (mode %04o, owner uid %ju), so mqplan "
			    "does not replace it", w->path,
			    (unsigned)(w->st.st_mode & 07777),
			    (uintmax_t)w->st.st_uid);
		else
			snprintf(err, errlen, "%s: not changed: %s", w->path,
			    strerror(errno));
		return (-1);
	}
	temp_handlers(true);
	if ((fd = temp_create(w)) == -1) {
		snprintf(err, errlen, "%s: not changed: cannot create a "
		    "temporary file in %s: %s", w->path, w->dir,
		    strerror(errno));
		goto out;
	}
	step = "keep its owner and group";
	if (fstat(fd, &tst) == -1)
		goto fail;
	if ((tst.st_uid != w->st.st_uid || tst.st_gid != w->st.st_gid) &&
	    fchown(fd, w->st.st_uid, w->st.st_gid) == -1) {
		saved = errno;
		snprintf(err, errlen, "%s: not changed: cannot keep its owner "
		    "and group (uid %ju, gid %ju) in a new file: %s", w->path,
		    (uintmax_t)w->st.st_uid, (uintmax_t)w->st.st_gid,
		    strerror(saved));
		goto out;
	}
	if (xattrs_copy(w->fd, fd, what, sizeof(what)) == -1) {
		saved = errno;
		snprintf(err, errlen, "%s: not changed: cannot keep its "
		    "extended attribute %s: %s", w->path, what,
		    strerror(saved));
		goto out;
	}
	/* After the ACL, whose mask the group bits are. */
	step = "keep its mode";
	if (fchmod(fd, w->st.st_mode & 07777) == -1)
		goto fail;
	step = "write the temporary file";
	if (write_all(fd, text, len, 0, false) == -1)
		goto fail;
	step = "fsync the temporary file";
	if (fsync(fd) == -1)
		goto fail;

	/*
	 * The exchange and the look at what it moved aside are one step
	 * for signals: interrupted, the file is either as read or new.
	 */
	block_signals(&old);
	if (renameat2(w->dfd, temp_name, w->dfd, w->name,
	    RENAME_EXCHANGE) == 0) {
		exchanged = true;
		same = still_read(w, m, w->dfd, temp_name);
	} else if (errno == EINVAL || errno == ENOSYS) {
		/* No exchange here: check as late as possible instead. */
		if ((same = still_read(w, m, w->dfd, w->name)) == 1 &&
		    renameat(w->dfd, temp_name, w->dfd, w->name) == -1) {
			saved = errno;
			sigprocmask(SIG_SETMASK, &old, NULL);
			errno = saved;
			step = "rename the temporary file over it";
			goto fail;
		}
	} else {
		saved = errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		errno = saved;
		step = "rename the temporary file over it";
		goto fail;
	}
	if (same == 1) {
		/* Done: what temp_name holds now is the old file, or nothing. */
		if (exchanged)
			(void)unlinkat(w->dfd, temp_name, 0);
		temp_live = 0;
		sigprocmask(SIG_SETMASK, &old, NULL);
		goto sync;
	}
	saved = errno;
	if (exchanged) {
		/* Put the other writer's file back, then drop ours. */
		if (renameat2(w->dfd, temp_name, w->dfd, w->name,
		    RENAME_EXCHANGE) == -1 ||
		    fstatat(w->dfd, temp_name, &now, AT_SYMLINK_NOFOLLOW) ==
		    -1 || now.st_ino != tst.st_ino || now.st_dev != tst.st_dev) {
			temp_live = 0;
			sigprocmask(SIG_SETMASK, &old, NULL);
			snprintf(err, errlen, "%s: changed on disk while mqplan "
			    "replaced it, and mqplan could not cleanly put that "
			    "version back: check the file; what mqplan moved "
			    "aside is %s/%s", w->path, w->dir, temp_name);
			goto out;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (same == -1)
		snprintf(err, errlen, "%s: not changed: cannot read it back: %s",
		    w->path, strerror(saved));
	else
		snprintf(err, errlen, "%s: not changed: it changed on disk "
		    "since mqplan read it; run again", w->path);
	goto out;
sync:
	if (fsync(w->dfd) == -1) {
		snprintf(err, errlen, "%s: replaced, but its directory %s "
		    "could not be synced: %s; the change may not survive a "
		    "crash", w->path, w->dir, strerror(errno));
		goto out;
	}
	ret = 0;
	goto out;
fail:
	snprintf(err, errlen, "%s: not changed: cannot %s: %s", w->path, step,
	    strerror(errno));
out:
	if (fd != -1)
		close(fd);
	temp_remove();
	temp_handlers(false);
	return (ret);
}

/*
 * In place: the old content is first made safe in a temporary file, so
 * that an interruption mid-write can be undone by hand; then the file is
 * rewritten with signals held and the copy removed.
 */
static int
write_in_place(struct writer *w, const struct manifest *m, const char *text,
    size_t len, char *err, size_t errlen)
{
	sigset_t	 old;
	const char	*step = NULL;
	int		 fd = -1, ret = -1, same, saved;
	bool		 keep = false;

	if ((same = still_read(w, m, w->dfd, w->name)) != 1) {
		if (same == -1)
			snprintf(err, errlen, "%s: not changed: cannot read it "
			    "back: %s", w->path, strerror(errno));
		else
			snprintf(err, errlen, "%s: not changed: it changed on "
			    "disk since mqplan read it; run again", w->path);
		return (-1);
	}
	temp_handlers(true);
	if ((fd = temp_create(w)) == -1) {
		snprintf(err, errlen, "%s: not changed: cannot create a "
		    "temporary file in %s for its old content: %s", w->path,
		    w->dir, strerror(errno));
		goto out;
	}
	step = "save its old content";
	if (write_all(fd, m->text, m->len, 0, false) == -1 ||
	    fsync(fd) == -1 || fsync(w->dfd) == -1)
		goto fail;
	block_signals(&old);
	if (write_all(w->fd, text, len, 0, true) == -1 ||
	    ftruncate(w->fd, (off_t)len) == -1) {
		saved = errno;
		/* Put the old content back; keep the copy if that fails. */
		if (write_all(w->fd, m->text, m->len, 0, true) == -1 ||
		    ftruncate(w->fd, (off_t)m->len) == -1 ||
		    fsync(w->fd) == -1) {
			temp_live = 0;
			keep = true;
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (keep)
			snprintf(err, errlen, "%s: cannot write in place: %s; "
			    "the file may be damaged: its old content is in "
			    "%s/%s", w->path, strerror(saved), w->dir,
			    temp_name);
		else
			snprintf(err, errlen, "%s: not changed: cannot write "
			    "in place: %s; the old content was put back",
			    w->path, strerror(saved));
		goto out;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fsync(w->fd) == -1) {
		saved = errno;
		temp_live = 0;
		snprintf(err, errlen, "%s: written in place, but cannot sync "
		    "it: %s; the change may not survive a crash; its old "
		    "content is in %s/%s", w->path, strerror(saved), w->dir,
		    temp_name);
		goto out;
	}
	ret = 0;
	goto out;
fail:
	snprintf(err, errlen, "%s: not changed: cannot %s in %s: %s", w->path,
	    step, w->dir, strerror(errno));
out:
	if (fd != -1)
		close(fd);
	temp_remove();
	temp_handlers(false);
	return (ret);
}

int
manifest_write(struct writer *w, const struct manifest *m, const char *text,
    size_t len, char *err, size_t errlen)
{
	if (w->flags & WRITER_NO_LOCK) {
		snprintf(err, errlen, "%s: not changed: opened to be read only",
		    w->path);
		return (-1);
	}
	if (w->flags & WRITER_IN_PLACE)
		return (write_in_place(w, m, text, len, err, errlen));
	return (write_replace(w, m, text, len, err, errlen));
}
