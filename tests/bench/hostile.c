/*
 * hostile: write a config of about BYTES bytes in one of the shapes a
 * hostile pull request could use against `mqplan validate` (issue 11),
 * to standard output.
 *
 *	usage: hostile SHAPE BYTES
 *
 *	longkey		a 64 KiB key holding an array of zeros
 *	longkey-mp	the same inside ManifestPassthrough
 *	ifaces		ManifestPassthrough with en1, en2, ... each with
 *			io-queues (past en100000 they are not interfaces)
 *	deep		an array of chains of objects 250 deep, 16-byte keys
 *	empties		an array of empty objects
 *	empties-mp	ManifestPassthrough with keys holding empty objects
 *	eths		ManifestPassthrough with eth1, eth2, ...: one finding
 *			each
 *	variants-mp	ManifestPassthrough and manifestpassthrough, each with
 *			the same keys
 *	typed		RunConfig with Nics of near-miss keys and numbers,
 *			then Ports of numbers: an ops-unknown-key or
 *			ops-wrong-type finding for each
 *	values-mp	ManifestPassthrough with chains of objects 200 deep
 *			ending in a number: a passthrough-value-type each
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TARGET	"\"CloudConfig\": {\"Platform\": \"gcp\", " \
		"\"Flavor\": \"n2-standard-8\"}"

static size_t	n;

static void
put(const char *s)
{
	n += strlen(s);
	fputs(s, stdout);
}

static void
longkey(size_t bytes, int mp)
{
	size_t	i;

	put("{" TARGET ", ");
	if (mp)
		put("\"ManifestPassthrough\": {");
	putchar('"');
	for (i = 0; i < 65536; i++)
		putchar('k');
	n += 65538;
	put("\": [0");
	while (n + 4 < bytes)
		put(",0");
	put(mp ? "]}}\n" : "]}\n");
}

enum member { IFACE, EMPTY, EMPTY_MP, ETHS };

static void
members(size_t bytes, enum member what)
{
	const char	*sep;
	char		 buf[128];
	size_t		 i;

	put("{" TARGET ", ");
	put(what == EMPTY ? "\"a\": [" : "\"ManifestPassthrough\": {");
	for (i = 1; n + 64 < bytes; i++) {
		sep = i == 1 ? "" : ", ";
		if (what == IFACE)
			snprintf(buf, sizeof(buf), "%s\"en%zu\": "
			    "{\"io-queues\": \"1\"}", sep, i);
		else if (what == EMPTY)
			snprintf(buf, sizeof(buf), "%s{}", sep);
		else if (what == ETHS)
			snprintf(buf, sizeof(buf), "%s\"eth%zu\": {}", sep, i);
		else
			snprintf(buf, sizeof(buf), "%s\"k%zu\": {}", sep, i);
		put(buf);
	}
	put(what == EMPTY ? "]}\n" : "}}\n");
}

static void
deep(size_t bytes)
{
	size_t	i, first = 1;

	put("{" TARGET ", \"d\": [");
	while (n + 250 * 21 + 8 < bytes) {
		if (!first)
			put(", ");
		first = 0;
		for (i = 0; i < 250; i++)
			put("{\"kkkkkkkkkkkkkkkk\": ");
		put("0");
		for (i = 0; i < 250; i++)
			put("}");
	}
	put("]}\n");
}

static void
variants(size_t bytes)
{
	char	buf[128];
	size_t	i, k;

	put("{" TARGET);
	k = (bytes - 200) / 2 / 17;
	put(", \"ManifestPassthrough\": {");
	for (i = 1; i <= k; i++) {
		snprintf(buf, sizeof(buf), "%s\"k%zu\": \"1\"", i == 1 ? "" :
		    ", ", i);
		put(buf);
	}
	put("}, \"manifestpassthrough\": {");
	for (i = 1; i <= k; i++) {
		snprintf(buf, sizeof(buf), "%s\"k%zu\": \"2\"", i == 1 ? "" :
		    ", ", i);
		put(buf);
	}
	put("}}\n");
}

static void
typed(size_t bytes)
{
	put("{" TARGET ", \"RunConfig\": {\"Nics\": [");
	while (n + 64 < bytes / 2)
		put("{\"IPAdress\": 1, \"Gateway\": 2}, ");
	put("{}], \"Ports\": [0");
	while (n + 8 < bytes)
		put(",0");
	put("]}}\n");
}

static void
values(size_t bytes)
{
	size_t	i, first = 1;

	put("{" TARGET ", \"ManifestPassthrough\": {\"v\": [");
	while (n + 200 * 10 + 8 < bytes) {
		if (!first)
			put(", ");
		first = 0;
		for (i = 0; i < 200; i++)
			put("{\"kkkk\": ");
		put("0");
		for (i = 0; i < 200; i++)
			put("}");
	}
	put("]}}\n");
}

int
main(int argc, char *argv[])
{
	size_t	bytes;

	if (argc != 3) {
		fprintf(stderr, "usage: hostile SHAPE BYTES\n");
		return (2);
	}
	bytes = strtoul(argv[2], NULL, 10);
	if (strcmp(argv[1], "longkey") == 0)
		longkey(bytes, 0);
	else if (strcmp(argv[1], "longkey-mp") == 0)
		longkey(bytes, 1);
	else if (strcmp(argv[1], "ifaces") == 0)
		members(bytes, IFACE);
	else if (strcmp(argv[1], "deep") == 0)
		deep(bytes);
	else if (strcmp(argv[1], "empties") == 0)
		members(bytes, EMPTY);
	else if (strcmp(argv[1], "empties-mp") == 0)
		members(bytes, EMPTY_MP);
	else if (strcmp(argv[1], "eths") == 0)
		members(bytes, ETHS);
	else if (strcmp(argv[1], "variants-mp") == 0)
		variants(bytes);
	else if (strcmp(argv[1], "typed") == 0)
		typed(bytes);
	else if (strcmp(argv[1], "values-mp") == 0)
		values(bytes);
	else {
		fprintf(stderr, "hostile: unknown shape %s\n", argv[1]);
		return (2);
	}
	return (0);
}
