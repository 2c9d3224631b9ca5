/*
 * Entry, long-mode switch, GDT, exception stubs, the probe mechanism and the snippets of the
 * exception-test kernel.
 *
 * _start (32-bit, from a Multiboot 1 loader) identity-maps the first GiB with supervisor
 * 2 MiB pages, enables PAE, EFER.LME and paging and calls kmain() in 64-bit mode.
 *
 * A probe runs one snippet in one mode (CPL 0 or 3, 64-bit or compatibility mode) on a known
 * stack: CPL 0 runs on probe_stack with RSP = top - 8, CPL 3 on the user stack with
 * RSP = USER_STACK_TOP - 8. A snippet either raises the exception it is about, or falls
 * through to sn_return: at CPL 0 that jumps to probe_done, at CPL 3 it executes hlt, whose
 * #GP(0) the handler recognises by address. Either way the kernel ends in probe_escape(),
 * which restores the kernel's stack, segments and RFLAGS and returns from probe_call().
 * No software interrupt on the way back: under the nested KVM this project's machines have,
 * the hypervisor emulates the delivery of INT n / INT3 / INT1 / INTO and fails at it.
 */

#include "layout.h"

#include "multiboot-start.h"
	MULTIBOOT_START
	mov %ebx, multiboot_info
	mov $(kernel_stack + KERNEL_STACK_SIZE), %esp

	mov $kernel_pd, %edi
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $(PTE_P | PTE_W | PTE_PS), %eax
	mov %eax, (%edi, %ecx, 8)
	inc %ecx
	cmp $512, %ecx
	jb 1b
	mov $kernel_pd, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, kernel_pdpt
	mov $kernel_pdpt, %eax
	or $(PTE_P | PTE_W | PTE_U), %eax
	mov %eax, pml4

	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $pml4, %eax
	mov %eax, %cr3
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	or $(CR0_PG | CR0_WP | CR0_PE), %eax
	mov %eax, %cr0
	lgdt gdt_pointer
	ljmp $SEL_KCODE, $long_entry

	.code64
long_entry:
	mov $SEL_KDATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	mov $(kernel_stack + KERNEL_STACK_SIZE), %rsp
	call kmain
2:	hlt
	jmp 2b

	.macro STUB vector, has_error
	.balign 16
isr_\vector:
	.if \has_error == 0
	push $0
	.endif
	push $\vector
	jmp isr_common
	.endm

	STUB 0, 0
	STUB 1, 0
	STUB 2, 0
	STUB 3, 0
	STUB 4, 0
	STUB 5, 0
	STUB 6, 0
	STUB 7, 0
	STUB 8, 1
	STUB 9, 0
	STUB 10, 1
	STUB 11, 1
	STUB 12, 1
	STUB 13, 1
	STUB 14, 1
	STUB 15, 0
	STUB 16, 0
	STUB 17, 1
	STUB 18, 0
	STUB 19, 0
	STUB 20, 0
	STUB 21, 1
	STUB 130, 0
	STUB 131, 0

isr_common:
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, %rdi
	call exception_entry	/* records the event and leaves through probe_escape */
2:	hlt
	jmp 2b

	.section .rodata
	.balign 8
	.globl isr_table
isr_table:
	.quad isr_0, isr_1, isr_2, isr_3, isr_4, isr_5, isr_6, isr_7
	.quad isr_8, isr_9, isr_10, isr_11, isr_12, isr_13, isr_14, isr_15
	.quad isr_16, isr_17, isr_18, isr_19, isr_20, isr_21
	.globl isr_130, isr_131

	.text
/*
 * int probe_call(u64 entry, u64 arg, int mode, u64 rflags)
 * Runs the snippet at entry with %rdi = arg and the given RFLAGS in the given mode; returns 0
 * when it reached sn_return and 1 when an exception ended it.
 */
	.globl probe_call
probe_call:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, probe_saved_rsp(%rip)
	mov %rdi, %rax
	mov %rsi, %rdi
	cmp $MODE_R3, %edx
	je 3f
	cmp $MODE_R3C, %edx
	je 4f
	cmp $MODE_R0C, %edx
	je 1f
	/* CPL 0, 64-bit: popfq leaves RSP = top - 8. */
	mov $(probe_stack + STACK_SIZE - 16), %rsp
	mov %rcx, (%rsp)
	popfq
	jmp *%rax
