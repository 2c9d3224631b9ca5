import type { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import type { PagingState } from '../paging-state.ts';
import type { VirtualReader } from '../pitfalls/virtual-reader.ts';
import { decodeGate, validGate } from './gate.ts';
import type { Gate } from './gate.ts';
import { reachProblem } from './reach.ts';
import { bySelector } from './segment-table.ts';
import type { DescriptorTable } from './segment-table.ts';
import type { SegmentDescriptor } from './segment-descriptor.ts';

/** A gate with where its handler starts (segment base + offset) and what is wrong with it. */
export interface IdtEntry extends Gate {
  /** Linear address of the handler's first instruction (null for task gates). */
  handler: bigint | null;
  problems: string[];
}

/**
 * The IDT's gates read through `vr`, each present one checked: a type the CPU delivers
 * through in this mode, a selector naming a present code segment, a handler the current
 * tables map executable, and in long mode an IST the TSS fills (`ist[n - 1]`).
 */
export function readIdt(
  state: PagingState,
  mem: PhysicalMemory,
  vr: VirtualReader,
  base: bigint,
  limit: number,
  lma: boolean,
  gdt: DescriptorTable<SegmentDescriptor>,
  ist: bigint[] | null,
): DescriptorTable<IdtEntry> {
  const size = lma ? 16 : 8;
  const table: DescriptorTable<IdtEntry> = {
    base,
    limit,
    entries: [],
    unreadable: 0,
    problems: [],
  };
  const count = Math.min(256, Math.floor((limit + 1) / size));
  for (let v = 0; v < count; v++) {
    const raw = vr.read(base + BigInt(v * size), size);
    if (raw === null) {
      table.unreadable++;
      continue;
    }
    const g = decodeGate(v, raw, size);
    const e: IdtEntry = { ...g, handler: null, problems: [] };
    table.entries.push(e);
    if (!g.present) continue;
    if (!validGate(g, lma)) {
      e.problems.push(
        `gate for vector ${v} has type ${g.type}, which the CPU does not deliver through${lma ? ' in long mode' : ''}: #GP`,
      );
      continue;
    }
    if (g.kind === 'task') continue;
    const cs = bySelector(gdt, g.selector);
    if ((g.selector & 4) === 0 && (cs === undefined || cs.kind !== 'code' || !cs.present))
      e.problems.push(
        `gate for vector ${v} names selector 0x${g.selector.toString(16)}, which is not a present code segment in the GDT: #GP`,
      );
    e.handler = BigInt.asUintN(lma ? 64 : 32, g.offset + (lma || cs === undefined ? 0n : cs.base));
    const fetch = reachProblem(state, mem, `handler for vector ${v} at`, e.handler, 'fetch');
    if (fetch) e.problems.push(fetch);
    if (g.ist !== 0 && ist !== null && ist[g.ist - 1] === 0n)
      e.problems.push(`gate for vector ${v} uses IST${g.ist}, which the TSS leaves at 0`);
  }
  return table;
}
