#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "manifest/finding.h"
#include "manifest/quote.h"

static const char *const level_names[LEVEL_COUNT] = {
	[LEVEL_NOTE] = "note",
	[LEVEL_WARNING] = "warning",
	[LEVEL_ERROR] = "error",
};

/*
 * Every id and what it means, as mqplan(1)'s list of validate's findings
 * words it: the text of each entry, line breaks as spaces, so that
 * code-scanning help and the manual say the same thing
 * (tests/validate/sarif.sh compares them).
 */
/* io-queues-above-device, io-queues-above-vcpus */
static const char help_io_queues_above_device[] =
    "More than the device's queue pairs or the vCPUs of the target "
    "type: the driver clamps it at boot.";

/* unknown-platform, unknown-instance-type */
static const char help_unknown_platform[] =
    "A target mqplan does not know; the queue counts are not "
    "checked.";

const struct finding_kind finding_kinds[FINDING_COUNT] = {
	[FINDING_IO_QUEUES_NOT_STRING] = {
	    "io-queues-not-string", LEVEL_ERROR,
	    "A number or other non-string value; ops refuses anything but "
	    "strings there." },
	[FINDING_IO_QUEUES_NOT_DECIMAL] = {
	    "io-queues-not-decimal", LEVEL_ERROR,
	    "A string that is not a plain decimal from 1 to 32768: \"0\", "
	    "\"-1\", \"4abc\", \" 4\", \"4.5\", \"\", or a decimal out of "
	    "that range (\"40000\"). The message says what Nanos makes of "
	    "it (it reads the leading digits with no overflow check, so a "
	    "number past 2^64 wraps, and clamps the result to the device "
	    "and the CPUs)." },
	[FINDING_IO_QUEUES_ABOVE_DEVICE] = {
	    "io-queues-above-device", LEVEL_WARNING,
	    help_io_queues_above_device },
	[FINDING_IO_QUEUES_ABOVE_VCPUS] = {
	    "io-queues-above-vcpus", LEVEL_WARNING,
	    help_io_queues_above_device },
	[FINDING_IO_QUEUES_IGNORED] = {
	    "io-queues-ignored", LEVEL_WARNING,
	    "Set for an interface whose unikernel driver ignores it "
	    "(gVNIC, ENA, netfront), or in the tuple of an interface the "
	    "target does not have: apply takes it out. A root io-queues "
	    "(in ManifestPassthrough but in no tuple) is what Nanos reads "
	    "for en1 while there is no en1 tuple: without one, it has "
	    "every finding of an en1 io-queues above, at its own position, "
	    "and the message calls it the root io-queues. With an en1 "
	    "tuple Nanos never reads it: a value that is not a string is "
	    "still io-queues-not-string; otherwise it is "
	    "io-queues-ignored, at its key, when the tuple has an "
	    "io-queues of its own, en1's driver ignores io-queues, or the "
	    "target has no en1, and setting-hidden (an error: the value "
	    "set is dropped) when none of these holds. apply removes it in "
	    "every case." },
	[FINDING_INTERFACE_NAME] = {
	    "interface-name", LEVEL_ERROR,
	    "A key meant as an interface (eth0, en0, or any key holding "
	    "io-queues) that Nanos does not read: interfaces are en1, en2, "
	    "..." },
	[FINDING_INTERFACE_NOT_OBJECT] = {
	    "interface-not-object", LEVEL_ERROR,
	    "An enN key whose value is not an object." },
	[FINDING_EN1_STATIC_IP_DROPPED] = {
	    "en1-static-ip-dropped", LEVEL_ERROR,
	    "An en1 tuple without ipaddr while the manifest ops builds has "
	    "a root ipaddr (from RunConfig.IPAddress, "
	    "RunConfig.Nics[0].IPAddress or a root ipaddr in "
	    "ManifestPassthrough): Nanos reads the root for en1 only while "
	    "there is no en1 tuple, so it ignores the static address and "
	    "uses DHCP. The message names the source and the key to add to "
	    "the tuple." },
	[FINDING_SETTING_HIDDEN] = {
	    "setting-hidden", LEVEL_ERROR,
	    "Any other setting an enN tuple hides, one finding each, at "
	    "the tuple: for en1, the root netmask, gateway, ip6addr, mtu, "
	    "default, exec_wait_for_ip4_secs or exec_wait_for_ip6_secs "
	    "(from RunConfig or the root of ManifestPassthrough); for en2 "
	    "and up, the ipaddr, netmask or gateway ops would have written "
	    "into that tuple from its RunConfig.Nics entry (Nics[1] for "
	    "en2), which the passthrough tuple replaces whole. What moves "
	    "where and why is under apply, which carries exactly these "
	    "settings, so that a config apply wrote has none of these "
	    "findings." },
	[FINDING_INTERFACE_ABSENT] = {
	    "interface-absent", LEVEL_NOTE,
	    "An enN tuple for an interface the target does not have "
	    "(--nics): Nanos reads it for no interface. apply keeps such "
	    "tuples and warns about them." },
	[FINDING_PASSTHROUGH_NOT_OBJECT] = {
	    "passthrough-not-object", LEVEL_ERROR,
	    "ManifestPassthrough is not an object (null is fine: Go leaves "
	    "the map empty)." },
	[FINDING_KEY_CASE_VARIANTS] = {
	    "key-case-variants", LEVEL_WARNING,
	    "Two spellings of one ops field that differ only in case, such "
	    "as ManifestPassthrough and manifestPassthrough, or Flavor and "
	    "flavor in CloudConfig, reported at the later one. ops reads "
	    "config.json with Go's encoding/json, which matches a key to a "
	    "field without regard to case (an exact match first, else the "
	    "key folded as Go's foldName() does: "
	    "src/encoding/json/decode.go, object()) and decodes every such "
	    "key in turn into the same field: the ManifestPassthrough map "
	    "(map[string]interface{} in ops' types.Config) is kept once "
	    "made, so the spellings' keys merge and for a key in both the "
	    "later value is used; a struct field such as CloudConfig or "
	    "RunConfig is overwritten member by member, and a string by "
	    "the later value. validate checks, and apply edits, the values "
	    "ops ends up with." },
	[FINDING_CLOUDCONFIG_TYPE] = {
	    "cloudconfig-type", LEVEL_ERROR,
	    "CloudConfig is not an object, or its Platform or Flavor is "
	    "not a string (null is fine for each: Go leaves the field as "
	    "it was)." },
	[FINDING_OPS_UNKNOWN_KEY] = {
	    "ops-unknown-key", LEVEL_ERROR,
	    "A key that is no field of the ops struct it is in, at any "
	    "depth: the top level, CloudConfig, RunConfig, "
	    "RunConfig.Nics[i], CloudConfig.Tags[i] and its attribute, "
	    "CloudConfig.RootVolume. ops loads config.json with Go's "
	    "encoding/json and DisallowUnknownFields() "
	    "(cmd/flags_config.go, ConvertJSONToConfig()), which refuses "
	    "the whole config for such a key. Keys match field names "
	    "without regard to case, as for key-case-variants; a field ops "
	    "never reads from a file (RunConfig.VirtfsShares, tagged "
	    "json:\"-\") is unknown too; the members of Env, TargetConfig, "
	    "MapDirs, Mounts and ManifestPassthrough are map keys and any "
	    "name is fine. The message names the field meant when the key "
	    "is a near miss (\"did you mean \"CPUs\"?\"), or the section "
	    "the field belongs in (Flavor is a CloudConfig field), or says "
	    "that Nanos manifest settings such as en1 go in "
	    "ManifestPassthrough." },
	[FINDING_OPS_WRONG_TYPE] = {
	    "ops-wrong-type", LEVEL_ERROR,
	    "A value of a JSON type Go cannot decode into the field's Go "
	    "type: a number or true where ops takes a string, a string "
	    "where it takes a number (RunConfig.CPUs is a Go int) or true "
	    "or false, a string where it takes an array (Args, "
	    "RunConfig.Ports), anything but an object for a struct or a "
	    "map, anything but a whole number in the int64 range for an "
	    "int (2.0 and 1e1 are refused: Go reads ints with "
	    "strconv.ParseInt()). ops refuses the config for it. null is "
	    "fine for every field. The message says what to write: the "
	    "same value in the right type when there is one (4 for \"4\", "
	    "\"4\" for 4, [\"server\"] for \"server\")." },
	[FINDING_PASSTHROUGH_VALUE_TYPE] = {
	    "passthrough-value-type", LEVEL_ERROR,
	    "A number, true, false or null anywhere inside "
	    "ManifestPassthrough. ops reads any JSON there, but writes the "
	    "manifest with encodeValue() (fs/tfs.go), which knows strings, "
	    "arrays and objects only, so the image build fails; write the "
	    "value as a string (\"1460\"), \"t\" for a flag set to true. "
	    "An interface's io-queues, and an interface that is not an "
	    "object, are reported as io-queues-not-string and "
	    "interface-not-object instead." },
	[FINDING_OPS_ADDRESS_DROPPED] = {
	    "ops-address-dropped", LEVEL_WARNING,
	    "RunConfig.IPAddress, NetMask or Gateway is not an address "
	    "Go's net.ParseIP() reads (a dotted quad without leading "
	    "zeros, or IPv6 without a zone): ops loads the config but "
	    "empties the field (ConvertJSONToConfig()), as if it were not "
	    "set." },
	[FINDING_UNKNOWN_PLATFORM] = {
	    "unknown-platform", LEVEL_WARNING,
	    help_unknown_platform },
	[FINDING_UNKNOWN_INSTANCE_TYPE] = {
	    "unknown-instance-type", LEVEL_WARNING,
	    help_unknown_platform },
	[FINDING_DEFAULT_FLAVOR] = {
	    "default-flavor", LEVEL_NOTE,
	    "No CloudConfig.Flavor: checked as the type ops deploys by "
	    "default." },
	[FINDING_TOO_MANY_INTERFACES] = {
	    "too-many-interfaces", LEVEL_WARNING,
	    "The config names more interfaces (its highest enN tuple, or "
	    "RunConfig.Nics) than the instance type allows (see Rules); "
	    "the cloud would refuse the instance, and plan and apply exit "
	    "1 for it. The finding sits on that tuple and names the limit "
	    "and its basis; mqplan catalog type --explain gives the "
	    "source. The queue counts are not checked." },
	[FINDING_TARGET] = {
	    "target", LEVEL_WARNING,
	    "The target cannot be planned from what the config and the "
	    "options give; the message says why. The queue counts are not "
	    "checked." },
	[FINDING_TOO_MANY_FINDINGS] = {
	    "too-many-findings", -1,
	    "Past 1,000 findings in one file, the last one kept counts the "
	    "rest." },
	[FINDING_FILE_ERROR] = {
	    "file-error", LEVEL_ERROR,
	    "A file that cannot be read or is not JSON as ops reads it: "
	    "the message says why, at the line and column when known. "
	    "Nothing else in the file is checked, and the exit status is "
	    "2. Formats other than sarif report it without this id." },
	/* apply's notes on its edits */
	[FINDING_IO_QUEUES_SET] = { "io-queues-set", LEVEL_NOTE, NULL },
	[FINDING_IO_QUEUES_REMOVED] = { "io-queues-removed", LEVEL_NOTE, NULL },
	[FINDING_IO_QUEUES_SKIPPED] = { "io-queues-skipped", LEVEL_NOTE, NULL },
	[FINDING_SETTING_MOVED] = { "setting-moved", LEVEL_NOTE, NULL },
};

