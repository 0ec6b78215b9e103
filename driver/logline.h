/*
 * One log line built without libc: a format and its arguments written into
 * a fixed buffer, then handed to hal_log.  Output that does not fit is cut,
 * never overrun.
 *
 * The formats are a small subset of printf's, with one addition (%q), and
 * no flags, widths or precisions:
 *
 *	%s	const char *, as it is
 *	%q	const char *, quoted: "...", with " and \ escaped by a \,
 *		bytes outside printable ASCII as \xHH, and only the first 32
 *		bytes of s, followed by ... when there are more
 *	%u	unsigned int, in decimal
 *	%x	unsigned int, in lowercase hexadecimal, without 0x
 *	%llu	unsigned long long (uint64_t cast to it), in decimal
 *	%llx	unsigned long long, in lowercase hexadecimal, without 0x
 *	%%	one %
 *
 * A % followed by anything else (or by nothing) is copied as it is and
 * takes no argument, so a wrong format shows up in the line instead of
 * reading an argument of the wrong type.  Numbers are converted without
 * 64-bit division (an i386 guest has no libgcc).
 *
 * The compiler cannot check these formats (the printf format attribute
 * would reject %q): each argument must have exactly the type its
 * conversion names; uint16_t and uint8_t values are promoted to int,
 * which %u reads correctly.
 */
#ifndef DRIVER_LOGLINE_H
#define DRIVER_LOGLINE_H

#include <stddef.h>
#include <stdint.h>

#define LOGLINE_MAX	160

/* buf always holds a NUL-terminated string of len < LOGLINE_MAX bytes. */
struct logline {
	char	buf[LOGLINE_MAX];
	size_t	len;
};

/*
 * The compiler's own va_list, as <stdarg.h> defines it: the driver
 * includes no header but stdint.h, stddef.h and stdbool.h
 * (make driver-freestanding).
 */
typedef __builtin_va_list	logline_va_list;

/* Empties l and writes "vnet IFNAME: ", the start of every driver line. */
void	logline_start(struct logline *l, const char *ifname);
/* Appends fmt and its arguments to l, cut at LOGLINE_MAX - 1 bytes. */
void	logline_fmt(struct logline *l, const char *fmt, ...);
void	logline_vfmt(struct logline *l, const char *fmt, logline_va_list ap);
/* Hands l's line to hal_log. */
void	logline_end(struct logline *l);
/* The three in one: one driver log line for interface ifname. */
void	logline_log(const char *ifname, const char *fmt, ...);

#endif /* DRIVER_LOGLINE_H */
