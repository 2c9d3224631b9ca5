/*
 * pitfall-no-identity-map: a Multiboot 1 kernel (32-bit, no long mode code at all) that
 * enables paging without identity-mapping the code doing it. Its PML4 maps only the higher
 * half, 0xffffffff80000000 -> physical 0-2 MiB, where it means to continue; but turning on
 * CR0.PG happens at a low address, and the very next fetch (the instruction after the mov to
 * CR0) no longer translates: #PF. The IDT is as undefined as the loader left it, and in any
 * case unmapped: #DF, then a triple fault.
 * Expected end: a triple fault right after the mov to CR0 (QEMU -no-reboot exits with 0).
 */
#include <stdint.h>
#include "exit.h"
#include "mem.h"
#include "multiboot.h"
#include "paging.h"
#include "print.h"
#include "serial.h"

#define HIGHER_HALF 0xffffffff80000000ull

void enable_long_paging(uint32_t pml4);
extern const char paging_cr0_write[], paging_first_fetch[];

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));

void kmain32(uint32_t magic, uint32_t info)
{
	(void)info;
	serial_init();
	kprintf("pitfall-no-identity-map: paging on without an identity map\n");
	if (magic != MB1_BOOT_MAGIC) {
		kprintf("multiboot1: bad magic 0x%x\n", magic);
		qemu_exit(EXIT_BAD_BOOT);
	}
	/* The loader need not clear .bss. */
	memset(pml4, 0, sizeof pml4);
	memset(pdpt, 0, sizeof pdpt);
	memset(pd, 0, sizeof pd);
	pml4[PML4_INDEX(HIGHER_HALF)] = (uint32_t)pdpt | PTE_P | PTE_W;
	pdpt[PDPT_INDEX(HIGHER_HALF)] = (uint32_t)pd | PTE_P | PTE_W;
	pd[PD_INDEX(HIGHER_HALF)] = 0 | PTE_P | PTE_W | PTE_PS;
	kprintf("paging: pml4 0x%x maps 0x%llx-0x%llx -> physical 0x0-0x200000\n", (uint32_t)pml4,
		HIGHER_HALF, HIGHER_HALF + LARGE_PAGE_SIZE);
	kprintf("paging: nothing maps this code, at 0x%x\n", (uint32_t)kmain32);
	kprintf("paging: pae, efer.lme, then cr0.pg by the mov at 0x%x\n",
		(uint32_t)paging_cr0_write);
	kprintf("paging: the next fetch, 0x%x, has no translation\n", (uint32_t)paging_first_fetch);
	enable_long_paging((uint32_t)pml4);
	kprintf("paging: still running?\n");
	qemu_exit(EXIT_CHECK_FAILED);
}
