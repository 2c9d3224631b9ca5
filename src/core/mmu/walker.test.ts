import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../memory/physical-memory.ts';
import {
  ACC_EXEC,
  ACC_READ,
  ACC_WRITE,
  CR0_PE,
  CR0_PG,
  CR0_WP,
  CR4_LA57,
  CR4_PAE,
  CR4_PSE,
  CR4_SMAP,
  CR4_SMEP,
  EFER_LMA,
  EFER_LME,
  EFER_NXE,
  PTE_A,
  PTE_D,
  PTE_P,
  PTE_PS,
  PTE_RW,
  PTE_US,
} from './paging-bits.ts';
import { walk, WalkResult, WHO_SUPERVISOR_AC, WHO_USER } from './walker.ts';
import type { WalkStep } from './walker.ts';

const LONG = { cr0: CR0_PE | CR0_PG | CR0_WP, cr4: CR4_PAE, efer: EFER_LME | EFER_LMA | EFER_NXE };
const RWU = PTE_P | PTE_RW | PTE_US;

/** Tables for 4-level paging at fixed frames: PML4 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000. */
function longModeTables() {
  const mem = new PhysicalMemory(1 << 22);
  const set = (addr: number, lo: number, hi = 0) => {
    mem.view.setUint32(addr, lo >>> 0, true);
    mem.view.setUint32(addr + 4, hi >>> 0, true);
  };
  set(0x1000, 0x2000 | RWU);
  set(0x2000, 0x3000 | RWU);
  set(0x3000, 0x4000 | RWU);
  return { mem, set };
}

function run(
  mem: PhysicalMemory,
  va: bigint,
  access: number,
  who = 0,
  regs = LONG,
  sideEffects = false,
  trace?: WalkStep[],
) {
  const out = new WalkResult();
  const lo = Number(va & 0xffffffffn) | 0;
  const hi = Number((va >> 32n) & 0xffffffffn) | 0;
  walk(regs, mem, 0x1000, lo, hi, access, who, sideEffects, out, trace);
  return out;
}

