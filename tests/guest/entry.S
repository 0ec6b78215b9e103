/*
 * Where QEMU's multiboot loader leaves the BSP: 32-bit protected mode,
 * paging off, interrupts off, EAX = 0x2BADB002, EBX = the multiboot
 * information.  The loader's GDT and stack belong to it, so take ours
 * before anything else, then call kmain(magic, mbi).
 */
#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00000003	/* page-align modules, want mem info */

#define SEL_CODE	0x08
#define SEL_DATA	0x10
#define BSP_STACK	16384

	.section .multiboot, "a"
	.align 4
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)

	.text
	.globl	_start
	.type	_start, @function
_start:
	cli
	cld
	lgdt	gdt_desc
	ljmp	$SEL_CODE, $1f
1:	movw	$SEL_DATA, %cx
	movw	%cx, %ds
	movw	%cx, %es
	movw	%cx, %fs
	movw	%cx, %gs
	movw	%cx, %ss
	movl	$bsp_stack + BSP_STACK, %esp
	xorl	%ebp, %ebp

	/*
	 * The ELF loader may not clear .bss; C expects it zero.  The stack
	 * is in .bss too, so the magic waits in EDX meanwhile.
	 */
	movl	%eax, %edx
	movl	$_bss_start, %edi
	movl	$_bss_end, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep stosl

	pushl	%ebx
	pushl	%edx
	call	kmain
2:	cli
	hlt
	jmp	2b

/*
 * Flat 4 GiB code and data segments; the APs load the same table from
 * their trampoline.
 */
	.section .rodata
	.align 16
	.globl	gdt, gdt_desc
gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: code, base 0, 4 GiB, 32-bit */
	.quad	0x00cf92000000ffff	/* 0x10: data, base 0, 4 GiB */
gdt_end:
	.align 4
	.word	0
gdt_desc:
	.word	gdt_end - gdt - 1
	.long	gdt

	.bss
	.align 16
bsp_stack:
	.space	BSP_STACK
