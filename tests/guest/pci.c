/*
 * PCI configuration mechanism #1 (ports 0xCF8/0xCFC).  It reaches the
 * first 256 bytes of each function only; offsets beyond read as all ones,
 * like a function that is not there, and writes to them are dropped.
 * The address/data pair is two port accesses, so a lock keeps CPUs from
 * crossing them.
 */
#include "guest.h"
#include "x86.h"

#define PCI_ADDR	0xcf8
#define PCI_DATA	0xcfc
#define PCI_ENABLE	0x80000000u

static struct spinlock	pci_lock;

static uint32_t
pci_addr(uint32_t bdf, uint16_t off)
{
	/* bdf is bus << 8 | dev << 3 | fn, as the HAL names functions. */
	return (PCI_ENABLE | (bdf & 0xffff) << 8 | (off & 0xfc));
}

static bool
pci_ok(uint16_t off, unsigned width)
{
	if (width != 1 && width != 2 && width != 4)
		return (false);
	return (off < 256 && (off & (width - 1)) == 0);
}

uint32_t
pci_read(uint32_t bdf, uint16_t off, unsigned width)
{
	uint32_t	flags, v;

	if (!pci_ok(off, width))
		return (width == 1 ? 0xff : width == 2 ? 0xffff : 0xffffffffu);
	flags = spin_lock(&pci_lock);
	outl(PCI_ADDR, pci_addr(bdf, off));
	if (width == 4)
		v = inl(PCI_DATA);
	else if (width == 2)
		v = inw(PCI_DATA + (off & 2));
	else
		v = inb(PCI_DATA + (off & 3));
	spin_unlock(&pci_lock, flags);
	return (v);
}

void
pci_write(uint32_t bdf, uint16_t off, unsigned width, uint32_t val)
{
	uint32_t	flags;

	if (!pci_ok(off, width))
		return;
	flags = spin_lock(&pci_lock);
	outl(PCI_ADDR, pci_addr(bdf, off));
	if (width == 4)
		outl(PCI_DATA, val);
	else if (width == 2)
		outw(PCI_DATA + (off & 2), (uint16_t)val);
	else
		outb(PCI_DATA + (off & 3), (uint8_t)val);
	spin_unlock(&pci_lock, flags);
}

/*
 * Visits every function on bus 0, which is all QEMU's pc machine has
 * without bridges.  Functions 1-7 are looked at only on multi-function
 * devices, since single-function ones may answer for every function.
 */
void
pci_scan(pci_visit_fn *fn, void *arg)
{
	unsigned	dev, f, nfn;
	uint32_t	bdf;

	for (dev = 0; dev < 32; dev++) {
		bdf = dev << 3;
		if (pci_read(bdf, 0x00, 2) == 0xffff)
			continue;
		nfn = (pci_read(bdf, 0x0e, 1) & 0x80) ? 8 : 1;
		for (f = 0; f < nfn; f++) {
			if (pci_read(bdf | f, 0x00, 2) == 0xffff)
				continue;
			fn(bdf | f, arg);
		}
	}
}
