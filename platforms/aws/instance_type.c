/*
 * EC2 instance types: <family>.<size>.  vCPUs follow the size (large 2,
 * xlarge 4, Nxlarge 4N, metal-Nxl 4N) except where the exception table
 * says otherwise; each family's plain .metal size has its count in the
 * family row.  Hypervisor and NIC type per family: cloud-rules.md 2.4;
 * flexible ENA figures: 2.2.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/common.h"
#include "platforms/aws/instance_type.h"

#define SIZE_MAX_LEN	24

/*
 * AWS's instance-type pages, one per category: each lists the vCPUs and
 * the network specifications of every size.  A family row names the page
 * its figures can be checked against.
 */
#define PAGE(p)	"https://docs.aws.amazon.com/ec2/latest/instancetypes/" p
#define GP	PAGE("gp.html")
#define CO	PAGE("co.html")
#define MO	PAGE("mo.html")
#define SO	PAGE("so.html")
#define AC	PAGE("ac.html")
#define HPC	PAGE("hpc.html")
#define PG	PAGE("pg.html")

/* Sources quoted in the reference notes. */
#define SRC_ENA_QUEUES	"AWS EC2 User Guide, ENA queues (docs.aws.amazon." \
			"com/AWSEC2/latest/UserGuide/ena-queues.html)"
#define SRC_T2_MICRO	"aws ec2 describe-instance-types example, t2.micro " \
			"DefaultVCpus 1 (docs.aws.amazon.com/cli/latest/" \
			"reference/ec2/describe-instance-types.html)"
#define SRC_NITRO	"AWS EC2 User Guide, Nitro instance types " \
			"(docs.aws.amazon.com/ec2/latest/instancetypes/" \
			"ec2-nitro-instances.html; its mid-2023 list) and " \
			"enhanced networking (docs.aws.amazon.com/AWSEC2/" \
			"latest/UserGuide/enhanced-networking.html: ENA on " \
			"every Nitro type)"
#define SRC_XEN_NICS	"AWS EC2 User Guide, enhanced networking (docs." \
			"aws.amazon.com/AWSEC2/latest/UserGuide/enhanced-" \
			"networking.html): ENA on Xen H1, I3, G3, " \
			"m4.16xlarge, P2, P3, R4; Intel 82599 VF on C3, C4, " \
			"D2, I2, M4, R3; T2 without enhanced networking"

/*
 * Families whose hypervisor and NIC the sources above state: the Nitro
 * list, the Xen lists, and those launched after the Nitro list (which
 * says "everything newer is Nitro").  Any other family's is a guess.
 */
#define NITRO_LISTED	" a1 m5 m5a m5ad m5d m5dn m5n m5zn m6a m6g m6gd " \
	"m6i m6id m6idn m6in m7g t3 t3a t4g c5 c5a c5ad c5d c5n c6a c6g " \
	"c6gd c6gn c6i c6id c6in c7g hpc6a r5 r5a r5ad r5b r5d r5dn r5n " \
	"r6a r6g r6gd r6i r6id r6idn r6in r7g u-3tb1 u-6tb1 u-9tb1 u-12tb1 " \
	"u-18tb1 u-24tb1 x2gd x2idn x2iedn x2iezn z1d hpc6id d3 d3en i3en " \
	"i4g i4i im4gn is4gen dl1 g4ad g4dn g5 g5g inf1 inf2 p3dn p4d trn1 " \
	"trn1n vt1 "
#define NITRO_NEWER	" m7a m7gd m7i m7i-flex m8g c7a c7gd c7gn c7i " \
	"c7i-flex c8g r7a r7gd r7i r7iz r8g hpc7a hpc7g g6 p5 "
#define XEN_LISTED	" h1 i3 g3 p2 p3 r4 c3 c4 d2 i2 m4 r3 t2 "

#define T_SMALL	"nano micro small medium large xlarge 2xlarge"
#define S_M5	"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge " \
		"24xlarge metal"
#define S_M5A	"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge " \
		"24xlarge"
#define S_M6I	"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge " \
		"24xlarge 32xlarge metal"
#define S_M6A	"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge " \
		"24xlarge 32xlarge 48xlarge metal"
#define S_G2	"medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge " \
		"16xlarge metal"
#define S_G4	"medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge " \
		"16xlarge 24xlarge 48xlarge metal-24xl metal-48xl"
#define S_M7I	"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge " \
		"24xlarge 48xlarge metal-24xl metal-48xl"
#define S_M7A	"medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge " \
		"16xlarge 24xlarge 32xlarge 48xlarge metal-48xl"
#define S_FLEX	"large xlarge 2xlarge 4xlarge 8xlarge"
#define S_C5	"large xlarge 2xlarge 4xlarge 9xlarge 12xlarge 18xlarge " \
		"24xlarge metal"
#define S_C5A	"large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge " \
		"24xlarge"
#define S_C5N	"large xlarge 2xlarge 4xlarge 9xlarge 18xlarge metal"

struct family {
	const char	*name;
	const char	*hypervisor;
	const char	*nic;
	const char	*sizes;
	unsigned int	 metal_vcpus;	/* vCPUs of the plain .metal size */
	bool		 confirmed;	/* large .. 8xlarge vCPUs in SRC_ENA_QUEUES */
	int		 flexible_ena;	/* 1, 0, -1 unknown */
	const char	*page;		/* where the family's figures are */
};

