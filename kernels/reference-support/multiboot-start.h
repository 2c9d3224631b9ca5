/*
 * The start every reference kernel shares, for its boot.S: a Multiboot 1 header (no flags:
 * the loader gives memory information anyway) and _start in 32-bit protected mode with
 * interrupts off, clearing .bss (the loader zero-fills it, but a kernel should not have to
 * trust that). The kernel's own code follows the macro: the stack, then what it needs.
 */
.macro MULTIBOOT_START
	.set MB_MAGIC, 0x1badb002
	.set MB_FLAGS, 0
	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.text
	.code32
	.globl _start
_start:
	cli
	cld
	mov $__bss_start, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	shr $2, %ecx
	xor %eax, %eax
	rep stosl
.endm
