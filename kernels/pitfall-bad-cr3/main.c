/*
 * pitfall-bad-cr3: the blog post's "look at cr3, is the value bogus or 0?". The kernel loads
 * CR3 with 0. The CPU takes it (0 is a page-aligned physical address), and the next
 * instruction fetch walks "the PML4" at physical 0: real-mode leftovers (the interrupt vector
 * table) or zeros, not a page table. The walk fails (#PF); delivering the #PF reads the IDT
 * through the same non-tables (#DF), and delivering the #DF fails too.
 * pitfall-bad-cr3-garbage is the variant with a bogus, non-zero value.
 * Expected end: a triple fault at the instruction after the mov to CR3 (QEMU -no-reboot exits
 * with status 0).
 */
#include "cpu.h"
#include "descriptors.h"
#include "exit.h"
#include "limine-boot.h"
#include "print.h"

void kmain(void)
{
	limine_boot("pitfall-bad-cr3: loading cr3 with 0");
	install_descriptors();
	kprintf("cr3: now 0x%lx, from the loader\n", (uint64_t)read_cr3());
	kprintf("cr3: loading 0x0\n");
	write_cr3(0);
	kprintf("cr3: survived?\n");
	qemu_exit(EXIT_CHECK_FAILED);
}
