import { buildPageTree } from '../analysis/index.ts';
import type { Cpu } from '../core/cpu/cpu.ts';
import { CR0_PG } from '../core/mmu/paging-bits.ts';

/**
 * The 4 KiB frames that hold a paging structure of the current CR3's tree, built when asked
 * and kept until the tree may have changed shape: a CR3 or paging-mode change, or a write to
 * an entry above the last level (which can link or unlink a table).
 */
export class LiveTableFrames {
  private frames: Set<number> | null = null;

  constructor(private readonly cpu: Cpu) {}

  /** Whether the frame holding physical address `p` is a table of the live tree. */
  has(p: number): boolean {
    this.frames ??= this.build();
    return this.frames.has(Math.floor(p / 4096));
  }

  invalidate(): void {
    this.frames = null;
  }

  private build(): Set<number> {
    const c = this.cpu;
    const out = new Set<number>();
    if ((c.cr0 & CR0_PG) === 0) return out;
    const tree = buildPageTree(c, c.mem);
    for (let t = 0; t < tree.tables; t++) out.add(Math.floor(tree.tablePhys[t] / 4096));
    return out;
  }
}
