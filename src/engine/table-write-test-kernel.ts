import { buildElf } from '../boot/test-helpers/elf-builder.ts';
import { concat, mb2Header } from '../boot/test-helpers/headers.ts';

/** Its page directory (32-bit paging); the page tables follow it. */
export const TEST_PD = 0x300000;
export const TEST_PT_A = 0x301000;
export const TEST_PT_B = 0x302000;

const d32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
const movDword = (at: number, v: number) => [0xc7, 0x05, ...d32(at), ...d32(v)];

/**
 * A Multiboot 2 ELF32 kernel that writes page tables no walk has read: it identity maps
 * 0-4 MiB with one PSE page, links TEST_PT_A before turning paging on, then, paging on,
 * writes an entry of TEST_PT_A, links TEST_PT_B and writes an entry of it, and spins.
 * Neither table is ever walked (nothing below 4 MiB goes through them).
 */
export function tableWriteKernel(): Uint8Array {
  const header = mb2Header([]);
  // prettier-ignore
  const code = new Uint8Array([
    ...movDword(TEST_PD, 0x83), // PDE 0: 4 MiB page at 0, present, writable
    ...movDword(TEST_PD + 4, TEST_PT_A | 3), // PDE 1: TEST_PT_A (empty)
    0x0f, 0x20, 0xe0, 0x83, 0xc8, 0x10, 0x0f, 0x22, 0xe0, // cr4 |= PSE
    0xb8, ...d32(TEST_PD), 0x0f, 0x22, 0xd8, // cr3 = TEST_PD
    0x0f, 0x20, 0xc0, 0x0d, ...d32(0x80000000), 0x0f, 0x22, 0xc0, // cr0 |= PG
    ...movDword(TEST_PT_A, 0x310003), // into a table linked before paging
    ...movDword(TEST_PD + 8, TEST_PT_B | 3), // PDE 2: TEST_PT_B
    ...movDword(TEST_PT_B + 4, 0x311003), // into the table just linked
    0xeb, 0xfe, // jmp $
  ]);
  return buildElf({
    class: 32,
    machine: 3,
    entry: 0x100000 + header.length,
    segments: [{ vaddr: 0x100000, data: concat(header, code) }],
  });
}
