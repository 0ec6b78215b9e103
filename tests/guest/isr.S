/*
 * One 16-byte stub per IDT vector, so idt.c finds vector v's at
 * isr_stubs + 16 * v.  Each pushes a zero where the CPU pushes no error
 * code, then the vector, and joins isr_common, which hands the frame to
 * isr_dispatch(struct trapframe *) in idt.c.
 */
	.text
	.align 16
	.globl	isr_stubs
isr_stubs:
	.set	vec, 0
	.rept	256
	.align	16
	.if	(vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	nop
	nop
	.else
	pushl	$0
	.endif
	pushl	$vec
	jmp	isr_common
	.set	vec, vec + 1
	.endr

isr_common:
	pushal
	cld
	pushl	%esp
	call	isr_dispatch
	addl	$4, %esp
	popal
	addl	$8, %esp		/* vector and error code */
	/*
	 * iret, spelled out: restore EFLAGS, then a far return that pops
	 * EIP and CS and drops the EFLAGS slot.  Same privilege level, so
	 * this is all iret would do; but KVM's instruction emulator has no
	 * protected-mode iret, and where KVM emulates the whole guest (as
	 * under PVM, a nested KVM without VT-x/SVM) a real iret ends the
	 * run with "KVM internal error".  Popping EFLAGS first opens a
	 * one-instruction window for a nested interrupt, which costs only
	 * stack.
	 */
	pushl	8(%esp)
	popfl
	lret	$4
