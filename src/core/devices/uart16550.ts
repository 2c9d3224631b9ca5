import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
import type { PortBus } from '../io-bus.ts';
import { instructionsFor } from '../time.ts';
import { BytePortDevice, IrqLine } from './byte-port-device.ts';
import { ByteQueue } from './byte-queue.ts';
import type { DeviceHost, TimerClient } from './device-host.ts';
import {
  IER_RDI,
  IER_THRI,
  IER_RLSI,
  IER_MSI,
  IIR_NO_INT,
  IIR_ID,
  IIR_MSI,
  IIR_THRI,
  IIR_RDI,
  IIR_RLSI,
  IIR_CTI,
  IIR_FIFO_ENABLED,
  FCR_FE,
  FCR_RFR,
  FCR_XFR,
  LCR_DLAB,
  MCR_LOOP,
  MCR_OUT2,
  LSR_DR,
  LSR_ERRORS,
  LSR_OE,
  LSR_BI,
  LSR_THRE,
  LSR_TEMT,
  MSR_DELTAS,
  MSR_TERI,
  MSR_RI,
  MSR_CONNECTED,
  FIFO_SIZE,
  TRIGGER_LEVELS,
  BAUD_BASE,
} from './uart-registers.ts';

export interface UartOptions {
  /** First of the 8 ports: 0x3f8 COM1, 0x2f8 COM2, 0x3e8 COM3, 0x2e8 COM4. */
  base: number;
  irq: number;
}

/**
 * A 16550A UART. Transmission is instant (each byte is one `serial` event), reception goes
 * through the 16-byte FIFO with its trigger level and character timeout, and interrupts
 * follow QEMU's hw/char/serial.c, which hobby kernels are written against: the IRQ line is
 * driven whatever MCR.OUT2 says, IIR reports one source by priority (line status, FIFO
 * timeout, received data, THR empty, modem status), and reading IIR acknowledges THRE.
 */
export class Uart16550 extends BytePortDevice implements TimerClient {
  readonly base: number;
  private readonly irq: IrqLine;
  private rbr = 0;
  private ier = 0;
  private iir = IIR_NO_INT;
  private fcr = 0;
  private lcr = 0;
  private mcr = 0;
  private lsr = 0;
  private msr = 0;
  private scr = 0;
  private divisor = 0;
  private readonly fifo = new ByteQueue(FIFO_SIZE);
  private triggerLevel = 1;
  private thrPending = false;
  private timeoutPending = false;
  /** Bytes given by the host that the UART cannot take yet (FIFO full, or RBR unread). */
  private input: number[] = [];
  private inputHead = 0;

  constructor(
    private readonly host: DeviceHost,
    options: UartOptions,
  ) {
    super();
    this.base = options.base;
    this.irq = new IrqLine(host, options.irq);
    this.reset();
  }

  attach(bus: PortBus): void {
    bus.register(this.base, 8, this);
  }

  protected decodes(port: number): boolean {
    return port >= this.base && port < this.base + 8;
  }

  /** Power-on state, as QEMU's serial_reset: 9600 8N1, OUT2 set, FIFOs off and empty. */
  reset(): void {
    this.rbr = 0;
    this.ier = 0;
    this.iir = IIR_NO_INT;
    this.fcr = 0;
    this.lcr = 0;
    this.mcr = MCR_OUT2;
    this.lsr = LSR_TEMT | LSR_THRE;
    this.msr = MSR_CONNECTED;
    this.scr = 0;
    this.divisor = 12;
    this.fifo.clear();
    this.triggerLevel = 1;
    this.thrPending = false;
    this.timeoutPending = false;
    this.host.cancelTimer(this);
    this.irq.set(false);
  }

  /** Input from the outside (UI terminal, replayed session): taken as fast as the UART can. */
  receive(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.input.push(bytes[i] & 0xff);
    this.pump();
  }

  /** Bytes given to receive() that the guest has not yet drained into its FIFO or RBR. */
  get pendingInput(): number {
    return this.input.length - this.inputHead;
  }

