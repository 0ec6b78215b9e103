/*
 * virtio-pci modern transport (driver/virtio_pci.h).  Layouts and rules:
 * virtio 1.2, 4.1.4 "Virtio Structure PCI Capabilities" and 4.1.4.3
 * "Common configuration structure layout".
 */
#include "virtio_pci.h"

/* PCI configuration space. */
#define PCI_COMMAND		0x04
#define  PCI_COMMAND_MEMORY	0x0002
#define  PCI_COMMAND_MASTER	0x0004
#define  PCI_COMMAND_INTX_OFF	0x0400
#define PCI_STATUS		0x06
#define  PCI_STATUS_CAP_LIST	0x0010
#define PCI_BAR0		0x10
#define PCI_CAP_PTR		0x34
#define PCI_CAP_VENDOR		0x09
#define PCI_CAP_MSIX		0x11
#define PCI_MSIX_CTRL		2
#define  PCI_MSIX_CTRL_SIZE	0x07ff
#define  PCI_MSIX_CTRL_MASKALL	0x4000
#define  PCI_MSIX_CTRL_ENABLE	0x8000
#define PCI_MSIX_TABLE		4

/* struct virtio_pci_cap */
#define VIRTIO_CAP_TYPE		3
#define VIRTIO_CAP_BAR		4
#define VIRTIO_CAP_OFFSET	8
#define VIRTIO_CAP_LENGTH	12
#define VIRTIO_CAP_MULT		16
#define VIRTIO_CAP_COMMON	1
#define VIRTIO_CAP_NOTIFY	2
#define VIRTIO_CAP_DEVICE	4

/* struct virtio_pci_common_cfg */
#define CC_DFSELECT		0x00
#define CC_DF			0x04
#define CC_GFSELECT		0x08
#define CC_GF			0x0c
#define CC_MSIX_CONFIG		0x10
#define CC_NUM_QUEUES		0x12
#define CC_STATUS		0x14
#define CC_GENERATION		0x15
#define CC_Q_SELECT		0x16
#define CC_Q_SIZE		0x18
#define CC_Q_MSIX		0x1a
#define CC_Q_ENABLE		0x1c
#define CC_Q_NOFF		0x1e
#define CC_Q_DESCLO		0x20
#define CC_Q_DESCHI		0x24
#define CC_Q_AVAILLO		0x28
#define CC_Q_AVAILHI		0x2c
#define CC_Q_USEDLO		0x30
#define CC_Q_USEDHI		0x34
#define CC_LEN			0x38

/* Capabilities live in the 192 bytes after the standard header. */
#define PCI_CAP_FIRST		0x40
#define PCI_CAP_LAST		0xfc
#define PCI_CAP_WALK_MAX	48

#define RESET_POLLS		100000
/* What is mapped of the notification and device configuration regions. */
#define NOTIFY_MAP_MAX		0x100000
#define DEVICE_MAP_MAX		64
#define MSIX_ENTRY		16

static bool
bar_address(hal_pci_t pci, uint8_t bar, uint64_t *phys)
{
	uint32_t	lo, hi = 0;

	if (bar > 5)
		return (false);
	lo = hal_pci_read(pci, PCI_BAR0 + 4 * bar, 4);
	if (lo & 1)		/* an I/O BAR: modern regions are memory */
		return (false);
	if ((lo & 0x6) == 0x4) {
		if (bar == 5)
			return (false);
		hi = hal_pci_read(pci, PCI_BAR0 + 4 * (bar + 1), 4);
	}
	*phys = ((uint64_t)hi << 32) | (lo & ~0xfu);
	return (*phys != 0);
}

/*
 * Maps the region a capability describes: at least need bytes must be
 * there (the device may describe more than the driver uses, never less),
 * at most want are mapped, and the offset must have the alignment the
 * spec gives the region.
 */
static volatile uint8_t *
map_cap(hal_pci_t pci, uint8_t cap, size_t need, uint64_t want,
    uint32_t align, size_t *mapped)
{
	uint64_t	phys;
	uint32_t	off, length;
	size_t		n;

	if (!bar_address(pci, (uint8_t)hal_pci_read(pci, cap + VIRTIO_CAP_BAR,
	    1), &phys))
		return (0);
	off = hal_pci_read(pci, cap + VIRTIO_CAP_OFFSET, 4);
	length = hal_pci_read(pci, cap + VIRTIO_CAP_LENGTH, 4);
	if (length < need || (off & (align - 1)) != 0 || phys + off < phys)
		return (0);
	n = length < want ? length : (size_t)want;
	if (mapped != 0)
		*mapped = n;
	return (hal_mmio_map(phys + off, n));
}

