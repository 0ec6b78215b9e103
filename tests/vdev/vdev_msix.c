/*
 * MSI-X: the table and PBA in BAR1, the enable and function mask bits of
 * the capability, and the path of an interrupt from "the device raises
 * table entry e" to the test's deliver callback, including the pending
 * bit of a masked entry, sent when the entry is unmasked (PCI 3.0, and
 * QEMU's msix_handle_mask_update).
 *
 * Raised entries are queued and sent when the outermost model entry point
 * returns (vdev_leave): the device finishes what it was doing before the
 * driver's handler can re-enter it.
 */
#include <stdlib.h>

#include "tests/vdev/vdev_impl.h"

#define MSIX_CTRL_HI		(VDEV_CAP_MSIX + 3)	/* bits 15:8 */
#define MSIX_ENABLE		0x80u
#define MSIX_FMASK		0x40u
#define ENTRY_MASKED		0x1u

int
vdev_msix_init(struct vdev *vd)
{
	vd->pending = calloc(vd->nvec, 1);
	vd->queued = calloc(vd->nvec, 1);
	vd->masked = calloc(vd->nvec, sizeof(*vd->masked));
	vd->fire = calloc(vd->nvec, sizeof(*vd->fire));
	vd->msi_count = calloc((size_t)VDEV_MSI_VECTORS * vd->k.cpus,
	    sizeof(*vd->msi_count));
	if (vd->pending == NULL || vd->queued == NULL || vd->masked == NULL ||
	    vd->fire == NULL || vd->msi_count == NULL)
		return (-1);
	vdev_msix_reset(vd);
	return (0);
}

void
vdev_msix_fini(struct vdev *vd)
{
	free(vd->pending);
	free(vd->queued);
	free(vd->masked);
	free(vd->fire);
	free(vd->msi_count);
}

bool
vdev_msix_enabled(const struct vdev *vd)
{
	return ((vd->cfg[MSIX_CTRL_HI] & MSIX_ENABLE) != 0);
}

static uint8_t *
entry(struct vdev *vd, unsigned e)
{
	return (vd->bar1.mem + 16 * e);
}

static bool
deliverable(struct vdev *vd, unsigned e)
{
	return (vdev_msix_enabled(vd) &&
	    !(vd->cfg[MSIX_CTRL_HI] & MSIX_FMASK) &&
	    !(vdev_get32(entry(vd, e) + 12) & ENTRY_MASKED));
}

static void
enqueue(struct vdev *vd, unsigned e)
{
	if (vd->queued[e])
		return;
	vd->queued[e] = 1;
	vd->fire[(vd->fire_head + vd->fire_count) % vd->nvec] = (uint16_t)e;
	vd->fire_count++;
}

/* QEMU masks every entry at reset; a reset device sends nothing queued. */
void
vdev_msix_reset(struct vdev *vd)
{
	unsigned	e;

	for (e = 0; e < vd->nvec; e++) {
		vdev_put32(entry(vd, e) + 12, ENTRY_MASKED);
		vd->pending[e] = 0;
		vd->queued[e] = 0;
	}
	vd->fire_count = 0;
}

void
vdev_msix_raise(struct vdev *vd, uint16_t e)
{
	if (e == VDEV_NO_VECTOR || e >= vd->nvec)
		return;
	enqueue(vd, e);
}

/* Enable or function mask changed: send what became deliverable. */
void
vdev_msix_control_changed(struct vdev *vd)
{
	unsigned	e;

	for (e = 0; e < vd->nvec; e++)
		if (vd->pending[e] && deliverable(vd, e)) {
			vd->pending[e] = 0;
			enqueue(vd, e);
		}
}

void
vdev_msix_access(struct vdev *vd, uint32_t off, unsigned width, bool write,
    uint32_t *val)
{
	uint32_t	 pba_len = (vd->nvec + 63) / 64 * 8, v;
	unsigned	 e, i, bit;
	bool		 was;
	uint8_t		*p;

	if (width != 4) {
		vdev_fail(vd, "MSI-X: %u-byte access at BAR1+0x%x; the table "
		    "and the PBA take 32-bit accesses", width, off);
		return;
	}
	if (off < 16 * vd->nvec) {
		p = vd->bar1.mem + off;
		e = off / 16;
		if (!write) {
			*val = vdev_get32(p);
			return;
		}
		if (off % 16 != 12) {
			vdev_put32(p, *val);
			return;
		}
		/* Vector control: only the mask bit is defined. */
		was = deliverable(vd, e);
		vdev_put32(p, *val & ENTRY_MASKED);
		if (!was && deliverable(vd, e) && vd->pending[e]) {
			vd->pending[e] = 0;
			enqueue(vd, e);
		}
		return;
	}
	if (off >= vd->pba_off && off - vd->pba_off < pba_len) {
		/* The PBA is read-only; QEMU ignores writes to it. */
		if (write)
			return;
		v = 0;
		for (i = 0; i < 32; i++) {
			bit = (off - vd->pba_off) * 8 + i;
			if (bit < vd->nvec && vd->pending[bit])
				v |= 1u << i;
		}
		*val = v;
		return;
	}
	vdev_fail(vd, "MSI-X: access at BAR1+0x%x, outside the table and "
	    "the PBA", off);
}

/*
 * Sends entry e's message, decoded as this model's hal_msi_message
 * encodes it; a message that names no CPU and vector is a driver bug.
 * Without MSI-X enabled the virtio device would use INTx (the ISR bit is
 * set by the caller): only counted.
 */
