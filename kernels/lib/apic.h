/* The local APIC (xAPIC, memory-mapped) and its timer; the legacy 8259 PICs, masked. */
#ifndef LIB_APIC_H
#define LIB_APIC_H
#include <stdint.h>

/* Remaps both 8259s to vectors 0x20-0x2f and masks every line, so no legacy IRQ can arrive
 * on an exception vector. */
void pic_disable(void);

/* Physical address of the local APIC's registers, from IA32_APIC_BASE. */
uint64_t lapic_phys(void);
/* Uses the registers mapped at `regs`; software-enables the APIC with `spurious` as the
 * spurious vector. */
void lapic_enable(uint64_t regs, uint8_t spurious);
uint32_t lapic_id(void);
/* Periodic timer: counts `count` at the bus clock divided by 16, then interrupts on `vector`. */
void lapic_timer_periodic(uint8_t vector, uint32_t count);
void lapic_timer_stop(void);
void lapic_eoi(void);

#endif
