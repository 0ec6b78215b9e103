/*
 * The PCI function: its configuration space with the virtio and MSI-X
 * capabilities, its two BARs, and the HAL's hal_pci_* and hal_mmio_*,
 * which decode an access down to the BAR and region it hits.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/vdev/vdev_impl.h"

/* struct virtio_pci_cap fields, relative to the capability. */
#define VCAP_BAR		4u
#define VCAP_OFFSET		8u
#define VCAP_LENGTH		12u
#define VCAP_MULT		16u	/* NOTIFY */
#define VCAP_DATA		16u	/* PCI_CFG */

#define PCICFG_DATA		(VDEV_CAP_PCICFG + VCAP_DATA)

static size_t
pow2_at_least(size_t n, size_t min)
{
	size_t	s = min;

	while (s < n)
		s <<= 1;
	return (s);
}

static void
cfg16(struct vdev *vd, unsigned off, uint16_t v)
{
	vdev_put16(&vd->cfg[off], v);
}

static void
cfg32(struct vdev *vd, unsigned off, uint32_t v)
{
	vdev_put32(&vd->cfg[off], v);
}

static void
vendor_cap(struct vdev *vd, unsigned at, unsigned next, unsigned len,
    unsigned type, uint32_t offset, uint32_t length)
{
	vd->cfg[at] = 0x09;
	vd->cfg[at + 1] = (uint8_t)next;
	vd->cfg[at + 2] = (uint8_t)len;
	vd->cfg[at + 3] = (uint8_t)type;
	vd->cfg[at + VCAP_BAR] = 4;
	cfg32(vd, at + VCAP_OFFSET, offset);
	cfg32(vd, at + VCAP_LENGTH, length);
}

static int
bar_alloc(struct vdev_bar *b, uint64_t addr, size_t size)
{
	b->addr = addr;
	b->size = size;
	/* Never read as data; it gives hal_mmio_map real addresses. */
	if ((b->mem = calloc(1, size)) == NULL)
		return (-1);
	return (0);
}

int
vdev_pci_init(struct vdev *vd)
{
	uint32_t	notify_len, common_len, pba_len;
	uint64_t	a4;

	/* BAR1: the MSI-X table, then the PBA where QEMU puts it. */
	vd->pba_off = (16 * vd->nvec + 0x7FF) & ~0x7FFu;
	pba_len = (vd->nvec + 63) / 64 * 8;
	if (bar_alloc(&vd->bar1, VDEV_BAR1_ADDR,
	    pow2_at_least(vd->pba_off + pba_len, 0x1000)) == -1)
		return (-1);

	/* BAR4: four regions, the notify one as long as the queues need. */
	notify_len = VDEV_NOTIFY_MULT * vd->nq;
	a4 = vd->k.bar_high ? VDEV_BAR4_ADDR_HIGH : VDEV_BAR4_ADDR;
	if (bar_alloc(&vd->bar4, a4,
	    pow2_at_least(VDEV_NOTIFY_OFF + notify_len, 0x4000)) == -1)
		return (-1);

	cfg16(vd, 0x00, 0x1AF4);
	cfg16(vd, 0x02, vd->k.device_id);
	cfg16(vd, 0x06, 0x0010);		/* capability list */
	vd->cfg[0x08] = vd->k.device_id == 0x1000 ? 0 : 1;
	vd->cfg[0x0B] = 0x02;			/* network, ethernet */
	cfg32(vd, 0x14, (uint32_t)vd->bar1.addr);
	cfg32(vd, 0x20, (uint32_t)vd->bar4.addr | 0x0C); /* 64-bit, prefetch */
	cfg32(vd, 0x24, (uint32_t)(vd->bar4.addr >> 32));
	cfg16(vd, 0x2C, 0x1AF4);
	cfg16(vd, 0x2E, 1);
	vd->cfg[0x34] = VDEV_CAP_COMMON;
	vd->cfg[0x3D] = 1;			/* INTA */

	common_len = (vd->offered & (VF_NOTIF_CONFIG_DATA | VF_RING_RESET)) ?
	    0x3C : 0x38;
	vendor_cap(vd, VDEV_CAP_COMMON, VDEV_CAP_ISR, 16, 1, VDEV_COMMON_OFF,
	    common_len);
	vendor_cap(vd, VDEV_CAP_ISR, VDEV_CAP_DEVICE, 16, 3, VDEV_ISR_OFF, 1);
	vendor_cap(vd, VDEV_CAP_DEVICE, VDEV_CAP_NOTIFY, 16, 4,
	    VDEV_DEVICE_OFF, VDEV_REGION_LEN);
	vendor_cap(vd, VDEV_CAP_NOTIFY, VDEV_CAP_PCICFG, 20, 2,
	    VDEV_NOTIFY_OFF, notify_len);
	cfg32(vd, VDEV_CAP_NOTIFY + VCAP_MULT, VDEV_NOTIFY_MULT);
	vendor_cap(vd, VDEV_CAP_PCICFG, VDEV_CAP_MSIX, 20, 5, 0, 0);
	vd->cfg[VDEV_CAP_PCICFG + VCAP_BAR] = 0;

	vd->cfg[VDEV_CAP_MSIX] = 0x11;
	vd->cfg[VDEV_CAP_MSIX + 1] = 0;
	cfg16(vd, VDEV_CAP_MSIX + 2, (uint16_t)(vd->nvec - 1));
	cfg32(vd, VDEV_CAP_MSIX + 4, 0 | 1);		/* BIR 1 */
	cfg32(vd, VDEV_CAP_MSIX + 8, vd->pba_off | 1);

	/* Writable: command MEMORY, MASTER, INTX_DISABLE. */
	vd->wmask[0x04] = 0x06;
	vd->wmask[0x05] = 0x04;
	/* PCI_CFG window: bar, offset, length (data is handled apart). */
	vd->wmask[VDEV_CAP_PCICFG + VCAP_BAR] = 0xFF;
	memset(&vd->wmask[VDEV_CAP_PCICFG + VCAP_OFFSET], 0xFF, 8);
	/* MSI-X message control: function mask and enable. */
	vd->wmask[VDEV_CAP_MSIX + 3] = 0xC0;
	return (0);
}