static const struct family families[] = {
	/* General purpose. */
	{ "a1", "nitro", "ena", "medium large xlarge 2xlarge 4xlarge metal",
	    16, false, -1, GP },
	{ "m1", "xen", "netfront", "small medium large xlarge", 0, false, -1,
	    PG },
	{ "m2", "xen", "netfront", "xlarge 2xlarge 4xlarge", 0, false, -1, PG },
	{ "m3", "xen", "netfront", "medium large xlarge 2xlarge", 0, false,
	    -1, PG },
	{ "m4", "xen", "ixgbevf", "large xlarge 2xlarge 4xlarge 10xlarge "
	    "16xlarge", 0, false, -1, GP },
	{ "m5", "nitro", "ena", S_M5, 96, false, -1, GP },
	{ "m5a", "nitro", "ena", S_M5A, 0, false, -1, GP },
	{ "m5ad", "nitro", "ena", S_M5A, 0, false, -1, GP },
	{ "m5d", "nitro", "ena", S_M5, 96, false, -1, GP },
	{ "m5dn", "nitro", "ena", S_M5, 96, false, -1, GP },
	{ "m5n", "nitro", "ena", S_M5, 96, false, -1, GP },
	{ "m5zn", "nitro", "ena", "large xlarge 2xlarge 3xlarge 6xlarge "
	    "12xlarge metal", 48, false, -1, GP },
	{ "m6a", "nitro", "ena", S_M6A, 192, false, -1, GP },
	{ "m6g", "nitro", "ena", S_G2, 64, false, -1, GP },
	{ "m6gd", "nitro", "ena", S_G2, 64, false, -1, GP },
	{ "m6i", "nitro", "ena", S_M6I, 128, true, 1, GP },
	{ "m6id", "nitro", "ena", S_M6I, 128, true, 1, GP },
	{ "m6idn", "nitro", "ena", S_M6I, 128, false, -1, GP },
	{ "m6in", "nitro", "ena", S_M6I, 128, false, -1, GP },
	{ "m7a", "nitro", "ena", S_M7A, 0, false, -1, GP },
	{ "m7g", "nitro", "ena", S_G2, 64, false, -1, GP },
	{ "m7gd", "nitro", "ena", S_G2, 64, false, -1, GP },
	{ "m7i", "nitro", "ena", S_M7I, 0, false, -1, GP },
	{ "m7i-flex", "nitro", "ena", S_FLEX, 0, false, -1, GP },
	{ "m8g", "nitro", "ena", S_G4, 0, false, -1, GP },
	{ "t1", "xen", "netfront", "micro", 0, false, -1, PG },
	{ "t2", "xen", "netfront", T_SMALL, 0, false, -1, GP },
	{ "t3", "nitro", "ena", T_SMALL, 0, false, -1, GP },
	{ "t3a", "nitro", "ena", T_SMALL, 0, false, -1, GP },
	{ "t4g", "nitro", "ena", T_SMALL, 0, false, -1, GP },
	{ "mac1", "nitro", "ena", "metal", 12, false, -1, GP },
	{ "mac2", "nitro", "ena", "metal", 8, false, -1, GP },
	/* Compute optimized. */
	{ "c1", "xen", "netfront", "medium xlarge", 0, false, -1, PG },
	{ "c3", "xen", "ixgbevf", "large xlarge 2xlarge 4xlarge 8xlarge", 0,
	    false, -1, PG },
	{ "c4", "xen", "ixgbevf", "large xlarge 2xlarge 4xlarge 8xlarge", 0,
	    false, -1, CO },
	{ "c5", "nitro", "ena", S_C5, 96, false, -1, CO },
	{ "c5a", "nitro", "ena", S_C5A, 0, false, -1, CO },
	{ "c5ad", "nitro", "ena", S_C5A, 0, false, -1, CO },
	{ "c5d", "nitro", "ena", S_C5, 96, false, -1, CO },
	{ "c5n", "nitro", "ena", S_C5N, 72, false, -1, CO },
	{ "c6a", "nitro", "ena", S_M6A, 192, false, -1, CO },
	{ "c6g", "nitro", "ena", S_G2, 64, false, -1, CO },
	{ "c6gd", "nitro", "ena", S_G2, 64, false, -1, CO },
	{ "c6gn", "nitro", "ena", "medium large xlarge 2xlarge 4xlarge "
	    "8xlarge 12xlarge 16xlarge", 0, false, -1, CO },
	{ "c6i", "nitro", "ena", S_M6I, 128, false, -1, CO },
	{ "c6id", "nitro", "ena", S_M6I, 128, false, -1, CO },
	{ "c6in", "nitro", "ena", S_M6I, 128, false, -1, CO },
	{ "c7a", "nitro", "ena", S_M7A, 0, false, -1, CO },
	{ "c7g", "nitro", "ena", S_G2, 64, false, -1, CO },
	{ "c7gd", "nitro", "ena", S_G2, 64, false, -1, CO },
	{ "c7gn", "nitro", "ena", S_G2, 64, false, -1, CO },
	{ "c7i", "nitro", "ena", S_M7I, 0, false, -1, CO },
	{ "c7i-flex", "nitro", "ena", S_FLEX, 0, false, -1, CO },
	{ "c8g", "nitro", "ena", S_G4, 0, false, -1, CO },
	{ "cc2", "xen", "netfront", "8xlarge", 0, false, -1, PG },
	{ "hpc6a", "nitro", "ena", "48xlarge", 0, false, -1, HPC },
	{ "hpc6id", "nitro", "ena", "32xlarge", 0, false, -1, HPC },
	{ "hpc7a", "nitro", "ena", "12xlarge 24xlarge 48xlarge 96xlarge", 0,
	    false, -1, HPC },
	{ "hpc7g", "nitro", "ena", "4xlarge 8xlarge 16xlarge", 0, false, -1,
	    HPC },
	/* Memory optimized. */
	{ "r3", "xen", "ixgbevf", "large xlarge 2xlarge 4xlarge 8xlarge", 0,
	    false, -1, PG },
	{ "r4", "xen", "ena", "large xlarge 2xlarge 4xlarge 8xlarge "
	    "16xlarge", 0, false, -1, MO },
	{ "r5", "nitro", "ena", S_M5, 96, false, -1, MO },
	{ "r5a", "nitro", "ena", S_M5A, 0, false, -1, MO },
	{ "r5ad", "nitro", "ena", S_M5A, 0, false, -1, MO },
	{ "r5b", "nitro", "ena", S_M5, 96, false, -1, MO },
	{ "r5d", "nitro", "ena", S_M5, 96, false, -1, MO },
	{ "r5dn", "nitro", "ena", S_M5, 96, false, -1, MO },
	{ "r5n", "nitro", "ena", S_M5, 96, false, -1, MO },
	{ "r6a", "nitro", "ena", S_M6A, 192, false, -1, MO },
	{ "r6g", "nitro", "ena", S_G2, 64, false, -1, MO },
	{ "r6gd", "nitro", "ena", S_G2, 64, false, -1, MO },
	{ "r6i", "nitro", "ena", S_M6I, 128, false, -1, MO },
	{ "r6id", "nitro", "ena", S_M6I, 128, false, -1, MO },
	{ "r6idn", "nitro", "ena", S_M6I, 128, false, -1, MO },
	{ "r6in", "nitro", "ena", S_M6I, 128, false, -1, MO },
	{ "r7a", "nitro", "ena", S_M7A, 0, false, -1, MO },
	{ "r7g", "nitro", "ena", S_G2, 64, false, -1, MO },
	{ "r7gd", "nitro", "ena", S_G2, 64, false, -1, MO },
	{ "r7i", "nitro", "ena", S_M7I, 0, false, -1, MO },
	{ "r7iz", "nitro", "ena", "large xlarge 2xlarge 4xlarge 8xlarge "
	    "12xlarge 16xlarge 32xlarge metal-16xl metal-32xl", 0, false, -1,
	    MO },
	{ "r8g", "nitro", "ena", S_G4, 0, false, -1, MO },
	{ "x1", "xen", "ena", "16xlarge 32xlarge", 0, false, -1, MO },
	{ "x1e", "xen", "ena", "xlarge 2xlarge 4xlarge 8xlarge 16xlarge "
	    "32xlarge", 0, false, -1, MO },
	{ "x2gd", "nitro", "ena", S_G2, 64, false, -1, MO },
	{ "x2idn", "nitro", "ena", "16xlarge 24xlarge 32xlarge metal", 128,
	    false, -1, MO },
	{ "x2iedn", "nitro", "ena", "xlarge 2xlarge 4xlarge 8xlarge 16xlarge "
	    "24xlarge 32xlarge metal", 128, false, -1, MO },
	{ "x2iezn", "nitro", "ena", "2xlarge 4xlarge 6xlarge 8xlarge "
	    "12xlarge metal", 48, false, -1, MO },
	{ "z1d", "nitro", "ena", "large xlarge 2xlarge 3xlarge 6xlarge "
	    "12xlarge metal", 48, false, -1, MO },
	{ "u-3tb1", "nitro", "ena", "56xlarge", 0, false, -1, MO },
	{ "u-6tb1", "nitro", "ena", "56xlarge 112xlarge metal", 448, false,
	    -1, MO },
	{ "u-9tb1", "nitro", "ena", "112xlarge metal", 448, false, -1, MO },
	{ "u-12tb1", "nitro", "ena", "112xlarge metal", 448, false, -1, MO },
	{ "u-18tb1", "nitro", "ena", "112xlarge metal", 448, false, -1, MO },
	{ "u-24tb1", "nitro", "ena", "112xlarge metal", 448, false, -1, MO },
	/* Storage optimized. */
	{ "d2", "xen", "ixgbevf", "xlarge 2xlarge 4xlarge 8xlarge", 0, false,
	    -1, SO },
	{ "d3", "nitro", "ena", "xlarge 2xlarge 4xlarge 8xlarge", 0, false,
	    -1, SO },
	{ "d3en", "nitro", "ena", "xlarge 2xlarge 4xlarge 6xlarge 8xlarge "
	    "12xlarge", 0, false, -1, SO },
	{ "h1", "xen", "ena", "2xlarge 4xlarge 8xlarge 16xlarge", 0, false,
	    -1, SO },
	{ "i2", "xen", "ixgbevf", "xlarge 2xlarge 4xlarge 8xlarge", 0, false,
	    -1, PG },
	{ "i3", "xen", "ena", "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge "
	    "metal", 72, false, -1, SO },
	{ "i3en", "nitro", "ena", "large xlarge 2xlarge 3xlarge 6xlarge "
	    "12xlarge 24xlarge metal", 96, false, -1, SO },
	{ "i4g", "nitro", "ena", "large xlarge 2xlarge 4xlarge 8xlarge "
	    "16xlarge", 0, false, -1, SO },
	{ "i4i", "nitro", "ena", "large xlarge 2xlarge 4xlarge 8xlarge "
	    "12xlarge 16xlarge 24xlarge 32xlarge metal", 128, false, -1, SO },
	{ "im4gn", "nitro", "ena", "large xlarge 2xlarge 4xlarge 8xlarge "
	    "16xlarge", 0, false, -1, SO },
	{ "is4gen", "nitro", "ena", "medium large xlarge 2xlarge 4xlarge "
	    "8xlarge", 0, false, -1, SO },
	/* Accelerated computing. */
	{ "dl1", "nitro", "ena", "24xlarge", 0, false, -1, AC },
	{ "f1", "xen", "ena", "2xlarge 4xlarge 16xlarge", 0, false, -1, AC },
	{ "g3", "xen", "ena", "4xlarge 8xlarge 16xlarge", 0, false, -1, AC },
	{ "g4ad", "nitro", "ena", "xlarge 2xlarge 4xlarge 8xlarge 16xlarge",
	    0, false, -1, AC },
	{ "g4dn", "nitro", "ena", "xlarge 2xlarge 4xlarge 8xlarge 12xlarge "
	    "16xlarge metal", 96, false, -1, AC },
	{ "g5", "nitro", "ena", "xlarge 2xlarge 4xlarge 8xlarge 12xlarge "
	    "16xlarge 24xlarge 48xlarge", 0, false, -1, AC },
	{ "g5g", "nitro", "ena", "xlarge 2xlarge 4xlarge 8xlarge 16xlarge "
	    "metal", 64, false, -1, AC },
	{ "g6", "nitro", "ena", "xlarge 2xlarge 4xlarge 8xlarge 12xlarge "
	    "16xlarge 24xlarge 48xlarge", 0, false, -1, AC },
	{ "inf1", "nitro", "ena", "xlarge 2xlarge 6xlarge 24xlarge", 0, false,
	    -1, AC },
	{ "inf2", "nitro", "ena", "xlarge 8xlarge 24xlarge 48xlarge", 0,
	    false, -1, AC },
	{ "p2", "xen", "ena", "xlarge 8xlarge 16xlarge", 0, false, -1, AC },
	{ "p3", "xen", "ena", "2xlarge 8xlarge 16xlarge", 0, false, -1, AC },
	{ "p3dn", "nitro", "ena", "24xlarge", 0, false, -1, AC },
	{ "p4d", "nitro", "ena", "24xlarge", 0, false, -1, AC },
	{ "p5", "nitro", "ena", "48xlarge", 0, false, -1, AC },
	{ "trn1", "nitro", "ena", "2xlarge 32xlarge", 0, false, -1, AC },
	{ "trn1n", "nitro", "ena", "32xlarge", 0, false, -1, AC },
	{ "vt1", "nitro", "ena", "3xlarge 6xlarge 24xlarge", 0, false, -1, AC },
};

