import type { CpuState } from '../../core/cpu/state.ts';
import { LDTR, TR } from '../../core/cpu/registers.ts';
import type { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import { CR0_PE, EFER_LMA } from '../../core/mmu/paging-bits.ts';
import { VirtualReader } from '../pitfalls/virtual-reader.ts';
import { readIdt } from './idt.ts';
import type { IdtEntry } from './idt.ts';
import { tableProblems } from './reach.ts';
import { readSegmentTable } from './segment-table.ts';
import type { DescriptorTable } from './segment-table.ts';
import type { SegmentDescriptor } from './segment-descriptor.ts';
import { istValues, readTss } from './tss.ts';
import type { TssView } from './tss.ts';

/** The GDT, LDT, IDT and TSS of a machine as it stands, decoded and checked. */
export interface DescriptorTables {
  mode: 'real' | 'protected' | 'long';
  gdt: DescriptorTable<SegmentDescriptor>;
  /** Null while LDTR holds the null selector. */
  ldt: DescriptorTable<SegmentDescriptor> | null;
  idt: DescriptorTable<IdtEntry>;
  /** Null while TR holds the null selector (or in real mode). */
  tss: TssView | null;
}

const pair = (lo: number, hi: number) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

/**
 * Reads the descriptor tables through the current page tables (GDTR, IDTR and the TR and
 * LDTR caches hold linear addresses), side effects off, and checks each base, handler and
 * stack against those tables. In real mode IDTR points to the interrupt vector table, which
 * is not decoded: the tables come back empty.
 */
export function descriptorTables(cpu: CpuState, mem: PhysicalMemory): DescriptorTables {
  const lma = (cpu.efer & EFER_LMA) !== 0;
  const pe = (cpu.cr0 & CR0_PE) !== 0;
  const width = lma ? 64 : 32;
  const linear = (lo: number, hi: number) => BigInt.asUintN(width, pair(lo, lma ? hi : 0));
  const vr = new VirtualReader(cpu, mem);
  const gdtBase = linear(cpu.gdtr[0], cpu.gdtr[1]);
  const idtBase = linear(cpu.idtr[0], cpu.idtr[1]);
  const empty = <E>(base: bigint, limit: number): DescriptorTable<E> => ({
    base,
    limit,
    entries: [],
    unreadable: 0,
    problems: [],
  });
  if (!pe)
    return {
      mode: 'real',
      gdt: empty(gdtBase, cpu.gdtr[2]),
      ldt: null,
      idt: empty(idtBase, cpu.idtr[2]),
      tss: null,
    };
  const gdt = readSegmentTable(vr, gdtBase, cpu.gdtr[2], lma, false);
  gdt.problems.push(...tableProblems(cpu, mem, 'GDT', gdtBase, cpu.gdtr[2]));
  let ldt: DescriptorTable<SegmentDescriptor> | null = null;
  if ((cpu.segSel[LDTR] & ~3) !== 0) {
    const base = linear(cpu.segBaseLo[LDTR], cpu.segBaseHi[LDTR]);
    const limit = cpu.segLimit[LDTR] >>> 0;
    ldt = readSegmentTable(vr, base, limit, lma, true);
    ldt.problems.push(...tableProblems(cpu, mem, 'LDT', base, limit));
  }
  let tss: TssView | null = null;
  if ((cpu.segSel[TR] & ~3) !== 0) {
    const tr = {
      selector: cpu.segSel[TR] & 0xffff,
      base: linear(cpu.segBaseLo[TR], cpu.segBaseHi[TR]),
      limit: cpu.segLimit[TR] >>> 0,
    };
    tss = readTss(cpu, mem, vr, tr, lma, gdt);
  }
  const idt = readIdt(cpu, mem, vr, idtBase, cpu.idtr[2], lma, gdt, istValues(tss));
  idt.problems.push(...tableProblems(cpu, mem, 'IDT', idtBase, cpu.idtr[2]));
  return { mode: lma ? 'long' : 'protected', gdt, ldt, idt, tss };
}
