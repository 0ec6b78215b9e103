/*
 * Every message mqplan writes to stderr has one form:
 *
 *	mqplan: what: why
 *
 * lower case, no trailing period, the file and value named by the caller.
 * Callers quote the untrusted values they name (quote()); as defence in
 * depth, whatever control character, invalid UTF-8 or bidi control is
 * left in the message is escaped here, so that none reaches the terminal
 * or a CI log raw.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "manifest/quote.h"

/* Writes s with every unsafe character escaped as quote() shows it. */
static void
put_escaped(const char *s, size_t len)
{
	char	esc[8];
	size_t	i, k, used;

	for (i = 0; i < len; i += used) {
		if ((k = escape_char(esc, s + i, len - i, &used)) != 0)
			fwrite(esc, 1, k, stderr);
		else
			fwrite(s + i, 1, used, stderr);
	}
}

static void
vmessage(const char *level, const char *fmt, va_list ap)
{
	char	small[512], *msg = small;
	va_list	aq;
	int	n;

	fflush(stdout);
	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small) && (msg = malloc((size_t)n + 1)) != NULL)
		vsnprintf(msg, (size_t)n + 1, fmt, aq);
	else if (msg == NULL)
		msg = small;		/* cut, but still escaped */
	va_end(aq);
	fputs("mqplan: ", stderr);
	if (level != NULL)
		fputs(level, stderr);
	if (n > 0)
		put_escaped(msg, strlen(msg));
	fputc('\n', stderr);
	if (msg != small)
		free(msg);
}

void
cli_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vmessage(NULL, fmt, ap);
	va_end(ap);
}

bool	cli_quiet;

void
cli_warn(const char *fmt, ...)
{
	va_list	ap;

	if (cli_quiet)
		return;
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
cli_name(char *buf, size_t len, const char *s)
{
	if (s != NULL && !quote_needed(s, strlen(s)))
		return (s);
	quote_str(buf, len, s);
	return (buf);
}
