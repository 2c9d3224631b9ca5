import { decode, MAX_INSN_LEN } from '../../core/cpu/decode/decoder.ts';
import { FALLBACKS } from '../../core/cpu/opcodes.ts';
import { formatInsn } from './format-insn.ts';
import type { SymbolNamer } from './format-insn.ts';
import { opcodeMaps } from './opcode-maps.ts';

/** One line of a listing. */
export interface DisassembledLine {
  address: bigint;
  /** The instruction's bytes; empty when the first byte could not be read. */
  bytes: Uint8Array;
  mnemonic: string;
  operands: string;
  target: bigint | null;
  comment: string;
  /** The symbol the instruction starts at, when one starts there. */
  label: string;
  /** Set when the bytes could not be read (an unmapped page): why, in words. */
  unreadable?: string;
}

/** Reads up to `length` bytes at a virtual address; fewer when a page is not readable. */
export type ByteSource = (address: bigint, length: number) => Uint8Array;

/**
 * Decodes `count` instructions from `address` with pagescope's decoder (the one the CPU runs)
 * and formats each in Intel syntax. Stops at an address whose bytes cannot be read, with a
 * line saying so. The listing starts where asked: x86 cannot be decoded backwards reliably,
 * so a caller that wants context before an address starts earlier (at a symbol) and passes
 * that address as `stopAt`: the listing ends before the first instruction at or past it.
 */
export function disassemble(
  read: ByteSource,
  address: bigint,
  count: number,
  mode: 16 | 32 | 64,
  name: SymbolNamer,
  unreadable: (address: bigint) => string,
  stopAt?: bigint,
): DisassembledLine[] {
  const out: DisassembledLine[] = [];
  let at = BigInt.asUintN(64, address);
  for (let n = 0; n < count && (stopAt === undefined || at < stopAt); n++) {
    const buf = read(at, MAX_INSN_LEN);
    const i = buf.length > 0 ? decode(opcodeMaps(), FALLBACKS, mode, buf, 0, buf.length) : null;
    const label = name(at);
    if (!i) {
      out.push({
        address: at,
        bytes: buf,
        mnemonic: '',
        operands: '',
        target: null,
        comment: '',
        label: label.includes('+') ? '' : label,
        unreadable: unreadable(BigInt.asUintN(64, at + BigInt(buf.length))),
      });
      break;
    }
    const f = formatInsn(i, at, mode, name);
    out.push({
      address: at,
      bytes: buf.slice(0, i.len),
      ...f,
      label: label.includes('+') ? '' : label,
    });
    at = BigInt.asUintN(64, at + BigInt(i.len));
  }
  return out;
}
