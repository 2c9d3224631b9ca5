import type { Insn } from './decode/insn.ts';

/**
 * Instruction breakpoints for a debugger: RIP values at which Cpu.run stops before the
 * instruction runs. Cpu.run looks here once a block, and only while a set is attached
 * (Cpu.breakpoints non-null); it then runs blocks interpreted, up to the first breakpoint,
 * so a compiled loop cannot pass one. Addresses are RIP as the CPU holds it (EIP outside
 * 64-bit mode), as (lo, hi) int32 pairs.
 */
export class Breakpoints {
  private lo = new Int32Array(0);
  private hi = new Int32Array(0);
  /**
   * Guest time at which a breakpoint at RIP lets the instruction run: set when resuming from
   * a stop there, so the debugger does not stop again at once. A later return to the same
   * address (a loop, a retried fault) is at another time and stops.
   */
  resumeAt = -1;

  /** The addresses to stop at (64-bit values). */
  set(addresses: readonly bigint[]): void {
    this.lo = Int32Array.from(addresses, (a) => Number(BigInt.asIntN(32, a)));
    this.hi = Int32Array.from(addresses, (a) => Number(BigInt.asIntN(32, a >> 32n)));
  }

  get size(): number {
    return this.lo.length;
  }

  /**
   * How many of the block's first `n` instructions may run before one at a breakpoint:
   * `n` when none is among them, 0 to stop now. The block starts at (ripLo, ripHi) and
   * lies in one page, so its addresses differ from it in the low dword only.
   */
  limit(insns: readonly Insn[], n: number, ripLo: number, ripHi: number, now: number): number {
    let stop = n;
    for (let b = 0; b < this.lo.length; b++) {
      if (this.hi[b] !== ripHi) continue;
      const offset = (this.lo[b] - ripLo) | 0;
      if (offset < 0 || offset >= 4096) continue;
      for (let k = 0; k < stop; k++) {
        if (insns[k].start !== offset) continue;
        if (k > 0 || now !== this.resumeAt) stop = k;
        break;
      }
    }
    return stop;
  }
}
