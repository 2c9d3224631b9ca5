import type { VirtualReader } from '../pitfalls/virtual-reader.ts';
import { decodeSegment, isWideSystem, upperHalf } from './segment-descriptor.ts';
import type { SegmentDescriptor } from './segment-descriptor.ts';

/** A descriptor table as the UI shows it: where it is, its entries, what is wrong with it. */
export interface DescriptorTable<E> {
  base: bigint;
  limit: number;
  entries: E[];
  /** Slots that could not be read (their page is not mapped): counted, not guessed at. */
  unreadable: number;
  problems: string[];
}

/**
 * The slots of a GDT or LDT (`ldt`: selectors get TI set) read through `vr`. In long mode a
 * TSS, LDT or call-gate descriptor takes two slots; the second is shown as its upper half.
 */
export function readSegmentTable(
  vr: VirtualReader,
  base: bigint,
  limit: number,
  lma: boolean,
  ldt: boolean,
): DescriptorTable<SegmentDescriptor> {
  const table: DescriptorTable<SegmentDescriptor> = {
    base,
    limit,
    entries: [],
    unreadable: 0,
    problems: [],
  };
  const ti = ldt ? 4 : 0;
  const slots = Math.floor((limit + 1) / 8);
  for (let i = 0; i < slots; i++) {
    const raw = vr.read(base + BigInt(i * 8), 8);
    if (raw === null) {
      table.unreadable++;
      continue;
    }
    const hi = Number(raw >> 32n);
    const upper =
      isWideSystem(hi, lma) && i + 1 < slots ? vr.read(base + BigInt(i * 8 + 8), 8) : null;
    const d = decodeSegment(i, ti, raw, lma, upper);
    if (isWideSystem(hi, lma) && upper === null)
      d.problems.push('a 16-byte system descriptor whose upper half is past the limit or unmapped');
    table.entries.push(d);
    if (d.size === 16) table.entries.push(upperHalf(++i, ti, upper!));
  }
  return table;
}

/** The descriptor a selector names in the table, if it is there. */
export function bySelector(
  table: DescriptorTable<SegmentDescriptor>,
  selector: number,
): SegmentDescriptor | undefined {
  return table.entries.find((d) => d.index === selector >> 3);
}
