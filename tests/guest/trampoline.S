/*
 * Application processors start here.  smp.c copies ap_tramp..ap_tramp_end
 * to a page below 1 MiB and sends a STARTUP IPI naming that page: the AP
 * begins in real mode with CS = page >> 4, IP = 0, so the 16-bit part
 * uses only CS-relative addresses.  It loads the kernel's GDT (below
 * 16 MiB, so even a 24-bit base would do), enters protected mode and
 * jumps to ap_start32 in the kernel proper.
 */
#define SEL_CODE	0x08
#define SEL_DATA	0x10
#define AP_STACK	8192
#define MAXCPU		64

	.text
	.code16
	.globl	ap_tramp, ap_tramp_end
ap_tramp:
	cli
	cld
	lgdtl	%cs:(ap_gdt_desc - ap_tramp)
	movl	%cr0, %eax
	orl	$1, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE, $ap_start32

	.align 4
	.word	0
ap_gdt_desc:
	.word	23
	.long	gdt
ap_tramp_end:

	.code32
ap_start32:
	movw	$SEL_DATA, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss

	/*
	 * Every AP runs this at once, so each takes its own stack slot by
	 * atomic increment.  A slot past the end means more CPUs than the
	 * guest was built for: park rather than share a stack.
	 */
	movl	$1, %eax
	lock xaddl %eax, ap_slot_next
	cmpl	$MAXCPU, %eax
	jae	2f
	movl	%eax, %esp
	incl	%esp
	shll	$13, %esp		/* (slot + 1) * AP_STACK */
	addl	$ap_stacks, %esp
	xorl	%ebp, %ebp
	pushl	%eax
	call	ap_main
2:	cli
	hlt
	jmp	2b

	.data
	.align 4
	.globl	ap_slot_next
ap_slot_next:
	.long	0

	.bss
	.align 16
ap_stacks:
	.space	AP_STACK * MAXCPU
