/*
 * Untrusted text shown safely: every control character escaped, invalid
 * UTF-8 never passed through, nothing cut inside a character.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "manifest/quote.h"
#include "tests/check_main.h"

static const char *
q(const char *s, size_t len)
{
	static char	buf[256];

	quote(buf, sizeof(buf), s, len);
	return (buf);
}

START_TEST(test_quote_plain)
{
	ck_assert_str_eq(q("en1", 3), "\"en1\"");
	ck_assert_str_eq(q("", 0), "\"\"");
	/* Valid UTF-8 that is not a control character is kept. */
	ck_assert_str_eq(q("caf\xc3\xa9", 5), "\"caf\xc3\xa9\"");
	ck_assert_str_eq(q("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
}
END_TEST

/* Every C0 control and DEL: one line out, no raw control byte. */
START_TEST(test_quote_each_control)
{
	char	in[3] = { 'a', 0, 'b' }, want[16];

	in[1] = (char)_i;
	switch (_i) {
	case '\n':
		snprintf(want, sizeof(want), "\"a\\nb\"");
		break;
	case '\r':
		snprintf(want, sizeof(want), "\"a\\rb\"");
		break;
	case '\t':
		snprintf(want, sizeof(want), "\"a\\tb\"");
		break;
	default:
		snprintf(want, sizeof(want), "\"a\\x%02xb\"", _i);
		break;
	}
	ck_assert_str_eq(q(in, 3), want);
}
END_TEST

START_TEST(test_quote_forgery)
{
	/* A value that would print a GitHub command and clear the screen. */
	const char	*v = "4\n::error file=x::forged\x1b[2J";

	ck_assert_str_eq(q(v, strlen(v)),
	    "\"4\\n::error file=x::forged\\x1b[2J\"");
	ck_assert_ptr_null(strchr(q(v, strlen(v)), '\n'));
}
END_TEST

START_TEST(test_quote_unicode_controls)
{
	/* C1 CSI, NEL, right-to-left override, line separator. */
	ck_assert_str_eq(q("\xc2\x9b" "2J", 4), "\"\\u009b2J\"");
	ck_assert_str_eq(q("\xc2\x85", 2), "\"\\u0085\"");
	ck_assert_str_eq(q("a\xe2\x80\xae" "b", 5), "\"a\\u202eb\"");
	ck_assert_str_eq(q("\xe2\x80\xa8", 3), "\"\\u2028\"");
}
END_TEST

START_TEST(test_quote_invalid_utf8)
{
	ck_assert_str_eq(q("\xff", 1), "\"\\xff\"");
	/* Overlong '/', a surrogate, a sequence cut by the end. */
	ck_assert_str_eq(q("\xc0\xaf", 2), "\"\\xc0\\xaf\"");
	ck_assert_str_eq(q("\xed\xa0\x80", 3), "\"\\xed\\xa0\\x80\"");
	ck_assert_str_eq(q("a\xe2\x82", 3), "\"a\\xe2\\x82\"");
	ck_assert_str_eq(q("n\0ul", 4), "\"n\\x00ul\"");
}
END_TEST

START_TEST(test_quote_cut)
{
	char	buf[12];
	size_t	n;

	/* 10 bytes need 12 with the quotes and NUL: cut with `..."`. */
	n = quote(buf, sizeof(buf), "0123456789", 10);
	ck_assert_str_eq(buf, "\"012345...\"");
	ck_assert_uint_eq(n, 11);
	/* Exactly fitting is not cut. */
	ck_assert_uint_eq(quote(buf, sizeof(buf), "012345678", 9), 11);
	ck_assert_str_eq(buf, "\"012345678\"");
	/* Never inside a character or an escape. */
	quote(buf, sizeof(buf), "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
	    10);
	ck_assert_str_eq(buf, "\"\xc3\xa9\xc3\xa9\xc3\xa9...\"");
	quote(buf, sizeof(buf), "ab\x1b\x1b\x1b", 5);
	ck_assert_str_eq(buf, "\"ab\\x1b...\"");
	quote(buf, 6, "abcdef", 6);
	ck_assert_str_eq(buf, "\"...\"");
	quote(buf, 5, "abcdef", 6);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_quote_size)
{
	char	 in[64], *out;
	size_t	 i;

	/* QUOTE_SIZE is enough for the worst case: nothing is cut. */
	for (i = 0; i < sizeof(in); i++)
		in[i] = (char)(i % 2 ? 0x1b : 0xff);
	ck_assert_ptr_nonnull(out = malloc(QUOTE_SIZE(sizeof(in))));
	quote(out, QUOTE_SIZE(sizeof(in)), in, sizeof(in));
	ck_assert_ptr_null(strstr(out, "..."));
	ck_assert_uint_eq(strlen(out), 2 + 4 * sizeof(in));
	free(out);
	ck_assert_str_eq((quote_str(in, 8, NULL), in), "(none)");
}
END_TEST

/* The bare form for whole messages: controls escaped, quotes kept. */
START_TEST(test_escape_controls)
{
	char	buf[64];

	escape_controls(buf, sizeof(buf), "a \"b\" c\\d\n\x1b[2J\xff\xc2\x9b", 17);
	ck_assert_str_eq(buf, "a \"b\" c\\d\\n\\x1b[2J\\xff\\u009b");
	/* Cut before a whole escape, never inside it. */
	escape_controls(buf, 6, "ab\x1b", 3);
	ck_assert_str_eq(buf, "ab");
	ck_assert(!quote_needed("en1.json", 8));
	ck_assert(!quote_needed("caf\xc3\xa9", 5));
	ck_assert(quote_needed("", 0));
	ck_assert(quote_needed("a\"b", 3));
	ck_assert(quote_needed("a\\b", 3));
	ck_assert(quote_needed("a\nb", 3));
	ck_assert(quote_needed("a\xff" "b", 3));
	ck_assert(quote_needed("a\xe2\x80\xae" "b", 5));
}
END_TEST

START_TEST(test_utf8_valid)
{
	ck_assert(utf8_valid("plain", 5));
	ck_assert(utf8_valid("\xf0\x9f\x98\x80", 4));
	ck_assert(utf8_valid("\xf4\x8f\xbf\xbf", 4));
	ck_assert(!utf8_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	ck_assert(!utf8_valid("\xe0\x80\xaf", 3));	/* overlong */
	ck_assert(!utf8_valid("\x80", 1));
	ck_assert(!utf8_valid("\xf0\x9f\x98", 3));
}
END_TEST

START_TEST(test_utf8_cut)
{
	/* "é" is two bytes: 3 bytes of "aéé" end inside the second. */
	ck_assert_uint_eq(utf8_cut("a\xc3\xa9\xc3\xa9", 5, 4), 3);
	ck_assert_uint_eq(utf8_cut("a\xc3\xa9\xc3\xa9", 5, 3), 3);
	ck_assert_uint_eq(utf8_cut("a\xc3\xa9\xc3\xa9", 5, 2), 1);
	ck_assert_uint_eq(utf8_cut("abc", 3, 10), 3);
	/* A stray byte stands alone. */
	ck_assert_uint_eq(utf8_cut("\xff\xff\xff", 3, 2), 2);
	ck_assert_uint_eq(utf8_cut("\xf0\x9f\x98\x80", 4, 3), 0);
}
END_TEST

START_TEST(test_utf8_clean)
{
	char	buf[32], *d;
	size_t	r;

	ck_assert_uint_eq(utf8_clean(buf, sizeof(buf), "ok\xff!", 4), 1);
	ck_assert_str_eq(buf, "ok\xef\xbf\xbd!");
	ck_assert(utf8_valid(buf, strlen(buf)));
	ck_assert_uint_eq(utf8_clean(buf, sizeof(buf), "a\0b", 3), 1);
	ck_assert_str_eq(buf, "a\xef\xbf\xbd" "b");
	/* Too small: cut before the replacement, never inside it. */
	ck_assert_uint_eq(utf8_clean(buf, 4, "ab\xff", 3), 0);
	ck_assert_str_eq(buf, "ab");
	ck_assert_ptr_nonnull(d = utf8_dup("\xc3\xa9\xc3", &r));
	ck_assert_str_eq(d, "\xc3\xa9\xef\xbf\xbd");
	ck_assert_uint_eq(r, 1);
	free(d);
}
END_TEST

static Suite *
quote_suite(void)
{
	Suite	*s = suite_create("quote");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_quote_plain);
	tcase_add_loop_test(tc, test_quote_each_control, 0, 0x20);
	tcase_add_loop_test(tc, test_quote_each_control, 0x7f, 0x80);
	tcase_add_test(tc, test_quote_forgery);
	tcase_add_test(tc, test_quote_unicode_controls);
	tcase_add_test(tc, test_quote_invalid_utf8);
	tcase_add_test(tc, test_quote_cut);
	tcase_add_test(tc, test_quote_size);
	tcase_add_test(tc, test_escape_controls);
	tcase_add_test(tc, test_utf8_valid);
	tcase_add_test(tc, test_utf8_cut);
	tcase_add_test(tc, test_utf8_clean);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(quote_suite()));
}
