/*
 * What the virtio-net driver needs from the system it runs in: the whole
 * list.  The driver (the .c files of driver/) is freestanding; every service it uses is
 * one of these functions, supplied at link time by its environment:
 *
 *	tests/guest/hal.c	the x86 test guest run by QEMU
 *	tests/vdev/		the software device model of the host tests
 *
 * A unikernel porting the driver implements this file and nothing else.
 * `nm -u` on the driver's objects lists only hal_* names (make check
 * asserts it).
 *
 * Threading: the driver never calls the HAL from two CPUs for the same
 * device at once except hal_mmio_*, hal_*mb and hal_log, which must be safe
 * to call from interrupt context on any CPU.
 */
#ifndef DRIVER_HAL_H
#define DRIVER_HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A PCI function as the environment names it (bus << 8 | dev << 3 | fn). */
typedef uint32_t hal_pci_t;

/*
 * PCI configuration space.  width is 1, 2 or 4 and off is aligned to it;
 * values are in host order.  Reads of a function that does not exist
 * return all ones, as on real hardware.
 */
uint32_t	hal_pci_read(hal_pci_t pci, uint16_t off, unsigned width);
void		hal_pci_write(hal_pci_t pci, uint16_t off, unsigned width,
		    uint32_t val);

/*
 * Makes len bytes of device memory at bus address phys accessible, or
 * returns NULL when it cannot (a 32-bit guest cannot reach a BAR above
 * 4 GiB).  The pointer is only ever used through hal_mmio_*: device
 * memory has side effects, so it is never read or written directly.
 */
volatile void	*hal_mmio_map(uint64_t phys, size_t len);
uint8_t		 hal_mmio_read8(const volatile void *p);
uint16_t	 hal_mmio_read16(const volatile void *p);
uint32_t	 hal_mmio_read32(const volatile void *p);
void		 hal_mmio_write8(volatile void *p, uint8_t v);
void		 hal_mmio_write16(volatile void *p, uint16_t v);
void		 hal_mmio_write32(volatile void *p, uint32_t v);

/*
 * Zeroed memory the device can reach by DMA, aligned to align (a power of
 * two, at most 4096), with its bus address stored in *phys; the driver
 * allocates all its memory here, descriptors and bookkeeping alike.
 * Returns NULL when there is not enough.  hal_dma_free takes back exactly
 * what one hal_dma_alloc gave, with the same len.
 */
void		*hal_dma_alloc(size_t len, size_t align, uint64_t *phys);
void		 hal_dma_free(void *p, size_t len);

/* CPUs that can take interrupts, numbered 0 to hal_cpu_count() - 1. */
unsigned	 hal_cpu_count(void);

/*
 * Interrupt vectors are the environment's, shared by every device: each
 * device takes its own range.  hal_msi_alloc reserves count consecutive
 * vectors for the device pci and stores the first in *base; false when
 * the environment has not that many left.  hal_msi_free gives back
 * exactly one such range.  Table entry v of the device is then aimed
 * with the message for vector base + v, and the environment routes that
 * vector back to the device's vnet_interrupt(vn, v, cpu): the driver
 * keeps no table of devices.
 */
bool		 hal_msi_alloc(hal_pci_t pci, unsigned count, unsigned *base);
void		 hal_msi_free(unsigned base, unsigned count);

/*
 * The MSI-X message that delivers the environment's interrupt vector
 * (base + v of a range hal_msi_alloc gave) to cpu.  Returns false when it
 * cannot (no such CPU, vector out of the environment's range).
 */
bool		 hal_msi_message(unsigned cpu, unsigned vector, uint64_t *addr,
		    uint32_t *data);

/*
 * The manifest's value for key in the interface's tuple (ops
 * ManifestPassthrough "en1": {"io-queues": "2"}), as a NUL-terminated
 * string, or NULL when the interface or the key is absent.  The string
 * stays valid until the driver is detached.
 */
const char	*hal_manifest_get(const char *ifname, const char *key);

/* One log line, without a newline; the driver never logs per packet. */
void		 hal_log(const char *line);

/*
 * Memory ordering between the driver and the device: hal_wmb orders
 * stores before stores, hal_rmb loads before loads, hal_mb everything
 * (a store that must be seen before a following load, as when publishing
 * avail->idx and then reading used->flags).
 */
void		 hal_mb(void);
void		 hal_rmb(void);
void		 hal_wmb(void);

/* Waits at least us microseconds; used only while polling with a bound. */
void		 hal_delay_us(unsigned us);

#endif /* DRIVER_HAL_H */
