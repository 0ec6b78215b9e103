/*
 * The local APIC in xAPIC mode (MMIO at 0xFEE00000, identity mapped), and
 * the 8259 PICs, which are masked so that only the APIC delivers.  Every
 * CPU enables its own APIC: an AP whose APIC is software-disabled drops
 * the fixed-mode MSIs aimed at it.
 */
#include "guest.h"
#include "x86.h"

#define APIC_BASE_MSR	0x1b
#define APIC_BASE_EN	(1u << 11)
#define APIC_BASE_EXTD	(1u << 10)	/* x2APIC mode */
#define APIC_PHYS	0xfee00000u

#define APIC_ID		0x020
#define APIC_TPR	0x080
#define APIC_EOI	0x0b0
#define APIC_SVR	0x0f0
#define SVR_ENABLE	0x100
#define APIC_ESR	0x280
#define APIC_ICR_LO	0x300
#define ICR_BUSY	0x1000
#define APIC_ICR_HI	0x310
#define APIC_LVT_TIMER	0x320
#define LVT_PERIODIC	0x20000
#define LVT_MASKED	0x10000
#define APIC_TMR_INIT	0x380
#define APIC_TMR_CUR	0x390
#define APIC_TMR_DIV	0x3e0
#define TMR_DIV_16	0x3

static inline uint32_t
apic_read(uint32_t reg)
{
	return (*(volatile uint32_t *)(uintptr_t)(APIC_PHYS + reg));
}

static inline void
apic_write(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(APIC_PHYS + reg) = v;
}

void
pic_mask(void)
{
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

void
lapic_enable(void)
{
	uint64_t	base;

	/*
	 * Firmware leaves the APIC enabled at the usual address in xAPIC
	 * mode; make sure, since MMIO at APIC_PHYS is all this file knows.
	 */
	base = rdmsr(APIC_BASE_MSR);
	if ((base & APIC_BASE_EN) == 0 || (base & APIC_BASE_EXTD) != 0 ||
	    (base & ~0xfffull) != APIC_PHYS) {
		base = (base & 0xfff & ~(uint64_t)APIC_BASE_EXTD) |
		    APIC_BASE_EN | APIC_PHYS;
		wrmsr(APIC_BASE_MSR, base);
	}
	apic_write(APIC_TPR, 0);		/* accept every priority */
	apic_write(APIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
	apic_write(APIC_ESR, 0);
}

uint32_t
lapic_id(void)
{
	return (apic_read(APIC_ID) >> 24);
}

void
lapic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/*
 * Sends an IPI to apic (ignored with a shorthand in icr_low).  Callers
 * serialise: there is one ICR per CPU and only the BSP sends.
 */
void
lapic_ipi(uint32_t apic, uint32_t icr_low)
{
	unsigned	spins;

	for (spins = 0; spins < 1000000 && (apic_read(APIC_ICR_LO) & ICR_BUSY);
	    spins++)
		cpu_relax();
	apic_write(APIC_ICR_HI, apic << 24);
	apic_write(APIC_ICR_LO, icr_low);	/* this write sends */
	for (spins = 0; spins < 1000000 && (apic_read(APIC_ICR_LO) & ICR_BUSY);
	    spins++)
		cpu_relax();
}

/*
 * A periodic tick on the calling CPU, so a CPU that sleeps in hlt still
 * wakes to look at the clock.  The APIC timer's rate is unknown, so
 * count it against the TSC for 10 ms first.
 */
void
lapic_timer_start(uint32_t ms, unsigned vec)
{
	uint32_t	per10ms;

	apic_write(APIC_TMR_DIV, TMR_DIV_16);
	apic_write(APIC_LVT_TIMER, LVT_MASKED | vec);
	apic_write(APIC_TMR_INIT, 0xffffffffu);
	tsc_delay_us(10000);
	per10ms = 0xffffffffu - apic_read(APIC_TMR_CUR);
	apic_write(APIC_TMR_INIT, 0);
	if (per10ms == 0)
		per10ms = 1000;
	apic_write(APIC_LVT_TIMER, LVT_PERIODIC | vec);
	apic_write(APIC_TMR_INIT, per10ms / 10 * ms);
}
