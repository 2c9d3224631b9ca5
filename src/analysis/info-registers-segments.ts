import { hex16, hex8 } from './hex.ts';

/** Descriptor attribute bits as they sit in the high dword, as QEMU keeps them. */
const A = 1 << 8;
const RW = 1 << 9; // R for code, W for data
const CE = 1 << 10; // C (conforming) for code, E (expand-down) for data
const CODE = 1 << 11;
const S = 1 << 12;
const P = 1 << 15;
const L = 1 << 21;
const B = 1 << 22;
const G = 1 << 23;

const SYS32 = [
  'Reserved', 'TSS16-avl', 'LDT', 'TSS16-busy', 'CallGate16', 'TaskGate', 'IntGate16',
  'TrapGate16', 'Reserved', 'TSS32-avl', 'Reserved', 'TSS32-busy', 'CallGate32', 'Reserved',
  'IntGate32', 'TrapGate32',
]; // prettier-ignore
const SYS64 = [
  '<hiword>', 'Reserved', 'LDT', 'Reserved', 'Reserved', 'Reserved', 'Reserved', 'Reserved',
  'Reserved', 'TSS64-avl', 'Reserved', 'TSS64-busy', 'CallGate64', 'Reserved', 'IntGate64',
  'TrapGate64',
]; // prettier-ignore

export interface SegmentView {
  selector: number;
  baseLo: number;
  baseHi: number;
  limit: number;
  attr: number;
}

/**
 * One segment-cache line of QEMU's `info registers` (cpu-dump.c): name, selector, base,
 * limit and the attribute bits (flags & 0x00ffff00); then, in protected mode for a present
 * segment, its DPL and type: `CS64 [-R-]`, `DS   [-WA]`, `DS16 [-W-]`, `TSS64-busy`, `LDT`.
 * `wide` is QEMU's HF_CS64 (64-bit code), `lma` its HF_LMA, `pe` CR0.PE.
 */
export function segmentLine(
  name: string,
  s: SegmentView,
  wide: boolean,
  lma: boolean,
  pe: boolean,
): string {
  const attr = (s.attr & 0x00f0ff00) | limitBits(s.limit, s.attr);
  const line =
    name.padEnd(3) +
    '=' +
    hex8(s.selector).slice(4) +
    ' ' +
    (wide ? hex16(s.baseHi, s.baseLo) : hex8(s.baseLo)) +
    ' ' +
    hex8(s.limit) +
    ' ' +
    hex8(attr);
  if (!pe || (attr & P) === 0) return line;
  return line + ` DPL=${(attr >>> 13) & 3} ` + attributeName(attr, lma);
}

/**
 * Descriptor bits 16-19, the limit's bits 19-16, which QEMU keeps with the attributes and
 * prints; the core keeps the scaled limit instead, from which they come back (G: 4 KiB units).
 */
function limitBits(limit: number, attr: number): number {
  const raw = attr & G ? limit >>> 12 : limit;
  return raw & 0xf0000;
}

/**
 * A present descriptor's kind as QEMU names it from the attribute bits (the high dword, bits
 * 8-23): `CS64 [-R-]`, `DS   [-WA]`, `DS16 [-W-]`, `TSS64-busy`, `LDT`. `lma`: long mode.
 */
export function attributeName(attr: number, lma: boolean): string {
  if (attr & S) {
    let name: string;
    if (attr & CODE) {
      name = attr & L ? 'CS64' : attr & B ? 'CS32' : 'CS16';
      name += ' [' + (attr & CE ? 'C' : '-') + (attr & RW ? 'R' : '-');
    } else {
      name = attr & B || lma ? 'DS  ' : 'DS16';
      name += ' [' + (attr & CE ? 'E' : '-') + (attr & RW ? 'W' : '-');
    }
    return name + (attr & A ? 'A' : '-') + ']';
  }
  return (lma ? SYS64 : SYS32)[(attr >>> 8) & 15];
}
