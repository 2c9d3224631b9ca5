import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { GP, NM } from '../fault.ts';
import { addLinear, probeWrite, read32, write32, write64 } from '../../mmu/access.ts';
import { ea } from './operands.ts';
import { raise } from './raise.ts';
import { alignedEa, checkSse, CR0_EM, CR0_TS, CR4_OSFXSR } from './sse-operands.ts';
import { fcwFrom, fswFrom } from './x87.ts';

/**
 * FXSAVE/FXRSTOR and the MXCSR load and store. The image layout is the SDM's (Vol. 1,
 * 10.5.1): FCW 0, FSW 2, abridged FTW 4, FOP 6, FIP 8, FDP 16, MXCSR 24, MXCSR_MASK 28,
 * ST0-7 from 32 (16 bytes each, 10 used), XMM0-15 from 160. The 64-bit (REX.W) and 32-bit
 * layouts differ only in FIP/FCS and FDP/FDS, the last x87 instruction's and operand's
 * addresses, which pagescope does not track: both layouts hold zero there (FOP too), as the
 * host's FXSAVE does after fninit.
 */

/** The MXCSR bits that may be set: flags, masks, rounding, DAZ and FZ. (AMD hosts also allow
 * bit 17, MM, the misaligned-SSE mode, which pagescope does not implement.) */
export const MXCSR_MASK = 0x0000ffff;

/** fxrstor reads the whole image here before changing anything. */
const IMAGE = new Int32Array(128);

function checkFxsr(c: Cpu): void {
  if ((c.cr0 & (CR0_EM | CR0_TS)) !== 0)
    raise(c, NM, 0, 'fxsave/fxrstor with CR0.EM or CR0.TS set');
}

/** With CR4.OSFXSR clear the OS has not opted into SSE: MXCSR and the XMM registers are left
 * out of the image, as AMD documents (Intel leaves it to the implementation). */
function xmmCount(c: Cpu): number {
  if ((c.cr4 & CR4_OSFXSR) === 0) return 0;
  return c.mode === 64 ? 16 : 8;
}

function put64(c: Cpu, lo: number, hi: number, off: number, a: number, b: number): void {
  const p = addLinear(c, lo, hi, off);
  write64(c, p, c.tmp[1], a, b);
}

/** 0F AE /0 fxsave m512 (fxsave64 with REX.W). */
export function fxsave(c: Cpu, i: Insn): void {
  checkFxsr(c);
  const lo = alignedEa(c, i);
  const hi = c.tmp[1];
  probeWrite(c, lo, hi, 512);
  put64(c, lo, hi, 0, c.fcw | (c.fsw << 16), c.ftw & 0xff);
  put64(c, lo, hi, 8, 0, 0);
  put64(c, lo, hi, 16, 0, 0);
  const r = c.x87regs;
  for (let b = 0; b < 128; b += 16) {
    const low = r[b] | (r[b + 1] << 8) | (r[b + 2] << 16) | (r[b + 3] << 24);
    const mid = r[b + 4] | (r[b + 5] << 8) | (r[b + 6] << 16) | (r[b + 7] << 24);
    put64(c, lo, hi, 32 + b, low, mid);
    // Bytes 10-15 of each register's slot are reserved: the host writes zeros.
    put64(c, lo, hi, 40 + b, r[b + 8] | (r[b + 9] << 8), 0);
  }
  const n = xmmCount(c);
  if (n === 0) return;
  put64(c, lo, hi, 24, c.mxcsr, MXCSR_MASK);
  const x = c.xmm;
  for (let k = 0; k < n * 4; k += 2) put64(c, lo, hi, 160 + k * 4, x[k], x[k + 1]);
}

/** 0F AE /1 fxrstor m512 (fxrstor64 with REX.W). FSW.ES/B follow the loaded flags and masks:
 * a pending exception is reported by the next waiting x87 instruction, not here. */
export function fxrstor(c: Cpu, i: Insn): void {
  checkFxsr(c);
  const lo = alignedEa(c, i);
  const hi = c.tmp[1];
  const img = IMAGE;
  for (let k = 0; k < 128; k++) img[k] = read32(c, addLinear(c, lo, hi, k << 2), c.tmp[1]);
  const n = xmmCount(c);
  if (n !== 0 && (img[6] & ~MXCSR_MASK) !== 0)
    raise(c, GP, 0, 'fxrstor with reserved MXCSR bits set');
  const fcw = fcwFrom(img[0]);
  c.fcw = fcw;
  c.fsw = fswFrom(img[0] >>> 16, fcw);
  c.ftw = img[1] & 0xff;
  const r = c.x87regs;
  for (let b = 0; b < 128; b++) {
    const at = 32 + b;
    r[b] = (b & 15) < 10 ? img[at >> 2] >>> ((at & 3) << 3) : 0;
  }
  if (n === 0) return;
  c.mxcsr = img[6];
  const x = c.xmm;
  for (let k = 0; k < n * 4; k++) x[k] = img[40 + k];
}

/** 0F AE /2 ldmxcsr m32: #GP(0) for reserved bits, after the load. */
export function ldmxcsr(c: Cpu, i: Insn): void {
  checkSse(c);
  const lo = ea(c, i);
  const v = read32(c, lo, c.tmp[1]);
  if ((v & ~MXCSR_MASK) !== 0) raise(c, GP, 0, 'ldmxcsr with reserved MXCSR bits set');
  c.mxcsr = v;
}

/** 0F AE /3 stmxcsr m32. */
export function stmxcsr(c: Cpu, i: Insn): void {
  checkSse(c);
  const lo = ea(c, i);
  write32(c, lo, c.tmp[1], c.mxcsr);
}
