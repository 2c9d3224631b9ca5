import type { Cpu } from '../core/cpu/cpu.ts';
import { CR4_LA57, PagingMode } from '../core/mmu/paging-bits.ts';
import { levelName } from '../analysis/entry-decode.ts';
import { canonicalBigInt, hexAddr } from '../analysis/hex.ts';
import { buildPageTree, E_LEAF, E_OUTSIDE_RAM, E_RESERVED } from '../analysis/page-tree.ts';
import type { PageTree } from '../analysis/page-tree.ts';
import { TWO32 } from '../core/pair.ts';

/** One line of `tree`: a table pointer, or a run of leaves alike and physically contiguous. */
export interface TreeRow {
  depth: number;
  level: string;
  first: number;
  last: number;
  va: bigint;
  /** Table pointer: the table's address; leaves: the first page's. */
  target: bigint;
  leaf: boolean;
  pages: number;
  pageSize: number;
  /** The entry's own bits in words: rw/r-, x/-, user/kernel, global, uncached, flags of trouble. */
  flags: string;
}

const FLAG_BITS = 0x11e; // R/W, U/S, PWT, PCD, G: what must match for leaves to share a row

/** The tree under the live CR3 as rows, depth first (page-tree.ts, read-only). */
export function treeRows(cpu: Cpu): TreeRow[] {
  const tree = buildPageTree(cpu, cpu.mem);
  const rows: TreeRow[] = [];
  if (tree.tables > 0) table(tree, 0, 0, (cpu.cr4 & CR4_LA57) !== 0, rows);
  return rows;
}

function table(tree: PageTree, t: number, depth: number, la57: boolean, rows: TreeRow[]): void {
  const mode = tree.mode;
  const wide = mode !== PagingMode.Legacy32;
  const level = tree.tableDepth[t];
  const span = wide ? 2 ** (12 + 9 * (level - 1)) : level === 2 ? 0x400000 : 4096;
  const first = tree.tableFirst[t];
  const end = first + tree.tableCount[t];
  for (let e = first; e < end;) {
    const lo = tree.entryLo[e];
    const hi = tree.entryHi[e];
    const flags = tree.entryFlags[e];
    const leaf = (flags & E_LEAF) !== 0;
    const phys = addressOf(mode, level, lo, hi, leaf);
    let last = e;
    while (leaf && last + 1 < end && sameRun(tree, e, last + 1, mode, level, phys, span)) last++;
    rows.push({
      depth,
      level: levelName(mode, level),
      first: tree.entryIndex[e],
      last: tree.entryIndex[last],
      va: canonicalBigInt(tree.tableVa[t] + tree.entryIndex[e] * span, la57),
      target: BigInt(phys),
      leaf,
      pages: last - e + 1,
      pageSize: span,
      flags: words(lo, hi, flags, wide),
    });
    if (!leaf && tree.entryChild[e] >= 0) table(tree, tree.entryChild[e], depth + 1, la57, rows);
    e = last + 1;
  }
}

/** Whether entry `n` continues the run of leaves starting at entry `e`. */
function sameRun(
  tree: PageTree,
  e: number,
  n: number,
  mode: PagingMode,
  level: number,
  phys: number,
  span: number,
) {
  const k = n - e;
  if (tree.entryIndex[n] !== tree.entryIndex[e] + k) return false;
  if (((tree.entryLo[n] ^ tree.entryLo[e]) & FLAG_BITS) !== 0) return false;
  if ((tree.entryHi[n] ^ tree.entryHi[e]) >>> 31 !== 0 || tree.entryFlags[n] !== tree.entryFlags[e])
    return false;
  return addressOf(mode, level, tree.entryLo[n], tree.entryHi[n], true) === phys + k * span;
}

function addressOf(mode: PagingMode, level: number, lo: number, hi: number, leaf: boolean): number {
  if (mode === PagingMode.Legacy32)
    return leaf && level === 2
      ? ((lo >>> 13) & 0xff) * TWO32 + ((lo & 0xffc00000) >>> 0)
      : (lo & 0xfffff000) >>> 0;
  const low = leaf && level === 2 ? 0xffe00000 : leaf && level === 3 ? 0xc0000000 : 0xfffff000;
  return (hi & 0xfffff) * TWO32 + ((lo & low) >>> 0);
}

function words(lo: number, hi: number, flags: number, wide: boolean): string {
  const w = [lo & 2 ? 'rw' : 'r-', wide && hi >>> 31 ? '-' : 'x', lo & 4 ? ' user' : ' kernel'];
  if (lo & 0x100) w.push(' global');
  if (lo & 0x18) w.push(' uncached');
  if (flags & E_RESERVED) w.push(' RESERVED-BITS');
  if (flags & E_OUTSIDE_RAM) w.push(' OUTSIDE-RAM');
  return w.join('');
}

/** The rows as text, indented by depth: `PML4[511] 0xffffff8000000000 -> PDPT 0x103000 rwx kernel`. */
export function treeText(rows: TreeRow[]): string {
  return rows
    .map((r) => {
      const idx = r.first === r.last ? `${r.first}` : `${r.first}-${r.last}`;
      const to = r.leaf
        ? `${r.pages} x ${sizeName(r.pageSize)} at ${hexAddr(r.target)}`
        : `table at ${hexAddr(r.target)}`;
      return `${'  '.repeat(r.depth)}${r.level}[${idx}] ${hexAddr(r.va)} -> ${to}  ${r.flags}\n`;
    })
    .join('');
}

function sizeName(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${bytes / 2 ** 30} GiB`
    : bytes >= 2 ** 20
      ? `${bytes / 2 ** 20} MiB`
      : `${bytes / 1024} KiB`;
}
