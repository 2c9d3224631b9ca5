import type { ElfSymbol } from '../boot/index.ts';

/**
 * Names addresses with the kernel's symbols: `kmain+0x1a`. Built once per boot; lookups are a
 * binary search, so the status line can name RIP ten times a second.
 */
export class SymbolIndex {
  private readonly starts: bigint[];
  private readonly syms: ElfSymbol[];

  constructor(symbols: readonly ElfSymbol[]) {
    this.syms = symbols
      .filter((s) => (s.type === 'func' || s.type === 'notype' || s.type === 'object') && s.name)
      .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    this.starts = this.syms.map((s) => s.value);
  }

  /** The symbol holding `addr` (inside its size, or the nearest before it when sizeless). */
  name(addr: bigint): string {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= addr) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return '';
    const s = this.syms[found];
    const off = addr - s.value;
    if (s.size > 0n ? off >= s.size : off > 0x10000n) return '';
    return off === 0n ? s.name : `${s.name}+0x${off.toString(16)}`;
  }
}
