/*
 * Option parsing and usage text, both driven by the command's cli_opt
 * table so that the two cannot disagree.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define OPTS_MAX	32

static size_t
count_opts(const struct cli_opt *o)
{
	size_t	n = 0;

	while (o[n].name != NULL)
		n++;
	return (n);
}

static int
cmp_char(const void *a, const void *b)
{
	return (*(const char *)a - *(const char *)b);
}

/* True if an earlier entry of the table has the same key: an alias. */
static bool
is_alias(const struct cli_opt *opts, const struct cli_opt *o)
{
	const struct cli_opt	*p;

	for (p = opts; p < o; p++)
		if (p->key == o->key)
			return (true);
	return (false);
}

/*
 * Prints the synopsis as style(9) wants it: single-letter flags first in
 * one bracket, then long flags, then options with arguments; aliases are
 * left to --help.
 */
void
cli_usage(FILE *fp, const struct cmd *c)
{
	const struct cli_opt	*o;
	size_t			 col, indent, n = 0;
	int			 pass;
	char			 word[96], letters[32];

	for (o = c->opts; o->name != NULL; o++)
		if (o->key < 256 && o->arg == NULL && n + 1 < sizeof(letters))
			letters[n++] = (char)o->key;
	letters[n] = '\0';
	qsort(letters, n, 1, cmp_char);
	indent = strlen("usage: mqplan ") + strlen(c->name);
	col = (size_t)fprintf(fp, "usage: mqplan %s", c->name);
	if (n > 0)
		col += (size_t)fprintf(fp, " [-%s]", letters);
	for (pass = 0; pass < 2; pass++) {
		for (o = c->opts; o->name != NULL; o++) {
			if ((pass == 0) != (o->arg == NULL) ||
			    is_alias(c->opts, o) ||
			    (o->key < 256 && o->arg == NULL))
				continue;
			if (o->arg == NULL)
				snprintf(word, sizeof(word), "[--%s]", o->name);
			else
				snprintf(word, sizeof(word), "[--%s %s]",
				    o->name, o->arg);
			if (col + 1 + strlen(word) > 78) {
				fprintf(fp, "\n%*s", (int)indent, "");
				col = indent;
			}
			col += (size_t)fprintf(fp, " %s", word);
		}
	}
	if (c->operands != NULL)
		fprintf(fp, " %s", c->operands);
	fputc('\n', fp);
}

static void
cli_help(FILE *fp, const struct cmd *c)
{
	const struct cli_opt	*o;
	char			 left[64];

	fprintf(fp, "mqplan %s: %s\n\n", c->name, c->summary);
	cli_usage(fp, c);
	fputc('\n', fp);
	for (o = c->opts; o->name != NULL; o++) {
		if (o->key < 256)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->key,
			    o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(fp, "  %-33s %s\n", left, o->help);
	}
	fprintf(fp, "\nSee mqplan(1).\n");
}

void
cli_usage_all(FILE *fp)
{
	const struct cmd	*c;

	fprintf(fp, "usage: mqplan [--help | --version] command [args ...]\n"
	    "\ncommands:\n");
	for (c = cmds; c->name != NULL; c++)
		fprintf(fp, "  %-11s %s\n", c->name, c->summary);
	fprintf(fp, "\n'mqplan COMMAND --help' shows a command's options; "
	    "see mqplan(1).\n");
}

/*
 * getopt_long over the command's option table: 0 parsed, -1 a usage error
 * (reported), 1 after --help or --version.
 */
static int
cli_parse(const struct cmd *c, int argc, char **argv,
    int (*handle)(int, const char *, void *), void *arg)
{
	struct option		 longopts[OPTS_MAX + 1];
	char			 shortopts[2 * OPTS_MAX + 2];
	const struct cli_opt	*o;
	size_t			 n, i, s = 0;
	int			 ch, idx;

	n = count_opts(c->opts);
	if (n > OPTS_MAX)
		n = OPTS_MAX;
	/* Leading ':' makes getopt report a missing argument as ':'. */
	shortopts[s++] = ':';
	for (i = 0; i < n; i++) {
		o = &c->opts[i];
		longopts[i].name = o->name;
		longopts[i].has_arg = o->arg ? required_argument : no_argument;
		longopts[i].flag = NULL;
		longopts[i].val = o->key;
		if (o->key < 256) {
			shortopts[s++] = (char)o->key;
			if (o->arg != NULL)
				shortopts[s++] = ':';
		}
	}
	shortopts[s] = '\0';
	memset(&longopts[n], 0, sizeof(longopts[n]));

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, &idx)) !=
	    -1) {
		switch (ch) {
		case OPT_HELP:
			cli_help(stdout, c);
			return (1);
		case OPT_VERSION:
			cli_version();
			return (1);
		case ':':
			cli_error("%s: option '%s' needs an argument (see "
			    "'mqplan %s --help')", c->name, argv[optind - 1],
			    c->name);
			return (-1);
		case '?':
			if (optopt != 0)
				cli_error("%s: unknown option '-%c' (see 'mqplan "
				    "%s --help')", c->name, optopt, c->name);
			else
				cli_error("%s: unknown option '%s' (see 'mqplan "
				    "%s --help')", c->name, argv[optind - 1],
				    c->name);
			return (-1);
		default:
			if (handle(ch, optarg, arg) == -1)
				return (-1);
			break;
		}
	}
	return (0);
}

int
cli_start(const struct cmd *c, int argc, char **argv,
    int (*handle)(int, const char *, void *), void *arg, int *status)
{
	int	n, rc;

	if ((rc = cli_parse(c, argc, argv, handle, arg)) != 0) {
		*status = rc == 1 ? cli_finish(EXIT_OK) : EXIT_USAGE;
		return (1);
	}
	n = argc - optind;
	if (n >= c->nmin && (c->nmax == -1 || n <= c->nmax))
		return (0);
	if (c->nmax == 0 && c->misfit != NULL)
		cli_error("%s: unexpected argument '%s' (%s)", c->name,
		    argv[optind], c->misfit);
	else if (c->nmax == 0)
		cli_error("%s: unexpected argument '%s' (see 'mqplan %s "
		    "--help')", c->name, argv[optind], c->name);
	else
		cli_error("%s: %s (see 'mqplan %s --help')", c->name,
		    c->misfit, c->name);
	*status = EXIT_USAGE;
	return (1);
}

int
cli_number(const char *flag, const char *s, uint32_t lo, uint32_t hi,
    uint32_t *out)
{
	const char	*p;
	uint64_t	 v = 0;

	for (p = s; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > hi)
			break;
	}
	if (p == s || (*p != '\0' && v <= hi)) {
		cli_error("%s: '%s' is not a whole number", flag, s);
		return (-1);
	}
	if (v < lo || v > hi) {
		cli_error("%s: %s is out of range (%u to %u)", flag, s, lo, hi);
		return (-1);
	}
	*out = (uint32_t)v;
	return (0);
}

int
cli_format(const char *s, bool yaml_ok, enum format *out)
{
	if (strcmp(s, "text") == 0)
		*out = FORMAT_TEXT;
	else if (strcmp(s, "json") == 0)
		*out = FORMAT_JSON;
	else if (yaml_ok && strcmp(s, "yaml") == 0)
		*out = FORMAT_YAML;
	else {
		cli_error("--format: unknown format '%s' (text, json%s)", s,
		    yaml_ok ? ", yaml" : "");
		return (-1);
	}
	return (0);
}
