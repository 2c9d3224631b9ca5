/*
 * Entry, long-mode switch, descriptor tables' static part, exception stubs and the probe
 * mechanism of the access-test kernel.
 *
 * QEMU's -kernel takes a Multiboot 1 ELF32 image: the loader enters _start in 32-bit protected
 * mode with paging off. _start identity-maps the first GiB with 2 MiB pages, turns on PAE,
 * EFER.LME and paging, and jumps to 64-bit code, which calls kmain().
 *
 * A probe runs one access and comes back whatever happens: probe_call() saves the kernel's
 * callee-saved registers and stack pointer, then either calls the access routine (CPL 0) or
 * enters it at CPL 3 with iretq. Every way out ends in probe_escape(): a normal return at
 * CPL 0, `int3` at CPL 3 (vector 3 has a DPL-3 gate; no test here expects a #BP), or any
 * exception (the C handler records it). Not `int $0x80`: under the nested KVM this project's
 * machines have, INT n from CPL 3 comes back as #UD (the hypervisor emulates it and fails),
 * while INT3 is delivered by the CPU.
 */

#include "layout.h"

#include "multiboot-start.h"
	MULTIBOOT_START
	mov $boot_stack_top, %esp

	/* PD: 512 supervisor, writable 2 MiB pages over physical 0..1 GiB. */
	mov $kernel_pd, %edi
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $(PTE_P | PTE_W | PTE_PS), %eax
	mov %eax, (%edi, %ecx, 8)
	inc %ecx
	cmp $512, %ecx
	jb 1b
	/* PML4[0] is user-accessible so that the user alias below it can be; PDPT[0] is not. */
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

/* Exception and interrupt stubs: each pushes a zero where the CPU pushes no error code, then
 * the vector, and joins isr_common. isr_table lists their addresses for idt_init(). */
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

	.text
/*
 * int probe_call(u64 entry, u64 arg, int cpl, u64 rflags)
 * Runs entry(arg) at the given CPL with the given RFLAGS; returns 0 when it got back without
 * an exception and 1 when an exception ended it.
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
	cmp $3, %edx
	je 1f
	push %rcx
	popfq
	call *%rax
	xor %edi, %edi
	jmp probe_escape
1:	push $(SEL_UDATA | 3)
	push $USER_STACK_TOP
	push %rcx
	push $(SEL_UCODE64 | 3)
	push %rax
	iretq

/* void probe_escape(int result): back to probe_call's caller with the kernel's state. */
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

/* CPL-0 access routines: the address is in %rdi; the test page holds `ret` (0xc3). */
	.globl k_read, k_write, k_fetch, k_stack_read, k_push
	.globl k_read_insn, k_write_insn, k_fetch_insn, k_stack_read_insn, k_push_insn
k_read:
k_read_insn:
	mov (%rdi), %al
	ret
k_write:
	mov $0xc3, %al
k_write_insn:
	mov %al, (%rdi)
	ret
k_fetch:
k_fetch_insn:
	call *%rdi
	ret
k_stack_read:
	push %rbp
	mov %rdi, %rbp
k_stack_read_insn:
	mov (%rbp), %al
	pop %rbp
	ret
k_push:
	mov %rsp, %rsi
	lea 8(%rdi), %rsp
k_push_insn:
	push %rax
	mov %rsi, %rsp
	ret

/* fs_read(offset): a byte at %fs:offset. k_wrmsr(value): writes probe_msr. */
	.globl fs_read, fs_read_insn, k_wrmsr, k_wrmsr_insn
fs_read:
fs_read_insn:
	movzbl %fs:(%rdi), %eax
	ret
k_wrmsr:
	mov probe_msr(%rip), %ecx
	mov %edi, %eax
	mov %rdi, %rdx
	shr $32, %rdx
k_wrmsr_insn:
	wrmsr
	ret

/* CPL-3 access routines, mapped user-accessible at the user alias; int3 comes back. */
	.section .user, "ax"
	.globl u_read, u_write, u_fetch, u_stack_read, u_push
	.globl u_read_insn, u_write_insn, u_fetch_insn, u_stack_read_insn, u_push_insn
u_read:
u_read_insn:
	mov (%rdi), %al
	int3
u_write:
	mov $0xc3, %al
u_write_insn:
	mov %al, (%rdi)
	int3
u_fetch:
u_fetch_insn:
	call *%rdi
	int3
u_stack_read:
	mov %rdi, %rbp
u_stack_read_insn:
	mov (%rbp), %al
	int3
u_push:
	lea 8(%rdi), %rsp
u_push_insn:
	push %rax
	int3

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
	.quad 0, 0			/* 0x38 TSS, filled by tss_init() */
gdt_end:
	.globl gdt_pointer
gdt_pointer:
	.word gdt_end - gdt - 1
	.quad gdt

	.bss
	.balign 16
	.globl probe_saved_rsp, probe_msr
probe_saved_rsp:
	.quad 0
probe_msr:
	.long 0
	.balign 16
	.space 4096
boot_stack_top:
