import type { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import type { PagingState } from '../paging-state.ts';
import type { VirtualReader } from '../pitfalls/virtual-reader.ts';
import { reachProblem, tableProblems } from './reach.ts';
import { bySelector } from './segment-table.ts';
import type { DescriptorTable } from './segment-table.ts';
import type { SegmentDescriptor } from './segment-descriptor.ts';

/** One TSS field: its name, offset in the TSS and value (null where it could not be read). */
export interface TssField {
  name: string;
  offset: number;
  size: 2 | 4 | 8;
  value: bigint | null;
}

/** The task-state segment TR names, field by field (SDM Vol. 3, figures 8-2 and 8-11). */
export interface TssView {
  selector: number;
  format: 32 | 64;
  base: bigint;
  limit: number;
  fields: TssField[];
  problems: string[];
}

type Layout = [name: string, offset: number, size: 2 | 4 | 8][];

const TSS64: Layout = [
  ['RSP0', 0x04, 8],
  ['RSP1', 0x0c, 8],
  ['RSP2', 0x14, 8],
  ...[1, 2, 3, 4, 5, 6, 7].map((n): [string, number, 8] => [`IST${n}`, 0x1c + 8 * n, 8]),
  ['I/O map base', 0x66, 2],
];

const TSS32: Layout = [
  ['link', 0x00, 2],
  ['ESP0', 0x04, 4],
  ['SS0', 0x08, 2],
  ['ESP1', 0x0c, 4],
  ['SS1', 0x10, 2],
  ['ESP2', 0x14, 4],
  ['SS2', 0x18, 2],
  ['CR3', 0x1c, 4],
  ['EIP', 0x20, 4],
  ['EFLAGS', 0x24, 4],
  ...['EAX', 'ECX', 'EDX', 'EBX', 'ESP', 'EBP', 'ESI', 'EDI'].map((r, i): [string, number, 4] => [
    r,
    0x28 + 4 * i,
    4,
  ]),
  ...['ES', 'CS', 'SS', 'DS', 'FS', 'GS', 'LDT'].map((r, i): [string, number, 2] => [
    r,
    0x48 + 4 * i,
    2,
  ]),
  ['T', 0x64, 2],
  ['I/O map base', 0x66, 2],
];

/** The smallest limit the CPU accepts for a 32- or 64-bit TSS (104 bytes). */
const MIN_LIMIT = 0x67;

/**
 * Reads the TSS at TR's cached base through `vr` and checks what the CPU will use without
 * asking: the TSS itself, and the stacks interrupts switch to (RSP0 and each IST in long
 * mode, SS0:ESP0 in protected mode), which must be writable under the current tables.
 */
export function readTss(
  state: PagingState,
  mem: PhysicalMemory,
  vr: VirtualReader,
  tr: { selector: number; base: bigint; limit: number },
  lma: boolean,
  gdt: DescriptorTable<SegmentDescriptor>,
): TssView {
  const format = lma ? 64 : 32;
  const fields = (lma ? TSS64 : TSS32).map(([name, offset, size]) => ({
    name,
    offset,
    size,
    value: offset + size - 1 <= tr.limit ? vr.read(tr.base + BigInt(offset), size) : null,
  }));
  const view: TssView = { ...tr, format, fields, problems: [] };
  if (tr.limit < MIN_LIMIT)
    view.problems.push(
      `TSS limit 0x${tr.limit.toString(16)} is below 0x67: the CPU raises #TS when it reads the stacks`,
    );
  view.problems.push(...tableProblems(state, mem, 'TSS', tr.base, Math.min(tr.limit, MIN_LIMIT)));
  const value = (name: string) => fields.find((f) => f.name === name)?.value ?? null;
  const stack = (name: string, top: bigint, width: 32 | 64) => {
    const va = BigInt.asUintN(width, top - (width === 64 ? 8n : 4n));
    const problem = reachProblem(state, mem, `${name} stack page`, va, 'write');
    if (problem) view.problems.push(problem);
  };
  if (lma) {
    const rsp0 = value('RSP0');
    if (rsp0) stack('RSP0', rsp0, 64);
    for (let n = 1; n <= 7; n++) {
      const ist = value(`IST${n}`);
      if (ist) stack(`IST${n}`, ist, 64);
    }
  } else {
    const esp0 = value('ESP0');
    const ss0 = bySelector(gdt, Number(value('SS0') ?? 0));
    if (esp0 && ss0 && ss0.kind === 'data') stack('ESP0', ss0.base + esp0, 32);
  }
  return view;
}

/** IST1-IST7 from a 64-bit TSS (0 where unread), for the gates that name them. */
export function istValues(tss: TssView | null): bigint[] | null {
  if (tss === null || tss.format !== 64) return null;
  return [1, 2, 3, 4, 5, 6, 7].map(
    (n) => tss.fields.find((f) => f.name === `IST${n}`)?.value ?? 0n,
  );
}
