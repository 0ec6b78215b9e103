#include <stdio.h>

#include "manifest/tuple.h"

int
tuple_text(const struct decision *d, char *buf, size_t len)
{
	size_t	off = 0;
	int	n;
	uint32_t i;

	if (len == 0)
		return (-1);
	buf[0] = '\0';
	for (i = 0; i < d->nnics; i++) {
		if (d->nics[i].io_queues == 0)
			continue;
		n = snprintf(buf + off, len - off, "%s%s:(io-queues:%u)",
		    off ? " " : "", d->nics[i].ifname, d->nics[i].io_queues);
		if (n < 0 || (size_t)n >= len - off)
			return (-1);
		off += (size_t)n;
	}
	return ((int)off);
}
