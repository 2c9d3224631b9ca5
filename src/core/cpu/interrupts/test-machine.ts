// Test support for the segmentation and interrupt tests: a bare CPU (bare-cpu.ts) with a
// hand-built GDT, IDT and TSS in RAM, delivering exceptions to the guest as a machine does.
import { createBareCpu } from '../bare-cpu.ts';
import type { Cpu } from '../cpu.ts';
import { loadCache } from '../exec/descriptor-tables.ts';
import { CS, DS, ES, RSP, SS, TR } from '../registers.ts';
import { GuestExceptionSink } from './deliver.ts';

export const RAM = 16 << 20;
/** Above bare-cpu.ts's page tables (0x1000-0xbfff for 16 MiB). */
export const GDT = 0x20000;
export const IDT = 0x21000;
export const TSS = 0x22000;
/** Vector v's default handler: a hlt at HANDLERS + 16v. */
export const HANDLERS = 0x50000;
export const KSTACK = 0x60000;
export const RSP0 = 0x70000;
export const IST1 = 0x78000;
export const CODE = 0x100000;
export const USER_CODE = 0x300000;
export const USER_STACK = 0x310000;

/** Selectors, laid out as Linux does so STAR works: 0x08 + 16 = 0x18 + 16 = user code. */
export const KCODE = 0x08;
export const KDATA = 0x10;
export const UCODE32 = 0x1b;
export const UDATA = 0x23;
export const UCODE = 0x2b;
export const KCODE32 = 0x30;
export const TSS_SEL = 0x38;
export const KCODE16 = 0x48;
/** The vector CPL 3 code in exec() ends with (a DPL 3 gate). */
export const DONE = 0x81;

/** Access byte (P, DPL, S, type) and flag nibble (G, D/B, L, AVL) of a descriptor. */
export function descriptor(base: number, limit: number, access: number, flags: number) {
  const lo = (limit & 0xffff) | ((base & 0xffff) << 16);
  const hi =
    ((base >>> 16) & 0xff) |
    (access << 8) |
    (limit & 0xf0000) |
    (flags << 20) |
    (base & 0xff000000);
  return [lo | 0, hi | 0] as const;
}

export interface GateOptions {
  handler?: number;
  sel?: number;
  dpl?: number;
  ist?: number;
  type?: number;
  present?: boolean;
}

/** A bare CPU at CPL 0 with tables for `mode`: 64 (IA-32e, paging) or 32 (protected, no paging). */
export class TestMachine {
  readonly cpu: Cpu;

  constructor(readonly mode: 64 | 32) {
    const c = (this.cpu = createBareCpu(mode, RAM, new GuestExceptionSink()));
    const code = mode === 64 ? 0xa : 0xc;
    this.setDescriptor(KCODE, descriptor(0, 0xfffff, 0x9a, code));
    this.setDescriptor(KDATA, descriptor(0, 0xfffff, 0x92, 0xc));
    this.setDescriptor(UCODE32, descriptor(0, 0xfffff, 0xfa, 0xc));
    this.setDescriptor(UDATA, descriptor(0, 0xfffff, 0xf2, 0xc));
    this.setDescriptor(UCODE, descriptor(0, 0xfffff, 0xfa, code));
    this.setDescriptor(KCODE32, descriptor(0, 0xfffff, 0x9a, 0xc));
    this.setDescriptor(TSS_SEL, descriptor(TSS, 0x67, 0x89, 0));
    this.setDescriptor(KCODE16, descriptor(0, 0xffff, 0x9a, 0));
    c.gdtr[0] = GDT;
    c.gdtr[2] = 0x4f;
    c.idtr[0] = IDT;
    c.idtr[2] = mode === 64 ? 0xfff : 0x7ff;
    const v = c.view;
    if (mode === 64) {
      v.setUint32(TSS + 4, RSP0, true);
      v.setUint32(TSS + 0x24, IST1, true);
    } else {
      v.setUint32(TSS + 4, RSP0, true);
      v.setUint32(TSS + 8, KDATA, true);
    }
    for (let vec = 0; vec < 256; vec++) {
      c.ram[HANDLERS + 16 * vec] = 0xf4;
      this.gate(vec, { dpl: vec === DONE ? 3 : 0 });
    }
    this.load(KCODE, CS);
    for (const s of [SS, DS, ES]) this.load(KDATA, s);
    this.load(TSS_SEL, TR);
    c.segAttr[TR] |= 1 << 9; // busy, as ltr leaves it
    c.gpr[RSP << 1] = KSTACK;
    c.rip[0] = CODE;
    if (mode === 64) for (const a of [USER_CODE, USER_STACK - 0x1000]) this.userPage(a);
  }

