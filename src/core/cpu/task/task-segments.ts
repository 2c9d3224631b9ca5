import type { Cpu } from '../cpu.ts';
import { NP, SS_VEC, TS } from '../fault.ts';
import { CS, LDTR, SEG_NAMES, SS } from '../registers.ts';
import {
  D_CODE,
  D_CONFORMING,
  D_P,
  D_RW,
  D_S,
  descriptorAddress,
  dplOf,
  hex,
  loadCache,
  markAccessed,
  readDescriptor,
  sysType,
} from '../exec/descriptor-tables.ts';
import { raise } from '../exec/raise.ts';
import type { TaskImage } from './tss-layout.ts';

/**
 * The last part of a task switch: LDTR and the segment registers of the new task, loaded
 * with the checks of SDM Vol. 3A table 8-1 (8.3). It runs after the switch is committed, so
 * its faults belong to the new task: every register first holds the bare selector (an
 * unusable segment), as the SDM leaves them when a load faults.
 */

const LDT_TYPE = 0x02;

function taskFault(c: Cpu, vector: number, seg: string, sel: number, why: string): never {
  raise(c, vector, sel & 0xfffc, `task switch: ${seg} 0x${hex(sel)} ${why}`);
}

/** Gives every segment register and LDTR its new selector with nothing usable behind it. */
export function presetSelectors(c: Cpu, t: TaskImage): void {
  for (let s = 0; s < 6; s++) {
    c.segSel[s] = t.segs[s];
    c.segBaseLo[s] = c.segBaseHi[s] = c.segLimit[s] = c.segAttr[s] = 0;
  }
  c.segSel[LDTR] = t.ldt & ~4;
  c.segBaseLo[LDTR] = c.segBaseHi[LDTR] = c.segLimit[LDTR] = c.segAttr[LDTR] = 0;
}

/** LDTR: null, or a present LDT descriptor in the GDT; anything else is #TS(LDT selector). */
export function loadTaskLdt(c: Cpu, sel: number): void {
  if ((sel & 0xfffc) === 0) return;
  if ((sel & 4) !== 0) taskFault(c, TS, 'ldtr', sel, 'is in the LDT');
  const at = descriptorAddress(c, sel);
  if (at === null) taskFault(c, TS, 'ldtr', sel, 'is past the GDT limit');
  const lo = readDescriptor(c, at, c.tmp[1]);
  const hi = c.tmp[0];
  if (sysType(hi) !== LDT_TYPE) taskFault(c, TS, 'ldtr', sel, 'is not an LDT');
  if ((hi & D_P) === 0) taskFault(c, TS, 'ldtr', sel, 'is not present');
  loadCache(c, LDTR, sel, lo, hi);
}

/**
 * One segment register of the new task at privilege `cpl` (the new CS.RPL): CS code with
 * DPL = RPL (conforming: DPL <= RPL), SS writable data with DPL = RPL = CPL, the others
 * null or data / readable code with DPL >= CPL and RPL (unless conforming). #TS for a bad
 * selector or type, #NP (#SS for SS) when not present.
 */
export function loadTaskSegment(c: Cpu, seg: number, sel: number, cpl: number): void {
  const name = SEG_NAMES[seg];
  if ((sel & 0xfffc) === 0) {
    if (seg === CS || seg === SS) taskFault(c, TS, name, sel, 'is null');
    return;
  }
  const at = descriptorAddress(c, sel);
  if (at === null) taskFault(c, TS, name, sel, 'is past its table limit');
  const atHi = c.tmp[1];
  const lo = readDescriptor(c, at, atHi);
  const hi = c.tmp[0];
  const dpl = dplOf(hi);
  const rpl = sel & 3;
  const code = (hi & D_CODE) !== 0;
  const conforming = code && (hi & D_CONFORMING) !== 0;
  if ((hi & D_S) === 0) taskFault(c, TS, name, sel, 'is a system descriptor');
  if (seg === CS) {
    if (!code) taskFault(c, TS, name, sel, 'is not code');
    if (conforming ? dpl > rpl : dpl !== rpl)
      taskFault(c, TS, name, sel, `DPL ${dpl} does not fit RPL ${rpl}`);
  } else if (seg === SS) {
    if (code || (hi & D_RW) === 0) taskFault(c, TS, name, sel, 'is not writable data');
    if (dpl !== cpl || rpl !== cpl)
      taskFault(c, TS, name, sel, `DPL ${dpl} RPL ${rpl} is not CPL ${cpl}`);
  } else {
    if (code && (hi & D_RW) === 0) taskFault(c, TS, name, sel, 'is execute-only code');
    if (!conforming && (dpl < cpl || dpl < rpl))
      taskFault(c, TS, name, sel, `DPL ${dpl} is below CPL ${cpl} or RPL ${rpl}`);
  }
  if ((hi & D_P) === 0) taskFault(c, seg === SS ? SS_VEC : NP, name, sel, 'is not present');
  loadCache(c, seg, sel, lo, markAccessed(c, at, atHi, hi));
}
