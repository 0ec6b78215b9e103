/*
 * GCE machine types.  Names and vCPU rules: cloud-rules.md 3.1; series
 * generations and the NIC types they allow: 1.4.  The number after the
 * type token is the vCPU count except for shared-core and accelerator
 * types, which come from tables here.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/common.h"
#include "platforms/gcp/machine_type.h"

#define TOKENS_MAX	6
#define CUSTOM_VCPUS_MAX 1024
#define SIZES_TEXT_MAX	96

struct series {
	const char	*name;
	unsigned int	 generation;
	bool		 confirmed;	/* generation and NIC rule sourced */
	bool		 custom;	/* offers <series>-custom-C-M */
	bool		 accelerator;	/* sizes count GPUs: table only */
};

/*
 * Gen 1 and 2 offer virtio-net (the default) and gVNIC; gen 3 and newer
 * gVNIC only (cloud-rules.md 1.4).  T2A being gVNIC-only and G2's
 * generation are not sourced there.
 */
static const struct series series[] = {
	{ "n1",  1, true,  true,  false },
	{ "f1",  1, true,  false, false },
	{ "g1",  1, true,  false, false },
	{ "e2",  2, true,  true,  false },
	{ "n2",  2, true,  true,  false },
	{ "n2d", 2, true,  true,  false },
	{ "t2d", 2, true,  false, false },
	{ "t2a", 3, false, false, false },
	{ "c2",  2, true,  false, false },
	{ "c2d", 2, true,  false, false },
	{ "m1",  2, true,  false, false },
	{ "m2",  2, true,  false, false },
	{ "a2",  2, true,  false, true },
	{ "g2",  2, false, false, false },
	{ "c3",  3, true,  false, false },
	{ "c3d", 3, true,  false, false },
	{ "m3",  3, true,  false, false },
	{ "h3",  3, true,  false, false },
	{ "z3",  3, true,  false, false },
	{ "a3",  3, true,  false, true },
	{ "n4",  4, true,  true,  false },
	{ "n4d", 4, false, true,  false },
	{ "c4",  4, true,  false, false },
	{ "c4a", 4, true,  false, false },
	{ "c4d", 4, true,  false, false },
	{ "h4d", 4, false, false, false },
	{ "a4",  4, false, false, true },
	{ "a4x", 4, false, false, true },
	{ "g4",  4, false, false, false },
};

/*
 * Known sizes (vCPUs) per series and type, from cloud-rules.md 3.1 where
 * it lists them (confirmed) and Google's machine-family pages otherwise.
 * An empty list accepts any size.
 */
struct predefined {
	const char	*series;
	const char	*type;
	const char	*sizes;
	bool		 confirmed;
};

