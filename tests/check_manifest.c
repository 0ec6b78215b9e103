/*
 * ops configs: value positions, reading, indentation, and the findings
 * of validate, one per id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "manifest/diff.h"
#include "manifest/edit.h"
#include "manifest/ifsettings.h"
#include "manifest/merge.h"
#include "manifest/quote.h"
#include "manifest/target.h"
#include "manifest/tuple.h"
#include "manifest/validate.h"
#include "tests/check_main.h"

static const char nested[] =
    "{\n"
    "  \"CloudConfig\": {\"Platform\": \"gcp\"},\n"
    "  \"Env\": {\"caf\\u00e9\": \"\\u00e9t\\u00e9\", \"a/b~c\": [1, 2.5e3, "
    "true]},\n"
    "  \"\xc3\xa9\": \"\xf0\x9f\x98\x80\", \"x\": null\n"
    "}\n";

START_TEST(test_locate_spans)
{
	struct locator		 l = LOCATOR_INIT;
	const struct span	*sp;
	char			 err[128];

	ck_assert_int_eq(locator_scan(&l, nested, strlen(nested), err,
	    sizeof(err)), 0);
	sp = locator_find(&l, "");
	ck_assert_int_eq(sp->kind, SPAN_OBJECT);
	ck_assert_uint_eq(sp->nmembers, 4);
	ck_assert_uint_eq(sp->val_end, strlen(nested) - 1);

	sp = locator_find(&l, "/CloudConfig/Platform");
	ck_assert_ptr_nonnull(sp);
	ck_assert_uint_eq(sp->line, 2);
	ck_assert_uint_eq(sp->col, 31);
	ck_assert_uint_eq(sp->key_line, 2);
	ck_assert_uint_eq(sp->key_col, 19);
	ck_assert_int_eq(strncmp(nested + sp->val_off, "\"gcp\"",
	    sp->val_end - sp->val_off), 0);

	/* Keys are matched decoded; '~' and '/' escape as RFC 6901 says. */
	ck_assert_ptr_nonnull(locator_find(&l, "/Env/caf\xc3\xa9"));
	sp = locator_find(&l, "/Env/a~1b~0c/1");
	ck_assert_ptr_nonnull(sp);
	ck_assert_int_eq(sp->kind, SPAN_NUMBER);
	ck_assert_int_eq(strncmp(nested + sp->val_off, "2.5e3", 5), 0);
	ck_assert_uint_eq(locator_find(&l, "/Env/a~1b~0c")->nmembers, 3);

	/* Columns count characters: the emoji is one. */
	sp = locator_find(&l, "/x");
	ck_assert_uint_eq(sp->line, 4);
	ck_assert_uint_eq(sp->col, 18);
	ck_assert_ptr_nonnull(locator_find(&l, "/\xc3\xa9"));
	ck_assert_ptr_null(locator_find(&l, "/y"));
	locator_release(&l);
}
END_TEST

static const struct {
	const char	*text;
	const char	*err;
} bad_json[] = {
	{ "", "1:1: value expected" },
	{ "{", "1:2: object key expected" },
	{ "{\"a\" 1}", "1:6: ':' expected" },
	{ "{\"a\": 1,}", "1:9: object key expected" },
	{ "[1 2]", "1:4: ',' or ']' expected" },
	{ "{\"a\": \"\\x\"}", "1:10: bad escape in a string" },
	{ "{\"a\": \"\\ud800\"}", "1:14: lone surrogate" },
	{ "{\"a\": 01}", "1:8: ',' or '}' expected" },
	{ "{\"a\": -}", "1:8: digit expected" },
	{ "{\"a\": tru}", "1:7: value expected" },
	{ "{} {}", "1:4: text after the JSON value" },
	{ "\"a\nb\"", "1:3: control character in a string" },
	{ "\"abc", "1:5: unterminated string" },
	/* Issue 11: the real place of a bad byte, and what it is. */
	{ "{\n \"a\": \"x\xffy\"}", "2:9: byte 0xFF is not UTF-8: ops reads "
	    "config.json as UTF-8; save the file in that encoding" },
	{ "{\"a\": \"\xc0\xaf\"}", "1:8: byte 0xC0 is not UTF-8: ops reads "
	    "config.json as UTF-8; save the file in that encoding" },
	{ "\xef\xbb\xbf{}", "1:1: the file starts with a UTF-8 byte order "
	    "mark, which JSON does not allow and ops refuses: save it without "
	    "the BOM" },
	{ "{\"a\":\n  \"x\\u0000\"}", "2:5: a NUL character (\\u0000) in a "
	    "string: mqplan cannot keep it and Nanos would cut the string "
	    "there; remove it" },
	{ "{\"a\": 1, \"b\": 2,\n \"a\": 3}", "2:2: duplicate object key" },
};

START_TEST(test_locate_errors)
{
	struct locator	l = LOCATOR_INIT;
	char		err[128];

	ck_assert_int_eq(locator_scan(&l, bad_json[_i].text,
	    strlen(bad_json[_i].text), err, sizeof(err)), -1);
	ck_assert_str_eq(err, bad_json[_i].err);
	ck_assert_uint_eq(l.nnodes, 0);
}
END_TEST

/* k arrays, one inside the other. */
static char *
nest(size_t k)
{
	char	*s = malloc(2 * k + 1);

	ck_assert_ptr_nonnull(s);
	memset(s, '[', k);
	memset(s + k, ']', k);
	s[2 * k] = '\0';
	return (s);
}

