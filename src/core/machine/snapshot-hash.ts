import type { MachineSnapshot } from './snapshot.ts';
import { GROUP_PAGES, PAGE_SIZE } from './snapshot-ram.ts';
import type { RamPage } from './snapshot-ram.ts';

/**
 * A 64-bit hash of a whole machine state, RAM included, to compare two runs: fast and
 * deterministic, not cryptographic. Two 32-bit multiply-xor lanes over 32-bit words.
 * RAM pages are hashed once each and remembered by identity: snapshots share unchanged
 * pages, so hashing a series of them reads each page once. The result depends only on
 * the state, not on how an image shares pages.
 */
export class Hasher {
  private a = 0x811c9dc5 | 0;
  private b = 0x9747b28c | 0;
  private readonly f64 = new Float64Array(1);
  private readonly f64Words = new Int32Array(this.f64.buffer);

  word(w: number): void {
    this.a = Math.imul(this.a ^ w, 0x01000193);
    this.b = Math.imul((this.b << 5) | (this.b >>> 27), 0x5bd1e995) ^ w;
  }

  number(n: number): void {
    this.f64[0] = n;
    this.word(this.f64Words[0]);
    this.word(this.f64Words[1]);
  }

  string(s: string): void {
    this.word(s.length);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
  }

  bytes(v: ArrayBufferView): void {
    this.word(v.byteLength);
    const u8 = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    const whole = v.byteOffset % 4 === 0 ? v.byteLength >> 2 : 0;
    const words = new Int32Array(v.buffer, v.byteOffset, whole);
    for (let i = 0; i < whole; i++) this.word(words[i]);
    for (let i = whole * 4; i < u8.length; i++) this.word(u8[i]);
  }

  /** Any value of a saved state: kinds are tagged, object keys sorted. */
  value(v: unknown): void {
    if (v === null || v === undefined) this.word(v === null ? 1 : 2);
    else if (typeof v === 'boolean') this.word(v ? 4 : 5);
    else if (typeof v === 'number') {
      this.word(3);
      this.number(v);
    } else if (typeof v === 'string') {
      this.word(6);
      this.string(v);
    } else if (typeof v === 'bigint') {
      this.word(7);
      this.string(v.toString(16));
    } else if (ArrayBuffer.isView(v)) {
      this.word(8);
      this.bytes(v);
    } else if (Array.isArray(v)) {
      this.word(9);
      this.word(v.length);
      for (const x of v) this.value(x);
    } else if (typeof v === 'object') {
      const keys = Object.keys(v).sort();
      this.word(10);
      this.word(keys.length);
      for (const k of keys) {
        this.string(k);
        this.value((v as Record<string, unknown>)[k]);
      }
    } else throw new TypeError(`cannot hash a ${typeof v}`);
  }

  digest(): string {
    const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
    return hex(this.a) + hex(this.b);
  }
}

const pageHashes = new WeakMap<Uint8Array, string>();
const zeroPage = new Uint8Array(PAGE_SIZE);

function pageHash(page: RamPage): string {
  const bytes = page ?? zeroPage;
  let h = pageHashes.get(bytes);
  if (h === undefined) {
    const hasher = new Hasher();
    hasher.bytes(bytes);
    h = hasher.digest();
    pageHashes.set(bytes, h);
  }
  return h;
}

/** The hash of a machine snapshot (see Hasher): equal states give equal hashes. */
export function hashSnapshot(s: MachineSnapshot): string {
  const h = new Hasher();
  const { ram, ...rest } = s;
  h.value(rest);
  h.number(ram.size);
  for (let p = 0; p < ram.size / PAGE_SIZE; p++) {
    const group = ram.groups[Math.floor(p / GROUP_PAGES)];
    h.string(pageHash(group === null ? null : group[p % GROUP_PAGES]));
  }
  return h.digest();
}