void
vdev_pci_fini(struct vdev *vd)
{
	free(vd->bar1.mem);
	free(vd->bar4.mem);
}

uint16_t
vdev_command(const struct vdev *vd)
{
	return (vdev_get16(&vd->cfg[0x04]));
}

static uint32_t
ones(unsigned width)
{
	return (width == 4 ? 0xFFFFFFFFu : (1u << (8 * width)) - 1);
}

/* One access to BAR barno at off, below the decoding of the pointer. */
static void
bar_access(struct vdev *vd, unsigned barno, uint32_t off, unsigned width,
    bool write, uint32_t *val)
{
	if (off % width != 0) {
		vdev_fail(vd, "misaligned %u-byte access at BAR%u+0x%x",
		    width, barno, off);
		return;
	}
	if (barno == 1)
		vdev_msix_access(vd, off, width, write, val);
	else
		vdev_virtio_access(vd, off, width, write, val);
}

/*
 * VIRTIO_PCI_CAP_PCI_CFG: an access to pci_cfg_data is an access of
 * cap.length bytes to cap.bar at cap.offset.  Anything the spec leaves
 * undefined (another BAR, a length not 1, 2 or 4) reads 0 and writes
 * nothing, as in QEMU.
 */
static void
pcicfg_window(struct vdev *vd, bool write, uint32_t *val)
{
	const uint8_t	*cap = &vd->cfg[VDEV_CAP_PCICFG];
	unsigned	 bar = cap[VCAP_BAR];
	uint32_t	 off = vdev_get32(cap + VCAP_OFFSET);
	uint32_t	 len = vdev_get32(cap + VCAP_LENGTH);
	struct vdev_bar	*b = bar == 1 ? &vd->bar1 : bar == 4 ? &vd->bar4 :
			    NULL;
	uint32_t	 v;

	if (b == NULL || (len != 1 && len != 2 && len != 4) ||
	    off > b->size - len) {
		if (!write)
			*val = 0;
		return;
	}
	v = write ? *val & ones(len) : ones(len);
	bar_access(vd, bar, off, len, write, &v);
	if (!write)
		*val = v & ones(len);
}

static void
pci_check(const char *fn, uint16_t off, unsigned width)
{
	if ((width != 1 && width != 2 && width != 4) || off % width != 0 ||
	    off + width > 256)
		vdev_die("%s: width %u at 0x%x", fn, width, off);
}

uint32_t
hal_pci_read(hal_pci_t pci, uint16_t off, unsigned width)
{
	struct vdev	*vd = vdev_by_pci(pci);
	uint32_t	 v = 0;
	unsigned	 i;

	pci_check("hal_pci_read", off, width);
	if (vd == NULL)
		return (ones(width));
	if (off == PCICFG_DATA) {
		vdev_enter(vd);
		pcicfg_window(vd, false, &v);
		vdev_leave(vd);
		return (v & ones(width));
	}
	for (i = 0; i < width; i++)
		v |= (uint32_t)vd->cfg[off + i] << (8 * i);
	return (v);
}

