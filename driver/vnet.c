/*
 * vnet: virtio-net over virtio-pci modern with one receive/transmit queue
 * pair per CPU, as many as io-queues allows (driver/vnet.h, mqplan-driver(4)).
 *
 * Facts: virtio 1.2, 5.1 "Network Device"; ../shared/reference/virtio-mq.md.
 *
 * Interrupt spread: the caller names the device's first CPU F (0 for en1,
 * then vnet_next_cpu() of the device before: the CPU after the last
 * one it used).  The configuration vector goes to CPU F; pair p's
 * receive and transmit vectors both go to CPU (F + p) mod CPUs.  The pair
 * count never exceeds the CPU count (io_queues_clamp), so every pair of a
 * device has a CPU of its own; and as the clouds divide the vCPUs among
 * the NICs (GCE: vCPUs / NICs queues each), the pairs of all the NICs
 * planned together add up to at most the CPUs, so each gets a CPU of its
 * own rather than every NIC's pair 0 landing on CPU 0.  When there are
 * fewer pairs than CPUs, the CPUs left take no queue interrupts and
 * transmit on whichever pair their caller picks.  Keeping a pair's receive
 * and transmit on one CPU keeps an echo, or any reply sent from the receive
 * path, on that CPU's cache.
 *
 * Vectors are the environment's, shared by every device: each device takes
 * a range of its own (hal_msi_alloc) and aims table entry v at vector
 * base + v, so several devices never share one.
 *
 * Transmit completions are taken back by the next vnet_transmit rather
 * than by interrupt (the transmit queues ask for none), so a pair's rings
 * are touched only from its own CPU and need no lock.
 */
#include "io_queues.h"
#include "logline.h"
#include "virtio_pci.h"
#include "virtqueue.h"
#include "vnet.h"

#define VIRTIO_NET_F_MAC	5
#define VIRTIO_NET_F_STATUS	16
#define VIRTIO_NET_F_CTRL_VQ	17
#define VIRTIO_NET_F_MQ		22
#define BIT(n)			(1ull << (n))

/* struct virtio_net_config */
#define NET_CFG_MAC		0
#define NET_CFG_STATUS		6
#define NET_CFG_MAX_PAIRS	8
#define NET_S_LINK_UP		1

/* struct virtio_net_hdr with VERSION_1: 12 bytes, num_buffers included. */
#define NET_HDR_LEN		12
#define BUF_LEN			(NET_HDR_LEN + VNET_FRAME_MAX)
#define BUF_STRIDE		1536

#define DATA_QUEUE_MAX		256
#define CTRL_QUEUE_MAX		16

#define CTRL_CLASS_MQ		4
#define CTRL_MQ_VQ_PAIRS_SET	0
#define CTRL_ACK_OFF		8
#define NET_OK			0
/* VQ_PAIRS_SET is polled for up to CTRL_POLLS * CTRL_POLL_US: 200 ms. */
#define CTRL_POLLS		20000
#define CTRL_POLL_US		10

#define GENERATION_TRIES	8

struct vnet_queue {
	struct virtqueue	 vq;
	uint8_t			*buf;
	uint64_t		 buf_phys;
	size_t			 buf_len;
	struct vnet_qstats	 st;
	bool			 stopped;
};

struct vnet {
	struct virtio_pci	 vp;
	bool			 opened;
	char			 ifname[16];
	vnet_rx_fn		*rx;
	void			*arg;
	struct vnet_info	 info;
	unsigned		 nqueues;	/* pairs with queues set up */
	struct vnet_queue	*q;		/* rx p at 2p, tx p at 2p + 1 */
	size_t			 q_len;
	bool			 has_ctrl;
	struct virtqueue	 ctrl;
	volatile uint8_t	*cmd;
	uint64_t		 cmd_phys;
	unsigned		 first_cpu;	/* F of the spread */
	unsigned		 nvec;
	unsigned		 vec_base;	/* the environment's, for entry 0 */
	bool			 has_vecs;	/* vec_base..+nvec reserved */
	uint64_t		*intr;		/* [vector * cpus + cpu] */
	size_t			 intr_len;
};

enum ctrl_result { CTRL_OK, CTRL_REFUSED, CTRL_TIMEOUT, CTRL_BROKEN };

/*
 * Eight bytes at a time, at any alignment (x86 allows unaligned loads; the
 * may_alias type keeps the compiler's aliasing rules out of it).  Written
 * out because a freestanding driver has no memcpy, and a plain byte loop
 * doubled the instructions per transmitted frame.
 */
