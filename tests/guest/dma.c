/*
 * DMA memory for the driver: a bump allocator over the RAM after the
 * kernel image.  Paging is off, so an address is its own bus address.
 *
 * Allocations are remembered on a stack.  A free marks its entry, and
 * marked entries on top are popped, moving the bump pointer back; so
 * once everything is freed, in any order, the arena is whole again,
 * which lets a test attach and detach repeatedly.  A free that matches
 * no allocation, or a wrong length, is counted and logged, not trusted.
 */
#include "guest.h"
#include "x86.h"

#define DMA_TRACK	1024

struct dma_rec {
	uint32_t	start;
	uint32_t	len;
	uint32_t	prev;		/* the bump pointer before it */
	bool		freed;
};

static struct spinlock	dma_lock;
static struct dma_rec	recs[DMA_TRACK];
static unsigned		nrec;
static uint32_t		arena_start, arena_end, next;
static uint32_t		bad_frees;

void
dma_init(uint32_t start, uint32_t end)
{
	arena_start = next = start;
	arena_end = end;
}

void *
dma_alloc(size_t len, size_t align)
{
	uint32_t	flags, p;
	void		*ret = NULL;

	if (len == 0 || align == 0 || (align & (align - 1)) != 0)
		return (NULL);
	flags = spin_lock(&dma_lock);
	p = (next + (uint32_t)align - 1) & ~((uint32_t)align - 1);
	if (p >= next && p <= arena_end && arena_end - p >= len) {
		/* Past DMA_TRACK an allocation is simply never reclaimed. */
		if (nrec < DMA_TRACK)
			recs[nrec++] = (struct dma_rec){ p, (uint32_t)len,
			    next, false };
		next = p + (uint32_t)len;
		ret = (void *)(uintptr_t)p;
	}
	spin_unlock(&dma_lock, flags);
	if (ret != NULL)
		memset(ret, 0, len);
	return (ret);
}

void
dma_free(void *ptr, size_t len)
{
	uint32_t	flags, p = (uint32_t)(uintptr_t)ptr;
	unsigned	i;
	bool		ok = false;

	if (ptr == NULL)
		return;
	flags = spin_lock(&dma_lock);
	for (i = nrec; i-- > 0;) {
		if (recs[i].start == p && !recs[i].freed) {
			ok = recs[i].len == len;
			if (ok)
				recs[i].freed = true;
			break;
		}
	}
	while (nrec > 0 && recs[nrec - 1].freed)
		next = recs[--nrec].prev;
	if (!ok)
		bad_frees++;
	spin_unlock(&dma_lock, flags);
	if (!ok)
		kprintf("log: dma: free of %p len %zu matches no allocation\n",
		    ptr, len);
}

void
dma_stats(uint32_t *arena, uint32_t *used, uint32_t *bad)
{
	*arena = arena_end - arena_start;
	*used = next - arena_start;
	*bad = bad_frees;
}
