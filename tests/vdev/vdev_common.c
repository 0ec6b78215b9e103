/*
 * The virtio-pci modern transport as the driver sees it in BAR4: the
 * common configuration structure (features, device_status, queue set-up),
 * the ISR byte and the notify region.  Device configuration goes to
 * vdev_net.c, a notify to the queue's handler there.
 *
 * Every field is accessed with its own width; 64-bit queue addresses as
 * two 32-bit halves (virtio 1.2, "PCI Device Layout").  A wrong width, a
 * write to a read-only field or an access between fields is a broken
 * driver.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "tests/vdev/vdev_impl.h"

enum cfield {
	DFSELECT, DFEATURE, GFSELECT, GFEATURE, CONFIG_VECTOR, NUM_QUEUES,
	STATUS, GENERATION, QSELECT, QSIZE, QVECTOR, QENABLE, QNOTIFY_OFF,
	QDESC_LO, QDESC_HI, QAVAIL_LO, QAVAIL_HI, QUSED_LO, QUSED_HI,
	QNOTIFY_DATA, QRESET, NFIELDS
};

static const struct {
	uint16_t	 off;
	uint8_t		 width;
	bool		 ro;
	const char	*name;
} fields[NFIELDS] = {
	[DFSELECT] =	  { 0x00, 4, false, "device_feature_select" },
	[DFEATURE] =	  { 0x04, 4, true,  "device_feature" },
	[GFSELECT] =	  { 0x08, 4, false, "driver_feature_select" },
	[GFEATURE] =	  { 0x0C, 4, false, "driver_feature" },
	[CONFIG_VECTOR] = { 0x10, 2, false, "config_msix_vector" },
	[NUM_QUEUES] =	  { 0x12, 2, true,  "num_queues" },
	[STATUS] =	  { 0x14, 1, false, "device_status" },
	[GENERATION] =	  { 0x15, 1, true,  "config_generation" },
	[QSELECT] =	  { 0x16, 2, false, "queue_select" },
	[QSIZE] =	  { 0x18, 2, false, "queue_size" },
	[QVECTOR] =	  { 0x1A, 2, false, "queue_msix_vector" },
	[QENABLE] =	  { 0x1C, 2, false, "queue_enable" },
	[QNOTIFY_OFF] =	  { 0x1E, 2, true,  "queue_notify_off" },
	[QDESC_LO] =	  { 0x20, 4, false, "queue_desc (low)" },
	[QDESC_HI] =	  { 0x24, 4, false, "queue_desc (high)" },
	[QAVAIL_LO] =	  { 0x28, 4, false, "queue_driver (low)" },
	[QAVAIL_HI] =	  { 0x2C, 4, false, "queue_driver (high)" },
	[QUSED_LO] =	  { 0x30, 4, false, "queue_device (low)" },
	[QUSED_HI] =	  { 0x34, 4, false, "queue_device (high)" },
	[QNOTIFY_DATA] =  { 0x38, 2, true,  "queue_notify_data" },
	[QRESET] =	  { 0x3A, 2, false, "queue_reset" },
};

/* MQ counts for the layout once written to driver_feature, as in QEMU. */
static bool
mq_layout(const struct vdev *vd)
{
	if (!(vd->offered & VF_MQ))
		return (false);
	return (!vd->features_written || (vd->accepted & VF_MQ));
}

bool
vdev_has(const struct vdev *vd, uint64_t f)
{
	return ((vd->accepted & vd->offered & f) == f);
}

enum vdev_qrole
vdev_qrole(const struct vdev *vd, unsigned i)
{
	unsigned	pairs = mq_layout(vd) ? vd->pairs : 1;

	if (i < 2 * pairs)
		return (i % 2 == 0 ? VQ_RX : VQ_TX);
	if (i == 2 * pairs)
		return (VQ_CTRL);
	return (VQ_NONE);
}