static const struct predefined predefined[] = {
	{ "n1", "standard", "1 2 4 8 16 32 64 96", true },
	{ "n1", "highmem", "2 4 8 16 32 64 96", true },
	{ "n1", "highcpu", "2 4 8 16 32 64 96", true },
	{ "e2", "standard", "2 4 8 16 32", true },
	{ "e2", "highmem", "2 4 8 16", true },
	{ "e2", "highcpu", "2 4 8 16 32", true },
	{ "n2", "standard", "2 4 8 16 32 48 64 80 96 128", true },
	{ "n2", "highmem", "2 4 8 16 32 48 64 80 96 128", true },
	{ "n2", "highcpu", "2 4 8 16 32 48 64 80 96", true },
	{ "n2d", "standard", "2 4 8 16 32 48 64 80 96 128 224", true },
	{ "n2d", "highmem", "2 4 8 16 32 48 64 80 96", true },
	{ "n2d", "highcpu", "2 4 8 16 32 48 64 80 96 128 224", true },
	{ "t2d", "standard", "1 2 4 8 16 32 48 60", true },
	{ "t2a", "standard", "1 2 4 8 16 32 48", false },
	{ "c2", "standard", "4 8 16 30 60", true },
	{ "c2d", "standard", "2 4 8 16 32 56 112", true },
	{ "c2d", "highcpu", "2 4 8 16 32 56 112", true },
	{ "c2d", "highmem", "2 4 8 16 32 56 112", true },
	{ "m1", "megamem", "96", true },
	{ "m1", "ultramem", "40 80 160", true },
	{ "m2", "ultramem", "208 416", true },
	{ "m2", "megamem", "416", true },
	{ "m2", "hypermem", "416", false },
	{ "g2", "standard", "4 8 12 16 24 32 48 96", true },
	{ "c3", "standard", "4 8 22 44 88 176", true },
	{ "c3", "highmem", "4 8 22 44 88 176", true },
	{ "c3", "highcpu", "4 8 22 44 88 176", true },
	{ "c3d", "standard", "4 8 16 30 60 90 180 360", true },
	{ "c3d", "highmem", "4 8 16 30 60 90 180 360", true },
	{ "c3d", "highcpu", "4 8 16 30 60 90 180 360", true },
	{ "m3", "ultramem", "32 64 128", false },
	{ "m3", "megamem", "64 128", false },
	{ "h3", "standard", "88", false },
	{ "z3", "highmem", "8 14 22 30 36 44 88 176", true },
	{ "n4", "standard", "2 4 8 16 32 48 64 80", false },
	{ "n4", "highmem", "2 4 8 16 32 48 64 80", false },
	{ "n4", "highcpu", "2 4 8 16 32 48 64 80", false },
	{ "n4d", "standard", "", false },
	{ "n4d", "highmem", "", false },
	{ "n4d", "highcpu", "", false },
	{ "c4", "standard", "2 4 8 16 24 32 48 96 144 192 288", false },
	{ "c4", "highmem", "2 4 8 16 24 32 48 96 144 192 288", false },
	{ "c4", "highcpu", "2 4 8 16 24 32 48 96 144 192 288", false },
	{ "c4a", "standard", "1 2 4 8 16 32 48 64 72", false },
	{ "c4a", "highmem", "1 2 4 8 16 32 48 64 72", false },
	{ "c4a", "highcpu", "1 2 4 8 16 32 48 64 72", false },
	{ "c4d", "standard", "2 4 8 16 32 48 64 96 192 384", false },
	{ "c4d", "highmem", "2 4 8 16 32 48 64 96 192 384", false },
	{ "c4d", "highcpu", "2 4 8 16 32 48 64 96 192 384", false },
	{ "h4d", "highmem", "192", true },
	{ "h4d", "standard", "192", false },
	{ "g4", "standard", "48 96 192 384", false },
};

/* Shared-core types report guestCpus although they share a core. */
static const struct {
	const char	*name;
	const char	*series;
	unsigned int	 vcpus;
	const char	*share;
} shared_core[] = {
	{ "e2-micro", "e2", 2, "1/8" },
	{ "e2-small", "e2", 2, "1/4" },
	{ "e2-medium", "e2", 2, "1/2" },
	{ "f1-micro", "f1", 1, "shared" },
	{ "g1-small", "g1", 1, "shared" },
};

/*
 * Accelerator-optimized types: the suffix counts GPUs.  The vCPU counts
 * are Google's published guestCpus; cloud-rules.md 3.1 calls its two
 * examples unconfirmed, so the rows are too.
 */
static const struct {
	const char	*name;
	const char	*series;
	unsigned int	 vcpus;
	unsigned int	 gpus;
} accelerator[] = {
	{ "a2-highgpu-1g", "a2", 12, 1 },
	{ "a2-highgpu-2g", "a2", 24, 2 },
	{ "a2-highgpu-4g", "a2", 48, 4 },
	{ "a2-highgpu-8g", "a2", 96, 8 },
	{ "a2-megagpu-16g", "a2", 96, 16 },
	{ "a2-ultragpu-1g", "a2", 12, 1 },
	{ "a2-ultragpu-2g", "a2", 24, 2 },
	{ "a2-ultragpu-4g", "a2", 48, 4 },
	{ "a2-ultragpu-8g", "a2", 96, 8 },
	{ "a3-highgpu-1g", "a3", 26, 1 },
	{ "a3-highgpu-2g", "a3", 52, 2 },
	{ "a3-highgpu-4g", "a3", 104, 4 },
	{ "a3-highgpu-8g", "a3", 208, 8 },
	{ "a3-megagpu-8g", "a3", 208, 8 },
	{ "a3-edgegpu-8g", "a3", 208, 8 },
	{ "a3-ultragpu-8g", "a3", 224, 8 },
	{ "a4-highgpu-8g", "a4", 224, 8 },
	{ "a4x-highgpu-4g", "a4x", 140, 4 },
};

