#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "platforms/sysfs.h"

void
sysfs_init(struct sysfs *s, const char *root)
{
	size_t	n;

	snprintf(s->root, sizeof(s->root), "%s",
	    root != NULL && root[0] != '\0' ? root : "/sys");
	n = strlen(s->root);
	while (n > 1 && s->root[n - 1] == '/')
		s->root[--n] = '\0';
}

char *
sysfs_path(const struct sysfs *s, const char *rel, char *buf, size_t len)
{
	int	n;

	n = snprintf(buf, len, "%s/%s", s->root, rel);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return (NULL);
	}
	return (buf);
}

int
sysfs_read(const struct sysfs *s, const char *rel, char *buf, size_t len)
{
	char	path[PATH_MAX];
	ssize_t	n;
	int	fd;

	if (len == 0 || sysfs_path(s, rel, path, sizeof(path)) == NULL)
		return (-1);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	do
		n = read(fd, buf, len - 1);
	while (n == -1 && errno == EINTR);
	close(fd);
	if (n < 0)
		return (-1);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' ||
	    buf[n - 1] == '\t' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	return ((int)n);
}

int
sysfs_read_hex(const struct sysfs *s, const char *rel, unsigned int *out)
{
	char		 buf[32], *p;
	unsigned long	 v = 0;
	int		 d;

	if (sysfs_read(s, rel, buf, sizeof(buf)) <= 0)
		return (-1);
	p = buf;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (*p == '\0')
		return (-1);
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return (-1);
		v = v * 16 + (unsigned long)d;
		if (v > 0xffffffffUL)
			return (-1);
	}
	*out = (unsigned int)v;
	return (0);
}

int
sysfs_link_name(const struct sysfs *s, const char *rel, char *buf,
    size_t len)
{
	char		 path[PATH_MAX], target[PATH_MAX];
	const char	*base;
	ssize_t		 n;

	if (sysfs_path(s, rel, path, sizeof(path)) == NULL)
		return (-1);
	if ((n = readlink(path, target, sizeof(target) - 1)) == -1)
		return (-1);
	target[n] = '\0';
	base = strrchr(target, '/');
	snprintf(buf, len, "%s", base != NULL ? base + 1 : target);
	return (0);
}
