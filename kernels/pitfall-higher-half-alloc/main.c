/*
 * pitfall-higher-half-alloc: the blog post's "your pmm might be returning higher half
 * addresses". The frame allocator here hands out frames from a pool in the kernel's .bss by
 * their kernel-virtual addresses (0xffffffff8000xxxx), and the page-table code stores those
 * in entries as if they were physical. The tables look fine to the kernel, which writes them
 * through the same pointers, and CR3 gets the PML4's real physical address (the kernel knows
 * CR3 needs one). But the first instruction fetch after the switch walks a PML4E whose
 * address field is 0x000fffff8000xxxx: bits 51:40 set, reserved above MAXPHYADDR, so #PF
 * (reserved bit); delivering it reads the IDT through the same entry: #PF, so #DF, whose
 * delivery faults as well.
 * Expected end: a triple fault right after the mov to CR3 (QEMU -no-reboot exits with 0).
 */
#include "cpu.h"
#include "descriptors.h"
#include "exit.h"
#include "kspace.h"
#include "limine-boot.h"
#include "mem.h"
#include "print.h"

#define POOL_FRAMES 64 /* the loader's memory map decides how many tables: keep room */

static uint8_t pool[POOL_FRAMES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned pool_next;

/* The bug: a "physical" frame allocator that returns pointers. */
static uint64_t alloc_frame(void)
{
	if (pool_next == POOL_FRAMES) {
		kprintf("vmm: frame pool exhausted\n");
		qemu_exit(EXIT_CHECK_FAILED);
	}
	uint8_t *frame = pool[pool_next++];
	memset(frame, 0, PAGE_SIZE);
	return (uint64_t)frame;
}

/* And its twin: an entry's address, flags cut off, used as a pointer. */
static uint64_t *table_at(uint64_t entry)
{
	return (uint64_t *)(entry & ~0xfffull);
}

static struct pt_space space;

void kmain(void)
{
	limine_boot("pitfall-higher-half-alloc: page tables from a higher-half frame allocator");
	install_descriptors();

	kprintf("vmm: frames come from a .bss pool, as kernel-virtual pointers\n");
	pt_init(&space, alloc_frame, table_at);
	struct kspace_options options = { .nx = 1, .hhdm = 1, .user_wx = 0 };
	kspace_build(&space, &options);
	uint64_t *pml4 = table_at(space.root);
	kprintf("vmm: %u tables, pml4 at 0x%lx\n", space.tables, space.root);
	kprintf("vmm: pml4[511] = 0x%lx: the next table by its virtual address\n", pml4[511]);

	uint64_t phys = kernel_phys(pml4);
	kprintf("vmm: loading cr3 with the pml4's physical address 0x%lx\n", phys);
	write_cr3(phys);
	kprintf("vmm: survived the switch?\n");
	qemu_exit(EXIT_CHECK_FAILED);
}
