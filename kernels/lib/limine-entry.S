/*
 * Limine jumps here in 64-bit mode on its own stack (an HHDM address). The kernel moves to
 * its own stack at once: the top of .stack (limine.ld), whose lowest page is the guard page
 * the kernel's page tables leave unmapped.
 */
	.section .text
	.global _start
_start:
	leaq __stack_top(%rip), %rsp
	xorl %ebp, %ebp
	call kmain
1:	cli
	hlt
	jmp 1b