START_TEST(test_locate_depth)
{
	struct locator	 l = LOCATOR_INIT;
	char		 err[128], *deep;

	/* The root is depth 0, so LOCATE_DEPTH_MAX + 1 arrays fit. */
	deep = nest(LOCATE_DEPTH_MAX + 1);
	ck_assert_int_eq(locator_scan(&l, deep, strlen(deep), err,
	    sizeof(err)), 0);
	locator_release(&l);
	free(deep);
	deep = nest(LOCATE_DEPTH_MAX + 2);
	ck_assert_int_eq(locator_scan(&l, deep, strlen(deep), err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "1:258: nested deeper than 256");
	free(deep);
}
END_TEST

static const struct {
	const char	*text;
	const char	*indent;
} indents[] = {
	{ "{\n  \"a\": 1\n}\n", "  " },
	{ "{\n    \"a\": {\n        \"b\": 1\n    }\n}\n", "    " },
	{ "{\n\t\"a\": 1\n}\n", "\t" },
	{ "{\"a\": 1}\n", "  " },
	{ "{}", "  " },
};

START_TEST(test_indent)
{
	struct manifest	m;
	char		err[256];

	ck_assert_int_eq(manifest_parse(&m, "c.json", indents[_i].text,
	    strlen(indents[_i].text), err, sizeof(err)), 0);
	ck_assert_str_eq(m.indent, indents[_i].indent);
	manifest_release(&m);
}
END_TEST

START_TEST(test_parse_errors)
{
	struct manifest	m;
	char		err[256];

	ck_assert_int_eq(manifest_parse(&m, "c.json", "", 0, err, sizeof(err)),
	    -1);
	ck_assert_str_eq(err, "c.json: empty file, not a JSON object");
	ck_assert_int_eq(manifest_parse(&m, "c.json", "[1]", 3, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "c.json:1:1: the top level is not a JSON object");
	ck_assert_int_eq(manifest_parse(&m, "c.json", "{\"a\":1,\"a\":2}", 13,
	    err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "duplicate object key"));
	ck_assert_int_eq(manifest_parse(&m, "c.json", "{\"a\":\"\xc3\"}", 9,
	    err, sizeof(err)), -1);
	ck_assert_int_eq(strncmp(err, "c.json:1:", 9), 0);
	ck_assert_int_eq(manifest_read(&m, TEST_DATA "/config/nope.json", err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, TEST_DATA "/config/nope.json: No such file or "
	    "directory");
}
END_TEST

START_TEST(test_get_ignores_case)
{
	struct manifest	 m;
	const char	*real;
	json_t		*v;
	uint32_t	 node;
	char		 err[256], *key;
	static const char t[] = "{\"CloudConfig\": {\"Flavor\": \"y\", "
	    "\"Platform\": \"gcp\"}, \"cloudconfig\": {\"FLAVOR\": \"x\"}, "
	    "\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"1\", "
	    "\"mtu\": \"9000\"}, \"en2\": {}}, \"MANIFESTPASSTHROUGH\": "
	    "{\"en1\": {\"io-queues\": \"2\"}}, "
	    "\"RunConfig\": {\"IPAddress\": \"1.1.1.1\", "
	    "\"ipaddress\": \"2.2.2.2\"}}";
	static const char t2[] = "{\"ManifestPassthrough\": {\"en1\": {}}, "
	    "\"manifestpassthrough\": null, \"MANIFESTPASSTHROUGH\": "
	    "{\"en3\": {}}}";

	ck_assert_int_eq(manifest_parse(&m, "c", t, strlen(t), err,
	    sizeof(err)), 0);
	/*
	 * As Go's encoding/json decodes into ops' types.Config: every case
	 * variant in turn into one field; the struct's fields are
	 * overwritten by the later one, the rest kept.
	 */
	ck_assert_str_eq(json_string_value(manifest_get(manifest_get(m.root,
	    "CloudConfig", &real), "Flavor", NULL)), "x");
	ck_assert_str_eq(real, "cloudconfig");
	ck_assert_str_eq(json_string_value(manifest_get(manifest_get(m.root,
	    "cloudCONFIG", NULL), "platform", NULL)), "gcp");
	/* Within one object too, the last spelling is the one kept. */
	ck_assert_str_eq(json_string_value(manifest_get(manifest_get(m.root,
	    "RunConfig", NULL), "IPAddress", NULL)), "2.2.2.2");
	/*
	 * The map merges: en2 kept, en1 replaced whole by the later one
	 * (its members are the later one's only).
	 */
	node = manifest_passthrough_next(&m, LOCATE_NONE);
	ck_assert_uint_ne(node, LOCATE_NONE);
	key = locator_key(&m.loc, node, NULL);
	ck_assert_str_eq(key, "en2");
	free(key);
	node = manifest_passthrough_next(&m, node);
	ck_assert_uint_ne(node, LOCATE_NONE);
	ck_assert_uint_eq(node, manifest_member_node(&m, FIELD_PASSTHROUGH,
	    "en1"));
	ck_assert_uint_eq(locator_member(&m.loc, node, "mtu", 3), LOCATE_NONE);
	v = manifest_json(&m, locator_member(&m.loc, node, "io-queues", 9));
	ck_assert_str_eq(json_string_value(v), "2");
	json_decref(v);
	ck_assert_uint_eq(manifest_passthrough_next(&m, node), LOCATE_NONE);
	manifest_release(&m);
	/* A null variant makes the map nil: what came before is gone. */
	ck_assert_int_eq(manifest_parse(&m, "c", t2, strlen(t2), err,
	    sizeof(err)), 0);
	node = manifest_passthrough_next(&m, LOCATE_NONE);
	key = locator_key(&m.loc, node, NULL);
	ck_assert_str_eq(key, "en3");
	free(key);
	ck_assert_uint_eq(manifest_passthrough_next(&m, node), LOCATE_NONE);
	/* Go's foldName: the Kelvin sign is a k, the long s an s. */
	ck_assert_int_eq(manifest_fold_eq("\xe2\x84\xaa" "ey", 5, "key"), 1);
	ck_assert_int_eq(manifest_fold_eq("Manife\xc5\xbftPassthrough", 20,
	    "ManifestPassthrough"), 1);
	ck_assert_int_eq(manifest_fold_eq("ManifestPassthroug", 18,
	    "ManifestPassthrough"), 0);
	manifest_release(&m);
}
END_TEST

/* Case variants: each later one is a finding at its key. */
START_TEST(test_case_variants)
{
	struct manifest	 m;
	struct findings	 fs = FINDINGS_INIT;
	char		 err[256];
	static const char t[] = "{\"ManifestPassthrough\": {\"en1\": "
	    "{\"io-queues\": \"1\"}},\n  \"manifestPassthrough\": {\"en1\": "
	    "{\"io-queues\": \"0\"}},\n  \"CloudConfig\": {\"Flavor\": "
	    "\"a\", \"flavor\": \"b\"}}";

	ck_assert_int_eq(manifest_parse(&m, "c", t, strlen(t), err,
	    sizeof(err)), 0);
	ck_assert_int_eq(manifest_check(&m, NULL, &fs), 0);
	ck_assert_uint_eq(fs.n, 3);
	ck_assert_str_eq(fs.v[0].id, "key-case-variants");
	ck_assert_uint_eq(fs.v[0].level, LEVEL_WARNING);
	ck_assert_uint_eq(fs.v[0].line, 2);
	ck_assert_uint_eq(fs.v[0].col, 3);
	ck_assert_msg(strstr(fs.v[0].msg, "\"manifestPassthrough\" and "
	    "\"ManifestPassthrough\" (line 1)") != NULL &&
	    strstr(fs.v[0].msg, "this later one's value is used") != NULL,
	    "%s", fs.v[0].msg);
	ck_assert_str_eq(fs.v[1].id, "key-case-variants");
	ck_assert_uint_eq(fs.v[1].line, 3);
	ck_assert_uint_eq(fs.v[1].col, 34);
	/* The value ops uses is the one checked, where it is. */
	ck_assert_str_eq(fs.v[2].id, "io-queues-not-decimal");
	ck_assert_uint_eq(fs.v[2].line, 2);
	ck_assert_uint_eq(fs.v[2].col, 48);
	findings_release(&fs);
	manifest_release(&m);
}
END_TEST

/* Issue 11: a key of any length is checked (it was skipped past ~500). */
START_TEST(test_long_key)
{
	struct manifest	 m;
	struct findings	 fs = FINDINGS_INIT;
	char		 err[256], *t;
	size_t		 klen = 70000, o;

	t = malloc(klen + 128);
	ck_assert_ptr_nonnull(t);
	o = (size_t)sprintf(t, "{\"ManifestPassthrough\": {\"");
	memset(t + o, 'k', klen);
	o += klen;
	o += (size_t)sprintf(t + o, "\": {\"io-queues\": \"4\"}}}");
	ck_assert_int_eq(manifest_parse(&m, "c", t, o, err, sizeof(err)), 0);
	ck_assert_int_eq(manifest_check(&m, NULL, &fs), 0);
	ck_assert_uint_eq(fs.n, 1);
	ck_assert_str_eq(fs.v[0].id, "interface-name");
	ck_assert_uint_eq(fs.v[0].line, 1);
	ck_assert_uint_eq(fs.v[0].col, 26);
	findings_release(&fs);
	manifest_release(&m);
	free(t);
}
END_TEST

/* Past FINDINGS_MAX, one finding counts the rest, at their worst level. */
START_TEST(test_findings_cap)
{
	struct findings	fs = FINDINGS_INIT;
	size_t		i;

	for (i = 0; i < FINDINGS_MAX + 10; i++)
		ck_assert_int_eq(findings_add(&fs, FINDING_TARGET,
		    i == FINDINGS_MAX + 5 ? LEVEL_ERROR : LEVEL_NOTE, NULL, 0,
		    "n%zu", i), 0);
	ck_assert_uint_eq(fs.n, FINDINGS_MAX);
	ck_assert_str_eq(fs.v[FINDINGS_MAX - 1].id, "too-many-findings");
	ck_assert_str_eq(fs.v[FINDINGS_MAX - 1].msg,
	    "11 more findings not shown");
	ck_assert_int_eq(findings_worst(&fs), LEVEL_ERROR);
	findings_release(&fs);
}
END_TEST

/*
 * The table every format takes ids and help from: each kind has an id
 * once, validate's have help whose summary is its first sentence, and
 * too-many-findings alone has no fixed level.
 */
START_TEST(test_finding_kinds)
{
	const struct finding_kind	*k;
	size_t				 i, j;

	for (i = 0; i < FINDING_COUNT; i++) {
		k = &finding_kinds[i];
		ck_assert_ptr_nonnull(k->id);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(k->id, finding_kinds[j].id);
		ck_assert_int_eq(k->level == -1,
		    i == FINDING_TOO_MANY_FINDINGS);
		ck_assert_int_eq(k->help != NULL, i < FINDING_VALIDATE_COUNT);
	}
	k = &finding_kinds[FINDING_INTERFACE_ABSENT];
	ck_assert_uint_eq(finding_summary_len(k), strlen("An enN tuple for "
	    "an interface the target does not have (--nics): Nanos reads it "
	    "for no interface."));
	/* No period before a space (RunConfig.IPAddress is none): all. */
	k = &finding_kinds[FINDING_INTERFACE_NAME];
	ck_assert_uint_eq(finding_summary_len(k), strlen(k->help));
	k = &finding_kinds[FINDING_OPS_ADDRESS_DROPPED];
	ck_assert_uint_eq(finding_summary_len(k), strlen(k->help));
}
END_TEST

/* One decision: en1..en3 virtio-net with 4 device queues, 8 vCPUs. */
static void
sample_decision(struct decision *d)
{
	uint32_t	i;

	memset(d, 0, sizeof(*d));
	d->platform = PLATFORM_GCP;
	d->vcpus = 8;
	d->queue_cpus = 8;
	d->nnics = 3;
	for (i = 0; i < 3; i++) {
		snprintf(d->nics[i].ifname, sizeof(d->nics[i].ifname), "en%u",
		    i + 1);
		d->nics[i].nic = NIC_VIRTIO_NET;
		d->nics[i].device_queues = 4;
		d->nics[i].io_queues = 4;
		d->nics[i].queues = 4;
		d->nics[i].guest = GUEST_IO_QUEUES;
	}
	d->nics[2].nic = NIC_GVNIC;
	d->nics[2].guest = GUEST_SINGLE;
	d->nics[2].io_queues = 0;
	d->nics[2].queues = 1;
}

static const struct {
	const char	*text;
	const char	*id;		/* NULL: no finding */
	unsigned int	 line;
	unsigned int	 col;
	const char	*msg;		/* part of the message */
} checks[] = {
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\"}}}", NULL,
	    0, 0, NULL },
	{ "{\"ManifestPassthrough\": 7}", "passthrough-not-object", 1, 25,
	    "is a number" },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": 4}}}",
	    "io-queues-not-string", 1, 47, "write \"4\"" },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": true}}}",
	    "io-queues-not-string", 1, 47, "is a boolean" },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4abc\"}}}",
	    "io-queues-not-decimal", 1, 47, "leading digits, 4: write \"4\"" },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"0\"}}}",
	    "io-queues-not-decimal", 1, 47, "reads 0 as unset" },
	{ "{\"ManifestPassthrough\": {\"en2\": {\"io-queues\": \" 4\"}}}",
	    "io-queues-not-decimal", 1, 47, "cannot read it" },
	/* Issue 11: a range problem says so, and what Nanos reads. */
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"40000\"}}}",
	    "io-queues-not-decimal", 1, 47, "\"40000\" is out of range: "
	    "virtio-net has at most 32768 queue pairs; Nanos reads 40000 and "
	    "clamps it to the device's queue pairs and the CPUs: write \"4\"" },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": "
	    "\"99999999999999999999999\"}}}", "io-queues-not-decimal", 1, 47,
	    "is out of range: virtio-net has at most 32768 queue pairs; Nanos "
	    "reads it modulo 2^64 (no overflow check) as 200376420520689663, "
	    "then clamps it" },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": "
	    "\"18446744073709551618\"}}}", "io-queues-not-decimal", 1, 47,
	    "modulo 2^64 (no overflow check) as 2: write \"2\"" },
	/* 2^64 - 1 is read as it is; one more wraps to 0, the default. */
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": "
	    "\"18446744073709551615\"}}}", "io-queues-not-decimal", 1, 47,
	    "Nanos reads 18446744073709551615 and clamps it" },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": "
	    "\"18446744073709551616\"}}}", "io-queues-not-decimal", 1, 47,
	    "modulo 2^64 (no overflow check) as 0, which it takes as unset" },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"40000x\"}}}",
	    "io-queues-not-decimal", 1, 47, "is not a plain decimal from 1 to "
	    "32768; Nanos reads the leading digits, 40000 and clamps" },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"6\"}}}",
	    "io-queues-above-device", 1, 47, "clamps it to 4" },
	{ "{\"ManifestPassthrough\": {\"en3\": {\"io-queues\": \"1\"}}}",
	    "io-queues-ignored", 1, 47, "gvnic driver uses one queue pair" },
	/*
	 * Issue 12: the root io-queues, which Nanos reads for en1 while there
	 * is no en1 tuple: checked as en1's (a number is no schema finding
	 * too); with an en1 tuple, hidden (an error: the value is dropped)
	 * or dead (a warning: the tuple has its own).
	 */
	{ "{\"ManifestPassthrough\": {\"io-queues\": \"4abc\"}}",
	    "io-queues-not-decimal", 1, 39, "root io-queues (Nanos reads it "
	    "for en1 while there is no en1 tuple) \"4abc\" is not a plain "
	    "decimal" },
	{ "{\"ManifestPassthrough\": {\"io-queues\": 4}}",
	    "io-queues-not-string", 1, 39, "root io-queues (Nanos reads it for "
	    "en1 while there is no en1 tuple) is a JSON number; ops refuses "
	    "anything but strings in ManifestPassthrough: write \"4\"" },
	{ "{\"ManifestPassthrough\": {\"io-queues\": \"6\"}}",
	    "io-queues-above-device", 1, 39, "clamps it to 4" },
	{ "{\"ManifestPassthrough\": {\"io-queues\": \"4\"}}",
	    NULL, 0, 0, NULL },
	{ "{\"ManifestPassthrough\": {\"io-queues\": \"4\", \"en1\": {}}}",
	    "setting-hidden", 1, 26, "the en1 tuple hides root io-queues "
	    "\"4\", since Nanos reads en1's settings from the manifest's root "
	    "only while there is no en1 tuple" },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\"}, "
	    "\"io-queues\": \"2\"}}", "io-queues-ignored", 1, 53,
	    "root io-queues \"2\" has no effect: the en1 tuple has its own "
	    "io-queues" },
	{ "{\"ManifestPassthrough\": {\"eth1\": {\"io-queues\": \"1\"}}}",
	    "interface-name", 1, 26, "\"eth1\"" },
	{ "{\"ManifestPassthrough\": {\"net\": {\"io-queues\": \"1\"}}}",
	    "interface-name", 1, 26, "\"net\"" },
	{ "{\"ManifestPassthrough\": {\"en1\": \"4\"}}",
	    "interface-not-object", 1, 33, "en1 is a string" },
	{ "{\"RunConfig\": {\"IPAddress\": \"10.1.1.1\"}, "
	    "\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\"}}}",
	    "en1-static-ip-dropped", 1, 66, "10.1.1.1" },
	{ "{\"RunConfig\": {\"IPAddress\": \"10.1.1.1\"}, "
	    "\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\", "
	    "\"ipaddr\": \"10.1.1.1\"}}}", NULL, 0, 0, NULL },
	/* Other passthrough keys are none of mqplan's business. */
	{ "{\"ManifestPassthrough\": {\"consoles\": [\"+net\"], \"mtu\": "
	    "\"1460\"}}", NULL, 0, 0, NULL },
};

