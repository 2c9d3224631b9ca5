import type { ElfSymbol } from '../../boot/elf-symbols.ts';

/** Sizeless symbols (assembly labels) name addresses up to this far past them. */
const SIZELESS_REACH = 0x10000n;

/**
 * Names addresses with a kernel's symbols: `kmain+0x1a`, or '' when no symbol holds the
 * address. Built once per run; a lookup is a binary search.
 */
export class SymbolNames {
  private readonly syms: ElfSymbol[];

  constructor(symbols: readonly ElfSymbol[]) {
    this.syms = symbols
      .filter(
        (s) => s.name !== '' && (s.type === 'func' || s.type === 'notype' || s.type === 'object'),
      )
      .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }

  name(addr: bigint): string {
    let lo = 0;
    let hi = this.syms.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.syms[mid].value <= addr) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return '';
    const s = this.syms[found];
    const off = addr - s.value;
    if (s.size > 0n ? off >= s.size : off > SIZELESS_REACH) return '';
    return off === 0n ? s.name : `${s.name}+0x${off.toString(16)}`;
  }
}
