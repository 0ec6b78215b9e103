/*
 * Time from the TSC, calibrated once against PIT channel 2 (1.193182 MHz,
 * gated through port 0x61 with the speaker off).  Delays only need to be
 * "at least", so when calibration fails the guest assumes a fast clock,
 * which makes every delay longer, never shorter.
 */
#include "guest.h"
#include "x86.h"

#define PIT_HZ		1193182u
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PIT_GATE	0x61
#define GATE_ON		0x01
#define SPEAKER_ON	0x02
#define OUT2		0x20
#define CAL_MS		10u
#define FALLBACK_MHZ	5000u

static uint32_t	cycles_per_us = FALLBACK_MHZ;
static uint64_t	tsc_base;

void
tsc_calibrate(void)
{
	uint32_t	latch = PIT_HZ * CAL_MS / 1000;
	uint64_t	t0, t1, limit;
	uint32_t	mhz;

	outb(PIT_GATE, (inb(PIT_GATE) & ~SPEAKER_ON) | GATE_ON);
	outb(PIT_MODE, 0xb0);		/* channel 2, lo/hi, mode 0 */
	outb(PIT_CH2, latch & 0xff);
	outb(PIT_CH2, latch >> 8);
	t0 = rdtsc();
	/* A missing PIT must not hang the boot: give up after ~2 s at 5 GHz. */
	limit = t0 + 10000000000ull;
	while ((inb(PIT_GATE) & OUT2) == 0) {
		t1 = rdtsc();
		if (t1 > limit) {
			kprintf("tsc: PIT channel 2 never fired, assuming "
			    "%u MHz\n", FALLBACK_MHZ);
			tsc_base = rdtsc();
			return;
		}
	}
	t1 = rdtsc();
	mhz = (uint32_t)u64_divmod(t1 - t0, CAL_MS * 1000, NULL);
	if (mhz < 100 || mhz > 20000)
		kprintf("tsc: calibration gave %u MHz, assuming %u MHz\n",
		    mhz, FALLBACK_MHZ);
	else
		cycles_per_us = mhz;
	tsc_base = rdtsc();
}

uint32_t
tsc_mhz(void)
{
	return (cycles_per_us);
}

uint64_t
tsc_us(void)
{
	return (u64_divmod(rdtsc() - tsc_base, cycles_per_us, NULL));
}

void
tsc_delay_us(uint32_t us)
{
	uint64_t	end = rdtsc() + (uint64_t)us * cycles_per_us;

	while (rdtsc() < end)
		cpu_relax();
}
