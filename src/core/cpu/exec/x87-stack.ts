import type { Cpu } from '../cpu.ts';
import { MF, NM } from '../fault.ts';
import { EXTENDED, EMAX, EMIN, packExtended, unpackExtended } from '../fpu/formats.ts';
import { FLAG_IE, FLAG_PE, roundPack, roundedUp } from '../fpu/round.ts';
import { setDefaultNan } from '../fpu/value.ts';
import { raise } from './raise.ts';
import { CR0_EM, CR0_TS } from './sse-operands.ts';

/**
 * The x87 register stack and status word. c.x87regs holds ST0-ST7 in stack order, 16 bytes a
 * register (10 used: significand low byte first, then sign and exponent), as FXSAVE stores
 * them; a push or pop rotates them. c.ftw is the abridged tag word, one bit per physical
 * register (set = not empty), as FXSAVE stores it; ST(i) is physical register (TOP + i) & 7.
 */

export const FSW_SF = 1 << 6;
export const FSW_ES = 1 << 7;
export const FSW_C0 = 1 << 8;
export const FSW_C1 = 1 << 9;
export const FSW_C2 = 1 << 10;
export const FSW_C3 = 1 << 14;
const FSW_B = 1 << 15;
const FSW_TOP = 7 << 11;
export const FSW_CC = FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3;
const EXCEPTIONS = 0x3f;
/** The x87's exponent wrap for unmasked overflow and underflow results (SDM Vol. 1, 8.5.4). */
export const WRAP_BIAS = 24576;
/** Precision control: significand bits for PC = 0-3 (1 is reserved and acts as 64 here). */
const PC_BITS = [24, 64, 53, 64];

const SPARE = new Uint8Array(16);
const RENUMBERED = new Uint8Array(128);
const SIG = new Int32Array(2);

export function top(c: Cpu): number {
  return (c.fsw >> 11) & 7;
}

function setTop(c: Cpu, t: number): void {
  c.fsw = (c.fsw & ~FSW_TOP) | ((t & 7) << 11);
}

export function isEmpty(c: Cpu, i: number): boolean {
  return ((c.ftw >> ((top(c) + i) & 7)) & 1) === 0;
}

export function setTag(c: Cpu, i: number, valid: boolean): void {
  const bit = 1 << ((top(c) + i) & 7);
  c.ftw = valid ? c.ftw | bit : c.ftw & ~bit;
}

/** Unpacks ST(i) into slot v (whatever its tag says). */
export function readSt(c: Cpu, i: number, v: number): void {
  const r = c.x87regs;
  const b = i << 4;
  const lo = r[b] | (r[b + 1] << 8) | (r[b + 2] << 16) | (r[b + 3] << 24);
  const hi = r[b + 4] | (r[b + 5] << 8) | (r[b + 6] << 16) | (r[b + 7] << 24);
  unpackExtended(v, lo, hi, r[b + 8] | (r[b + 9] << 8));
}

/** Writes a raw 80-bit value (significand lo, hi and sign/exponent) into ST(i), tagged valid. */
export function writeStRaw(c: Cpu, i: number, lo: number, hi: number, se: number): void {
  const r = c.x87regs;
  const b = i << 4;
  for (let k = 0; k < 4; k++) {
    r[b + k] = lo >>> (8 * k);
    r[b + 4 + k] = hi >>> (8 * k);
  }
  r[b + 8] = se;
  r[b + 9] = se >>> 8;
  setTag(c, i, true);
}

/** Packs slot v into ST(i), tagged valid. */
export function writeSt(c: Cpu, i: number, v: number): void {
  const se = packExtended(v, SIG, 0);
  writeStRaw(c, i, SIG[0], SIG[1], se);
}

/** Copies ST(from) to ST(to) bit for bit. */
export function copySt(c: Cpu, to: number, from: number): void {
  c.x87regs.copyWithin(to << 4, from << 4, (from << 4) + 16);
  setTag(c, to, true);
}

/** TOP - 1 and the registers renumbered: the old ST7 becomes ST0 (its tag unchanged). */
export function rotateDown(c: Cpu): void {
  const r = c.x87regs;
  SPARE.set(r.subarray(112, 128));
  r.copyWithin(16, 0, 112);
  r.set(SPARE, 0);
  setTop(c, top(c) - 1);
}

