/*
 * demo-limine: the healthy kernel pagescope opens first. Booted by Limine (base revision 2),
 * it reads the loader's answers, builds its own page tables (its image with per-section
 * permissions, a guard page under its stack, an HHDM of RAM, the local APIC), switches CR3,
 * installs its own GDT, TSS (IST1 for #DF) and IDT, takes a breakpoint, runs the local APIC
 * timer for a few periodic ticks with sti;hlt, and exits with 0.
 * Expected end: exit code 0 (QEMU status 1).
 */
#include "apic.h"
#include "cpu.h"
#include "desc.h"
#include "descriptors.h"
#include "exit.h"
#include "kspace.h"
#include "limine-boot.h"
#include "print.h"

#define TIMER_VECTOR 0x40
#define SPURIOUS_VECTOR 0xff
#define TICKS 5
/* At QEMU's 1 GHz APIC bus clock divided by 16: a tick every 1.6 ms. */
#define TIMER_COUNT 100000

static struct pt_space space;
static volatile unsigned ticks;
static volatile int breakpoints;

static void on_breakpoint(struct int_frame *f)
{
	(void)f;
	breakpoints++;
}

static void on_timer(struct int_frame *f)
{
	(void)f;
	ticks++;
	kprintf("timer: tick %u\n", ticks);
	/* Stopping here, not in kmain, keeps the count exact: no tick can land between the
	 * last hlt and the stop. */
	if (ticks == TICKS)
		lapic_timer_stop();
	lapic_eoi();
}

static void on_spurious(struct int_frame *f)
{
	(void)f; /* a spurious interrupt takes no EOI */
}

void kmain(void)
{
	limine_boot("demo-limine: a healthy Limine kernel");
	kprintf("limine: loader stack of %lu KiB granted\n", stack_size_request.stack_size >> 10);

	struct kspace_options options = { .nx = 1, .hhdm = 1, .user_wx = 0 };
	pt_init(&space, kspace_alloc_table, kspace_table);
	kspace_build(&space, &options);
	kspace_switch(&space);

	install_descriptors();
	idt_set_handler(3, on_breakpoint);
	idt_set_handler(TIMER_VECTOR, on_timer);
	idt_set_handler(SPURIOUS_VECTOR, on_spurious);

	__asm__ volatile("int3");
	if (breakpoints != 1) {
		kprintf("int3: no breakpoint taken\n");
		qemu_exit(EXIT_CHECK_FAILED);
	}
	kprintf("int3: handled, back in kmain\n");

	pic_disable();
	lapic_enable(kspace_lapic(), SPURIOUS_VECTOR);
	kprintf("lapic: id %u, timer periodic, vector 0x%x\n", lapic_id(), TIMER_VECTOR);
	lapic_timer_periodic(TIMER_VECTOR, TIMER_COUNT);
	while (ticks < TICKS)
		sti_hlt();
	cli();
	kprintf("lapic: timer stopped after %u ticks\n", TICKS);
	kprintf("demo-limine: done, exit 0\n");
	qemu_exit(EXIT_OK);
}
