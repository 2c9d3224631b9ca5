import type { ElfSymbol } from '../boot/index.ts';
import { hex64 } from './format.ts';

export type ParsedAddress =
  { ok: true; va: bigint; resolvedFrom?: string } | { ok: false; error: string };

const HEX = /^(?:0x)?([0-9a-f]+)$/i;

/**
 * Reads an address as a person types it: hex with or without 0x, with `_`, `'` or spaces
 * between digit groups (0xffff_8000_0000_0000, as rust and C++ write them, or as copied from
 * gdb), or the name of a symbol in the kernel (optionally `name+0x10`).
 */
export function parseAddress(text: string, symbols: readonly ElfSymbol[]): ParsedAddress {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'Type a virtual address, e.g. 0xffffffff80000000.' };
  const plus = /^([A-Za-z_.$][\w.$]*)\s*(?:\+\s*(0x[0-9a-f]+|\d+))?$/i.exec(t);
  if (plus && !HEX.test(t.replace(/[_'\s]/g, ''))) {
    const sym = symbols.find((s) => s.name === plus[1]);
    if (!sym) return { ok: false, error: `No symbol named ${plus[1]} in the kernel.` };
    const off = plus[2] ? BigInt(plus[2]) : 0n;
    const va = BigInt.asUintN(64, sym.value + off);
    return { ok: true, va, resolvedFrom: `${t} = ${hex64(va)}` };
  }
  const m = HEX.exec(t.replace(/[_'\s]/g, ''));
  if (!m) return { ok: false, error: `"${t}" is not a hex address or a symbol name.` };
  const v = BigInt('0x' + m[1]);
  if (v >> 64n !== 0n) return { ok: false, error: `${t} does not fit in 64 bits.` };
  return { ok: true, va: v };
}
