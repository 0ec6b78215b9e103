/*
 * ops' schema (manifest/schema.c): the table against the fields of
 * nanovms/ops types/config.go, and what validate reports for each way
 * ops refuses a config, through manifest_check() as validate calls it.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "manifest/schema.h"
#include "manifest/validate.h"
#include "tests/check_main.h"

/*
 * Every field of every struct, as tools/ops-schema.sh reads them from the
 * Go source: a field ops adds, or a tag it changes, fails here once the
 * list is regenerated, until the table has it too.
 */
START_TEST(test_table_is_ops_source)
{
	const struct schema_struct	*const *sp;
	const struct schema_field	*f;
	FILE				*fp;
	char				 line[256], want[256];
	size_t				 i, lines = 0, fields = 0;
	bool				 commit = false;

	fp = fopen(TEST_DATA "/ops/config-fields.txt", "r");
	ck_assert_ptr_nonnull(fp);
	for (sp = schema_structs; *sp != NULL; sp++) {
		for (i = 0; i < (*sp)->nfields; i++) {
			f = &(*sp)->fields[i];
			snprintf(want, sizeof(want), "%s.%s\t%s\t%s\n",
			    (*sp)->name, f->go_name, f->json, f->type->go);
			do {
				ck_assert_msg(fgets(line, sizeof(line), fp) !=
				    NULL, "the list ends before %s", want);
				if (strstr(line, SCHEMA_OPS_COMMIT) != NULL)
					commit = true;
			} while (line[0] == '#');
			ck_assert_str_eq(line, want);
			fields++;
		}
	}
	while (fgets(line, sizeof(line), fp) != NULL)
		if (line[0] != '#')
			lines++;
	fclose(fp);
	ck_assert_msg(lines == 0, "%zu fields of ops missing from the table",
	    lines);
	ck_assert_msg(commit, "the list is not from " SCHEMA_OPS_COMMIT);
	/* types/config.go at that commit: 7 structs, 117 fields. */
	ck_assert_uint_eq(fields, 117);
}
END_TEST

/* Go type names and kinds agree, so that messages say what ops takes. */
START_TEST(test_table_types)
{
	const struct schema_struct	*const *sp;
	const struct schema_type	*t;
	size_t				 i, n = 0;

	for (sp = schema_structs; *sp != NULL; sp++, n++)
		for (i = 0; i < (*sp)->nfields; i++) {
			t = (*sp)->fields[i].type;
			if (t->kind == SCHEMA_SLICE)
				ck_assert(strncmp(t->go, "[]", 2) == 0 &&
				    strcmp(t->go + 2, t->elem->go) == 0);
			if (t->kind == SCHEMA_STRUCT)
				ck_assert_str_eq(t->go + (t->go[0] == '*'),
				    t->st->name);
		}
	ck_assert_uint_eq(n, 7);
	ck_assert_str_eq(schema_structs[0]->name, "Config");
}
END_TEST

struct schema_case {
	const char	*text;
	const char	*id;		/* the one finding; NULL for none */
	unsigned int	 line, col;
	const char	*msg;
};