typedef uint64_t __attribute__((may_alias, aligned(1)))	u64_any;

static void
copy_(uint8_t *dst, const uint8_t *src, size_t n)
{
	for (; n >= 8; n -= 8, dst += 8, src += 8)
		*(u64_any *)dst = *(const u64_any *)src;
	while (n-- > 0)
		*dst++ = *src++;
}

static bool
power_of_two(uint32_t v)
{
	return (v != 0 && (v & (v - 1)) == 0);
}

static void
free_all(struct vnet *vn)
{
	unsigned	i;

	if (vn->q != 0) {
		for (i = 0; i < 2 * vn->nqueues; i++) {
			vq_fini(&vn->q[i].vq);
			if (vn->q[i].buf != 0)
				hal_dma_free(vn->q[i].buf, vn->q[i].buf_len);
		}
		hal_dma_free(vn->q, vn->q_len);
	}
	if (vn->has_ctrl)
		vq_fini(&vn->ctrl);
	if (vn->cmd != 0)
		hal_dma_free((void *)(uintptr_t)vn->cmd, 16);
	if (vn->intr != 0)
		hal_dma_free(vn->intr, vn->intr_len);
	if (vn->has_vecs)
		hal_msi_free(vn->vec_base, vn->nvec);
	hal_dma_free(vn, sizeof(*vn));
}

/*
 * Feature negotiation (virtio 1.2, 3.1.1 steps 1-6).  Accepts VERSION_1,
 * MAC, STATUS, CTRL_VQ and MQ when offered, MQ only with CTRL_VQ and only
 * if allow_mq, and nothing the driver does not implement.
 */
static enum vnet_err
negotiate(struct vnet *vn, bool allow_mq)
{
	uint64_t	dev, want;

	if (!virtio_pci_reset(&vn->vp)) {
		logline_log(vn->ifname, "device does not finish its reset");
		return (VNET_EDEVICE);
	}
	virtio_pci_set_status(&vn->vp, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_pci_set_status(&vn->vp, VIRTIO_STATUS_DRIVER);
	dev = virtio_pci_device_features(&vn->vp);
	if ((dev & BIT(VIRTIO_F_VERSION_1)) == 0) {
		logline_log(vn->ifname, "device does not offer VERSION_1 "
		    "(legacy only)");
		return (VNET_ENODEV);
	}
	want = BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_NET_F_MAC) |
	    BIT(VIRTIO_NET_F_STATUS) | BIT(VIRTIO_NET_F_CTRL_VQ);
	if (allow_mq)
		want |= BIT(VIRTIO_NET_F_MQ);
	want &= dev;
	if ((want & BIT(VIRTIO_NET_F_CTRL_VQ)) == 0)
		want &= ~BIT(VIRTIO_NET_F_MQ);
	virtio_pci_set_driver_features(&vn->vp, want);
	virtio_pci_set_status(&vn->vp, VIRTIO_STATUS_FEATURES_OK);
	if ((virtio_pci_status(&vn->vp) & VIRTIO_STATUS_FEATURES_OK) == 0) {
		logline_log(vn->ifname, "device refused features 0x%llx",
		    (unsigned long long)want);
		virtio_pci_set_status(&vn->vp, VIRTIO_STATUS_FAILED);
		return (VNET_EDEVICE);
	}
	vn->info.features = want;
	vn->info.mq = (want & BIT(VIRTIO_NET_F_MQ)) != 0;
	vn->has_ctrl = false;
	return (VNET_OK);
}

/*
 * MAC, link status and max_virtqueue_pairs, read as one consistent
 * snapshot: the fields must come from the same config_generation.
 */
