import type { InterruptController } from '../cpu/interrupts/interrupt-state.ts';
import { APIC_BASE } from '../cpu/msrs.ts';
import type { MmioDevice } from '../memory/physical-memory.ts';
import type { DeviceHost } from './device-host.ts';
import { readRegister, writeRegister } from './lapic-registers.ts';
import { ApicTimer } from './lapic-timer.ts';
import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';

/** The CPU as the local APIC sees it: TPR shares bits with CR8, the base MSR, the INTR/NMI pins. */
export interface ApicCpu {
  cr8: number;
  readonly msrs: { readonly v: Int32Array };
  readonly interrupts: { poke(): void; nmi(): void };
}

/** What drives LINT0 in virtual-wire mode: the 8259 pair's INT and its INTA cycle. */
export interface ExtIntSource {
  output(): boolean;
  acknowledge(): number;
}

export const LAPIC_BASE = 0xfee00000;
/** LVT indices (register 0x320 + 0x10 * index). */
export const LVT_TIMER = 0;
export const LVT_LINT0 = 3;
export const LVT_LINT1 = 4;
export const LVT_ERROR = 5;
const LVT_MASKED = 1 << 16;
const LVT_PERIODIC = 1 << 17;
const DELIVERY_MODE = 0x700;
const EXTINT = 0x700;
/** Writable bits of each LVT: timer (no TSC-deadline), thermal, perf, LINT0, LINT1, error. */
const LVT_WRITABLE = [0x300ff, 0x107ff, 0x107ff, 0x1a7ff, 0x1a7ff, 0x100ff];
const SVR_ENABLE = 1 << 8;
/** ESR bits: send illegal vector, receive illegal vector (illegal register: lapic-registers.ts). */
const ESR_SEND_ILLEGAL = 1 << 5;
const ESR_RECEIVE_ILLEGAL = 1 << 6;
const APIC_GLOBAL_ENABLE = 1 << 11;

/**
 * The local APIC of the one CPU, in xAPIC mode at 0xfee00000 (Intel SDM Vol. 3, chapter 11):
 * it is the CPU's interrupt controller. It holds the vectors the I/O APIC, its own timer,
 * self-IPIs and error reports raise in IRR/ISR/TMR, presents the highest one above the
 * processor priority (PPR, from TPR = CR8 << 4 and the highest in service), and passes the
 * 8259's INT through as ExtINT while LINT0 is programmed so (virtual-wire mode) or while
 * IA32_APIC_BASE has the APIC globally disabled, as on a PC.
 *
 * IA32_APIC_BASE lives in c.msrs and is read on every access: clearing its enable bit makes
 * the APIC return to its power-up state and stop decoding MMIO. Relocating the base is not
 * supported (nor is it by QEMU): the registers answer only while the base is 0xfee00000.
 */
export class LocalApic implements InterruptController, MmioDevice {
  id = 0;
  ldr = 0;
  dfr = -1;
  svr = 0xff;
  readonly irr = new Int32Array(8);
  readonly isr = new Int32Array(8);
  readonly tmr = new Int32Array(8);
  readonly lvt = new Int32Array(6);
  icrLo = 0;
  icrHi = 0;
  readonly timer: ApicTimer;
  /** An EOI for a level-triggered vector, broadcast to the I/O APIC (clears remote IRR). */
  onLevelEoi: (vector: number) => void = () => {};
  /** ESR as last latched by a write, and the errors seen since. */
  esr = 0;
  esrPending = 0;
  private tpr = 0;
  private baseMsr: number;

  constructor(
    private readonly cpu: ApicCpu,
    private readonly pic: ExtIntSource,
    private readonly host: DeviceHost,
  ) {
    this.timer = new ApicTimer(host, () => this.timerExpired());
    this.baseMsr = cpu.msrs.v[APIC_BASE];
    this.reset();
  }

  /**
   * Power-up state (SDM 11.4.7.1) with LINT0 as ExtINT, as QEMU resets the bootstrap
   * processor's APIC "as the BIOS would": the 8259 reaches the CPU from the start.
   */
  reset(): void {
    this.irr.fill(0);
    this.isr.fill(0);
    this.tmr.fill(0);
    this.lvt.fill(LVT_MASKED);
    this.lvt[LVT_LINT0] = EXTINT;
    this.tpr = 0;
    this.cpu.cr8 = 0;
    this.ldr = 0;
    this.dfr = -1;
    this.svr = 0xff;
    this.icrLo = 0;
    this.icrHi = 0;
    this.esr = 0;
    this.esrPending = 0;
    this.timer.stop();
    this.timer.divideConfig = 0;
    this.timer.periodic = false;
  }

