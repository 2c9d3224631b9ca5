/*
 * pitfall-misaligned-2m: a 2 MiB page entry whose address is not 2 MiB aligned. In a PDE
 * with PS set, bit 12 is the PAT bit and bits 20:13 are reserved, so:
 *   1. base + 0x1000 sets only bit 12: no fault, the CPU maps the aligned base (with another
 *      memory type). The kernel reads the marker of the aligned frame, not the one it meant.
 *   2. base + 0x100000 sets bit 20, a reserved bit: the read through it raises #PF with the
 *      reserved-bit flag in the error code.
 * Expected end: phase 1 reads the aligned frame's marker; phase 2 #PF (reserved bit),
 * reported, exit 0x2e (QEMU status 93).
 */
#include "cpu.h"
#include "descriptors.h"
#include "exit.h"
#include "kspace.h"
#include "limine-boot.h"
#include "print.h"

#define WINDOW 0xffffffff90000000ul /* 2 MiB aligned */
#define MARK_BASE 0x2a2a2a2a00000000ul
#define MARK_4K 0x2a2a2a2a00001000ul

static struct pt_space space;

/* A 2 MiB aligned block of usable RAM, from the top of the highest usable region: the frame
 * allocator hands frames out from the bottom. */
static uint64_t usable_2m_block(void)
{
	for (uint64_t i = boot.memmap->entry_count; i-- > 0;) {
		struct limine_memmap_entry *e = boot.memmap->entries[i];
		uint64_t block = (e->base + e->length - LARGE_PAGE_SIZE) & ~(LARGE_PAGE_SIZE - 1);
		if (e->type == LIMINE_MEMMAP_USABLE && e->length >= 2 * LARGE_PAGE_SIZE &&
		    block >= e->base)
			return block;
	}
	kprintf("2m: no 2 MiB block of usable memory\n");
	qemu_exit(EXIT_CHECK_FAILED);
}

void kmain(void)
{
	limine_boot("pitfall-misaligned-2m: 2 MiB pages at unaligned addresses");
	pt_init(&space, kspace_alloc_table, kspace_table);
	struct kspace_options options = { .nx = 1, .hhdm = 1, .user_wx = 0 };
	kspace_build(&space, &options);
	kspace_switch(&space);
	install_descriptors();

	uint64_t block = usable_2m_block();
	*(volatile uint64_t *)phys_ptr(block) = MARK_BASE;
	*(volatile uint64_t *)phys_ptr(block + 0x1000) = MARK_4K;
	kprintf("2m: frames at block+0 and block+0x1000 marked 0x%lx, 0x%lx\n", MARK_BASE, MARK_4K);
	volatile uint64_t *pde = pt_pde_slot(&space, WINDOW);
	volatile uint64_t *window = (volatile uint64_t *)WINDOW;

	*pde = (block + 0x1000) | PTE_P | PTE_W | PTE_PS | PTE_NX;
	kprintf("2m: pde for 0x%lx -> block+0x1000 (bit 12 is PAT here)\n", WINDOW);
	uint64_t got = *window;
	kprintf("2m: read 0x%lx, %s\n", got,
		got == MARK_BASE ? "the aligned frame: the offset was ignored" : "unexpected");
	if (got != MARK_BASE)
		qemu_exit(EXIT_CHECK_FAILED);

	*pde = (block + 0x100000) | PTE_P | PTE_W | PTE_PS | PTE_NX;
	invlpg(window);
	kprintf("2m: pde for 0x%lx -> block+0x100000 (bit 20 is reserved)\n", WINDOW);
	kprintf("2m: reading it\n");
	got = *window;
	kprintf("2m: read 0x%lx without a fault?\n", got);
	qemu_exit(EXIT_CHECK_FAILED);
}
