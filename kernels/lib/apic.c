/* Register offsets from Intel SDM vol. 3A, table 11-1. */
#include "apic.h"
#include "cpu.h"
#include "io.h"

#define LAPIC_ID 0x020
#define LAPIC_EOI 0x0b0
#define LAPIC_SVR 0x0f0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_DIVIDE 0x3e0
#define SVR_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define LVT_PERIODIC (1u << 17)
#define DIVIDE_BY_16 0x3u

static volatile uint32_t *lapic;

static void reg_write(unsigned off, uint32_t v)
{
	lapic[off / 4] = v;
}

void pic_disable(void)
{
	/* ICW1 init, ICW2 vector bases, ICW3 cascade on IRQ2, ICW4 8086 mode, then mask all. */
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, 0x20);
	outb(0xa1, 0x28);
	outb(0x21, 0x04);
	outb(0xa1, 0x02);
	outb(0x21, 0x01);
	outb(0xa1, 0x01);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

uint64_t lapic_phys(void)
{
	return rdmsr(MSR_APIC_BASE) & 0x000ffffffffff000ull;
}

void lapic_enable(uint64_t regs, uint8_t spurious)
{
	lapic = (volatile uint32_t *)regs;
	reg_write(LAPIC_SVR, SVR_ENABLE | spurious);
}

uint32_t lapic_id(void)
{
	return lapic[LAPIC_ID / 4] >> 24;
}

void lapic_timer_periodic(uint8_t vector, uint32_t count)
{
	reg_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	reg_write(LAPIC_LVT_TIMER, LVT_PERIODIC | vector);
	reg_write(LAPIC_TIMER_INITIAL, count); /* writing the count starts the timer */
}

void lapic_timer_stop(void)
{
	reg_write(LAPIC_LVT_TIMER, LVT_MASKED);
	reg_write(LAPIC_TIMER_INITIAL, 0);
}

void lapic_eoi(void)
{
	reg_write(LAPIC_EOI, 0);
}
