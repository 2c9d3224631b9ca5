import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { PFX_OPSIZE, PFX_REXW } from '../decode/insn.ts';
import { GP, NP } from '../fault.ts';
import { CS, DS, ES, FS, GS, RSP } from '../registers.ts';
import { addLinear, read16, read32, read64 } from '../../mmu/access.ts';
import { EFER_LMA } from '../../mmu/paging-bits.ts';
import {
  D_CODE,
  D_CONFORMING,
  D_DB,
  D_L,
  D_P,
  D_S,
  descriptorAddress,
  dplOf,
  hex,
  isCanonical,
  limitOf,
  markAccessed,
  readDescriptor,
  sysType,
} from './descriptor-tables.ts';
import { farToTask, isTss, TASK_GATE } from '../task/task-entry.ts';
import { throughCallGate } from './call-gate.ts';
import { commitCs, storeSlot } from './far-frame.ts';
import { ea } from './operands.ts';
import { raise } from './raise.ts';
import { loadStackSegment } from './segment-load.ts';
import { adjustSp, peek } from './stack.ts';

/**
 * Far transfers: jmp and call to another code segment, and far returns, with the checks
 * of the SDM (JMP, CALL, RET: Operation) for conforming and non-conforming code; JMP and
 * CALL also go through call gates (call-gate.ts) and to other tasks (task/task-entry.ts).
 */

/** Real mode: a far transfer sets CS to the selector and its base to selector * 16. */
export function loadRealCs(c: Cpu, sel: number): void {
  c.segSel[CS] = sel;
  c.segBaseLo[CS] = sel << 4;
}

/** Why a far transfer to a system descriptor fails (what farToSystem leaves, or a return). */
function systemTarget(c: Cpu, type: number): string {
  const long = (c.efer & EFER_LMA) !== 0;
  if (type === CALL_GATE_16 && long) return '16-bit call gates do not exist in IA-32e mode';
  if ((type & 7) === CALL_GATE_16) return 'a call gate is no return target';
  if (type === TASK_GATE || isTss(type))
    return long ? 'task switches do not exist in IA-32e mode' : 'a task is no return target';
  return `system type 0x${hex(type, 2)} is not code`;
}

const CALL_GATE_16 = 0x04;
const CALL_GATE_32 = 0x0c;

/**
 * A far JMP/CALL to a system descriptor: through a call gate (32- and 16-bit ones outside
 * IA-32e mode, 64-bit ones in it), or a task switch to a TSS or through a task gate
 * (outside IA-32e mode). False when `sel` names anything else, which codeTarget refuses.
 */
function farToSystem(c: Cpu, i: Insn, sel: number, call: boolean): boolean {
  if ((sel & 0xfffc) === 0) return false;
  const at = descriptorAddress(c, sel);
  if (at === null) return false;
  const atHi = c.tmp[1];
  const lo = readDescriptor(c, at, atHi);
  const hi = c.tmp[0];
  if ((hi & D_S) !== 0) return false;
  const type = sysType(hi);
  const long = (c.efer & EFER_LMA) !== 0;
  const retLo = addLinear(c, c.blockRip[0], c.blockRip[1], i.start + i.len);
  const retHi = c.mode === 64 ? c.tmp[1] : 0;
  if (long ? type === CALL_GATE_32 : (type & 7) === CALL_GATE_16) {
    // A 16-byte gate in IA-32e mode: both halves inside the table.
    if (long && ((sel & 0xfff8) === 0xfff8 || descriptorAddress(c, sel + 8) === null))
      raise(c, GP, sel & 0xfffc, `call gate 0x${hex(sel)}: upper half past the table limit`);
    throughCallGate(c, sel, lo, hi, at, atHi, call, retLo, retHi);
    return true;
  }
  if (long || (type !== TASK_GATE && !isTss(type))) return false;
  farToTask(c, sel, lo, hi, call, retLo);
  return true;
}

/**
 * Checks the code segment a far transfer goes to and marks it accessed: returns the
 * descriptor's lo, hi in c.tmp[0]. Jumps and calls stay at CPL (conforming code: DPL <=
 * CPL; else DPL = CPL and RPL <= CPL); returns go to RPL, never inward.
 */
