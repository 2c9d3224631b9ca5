/*
 * pitfall-bad-cr3-garbage: the variant of pitfall-bad-cr3 with a bogus value: the physical
 * address of a page that holds text, not page-table entries (a kernel that passes the wrong
 * pointer to its load_cr3). The CPU takes it: any page-aligned address below MAXPHYADDR is a
 * valid CR3. The next fetch reads an ASCII "PML4E": its low bit is set (present) and its
 * address field has bits above MAXPHYADDR set, so the walk stops with a reserved-bit #PF,
 * whose delivery walks the same text to reach the IDT: #DF, then a triple fault.
 * Expected end: a triple fault at the instruction after the mov to CR3 (QEMU -no-reboot exits
 * with status 0).
 */
#include "cpu.h"
#include "descriptors.h"
#include "exit.h"
#include "limine-boot.h"
#include "paging.h"
#include "print.h"

/* "garbage!" over and over: as a little-endian entry, 'g' (0x67) sets bit 0, present, and
 * 'e' (0x65) lands in bits 48-55, so address bits 51:48 are set: reserved whatever
 * MAXPHYADDR is below 52. Filled at run time, so the image stays small. */
static char text[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static const char phrase[8] = { 'g', 'a', 'r', 'b', 'a', 'g', 'e', '!' };

void kmain(void)
{
	limine_boot("pitfall-bad-cr3-garbage: loading cr3 with the address of a page of text");
	install_descriptors();
	for (unsigned i = 0; i < sizeof text; i++)
		text[i] = phrase[i % sizeof phrase];
	uint64_t entry = *(const uint64_t *)&text[PAGE_SIZE - 8];
	uint64_t garbage = kernel_phys(text);
	kprintf("cr3: now 0x%lx, from the loader\n", (uint64_t)read_cr3());
	kprintf("cr3: text page at 0x%lx, its word 511 is 0x%lx\n", (uint64_t)text, entry);
	kprintf("cr3: loading its physical address\n");
	write_cr3(garbage);
	kprintf("cr3: survived?\n");
	qemu_exit(EXIT_CHECK_FAILED);
}
