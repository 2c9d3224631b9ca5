import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { GP, NP, SS_VEC, UD } from '../fault.ts';
import { CS, RSP, SEG_NAMES, SS } from '../registers.ts';
import { addLinear, read16, read32, read64 } from '../../mmu/access.ts';
import {
  D_ACCESSED,
  D_CODE,
  D_CONFORMING,
  D_DB,
  D_G,
  D_P,
  D_RW,
  D_S,
  descriptorAddress,
  dplOf,
  hex,
  loadCache,
  markAccessed,
  readDescriptor,
} from './descriptor-tables.ts';
import { ea, readE, setReg, writeE, writeE64 } from './operands.ts';
import { raise } from './raise.ts';
import { adjustSp, peek, push } from './stack.ts';

/**
 * Loading segment registers from selectors, with the protected-mode checks of the SDM
 * (MOV, POP, LSS: Operation), and the instructions that do it. In real mode a selector
 * just sets the base to selector * 16.
 */

/** Attributes of a null SS in 64-bit mode: a flat writable stack at DPL = RPL. */
const NULL_STACK_ATTR = D_G | D_DB | D_P | D_S | D_RW | D_ACCESSED;

function segError(c: Cpu, vector: number, seg: number, sel: number, why: string): never {
  raise(c, vector, sel & 0xfffc, `${SEG_NAMES[seg]} 0x${hex(sel)}: ${why}`);
}

/** The address of a non-null selector's descriptor (lo; hi in c.tmp[1]), or #GP(selector). */
function locate(c: Cpu, seg: number, sel: number): number {
  const at = descriptorAddress(c, sel);
  if (at === null) segError(c, GP, seg, sel, 'past the descriptor table limit');
  return at;
}

/** DS, ES, FS or GS: null is allowed (unusable), else data or readable code it may access. */
export function loadDataSegment(c: Cpu, seg: number, sel: number): void {
  if ((c.cr0 & 1) === 0) return loadReal(c, seg, sel);
  if ((sel & 0xfffc) === 0) {
    // Intel (and QEMU) clear the base too, FS and GS in 64-bit mode included.
    c.segSel[seg] = sel;
    c.segBaseLo[seg] = c.segBaseHi[seg] = c.segLimit[seg] = c.segAttr[seg] = 0;
    return;
  }
  const at = locate(c, seg, sel);
  const atHi = c.tmp[1];
  const lo = readDescriptor(c, at, atHi);
  const hi = c.tmp[0];
  const dpl = dplOf(hi);
  if ((hi & D_S) === 0 || (hi & (D_CODE | D_RW)) === D_CODE)
    segError(c, GP, seg, sel, 'not a data or readable code segment');
  const conforming = (hi & (D_CODE | D_CONFORMING)) === (D_CODE | D_CONFORMING);
  if (!conforming && ((sel & 3) > dpl || c.cpl > dpl))
    segError(c, GP, seg, sel, `DPL ${dpl} is below RPL ${sel & 3} or CPL ${c.cpl}`);
  if ((hi & D_P) === 0) segError(c, NP, seg, sel, 'not present');
  loadCache(c, seg, sel, lo, markAccessed(c, at, atHi, hi));
}

/**
 * SS at privilege `cpl`: a present writable data segment with RPL = DPL = cpl. A null
 * selector is allowed only where `nullOk` says (64-bit mode below CPL 3); it leaves a
 * flat stack at DPL = cpl.
 */
export function loadStackSegment(c: Cpu, sel: number, cpl: number, nullOk: boolean): void {
  if ((c.cr0 & 1) === 0) return loadReal(c, SS, sel);
  if ((sel & 0xfffc) === 0) {
    if (!nullOk) raise(c, GP, 0, `ss: null selector 0x${hex(sel)} at CPL ${cpl}`);
    loadNullStack(c, sel, cpl);
    return;
  }
  const at = locate(c, SS, sel);
  const atHi = c.tmp[1];
  const lo = readDescriptor(c, at, atHi);
  const hi = c.tmp[0];
  if ((sel & 3) !== cpl) segError(c, GP, SS, sel, `RPL is not CPL ${cpl}`);
  if ((hi & (D_S | D_CODE | D_RW)) !== (D_S | D_RW))
    segError(c, GP, SS, sel, 'not a writable data segment');
  if (dplOf(hi) !== cpl) segError(c, GP, SS, sel, `DPL ${dplOf(hi)} is not CPL ${cpl}`);
  if ((hi & D_P) === 0) segError(c, SS_VEC, SS, sel, 'not present');
  loadCache(c, SS, sel, lo, markAccessed(c, at, atHi, hi));
}

