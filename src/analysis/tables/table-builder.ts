import type { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import { TWO32 } from '../../core/pair.ts';

/** The four table formats a builder can lay out. */
export type TableFormat = 'legacy32' | 'pae' | 'la48' | 'la57';

const P = 1;
const RW = 2;
const US = 4;
const PS = 0x80;

/**
 * Lays out paging structures in a PhysicalMemory for tests, the benchmark and the QEMU proof
 * kernels: tables come from a bump allocator, `map` creates the levels on the way down. It
 * writes RAM directly (mem.view), never through the CPU, and knows nothing about the walker,
 * so the code under test and the tables it reads are built independently.
 */
export class TableBuilder {
  readonly root: number;
  private next: number;
  /** Flags given to tables `map` creates on the way down: everything allowed by default. */
  tableFlags = P | RW | US;

  constructor(
    readonly mem: PhysicalMemory,
    readonly format: TableFormat,
    /** First byte the allocator may use (4 KiB aligned). */
    readonly base: number,
  ) {
    this.next = base;
    this.root = this.alloc();
    if (format === 'pae') this.next = this.root + 4096; // the PDPT takes 32 bytes of a frame
  }

  /** The end of the allocated area: the proof kernel copies [base, end). */
  get end(): number {
    return this.next;
  }

  /** A zeroed 4 KiB frame. */
  alloc(): number {
    const a = this.next;
    this.next += 4096;
    if (this.next > this.mem.size) throw new RangeError('table area runs past RAM');
    this.mem.ram.fill(0, a, a + 4096);
    return a;
  }

  private get entrySize(): number {
    return this.format === 'legacy32' ? 4 : 8;
  }

  /** Top level number: 5 = PML5, 4 = PML4, 3 = PAE PDPT, 2 = 32-bit PD. */
  get top(): number {
    return this.format === 'la57' ? 5 : this.format === 'la48' ? 4 : this.format === 'pae' ? 3 : 2;
  }

  /** Index of `va` at `level` (bigint: this is set-up code, not a hot path). */
  index(va: bigint, level: number): number {
    if (this.format === 'legacy32') return Number((va >> BigInt(level === 2 ? 22 : 12)) & 0x3ffn);
    if (this.format === 'pae' && level === 3) return Number((va >> 30n) & 3n);
    return Number((va >> BigInt(12 + 9 * (level - 1))) & 0x1ffn);
  }

  setEntry(addr: number, lo: number, hi = 0): void {
    this.mem.view.setUint32(addr, lo >>> 0, true);
    if (this.entrySize === 8) this.mem.view.setUint32(addr + 4, hi >>> 0, true);
  }

  getEntry(addr: number): { lo: number; hi: number } {
    const lo = this.mem.view.getUint32(addr, true);
    return { lo, hi: this.entrySize === 8 ? this.mem.view.getUint32(addr + 4, true) : 0 };
  }

  /** Address of the entry for `va` at `level`, creating the tables above it as needed. */
  entryAddr(va: bigint, level: number): number {
    let table = this.root;
    for (let l = this.top; ; l--) {
      const addr = table + this.index(va, l) * this.entrySize;
      if (l === level) return addr;
      const e = this.getEntry(addr);
      if ((e.lo & P) === 0) {
        const t = this.alloc();
        // PAE PDPTEs have no R/W or U/S: setting them would be reserved bits.
        this.setEntry(addr, t | (this.format === 'pae' && l === 3 ? P : this.tableFlags));
        table = t;
      } else {
        if ((e.lo & PS) !== 0 && l <= 3 && !(this.format === 'pae' && l === 3))
          throw new Error(`0x${va.toString(16)} lies under a huge page`);
        table = (e.hi & 0xfffff) * TWO32 + (e.lo & 0xfffff000);
      }
    }
  }

  /**
   * Maps `va` to `pa` with a leaf at the level for `size` (4 KiB; 2 MiB or 4 MiB with PS;
   * 1 GiB). `lo`/`hi` are the leaf's flag bits; PS is added for huge pages.
   */
  map(va: bigint, pa: number, size: number, lo = P | RW, hi = 0): number {
    const level = size === 4096 ? 1 : size === 0x40000000 ? 3 : 2;
    const addr = this.entryAddr(va, level);
    const frameLo = pa % TWO32;
    const frameHi = Math.floor(pa / TWO32);
    this.setEntry(addr, (frameLo | lo | (level > 1 ? PS : 0)) >>> 0, (frameHi | hi) >>> 0);
    return addr;
  }

  /**
   * Maps [va, va + count * 4 KiB) to consecutive frames from `pa`, writing PT entries in
   * bulk: the benchmark maps a million pages with it. Tables are created once per PT.
   */
  mapRun(va: bigint, pa: number, count: number, lo = P | RW, hi = 0): void {
    const view = this.mem.view;
    const perTable = this.format === 'legacy32' ? 1024 : 512;
    const first = this.index(va, 1);
    let addr = -1;
    for (let i = 0; i < count; i++) {
      // BigInt only once a table: the benchmark maps a million pages through here.
      if (addr < 0 || (first + i) % perTable === 0)
        addr = this.entryAddr(va + BigInt(i) * 4096n, 1);
      else addr += this.entrySize;
      const a = pa + i * 4096;
      view.setUint32(addr, ((a % TWO32) | lo) >>> 0, true);
      if (this.entrySize === 8) view.setUint32(addr + 4, (Math.floor(a / TWO32) | hi) >>> 0, true);
    }
  }
}
