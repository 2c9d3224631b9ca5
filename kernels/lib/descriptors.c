/* The usual descriptor setup of the Limine kernels here, in one call. */
#include "descriptors.h"
#include "desc.h"
#include "print.h"

/* #DF runs here (IST1), so it can report even when the kernel stack is unusable. */
static uint8_t df_stack[4096] __attribute__((aligned(16)));

void install_descriptors(void)
{
	gdt_install(0, (uint64_t)(df_stack + sizeof df_stack));
	idt_install(0);
	idt_set_ist(VEC_DF, 1);
	kprintf("cpu: own gdt (code 0x%x, data 0x%x, tss 0x%x), idt with #DF on IST1\n", GDT_KCODE,
		GDT_KDATA, GDT_TSS);
}
