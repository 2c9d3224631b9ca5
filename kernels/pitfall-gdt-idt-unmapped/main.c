/*
 * pitfall-gdt-idt-unmapped: the blog post's "load your GDT and IDT before mapping page tables
 * ... the address of the gdt/idt may not exist". The kernel puts its GDT, TSS and IDT in a
 * page it reaches through the loader's HHDM, proves they work (int3 is handled), then builds
 * page tables that map only its own image, not the HHDM, and switches CR3. Nothing touches
 * the tables until the next interrupt: int3 makes the CPU read the IDT gate at an address
 * that no longer translates: #PF; delivering that needs the IDT again: #DF; and again.
 * Expected end: a triple fault at the int3 after the CR3 switch (QEMU -no-reboot status 0).
 */
#include "desc.h"
#include "exit.h"
#include "frames.h"
#include "kspace.h"
#include "limine-boot.h"
#include "print.h"

static uint8_t df_stack[4096] __attribute__((aligned(16)));
static struct pt_space space;
static volatile int breakpoints;

static void on_breakpoint(struct int_frame *f)
{
	(void)f;
	breakpoints++;
}

void kmain(void)
{
	limine_boot("pitfall-gdt-idt-unmapped: GDT and IDT in memory the new tables do not map");

	void *gdt_page = phys_ptr(frames_alloc());
	void *idt_page = phys_ptr(frames_alloc());
	gdt_install(gdt_page, (uint64_t)(df_stack + sizeof df_stack));
	idt_install(idt_page);
	idt_set_ist(VEC_DF, 1);
	idt_set_handler(3, on_breakpoint);
	kprintf("cpu: gdt at %p, idt at %p (hhdm addresses)\n", gdt_page, idt_page);
	__asm__ volatile("int3");
	kprintf("int3: handled %d time, on the loader's tables\n", breakpoints);

	kprintf("vmm: mapping the kernel image only: no hhdm\n");
	pt_init(&space, kspace_alloc_table, kspace_table);
	struct kspace_options options = { .nx = 1, .hhdm = 0, .user_wx = 0 };
	kspace_build(&space, &options);
	kspace_switch(&space);

	kprintf("int3: again, with the idt at %p unmapped\n", idt_page);
	__asm__ volatile("int3");
	kprintf("int3: handled?\n");
	qemu_exit(EXIT_CHECK_FAILED);
}
