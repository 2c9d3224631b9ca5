import { CODE32, DATA32, descriptor, gdtBytes, loadSegment, RESET_LDTR, RESET_TR } from './gdt.ts';
import type { CpuSetup, GprName } from './plan.ts';

/**
 * The GDT the Multiboot loaders leave loaded, in QEMU's multiboot option ROM layout (GRUB's
 * relocator uses the same selectors): null, 32-bit code 0x08, 32-bit data 0x10, 16-bit code
 * 0x18, 16-bit data 0x20. The two loaded descriptors carry the accessed bit the CPU sets.
 */
export const MULTIBOOT_GDT = gdtBytes([
  0n,
  CODE32,
  DATA32,
  descriptor({ base: 0, limit: 0xffff, access: 0x9e, flags: 0 }),
  descriptor({ base: 0, limit: 0xffff, access: 0x92, flags: 0 }),
]);

/** CR0.PE | CR0.ET: protected mode, paging off (ET is hardwired to 1). */
const CR0_PROTECTED = 0x11;

/**
 * 32-bit protected mode as both Multiboot specs require: flat CS 0x08 and data 0x10,
 * paging off, IF clear. The IDT is the real-mode one the BIOS left (0, limit 0x3ff).
 */
export function protectedMode32(
  regs: Partial<Record<GprName, bigint>>,
  entry: number,
  rflags: number,
  gdtBase: number,
): CpuSetup {
  const data = loadSegment(0x10, DATA32);
  return {
    mode: 32,
    gprs: regs,
    rip: BigInt(entry),
    rflags,
    segments: [data, loadSegment(0x08, CODE32), data, data, data, data, RESET_LDTR, RESET_TR],
    gdtr: { base: BigInt(gdtBase), limit: MULTIBOOT_GDT.length - 1 },
    idtr: { base: 0n, limit: 0x3ff },
    cr0: CR0_PROTECTED,
    cr3: 0n,
    cr4: 0,
    efer: 0,
  };
}
