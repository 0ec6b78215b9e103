/*
 * QEMU's fw_cfg through its traditional port interface: write a key to
 * the selector, then read the item a byte at a time.  Slow (one exit per
 * byte under KVM) but the guest reads a few kilobytes once.  Numbers in
 * the file directory are big-endian; NB_CPUS is little-endian.
 */
#include "guest.h"
#include "x86.h"

#define FW_CFG_SEL	0x510
#define FW_CFG_DATA	0x511

#define KEY_SIGNATURE	0x00
#define KEY_NB_CPUS	0x05
#define KEY_FILE_DIR	0x19

#define FILE_NAME_LEN	56

static void
fwcfg_select(uint16_t key)
{
	outw(FW_CFG_SEL, key);
}

static void
fwcfg_bytes(void *buf, size_t len)
{
	uint8_t	*p = buf;

	while (len-- > 0)
		*p++ = inb(FW_CFG_DATA);
}

static uint32_t
be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

bool
fwcfg_present(void)
{
	char	sig[4];

	fwcfg_select(KEY_SIGNATURE);
	fwcfg_bytes(sig, sizeof(sig));
	return (memcmp(sig, "QEMU", 4) == 0);
}

uint16_t
fwcfg_cpu_count(void)
{
	uint8_t	b[2];

	fwcfg_select(KEY_NB_CPUS);
	fwcfg_bytes(b, sizeof(b));
	return ((uint16_t)(b[0] | b[1] << 8));
}

/*
 * Looks name up in the file directory and reads up to len bytes of it.
 * The directory is read entry by entry, and the item re-selected after,
 * because selecting restarts the data offset.
 */
long
fwcfg_read_file(const char *name, void *buf, size_t len)
{
	uint8_t		cnt[4], ent[8];
	char		fname[FILE_NAME_LEN];
	uint32_t	count, i, size;
	uint16_t	key;

	if (!fwcfg_present())
		return (-1);
	fwcfg_select(KEY_FILE_DIR);
	fwcfg_bytes(cnt, sizeof(cnt));
	count = be32(cnt);
	for (i = 0; i < count && i < 4096; i++) {
		fwcfg_bytes(ent, sizeof(ent));	/* size, select, reserved */
		fwcfg_bytes(fname, sizeof(fname));
		fname[FILE_NAME_LEN - 1] = '\0';
		if (strcmp(fname, name) != 0)
			continue;
		size = be32(ent);
		key = (uint16_t)(ent[4] << 8 | ent[5]);
		fwcfg_select(key);
		fwcfg_bytes(buf, size < len ? size : len);
		return ((long)size);
	}
	return (-1);
}
