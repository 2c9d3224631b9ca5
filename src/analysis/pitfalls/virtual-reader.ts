import type { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import type { PagingState } from '../paging-state.ts';
import { translate } from '../translate.ts';

/**
 * Reads guest memory by linear address through one address space, read-only: pages are
 * translated without side effects (translate.ts) and bytes come from RAM only, never from a
 * device. Remembers each page's translation, so reading a whole IDT costs one walk a page.
 */
export class VirtualReader {
  private readonly pages = new Map<bigint, number>();

  constructor(
    private readonly state: PagingState,
    private readonly mem: PhysicalMemory,
  ) {}

  /** Whether the address translates for this access (supervisor unless `cpl` is 3). */
  maps(va: bigint, access: 'read' | 'write' | 'fetch', cpl: 0 | 3 = 0): boolean {
    return translate(this.state, this.mem, va, { access, cpl }).ok;
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
      const t = translate(this.state, this.mem, page, { access: 'read', cpl: 0 });
      phys = t.ok ? Number(t.physical) : -1;
      this.pages.set(page, phys);
    }
    if (phys < 0) return -1;
    const p = phys + Number(va & 0xfffn);
    const at = this.mem.offsetOf(p);
    return at < 0 ? -1 : this.mem.ram[at];
  }
}
