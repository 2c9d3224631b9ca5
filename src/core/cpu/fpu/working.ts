/**
 * The soft-float's working register: a sign, an unbiased exponent and a 96-bit significand in
 * three 32-bit words, value = (w2:w1:w0) / 2^95 * 2^exp. Results of add, multiply, divide,
 * square root and conversions are built here exactly (bits shifted out below w0 are OR'ed into
 * its lowest bit, the sticky bit), then rounded once by round.ts. 96 bits leave at least 32
 * bits below the widest format (64-bit x87 significands), enough for guard and sticky.
 *
 * Everything is int32 in typed arrays: no BigInt, nothing allocated.
 */
export const W = new Int32Array(5);
export const W_SIGN = 0;
export const W_EXP = 1;
/** The significand's words, most significant first. */
export const W2 = 2;
export const W1 = 3;
export const W0 = 4;

/** Bit k (0 = lowest of w0) of the significand; 0 beyond bit 95. */
export function bitAt(k: number): number {
  if (k > 95 || k < 0) return 0;
  return (W[W0 - (k >> 5)] >>> (k & 31)) & 1;
}

/** Whether any significand bit below k is set. */
export function anyBelow(k: number): boolean {
  if (k <= 0) return false;
  if (k >= 96) return (W[W2] | W[W1] | W[W0]) !== 0;
  const word = k >> 5;
  const bit = k & 31;
  if (bit !== 0 && (W[W0 - word] & ((1 << bit) - 1)) !== 0) return true;
  for (let n = 0; n < word; n++) if (W[W0 - n] !== 0) return true;
  return false;
}

/** Clears every significand bit below k. */
export function clearBelow(k: number): void {
  if (k >= 96) {
    W[W2] = 0;
    W[W1] = 0;
    W[W0] = 0;
    return;
  }
  const word = k >> 5;
  for (let n = 0; n < word; n++) W[W0 - n] = 0;
  const bit = k & 31;
  if (bit !== 0) W[W0 - word] &= ~((1 << bit) - 1);
}

/** Adds 2^k (k <= 95) to the significand; true when it carries out of bit 95. */
export function addAt(k: number): boolean {
  let word = k >> 5;
  let carry = 2 ** (k & 31);
  while (word < 3 && carry !== 0) {
    const sum = (W[W0 - word] >>> 0) + carry;
    W[W0 - word] = sum | 0;
    carry = sum >= 0x1_0000_0000 ? 1 : 0;
    word++;
  }
  return carry !== 0;
}

/** Shifts the significand right by n, OR-ing what falls off into bit 0 (sticky). */
export function shiftRightJam(n: number): void {
  if (n <= 0) return;
  const sticky = anyBelow(n) ? 1 : 0;
  if (n >= 96) {
    W[W2] = 0;
    W[W1] = 0;
    W[W0] = sticky;
    return;
  }
  const words = n >> 5;
  const bits = n & 31;
  for (let k = 0; k < 3; k++) {
    const from = k + words;
    const lowWord = from < 3 ? W[W0 - from] >>> 0 : 0;
    const highWord = from + 1 < 3 ? W[W0 - from - 1] >>> 0 : 0;
    W[W0 - k] = bits === 0 ? lowWord : (lowWord >>> bits) | (highWord << (32 - bits));
  }
  W[W0] |= sticky;
}

/** Shifts left until bit 95 is set, lowering the exponent; false if the significand is zero. */
export function normalize(): boolean {
  if ((W[W2] | W[W1] | W[W0]) === 0) return false;
  while (W[W2] === 0) {
    W[W2] = W[W1];
    W[W1] = W[W0];
    W[W0] = 0;
    W[W_EXP] -= 32;
  }
  const s = Math.clz32(W[W2]);
  if (s !== 0) {
    W[W2] = (W[W2] << s) | (W[W1] >>> (32 - s));
    W[W1] = (W[W1] << s) | (W[W0] >>> (32 - s));
    W[W0] <<= s;
    W[W_EXP] -= s;
  }
  return true;
}

/** Loads sign, exponent and a 64-bit significand (hi:lo) with w0 = 0. */
export function load(sign: number, exp: number, hi: number, lo: number): void {
  W[W_SIGN] = sign;
  W[W_EXP] = exp;
  W[W2] = hi;
  W[W1] = lo;
  W[W0] = 0;
}