size_t
finding_summary_len(const struct finding_kind *k)
{
	const char	*p;

	for (p = k->help; *p != '\0'; p++)
		if (*p == '.' && (p[1] == ' ' || p[1] == '\0'))
			return ((size_t)(p - k->help) + 1);
	return ((size_t)(p - k->help));
}

const char *
level_name(enum level l)
{
	if (l < 0 || l >= LEVEL_COUNT)
		return ("?");
	return (level_names[l]);
}

int
level_from_name(const char *s, enum level *out)
{
	int	i;

	for (i = 0; i < LEVEL_COUNT; i++) {
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum level)i;
			return (0);
		}
	}
	return (-1);
}

int
findings_add(struct findings *f, enum finding_id kind, enum level level,
    const struct span *at, int at_key, const char *fmt, ...)
{
	struct finding	*n;
	va_list		 ap;
	char		 full[FINDING_MSG_MAX + 8];
	size_t		 len;
	int		 w;

	if (f->n == FINDINGS_MAX) {
		n = &f->v[f->n - 1];
		if (f->dropped++ == 0) {
			n->kind = FINDING_TOO_MANY_FINDINGS;
			n->id = finding_kinds[n->kind].id;
			n->line = n->col = 0;
			f->dropped++;	/* the one this slot held */
		}
		if (level > n->level)
			n->level = level;
		snprintf(n->msg, sizeof(n->msg), "%zu more findings not shown",
		    f->dropped);
		return (0);
	}
	if ((n = array_grow(f->v, f->n, &f->cap, sizeof(*n), 8)) == NULL)
		return (-1);
	f->v = n;
	n = &f->v[f->n++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->id = finding_kinds[kind].id;
	n->level = level;
	if (at != NULL) {
		n->line = at_key && at->key_line ? at->key_line : at->line;
		n->col = at_key && at->key_line ? at->key_col : at->col;
	}
	va_start(ap, fmt);
	w = vsnprintf(full, sizeof(full), fmt, ap);
	va_end(ap);
	len = w < 0 ? 0 : strlen(full);
	if (w >= 0 && (size_t)w < sizeof(n->msg))
		memcpy(n->msg, full, len + 1);
	else {
		/* Too long: cut on a character boundary and say so. */
		len = utf8_cut(full, len, sizeof(n->msg) - 4);
		memcpy(n->msg, full, len);
		memcpy(n->msg + len, "...", 4);
	}
	return (0);
}

int
findings_full(const struct findings *f)
{
	return (f->n == FINDINGS_MAX);
}

int
findings_worst(const struct findings *f)
{
	size_t	i;
	int	worst = -1;

	for (i = 0; i < f->n; i++)
		if ((int)f->v[i].level > worst)
			worst = (int)f->v[i].level;
	return (worst);
}

void
findings_release(struct findings *f)
{
	free(f->v);
	f->v = NULL;
	f->n = 0;
	f->cap = 0;
	f->dropped = 0;
}
