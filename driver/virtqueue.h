/*
 * A split virtqueue (virtio 1.2, 2.7) seen from the driver.
 *
 * The rings live in memory the device can write; the driver keeps its own
 * copy of everything it needs (each descriptor's buffer, chain and
 * writable capacity, which chains are in flight), so a device that
 * scribbles on the rings can make the driver stop the queue, never make
 * it use a bad index or length.
 */
#ifndef DRIVER_VIRTQUEUE_H
#define DRIVER_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VQ_DESC_F_NEXT		1
#define VQ_DESC_F_WRITE		2
#define VQ_AVAIL_F_NO_INTERRUPT	1
#define VQ_USED_F_NO_NOTIFY	1

struct vq_slot;

struct virtqueue {
	uint16_t		 index;		/* the device's queue number */
	uint16_t		 size;		/* a power of two */
	uint16_t		 avail_idx;	/* next avail->idx to publish */
	uint16_t		 last_used;	/* next used entry to read */
	uint16_t		 nfree;
	volatile uint8_t	*desc;
	volatile uint8_t	*avail;
	volatile uint8_t	*used;
	uint64_t		 desc_phys, avail_phys, used_phys;
	volatile void		*notify;
	void			*ring;		/* the one allocation above */
	size_t			 ring_len;
	struct vq_slot		*slot;		/* private, per descriptor */
	uint16_t		*free;		/* stack of free descriptors */
	size_t			 priv_len;
};

enum vq_result {
	VQ_EMPTY,		/* nothing new in the used ring */
	VQ_USED,		/* *id and *len describe a finished chain */
	VQ_BAD_INDEX,		/* used->idx ran more than size ahead */
	VQ_BAD_ID,		/* *id is not a descriptor of the ring */
	VQ_NOT_IN_FLIGHT,	/* *id is not a chain the device holds */
	VQ_BAD_LEN,		/* *len exceeds the chain's writable bytes */
};

/* Allocates and zeroes the rings and the private state; false if out. */
bool		 vq_init(struct virtqueue *vq, uint16_t index, uint16_t size);
void		 vq_fini(struct virtqueue *vq);

/* Takes a free descriptor; -1 when none is left. */
int		 vq_get(struct virtqueue *vq);
/*
 * Points descriptor id at len bytes at phys; flags VQ_DESC_F_WRITE for a
 * buffer the device fills; next >= 0 chains to that descriptor.
 */
void		 vq_set(struct virtqueue *vq, uint16_t id, uint64_t phys,
		    uint32_t len, uint16_t flags, int next);
/* Hands the chain starting at head to the device (not yet notified). */
void		 vq_publish(struct virtqueue *vq, uint16_t head);
/* Notifies the device unless it asked not to be. */
void		 vq_kick(struct virtqueue *vq);

/*
 * The next finished chain: on VQ_USED its descriptors are free again and
 * *id, *len tell which and how much the device wrote; any VQ_BAD_* leaves
 * the offending value in *id or *len and the ring as it was.
 */
enum vq_result	 vq_next_used(struct virtqueue *vq, uint32_t *id,
		    uint32_t *len);

/* Asks the device not to interrupt for this queue (a hint). */
void		 vq_no_interrupt(struct virtqueue *vq);

#endif /* DRIVER_VIRTQUEUE_H */