START_TEST(test_check)
{
	struct manifest	m;
	struct decision	d;
	struct findings	fs = FINDINGS_INIT;
	char		err[256];

	sample_decision(&d);
	ck_assert_int_eq(manifest_parse(&m, "c.json", checks[_i].text,
	    strlen(checks[_i].text), err, sizeof(err)), 0);
	ck_assert_int_eq(manifest_check(&m, &d, &fs), 0);
	if (checks[_i].id == NULL) {
		ck_assert_msg(fs.n == 0, "unexpected %s: %s",
		    fs.n ? fs.v[0].id : "", fs.n ? fs.v[0].msg : "");
	} else {
		ck_assert_uint_eq(fs.n, 1);
		ck_assert_str_eq(fs.v[0].id, checks[_i].id);
		/* The level the table (and so SARIF's rules) gives it. */
		ck_assert_int_eq(fs.v[0].level,
		    finding_kinds[fs.v[0].kind].level);
		ck_assert_uint_eq(fs.v[0].line, checks[_i].line);
		ck_assert_uint_eq(fs.v[0].col, checks[_i].col);
		ck_assert_msg(strstr(fs.v[0].msg, checks[_i].msg) != NULL,
		    "'%s' lacks '%s'", fs.v[0].msg, checks[_i].msg);
	}
	findings_release(&fs);
	manifest_release(&m);
}
END_TEST

