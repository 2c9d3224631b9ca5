import type { SegmentSetup } from './plan.ts';

/**
 * Segment descriptors (SDM Vol. 3, 3.4.5) for the GDTs the loaders leave behind, and the
 * segment caches that loading them fills. Descriptors are built from their fields and the
 * caches derived from the very same bytes, so the two always agree.
 */
export interface DescriptorFields {
  base: number;
  /** The 20-bit limit field. */
  limit: number;
  /** P, DPL, S, type: bits 40-47. Loaded descriptors carry the accessed bit, as the CPU sets it. */
  access: number;
  /** G, D/B, L, AVL: bits 52-55. */
  flags: number;
}

export function descriptor(d: DescriptorFields): bigint {
  const b = BigInt(d.base >>> 0);
  const l = BigInt(d.limit & 0xfffff);
  return (
    (l & 0xffffn) |
    ((b & 0xffffffn) << 16n) |
    (BigInt(d.access & 0xff) << 40n) |
    ((l >> 16n) << 48n) |
    (BigInt(d.flags & 0xf) << 52n) |
    ((b >> 24n) << 56n)
  );
}

/** What the core keeps of the high dword: type, S, DPL, P, AVL, L, D/B, G (not the limit). */
const ATTR_MASK = 0x00f0ff00;
const G = 1 << 23;

/** The segment cache after loading `selector` from a descriptor. */
export function loadSegment(selector: number, desc: bigint): SegmentSetup {
  const lo = Number(desc & 0xffffffffn);
  const hi = Number(desc >> 32n);
  const base = ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0;
  const raw = (lo & 0xffff) | (hi & 0xf0000);
  const limit = (hi & G) !== 0 ? ((raw << 12) | 0xfff) >>> 0 : raw;
  return { selector, base: BigInt(base), limit, attr: hi & ATTR_MASK };
}

export function gdtBytes(descriptors: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(descriptors.length * 8);
  const v = new DataView(out.buffer);
  descriptors.forEach((d, i) => v.setBigUint64(i * 8, d, true));
  return out;
}

/**
 * LDTR and TR as the BIOS leaves them (their reset state: selector 0, limit 0xffff, an LDT and
 * a busy TSS type), which neither Multiboot loaders nor Limine touch. QEMU shows the same.
 */
export const RESET_LDTR: SegmentSetup = { selector: 0, base: 0n, limit: 0xffff, attr: 0x8200 };
export const RESET_TR: SegmentSetup = { selector: 0, base: 0n, limit: 0xffff, attr: 0x8b00 };

/** Flat 4 GiB descriptors. */
export const CODE32 = descriptor({ base: 0, limit: 0xfffff, access: 0x9b, flags: 0xc });
export const DATA32 = descriptor({ base: 0, limit: 0xfffff, access: 0x93, flags: 0xc });