1:	/* CPL 0, compatibility mode: popfq, then lretq to the 32-bit kernel code segment. */
	mov $(probe_stack + STACK_SIZE - 32), %rsp
	mov %rcx, (%rsp)
	mov %rax, 8(%rsp)
	movq $SEL_KCODE32, 16(%rsp)
	popfq
	lretq
3:	mov $(SEL_UCODE64 | 3), %edx
	jmp 5f
4:	mov $(SEL_UCODE32 | 3), %edx
5:	push $(SEL_UDATA | 3)
	push $(USER_STACK_TOP - 8)
	push %rcx
	push %rdx
	push %rax
	iretq

probe_done:
	xor %edi, %edi
	.globl probe_escape
probe_escape:
	mov probe_saved_rsp(%rip), %rsp
	mov $SEL_KDATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	push $RFLAGS_FIXED
	popfq
	mov %edi, %eax
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

/*
 * Snippets, mapped at their kernel address (supervisor) and at the user alias. Each has
 * labels sn_X (entry), sn_X_insn (the instruction the test is about) and sn_X_next (the one
 * after it). Set-up instructions before _insn change no arithmetic flag, so the RFLAGS the
 * handler sees are the probe's.
 */
	.section .user, "ax"
/* The way back from a snippet that raised nothing: at CPL 0 a jump into the kernel, at CPL 3
 * a hlt, whose #GP(0) the handler recognises by address. */
	.globl sn_return, sn_return_hlt, sn_return32, sn_return32_hlt
sn_return:
	mov %cs, %eax
	and $3, %eax
	jnz sn_return_hlt
	movabs $probe_done, %rax
	jmp *%rax
sn_return_hlt:
	hlt

	.macro SNIPPET name
	.globl sn_\name, sn_\name\()_insn, sn_\name\()_next
	.endm

	SNIPPET de
sn_de:
	mov $1, %eax
	mov $0, %edx
	mov $0, %ecx
sn_de_insn:
	div %ecx
sn_de_next:
	jmp sn_return

	SNIPPET int1
sn_int1:
sn_int1_insn:
	.byte 0xf1	/* int1 (icebp) */
sn_int1_next:
	jmp sn_return

	/* TF set by popfq traps after the instruction that follows the popfq. */
	SNIPPET step
sn_step:
	pushfq
	pop %rax
	lea RFLAGS_TF(%rax), %rax
	push %rax
	popfq
sn_step_insn:
	nop
sn_step_next:
	jmp sn_return

	SNIPPET bp
sn_bp:
sn_bp_insn:
	int3
sn_bp_next:
	jmp sn_return

	SNIPPET into64
sn_into64:
sn_into64_insn:
	.byte 0xce	/* into: invalid in 64-bit mode */
sn_into64_next:
	jmp sn_return

	SNIPPET bound64
sn_bound64:
sn_bound64_insn:
	.byte 0x62, 0x07	/* bound %eax, (%rdi): invalid in 64-bit mode */
sn_bound64_next:
	jmp sn_return

	SNIPPET ud
sn_ud:
sn_ud_insn:
	ud2
sn_ud_next:
	jmp sn_return

	SNIPPET fninit
sn_fninit:
sn_fninit_insn:
	fninit
sn_fninit_next:
	jmp sn_return

	SNIPPET movaps
sn_movaps:
sn_movaps_insn:
	movaps %xmm0, %xmm1
sn_movaps_next:
	jmp sn_return

	SNIPPET read
sn_read:
sn_read_insn:
	mov (%rdi), %al
sn_read_next:
	jmp sn_return

	SNIPPET write
sn_write:
sn_write_insn:
	mov %al, (%rdi)
sn_write_next:
	jmp sn_return

	SNIPPET stack_read
sn_stack_read:
	mov %rdi, %rbp
sn_stack_read_insn:
	mov (%rbp), %al
sn_stack_read_next:
	jmp sn_return

	/* RSP = arg, unmapped: the read faults, and so does pushing the #PF frame. */
	SNIPPET pf_stack
sn_pf_stack:
	mov %rdi, %rsp
sn_pf_stack_insn:
	mov (%rsp), %al
sn_pf_stack_next:
	jmp sn_return

	SNIPPET load_ds
sn_load_ds:
sn_load_ds_insn:
	mov %edi, %ds
sn_load_ds_next:
	jmp sn_return

	SNIPPET load_ss