export function codeTarget(c: Cpu, sel: number, isReturn: boolean, what: string): number {
  if ((sel & 0xfffc) === 0) raise(c, GP, 0, `${what} to a null selector`);
  const at = descriptorAddress(c, sel);
  if (at === null) raise(c, GP, sel & 0xfffc, `${what} 0x${hex(sel)}: past the table limit`);
  const atHi = c.tmp[1];
  const lo = readDescriptor(c, at, atHi);
  const hi = c.tmp[0];
  if ((hi & D_S) === 0)
    raise(c, GP, sel & 0xfffc, `${what} 0x${hex(sel)}: ${systemTarget(c, sysType(hi))}`);
  if ((hi & D_CODE) === 0) raise(c, GP, sel & 0xfffc, `${what} 0x${hex(sel)}: not a code segment`);
  const rpl = sel & 3;
  const dpl = dplOf(hi);
  const conforming = (hi & D_CONFORMING) !== 0;
  const ok = isReturn
    ? rpl >= c.cpl && (conforming ? dpl <= rpl : dpl === rpl)
    : conforming
      ? dpl <= c.cpl
      : rpl <= c.cpl && dpl === c.cpl;
  if (!ok)
    raise(c, GP, sel & 0xfffc, `${what} 0x${hex(sel)}: DPL ${dpl} RPL ${rpl} at CPL ${c.cpl}`);
  if ((hi & D_P) === 0) raise(c, NP, sel & 0xfffc, `${what} 0x${hex(sel)}: not present`);
  if ((c.efer & EFER_LMA) !== 0 && (hi & (D_L | D_DB)) === (D_L | D_DB))
    raise(c, GP, sel & 0xfffc, `${what} 0x${hex(sel)}: L and D both set`);
  c.tmp[0] = markAccessed(c, at, atHi, hi);
  return lo;
}

/** #GP(0) unless the offset fits the new CS: canonical for 64-bit code, else within the limit. */
export function checkOffset(c: Cpu, lo: number, hi: number, csLo: number, csHi: number): void {
  if ((c.efer & EFER_LMA) !== 0 && (csHi & D_L) !== 0) {
    if (!isCanonical(c, hi))
      raise(c, GP, 0, `far target 0x${hex(hi, 8)}${hex(lo, 8)} is not canonical`);
  } else if (lo >>> 0 > limitOf(csLo, csHi) >>> 0)
    raise(c, GP, 0, `far target 0x${hex(lo, 8)} is past the CS limit`);
}

const DATA_SEGMENTS = [ES, DS, FS, GS];

/**
 * After a return to an outer privilege level: data segments the new CPL may not use are
 * made null, so the less privileged code cannot keep a more privileged segment (SDM RET,
 * IRET). Their bases stay, as QEMU keeps them: a 64-bit FS/GS base is not lost.
 */
export function dropInnerSegments(c: Cpu, cpl: number): void {
  for (const seg of DATA_SEGMENTS) {
    const a = c.segAttr[seg];
    const conformingCode = (a & (D_CODE | D_CONFORMING)) === (D_CODE | D_CONFORMING);
    if ((a & D_S) !== 0 && !conformingCode && dplOf(a) < cpl) {
      c.segSel[seg] = 0;
      c.segAttr[seg] = a & ~D_P;
    }
  }
}
/**
 * The far jump or call itself. A call pushes CS then the return offset (operand-size
 * slots) before anything changes, so a fault on the push leaves the old CS and RSP.
 */