/* Sizes whose vCPUs the size rule gets wrong. */
static const struct {
	const char	*name;
	unsigned int	 vcpus;
} exceptions[] = {
	{ "t1.micro", 1 },
	{ "t2.nano", 1 }, { "t2.micro", 1 }, { "t2.small", 1 },
	{ "t2.medium", 2 },
	{ "t3.nano", 2 }, { "t3.micro", 2 }, { "t3.small", 2 },
	{ "t3.medium", 2 },
	{ "t3a.nano", 2 }, { "t3a.micro", 2 }, { "t3a.small", 2 },
	{ "t3a.medium", 2 },
	{ "t4g.nano", 2 }, { "t4g.micro", 2 }, { "t4g.small", 2 },
	{ "t4g.medium", 2 },
	{ "m1.small", 1 }, { "c1.medium", 2 }, { "c1.xlarge", 8 },
	{ "m2.xlarge", 2 }, { "m2.2xlarge", 4 }, { "m2.4xlarge", 8 },
	{ "c4.8xlarge", 36 }, { "d2.8xlarge", 36 },
	{ "hpc6a.48xlarge", 96 }, { "hpc6id.32xlarge", 64 },
	{ "hpc7a.12xlarge", 24 }, { "hpc7a.24xlarge", 48 },
	{ "hpc7a.48xlarge", 96 }, { "hpc7a.96xlarge", 192 },
	{ "hpc7g.4xlarge", 64 }, { "hpc7g.8xlarge", 64 },
	{ "hpc7g.16xlarge", 64 },
	{ "m7a.medium", 1 }, { "c7a.medium", 1 }, { "r7a.medium", 1 },
};