/*
 * Config values in messages are quoted and escaped: a newline or ESC in
 * an io-queues value or an interface key cannot forge a finding line.
 */
START_TEST(test_check_quotes_values)
{
	struct manifest	m;
	struct decision	d;
	struct findings	fs = FINDINGS_INIT;
	char		err[256];
	static const char text[] = "{\"ManifestPassthrough\": {\"en1\": "
	    "{\"io-queues\": \"4\\n::error file=x::y\\u001b[2J\"}, "
	    "\"eth\\r0\": {\"io-queues\": \"2\"}}}";
	size_t		i;

	sample_decision(&d);
	ck_assert_int_eq(manifest_parse(&m, "c.json", text, strlen(text), err,
	    sizeof(err)), 0);
	ck_assert_int_eq(manifest_check(&m, &d, &fs), 0);
	ck_assert_uint_eq(fs.n, 2);
	ck_assert_msg(strstr(fs.v[0].msg,
	    "io-queues \"4\\n::error file=x::y\\x1b[2J\" is not") != NULL,
	    "%s", fs.v[0].msg);
	ck_assert_msg(strstr(fs.v[1].msg, "\"eth\\r0\" is not an") != NULL,
	    "%s", fs.v[1].msg);
	for (i = 0; i < fs.n; i++)
		ck_assert_ptr_null(strpbrk(fs.v[i].msg, "\n\r\x1b"));
	findings_release(&fs);
	manifest_release(&m);
}
END_TEST

/*
 * A message longer than a finding holds is cut on a character boundary
 * and says so, whatever the byte length of the character on the edge.
 */
START_TEST(test_findings_cut)
{
	static const char *const chars[] = { "\xc3\xa9", "\xe2\x82\xac",
	    "\xf0\x9f\x98\x80" };
	struct findings	 fs = FINDINGS_INIT;
	char		 text[2 * FINDING_MSG_MAX];
	size_t		 pad = (size_t)_i % 4, len;
	const char	*c = chars[_i / 4];

	memset(text, 'x', pad);
	for (len = pad; len + strlen(c) < sizeof(text); len += strlen(c))
		memcpy(text + len, c, strlen(c));
	text[len] = '\0';
	ck_assert_int_eq(findings_add(&fs, FINDING_TARGET, LEVEL_ERROR, NULL,
	    0, "%s", text), 0);
	len = strlen(fs.v[0].msg);
	ck_assert_uint_lt(len, FINDING_MSG_MAX);
	ck_assert_uint_gt(len, FINDING_MSG_MAX - 8);
	ck_assert(utf8_valid(fs.v[0].msg, len));
	ck_assert_str_eq(fs.v[0].msg + len - 3, "...");
	/* A message that fits is kept whole. */
	ck_assert_int_eq(findings_add(&fs, FINDING_TARGET, LEVEL_ERROR, NULL,
	    0, "%s%s", "a", c), 0);
	ck_assert_str_eq(fs.v[1].msg + 1, c);
	findings_release(&fs);
}
END_TEST

START_TEST(test_target_and_interfaces)
{
	struct manifest		m;
	struct manifest_target	t;
	char			err[256];
	static const char	text[] = "{\"cloudconfig\": {\"platform\": "
	    "\"aws\", \"flavor\": \"c5.large\"}, \"RunConfig\": {\"Nics\": "
	    "[{}, {}, {}]}, \"ManifestPassthrough\": {\"en2\": {}}}";

	ck_assert_int_eq(manifest_parse(&m, "c", text, strlen(text), err,
	    sizeof(err)), 0);
	ck_assert_int_eq(manifest_target(&m, &t), 0);
	ck_assert_str_eq(t.platform, "aws");
	ck_assert_str_eq(t.flavor, "c5.large");
	ck_assert_uint_eq(t.flavor_at->col, 47);
	ck_assert_uint_eq(manifest_interfaces(&m), 3);
	manifest_release(&m);
}
END_TEST