static enum vnet_err
read_config(struct vnet *vn, uint32_t *max_pairs)
{
	struct virtio_pci	*vp = &vn->vp;
	uint64_t		 f = vn->info.features;
	uint16_t		 status = NET_S_LINK_UP;
	uint8_t			 gen, mac[6];
	int			 try, i;

	if ((f & BIT(VIRTIO_NET_F_MQ)) &&
	    !virtio_pci_config_has(vp, NET_CFG_MAX_PAIRS, 2)) {
		logline_log(vn->ifname, "device configuration too short for "
		    "max_virtqueue_pairs");
		return (VNET_EDEVICE);
	}
	for (try = 0; try < GENERATION_TRIES; try++) {
		gen = virtio_pci_generation(vp);
		for (i = 0; i < 6; i++)
			mac[i] = (f & BIT(VIRTIO_NET_F_MAC)) ? (uint8_t)
			    virtio_pci_config_read(vp, NET_CFG_MAC + i, 1) : 0;
		if ((f & BIT(VIRTIO_NET_F_STATUS)) &&
		    virtio_pci_config_has(vp, NET_CFG_STATUS, 2))
			status = (uint16_t)virtio_pci_config_read(vp,
			    NET_CFG_STATUS, 2);
		*max_pairs = 1;
		if (f & BIT(VIRTIO_NET_F_MQ))
			*max_pairs = virtio_pci_config_read(vp,
			    NET_CFG_MAX_PAIRS, 2);
		if (virtio_pci_generation(vp) == gen)
			break;
	}
	if (try == GENERATION_TRIES) {
		logline_log(vn->ifname, "device configuration keeps changing "
		    "(config_generation)");
		return (VNET_EDEVICE);
	}
	copy_(vn->info.mac, mac, 6);
	vn->info.link_up = (status & NET_S_LINK_UP) != 0;
	return (VNET_OK);
}

/* io-queues from the manifest: 0 when absent or not a valid value. */
static unsigned
requested_pairs(struct vnet *vn)
{
	const char	*s;
	uint32_t	 v;

	if ((s = hal_manifest_get(vn->ifname, "io-queues")) == 0)
		return (0);
	if (!io_queues_parse(s, &v)) {
		logline_log(vn->ifname, "io-queues %q is not a whole number "
		    "from 1 to %u; using the default", s, IO_QUEUES_MAX);
		return (0);
	}
	if (!vn->info.mq) {
		logline_log(vn->ifname, "io-queues %u ignored: the device has "
		    "no multiqueue", v);
	}
	return (v);
}

static unsigned
vector_cpu(const struct vnet *vn, unsigned vector)
{
	if (vector == VNET_VECTOR_CONFIG)
		return (vn->first_cpu % vn->info.cpus);
	return ((vn->first_cpu % vn->info.cpus + (vector - 1) / 2) %
	    vn->info.cpus);
}

/* Checks queue q's size and returns what the driver will use, or 0. */
static uint16_t
queue_size(struct vnet *vn, uint16_t q, uint16_t cap)
{
	uint16_t	max = virtio_pci_queue_max(&vn->vp, q);

	if (max == 0) {
		logline_log(vn->ifname, "queue %u does not exist: size 0", q);
		return (0);
	}
	if (!power_of_two(max)) {
		logline_log(vn->ifname, "queue %u size is not a power of two: "
		    "%u", q, max);
		return (0);
	}
	if (max < 2) {
		logline_log(vn->ifname, "queue %u is too small: size %u", q,
		    max);
		return (0);
	}
	return (max < cap ? max : cap);
}

static enum vnet_err
setup_queue(struct vnet *vn, struct virtqueue *vq, uint16_t q, uint16_t cap,
    uint16_t vector)
{
	const char	*why;
	uint16_t	 size;

	if ((size = queue_size(vn, q, cap)) == 0)
		return (VNET_EDEVICE);
	if (!vq_init(vq, q, size)) {
		logline_log(vn->ifname, "out of DMA memory for a queue");
		return (VNET_ENOMEM);
	}
	vq->notify = virtio_pci_queue_setup(&vn->vp, q, size, vq->desc_phys,
	    vq->avail_phys, vq->used_phys, vector, &why);
	if (vq->notify == 0) {
		logline_log(vn->ifname, "queue %u: %s", q, why);
		return (VNET_ENOVEC);
	}
	return (VNET_OK);
}

static void
post_rx(struct vnet_queue *q, uint16_t id)
{
	vq_set(&q->vq, id, q->buf_phys + (uint64_t)id * BUF_STRIDE, BUF_LEN,
	    VQ_DESC_F_WRITE, -1);
	vq_publish(&q->vq, id);
}

