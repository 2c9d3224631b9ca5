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
  CR4_PKE,
  EFER_LMA,
  EFER_LME,
  EFER_NXE,
  PFEC_P,
  PFEC_PK,
  PFEC_U,
  PFEC_W,
  PTE_P,
  PTE_RW,
  PTE_US,
} from './paging-bits.ts';
import { walk, WalkResult, WHO_USER } from './walker.ts';

// Protection keys in the walker (SDM Vol. 3A 4.6.2, 4.7): what a key's AD and WD bits allow,
// to whom, and the PK bit of the error code.

const RWU = PTE_P | PTE_RW | PTE_US;
const LONG_PKE = {
  cr0: CR0_PE | CR0_PG | CR0_WP,
  cr4: CR4_PAE | CR4_PKE,
  efer: EFER_LME | EFER_LMA | EFER_NXE,
  pkru: 0,
};
const AD = (key: number) => 1 << (2 * key);
const WD = (key: number) => 2 << (2 * key);
/** Bits 62:59 of an entry, as its high dword holds them. */
const keyBits = (key: number) => key << 27;

/** 4-level (or, with `levels` 5, 5-level) tables from 0x1000 mapping 0x5000 to frame 0x123000. */
function tables(leafLo = RWU, key = 3, levels = 4, upperLo = RWU) {
  const mem = new PhysicalMemory(1 << 22);
  const set = (addr: number, lo: number, hi = 0) => {
    mem.view.setUint32(addr, lo >>> 0, true);
    mem.view.setUint32(addr + 4, hi >>> 0, true);
  };
  for (let l = 0; l < levels - 1; l++) set(0x1000 * (l + 1), (0x1000 * (l + 2)) | upperLo);
  set(0x1000 * levels + 5 * 8, 0x123000 | leafLo, keyBits(key));
  return mem;
}

function run(mem: PhysicalMemory, access: number, who: number, regs = LONG_PKE) {
  const out = new WalkResult();
  walk(regs, mem, 0x1000, 0x5000, 0, access, who, false, out);
  return out;
}

const withPkru = (pkru: number, extra: Partial<typeof LONG_PKE> = {}) => ({
  ...LONG_PKE,
  pkru,
  ...extra,
});

describe('protection keys in the walker', () => {
  it('reports the leaf key under 4-level paging and -1 under PAE', () => {
    expect(run(tables(), ACC_READ, 0).pkey).toBe(3);
    const pae = new PhysicalMemory(1 << 22);
    pae.view.setUint32(0x1000, 0x2000 | PTE_P, true);
    pae.view.setUint32(0x2000, 0x3000 | RWU, true);
    pae.view.setUint32(0x3000 + 5 * 8, 0x123000 | RWU, true);
    pae.view.setUint32(0x3000 + 5 * 8 + 4, keyBits(3), true);
    const out = new WalkResult();
    const regs = { cr0: CR0_PE | CR0_PG, cr4: CR4_PAE | CR4_PKE, efer: 0, pkru: AD(3) };
    expect(walk(regs, pae, 0x1000, 0x5000, 0, ACC_READ, WHO_USER, false, out)).toBe(true);
    expect(out.pkey).toBe(-1);
  });

  it('AD blocks user and supervisor reads with PK in the error code', () => {
    const mem = tables();
    const user = run(mem, ACC_READ, WHO_USER, withPkru(AD(3)));
    expect(user.ok).toBe(false);
    expect(user.errorCode).toBe(PFEC_P | PFEC_U | PFEC_PK);
    const sup = run(mem, ACC_READ, 0, withPkru(AD(3)));
    expect(sup.ok).toBe(false);
    expect(sup.errorCode).toBe(PFEC_P | PFEC_PK);
  });

  it('AD of another key, or CR4.PKE = 0, leaves the page alone', () => {
    const mem = tables();
    expect(run(mem, ACC_READ, WHO_USER, withPkru(AD(2) | WD(4))).ok).toBe(true);
    expect(run(mem, ACC_WRITE, WHO_USER, withPkru(AD(3), { cr4: CR4_PAE })).ok).toBe(true);
  });

  it('never restricts instruction fetches', () => {
    const mem = tables();
    expect(run(mem, ACC_EXEC, WHO_USER, withPkru(AD(3) | WD(3))).ok).toBe(true);
  });

  it('WD blocks user writes but not reads', () => {
    const mem = tables();
    expect(run(mem, ACC_READ, WHO_USER, withPkru(WD(3))).ok).toBe(true);
    const w = run(mem, ACC_WRITE, WHO_USER, withPkru(WD(3)));
    expect(w.ok).toBe(false);
    expect(w.errorCode).toBe(PFEC_P | PFEC_W | PFEC_U | PFEC_PK);
  });

  it('WD blocks supervisor writes only with CR0.WP = 1', () => {
    const mem = tables();
    const wp = run(mem, ACC_WRITE, 0, withPkru(WD(3)));
    expect(wp.errorCode).toBe(PFEC_P | PFEC_W | PFEC_PK);
    expect(run(mem, ACC_WRITE, 0, withPkru(WD(3), { cr0: CR0_PE | CR0_PG })).ok).toBe(true);
  });

  it('ignores the key of a supervisor-mode address (U/S = 0 at any level)', () => {
    expect(run(tables(PTE_P | PTE_RW), ACC_READ, 0, withPkru(AD(3))).ok).toBe(true);
    const upperSup = tables(RWU, 3, 4, PTE_P | PTE_RW);
    expect(run(upperSup, ACC_WRITE, 0, withPkru(AD(3) | WD(3))).ok).toBe(true);
  });

  it('sets PK on a fault the page rights cause too, when the key also forbids the access', () => {
    // A user write to a read-only page whose key has WD = 1: SDM 4.7 sets PK whenever the key
    // forbids the access, whatever else does.
    const readOnly = tables(PTE_P | PTE_US);
    const both = run(readOnly, ACC_WRITE, WHO_USER, withPkru(WD(3)));
    expect(both.errorCode).toBe(PFEC_P | PFEC_W | PFEC_U | PFEC_PK);
    const rightsOnly = run(readOnly, ACC_WRITE, WHO_USER, withPkru(WD(2)));
    expect(rightsOnly.errorCode).toBe(PFEC_P | PFEC_W | PFEC_U);
  });

  it('applies keys under 5-level paging', () => {
    const mem = tables(RWU, 15, 5);
    const regs = withPkru(AD(15), { cr4: CR4_PAE | CR4_PKE | CR4_LA57 });
    const r = run(mem, ACC_READ, WHO_USER, regs);
    expect(r.pkey).toBe(15);
    expect(r.errorCode).toBe(PFEC_P | PFEC_U | PFEC_PK);
  });

  it('never finds bits 62:59 reserved', () => {
    const r = run(tables(RWU, 15), ACC_READ, WHO_USER, withPkru(0, { efer: EFER_LME | EFER_LMA }));
    expect(r.ok).toBe(true);
  });
});
