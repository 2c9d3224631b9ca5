// Runs an SSE/x87 case on the emulator: a bare 64-bit CPU whose XMM, x87 and MXCSR state is
// set from the case's FXSAVE image directly (not through fxrstor, which is under test), and
// read back into the same layout afterwards.
import { createBareCpu } from '../../src/core/cpu/bare-cpu.ts';
import type { Cpu } from '../../src/core/cpu/cpu.ts';
import type { GuestFault } from '../../src/core/cpu/fault.ts';
import { CODE_BASE, DATA_BASE, DATA_SIZE, FX_SIZE } from './case.ts';
import type { SseCase, SseOutcome } from './case.ts';

/** Enough for the code page and the data window. */
const RAM_SIZE = 4 << 20;
const HLT = 0xf4;
const MAX_INSTRUCTIONS = 1000;

export interface EmulatorSetup {
  /** CR0 and CR4 to run with; the bare CPU's own when absent. */
  cr0?: number;
  cr4?: number;
}

export function runEmulated(k: SseCase, setup: EmulatorSetup = {}): SseOutcome {
  let fault: { vector: number; errorCode: number } | null = null;
  const cpu = createBareCpu(64, RAM_SIZE, {
    exception(c: Cpu, f: GuestFault) {
      fault = { vector: f.vector, errorCode: f.hasErrorCode ? f.errorCode : 0 };
      c.stopRequested = true;
    },
  });
  if (setup.cr0 !== undefined) cpu.cr0 = setup.cr0;
  if (setup.cr4 !== undefined) cpu.cr4 = setup.cr4;
  const ram = cpu.mem.ram;
  ram.set(k.code, CODE_BASE);
  ram[CODE_BASE + k.code.length] = HLT;
  ram.set(k.data, DATA_BASE);
  k.gpr.forEach((v, n) => {
    cpu.gpr[2 * n] = Number(v & 0xffffffffn) | 0;
    cpu.gpr[2 * n + 1] = Number(v >> 32n) | 0;
  });
  loadImage(cpu, k.fx);
  cpu.rip[0] = CODE_BASE;
  let executed = 0;
  while (executed < MAX_INSTRUCTIONS && !cpu.halted && !cpu.stopRequested)
    executed += cpu.run(MAX_INSTRUCTIONS - executed);
  // A halt is the harness's hlt after the code: report RIP at the end of the code.
  const rip = cpu.halted ? CODE_BASE + k.code.length : cpu.rip[0] >>> 0;
  const gpr: bigint[] = [];
  for (let n = 0; n < 16; n++)
    gpr.push((BigInt(cpu.gpr[2 * n + 1] >>> 0) << 32n) | BigInt(cpu.gpr[2 * n] >>> 0));
  const f = fault as { vector: number; errorCode: number } | null;
  return {
    vector: f ? f.vector : null,
    errorCode: f ? f.errorCode : null,
    gpr,
    rip: BigInt(rip),
    fx: saveImage(cpu),
    data: ram.slice(DATA_BASE, DATA_BASE + DATA_SIZE),
  };
}

function loadImage(cpu: Cpu, fx: Uint8Array): void {
  const v = new DataView(fx.buffer, fx.byteOffset, FX_SIZE);
  cpu.fcw = v.getUint16(0, true);
  cpu.fsw = v.getUint16(2, true);
  cpu.ftw = fx[4]!;
  cpu.mxcsr = v.getUint32(24, true);
  cpu.x87regs.set(fx.subarray(32, 160));
  for (let k = 0; k < 64; k++) cpu.xmm[k] = v.getInt32(160 + 4 * k, true);
}

/** The FXSAVE64 image of the CPU's state, as the harness reports it (MXCSR_MASK included). */
function saveImage(cpu: Cpu): Uint8Array {
  const fx = new Uint8Array(FX_SIZE);
  const v = new DataView(fx.buffer);
  v.setUint16(0, cpu.fcw, true);
  v.setUint16(2, cpu.fsw, true);
  fx[4] = cpu.ftw;
  v.setUint32(24, cpu.mxcsr, true);
  v.setUint32(28, 0xffff, true);
  fx.set(cpu.x87regs, 32);
  for (let k = 0; k < 64; k++) v.setInt32(160 + 4 * k, cpu.xmm[k]!, true);
  return fx;
}