/* Types whose NIC differs from their family's. */
static const struct {
	const char	*name;
	const char	*nic;
	const char	*hypervisor;
} nic_exceptions[] = {
	{ "m4.16xlarge", "ena", "xen" },
	{ "i3.metal", "ena", "nitro" },
};

/*
 * ENA queues per interface as AWS's instance-type pages publish them
 * ("ENA queues per interface (Default/Maximum)" in the Network
 * specifications tables).  figures: "size=D" or "size=D/M" words, "*" for
 * every size not named; a single figure is both default and maximum.
 * "size=D/M/I" adds the maximum ENA queues per instance, which the ENA
 * queues guide's table of flexible types gives (all of them on one
 * network card, so it is the card's MaximumEnaQueueCount).
 */
#define ENAQ	"; per instance: docs.aws.amazon.com/AWSEC2/latest/" \
		"UserGuide/ena-queues.html"
#define F_M5N	"large=8 xlarge=8 2xlarge=8 *=32"
#define F_M6IN	"large=2/2 xlarge=4/4 2xlarge=8/8 4xlarge=8/16 8xlarge=16/32 " \
		"12xlarge=16/32 16xlarge=16/32 24xlarge=32/32 32xlarge=32/32 " \
		"metal=32"
#define F_M6I	"large=2/2/6 xlarge=4/4/16 2xlarge=8/8/32 4xlarge=8/16/64 " \
		"8xlarge=8/32/64 12xlarge=8/32/64 16xlarge=8/32/120 " \
		"24xlarge=8/32/120 32xlarge=8/32/120 metal=8"
/* The guide's m6id rows seen here stop at 12xlarge. */
#define F_M6ID	"large=2/2/6 xlarge=4/4/16 2xlarge=8/8/32 4xlarge=8/16/64 " \
		"8xlarge=8/32/64 12xlarge=8/32/64 metal=8 *=8/32"
#define F_M7G	"medium=1 large=2 xlarge=4 *=8"

static const struct ena_row {
	const char	*family;
	const char	*figures;
	const char	*source;
} ena_rows[] = {
	{ "m5", "*=8", GP },
	{ "m5a", "*=8", GP },
	{ "m5ad", "*=8", GP },
	{ "m5d", "*=8", GP },
	{ "m5dn", F_M5N, GP },
	{ "m5n", F_M5N, GP },
	{ "m5zn", F_M5N, GP },
	{ "m6a", "large=2 xlarge=4 *=8", GP },
	{ "m6g", "*=8", GP },
	{ "m6gd", "*=8", GP },
	{ "m6i", F_M6I, GP ENAQ },
	{ "m6id", F_M6ID, GP ENAQ },
	{ "m6idn", F_M6IN, GP },
	{ "m6in", F_M6IN, GP },
	{ "m7a", "medium=1 large=2 xlarge=4 32xlarge=16 48xlarge=16 "
	    "metal-48xl=16 *=8", GP },
	{ "m7g", F_M7G, GP },
	{ "m7gd", F_M7G, GP },
	{ "m7i", "large=2 xlarge=4 48xlarge=16 metal-48xl=16 *=8", GP },
	{ "m7i-flex", "large=1 xlarge=2 *=4", GP },
	{ "m8g", "medium=1 large=2 xlarge=4 48xlarge=16 metal-24xl=32 "
	    "metal-48xl=32 *=8", GP },
	{ "t3", "xlarge=4 2xlarge=8 *=2", GP },
	{ "t3a", "*=8", GP },
	{ "t4g", "xlarge=4 2xlarge=8 *=2", GP },
	{ "mac1", "metal=8", GP },
	{ "mac2", "metal=32", GP },
	/* Quoted in cloud-rules.md 2.0; the other c6in sizes are not. */
	{ "c6in", "32xlarge=32/32", CO },
};

/* What the guess rests on when no figure is published or derivable. */
#define ENA_GUESS_SOURCE "ENA Linux best practices " \
	"(amzn/amzn-drivers ENA_Linux_Best_Practices.rst): 8 per " \
	"interface on most types, 32 on network-accelerated ones"

/*
 * Rows generated from `aws ec2 describe-instance-types` output by
 * tools/aws-rows, in the order it writes their fields.  A type found here
 * is taken from here; ENA figures the output lacked (ena_basis
 * BASIS_NONE) come from ena_rows or the guess, as for the family table.
 */
