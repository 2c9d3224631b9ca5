/*
 * The GDT, TSS and IDT of a 64-bit kernel. GDT layout: 0x08 kernel code, 0x10 kernel data,
 * 0x18 the 16-byte TSS descriptor. The TSS holds the IST stacks: #DF runs on IST1 so a kernel
 * whose stack is gone can still report the double fault.
 */
#ifndef LIB_DESC_H
#define LIB_DESC_H
#include <stdint.h>

#define GDT_KCODE 0x08
#define GDT_KDATA 0x10
#define GDT_TSS 0x18

#define VEC_DF 8
#define VEC_GP 13
#define VEC_PF 14

/* What isr.S leaves on the stack: the registers it pushed, then what the CPU pushed. */
struct int_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error; /* error is 0 for vectors without an error code */
	uint64_t rip, cs, rflags, rsp, ss;
};

typedef void (*int_handler)(struct int_frame *f);

/* Builds the GDT and TSS in `storage` (a 4 KiB page; 0 for the kernel's own), loads GDTR,
 * reloads the segment registers and TR. `ist1_top` is the top of the #DF stack. */
void gdt_install(void *storage, uint64_t ist1_top);

/* Fills an IDT in `storage` (4 KiB; 0 for the kernel's own) with gates to isr.S's stubs,
 * using the code selector in CS now, and loads IDTR. Exceptions without a handler report
 * and exit (fault.h); other vectors without one exit with EXIT_STRAY_IRQ. */
void idt_install(void *storage);
void idt_set_handler(unsigned vector, int_handler h);
/* Makes `vector` switch to stack IST `ist` (1-7) of the TSS; call after idt_install. */
void idt_set_ist(unsigned vector, unsigned ist);

#endif
