/*
 * Bringing up the application processors: INIT, then two STARTUP IPIs to
 * all but self, and a bounded wait until as many CPUs are online as
 * fw_cfg says the machine has.  CPU indices follow APIC ID order, so with
 * a plain -smp N they equal the APIC IDs 0..N-1; a table maps each APIC
 * ID back to its index for the interrupt path.
 */
#include "guest.h"
#include "x86.h"

/*
 * Real-mode page for the trampoline.  Below QEMU's multiboot information
 * at 0x9000 and above the BIOS data area; the STARTUP vector is
 * TRAMP_PHYS >> 12.
 */
#define TRAMP_PHYS	0x8000u

#define ICR_INIT	0x500
#define ICR_STARTUP	0x600
#define ICR_LEVEL	0x8000
#define ICR_ASSERT	0x4000
#define ICR_ALL_BUT_SELF 0xc0000

#define ONLINE_WAIT_US	3000000u	/* TCG with many CPUs is slow */

extern char	ap_tramp[], ap_tramp_end[];
extern volatile uint32_t ap_slot_next;
void		ap_main(uint32_t);

static volatile uint32_t slot_apic[GUEST_MAXCPU];
static volatile uint32_t online;	/* APs that reached ap_main */
static uint32_t	cpu_apic[GUEST_MAXCPU];
static uint8_t	apic_cpu[256];
static unsigned	ncpu = 1;

/* An AP's C entry, on its own stack, with interrupts off. */
void
ap_main(uint32_t slot)
{
	idt_load();
	lapic_enable();
	slot_apic[slot] = lapic_id();
	__asm__ volatile("lock incl %0" : "+m"(online) : : "memory");
	/* From here on the AP only runs interrupt handlers. */
	for (;;)
		irq_enable_and_halt();
}

static void
sort_ids(uint32_t *ids, unsigned n)
{
	unsigned	i, j;
	uint32_t	v;

	for (i = 1; i < n; i++) {
		v = ids[i];
		for (j = i; j > 0 && ids[j - 1] > v; j--)
			ids[j] = ids[j - 1];
		ids[j] = v;
	}
}

void
smp_boot(unsigned expected)
{
	size_t		tramp_len = (size_t)(ap_tramp_end - ap_tramp);
	uint64_t	start;
	unsigned	i, n;

	cpu_apic[0] = lapic_id();
	if (expected > GUEST_MAXCPU) {
		kprintf("smp: %u CPUs, but the guest is built for %u\n",
		    expected, GUEST_MAXCPU);
		guest_exit(EXIT_BOOT);
	}
	if (expected > 1) {
		memcpy((void *)(uintptr_t)TRAMP_PHYS, ap_tramp, tramp_len);
		lapic_ipi(0, ICR_ALL_BUT_SELF | ICR_INIT | ICR_LEVEL |
		    ICR_ASSERT);
		tsc_delay_us(10000);
		lapic_ipi(0, ICR_ALL_BUT_SELF | ICR_STARTUP |
		    (TRAMP_PHYS >> 12));
		tsc_delay_us(200);
		/* An AP that already left wait-for-SIPI ignores this one. */
		lapic_ipi(0, ICR_ALL_BUT_SELF | ICR_STARTUP |
		    (TRAMP_PHYS >> 12));
		start = tsc_us();
		while (online + 1 < expected &&
		    tsc_us() - start < ONLINE_WAIT_US)
			cpu_relax();
	}
	n = online + 1;
	if (n != expected) {
		kprintf("smp: %u of %u CPUs came online\n", n, expected);
		guest_exit(EXIT_BOOT);
	}
	for (i = 1; i < n; i++)
		cpu_apic[i] = slot_apic[i - 1];
	sort_ids(cpu_apic, n);
	memset(apic_cpu, 0, sizeof(apic_cpu));
	for (i = 0; i < n; i++) {
		if (cpu_apic[i] > 0xff) {
			kprintf("smp: APIC ID %u does not fit xAPIC\n",
			    cpu_apic[i]);
			guest_exit(EXIT_BOOT);
		}
		apic_cpu[cpu_apic[i]] = (uint8_t)i;
	}
	ncpu = n;
}

unsigned
smp_cpu_count(void)
{
	return (ncpu);
}

unsigned
smp_cpu(void)
{
	return (apic_cpu[lapic_id() & 0xff]);
}

uint32_t
smp_apic_id(unsigned cpu)
{
	return (cpu < ncpu ? cpu_apic[cpu] : 0xffffffffu);
}
