/**
 * Builds x86-64 page tables the way Limine does (common/mm/vmm.c): intermediate entries are
 * present, writable and user (P|RW|US) so only leaves decide permissions; each range is mapped
 * with the largest page that fits its alignment (1 GiB, 2 MiB, 4 KiB); mapping a smaller page
 * inside a large one first splits it, keeping only its write and no-execute rights.
 * Tables are numbered as they are created (the top level is 0) and get physical addresses
 * only when written out, so their count is known before memory is set aside for them.
 */
export interface LeafFlags {
  write: boolean;
  noExec: boolean;
  /** Write-combining (the framebuffer): PAT index 5, PWT plus the PAT bit. */
  writeCombining?: boolean;
}

const P = 1n;
const RW = 2n;
const US = 4n;
const PWT = 8n;
const PS = 0x80n;
const PAT_4K = 0x80n;
const PAT_LARGE = 0x1000n;
const NX = 1n << 63n;
const TABLE_FLAGS = P | RW | US;
const KIB4 = 0x1000n;
const MIB2 = 0x200000n;
const GIB1 = 0x40000000n;

/** Page size by level: 1 = 4 KiB (PT), 2 = 2 MiB (PD), 3 = 1 GiB (PDPT). */
const SIZE: Record<number, bigint> = { 1: KIB4, 2: MIB2, 3: GIB1 };

interface Table {
  entries: bigint[];
  /** For entries pointing at a table: that table's number; -1 for leaves and empty slots. */
  child: number[];
}

export class PageTables {
  private readonly tables: Table[] = [];

  constructor(readonly levels: 4 | 5) {
    this.newTable();
  }

  get count(): number {
    return this.tables.length;
  }

  private newTable(): number {
    this.tables.push({
      entries: new Array<bigint>(512).fill(0n),
      child: new Array<number>(512).fill(-1),
    });
    return this.tables.length - 1;
  }

  /** Maps [virt, virt + length) to [phys, ...) with the largest pages the alignment allows. */
  map(virt: bigint, phys: bigint, length: bigint, flags: LeafFlags): void {
    for (let off = 0n; off < length;) {
      const v = virt + off;
      const p = phys + off;
      const left = length - off;
      const level =
        [3, 2].find((l) => v % SIZE[l] === 0n && p % SIZE[l] === 0n && left >= SIZE[l]) ?? 1;
      this.mapPage(v, p, level, flags);
      off += SIZE[level];
    }
  }

  private mapPage(virt: bigint, phys: bigint, leafLevel: number, flags: LeafFlags): void {
    let t = 0;
    for (let level = this.levels; level > leafLevel; level--) {
      const i = index(virt, level);
      t = this.descend(t, i, level);
    }
    const i = index(virt, leafLevel);
    this.tables[t].entries[i] = phys | leafBits(flags, leafLevel);
    this.tables[t].child[i] = -1;
  }

  /** The table under entry i of table t (at `level`), created or split from a large page. */
  private descend(t: number, i: number, level: number): number {
    const table = this.tables[t];
    if (table.child[i] >= 0) return table.child[i];
    const old = table.entries[i];
    const child = this.newTable();
    table.entries[i] = TABLE_FLAGS;
    table.child[i] = child;
    if ((old & P) !== 0n && (old & PS) !== 0n) {
      // Split a large page into pages one level down, keeping only its R/W and NX bits.
      const size = SIZE[level - 1];
      const base = old & 0x000ffffffffff000n & ~(SIZE[level] - 1n);
      const kept: LeafFlags = { write: (old & RW) !== 0n, noExec: (old & NX) !== 0n };
      for (let k = 0; k < 512; k++) {
        this.tables[child].entries[k] = (base + BigInt(k) * size) | leafBits(kept, level - 1);
      }
    }
    return child;
  }

  /** The tables as bytes, table n at `base + n * 4096`; the top level is at `base`. */
  bytes(base: number): Uint8Array {
    const out = new Uint8Array(this.tables.length * 4096);
    const v = new DataView(out.buffer);
    this.tables.forEach((table, n) => {
      for (let i = 0; i < 512; i++) {
        const c = table.child[i];
        const e = c >= 0 ? BigInt(base + c * 4096) | table.entries[i] : table.entries[i];
        v.setBigUint64(n * 4096 + i * 8, e, true);
      }
    });
    return out;
  }
}

function index(virt: bigint, level: number): number {
  return Number((virt >> BigInt(12 + 9 * (level - 1))) & 0x1ffn);
}

function leafBits(f: LeafFlags, level: number): bigint {
  let e = P;
  if (f.write) e |= RW;
  if (f.noExec) e |= NX;
  if (level > 1) e |= PS;
  if (f.writeCombining) e |= PWT | (level > 1 ? PAT_LARGE : PAT_4K);
  return e;
}
