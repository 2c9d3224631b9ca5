/*
 * Entry, exception stubs, the probe mechanism and the code of the extra tasks of the
 * task-test kernel. Everything runs in 32-bit protected mode, flat segments, paging off but
 * for the CR3 probe.
 *
 * probe_call(fn) calls fn at CPL 0 and comes back through probe_escape, which restores the
 * kernel's stack and segments: fn returns there, an exception stub jumps there after recording
 * the event, and ring-3 code reaches it through the escape call gate.
 */
#include "layout.h"

#include "multiboot-start.h"
	MULTIBOOT_START
	mov $(kernel_stack + 8192), %esp
	call kmain
1:	hlt
	jmp 1b

/* void load_gdt(void *gdtr): loads the GDT and reloads every segment register. */
	.globl load_gdt
load_gdt:
	mov 4(%esp), %eax
	lgdt (%eax)
	ljmp $SEL_KCODE, $1f
1:	mov $SEL_KDATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	ret

/* int probe_call(void (*fn)(void)) */
	.globl probe_call
probe_call:
	push %ebp
	push %ebx
	push %esi
	push %edi
	mov %esp, probe_esp
	call *20(%esp)
	.globl probe_escape
probe_escape:
	mov $SEL_KDATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov probe_esp, %esp
	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	ret

/* Exception stubs, 16 bytes apart: push a 0 error code where the CPU pushes none. */
	.macro stub v
	.balign 16
	.if (\v == 8) || (\v >= 10 && \v <= 14) || (\v == 17)
	.else
	push $0
	.endif
	push $\v
	jmp exception_common
	.endm
	.balign 16
	.globl exception_stubs
exception_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stub \v
	.endr

exception_common:
	mov $SEL_KDATA, %ax
	mov %ax, %ds
	popl ev_vector
	popl ev_err
	popl ev_eip
	popl ev_cs
	jmp probe_escape

/* #DF task: records what it finds and sends the faulting task to probe_escape with IRET. */
	.globl df_task
df_task:
	popl df_err
	str df_tr
	pushf
	popl df_eflags
	movzwl df_tss + TSS_LINK, %eax
	mov %eax, df_link
	mov main_tss + TSS_EIP, %eax
	mov %eax, df_saved_eip
	movl $probe_escape, main_tss + TSS_EIP
	iret
	jmp df_task

/* Task B: CALLed through its task gate, records TR and EFLAGS, IRETs to its caller. */
	.globl b_task
b_task:
	str b_tr
	pushf
	popl b_eflags
	iret
	jmp b_task

/* Task C: reads CR3 (its TSS's) and JMPs back to the kernel's task. */
	.globl c_task
c_task:
	mov %cr3, %eax
	mov %eax, c_cr3
	ljmp $SEL_MAIN_TSS, $0
	jmp c_task

/* Ring 3 through a call gate: iret to user_code, which calls gate_target with a parameter. */
	.globl user_probe
user_probe:
	push $SEL_UDATA
	push $(user_stack + 4096)
	push $0x2
	push $SEL_UCODE
	push $user_code
	iret
user_code:
	mov $SEL_UDATA, %ax
	mov %ax, %ds
	mov %ax, %es
	push $0x1234abcd
	.globl user_call
user_call:
	lcall $SEL_CALL_GATE, $0
	.globl user_return
user_return:
	mov %esp, user_esp_after
	mov %cs, user_cs_after
	mov %ss, user_ss_after
	lcall $SEL_ESCAPE_GATE, $0

	.globl gate_target
gate_target:
	mov %cs, gate_cs
	mov %ss, gate_ss
	mov %esp, gate_esp
	mov 0(%esp), %eax
	mov %eax, gate_frame
	mov 4(%esp), %eax
	mov %eax, gate_frame + 4
	mov 8(%esp), %eax
	mov %eax, gate_frame + 8
	mov 12(%esp), %eax
	mov %eax, gate_frame + 12
	mov 16(%esp), %eax
	mov %eax, gate_frame + 16
	lret $4

/* The probes' instructions. */
	.globl do_call_gate_b
do_call_gate_b:
	lcall $SEL_B_GATE, $0
	ret
	.globl do_jmp_short
do_jmp_short:
	ljmp $SEL_SHORT_TSS, $0
	ret
	.globl do_jmp_busy
do_jmp_busy:
	ljmp $SEL_MAIN_TSS, $0
	ret
	.globl do_jmp_np
do_jmp_np:
	ljmp $SEL_NP_TSS, $0
	ret
	.globl do_jmp_c
do_jmp_c:
	ljmp $SEL_C_TSS, $0
	ret
	.globl do_iret_nt
do_iret_nt:
	pushf
	orl $EFLAGS_NT, (%esp)
	popf
	.globl iret_nt_insn
iret_nt_insn:
	iret
	.globl do_double_fault
do_double_fault:
	mov $0x7ff8, %ax
	.globl double_fault_insn
double_fault_insn:
	mov %ax, %ds
	ret
