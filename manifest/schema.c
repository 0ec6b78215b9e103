/*
 * ops' config schema (types/config.go) as data, and the check of a config
 * against it: what ops' loader and image builder refuse (schema.h says
 * what and where in ops).
 */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "manifest/ifsettings.h"
#include "manifest/quote.h"
#include "manifest/schema.h"
#include "manifest/target.h"

/*
 * nanovms/ops bb2d9ce40863f927e1a25c3e12b079cf0bb3206c types/config.go,
 * in its order; tests/data/ops/config-fields.txt is the same list, read
 * from the source by tools/ops-schema.sh.  A pointer (*bool,
 * *TagAttribute) decodes as its target does; null is fine for anything.
 */
static const struct schema_struct s_provider, s_run, s_tag, s_tag_attribute,
    s_nic, s_volume;

static const struct schema_type t_string = { SCHEMA_STRING, "string",
    NULL, NULL };
static const struct schema_type t_bool = { SCHEMA_BOOL, "bool", NULL, NULL };
static const struct schema_type t_pbool = { SCHEMA_BOOL, "*bool", NULL,
    NULL };
static const struct schema_type t_int = { SCHEMA_INT, "int", NULL, NULL };
static const struct schema_type t_int64 = { SCHEMA_INT, "int64", NULL, NULL };
static const struct schema_type t_strings = { SCHEMA_SLICE, "[]string",
    &t_string, NULL };
static const struct schema_type t_map_strings = { SCHEMA_MAP,
    "map[string]string", &t_string, NULL };
static const struct schema_type t_passthrough = { SCHEMA_ANY,
    "map[string]interface{}", NULL, NULL };
static const struct schema_type t_provider = { SCHEMA_STRUCT,
    "ProviderConfig", NULL, &s_provider };
static const struct schema_type t_run = { SCHEMA_STRUCT, "RunConfig", NULL,
    &s_run };
static const struct schema_type t_tag = { SCHEMA_STRUCT, "Tag", NULL,
    &s_tag };
static const struct schema_type t_tags = { SCHEMA_SLICE, "[]Tag", &t_tag,
    NULL };
static const struct schema_type t_tag_attribute = { SCHEMA_STRUCT,
    "*TagAttribute", NULL, &s_tag_attribute };
static const struct schema_type t_nic = { SCHEMA_STRUCT, "Nic", NULL,
    &s_nic };
static const struct schema_type t_nics = { SCHEMA_SLICE, "[]Nic", &t_nic,
    NULL };
static const struct schema_type t_volume = { SCHEMA_STRUCT, "CloudVolume",
    NULL, &s_volume };

static const struct schema_field f_config[] = {
	{ "Args", "Args", &t_strings },
	{ "DisableArgsCopy", "DisableArgsCopy", &t_bool },
	{ "BaseVolumeSz", "BaseVolumeSz", &t_string },
	{ "Boot", "Boot", &t_string },
	{ "UefiBoot", "UefiBoot", &t_string },
	{ "Uefi", "Uefi", &t_bool },
	{ "BuildDir", "BuildDir", &t_string },
	{ "CloudConfig", "CloudConfig", &t_provider },
	{ "TargetConfig", "TargetConfig", &t_map_strings },
	{ "Debugflags", "Debugflags", &t_strings },
	{ "Dirs", "Dirs", &t_strings },
	{ "Env", "Env", &t_map_strings },
	{ "Files", "Files", &t_strings },
	{ "Force", "Force", &t_bool },
	{ "Home", "home", &t_string },
	{ "Kernel", "Kernel", &t_string },
	{ "KlibDir", "KlibDir", &t_string },
	{ "Klibs", "Klibs", &t_strings },
	{ "MapDirs", "MapDirs", &t_map_strings },
	{ "Mounts", "Mounts", &t_map_strings },
	{ "NameServers", "NameServers", &t_strings },
	{ "NanosVersion", "NanosVersion", &t_string },
	{ "NightlyBuild", "NightlyBuild", &t_bool },
	{ "NoTrace", "NoTrace", &t_strings },
	{ "ManifestPassthrough", "ManifestPassthrough", &t_passthrough },
	{ "Program", "Program", &t_string },
	{ "ProgramPath", "ProgramPath", &t_string },
	{ "RebootOnExit", "RebootOnExit", &t_bool },
	{ "RunConfig", "RunConfig", &t_run },
	{ "LocalFilesParentDirectory", "LocalFilesParentDirectory",
	    &t_string },
	{ "TargetRoot", "TargetRoot", &t_string },
	{ "TFSv4", "TFSv4", &t_bool },
	{ "Version", "Version", &t_string },
	{ "Language", "Language", &t_string },
	{ "Description", "Description", &t_string },
	{ "VolumesDir", "VolumesDir", &t_string },
	{ "PackageBaseURL", "PackageBaseURL", &t_string },
	{ "PackageManifestURL", "PackageManifestURL", &t_string },
};