struct api_row {
	const char	*name;
	unsigned int	 vcpus;
	const char	*hypervisor;
	const char	*nic;
	bool		 bare_metal;
	int		 flexible_ena;
	unsigned int	 max_nics;	/* 0: not in the output */
	unsigned int	 network_cards;	/* NetworkCards[]; 0: none given */
	unsigned int	 card_max_nics;
	unsigned int	 ena_default;
	unsigned int	 ena_max;
	unsigned int	 ena_card_max;
	enum basis	 ena_basis;	/* published, derived or none */
	const char	*ena_fields;	/* the fields ena_default comes from */
};

#include "platforms/aws/api_rows.inc"

static int
api_row_cmp(const void *key, const void *elem)
{
	const struct api_row	*r = elem;

	return (strcmp(key, r->name));
}

static const struct api_row *
find_api_row(const char *name)
{
	return (bsearch(name, api_rows, NELEM(api_rows), sizeof(api_rows[0]),
	    api_row_cmp));
}

/*
 * Network interface limits per type, from a public table generated from
 * DescribeInstanceTypes (tools/eni-limits.sh writes eni_limits.inc): the
 * figure for types the generated rows above leave without one.
 */
struct eni_limit {
	const char	*name;
	unsigned int	 max_nics;	/* NetworkInfo.MaximumNetworkInterfaces */
	unsigned int	 cards;		/* network cards */
	unsigned int	 card_max;	/* most interfaces one card takes */
};

#include "platforms/aws/eni_limits.inc"

static int
eni_limit_cmp(const void *key, const void *elem)
{
	const struct eni_limit	*l = elem;

	return (strcmp(key, l->name));
}

/* Sets the NIC limit of it from eni_limits[], if the type is there. */
static void
eni_figures(struct instance_type *it)
{
	const struct eni_limit	*l;

	l = bsearch(it->name, eni_limits, NELEM(eni_limits),
	    sizeof(eni_limits[0]), eni_limit_cmp);
	if (l == NULL)
		return;
	it->max_nics = l->max_nics;
	it->network_cards = l->cards;
	it->card_max_nics = l->card_max;
	provenance_set(&it->max_nics_from, BASIS_PUBLISHED, "%s: Interface, "
	    "NetworkCards[].MaximumNetworkInterfaces", eni_limits_from);
}

static const struct family *
find_family(const char *name)
{
	size_t	i;

	for (i = 0; i < NELEM(families); i++)
		if (strcmp(families[i].name, name) == 0)
			return (&families[i]);
	return (NULL);
}

static bool
has_size(const struct family *f, const char *size)
{
	const char	*p = f->sizes;
	size_t		 n = strlen(size);

	while ((p = strstr(p, size)) != NULL) {
		if ((p == f->sizes || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return (true);
		p += n;
	}
	return (false);
}

/*
 * The size rule: "large" 2, "xlarge" 4, "<N>xlarge" and "metal-<N>xl" 4N,
 * the smaller sizes 1 (exceptions cover the rest).  Returns 0 and sets
 * *vcpus, or -1 when the size is not of those forms.
 */
static int
size_vcpus(const char *size, unsigned int *vcpus, char *rule, size_t len)
{
	unsigned long	n = 0;
	const char	*p, *tail;

	if (strcmp(size, "nano") == 0 || strcmp(size, "micro") == 0 ||
	    strcmp(size, "small") == 0 || strcmp(size, "medium") == 0) {
		*vcpus = 1;
		snprintf(rule, len, "size %s = 1 vCPU", size);
		return (0);
	}
	if (strcmp(size, "large") == 0) {
		*vcpus = 2;
		snprintf(rule, len, "size large = 2 vCPUs");
		return (0);
	}
	if (strcmp(size, "xlarge") == 0) {
		*vcpus = 4;
		snprintf(rule, len, "size xlarge = 4 vCPUs");
		return (0);
	}
	p = size;
	tail = "xlarge";
	if (strncmp(size, "metal-", 6) == 0) {
		p = size + 6;
		tail = "xl";
	}
	if (*p < '1' || *p > '9')
		return (-1);
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > 1024)
			return (-1);
	}
	if (strcmp(p, tail) != 0)
		return (-1);
	*vcpus = (unsigned int)(4 * n);
	snprintf(rule, len, "size %s = 4 x %lu vCPUs", size, n);
	return (0);
}

static bool
valid_chars(const char *s)
{
	for (; *s != '\0'; s++)
		if ((*s < 'a' || *s > 'z') && (*s < '0' || *s > '9') &&
		    *s != '-' && *s != '.')
			return (false);
	return (true);
}

/*
 * Reads the figure for size from a row's figures; returns 1 and sets *def,
 * *max, *inst (0 when not given) and *flex when the row names the size or
 * has a "*" word, else 0.  AWS's pages give "D/M" for types with flexible
 * ENA queues and a single figure for those without (gp.html, footnote 2).
 */
static int
row_figure(const char *figures, const char *size, unsigned int *def,
    unsigned int *max, unsigned int *inst, int *flex)
{
	const char	*p, *word = NULL, *star = NULL;
	size_t		 n = strlen(size), len;
	unsigned long	 d, m, i = 0;
	char		*end;

	for (p = figures; *p != '\0'; p += len) {
		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (len > n && strncmp(p, size, n) == 0 && p[n] == '=')
			word = p + n + 1;
		else if (strncmp(p, "*=", 2) == 0)
			star = p + 2;
	}
	if (word == NULL && (word = star) == NULL)
		return (0);
	d = strtoul(word, &end, 10);
	m = d;
	*flex = 0;
	if (*end == '/') {
		m = strtoul(end + 1, &end, 10);
		*flex = 1;
	}
	if (*end == '/')
		i = strtoul(end + 1, &end, 10);
	*def = (unsigned int)d;
	*max = (unsigned int)m;
	*inst = (unsigned int)i;
	return (1);
}

/*
 * The ENA queues per interface of an ENA type: AWS's published figure,
 * else the guess.  Catalog data, which can derive a figure, is read by
 * aws_instance_type_from_json().
 */
