import { attributeName } from '../info-registers-segments.ts';

/** One GDT or LDT slot, decoded (SDM Vol. 3, 3.4.5 and 8.2.3). */
export interface SegmentDescriptor {
  /** Slot number; the selector is index * 8 (| 4 in an LDT). */
  index: number;
  selector: number;
  /** The 8 bytes, or 16 for a long-mode system descriptor (TSS, LDT, call gate). */
  raw: bigint;
  size: 8 | 16;
  /** 'upper' is the second half of the 16-byte descriptor in the slot before. */
  kind: 'null' | 'code' | 'data' | 'system' | 'upper';
  present: boolean;
  /** The 4-bit type field. */
  type: number;
  /** QEMU's name for it: `CS64 [-R-]`, `DS   [-WA]`, `TSS64-busy`, `LDT`. */
  name: string;
  dpl: number;
  base: bigint;
  /** The limit in bytes - 1, scaled by G. */
  limit: number;
  /** G, D/B, L, AVL as they are set. */
  granularity: boolean;
  defaultBig: boolean;
  long: boolean;
  /** Descriptor attribute bits as they sit in the high dword, bits 8-23 (CpuState.segAttr). */
  attr: number;
  problems: string[];
}

const S = 1 << 12;
const CODE = 1 << 11;
const P = 1 << 15;
const L = 1 << 21;
const DB = 1 << 22;
const G = 1 << 23;

/** Long-mode system types that take 16 bytes: LDT, available and busy TSS, call gate. */
export function isWideSystem(hi: number, lma: boolean): boolean {
  const type = (hi >>> 8) & 15;
  return lma && (hi & S) === 0 && (type === 2 || type === 9 || type === 11 || type === 12);
}

/**
 * Decodes slot `index` from its 8 bytes (and, for a 16-byte long-mode system descriptor, the
 * next 8 in `upper`). `lma`: EFER.LMA, which decides both the width and the type names.
 */
export function decodeSegment(
  index: number,
  selectorBits: number,
  raw: bigint,
  lma: boolean,
  upper: bigint | null = null,
): SegmentDescriptor {
  const lo = Number(raw & 0xffffffffn);
  const hi = Number(raw >> 32n);
  const attr = hi & 0x00ffff00;
  const wide = isWideSystem(hi, lma) && upper !== null;
  let limit = (lo & 0xffff) | (hi & 0xf0000);
  if (hi & G) limit = limit * 4096 + 0xfff;
  let base = BigInt((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) & 0xffffffffn;
  if (wide) base |= (upper! & 0xffffffffn) << 32n;
  const kind = raw === 0n ? 'null' : hi & S ? (hi & CODE ? 'code' : 'data') : 'system';
  const d: SegmentDescriptor = {
    index,
    selector: index * 8 + selectorBits,
    raw: wide ? raw | (upper! << 64n) : raw,
    size: wide ? 16 : 8,
    kind,
    present: (hi & P) !== 0,
    type: (hi >>> 8) & 15,
    name: kind === 'null' ? 'null' : attributeName(attr, lma),
    dpl: (hi >>> 13) & 3,
    base,
    limit,
    granularity: (hi & G) !== 0,
    defaultBig: (hi & DB) !== 0,
    long: (hi & L) !== 0,
    attr,
    problems: [],
  };
  if (kind === 'code' && d.present && lma && d.long && d.defaultBig)
    d.problems.push('L and D are both set: loading this code segment raises #GP');
  return d;
}

/** The slot after a 16-byte descriptor: its high half, not a descriptor of its own. */
export function upperHalf(index: number, selectorBits: number, raw: bigint): SegmentDescriptor {
  return {
    index,
    selector: index * 8 + selectorBits,
    raw,
    size: 8,
    kind: 'upper',
    present: false,
    type: 0,
    name: `upper half of ${(index - 1) * 8 + selectorBits}`,
    dpl: 0,
    base: 0n,
    limit: 0,
    granularity: false,
    defaultBig: false,
    long: false,
    attr: 0,
    problems: [],
  };
}
