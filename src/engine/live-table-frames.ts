import { buildPageTree } from '../analysis/index.ts';
import { isLeaf } from '../analysis/entry-decode.ts';
import type { Cpu } from '../core/cpu/cpu.ts';
import { CR0_PG, CR4_PSE, PagingMode, pagingMode } from '../core/mmu/paging-bits.ts';
import type { TableWrite } from '../core/watch/events.ts';
import type { PagingWatch } from '../core/watch/paging-watch.ts';

/**
 * The 4 KiB frames that hold a paging structure of the current CR3's tree, built when asked
 * and kept until the tree may have changed shape: a CR3 or paging-mode change, or a write to
 * an entry above the last level (which can link or unlink a table).
 *
 * The paging watch learns table frames from the CPU's walks, so by itself it misses stores
 * into a table no walk has read yet (a PT just linked, a part of the tree nothing touched
 * since the TLB was filled). While `watching`, every table of the live tree is handed to the
 * watch as soon as it is part of the tree, so such stores are reported too.
 */
export class LiveTableFrames {
  private frames: Set<number> | null = null;
  private watching = false;

  constructor(
    private readonly cpu: Cpu,
    private readonly watch: PagingWatch,
  ) {
    // Attached again (after a seek, or a run past the session's end), the watch knows only
    // the tables its walks read: the live tree is handed to it again.
    watch.onAttach(() => this.invalidate());
  }

  /** Whether the frame holding physical address `p` is a table of the live tree. */
  has(p: number): boolean {
    this.frames ??= this.build(null, 0);
    return this.frames.has(Math.floor(p / 4096));
  }

  /** Makes the watch report stores into every live table (or stops handing it new ones). */
  setWatching(on: boolean): void {
    if (on === this.watching) return;
    this.watching = on;
    if (on) this.frames = this.build(null, 0);
  }

  /** The tree may have another shape now (CR3 or paging mode changed, the machine moved). */
  invalidate(): void {
    this.frames = this.watching ? this.build(null, 0) : null;
  }

  /**
   * An entry above the last level is about to be written (the store has not landed yet, so
   * the tree is read again later): the tables its new value links are watched at once, so a
   * store into them before any walk is seen.
   */
  linking(e: TableWrite): void {
    this.frames = null;
    if (!this.watching || (e.after & 1n) === 0n) return;
    const c = this.cpu;
    const mode = pagingMode(c.cr0, c.cr4, c.efer);
    const lo = Number(e.after & 0xffffffffn);
    if (isLeaf(mode, e.level, lo, (c.cr4 & CR4_PSE) !== 0)) return;
    const mask = mode === PagingMode.Legacy32 ? 0xfffff000n : 0xffffffffff000n;
    this.build(Number(e.after & mask), e.level - 1);
  }

  /**
   * The frames of the tree under CR3, or of the subtree whose root table is at `root` (at
   * `depth`); handed to the watch while watching. Page tables' entries are not read.
   */
  private build(root: number | null, depth: number): Set<number> {
    const c = this.cpu;
    const out = new Set<number>();
    if ((c.cr0 & CR0_PG) === 0) return out;
    const tree = buildPageTree(
      c,
      c.mem,
      root === null
        ? { tablesOnly: true }
        : { cr3: BigInt(root), root: { depth, va: 0 }, tablesOnly: true },
    );
    for (let t = 0; t < tree.tables; t++) out.add(Math.floor(tree.tablePhys[t] / 4096));
    if (this.watching) this.watch.watchTables(tree.tablePhys, tree.tableDepth, tree.tables);
    return out;
  }
}
