/*
 * opsman: turn an ops config.json into the Nanos manifest ops would
 * build from it, for the fields the Nanos tier needs, and print it in the
 * text form Nanos' mkfs reads on standard input.
 *
 *	opsman -p program [-a argument]... config.json
 *
 * What ops does, after nanovms/ops bb2d9ce (lepton/image.go BuildManifest
 * and setManifestFromConfig, fs/manifest.go, fs/tfs.go), in its order:
 *
 *  1. program and children: the program at /NAME (AddUserProgram);
 *     arguments [NAME argument...]; environment USER:root PWD:/ and every
 *     Env entry (AddEnvironmentVariable).
 *  2. If RunConfig.IPAddress or RunConfig.IPv6Address is non-empty,
 *     AddNetworkConfig: root ipaddr, netmask, gateway and ip6addr, all
 *     four, empty or not.  IPAddress, Gateway and NetMask that Go's
 *     net.ParseIP refuses were blanked first (cmd/flags_config.go
 *     ConvertJSONToConfig).
 *  3. RunConfig.Nics[0]: AddNetworkConfig again with its IPAddress,
 *     Gateway and NetMask (so ip6addr becomes "").  Nics[i > 0]: the
 *     root tuple en{i+1} = (ipaddr netmask gateway), each possibly "".
 *  4. Every ManifestPassthrough entry, last: AddPassthrough is
 *     m.root[key] = value, so an entry replaces whatever the steps above
 *     put under that key, tuples whole (shallow).
 *
 * Values: ops' TFS encoder (fs/tfs.go encodeValue) takes strings, lists
 * and maps only, at any depth; a number, true, false or null makes the
 * image build fail with "unknown type of value", and so does opsman
 * (exit 1).  ops decodes with encoding/json, so field names fold case and
 * a later spelling of a field overwrites an earlier one; maps merge key by
 * key; a list replaces the list; of two members with one name the later
 * wins (jansson's default, as Go's).  Keys ops would refuse altogether
 * (DisallowUnknownFields) are not opsman's business: it reads only the
 * fields above.
 *
 * Strings are written bare when they are plain ([A-Za-z0-9_.-] and, in
 * values, '/' and ':'), otherwise in double quotes with '\' before '"'
 * and '\': Nanos' parser (src/runtime/tuple_parser.c, quoted_string and
 * escaped_character) keeps every character between the quotes and takes
 * the one after a backslash literally, so "" is the empty string.
 *
 * Exit status: 0, 1 if ops would refuse the config, 2 on usage or I/O
 * errors.  Test code only; never installed.
 */
#include <arpa/inet.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#define NICS_MAX	64

struct nic {
	const char	*ip;
	const char	*ip6;
	const char	*mask;
	const char	*gw;
};

static const char	*config_name;

static void
usage(void)
{
	fprintf(stderr, "usage: opsman -p program [-a argument]... "
	    "config.json\n");
	exit(2);
}

