/*
 * The machine the access test runs on: page tables, stacks, IDT, TSS, the exception entry
 * that records an event and abandons the probe, and CPUID features.
 */
#include "layout.h"
#include "support.h"
#include "cpu.h"

#define PAGE __attribute__((aligned(4096)))

u64 pml4[512] PAGE;
u64 kernel_pdpt[512] PAGE;
u64 kernel_pd[512] PAGE;
u64 user_pd[512] PAGE;
u64 user_pt[512] PAGE;
u64 test_pdpt[512] PAGE;
u64 test_pd[512] PAGE;
u64 test_pt[512] PAGE;
u8 test_page[4096] PAGE;
static u8 user_stack_page[4096] PAGE;
u8 kernel_stack[KERNEL_STACK_SIZE] PAGE;
static u8 ist1_stack[8192] PAGE;
static u8 rsp0_stack[8192] PAGE;

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
struct features features;

extern const u64 isr_table[22];
extern u64 gdt_tss[2];
extern char __user_start[], __user_end[];

static void set_gate(int vector, u64 handler, int dpl, int ist)
{
	struct gate *g = &idt[vector];
	g->offset0 = (u16)handler;
	g->selector = SEL_KCODE;
	g->ist = (u8)ist;
	g->type = (u8)(0x8e | (dpl << 5)); /* present 64-bit interrupt gate */
	g->offset1 = (u16)(handler >> 16);
	g->offset2 = (u32)(handler >> 32);
	g->zero = 0;
}

static void load_idt(void)
{
	struct {
		u16 limit;
		u64 base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (u64)idt };
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

/* A 64-bit available TSS (type 9) at SEL_TSS; RSP0 and IST1 point at their own stacks. */
static void tss_init(void)
{
	u64 base = (u64)&tss;
	tss.rsp[0] = (u64)rsp0_stack + sizeof(rsp0_stack);
	tss.ist[0] = (u64)ist1_stack + sizeof(ist1_stack);
	tss.iomap = sizeof(tss);
	gdt_tss[0] = (sizeof(tss) - 1) | ((base & 0xffffff) << 16) | (0x89UL << 40) |
		     ((base >> 24) & 0xff) << 56;
	gdt_tss[1] = base >> 32;
	__asm__ volatile("ltr %w0" : : "r"(SEL_TSS));
}

/* The user alias: the .user pages and a stack page, user-accessible and writable. */
static void user_map(void)
{
	u64 pages = (u64)(__user_end - __user_start) >> 12;
	for (u64 i = 0; i < pages; i++)
		user_pt[i] = ((u64)__user_start + (i << 12)) | PTE_P | PTE_W | PTE_U;
	user_pt[(USER_STACK_PAGE - USER_BASE) >> 12] = (u64)user_stack_page | PTE_P | PTE_W | PTE_U;
	user_pd[0] = (u64)user_pt | PTE_P | PTE_W | PTE_U;
	kernel_pdpt[USER_BASE >> 30] = (u64)user_pd | PTE_P | PTE_W | PTE_U;
	write_cr3(read_cr3());
}

u64 user_address(const void *kernel_symbol)
{
	return USER_BASE + ((u64)kernel_symbol - (u64)__user_start);
}

static void read_features(void)
{
	u32 r[4];
	cpuid(0, 0, r);
	u32 max_basic = r[0];
	cpuid(0x80000000, 0, r);
	u32 max_ext = r[0];
	if (max_basic >= 7) {
		cpuid(7, 0, r);
		features.smep = (r[1] >> 7) & 1;
		features.smap = (r[1] >> 20) & 1;
		features.pku = (r[2] >> 3) & 1;
	}
	if (max_ext >= 0x80000001) {
		cpuid(0x80000001, 0, r);
		features.nx = (r[3] >> 20) & 1;
		features.page1g = (r[3] >> 26) & 1;
	}
	features.maxphyaddr = 36;
	if (max_ext >= 0x80000008) {
		cpuid(0x80000008, 0, r);
		features.maxphyaddr = r[0] & 0xff;
	}
}

void cpu_init(void)
{
	for (int v = 0; v < 22; v++)
		set_gate(v, isr_table[v], v == 3 ? 3 : 0, 1);
	load_idt();
	tss_init();
	user_map();
	read_features();
	if (features.nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
}

/* Called by isr_common with the saved registers; never returns. */
void exception_entry(u64 *frame)
{
	u64 vector = frame[15];
	if (vector == 3) /* the int3 that ends a CPL-3 probe */
		probe_escape(0);
	event.vector = (int)vector;
	event.error = frame[16];
	event.rip = frame[17];
	event.cs = frame[18];
	event.rflags = frame[19];
	event.rsp = frame[20];
	event.ss = frame[21];
	event.cr2 = read_cr2();
	probe_escape(1);
}
