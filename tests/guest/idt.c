/*
 * The IDT: every vector goes through isr.S to isr_dispatch.  Exceptions
 * print the frame and end the run (a test guest that faults has failed;
 * there is nothing to recover).  Vectors from 0x40 up call the handler
 * registered for them with the CPU they arrived on, then EOI.
 */
#include "guest.h"
#include "x86.h"

#define SEL_CODE	0x08
#define GATE_INTR	0x8e	/* present, DPL 0, 32-bit interrupt gate */

struct trapframe {
	uint32_t	edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t	vector, error;
	uint32_t	eip, cs, eflags;
};

struct gate {
	uint16_t	off_lo;
	uint16_t	sel;
	uint8_t		zero;
	uint8_t		type;
	uint16_t	off_hi;
} __attribute__((packed));

struct idt_desc {
	uint16_t	limit;
	uint32_t	base;
} __attribute__((packed));

extern char	isr_stubs[];
void		isr_dispatch(struct trapframe *);

static struct gate	idt[256] __attribute__((aligned(8)));
static intr_fn		*handlers[256];
static volatile uint32_t unexpected;

static const char	*const exc_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 error", "alignment check",
	"machine check", "SIMD error", "virtualization", "control protection",
};

void
idt_init(void)
{
	uint32_t	 addr;
	unsigned	 v;

	for (v = 0; v < 256; v++) {
		addr = (uint32_t)(uintptr_t)(isr_stubs + 16 * v);
		idt[v].off_lo = addr & 0xffff;
		idt[v].sel = SEL_CODE;
		idt[v].zero = 0;
		idt[v].type = GATE_INTR;
		idt[v].off_hi = addr >> 16;
	}
}

void
idt_load(void)
{
	struct idt_desc	d = { sizeof(idt) - 1, (uint32_t)(uintptr_t)idt };

	__asm__ volatile("lidt %0" : : "m"(d));
}

void
intr_register(unsigned vec, intr_fn *fn)
{
	if (vec < VEC_MSI_BASE || vec > 0xff)
		return;
	handlers[vec] = fn;
}

static void
exception(const struct trapframe *tf)
{
	uint32_t	cr2;

	__asm__ volatile("movl %%cr2, %0" : "=r"(cr2));
	kprintf("trap %u (%s) on cpu %u apic %u: error 0x%x eip 0x%x "
	    "eflags 0x%x cr2 0x%x\n", tf->vector,
	    exc_names[tf->vector] != NULL ? exc_names[tf->vector] : "?",
	    smp_cpu(), lapic_id(), tf->error, tf->eip, tf->eflags, cr2);
	kprintf("trap regs: eax 0x%x ebx 0x%x ecx 0x%x edx 0x%x esi 0x%x "
	    "edi 0x%x ebp 0x%x esp 0x%x\n", tf->eax, tf->ebx, tf->ecx,
	    tf->edx, tf->esi, tf->edi, tf->ebp, tf->esp);
	guest_exit(EXIT_TRAP);
}

void
isr_dispatch(struct trapframe *tf)
{
	unsigned	vec = tf->vector;

	if (vec < 32) {
		exception(tf);
		return;
	}
	if (vec == VEC_SPURIOUS)
		return;		/* the LAPIC wants no EOI for these */
	if (handlers[vec] != NULL)
		handlers[vec](vec, smp_cpu());
	else if (unexpected++ < 8)
		kprintf("intr: unexpected vector 0x%x on cpu %u\n", vec,
		    smp_cpu());
	lapic_eoi();
}
