import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
/**
 * One Intel 8259A programmable interrupt controller (datasheet 231468): eight request
 * inputs IR0-7, the IRR/ISR/IMR registers, priority resolution with rotation, the
 * initialisation sequence ICW1-4 and the operation commands OCW1-3. The PC's master/slave
 * pair, cascading and the INTA cycle live in dual-pic.ts; this class is one chip's logic.
 *
 * Edge-triggered inputs latch a rising edge into IRR, which stays set until the
 * acknowledge even if the line falls again (as QEMU's i8259 does; the datasheet wants the
 * line held until INTA, which the devices here do or do not, so latching avoids spurious
 * IRQ7s no real board would show). Level-triggered inputs (ELCR or ICW1.LTIM) make IRR
 * follow the line.
 */
export class Pic8259 {
  irr = 0;
  isr = 0;
  imr = 0;
  /** Input levels as last driven, for edge detection. */
  lines = 0;
  /** Edge/level control from the ELCR: a set bit makes that input level-triggered. */
  elcr = 0;
  /** Vector of IR0 (ICW2, bits 7:3). */
  base = 0;
  /** The IR with the highest priority; rotation moves it (OCW2 R, SL). */
  priorityAdd = 0;
  /** 0: operational; 1, 2, 3: the next data write is ICW2, ICW3, ICW4. */
  initState = 0;
  needIcw4 = false;
  single = false;
  levelMode = false;
  autoEoi = false;
  rotateOnAutoEoi = false;
  specialMask = false;
  specialFullyNested = false;
  /** ICW3: the slave bitmap (master) or the cascade identity (slave). */
  icw3 = 0;
  /** OCW3 RR/RIS: the command port reads ISR instead of IRR. */
  readIsr = false;
  /** OCW3 P: the next command-port read is a poll. */
  poll = false;

  constructor(
    readonly isMaster: boolean,
    /** ELCR bits that may be set (the master's IR0-2 and the slave's IR8/IR13 are always edge). */
    readonly elcrMask: number,
  ) {}

  /** Drives input `ir`. */
  setLine(ir: number, level: boolean): void {
    const bit = 1 << ir;
    if (this.isLevel(ir)) {
      if (level) this.irr |= bit;
      else this.irr &= ~bit;
    } else if (level && (this.lines & bit) === 0) this.irr |= bit;
    if (level) this.lines |= bit;
    else this.lines &= ~bit;
  }

  isLevel(ir: number): boolean {
    return (this.levelMask() & (1 << ir)) !== 0;
  }

  /** Inputs that are level-triggered: all with ICW1.LTIM, else those the ELCR selects. */
  levelMask(): number {
    return this.levelMode ? 0xff : this.elcr;
  }

  /** An ELCR write: inputs turned level-triggered start following their lines. */
  setElcr(v: number): void {
    this.elcr = v & this.elcrMask;
    const level = this.levelMask();
    this.irr = (this.irr & ~level) | (this.lines & level);
  }

  /** The IR the chip presents on INT now, or -1 (masked, or not above what is in service). */
  pending(): number {
    const p = this.priorityOf(this.irr & ~this.imr);
    if (p === 8) return -1;
    let inService = this.isr;
    // Special mask mode: a masked level in service no longer holds lower ones off.
    if (this.specialMask) inService &= ~this.imr;
    // Fully nested for the slave: the master lets a higher slave request through while a
    // lower one is in service on the same cascade input.
    if (this.specialFullyNested && this.isMaster) inService &= ~this.icw3;
    return p < this.priorityOf(inService) ? (p + this.priorityAdd) & 7 : -1;
  }

  /** The INTA cycle for `ir`: it moves from IRR to ISR (or straight out with AEOI). */
  acknowledge(ir: number): void {
    const bit = 1 << ir;
    // A level input keeps requesting until the device drops the line.
    if (!this.isLevel(ir)) this.irr &= ~bit;
    if (!this.autoEoi) this.isr |= bit;
    else if (this.rotateOnAutoEoi) this.priorityAdd = (ir + 1) & 7;
  }