const char *
virtio_pci_open(struct virtio_pci *vp, hal_pci_t pci)
{
	uint8_t		ptr, id, type;
	uint8_t		common = 0, notify = 0, device = 0;
	uint16_t	cmd, ctrl;
	uint32_t	table;
	uint64_t	phys, want;
	int		n;

	vp->pci = pci;
	vp->common = vp->notify = vp->device = vp->msix_table = 0;
	vp->msix_cap = 0;
	if ((hal_pci_read(pci, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST) == 0)
		return ("no capability list");
	ptr = (uint8_t)hal_pci_read(pci, PCI_CAP_PTR, 1) & 0xfc;
	/* A bounded walk: a looping list must not hang the boot. */
	for (n = 0; ptr != 0 && n < PCI_CAP_WALK_MAX; n++) {
		if (ptr < PCI_CAP_FIRST || ptr > PCI_CAP_LAST)
			return ("capability pointer out of range");
		id = (uint8_t)hal_pci_read(pci, ptr, 1);
		if (id == PCI_CAP_MSIX && vp->msix_cap == 0)
			vp->msix_cap = ptr;
		/* The first capability of each type is the preferred one. */
		if (id == PCI_CAP_VENDOR && ptr + 20 <= 0x100) {
			type = (uint8_t)hal_pci_read(pci, ptr + VIRTIO_CAP_TYPE,
			    1);
			if (type == VIRTIO_CAP_COMMON && common == 0)
				common = ptr;
			else if (type == VIRTIO_CAP_NOTIFY && notify == 0)
				notify = ptr;
			else if (type == VIRTIO_CAP_DEVICE && device == 0)
				device = ptr;
		}
		ptr = (uint8_t)hal_pci_read(pci, ptr + 1, 1) & 0xfc;
	}
	if (common == 0 || notify == 0 || device == 0)
		return ("no virtio-pci modern capabilities");
	if (vp->msix_cap == 0)
		return ("no MSI-X capability");

	cmd = (uint16_t)hal_pci_read(pci, PCI_COMMAND, 2);
	hal_pci_write(pci, PCI_COMMAND, 2, cmd | PCI_COMMAND_MEMORY |
	    PCI_COMMAND_MASTER);

	if ((vp->common = map_cap(pci, common, CC_LEN, CC_LEN, 4, 0)) == 0)
		return ("common configuration region unusable");
	vp->notify_mult = hal_pci_read(pci, notify + VIRTIO_CAP_MULT, 4);
	/* Queue notify offsets are 16-bit: nothing past this is used. */
	want = 0xffffull * vp->notify_mult + 2;
	if (want > NOTIFY_MAP_MAX)
		want = NOTIFY_MAP_MAX;
	if ((vp->notify = map_cap(pci, notify, 2, want, 2,
	    &vp->notify_len)) == 0)
		return ("notification region unusable");
	if ((vp->device = map_cap(pci, device, 6, DEVICE_MAP_MAX, 4,
	    &vp->device_len)) == 0)
		return ("device configuration region unusable");

	ctrl = (uint16_t)hal_pci_read(pci, vp->msix_cap + PCI_MSIX_CTRL, 2);
	vp->msix_vectors = (ctrl & PCI_MSIX_CTRL_SIZE) + 1;
	table = hal_pci_read(pci, vp->msix_cap + PCI_MSIX_TABLE, 4);
	if (!bar_address(pci, table & 7, &phys))
		return ("MSI-X table BAR unusable");
	vp->msix_table = hal_mmio_map(phys + (table & ~7u),
	    (size_t)vp->msix_vectors * MSIX_ENTRY);
	if (vp->msix_table == 0)
		return ("MSI-X table unusable");
	return (0);
}

bool
virtio_pci_reset(struct virtio_pci *vp)
{
	int	i;

	hal_mmio_write8(vp->common + CC_STATUS, 0);
	for (i = 0; i < RESET_POLLS; i++) {
		if (hal_mmio_read8(vp->common + CC_STATUS) == 0)
			return (true);
		hal_delay_us(1);
	}
	return (false);
}

uint8_t
virtio_pci_status(const struct virtio_pci *vp)
{
	return (hal_mmio_read8(vp->common + CC_STATUS));
}

void
virtio_pci_set_status(struct virtio_pci *vp, uint8_t bits)
{
	hal_mmio_write8(vp->common + CC_STATUS,
	    hal_mmio_read8(vp->common + CC_STATUS) | bits);
}

uint64_t
virtio_pci_device_features(const struct virtio_pci *vp)
{
	uint64_t	f;

	hal_mmio_write32(vp->common + CC_DFSELECT, 0);
	f = hal_mmio_read32(vp->common + CC_DF);
	hal_mmio_write32(vp->common + CC_DFSELECT, 1);
	f |= (uint64_t)hal_mmio_read32(vp->common + CC_DF) << 32;
	return (f);
}

void
virtio_pci_set_driver_features(struct virtio_pci *vp, uint64_t features)
{
	hal_mmio_write32(vp->common + CC_GFSELECT, 0);
	hal_mmio_write32(vp->common + CC_GF, (uint32_t)features);
	hal_mmio_write32(vp->common + CC_GFSELECT, 1);
	hal_mmio_write32(vp->common + CC_GF, (uint32_t)(features >> 32));
}

uint16_t
virtio_pci_num_queues(const struct virtio_pci *vp)
{
	return (hal_mmio_read16(vp->common + CC_NUM_QUEUES));
}

uint16_t
virtio_pci_queue_max(struct virtio_pci *vp, uint16_t q)
{
	hal_mmio_write16(vp->common + CC_Q_SELECT, q);
	return (hal_mmio_read16(vp->common + CC_Q_SIZE));
}

static void
write64(volatile uint8_t *p, uint64_t v)
{
	/* Two halves, low first (virtio 1.2, 4.1.3.1). */
	hal_mmio_write32(p, (uint32_t)v);
	hal_mmio_write32(p + 4, (uint32_t)(v >> 32));
}

volatile void *
virtio_pci_queue_setup(struct virtio_pci *vp, uint16_t q, uint16_t size,
    uint64_t desc, uint64_t avail, uint64_t used, uint16_t vector,
    const char **why)
{
	volatile uint8_t	*cc = vp->common;
	uint64_t		 off;

	hal_mmio_write16(cc + CC_Q_SELECT, q);
	hal_mmio_write16(cc + CC_Q_SIZE, size);
	write64(cc + CC_Q_DESCLO, desc);
	write64(cc + CC_Q_AVAILLO, avail);
	write64(cc + CC_Q_USEDLO, used);
	hal_mmio_write16(cc + CC_Q_MSIX, vector);
	if (hal_mmio_read16(cc + CC_Q_MSIX) != vector) {
		*why = "device refused the queue's MSI-X vector";
		return (0);
	}
	off = (uint64_t)hal_mmio_read16(cc + CC_Q_NOFF) * vp->notify_mult;
	if (off + 2 > vp->notify_len) {
		*why = "queue notify offset outside the notification region";
		return (0);
	}
	return (vp->notify + off);
}

void
virtio_pci_queue_enable(struct virtio_pci *vp, uint16_t q)
{
	hal_mmio_write16(vp->common + CC_Q_SELECT, q);
	hal_mmio_write16(vp->common + CC_Q_ENABLE, 1);
}

bool
virtio_pci_config_vector(struct virtio_pci *vp, uint16_t vector)
{
	hal_mmio_write16(vp->common + CC_MSIX_CONFIG, vector);
	return (hal_mmio_read16(vp->common + CC_MSIX_CONFIG) == vector);
}

uint8_t
virtio_pci_generation(const struct virtio_pci *vp)
{
	return (hal_mmio_read8(vp->common + CC_GENERATION));
}

bool
virtio_pci_config_has(const struct virtio_pci *vp, size_t off,
    unsigned width)
{
	return (off + width <= vp->device_len && off % width == 0);
}

uint32_t
virtio_pci_config_read(const struct virtio_pci *vp, size_t off,
    unsigned width)
{
	if (!virtio_pci_config_has(vp, off, width))
		return (0);
	if (width == 1)
		return (hal_mmio_read8(vp->device + off));
	if (width == 2)
		return (hal_mmio_read16(vp->device + off));
	return (hal_mmio_read32(vp->device + off));
}

void
virtio_pci_msix_set(struct virtio_pci *vp, uint16_t v, uint64_t addr,
    uint32_t data)
{
	volatile uint8_t	*e = vp->msix_table + (size_t)v * MSIX_ENTRY;

	hal_mmio_write32(e, (uint32_t)addr);
	hal_mmio_write32(e + 4, (uint32_t)(addr >> 32));
	hal_mmio_write32(e + 8, data);
	hal_mmio_write32(e + 12, 0);	/* vector control: unmasked */
}

void
virtio_pci_msix_enable(struct virtio_pci *vp, bool on)
{
	uint16_t	ctrl, cmd;

	ctrl = (uint16_t)hal_pci_read(vp->pci, vp->msix_cap + PCI_MSIX_CTRL,
	    2);
	ctrl &= ~(PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL);
	if (on)
		ctrl |= PCI_MSIX_CTRL_ENABLE;
	hal_pci_write(vp->pci, vp->msix_cap + PCI_MSIX_CTRL, 2, ctrl);
	cmd = (uint16_t)hal_pci_read(vp->pci, PCI_COMMAND, 2);
	if (on)
		cmd |= PCI_COMMAND_INTX_OFF;
	else
		cmd &= ~PCI_COMMAND_INTX_OFF;
	hal_pci_write(vp->pci, PCI_COMMAND, 2, cmd);
}
