/* Multiboot 1 entry, 32-bit protected mode, paging off: a stack, then kmain32(magic, info). */
	.section .text.boot, "ax"
	.code32
	.global _start
_start:
	cli
	movl $stack_top, %esp
	pushl %ebx
	pushl %eax
	call kmain32
1:	hlt
	jmp 1b

	.section .bss
	.balign 16
	.skip 16384
stack_top:
