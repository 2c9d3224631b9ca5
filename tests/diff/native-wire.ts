// The byte format between native.ts and native/harness.c (described at the top of harness.c).
import { CASE_FLAGS } from './case.ts';
import type { DiffCase, Outcome, Patch } from './case.ts';

const NO_VECTOR = 0xff;
/** Linux reports an error code of 0 for every exception; only these vectors push one. */
const PUSHES_ERROR_CODE = new Set([8, 10, 11, 12, 13, 14, 17, 21]);
const CASE_HEADER = 8 + 17 * 8;

export function encodeBatch(cases: readonly DiffCase[]): Buffer {
  let size = 8;
  for (const c of cases) {
    size += CASE_HEADER + c.code.length;
    for (const p of c.patches) size += 4 + p.bytes.length;
  }
  const buf = Buffer.alloc(size);
  buf.write('PSD1', 0, 'latin1');
  buf.writeUInt32LE(cases.length, 4);
  let at = 8;
  for (const c of cases) {
    at = buf.writeUInt16LE(c.code.length, at);
    at = buf.writeUInt16LE(c.patches.length, at);
    at = buf.writeUInt32LE(c.fillSeed >>> 0, at);
    for (const v of c.gpr) at = buf.writeBigUInt64LE(v, at);
    at = buf.writeBigUInt64LE(c.rflags & CASE_FLAGS, at);
    buf.set(c.code, at);
    at += c.code.length;
    for (const p of c.patches) {
      at = buf.writeUInt16LE(p.offset, at);
      at = buf.writeUInt16LE(p.bytes.length, at);
      buf.set(p.bytes, at);
      at += p.bytes.length;
    }
  }
  return buf;
}

export function decodeResults(buf: Buffer, expected: number): Outcome[] {
  if (buf.toString('latin1', 0, 4) !== 'PSR1') throw new Error('harness output has a bad magic');
  const count = buf.readUInt32LE(4);
  if (count !== expected) throw new Error(`harness returned ${count} results for ${expected}`);
  const results: Outcome[] = [];
  let at = 8;
  for (let i = 0; i < count; i++) {
    const vector = buf[at]!;
    const errorCode = buf.readUInt32LE(at + 4);
    at += 16;
    const gpr: bigint[] = [];
    for (let r = 0; r < 16; r++, at += 8) gpr.push(buf.readBigUInt64LE(at));
    const rflags = buf.readBigUInt64LE(at);
    const rip = buf.readBigUInt64LE(at + 8);
    const runs = buf.readUInt16LE(at + 16);
    at += 18;
    const changes: Patch[] = [];
    for (let r = 0; r < runs; r++) {
      const offset = buf.readUInt16LE(at);
      const len = buf.readUInt16LE(at + 2);
      changes.push({ offset, bytes: new Uint8Array(buf.subarray(at + 4, at + 4 + len)) });
      at += 4 + len;
    }
    const faulted = vector !== NO_VECTOR;
    results.push({
      vector: faulted ? vector : null,
      errorCode: PUSHES_ERROR_CODE.has(vector) ? errorCode : null,
      gpr,
      rflags,
      rip,
      changes,
    });
  }
  if (at !== buf.length) throw new Error('harness output has trailing bytes');
  return results;
}