static void
ena_figures(struct instance_type *it, const char *size)
{
	unsigned int	def, max, inst;
	size_t		i;
	int		flex;
	bool		accel;

	if (it->nics[0] == NULL || strcmp(it->nics[0], "ena") != 0)
		return;
	for (i = 0; i < NELEM(ena_rows); i++) {
		if (strcmp(ena_rows[i].family, it->family) == 0 &&
		    row_figure(ena_rows[i].figures, size, &def, &max, &inst,
		    &flex)) {
			it->ena_default = def;
			it->ena_max = max;
			it->ena_card_max = inst;
			it->flexible_ena = flex;
			provenance_set(&it->ena_from, BASIS_PUBLISHED,
			    "ENA queues per interface: %s", ena_rows[i].source);
			return;
		}
	}
	/*
	 * Network-accelerated by name (an "n" after the generation: c5n,
	 * m6in, r5dn); the published m5n and m5dn rows have 32 from 16 vCPUs
	 * up and 8 below, which the guess follows.
	 */
	accel = strchr(it->family + strcspn(it->family, "0123456789"), 'n') !=
	    NULL && it->vcpus >= 16;
	it->ena_default = accel ? 32 : 8;
	provenance_set(&it->ena_from, BASIS_GUESS, "%s", ENA_GUESS_SOURCE);
}

static bool
listed(const char *list, const char *family)
{
	const char	*p;
	size_t		 n = strlen(family);

	for (p = list; (p = strstr(p, family)) != NULL; p += n)
		if (p[-1] == ' ' && p[n] == ' ')
			return (true);
	return (false);
}

/* Where the hypervisor and NIC of type name, of family f, come from. */
static void
nics_source(struct instance_type *it, const struct family *f,
    const char *name)
{
	if (strcmp(name, "m4.16xlarge") == 0 || (listed(XEN_LISTED, f->name) &&
	    !it->bare_metal))
		provenance_set(&it->nics_from, BASIS_CONFIRMED, "%s",
		    SRC_XEN_NICS);
	else if (listed(NITRO_LISTED, f->name) || it->bare_metal)
		provenance_set(&it->nics_from, BASIS_CONFIRMED, "%s%s",
		    SRC_NITRO, it->bare_metal ? "; every .metal type is Nitro" :
		    "");
	else if (listed(NITRO_NEWER, f->name))
		provenance_set(&it->nics_from, BASIS_DERIVED, "%s launched "
		    "after the Nitro list, which says everything newer is "
		    "Nitro; %s", f->name, SRC_NITRO);
	else
		provenance_set(&it->nics_from, BASIS_GUESS, "%s is in neither "
		    "the Nitro nor the Xen lists of the EC2 User Guide; its "
		    "hypervisor and NIC taken from %s", f->name, f->page);
}

/* Fills *it from a generated row; name's family may be unknown here. */
static void
from_api_row(const struct api_row *r, struct instance_type *it)
{
	struct instance_type	 hand;
	const struct family	*f;
	const char		*size;

	instance_type_init(it);
	snprintf(it->name, sizeof(it->name), "%s", r->name);
	it->platform = "aws";
	snprintf(it->family, sizeof(it->family), "%.*s",
	    (int)strcspn(r->name, "."), r->name);
	size = strchr(r->name, '.') != NULL ? strchr(r->name, '.') + 1 : "";
	it->vcpus = r->vcpus;
	it->hypervisor = strcmp(r->hypervisor, "xen") == 0 ? "xen" : "nitro";
	it->nics[0] = strcmp(r->nic, "ena") == 0 ? "ena" :
	    strcmp(r->nic, "ixgbevf") == 0 ? "ixgbevf" : "netfront";
	it->bare_metal = r->bare_metal;
	it->flexible_ena = r->flexible_ena;
	it->max_nics = r->max_nics;
	snprintf(it->vcpus_rule, sizeof(it->vcpus_rule), "the "
	    "describe-instance-types row of %s", r->name);
	provenance_set(&it->vcpus_from, BASIS_PUBLISHED, "aws ec2 "
	    "describe-instance-types (%s): VCpuInfo.DefaultVCpus",
	    api_rows_from);
	/* The API has no field for the Intel VF: the family table's. */
	f = find_family(it->family);
	if (strcmp(it->nics[0], "ixgbevf") == 0 && f != NULL) {
		instance_type_init(&hand);
		hand.bare_metal = it->bare_metal;
		nics_source(&hand, f, r->name);
		it->nics_from = hand.nics_from;
	} else
		provenance_set(&it->nics_from, BASIS_PUBLISHED, "aws ec2 "
		    "describe-instance-types (%s): NetworkInfo.EnaSupport, "
		    "Hypervisor", api_rows_from);
	it->network_cards = r->network_cards;
	it->card_max_nics = r->card_max_nics;
	if (r->max_nics != 0)
		provenance_set(&it->max_nics_from, BASIS_PUBLISHED, "aws ec2 "
		    "describe-instance-types (%s): NetworkInfo."
		    "MaximumNetworkInterfaces", api_rows_from);
	else
		eni_figures(it);
	if (r->ena_basis != BASIS_NONE && strcmp(it->nics[0], "ena") == 0) {
		it->ena_default = r->ena_default;
		it->ena_max = r->ena_max;
		it->ena_card_max = r->ena_card_max;
		provenance_set(&it->ena_from, r->ena_basis, "aws ec2 "
		    "describe-instance-types (%s): %s", api_rows_from,
		    r->ena_fields);
	} else
		ena_figures(it, size);
	snprintf(it->source, sizeof(it->source), "built-in table "
	    "(describe-instance-types rows)");
}

int
aws_ena_row(size_t i, const char **family, const char **figures,
    const char **source)
{
	if (i >= NELEM(ena_rows))
		return (-1);
	*family = ena_rows[i].family;
	*figures = ena_rows[i].figures;
	*source = ena_rows[i].source;
	return (0);
}

