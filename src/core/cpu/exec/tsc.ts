import type { Cpu } from '../cpu.ts';
import { TSC_PER_INSTRUCTION } from '../cpu-model.ts';
import { GP } from '../fault.ts';
import { TSC_AUX, TSC_OFFSET } from '../msrs.ts';
import { RAX, RCX, RDX } from '../registers.ts';
import { CR4_TSD } from './control-regs.ts';
import { setReg } from './operands.ts';
import { raise } from './raise.ts';

/**
 * The time-stamp counter: guest time (instructions retired, Cpu.now()) times
 * TSC_PER_INSTRUCTION, plus the offset a write to IA32_TSC leaves, modulo 2^64. Nothing
 * reads a host clock, so every run gives the same values at the same instruction.
 */

const TWO32 = 4294967296;

/** The TSC now: returns the low dword, leaves the high dword in c.tmp[0]. */
export function readTsc(c: Cpu): number {
  // Exact as long as the product stays below 2^53 (years of guest time).
  const t = c.now() * TSC_PER_INSTRUCTION;
  const tHi = Math.floor(t / TWO32);
  const s = t - tHi * TWO32 + (c.msrs.v[TSC_OFFSET] >>> 0);
  const carry = s >= TWO32 ? 1 : 0;
  c.tmp[0] = (tHi + c.msrs.v[TSC_OFFSET + 1] + carry) | 0;
  return s | 0;
}

/** wrmsr IA32_TSC: the counter reads (lo, hi) now and counts on from there. */
export function writeTsc(c: Cpu, lo: number, hi: number): void {
  const t = c.now() * TSC_PER_INSTRUCTION;
  const tHi = Math.floor(t / TWO32);
  const d = (lo >>> 0) - (t - tHi * TWO32);
  const borrow = d < 0 ? 1 : 0;
  c.msrs.v[TSC_OFFSET] = d | 0;
  c.msrs.v[TSC_OFFSET + 1] = (hi - tHi - borrow) | 0;
}

/** CR4.TSD reserves the counter for CPL 0. */
function checkTsd(c: Cpu, name: string): void {
  if ((c.cr4 & CR4_TSD) !== 0 && c.cpl !== 0) raise(c, GP, 0, `${name} at CPL > 0 with CR4.TSD`);
}

/** 0F 31: rdtsc. EDX:EAX = TSC. */
export function rdtsc(c: Cpu): void {
  checkTsd(c, 'rdtsc');
  const lo = readTsc(c);
  setReg(c.gpr, RDX, 4, c.tmp[0]);
  setReg(c.gpr, RAX, 4, lo);
}

/** 0F 01 F9: rdtscp. EDX:EAX = TSC, ECX = IA32_TSC_AUX (the OS puts a CPU number there). */
export function rdtscp(c: Cpu): void {
  checkTsd(c, 'rdtscp');
  const lo = readTsc(c);
  setReg(c.gpr, RDX, 4, c.tmp[0]);
  setReg(c.gpr, RAX, 4, lo);
  setReg(c.gpr, RCX, 4, c.msrs.v[TSC_AUX]);
}
