import type { Cpu, ExceptionSink } from '../cpu.ts';
import type { GuestFault } from '../fault.ts';
import { DF_VEC, PF_VEC } from '../fault.ts';
import { EFER_LMA } from '../../mmu/paging-bits.ts';
import { EXCEPTION, faultClass, isDoubleFault } from './events.ts';
import { deliverLong } from './long-mode.ts';
import { deliverProtected } from './protected-mode.ts';
import { deliverReal } from './real-mode.ts';

/**
 * Delivers one event through the IDT (the IVT in real mode) with RIP already holding the
 * address its frame saves: the faulting instruction for faults, the next one for traps and
 * interrupts. Throws the guest fault delivery runs into, having changed no register.
 */
export function deliverOnce(c: Cpu, vector: number, kind: number, err: number, pushErr: boolean) {
  if ((c.cr0 & 1) === 0) deliverReal(c, vector);
  else if ((c.efer & EFER_LMA) !== 0) deliverLong(c, vector, kind, err, pushErr);
  else deliverProtected(c, vector, kind, err, pushErr);
}

/**
 * Delivers an exception or an external interrupt (kind EXCEPTION or EXTERNAL; software
 * interrupts go through deliverOnce, their faults being the instruction's), and whatever
 * delivering it raises, as
 * the SDM says (Vol. 3, 6.15 #DF): a fault during delivery is delivered in turn, or turns
 * into a double fault by the classes of the two (table 6-5); a fault while delivering the
 * double fault shuts the machine down: c.shutdown records the chain, and the run stops.
 */
export function deliverEvent(
  c: Cpu,
  vector: number,
  kind: number,
  errorCode: number,
  hasErrorCode: boolean,
  cause: string,
): void {
  const chain = c.interrupts.chain;
  chain.count = 0;
  let v = vector;
  let k = kind;
  let err = errorCode;
  let pushErr = hasErrorCode && kind === EXCEPTION;
  let why = cause;
  for (;;) {
    chain.add(v, k, err, pushErr, c.rip, c.cr2, why);
    try {
      deliverOnce(c, v, k, err, pushErr);
      // Delivery ends an sti / mov ss shadow: the handler's first instruction is not shadowed.
      c.interrupts.shadowUntil = -1;
      return;
    } catch (e) {
      if (e !== c.fault) throw e;
      const f = c.fault;
      // Delivery never rolls RIP back: a fault in a task it switched to is the new task's.
      f.inNewTask = false;
      // EXT: the error is the fault of an event external to the program (SDM Vol. 3, 6.13).
      if (f.vector >= 10 && f.vector <= 13) f.errorCode |= 1;
      chain.failed(f);
      // CR2 is written when the page fault is detected, also when it becomes a double fault
      // (SDM Vol. 3A 6.15, interrupt 14): a #DF handler reads CR2 to find the stack overflow.
      loadCr2(c, f);
      if (v === DF_VEC && k === EXCEPTION) {
        c.shutdown = chain.record();
        c.stopRequested = true;
        return;
      }
      if (isDoubleFault(faultClass(v, k), faultClass(f.vector, EXCEPTION))) {
        v = DF_VEC;
        err = 0;
        pushErr = true;
        why = '';
      } else {
        v = f.vector;
        err = f.errorCode;
        pushErr = f.hasErrorCode;
        why = f.detail;
      }
      k = EXCEPTION;
    }
  }
}

/** CR2 takes a page fault's linear address when the fault is recognized. */
function loadCr2(c: Cpu, f: GuestFault): void {
  if (f.vector !== PF_VEC) return;
  c.cr2[0] = f.cr2Lo;
  c.cr2[1] = f.cr2Hi;
}

/**
 * The exception sink of a machine: every exception an instruction raises is delivered to
 * the guest's handler (the run loop has already rolled RIP back to the instruction).
 */
export class GuestExceptionSink implements ExceptionSink {
  exception(c: Cpu, f: GuestFault): void {
    loadCr2(c, f);
    deliverEvent(c, f.vector, EXCEPTION, f.errorCode, f.hasErrorCode, f.detail);
  }
}
