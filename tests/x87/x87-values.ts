// Values for the x87 comparison: 80-bit extended encodings (special, denormal, unsupported,
// and random ones in exponent bands), and the x87 state an FXSAVE image starts from.
import { doubleBits, singleBits } from '../sse/float-values.ts';
import type { Rng } from '../sse/gen.ts';

/** Ten bytes of an extended value, written at out[at..at+9]. */
export function extendedBytes(r: Rng, out: Uint8Array, at: number): void {
  const v = new DataView(out.buffer, out.byteOffset);
  const sign = r.chance(0.5) ? 0x8000 : 0;
  let lo = r.u32();
  let hi = r.u32() | 0x80000000;
  let exp: number;
  switch (r.int(8)) {
    case 0:
      exp = r.pick([0, 0x7fff]);
      hi = r.pick([0x80000000, 0xc0000000, 0x80000001, 0x40000000, 0, hi]);
      lo = r.pick([0, 0, 1, lo]);
      break;
    case 1:
      exp = r.chance(0.5) ? 0 : 1 + r.int(0x7ffe); // denormals, unnormals (integer bit clear)
      hi &= r.chance(0.5) ? 0x7fffffff : 0xffffffff;
      break;
    case 2:
      exp = 0x3fff + r.int(128) - 64;
      lo &= r.chance(0.5) ? 0xfffff800 : 0xffffffff;
      break;
    case 3:
      exp = r.chance(0.5) ? r.int(70) : 0x7ffe - r.int(70);
      break;
    case 4:
      // Exactly integers, halves and small values: conversions and frndint.
      exp = 0x3fff + r.int(66) - 2;
      hi &= 0xffff0000;
      lo = 0;
      break;
    case 5:
      exp = 0x3fff + r.int(8) - 4;
      break;
    default:
      exp = 1 + r.int(0x7ffe);
  }
  v.setUint32(at, lo >>> 0, true);
  v.setUint32(at + 4, hi >>> 0, true);
  v.setUint16(at + 8, sign | exp, true);
}

/** Bytes of a memory operand of the given kind at out[at]. */
export function operandBytes(r: Rng, kind: string, out: Uint8Array, at: number): void {
  const v = new DataView(out.buffer, out.byteOffset);
  switch (kind) {
    case 'm32':
      v.setInt32(at, singleBits(r), true);
      return;
    case 'm64': {
      const [hi, lo] = doubleBits(r);
      v.setInt32(at, lo, true);
      v.setInt32(at + 4, hi, true);
      return;
    }
    case 'm80':
      extendedBytes(r, out, at);
      return;
    case 'bcd': {
      // Up to eighteen valid digits, few or many, and a sign.
      const digits = r.chance(0.3) ? r.int(4) : 18;
      for (let k = 0; k < 9; k++) {
        const d = (n: number) => (n < digits ? r.int(10) : 0);
        out[at + k] = d(2 * k) | (d(2 * k + 1) << 4);
      }
      out[at + 9] = r.chance(0.5) ? 0x80 : 0;
      return;
    }
    case 'i16':
      v.setInt16(
        at,
        r.chance(0.3) ? r.pick([0, 1, -1, 0x7fff, -0x8000]) : r.u32() >> (r.int(16) + 16),
        true,
      );
      return;
    case 'i32':
      v.setInt32(
        at,
        r.chance(0.3) ? r.pick([0, 1, -1, 0x7fffffff, -0x80000000]) : r.u32() >> r.int(32),
        true,
      );
      return;
    case 'i64':
      v.setInt32(at, r.u32() | 0, true);
      v.setInt32(
        at + 4,
        r.chance(0.5) ? r.u32() >> r.int(32) : r.pick([0, -1, 0x7fffffff, -0x80000000]),
        true,
      );
      return;
    default:
      throw new Error(`unknown operand kind ${kind}`);
  }
}

/** The x87 part of a starting FXSAVE image: a random FCW (every precision and rounding
 * control, mostly masked exceptions), no pending exception, a random TOP and tags, and
 * extended values in every register. */
export function x87Image(r: Rng, fx: Uint8Array): void {
  const v = new DataView(fx.buffer, fx.byteOffset);
  const masks = r.chance(0.7) ? 0x3f : r.u32() & 0x3f;
  const fcw = (r.int(4) << 8) | (r.int(4) << 10) | masks | 0x40 | (r.chance(0.5) ? 0x1000 : 0);
  const flags = r.chance(0.6) ? 0 : r.u32() & 0x3f & masks;
  const top = r.int(8);
  v.setUint16(0, fcw, true);
  v.setUint16(2, (top << 11) | flags | (r.u32() & 0x4700), true);
  fx[4] = r.chance(0.3) ? 0xff : r.chance(0.2) ? 0 : r.int(256);
  for (let n = 0; n < 8; n++) {
    fx.fill(0, 32 + 16 * n, 48 + 16 * n);
    extendedBytes(r, fx, 32 + 16 * n);
  }
  fx.fill(0, 6, 24);
}
