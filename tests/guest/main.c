/*
 * The guest's life: bring the machine up, print what it found as one
 * fact per line ("cpus 4", "pci 00:03.0 1af4:1000", ...) for the runner
 * to check, run the smoke tests, then, in the driver build, hand the
 * NIC to echo.c.  The status it ends with is QEMU's exit status (as
 * 2 * status + 1).
 */
#include "guest.h"
#include "x86.h"

#define MB_BOOT_MAGIC	0x2badb002u
#define MBI_MEM		(1u << 0)
#define MBI_MMAP	(1u << 6)
#define E820_RAM	1
#define ARENA_MIN	(8u << 20)
#define ARENA_TOP	0xc0000000u	/* keep clear of the PCI hole */

extern char	_end[];
void		kmain(uint32_t, const uint32_t *);

struct mb_mmap {
	uint32_t	size;		/* of the rest of the entry */
	uint32_t	base_lo, base_hi;
	uint32_t	len_lo, len_hi;
	uint32_t	type;
} __attribute__((packed));

/*
 * DMA memory is the RAM after the kernel, up to the end of the e820 RAM
 * range the kernel sits in.  Not mem_upper: QEMU derives that from the
 * RAM size, and it covers the ACPI tables SeaBIOS put at the top.
 */
static void
arena_setup(uint32_t magic, const uint32_t *mbi)
{
	uint32_t	 start = ((uint32_t)(uintptr_t)_end + 0xfff) & ~0xfffu;
	uint32_t	 end = 0, p, lim;
	uint64_t	 b, e;
	const struct mb_mmap *m;

	if (magic != MB_BOOT_MAGIC) {
		kprintf("boot: not loaded by multiboot (eax 0x%x)\n", magic);
		guest_exit(EXIT_BOOT);
	}
	if (mbi[0] & MBI_MMAP) {
		p = mbi[12];
		lim = mbi[12] + mbi[11];
		while (p < lim) {
			m = (const struct mb_mmap *)(uintptr_t)p;
			b = (uint64_t)m->base_hi << 32 | m->base_lo;
			e = b + ((uint64_t)m->len_hi << 32 | m->len_lo);
			if (m->type == E820_RAM && b <= start && e > start)
				end = e > ARENA_TOP ? ARENA_TOP : (uint32_t)e;
			p += m->size + 4;
		}
	} else if (mbi[0] & MBI_MEM) {
		/* No map: stay a megabyte short of the top, for ACPI. */
		end = mbi[2] << 10;	/* 1 MiB + mem_upper KiB, less 1 MiB */
	}
	end &= ~0xfffu;
	if (end <= start || end - start < ARENA_MIN) {
		kprintf("boot: less than %u MiB of RAM after the kernel\n",
		    ARENA_MIN >> 20);
		guest_exit(EXIT_BOOT);
	}
	dma_init(start, end);
	kprintf("arena 0x%x-0x%x kib %u\n", start, end, (end - start) >> 10);
}

static void
hypervisor(void)
{
	uint32_t	r[4];
	char		sig[13];

	cpuid(1, r);
	if ((r[2] & (1u << 31)) == 0) {
		kprintf("hypervisor none\n");
		return;
	}
	cpuid(0x40000000, r);
	memcpy(sig, &r[1], 4);
	memcpy(sig + 4, &r[2], 4);
	memcpy(sig + 8, &r[3], 4);
	sig[12] = '\0';
	kprintf("hypervisor %s\n", sig[0] != '\0' ? sig : "unnamed");
}

static void
show_bars(uint32_t bdf)
{
	uint32_t	lo, hi;
	unsigned	i;

	for (i = 0; i < 6; i++) {
		lo = pci_read(bdf, 0x10 + 4 * i, 4);
		if (lo == 0)
			continue;
		if (lo & 1) {
			kprintf("bar %02x:%02x.%x %u io 0x%x\n", bdf >> 8,
			    bdf >> 3 & 0x1f, bdf & 7, i, lo & ~3u);
			continue;
		}
		if ((lo & 6) == 4 && i < 5) {
			hi = pci_read(bdf, 0x10 + 4 * (i + 1), 4);
			kprintf("bar %02x:%02x.%x %u mem64 0x%llx%s\n",
			    bdf >> 8, bdf >> 3 & 0x1f, bdf & 7, i,
			    (unsigned long long)hi << 32 | (lo & ~0xfu),
			    hi != 0 ? " above-4g" : "");
			i++;
			continue;
		}
		kprintf("bar %02x:%02x.%x %u mem32 0x%x\n", bdf >> 8,
		    bdf >> 3 & 0x1f, bdf & 7, i, lo & ~0xfu);
	}
}

static void
show_pci(uint32_t bdf, void *arg)
{
	uint32_t	id = pci_read(bdf, 0x00, 4);

	(void)arg;
	kprintf("pci %02x:%02x.%x %04x:%04x\n", bdf >> 8, bdf >> 3 & 0x1f,
	    bdf & 7, id & 0xffff, id >> 16);
	if ((id & 0xffff) == 0x1af4)
		show_bars(bdf);
}

static void
show_manifest(void)
{
	const char	*v;

	manifest_load();
	v = manifest_get("en1", "io-queues");
	if (v != NULL)
		kprintf("io-queues en1 \"%s\"\n", v);
	else
		kprintf("io-queues en1 absent\n");
}

void
kmain(uint32_t magic, const uint32_t *mbi)
{
	unsigned	cpus, i;
	int		status;

	serial_init();
	kprintf("\nmqplan test guest\n");
	/* First: QEMU's multiboot information is in low memory we reuse. */
	arena_setup(magic, mbi);
	pic_mask();
	idt_init();
	idt_load();
	lapic_enable();
	tsc_calibrate();
	kprintf("tsc-mhz %u\n", tsc_mhz());
	hypervisor();
	if (!fwcfg_present()) {
		kprintf("boot: no fw_cfg\n");
		guest_exit(EXIT_BOOT);
	}
	cpus = fwcfg_cpu_count();
	smp_boot(cpus);
	kprintf("cpus %u\n", smp_cpu_count());
	for (i = 0; i < smp_cpu_count(); i++)
		kprintf("cpu %u online apic %u\n", i, smp_apic_id(i));
	kprintf("smp-us %llu\n", (unsigned long long)tsc_us());
	show_manifest();
	pci_scan(show_pci, NULL);
	irq_enable();

	status = smoke_run();
#ifdef GUEST_DRIVER
	if (status == EXIT_OK)
		status = echo_run();
#endif
	kprintf("guest-us %llu\n", (unsigned long long)tsc_us());
	guest_exit(status);
}