START_TEST(test_diff)
{
	static const char a[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
	static const char b[] = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n";
	char	*d;

	d = diff_unified("c.json", a, strlen(a), b, strlen(b));
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d, "--- c.json\n+++ c.json\n"
	    "@@ -2,9 +2,10 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n 10\n"
	    "+11\n");
	free(d);
	d = diff_unified("c.json", a, strlen(a), a, strlen(a));
	ck_assert_str_eq(d, "--- c.json\n+++ c.json\n");
	free(d);
	d = diff_unified("c", "{}", 2, "{\n}", 3);
	ck_assert_str_eq(d, "--- c\n+++ c\n@@ -1,1 +1,2 @@\n-{}\n"
	    "\\ No newline at end of file\n+{\n+}\n\\ No newline at end of "
	    "file\n");
	free(d);
}
END_TEST

START_TEST(test_tuple)
{
	struct decision	d;
	char		buf[128];

	sample_decision(&d);
	ck_assert_int_eq(tuple_text(&d, buf, sizeof(buf)), 35);
	ck_assert_str_eq(buf, "en1:(io-queues:4) en2:(io-queues:4)");
	ck_assert_int_eq(tuple_text(&d, buf, 10), -1);
}
END_TEST

START_TEST(test_edits)
{
	static const char text[] = "{\n\t\"a\": {\"x\": \"1\"},\n\t\"b\": {}\n}";
	struct manifest	 m;
	struct edits	 e;
	json_t		*add;
	char		 err[256], *out;
	size_t		 len;

	ck_assert_int_eq(manifest_parse(&m, "c", text, strlen(text), err,
	    sizeof(err)), 0);
	edits_init(&e, &m);
	add = json_pack("{s:s}", "y", "2");
	/* Inline objects stay inline; empty ones follow the file. */
	ck_assert_int_eq(edits_add_members(&e, "/a", add), 0);
	ck_assert_int_eq(edits_add_members(&e, "/b", add), 0);
	ck_assert_int_eq(edits_replace_string(&e, "/a/x", "3"), 0);
	ck_assert_int_eq(edits_replace_string(&e, "/a/nope", "3"), -1);
	ck_assert_int_eq(edits_apply(&e, &out, &len), 0);
	ck_assert_str_eq(out, "{\n\t\"a\": {\"x\": \"3\", \"y\": \"2\"},\n"
	    "\t\"b\": {\n\t\t\"y\": \"2\"\n\t}\n}");
	ck_assert_uint_eq(len, strlen(out));
	free(out);
	/* Two replacements of one value overlap: refused. */
	ck_assert_int_eq(edits_replace_string(&e, "/a/x", "4"), 0);
	ck_assert_int_eq(edits_apply(&e, &out, &len), -1);
	json_decref(add);
	edits_release(&e);
	manifest_release(&m);
}
END_TEST

/*
 * What an enN tuple hides, per interface, as ops builds the manifest
 * (lepton/image.go BuildManifest) and Nanos reads it (init_network_iface):
 * "idx key=value<source>;..." for every setting.
 */
static const struct {
	const char	*text;
	unsigned long	 idx;
	const char	*want;
} ifcases[] = {
	/* RunConfig: all four when an address is set; "" left out. */
	{ "{\"RunConfig\": {\"IPAddress\": \"10.0.0.5\", \"NetMask\": "
	    "\"255.0.0.0\", \"Gateway\": \"\", \"IPv6Address\": \"\"}}", 1,
	    "ipaddr=10.0.0.5<RunConfig.IPAddress>;"
	    "netmask=255.0.0.0<RunConfig.NetMask>;" },
	/* An IPv6 address alone also makes ops write the IPv4 keys. */
	{ "{\"RunConfig\": {\"IPv6Address\": \"fd00::5\", \"netmask\": "
	    "\"255.0.0.0\"}}", 1, "netmask=255.0.0.0<RunConfig.NetMask>;"
	    "ip6addr=fd00::5<RunConfig.IPv6Address>;" },
	/* No address: ops writes none of them. */
	{ "{\"RunConfig\": {\"NetMask\": \"255.0.0.0\"}}", 1, "" },
	/* Go folds case: ipaddress is IPAddress, the last one kept. */
	{ "{\"RunConfig\": {\"ipaddress\": \"10.0.0.1\", \"IPADDRESS\": "
	    "\"10.0.0.2\"}}", 1, "ipaddr=10.0.0.2<RunConfig.IPAddress>;" },
	/* Nics[0] overrides RunConfig, empty values and ip6addr too. */
	{ "{\"RunConfig\": {\"IPAddress\": \"10.0.0.5\", \"IPv6Address\": "
	    "\"fd00::5\", \"Gateway\": \"10.0.0.1\", \"Nics\": "
	    "[{\"netmask\": \"255.255.0.0\", \"IPv6Address\": \"fd00::9\"}]}}",
	    1, "netmask=255.255.0.0<RunConfig.Nics[0].NetMask>;" },
	/* Nics[i] is en(i+1); its IPv6Address is not used by ops. */
	{ "{\"RunConfig\": {\"Nics\": [{}, {\"IPAddress\": \"10.1.0.5\", "
	    "\"gateway\": \"10.1.0.1\", \"IPv6Address\": \"fd00::1\"}]}}", 2,
	    "ipaddr=10.1.0.5<RunConfig.Nics[1].IPAddress>;"
	    "gateway=10.1.0.1<RunConfig.Nics[1].Gateway>;" },
	{ "{\"RunConfig\": {\"Nics\": [{}, {\"IPAddress\": \"10.1.0.5\"}]}}",
	    3, "" },
	/* Passthrough root keys win; only en1 reads them. */
	{ "{\"RunConfig\": {\"IPAddress\": \"10.0.0.5\"}, "
	    "\"ManifestPassthrough\": {\"ipaddr\": \"10.9.9.9\", \"mtu\": "
	    "\"1460\", \"default\": \"\", \"exec_wait_for_ip4_secs\": \"30\", "
	    "\"exec_wait_for_ip6_secs\": \"40\", \"ip6addr\": \"fd00::7\"}}", 1,
	    "ipaddr=10.9.9.9<ManifestPassthrough.ipaddr>;"
	    "ip6addr=fd00::7<ManifestPassthrough.ip6addr>;"
	    "mtu=1460<ManifestPassthrough.mtu>;"
	    "default=<ManifestPassthrough.default>;"
	    "exec_wait_for_ip4_secs=30<ManifestPassthrough.exec_wait_for_ip4_secs>;"
	    "exec_wait_for_ip6_secs=40<ManifestPassthrough.exec_wait_for_ip6_secs>;" },
	{ "{\"ManifestPassthrough\": {\"mtu\": \"1460\"}}", 2, "" },
	/* A passthrough key overrides even as "" or a non-string. */
	{ "{\"RunConfig\": {\"IPAddress\": \"10.0.0.5\"}, "
	    "\"ManifestPassthrough\": {\"ipaddr\": \"\", \"mtu\": 1460, "
	    "\"MTU\": \"9000\"}}", 1, "" },
	/* Of passthrough's case variants, each key from the last with it. */
	{ "{\"ManifestPassthrough\": {\"mtu\": \"1\", \"default\": \"t\"}, "
	    "\"manifestpassthrough\": {\"mtu\": \"2\"}}", 1,
	    "mtu=2<ManifestPassthrough.mtu>;"
	    "default=t<ManifestPassthrough.default>;" },
	/*
	 * ops empties RunConfig addresses net.ParseIP refuses (a leading
	 * zero, a prefix length) on loading: not there to carry.
	 */
	{ "{\"RunConfig\": {\"IPAddress\": \"010.0.0.5\", \"NetMask\": "
	    "\"255.255.255.0\", \"IPv6Address\": \"fd00::5\"}}", 1,
	    "netmask=255.255.255.0<RunConfig.NetMask>;"
	    "ip6addr=fd00::5<RunConfig.IPv6Address>;" },
	{ "{\"RunConfig\": {\"IPAddress\": \"10.0.0.5\", \"NetMask\": "
	    "\"24\", \"Gateway\": \"gw\"}}", 1,
	    "ipaddr=10.0.0.5<RunConfig.IPAddress>;" },
	{ "{\"RunConfig\": {\"IPAddress\": \"10.0.0.256\", \"NetMask\": "
	    "\"255.0.0.0\"}}", 1, "" },
	/* RunConfig values that are not strings: ops refuses, none kept. */
	{ "{\"RunConfig\": {\"IPAddress\": 10, \"Nics\": {}}}", 1, "" },
};

