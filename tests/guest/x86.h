/*
 * The handful of x86 instructions the guest needs that C cannot say:
 * port I/O, MSRs, the TSC, and the spinlock built on xchg.
 */
#ifndef GUEST_X86_H
#define GUEST_X86_H

#include <stdint.h>

static inline void
outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void
outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void
outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t
inb(uint16_t port)
{
	uint8_t	v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return (v);
}

static inline uint16_t
inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return (v);
}

static inline uint32_t
inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return (v);
}

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32 | lo);
}

static inline uint64_t
rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32 | lo);
}

static inline void
wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
	    "d"((uint32_t)(v >> 32)));
}

static inline void
cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
	    "=d"(r[3]) : "a"(leaf), "c"(0));
}

static inline void
cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

static inline uint32_t
irq_save(void)
{
	uint32_t flags;

	__asm__ volatile("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
	return (flags);
}

static inline void
irq_restore(uint32_t flags)
{
	__asm__ volatile("pushl %0; popfl" : : "r"(flags) : "memory", "cc");
}

static inline void
irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

/* sti takes effect after the next instruction, so nothing slips in. */
static inline void
irq_enable_and_halt(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

static inline void
halt(void)
{
	__asm__ volatile("hlt" : : : "memory");
}

/*
 * A lock taken with interrupts off: the console and PCI locks are also
 * taken by interrupt handlers, which would spin forever on a lock that
 * the code they interrupted holds.
 */
struct spinlock {
	volatile uint32_t	locked;
};

static inline uint32_t
spin_lock(struct spinlock *l)
{
	uint32_t flags, old;

	flags = irq_save();
	for (;;) {
		old = 1;
		__asm__ volatile("xchgl %0, %1" : "+r"(old), "+m"(l->locked)
		    : : "memory");
		if (old == 0)
			return (flags);
		while (l->locked)
			cpu_relax();
	}
}

static inline void
spin_unlock(struct spinlock *l, uint32_t flags)
{
	/* x86 stores are not reordered with earlier loads or stores. */
	__asm__ volatile("" : : : "memory");
	l->locked = 0;
	irq_restore(flags);
}

#endif /* GUEST_X86_H */