static const char *const suffixes[] = { "lssd", "highlssd", "standardlssd",
    "metal", NULL };

/* The public sources behind the figures, for --explain. */
#define SRC_SIZES	"kubernetes/autoscaler cluster-autoscaler/" \
			"cloudprovider/gce/gce_price_info.go"
#define SRC_FAMILIES	"Google's machine-family pages " \
			"(cloud.google.com/compute/docs/machine-resource), " \
			"not checked here"
#define SRC_NAMES	"kubernetes/autoscaler cluster-autoscaler/" \
			"cloudprovider/gce/machine_types.go"
#define SRC_NICS	"Google Cloud, Move your workload to a new compute " \
			"instance (cloud.google.com/compute/docs/instances): " \
			"generations 1-2 VirtIO by default, 3+ gVNIC only, " \
			"bare metal IDPF only"

static const struct series *
find_series(const char *name)
{
	size_t	i;

	for (i = 0; i < NELEM(series); i++)
		if (strcmp(series[i].name, name) == 0)
			return (&series[i]);
	return (NULL);
}

static void
set_nics(struct instance_type *it, const struct series *s, bool metal)
{
	memset(it->nics, 0, sizeof(it->nics));
	if (metal)
		it->nics[0] = "idpf";
	else if (s != NULL && s->generation >= 3)
		it->nics[0] = "gvnic";
	else {
		it->nics[0] = "virtio-net";
		it->nics[1] = "gvnic";
	}
	if (s == NULL || s->name[0] == '\0')
		provenance_set(&it->nics_from, BASIS_GUESS, "series unknown "
		    "to mqplan, taken as generation 1 or 2; %s", SRC_NICS);
	else if (s->confirmed)
		provenance_set(&it->nics_from, BASIS_CONFIRMED, "%s is "
		    "generation %u; %s", s->name, s->generation, SRC_NICS);
	else
		provenance_set(&it->nics_from, BASIS_DERIVED, "%s taken as "
		    "generation %u from %s; %s", s->name, s->generation,
		    SRC_FAMILIES, SRC_NICS);
}

static void
fill(struct instance_type *it, const char *name, const struct series *s,
    unsigned int vcpus)
{
	instance_type_init(it);
	snprintf(it->name, sizeof(it->name), "%s", name);
	it->platform = "gcp";
	snprintf(it->family, sizeof(it->family), "%s", s->name);
	it->vcpus = vcpus;
	it->generation = s->generation;
	set_nics(it, s, false);
	snprintf(it->source, sizeof(it->source), "built-in table");
}

/* Parses a decimal token from 1 to max; false if it is not one. */
static bool
decimal(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long	v = 0;
	const char	*p;

	if (*s == '\0' || *s == '0')
		return (false);
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return (false);
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			return (false);
	}
	*out = v;
	return (true);
}

static bool
size_listed(const char *sizes, unsigned long n)
{
	const char	*p = sizes;
	char		*end;
	unsigned long	 v;

	while (*p != '\0') {
		v = strtoul(p, &end, 10);
		if (v == n)
			return (true);
		p = end;
		while (*p == ' ')
			p++;
	}
	return (false);
}

/* "2, 4, 8" from "2 4 8", for messages. */
static void
list_sizes(const char *sizes, char *buf, size_t len)
{
	size_t	i, o = 0;

	for (i = 0; sizes[i] != '\0' && o + 3 < len; i++) {
		if (sizes[i] == ' ') {
			buf[o++] = ',';
			buf[o++] = ' ';
		} else
			buf[o++] = sizes[i];
	}
	buf[o] = '\0';
}

