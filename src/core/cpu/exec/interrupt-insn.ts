import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { BP, DB, GP, OF_VEC } from '../fault.ts';
import { AC, ARITH, DF, ID, IF, IOPL, NT, TF, VM, WRITABLE } from '../flags.ts';
import { isOverflow, setArithFlags } from '../lazy-flags.ts';
import { RSP } from '../registers.ts';
import { addLinear } from '../../mmu/access.ts';
import { EFER_LMA } from '../../mmu/paging-bits.ts';
import { iretToTask } from '../task/task-entry.ts';
import { deliverOnce } from '../interrupts/deliver.ts';
import { ICEBP, SOFTWARE } from '../interrupts/events.ts';
import { D_L } from './descriptor-tables.ts';
import { checkOffset, codeTarget, dropInnerSegments, loadRealCs } from './far.ts';
import { commitCs } from './far-frame.ts';
import { raise } from './raise.ts';
import { loadStackSegment } from './segment-load.ts';
import { adjustSp, peek } from './stack.ts';

/**
 * Software interrupts and iret. int n, int3 and into are traps: the frame saves the next
 * instruction's address, and the gate's DPL must be >= CPL. A fault while delivering them
 * is a fault of the instruction itself, so it leaves here for the run loop to deliver.
 */

function softInterrupt(c: Cpu, i: Insn, vector: number, kind: number): void {
  c.ripAfter(i);
  deliverOnce(c, vector, kind, 0, false);
}

/** CD ib: int n. */
export function intN(c: Cpu, i: Insn): void {
  softInterrupt(c, i, i.imm & 0xff, SOFTWARE);
}

/** CC: int3, the one-byte breakpoint (#BP as a software interrupt). */
export function int3(c: Cpu, i: Insn): void {
  softInterrupt(c, i, BP, SOFTWARE);
}

/** F1: int1 (icebp): a #DB trap that skips the DPL check. */
export function int1(c: Cpu, i: Insn): void {
  softInterrupt(c, i, DB, ICEBP);
}

/** CE: into: #OF when OF is set (invalid in 64-bit mode). */
export function into(c: Cpu, i: Insn): void {
  if (isOverflow(c)) softInterrupt(c, i, OF_VEC, SOFTWARE);
  else c.ripAfter(i);
}

/** Flags iret loads at any CPL. RF is left out: it only suppresses instruction breakpoints,
 * which are not modelled, and nothing here would clear it after the next instruction. */
const IRET_FLAGS = ARITH | TF | DF | NT | AC | ID;

/** Loads the popped flags: IF only when CPL <= IOPL, IOPL only at CPL 0 (the old CPL). */
function loadFlags(c: Cpu, v: number, size: number, cpl: number, real: boolean): void {
  let mask = real ? WRITABLE & ~(1 << 16) : IRET_FLAGS;
  if (cpl <= (c.flags & IOPL) >>> 12) mask |= IF;
  if (cpl === 0) mask |= IOPL;
  if (size === 2) mask &= 0xffff;
  const merged = (c.flags & ~mask) | (v & mask);
  const changed = c.flags ^ merged;
  c.flags = merged;
  setArithFlags(c, merged);
  if ((changed & AC) !== 0) c.updateAccessRights();
}

/**
 * CF: iret / iretd / iretq. Pops RIP, CS and RFLAGS; in 64-bit mode always RSP and SS
 * too, elsewhere only when returning to an outer privilege level (SDM Vol. 3, 6.14.3).
 * With NT set it returns to the task in the TSS's back link (task/task-entry.ts). Returns to
 * virtual-8086 mode are not supported: #GP(0) says so.
 * Unblocks NMI.
 */
export function iret(c: Cpu, i: Insn): void {
  // A task return reads no stack (SDM IRET: TASK-RETURN).
  if ((c.flags & NT) !== 0 && (c.cr0 & 1) !== 0 && (c.efer & EFER_LMA) === 0) {
    iretToTask(c, addLinear(c, c.blockRip[0], c.blockRip[1], i.start + i.len));
    c.interrupts.iretDone();
    return;
  }
  const size = i.osize;
  let lo = peek(c, size, 0);
  const hi = size === 8 ? c.tmp[0] : 0;
  if (size === 2) lo &= 0xffff;
  const sel = peek(c, size, size) & 0xffff;
  const fl = peek(c, size, 2 * size);
  const oldCpl = c.cpl;
  if ((c.cr0 & 1) === 0) {
    adjustSp(c, 3 * size);
    loadRealCs(c, sel);
    loadFlags(c, fl, size, 0, true);
  } else {
    const long = (c.efer & EFER_LMA) !== 0;
    if ((c.flags & NT) !== 0) raise(c, GP, 0, 'iret with NT set in IA-32e mode');
    if (!long && (fl & VM) !== 0 && oldCpl === 0)
      raise(c, GP, 0, 'iret to virtual-8086 mode is not supported');
    const csLo = codeTarget(c, sel, true, 'iret');
    const csHi = c.tmp[0];
    checkOffset(c, lo, hi, csLo, csHi);
    const rpl = sel & 3;
    if (c.mode === 64 || rpl > oldCpl) {
      const spLo = peek(c, size, 3 * size);
      const spHi = size === 8 ? c.tmp[0] : 0;
      const ss = peek(c, size, 4 * size) & 0xffff;
      loadStackSegment(c, ss, rpl, long && (csHi & D_L) !== 0 && rpl < 3);
      c.gpr[RSP << 1] = size === 2 ? (c.gpr[RSP << 1] & ~0xffff) | (spLo & 0xffff) : spLo;
      c.gpr[(RSP << 1) + 1] = spHi;
    } else adjustSp(c, 3 * size);
    commitCs(c, sel, csLo, csHi, rpl);
    if (rpl > oldCpl) dropInnerSegments(c, rpl);
    loadFlags(c, fl, size, oldCpl, false);
  }
  c.interrupts.iretDone();
  c.rip[0] = lo;
  c.rip[1] = hi;
}