/** A null SS in 64-bit mode (event delivery to a new CPL, iretq, mov): DPL = cpl. */
export function loadNullStack(c: Cpu, sel: number, cpl: number): void {
  c.segSel[SS] = sel;
  c.segBaseLo[SS] = c.segBaseHi[SS] = 0;
  c.segLimit[SS] = -1;
  c.segAttr[SS] = NULL_STACK_ATTR | (cpl << 13);
}

function loadReal(c: Cpu, seg: number, sel: number): void {
  c.segSel[seg] = sel & 0xffff;
  c.segBaseLo[seg] = (sel & 0xffff) << 4;
  c.segBaseHi[seg] = 0;
}

/** Loads a segment register as mov/pop/lss do; SS from mov and pop holds interrupts off. */
function loadSegment(c: Cpu, seg: number, sel: number, shadow: boolean): void {
  if (seg !== SS) return loadDataSegment(c, seg, sel);
  const nullOk = c.mode === 64 && c.cpl < 3 && (sel & 3) === c.cpl;
  loadStackSegment(c, sel, c.cpl, nullOk);
  if (shadow) c.interrupts.holdForOneInstruction(c.now());
}

/** The ModRM.reg segment register of 8C/8E: ES..GS; 6 and 7 do not exist. */
function sreg(c: Cpu, i: Insn): number {
  const s = i.reg & 7;
  if (s > 5) raise(c, UD, 0, `segment register ${s} does not exist`);
  return s;
}

/** 8E: mov Sreg, r/m16. CS cannot be loaded this way. */
export function movSE(c: Cpu, i: Insn): void {
  const s = sreg(c, i);
  if (s === CS) raise(c, UD, 0, 'mov cs, r/m');
  loadSegment(c, s, readE(c, i, 2), true);
}

/** 8C: mov r/m, Sreg: memory gets 16 bits, a register the selector zero-extended. */
export function movES(c: Cpu, i: Insn): void {
  const v = c.segSel[sreg(c, i)] & 0xffff;
  if (i.rm < 0) writeE(c, i, 2, v);
  else if (i.osize === 8) writeE64(c, i, v, 0);
  else writeE(c, i, i.osize, v);
}

/** 06 0E 16 1E, 0F A0 A8: push Sreg (i.op), zero-extended to the operand size. */
export function pushSeg(c: Cpu, i: Insn): void {
  push(c, i.osize, c.segSel[i.op] & 0xffff, 0);
}

/** 07 17 1F, 0F A1 A9: pop Sreg (i.op). RSP moves only once the load has passed its checks. */
export function popSeg(c: Cpu, i: Insn): void {
  const sel = peek(c, i.osize) & 0xffff;
  const spLo = c.gpr[RSP << 1];
  const spHi = c.gpr[(RSP << 1) + 1];
  // The increment uses the old stack's size, so it is computed before SS changes.
  adjustSp(c, i.osize);
  const newLo = c.gpr[RSP << 1];
  const newHi = c.gpr[(RSP << 1) + 1];
  c.gpr[RSP << 1] = spLo;
  c.gpr[(RSP << 1) + 1] = spHi;
  loadSegment(c, i.op, sel, true);
  c.gpr[RSP << 1] = newLo;
  c.gpr[(RSP << 1) + 1] = newHi;
}

/** 0F B2 lss, B4 lfs, B5 lgs (i.op: the segment): offset of the operand size, then selector. */
export function loadFarPointer(c: Cpu, i: Insn): void {
  const lo = ea(c, i);
  const hi = c.tmp[1];
  let off: number;
  let offHi = 0;
  if (i.osize === 8) {
    off = read64(c, lo, hi);
    offHi = c.tmp[0];
  } else off = i.osize === 4 ? read32(c, lo, hi) : read16(c, lo, hi);
  const sel = read16(c, addLinear(c, lo, hi, i.osize), c.tmp[1]);
  loadSegment(c, i.op, sel, false);
  if (i.osize === 8) {
    c.gpr[i.reg << 1] = off;
    c.gpr[(i.reg << 1) + 1] = offHi;
  } else setReg(c.gpr, i.reg, i.osize, off);
}