/*
 * GCE's limit on vNICs.  Google's own text (cloud.google.com/vpc/docs/
 * multiple-interfaces-concepts, Specifications) says only that the maximum
 * varies with the machine type; the rule max(2, min(vCPUs, 8)) is from
 * third-party copies of its table, so it is derived and marked unconfirmed.
 * Accelerator and bare-metal types, which may take more, get no figure.
 */
#define SRC_NIC_LIMIT	"UNCONFIRMED: Google's multi-NIC page (cloud." \
	"google.com/vpc/docs/multiple-interfaces-concepts, Specifications) " \
	"says the maximum varies with the machine type; the rule is from " \
	"third-party copies of its table (gist ystoneman/579f31297cfb8026" \
	"80e6ffb6be2fded6; scylladb/scylla-cluster-tests PR 15654)"
#define NIC_LIMIT_FLOOR	2
#define NIC_LIMIT_CAP	8

/*
 * The GPU types whose interfaces Google lists: a few gVNICs for general
 * traffic beside ConnectX-7 NICs (nicType MRDMA) that carry GPU-to-GPU
 * traffic only.  mqplan plans the gVNICs; Nanos has no driver for the
 * others.  Other accelerator types get no figure.
 */
#define SRC_GPU_NICS	"Google Cloud, Networking and GPU machines (cloud." \
	"google.com/compute/docs/gpus/gpu-network-bandwidth)"
static const struct {
	const char	*name;
	unsigned int	 gvnics;
	unsigned int	 rdma;
} gpu_nics[] = {
	{ "a3-ultragpu-8g", 2, 8 },
	{ "a4-highgpu-8g", 2, 8 },
	{ "a4x-highgpu-4g", 2, 4 },
};

static void
nic_limit(struct instance_type *it, bool catalog)
{
	unsigned int	n;
	size_t		i;

	for (i = 0; i < NELEM(gpu_nics); i++) {
		if (strcmp(it->name, gpu_nics[i].name) != 0)
			continue;
		it->max_nics = gpu_nics[i].gvnics;
		provenance_set(&it->max_nics_from, BASIS_PUBLISHED, "%u gVNICs "
		    "for general traffic beside %u ConnectX-7 NICs (MRDMA) "
		    "for GPU-to-GPU traffic only, which mqplan does not plan; "
		    "%s", gpu_nics[i].gvnics, gpu_nics[i].rdma, SRC_GPU_NICS);
		return;
	}
	if (it->accelerators != 0 || it->bare_metal)
		return;
	n = it->vcpus < NIC_LIMIT_CAP ? it->vcpus : NIC_LIMIT_CAP;
	it->max_nics = n > NIC_LIMIT_FLOOR ? n : NIC_LIMIT_FLOOR;
	if (catalog)
		provenance_set(&it->max_nics_from, BASIS_DERIVED, "catalog "
		    "file: guestCpus in GCE's vNIC rule max(2, min(vCPUs, 8)), "
		    "unconfirmed (see the built-in types)");
	else
		provenance_set(&it->max_nics_from, BASIS_DERIVED, "max(2, "
		    "min(vCPUs, 8)) with %u vCPUs; %s", it->vcpus,
		    SRC_NIC_LIMIT);
}

static int
parse_custom(const char *name, char **tok, int ntok, int at,
    struct instance_type *it, char *err, size_t errlen)
{
	const struct series	*s;
	unsigned long		 cpus, mem;
	bool			 shared = false;
	int			 left;