static const struct schema_field f_provider[] = {
	{ "BucketName", "BucketName", &t_string },
	{ "BucketNamespace", "BucketNamespace", &t_string },
	{ "ConfidentialVM", "ConfidentialVM", &t_bool },
	{ "DedicatedHostID", "DedicatedHostID", &t_string },
	{ "DomainName", "DomainName", &t_string },
	{ "StaticIP", "StaticIP", &t_string },
	{ "EnableIPv6", "EnableIPv6", &t_bool },
	{ "Flavor", "Flavor", &t_string },
	{ "ImageType", "ImageType", &t_string },
	{ "ImageName", "ImageName", &t_string },
	{ "InstanceProfile", "InstanceProfile", &t_string },
	{ "KMS", "KMS", &t_string },
	{ "Platform", "Platform", &t_string },
	{ "ProjectID", "ProjectID", &t_string },
	{ "RootVolume", "RootVolume", &t_volume },
	{ "SecurityGroup", "SecurityGroup", &t_string },
	{ "SkipImportVerify", "SkipImportVerify", &t_bool },
	{ "Spot", "Spot", &t_bool },
	{ "Subnet", "Subnet", &t_string },
	{ "Tags", "Tags", &t_tags },
	{ "UserData", "UserData", &t_string },
	{ "VPC", "VPC", &t_string },
	{ "Zone", "Zone", &t_string },
};

static const struct schema_field f_tag[] = {
	{ "Key", "key", &t_string },
	{ "Value", "value", &t_string },
	{ "Attribute", "attribute", &t_tag_attribute },
};

static const struct schema_field f_tag_attribute[] = {
	{ "ImageLabel", "image_label", &t_pbool },
	{ "InstanceLabel", "instance_label", &t_pbool },
	{ "InstanceNetwork", "instance_network", &t_pbool },
	{ "InstanceMetadata", "instance_metadata", &t_pbool },
};

static const struct schema_field f_run[] = {
	{ "Accel", "Accel", &t_bool },
	{ "AtExit", "AtExit", &t_string },
	{ "Bridged", "Bridged", &t_bool },
	{ "BridgeIPAddress", "BridgeIPAddress", &t_string },
	{ "BridgeName", "BridgeName", &t_string },
	{ "CanIPForward", "CanIPForward", &t_bool },
	{ "CPUs", "CPUs", &t_int },
	{ "GPUs", "GPUs", &t_int },
	{ "GPUType", "GPUType", &t_string },
	{ "Debug", "Debug", &t_bool },
	{ "Gateway", "Gateway", &t_string },
	{ "GdbPort", "GdbPort", &t_int },
	{ "ImageName", "ImageName", &t_string },
	{ "InstanceGroup", "InstanceGroup", &t_string },
	{ "InstanceName", "InstanceName", &t_string },
	{ "IPAddress", "IPAddress", &t_string },
	{ "IPv6Address", "IPv6Address", &t_string },
	{ "Kernel", "Kernel", &t_string },
	{ "Memory", "Memory", &t_string },
	{ "Mgmt", "Mgmt", &t_string },
	{ "Vga", "Vga", &t_bool },
	{ "VirtfsShares", "-", &t_map_strings },
	{ "Mounts", "Mounts", &t_strings },
	{ "AttachVolumeOnInstanceCreate", "AttachVolumeOnInstanceCreate",
	    &t_bool },
	{ "NetMask", "NetMask", &t_string },
	{ "Nics", "Nics", &t_nics },
	{ "Background", "Background", &t_bool },
	{ "BackgroundDetach", "BackgroundDetach", &t_bool },
	{ "Ports", "Ports", &t_strings },
	{ "QMP", "QMP", &t_bool },
	{ "ShowDebug", "ShowDebug", &t_bool },
	{ "ShowErrors", "ShowErrors", &t_bool },
	{ "ShowWarnings", "ShowWarnings", &t_bool },
	{ "JSON", "JSON", &t_bool },
	{ "TapName", "TapName", &t_string },
	{ "UDPPorts", "UDPPorts", &t_strings },
	{ "Verbose", "Verbose", &t_bool },
	{ "VolumeSizeInGb", "VolumeSizeInGb", &t_int },
	{ "ThreadsPerCore", "ThreadsPerCore", &t_int64 },
};