function farTransfer(c: Cpu, i: Insn, sel: number, offLo: number, offHi: number, call: boolean) {
  const size = i.osize;
  const lo = size === 2 ? offLo & 0xffff : offLo;
  const hi = size === 8 ? offHi : 0;
  const prot = (c.cr0 & 1) !== 0;
  if (prot && farToSystem(c, i, sel, call)) return;
  let csLo = 0;
  let csHi = 0;
  if (prot) {
    csLo = codeTarget(c, sel, false, call ? 'call far' : 'jmp far');
    csHi = c.tmp[0];
    checkOffset(c, lo, hi, csLo, csHi);
  }
  if (call) {
    const retLo = addLinear(c, c.blockRip[0], c.blockRip[1], i.start + i.len);
    const retHi = size === 8 ? c.tmp[1] : 0;
    storeSlot(c, -size, size, c.segSel[CS] & 0xffff, 0);
    storeSlot(c, -2 * size, size, retLo, retHi);
    adjustSp(c, -2 * size);
  }
  if (prot) commitCs(c, sel, csLo, csHi, c.cpl);
  else loadRealCs(c, sel);
  c.rip[0] = lo;
  c.rip[1] = hi;
}

/** EA / 9A (outside 64-bit mode): jmp / call ptr16:16 or ptr16:32. i.op: 1 for call. */
export function farDirect(c: Cpu, i: Insn): void {
  farTransfer(c, i, i.imm2, i.imm, 0, i.op === 1);
}

/** FF /5, FF /3: jmp / call m16:16, m16:32 or (REX.W) m16:64. i.op: 1 for call. */
export function farIndirect(c: Cpu, i: Insn): void {
  const lo = ea(c, i);
  const hi = c.tmp[1];
  let off: number;
  let offHi = 0;
  if (i.osize === 8) {
    off = read64(c, lo, hi);
    offHi = c.tmp[0];
  } else off = i.osize === 4 ? read32(c, lo, hi) : read16(c, lo, hi);
  const sel = read16(c, addLinear(c, lo, hi, i.osize), c.tmp[1]);
  farTransfer(c, i, sel, off, offHi, i.op === 1);
}

/** The operand size from the prefixes, for CA iw, whose 'Iw' makes the decoder's osize 2. */
function operandSize(c: Cpu, i: Insn): number {
  if ((i.prefixes & PFX_REXW) !== 0) return 8;
  return (c.mode === 16) !== ((i.prefixes & PFX_OPSIZE) !== 0) ? 2 : 4;
}

/**
 * CB, CA iw: far return. Pops the offset and CS (operand-size slots) and releases imm16
 * bytes; returning to an outer level (CS.RPL > CPL) also pops SS:RSP, releases imm16 bytes
 * of that stack too, and makes null the data segments the new CPL may not use.
 */
export function retFar(c: Cpu, i: Insn): void {
  const withImm = i.entry.parse.imms.length > 0;
  const size = withImm ? operandSize(c, i) : i.osize;
  const imm = withImm ? i.imm & 0xffff : 0;
  let lo = peek(c, size, 0);
  const hi = size === 8 ? c.tmp[0] : 0;
  if (size === 2) lo &= 0xffff;
  const sel = peek(c, size, size) & 0xffff;
  if ((c.cr0 & 1) === 0) {
    adjustSp(c, 2 * size + imm);
    loadRealCs(c, sel);
  } else {
    const csLo = codeTarget(c, sel, true, 'return');
    const csHi = c.tmp[0];
    checkOffset(c, lo, hi, csLo, csHi);
    const rpl = sel & 3;
    if (rpl > c.cpl) {
      const spLo = peek(c, size, 2 * size + imm);
      const spHi = size === 8 ? c.tmp[0] : 0;
      const ss = peek(c, size, 3 * size + imm) & 0xffff;
      const to64 = (c.efer & EFER_LMA) !== 0 && (csHi & D_L) !== 0;
      loadStackSegment(c, ss, rpl, to64 && rpl < 3);
      commitCs(c, sel, csLo, csHi, rpl);
      c.gpr[RSP << 1] = size === 2 ? (c.gpr[RSP << 1] & ~0xffff) | (spLo & 0xffff) : spLo;
      c.gpr[(RSP << 1) + 1] = spHi;
      adjustSp(c, imm);
      dropInnerSegments(c, rpl);
    } else {
      adjustSp(c, 2 * size + imm);
      commitCs(c, sel, csLo, csHi, c.cpl);
    }
  }
  c.rip[0] = lo;
  c.rip[1] = hi;
}