/* queue_size after reset; 0: the queue does not exist (now). */
static uint16_t
qmax(const struct vdev *vd, unsigned i)
{
	if (i >= vd->nq)
		return (0);
	switch (vdev_qrole(vd, i)) {
	case VQ_RX:
	case VQ_TX:
		return (vd->k.queue_size);
	case VQ_CTRL:
		return (vd->k.ctrl_queue_size);
	default:
		return (0);
	}
}

uint16_t
vdev_qsize(const struct vdev *vd, unsigned i)
{
	if (i >= vd->nq)
		return (0);
	return (vd->q[i].size != 0 ? vd->q[i].size : qmax(vd, i));
}

void
vdev_raise_queue(struct vdev *vd, unsigned i)
{
	if (!vdev_msix_enabled(vd))
		vd->isr |= 0x1;
	vdev_msix_raise(vd, vd->q[i].vector);
}

void
vdev_raise_config(struct vdev *vd)
{
	if (!vdev_msix_enabled(vd))
		vd->isr |= 0x2;
	vdev_msix_raise(vd, vd->config_vector);
}

/* Writing 0 to device_status: back to the state after power-on. */
void
vdev_reset(struct vdev *vd)
{
	struct vdev_queue	*q;
	unsigned		 i;

	vd->accepted = 0;
	vd->accepted_junk = false;
	vd->features_written = false;
	vd->dfselect = vd->gfselect = 0;
	vd->status = 0;
	vd->isr = 0;
	vd->config_vector = VDEV_NO_VECTOR;
	vd->qselect = 0;
	for (i = 0; i < vd->nq; i++) {
		q = &vd->q[i];
		/* notifies and a pending corruption are the tests' */
		q->size = 0;
		q->vector = VDEV_NO_VECTOR;
		q->enabled = false;
		q->desc = q->avail = q->used = 0;
		q->last_avail = q->used_idx = 0;
		q->kicked = false;
		free(q->lost);
		q->lost = NULL;
	}
	vd->halted = false;
	vdev_msix_reset(vd);
	vdev_net_reset(vd);
}

static uint16_t
vector_arg(const struct vdev *vd, uint32_t v)
{
	/* QEMU refuses a vector beyond its table by reading back NO_VECTOR. */
	if (v >= vd->nvec || vd->k.vectors_refused)
		return (VDEV_NO_VECTOR);
	return ((uint16_t)v);
}

static const char *
fail_reason(const struct vdev *vd)
{
	uint64_t	a = vd->accepted;

	if (vd->k.refuse_features)
		return ("refuse_features");
	if ((a & ~vd->offered) != 0 || vd->accepted_junk)
		return ("features not offered");
	if (!(a & VF_VERSION_1))
		return ("no VERSION_1");
	if ((a & VF_NEED_CTRL_VQ) && !(a & VF_CTRL_VQ))
		return ("a feature that needs CTRL_VQ without it");
	return (NULL);
}

static void
write_features(struct vdev *vd, uint32_t v)
{
	uint64_t	nf;

	if (vd->gfselect > 1) {
		/* No such bits exist: accepting one is accepting junk. */
		if (v != 0 && !(vd->status & VS_FEATURES_OK))
			vd->accepted_junk = true;
		return;
	}
	if (vd->gfselect == 0)
		nf = (vd->accepted & 0xFFFFFFFF00000000ull) | v;
	else
		nf = (vd->accepted & 0xFFFFFFFFull) | (uint64_t)v << 32;
	if (vd->status & VS_FEATURES_OK) {
		if (nf != vd->accepted)
			vdev_fail(vd, "driver_feature changed after "
			    "FEATURES_OK (0x%016" PRIx64 " to 0x%016" PRIx64
			    ")", vd->accepted, nf);
		return;
	}
	vd->accepted = nf;
	vd->features_written = true;
}

static void
driver_ok(struct vdev *vd)
{
	unsigned	i;

	/* Notifications that came too early are honoured now. */
	for (i = 0; i < vd->nq && !vd->halted; i++)
		if (vd->q[i].kicked) {
			vd->q[i].kicked = false;
			vdev_net_notify(vd, i);
		}
}