void
hal_pci_write(hal_pci_t pci, uint16_t off, unsigned width, uint32_t val)
{
	struct vdev	*vd = vdev_by_pci(pci);
	uint8_t		 msixctl, b;
	unsigned	 i;

	pci_check("hal_pci_write", off, width);
	if (vd == NULL)
		return;
	vdev_enter(vd);
	if (off == PCICFG_DATA) {
		pcicfg_window(vd, true, &val);
		goto out;
	}
	msixctl = vd->cfg[VDEV_CAP_MSIX + 3];
	for (i = 0; i < width; i++) {
		b = (uint8_t)(val >> (8 * i));
		vd->cfg[off + i] = (uint8_t)((vd->cfg[off + i] &
		    ~vd->wmask[off + i]) | (b & vd->wmask[off + i]));
	}
	if (vd->cfg[VDEV_CAP_MSIX + 3] != msixctl)
		vdev_msix_control_changed(vd);
out:
	vdev_leave(vd);
}

volatile void *
hal_mmio_map(uint64_t phys, size_t len)
{
	struct vdev	*vd = vdev_cur;
	struct vdev_bar	*b;
	int		 i;

	if (vd == NULL)
		return (NULL);
	for (i = 0; i < 2; i++) {
		b = i == 0 ? &vd->bar1 : &vd->bar4;
		if (phys >= b->addr && len <= b->size &&
		    phys - b->addr <= b->size - len)
			return (b->mem + (phys - b->addr));
	}
	return (NULL);
}

/*
 * A pointer the driver passes to hal_mmio_* must come from hal_mmio_map:
 * anything else would be a wild access on a real machine, so abort.
 */
static void
mmio(const char *fn, const volatile void *p, unsigned width, bool write,
    uint32_t *val)
{
	struct vdev	*vd;
	struct vdev_bar	*b = NULL;
	uintptr_t	 a = (uintptr_t)p, base = 0;
	unsigned	 barno = 0;
	uint32_t	 v;

	/* The BAR the pointer is in says which device it is. */
	(void)vdev_need(fn);
	for (vd = vdev_all; vd != NULL; vd = vd->next) {
		b = &vd->bar1;
		barno = 1;
		base = (uintptr_t)b->mem;
		if (a >= base && a - base < b->size)
			break;
		b = &vd->bar4;
		barno = 4;
		base = (uintptr_t)b->mem;
		if (a >= base && a - base < b->size)
			break;
	}
	if (vd == NULL)
		vdev_die("%s(%p): not in a mapped BAR", fn, p);
	if (a - base + width > b->size)
		vdev_die("%s(%p): runs past the end of BAR%u", fn, p, barno);

	v = write ? *val : ones(width);
	vdev_enter(vd);
	if (!(vdev_command(vd) & PCI_CMD_MEMORY))
		vdev_fail(vd, "%s at BAR%u+0x%zx with memory decoding "
		    "disabled (command 0x%04x)", fn, barno,
		    (size_t)(a - base), vdev_command(vd));
	else
		bar_access(vd, barno, (uint32_t)(a - base), width, write, &v);
	vdev_leave(vd);
	if (!write)
		*val = v & ones(width);
}

uint8_t
hal_mmio_read8(const volatile void *p)
{
	uint32_t	v;

	mmio("hal_mmio_read8", p, 1, false, &v);
	return ((uint8_t)v);
}

uint16_t
hal_mmio_read16(const volatile void *p)
{
	uint32_t	v;

	mmio("hal_mmio_read16", p, 2, false, &v);
	return ((uint16_t)v);
}

uint32_t
hal_mmio_read32(const volatile void *p)
{
	uint32_t	v;

	mmio("hal_mmio_read32", p, 4, false, &v);
	return (v);
}

/*
 * The pointer is only compared, never written through: the model decodes
 * it like an address on the bus.
 */
void
hal_mmio_write8(volatile void *p, uint8_t v)
{
	uint32_t	w = v;

	mmio("hal_mmio_write8", p, 1, true, &w);
}

void
hal_mmio_write16(volatile void *p, uint16_t v)
{
	uint32_t	w = v;

	mmio("hal_mmio_write16", p, 2, true, &w);
}

void
hal_mmio_write32(volatile void *p, uint32_t v)
{
	uint32_t	w = v;

	mmio("hal_mmio_write32", p, 4, true, &w);
}