START_TEST(test_ifsettings)
{
	struct manifest		 m;
	struct ifsettings	 ifs;
	struct ifsetting	 set[IFKEY_COUNT];
	char			 err[256], got[1024], *v;
	size_t			 len;
	int			 i, n;

	ck_assert_int_eq(manifest_parse(&m, "c", ifcases[_i].text,
	    strlen(ifcases[_i].text), err, sizeof(err)), 0);
	ifsettings_init(&ifs, &m);
	n = ifsettings_get(&ifs, ifcases[_i].idx, set);
	ck_assert_int_ge(n, 0);
	got[0] = '\0';
	for (i = 0; i < n; i++) {
		v = locator_string(&m.loc, set[i].node, &len);
		ck_assert_ptr_nonnull(v);
		snprintf(got + strlen(got), sizeof(got) - strlen(got),
		    "%s=%s<%s>;", set[i].key, v, set[i].source);
		ck_assert_str_eq(set[i].key, ifsettings_key(set[i].k));
		free(v);
	}
	ck_assert_str_eq(got, ifcases[_i].want);
	manifest_release(&m);
}
END_TEST

START_TEST(test_ifsettings_index)
{
	ck_assert_uint_eq(ifsettings_index("en1"), 1);
	ck_assert_uint_eq(ifsettings_index("en12"), 12);
	ck_assert_uint_eq(ifsettings_index("en0"), 0);
	ck_assert_uint_eq(ifsettings_index("en01"), 0);
	ck_assert_uint_eq(ifsettings_index("en"), 0);
	ck_assert_uint_eq(ifsettings_index("en1x"), 0);
	ck_assert_uint_eq(ifsettings_index("eth1"), 0);
}
END_TEST

/*
 * Several objects edited through one struct edits, out of file order and
 * in order: each gets its own line's indentation (the line start found
 * last is reused only while it is still the line).
 */
START_TEST(test_edits_many)
{
	static const char text[] = "{\"a\": {\n    \"x\": \"1\"},\n"
	    "  \"b\": {\"y\": \"2\",\n\t\"z\": \"3\"}, \"c\": {}, "
	    "\"d\": {\n      \"w\": \"4\"}}";
	struct manifest	 m;
	struct edits	 e;
	const char	*objs[] = { "/b", "/a", "/c", "/d" };
	json_t		*add;
	char		 err[256], *out;
	size_t		 len, i;

	ck_assert_int_eq(manifest_parse(&m, "c", text, strlen(text), err,
	    sizeof(err)), 0);
	edits_init(&e, &m);
	add = json_pack("{s:s}", "k", "v");
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(edits_add_members(&e, objs[i], add), 0);
	ck_assert_int_eq(edits_apply(&e, &out, &len), 0);
	ck_assert_str_eq(out, "{\"a\": {\n    \"x\": \"1\",\n    \"k\": "
	    "\"v\"},\n  \"b\": {\"y\": \"2\",\n\t\"z\": \"3\",\n\t\"k\": "
	    "\"v\"}, \"c\": {\n\t  \"k\": \"v\"\n\t}, \"d\": {\n      "
	    "\"w\": \"4\",\n      \"k\": \"v\"}}");
	free(out);
	json_decref(add);
	edits_release(&e);
	manifest_release(&m);
}
END_TEST

/* Members taken out (and added) in the file's own layout. */
static const struct {
	const char	*text;
	const char	*obj;		/* JSON Pointer */
	const char	*rm;		/* member key, or NULL */
	const char	*add;		/* a key given "v", or NULL */
	const char	*want;
} removals[] = {
	{ "{\"a\": {\"io-queues\": \"4\"}}", "/a", "io-queues", NULL,
	    "{\"a\": {}}" },
	{ "{\n  \"a\": {\n    \"io-queues\": \"4\"\n  }\n}", "/a", "io-queues",
	    NULL, "{\n  \"a\": {}\n}" },
	{ "{\"a\": {\"io-queues\": \"4\"}}", "/a", "io-queues", "k",
	    "{\"a\": {\"k\": \"v\"}}" },
	{ "{\n  \"a\": {\n    \"io-queues\": \"4\"\n  }\n}", "/a", "io-queues",
	    "k", "{\n  \"a\": {\n    \"k\": \"v\"\n  }\n}" },
	{ "{\"a\": {\"io-queues\": \"4\", \"b\": \"1\"}}", "/a", "io-queues",
	    NULL, "{\"a\": {\"b\": \"1\"}}" },
	{ "{\"a\": {\"b\": \"1\", \"io-queues\": \"4\"}}", "/a", "io-queues",
	    "k", "{\"a\": {\"b\": \"1\", \"k\": \"v\"}}" },
	{ "{\"a\": {\"b\": \"1\" , \"io-queues\": \"4\" , \"c\": {}}}", "/a",
	    "io-queues", NULL, "{\"a\": {\"b\": \"1\" , \"c\": {}}}" },
	{ "{\r\n\t\"a\": {\r\n\t\t\"io-queues\": \"4\",\r\n\t\t\"b\": \"1\"\r\n"
	    "\t}\r\n}", "/a", "io-queues", "k", "{\r\n\t\"a\": {\r\n\t\t\"b\": "
	    "\"1\",\r\n\t\t\"k\": \"v\"\r\n\t}\r\n}" },
	{ "{\n  \"a\": {\n    \"b\": \"1\",\n    \"io-queues\": \"4\"\n  }\n}",
	    "/a", "io-queues", "k", "{\n  \"a\": {\n    \"b\": \"1\",\n    "
	    "\"k\": \"v\"\n  }\n}" },
	{ "{\"a\": {}}", "/a", NULL, "k", "{\"a\": {\"k\": \"v\"}}" },
};

