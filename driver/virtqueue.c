/*
 * Split virtqueues (driver/virtqueue.h).  Layout (virtio 1.2, 2.7):
 *
 *	descriptors	16 bytes each, 16-aligned
 *	avail		flags, idx, ring[size] (le16), 2-aligned
 *	used		flags, idx, ring[size] of {id le32, len le32}, 4-aligned
 *
 * Little-endian hosts only, like virtio 1.x itself on x86.
 */
#include "hal.h"
#include "virtqueue.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the driver assumes a little-endian CPU"
#endif

struct vq_slot {
	uint64_t	addr;
	uint32_t	len;
	uint32_t	cap;		/* writable bytes of the chain (heads) */
	uint16_t	flags;
	uint16_t	next;
	uint8_t		in_flight;	/* head of a chain the device holds */
};

#define DESC_ADDR(i)	((size_t)(i) * 16)
#define DESC_LEN(i)	((size_t)(i) * 16 + 8)
#define DESC_FLAGS(i)	((size_t)(i) * 16 + 12)
#define DESC_NEXT(i)	((size_t)(i) * 16 + 14)

static size_t
align_up(size_t v, size_t a)
{
	return ((v + a - 1) & ~(a - 1));
}

bool
vq_init(struct virtqueue *vq, uint16_t index, uint16_t size)
{
	size_t		 avail_off, used_off;
	uint64_t	 phys, priv_phys;
	uint8_t		*priv;
	uint16_t	 i;

	avail_off = (size_t)size * 16;
	used_off = align_up(avail_off + 6 + 2 * (size_t)size, 4);
	vq->ring_len = used_off + 6 + 8 * (size_t)size;
	vq->priv_len = (size_t)size * sizeof(struct vq_slot) +
	    (size_t)size * sizeof(uint16_t);
	if ((vq->ring = hal_dma_alloc(vq->ring_len, 4096, &phys)) == 0)
		return (false);
	if ((priv = hal_dma_alloc(vq->priv_len, 8, &priv_phys)) == 0) {
		hal_dma_free(vq->ring, vq->ring_len);
		return (false);
	}
	vq->index = index;
	vq->size = size;
	vq->avail_idx = vq->last_used = 0;
	vq->desc = (volatile uint8_t *)vq->ring;
	vq->avail = vq->desc + avail_off;
	vq->used = vq->desc + used_off;
	vq->desc_phys = phys;
	vq->avail_phys = phys + avail_off;
	vq->used_phys = phys + used_off;
	vq->notify = 0;
	vq->slot = (struct vq_slot *)priv;
	vq->free = (uint16_t *)(priv + (size_t)size * sizeof(struct vq_slot));
	/* Popped from the top: descriptor 0 first, which reads well. */
	for (i = 0; i < size; i++)
		vq->free[i] = (uint16_t)(size - 1 - i);
	vq->nfree = size;
	return (true);
}

void
vq_fini(struct virtqueue *vq)
{
	if (vq->ring == 0)
		return;
	hal_dma_free(vq->ring, vq->ring_len);
	hal_dma_free(vq->slot, vq->priv_len);
	vq->ring = 0;
}

int
vq_get(struct virtqueue *vq)
{
	if (vq->nfree == 0)
		return (-1);
	return (vq->free[--vq->nfree]);
}

void
vq_set(struct virtqueue *vq, uint16_t id, uint64_t phys, uint32_t len,
    uint16_t flags, int next)
{
	struct vq_slot	*s = &vq->slot[id];

	s->addr = phys;
	s->len = len;
	s->flags = flags;
	s->next = 0;
	if (next >= 0) {
		s->flags |= VQ_DESC_F_NEXT;
		s->next = (uint16_t)next;
	}
}

void
vq_publish(struct virtqueue *vq, uint16_t head)
{
	struct vq_slot	*s;
	uint32_t	 cap = 0;
	uint16_t	 i = head, n;

	/*
	 * Write the descriptors from the private copy: whatever the device
	 * left in the table is overwritten.  The chain is ours, so the walk
	 * ends; the bound guards against a bug here, not the device.
	 */
	for (n = 0; n < vq->size; n++) {
		s = &vq->slot[i];
		*(volatile uint64_t *)(vq->desc + DESC_ADDR(i)) = s->addr;
		*(volatile uint32_t *)(vq->desc + DESC_LEN(i)) = s->len;
		*(volatile uint16_t *)(vq->desc + DESC_FLAGS(i)) = s->flags;
		*(volatile uint16_t *)(vq->desc + DESC_NEXT(i)) = s->next;
		if (s->flags & VQ_DESC_F_WRITE)
			cap += s->len;
		if ((s->flags & VQ_DESC_F_NEXT) == 0)
			break;
		i = s->next;
	}
	vq->slot[head].cap = cap;
	vq->slot[head].in_flight = 1;
	*(volatile uint16_t *)(vq->avail + 4 + 2 *
	    (size_t)(vq->avail_idx & (vq->size - 1))) = head;
	/* The entry must be visible before the index that publishes it. */
	hal_wmb();
	vq->avail_idx++;
	*(volatile uint16_t *)(vq->avail + 2) = vq->avail_idx;
}

void
vq_kick(struct virtqueue *vq)
{
	/* Publish avail->idx before reading whether to notify. */
	hal_mb();
	if ((*(volatile uint16_t *)vq->used & VQ_USED_F_NO_NOTIFY) == 0)
		hal_mmio_write16(vq->notify, vq->index);
}

void
vq_no_interrupt(struct virtqueue *vq)
{
	*(volatile uint16_t *)vq->avail = VQ_AVAIL_F_NO_INTERRUPT;
}

enum vq_result
vq_next_used(struct virtqueue *vq, uint32_t *id, uint32_t *len)
{
	volatile uint8_t	*e;
	struct vq_slot		*s;
	uint16_t		 used_idx, i, n;

	used_idx = *(volatile uint16_t *)(vq->used + 2);
	if (used_idx == vq->last_used)
		return (VQ_EMPTY);
	if ((uint16_t)(used_idx - vq->last_used) > vq->size) {
		*id = used_idx;
		return (VQ_BAD_INDEX);
	}
	/* Read the entry only after seeing the index that covers it. */
	hal_rmb();
	e = vq->used + 4 + 8 * (size_t)(vq->last_used & (vq->size - 1));
	*id = *(volatile uint32_t *)e;
	*len = *(volatile uint32_t *)(e + 4);
	if (*id >= vq->size)
		return (VQ_BAD_ID);
	s = &vq->slot[*id];
	if (!s->in_flight)
		return (VQ_NOT_IN_FLIGHT);
	if (*len > s->cap)
		return (VQ_BAD_LEN);
	s->in_flight = 0;
	vq->last_used++;
	/* Free the chain by the private links, not the device's table. */
	for (i = (uint16_t)*id, n = 0; n < vq->size; n++) {
		vq->free[vq->nfree++] = i;
		if ((vq->slot[i].flags & VQ_DESC_F_NEXT) == 0)
			break;
		i = vq->slot[i].next;
	}
	return (VQ_USED);
}