static void
send(struct vdev *vd, unsigned e)
{
	uint8_t		*p = entry(vd, e);
	uint32_t	 lo, hi, data;
	unsigned	 cpu, vec;

	if (!vdev_msix_enabled(vd)) {
		vd->masked[e]++;
		return;
	}
	if (!deliverable(vd, e)) {
		vd->masked[e]++;
		vd->pending[e] = 1;
		return;
	}
	lo = vdev_get32(p);
	hi = vdev_get32(p + 4);
	data = vdev_get32(p + 8);
	cpu = (lo >> 12) & 0xFF;
	if (hi != 0 || (lo & 0xFFF00FFFu) != VDEV_MSI_ADDR ||
	    cpu >= vd->k.cpus || data < VDEV_MSI_DATA_BASE ||
	    data >= VDEV_MSI_DATA_BASE + VDEV_MSI_VECTORS) {
		vdev_fail(vd, "MSI-X entry %u: bad message address "
		    "0x%08x%08x data 0x%08x (this machine takes 0xFEE00000 | "
		    "cpu << 12 with cpu < %u, data 0x40 + vector < 0x100)", e,
		    hi, lo, data, vd->k.cpus);
		return;
	}
	vec = data - VDEV_MSI_DATA_BASE;
	vd->msi_count[(size_t)vec * vd->k.cpus + cpu]++;
	if (vd->deliver != NULL)
		vd->deliver(vd->deliver_arg, vec, cpu);
}

/*
 * The handler may call back into the model (nested enter/leave); the
 * outer loop sends whatever those calls raise.
 */
static void
flush(struct vdev *vd)
{
	unsigned	e;

	if (vd->flushing)
		return;
	vd->flushing = true;
	while (vd->fire_count > 0) {
		e = vd->fire[vd->fire_head];
		vd->fire_head = (vd->fire_head + 1) % vd->nvec;
		vd->fire_count--;
		vd->queued[e] = 0;
		send(vd, e);
	}
	vd->flushing = false;
}

void
vdev_enter(struct vdev *vd)
{
	vd->depth++;
}

void
vdev_leave(struct vdev *vd)
{
	if (--vd->depth == 0)
		flush(vd);
}

/* The machine's vectors: which device holds each (hal_msi_alloc). */
static struct vdev	*msi_owner[VDEV_MSI_VECTORS];

bool
hal_msi_alloc(hal_pci_t pci, unsigned count, unsigned *base)
{
	struct vdev	*vd = vdev_need("hal_msi_alloc");
	unsigned	 b, i;

	if (base == NULL)
		vdev_die("hal_msi_alloc: NULL out argument");
	if (vdev_by_pci(pci) != vd)
		vdev_die("hal_msi_alloc: pci 0x%x is not the current device",
		    pci);
	if (count == 0 || count > VDEV_MSI_VECTORS)
		return (false);
	for (b = 0; b + count <= VDEV_MSI_VECTORS; b++) {
		for (i = 0; i < count && msi_owner[b + i] == NULL; i++)
			;
		if (i == count) {
			for (i = 0; i < count; i++)
				msi_owner[b + i] = vd;
			*base = b;
			return (true);
		}
	}
	return (false);
}

void
hal_msi_free(unsigned base, unsigned count)
{
	unsigned	i;

	if (base > VDEV_MSI_VECTORS || count > VDEV_MSI_VECTORS - base)
		vdev_die("hal_msi_free: %u vectors from %u", count, base);
	for (i = 0; i < count; i++) {
		if (msi_owner[base + i] == NULL)
			vdev_die("hal_msi_free: vector %u is not allocated",
			    base + i);
		msi_owner[base + i] = NULL;
	}
}

unsigned
vdev_msi_held(const struct vdev *vd)
{
	unsigned	i, n = 0;

	for (i = 0; i < VDEV_MSI_VECTORS; i++)
		if (msi_owner[i] == vd)
			n++;
	return (n);
}

void
vdev_msi_release(struct vdev *vd)
{
	unsigned	i;

	for (i = 0; i < VDEV_MSI_VECTORS; i++)
		if (msi_owner[i] == vd)
			msi_owner[i] = NULL;
}

bool
hal_msi_message(unsigned cpu, unsigned vector, uint64_t *addr,
    uint32_t *data)
{
	struct vdev	*vd = vdev_need("hal_msi_message");

	if (addr == NULL || data == NULL)
		vdev_die("hal_msi_message: NULL out argument");
	if (cpu >= vd->k.cpus || vector >= VDEV_MSI_VECTORS)
		return (false);
	*addr = VDEV_MSI_ADDR | (uint64_t)cpu << 12;
	*data = VDEV_MSI_DATA_BASE + vector;
	return (true);
}

uint64_t
vdev_msi_count(const struct vdev *vd, unsigned vector, unsigned cpu)
{
	if (vector >= VDEV_MSI_VECTORS || cpu >= vd->k.cpus)
		vdev_die("vdev_msi_count: vector %u cpu %u out of range",
		    vector, cpu);
	return (vd->msi_count[(size_t)vector * vd->k.cpus + cpu]);
}

uint64_t
vdev_msi_masked(const struct vdev *vd, unsigned vector)
{
	if (vector >= vd->nvec)
		vdev_die("vdev_msi_masked: entry %u, the table has %u",
		    vector, vd->nvec);
	return (vd->masked[vector]);
}
