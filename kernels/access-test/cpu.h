/* The access test's machine set-up (cpu.c) and probe mechanism (boot.S). */
#ifndef CPU_H
#define CPU_H

#include "layout.h"
#include "support.h"


extern u64 pml4[512], kernel_pdpt[512], kernel_pd[512];
extern u64 test_pdpt[512], test_pd[512], test_pt[512];
extern u8 test_page[4096];

/* The last exception a probe ended with. */
struct event {
	int vector;
	u64 error, rip, cs, rflags, rsp, ss, cr2;
};
extern struct event event;

struct features {
	int nx, page1g, smep, smap, pku, maxphyaddr;
};
extern struct features features;

void cpu_init(void);
u64 user_address(const void *kernel_symbol);

int probe_call(u64 entry, u64 arg, int cpl, u64 rflags);
void probe_escape(int result) __attribute__((noreturn));

/* Access routines (boot.S): the address in the first argument; *_insn label the access. */
extern char k_read[], k_write[], k_fetch[], k_stack_read[], k_push[], k_wrmsr[], fs_read[];
extern char k_read_insn[], k_write_insn[], k_fetch_insn[], k_stack_read_insn[], k_push_insn[];
extern char k_wrmsr_insn[], fs_read_insn[];
extern char u_read[], u_write[], u_fetch[], u_stack_read[], u_push[];
extern char u_read_insn[], u_write_insn[], u_fetch_insn[], u_stack_read_insn[], u_push_insn[];
extern u32 probe_msr;

#endif
