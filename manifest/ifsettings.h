/*
 * The per-interface settings Nanos reads for an interface from somewhere
 * other than the interface's own ManifestPassthrough tuple: what an enN
 * tuple in ManifestPassthrough hides.  apply (manifest/merge.c) carries
 * them into the tuples it writes and validate (manifest/validate.c)
 * reports those a tuple hides; both ask this one module, so that they
 * cannot disagree.
 *
 * How ops builds the manifest (nanovms/ops bb2d9ce, lepton/image.go
 * BuildManifest(), ~l.420-456; fs/manifest.go AddNetworkConfig(), l.45-49,
 * AddPassthrough(), ~l.417):
 *
 *  0. on loading the config, RunConfig.IPAddress, NetMask and Gateway
 *     that Go's net.ParseIP() refuses become "" (cmd/flags_config.go
 *     ConvertJSONToConfig(), l.77-87);
 *  1. if RunConfig.IPAddress or RunConfig.IPv6Address is not "": root
 *     ipaddr, netmask, gateway, ip6addr from RunConfig's IPAddress,
 *     NetMask, Gateway, IPv6Address (all four, empty ones too);
 *  2. RunConfig.Nics[0], if there is one: root ipaddr, netmask, gateway
 *     from its IPAddress, NetMask, Gateway, and ip6addr "" (so it
 *     overrides step 1 even where its own values are empty);
 *     Nics[i], i >= 1: a tuple en(i+1) of ipaddr, netmask, gateway
 *     (Nics[i].IPv6Address is not used);
 *  3. every ManifestPassthrough member last, as root[key] = value: a
 *     shallow overwrite, so a root ipaddr, mtu, ... there wins over steps
 *     1-2 and a passthrough enN replaces the tuple of step 2 whole.
 *
 * The package path (lepton/image.go BuildPackageManifest(), ~l.189-255,
 * setManifestFromConfig() ~l.370) does steps 1 and 3 but not 2.
 *
 * How Nanos reads them (nanovms/nanos b9c3671, src/net/net.c
 * init_network_iface()): for interface enN the tuple enN; only for en1,
 * and only when there is no en1 tuple, the root.  From it: ipaddr,
 * netmask, gateway, ip6addr, mtu, default, exec_wait_for_ip4_secs,
 * exec_wait_for_ip6_secs (and virtio-net's io-queues, which apply plans
 * itself).  So the root values are what en1 reads without a tuple, and
 * Nics[i]'s values what en(i+1) reads without a passthrough tuple.
 *
 * Left out: values that are not JSON strings (ops refuses numbers,
 * booleans and null there; validate's schema checks say so), and empty
 * strings, which Nanos reads as no value (an address "" does not parse:
 * get_config_addr(), get_static_ip6_config(); an mtu or wait "" is not a
 * number), except for default, whose mere presence counts.
 */
#ifndef MANIFEST_IFSETTINGS_H
#define MANIFEST_IFSETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "manifest/manifest.h"

/* The keys Nanos reads per interface, in the order they are reported. */
enum ifkey {
	IFKEY_IPADDR,
	IFKEY_NETMASK,
	IFKEY_GATEWAY,
	IFKEY_IP6ADDR,
	IFKEY_MTU,
	IFKEY_DEFAULT,
	IFKEY_WAIT4,
	IFKEY_WAIT6,
	IFKEY_COUNT
};

/* Longest source: "RunConfig.Nics[4294967295].IPAddress". */
#define IFSETTING_SOURCE_MAX	48

/* One setting an interface reads from outside its passthrough tuple. */
struct ifsetting {
	enum ifkey	 k;
	const char	*key;		/* the manifest key: "ipaddr", ... */
	char		 source[IFSETTING_SOURCE_MAX];	/* "RunConfig.IPAddress" */
	uint32_t	 node;		/* its string value in the text */
};

/*
 * Where the settings come from in one config, found once (each lookup
 * folds case over a struct's members, as Go decodes them), so that asking
 * for many interfaces costs time linear in the config.
 */
struct ifsettings {
	const struct manifest	*m;
	uint32_t		 ip, ip6, mask, gw;	/* RunConfig's */
	uint32_t		 nics;	/* RunConfig.Nics, an array, or none */
	uint32_t		 root[IFKEY_COUNT];	/* ManifestPassthrough's */
};

/* Finds the sources in m, which must outlive *s. */
void		 ifsettings_init(struct ifsettings *s,
		    const struct manifest *m);

/*
 * Fills out (IFKEY_COUNT entries) with the settings Nanos reads for
 * interface idx (1 for en1) from outside a ManifestPassthrough enN tuple,
 * in enum ifkey order.  Returns how many, or -1 when memory runs out.
 */
int		 ifsettings_get(const struct ifsettings *s, unsigned long idx,
		    struct ifsetting *out);

/*
 * Why a tuple for interface idx hides the settings ifsettings_get()
 * gives, in words for a message.
 */
const char	*ifsettings_why(unsigned long idx);

/*
 * Whether Go's net.ParseIP() accepts s (len bytes): ops empties a
 * RunConfig.IPAddress, NetMask or Gateway it refuses when it loads the
 * config (nanovms/ops bb2d9ce, cmd/flags_config.go l.77-87).
 */
bool		 ifsettings_parseip(const char *s, size_t len);

/* The manifest key of k: "ipaddr", ... */
const char	*ifsettings_key(enum ifkey k);

/*
 * N for an interface key "enN" as Nanos names interfaces (en1, en2, ...;
 * no leading zero), else 0.
 */
unsigned long	 ifsettings_index(const char *key);

#endif /* MANIFEST_IFSETTINGS_H */
