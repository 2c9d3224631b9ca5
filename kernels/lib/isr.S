/*
 * One stub per vector, each 16 bytes apart so the IDT can point at isr_stubs + 16 * vector.
 * Each pushes a zero where the CPU pushes no error code, so every frame has the same shape
 * (struct int_frame), then the vector, and joins isr_common.
 */
	.section .text
	.balign 16
	.global isr_stubs
isr_stubs:
	.set .Lvec, 0
	.rept 256
	.balign 16
	/* Vectors with an error code: #DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP, #VC, #SX. */
	.if (.Lvec == 8) || ((.Lvec >= 10) && (.Lvec <= 14)) || (.Lvec == 17) || (.Lvec == 21) || (.Lvec == 29) || (.Lvec == 30)
	.else
	pushq $0
	.endif
	pushq $.Lvec
	jmp isr_common
	.set .Lvec, .Lvec + 1
	.endr

isr_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	/* 22 quadwords on a stack the CPU aligned to 16: the call below sees RSP 16-aligned. */
	movq %rsp, %rdi
	cld
	call isr_dispatch
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp /* the vector and the error code */
	iretq