	s = find_series(at == 0 ? "n1" : tok[0]);
	if (s == NULL || !s->custom) {
		snprintf(err, errlen, "custom machine type '%s': series '%s' "
		    "has no custom types", name, tok[0]);
		return (1);
	}
	left = ntok - at - 1;
	if (left > 0 && strcmp(tok[ntok - 1], "ext") == 0)
		left--;
	if (left != 2) {
		snprintf(err, errlen, "custom machine type '%s': expected "
		    "[<series>-]custom-<vCPUs>-<memory MiB>[-ext]", name);
		return (-1);
	}
	if (strcmp(s->name, "e2") == 0 && (strcmp(tok[at + 1], "micro") == 0 ||
	    strcmp(tok[at + 1], "small") == 0 ||
	    strcmp(tok[at + 1], "medium") == 0)) {
		cpus = 2;
		shared = true;
	} else if (!decimal(tok[at + 1], CUSTOM_VCPUS_MAX, &cpus)) {
		snprintf(err, errlen, "custom machine type '%s': vCPUs '%s' "
		    "must be a whole number from 1 to %d", name, tok[at + 1],
		    CUSTOM_VCPUS_MAX);
		return (-1);
	}
	if (!decimal(tok[at + 2], 1UL << 30, &mem)) {
		snprintf(err, errlen, "custom machine type '%s': memory '%s' "
		    "must be a whole number of MiB", name, tok[at + 2]);
		return (-1);
	}
	fill(it, name, s, (unsigned int)cpus);
	it->custom = true;
	provenance_set(&it->vcpus_from, BASIS_CONFIRMED, "custom type names "
	    "carry their vCPUs (%s)", SRC_NAMES);
	it->shared_core = shared;
	if (shared)
		snprintf(it->vcpus_rule, sizeof(it->vcpus_rule), "custom "
		    "shared-core %s type reports 2 vCPUs", tok[at + 1]);
	else
		snprintf(it->vcpus_rule, sizeof(it->vcpus_rule), "custom "
		    "type: %s vCPUs from the name", tok[at + 1]);
	nic_limit(it, false);
	return (0);
}

