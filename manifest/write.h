/* Writing a config back safely (manifest/write.c). */
#ifndef MANIFEST_WRITE_H
#define MANIFEST_WRITE_H

#include <stddef.h>

#include "manifest/manifest.h"

/*
 * Replaces the file m was read from with text (len bytes): through a
 * temporary file in the same directory, fsync, rename and an fsync of the
 * directory; the file's mode (and owner, as root) kept; a symbolic link
 * written through to its target.  Refuses, changing nothing, when the
 * file changed on disk since m read it.  Returns 0, or -1 with err set
 * to one line naming the file and the step that failed; on -1 the file
 * holds its old content and no temporary file is left.
 */
int	manifest_write(const struct manifest *m, const char *text, size_t len,
	    char *err, size_t errlen);

#endif /* MANIFEST_WRITE_H */
