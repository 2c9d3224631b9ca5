import type { Cpu } from '../cpu.ts';
import { NMI } from '../fault.ts';
import { IF } from '../flags.ts';
import { deliverEvent } from './deliver.ts';
import { EXTERNAL } from './events.ts';

/**
 * Runs between blocks while c.attention is set: delivers a pending NMI, or a
 * maskable interrupt when RFLAGS.IF allows, waking a halted CPU. An interrupt waiting
 * out the shadow of sti / mov ss gets the run cut to one more instruction (the returned
 * budget), so it is taken exactly one instruction later however the blocks fall: after
 * `sti; nop; cli` it is taken before the cli, as on hardware.
 */
export function serviceInterrupts(c: Cpu, done: number, budget: number): number {
  const s = c.interrupts;
  const nmi = s.nmiPending && !s.nmiBlocked;
  const maskable = s.hasMaskable();
  if (!nmi && (!maskable || (c.flags & IF) === 0)) {
    // Nothing deliverable now; keep looking only while something waits (IF or NMI blocking).
    c.attention = s.nmiPending || maskable;
    return budget;
  }
  if (c.now() < s.shadowUntil) return Math.min(budget, done + 1);
  c.halted = false;
  if (nmi) {
    s.nmiPending = false;
    s.nmiBlocked = true;
    deliverEvent(c, NMI, EXTERNAL, 0, false, 'NMI');
  } else deliverEvent(c, s.acknowledge(), EXTERNAL, 0, false, 'external interrupt');
  return budget;
}