int
gcp_machine_type_lookup(const char *name, struct instance_type *it,
    char *err, size_t errlen)
{
	const struct series	*s;
	const struct predefined	*pd = NULL;
	char			 buf[INSTANCE_TYPE_NAME_MAX], *tok[TOKENS_MAX];
	char			 list[SIZES_TEXT_MAX * 2];
	unsigned long		 n;
	size_t			 i, len = strlen(name), o;
	int			 ntok = 0;
	bool			 metal = false;

	if (errlen > 0)
		err[0] = '\0';
	if (len == 0 || len >= sizeof(buf)) {
		snprintf(err, errlen, "machine type '%.*s%s' must be 1 to %zu "
		    "characters", 40, name, len > 40 ? "..." : "",
		    sizeof(buf) - 1);
		return (-1);
	}
	for (i = 0; i < len; i++) {
		if ((name[i] < 'a' || name[i] > 'z') &&
		    (name[i] < '0' || name[i] > '9') && name[i] != '-') {
			snprintf(err, errlen, "machine type '%s' may hold only "
			    "a-z, 0-9 and '-'", name);
			return (-1);
		}
	}

	for (i = 0; i < NELEM(shared_core); i++) {
		if (strcmp(name, shared_core[i].name) != 0)
			continue;
		fill(it, name, find_series(shared_core[i].series),
		    shared_core[i].vcpus);
		it->shared_core = true;
		provenance_set(&it->vcpus_from, BASIS_CONFIRMED, "guestCpus "
		    "of a europe-west1-b machineTypes list (kubernetes/"
		    "autoscaler gce test fixtures)");
		snprintf(it->vcpus_rule, sizeof(it->vcpus_rule), "shared-core "
		    "%s reports %u vCPU%s (guestCpus; %s of a core)", name,
		    shared_core[i].vcpus, shared_core[i].vcpus == 1 ? "" : "s",
		    shared_core[i].share);
		nic_limit(it, false);
		return (0);
	}
	for (i = 0; i < NELEM(accelerator); i++) {
		if (strcmp(name, accelerator[i].name) != 0)
			continue;
		fill(it, name, find_series(accelerator[i].series),
		    accelerator[i].vcpus);
		it->accelerators = accelerator[i].gpus;
		provenance_set(&it->vcpus_from, BASIS_GUESS, "accelerator "
		    "table from %s", SRC_FAMILIES);
		snprintf(it->vcpus_rule, sizeof(it->vcpus_rule), "accelerator "
		    "table: %s has %u vCPUs (the suffix counts %u GPU%s)", name,
		    accelerator[i].vcpus, accelerator[i].gpus,
		    accelerator[i].gpus == 1 ? "" : "s");
		nic_limit(it, false);
		return (0);
	}

	for (i = 0, o = 0; i < len; i++)
		if (name[i] == '-')
			o++;
	if (o >= TOKENS_MAX) {
		snprintf(err, errlen, "machine type '%s' has too many parts",
		    name);
		return (-1);
	}
	memcpy(buf, name, len + 1);
	for (char *p = buf; p != NULL;) {
		tok[ntok++] = p;
		if ((p = strchr(p, '-')) != NULL)
			*p++ = '\0';
	}
	for (i = 0; i < (size_t)ntok; i++) {
		if (tok[i][0] == '\0') {
			snprintf(err, errlen, "machine type '%s' has an empty "
			    "part", name);
			return (-1);
		}
	}
	if (strcmp(tok[0], "custom") == 0)
		return (parse_custom(name, tok, ntok, 0, it, err, errlen));
	if (ntok > 1 && strcmp(tok[1], "custom") == 0)
		return (parse_custom(name, tok, ntok, 1, it, err, errlen));

	if ((s = find_series(tok[0])) == NULL) {
		snprintf(err, errlen, "unknown machine series '%s' in '%s'",
		    tok[0], name);
		return (1);
	}
	if (s->accelerator) {
		snprintf(err, errlen, "%s is not a known %s type (its suffix "
		    "counts GPUs, so the vCPUs come from a table)", name,
		    s->name);
		return (1);
	}
	if (ntok < 3 || ntok > 4) {
		snprintf(err, errlen, "machine type '%s': expected "
		    "<series>-<type>-<vCPUs>[-<suffix>]", name);
		return (-1);
	}
	o = 0;
	list[0] = '\0';
	for (i = 0; i < NELEM(predefined); i++) {
		if (strcmp(predefined[i].series, s->name) != 0)
			continue;
		if (strcmp(predefined[i].type, tok[1]) == 0)
			pd = &predefined[i];
		if (o < sizeof(list))
			o += (size_t)snprintf(list + o, sizeof(list) - o,
			    "%s%s", o ? ", " : "", predefined[i].type);
	}
	if (pd == NULL) {
		snprintf(err, errlen, "%s has no type '%s' (types: %s)",
		    s->name, tok[1], list[0] ? list : "none");
		return (1);
	}
	if (!decimal(tok[2], 100000, &n)) {
		snprintf(err, errlen, "machine type '%s': '%s' is not a vCPU "
		    "count", name, tok[2]);
		return (-1);
	}
	if (ntok == 4) {
		for (i = 0; suffixes[i] != NULL; i++)
			if (strcmp(suffixes[i], tok[3]) == 0)
				break;
		if (suffixes[i] == NULL) {
			snprintf(err, errlen, "machine type '%s': unknown "
			    "suffix '%s' (lssd, highlssd, standardlssd, "
			    "metal)", name, tok[3]);
			return (1);
		}
		metal = strcmp(tok[3], "metal") == 0;
	}
	/* Bare-metal sizes (c3-highcpu-192-metal) are not in the lists. */
	if (!metal && pd->sizes[0] != '\0' && !size_listed(pd->sizes, n)) {
		list_sizes(pd->sizes, list, sizeof(list));
		snprintf(err, errlen, "%s-%s has no size %lu (sizes: %s)",
		    s->name, pd->type, n, list);
		return (1);
	}
	fill(it, name, s, (unsigned int)n);
	if (pd->confirmed)
		provenance_set(&it->vcpus_from, BASIS_CONFIRMED, "%s-%s sizes "
		    "from %s", s->name, pd->type, SRC_SIZES);
	else
		provenance_set(&it->vcpus_from, BASIS_DERIVED, "%s-%s sizes "
		    "from %s", s->name, pd->type, SRC_FAMILIES);
	if (metal) {
		it->bare_metal = true;
		set_nics(it, s, true);
	}
	snprintf(it->vcpus_rule, sizeof(it->vcpus_rule), "number after the "
	    "type in %s", name);
	nic_limit(it, false);
	return (0);
}

