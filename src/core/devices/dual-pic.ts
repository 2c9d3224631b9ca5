import type { PortBus, PortDevice } from '../io-bus.ts';
import { Pic8259 } from './pic8259.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';

/** ELCR bits that exist: IRQ0-2 (timer, keyboard, cascade) and IRQ8/IRQ13 are edge only. */
const MASTER_ELCR_MASK = 0xf8;
const SLAVE_ELCR_MASK = 0xde;

/**
 * The PC's two 8259As: the master at 0x20/0x21 with the slave's INT on its IR2, the slave
 * at 0xa0/0xa1 for IRQ8-15, and the edge/level control registers (ELCR) at 0x4d0/0x4d1.
 * It is the CPU's interrupt controller when the local APIC passes ExtINT through (see
 * lapic.ts), and runs the two-chip INTA cycle, spurious IRQ7 and IRQ15 included.
 */
export class DualPic implements PortDevice {
  readonly master = new Pic8259(true, MASTER_ELCR_MASK);
  readonly slave = new Pic8259(false, SLAVE_ELCR_MASK);
  /** Called whenever INT is asserted after a change, so the CPU looks again. */
  onRaise: () => void = () => {};

  register(bus: PortBus): void {
    bus.register(0x20, 2, this);
    bus.register(0xa0, 2, this);
    bus.register(0x4d0, 2, this);
  }

  /** ISA IRQ `line` (0-15). IRQ2 does not exist on a PC: the master's IR2 is the cascade. */
  setIrq(line: number, level: boolean): void {
    if (line === 2) return;
    if (line < 8) this.master.setLine(line, level);
    else this.slave.setLine(line - 8, level);
    this.update();
  }

  /** The master's INT output: whether an unmasked request waits above what is in service. */
  output(): boolean {
    return this.master.pending() >= 0;
  }

  /**
   * The INTA cycle: the vector of the highest-priority request, moved into service. With
   * nothing left to present (the request went away) the chip answers with IR7's vector and
   * sets no ISR bit: the spurious IRQ7 (or IRQ15 on the slave, with the master's IR2 in
   * service, so the handler must still EOI the master).
   */
  acknowledge(): number {
    const m = this.master;
    const ir = m.pending();
    if (ir < 0) return m.base + 7;
    if (ir !== 2) {
      m.acknowledge(ir);
      this.update();
      return m.base + ir;
    }
    const s = this.slave;
    const ir2 = s.pending();
    if (ir2 >= 0) s.acknowledge(ir2);
    // The slave's INT may have dropped; the master then latches no new edge on IR2.
    m.setLine(2, s.pending() >= 0);
    m.acknowledge(2);
    this.update();
    return s.base + (ir2 >= 0 ? ir2 : 7);
  }

  in(port: number, size: number): number {
    let v = 0;
    for (let k = 0; k < size; k++) v |= this.readByte(port + k) << (8 * k);
    return v >>> 0;
  }

  out(port: number, size: number, value: number): void {
    for (let k = 0; k < size; k++) this.writeByte(port + k, (value >>> (8 * k)) & 0xff);
  }

  private readByte(port: number): number {
    switch (port) {
      case 0x20:
        return this.readCommand(this.master);
      case 0x21:
        return this.master.imr;
      case 0xa0:
        return this.readCommand(this.slave);
      case 0xa1:
        return this.slave.imr;
      case 0x4d0:
        return this.master.elcr;
      case 0x4d1:
        return this.slave.elcr;
    }
    return 0xff;
  }

  private readCommand(p: Pic8259): number {
    const v = p.readCommand();
    // A poll acknowledges like INTA, which can change the cascade and INT.
    this.update();
    return v;
  }

  private writeByte(port: number, v: number): void {
    switch (port) {
      case 0x20:
        this.master.writeCommand(v);
        break;
      case 0x21:
        this.master.writeData(v);
        break;
      case 0xa0:
        this.slave.writeCommand(v);
        break;
      case 0xa1:
        this.slave.writeData(v);
        break;
      case 0x4d0:
        this.master.setElcr(v);
        break;
      case 0x4d1:
        this.slave.setElcr(v);
        break;
      default:
        return;
    }
    this.update();
  }

  /** Carries the slave's INT to the master's IR2, then tells the CPU side if INT is up. */
  private update(): void {
    this.master.setLine(2, this.slave.pending() >= 0);
    if (this.master.pending() >= 0) this.onRaise();
  }

  /** Snapshot state: both chips. The INT output is recomputed by whoever reads it. */
  saveState(): SavedState {
    return { master: this.master.saveState(), slave: this.slave.saveState() };
  }

  loadState(s: SavedState): void {
    this.master.loadState(s.master as SavedState);
    this.slave.loadState(s.slave as SavedState);
  }
}