int
aws_instance_type_lookup(const char *name, struct instance_type *it,
    char *err, size_t errlen)
{
	const struct family	*f;
	const struct api_row	*r;
	const char		*dot, *size;
	char			 fam[sizeof(it->family)], rule[80];
	unsigned int		 vcpus = 0;
	size_t			 len = strlen(name), i;

	if (errlen > 0)
		err[0] = '\0';
	if (len == 0 || len >= INSTANCE_TYPE_NAME_MAX || !valid_chars(name)) {
		snprintf(err, errlen, "instance type '%.*s%s' must be 1 to %d "
		    "characters of a-z, 0-9, '-' and '.'", 40, name,
		    len > 40 ? "..." : "", INSTANCE_TYPE_NAME_MAX - 1);
		return (-1);
	}
	if ((r = find_api_row(name)) != NULL) {
		from_api_row(r, it);
		return (0);
	}
	dot = strchr(name, '.');
	if (dot == NULL || dot == name || dot[1] == '\0' ||
	    strchr(dot + 1, '.') != NULL ||
	    (size_t)(dot - name) >= sizeof(fam)) {
		snprintf(err, errlen, "instance type '%s' is not "
		    "<family>.<size>", name);
		return (-1);
	}
	memcpy(fam, name, (size_t)(dot - name));
	fam[dot - name] = '\0';
	size = dot + 1;
	if (strcmp(size, "metal") != 0 &&
	    size_vcpus(size, &vcpus, rule, sizeof(rule)) == -1) {
		snprintf(err, errlen, "instance type '%s': '%s' is not a size "
		    "(nano .. xlarge, <N>xlarge, metal, metal-<N>xl)", name,
		    size);
		return (-1);
	}
	if ((f = find_family(fam)) == NULL) {
		snprintf(err, errlen, "unknown instance family '%s'", fam);
		return (1);
	}
	if (!has_size(f, size)) {
		snprintf(err, errlen, "%s has no size '%s' (sizes: %s)", fam,
		    size, f->sizes);
		return (1);
	}

	instance_type_init(it);
	snprintf(it->name, sizeof(it->name), "%s", name);
	it->platform = "aws";
	snprintf(it->family, sizeof(it->family), "%s", fam);
	it->hypervisor = f->hypervisor;
	it->nics[0] = f->nic;
	it->flexible_ena = f->flexible_ena;
	if (strncmp(size, "metal", 5) == 0) {
		it->bare_metal = true;
		it->hypervisor = "nitro";
	}
	if (vcpus != 0 && f->confirmed && vcpus <= 32)
		provenance_set(&it->vcpus_from, BASIS_CONFIRMED, "%s lists %s "
		    "sizes large to 8xlarge with their vCPUs", SRC_ENA_QUEUES,
		    fam);
	else if (vcpus != 0)
		provenance_set(&it->vcpus_from, BASIS_DERIVED, "size rule, "
		    "which the vCPU column of %s follows for %s", f->page, fam);
	if (strcmp(size, "metal") == 0) {
		vcpus = f->metal_vcpus;
		snprintf(rule, sizeof(rule), "metal table: %s has %u vCPUs",
		    name, vcpus);
		provenance_set(&it->vcpus_from, BASIS_PUBLISHED, "%s, vCPUs of "
		    "%s", f->page, name);
	}
	for (i = 0; i < NELEM(exceptions); i++) {
		if (strcmp(exceptions[i].name, name) == 0) {
			vcpus = exceptions[i].vcpus;
			snprintf(rule, sizeof(rule), "exception table: %s has "
			    "%u vCPU%s", name, vcpus, vcpus == 1 ? "" : "s");
			provenance_set(&it->vcpus_from, BASIS_PUBLISHED, "%s, "
			    "vCPUs of %s", f->page, name);
		}
	}
	if (strcmp(name, "t2.micro") == 0)
		provenance_set(&it->vcpus_from, BASIS_CONFIRMED, "%s",
		    SRC_T2_MICRO);
	for (i = 0; i < NELEM(nic_exceptions); i++) {
		if (strcmp(nic_exceptions[i].name, name) == 0) {
			it->nics[0] = nic_exceptions[i].nic;
			it->hypervisor = nic_exceptions[i].hypervisor;
		}
	}
	if (vcpus == 0) {
		/* A table row lists .metal without its count: a bug here. */
		snprintf(err, errlen, "%s: no vCPU count in the table", name);
		return (1);
	}
	it->vcpus = vcpus;
	snprintf(it->vcpus_rule, sizeof(it->vcpus_rule), "%s", rule);
	nics_source(it, f, name);
	ena_figures(it, size);
	eni_figures(it);
	snprintf(it->source, sizeof(it->source), "built-in table");
	return (0);
}

int
aws_instance_type_foreach(instance_type_fn fn, void *arg)
{
	const struct family	*f;
	struct instance_type	 it;
	char			 name[INSTANCE_TYPE_NAME_MAX];
	char			 size[SIZE_MAX_LEN], e[8];
	const char		*p;
	size_t			 i, n;
	int			 rc;

	for (i = 0; i < NELEM(families); i++) {
		for (p = families[i].sizes; *p != '\0'; p += n) {
			while (*p == ' ')
				p++;
			n = strcspn(p, " ");
			snprintf(size, sizeof(size), "%.*s", (int)n, p);
			snprintf(name, sizeof(name), "%s.%s", families[i].name,
			    size);
			if (aws_instance_type_lookup(name, &it, e,
			    sizeof(e)) != 0)
				continue;
			if ((rc = fn(&it, arg)) != 0)
				return (rc);
		}
	}
	/* Then the generated rows the family table does not have. */
	for (i = 0; i < NELEM(api_rows); i++) {
		n = strcspn(api_rows[i].name, ".");
		snprintf(name, sizeof(name), "%.*s", (int)n, api_rows[i].name);
		p = api_rows[i].name[n] == '.' ? api_rows[i].name + n + 1 : "";
		if ((f = find_family(name)) != NULL && has_size(f, p))
			continue;
		from_api_row(&api_rows[i], &it);
		if ((rc = fn(&it, arg)) != 0)
			return (rc);
	}
	return (0);
}

/* The network card the type's primary ENI sits on. */
static json_t *
default_card(json_t *net)
{
	json_t		*cards, *c;
	json_int_t	 want = 0;
	size_t		 i;

	if (json_is_integer(json_object_get(net, "DefaultNetworkCardIndex")))
		want = json_integer_value(json_object_get(net,
		    "DefaultNetworkCardIndex"));
	cards = json_object_get(net, "NetworkCards");
	json_array_foreach(cards, i, c) {
		if (json_integer_value(json_object_get(c,
		    "NetworkCardIndex")) == want)
			return (c);
	}
	return (json_array_get(cards, 0));
}

