/*
 * Reading the small text files of /sys, under a root that tests replace
 * with a fixture tree (MQPLAN_SYSFS_ROOT), as cloud-init's ds-identify
 * does with PATH_ROOT.
 */
#ifndef PLATFORMS_SYSFS_H
#define PLATFORMS_SYSFS_H

#include <limits.h>
#include <stddef.h>

struct sysfs {
	char	root[PATH_MAX];		/* no trailing '/' */
};

/* root NULL or "": "/sys". */
void	sysfs_init(struct sysfs *, const char *root);

/* root + "/" + rel into buf; returns buf, or NULL if it does not fit. */
char	*sysfs_path(const struct sysfs *, const char *rel, char *buf,
	    size_t len);

/*
 * Reads the file at rel (at most len - 1 bytes), with trailing white
 * space and newlines removed.  Returns the length, or -1 when the file
 * cannot be read (errno says why).
 */
int	sysfs_read(const struct sysfs *, const char *rel, char *buf,
	    size_t len);

/*
 * Reads a hexadecimal file ("0x1af4\n") into *out; -1 when missing or
 * not a number below 2^32.
 */
int	sysfs_read_hex(const struct sysfs *, const char *rel,
	    unsigned int *out);

/*
 * The base name of the symlink at rel ("virtio_net" for
 * class/net/eth0/device/driver); -1 when it is not a link.
 */
int	sysfs_link_name(const struct sysfs *, const char *rel, char *buf,
	    size_t len);

#endif /* PLATFORMS_SYSFS_H */