static const struct schema_field f_nic[] = {
	{ "IPAddress", "IPAddress", &t_string },
	{ "IPv6Address", "IPv6Address", &t_string },
	{ "NetMask", "NetMask", &t_string },
	{ "Gateway", "Gateway", &t_string },
	{ "BridgeName", "BridgeName", &t_string },
};

static const struct schema_field f_volume[] = {
	{ "Name", "name", &t_string },
	{ "Iops", "iops", &t_int64 },
	{ "Size", "size", &t_int64 },
	{ "Throughput", "throughput", &t_int64 },
	{ "Typeof", "typeof", &t_string },
};

#define FIELDS(f)	(f), NELEM(f)

static const struct schema_struct s_config = { "Config", FIELDS(f_config) };
static const struct schema_struct s_provider = { "ProviderConfig",
    FIELDS(f_provider) };
static const struct schema_struct s_tag = { "Tag", FIELDS(f_tag) };
static const struct schema_struct s_tag_attribute = { "TagAttribute",
    FIELDS(f_tag_attribute) };
static const struct schema_struct s_run = { "RunConfig", FIELDS(f_run) };
static const struct schema_struct s_nic = { "Nic", FIELDS(f_nic) };
static const struct schema_struct s_volume = { "CloudVolume",
    FIELDS(f_volume) };

const struct schema_struct *const schema_structs[] = {
	&s_config, &s_provider, &s_tag, &s_tag_attribute, &s_run, &s_nic,
	&s_volume, NULL
};

/*
 * The three sections a config's settings live in, under the names a
 * message gives them: a key put in the wrong one is told where it goes.
 */
static const struct {
	const struct schema_struct	*st;
	const char			*where;
} sections[] = {
	{ &s_config, "a top-level field" },
	{ &s_run, "a RunConfig field" },
	{ &s_provider, "a CloudConfig field" },
};

/* Paths in messages ("RunConfig.Nics[1].IPAddress"), cut to this. */
#define PATH_MAX_	160
/* A config value or key as a message shows it. */
#define SHOWN_MAX	64
/* Keys longer than this are no near miss of any field name. */
#define NEAR_KEY_MAX	48

/* The passthrough walk keeps one path segment per depth it has seen. */
struct segment {
	uint32_t	 node;
	char		 text[SHOWN_MAX];
};

struct walk {
	const struct manifest	*m;
	struct findings		*out;
	uint32_t		 skip;		/* cloudconfig-type's value */
	char			 path[PATH_MAX_];
	struct segment		 seg[LOCATE_DEPTH_MAX + 1];
};

static const struct lnode *
node_of(const struct walk *w, uint32_t node)
{
	return (&w->m->loc.nodes[node]);
}

static bool
is_null(const struct walk *w, uint32_t node)
{
	return (node_of(w, node)->kind == SPAN_LITERAL &&
	    w->m->text[node_of(w, node)->val_off] == 'n');
}

/*
 * Appends text to path (size bytes).  Room is kept for "...", which ends
 * a path cut on a character boundary; nothing is appended after it.
 */
static void
path_append(char *path, size_t size, const char *text)
{
	size_t	len = strlen(path), tlen = strlen(text), keep;

	if (len >= 3 && strcmp(path + len - 3, "...") == 0)
		return;
	if (len + tlen + 4 <= size) {
		memcpy(path + len, text, tlen + 1);
		return;
	}
	keep = utf8_cut(text, tlen, size - len - 4);
	memcpy(path + len, text, keep);
	memcpy(path + len + keep, "...", 4);
}

/*
 * Appends to path (size bytes) sep and a member key, bare when it reads
 * the same so, quoted otherwise; returns the old length so the caller can
 * cut it back.
 */
static size_t
path_push(char *path, size_t size, const char *sep, const char *key,
    size_t klen)
{
	size_t	len = strlen(path), off = 0, i;
	char	shown[SHOWN_MAX + 1];
	bool	bare = klen > 0 && klen < SHOWN_MAX - 2;

	for (i = 0; bare && i < klen; i++)
		if (!isalnum((unsigned char)key[i]) && key[i] != '_' &&
		    key[i] != '-')
			bare = false;
	/* sep is one byte at most. */
	if (len > 0 && *sep != '\0')
		shown[off++] = *sep;
	if (bare) {
		memcpy(shown + off, key, klen);
		shown[off + klen] = '\0';
	} else
		quote(shown + off, sizeof(shown) - off, key, klen);
	path_append(path, size, shown);
	return (len);
}

