// Test support: puts a Machine's CPU in 64-bit mode with identity paging over the low 4 GiB
// (2 MiB pages, so the APICs' MMIO is reachable), a flat GDT and an IDT in RAM, the way a
// kernel's early code would leave it, so hand-assembled programs can run on the chipset.
import { ATTR_CODE64, ATTR_DATA32 } from '../cpu/bare-cpu.ts';
import { CS, RSP, SS } from '../cpu/registers.ts';
import { CR0_PE, CR0_PG, CR4_PAE, EFER_LMA, EFER_LME, EFER_NXE } from '../mmu/paging-bits.ts';
import type { Machine } from '../machine.ts';

const PML4 = 0x1000;
const GDT = 0x8000;
export const IDT = 0x9000;
export const STACK = 0x80000;
export const CODE = 0x100000;
/** Where handlers for `handler(vector, ...)` are placed, 256 bytes each. */
export const HANDLERS = 0x200000;
export const KCODE = 0x08;
export const KDATA = 0x10;

/** Long mode, CPL 0, IF clear, RIP at CODE, RSP at STACK; every IDT gate not present. */
export function enterLongMode(m: Machine): void {
  const c = m.cpu;
  const v = m.mem.view;
  v.setUint32(PML4, (PML4 + 0x1000) | 3, true);
  for (let g = 0; g < 4; g++) {
    const pd = PML4 + 0x2000 + g * 0x1000;
    v.setUint32(PML4 + 0x1000 + 8 * g, pd | 3, true);
    // 2 MiB pages: present, writable, PS.
    for (let e = 0; e < 512; e++) {
      const addr = g * 2 ** 30 + e * 2 ** 21;
      v.setUint32(pd + 8 * e, (addr % 2 ** 32) | 0x83, true);
    }
  }
  // GDT: null, 64-bit code, data.
  v.setUint32(GDT + KCODE + 4, 0x00209a00, true);
  v.setUint32(GDT + KDATA + 4, 0x00009200, true);
  c.gdtr[0] = GDT;
  c.gdtr[2] = 0x17;
  c.idtr[0] = IDT;
  c.idtr[2] = 0xfff;
  for (let s = 0; s < 6; s++) {
    c.segSel[s] = KDATA;
    c.segAttr[s] = ATTR_DATA32;
    c.segLimit[s] = -1;
  }
  c.segSel[CS] = KCODE;
  c.segAttr[CS] = ATTR_CODE64;
  c.segSel[SS] = KDATA;
  c.cr3[0] = PML4;
  c.cr4 = CR4_PAE | (1 << 9);
  c.efer = EFER_LME | EFER_LMA | EFER_NXE;
  c.cr0 = CR0_PE | CR0_PG | 0x30;
  c.cpl = 0;
  c.updateMode();
  c.updateAccessRights();
  c.tlb.flushAll();
  c.gpr[RSP << 1] = STACK;
  c.rip[0] = CODE;
  c.rip[1] = 0;
}

/** Puts `code` at RIP's start. */
export function load(m: Machine, code: number[], at = CODE): void {
  m.mem.ram.set(code, at);
}

/** Installs `code` as the handler of `vector` (an interrupt gate, so IF is clear in it). */
export function handler(m: Machine, vector: number, code: number[]): void {
  const at = HANDLERS + 256 * vector;
  m.mem.ram.set(code, at);
  const v = m.mem.view;
  const gate = IDT + 16 * vector;
  v.setUint32(gate, (at & 0xffff) | (KCODE << 16), true);
  v.setUint32(gate + 4, (at & 0xffff0000) | 0x8e00, true);
  v.setUint32(gate + 8, 0, true);
  v.setUint32(gate + 12, 0, true);
}

/** FNV-1a over RAM, a word at a time. */
export function ramHash(m: Machine): number {
  const w = new Uint32Array(m.mem.ram.buffer, m.mem.ram.byteOffset, m.mem.size / 4);
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i], 16777619);
  return h >>> 0;
}

/** Byte-sized helpers for hand assembly. */
export const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
/** mov dword [rdi + disp32], imm32 */
export const movToRdi = (disp: number, imm: number) => [0xc7, 0x87, ...le32(disp), ...le32(imm)];
/** mov al, imm8; out imm8, al */
export const outb = (port: number, v: number) => [0xb0, v, 0xe6, port];

/** ICW1-4 with IRQ0-7 at 0x20 and IRQ8-15 at 0x28; only IRQ0 (the PIT) left unmasked. */
export const PIC_IRQ0_ONLY = [
  ...outb(0x20, 0x11),
  ...outb(0xa0, 0x11),
  ...outb(0x21, 0x20),
  ...outb(0xa1, 0x28),
  ...outb(0x21, 0x04),
  ...outb(0xa1, 0x02),
  ...outb(0x21, 0x01),
  ...outb(0xa1, 0x01),
  ...outb(0x21, 0xfe),
  ...outb(0xa1, 0xff),
];
