import { describe, expect, it } from 'vitest';
import { runBytes } from '../run-bytes.ts';

/** A small deterministic generator (xorshift32), so a failure names a reproducible case. */
function generator(seed: number) {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

describe('random byte streams', () => {
  for (const mode of [64, 32] as const)
    for (const cpl of [0, 3] as const)
      it(`never raise a host exception in ${mode}-bit mode at CPL ${cpl}`, () => {
        const next = generator(mode * 31 + cpl + 7);
        let guestExceptions = 0;
        for (let n = 0; n < 1500; n++) {
          const code = new Uint8Array(1 + (next() % 24));
          for (let k = 0; k < code.length; k++) code[k] = next() & 0xff;
          const gpr = Array.from({ length: 16 }, () => BigInt(next()) * 0x100000001n);
          gpr[4] = 0x201000n; // a stack inside the data window
          let r;
          try {
            r = runBytes({ mode, code, state: { gpr, rflags: 2n }, maxInstructions: 64, cpl });
          } catch (e) {
            throw new Error(`case ${n} (${Buffer.from(code).toString('hex')}): ${String(e)}`, {
              cause: e,
            });
          }
          if (r.exception) guestExceptions++;
        }
        // Random code mostly faults: the guest saw exceptions, the host none.
        expect(guestExceptions).toBeGreaterThan(50);
      });
});