sn_load_ss:
sn_load_ss_insn:
	mov %edi, %ss
sn_load_ss_next:
	jmp sn_return

	SNIPPET int82
sn_int82:
sn_int82_insn:
	int $0x82
sn_int82_next:
	jmp sn_return

	SNIPPET int83
sn_int83:
sn_int83_insn:
	int $0x83
sn_int83_next:
	jmp sn_return

	SNIPPET hlt
sn_hlt:
sn_hlt_insn:
	hlt
sn_hlt_next:
	jmp sn_return

	/* A pending unmasked x87 exception (ZE, with ES and B) restored by fxrstor: the next
	 * waiting instruction raises #MF (CR0.NE = 1). */
	SNIPPET mf
sn_mf:
	fninit
	fxrstor (%rdi)
sn_mf_insn:
	fwait
sn_mf_next:
	jmp sn_return

	/* The same by arithmetic: ZE unmasked, 1 / 0. */
	SNIPPET mf_fdiv
sn_mf_fdiv:
	fninit
	fldcw (%rdi)
	fldz
	fld1
	fdiv %st(1), %st
sn_mf_fdiv_insn:
	fwait
sn_mf_fdiv_next:
	jmp sn_return

	SNIPPET ac
sn_ac:
sn_ac_insn:
	mov 1(%rdi), %eax
sn_ac_next:
	jmp sn_return

	/* ZE unmasked in MXCSR, 1.0 / 0.0. */
	SNIPPET xm
sn_xm:
	ldmxcsr (%rdi)
	movss 4(%rdi), %xmm0
	xorps %xmm1, %xmm1
sn_xm_insn:
	divss %xmm1, %xmm0
sn_xm_next:
	jmp sn_return

	.code32
sn_return32:
	mov %cs, %eax
	and $3, %eax
	jnz sn_return32_hlt
	ljmp $SEL_KCODE, $probe_done
sn_return32_hlt:
	hlt

	/* Compatibility mode: into with OF = 1 (the probe's RFLAGS). */
	SNIPPET into
sn_into:
sn_into_insn:
	into
sn_into_next:
	jmp sn_return32

	/* Compatibility mode: 20 is outside the bounds [0, 10] at %edi. */
	SNIPPET bound
sn_bound:
	mov $(SEL_UDATA | 3), %eax
	mov %eax, %ds
	mov $20, %eax
sn_bound_insn:
	bound %eax, (%edi)
sn_bound_next:
	jmp sn_return32
	.code64

	.balign 16
	.globl sn_fx_image, sn_fcw, sn_xm_data, sn_bounds
sn_fx_image:
	.word 0x037b		/* FCW: ZM clear */
	.word 0x8084		/* FSW: ZE, ES, B */
	.fill 20, 1, 0		/* FTW, FOP, FIP, FDP */
	.long 0x1f80		/* MXCSR */
	.long 0			/* MXCSR_MASK (ignored) */
	.fill 480, 1, 0
sn_fcw:
	.word 0x037b
	.balign 4
sn_xm_data:
	.long 0x1d80		/* MXCSR: ZM clear */
	.long 0x3f800000	/* 1.0f */
sn_bounds:
	.long 0, 10

	.data
	.balign 8
gdt:
	.quad 0				/* 0x00 null */
	.quad 0x00af9a000000ffff	/* 0x08 kernel code, 64-bit */
	.quad 0x00cf92000000ffff	/* 0x10 kernel data */
	.quad 0x00cffa000000ffff	/* 0x18 user code, 32-bit */
	.quad 0x00cff2000000ffff	/* 0x20 user data */
	.quad 0x00affa000000ffff	/* 0x28 user code, 64-bit */
	.quad 0x00cf9a000000ffff	/* 0x30 kernel code, 32-bit */
	.globl gdt_tss
gdt_tss:
	.quad 0, 0			/* 0x38 TSS, filled by tss_load() */
	.quad 0x00cf12000000ffff	/* 0x48 data, DPL 0, not present */
	.quad 0x00cf72000000ffff	/* 0x50 data, DPL 3, not present */
gdt_end:
	.globl gdt_pointer
gdt_pointer:
	.word gdt_end - gdt - 1
	.quad gdt

	.bss
	.balign 16
	.globl probe_saved_rsp, multiboot_info
probe_saved_rsp:
	.quad 0
multiboot_info:
	.quad 0
