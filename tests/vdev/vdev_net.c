/*
 * virtio-net on top of the transport: the device configuration, frames
 * injected into receive queues, frames taken from transmit queues into
 * per-pair outboxes, and the control queue (VQ_PAIRS_SET), as QEMU 7.2's
 * virtio-net does them (reference: virtio-mq.md sections 5 and 9).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tests/vdev/vdev_impl.h"

#define VNET_OK			0
#define VNET_ERR		1
#define VNET_CTRL_MQ		4
#define VNET_CTRL_MQ_VQ_PAIRS_SET 0
#define VNET_S_LINK_UP		1

static const uint8_t	mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

int
vdev_net_init(struct vdev *vd)
{
	unsigned	n = vd->k.queue_size;

	if (vd->k.ctrl_queue_size > n)
		n = vd->k.ctrl_queue_size;
	vd->scratch_len = n > 0 ? n : 1;
	vd->segs = calloc(vd->scratch_len, sizeof(*vd->segs));
	vd->marks = calloc(vd->scratch_len, 1);
	/* The frame rings themselves come with the first frame. */
	vd->out = calloc(vd->pairs, sizeof(*vd->out));
	if (vd->segs == NULL || vd->marks == NULL || vd->out == NULL)
		return (-1);
	return (0);
}

void
vdev_net_fini(struct vdev *vd)
{
	struct vdev_outbox	*o;
	unsigned		 p;
	size_t			 j;

	for (p = 0; vd->out != NULL && p < vd->pairs; p++) {
		o = &vd->out[p];
		for (j = 0; j < o->count; j++)
			free(o->ring[(o->head + j) % VDEV_OUTBOX_MAX].data);
		free(o->ring);
	}
	free(vd->out);
	free(vd->segs);
	free(vd->marks);
}

void
vdev_net_reset(struct vdev *vd)
{
	vd->curr_pairs = 1;
	vd->ctrl_waiting = false;
	vd->ctrl_left = 0;
}

/* virtio_net_config up to the last field the offered features include. */
uint32_t
vdev_net_config_len(const struct vdev *vd)
{
	if (vd->offered & VF_MQ)
		return (10);
	if (vd->offered & VF_STATUS)
		return (8);
	return (6);
}

/*
 * Read-only for a modern driver.  Field widths are enforced as the spec
 * requires of the driver (8-bit mac bytes, 16-bit status and
 * max_virtqueue_pairs); beyond the structure reads are all ones, as QEMU.
 * config_generation_flips: the first N reads are torn (see vdev.h).
 */
void
vdev_net_config_access(struct vdev *vd, uint32_t off, unsigned width,
    bool write, uint32_t *val)
{
	unsigned	want = off < 6 ? 1 : 2;
	bool		torn = false;
	uint16_t	v;

	if (write) {
		vdev_fail(vd, "device config: %u-byte write at 0x%x; "
		    "virtio-net's configuration is read-only", width, off);
		return;
	}
	if (off >= vdev_net_config_len(vd))
		return;
	if (width != want || off % want != 0) {
		vdev_fail(vd, "device config: %u-byte read at 0x%x; the field "
		    "there takes %u-byte reads", width, off, want);
		return;
	}
	if (vd->flips_left > 0) {
		vd->flips_left--;
		vd->generation++;
		torn = true;
	}
	if (off < 6)
		v = mac[off] ^ (torn ? 0x80 : 0);
	else if (off == 6) {
		v = 0;
		if (vd->offered & VF_STATUS)
			v = (vd->link_up ? VNET_S_LINK_UP : 0) ^
			    (torn ? VNET_S_LINK_UP : 0);
	} else {
		v = vd->k.max_pairs;
		if (torn)
			v = v == 1 ? 2 : 1;
	}
	*val = v;
}

static void
gather(const struct vdev *vd, const struct vdev_chain *c, uint8_t *buf)
{
	unsigned	s;

	for (s = 0; s < c->nseg; s++)
		if (!vd->segs[s].write) {
			memcpy(buf, vd->segs[s].p, vd->segs[s].len);
			buf += vd->segs[s].len;
		}
}

static void
scatter(const struct vdev *vd, const struct vdev_chain *c,
    const uint8_t *src, size_t n)
{
	unsigned	s;
	size_t		take;

	for (s = 0; s < c->nseg && n > 0; s++)
		if (vd->segs[s].write) {
			take = n < vd->segs[s].len ? n : vd->segs[s].len;
			memcpy(vd->segs[s].p, src, take);
			src += take;
			n -= take;
		}
}

static void
outbox_put(struct vdev *vd, unsigned pair, const uint8_t *frame, size_t len)
{
	struct vdev_outbox	*o = &vd->out[pair];
	struct vdev_frame	*f;

	if (o->ring == NULL &&
	    (o->ring = calloc(VDEV_OUTBOX_MAX, sizeof(*o->ring))) == NULL)
		vdev_die("out of memory");
	if (o->count == VDEV_OUTBOX_MAX) {
		o->dropped++;
		return;
	}
	f = &o->ring[(o->head + o->count) % VDEV_OUTBOX_MAX];
	if ((f->data = malloc(len > 0 ? len : 1)) == NULL)
		vdev_die("out of memory");
	memcpy(f->data, frame, len);
	f->len = len;
	o->count++;
}