START_TEST(test_edits_remove)
{
	struct manifest		 m;
	struct edits		 e;
	const struct span	*sp;
	json_t			*add = NULL;
	char			 err[256], *out;
	uint32_t		 rm = LOCATE_NONE;
	size_t			 len;

	ck_assert_int_eq(manifest_parse(&m, "c", removals[_i].text,
	    strlen(removals[_i].text), err, sizeof(err)), 0);
	edits_init(&e, &m);
	sp = manifest_span(&m, removals[_i].obj);
	ck_assert_ptr_nonnull(sp);
	if (removals[_i].rm != NULL)
		rm = locator_member(&m.loc, sp->node, removals[_i].rm,
		    strlen(removals[_i].rm));
	if (removals[_i].add != NULL)
		add = json_pack("{s:s}", removals[_i].add, "v");
	ck_assert_int_eq(edits_update_members(&e, sp->node, rm, add), 0);
	ck_assert_int_eq(edits_apply(&e, &out, &len), 0);
	ck_assert_str_eq(out, removals[_i].want);
	free(out);
	/* Not a member of this object: refused. */
	ck_assert_int_eq(edits_update_members(&e, sp->node, 0, NULL), -1);
	json_decref(add);
	edits_release(&e);
	manifest_release(&m);
}
END_TEST

/* apply's edits and notes on one config for sample_decision(). */
static const struct {
	const char	*text;
	bool		 no_move;
	int		 rc;
	const char	*want;		/* the text after, or err's tail */
	const char	*notes;		/* ids, in order */
} merges[] = {
	/* The tuple's own key wins; the rest is carried. */
	{ "{\"RunConfig\": {\"IPAddress\": \"10.0.0.5\", \"Gateway\": "
	    "\"10.0.0.1\"}, \"ManifestPassthrough\": {\"mtu\": \"1460\", "
	    "\"en1\": {\"io-queues\": \"4\", \"ipaddr\": \"10.0.0.9\"}}}",
	    false, 0,
	    "{\"RunConfig\": {\"IPAddress\": \"10.0.0.5\", \"Gateway\": "
	    "\"10.0.0.1\"}, \"ManifestPassthrough\": {\"mtu\": \"1460\", "
	    "\"en1\": {\"io-queues\": \"4\", \"ipaddr\": \"10.0.0.9\", "
	    "\"gateway\": \"10.0.0.1\", \"mtu\": \"1460\"}, \"en2\": "
	    "{\"io-queues\": \"4\"}}}",
	    "setting-moved setting-moved io-queues-set io-queues-skipped " },
	/* en3 is gVNIC: its io-queues goes, its Nics[2] address moves in. */
	{ "{\"RunConfig\": {\"Nics\": [{}, {}, {\"IPAddress\": \"10.3.0.5\"}]}, "
	    "\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\"}, \"en2\": "
	    "{\"io-queues\": \"4\"}, \"en3\": {\"io-queues\": \"1\"}}}", false, 0,
	    "{\"RunConfig\": {\"Nics\": [{}, {}, {\"IPAddress\": \"10.3.0.5\"}]}, "
	    "\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\"}, \"en2\": "
	    "{\"io-queues\": \"4\"}, \"en3\": {\"ipaddr\": \"10.3.0.5\"}}}",
	    "io-queues-removed setting-moved " },
	/* A tuple beyond the target: kept, warned about, io-queues out. */
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\"}, \"en2\": "
	    "{\"io-queues\": \"4\"}, \"en5\": {\"io-queues\": \"4\", \"mtu\": "
	    "\"9000\"}}}", false, 0,
	    "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\"}, \"en2\": "
	    "{\"io-queues\": \"4\"}, \"en5\": {\"mtu\": \"9000\"}}}",
	    "io-queues-skipped interface-absent io-queues-removed " },
	/* Refused, naming every setting and its source. */
	{ "{\"RunConfig\": {\"IPAddress\": \"10.0.0.5\", \"Nics\": [{}, "
	    "{\"IPAddress\": \"10.2.0.5\"}]}, \"ManifestPassthrough\": "
	    "{\"mtu\": \"1460\"}}", true, -2,
	    "would hide settings Nanos reads for those interfaces from "
	    "elsewhere: en1 mtu (ManifestPassthrough.mtu), en2 ipaddr "
	    "(RunConfig.Nics[1].IPAddress); without --no-move-settings, apply "
	    "copies them into the tuples", NULL },
	/*
	 * Issue 12: the root io-queues goes once en1's tuple holds the plan's
	 * value, in every case variant; other root keys stay.
	 */
	{ "{\"ManifestPassthrough\": {\"io-queues\": \"2\", \"mtu\": "
	    "\"1460\"}}", false, 0,
	    "{\"ManifestPassthrough\": {\"mtu\": \"1460\", \"en1\": "
	    "{\"io-queues\": \"4\", \"mtu\": \"1460\"}, \"en2\": "
	    "{\"io-queues\": \"4\"}}}",
	    "setting-moved io-queues-skipped io-queues-removed " },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\"}, "
	    "\"io-queues\": \"4\", \"en2\": {\"io-queues\": \"4\"}}}",
	    false, 0, "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": "
	    "\"4\"}, \"en2\": {\"io-queues\": \"4\"}}}",
	    "io-queues-skipped io-queues-removed " },
	{ "{\"manifestPassthrough\": {\"io-queues\": \"3\", \"a\": \"b\"}, "
	    "\"ManifestPassthrough\": {\"io-queues\": \"2\"}}", false, 0,
	    "{\"manifestPassthrough\": {\"a\": \"b\"}, "
	    "\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\"}, "
	    "\"en2\": {\"io-queues\": \"4\"}}}",
	    "io-queues-skipped io-queues-removed " },
	/* Nothing hidden: nothing refused. */
	{ "{\"RunConfig\": {\"IPAddress\": \"10.0.0.5\"}, "
	    "\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\", "
	    "\"ipaddr\": \"10.0.0.5\"}, \"en2\": {\"io-queues\": \"4\"}}}",
	    true, 0,
	    "{\"RunConfig\": {\"IPAddress\": \"10.0.0.5\"}, "
	    "\"ManifestPassthrough\": {\"en1\": {\"io-queues\": \"4\", "
	    "\"ipaddr\": \"10.0.0.5\"}, \"en2\": {\"io-queues\": \"4\"}}}",
	    "io-queues-skipped " },
};