static void
refuse(const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "opsman: %s: ", config_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

/*
 * Calls fn for every member of obj whose name folds to name, in file
 * order, as encoding/json assigns them (the last one wins for a scalar).
 */
static void
each_field(json_t *obj, const char *name, void (*fn)(json_t *, void *),
    void *arg)
{
	const char	*key;
	json_t		*v;

	if (!json_is_object(obj))
		return;
	json_object_foreach(obj, key, v)
		if (strcasecmp(key, name) == 0)
			fn(v, arg);
}

struct string_field {
	const char	*where;
	const char	*value;
};

static void
take_string(json_t *v, void *arg)
{
	struct string_field	*f = arg;

	if (json_is_null(v))
		return;		/* null leaves a Go string as it was */
	if (!json_is_string(v))
		refuse("%s: not a string (ops' Go type is string)", f->where);
	f->value = json_string_value(v);
}

static const char *
string_field(json_t *obj, const char *name, const char *where)
{
	struct string_field	f = { where, "" };

	each_field(obj, name, take_string, &f);
	return (f.value);
}

/* Go's net.ParseIP, closely enough for test configs. */
static int
ip_valid(const char *s)
{
	unsigned char	buf[16];

	return (inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1);
}

struct run_config {
	const char	*ip;
	const char	*ip6;
	const char	*mask;
	const char	*gw;
	struct nic	 nics[NICS_MAX];
	size_t		 nnics;
};

static void
take_nics(json_t *v, void *arg)
{
	struct run_config	*rc = arg;
	json_t			*e;
	size_t			 i;

	if (json_is_null(v)) {
		rc->nnics = 0;
		return;
	}
	if (!json_is_array(v))
		refuse("RunConfig.Nics: not a list (ops' Go type is []Nic)");
	if (json_array_size(v) > NICS_MAX)
		refuse("RunConfig.Nics: more than %d", NICS_MAX);
	rc->nnics = json_array_size(v);
	json_array_foreach(v, i, e) {
		if (!json_is_object(e) && !json_is_null(e))
			refuse("RunConfig.Nics[%zu]: not an object", i);
		rc->nics[i].ip = string_field(e, "IPAddress",
		    "RunConfig.Nics[].IPAddress");
		rc->nics[i].ip6 = string_field(e, "IPv6Address",
		    "RunConfig.Nics[].IPv6Address");
		rc->nics[i].mask = string_field(e, "NetMask",
		    "RunConfig.Nics[].NetMask");
		rc->nics[i].gw = string_field(e, "Gateway",
		    "RunConfig.Nics[].Gateway");
	}
}

static void
take_run_config(json_t *v, void *arg)
{
	struct run_config	*rc = arg;
	struct string_field	 f;

	if (json_is_null(v))
		return;
	if (!json_is_object(v))
		refuse("RunConfig: not an object");
	/* Each spelling of RunConfig decodes into the same struct. */
	f.where = "RunConfig.IPAddress", f.value = rc->ip;
	each_field(v, "IPAddress", take_string, &f);
	rc->ip = f.value;
	f.where = "RunConfig.IPv6Address", f.value = rc->ip6;
	each_field(v, "IPv6Address", take_string, &f);
	rc->ip6 = f.value;
	f.where = "RunConfig.NetMask", f.value = rc->mask;
	each_field(v, "NetMask", take_string, &f);
	rc->mask = f.value;
	f.where = "RunConfig.Gateway", f.value = rc->gw;
	each_field(v, "Gateway", take_string, &f);
	rc->gw = f.value;
	each_field(v, "Nics", take_nics, rc);
}

/* Maps decode into one Go map: members merge, later ones win. */
static void
take_map(json_t *v, void *arg)
{
	json_t	*map = arg;

	if (json_is_null(v))
		return;
	if (!json_is_object(v))
		refuse("ManifestPassthrough or Env: not an object");
	json_object_update(map, v);
}

static json_t *
str(const char *s)
{
	json_t	*v;

	if ((v = json_string(s)) == NULL) {
		fprintf(stderr, "opsman: out of memory or invalid UTF-8\n");
		exit(2);
	}
	return (v);
}

/* AddNetworkConfig (fs/manifest.go): the four root keys, always. */
static void
network_config(json_t *root, const char *ip, const char *ip6,
    const char *mask, const char *gw)
{
	json_object_set_new(root, "ipaddr", str(ip));
	json_object_set_new(root, "netmask", str(mask));
	json_object_set_new(root, "gateway", str(gw));
	json_object_set_new(root, "ip6addr", str(ip6));
}

/* The types fs/tfs.go encodeValue takes, at any depth. */
static void
encodable(json_t *v, const char *path)
{
	const char	*key, *what;
	json_t		*e;
	size_t		 i;
	char		 sub[512];

	switch (json_typeof(v)) {
	case JSON_STRING:
		return;
	case JSON_ARRAY:
		json_array_foreach(v, i, e) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			encodable(e, sub);
		}
		return;
	case JSON_OBJECT:
		json_object_foreach(v, key, e) {
			snprintf(sub, sizeof(sub), "%s.%s", path, key);
			encodable(e, sub);
		}
		return;
	case JSON_INTEGER:
	case JSON_REAL:
		what = "a number";
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		what = "a boolean";
		break;
	default:
		what = "null";
		break;
	}
	refuse("%s: %s; ops' TFS encoder takes only strings, lists and maps "
	    "(\"unknown type of value\", fs/tfs.go encodeValue)", path, what);
}

static void
put_string(const char *s, int is_name)
{
	const char	*p;
	int		 plain = *s != '\0';

	for (p = s; *p != '\0' && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
		    *p == '-' || (!is_name && (*p == '/' || *p == ':'));
	if (plain) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			putchar('\\');
		putchar(*p);
	}
	putchar('"');
}