/*
 * Never clear a bit (only a reset may), in the order of "Device
 * Initialization".  The write is stored as QEMU stores it; a violation
 * also makes the model broken.
 */
static void
write_status(struct vdev *vd, uint8_t v)
{
	uint8_t		 old = vd->status & ~VS_NEEDS_RESET, nbits;
	const char	*why;
	unsigned	 bit;

	if (v == 0) {
		vdev_reset(vd);
		return;
	}
	nbits = v & ~old;
	if (old & ~v)
		vdev_fail(vd, "device_status 0x%02x written over 0x%02x clears "
		    "bits; only a reset may", v, old);
	if ((nbits & VS_DRIVER) && !(v & VS_ACKNOWLEDGE))
		vdev_fail(vd, "device_status: DRIVER set without "
		    "ACKNOWLEDGE (0x%02x)", v);
	if (nbits & VS_FEATURES_OK) {
		if (!(v & VS_DRIVER))
			vdev_fail(vd, "device_status: FEATURES_OK set without "
			    "DRIVER (0x%02x)", v);
		if ((why = fail_reason(vd)) != NULL)
			v &= ~VS_FEATURES_OK;	/* refused: reads back clear */
		else if (vd->accepted & VF_UNMODELLED) {
			for (bit = 0; !(vd->accepted & VF_UNMODELLED &
			    (1ull << bit)); bit++)
				continue;
			vdev_fail(vd, "driver accepted feature bit %u, which "
			    "the model does not implement (offered to be "
			    "declined)", bit);
		}
	}
	if ((nbits & VS_DRIVER_OK) && !(v & VS_FEATURES_OK))
		vdev_fail(vd, "device_status: DRIVER_OK set without "
		    "FEATURES_OK (0x%02x)", v);
	vd->status = v | (vd->status & VS_NEEDS_RESET);
	if ((nbits & VS_DRIVER_OK) && (v & VS_FEATURES_OK) && !vd->halted)
		driver_ok(vd);
}

static void
check_area(struct vdev *vd, unsigned i, const char *what, uint64_t a,
    unsigned align, size_t len, uint16_t size, bool *ok)
{
	if (!*ok)
		return;
	if (a % align != 0) {
		vdev_fail(vd, "queue %u: %s at 0x%" PRIx64 " is not "
		    "%u-aligned", i, what, a, align);
		*ok = false;
	} else if (vdev_dma_find(vd, a, len) == NULL) {
		vdev_fail(vd, "queue %u: %s at 0x%" PRIx64 "+%zu (size %u) is "
		    "not inside one DMA allocation", i, what, a, len, size);
		*ok = false;
	}
}

static void
enable_queue(struct vdev *vd, unsigned i, uint32_t v)
{
	struct vdev_queue	*q = &vd->q[i];
	uint16_t		 size = vdev_qsize(vd, i);
	bool			 ok = true;

	if (v != 1) {
		vdev_fail(vd, "queue %u: queue_enable written %u; only 1 may "
		    "be written", i, v);
		return;
	}
	if ((size & (size - 1)) != 0) {
		vdev_fail(vd, "queue %u: enabled with size %u, not a power of "
		    "two", i, size);
		return;
	}
	check_area(vd, i, "descriptor table", q->desc, 16, 16u * size, size,
	    &ok);
	check_area(vd, i, "available ring", q->avail, 2, 6u + 2u * size, size,
	    &ok);
	check_area(vd, i, "used ring", q->used, 4, 6u + 8u * size, size, &ok);
	if (!ok)
		return;
	q->enabled = true;
	q->last_avail = 0;
	q->used_idx = 0;
}

static void
set_half(uint64_t *a, bool hi, uint32_t v)
{
	if (hi)
		*a = (*a & 0xFFFFFFFFull) | (uint64_t)v << 32;
	else
		*a = (*a & 0xFFFFFFFF00000000ull) | v;
}

