/*
 * Opening the files a user names on the command line.
 *
 * open(2) of a FIFO nobody writes to waits forever, and a device can be
 * read forever: a policy, catalog or config file given by name (or by a
 * symbolic link in a pull request) must not stall a CI job.  Files are
 * opened without blocking and refused unless they are regular files.
 */
#ifndef MANIFEST_FILE_H
#define MANIFEST_FILE_H

#include <sys/types.h>

#include <stddef.h>

/* "a directory", "a FIFO or pipe", "a character device", ... */
const char	*file_kind(mode_t);

/*
 * Opens path read-only, following symbolic links, without blocking on a
 * FIFO; refuses anything but a regular file ("PATH: is a directory, not a
 * regular file").  Returns a blocking descriptor (close-on-exec) for the
 * caller to close, or -1 with err set.
 */
int	file_open_regular(const char *path, char *err, size_t errlen);

#endif /* MANIFEST_FILE_H */
