import type { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import { PagingMode, pagingMode } from '../../core/mmu/paging-bits.ts';
import type { PagingState } from '../paging-state.ts';
import { translate } from '../translate.ts';
import type { Translation } from '../translate.ts';
import type { PhysicalReads } from './physical-reads.ts';

/**
 * Reads guest memory by linear address through one address space, read-only: pages are
 * translated without side effects (translate.ts) and bytes come from RAM only, never from a
 * device. Remembers each page's translation, so reading a whole IDT costs one walk a page.
 * Given a PhysicalReads, notes there every paging entry and byte its answers came from.
 */
export class VirtualReader {
  private readonly pages = new Map<bigint, number>();

  constructor(
    private readonly state: PagingState,
    private readonly mem: PhysicalMemory,
    private readonly reads: PhysicalReads | null = null,
  ) {}

  /** Whether the address translates for this access (supervisor unless `cpl` is 3). */
  maps(va: bigint, access: 'read' | 'write' | 'fetch', cpl: 0 | 3 = 0): boolean {
    return this.translate(va, access, cpl).ok;
  }

  private translate(va: bigint, access: 'read' | 'write' | 'fetch', cpl: 0 | 3): Translation {
    const t = translate(this.state, this.mem, va, { access, cpl });
    const s = this.state;
    const size = pagingMode(s.cr0, s.cr4, s.efer) === PagingMode.Legacy32 ? 4 : 8;
    for (const step of t.steps) this.reads?.note(Number(step.entryAddress), size);
    return t;
  }

  /** `n` bytes from `va` as a little-endian unsigned BigInt, or null if one is not in RAM. */
  read(va: bigint, n: number): bigint | null {
    let v = 0n;
    for (let k = n - 1; k >= 0; k--) {
      const b = this.byte(BigInt.asUintN(64, va + BigInt(k)));
      if (b < 0) return null;
      v = (v << 8n) | BigInt(b);
    }
    return v;
  }

  private byte(va: bigint): number {
    const page = va & ~0xfffn;
    let phys = this.pages.get(page);
    if (phys === undefined) {
      const t = this.translate(page, 'read', 0);
      phys = t.ok ? Number(t.physical) : -1;
      this.pages.set(page, phys);
    }
    if (phys < 0) return -1;
    const p = phys + Number(va & 0xfffn);
    this.reads?.note(p, 1);
    const at = this.mem.offsetOf(p);
    return at < 0 ? -1 : this.mem.ram[at];
  }
}