static enum vnet_err
setup_pairs(struct vnet *vn)
{
	struct vnet_queue	*q;
	enum vnet_err		 e;
	unsigned		 i;
	int			 id;
	uint64_t		 phys;

	vn->q_len = 2 * (size_t)vn->nqueues * sizeof(*vn->q);
	if ((vn->q = hal_dma_alloc(vn->q_len, 8, &phys)) == 0)
		goto nomem;
	for (i = 0; i < 2 * vn->nqueues; i++) {
		q = &vn->q[i];
		e = setup_queue(vn, &q->vq, (uint16_t)i, DATA_QUEUE_MAX,
		    (uint16_t)(i + 1));
		if (e != VNET_OK)
			return (e);
		q->buf_len = (size_t)q->vq.size * BUF_STRIDE;
		if ((q->buf = hal_dma_alloc(q->buf_len, 64, &q->buf_phys)) == 0)
			goto nomem;
		if (i % 2 == 1) {
			vq_no_interrupt(&q->vq);
			continue;
		}
		while ((id = vq_get(&q->vq)) >= 0)
			post_rx(q, (uint16_t)id);
	}
	return (VNET_OK);
nomem:
	logline_log(vn->ifname, "out of DMA memory for the queues");
	return (VNET_ENOMEM);
}

static enum vnet_err
setup_vectors(struct vnet *vn)
{
	uint64_t	addr, phys;
	uint32_t	data;
	unsigned	v;

	vn->nvec = 1 + 2 * vn->nqueues;
	vn->intr_len = (size_t)vn->nvec * vn->info.cpus * sizeof(uint64_t);
	if ((vn->intr = hal_dma_alloc(vn->intr_len, 8, &phys)) == 0) {
		logline_log(vn->ifname, "out of DMA memory for the counters");
		return (VNET_ENOMEM);
	}
	if (!hal_msi_alloc(vn->vp.pci, vn->nvec, &vn->vec_base)) {
		logline_log(vn->ifname, "no %u interrupt vectors left",
		    vn->nvec);
		return (VNET_ENOVEC);
	}
	vn->has_vecs = true;
	for (v = 0; v < vn->nvec; v++) {
		if (!hal_msi_message(vector_cpu(vn, v), vn->vec_base + v,
		    &addr, &data)) {
			logline_log(vn->ifname, "no MSI message for vector %u "
			    "on cpu %u", vn->vec_base + v, vector_cpu(vn, v));
			return (VNET_ENOVEC);
		}
		virtio_pci_msix_set(&vn->vp, (uint16_t)v, addr, data);
	}
	virtio_pci_msix_enable(&vn->vp, true);
	if (!virtio_pci_config_vector(&vn->vp, VNET_VECTOR_CONFIG)) {
		logline_log(vn->ifname, "device refused the configuration "
		    "MSI-X vector");
		return (VNET_ENOVEC);
	}
	return (VNET_OK);
}

/* VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET on the control queue, polled. */
static enum ctrl_result
set_pairs(struct vnet *vn, unsigned pairs)
{
	volatile uint8_t	*c = vn->cmd;
	enum vq_result		 r;
	uint32_t		 id, len;
	int			 d0, d1, i;

	c[0] = CTRL_CLASS_MQ;
	c[1] = CTRL_MQ_VQ_PAIRS_SET;
	c[2] = (uint8_t)pairs;
	c[3] = (uint8_t)(pairs >> 8);
	c[CTRL_ACK_OFF] = 0xff;
	if ((d0 = vq_get(&vn->ctrl)) < 0 || (d1 = vq_get(&vn->ctrl)) < 0)
		return (CTRL_BROKEN);
	vq_set(&vn->ctrl, (uint16_t)d1, vn->cmd_phys + CTRL_ACK_OFF, 1,
	    VQ_DESC_F_WRITE, -1);
	vq_set(&vn->ctrl, (uint16_t)d0, vn->cmd_phys, 4, 0, d1);
	vq_publish(&vn->ctrl, (uint16_t)d0);
	vq_kick(&vn->ctrl);
	for (i = 0; i < CTRL_POLLS; i++) {
		r = vq_next_used(&vn->ctrl, &id, &len);
		if (r == VQ_USED)
			break;
		if (r != VQ_EMPTY)
			return (CTRL_BROKEN);
		hal_delay_us(CTRL_POLL_US);
	}
	if (i == CTRL_POLLS)
		return (CTRL_TIMEOUT);
	hal_rmb();
	if (len < 1)
		return (CTRL_BROKEN);
	return (c[CTRL_ACK_OFF] == NET_OK ? CTRL_OK : CTRL_REFUSED);
}