static void
put_value(json_t *v)
{
	const char	*key;
	json_t		*e;
	size_t		 i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		put_string(json_string_value(v), 0);
		break;
	case JSON_ARRAY:
		putchar('[');
		json_array_foreach(v, i, e) {
			if (i > 0)
				putchar(' ');
			put_value(e);
		}
		putchar(']');
		break;
	default:
		putchar('(');
		i = 0;
		json_object_foreach(v, key, e) {
			if (i++ > 0)
				putchar(' ');
			put_string(key, 1);
			putchar(':');
			put_value(e);
		}
		putchar(')');
		break;
	}
}

int
main(int argc, char *argv[])
{
	struct run_config	 rc;
	json_error_t		 jerr;
	json_t			*config, *root, *args, *env, *pass, *t, *v;
	const char		*program = NULL, *base, *key;
	char			 name[32], path[512];
	size_t			 i;
	int			 ch;

	if ((args = json_array()) == NULL)
		return (2);
	json_array_append_new(args, str(""));	/* the program's name */
	while ((ch = getopt(argc, argv, "a:p:")) != -1) {
		switch (ch) {
		case 'a':
			json_array_append_new(args, str(optarg));
			break;
		case 'p':
			program = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1 || program == NULL || program[0] != '/')
		usage();
	config_name = argv[optind];
	if ((config = json_load_file(config_name, 0, &jerr)) == NULL) {
		fprintf(stderr, "opsman: %s:%d:%d: %s\n", config_name, jerr.line,
		    jerr.column, jerr.text);
		return (2);
	}
	if (!json_is_object(config))
		refuse("not a JSON object");
	base = strrchr(program, '/') + 1;

	/* 1. AddUserProgram, arguments, environment. */
	root = json_object();
	t = json_object();
	v = json_object();
	if (root == NULL || t == NULL || v == NULL)
		return (2);
	json_object_set_new(v, "contents",
	    json_pack("{s:s}", "host", program));
	json_object_set_new(t, base, v);
	json_object_set_new(root, "children", t);
	json_object_set_new(root, "program", json_sprintf("/%s", base));
	json_array_set_new(args, 0, str(base));
	json_object_set_new(root, "arguments", args);
	env = json_pack("{s:s,s:s}", "USER", "root", "PWD", "/");
	t = json_object();
	each_field(config, "Env", take_map, t);
	json_object_foreach(t, key, v)
		if (!json_is_string(v))
			refuse("Env.%s: not a string (ops' Go type is "
			    "map[string]string)", key);
	json_object_update(env, t);
	json_decref(t);
	json_object_set_new(root, "environment", env);

	/* 2. The legacy single-NIC RunConfig fields. */
	memset(&rc, 0, sizeof(rc));
	rc.ip = rc.ip6 = rc.mask = rc.gw = "";
	each_field(config, "RunConfig", take_run_config, &rc);
	if (*rc.ip != '\0' && !ip_valid(rc.ip))
		rc.ip = "";
	if (*rc.gw != '\0' && !ip_valid(rc.gw))
		rc.gw = "";
	if (*rc.mask != '\0' && !ip_valid(rc.mask))
		rc.mask = "";
	if (*rc.ip != '\0' || *rc.ip6 != '\0')
		network_config(root, rc.ip, rc.ip6, rc.mask, rc.gw);

	/* 3. RunConfig.Nics. */
	for (i = 0; i < rc.nnics; i++) {
		if (i == 0) {
			network_config(root, rc.nics[0].ip, "",
			    rc.nics[0].mask, rc.nics[0].gw);
			continue;
		}
		t = json_pack("{s:s,s:s,s:s}", "ipaddr", rc.nics[i].ip,
		    "netmask", rc.nics[i].mask, "gateway", rc.nics[i].gw);
		snprintf(name, sizeof(name), "en%zu", i + 1);
		json_object_set_new(root, name, t);
	}

	/* 4. ManifestPassthrough, last and shallow. */
	pass = json_object();
	each_field(config, "ManifestPassthrough", take_map, pass);
	json_object_foreach(pass, key, v) {
		snprintf(path, sizeof(path), "ManifestPassthrough.%s", key);
		encodable(v, path);
		json_object_set(root, key, v);
	}

	put_value(root);
	putchar('\n');
	json_decref(pass);
	json_decref(root);
	json_decref(config);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "opsman: write error\n");
		return (2);
	}
	return (0);
}
