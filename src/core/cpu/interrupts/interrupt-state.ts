import { FaultChain } from './fault-chain.ts';
import { GateScratch } from './gate.ts';

/**
 * What the CPU asks of an interrupt controller (8259 PIC, local APIC): the level of its
 * INTR output, and the acknowledge cycle that takes the highest-priority request into
 * service and names its vector. A controller calls `cpu.interrupts.poke()` whenever its
 * output may have risen (a new request, an unmask, an EOI that uncovers another), so the
 * CPU looks again at the next instruction boundary.
 */
export interface InterruptController {
  hasInterrupt(): boolean;
  acknowledge(): number;
}

/** What a request sets on the CPU: it ends the running block (so the request is taken at
 * the next instruction boundary) and asks the run loop to look before the next block. */
interface RunFlags {
  attention: boolean;
  endBlock(): void;
}

/**
 * The CPU's interrupt inputs and the state that gates them between instructions: NMI and
 * its blocking until iret, maskable requests (from a controller, or raised by vector for
 * tests and simple devices), the one-instruction shadow of sti, mov ss and pop ss, and the
 * scratch of event delivery. Between blocks the run loop looks only at Cpu.attention,
 * which every request sets and serviceInterrupts clears once nothing is pending.
 */
export class InterruptState {
  controller: InterruptController | null = null;
  nmiPending = false;
  /** Set by NMI delivery; the next iret clears it (SDM Vol. 3, 6.7.1). */
  nmiBlocked = false;
  /** Instruction count (Cpu.now()) before which NMI and INTR are held off. */
  shadowUntil = -1;
  readonly gate = new GateScratch();
  readonly chain = new FaultChain();
  /** Vectors raised without a controller: a 256-bit set, served highest first. */
  private readonly queued = new Int32Array(8);
  private queuedCount = 0;

  constructor(private readonly cpu: RunFlags) {}

  /** Requests the maskable interrupt `vector` (no controller involved). */
  raise(vector: number): void {
    const w = (vector >>> 5) & 7;
    const bit = 1 << (vector & 31);
    if ((this.queued[w] & bit) === 0) {
      this.queued[w] |= bit;
      this.queuedCount++;
    }
    this.poke();
  }

  /** Asserts NMI (edge-triggered: one request until delivered). */
  nmi(): void {
    this.nmiPending = true;
    this.poke();
  }

  /** An input may have changed: end the running block and look at the next boundary. */
  poke(): void {
    this.cpu.attention = true;
    this.cpu.endBlock();
  }

  /** Whether a maskable interrupt is requested (whatever RFLAGS.IF says). */
  hasMaskable(): boolean {
    return this.queuedCount > 0 || (this.controller !== null && this.controller.hasInterrupt());
  }

  /** The acknowledge cycle: the highest raised vector first, then the controller's. */
  acknowledge(): number {
    if (this.queuedCount > 0) {
      for (let w = 7; w >= 0; w--) {
        const bits = this.queued[w];
        if (bits === 0) continue;
        const b = 31 - Math.clz32(bits);
        this.queued[w] = bits & ~(1 << b);
        this.queuedCount--;
        return (w << 5) | b;
      }
    }
    return this.controller!.acknowledge();
  }

  /** iret ends NMI blocking; an NMI that waited is then looked at. */
  iretDone(): void {
    if (!this.nmiBlocked) return;
    this.nmiBlocked = false;
    if (this.nmiPending) this.poke();
  }

  /** Starts holding NMI and INTR off until one more instruction has retired. */
  holdForOneInstruction(now: number): void {
    this.shadowUntil = now + 2;
  }
}
