/*
 * Every message mqplan writes to stderr has one form:
 *
 *	mqplan: what: why
 *
 * lower case, no trailing period, the file and value named by the caller.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "manifest/quote.h"

static void
vmessage(const char *level, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("mqplan: ", stderr);
	if (level != NULL)
		fputs(level, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
cli_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vmessage(NULL, fmt, ap);
	va_end(ap);
}

void
cli_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vmessage("warning: ", fmt, ap);
	va_end(ap);
}

int
cli_finish(int status)
{
	/*
	 * As git's run_builtin() does: output redirected to a full disk or a
	 * closed pipe must not end in a success status.
	 */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("write error on standard output: %s",
		    strerror(errno));
		return (EXIT_USAGE);
	}
	return (status);
}

const char *
cli_escaped(char *buf, size_t len, const char *s)
{
	size_t	n;

	n = quote_str(buf, len, s);
	if (n >= 2 && buf[0] == '"' && buf[n - 1] == '"') {
		buf[n - 1] = '\0';
		return (buf + 1);
	}
	return (buf);
}
