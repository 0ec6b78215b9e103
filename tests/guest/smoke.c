/*
 * Smoke test of the interrupt path the driver will use: for each CPU,
 * ask hal_msi_message for the message that aims a vector at it, send
 * that as an IPI (same destination APIC ID, same IDT vector), and check
 * that the handler ran on that CPU.  A real MSI write differs only in
 * who sends it.
 */
#include "../../driver/hal.h"
#include "guest.h"
#include "x86.h"

/* The highest driver vector: one the driver is unlikely to use. */
#define TEST_VECTOR	(VEC_MSI_LAST - VEC_MSI_BASE)
#define IPI_WAIT_US	1000000u

static volatile unsigned	target;
static volatile uint32_t	hits[GUEST_MAXCPU];
static volatile uint32_t	strays;

static void
smoke_hook(void *arg, unsigned vector, unsigned cpu)
{
	(void)arg;
	if (vector != TEST_VECTOR || cpu != target) {
		strays++;
		kprintf("ipi vector %u landed on cpu %u, wanted cpu %u\n",
		    vector, cpu, target);
		return;
	}
	hits[cpu]++;
	kprintf("ipi cpu %u ok\n", cpu);
}

int
smoke_run(void)
{
	uint64_t	addr, start;
	uint32_t	data;
	unsigned	cpu, ok = 0, n = hal_cpu_count();

	hal_set_msi_hook(smoke_hook, NULL);
	for (cpu = 0; cpu < n; cpu++) {
		if (!hal_msi_message(cpu, TEST_VECTOR, &addr, &data)) {
			kprintf("ipi cpu %u: no MSI message\n", cpu);
			continue;
		}
		target = cpu;
		lapic_ipi((uint32_t)(addr >> 12) & 0xff, data & 0xff);
		start = tsc_us();
		while (hits[cpu] == 0 && tsc_us() - start < IPI_WAIT_US)
			cpu_relax();
		if (hits[cpu] == 1)
			ok++;
		else
			kprintf("ipi cpu %u failed (%u hits)\n", cpu,
			    hits[cpu]);
	}
	hal_set_msi_hook(NULL, NULL);
	intr_register(VEC_MSI_BASE + TEST_VECTOR, NULL);
	kprintf("ipi %u of %u ok\n", ok, n);
	return (ok == n && strays == 0 ? EXIT_OK : EXIT_FAIL);
}
