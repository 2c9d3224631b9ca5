import { alignUpBig, PAGE } from './bytes.ts';
import { fail, hex } from './errors.ts';
import { ET_DYN, PT_DYNAMIC } from './elf.ts';
import type { ElfImage, ElfSegment } from './elf.ts';

/** Limine loads executables at or above this address (the top 2 GiB, -mcmodel=kernel). */
export const HIGHER_HALF_BASE = 0xffffffff80000000n;

/** A range Limine maps for a segment: the segment widened to its p_align, with its rights. */
export interface MappedRange {
  base: bigint;
  length: bigint;
  /** p_flags & 7: PF_X, PF_W, PF_R. */
  flags: number;
}

/** An ELF64 executable prepared the way Limine's elf64_load does, before any memory is chosen. */
export interface LimineKernel {
  /** The file-backed part of the image from the lowest virtual address (BSS past it is zero). */
  image: Uint8Array;
  /** The image's span in memory, lowest to highest virtual address (BSS included). */
  size: number;
  virtualBase: bigint;
  /** What a position-independent kernel was moved by (0 for one linked in the higher half). */
  slide: bigint;
  /** Physical alignment: the largest p_align, at least a page. */
  align: number;
  entry: bigint;
  ranges: MappedRange[];
  /** The loaded segments (after any slide), for the UI and for zeroing BSS. */
  segments: { index: number; vaddr: bigint; filesz: number; memsz: number }[];
}

const R_X86_64_RELATIVE = 8n;
const DT_NULL = 0n;
const DT_RELA = 7n;
const DT_RELASZ = 8n;
const DT_RELAENT = 9n;

export function prepareLimineKernel(
  file: Uint8Array,
  elf: ElfImage,
  ramSize: number,
): LimineKernel {
  if (elf.class !== 64) fail('BOOT_LIMINE_NEEDS_ELF64', 'the kernel is a 32-bit ELF file');
  const loads = elf.loads;
  if (loads.length === 0)
    fail('BOOT_NO_SEGMENTS', 'there is no PT_LOAD segment with a non-zero size');
  const relocatable = elf.type === ET_DYN;
  const lower = loads.filter((s) => s.vaddr < HIGHER_HALF_BASE);
  if (lower.length > 0 && !relocatable) {
    fail('BOOT_LIMINE_LOWER_HALF', `segment ${lower[0].index} is at ${hex(lower[0].vaddr)}`);
  }
  if (lower.length > 0 && lower.length < loads.length) {
    fail('BOOT_LIMINE_LOWER_HALF', 'the relocatable kernel mixes lower- and higher-half segments');
  }
  checkOverlaps(loads);
  const minVaddr = loads.reduce((m, s) => (s.vaddr < m ? s.vaddr : m), loads[0].vaddr);
  const maxVaddr = loads.reduce((m, s) => (s.vaddr + s.memsz > m ? s.vaddr + s.memsz : m), 0n);
  // A lower-half position-independent kernel slides up to the higher half (Limine without KASLR).
  const slide = lower.length > 0 ? HIGHER_HALF_BASE - minVaddr : 0n;
  const span = maxVaddr - minVaddr;
  if (span > BigInt(ramSize))
    fail('BOOT_TOO_LARGE', `the kernel spans ${hex(span)} bytes, more than the RAM`);
  const size = Number(span);
  const fileEnd = loads.reduce((m, s) => Math.max(m, Number(s.vaddr - minVaddr) + s.filesz), 0);
  const image = new Uint8Array(fileEnd);
  for (const s of loads)
    image.set(file.subarray(s.offset, s.offset + s.filesz), Number(s.vaddr - minVaddr));
  if (relocatable) relocate(file, elf, image, minVaddr, slide);

  const maxAlign = loads.reduce((m, s) => (s.align > m ? s.align : m), 0n);
  const align = Number(
    maxAlign > BigInt(PAGE) && maxAlign <= BigInt(ramSize) ? maxAlign : BigInt(PAGE),
  );
  const ranges = loads.map((s) => {
    const a = s.align > 0n ? s.align : 1n;
    const base = ((s.vaddr + slide) / a) * a;
    return { base, length: alignUpBig(s.vaddr + slide + s.memsz - base, a), flags: s.flags & 7 };
  });
  return {
    image,
    size,
    virtualBase: minVaddr + slide,
    slide,
    align,
    entry: elf.entry + slide,
    ranges,
    segments: loads.map((s) => ({
      index: s.index,
      vaddr: s.vaddr + slide,
      filesz: s.filesz,
      memsz: Number(s.memsz),
    })),
  };
}

/** Limine refuses overlapping segments and differently-protected segments sharing a page. */
function checkOverlaps(loads: ElfSegment[]): void {
  const page = BigInt(PAGE);
  for (const a of loads) {
    for (const b of loads) {
      if (a === b) continue;
      if (a.vaddr < b.vaddr + b.memsz && b.vaddr < a.vaddr + a.memsz) {
        fail('BOOT_LIMINE_OVERLAP', `segments ${a.index} and ${b.index} overlap`);
      }
      const aLo = a.vaddr / page;
      const aHi = alignUpBig(a.vaddr + a.memsz, page) / page;
      const bLo = b.vaddr / page;
      const bHi = alignUpBig(b.vaddr + b.memsz, page) / page;
      if (aLo < bHi && bLo < aHi && (a.flags & 7) !== (b.flags & 7)) {
        fail(
          'BOOT_LIMINE_OVERLAP',
          `segments ${a.index} and ${b.index} share a page with different permissions`,
        );
      }
    }
  }
}

/** Applies R_X86_64_RELATIVE relocations from the dynamic section: *where = slide + addend. */
function relocate(
  file: Uint8Array,
  elf: ElfImage,
  image: Uint8Array,
  minVaddr: bigint,
  slide: bigint,
): void {
  const dyn = elf.segments.find((s) => s.type === PT_DYNAMIC && s.filesz > 0);
  if (!dyn) return;
  const fv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tags = new Map<bigint, bigint>();
  for (let at = dyn.offset; at + 16 <= dyn.offset + dyn.filesz; at += 16) {
    const tag = fv.getBigUint64(at, true);
    if (tag === DT_NULL) break;
    tags.set(tag, fv.getBigUint64(at + 8, true));
  }
  const rela = tags.get(DT_RELA);
  if (rela === undefined) return;
  const total = Number(tags.get(DT_RELASZ) ?? 0n);
  const entsize = Number(tags.get(DT_RELAENT) ?? 24n);
  const iv = new DataView(image.buffer);
  const relaOff = Number(rela - minVaddr);
  if (entsize < 24 || relaOff < 0 || relaOff + total > image.length) {
    fail(
      'BOOT_LIMINE_RELOCATION',
      `the relocation table at ${hex(rela)} is not in the loaded image`,
    );
  }
  for (let at = relaOff; at + 24 <= relaOff + total; at += entsize) {
    const where = iv.getBigUint64(at, true) - minVaddr;
    const type = iv.getBigUint64(at + 8, true) & 0xffffffffn;
    const addend = iv.getBigInt64(at + 16, true);
    if (type !== R_X86_64_RELATIVE)
      fail('BOOT_LIMINE_RELOCATION', `relocation type ${type} at ${hex(where + minVaddr)}`);
    if (where < 0n || where + 8n > BigInt(image.length)) {
      fail(
        'BOOT_LIMINE_RELOCATION',
        `a relocation patches ${hex(where + minVaddr)}, outside the image's file data`,
      );
    }
    iv.setBigUint64(Number(where), BigInt.asUintN(64, slide + addend), true);
  }
}