static void
log_decision(const struct vnet *vn, unsigned max_pairs)
{
	const char	*pair_s = vn->info.pairs == 1 ? "pair" : "pairs";

	if (vn->info.requested == 0)
		logline_log(vn->ifname, "%u queue %s (io-queues unset, "
		    "device %u, cpus %u)", vn->info.pairs, pair_s, max_pairs,
		    vn->info.cpus);
	else
		logline_log(vn->ifname, "%u queue %s (io-queues %u, "
		    "device %u, cpus %u)", vn->info.pairs, pair_s,
		    vn->info.requested, max_pairs, vn->info.cpus);
}

static enum vnet_err
bring_up(struct vnet *vn)
{
	enum vnet_err		 e;
	enum ctrl_result	 cr;
	uint32_t		 max_pairs, needed, pairs;
	uint16_t		 ctrl_index;
	unsigned		 i;

	if ((e = negotiate(vn, true)) != VNET_OK ||
	    (e = read_config(vn, &max_pairs)) != VNET_OK)
		return (e);
	if (vn->info.mq && (max_pairs == 0 || max_pairs > IO_QUEUES_MAX)) {
		logline_log(vn->ifname, "device offers max_virtqueue_pairs %u, "
		    "outside 1..%u: multiqueue off", max_pairs, IO_QUEUES_MAX);
		if ((e = negotiate(vn, false)) != VNET_OK ||
		    (e = read_config(vn, &max_pairs)) != VNET_OK)
			return (e);
	}
	vn->info.max_pairs = max_pairs;
	vn->info.cpus = hal_cpu_count();
	if (vn->info.cpus == 0)
		vn->info.cpus = 1;
	vn->info.requested = requested_pairs(vn);
	pairs = io_queues_clamp(vn->info.requested, max_pairs, vn->info.cpus);

	vn->has_ctrl = (vn->info.features & BIT(VIRTIO_NET_F_CTRL_VQ)) != 0;
	needed = vn->info.mq ? 2 * max_pairs + 1 : vn->has_ctrl ? 3 : 2;
	if (virtio_pci_num_queues(&vn->vp) < needed) {
		logline_log(vn->ifname, "device has %u queues, needs %u",
		    virtio_pci_num_queues(&vn->vp), needed);
		return (VNET_EDEVICE);
	}
	if (vn->vp.msix_vectors < 3) {
		logline_log(vn->ifname, "MSI-X table has fewer than 3 vectors");
		return (VNET_ENOVEC);
	}
	if (vn->vp.msix_vectors < 1 + 2 * pairs) {
		pairs = (vn->vp.msix_vectors - 1u) / 2u;
		logline_log(vn->ifname, "MSI-X table has %u vectors: enough "
		    "for %u pairs", vn->vp.msix_vectors, pairs);
	}
	vn->nqueues = pairs;

	if ((e = setup_vectors(vn)) != VNET_OK ||
	    (e = setup_pairs(vn)) != VNET_OK)
		return (e);
	if (vn->has_ctrl) {
		ctrl_index = (uint16_t)(vn->info.mq ? 2 * max_pairs : 2);
		if ((e = setup_queue(vn, &vn->ctrl, ctrl_index, CTRL_QUEUE_MAX,
		    VIRTIO_MSI_NO_VECTOR)) != VNET_OK)
			return (e);
		if ((vn->cmd = hal_dma_alloc(16, 16, &vn->cmd_phys)) == 0) {
			logline_log(vn->ifname, "out of DMA memory for the "
			    "control queue");
			return (VNET_ENOMEM);
		}
		virtio_pci_queue_enable(&vn->vp, ctrl_index);
	}
	for (i = 0; i < 2 * vn->nqueues; i++)
		virtio_pci_queue_enable(&vn->vp, (uint16_t)i);
	virtio_pci_set_status(&vn->vp, VIRTIO_STATUS_DRIVER_OK);
	if (virtio_pci_status(&vn->vp) & VIRTIO_STATUS_NEEDS_RESET) {
		logline_log(vn->ifname, "device needs a reset after DRIVER_OK");
		return (VNET_EDEVICE);
	}
	/* Buffers posted before DRIVER_OK may not have been noticed. */
	for (i = 0; i < vn->nqueues; i++)
		vq_kick(&vn->q[2 * i].vq);

	vn->info.pairs = pairs;
	if (vn->info.mq && pairs > 1) {
		cr = set_pairs(vn, pairs);
		if (cr != CTRL_OK) {
			vn->info.pairs = 1;
			logline_log(vn->ifname, "VQ_PAIRS_SET %u %s; using 1 "
			    "pair, link up", pairs, cr == CTRL_REFUSED ?
			    "refused by the device" : cr == CTRL_TIMEOUT ?
			    "not answered within 200 ms" :
			    "broke the control queue");
		}
	}
	vn->info.queue_size = vn->q[0].vq.size;
	log_decision(vn, max_pairs);
	return (VNET_OK);
}