  // --- The CPU side --------------------------------------------------------------------

  hasInterrupt(): boolean {
    if (!this.sync()) return this.pic.output();
    if (this.extIntOpen() && this.pic.output()) return true;
    if ((this.svr & SVR_ENABLE) === 0) return false;
    const v = highest(this.irr);
    return v >= 0 && (v & 0xf0) > (this.ppr() & 0xf0);
  }

  /**
   * INTA: ExtINT first, since it ignores priority (as QEMU orders them), then the highest
   * IRR vector moves to ISR. With nothing presentable it answers the spurious vector.
   */
  acknowledge(): number {
    if (!this.sync()) return this.pic.acknowledge();
    if (this.extIntOpen() && this.pic.output()) return this.pic.acknowledge();
    const v = highest(this.irr);
    if ((this.svr & SVR_ENABLE) === 0 || v < 0 || (v & 0xf0) <= (this.ppr() & 0xf0))
      return this.svr & 0xff;
    this.irr[v >> 5] &= ~(1 << (v & 31));
    this.isr[v >> 5] |= 1 << (v & 31);
    return v;
  }

  /** The 8259's INT rose: the CPU must look if it reaches it. */
  picRaised(): void {
    if (!this.sync() || this.extIntOpen()) this.cpu.interrupts.poke();
  }

  // --- The APIC bus side ---------------------------------------------------------------

  /**
   * A message from the I/O APIC: fixed, lowest-priority (this is the only CPU), NMI or
   * ExtINT (the 8259's vector, fetched now, as QEMU does). Returns whether this APIC is a
   * destination.
   */
  deliver(vector: number, mode: number, logical: boolean, dest: number, level: boolean): boolean {
    if (!this.sync() || !this.matches(dest, logical)) return false;
    if (mode === 0 || mode === 1) this.accept(vector, level);
    else if (mode === 4) this.cpu.interrupts.nmi();
    else if (mode === 7) this.accept(this.pic.acknowledge(), false);
    return true;
  }

  /** Whether (dest, destination mode) names this APIC (SDM 11.6.2). */
  matches(dest: number, logical: boolean): boolean {
    if (dest === 0xff) return true;
    if (!logical) return dest === this.id;
    const l = this.ldr >>> 24;
    // Flat model: a bit per APIC; cluster model: cluster in 7:4, members in 3:0.
    if (this.dfr >>> 28 === 0xf) return (dest & l) !== 0;
    return dest >> 4 === l >> 4 && (dest & l & 0xf) !== 0;
  }

  // --- Registers -------------------------------------------------------------------------

  read(offset: number, size: number): number {
    if (!this.decodes()) return size === 4 ? 0xffffffff : (1 << (size * 8)) - 1;
    // Registers sit at 16-byte boundaries and are 32 bits wide.
    if ((offset & 0xc) !== 0) return 0;
    const v = readRegister(this, offset >> 4, this.host.now());
    return size === 4 ? v >>> 0 : (v >>> ((offset & 3) * 8)) & ((1 << (size * 8)) - 1);
  }

  write(offset: number, size: number, value: number): void {
    // Narrower or misaligned writes are dropped, as QEMU drops them.
    if (!this.decodes() || size !== 4 || (offset & 0xf) !== 0) return;
    writeRegister(this, offset >> 4, value | 0, this.host.now());
  }

  writeLvt(i: number, v: number): void {
    let value = v & LVT_WRITABLE[i];
    // A software-disabled APIC keeps every LVT entry masked (SDM 11.4.7.2).
    if ((this.svr & SVR_ENABLE) === 0) value |= LVT_MASKED;
    this.lvt[i] = value;
    if (i === LVT_TIMER) this.timer.setPeriodic((value & LVT_PERIODIC) !== 0, this.host.now());
    this.update();
  }

  writeSvr(v: number): void {
    const wasEnabled = (this.svr & SVR_ENABLE) !== 0;
    // Vector, enable, focus-processor check; EOI-broadcast suppression is not offered.
    this.svr = v & 0x3ff;
    if (wasEnabled && (this.svr & SVR_ENABLE) === 0)
      for (let i = 0; i < 6; i++) this.lvt[i] |= LVT_MASKED;
    this.update();
  }

