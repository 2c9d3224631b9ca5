import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { NM, UD } from '../fault.ts';
import { read16, write16 } from '../../mmu/access.ts';
import { ea, setReg } from './operands.ts';
import { raise } from './raise.ts';
import { CR0_MP, CR0_TS } from './sse-operands.ts';
import { checkPending, checkX87, renumber } from './x87-stack.ts';

/**
 * The x87 control instructions: fninit, fnclex, fldcw/fnstcw, fnstsw, fwait. Exception flags
 * come from the arithmetic (x87-*.ts) or fxrstor/fldenv; an unmasked one is pending until the
 * next waiting instruction raises #MF.
 */

export const FCW_INIT = 0x037f;
/** FCW bits that exist: exception masks, precision and rounding control, the infinity bit;
 * bit 6 always reads as one (measured on the host, as for FXRSTOR). */
const FCW_BITS = 0x1f3f;
const FCW_ONE = 0x40;
/** FSW: the exception flags IE..PE that a clear FCW mask bit makes pending. */
const FSW_EXCEPTIONS = 0x3f;
/** FSW.ES and FSW.B: not stored, but derived from the flags and masks (as the host does). */
const FSW_SUMMARY = 0x8080;

/** The FCW a load of `v` leaves (fldcw, fxrstor). */
export function fcwFrom(v: number): number {
  return (v & FCW_BITS) | FCW_ONE;
}

/** The FSW a load of `v` leaves under control word `fcw`: ES and B say whether an exception
 * flag is set whose mask is clear. */
export function fswFrom(v: number, fcw: number): number {
  const pending = (v & ~fcw & FSW_EXCEPTIONS) !== 0;
  return (v & ~FSW_SUMMARY & 0xffff) | (pending ? FSW_SUMMARY : 0);
}

/** 9B fwait: waits for the FPU, which is never busy: only #NM (TS with MP) and #MF remain. */
export function fwait(c: Cpu): void {
  if ((c.cr0 & (CR0_TS | CR0_MP)) === (CR0_TS | CR0_MP))
    raise(c, NM, 0, 'fwait with CR0.TS and CR0.MP set');
  checkPending(c);
}

/**
 * DB E0-E7, which ModRM.reg = 4 with a register operand selects: fneni, fndisi and fnsetpm
 * (8087/287 controls, no-ops since the 387), fnclex, fninit; E5-E7 are undefined.
 */
export function dbControl(c: Cpu, i: Insn): void {
  const which = i.modrm & 7;
  if (which > 4) raise(c, UD, 0, `invalid or unimplemented opcode db ${i.modrm.toString(16)}`);
  checkX87(c);
  if (which === 2) c.fsw &= 0x7f00;
  else if (which === 3) fninit(c);
}

/** Resets control, status and tags; the registers keep their contents, renumbered for
 * TOP = 0. */
export function fninit(c: Cpu): void {
  renumber(c, 0);
  c.fcw = FCW_INIT;
  c.fsw = 0;
  c.ftw = 0;
}

/** D9 /7 fnstcw m16. */
export function fnstcw(c: Cpu, i: Insn): void {
  checkX87(c);
  const lo = ea(c, i);
  write16(c, lo, c.tmp[1], c.fcw);
}

/** D9 /5 fldcw m16: may unmask a flag already set, which then is pending. */
export function fldcw(c: Cpu, i: Insn): void {
  checkX87(c);
  checkPending(c);
  const lo = ea(c, i);
  const fcw = fcwFrom(read16(c, lo, c.tmp[1]));
  c.fcw = fcw;
  c.fsw = fswFrom(c.fsw, fcw);
}

/** DD /7 fnstsw m16. */
export function fnstswM(c: Cpu, i: Insn): void {
  checkX87(c);
  const lo = ea(c, i);
  write16(c, lo, c.tmp[1], c.fsw);
}

/** DF E0 fnstsw ax (DF E1-E7 are undefined). */
export function fnstswAx(c: Cpu, i: Insn): void {
  if (i.modrm !== 0xe0)
    raise(c, UD, 0, `invalid or unimplemented opcode df ${i.modrm.toString(16)}`);
  checkX87(c);
  setReg(c.gpr, 0, 2, c.fsw);
}