/** TOP + 1: the old ST1 becomes ST0, the old ST0 becomes ST7. */
export function rotateUp(c: Cpu): void {
  const r = c.x87regs;
  SPARE.set(r.subarray(0, 16));
  r.copyWithin(0, 16, 128);
  r.set(SPARE, 112);
  setTop(c, top(c) + 1);
}

/** Sets TOP to t, renumbering the registers (they stay where they are physically, so the
 * new ST(i), physical register t + i, is the old ST(t + i - TOP)). */
export function renumber(c: Cpu, t: number): void {
  const shift = (t - top(c)) & 7;
  if (shift !== 0) {
    const r = c.x87regs;
    RENUMBERED.set(r);
    for (let k = 0; k < 128; k++) r[k] = RENUMBERED[(((k >> 4) + shift) & 7) * 16 + (k & 15)];
  }
  setTop(c, t);
}

/** Marks ST0 empty and pops it. */
export function pop(c: Cpu): void {
  setTag(c, 0, false);
  rotateUp(c);
}

/** #NM while CR0.EM or CR0.TS is set: every x87 instruction checks it first. */
export function checkX87(c: Cpu): void {
  if ((c.cr0 & (CR0_EM | CR0_TS)) !== 0)
    raise(c, NM, 0, 'x87 instruction with CR0.EM or CR0.TS set');
}

/** Waiting instructions report a pending unmasked exception before they run. CR0.NE = 0
 * would signal it through FERR# and IRQ 13 instead; no such wire is modelled, so it is #MF
 * either way. */
export function checkPending(c: Cpu): void {
  if ((c.fsw & ~c.fcw & EXCEPTIONS) !== 0) raise(c, MF, 0, 'pending unmasked x87 exception');
}

/** The checks every waiting x87 instruction makes before it touches anything. */
export function beginX87(c: Cpu): void {
  checkX87(c);
  checkPending(c);
}

/** Whether the exceptions in `flags` let a result be written: an unmasked invalid operation,
 * denormal operand or division by zero leaves the destination alone. */
export function writable(c: Cpu, flags: number): boolean {
  return (flags & ~c.fcw & 7) === 0;
}

/** Sets exception flags (and SF), with ES and B when one is unmasked, and C1 to `c1`. */
export function report(c: Cpu, flags: number, c1: boolean): void {
  c.fsw = c1 ? c.fsw | FSW_C1 : c.fsw & ~FSW_C1;
  raiseFlags(c, flags);
}

/** Sets exception flags (and SF) and the ES and B summary, leaving C1. */
export function raiseFlags(c: Cpu, flags: number): void {
  let fsw = c.fsw | (flags & (EXCEPTIONS | FSW_SF));
  if ((fsw & ~c.fcw & EXCEPTIONS) !== 0) fsw |= FSW_ES | FSW_B;
  c.fsw = fsw;
}

/** A stack fault: IE with SF; C1 = 1 for overflow, 0 for underflow. Returns whether it was
 * masked, so the caller writes the default NaN. */
export function stackFault(c: Cpu, overflow: boolean): boolean {
  report(c, FLAG_IE | FSW_SF, overflow);
  return (c.fcw & FLAG_IE) !== 0;
}

export function roundControl(c: Cpu): number {
  return (c.fcw >> 10) & 3;
}

/** Rounds the working register to the precision control's significand width (the
 * exponent range stays the extended one) into slot v. */
export function roundToPrecision(c: Cpu, v: number): number {
  return roundPack(
    v,
    PC_BITS[(c.fcw >> 8) & 3],
    EMIN[EXTENDED],
    EMAX[EXTENDED],
    roundControl(c),
    c.fcw & EXCEPTIONS,
    false,
    WRAP_BIAS,
  );
}

/** Rounds the working register to full extended precision (fscale, fxtract, constants). */
export function roundToExtended(c: Cpu, v: number): number {
  return roundPack(
    v,
    64,
    EMIN[EXTENDED],
    EMAX[EXTENDED],
    roundControl(c),
    c.fcw & EXCEPTIONS,
    false,
    WRAP_BIAS,
  );
}

/** C1 after a rounded result: set when the significand was rounded up. */
export function c1AfterRounding(flags: number): boolean {
  return (flags & FLAG_PE) !== 0 && roundedUp;
}

/** Writes the default NaN to ST(i) (a masked stack fault or invalid operation). */
export function writeIndefinite(c: Cpu, i: number, v: number): void {
  setDefaultNan(v);
  writeSt(c, i, v);
}
