/*
 * A 32-bit Multiboot entry for kernels that stay in protected mode with paging off (the
 * probes): a stack, then kmain32(magic, info) with the loader's EAX and EBX.
 */
	.section .text.boot, "ax"
	.code32
	.global _start
_start:
	cli
	movl $entry32_stack_top, %esp
	pushl %ebx
	pushl %eax
	call kmain32
1:	hlt
	jmp 1b

	.section .bss
	.balign 16
	.skip 16384
entry32_stack_top:
