/*
 * pitfall-nx-without-nxe: bit 63 of a paging entry means no-execute only while EFER.NXE is
 * set; otherwise it is a reserved bit, and any access through the entry faults. This kernel
 * builds tables without NX, then rewrites EFER from scratch (LME alone: NXE, set by the
 * loader, is lost), then maps a data page with NX and reads it.
 * Expected end: #PF with the reserved-bit flag in its error code at the read; the handler
 * reports vector, error code, RIP and CR2 and exits with 0x2e (QEMU status 93).
 */
#include "cpu.h"
#include "descriptors.h"
#include "exit.h"
#include "frames.h"
#include "kspace.h"
#include "limine-boot.h"
#include "print.h"

#define DATA_PAGE 0xffffffff90000000ul

static struct pt_space space;

void kmain(void)
{
	limine_boot("pitfall-nx-without-nxe: an NX bit while EFER.NXE is clear");
	pt_init(&space, kspace_alloc_table, kspace_table);
	struct kspace_options options = { .nx = 0, .hhdm = 1, .user_wx = 0 };
	kspace_build(&space, &options);
	kspace_switch(&space);
	install_descriptors();

	kprintf("efer: nxe %d from the loader\n", !!(rdmsr(MSR_EFER) & EFER_NXE));
	wrmsr(MSR_EFER, EFER_LME); /* the bug: EFER written whole, NXE dropped */
	kprintf("efer: written as lme only, nxe %d\n", !!(rdmsr(MSR_EFER) & EFER_NXE));

	pt_map(&space, DATA_PAGE, frames_alloc(), PAGE_SIZE, PTE_W | PTE_NX, 0);
	kprintf("nx: data page 0x%lx mapped with NX (bit 63)\n", DATA_PAGE);
	kprintf("nx: reading it\n");
	uint64_t v = *(volatile uint64_t *)DATA_PAGE;
	kprintf("nx: read 0x%lx without a fault?\n", v);
	qemu_exit(EXIT_CHECK_FAILED);
}