static size_t
path_index(char *path, size_t i)
{
	size_t	len = strlen(path);
	char	buf[32];

	snprintf(buf, sizeof(buf), "[%zu]", i);
	path_append(path, PATH_MAX_, buf);
	return (len);
}

/* The span of node, made only while findings keep positions. */
static const struct span *
where(const struct walk *w, uint32_t node)
{
	return (findings_full(w->out) ? NULL : manifest_node_span(w->m,
	    node));
}

/*
 * Whether the number at node is one strconv.ParseInt(s, 10, 64) reads:
 * digits with an optional minus, no fraction or exponent, within int64.
 * *range is set when only the range is wrong.
 */
static bool
int64_text(const char *s, size_t len, bool *range)
{
	const char	*lim = "9223372036854775807";
	size_t		 i, n;
	bool		 neg = len > 0 && s[0] == '-';

	*range = false;
	for (i = neg; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return (false);
	n = len - neg;
	if (n < 19)
		return (true);
	if (n == 19 && memcmp(s + neg, lim, 18) == 0)
		/* Only the last digit decides: ...807, or ...808 negative. */
		*range = s[len - 1] > (neg ? '8' : '7');
	else if (n == 19)
		*range = memcmp(s + neg, lim, 19) > 0;
	else
		*range = true;
	return (!*range);
}

/* What a Go type takes, in words, for "ops takes ...". */
static void
expect_words(const struct schema_type *t, char *buf, size_t len)
{
	switch (t->kind) {
	case SCHEMA_STRING:
		snprintf(buf, len, "a string (Go %s)", t->go);
		break;
	case SCHEMA_BOOL:
		snprintf(buf, len, "true or false (Go %s)", t->go);
		break;
	case SCHEMA_INT:
		snprintf(buf, len, "a whole number (Go %s)", t->go);
		break;
	case SCHEMA_SLICE:
		snprintf(buf, len, "an array of %s (Go %s)",
		    t->elem->kind == SCHEMA_STRING ? "strings" : "objects",
		    t->go);
		break;
	case SCHEMA_MAP:
		snprintf(buf, len, "an object of strings (Go %s)", t->go);
		break;
	default:
		snprintf(buf, len, "an object (Go %s)", t->go);
		break;
	}
}

/*
 * What to write instead of node's value for type t: the same value in
 * the right JSON type when there is one.
 */
static int
suggest(const struct walk *w, uint32_t node, const struct schema_type *t,
    char *buf, size_t len)
{
	const struct lnode	*n = node_of(w, node);
	const char		*text = w->m->text + n->val_off;
	size_t			 tlen = n->val_end - n->val_off;
	char			*s = NULL, shown[SHOWN_MAX], num[64];
	size_t			 slen = 0, neg;
	double			 d;
	bool			 range;

	if (n->kind == SPAN_STRING &&
	    (s = locator_string(&w->m->loc, node, &slen)) == NULL)
		return (-1);
	snprintf(buf, len, "write %s", t->kind == SCHEMA_STRING ? "a string" :
	    t->kind == SCHEMA_BOOL ? "true or false" : t->kind == SCHEMA_INT ?
	    "a whole number" : t->kind == SCHEMA_SLICE ? "an array" :
	    "an object");
	switch (t->kind) {
	case SCHEMA_STRING:
		if (n->kind == SPAN_NUMBER && tlen < SHOWN_MAX - 2)
			snprintf(buf, len, "write \"%.*s\"", (int)tlen, text);
		else if (n->kind == SPAN_LITERAL)
			snprintf(buf, len, "write \"%.*s\"", (int)tlen, text);
		break;
	case SCHEMA_BOOL:
		if (s != NULL && (strcmp(s, "true") == 0 ||
		    strcmp(s, "false") == 0))
			snprintf(buf, len, "write %s, without quotes", s);
		else if (n->kind == SPAN_NUMBER && tlen == 1 &&
		    (text[0] == '0' || text[0] == '1'))
			snprintf(buf, len, "write %s", text[0] == '1' ?
			    "true" : "false");
		break;
	case SCHEMA_INT:
		/* Digits JSON takes as a number: no leading zero. */
		neg = s != NULL && slen > 0 && s[0] == '-';
		if (s != NULL && slen > neg && slen < SHOWN_MAX - 2 &&
		    int64_text(s, slen, &range) && (s[neg] != '0' ||
		    slen == neg + 1))
			snprintf(buf, len, "write %s, without quotes", s);
		else if (n->kind == SPAN_NUMBER && tlen < sizeof(num) &&
		    !int64_text(text, tlen, &range) && !range) {
			/* 2.0 or 1e1: a whole number Go will not read. */
			memcpy(num, text, tlen);
			num[tlen] = '\0';
			d = strtod(num, NULL);
			if (d == floor(d) && fabs(d) <= 9007199254740992.0)
				snprintf(buf, len, "write %.0f", d);
		}
		break;
	case SCHEMA_SLICE:
		if (s != NULL && t->elem->kind == SCHEMA_STRING) {
			quote(shown, sizeof(shown), s, slen);
			snprintf(buf, len, "write [%s]", shown);
		} else if (n->kind == SPAN_OBJECT)
			snprintf(buf, len, "put the object in an array: "
			    "[{...}]");
		break;
	default:
		break;
	}
	free(s);
	return (0);
}

static int
wrong_type(struct walk *w, uint32_t node, const struct schema_type *t)
{
	const struct lnode	*n = node_of(w, node);
	const char		*text = w->m->text + n->val_off;
	size_t			 tlen = n->val_end - n->val_off;
	char			 want[96], instead[SHOWN_MAX + 32];
	bool			 range = false;

	if (findings_full(w->out))
		return (findings_add(w->out, FINDING_OPS_WRONG_TYPE,
		    LEVEL_ERROR, NULL, 0, "%s", ""));
	expect_words(t, want, sizeof(want));
	if (suggest(w, node, t, instead, sizeof(instead)) == -1)
		return (-1);
	if (n->kind == SPAN_NUMBER && t->kind == SCHEMA_INT) {
		(void)int64_text(text, tlen, &range);
		return (findings_add(w->out, FINDING_OPS_WRONG_TYPE,
		    LEVEL_ERROR, where(w, node), 0,
		    "%s is %.*s%s; ops takes %s, which Go "
		    "reads %s: %s", w->path, tlen < 32 ? (int)tlen : 32, text,
		    tlen < 32 ? "" : "...", want, range ? "only from "
		    "-9223372036854775808 to 9223372036854775807" :
		    "without a fraction or an exponent", instead));
	}
	return (findings_add(w->out, FINDING_OPS_WRONG_TYPE, LEVEL_ERROR,
	    where(w, node), 0, "%s is %s; ops takes %s and refuses the config "
	    "otherwise: %s", w->path, manifest_node_kind(w->m, node), want,
	    instead));
}

/* Whether node's JSON type is one Go decodes into t. */
static bool
type_fits(const struct walk *w, uint32_t node, const struct schema_type *t)
{
	const struct lnode	*n = node_of(w, node);
	bool			 range;

	if (is_null(w, node))
		return (true);
	switch (t->kind) {
	case SCHEMA_STRING:
		return (n->kind == SPAN_STRING);
	case SCHEMA_BOOL:
		return (n->kind == SPAN_LITERAL);
	case SCHEMA_INT:
		return (n->kind == SPAN_NUMBER && int64_text(w->m->text +
		    n->val_off, n->val_end - n->val_off, &range));
	case SCHEMA_SLICE:
		return (n->kind == SPAN_ARRAY);
	default:
		return (n->kind == SPAN_OBJECT);
	}
}

/*
 * Edit distance between key (klen bytes) and name, ASCII letters without
 * regard to case as ops matches them; limit + 1 once it is above limit.
 */
static size_t
near_distance(const char *key, size_t klen, const char *name, size_t limit)
{
	size_t	nlen = strlen(name);

	if (klen > NEAR_KEY_MAX || nlen > NEAR_KEY_MAX)
		return (limit + 1);
	return (edit_distance(key, klen, name, nlen, limit, true));
}

/* The field of st whose JSON name key matches as Go matches it, or NULL. */
static const struct schema_field *
field_of(const struct schema_struct *st, const char *key, size_t klen)
{
	size_t	i;

	for (i = 0; i < st->nfields; i++)
		if (strcmp(st->fields[i].json, "-") != 0 &&
		    manifest_fold_eq(key, klen, st->fields[i].json))
			return (&st->fields[i]);
	return (NULL);
}

static int
unknown_key(struct walk *w, uint32_t node, const struct schema_struct *st,
    const char *key, size_t klen)
{
	const struct schema_field	*f, *near = NULL;
	const char			*whose;
	char				 shown[SHOWN_MAX], hint[160];
	size_t				 i, j, d, bestd, limit;
	const size_t			 nsections = sizeof(sections) /
					    sizeof(sections[0]);

	if (findings_full(w->out))
		return (findings_add(w->out, FINDING_OPS_UNKNOWN_KEY,
		    LEVEL_ERROR, NULL, 0, "%s", ""));
	quote(shown, sizeof(shown), key, klen);
	whose = w->path[0] != '\0' ? w->path : "the top level";
	snprintf(hint, sizeof(hint), "remove it");
	/* A field ops never reads from a file: json:"-". */
	for (i = 0; i < st->nfields; i++)
		if (strcmp(st->fields[i].json, "-") == 0 &&
		    manifest_fold_eq(key, klen, st->fields[i].go_name)) {
			snprintf(hint, sizeof(hint), "ops never reads %s from a "
			    "config (json:\"-\"): remove it",
			    st->fields[i].go_name);
			goto add;
		}
	/* "en1" is no misspelt "Env": it is a manifest key. */
	if (st == &s_config && ifsettings_index(key) > 0)
		goto manifest;
	/* A field of another section, by its own name, before a near miss. */
	for (i = 0; i < nsections; i++)
		if (sections[i].st == st)
			break;
	for (j = 0; i < nsections && j < nsections; j++) {
		if (sections[j].st == st)
			continue;
		if ((f = field_of(sections[j].st, key, klen)) != NULL) {
			snprintf(hint, sizeof(hint), "%s is %s: move it there",
			    f->json, sections[j].where);
			goto add;
		}
	}
	limit = klen > 10 ? 3 : klen > 4 ? 2 : 1;
	bestd = limit + 1;
	for (i = 0; i < st->nfields; i++) {
		if (strcmp(st->fields[i].json, "-") == 0)
			continue;
		d = near_distance(key, klen, st->fields[i].json, limit);
		if (d < bestd) {
			bestd = d;
			near = &st->fields[i];
		}
	}
	if (near != NULL) {
		snprintf(hint, sizeof(hint), "did you mean \"%s\"?",
		    near->json);
		goto add;
	}
manifest:
	if (st == &s_config)
		snprintf(hint, sizeof(hint), "Nanos manifest settings go in "
		    "ManifestPassthrough: move it there, or remove it");
add:
	return (findings_add(w->out, FINDING_OPS_UNKNOWN_KEY, LEVEL_ERROR,
	    where(w, node), 1, "%s has no field %s, and ops refuses unknown "
	    "keys (Go's DisallowUnknownFields): %s", whose, shown, hint));
}

static int	check_value(struct walk *, uint32_t, const struct schema_type *);

static int
check_struct(struct walk *w, uint32_t node, const struct schema_struct *st)
{
	const struct schema_field	*f;
	char				*key;
	size_t				 klen, old;
	uint32_t			 c;
	int				 rc;

	for (c = locator_next(&w->m->loc, node, LOCATE_NONE);
	    c != LOCATE_NONE; c = locator_next(&w->m->loc, node, c)) {
		if ((key = locator_key(&w->m->loc, c, &klen)) == NULL)
			return (-1);
		if ((f = field_of(st, key, klen)) == NULL) {
			rc = unknown_key(w, c, st, key, klen);
			free(key);
			if (rc == -1)
				return (-1);
			continue;
		}
		free(key);
		old = path_push(w->path, sizeof(w->path), ".", f->json,
		    strlen(f->json));
		rc = check_value(w, c, f->type);
		w->path[old] = '\0';
		if (rc == -1)
			return (-1);
	}
	return (0);
}

/*
 * node is decoded into t, at w->path.  The recursion is as deep as the
 * schema (five levels), whatever the text's nesting.
 */
static int
check_value(struct walk *w, uint32_t node, const struct schema_type *t)
{
	char		*key;
	size_t		 klen, old, i;
	uint32_t	 c;
	int		 rc;

	if (node == w->skip || is_null(w, node) || t->kind == SCHEMA_ANY)
		return (0);
	if (!type_fits(w, node, t))
		return (wrong_type(w, node, t));
	switch (t->kind) {
	case SCHEMA_STRUCT:
		return (check_struct(w, node, t->st));
	case SCHEMA_SLICE:
		for (i = 0, c = locator_next(&w->m->loc, node, LOCATE_NONE);
		    c != LOCATE_NONE;
		    i++, c = locator_next(&w->m->loc, node, c)) {
			/* Elements that fit cost no path. */
			if (t->elem->kind != SCHEMA_STRUCT &&
			    type_fits(w, c, t->elem))
				continue;
			old = path_index(w->path, i);
			rc = check_value(w, c, t->elem);
			w->path[old] = '\0';
			if (rc == -1)
				return (-1);
		}
		return (0);
	case SCHEMA_MAP:
		for (c = locator_next(&w->m->loc, node, LOCATE_NONE);
		    c != LOCATE_NONE; c = locator_next(&w->m->loc, node, c)) {
			if (type_fits(w, c, t->elem))
				continue;
			if ((key = locator_key(&w->m->loc, c, &klen)) == NULL)
				return (-1);
			old = path_push(w->path, sizeof(w->path), ".", key,
			    klen);
			free(key);
			rc = check_value(w, c, t->elem);
			w->path[old] = '\0';
			if (rc == -1)
				return (-1);
		}
		return (0);
	default:
		return (0);
	}
}

/*
 * The path of node inside ManifestPassthrough, made of the segments of
 * its ancestors; each ancestor's key is decoded once however many
 * findings lie under it, so that a long key costs its length once.
 */
static int
passthrough_path(struct walk *w, uint32_t node, uint32_t mp)
{
	struct segment	*seg;
	uint32_t	 chain[LOCATE_DEPTH_MAX + 1], a;
	size_t		 n = 0, klen;
	char		*key;

	for (a = node; a != mp && a != LOCATE_NONE && n <= LOCATE_DEPTH_MAX;
	    a = node_of(w, a)->parent)
		chain[n++] = a;
	snprintf(w->path, sizeof(w->path), "ManifestPassthrough");
	while (n-- > 0) {
		a = chain[n];
		seg = &w->seg[node_of(w, a)->depth];
		if (seg->node != a) {
			seg->node = a;
			if (node_of(w, node_of(w, a)->parent)->kind ==
			    SPAN_ARRAY)
				snprintf(seg->text, sizeof(seg->text), "[%u]",
				    node_of(w, a)->idx);
			else {
				if ((key = locator_key(&w->m->loc, a,
				    &klen)) == NULL)
					return (-1);
				snprintf(seg->text, sizeof(seg->text), ".");
				(void)path_push(seg->text + 1,
				    sizeof(seg->text) - 1, "", key, klen);
				free(key);
			}
		}
		path_append(w->path, sizeof(w->path), seg->text);
	}
	return (0);
}

static int
passthrough_value(struct walk *w, uint32_t node, uint32_t mp)
{
	const struct lnode	*n = node_of(w, node);
	const char		*text = w->m->text + n->val_off;
	size_t			 tlen = n->val_end - n->val_off;
	char			 instead[SHOWN_MAX + 64];

	if (findings_full(w->out))
		return (findings_add(w->out, FINDING_PASSTHROUGH_VALUE_TYPE,
		    LEVEL_ERROR, NULL, 0, "%s", ""));
	if (passthrough_path(w, node, mp) == -1)
		return (-1);
	/*
	 * Nanos reads many flags by their presence alone (exec_protection:
	 * get(root, sym(exec_protection)) in src/unix/unix.c), and takes "t"
	 * for idle_on_exit and reboot_on_exit as their default
	 * (src/kernel/init.c, vm_exit_match()): a false flag is removed.
	 */
	if (n->kind == SPAN_NUMBER && tlen < SHOWN_MAX - 2)
		snprintf(instead, sizeof(instead), "write \"%.*s\"", (int)tlen,
		    text);
	else if (n->kind == SPAN_NUMBER)
		snprintf(instead, sizeof(instead), "write it as a string");
	else if (text[0] == 't')
		snprintf(instead, sizeof(instead), "write \"t\", as ops' "
		    "documentation writes Nanos flags");
	else if (text[0] == 'f')
		snprintf(instead, sizeof(instead), "remove it: Nanos takes "
		    "many flags as set whenever present, even as \"false\"");
	else
		snprintf(instead, sizeof(instead), "remove it, or write a "
		    "string");
	return (findings_add(w->out, FINDING_PASSTHROUGH_VALUE_TYPE,
	    LEVEL_ERROR, where(w, node), 0,
	    "%s is %s; ops writes only strings, arrays and "
	    "objects into the Nanos manifest (fs/tfs.go, encodeValue()) and "
	    "fails the image build on anything else: %s", w->path,
	    manifest_node_kind(w->m, node), instead));
}

/*
 * Every value ops keeps in ManifestPassthrough, at any depth, in one
 * linear pass over the nodes: a subtree is the run of nodes that starts
 * inside its text.  An interface's io-queues, the root io-queues (which
 * Nanos reads for en1 while there is no en1 tuple) and an interface that
 * is not an object are validate's own findings.
 */
static int
check_passthrough(struct walk *w)
{
	const struct lnode	*n;
	char			*key;
	uint32_t		 top, mp, io, i;
	unsigned long		 idx;
	size_t			 klen;
	bool			 rootio;

	for (top = manifest_passthrough_next(w->m, LOCATE_NONE);
	    top != LOCATE_NONE; top = manifest_passthrough_next(w->m, top)) {
		mp = node_of(w, top)->parent;
		if ((key = locator_key(&w->m->loc, top, &klen)) == NULL)
			return (-1);
		idx = ifsettings_index(key);
		rootio = klen == 9 && memcmp(key, "io-queues", 9) == 0;
		free(key);
		if (rootio)
			continue;
		io = LOCATE_NONE;
		if (idx > 0) {
			if (node_of(w, top)->kind != SPAN_OBJECT)
				continue;
			io = locator_member(&w->m->loc, top, "io-queues", 9);
		}
		n = node_of(w, top);
		for (i = top; i < w->m->loc.nnodes &&
		    node_of(w, i)->val_off < n->val_end; i++) {
			if (i == io) {
				/* Past io-queues and whatever it holds. */
				while (i + 1 < w->m->loc.nnodes &&
				    node_of(w, i + 1)->val_off <
				    node_of(w, io)->val_end)
					i++;
				continue;
			}
			if (node_of(w, i)->kind != SPAN_NUMBER &&
			    node_of(w, i)->kind != SPAN_LITERAL)
				continue;
			if (passthrough_value(w, i, mp) == -1)
				return (-1);
		}
	}
	return (0);
}

/*
 * ConvertJSONToConfig() empties RunConfig.IPAddress, NetMask and Gateway
 * when Go's net.ParseIP() refuses them, after decoding (so the value of
 * the last case variant): ifsettings_parseip().
 */
static int
check_addresses(struct walk *w)
{
	static const char *const names[] = { "IPAddress", "NetMask",
	    "Gateway" };
	char		*s, shown[SHOWN_MAX];
	size_t		 i, slen;
	uint32_t	 node;
	int		 rc;

	for (i = 0; i < NELEM(names); i++) {
		node = manifest_ops_member(w->m, FIELD_RUNCONFIG, names[i]);
		if (node == LOCATE_NONE || node_of(w, node)->kind !=
		    SPAN_STRING)
			continue;
		if ((s = locator_string(&w->m->loc, node, &slen)) == NULL)
			return (-1);
		rc = 0;
		if (slen > 0 && !ifsettings_parseip(s, slen)) {
			quote(shown, sizeof(shown), s, slen);
			rc = findings_add(w->out, FINDING_OPS_ADDRESS_DROPPED,
			    LEVEL_WARNING, where(w, node), 0, "RunConfig.%s %s "
			    "is not an IP address to Go's net.ParseIP(), and ops "
			    "empties it when it loads the config (cmd/"
			    "flags_config.go, ConvertJSONToConfig()), as if it "
			    "were not set: write %s", names[i], shown, i == 1 ?
			    "a mask such as \"255.255.255.0\"" :
			    "an address such as \"10.0.0.5\"");
		}
		free(s);
		if (rc == -1)
			return (-1);
	}
	return (0);
}

int
schema_check(const struct manifest *m, struct findings *out)
{
	struct manifest_target	 t;
	struct walk		*w;
	size_t			 d;
	int			 rc = -1;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return (-1);
	w->m = m;
	w->out = out;
	w->skip = LOCATE_NONE;
	for (d = 0; d <= LOCATE_DEPTH_MAX; d++)
		w->seg[d].node = LOCATE_NONE;
	if (manifest_target(m, &t) == -1 && t.bad_at != NULL)
		w->skip = t.bad_at->node;
	if (m->loc.nnodes == 0 || check_struct(w, 0, &s_config) == -1)
		goto out;
	w->path[0] = '\0';
	if (check_passthrough(w) == -1 || check_addresses(w) == -1)
		goto out;
	rc = 0;
out:
	free(w);
	return (rc);
}
