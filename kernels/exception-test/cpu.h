/* The exception test's machine set-up (cpu.c) and probe mechanism (boot.S). */
#ifndef CPU_H
#define CPU_H

#include "layout.h"
#include "support.h"

extern u8 probe_stack[STACK_SIZE], rsp0_stack[STACK_SIZE];
extern u8 ist_stacks[3][STACK_SIZE];

/* What the handler saw: the frame the CPU pushed and the state on entry. */
struct event {
	int vector;
	u64 error, rip, cs, rflags, rsp, ss;
	u64 frame;   /* address just above the pushed SS: the stack the CPU used */
	u64 handler_ss, cr2, dr6;
};
extern struct event event;
extern u64 probe_return_rip;

void cpu_init(void);
u64 user_address(const void *kernel_symbol);
void set_gate(int vector, int present, int dpl, int ist);
void tss_load(u32 limit);

int probe_call(u64 entry, u64 arg, int mode, u64 rflags);
void probe_escape(int result) __attribute__((noreturn));

static inline void write_dr6(u64 v) { __asm__ volatile("mov %0, %%dr6" : : "r"(v)); }
static inline u64 read_dr6(void) { u64 v; __asm__ volatile("mov %%dr6, %0" : "=r"(v)); return v; }
static inline u16 read_ss(void) { u16 v; __asm__ volatile("mov %%ss, %0" : "=r"(v)); return v; }

#endif
