import { fail } from './errors.ts';
import type { BootErrorCode } from './errors.ts';

/**
 * Little-endian reads over an untrusted image. Every read is bounds-checked and a read past
 * the end fails with the code the caller chose (a truncated ELF header, a damaged ISO...),
 * so parsers never index outside the file and never throw anything but a coded error.
 */
export class ByteReader {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    private readonly truncated: BootErrorCode,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Whether [offset, offset + size) lies inside the data (false for negative or NaN). */
  has(offset: number, size: number): boolean {
    return offset >= 0 && size >= 0 && offset + size <= this.bytes.length;
  }

  private check(offset: number, size: number): void {
    if (!this.has(offset, size)) fail(this.truncated, `${size} bytes wanted at offset ${offset}`);
  }

  u8(offset: number): number {
    this.check(offset, 1);
    return this.bytes[offset];
  }

  u16(offset: number): number {
    this.check(offset, 2);
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    this.check(offset, 4);
    return this.view.getUint32(offset, true);
  }

  u64(offset: number): bigint {
    this.check(offset, 8);
    return this.view.getBigUint64(offset, true);
  }

  slice(offset: number, size: number): Uint8Array {
    this.check(offset, size);
    return this.bytes.subarray(offset, offset + size);
  }

  /** A NUL-terminated string starting at offset, at most `max` bytes, as Latin-1. */
  cstring(offset: number, max = 4096): string {
    this.check(offset, 0);
    const end = Math.min(this.bytes.length, offset + max);
    let s = '';
    for (let i = offset; i < end && this.bytes[i] !== 0; i++)
      s += String.fromCharCode(this.bytes[i]);
    return s;
  }
}

/** Little-endian writes into a structure being built (boot info, responses, page tables). */
export class ByteWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  u8(offset: number, v: number): void {
    this.bytes[offset] = v;
  }

  u16(offset: number, v: number): void {
    this.view.setUint16(offset, v, true);
  }

  u32(offset: number, v: number): void {
    this.view.setUint32(offset, v >>> 0, true);
  }

  u64(offset: number, v: bigint | number): void {
    this.view.setBigUint64(offset, BigInt.asUintN(64, BigInt(v)), true);
  }

  put(offset: number, data: Uint8Array): void {
    this.bytes.set(data, offset);
  }

  /** Writes s as ASCII with a terminating NUL; returns the bytes used. */
  cstring(offset: number, s: string): number {
    const data = asciiz(s);
    this.bytes.set(data, offset);
    return data.length;
  }
}

/** A string as NUL-terminated bytes (characters above 0xff become '?'). */
export function asciiz(s: string): Uint8Array {
  const out = new Uint8Array(s.length + 1);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = c < 256 ? c : 0x3f;
  }
  return out;
}

export function alignUp(v: number, a: number): number {
  return Math.ceil(v / a) * a;
}

export function alignDown(v: number, a: number): number {
  return Math.floor(v / a) * a;
}

export function alignUpBig(v: bigint, a: bigint): bigint {
  return ((v + a - 1n) / a) * a;
}

export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;
export const PAGE = 4096;
