/*
 * The device side of a split virtqueue (virtio 1.2 "Split Virtqueues"):
 * reading the available ring, walking and checking a descriptor chain,
 * writing the used ring, and the corruptions a test can ask for.
 *
 * Every access to driver memory goes through vdev_dma_map, so a bus
 * address that is not inside one live hal_dma_alloc allocation (a virtual
 * address given by mistake, memory freed too early, a length too long)
 * makes the model broken rather than touching host memory.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tests/vdev/vdev_impl.h"

#define VRING_DESC_F_NEXT	1u
#define VRING_DESC_F_WRITE	2u
#define VRING_DESC_F_INDIRECT	4u
#define VRING_AVAIL_F_NO_INTERRUPT 1u

void *
vdev_dma_map(struct vdev *vd, uint64_t bus, size_t len, const char *what)
{
	const struct vdev_dma	*d;

	if (!(vdev_command(vd) & PCI_CMD_MASTER)) {
		vdev_fail(vd, "device DMA (%s) with bus mastering disabled "
		    "(command 0x%04x)", what, vdev_command(vd));
		return (NULL);
	}
	if ((d = vdev_dma_find(vd, bus, len)) == NULL) {
		vdev_fail(vd, "DMA outside driver memory: %s at 0x%" PRIx64
		    "+%zu", what, bus, len);
		return (NULL);
	}
	return ((uint8_t *)d->ptr + (bus - d->bus));
}

static uint8_t *
avail_ring(struct vdev *vd, unsigned i)
{
	return (vdev_dma_map(vd, vd->q[i].avail, 4u + 2u * vdev_qsize(vd, i),
	    "available ring"));
}

/*
 * True with the next available head in *head, without consuming it (a
 * receive buffer too small for a frame stays posted).
 */