  setDescriptor(sel: number, [lo, hi]: readonly [number, number]): void {
    this.cpu.view.setInt32(GDT + (sel & ~7), lo, true);
    this.cpu.view.setInt32(GDT + (sel & ~7) + 4, hi, true);
  }

  /** Loads a segment cache straight from the GDT (no checks, no accessed bit). */
  load(sel: number, seg: number): void {
    const v = this.cpu.view;
    const at = GDT + (sel & ~7);
    loadCache(this.cpu, seg, sel, v.getInt32(at, true), v.getInt32(at + 4, true));
    if (seg === CS) {
      this.cpu.cpl = sel & 3;
      this.cpu.updateMode();
      this.cpu.updateAccessRights();
    }
  }

  /** Writes IDT entry `vector` (an interrupt gate to the vector's hlt by default). */
  gate(vector: number, o: GateOptions = {}): void {
    const off = o.handler ?? HANDLERS + 16 * vector;
    const sel = o.sel ?? KCODE;
    const access = (o.present === false ? 0 : 0x80) | ((o.dpl ?? 0) << 5) | (o.type ?? 0x0e);
    const v = this.cpu.view;
    const at = IDT + vector * (this.mode === 64 ? 16 : 8);
    v.setUint32(at, (off & 0xffff) | (sel << 16), true);
    v.setUint32(at + 4, ((off & 0xffff0000) | (access << 8) | (o.ist ?? 0)) >>> 0, true);
    if (this.mode === 64) v.setBigUint64(at + 8, 0n, true);
  }

  /** Makes the 4 KiB page at `addr` (and the tables above it) reachable at CPL 3. */
  userPage(addr: number): void {
    const v = this.cpu.view;
    for (const e of [0x1000, 0x2000, 0x3000 + 8 * (addr >>> 21), 0x4000 + 8 * (addr >>> 12)])
      v.setUint32(e, v.getUint32(e, true) | 4, true);
    this.cpu.tlb.flushAll();
  }

  /** Puts the CPU at CPL 3 at `rip` with RSP = `rsp` (CS = UCODE, SS = UDATA). */
  enterUser(rip = USER_CODE, rsp = USER_STACK, cs = UCODE): void {
    this.load(cs, CS);
    this.load(UDATA, SS);
    this.cpu.gpr[RSP << 1] = rsp;
    this.cpu.rip[0] = rip;
  }

  /** Runs until hlt, a stop, or `limit` instructions; a halted CPU gets one chance to wake. */
  run(limit = 10_000): number {
    const c = this.cpu;
    let n = 0;
    for (;;) {
      const k = c.run(limit - n);
      n += k;
      if (c.halted || c.stopRequested || k === 0 || n >= limit) return n;
    }
  }

  /**
   * Puts code at RIP and runs it: at CPL 0 to a hlt after it, at CPL 3 to an `int DONE`
   * after it; a fault ends in its vector's handler instead (see handled()).
   */
  exec(code: number[]): this {
    const tail = this.cpu.cpl === 3 ? [0xcd, DONE] : [0xf4];
    this.cpu.halted = false;
    this.cpu.ram.set([...code, ...tail], this.cpu.rip[0]);
    this.run();
    return this;
  }

  /** The vector whose default handler the CPU halted in, or null (halted elsewhere). */
  handled(): number | null {
    const off = this.cpu.rip[0] - 1 - HANDLERS;
    return off >= 0 && off < 4096 && off % 16 === 0 ? off / 16 : null;
  }

  /** The `count` stack slots of `size` bytes from RSP up, as numbers (64-bit as bigint). */
  stack(count: number, size: 4 | 8 = 8): (number | bigint)[] {
    const c = this.cpu;
    const sp = c.gpr[RSP << 1] >>> 0;
    const out: (number | bigint)[] = [];
    for (let k = 0; k < count; k++)
      out.push(
        size === 8 ? c.view.getBigUint64(sp + 8 * k, true) : c.view.getUint32(sp + 4 * k, true),
      );
    return out;
  }
}