  /** Changes the modem input lines (DCD, DSR, CTS, RI: MSR bits 7-4), setting delta bits. */
  setModemInputs(lines: number): void {
    const old = this.msr;
    const now = lines & 0xf0;
    if (now === (old & 0xf0)) return;
    let deltas = ((now ^ old) >> 4) & MSR_DELTAS;
    // TERI reports only the trailing edge of ring indicate (1 -> 0).
    if (!(old & MSR_RI) || now & MSR_RI) deltas &= ~MSR_TERI;
    this.msr = now | (old & MSR_DELTAS) | deltas;
    this.updateIrq();
  }

  onTimer(): void {
    // No read for four character times with data left in the FIFO: the timeout interrupt.
    if (this.fifo.length > 0) {
      this.timeoutPending = true;
      this.updateIrq();
    }
  }

  protected readByte(port: number): number {
    switch ((port - this.base) & 7) {
      case 0:
        return this.lcr & LCR_DLAB ? this.divisor & 0xff : this.readRbr();
      case 1:
        return this.lcr & LCR_DLAB ? this.divisor >> 8 : this.ier;
      case 2: {
        const v = this.iir;
        if ((v & IIR_ID) === IIR_THRI) {
          this.thrPending = false; // reading IIR is how THRE is acknowledged
          this.updateIrq();
        }
        return v;
      }
      case 3:
        return this.lcr;
      case 4:
        return this.mcr;
      case 5: {
        const v = this.lsr;
        if (v & LSR_ERRORS) {
          this.lsr &= ~LSR_ERRORS;
          this.updateIrq();
        }
        return v;
      }
      case 6:
        return this.readMsr();
      default:
        return this.scr;
    }
  }

  protected writeByte(port: number, value: number): void {
    switch ((port - this.base) & 7) {
      case 0:
        if (this.lcr & LCR_DLAB) this.divisor = (this.divisor & 0xff00) | value;
        else this.transmit(value);
        break;
      case 1:
        if (this.lcr & LCR_DLAB) this.divisor = (this.divisor & 0xff) | (value << 8);
        else this.writeIer(value);
        break;
      case 2:
        this.writeFcr(value);
        break;
      case 3:
        this.lcr = value;
        break;
      case 4: {
        const wasLoop = this.mcr & MCR_LOOP;
        this.mcr = value & 0x1f;
        if (wasLoop && !(value & MCR_LOOP)) this.pump(); // the line is connected again
        break;
      }
      case 5:
      case 6:
        break; // LSR and MSR are read-only (factory test registers on a real 16550)
      default:
        this.scr = value;
    }
  }

  private readRbr(): number {
    let v: number;
    if (this.fcr & FCR_FE) {
      v = Math.max(this.fifo.shift(), 0);
      if (this.fifo.length === 0) this.lsr &= ~(LSR_DR | LSR_BI);
      else this.restartTimeout();
      this.timeoutPending = false;
    } else {
      v = this.rbr;
      this.lsr &= ~(LSR_DR | LSR_BI);
    }
    // Update first so an emptied RBR lowers the line and the next byte (if any) raises it
    // again: an edge-triggered PIC sees one edge per byte, as with QEMU's chardev.
    this.updateIrq();
    this.pump();
    return v;
  }

  private readMsr(): number {
    if (this.mcr & MCR_LOOP) {
      // Loopback wires OUT2 -> DCD, OUT1 -> RI, RTS -> CTS, DTR -> DSR. QEMU reports no
      // delta bits here, and kernels' probes compare the byte (Linux: MSR & 0xf0 == 0x90).
      const m = this.mcr;
      return ((m & 0x0c) << 4) | ((m & 0x02) << 3) | ((m & 0x01) << 5);
    }
    const v = this.msr;
    if (v & MSR_DELTAS) {
      this.msr &= 0xf0;
      this.updateIrq();
    }
    return v;
  }

  private transmit(value: number): void {
    this.thrPending = false;
    this.lsr &= ~(LSR_THRE | LSR_TEMT);
    this.updateIrq();
    if (this.mcr & MCR_LOOP) this.receiveByte(value);
    else this.host.emit({ kind: 'serial', port: this.base, byte: value });
    // The shift register empties at once: THRE comes back and, if enabled, interrupts.
    this.lsr |= LSR_THRE | LSR_TEMT;
    this.thrPending = true;
    this.updateIrq();
  }

