/* Writing a config back safely (manifest/write.c). */
#ifndef MANIFEST_WRITE_H
#define MANIFEST_WRITE_H

#include <stddef.h>
#include <sys/stat.h>

#include "manifest/manifest.h"

/* writer_open() flags. */
#define WRITER_IN_PLACE	0x1	/* write into the file itself (hard links) */
#define WRITER_NO_LOCK	0x2	/* only open and check it (--dry-run) */

/*
 * A config opened to be changed: the regular file it names (symbolic
 * links followed) and the directory holding it, locked.
 *
 * The lock is flock(2) LOCK_EX on the directory, so that it creates no
 * file and does not move when the config is replaced; every mqplan
 * writer takes it before reading the file and keeps it until the file is
 * replaced, so concurrent writers serialize.  Other programs can take it
 * too, e.g. with flock(1) on the directory.
 */
struct writer {
	char		*path;		/* as given, for messages */
	char		*dir;		/* the directory, links resolved */
	char		*name;		/* the file's name in dir */
	int		 dfd;		/* dir; locked unless WRITER_NO_LOCK */
	int		 fd;		/* the file; read-write in place */
	int		 flags;
	int		 lock_errno;	/* not locked: the file system said */
	struct stat	 st;		/* fstat(fd) once locked */
};

/*
 * Opens path without blocking (a FIFO or a device never hangs the open),
 * refuses anything but a regular file, and takes the lock, waiting at
 * most wait_ms for another writer to finish; then w->fd is ready for
 * manifest_read_fd().  Where the file system has no flock(2) (NFS, for
 * a directory), w->lock_errno says why and the file is not locked.
 * Returns 0, or -1 with err set to one line naming the file and saying
 * it was not changed; on -1, *w is released.
 */
int	writer_open(struct writer *w, const char *path, int flags,
	    unsigned wait_ms, char *err, size_t errlen);

/*
 * Replaces the content of the file w holds open, which m was read from
 * under the lock, with text (len bytes).
 *
 * By default through a temporary file in the same directory, with the
 * file's mode, owner, group and extended attributes (ACLs, SELinux
 * labels) copied, written and fsync'd, exchanged with the file
 * (renameat2 RENAME_EXCHANGE) and the directory fsync'd.  The file moved
 * aside must still hold what m read, else the exchange is undone and
 * nothing changes: a writer that does not take the lock loses nothing.
 * Where the file system cannot exchange, the check is made just before a
 * plain rename.  Refused, changing nothing, when the file has more than
 * one link, when the invoking user could not write it in place, or when
 * its owner or group cannot be kept.
 *
 * With WRITER_IN_PLACE the file itself is rewritten (pwrite, ftruncate,
 * fsync) after a copy of its old content is made safe beside it, so that
 * an interruption leaves it recoverable.
 *
 * Returns 0, or -1 with err set to one line naming the file and saying
 * what state it was left in; no temporary file is left unless err says
 * where it is.
 */
int	manifest_write(struct writer *w, const struct manifest *m,
	    const char *text, size_t len, char *err, size_t errlen);

/* Releases the lock and everything w holds; safe on a released w. */
void	writer_close(struct writer *w);

#endif /* MANIFEST_WRITE_H */
