/*
 * Host-side checks of json.c, the guest's manifest reader: built and run
 * by build.sh with the ordinary compiler, since the guest itself can only
 * be tested by booting it.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"

static int	failures;

static void
check(const char *doc, const char *ifname, enum json_result want,
    const char *want_value)
{
	const char	*path[3] = { "ManifestPassthrough", ifname, "io-queues" };
	char		 out[16];
	size_t		 where = 0;
	enum json_result r;

	r = json_lookup(doc, strlen(doc), path, 3, out, sizeof(out), &where);
	if (r != want || (want == JSON_FOUND && strcmp(out, want_value) != 0)) {
		printf("FAIL %s: got %s \"%s\" (at %zu), want %s \"%s\"\n",
		    doc, json_result_str(r), out, where, json_result_str(want),
		    want_value != NULL ? want_value : "");
		failures++;
	}
}

int
main(void)
{
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":\"2\"}}}",
	    "en1", JSON_FOUND, "2");
	check(" {\"a\": [1, -2.5e+3, true, false, null, {\"b\": []}],\n"
	    "\"ManifestPassthrough\" : { \"en2\": {}, \"en1\" : "
	    "{ \"x\": 0, \"io-queues\" : \"4\" } } }\r\n", "en1", JSON_FOUND,
	    "4");
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":\"2\"}}}",
	    "en2", JSON_ABSENT, NULL);
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":2}}}",
	    "en1", JSON_NOT_STRING, NULL);
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":\"\\u0034"
	    "\\t\"}}}", "en1", JSON_FOUND, "4\t");
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":\"\\ud83d"
	    "\\ude00\"}}}", "en1", JSON_FOUND, "\xf0\x9f\x98\x80");
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":\"a\\u0000\""
	    "}}}", "en1", JSON_BAD_STRING, NULL);
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":"
	    "\"0123456789abcdefgh\"}}}", "en1", JSON_TOO_LONG, NULL);
	/* Repeated keys: the last wins, as in jansson. */
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":\"2\","
	    "\"io-queues\":\"3\"}}}", "en1", JSON_FOUND, "3");
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":\"2\","
	    "\"io-queues\":3}}}", "en1", JSON_NOT_STRING, NULL);
	check("{\"ManifestPassthrough\":[]}", "en1", JSON_ABSENT, NULL);
	/* Broken anywhere, even after the value, means nothing is read. */
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":\"2\"}}",
	    "en1", JSON_MALFORMED, NULL);
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":\"2\"}}} x",
	    "en1", JSON_MALFORMED, NULL);
	check("{\"ManifestPassthrough\":{\"en1\":{\"io-queues\":\"2\",}}}",
	    "en1", JSON_MALFORMED, NULL);
	check("{\"a\":01,\"ManifestPassthrough\":{}}", "en1",
	    JSON_MALFORMED, NULL);
	check("{\"a\":\"\\ud800\"}", "en1", JSON_MALFORMED, NULL);
	check("{\"a\":\"tab\there\"}", "en1", JSON_MALFORMED, NULL);
	check("{\"a\":tru}", "en1", JSON_MALFORMED, NULL);
	check("", "en1", JSON_MALFORMED, NULL);
	check("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
	    "]]]]]]]]", "en1", JSON_MALFORMED, NULL);
	printf("json_test: %d failure(s)\n", failures);
	return (failures != 0);
}