static void
write_queue(struct vdev *vd, enum cfield f, uint32_t v)
{
	unsigned		 i = vd->qselect;
	struct vdev_queue	*q;
	uint16_t		 max = qmax(vd, i);

	if (!(vd->status & VS_FEATURES_OK)) {
		vdev_fail(vd, "queue %u: %s written before FEATURES_OK", i,
		    fields[f].name);
		return;
	}
	if (max == 0) {
		vdev_fail(vd, "queue %u: %s written; the queue does not exist",
		    i, fields[f].name);
		return;
	}
	q = &vd->q[i];
	if (f == QVECTOR) {
		q->vector = vector_arg(vd, v);
		return;
	}
	if (q->enabled) {
		vdev_fail(vd, "queue %u: %s written while the queue is "
		    "enabled", i, fields[f].name);
		return;
	}
	switch (f) {
	case QSIZE:
		if (v == 0 || (v & (v - 1)) != 0 || v > max)
			vdev_fail(vd, "queue %u: queue_size %u written; it "
			    "must be a power of two <= %u", i, v, max);
		else
			q->size = (uint16_t)v;
		break;
	case QENABLE:
		enable_queue(vd, i, v);
		break;
	case QDESC_LO:
	case QDESC_HI:
		set_half(&q->desc, f == QDESC_HI, v);
		break;
	case QAVAIL_LO:
	case QAVAIL_HI:
		set_half(&q->avail, f == QAVAIL_HI, v);
		break;
	case QUSED_LO:
	case QUSED_HI:
		set_half(&q->used, f == QUSED_HI, v);
		break;
	default:
		break;
	}
}

static uint32_t
read_common(struct vdev *vd, enum cfield f)
{
	unsigned		 i = vd->qselect;
	bool			 exists = qmax(vd, i) != 0;
	const struct vdev_queue	*q = exists ? &vd->q[i] : NULL;

	switch (f) {
	case DFSELECT:
		return (vd->dfselect);
	case DFEATURE:
		return (vd->dfselect == 0 ? (uint32_t)vd->offered :
		    vd->dfselect == 1 ? (uint32_t)(vd->offered >> 32) : 0);
	case GFSELECT:
		return (vd->gfselect);
	case GFEATURE:
		return (vd->gfselect == 0 ? (uint32_t)vd->accepted :
		    vd->gfselect == 1 ? (uint32_t)(vd->accepted >> 32) : 0);
	case CONFIG_VECTOR:
		return (vd->config_vector);
	case NUM_QUEUES:
		if (vd->k.num_queues != 0)
			return (vd->k.num_queues);
		return (mq_layout(vd) ? (vd->nq > 0xFFFF ? 0xFFFF : vd->nq) :
		    3);
	case STATUS:
		return (vd->status);
	case GENERATION:
		return (vd->generation);
	case QSELECT:
		return (vd->qselect);
	default:
		break;
	}
	if (q == NULL)
		return (f == QVECTOR ? VDEV_NO_VECTOR : 0);
	switch (f) {
	case QSIZE:
		return (vdev_qsize(vd, i));
	case QVECTOR:
		return (q->vector);
	case QENABLE:
		return (q->enabled);
	case QNOTIFY_OFF:
	case QNOTIFY_DATA:
		return (i);
	case QDESC_LO:
		return ((uint32_t)q->desc);
	case QDESC_HI:
		return ((uint32_t)(q->desc >> 32));
	case QAVAIL_LO:
		return ((uint32_t)q->avail);
	case QAVAIL_HI:
		return ((uint32_t)(q->avail >> 32));
	case QUSED_LO:
		return ((uint32_t)q->used);
	case QUSED_HI:
		return ((uint32_t)(q->used >> 32));
	default:
		return (0);
	}
}

