/*
 * How a kernel ends: it writes n to QEMU's isa-debug-exit port (0xf4), and QEMU exits with
 * status (n << 1) | 1. The codes below are shared by every kernel so a status names the end.
 */
#ifndef LIB_EXIT_H
#define LIB_EXIT_H

#define EXIT_OK 0          /* the kernel did everything it set out to do: status 1 */
#define EXIT_CHECK_FAILED 1 /* a self-check found a wrong value: status 3 */
#define EXIT_NO_RESPONSE 2 /* the boot loader gave no answer to a request the kernel needs */
#define EXIT_BAD_BOOT 3    /* wrong boot magic: not started by the loader it was built for */
#define EXIT_STRAY_IRQ 4   /* an interrupt vector nobody expected */
#define EXIT_FAULT_BASE 0x20 /* + exception vector: #DF 0x28 (status 81), #GP 0x2d (91), #PF 0x2e (93) */
#define EXIT_FAULT(vector) (EXIT_FAULT_BASE + (vector))

/* Never returns: after the write, halts forever in case no exit device is present. */
void qemu_exit(unsigned code) __attribute__((noreturn));

#endif
