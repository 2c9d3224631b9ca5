// A bare CPU for the system-instruction unit tests beside src/core/cpu/exec: runs a few
// bytes one instruction at a time until RIP reaches their end (no trailing hlt, so code at
// CPL 3 ends cleanly) or a fault stops it, and reports the fault with the CPU left to inspect.
import { createBareCpu } from '../../src/core/cpu/bare-cpu.ts';
import type { Cpu } from '../../src/core/cpu/cpu.ts';

export const CODE = 0x100000;
/** 16 MiB of RAM; in 64-bit mode identity-mapped in 4 KiB pages (bare-cpu.ts). */
export const RAM = 16 << 20;
/** Where bare-cpu.ts puts the 64-bit identity map's page tables: PTE of page p at PT + 8p. */
export const PT = 0x4000;

export interface Fault {
  vector: number;
  errorCode: number | null;
  detail: string;
}

export interface Ran {
  cpu: Cpu;
  fault: Fault | null;
}

/** A fresh bare CPU whose faults are recorded in `ran.fault` and stop it. */
export function bare(mode: 64 | 32): Ran {
  const ran: Ran = {
    cpu: createBareCpu(mode, RAM, {
      exception(c, f) {
        ran.fault = {
          vector: f.vector,
          errorCode: f.hasErrorCode ? f.errorCode : null,
          detail: f.detail,
        };
        c.stopRequested = true;
      },
    }),
    fault: null,
  };
  return ran;
}

/** Runs `code` at CODE on ran.cpu (after `setup`) until it ends or faults. */
export function exec(ran: Ran, code: number[], setup: (c: Cpu) => void = () => {}): Ran {
  const cpu = ran.cpu;
  cpu.mem.ram.set(code, CODE);
  // A second exec on the same CPU replaces code the block cache may hold.
  for (let p = CODE; p < CODE + code.length; p += 4096) cpu.invalidateCode(p);
  cpu.rip[0] = CODE;
  cpu.rip[1] = 0;
  setup(cpu);
  const end = CODE + code.length;
  for (let n = 0; n < 10000 && !cpu.stopRequested && !cpu.halted; n++) {
    if (cpu.rip[0] === end && cpu.rip[1] === 0) break;
    cpu.run(1);
  }
  return ran;
}

/** bare() then exec(). */
export function runCode(code: number[], setup?: (c: Cpu) => void, mode: 64 | 32 = 64): Ran {
  return exec(bare(mode), code, setup);
}

/** Little-endian bytes of a 32-bit value. */
export function le32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** A 64-bit register as an unsigned bigint (for assertions). */
export function reg64(c: Cpu, n: number): bigint {
  return (BigInt(c.gpr[2 * n + 1] >>> 0) << 32n) | BigInt(c.gpr[2 * n] >>> 0);
}
