import type { Cpu } from '../cpu.ts';
import { GP, NP, TS } from '../fault.ts';
import { TR } from '../registers.ts';
import { sysRead } from '../../mmu/system-access.ts';
import {
  D_BUSY,
  D_P,
  descriptorAddress,
  dplOf,
  hex,
  readDescriptor,
  sysType,
} from '../exec/descriptor-tables.ts';
import { raise } from '../exec/raise.ts';
import { push } from '../exec/stack.ts';
import { selectorError } from '../interrupts/gate.ts';
import { SWITCH_CALL, SWITCH_IRET, SWITCH_JMP, switchTask } from './task-switch.ts';

/**
 * The three ways into a task switch outside IA-32e mode, each with the checks the SDM
 * gives it before SWITCH-TASKS: JMP/CALL to a TSS or task gate (JMP, CALL: Operation),
 * an interrupt or exception through a task gate in the IDT (INT n: TASK-GATE), and IRET
 * with NT set (IRET: TASK-RETURN).
 */

export const TASK_GATE = 0x05;
const TSS_TYPE_MASK = 0x15;
/** sysType() & TSS_TYPE_MASK of a 16- or 32-bit TSS, available or busy. */
const TSS_ANY = 0x01;

/** A TSS descriptor found for a switch: lo, hi (scratch shared by the entries). */
const found = new Int32Array(2);

/** A 16- or 32-bit TSS descriptor (available or busy, which bit 1 of its type says). */
export const isTss = (type: number): boolean => (type & TSS_TYPE_MASK) === TSS_ANY;

/**
 * Reads the TSS descriptor a task gate names into `found`: in the GDT, a TSS, available,
 * present; #GP(TSS selector) otherwise, #NP when not present. `ext`: the EXT bit.
 */
function gateTss(c: Cpu, sel: number, ext: number, what: string): void {
  const err = selectorError(sel, ext);
  const at = (sel & 4) === 0 ? descriptorAddress(c, sel) : null;
  if (at === null) raise(c, GP, err, `${what}: TSS 0x${hex(sel)} is not in the GDT`);
  found[0] = readDescriptor(c, at, c.tmp[1]);
  const hi = (found[1] = c.tmp[0]);
  if (!isTss(sysType(hi))) raise(c, GP, err, `${what}: 0x${hex(sel)} is not a TSS`);
  if ((hi & D_BUSY) !== 0) raise(c, GP, err, `${what}: TSS 0x${hex(sel)} is busy`);
  if ((hi & D_P) === 0) raise(c, NP, err, `${what}: TSS 0x${hex(sel)} is not present`);
}

/**
 * JMP or CALL far to `sel`, whose descriptor (lo, hi) is a TSS or a task gate: DPL >= CPL
 * and RPL, else #GP(selector); the TSS available and present. `nextEip` is what the old
 * task saves.
 */
export function farToTask(
  c: Cpu,
  sel: number,
  lo: number,
  hi: number,
  call: boolean,
  nextEip: number,
): void {
  const what = call ? 'call far' : 'jmp far';
  const dpl = dplOf(hi);
  if (dpl < c.cpl || dpl < (sel & 3))
    raise(c, GP, sel & 0xfffc, `${what} 0x${hex(sel)}: DPL ${dpl} < CPL ${c.cpl} or RPL`);
  let tss = sel;
  if (sysType(hi) === TASK_GATE) {
    if ((hi & D_P) === 0) raise(c, NP, sel & 0xfffc, `${what} 0x${hex(sel)}: gate not present`);
    tss = lo >>> 16;
    gateTss(c, tss, 0, `${what} 0x${hex(sel)}`);
  } else {
    if ((sel & 4) !== 0) raise(c, TS, sel & 0xfffc, `${what} 0x${hex(sel)}: TSS in the LDT`);
    if ((hi & D_BUSY) !== 0) raise(c, GP, sel & 0xfffc, `${what} 0x${hex(sel)}: TSS is busy`);
    if ((hi & D_P) === 0) raise(c, NP, sel & 0xfffc, `${what} 0x${hex(sel)}: not present`);
    found[0] = lo;
    found[1] = hi;
  }
  switchTask(c, tss, found[0], found[1], call ? SWITCH_CALL : SWITCH_JMP, nextEip);
}

/**
 * An event through the task gate naming TSS `sel` (the gate itself is checked by readGate):
 * a nested switch saving c.rip, then the error code, if the event has one, pushed on the new
 * task's stack (4 bytes for a 32-bit TSS, 2 for a 16-bit one).
 */
export function interruptToTask(
  c: Cpu,
  vector: number,
  sel: number,
  ext: number,
  err: number,
  pushErr: boolean,
): void {
  gateTss(c, sel, ext, `IDT entry ${vector}`);
  const size = (found[1] & (8 << 8)) !== 0 ? 4 : 2;
  switchTask(c, sel, found[0], found[1], SWITCH_CALL, c.rip[0]);
  if (!pushErr) return;
  try {
    push(c, size, err, 0);
  } catch (e) {
    if (e === c.fault) c.fault.inNewTask = true;
    throw e;
  }
}

/**
 * IRET with NT set: back to the task in the current TSS's link field, which must be a busy
 * TSS in the GDT (#TS(link) otherwise), present (#NP(link)).
 */
export function iretToTask(c: Cpu, nextEip: number): void {
  const link = sysRead(c, c.segBaseLo[TR], 0, 2);
  const what = `iret: back link 0x${hex(link)}`;
  const at = (link & 4) === 0 ? descriptorAddress(c, link) : null;
  if (at === null) raise(c, TS, link & 0xfffc, `${what} is not in the GDT`);
  const lo = readDescriptor(c, at, c.tmp[1]);
  const hi = c.tmp[0];
  if (!isTss(sysType(hi)) || (hi & D_BUSY) === 0)
    raise(c, TS, link & 0xfffc, `${what} is not a busy TSS`);
  if ((hi & D_P) === 0) raise(c, NP, link & 0xfffc, `${what} is not present`);
  switchTask(c, link, lo, hi, SWITCH_IRET, nextEip);
}
