import { mb2Kernel, movDword32, pagingOn32, SPIN } from '../boot/test-helpers/guest-code.ts';

/** Its page directory (32-bit paging); the page tables follow it. */
export const TEST_PD = 0x300000;
export const TEST_PT_A = 0x301000;
export const TEST_PT_B = 0x302000;

/**
 * A Multiboot 2 kernel that writes page tables no walk has read: it identity maps 0-4 MiB
 * with one PSE page, links TEST_PT_A before turning paging on, then, paging on, writes an
 * entry of TEST_PT_A, links TEST_PT_B and writes an entry of it, and spins. Neither table
 * is ever walked (nothing below 4 MiB goes through them).
 */
export function tableWriteKernel(): Uint8Array {
  return mb2Kernel([
    ...movDword32(TEST_PD, 0x83), // PDE 0: 4 MiB page at 0, present, writable
    ...movDword32(TEST_PD + 4, TEST_PT_A | 3), // PDE 1: TEST_PT_A (empty)
    ...pagingOn32(TEST_PD),
    ...movDword32(TEST_PT_A, 0x310003), // into a table linked before paging
    ...movDword32(TEST_PD + 8, TEST_PT_B | 3), // PDE 2: TEST_PT_B
    ...movDword32(TEST_PT_B + 4, 0x311003), // into the table just linked
    ...SPIN,
  ]);
}
