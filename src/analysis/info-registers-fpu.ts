import type { CpuState } from '../core/cpu/state.ts';
import { hex16, hex8 } from './hex.ts';

/**
 * The x87 and SSE part of QEMU's register dump (CPU_DUMP_FPU, which `info registers` asks
 * for): FCW/FSW/FTW/MXCSR, the eight x87 registers by physical number (R0-R7, not ST(i)),
 * and XMM registers two a line, 16 in 64-bit code and 8 otherwise. QEMU prints YMM or ZMM
 * lines instead once XCR0 enables AVX; pagescope's CPU has no AVX, so XCR0 never does.
 */
export function fpuLines(s: CpuState, wide: boolean): string[] {
  const top = (s.fsw >>> 11) & 7;
  const lines = [
    `FCW=${hex8(s.fcw).slice(4)} FSW=${hex8(s.fsw).slice(4)} [ST=${top}] ` +
      `FTW=${hex8(s.ftw).slice(6)} MXCSR=${hex8(s.mxcsr)}`,
  ];
  const r = s.x87regs;
  let line = '';
  for (let i = 0; i < 8; i++) {
    // FXSAVE order is ST(0)..ST(7); physical register i is ST((i - TOP) mod 8).
    const o = 16 * ((i - top) & 7);
    const lo = r[o] | (r[o + 1] << 8) | (r[o + 2] << 16) | (r[o + 3] << 24);
    const hi = r[o + 4] | (r[o + 5] << 8) | (r[o + 6] << 16) | (r[o + 7] << 24);
    const exp = r[o + 8] | (r[o + 9] << 8);
    line += `FPR${i}=${hex16(hi, lo)} ${hex8(exp).slice(4)}`;
    if (i & 1) {
      lines.push(line);
      line = '';
    } else line += ' ';
  }
  const x = s.xmm;
  const n = wide ? 16 : 8;
  for (let i = 0; i < n; i++) {
    const v = `XMM${String(i).padStart(2, '0')}=${hex16(x[4 * i + 3], x[4 * i + 2])} ${hex16(x[4 * i + 1], x[4 * i])}`;
    if (i & 1) lines.push(line + v);
    else line = v + ' ';
  }
  return lines;
}