bool
vnet_match(hal_pci_t pci)
{
	uint32_t	id = hal_pci_read(pci, 0, 4);

	if (id == (0x1041u << 16 | 0x1af4u))
		return (true);
	/* Transitional: device 0x1000 is any virtio type; 1 is net. */
	return (id == (0x1000u << 16 | 0x1af4u) &&
	    hal_pci_read(pci, 0x2e, 2) == 1);
}

struct vnet *
vnet_attach(hal_pci_t pci, const char *ifname, unsigned first_cpu,
    vnet_rx_fn *rx, void *arg, enum vnet_err *err)
{
	struct vnet	*vn;
	const char	*why;
	enum vnet_err	 e;
	uint64_t	 phys;
	size_t		 n;

	if ((vn = hal_dma_alloc(sizeof(*vn), 8, &phys)) == 0) {
		*err = VNET_ENOMEM;
		return (0);
	}
	for (n = 0; ifname[n] != '\0' && n < sizeof(vn->ifname) - 1; n++)
		vn->ifname[n] = ifname[n];
	vn->rx = rx;
	vn->arg = arg;
	vn->first_cpu = first_cpu;
	if ((why = virtio_pci_open(&vn->vp, pci)) != 0) {
		logline_log(vn->ifname, "%s", why);
		e = VNET_ENODEV;
		goto fail;
	}
	vn->opened = true;
	if ((e = bring_up(vn)) != VNET_OK)
		goto fail;
	*err = VNET_OK;
	return (vn);
fail:
	if (vn->opened) {
		virtio_pci_reset(&vn->vp);
		virtio_pci_msix_enable(&vn->vp, false);
	}
	free_all(vn);
	*err = e;
	return (0);
}

void
vnet_detach(struct vnet *vn)
{
	virtio_pci_reset(&vn->vp);
	virtio_pci_msix_enable(&vn->vp, false);
	free_all(vn);
}

void
vnet_info(const struct vnet *vn, struct vnet_info *out)
{
	copy_(out->mac, vn->info.mac, 6);
	out->mq = vn->info.mq;
	out->link_up = vn->info.link_up;
	out->cpus = vn->info.cpus;
	out->max_pairs = vn->info.max_pairs;
	out->requested = vn->info.requested;
	out->pairs = vn->info.pairs;
	out->queue_size = vn->info.queue_size;
	out->features = vn->info.features;
}

static void
queue_error(struct vnet *vn, struct vnet_queue *q, enum vq_result r,
    uint32_t id, uint32_t len)
{
	const char	*dir = q->vq.index % 2 == 0 ? "rxq" : "txq";
	unsigned	 pair = q->vq.index / 2u;

	q->stopped = true;
	q->st.errors++;
	switch (r) {
	case VQ_BAD_INDEX:
		logline_log(vn->ifname, "%s %u: used index %u runs more than "
		    "the ring ahead; queue stopped", dir, pair, id);
		break;
	case VQ_BAD_ID:
		logline_log(vn->ifname, "%s %u: used id %u out of range "
		    "(ring of %u); queue stopped", dir, pair, id, q->vq.size);
		break;
	case VQ_NOT_IN_FLIGHT:
		logline_log(vn->ifname, "%s %u: used id %u is not a buffer "
		    "the device holds; queue stopped", dir, pair, id);
		break;
	default:
		logline_log(vn->ifname, "%s %u: used length %u exceeds the "
		    "buffer; queue stopped", dir, pair, len);
		break;
	}
}