static const struct schema_case cases[] = {
	/* Unknown keys: every struct, at any depth, at the key. */
	{ "{\"Bogus\": 1}", "ops-unknown-key", 1, 2,
	    "the top level has no field \"Bogus\", and ops refuses unknown "
	    "keys (Go's DisallowUnknownFields): Nanos manifest settings go in "
	    "ManifestPassthrough" },
	{ "{\"RunConfig\": {\"cpu\": 2}}", "ops-unknown-key", 1, 16,
	    "RunConfig has no field \"cpu\", and ops refuses unknown keys (Go's "
	    "DisallowUnknownFields): did you mean \"CPUs\"?" },
	{ "{\"RunConfig\": {\"Nics\": [{}, {\"Bogus\": \"x\"}]}}",
	    "ops-unknown-key", 1, 30,
	    "RunConfig.Nics[1] has no field \"Bogus\"" },
	{ "{\"RunConfig\": {\"Nics\": [{\"IP_Address\": \"10.0.0.2\"}]}}",
	    "ops-unknown-key", 1, 26, "did you mean \"IPAddress\"?" },
	{ "{\"CloudConfig\": {\"Tags\": [{\"key\": \"a\", \"attribute\": "
	    "{\"imagelabel\": true}}]}}", "ops-unknown-key", 1, 54,
	    "CloudConfig.Tags[0].attribute has no field \"imagelabel\"" },
	{ "{\"CloudConfig\": {\"RootVolume\": {\"sise\": 10}}}",
	    "ops-unknown-key", 1, 33, "CloudConfig.RootVolume has no field "
	    "\"sise\", and ops refuses unknown keys (Go's "
	    "DisallowUnknownFields): did you mean \"size\"?" },
	{ "{\"Flavor\": \"n2-standard-2\"}", "ops-unknown-key", 1, 2,
	    "Flavor is a CloudConfig field: move it there" },
	{ "{\"RunConfig\": {\"Env\": {}}}", "ops-unknown-key", 1, 16,
	    "Env is a top-level field: move it there" },
	{ "{\"CloudConfig\": {\"ipaddress\": \"10.0.0.2\"}}",
	    "ops-unknown-key", 1, 18, "IPAddress is a RunConfig field" },
	/* Only the three sections send a key elsewhere. */
	{ "{\"RunConfig\": {\"Nics\": [{\"Zone\": \"a\"}]}}",
	    "ops-unknown-key", 1, 26, "RunConfig.Nics[0] has no field "
	    "\"Zone\", and ops refuses unknown keys (Go's "
	    "DisallowUnknownFields): remove it" },
	{ "{\"en1\": {\"io-queues\": \"2\"}}", "ops-unknown-key", 1, 2,
	    "Nanos manifest settings go in ManifestPassthrough" },
	/* json:"-": never read, so unknown. */
	{ "{\"RunConfig\": {\"VirtfsShares\": {}}}", "ops-unknown-key", 1,
	    16, "ops never reads VirtfsShares from a config (json:\"-\")" },
	/* Nothing inside an unknown key is decoded. */
	{ "{\"Bogus\": {\"CPUs\": \"x\", \"a\": [1, true]}}",
	    "ops-unknown-key", 1, 2, "\"Bogus\"" },

	/* Names fold as Go folds them; tags name the JSON key. */
	{ "{\"runconfig\": {\"cpus\": 2, \"IPADDRESS\": \"10.0.0.2\"}, "
	    "\"HOME\": \"/h\", \"cloudConfig\": {\"\xe2\x84\xaaMS\": \"x\", "
	    "\"rootvolume\": {\"IOPS\": 3000, \"Typeof\": \"gp3\"}}}", NULL, 0,
	    0, NULL },
	/* null is fine for every field type. */
	{ "{\"Args\": null, \"Force\": null, \"Env\": {\"A\": null}, "
	    "\"RunConfig\": {\"CPUs\": null, \"Nics\": [null], \"Memory\": "
	    "null}, \"CloudConfig\": {\"Tags\": [{\"attribute\": null}], "
	    "\"RootVolume\": null}, \"ManifestPassthrough\": null}", NULL, 0, 0,
	    NULL },
	/* int64 bounds, as strconv.ParseInt reads them. */
	{ "{\"RunConfig\": {\"ThreadsPerCore\": 9223372036854775807, "
	    "\"CPUs\": -9223372036854775808, \"GPUs\": -0}}", NULL, 0, 0,
	    NULL },

	/* Wrong JSON types, each at the value, with what to write. */
	{ "{\"RunConfig\": {\"CPUs\": \"2\"}}", "ops-wrong-type", 1, 24,
	    "RunConfig.CPUs is a string; ops takes a whole number (Go int) "
	    "and refuses the config otherwise: write 2, without quotes" },
	{ "{\"RunConfig\": {\"Memory\": 2}}", "ops-wrong-type", 1, 26,
	    "RunConfig.Memory is a number; ops takes a string (Go string) and "
	    "refuses the config otherwise: write \"2\"" },
	{ "{\"Args\": \"server\"}", "ops-wrong-type", 1, 10,
	    "Args is a string; ops takes an array of strings (Go []string) "
	    "and refuses the config otherwise: write [\"server\"]" },
	{ "{\"Version\": {\"a\": 1}}", "ops-wrong-type", 1, 13,
	    "Version is an object; ops takes a string (Go string)" },
	{ "{\"RunConfig\": {\"GdbPort\": true}}", "ops-wrong-type", 1, 27,
	    "RunConfig.GdbPort is a boolean; ops takes a whole number (Go "
	    "int)" },
	{ "{\"RunConfig\": {\"CPUs\": 2.0}}", "ops-wrong-type", 1, 24,
	    "RunConfig.CPUs is 2.0; ops takes a whole number (Go int), which "
	    "Go reads without a fraction or an exponent: write 2" },
	{ "{\"RunConfig\": {\"CPUs\": 1e1}}", "ops-wrong-type", 1, 24,
	    "write 10" },
	{ "{\"RunConfig\": {\"CPUs\": 2.5}}", "ops-wrong-type", 1, 24,
	    "RunConfig.CPUs is 2.5; ops takes a whole number (Go int), which "
	    "Go reads without a fraction or an exponent: write a whole number" },
	{ "{\"RunConfig\": {\"ThreadsPerCore\": 9223372036854775808}}",
	    "ops-wrong-type", 1, 34, "which Go reads only from "
	    "-9223372036854775808 to 9223372036854775807" },
	{ "{\"RunConfig\": {\"CPUs\": -9223372036854775809}}",
	    "ops-wrong-type", 1, 24, "only from -9223372036854775808" },
	{ "{\"RunConfig\": {\"Accel\": \"true\"}}", "ops-wrong-type", 1, 25,
	    "RunConfig.Accel is a string; ops takes true or false (Go bool) "
	    "and refuses the config otherwise: write true, without quotes" },
	{ "{\"Uefi\": 1}", "ops-wrong-type", 1, 10, "write true" },
	/* 007 is no JSON number: no suggestion to write it. */
	{ "{\"RunConfig\": {\"CPUs\": \"007\"}}", "ops-wrong-type", 1, 24,
	    "refuses the config otherwise: write a whole number" },
	{ "{\"RunConfig\": {\"CPUs\": \"-8\"}}", "ops-wrong-type", 1, 24,
	    "write -8, without quotes" },
	{ "{\"RunConfig\": {\"Ports\": [\"80\", 443]}}", "ops-wrong-type", 1,
	    32, "RunConfig.Ports[1] is a number; ops takes a string (Go "
	    "string) and refuses the config otherwise: write \"443\"" },
	{ "{\"RunConfig\": {\"Nics\": [{}, {\"Gateway\": 1}]}}",
	    "ops-wrong-type", 1, 41, "RunConfig.Nics[1].Gateway is a number" },
	{ "{\"RunConfig\": {\"Nics\": {\"IPAddress\": \"10.0.0.2\"}}}",
	    "ops-wrong-type", 1, 24, "RunConfig.Nics is an object; ops takes an "
	    "array of objects (Go []Nic) and refuses the config otherwise: put "
	    "the object in an array" },
	{ "{\"CloudConfig\": {\"Tags\": [{\"attribute\": {\"image_label\": "
	    "\"yes\"}}]}}", "ops-wrong-type", 1, 57,
	    "CloudConfig.Tags[0].attribute.image_label is a string; ops takes "
	    "true or false (Go *bool)" },
	{ "{\"CloudConfig\": {\"RootVolume\": {\"size\": \"10\"}}}",
	    "ops-wrong-type", 1, 41, "CloudConfig.RootVolume.size is a string; "
	    "ops takes a whole number (Go int64)" },
	{ "{\"Env\": {\"A\": \"1\", \"PORT\": 8080}}", "ops-wrong-type", 1, 28,
	    "Env.PORT is a number; ops takes a string (Go string)" },
	{ "{\"TargetConfig\": []}", "ops-wrong-type", 1, 18,
	    "TargetConfig is an array; ops takes an object of strings (Go "
	    "map[string]string)" },
	{ "{\"RunConfig\": \"x\"}", "ops-wrong-type", 1, 15,
	    "RunConfig is a string; ops takes an object (Go RunConfig)" },

	/* Passthrough values ops' image builder cannot write. */
	{ "{\"ManifestPassthrough\": {\"mtu\": 1460}}",
	    "passthrough-value-type", 1, 33, "ManifestPassthrough.mtu is a "
	    "number; ops writes only strings, arrays and objects into the "
	    "Nanos manifest (fs/tfs.go, encodeValue()) and fails the image "
	    "build on anything else: write \"1460\"" },
	{ "{\"ManifestPassthrough\": {\"en2\": {\"mtu\": 9000}}}",
	    "passthrough-value-type", 1, 41, "ManifestPassthrough.en2.mtu is "
	    "a number" },
	{ "{\"ManifestPassthrough\": {\"idle_on_exit\": true}}",
	    "passthrough-value-type", 1, 42, "is a boolean; ops writes only "
	    "strings, arrays and objects into the Nanos manifest (fs/tfs.go, "
	    "encodeValue()) and fails the image build on anything else: write "
	    "\"t\"" },
	{ "{\"ManifestPassthrough\": {\"x\": false}}",
	    "passthrough-value-type", 1, 31, "remove it" },
	{ "{\"ManifestPassthrough\": {\"x\": null}}",
	    "passthrough-value-type", 1, 31, "ManifestPassthrough.x is null" },
	{ "{\"ManifestPassthrough\": {\"consoles\": [\"+net\", 5]}}",
	    "passthrough-value-type", 1, 47,
	    "ManifestPassthrough.consoles[1] is a number" },
	{ "{\"ManifestPassthrough\": {\"a b\": {\"c\": [{\"d\": 1.5}]}}}",
	    "passthrough-value-type", 1, 46,
	    "ManifestPassthrough.\"a b\".c[0].d is a number; ops writes only "
	    "strings, arrays and objects into the Nanos manifest (fs/tfs.go, "
	    "encodeValue()) and fails the image build on anything else: write "
	    "\"1.5\"" },
	/* Strings, arrays and objects of them at any depth are fine. */
	{ "{\"ManifestPassthrough\": {\"consoles\": [\"+net\", [\"a\"], "
	    "{}], \"uname\": {\"sysname\": \"x\"}, \"e\": []}}", NULL, 0, 0,
	    NULL },
	/* A value a later case variant replaces is never written. */
	{ "{\"ManifestPassthrough\": {\"mtu\": 1460}, \"manifestPassthrough\": "
	    "{\"mtu\": \"1460\"}}", "key-case-variants", 1, 40, "" },

	/* Addresses net.ParseIP() refuses: ops empties them. */
	{ "{\"RunConfig\": {\"IPAddress\": \"10.0.0.300\"}}",
	    "ops-address-dropped", 1, 29, "RunConfig.IPAddress \"10.0.0.300\" "
	    "is not an IP address to Go's net.ParseIP(), and ops empties it "
	    "when it loads the config (cmd/flags_config.go, "
	    "ConvertJSONToConfig()), as if it were not set: write an address "
	    "such as \"10.0.0.5\"" },
	{ "{\"RunConfig\": {\"NetMask\": \"/24\"}}", "ops-address-dropped",
	    1, 27, "write a mask such as \"255.255.255.0\"" },
	{ "{\"RunConfig\": {\"Gateway\": \"010.0.0.1\"}}",
	    "ops-address-dropped", 1, 27, "RunConfig.Gateway" },
	/* Only the value ops ends up with: the last case variant's. */
	{ "{\"RunConfig\": {\"IPAddress\": \"x\", \"NetMask\": "
	    "\"255.255.0.0\", \"Gateway\": \"fe80::1\", \"ipaddress\": "
	    "\"10.0.0.5\", \"IPv6Address\": \"nope\"}}", "key-case-variants",
	    1, 82, "" },
	{ "{\"RunConfig\": {\"IPAddress\": \"\", \"Nics\": [{\"IPAddress\": "
	    "\"x\"}]}}", NULL, 0, 0, NULL },
	/* One finding per value: validate's own findings keep theirs. */
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": 4}}}",
	    "io-queues-not-string", 1, 47, "" },
	{ "{\"ManifestPassthrough\": {\"en1\": {\"io-queues\": [4, true]}}}",
	    "io-queues-not-string", 1, 47, "" },
	{ "{\"ManifestPassthrough\": {\"en1\": 5}}",
	    "interface-not-object", 1, 33, "" },
	{ "{\"ManifestPassthrough\": 5}", "passthrough-not-object", 1, 25,
	    "" },
	/* CloudConfig and its Platform and Flavor are cloudconfig-type's. */
	{ "{\"CloudConfig\": \"gcp\"}", NULL, 0, 0, NULL },
	{ "{\"CloudConfig\": {\"Flavor\": 2}}", NULL, 0, 0, NULL },
	{ "{\"CloudConfig\": {\"Zone\": 2}}", "ops-wrong-type", 1, 26,
	    "CloudConfig.Zone is a number" },
};

