import { describe, expect, it } from 'vitest';
import {
  CR0_PE,
  CR0_PG,
  CR4_PAE,
  CR4_PKE,
  CR4_SMAP,
  CR4_SMEP,
  EFER_LMA,
  EFER_LME,
} from '../core/mmu/paging-bits.ts';
import { A, D, G, NX, P, PS, RW, US, stateFor, tables } from './test-helpers.ts';
import { translate } from './translate.ts';

const read = { access: 'read', cpl: 0 } as const;

describe('translate in 4-level paging', () => {
  it('gives one step per level with index, bits, entry and effective rights', () => {
    const b = tables('la48');
    b.map(0xffff800000123000n, 0x456000, 4096, P | RW | G | A);
    const t = translate(stateFor('la48', b.root), b.mem, 0xffff800000123abcn, read);
    expect(t.ok).toBe(true);
    expect(t.physical).toBe(0x456abcn);
    expect(t.pageSize).toBe(4096);
    expect(t.steps.map((s) => [s.level, s.index, s.indexBits])).toEqual([
      ['PML4', 256, [47, 39]],
      ['PDPT', 0, [38, 30]],
      ['PD', 0, [29, 21]],
      ['PT', 0x123, [20, 12]],
    ]);
    const pt = t.steps[3];
    expect(pt.raw).toBe(BigInt(0x456000 | P | RW | G | A));
    expect(pt.entry).toMatchObject({ present: true, writable: true, user: false, global: true });
    expect(pt.entry.address).toBe(0x456000n);
    expect(pt.leaf).toBe(true);
    expect(pt.effective).toEqual({ user: false, writable: true, noExecute: false });
    expect(t.steps[0].tableAddress).toBe(BigInt(b.root));
    expect(t.steps[0].entryAddress).toBe(BigInt(b.root + 256 * 8));
    expect(t.fields.map((f) => [f.name, f.hi, f.lo, f.value])).toEqual([
      ['sign extension', 63, 48, 0xffffn],
      ['PML4', 47, 39, 256n],
      ['PDPT', 38, 30, 0n],
      ['PD', 29, 21, 0n],
      ['PT', 20, 12, 0x123n],
      ['offset', 11, 0, 0xabcn],
    ]);
  });

  it('maps 2 MiB and 1 GiB pages and widens the offset field', () => {
    const b = tables('la48');
    b.map(0x40000000n, 0x1200000, 0x200000, P | RW);
    b.map(0x8000000000n, 0x40000000, 0x40000000, P);
    const s = stateFor('la48', b.root);
    const t2 = translate(s, b.mem, 0x40012345n, read);
    expect([t2.physical, t2.pageSize, t2.pageBase]).toEqual([0x1212345n, 0x200000, 0x1200000n]);
    expect(t2.fields.map((f) => f.name)).toEqual([
      'sign extension',
      'PML4',
      'PDPT',
      'PD',
      'offset',
    ]);
    expect(t2.steps[2].entry.pageSize).toBe(true);
    const t1 = translate(s, b.mem, 0x8012345678n, read);
    expect([t1.physical, t1.pageSize]).toEqual([0x52345678n, 0x40000000]);
    expect(t1.steps).toHaveLength(2);
  });

  it('names the non-present entry and gives the #PF error code and CR2', () => {
    const b = tables('la48');
    const t = translate(stateFor('la48', b.root), b.mem, 0xffff800000001000n, {
      access: 'write',
      cpl: 3,
    });
    expect(t.ok).toBe(false);
    expect(t.fault).toMatchObject({
      kind: 'not-present',
      vector: '#PF',
      level: 'PML4',
      reason: `PML4 entry 256 (at 0x${(b.root + 256 * 8).toString(16)}) is not present`,
      errorCode: 0x6,
      errorCodeBits: ['W/R', 'U/S'],
      cr2: 0xffff800000001000n,
    });
  });

  it('reports a reserved bit above MAXPHYADDR with RSVD and P in the error code', () => {
    const b = tables('la48');
    b.map(0x1000n, 0x2000, 4096, P | RW);
    const pdpte = b.entryAddr(0x1000n, 3);
    const e = b.getEntry(pdpte);
    b.setEntry(pdpte, e.lo, e.hi | (1 << 19)); // bit 51
    const t = translate(stateFor('la48', b.root), b.mem, 0x1000n, read);
    expect(t.fault?.kind).toBe('reserved');
    expect(t.fault?.level).toBe('PDPT');
    expect(t.fault?.reason).toContain('has reserved bit 51 (above MAXPHYADDR 40) set');
    expect(t.fault?.errorCode).toBe(0x9);
    expect(t.steps[1].entry.reservedBits).toEqual([51]);
  });

  it('explains write protection, user rights and NX with the entry that removed the right', () => {
    const b = tables('la48');
    b.map(0x1000n, 0x2000, 4096, P | US);
    b.tableFlags = P | RW;
    b.map(0x40000000n, 0x3000, 4096, P | RW | US);
    b.tableFlags = P | RW | US;
    b.map(0x80000000n, 0x4000, 4096, P | RW, NX);
    const s = stateFor('la48', b.root);
    const w = translate(s, b.mem, 0x1000n, { access: 'write', cpl: 0 });
    expect(w.fault?.reason).toMatch(
      /^supervisor write to a read-only page with CR0.WP=1: R\/W=0 \(PT entry 1/,
    );
    expect(w.fault?.errorCode).toBe(0x3);
    const noWp = translate({ ...s, cr0: s.cr0 & ~0x10000 }, b.mem, 0x1000n, {
      access: 'write',
      cpl: 0,
    });
    expect(noWp.ok).toBe(true);
    const u = translate(s, b.mem, 0x40000000n, { access: 'read', cpl: 3 });
    expect(u.fault?.reason).toMatch(/^user-mode read of a supervisor page: U\/S=0 \(PDPT entry 1 /);
    expect(u.steps[3].effective.user).toBe(false);
    expect(u.fault?.errorCode).toBe(0x5);
    const x = translate(s, b.mem, 0x80000000n, { access: 'fetch', cpl: 0 });
    expect(x.fault?.reason).toMatch(/no-execute page: XD=1 \(PT entry 0/);
    expect(x.fault?.errorCode).toBe(0x11);
  });

  it('applies SMEP and SMAP, and RFLAGS.AC lifts SMAP', () => {
    const b = tables('la48');
    b.map(0x1000n, 0x2000, 4096, P | RW | US);
    const s = stateFor('la48', b.root, {});
    s.cr4 |= CR4_SMEP | CR4_SMAP;
    expect(translate(s, b.mem, 0x1000n, { access: 'fetch', cpl: 0 }).fault?.reason).toBe(
      'supervisor instruction fetch from a user page with CR4.SMEP=1',
    );
    expect(translate(s, b.mem, 0x1000n, read).fault?.reason).toBe(
      'supervisor read of a user page with CR4.SMAP=1 and RFLAGS.AC=0',
    );
    expect(translate(s, b.mem, 0x1000n, { ...read, ac: true }).ok).toBe(true);
  });

  it('stops a non-canonical address with #GP, or #SS for the stack, before any walk', () => {
    const b = tables('la48');
    const s = stateFor('la48', b.root);
    const g = translate(s, b.mem, 0x0000800000000000n, read);
    expect(g.fault).toMatchObject({ kind: 'non-canonical', vector: '#GP', errorCode: 0 });
    expect(g.fault?.reason).toContain('bits 63-47 must all equal bit 47');
    expect(g.steps).toEqual([]);
    expect(translate(s, b.mem, 0x1234567800000000n, { ...read, stack: true }).fault?.vector).toBe(
      '#SS',
    );
  });

  it('never sets an Accessed or Dirty bit', () => {
    const b = tables('la48');
    b.map(0x1000n, 0x2000, 4096, P | RW);
    const before = Buffer.from(b.mem.ram.slice());
    translate(stateFor('la48', b.root), b.mem, 0x1000n, { access: 'write', cpl: 0 });
    expect(Buffer.from(b.mem.ram).equals(before)).toBe(true);
  });

  it('says when a table lies outside RAM, and reads it as unbacked memory', () => {
    const b = tables('la48', 2);
    b.setEntry(b.root, 0x40000000 | P | RW); // a PDPT at 1 GiB, past the 2 MiB of RAM
    const t = translate(stateFor('la48', b.root), b.mem, 0x1000n, read);
    expect(t.fault?.kind).toBe('reserved'); // all ones: bits 40-51 and more are set
    expect(t.notes[0]).toContain('the PDPT entry at 0x40000000 is outside RAM');
  });

  it('walks from another CR3 when asked', () => {
    const b = tables('la48');
    const b2root = b.alloc();
    const pdpt = b.alloc();
    b.setEntry(b2root, pdpt | P | RW);
    b.setEntry(pdpt + 8, 0x40000000 | P | RW | PS);
    const s = stateFor('la48', b.root);
    expect(translate(s, b.mem, 0x40000000n, read).ok).toBe(false);
    const t = translate(s, b.mem, 0x40000000n, { ...read, cr3: BigInt(b2root) });
    expect(t.physical).toBe(0x40000000n);
    expect(t.cr3).toBe(BigInt(b2root));
  });
});

describe('translate in the other modes', () => {
  it('walks five levels with LA57', () => {
    const b = tables('la57');
    b.map(0xff00000000001000n, 0x5000, 4096, P | RW | D);
    const t = translate(stateFor('la57', b.root), b.mem, 0xff00000000001234n, read);
    expect(t.physical).toBe(0x5234n);
    expect(t.steps.map((s) => s.level)).toEqual(['PML5', 'PML4', 'PDPT', 'PD', 'PT']);
    expect(t.fields[0]).toMatchObject({ name: 'sign extension', hi: 63, lo: 57 });
    expect(translate(stateFor('la57', b.root), b.mem, 0xff80000000000000n, read).fault?.kind).toBe(
      'not-present',
    );
  });

  it('names PAE levels PDPTE, PD, PT and ORs XD into the rights', () => {
    const b = tables('pae');
    b.map(0xc0001000n, 0x7000, 4096, P | RW | US, NX);
    const t = translate(stateFor('pae', b.root), b.mem, 0xc0001008n, read);
    expect(t.physical).toBe(0x7008n);
    expect(t.steps.map((s) => [s.level, s.index])).toEqual([
      ['PDPTE', 3],
      ['PD', 0],
      ['PT', 1],
    ]);
    expect(t.steps[2].effective.noExecute).toBe(true);
    expect(t.notes[0]).toContain('PDPTEs');
  });

  it('maps a 32-bit PSE page above 4 GiB through PSE-36 and checks bit 21', () => {
    const b = tables('legacy32');
    const pde = b.entryAddr(0x400000n, 2);
    b.setEntry(pde, 0x800000 | (3 << 13) | P | RW | PS);
    const s = stateFor('legacy32', b.root);
    const t = translate(s, b.mem, 0x412345n, read);
    expect(t.physical).toBe(0x300812345n);
    expect(t.steps.map((x) => x.level)).toEqual(['PD']);
    expect(t.steps[0].entry.address).toBe(0x300800000n);
    b.setEntry(pde, 0x800000 | (1 << 21) | P | PS);
    const r = translate(s, b.mem, 0x412345n, read);
    expect(r.fault?.reason).toContain('reserved bit 21');
  });

  it('treats paging off as identity, with a note', () => {
    const b = tables('la48');
    const t = translate(stateFor('off', 0), b.mem, 0x12345678n, read);
    expect(t.ok).toBe(true);
    expect(t.physical).toBe(0x12345678n);
    expect(t.notes[0]).toContain('paging is off');
  });

  it('keeps long mode from a state whose EFER says so', () => {
    const s = stateFor('pae', 0);
    s.efer |= EFER_LME | EFER_LMA;
    expect(translate(s, tables('la48').mem, 0n, read).mode).toBe('la48');
  });
});

describe('translate with protection keys', () => {
  const KEY3 = 3 << 27;
  const la48Keyed = (pkru: number, extra: { cr0?: number } = {}) => {
    const b = tables('la48');
    b.map(0x400000n, 0x456000, 4096, P | RW | US | D | A, KEY3);
    const s = stateFor('la48', b.root, { cr4: CR4_PAE | CR4_PKE, pkru, ...extra });
    return { b, s };
  };

  it('names the key of a user page and what PKRU says of it', () => {
    const { b, s } = la48Keyed(2 << 6);
    const t = translate(s, b.mem, 0x400000n, { access: 'read', cpl: 3 });
    expect(t.ok).toBe(true);
    expect(t.protectionKey).toBe(3);
    expect(t.steps[3].entry.protectionKey).toBe(3);
    expect(t.notes).toContain('protection key 3: PKRU.AD3 = 0, PKRU.WD3 = 1');
  });

  it('explains a write the key forbids, with PK in the error code', () => {
    const { b, s } = la48Keyed(2 << 6);
    const t = translate(s, b.mem, 0x400000n, { access: 'write', cpl: 0 });
    expect(t.fault?.errorCode).toBe(0x23);
    expect(t.fault?.errorCodeBits).toEqual(['P', 'W/R', 'PK']);
    expect(t.fault?.reason).toBe(
      'protection key 3: PKRU.WD3 = 1 disables writes to user pages (CR0.WP = 1 applies it to supervisor writes too)',
    );
    const noWp = la48Keyed(2 << 6, { cr0: CR0_PE | CR0_PG });
    expect(translate(noWp.s, noWp.b.mem, 0x400000n, { access: 'write', cpl: 0 }).ok).toBe(true);
  });

  it('explains a read AD forbids, and lets the fetch through', () => {
    const { b, s } = la48Keyed(1 << 6);
    const t = translate(s, b.mem, 0x400000n, { access: 'read', cpl: 3 });
    expect(t.fault?.errorCode).toBe(0x25);
    expect(t.fault?.reason).toMatch(/^protection key 3: PKRU\.AD3 = 1 disables data accesses/);
    expect(translate(s, b.mem, 0x400000n, { access: 'fetch', cpl: 3 }).ok).toBe(true);
  });

  it('gives both reasons when the page rights and the key refuse the access', () => {
    const b = tables('la48');
    b.map(0x400000n, 0x456000, 4096, P | US | A, KEY3);
    const s = stateFor('la48', b.root, { cr4: CR4_PAE | CR4_PKE, pkru: 2 << 6 });
    const t = translate(s, b.mem, 0x400000n, { access: 'write', cpl: 3 });
    expect(t.fault?.errorCode).toBe(0x27);
    expect(t.fault?.reason).toMatch(
      /^user-mode write to a read-only page: R\/W=0 .*; and protection key 3: PKRU\.WD3 = 1/,
    );
  });

  it('shows no key without CR4.PKE, for a supervisor page, or under PAE', () => {
    const { b } = la48Keyed(1 << 6);
    const off = translate(stateFor('la48', b.root, { pkru: 1 << 6 }), b.mem, 0x400000n, read);
    expect(off.ok).toBe(true);
    expect(off.protectionKey).toBeUndefined();
    expect(off.steps[3].entry.protectionKey).toBeNull();
    const sup = tables('la48');
    sup.map(0x400000n, 0x456000, 4096, P | RW, KEY3);
    const st = stateFor('la48', sup.root, { cr4: CR4_PAE | CR4_PKE, pkru: 1 << 6 });
    const t = translate(st, sup.mem, 0x400000n, read);
    expect(t.ok).toBe(true);
    expect(t.protectionKey).toBeUndefined();
    const pae = tables('pae');
    pae.map(0x400000n, 0x456000, 4096, P | RW | US);
    const sp = stateFor('pae', pae.root, { cr4: CR4_PAE | CR4_PKE, pkru: 1 << 6 });
    expect(
      translate(sp, pae.mem, 0x400000n, { access: 'read', cpl: 3 }).steps[2].entry.protectionKey,
    ).toBeNull();
  });
});