unsigned
vnet_poll(struct vnet *vn, unsigned pair)
{
	struct vnet_queue	*q;
	enum vq_result		 r;
	uint32_t		 id, len;
	unsigned		 n = 0, budget;
	int			 d;
	bool			 posted = false;

	if (pair >= vn->nqueues)
		return (0);
	q = &vn->q[2 * pair];
	/* A ring's worth at a time: a device cannot keep the CPU here. */
	for (budget = q->vq.size; !q->stopped && budget > 0; budget--) {
		r = vq_next_used(&q->vq, &id, &len);
		if (r == VQ_EMPTY)
			break;
		if (r != VQ_USED) {
			queue_error(vn, q, r, id, len);
			break;
		}
		if (len < NET_HDR_LEN)
			q->st.drops++;
		else {
			q->st.packets++;
			q->st.bytes += len - NET_HDR_LEN;
			n++;
			vn->rx(vn->arg, pair, q->buf + (size_t)id * BUF_STRIDE +
			    NET_HDR_LEN, len - NET_HDR_LEN);
		}
		/* Buffer d is free exactly when descriptor d is. */
		if ((d = vq_get(&q->vq)) >= 0) {
			post_rx(q, (uint16_t)d);
			posted = true;
		}
	}
	if (posted)
		vq_kick(&q->vq);
	return (n);
}

int
vnet_transmit(struct vnet *vn, unsigned pair, const void *frame, size_t len)
{
	struct vnet_queue	*q;
	enum vq_result		 r;
	uint8_t			*b;
	uint32_t		 id, ulen;
	int			 d;

	if (pair >= vn->info.pairs)
		return (-1);
	q = &vn->q[2 * pair + 1];
	while (!q->stopped &&
	    (r = vq_next_used(&q->vq, &id, &ulen)) != VQ_EMPTY)
		if (r != VQ_USED)
			queue_error(vn, q, r, id, ulen);
	if (q->stopped || len == 0 || len > VNET_FRAME_MAX ||
	    (d = vq_get(&q->vq)) < 0) {
		q->st.drops++;
		return (-1);
	}
	b = q->buf + (size_t)d * BUF_STRIDE;
	/* The 12-byte header: no offloads, num_buffers 0 (virtio 1.2, 5.1.6). */
	*(u64_any *)b = 0;
	*(uint32_t *)(b + 8) = 0;
	copy_(b + NET_HDR_LEN, frame, len);
	vq_set(&q->vq, (uint16_t)d, q->buf_phys + (uint64_t)d * BUF_STRIDE,
	    (uint32_t)(NET_HDR_LEN + len), 0, -1);
	vq_publish(&q->vq, (uint16_t)d);
	vq_kick(&q->vq);
	q->st.packets++;
	q->st.bytes += len;
	return (0);
}

void
vnet_interrupt(struct vnet *vn, unsigned vector, unsigned cpu)
{
	unsigned	pair;

	if (vector >= vn->nvec || cpu >= vn->info.cpus)
		return;
	vn->intr[vector * vn->info.cpus + cpu]++;
	if (vector == VNET_VECTOR_CONFIG) {
		if (vn->info.features & BIT(VIRTIO_NET_F_STATUS))
			vn->info.link_up = (virtio_pci_config_read(&vn->vp,
			    NET_CFG_STATUS, 2) & NET_S_LINK_UP) != 0;
		return;
	}
	pair = (vector - 1) / 2;
	if (vector % 2 == 1) {
		vn->q[2 * pair].st.interrupts++;
		vnet_poll(vn, pair);
	} else
		vn->q[2 * pair + 1].st.interrupts++;
}

bool
vnet_qstats(const struct vnet *vn, unsigned pair, bool tx,
    struct vnet_qstats *out)
{
	const struct vnet_qstats	*s;

	if (pair >= vn->nqueues)
		return (false);
	s = &vn->q[2 * pair + (tx ? 1 : 0)].st;
	out->packets = s->packets;
	out->bytes = s->bytes;
	out->drops = s->drops;
	out->errors = s->errors;
	out->interrupts = s->interrupts;
	return (true);
}

uint64_t
vnet_intr_count(const struct vnet *vn, unsigned vector, unsigned cpu)
{
	if (vector >= vn->nvec || cpu >= vn->info.cpus)
		return (0);
	return (vn->intr[vector * vn->info.cpus + cpu]);
}

unsigned
vnet_vector_cpu(const struct vnet *vn, unsigned vector)
{
	return (vector_cpu(vn, vector));
}

unsigned
vnet_vector_base(const struct vnet *vn)
{
	return (vn->vec_base);
}

unsigned
vnet_next_cpu(const struct vnet *vn)
{
	return ((vn->first_cpu % vn->info.cpus + vn->info.pairs) %
	    vn->info.cpus);
}