START_TEST(test_schema_findings)
{
	const struct schema_case	*c = &cases[_i];
	struct manifest			 m;
	struct findings			 fs = FINDINGS_INIT;
	char				 err[256];
	size_t				 i;

	ck_assert_msg(manifest_parse(&m, "c.json", c->text, strlen(c->text),
	    err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(manifest_check(&m, NULL, &fs), 0);
	if (c->id == NULL) {
		for (i = 0; i < fs.n; i++)
			ck_abort_msg("%s: unexpected %s: %s", c->text,
			    fs.v[i].id, fs.v[i].msg);
	} else {
		ck_assert_msg(fs.n == 1, "%s: %zu findings (first %s: %s)",
		    c->text, fs.n, fs.n ? fs.v[0].id : "",
		    fs.n ? fs.v[0].msg : "");
		ck_assert_str_eq(fs.v[0].id, c->id);
		ck_assert_int_eq(fs.v[0].level, strcmp(c->id,
		    "key-case-variants") == 0 || strcmp(c->id,
		    "ops-address-dropped") == 0 ? LEVEL_WARNING : LEVEL_ERROR);
		ck_assert_msg(fs.v[0].line == c->line && fs.v[0].col == c->col,
		    "%s: at %u:%u", c->text, fs.v[0].line, fs.v[0].col);
		ck_assert_msg(strstr(fs.v[0].msg, c->msg) != NULL,
		    "'%s' lacks '%s'", fs.v[0].msg, c->msg);
	}
	findings_release(&fs);
	manifest_release(&m);
}
END_TEST

/*
 * Every violation is one finding, in file order within each section; a
 * case variant of a struct is decoded too, so it is checked too.
 */
START_TEST(test_one_finding_each)
{
	static const char	text[] =
	    "{\n"
	    "  \"RunConfig\": {\"CPUs\": \"2\", \"Bogus\": 1,\n"
	    "    \"Nics\": [{\"Gateway\": 1}, {\"Bogus\": 2}]},\n"
	    "  \"runconfig\": {\"cpus\": 1,\n"
	    "    \"memory\": 2},\n"
	    "  \"ManifestPassthrough\": {\"a\": 1, \"b\": [true, null]}\n"
	    "}\n";
	static const struct {
		const char	*id;
		unsigned int	 line, col;
	} want[] = {
		{ "ops-wrong-type", 2, 25 },
		{ "ops-unknown-key", 2, 30 },
		{ "ops-wrong-type", 3, 26 },
		{ "ops-unknown-key", 3, 31 },
		{ "ops-wrong-type", 5, 15 },
		{ "passthrough-value-type", 6, 32 },
		{ "passthrough-value-type", 6, 41 },
		{ "passthrough-value-type", 6, 47 },
	};
	struct manifest		 m;
	struct findings		 fs = FINDINGS_INIT;
	char			 err[256];
	size_t			 i;

	ck_assert_int_eq(manifest_parse(&m, "c.json", text, strlen(text), err,
	    sizeof(err)), 0);
	ck_assert_int_eq(schema_check(&m, &fs), 0);
	ck_assert_uint_eq(fs.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < fs.n; i++) {
		ck_assert_str_eq(fs.v[i].id, want[i].id);
		ck_assert_uint_eq(fs.v[i].line, want[i].line);
		ck_assert_uint_eq(fs.v[i].col, want[i].col);
	}
	findings_release(&fs);
	manifest_release(&m);
}
END_TEST

/*
 * Keys and values with controls are quoted in paths, and a path too long
 * for a message is cut with "..." on a character boundary.
 */
START_TEST(test_paths_quoted_and_cut)
{
	static const char	text[] =
	    "{\"ManifestPassthrough\": {\"a\\nb\": {\"\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\": "
	    "{\"k0123456789\": {\"k0123456789\": {\"k0123456789\": "
	    "{\"k0123456789\": {\"k0123456789\": {\"k0123456789\": "
	    "{\"k0123456789\": 1}}}}}}}}}}";
	struct manifest		 m;
	struct findings		 fs = FINDINGS_INIT;
	char			 err[256];
	const char		*msg;

	ck_assert_int_eq(manifest_parse(&m, "c.json", text, strlen(text), err,
	    sizeof(err)), 0);
	ck_assert_int_eq(schema_check(&m, &fs), 0);
	ck_assert_uint_eq(fs.n, 1);
	msg = fs.v[0].msg;
	ck_assert_msg(strncmp(msg, "ManifestPassthrough.\"a\\nb\".\"\xc3\xa9",
	    30) == 0, "%s", msg);
	ck_assert_ptr_null(strchr(msg, '\n'));
	ck_assert_msg(strstr(msg, "... is a number") != NULL, "%s", msg);
	ck_assert_msg(strlen(msg) - strlen(strstr(msg, " is a number")) <=
	    159, "%s", msg);
	findings_release(&fs);
	manifest_release(&m);
}
END_TEST

/*
 * The configs mqplan ships, and the test data meant to be clean of
 * schema findings, are ones ops loads and builds.
 */
START_TEST(test_shipped_configs_clean)
{
	/* The data that is wrong on purpose, and its number of findings. */
	static const struct {
		const char	*name;
		size_t		 n;
	} wrong[] = {
		{ "/ipaddress-number.json", 1 },	/* IPAddress: 10 */
		{ "/ops-unknown-keys.json", 7 },
		{ "/ops-wrong-types.json", 11 },
		{ "/passthrough-values.json", 6 },
		{ "/ops-address.json", 1 },
	};
	/*
	 * The data mqplan refuses to read (not JSON, or JSON ops would not
	 * read either: too deep, duplicate keys, NUL); any other file it
	 * cannot read fails here rather than going unchecked.
	 */
	static const char *const unreadable[] = {
		TEST_DATA "/config/bad-utf8-line2.json",
		TEST_DATA "/config/bad-utf8.json",
		TEST_DATA "/config/bom.json",
		TEST_DATA "/config/deep.json",
		TEST_DATA "/config/duplicate.json",
		TEST_DATA "/config/empty.json",
		TEST_DATA "/config/nul.json",
		TEST_DATA "/config/truncated.json",
	};
	struct manifest	 m;
	struct findings	 fs;
	glob_t		 g;
	char		 err[512];
	size_t		 i, j, want, checked = 0, skipped = 0;

	ck_assert_int_eq(glob("examples/*.json", 0, NULL, &g), 0);
	ck_assert_int_eq(glob(TEST_DATA "/config/*.json", GLOB_APPEND, NULL,
	    &g), 0);
	ck_assert_int_eq(glob("tests/apply/cases/*.json", GLOB_APPEND, NULL,
	    &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		if (manifest_read(&m, g.gl_pathv[i], err, sizeof(err)) == -1) {
			for (j = 0; j < sizeof(unreadable) /
			    sizeof(unreadable[0]); j++)
				if (strcmp(g.gl_pathv[i], unreadable[j]) == 0)
					break;
			ck_assert_msg(j < sizeof(unreadable) /
			    sizeof(unreadable[0]), "%s", err);
			skipped++;
			continue;
		}
		want = 0;
		for (j = 0; j < sizeof(wrong) / sizeof(wrong[0]); j++)
			if (strstr(g.gl_pathv[i], wrong[j].name) != NULL)
				want = wrong[j].n;
		memset(&fs, 0, sizeof(fs));
		ck_assert_int_eq(schema_check(&m, &fs), 0);
		ck_assert_msg(fs.n == want, "%s: %zu findings, want %zu%s%s",
		    g.gl_pathv[i], fs.n, want, fs.n ? "; first: " : "",
		    fs.n ? fs.v[0].msg : "");
		checked++;
		findings_release(&fs);
		manifest_release(&m);
	}
	globfree(&g);
	ck_assert_uint_ge(checked, 30);
	ck_assert_uint_eq(skipped, sizeof(unreadable) / sizeof(unreadable[0]));
}
END_TEST

static Suite *
schema_suite(void)
{
	Suite	*s = suite_create("schema");
	TCase	*tc;

	tc = tcase_create("table");
	tcase_add_test(tc, test_table_is_ops_source);
	tcase_add_test(tc, test_table_types);
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_loop_test(tc, test_schema_findings, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_one_finding_each);
	tcase_add_test(tc, test_paths_quoted_and_cut);
	tcase_add_test(tc, test_shipped_configs_clean);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(schema_suite()));
}