static unsigned int
small_count(json_t *v)
{
	json_int_t	n;

	if (!json_is_integer(v) || (n = json_integer_value(v)) < 1 ||
	    n > 65536)
		return (0);
	return ((unsigned int)n);
}

/*
 * A catalog's network cards: how many, the most interfaces one takes, and
 * the ENA queues each takes when every card gives the same figure.
 */
static void
cards_figures(struct instance_type *it, json_t *net)
{
	json_t		*c;
	size_t		 i;
	unsigned int	 n, q, same = 0;

	json_array_foreach(json_object_get(net, "NetworkCards"), i, c) {
		n = small_count(json_object_get(c, "MaximumNetworkInterfaces"));
		if (n > it->card_max_nics)
			it->card_max_nics = n;
		q = small_count(json_object_get(c, "MaximumEnaQueueCount"));
		if (i == 0)
			same = q;
		else if (q != same)
			same = 0;
	}
	it->network_cards = (unsigned int)json_array_size(
	    json_object_get(net, "NetworkCards"));
	it->ena_card_max = same;
}

int
aws_instance_type_from_json(const json_t *obj, struct instance_type *it,
    char *err, size_t errlen)
{
	struct instance_type	 known;
	const char		*name, *s;
	json_t			*v, *net, *card;
	char			 e[8];
	unsigned int		 cpus, total = 0, enis = 0;

	if (!json_is_object(obj)) {
		snprintf(err, errlen, "instance type is not a JSON object");
		return (-1);
	}
	v = json_object_get(obj, "InstanceType");
	if (!json_is_string(v) || (name = json_string_value(v))[0] == '\0' ||
	    strlen(name) >= INSTANCE_TYPE_NAME_MAX) {
		snprintf(err, errlen, "instance type object: member "
		    "'InstanceType' missing or not a string of 1 to %d "
		    "characters", INSTANCE_TYPE_NAME_MAX - 1);
		return (-1);
	}
	v = json_object_get(json_object_get(obj, "VCpuInfo"), "DefaultVCpus");
	if ((cpus = small_count(v)) == 0) {
		snprintf(err, errlen, "instance type '%s': member "
		    "'VCpuInfo.DefaultVCpus' missing or not an integer from 1 "
		    "to 65536", name);
		return (-1);
	}
	instance_type_init(it);
	snprintf(it->name, sizeof(it->name), "%s", name);
	snprintf(it->family, sizeof(it->family), "%.*s",
	    (int)strcspn(name, "."), name);
	it->platform = "aws";
	it->vcpus = cpus;
	s = json_string_value(json_object_get(obj, "Hypervisor"));
	it->hypervisor = s != NULL && strcmp(s, "xen") == 0 ? "xen" : "nitro";
	it->bare_metal = json_is_true(json_object_get(obj, "BareMetal"));

	net = json_object_get(obj, "NetworkInfo");
	s = json_string_value(json_object_get(net, "EnaSupport"));
	provenance_set(&it->nics_from, BASIS_PUBLISHED, "catalog file: "
	    "NetworkInfo.EnaSupport, Hypervisor");
	if (s != NULL && (strcmp(s, "supported") == 0 ||
	    strcmp(s, "required") == 0))
		it->nics[0] = "ena";
	else if (aws_instance_type_lookup(name, &known, e, sizeof(e)) == 0 &&
	    strcmp(known.nics[0], "ixgbevf") == 0) {
		/* The API has no field for SR-IOV VFs: the built-in row. */
		it->nics[0] = "ixgbevf";
		it->nics_from = known.nics_from;
	} else
		it->nics[0] = "netfront";
	s = json_string_value(json_object_get(net, "FlexibleEnaQueuesSupport"));
	if (s != NULL)
		it->flexible_ena = strcmp(s, "supported") == 0;
	it->max_nics = small_count(json_object_get(net,
	    "MaximumNetworkInterfaces"));
	if (it->max_nics != 0)
		provenance_set(&it->max_nics_from, BASIS_PUBLISHED, "catalog "
		    "file: NetworkInfo.MaximumNetworkInterfaces");
	if ((card = default_card(net)) != NULL) {
		it->ena_default = small_count(json_object_get(card,
		    "DefaultEnaQueueCountPerInterface"));
		it->ena_max = small_count(json_object_get(card,
		    "MaximumEnaQueueCountPerInterface"));
		total = small_count(json_object_get(card,
		    "MaximumEnaQueueCount"));
		enis = small_count(json_object_get(card,
		    "MaximumNetworkInterfaces"));
		cards_figures(it, net);
	}
	if (strcmp(it->nics[0], "ena") != 0)
		;
	else if (it->ena_default != 0)
		provenance_set(&it->ena_from, BASIS_PUBLISHED, "catalog file: "
		    "NetworkCards[].DefaultEnaQueueCountPerInterface");
	else if (total != 0 && enis != 0 && total / enis != 0) {
		/* cilium PR 48246: holds for 442 of 530 types, never above. */
		it->ena_default = total / enis;
		provenance_set(&it->ena_from, BASIS_DERIVED, "catalog file: "
		    "floor(MaximumEnaQueueCount %u / MaximumNetworkInterfaces "
		    "%u) (cilium/cilium PR 48246)", total, enis);
	} else if (aws_instance_type_lookup(name, &known, e, sizeof(e)) == 0 &&
	    known.ena_from.basis != BASIS_NONE) {
		/* The catalog says nothing: the built-in figure stands. */
		it->ena_default = known.ena_default;
		if (it->ena_max == 0)
			it->ena_max = known.ena_max;
		it->ena_from = known.ena_from;
	} else {
		it->ena_default = 8;
		provenance_set(&it->ena_from, BASIS_GUESS, "%s",
		    ENA_GUESS_SOURCE);
	}
	snprintf(it->vcpus_rule, sizeof(it->vcpus_rule), "VCpuInfo.DefaultVCpus "
	    "in the catalog file");
	provenance_set(&it->vcpus_from, BASIS_PUBLISHED, "catalog file: "
	    "VCpuInfo.DefaultVCpus");
	snprintf(it->source, sizeof(it->source), "catalog file");
	return (0);
}
