import { Hasher } from '../core/machine/snapshot-hash.ts';
import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { CR4_LA57, EFER_NXE, PagingMode, pagingMode } from '../core/mmu/paging-bits.ts';
import { canonicalBigInt, readTable } from '../analysis/index.ts';
import type { EntryRecord, PagingState } from '../analysis/index.ts';
import { hex64, hexShort, sizeWords } from './format.ts';
import { tableKey } from './views.ts';
import type { TableEntryView, TableRef, TableView } from './views.ts';

const LEVEL_NAMES: Record<number, string> = { 5: 'PML5', 4: 'PML4', 3: 'PDPT', 2: 'PD', 1: 'PT' };

/** Bits of an entry that are not its address: what two entries of a run must share. */
const ADDRESS_MASK = 0x000ffffffffff000n;

function flagNames(r: EntryRecord): string[] {
  const e = r.entry;
  const out: string[] = [];
  if (e.writable) out.push('RW');
  if (e.user) out.push('US');
  if (e.pwt) out.push('PWT');
  if (e.pcd) out.push('PCD');
  if (e.accessed) out.push('A');
  if (r.leaf && e.dirty) out.push('D');
  if (e.pageSize) out.push('PS');
  if (r.leaf && e.global) out.push('G');
  if (e.pat) out.push('PAT');
  if (e.noExecute) out.push('XD');
  if (e.protectionKey !== null) out.push(`PKEY ${e.protectionKey}`);
  return out;
}

function problemsOf(r: EntryRecord): string[] {
  const out: string[] = [];
  if (r.reserved)
    out.push(
      `reserved bit${r.entry.reservedBits.length > 1 ? 's' : ''} ${r.entry.reservedBits.join(', ')} set: a walk through it faults`,
    );
  if (r.outsideRam) out.push(r.leaf ? 'maps memory outside RAM' : 'points outside RAM');
  if (r.shared) out.push('the same table is reachable from another entry');
  return out;
}

/** Whether `b` continues the run that ends with `a`: next index, next frame, same bits. */
function continues(a: EntryRecord, b: EntryRecord, count: number): boolean {
  if (!a.leaf || !b.leaf || b.index !== a.index + count) return false;
  if (a.reserved || b.reserved || a.outsideRam !== b.outsideRam) return false;
  const bits = (r: EntryRecord) => r.raw & ~ADDRESS_MASK;
  return bits(a) === bits(b) && b.entry.address === a.entry.address + BigInt(a.span * count);
}

/**
 * What a table's view is made of, hashed: the control bits that decide how entries decode,
 * where the table is, and its bytes (a view is a function of those alone; RAM's size is the
 * machine's). Equal stamps, equal views: a refresh can keep the view of a table whose stamp
 * did not change without reading it again (TableViewCache), and so can the tree.
 */
export function tableStamp(state: PagingState, mem: PhysicalMemory, ref: TableRef): string {
  const h = new Hasher();
  for (const x of [state.cr0, state.cr4, state.efer, ref.phys, ref.depth, ref.va]) h.number(x);
  const pdpt = pagingMode(state.cr0, state.cr4, state.efer) === PagingMode.Pae && ref.depth === 3;
  const at = mem.offsetOf(ref.phys);
  const size = pdpt ? 32 : 4096;
  if (at >= 0 && mem.offsetOf(ref.phys + size - 1) === at + size - 1)
    h.bytes(mem.ram.subarray(at, at + size));
  return h.digest();
}

/**
 * One paging-structure table as the tree shows it: its present entries, with runs of leaves
 * that map consecutive frames with the same bits merged into one row (an HHDM of 2 MiB pages
 * is one row, not 512), and each table pointer with the reference that opens it.
 */
export function tableView(
  state: PagingState,
  mem: PhysicalMemory,
  ref: TableRef,
  /** The table's stamp when the caller has it already. */
  stamp = tableStamp(state, mem, ref),
): TableView {
  const la57 = (state.cr4 & CR4_LA57) !== 0;
  const nxe = (state.efer & EFER_NXE) !== 0;
  const rawMask = la57 ? (1n << 57n) - 1n : (1n << 48n) - 1n;
  const records = readTable(state, mem, ref.phys, ref.depth, ref.va);
  const entries: TableEntryView[] = [];
  for (let i = 0; i < records.length;) {
    const r = records[i];
    let count = 1;
    while (i + count < records.length && continues(r, records[i + count], count)) count++;
    const x = !(nxe && r.entry.noExecute);
    const child =
      !r.leaf && !r.outsideRam
        ? { phys: Number(r.entry.address), depth: ref.depth - 1, va: Number(r.va & rawMask) }
        : null;
    entries.push({
      index: r.index,
      count,
      level: r.level,
      va: hex64(r.va),
      vaLast: hex64(r.va + BigInt(r.span) * BigInt(count) - 1n),
      span: sizeWords(r.span),
      raw: hex64(r.raw),
      target: hexShort(r.entry.address),
      leaf: r.leaf,
      rights: `r${r.entry.writable ? 'w' : '-'}${x ? 'x' : '-'}`,
      flags: flagNames(r),
      problems: problemsOf(r),
      child,
    });
    i += count;
  }
  return {
    ref,
    key: tableKey(ref),
    level: records[0]?.level ?? LEVEL_NAMES[ref.depth] ?? `level ${ref.depth}`,
    phys: hexShort(ref.phys),
    va: hex64(canonicalBigInt(ref.va, la57)),
    present: records.length,
    entries,
    stamp,
  };
}