  private writeIer(value: number): void {
    const changed = (this.ier ^ value) & 0x0f;
    this.ier = value & 0x0f;
    // Enabling THRI with THR empty raises the interrupt even if it was acknowledged before
    // (not in the datasheet; Windows relies on it and QEMU and Bochs do it on the rising edge).
    if (changed & IER_THRI) this.thrPending = !!(this.ier & IER_THRI && this.lsr & LSR_THRE);
    if (changed) this.updateIrq();
  }

  private writeFcr(value: number): void {
    if (value === this.fcr) return;
    // Turning the FIFOs on or off empties them.
    if ((value ^ this.fcr) & FCR_FE) value |= FCR_RFR | FCR_XFR;
    if (value & FCR_RFR) {
      this.fifo.clear();
      this.lsr &= ~(LSR_DR | LSR_BI);
      this.timeoutPending = false;
      this.host.cancelTimer(this);
    }
    if (value & FCR_XFR) {
      this.lsr |= LSR_THRE;
      this.thrPending = true;
    }
    // Only the enable, DMA mode and trigger bits stick; the resets are self-clearing.
    this.fcr = value & 0xc9;
    if (this.fcr & FCR_FE) {
      this.iir |= IIR_FIFO_ENABLED;
      this.triggerLevel = TRIGGER_LEVELS[value >> 6];
    } else {
      this.iir &= ~IIR_FIFO_ENABLED;
    }
    this.updateIrq();
    this.pump();
  }

  private receiveByte(value: number): void {
    if (this.fcr & FCR_FE) {
      // An overrun keeps the FIFO's contents and drops the new byte.
      if (!this.fifo.push(value)) this.lsr |= LSR_OE;
      this.restartTimeout();
    } else {
      if (this.lsr & LSR_DR) this.lsr |= LSR_OE;
      this.rbr = value;
    }
    this.lsr |= LSR_DR;
    this.updateIrq();
  }

  /** Moves host input into the UART while it has room, like QEMU's can_receive handshake. */
  private pump(): void {
    if (this.mcr & MCR_LOOP) return; // the receiver listens to the transmitter only
    const fifo = (this.fcr & FCR_FE) !== 0;
    while (this.inputHead < this.input.length) {
      if (fifo ? this.fifo.length >= FIFO_SIZE : (this.lsr & LSR_DR) !== 0) break;
      this.receiveByte(this.input[this.inputHead++]);
    }
    if (this.inputHead > 0 && this.inputHead === this.input.length) {
      this.input = [];
      this.inputHead = 0;
    }
  }

  /** Four character times at the programmed rate and frame, as the 16550 times its FIFO. */
  private restartTimeout(): void {
    const dataBits = (this.lcr & 3) + 5;
    const frameBits = 1 + dataBits + (this.lcr & 0x08 ? 1 : 0) + (this.lcr & 0x04 ? 2 : 1);
    const seconds = (4 * frameBits * Math.max(this.divisor, 1)) / BAUD_BASE;
    this.host.setTimer(this, this.host.now() + Math.max(1, instructionsFor(seconds)));
  }

  private updateIrq(): void {
    const ier = this.ier;
    let id = IIR_NO_INT;
    if (ier & IER_RLSI && this.lsr & LSR_ERRORS) id = IIR_RLSI;
    else if (ier & IER_RDI && this.timeoutPending) id = IIR_CTI;
    else if (
      ier & IER_RDI &&
      this.lsr & LSR_DR &&
      (!(this.fcr & FCR_FE) || this.fifo.length >= this.triggerLevel)
    )
      id = IIR_RDI;
    else if (ier & IER_THRI && this.thrPending) id = IIR_THRI;
    else if (ier & IER_MSI && this.msr & MSR_DELTAS) id = IIR_MSI;
    this.iir = id | (this.iir & 0xf0);
    this.irq.set(id !== IIR_NO_INT);
  }

  /** Snapshot state: the registers, the FIFO, the IRQ level and the host input not yet taken. */
  saveState(): SavedState {
    const fields = saveFields(this, ['host', 'fifo', 'irq']);
    return { ...fields, fifo: this.fifo.saveState(), irq: this.irq.saveState() };
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
    this.fifo.loadState(s.fifo as SavedState);
    this.irq.loadState(s.irq as SavedState);
  }
}
