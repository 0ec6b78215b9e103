/*
 * Untrusted text made safe to show.
 *
 * Config strings, file names, DMI files and metadata answers may hold any
 * bytes.  Printed raw, a newline forges another finding line or a GitHub
 * "::error" workflow command, an ESC drives the terminal, a bidi override
 * reorders what the reader sees; and jansson refuses a string that is not
 * valid UTF-8, so JSON and YAML output would fail on it.  Everything that
 * shows such text goes through these functions: quote() for text output,
 * utf8_clean() for JSON and YAML.
 *
 * Pure: no allocation except in utf8_dup(), no I/O.  A string that does not
 * fit its buffer is cut on a character boundary, never inside a UTF-8
 * sequence or an escape.
 */
#ifndef MANIFEST_QUOTE_H
#define MANIFEST_QUOTE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes src (len bytes, NULs included) into dst as a double-quoted string:
 * `"` and `\` get a backslash; newline, carriage return and tab are \n, \r
 * and \t; every other C0 control, DEL, C1 control (U+0080..U+009F) and
 * invalid UTF-8 byte is \xNN (C1 as \u0085); the Unicode line and paragraph
 * separators and the bidirectional controls (U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069) are \uNNNN.  Other valid UTF-8 is kept.  dst is always
 * NUL-terminated (dstlen >= 1); when the result does not fit, it is cut
 * before a whole character or escape and ends in `..."` (dstlen >= 6 keeps
 * the quotes).  Returns the length of dst.
 */
size_t	quote(char *dst, size_t dstlen, const char *src, size_t len);

/* quote() of a NUL-terminated string; NULL is shown as `(none)`. */
size_t	quote_str(char *dst, size_t dstlen, const char *s);

/*
 * The escape quote() writes for the character at s (len bytes left) into
 * esc and its length, or 0 when the character is shown as it is (`"` and
 * `\` included); *used gets the bytes of s it stands for (1 for an invalid
 * byte).
 */
size_t	escape_char(char esc[8], const char *s, size_t len, size_t *used);

/*
 * quote() without the quotes and leaving `"` and `\` alone: for a whole
 * message whose values are already quoted, so that no control character,
 * invalid UTF-8 or bidi control left in it reaches a terminal.  Cut on a
 * character or escape boundary; dst always NUL-terminated (dstlen >= 1).
 * Returns the length of dst.
 */
size_t	escape_controls(char *dst, size_t dstlen, const char *src, size_t len);

/*
 * True when s[0..len) cannot be shown as it is: empty, or holding `"`,
 * `\` or anything quote() escapes.  A name for which it is false reads the
 * same raw and needs no quotes.
 */
bool	quote_needed(const char *s, size_t len);

/* Room for quote() of n bytes, every one escaped, quotes and NUL included. */
#define QUOTE_SIZE(n)	(6 * (size_t)(n) + 3)

/* True when s[0..len) is valid UTF-8 (shortest forms, no surrogates). */
bool	utf8_valid(const char *s, size_t len);

/*
 * The length of the next character at s (len bytes left): 1 to 4 for a
 * valid UTF-8 sequence, 0 for an invalid byte (including a sequence cut by
 * the end of s).
 */
size_t	utf8_char_len(const unsigned char *s, size_t len);

/*
 * The longest prefix of s[0..len), at most max bytes, that does not end
 * inside a UTF-8 sequence.
 */
size_t	utf8_cut(const char *s, size_t len, size_t max);

/*
 * Copies src into dst as valid UTF-8 with no NUL: each invalid byte and
 * each NUL becomes U+FFFD.  Cut on a character boundary when dst is too
 * small; always NUL-terminated.  Returns the number of bytes replaced, so
 * that callers can say the text was changed.
 */
size_t	utf8_clean(char *dst, size_t dstlen, const char *src, size_t len);

/*
 * utf8_clean() into a new string of the right size (NULL when memory runs
 * out; *replaced, if not NULL, gets the count).  Free with free(3).
 */
char	*utf8_dup(const char *s, size_t *replaced);

#endif /* MANIFEST_QUOTE_H */