bool
vdev_ring_peek(struct vdev *vd, unsigned i, uint16_t *head)
{
	struct vdev_queue	*q = &vd->q[i];
	uint16_t		 size = vdev_qsize(vd, i), idx, n;
	uint8_t			*a;

	if ((a = avail_ring(vd, i)) == NULL)
		return (false);
	idx = vdev_get16(a + 2);
	/* The ring entries are read after the index that published them. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	n = (uint16_t)(idx - q->last_avail);
	if (n > size) {
		vdev_fail(vd, "queue %u: avail->idx moved from %u to %u, more "
		    "than the %u entries of the queue", i, q->last_avail, idx,
		    size);
		return (false);
	}
	if (n == 0)
		return (false);
	*head = vdev_get16(a + 4 + 2 * (q->last_avail % size));
	return (true);
}

void
vdev_ring_consume(struct vdev *vd, unsigned i)
{
	vd->q[i].last_avail++;
}

/* For the tests: never declares anything broken. */
unsigned
vdev_ring_pending(const struct vdev *vd, unsigned i)
{
	const struct vdev_queue	*q = &vd->q[i];
	const struct vdev_dma	*d;

	if (!q->enabled || (d = vdev_dma_find(vd, q->avail, 4)) == NULL)
		return (0);
	return ((uint16_t)(vdev_get16((uint8_t *)d->ptr +
	    (q->avail - d->bus) + 2) - q->last_avail));
}

bool
vdev_ring_no_interrupt(struct vdev *vd, unsigned i)
{
	uint8_t	*a;

	if ((a = avail_ring(vd, i)) == NULL)
		return (true);
	return ((vdev_get16(a) & VRING_AVAIL_F_NO_INTERRUPT) != 0);
}

/*
 * Walks the chain from head into vd->segs, checking what QEMU's
 * virtqueue_pop checks: indices in range, no loop, no zero-length buffer,
 * writable descriptors after the readable ones, every buffer in driver
 * memory.  INDIRECT is refused: the model never offers it.
 */
bool
vdev_ring_walk(struct vdev *vd, unsigned i, uint16_t head,
    struct vdev_chain *c)
{
	uint16_t	 size = vdev_qsize(vd, i), idx = head, flags;
	uint8_t		*dt, *p, *host;
	uint64_t	 addr;
	uint32_t	 len;
	bool		 w, seen_write = false;
	unsigned	 n = 0;

	memset(c, 0, sizeof(*c));
	c->head = head;
	if ((dt = vdev_dma_map(vd, vd->q[i].desc, 16u * size,
	    "descriptor table")) == NULL)
		return (false);
	for (;;) {
		if (idx >= size) {
			vdev_fail(vd, "queue %u: descriptor index %u out of "
			    "range (size %u)", i, idx, size);
			return (false);
		}
		if (n == size) {
			vdev_fail(vd, "queue %u: the chain from head %u is "
			    "longer than the queue (a loop?)", i, head);
			return (false);
		}
		p = dt + 16u * idx;
		addr = vdev_get64(p);
		len = vdev_get32(p + 8);
		flags = vdev_get16(p + 12);
		if (flags & VRING_DESC_F_INDIRECT) {
			vdev_fail(vd, "queue %u: descriptor %u is INDIRECT, "
			    "which was not negotiated", i, idx);
			return (false);
		}
		if (len == 0) {
			vdev_fail(vd, "queue %u: descriptor %u has length 0 "
			    "(zero sized buffers are not allowed)", i, idx);
			return (false);
		}
		w = (flags & VRING_DESC_F_WRITE) != 0;
		if (!w && seen_write) {
			vdev_fail(vd, "queue %u: device-readable descriptor %u "
			    "after a device-writable one", i, idx);
			return (false);
		}
		if ((host = vdev_dma_map(vd, addr, len, w ?
		    "device-writable buffer" : "device-readable buffer")) ==
		    NULL)
			return (false);
		vd->segs[n].p = host;
		vd->segs[n].len = len;
		vd->segs[n].write = w;
		n++;
		if (w) {
			c->wlen += len;
			seen_write = true;
		} else
			c->rlen += len;
		if (!(flags & VRING_DESC_F_NEXT))
			break;
		idx = vdev_get16(p + 14);
	}
	c->nseg = n;
	return (true);
}

static void
put_used(struct vdev *vd, unsigned i, uint32_t id, uint32_t len)
{
	struct vdev_queue	*q = &vd->q[i];
	uint16_t		 size = vdev_qsize(vd, i);
	uint8_t			*u, *e;

	if ((u = vdev_dma_map(vd, q->used, 4u + 8u * size, "used ring")) ==
	    NULL)
		return;
	e = u + 4 + 8u * (q->used_idx % size);
	vdev_put32(e, id);
	vdev_put32(e + 4, len);
	/* The entry must be visible before the index that publishes it. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	q->used_idx++;
	vdev_put16(u + 2, q->used_idx);
}

/*
 * An id the driver cannot have outstanding when it reads the entry: not
 * the head being used, not a head still waiting in the avail ring, not a
 * head an earlier corrupt entry kept from the driver.  Heads of earlier
 * used entries qualify: the driver takes those back before it reaches
 * this one.
 */
static bool
free_id(struct vdev *vd, unsigned i, uint16_t head, uint32_t *id)
{
	struct vdev_queue	*q = &vd->q[i];
	uint16_t		 size = vdev_qsize(vd, i), n, j, h;
	uint8_t			*a;
	unsigned		 k;

	if ((a = avail_ring(vd, i)) == NULL)
		return (false);
	if (q->lost != NULL)
		memcpy(vd->marks, q->lost, size);
	else
		memset(vd->marks, 0, size);
	vd->marks[head] = 1;
	n = (uint16_t)(vdev_get16(a + 2) - q->last_avail);
	if (n > size)
		n = size;
	for (j = 0; j < n; j++) {
		h = vdev_get16(a + 4 + 2 * ((uint16_t)(q->last_avail + j) %
		    size));
		if (h < size)
			vd->marks[h] = 1;
	}
	for (k = 0; k < size; k++)
		if (!vd->marks[k]) {
			*id = k;
			return (true);
		}
	return (false);
}

/*
 * Returns head with len bytes written (wlen: the chain's writable bytes),
 * unless a corruption is pending on the queue.
 */
void
vdev_ring_push(struct vdev *vd, unsigned i, uint16_t head, uint32_t len,
    size_t wlen)
{
	struct vdev_queue	*q = &vd->q[i];
	uint32_t		 id = head;
	bool			 dup = false;

	if (q->corrupt) {
		q->corrupt = false;
		switch (q->corruption) {
		case VDEV_ID_OUT_OF_RANGE:
			id = (uint32_t)vdev_qsize(vd, i) + 7;
			break;
		case VDEV_ID_NOT_IN_FLIGHT:
			if (!free_id(vd, i, head, &id))
				dup = true;
			break;
		case VDEV_LEN_TOO_LARGE:
			len = (uint32_t)wlen + 100;
			break;
		}
	}
	if (id != head && !dup) {
		/* The driver keeps this head in flight for good. */
		if (q->lost == NULL &&
		    (q->lost = calloc(vd->scratch_len, 1)) == NULL)
			vdev_die("out of memory");
		q->lost[head] = 1;
	}
	put_used(vd, i, id, len);
	if (dup)
		put_used(vd, i, head, len);
}
