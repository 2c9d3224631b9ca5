import type { Cpu } from '../cpu.ts';
import { readFlags } from '../lazy-flags.ts';
import { sysRead, sysWrite } from '../../mmu/system-access.ts';

/**
 * Where a task's state sits in its TSS (SDM Vol. 3A 8.2.1 for the 32-bit format, 8.6 for
 * the 16-bit one), and moving it between the TSS and the scratch a task switch fills
 * before it changes anything. The 16-bit TSS keeps no CR3, FS or GS: those are taken as 0.
 */
export interface TssLayout {
  /** Bytes of a register slot: 4, or 2 in a 16-bit TSS. */
  width: 2 | 4;
  /** The least limit the TSS descriptor may have (SDM 8.3: 67H, or 2BH). */
  minLimit: number;
  cr3: number;
  eip: number;
  eflags: number;
  /** EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI, one slot each. */
  gprs: number;
  /** ES, CS, SS, DS(, FS, GS): selectors every `segStride` bytes. */
  segs: number;
  segCount: number;
  segStride: number;
  ldt: number;
}

export const TSS32: TssLayout = {
  width: 4,
  minLimit: 0x67,
  cr3: 0x1c,
  eip: 0x20,
  eflags: 0x24,
  gprs: 0x28,
  segs: 0x48,
  segCount: 6,
  segStride: 4,
  ldt: 0x60,
};

export const TSS16: TssLayout = {
  width: 2,
  minLimit: 0x2b,
  cr3: -1,
  eip: 0x0e,
  eflags: 0x10,
  gprs: 0x12,
  segs: 0x22,
  segCount: 4,
  segStride: 2,
  ldt: 0x2a,
};

/** The layout of a TSS descriptor's type: bit 3 (of 9 or 0x0b) says 32-bit. */
export const layoutOf = (type: number): TssLayout => ((type & 8) !== 0 ? TSS32 : TSS16);

/** The incoming task's state, read whole before the switch changes anything. */
export class TaskImage {
  cr3 = 0;
  eip = 0;
  eflags = 0;
  readonly gprs = new Int32Array(8);
  /** Selectors indexed as the segment registers: ES CS SS DS FS GS. */
  readonly segs = new Int32Array(6);
  ldt = 0;
}

/** Reads a task's state from the TSS at linear `base` (its accesses may #PF). */
export function readTask(c: Cpu, base: number, t: TssLayout, into: TaskImage): void {
  const w = t.width;
  into.cr3 = t.cr3 >= 0 ? sysRead(c, (base + t.cr3) | 0, 0, 4) : 0;
  into.eip = sysRead(c, (base + t.eip) | 0, 0, w);
  into.eflags = sysRead(c, (base + t.eflags) | 0, 0, w);
  for (let r = 0; r < 8; r++) into.gprs[r] = sysRead(c, (base + t.gprs + r * w) | 0, 0, w);
  into.segs.fill(0);
  for (let s = 0; s < t.segCount; s++)
    into.segs[s] = sysRead(c, (base + t.segs + s * t.segStride) | 0, 0, 2);
  into.ldt = sysRead(c, (base + t.ldt) | 0, 0, 2);
}

/**
 * Stores the outgoing task's dynamic fields (SDM 8.2.1: EIP, EFLAGS, the general registers,
 * the segment selectors) into its TSS; `clear` is taken out of the saved EFLAGS (IRET saves
 * NT clear). The caller has made sure the writes cannot fault half-way.
 */
export function saveTask(c: Cpu, base: number, t: TssLayout, nextEip: number, clear: number) {
  const w = t.width;
  sysWrite(c, (base + t.eip) | 0, 0, w, nextEip);
  sysWrite(c, (base + t.eflags) | 0, 0, w, readFlags(c) & ~clear);
  for (let r = 0; r < 8; r++) sysWrite(c, (base + t.gprs + r * w) | 0, 0, w, c.gpr[r << 1]);
  for (let s = 0; s < t.segCount; s++)
    sysWrite(c, (base + t.segs + s * t.segStride) | 0, 0, 2, c.segSel[s]);
}