  /** A write to the command port (A0 = 0): ICW1, OCW2 or OCW3. */
  writeCommand(v: number): void {
    if ((v & 0x10) !== 0) this.icw1(v);
    else if ((v & 0x08) !== 0) this.ocw3(v);
    else this.ocw2(v);
  }

  /** A write to the data port (A0 = 1): ICW2-4 during initialisation, OCW1 (IMR) after. */
  writeData(v: number): void {
    switch (this.initState) {
      case 0:
        this.imr = v;
        return;
      case 1:
        this.base = v & 0xf8;
        this.initState = this.single ? (this.needIcw4 ? 3 : 0) : 2;
        return;
      case 2:
        this.icw3 = v;
        this.initState = this.needIcw4 ? 3 : 0;
        return;
      default:
        // ICW4: bit 0 8086 mode (assumed), bit 1 AEOI, bit 4 special fully nested.
        this.autoEoi = (v & 2) !== 0;
        this.specialFullyNested = (v & 0x10) !== 0;
        this.initState = 0;
    }
  }

  /** A read of the command port: the poll answer, IRR or ISR. */
  readCommand(): number {
    if (this.poll) {
      this.poll = false;
      const ir = this.pending();
      if (ir < 0) return 0;
      this.acknowledge(ir);
      return 0x80 | ir;
    }
    return this.readIsr ? this.isr : this.irr;
  }

  /**
   * ICW1 starts initialisation. Per the datasheet it clears IMR and the special mask, gives
   * IR7 the lowest priority and makes the edge detector wait for a new rising edge; like
   * QEMU it also drops the requests and in-service bits left from before.
   */
  private icw1(v: number): void {
    this.needIcw4 = (v & 1) !== 0;
    this.single = (v & 2) !== 0;
    this.levelMode = (v & 8) !== 0;
    this.irr = this.lines & this.levelMask();
    this.isr = 0;
    this.imr = 0;
    this.priorityAdd = 0;
    this.specialMask = false;
    this.readIsr = false;
    this.poll = false;
    this.autoEoi = false;
    this.rotateOnAutoEoi = false;
    this.specialFullyNested = false;
    this.initState = 1;
  }

  /** OCW2: EOI (non-specific, specific, with rotation) and priority commands. */
  private ocw2(v: number): void {
    const cmd = v >> 5;
    const level = v & 7;
    switch (cmd) {
      case 0: // rotate in AEOI mode: clear
      case 4: // rotate in AEOI mode: set
        this.rotateOnAutoEoi = cmd === 4;
        return;
      case 1: // non-specific EOI
      case 5: {
        // ... with rotation
        const p = this.priorityOf(this.isr);
        if (p === 8) return;
        const ir = (p + this.priorityAdd) & 7;
        this.isr &= ~(1 << ir);
        if (cmd === 5) this.priorityAdd = (ir + 1) & 7;
        return;
      }
      case 3: // specific EOI
        this.isr &= ~(1 << level);
        return;
      case 7: // rotate on specific EOI
        this.isr &= ~(1 << level);
        this.priorityAdd = (level + 1) & 7;
        return;
      case 6: // set priority: `level` becomes the lowest
        this.priorityAdd = (level + 1) & 7;
        return;
    }
  }

  /** OCW3: register read select, poll, special mask mode. */
  private ocw3(v: number): void {
    if ((v & 2) !== 0) this.readIsr = (v & 1) !== 0;
    if ((v & 4) !== 0) this.poll = true;
    if ((v & 0x40) !== 0) this.specialMask = (v & 0x20) !== 0;
  }

  /** Priority (0 highest) of the highest-priority bit of `mask`, 8 when it is empty. */
  private priorityOf(mask: number): number {
    if (mask === 0) return 8;
    let p = 0;
    while ((mask & (1 << ((p + this.priorityAdd) & 7))) === 0) p++;
    return p;
  }

  /** Snapshot state: every register and mode bit. */
  saveState(): SavedState {
    return saveFields(this);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}
