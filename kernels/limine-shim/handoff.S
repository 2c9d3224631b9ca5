/*
 * limine_handoff(cr3, stack top, entry): the last step, run at this code's HHDM alias so it
 * stays mapped after CR3 changes (the new tables have no identity map). Loads CR3, moves to
 * the kernel's stack, pushes the invalid return address 0 the protocol asks for, clears the
 * general registers and "returns" into the entry point.
 */
	.section .text
	.global limine_handoff
limine_handoff:
	movq %rdi, %cr3
	movq %rsi, %rsp
	pushq $0
	pushq %rdx
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %ebp, %ebp
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	cld
	ret