  eoi(): void {
    const v = highest(this.isr);
    if (v < 0) return;
    const w = v >> 5;
    const bit = 1 << (v & 31);
    this.isr[w] &= ~bit;
    if ((this.tmr[w] & bit) !== 0) this.onLevelEoi(v);
    this.update();
  }

  /** ICR: self-IPIs (shorthand self or all, or our own ID); there is no other CPU. */
  sendIpi(): void {
    const lo = this.icrLo;
    const vector = lo & 0xff;
    const mode = (lo >> 8) & 7;
    const shorthand = (lo >> 18) & 3;
    const toSelf =
      shorthand === 0 ? this.matches(this.icrHi >>> 24, (lo & 0x800) !== 0) : shorthand !== 3;
    if (!toSelf) return;
    if (mode === 0 || mode === 1) {
      if (vector < 16) this.error(ESR_SEND_ILLEGAL);
      else this.accept(vector, false);
    } else if (mode === 4) this.cpu.interrupts.nmi();
    // SMI, INIT and start-up IPIs to itself are not modelled.
  }

  private timerExpired(): void {
    const e = this.lvt[LVT_TIMER];
    if ((e & LVT_MASKED) === 0) this.accept(e & 0xff, false);
  }

  /** A fixed interrupt arrives: vectors 0-15 are refused with a receive-illegal error. */
  private accept(vector: number, level: boolean): void {
    if (vector < 16) {
      this.error(ESR_RECEIVE_ILLEGAL);
      return;
    }
    const w = vector >> 5;
    const bit = 1 << (vector & 31);
    this.irr[w] |= bit;
    if (level) this.tmr[w] |= bit;
    else this.tmr[w] &= ~bit;
    this.update();
  }

  error(bit: number): void {
    this.esrPending |= bit;
    const e = this.lvt[LVT_ERROR];
    if ((e & LVT_MASKED) === 0 && (e & 0xff) >= 16) this.accept(e & 0xff, false);
  }

  /** A TPR write: CR8 follows bits 7:4. */
  setTpr(v: number): void {
    this.tpr = v & 0xff;
    this.cpu.cr8 = this.tpr >> 4;
    this.update();
  }

  private update(): void {
    if (this.hasInterrupt()) this.cpu.interrupts.poke();
  }

  /** TPR; a mov to CR8 since the last TPR write replaced bits 7:4 and cleared 3:0. */
  tprValue(): number {
    if (this.tpr >> 4 !== this.cpu.cr8) this.tpr = this.cpu.cr8 << 4;
    return this.tpr;
  }

  /** Processor priority: TPR, or the class of the highest vector in service if above it. */
  ppr(): number {
    const tpr = this.tprValue();
    const isrv = Math.max(highest(this.isr), 0);
    return tpr >> 4 >= isrv >> 4 ? tpr : isrv & 0xf0;
  }

  /** Whether LINT0 passes the 8259's INT through (ExtINT, unmasked). */
  private extIntOpen(): boolean {
    return (this.lvt[LVT_LINT0] & (LVT_MASKED | DELIVERY_MODE)) === EXTINT;
  }

  /** Reads IA32_APIC_BASE: returns whether the APIC is globally enabled. */
  private sync(): boolean {
    const m = this.cpu.msrs.v[APIC_BASE];
    if (m !== this.baseMsr) {
      const wasEnabled = (this.baseMsr & APIC_GLOBAL_ENABLE) !== 0;
      this.baseMsr = m;
      // Globally disabling the APIC loses its state (SDM 11.4.3).
      if (wasEnabled && (m & APIC_GLOBAL_ENABLE) === 0) this.reset();
    }
    return (m & APIC_GLOBAL_ENABLE) !== 0;
  }

  /** Whether the MMIO page answers: APIC enabled and still at the default base. */
  private decodes(): boolean {
    const hi = this.cpu.msrs.v[APIC_BASE + 1];
    return this.sync() && hi === 0 && (this.baseMsr & 0xfffff000) === (LAPIC_BASE | 0);
  }

  /** Snapshot state: the registers and the timer. The CPU, the 8259 and the host are wiring. */
  saveState(): SavedState {
    const fields = saveFields(this, ['cpu', 'pic', 'host', 'timer']);
    return { ...fields, timer: this.timer.saveState() };
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
    this.timer.loadState(s.timer as SavedState);
  }
}

/** The highest vector set in a 256-bit register, or -1. */
function highest(r: Int32Array): number {
  for (let w = 7; w >= 0; w--) if (r[w] !== 0) return (w << 5) | (31 - Math.clz32(r[w]));
  return -1;
}
