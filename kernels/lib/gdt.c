#include <stdint.h>
#include "desc.h"
#include "mem.h"

/* 64-bit TSS (Intel SDM vol. 3A, 8.7): packed, 104 bytes, no I/O bitmap. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct gdt_page {
	uint64_t gdt[5];
	struct tss tss;
};

struct __attribute__((packed)) table_register {
	uint16_t limit;
	uint64_t base;
};

static struct gdt_page own_gdt __attribute__((aligned(16)));

/* Code: present, DPL 0, execute/read, L=1 (64-bit). Data: present, DPL 0, read/write. */
#define DESC_KCODE64 0x00af9a000000ffffull
#define DESC_KDATA 0x00cf92000000ffffull
#define TSS_TYPE_AVAILABLE 0x89ull /* present, 64-bit TSS (available) */

void gdt_install(void *storage, uint64_t ist1_top)
{
	struct gdt_page *p = storage ? storage : &own_gdt;
	memset(p, 0, sizeof *p);
	p->gdt[GDT_KCODE / 8] = DESC_KCODE64;
	p->gdt[GDT_KDATA / 8] = DESC_KDATA;
	p->tss.ist[0] = ist1_top;
	p->tss.iomap_base = sizeof p->tss; /* past the limit: no I/O bitmap */

	uint64_t base = (uint64_t)&p->tss, limit = sizeof p->tss - 1;
	p->gdt[GDT_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (TSS_TYPE_AVAILABLE << 40) |
			      ((limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
	p->gdt[GDT_TSS / 8 + 1] = base >> 32;

	struct table_register gdtr = { sizeof p->gdt - 1, (uint64_t)p->gdt };
	__asm__ volatile("lgdt %0\n\t"
			 /* A far return is the way to load CS in 64-bit mode. */
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ds\n\t"
			 "movw %w2, %%es\n\t"
			 "movw %w2, %%ss\n\t"
			 "movw %w3, %%fs\n\t"
			 "movw %w3, %%gs\n\t"
			 "ltr %w4"
			 :
			 : "m"(gdtr), "i"(GDT_KCODE), "r"(GDT_KDATA), "r"(0), "r"(GDT_TSS)
			 : "rax", "memory");
}
