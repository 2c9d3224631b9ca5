import { describe, expect, it } from 'vitest';
import { LDTR, TR } from '../../core/cpu/registers.ts';
import { CpuState } from '../../core/cpu/state.ts';
import type { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import { NX, P, RW, stateFor, tables } from '../test-helpers.ts';
import { descriptorTables } from './descriptor-tables.ts';
import { descriptorsText } from './descriptors-text.ts';

const KERNEL = 0xffffffff80000000n;

function put(mem: PhysicalMemory, pa: number, v: bigint, bytes = 8) {
  for (let i = 0; i < bytes; i++) mem.ram[pa + i] = Number((v >> BigInt(8 * i)) & 0xffn);
}

/** A 16-byte long-mode gate (SDM Vol. 3, figure 6-8). */
function gate64(offset: bigint, selector: number, type: number, ist = 0): bigint {
  const lo =
    (offset & 0xffffn) |
    (BigInt(selector) << 16n) |
    (BigInt(ist) << 32n) |
    (BigInt(type | 0x80) << 40n) |
    (((offset >> 16n) & 0xffffn) << 48n);
  return lo | ((offset >> 32n) << 64n);
}

/** An 8-byte protected-mode gate. */
const gate32 = (offset: number, selector: number, type: number) =>
  gate64(BigInt(offset), selector, type) & ((1n << 64n) - 1n);

/** A TSS descriptor: 8 bytes, or 16 in long mode. */
function tssDescriptor(base: bigint, limit: number): bigint {
  const lo =
    BigInt(limit & 0xffff) |
    ((base & 0xffffffn) << 16n) |
    (0x89n << 40n) |
    (((base >> 24n) & 0xffn) << 56n);
  return lo | ((base >> 32n) << 64n);
}

/**
 * A long-mode kernel: text at KERNEL (read-only, executable), a data page at +0x1000 holding
 * GDT, TSS and IDT (NX), an IST1 stack page at +0x2000 left read-only, a writable page at
 * +0x3000, and RSP0 at +0x6000 with nothing mapped under it.
 */
function longMachine() {
  const b = tables('la48');
  const mem = b.mem;
  b.map(KERNEL, 0x200000, 4096, P);
  b.map(KERNEL + 0x1000n, 0x201000, 4096, P | RW, NX);
  b.map(KERNEL + 0x2000n, 0x202000, 4096, P, NX);
  b.map(KERNEL + 0x3000n, 0x203000, 4096, P | RW, NX);
  const gdt = 0x201000;
  put(mem, gdt + 8, 0x00af9b000000ffffn);
  put(mem, gdt + 16, 0x00cf93000000ffffn);
  put(mem, gdt + 24, tssDescriptor(KERNEL + 0x1400n, 0x67), 16);
  const tss = 0x201400;
  put(mem, tss + 4, KERNEL + 0x6000n); // RSP0: below it, nothing is mapped
  put(mem, tss + 0x24, KERNEL + 0x3000n); // IST1: a read-only page
  put(mem, tss + 0x66, 0x68n, 2);
  const idt = 0x201800;
  put(mem, idt + 3 * 16, gate64(KERNEL + 0x100n, 0x10, 0xe), 16); // a data selector
  put(mem, idt + 8 * 16, gate64(KERNEL + 0x200n, 0x08, 0xe, 2), 16); // IST2 is 0
  put(mem, idt + 13 * 16, gate64(KERNEL + 0x300n, 0x08, 0xe, 1), 16);
  put(mem, idt + 14 * 16, gate64(KERNEL + 0x1f00n, 0x08, 0xf), 16); // in the NX page
  const cpu = new CpuState();
  Object.assign(cpu, stateFor('la48', b.root));
  cpu.cr3.set([b.root, 0]);
  cpu.gdtr.set([Number((KERNEL + 0x1000n) & 0xffffffffn) | 0, -1, 0x27]);
  cpu.idtr.set([Number((KERNEL + 0x1800n) & 0xffffffffn) | 0, -1, 32 * 16 - 1]);
  cpu.segSel[TR] = 0x18;
  cpu.segBaseLo[TR] = Number((KERNEL + 0x1400n) & 0xffffffffn) | 0;
  cpu.segBaseHi[TR] = -1;
  cpu.segLimit[TR] = 0x67;
  cpu.mode = 64;
  return { cpu, mem };
}

describe('descriptor tables', () => {
  it('long mode: GDT slots with the 16-byte TSS descriptor, gates, TSS fields', () => {
    const { cpu, mem } = longMachine();
    const d = descriptorTables(cpu, mem);
    expect(d.mode).toBe('long');
    expect(d.gdt.problems).toEqual([]);
    expect(d.gdt.entries.map((e) => [e.selector, e.kind, e.name.trimEnd()])).toEqual([
      [0, 'null', 'null'],
      [8, 'code', 'CS64 [-RA]'],
      [0x10, 'data', 'DS   [-WA]'],
      [0x18, 'system', 'TSS64-avl'],
      [0x20, 'upper', 'upper half of 24'],
    ]);
    const tssDesc = d.gdt.entries[3];
    expect([tssDesc.size, tssDesc.base, tssDesc.limit]).toEqual([16, KERNEL + 0x1400n, 0x67]);
    expect(d.idt.entries).toHaveLength(32);
    const pf = d.idt.entries[14];
    expect([pf.kind, pf.bits, pf.selector, pf.handler]).toEqual(['trap', 64, 8, KERNEL + 0x1f00n]);
    expect(d.idt.entries[13].problems).toEqual([]);
    const field = (name: string) => d.tss!.fields.find((f) => f.name === name)?.value;
    expect([field('RSP0'), field('IST1'), field('IST2'), field('I/O map base')]).toEqual([
      KERNEL + 0x6000n,
      KERNEL + 0x3000n,
      0n,
      0x68n,
    ]);
  });

  it('names each handler, gate and stack the CPU could not use', () => {
    const { cpu, mem } = longMachine();
    const d = descriptorTables(cpu, mem);
    expect(d.idt.entries[14].problems).toEqual([
      'handler for vector 14 at 0xffffffff80001f00 is not executable: supervisor instruction fetch from a no-execute page: XD=1 (PT entry 1 (at 0x103008))',
    ]);
    expect(d.idt.entries[3].problems[0]).toBe(
      'gate for vector 3 names selector 0x10, which is not a present code segment in the GDT: #GP',
    );
    expect(d.idt.entries[8].problems).toEqual([
      'gate for vector 8 uses IST2, which the TSS leaves at 0',
    ]);
    expect(d.tss!.problems).toEqual([
      expect.stringMatching(/^RSP0 stack page 0xffffffff80005ff8 is not mapped: PT entry 5 /),
      expect.stringMatching(/^IST1 stack page 0xffffffff80002ff8 is not writable: /),
    ]);
    const text = descriptorsText(d);
    expect(text).toContain('    ! handler for vector 14 at 0xffffffff80001f00 is not executable');
    expect(text).toContain(
      '   14 00000000ffffffff80008f0000081f00  trap64 DPL0 0008:0xffffffff80001f00',
    );
  });

  it('an IDT the tables do not map: the base is named, its gates are unreadable', () => {
    const { cpu, mem } = longMachine();
    cpu.idtr.set([0, 0xffff8000 | 0, 0xfff]);
    const d = descriptorTables(cpu, mem);
    expect(d.idt.problems).toEqual([
      expect.stringMatching(
        /^IDT base 0xffff800000000000 is not mapped: PML4 entry 256 .* is not present$/,
      ),
    ]);
    expect([d.idt.entries.length, d.idt.unreadable]).toEqual([0, 256]);
  });

  it('32-bit protected mode: 8-byte gates, a task gate, the 32-bit TSS and its SS0:ESP0 stack', () => {
    const b = tables('legacy32');
    const mem = b.mem;
    b.mapRun(0n, 0, 16, P | RW);
    b.map(0x8000n, 0x8000, 4096, P); // the ESP0 stack page, read-only
    put(mem, 0x1008, 0x00cf9b000000ffffn);
    put(mem, 0x1010, 0x00cf93000000ffffn);
    put(mem, 0x1018, tssDescriptor(0x3000n, 0x67) & 0xffffffffffffffffn);
    put(mem, 0x1020, 0x000082004000000fn); // an LDT of two slots at 0x4000
    put(mem, 0x4008, 0x00cff3000000ffffn); // a DPL 3 data segment in it
    put(mem, 0x2000, gate32(0x5000, 8, 0xe));
    put(mem, 0x2010, gate32(0, 0x18, 0x5));
    put(mem, 0x3004, 0x9000n, 4); // ESP0
    put(mem, 0x3008, 0x10n, 2); // SS0
    const cpu = new CpuState();
    Object.assign(cpu, stateFor('legacy32', b.root));
    cpu.cr3.set([b.root, 0]);
    cpu.gdtr.set([0x1000, 0, 0x27]);
    cpu.segSel[LDTR] = 0x20;
    cpu.segBaseLo[LDTR] = 0x4000;
    cpu.segLimit[LDTR] = 0xf;
    cpu.idtr.set([0x2000, 0, 0x7ff]);
    cpu.segSel[TR] = 0x18;
    cpu.segBaseLo[TR] = 0x3000;
    cpu.segLimit[TR] = 0x67;
    const d = descriptorTables(cpu, mem);
    expect(d.mode).toBe('protected');
    expect(d.gdt.entries[3].name).toBe('TSS32-avl');
    expect([d.gdt.entries[4].name, d.gdt.entries[4].base]).toEqual(['LDT', 0x4000n]);
    expect(d.ldt!.entries.map((e) => [e.selector, e.kind, e.dpl])).toEqual([
      [4, 'null', 0],
      [0xc, 'data', 3],
    ]);
    const [v0, , v2] = d.idt.entries;
    expect([v0.kind, v0.bits, v0.handler, v0.problems]).toEqual(['interrupt', 32, 0x5000n, []]);
    expect([v2.kind, v2.selector, v2.handler]).toEqual(['task', 0x18, null]);
    expect(d.tss!.format).toBe(32);
    expect(d.tss!.fields.find((f) => f.name === 'ESP0')?.value).toBe(0x9000n);
    expect(d.tss!.problems).toEqual([
      expect.stringMatching(/^ESP0 stack page 0x8ffc is not writable: /),
    ]);
  });
});
