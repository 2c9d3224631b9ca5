#include <stdint.h>
#include "desc.h"
#include "exit.h"
#include "fault.h"
#include "mem.h"
#include "print.h"

struct gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type; /* 0x8e: present, DPL 0, 64-bit interrupt gate (clears IF) */
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
};

struct __attribute__((packed)) table_register {
	uint16_t limit;
	uint64_t base;
};

/* isr.S: 256 stubs, 16 bytes apart. */
extern const char isr_stubs[];
#define STUB_SIZE 16

static struct gate own_idt[256] __attribute__((aligned(4096)));
static struct gate *idt = own_idt;
static int_handler handlers[256];

void idt_install(void *storage)
{
	uint16_t cs;
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	idt = storage ? storage : own_idt;
	memset(idt, 0, sizeof own_idt);
	for (unsigned v = 0; v < 256; v++) {
		uint64_t at = (uint64_t)(isr_stubs + v * STUB_SIZE);
		idt[v] = (struct gate){
			.offset_low = at & 0xffff,
			.selector = cs,
			.type = 0x8e,
			.offset_mid = at >> 16 & 0xffff,
			.offset_high = at >> 32,
		};
	}
	struct table_register idtr = { sizeof own_idt - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" ::"m"(idtr) : "memory");
}

void idt_set_handler(unsigned vector, int_handler h)
{
	handlers[vector & 255] = h;
}

void idt_set_ist(unsigned vector, unsigned ist)
{
	idt[vector & 255].ist = ist & 7;
}

/* Called by isr.S with the frame; returning resumes the interrupted code via iretq. */
void isr_dispatch(struct int_frame *f)
{
	if (handlers[f->vector]) {
		handlers[f->vector](f);
		return;
	}
	if (f->vector < 32)
		fault_exit(f);
	kprintf("interrupt: unexpected vector 0x%lx\n", f->vector);
	qemu_exit(EXIT_STRAY_IRQ);
}