START_TEST(test_merge)
{
	struct manifest		 m;
	struct decision		 d;
	struct edits		 e;
	struct findings		 notes = FINDINGS_INIT;
	char			 err[512], *out, ids[512];
	size_t			 len, i;
	int			 rc;

	sample_decision(&d);
	ck_assert_int_eq(manifest_parse(&m, "c", merges[_i].text,
	    strlen(merges[_i].text), err, sizeof(err)), 0);
	edits_init(&e, &m);
	rc = manifest_merge(&m, &d, merges[_i].no_move, &e, &notes, err,
	    sizeof(err));
	ck_assert_int_eq(rc, merges[_i].rc);
	if (rc != 0) {
		ck_assert_msg(strstr(err, merges[_i].want) != NULL,
		    "'%s' lacks '%s'", err, merges[_i].want);
		goto done;
	}
	ck_assert_int_eq(edits_apply(&e, &out, &len), 0);
	ck_assert_str_eq(out, merges[_i].want);
	free(out);
	ids[0] = '\0';
	for (i = 0; i < notes.n; i++)
		if (strcmp(notes.v[i].id, "io-queues-set") != 0 ||
		    strstr(merges[_i].notes, "io-queues-set") != NULL)
			snprintf(ids + strlen(ids), sizeof(ids) - strlen(ids),
			    "%s ", notes.v[i].id);
	ck_assert_str_eq(ids, merges[_i].notes);
	for (i = 0; i < notes.n; i++)
		ck_assert_int_eq(notes.v[i].level, strcmp(notes.v[i].id,
		    "interface-absent") == 0 ? LEVEL_WARNING : LEVEL_NOTE);
done:
	findings_release(&notes);
	edits_release(&e);
	manifest_release(&m);
}
END_TEST

/*
 * Several findings on one config: what a tuple hides, one per setting, at
 * the tuple's key; a tuple for an interface the target lacks.
 */
static const struct {
	const char	*text;
	const char	*ids;		/* "id@line:col ..." */
	const char	*msg;		/* part of the first message */
} hidden[] = {
	{ "{\"RunConfig\": {\"IPAddress\": \"10.1.1.1\", \"IPv6Address\": "
	    "\"fd00::1\"}, \"ManifestPassthrough\": {\"mtu\": \"1460\", "
	    "\"exec_wait_for_ip4_secs\": \"30\", \"en1\": {\"io-queues\": "
	    "\"4\"}}}",
	    "en1-static-ip-dropped@1:139 setting-hidden@1:139 "
	    "setting-hidden@1:139 setting-hidden@1:139 ",
	    "the en1 tuple makes Nanos ignore the static address \"10.1.1.1\" "
	    "(from RunConfig.IPAddress), since Nanos reads en1's settings from "
	    "the manifest's root only while there is no en1 tuple: en1 falls "
	    "back to DHCP; add \"ipaddr\": \"10.1.1.1\" to en1" },
	{ "{\"RunConfig\": {\"IPAddress\": \"10.1.1.1\", \"IPv6Address\": "
	    "\"fd00::1\"}, \"ManifestPassthrough\": {\"en1\": {\"io-queues\": "
	    "\"4\", \"ipaddr\": \"10.1.1.1\"}}}", "setting-hidden@1:92 ",
	    "the en1 tuple hides ip6addr \"fd00::1\" (from "
	    "RunConfig.IPv6Address), since Nanos reads en1's settings from the "
	    "manifest's root only while there is no en1 tuple; add "
	    "\"ip6addr\": \"fd00::1\" to en1, as mqplan apply does" },
	{ "{\"RunConfig\": {\"Nics\": [{}, {\"IPAddress\": \"10.2.0.5\"}]}, "
	    "\"ManifestPassthrough\": {\"en2\": {\"io-queues\": \"4\"}}}",
	    "setting-hidden@1:82 ", "the en2 tuple hides ipaddr \"10.2.0.5\" "
	    "(from RunConfig.Nics[1].IPAddress), since ops builds this tuple "
	    "from RunConfig.Nics and a ManifestPassthrough one replaces it "
	    "whole" },
	{ "{\"ManifestPassthrough\": {\"en4\": {\"io-queues\": \"2\"}}}",
	    "interface-absent@1:26 io-queues-ignored@1:47 ",
	    "the target has 3 network interfaces, so Nanos reads en4 for no "
	    "interface" },
	{ "{\"ManifestPassthrough\": {\"en4\": {}}}", "interface-absent@1:26 ",
	    "reads en4 for no interface" },
};

START_TEST(test_check_hidden)
{
	struct manifest	m;
	struct decision	d;
	struct findings	fs = FINDINGS_INIT;
	char		err[256], ids[512];
	size_t		i;

	sample_decision(&d);
	ck_assert_int_eq(manifest_parse(&m, "c.json", hidden[_i].text,
	    strlen(hidden[_i].text), err, sizeof(err)), 0);
	ck_assert_int_eq(manifest_check(&m, &d, &fs), 0);
	ids[0] = '\0';
	for (i = 0; i < fs.n; i++)
		snprintf(ids + strlen(ids), sizeof(ids) - strlen(ids),
		    "%s@%u:%u ", fs.v[i].id, fs.v[i].line, fs.v[i].col);
	ck_assert_str_eq(ids, hidden[_i].ids);
	ck_assert_msg(strstr(fs.v[0].msg, hidden[_i].msg) != NULL,
	    "'%s' lacks '%s'", fs.v[0].msg, hidden[_i].msg);
	findings_release(&fs);
	manifest_release(&m);
}
END_TEST

static Suite *
manifest_suite(void)
{
	Suite	*s = suite_create("manifest");
	TCase	*tc;

	tc = tcase_create("locate");
	tcase_add_test(tc, test_locate_spans);
	tcase_add_loop_test(tc, test_locate_errors, 0,
	    (int)(sizeof(bad_json) / sizeof(bad_json[0])));
	tcase_add_test(tc, test_locate_depth);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_loop_test(tc, test_indent, 0,
	    (int)(sizeof(indents) / sizeof(indents[0])));
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_get_ignores_case);
	tcase_add_test(tc, test_case_variants);
	tcase_add_test(tc, test_long_key);
	tcase_add_test(tc, test_findings_cap);
	tcase_add_test(tc, test_finding_kinds);
	suite_add_tcase(s, tc);

	tc = tcase_create("validate");
	tcase_add_loop_test(tc, test_check, 0,
	    (int)(sizeof(checks) / sizeof(checks[0])));
	tcase_add_test(tc, test_check_quotes_values);
	tcase_add_loop_test(tc, test_findings_cut, 0, 12);
	tcase_add_test(tc, test_target_and_interfaces);
	tcase_add_loop_test(tc, test_check_hidden, 0,
	    (int)(sizeof(hidden) / sizeof(hidden[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("ifsettings");
	tcase_add_loop_test(tc, test_ifsettings, 0,
	    (int)(sizeof(ifcases) / sizeof(ifcases[0])));
	tcase_add_test(tc, test_ifsettings_index);
	tcase_add_loop_test(tc, test_merge, 0,
	    (int)(sizeof(merges) / sizeof(merges[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("write");
	tcase_add_test(tc, test_diff);
	tcase_add_test(tc, test_tuple);
	tcase_add_test(tc, test_edits);
	tcase_add_test(tc, test_edits_many);
	tcase_add_loop_test(tc, test_edits_remove, 0,
	    (int)(sizeof(removals) / sizeof(removals[0])));
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(manifest_suite()));
}
