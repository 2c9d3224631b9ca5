// Runs cases natively and on the emulator and describes where the outcomes differ: fault,
// RIP, GPRs, the FXSAVE image (but MXCSR_MASK, which differs by vendor) and the data window.
import type { SseCase, SseOutcome } from './case.ts';
import { runEmulated } from './emulate.ts';
import { runNative } from './native.ts';

const FX_MASK_AT = 28;

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function firstDifference(a: Uint8Array, b: Uint8Array, skip: (k: number) => boolean): number {
  for (let k = 0; k < a.length; k++) if (!skip(k) && a[k] !== b[k]) return k;
  return -1;
}

function differences(
  emu: SseOutcome,
  host: SseOutcome,
  ignoreFx: (k: number) => boolean,
): string[] {
  const out: string[] = [];
  if (emu.vector !== host.vector || emu.errorCode !== host.errorCode)
    out.push(`fault ${emu.vector}/${emu.errorCode} vs host ${host.vector}/${host.errorCode}`);
  if (emu.rip !== host.rip) out.push(`rip ${emu.rip.toString(16)} vs ${host.rip.toString(16)}`);
  for (let n = 0; n < 16; n++)
    if (emu.gpr[n] !== host.gpr[n])
      out.push(`gpr ${n} ${emu.gpr[n]!.toString(16)} vs ${host.gpr[n]!.toString(16)}`);
  const fx = firstDifference(
    emu.fx,
    host.fx,
    (k) => (k >= FX_MASK_AT && k < FX_MASK_AT + 4) || ignoreFx(k),
  );
  if (fx >= 0) {
    const at = fx & ~15;
    out.push(
      `fx[${fx}]: ${hex(emu.fx.subarray(at, at + 16))} vs ${hex(host.fx.subarray(at, at + 16))}`,
    );
  }
  const d = firstDifference(emu.data, host.data, () => false);
  if (d >= 0) out.push(`data[0x${d.toString(16)}] ${emu.data[d]} vs ${host.data[d]}`);
  return out;
}

/** Runs the cases both ways; returns the first few mismatches, described. ignoreFx names
 * FXSAVE bytes left out of the comparison. */
export function mismatches(
  cases: SseCase[],
  labels: string[],
  ignoreFx: (k: number) => boolean = () => false,
): string[] {
  const host = runNative(cases);
  const failures: string[] = [];
  cases.forEach((k, n) => {
    const diff = differences(runEmulated(k), host[n]!, ignoreFx);
    if (diff.length > 0) failures.push(`${labels[n]} [${hex(k.code)}]: ${diff.join('; ')}`);
  });
  return failures.slice(0, 12);
}