int
gcp_machine_type_foreach(instance_type_fn fn, void *arg)
{
	struct instance_type	 it;
	char			 name[INSTANCE_TYPE_NAME_MAX], e[8];
	const char		*p;
	char			*end;
	unsigned long		 n;
	size_t			 i;
	int			 rc;

	for (i = 0; i < NELEM(shared_core); i++) {
		gcp_machine_type_lookup(shared_core[i].name, &it, e, sizeof(e));
		if ((rc = fn(&it, arg)) != 0)
			return (rc);
	}
	for (i = 0; i < NELEM(predefined); i++) {
		for (p = predefined[i].sizes; *p != '\0'; p = end) {
			n = strtoul(p, &end, 10);
			while (*end == ' ')
				end++;
			snprintf(name, sizeof(name), "%s-%s-%lu",
			    predefined[i].series, predefined[i].type, n);
			if (gcp_machine_type_lookup(name, &it, e,
			    sizeof(e)) != 0)
				continue;
			if ((rc = fn(&it, arg)) != 0)
				return (rc);
		}
	}
	for (i = 0; i < NELEM(accelerator); i++) {
		gcp_machine_type_lookup(accelerator[i].name, &it, e, sizeof(e));
		if ((rc = fn(&it, arg)) != 0)
			return (rc);
	}
	return (0);
}

int
gcp_machine_type_from_json(const json_t *obj, struct instance_type *it,
    char *err, size_t errlen)
{
	static const struct series unknown = { "", 0, false, false, false };
	const struct series	*s;
	const char		*name;
	json_t			*v, *acc, *a;
	json_int_t		 cpus;
	char			 first[16];
	size_t			 i, n;

	if (!json_is_object(obj)) {
		snprintf(err, errlen, "machine type is not a JSON object");
		return (-1);
	}
	if (!json_is_string(v = json_object_get(obj, "name")) ||
	    (name = json_string_value(v))[0] == '\0' ||
	    strlen(name) >= INSTANCE_TYPE_NAME_MAX) {
		snprintf(err, errlen, "machine type object: member 'name' "
		    "missing or not a string of 1 to %d characters",
		    INSTANCE_TYPE_NAME_MAX - 1);
		return (-1);
	}
	v = json_object_get(obj, "guestCpus");
	if (!json_is_integer(v) || (cpus = json_integer_value(v)) < 1 ||
	    cpus > 100000) {
		snprintf(err, errlen, "machine type '%s': member 'guestCpus' "
		    "missing or not an integer from 1 to 100000", name);
		return (-1);
	}
	n = strcspn(name, "-");
	snprintf(first, sizeof(first), "%.*s", (int)(n < 15 ? n : 15), name);
	if ((s = find_series(first)) == NULL)
		s = &unknown;
	fill(it, name, s, (unsigned int)cpus);
	provenance_set(&it->vcpus_from, BASIS_PUBLISHED, "catalog file: "
	    "guestCpus");
	snprintf(it->family, sizeof(it->family), "%s", first);
	if (s == &unknown) {
		set_nics(it, NULL, false);
		it->generation = 0;
	}
	if (strstr(name, "-metal") != NULL) {
		it->bare_metal = true;
		set_nics(it, s, true);
	}
	it->shared_core = json_is_true(json_object_get(obj, "isSharedCpu"));
	it->custom = strstr(name, "custom") != NULL;
	acc = json_object_get(obj, "accelerators");
	json_array_foreach(acc, i, a) {
		v = json_object_get(a, "guestAcceleratorCount");
		if (json_is_integer(v) && json_integer_value(v) > 0)
			it->accelerators += (unsigned int)json_integer_value(v);
	}
	snprintf(it->vcpus_rule, sizeof(it->vcpus_rule), "guestCpus in the "
	    "catalog file");
	snprintf(it->source, sizeof(it->source), "catalog file");
	nic_limit(it, true);
	return (0);
}