describe('the page walker in 4-level mode', () => {
  it('translates a 4 KiB page and reports one step per level', () => {
    const { mem, set } = longModeTables();
    set(0x4000 + 5 * 8, 0x123000 | RWU);
    const trace: WalkStep[] = [];
    const r = run(mem, 0x5abcn, ACC_READ, 0, LONG, false, trace);
    expect(r.ok).toBe(true);
    expect(r.physPage).toBe(0x123000);
    expect(r.pageSize).toBe(4096);
    expect(trace.map((s) => [s.level, s.entryAddr])).toEqual([
      [4, 0x1000],
      [3, 0x2000],
      [2, 0x3000],
      [1, 0x4000 + 5 * 8],
    ]);
  });

  it('maps 2 MiB and 1 GiB pages with the offset inside them', () => {
    const { mem, set } = longModeTables();
    set(0x3000 + 8, 0x40000000 | RWU | PTE_PS);
    expect(run(mem, 0x200000n + 0x12345n, ACC_READ).physPage).toBe(0x40000000 + 0x12000);
    set(0x2000 + 8, 0x80000000 | RWU | PTE_PS, 0x1);
    const r = run(mem, (1n << 30n) + 0x3456789n, ACC_READ);
    expect(r.pageSize).toBe(1 << 30);
    expect(r.physPage).toBe(0x1_8000_0000 + 0x3456000);
  });

  it('reports a not-present entry with P clear in the error code and the level', () => {
    const { mem } = longModeTables();
    const r = run(mem, 0x7000n, ACC_WRITE, WHO_USER);
    expect(r.ok).toBe(false);
    expect(r.reason).toBe('not-present');
    expect(r.faultLevel).toBe(1);
    expect(r.errorCode).toBe(0b110); // W, U
  });

  it('treats XD with EFER.NXE clear as a reserved bit (P and RSVD set)', () => {
    const { mem, set } = longModeTables();
    set(0x4000 + 8, 0x9000 | RWU, 0x80000000);
    const noNx = { ...LONG, efer: EFER_LME | EFER_LMA };
    const r = run(mem, 0x1000n, ACC_READ, 0, noNx);
    expect(r.reason).toBe('reserved');
    expect(r.errorCode).toBe(0b1001);
    expect(run(mem, 0x1000n, ACC_READ).ok).toBe(true);
  });

  it('treats address bits above MAXPHYADDR and PS in a PML4 entry as reserved', () => {
    const { mem, set } = longModeTables();
    set(0x4000 + 8, 0x9000 | RWU, 1 << 12); // physical bit 44
    expect(run(mem, 0x1000n, ACC_READ).reason).toBe('reserved');
    set(0x1000, 0x2000 | RWU | PTE_PS);
    const r = run(mem, 0x1000n, ACC_READ);
    expect(r.reason).toBe('reserved');
    expect(r.faultLevel).toBe(4);
  });

  it('ANDs U/S and R/W down the levels and ORs XD', () => {
    const { mem, set } = longModeTables();
    set(0x3000, 0x4000 | PTE_P | PTE_US, 0x80000000); // PD: read-only, no-execute
    set(0x4000 + 8, 0x9000 | RWU);
    const r = run(mem, 0x1000n, ACC_READ, WHO_USER);
    expect([r.user, r.writable, r.nx]).toEqual([true, false, true]);
    expect(run(mem, 0x1000n, ACC_WRITE, WHO_USER).errorCode).toBe(0b111);
    expect(run(mem, 0x1000n, ACC_EXEC, WHO_USER).errorCode).toBe(0b10101); // P, U, I/D
  });

  it('lets supervisor writes through read-only pages only while CR0.WP is clear', () => {
    const { mem, set } = longModeTables();
    set(0x4000 + 8, 0x9000 | PTE_P);
    expect(run(mem, 0x1000n, ACC_WRITE).ok).toBe(false);
    expect(run(mem, 0x1000n, ACC_WRITE, 0, { ...LONG, cr0: CR0_PE | CR0_PG }).ok).toBe(true);
  });

  it('applies SMEP to supervisor fetches and SMAP to supervisor data accesses of user pages', () => {
    const { mem, set } = longModeTables();
    set(0x4000 + 8, 0x9000 | RWU);
    const guarded = { ...LONG, cr4: CR4_PAE | CR4_SMEP | CR4_SMAP };
    expect(run(mem, 0x1000n, ACC_EXEC, 0, guarded).errorCode).toBe(0b10001);
    expect(run(mem, 0x1000n, ACC_READ, 0, guarded).errorCode).toBe(0b00001);
    expect(run(mem, 0x1000n, ACC_READ, WHO_SUPERVISOR_AC, guarded).ok).toBe(true);
    expect(run(mem, 0x1000n, ACC_READ, WHO_USER, guarded).ok).toBe(true);
  });

  it('sets Accessed and Dirty only with side effects on', () => {
    const { mem, set } = longModeTables();
    set(0x4000 + 8, 0x9000 | RWU);
    run(mem, 0x1000n, ACC_WRITE);
    expect(mem.view.getUint32(0x4008, true) & (PTE_A | PTE_D)).toBe(0);
    expect(mem.view.getUint32(0x1000, true) & PTE_A).toBe(0);
    run(mem, 0x1000n, ACC_WRITE, 0, LONG, true);
    expect(mem.view.getUint32(0x4008, true) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    expect(mem.view.getUint32(0x1000, true) & PTE_A).toBe(PTE_A);
  });
});

describe('the page walker in the other modes', () => {
  it('walks 32-bit paging with a 4 MiB PSE page above 4 GiB (PSE-36)', () => {
    const mem = new PhysicalMemory(1 << 22);
    // PDE 1: 4 MiB page at physical 0x1_0040_0000 (bits 32-39 in PDE bits 13-20).
    mem.view.setUint32(0x1000 + 4, 0x00400000 | (1 << 13) | RWU | PTE_PS, true);
    const regs = { cr0: CR0_PE | CR0_PG, cr4: CR4_PSE, efer: 0 };
    const out = new WalkResult();
    expect(walk(regs, mem, 0x1000, 0x00401234, 0, ACC_READ, 0, false, out)).toBe(true);
    expect(out.physPage).toBe(0x1_0040_1000);
    expect(out.pageSize).toBe(0x400000);
  });

  it('walks PAE paging through a PDPTE that carries no rights bits', () => {
    const mem = new PhysicalMemory(1 << 22);
    mem.view.setUint32(0x1000 + 8, 0x2000 | PTE_P, true); // PDPTE 1
    mem.view.setUint32(0x2000, 0x3000 | RWU, true);
    mem.view.setUint32(0x3000 + 2 * 8, 0x77000 | RWU, true);
    const regs = { cr0: CR0_PE | CR0_PG, cr4: CR4_PAE, efer: 0 };
    const out = new WalkResult();
    expect(walk(regs, mem, 0x1000, 0x40002000, 0, ACC_WRITE, WHO_USER, false, out)).toBe(true);
    expect(out.physPage).toBe(0x77000);
    mem.view.setUint32(0x1000 + 8, 0x2000 | PTE_P | PTE_RW, true); // R/W is reserved here
    expect(walk(regs, mem, 0x1000, 0x40002000, 0, ACC_READ, 0, false, out)).toBe(false);
    expect(out.reason).toBe('reserved');
  });

  it('walks 5-level paging with the PML5 index from bits 48-56', () => {
    const mem = new PhysicalMemory(1 << 22);
    const regs = { ...LONG, cr4: CR4_PAE | CR4_LA57 };
    mem.view.setUint32(0x1000 + 3 * 8, 0x2000 | RWU, true); // PML5[3]
    mem.view.setUint32(0x2000, 0x3000 | RWU, true);
    mem.view.setUint32(0x3000, 0x4000 | RWU, true);
    mem.view.setUint32(0x4000, 0x5000 | RWU | PTE_PS, true); // 2 MiB... at PD level
    const out = new WalkResult();
    const va = 3n << 48n;
    const ok = walk(regs, mem, 0x1000, 0, Number(va >> 32n), ACC_READ, 0, false, out);
    expect(ok).toBe(false); // 0x5000 is not 2 MiB aligned: bits 13-20 are reserved
    expect(out.reason).toBe('reserved');
    mem.view.setUint32(0x4000, 0x200000 | RWU | PTE_PS, true);
    expect(walk(regs, mem, 0x1000, 0x1000, Number(va >> 32n), ACC_READ, 0, false, out)).toBe(true);
    expect(out.physPage).toBe(0x201000);
  });
});