/*
 * QEMU's virtio_net_flush_tx: every available chain is one frame behind a
 * 12-byte header, used with length 0.  Header rules: flags 0 without
 * CSUM, gso_type NONE without a host offload (virtio 1.2, "Packet
 * Transmission").  With STATUS offered and the link down the frames are
 * used and dropped, as QEMU drops queued data.
 */
static void
transmit(struct vdev *vd, unsigned i)
{
	unsigned		 pair = i / 2;
	struct vdev_chain	 c;
	uint16_t		 head;
	uint8_t			*buf;
	bool			 any = false;

	if (pair >= vd->curr_pairs) {
		vdev_fail(vd, "transmitq %u used with %u pair(s) enabled; "
		    "only the pairs VQ_PAIRS_SET enabled may transmit", pair,
		    vd->curr_pairs);
		return;
	}
	while (!vd->halted && vdev_ring_peek(vd, i, &head)) {
		if (!vdev_ring_walk(vd, i, head, &c))
			break;
		vdev_ring_consume(vd, i);
		if (c.wlen != 0) {
			vdev_fail(vd, "transmitq %u: chain from head %u has "
			    "device-writable descriptors", pair, head);
			break;
		}
		if (c.rlen < VNET_HDR_LEN) {
			vdev_fail(vd, "transmitq %u: chain from head %u holds "
			    "%zu bytes, less than the virtio_net_hdr", pair,
			    head, c.rlen);
			break;
		}
		if ((buf = malloc(c.rlen)) == NULL)
			vdev_die("out of memory");
		gather(vd, &c, buf);
		if (buf[0] != 0 && !vdev_has(vd, VF_CSUM))
			vdev_fail(vd, "transmitq %u: header flags 0x%02x "
			    "without VIRTIO_NET_F_CSUM", pair, buf[0]);
		else if (buf[1] != 0 && !(vd->accepted & vd->offered &
		    (VF_HOST_TSO4 | VF_HOST_TSO6 | VF_HOST_UFO | VF_HOST_USO)))
			vdev_fail(vd, "transmitq %u: header gso_type 0x%02x "
			    "without a host segmentation feature", pair,
			    buf[1]);
		else if ((vd->offered & VF_STATUS) && !vd->link_up)
			vd->out[pair].dropped++;
		else
			outbox_put(vd, pair, buf + VNET_HDR_LEN,
			    c.rlen - VNET_HDR_LEN);
		free(buf);
		if (vd->halted)
			break;
		vdev_ring_push(vd, i, head, 0, 0);
		any = true;
	}
	if (any && !vdev_ring_no_interrupt(vd, i))
		vdev_raise_queue(vd, i);
}

/*
 * virtio_net_handle_mq: VQ_PAIRS_SET(n) succeeds for 1 <= n <= the
 * device's pairs with MQ negotiated.  The spec has the driver configure
 * the queues before enabling them with the command: enabling a pair whose
 * queues are not enabled is a broken driver.
 */
static uint8_t
command(struct vdev *vd, uint8_t cls, uint8_t cmd, const uint8_t *data,
    size_t len)
{
	unsigned	n, p;

	if (cls != VNET_CTRL_MQ || cmd != VNET_CTRL_MQ_VQ_PAIRS_SET)
		return (VNET_ERR);
	if (!vdev_has(vd, VF_MQ) || len < 2)
		return (VNET_ERR);
	n = vdev_get16(data);
	if (n < 1 || n > 0x8000 || n > vd->pairs || vd->k.refuse_pairs_set)
		return (VNET_ERR);
	for (p = 0; p < n; p++)
		if (!vd->q[2 * p].enabled || !vd->q[2 * p + 1].enabled) {
			vdev_fail(vd, "VQ_PAIRS_SET(%u) with pair %u's queues "
			    "not enabled; configure queues before enabling "
			    "them", n, p);
			return (VNET_ERR);
		}
	vd->curr_pairs = n;
	return (VNET_OK);
}

/* virtio_net_handle_ctrl_iov: class, command, data readable; ack writable. */
static void
control(struct vdev *vd, unsigned i)
{
	struct vdev_chain	 c;
	uint16_t		 head;
	uint8_t			*buf, ack;
	unsigned		 s;
	bool			 any = false;

	while (!vd->halted && vdev_ring_peek(vd, i, &head)) {
		if (!vdev_ring_walk(vd, i, head, &c))
			break;
		vdev_ring_consume(vd, i);
		if (c.rlen < 2 || c.wlen < 1) {
			vdev_fail(vd, "virtio-net ctrl missing headers (head "
			    "%u: %zu readable, %zu writable bytes)", head,
			    c.rlen, c.wlen);
			break;
		}
		if ((buf = malloc(c.rlen)) == NULL)
			vdev_die("out of memory");
		gather(vd, &c, buf);
		ack = command(vd, buf[0], buf[1], buf + 2, c.rlen - 2);
		free(buf);
		if (vd->halted)
			break;
		for (s = 0; !vd->segs[s].write; s++)
			continue;
		vd->segs[s].p[0] = ack;
		vdev_ring_push(vd, i, head, 1, c.wlen);
		any = true;
	}
	if (any && !vdev_ring_no_interrupt(vd, i))
		vdev_raise_queue(vd, i);
}

