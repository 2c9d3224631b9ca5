import { descriptorTables } from '../analysis/descriptors/descriptor-tables.ts';
import { reachProblem } from '../analysis/descriptors/reach.ts';
import type { DescriptorTable } from '../analysis/descriptors/segment-table.ts';
import type { SegmentDescriptor } from '../analysis/descriptors/segment-descriptor.ts';
import type { CpuState } from '../core/cpu/state.ts';
import { VECTOR_NAMES } from '../core/cpu/fault.ts';
import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { hex64, hexShort } from './format.ts';
import type { SymbolIndex } from './symbols.ts';

/** Whether an address the CPU will use is mapped for that use: null where none is used. */
export interface Reach {
  mapped: boolean;
  /** Why not, from the walk: 'PML4 entry 256 (at 0x102800) is not present'. */
  problem: string | null;
}

export interface SegmentRowView {
  index: number;
  selector: string;
  kind: SegmentDescriptor['kind'];
  /** QEMU's name for the type: `CS64 [-R-]`, `TSS64-busy`. */
  name: string;
  present: boolean;
  dpl: number;
  base: string;
  limit: string;
  raw: string;
  /** For the bases the CPU reads through (TSS, LDT; every segment outside long mode). */
  reach: Reach | null;
  problems: string[];
}

export interface GateRowView {
  vector: number;
  /** '#PF', 'NMI', ... for the architectural vectors, '' above them. */
  name: string;
  kind: string;
  /** 16, 32 or 64: the gate's width. */
  bits: number;
  present: boolean;
  selector: string;
  handler: string | null;
  symbol: string;
  ist: number;
  dpl: number;
  reach: Reach | null;
  problems: string[];
}

export interface TssRowView {
  name: string;
  offset: string;
  value: string | null;
  /** For the stack pointers (RSPn, ISTn, ESP0): the stack page below them, when set. */
  reach: Reach | null;
}

export interface TableHead {
  base: string;
  limit: string;
  /** Slots in pages that are not mapped (not read). */
  unreadable: number;
  problems: string[];
}

/** The descriptor-table panel's view: GDT, LDT, IDT and TSS, entry by entry. */
export interface DescriptorsView {
  mode: 'real' | 'protected' | 'long';
  gdt: TableHead & { entries: SegmentRowView[] };
  ldt: (TableHead & { entries: SegmentRowView[] }) | null;
  idt: TableHead & { entries: GateRowView[] };
  tss: (TableHead & { selector: string; format: 32 | 64; fields: TssRowView[] }) | null;
}

const STACKS = /^(RSP[0-2]|IST[1-7]|ESP0)$/;

/**
 * The descriptor tables as src/analysis/descriptors decodes them, as plain data, with a
 * mapped/unmapped mark on each address the CPU will use: system segment bases, handlers
 * (for fetch) and interrupt stacks (for write, the slot below the pointer; ESP0 is taken as
 * an offset in a flat SS0).
 */
export function descriptorsView(
  cpu: CpuState,
  mem: PhysicalMemory,
  names: SymbolIndex,
): DescriptorsView {
  const d = descriptorTables(cpu, mem);
  const long = d.mode === 'long';
  // Handlers and stacks share a few pages: one walk a page and access; the words of a
  // problem name the address, so only an unmapped one is walked again.
  const mappedPages = new Map<string, boolean>();
  const reach = (va: bigint, access: 'read' | 'write' | 'fetch'): Reach => {
    const page = `${access}:${va >> 12n}`;
    if (mappedPages.get(page) === true) return { mapped: true, problem: null };
    const problem = reachProblem(cpu, mem, 'address', va, access);
    mappedPages.set(page, problem === null);
    return { mapped: problem === null, problem };
  };
  const segments = (t: DescriptorTable<SegmentDescriptor>) => ({
    ...head(t.base, t.limit, t.unreadable, t.problems),
    entries: t.entries.map((s): SegmentRowView => ({
      index: s.index,
      selector: hexShort(s.selector),
      kind: s.kind,
      name: s.name,
      present: s.present,
      dpl: s.dpl,
      base: hex64(s.base),
      limit: hexShort(s.limit),
      raw: s.size === 16 ? `0x${s.raw.toString(16).padStart(32, '0')}` : hex64(s.raw),
      reach:
        s.present && (s.kind === 'system' || (!long && s.kind !== 'null' && s.kind !== 'upper'))
          ? reach(s.base, 'read')
          : null,
      problems: s.problems,
    })),
  });
  return {
    mode: d.mode,
    gdt: segments(d.gdt),
    ldt: d.ldt && segments(d.ldt),
    idt: {
      ...head(d.idt.base, d.idt.limit, d.idt.unreadable, d.idt.problems),
      entries: d.idt.entries.map((g) => ({
        vector: g.vector,
        name: VECTOR_NAMES[g.vector] ?? '',
        kind: g.kind,
        bits: g.bits,
        present: g.present,
        selector: hexShort(g.selector),
        handler: g.handler === null ? null : hex64(g.handler),
        symbol: g.handler === null ? '' : names.name(g.handler),
        ist: g.ist,
        dpl: g.dpl,
        reach: g.handler === null ? null : reach(g.handler, 'fetch'),
        problems: g.problems,
      })),
    },
    tss: d.tss && {
      ...head(d.tss.base, d.tss.limit, 0, d.tss.problems),
      selector: hexShort(d.tss.selector),
      format: d.tss.format,
      fields: d.tss.fields.map((f) => ({
        name: f.name,
        offset: hexShort(f.offset),
        value: f.value === null ? null : hexShort(f.value),
        reach:
          f.value && STACKS.test(f.name)
            ? reach(BigInt.asUintN(long ? 64 : 32, f.value - (long ? 8n : 4n)), 'write')
            : null,
      })),
    },
  };
}

function head(base: bigint, limit: number, unreadable: number, problems: string[]): TableHead {
  return { base: hex64(base), limit: hexShort(limit), unreadable, problems };
}
