/*
 * pitfall-stale-tlb: a page-table entry changed without invlpg. A window page is mapped to
 * frame A and read (the TLB now holds the translation); its PTE is rewritten to frame B; a
 * second read still returns A's data, because nothing told the CPU that the entry changed.
 * After invlpg the third read walks the tables again and returns B's data. Real CPUs and
 * QEMU's TCG both keep the stale translation; a debugger that re-walks on every access hides
 * the bug.
 * Expected end: reads A, A (stale), B; exit code 0 (QEMU status 1).
 */
#include "cpu.h"
#include "descriptors.h"
#include "exit.h"
#include "frames.h"
#include "kspace.h"
#include "limine-boot.h"
#include "print.h"

#define WINDOW 0xffffffff90000000ul
#define VALUE_A 0xaaaaaaaa00000001ul
#define VALUE_B 0xbbbbbbbb00000002ul

static struct pt_space space;

void kmain(void)
{
	limine_boot("pitfall-stale-tlb: a changed PTE without invlpg");
	pt_init(&space, kspace_alloc_table, kspace_table);
	struct kspace_options options = { .nx = 1, .hhdm = 1, .user_wx = 0 };
	kspace_build(&space, &options);
	kspace_switch(&space);
	install_descriptors();

	uint64_t a = frames_alloc(), b = frames_alloc();
	*(volatile uint64_t *)phys_ptr(a) = VALUE_A;
	*(volatile uint64_t *)phys_ptr(b) = VALUE_B;
	pt_map(&space, WINDOW, a, PAGE_SIZE, PTE_W | PTE_NX, 0);
	volatile uint64_t *pte = pt_entry(&space, WINDOW);
	volatile uint64_t *window = (volatile uint64_t *)WINDOW;
	kprintf("tlb: window 0x%lx -> frame A (holds 0x%lx)\n", WINDOW, VALUE_A);

	/* No output between the reads: nothing else should get a chance to evict the entry. */
	uint64_t first = *window;
	*pte = b | PTE_P | PTE_W | PTE_NX;
	__asm__ volatile("" ::: "memory");
	uint64_t second = *window;
	invlpg(window);
	uint64_t third = *window;

	kprintf("tlb: read 0x%lx\n", first);
	kprintf("tlb: pte -> frame B (holds 0x%lx), no invlpg\n", VALUE_B);
	kprintf("tlb: read 0x%lx, %s\n", second,
		second == VALUE_A ? "stale: the TLB still maps frame A" : "fresh: no stale entry");
	kprintf("tlb: invlpg 0x%lx\n", WINDOW);
	kprintf("tlb: read 0x%lx\n", third);
	if (first != VALUE_A || third != VALUE_B) {
		kprintf("tlb: wrong data\n");
		qemu_exit(EXIT_CHECK_FAILED);
	}
	kprintf("pitfall-stale-tlb: done, exit 0\n");
	qemu_exit(EXIT_OK);
}
