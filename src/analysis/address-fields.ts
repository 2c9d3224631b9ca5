import { PagingMode } from '../core/mmu/paging-bits.ts';
import { indexBits, levelName } from './entry-decode.ts';
import type { LevelName } from './entry-decode.ts';

/** One field of a linear address as the UI draws it: bits [hi:lo] and their value. */
export interface AddressField {
  name: 'sign extension' | LevelName | 'offset';
  hi: number;
  lo: number;
  value: bigint;
}

/**
 * How the paging mode splits a linear address, most significant field first:
 * sign extension | PML4 | PDPT | PD | PT | offset in 4-level paging, with PML5 in 5-level,
 * PDPTE | PD | PT | offset in PAE, PD | PT | offset in 32-bit paging. A huge page widens the
 * offset; `pageSize` (when known) merges the fields it covers into the offset.
 */
export function addressFields(mode: PagingMode, va: bigint, pageSize = 4096): AddressField[] {
  const bits = (hi: number, lo: number) => (va >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n);
  const fields: AddressField[] = [];
  if (mode === PagingMode.Off) return [{ name: 'offset', hi: 31, lo: 0, value: bits(31, 0) }];
  const top =
    mode === PagingMode.Level5
      ? 5
      : mode === PagingMode.Level4
        ? 4
        : mode === PagingMode.Pae
          ? 3
          : 2;
  if (mode === PagingMode.Level4 || mode === PagingMode.Level5) {
    const lo = top === 5 ? 57 : 48;
    fields.push({ name: 'sign extension', hi: 63, lo, value: bits(63, lo) });
  }
  const offsetBits = Math.log2(pageSize);
  for (let level = top; level >= 1; level--) {
    const [hi, lo] = indexBits(mode, level);
    if (lo >= offsetBits)
      fields.push({ name: levelName(mode, level), hi, lo, value: bits(hi, lo) });
  }
  fields.push({ name: 'offset', hi: offsetBits - 1, lo: 0, value: bits(offsetBits - 1, 0) });
  return fields;
}
