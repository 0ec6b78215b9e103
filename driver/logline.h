/*
 * One log line built without libc: text and numbers appended to a fixed
 * buffer, then handed to hal_log.  Output that does not fit is cut, never
 * overrun.
 */
#ifndef DRIVER_LOGLINE_H
#define DRIVER_LOGLINE_H

#include <stddef.h>
#include <stdint.h>

#define LOGLINE_MAX	160

struct logline {
	char	buf[LOGLINE_MAX];
	size_t	len;
};

void	logline_start(struct logline *l, const char *ifname);
void	logline_str(struct logline *l, const char *s);
/* s quoted, bytes outside printable ASCII as \xHH, cut at 32 bytes. */
void	logline_quoted(struct logline *l, const char *s);
void	logline_uint(struct logline *l, uint64_t v);
void	logline_hex(struct logline *l, uint64_t v);
void	logline_end(struct logline *l);

#endif /* DRIVER_LOGLINE_H */