static unsigned
ctrl_index(const struct vdev *vd)
{
	return (vdev_has(vd, VF_MQ) ? 2 * vd->pairs : 2);
}

/* A notification for queue i, with DRIVER_OK set. */
void
vdev_net_notify(struct vdev *vd, unsigned i)
{
	switch (vdev_qrole(vd, i)) {
	case VQ_TX:
		transmit(vd, i);
		break;
	case VQ_CTRL:
		/* Without CTRL_VQ there is no control queue to serve. */
		if (!vdev_has(vd, VF_CTRL_VQ))
			break;
		if (vd->k.ctrl_delay == 0)
			control(vd, i);
		else if (!vd->ctrl_waiting) {
			vd->ctrl_waiting = true;
			vd->ctrl_left = vd->k.ctrl_delay;
		}
		break;
	default:
		/* Receive buffers are taken when a frame arrives. */
		break;
	}
}

/* One hal_delay_us call: the control queue may be due. */
void
vdev_net_tick(struct vdev *vd)
{
	if (!vd->ctrl_waiting || vd->k.ctrl_delay == UINT_MAX)
		return;
	if (--vd->ctrl_left > 0)
		return;
	vd->ctrl_waiting = false;
	if (!vd->halted && (vd->status & VS_DRIVER_OK))
		control(vd, ctrl_index(vd));
}

/*
 * virtio_net_receive_rcu without MRG_RXBUF (and with it, one buffer per
 * frame): the frame goes in the next buffer whole or not at all.
 */
int
vdev_inject_rx(struct vdev *vd, unsigned pair, const void *frame, size_t len)
{
	struct vdev_chain	 c;
	unsigned		 i = 2 * pair;
	uint16_t		 head;
	uint8_t			*buf = NULL;
	int			 rc = -1;

	if (len > UINT32_MAX - VNET_HDR_LEN || (frame == NULL && len > 0))
		vdev_die("vdev_inject_rx: bad frame (%zu bytes)", len);
	vdev_enter(vd);
	if (vd->halted || !(vd->status & VS_DRIVER_OK) ||
	    pair >= vd->curr_pairs || !vd->q[i].enabled)
		goto out;
	if ((vd->offered & VF_STATUS) && !vd->link_up)
		goto out;
	if (!vdev_ring_peek(vd, i, &head) || !vdev_ring_walk(vd, i, head, &c))
		goto out;
	if (c.wlen == 0) {
		vdev_fail(vd, "virtio-net receive queue contains no in buffers "
		    "(receiveq %u, head %u)", pair, head);
		goto out;
	}
	if (c.wlen < VNET_HDR_LEN + len)
		goto out;
	vdev_ring_consume(vd, i);
	if ((buf = calloc(1, VNET_HDR_LEN + len)) == NULL)
		vdev_die("out of memory");
	vdev_put16(buf + 10, 1);	/* num_buffers */
	if (len > 0)
		memcpy(buf + VNET_HDR_LEN, frame, len);
	scatter(vd, &c, buf, VNET_HDR_LEN + len);
	vdev_ring_push(vd, i, head, (uint32_t)(VNET_HDR_LEN + len), c.wlen);
	if (!vdev_ring_no_interrupt(vd, i))
		vdev_raise_queue(vd, i);
	rc = vd->halted ? -1 : 0;
out:
	free(buf);
	vdev_leave(vd);
	return (rc);
}

static void
pair_arg(const struct vdev *vd, unsigned pair, const char *fn)
{
	if (pair >= vd->pairs)
		vdev_die("%s: pair %u, the device has %u", fn, pair,
		    vd->pairs);
}

size_t
vdev_tx_pop(struct vdev *vd, unsigned pair, void *buf, size_t cap)
{
	struct vdev_outbox	*o;
	struct vdev_frame	*f;
	size_t			 len;

	pair_arg(vd, pair, "vdev_tx_pop");
	o = &vd->out[pair];
	if (o->count == 0)
		return (0);
	f = &o->ring[o->head];
	len = f->len;
	if (buf != NULL)
		memcpy(buf, f->data, len < cap ? len : cap);
	free(f->data);
	f->data = NULL;
	o->head = (o->head + 1) % VDEV_OUTBOX_MAX;
	o->count--;
	return (len);
}

size_t
vdev_tx_pending(const struct vdev *vd, unsigned pair)
{
	pair_arg(vd, pair, "vdev_tx_pending");
	return (vd->out[pair].count);
}

uint64_t
vdev_tx_dropped(const struct vdev *vd, unsigned pair)
{
	pair_arg(vd, pair, "vdev_tx_dropped");
	return (vd->out[pair].dropped);
}

unsigned
vdev_rx_posted(const struct vdev *vd, unsigned pair)
{
	pair_arg(vd, pair, "vdev_rx_posted");
	return (vdev_ring_pending(vd, 2 * pair));
}
