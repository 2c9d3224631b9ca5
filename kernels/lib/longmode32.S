/*
 * Entry for Multiboot kernels that run in 64-bit mode: the loader starts us in 32-bit
 * protected mode with paging off (EAX = boot magic, EBX = info address). This identity-maps
 * the first GiB with 2 MiB pages, so the instruction after the one that enables paging is
 * still mapped, turns on PAE, EFER.LME and CR0.PG, loads a 64-bit GDT and far-jumps to
 * 64-bit code, which calls kmain64(magic, info).
 */
#define EFER 0xc0000080
#define PDE_LARGE 0x83 /* present, writable, 2 MiB page */
#define TABLE 0x03     /* present, writable */

	.section .text.boot, "ax"
	.code32
	.global _start
_start:
	cli
	movl %eax, boot_magic
	movl %ebx, boot_info
	movl $boot_stack_top, %esp

	/* The loader need not clear .bss: clear the three tables by hand. */
	movl $boot_pml4, %edi
	xorl %eax, %eax
	movl $(3 * 4096 / 4), %ecx
	cld
	rep stosl
	movl $(boot_pdpt + TABLE), boot_pml4
	movl $(boot_pd + TABLE), boot_pdpt

	movl $boot_pd, %edi
	movl $PDE_LARGE, %eax
	movl $512, %ecx
1:	movl %eax, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 1b

	movl %cr4, %eax
	orl $0x20, %eax /* PAE */
	movl %eax, %cr4
	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl $EFER, %ecx
	rdmsr
	orl $0x100, %eax /* LME */
	wrmsr
	movl %cr0, %eax
	orl $0x80010001, %eax /* PG, WP, PE */
	movl %eax, %cr0
	/* Paging is on; this code is still mapped because the first GiB is identity-mapped. */
	lgdt boot_gdtr
	ljmp $0x08, $long_mode

	.code64
long_mode:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorl %eax, %eax
	movw %ax, %fs
	movw %ax, %gs
	movl boot_magic, %edi
	movl boot_info, %esi
	call kmain64
2:	cli
	hlt
	jmp 2b

	.section .data
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff /* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff /* 0x10: data */
boot_gdtr:
	.short boot_gdtr - boot_gdt - 1
	.long boot_gdt
boot_magic:
	.long 0
boot_info:
	.long 0

	.section .bss
	.balign 4096
	.global boot_pml4
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pd:
	.skip 4096
	.skip 16384
boot_stack_top:
