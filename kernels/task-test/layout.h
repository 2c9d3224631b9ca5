/* Selectors and constants shared by boot.S and main.c of the task-test kernel. */
#ifndef LAYOUT_H
#define LAYOUT_H

#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UCODE 0x1b
#define SEL_UDATA 0x23
#define SEL_MAIN_TSS 0x28  /* the kernel's own task */
#define SEL_DF_TSS 0x30    /* #DF runs here, through the task gate in IDT entry 8 */
#define SEL_B_TSS 0x38     /* a task CALLed through a gate; it IRETs back */
#define SEL_B_GATE 0x40    /* task gate to SEL_B_TSS, DPL 0 */
#define SEL_CALL_GATE 0x4b /* call gate, DPL 3, one parameter, to gate_target at CPL 0 */
#define SEL_SHORT_TSS 0x50 /* TSS descriptor with limit 0x60: #TS */
#define SEL_NP_TSS 0x58    /* TSS descriptor not present: #NP */
#define SEL_C_TSS 0x60     /* a task with its own CR3 (paging on) */
#define SEL_ESCAPE_GATE 0x6b /* call gate, DPL 3, to probe_escape at CPL 0 */

/* Offsets in a 32-bit TSS (SDM Vol. 3A figure 8-2). */
#define TSS_LINK 0x00
#define TSS_ESP0 0x04
#define TSS_SS0 0x08
#define TSS_CR3 0x1c
#define TSS_EIP 0x20
#define TSS_EFLAGS 0x24
#define TSS_ESP 0x38
#define TSS_ES 0x48
#define TSS_SIZE 0x68

#define EFLAGS_NT 0x4000

#endif
