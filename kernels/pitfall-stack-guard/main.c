/*
 * pitfall-stack-guard: unbounded recursion runs the kernel stack into the guard page below
 * it, which the kernel's tables leave unmapped. The write into it raises #PF; the CPU then
 * pushes the #PF frame on the same stack, still inside the guard page, and that fault during
 * delivery makes it a double fault. #DF has its own stack (IST1 in the TSS), so its handler
 * runs, reports and exits. Without the IST the #DF push would fault as well: triple fault.
 * Expected end: #DF on IST1 reported (CR2 inside the guard page), exit 0x28 (QEMU status 81).
 */
#include "cpu.h"
#include "desc.h"
#include "descriptors.h"
#include "exit.h"
#include "fault.h"
#include "kspace.h"
#include "limine-boot.h"
#include "print.h"

#define FRAME_BYTES 512

static struct pt_space space;
static volatile unsigned deepest;

static int in_guard_page(uint64_t a)
{
	return a >= (uint64_t)__stack_guard && a < (uint64_t)__stack_bottom;
}

/* CR2 is printed as a yes/no: which push of the #PF frame faults first is the CPU's own
 * business (QEMU and a Zen 3 differ by 8 bytes), but it is in the guard page either way. */
static void on_double_fault(struct int_frame *f)
{
	uint64_t rsp;
	__asm__ volatile("mov %%rsp, %0" : "=r"(rsp));
	kprintf("stack: #DF after %u frames, on %s\n", deepest,
		rsp >= (uint64_t)__stack_guard && rsp < (uint64_t)__stack_top ? "the dead stack!"
									  : "the IST1 stack");
	kprintf("stack: cr2 in the guard page: %s\n", in_guard_page(read_cr2()) ? "yes" : "no");
	fault_exit(f);
}

/* A bound far beyond what 16 KiB of stack holds; volatile, so the compiler keeps it. */
static volatile unsigned limit = 1000000;

/* Not a tail call: the sum needs this frame's buffer after the call returns. */
__attribute__((noinline)) static unsigned recurse(unsigned depth)
{
	volatile uint8_t buf[FRAME_BYTES];
	buf[0] = (uint8_t)depth;
	deepest = depth;
	if (depth == limit)
		return buf[0];
	return recurse(depth + 1) + buf[0];
}

void kmain(void)
{
	limine_boot("pitfall-stack-guard: recursion into the stack's guard page");
	pt_init(&space, kspace_alloc_table, kspace_table);
	struct kspace_options options = { .nx = 1, .hhdm = 1, .user_wx = 0 };
	kspace_build(&space, &options);
	kspace_switch(&space);
	install_descriptors();
	idt_set_handler(VEC_DF, on_double_fault);

	kprintf("stack: recursing, %u bytes a frame, towards 0x%lx\n", FRAME_BYTES,
		(uint64_t)__stack_bottom);
	recurse(1);
	kprintf("stack: recursion returned?\n");
	qemu_exit(EXIT_CHECK_FAILED);
}
