/*
 * driver/hal.h for the x86 test guest: every service the driver uses,
 * built on the guest's own files.  Paging is off and nothing is above
 * 4 GiB, so mapping is the identity and a buffer's bus address is its
 * pointer.
 */
#include "../../driver/hal.h"
#include "guest.h"
#include "x86.h"

#define MSI_ADDR_BASE	0xfee00000u
#define MSI_VECTORS	(VEC_MSI_LAST - VEC_MSI_BASE + 1)

static msi_hook_fn	*msi_hook;
static void		*msi_arg;
static uint64_t		 msi_count[MSI_VECTORS][GUEST_MAXCPU];
static bool		 msi_taken[MSI_VECTORS];

uint32_t
hal_pci_read(hal_pci_t pci, uint16_t off, unsigned width)
{
	return (pci_read(pci, off, width));
}

void
hal_pci_write(hal_pci_t pci, uint16_t off, unsigned width, uint32_t val)
{
	pci_write(pci, off, width, val);
}

volatile void *
hal_mmio_map(uint64_t phys, size_t len)
{
	if (phys >= 0x100000000ull || len > 0x100000000ull - phys)
		return (NULL);
	return ((volatile void *)(uintptr_t)phys);
}

/*
 * One mov each, with a compiler barrier, so the access is exactly the
 * width asked for and stays in program order with the driver's plain
 * memory accesses (its rings).
 */
uint8_t
hal_mmio_read8(const volatile void *p)
{
	uint8_t	v;

	__asm__ volatile("movb %1, %0" : "=q"(v) :
	    "m"(*(const volatile uint8_t *)p) : "memory");
	return (v);
}

uint16_t
hal_mmio_read16(const volatile void *p)
{
	uint16_t v;

	__asm__ volatile("movw %1, %0" : "=r"(v) :
	    "m"(*(const volatile uint16_t *)p) : "memory");
	return (v);
}

uint32_t
hal_mmio_read32(const volatile void *p)
{
	uint32_t v;

	__asm__ volatile("movl %1, %0" : "=r"(v) :
	    "m"(*(const volatile uint32_t *)p) : "memory");
	return (v);
}

void
hal_mmio_write8(volatile void *p, uint8_t v)
{
	__asm__ volatile("movb %1, %0" : "=m"(*(volatile uint8_t *)p) :
	    "q"(v) : "memory");
}

void
hal_mmio_write16(volatile void *p, uint16_t v)
{
	__asm__ volatile("movw %1, %0" : "=m"(*(volatile uint16_t *)p) :
	    "r"(v) : "memory");
}

void
hal_mmio_write32(volatile void *p, uint32_t v)
{
	__asm__ volatile("movl %1, %0" : "=m"(*(volatile uint32_t *)p) :
	    "r"(v) : "memory");
}

void *
hal_dma_alloc(size_t len, size_t align, uint64_t *phys)
{
	void	*p;

	p = dma_alloc(len, align);
	if (p != NULL && phys != NULL)
		*phys = (uint64_t)(uintptr_t)p;
	return (p);
}

void
hal_dma_free(void *p, size_t len)
{
	dma_free(p, len);
}

unsigned
hal_cpu_count(void)
{
	return (smp_cpu_count());
}

static void
msi_entry(unsigned vec, unsigned cpu)
{
	unsigned	vector = vec - VEC_MSI_BASE;

	if (vector < MSI_VECTORS && cpu < GUEST_MAXCPU)
		msi_count[vector][cpu]++;
	if (msi_hook != NULL)
		msi_hook(msi_arg, vector, cpu);
}

/*
 * Each device takes a range of the IDT's MSI vectors of its own, first
 * fit; the program using the driver maps a vector back to its device
 * from vnet_vector_base().
 */
bool
hal_msi_alloc(hal_pci_t pci, unsigned count, unsigned *base)
{
	unsigned	b, i;

	(void)pci;
	if (count == 0 || count > MSI_VECTORS)
		return (false);
	for (b = 0; b + count <= MSI_VECTORS; b++) {
		for (i = 0; i < count && !msi_taken[b + i]; i++)
			;
		if (i == count) {
			for (i = 0; i < count; i++)
				msi_taken[b + i] = true;
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

	for (i = 0; i < count && base + i < MSI_VECTORS; i++)
		msi_taken[base + i] = false;
}

/*
 * Fixed delivery, edge, physical destination: the address names the
 * CPU's APIC ID, the data is the IDT vector.  All CPUs share one IDT, so
 * vector v is IDT vector 0x40 + v on every CPU, and the handler
 * learns which CPU took it from its own APIC ID.
 */
bool
hal_msi_message(unsigned cpu, unsigned vector, uint64_t *addr,
    uint32_t *data)
{
	uint32_t	apic;

	if (cpu >= smp_cpu_count() || vector >= MSI_VECTORS)
		return (false);
	apic = smp_apic_id(cpu);
	if (apic > 0xff)
		return (false);
	intr_register(VEC_MSI_BASE + vector, msi_entry);
	*addr = MSI_ADDR_BASE | apic << 12;
	*data = VEC_MSI_BASE + vector;
	return (true);
}

void
hal_set_msi_hook(msi_hook_fn *fn, void *arg)
{
	msi_arg = arg;
	__asm__ volatile("" : : : "memory");
	msi_hook = fn;
}

uint64_t
hal_msi_count(unsigned vector, unsigned cpu)
{
	if (vector >= MSI_VECTORS || cpu >= GUEST_MAXCPU)
		return (0);
	return (msi_count[vector][cpu]);
}

const char *
hal_manifest_get(const char *ifname, const char *key)
{
	return (manifest_get(ifname, key));
}

void
hal_log(const char *line)
{
	kprintf("log: %s\n", line);
}

/*
 * x86 keeps loads in order with loads and stores with stores for the
 * write-back memory the rings live in, and QEMU's device reads that
 * memory coherently; only a store followed by a load can pass, so only
 * hal_mb needs an instruction.  The others stop the compiler.
 */
void
hal_mb(void)
{
	__asm__ volatile("lock; addl $0, (%%esp)" : : : "memory", "cc");
}

void
hal_rmb(void)
{
	__asm__ volatile("" : : : "memory");
}

void
hal_wmb(void)
{
	__asm__ volatile("" : : : "memory");
}

void
hal_delay_us(unsigned us)
{
	tsc_delay_us(us);
}
