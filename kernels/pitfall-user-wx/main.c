/*
 * pitfall-user-wx: the kernel maps its own image user-accessible, writable and executable
 * (U, W, no NX at every level). Nothing faults: ring 0 code runs, data and code are writable,
 * so the kernel even patches a function in .text and calls it. But any user program could do
 * the same; pagescope flags such pages without running anything.
 * Expected end: exit code 0 (QEMU status 1).
 */
#include "cpu.h"
#include "descriptors.h"
#include "exit.h"
#include "kspace.h"
#include "limine-boot.h"
#include "print.h"

static struct pt_space space;

__attribute__((noinline, aligned(16))) static int answer(void)
{
	__asm__ volatile(""); /* keep a body the compiler cannot fold away */
	return 1;
}

/* mov eax, 42; ret */
static const uint8_t patch[] = { 0xb8, 42, 0, 0, 0, 0xc3 };

void kmain(void)
{
	limine_boot("pitfall-user-wx: kernel pages user-accessible, writable and executable");
	pt_init(&space, kspace_alloc_table, kspace_table);
	struct kspace_options options = { .nx = 1, .hhdm = 1, .user_wx = 1 };
	kspace_build(&space, &options);
	kspace_switch(&space);
	install_descriptors();

	uint64_t text = (uint64_t)answer;
	uint64_t pte = *pt_entry(&space, text);
	kprintf("wx: pte of 0x%lx has flags 0x%lx: user %d, writable %d, no-execute %d\n",
		text & ~(PAGE_SIZE - 1), pte & ~PTE_ADDR & ~(PTE_A | PTE_D), !!(pte & PTE_U),
		!!(pte & PTE_W), !!(pte & PTE_NX));
	int (*volatile call)(void) = answer;
	kprintf("wx: answer() returns %d\n", call());
	volatile uint8_t *code = (volatile uint8_t *)answer;
	for (unsigned i = 0; i < sizeof patch; i++)
		code[i] = patch[i];
	kprintf("wx: patched answer() in .text: returns %d\n", call());
	kprintf("pitfall-user-wx: done, exit 0\n");
	qemu_exit(EXIT_OK);
}