static void
common_access(struct vdev *vd, uint32_t off, unsigned width, bool write,
    uint32_t *val)
{
	unsigned	f, nf;

	/* The last two fields exist only with the features they serve. */
	nf = (vd->offered & (VF_NOTIF_CONFIG_DATA | VF_RING_RESET)) ?
	    NFIELDS : QNOTIFY_DATA;
	for (f = 0; f < nf; f++)
		if (fields[f].off == off)
			break;
	if (f == nf) {
		vdev_fail(vd, "common cfg: %u-byte %s at 0x%02x, which is no "
		    "field", width, write ? "write" : "read", off);
		return;
	}
	if (width != fields[f].width) {
		vdev_fail(vd, "common cfg: %u-byte %s of %s, a %u-byte field",
		    width, write ? "write" : "read", fields[f].name,
		    fields[f].width);
		return;
	}
	if (!write) {
		*val = read_common(vd, f);
		return;
	}
	if (fields[f].ro) {
		vdev_fail(vd, "common cfg: write to read-only %s",
		    fields[f].name);
		return;
	}
	switch (f) {
	case DFSELECT:
		vd->dfselect = *val;
		break;
	case GFSELECT:
		vd->gfselect = *val;
		break;
	case GFEATURE:
		write_features(vd, *val);
		break;
	case CONFIG_VECTOR:
		vd->config_vector = vector_arg(vd, *val);
		break;
	case STATUS:
		write_status(vd, (uint8_t)*val);
		break;
	case QSELECT:
		vd->qselect = (uint16_t)*val;
		break;
	case QRESET:
		vdev_fail(vd, "common cfg: queue_reset written; the model does "
		    "not implement VIRTIO_F_RING_RESET");
		break;
	default:
		write_queue(vd, f, *val);
		break;
	}
}

/*
 * QEMU derives the queue from the address, not the value written; so does
 * the model.  Before DRIVER_OK a notification is a spec violation that
 * QEMU tolerates: counted, and honoured at DRIVER_OK.
 */
static void
notify(struct vdev *vd, uint32_t off, unsigned width, bool write,
    uint32_t *val)
{
	unsigned		 i = off / VDEV_NOTIFY_MULT;
	struct vdev_queue	*q;

	if (!write) {
		*val = 0;
		return;
	}
	if (width != 2) {
		vdev_fail(vd, "notify: %u-byte write at 0x%x; a notification "
		    "is the le16 queue index", width, VDEV_NOTIFY_OFF + off);
		return;
	}
	if (off % VDEV_NOTIFY_MULT != 0 || i >= vd->nq) {
		vdev_fail(vd, "notify: write at 0x%x is no queue's notify "
		    "address (queue_notify_off * %u)", VDEV_NOTIFY_OFF + off,
		    VDEV_NOTIFY_MULT);
		return;
	}
	q = &vd->q[i];
	q->notifies++;
	if (vd->halted || !q->enabled)
		return;
	if (!(vd->status & VS_DRIVER_OK)) {
		vd->early_notifies++;
		q->kicked = true;
		return;
	}
	vdev_net_notify(vd, i);
}

void
vdev_virtio_access(struct vdev *vd, uint32_t off, unsigned width,
    bool write, uint32_t *val)
{
	if (off < VDEV_ISR_OFF)
		common_access(vd, off - VDEV_COMMON_OFF, width, write, val);
	else if (off < VDEV_DEVICE_OFF) {
		if (off != VDEV_ISR_OFF || width != 1 || write) {
			vdev_fail(vd, "ISR: %u-byte %s at 0x%x; the ISR is one "
			    "byte, read-only", width, write ? "write" : "read",
			    off);
			return;
		}
		/* Reading clears it. */
		*val = vd->isr;
		vd->isr = 0;
	} else if (off < VDEV_NOTIFY_OFF)
		vdev_net_config_access(vd, off - VDEV_DEVICE_OFF, width, write,
		    val);
	else
		notify(vd, off - VDEV_NOTIFY_OFF, width, write, val);
}
