/*
 * The machine the exception test runs on: page tables, stacks, IDT, TSS, and the exception
 * entry that records what the handler saw and abandons the probe.
 */
#include "cpu.h"

#define PAGE __attribute__((aligned(4096)))

u64 pml4[512] PAGE;
u64 kernel_pdpt[512] PAGE;
u64 kernel_pd[512] PAGE;
static u64 user_pd[512] PAGE;
static u64 user_pt[512] PAGE;
static u8 user_stack_page[4096] PAGE;
u8 kernel_stack[KERNEL_STACK_SIZE] PAGE;
u8 probe_stack[STACK_SIZE] PAGE;
u8 rsp0_stack[STACK_SIZE] PAGE;
u8 ist_stacks[3][STACK_SIZE] PAGE;

struct gate {
	u16 offset0, selector;
	u8 ist, type;
	u16 offset1;
	u32 offset2, zero;
};
static struct gate idt[256] __attribute__((aligned(16)));

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3, iomap;
} __attribute__((packed));
static struct tss tss __attribute__((aligned(16)));

struct event event;
u64 probe_return_rip;

extern const u64 isr_table[22];
extern char isr_130[], isr_131[];
extern u64 gdt_tss[2];
extern char __user_start[], __user_end[];

static u64 gate_handler(int vector)
{
	if (vector < 22)
		return isr_table[vector];
	return vector == 0x82 ? (u64)isr_130 : (u64)isr_131;
}

/* A 64-bit interrupt gate (type 0xe) for `vector`. */
void set_gate(int vector, int present, int dpl, int ist)
{
	u64 handler = gate_handler(vector);
	struct gate *g = &idt[vector];
	g->offset0 = (u16)handler;
	g->selector = SEL_KCODE;
	g->ist = (u8)ist;
	g->type = (u8)((present ? 0x80 : 0) | (dpl << 5) | 0xe);
	g->offset1 = (u16)(handler >> 16);
	g->offset2 = (u32)(handler >> 32);
	g->zero = 0;
}

/* Loads TR with the TSS at SEL_TSS under the given limit (0x67 normally). */
void tss_load(u32 limit)
{
	u64 base = (u64)&tss;
	gdt_tss[0] = limit | ((base & 0xffffff) << 16) | (0x89UL << 40) | ((base >> 24) & 0xff) << 56;
	gdt_tss[1] = base >> 32;
	__asm__ volatile("ltr %w0" : : "r"(SEL_TSS) : "memory");
}

/* The user alias: .user read-only, a writable stack page, and a read-only view of it. */
static void user_map(void)
{
	u64 pages = (u64)(__user_end - __user_start) >> 12;
	for (u64 i = 0; i < pages; i++)
		user_pt[i] = ((u64)__user_start + (i << 12)) | PTE_P | PTE_U;
	user_pt[(USER_STACK_PAGE - USER_BASE) >> 12] = (u64)user_stack_page | PTE_P | PTE_W | PTE_U;
	user_pt[(USER_RO_PAGE - USER_BASE) >> 12] = (u64)user_stack_page | PTE_P | PTE_U;
	user_pd[0] = (u64)user_pt | PTE_P | PTE_W | PTE_U;
	kernel_pdpt[USER_BASE >> 30] = (u64)user_pd | PTE_P | PTE_W | PTE_U;
	write_cr3(read_cr3());
}

u64 user_address(const void *kernel_symbol)
{
	return USER_BASE + ((u64)kernel_symbol - (u64)__user_start);
}

void cpu_init(void)
{
	for (int v = 0; v < 22; v++)
		set_gate(v, 1, v == 3 || v == 4 ? 3 : 0, v == 8 ? 3 : 0);
	set_gate(0x82, 0, 3, 0); /* not present */
	set_gate(0x83, 1, 0, 0); /* DPL 0 */
	struct {
		u16 limit;
		u64 base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (u64)idt };
	__asm__ volatile("lidt %0" : : "m"(ptr));

	tss.rsp[0] = (u64)rsp0_stack + STACK_SIZE;
	for (int i = 0; i < 3; i++)
		tss.ist[i] = (u64)ist_stacks[i] + STACK_SIZE;
	tss.iomap = sizeof(tss);
	tss_load(sizeof(tss) - 1);
	user_map();

	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr0(read_cr0() | CR0_NE | CR0_MP);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
}

/* Called by isr_common with the saved registers; never returns. */
void exception_entry(u64 *frame)
{
	u64 vector = frame[15];
	if (vector == 13 && frame[17] == probe_return_rip)
		probe_escape(0);
	event.vector = (int)vector;
	event.error = frame[16];
	event.rip = frame[17];
	event.cs = frame[18];
	event.rflags = frame[19];
	event.rsp = frame[20];
	event.ss = frame[21];
	event.frame = (u64)&frame[22];
	event.handler_ss = read_ss();
	event.cr2 = read_cr2();
	event.dr6 = read_dr6();
	probe_escape(1);
}
