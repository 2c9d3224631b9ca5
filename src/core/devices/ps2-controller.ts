import type { PortBus } from '../io-bus.ts';
import { BytePortDevice, IrqLine } from './byte-port-device.ts';
import type { DeviceHost } from './device-host.ts';
import { Ps2Keyboard } from './ps2-keyboard.ts';
import { Ps2Mouse } from './ps2-mouse.ts';
import { TRANSLATE_SET2_TO_SET1 } from './ps2-scancodes.ts';
import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';

// Status register (port 0x64 read).
const ST_OBF = 0x01; // output buffer full
const ST_SYS = 0x04; // system flag: the controller passed its self-test
const ST_CMD = 0x08; // the last write was to 0x64 (a command), not 0x60
const ST_UNLOCKED = 0x10; // keyboard not inhibited by the keylock
const ST_AUX_OBF = 0x20; // the output buffer holds aux (mouse) data
// Command byte (controller RAM byte 0).
const CB_KBD_INT = 0x01;
const CB_AUX_INT = 0x02;
const CB_KBD_DISABLED = 0x10;
const CB_AUX_DISABLED = 0x20;
const CB_TRANSLATE = 0x40;
// Output port (0xd0/0xd1).
const OUT_RESET = 0x01; // active low: writing 0 here resets the CPU
const OUT_A20 = 0x02;
const OUT_OBF = 0x10;
const OUT_AUX_OBF = 0x20;

const SRC_CTRL = 0;
const SRC_KBD = 1;
const SRC_AUX = 2;

export interface Ps2Options {
  /** Called when the guest changes A20 through the output port (0xd1, 0xdd, 0xdf). */
  onA20?: (enabled: boolean) => void;
}

/**
 * The 8042 keyboard controller at 0x60 (data) / 0x64 (status, command), with a keyboard and
 * a mouse attached. It starts in the state SeaBIOS leaves it in under QEMU: self-test passed,
 * command byte 0x61 (translation on, keyboard IRQ on, aux port off), keyboard scanning in set
 * 2, so a kernel reading port 0x60 sees set 1 scancodes. Controller replies go ahead of device
 * data; a disabled port keeps its device's bytes until it is enabled (QEMU's newer model).
 * IRQ1/IRQ12 are levels that follow a full output buffer and fall when it is read.
 */
export class Ps2Controller extends BytePortDevice {
  readonly keyboard = new Ps2Keyboard();
  readonly mouse = new Ps2Mouse();
  private readonly irqKbd: IrqLine;
  private readonly irqAux: IrqLine;
  /** Controller RAM; byte 0 is the command byte. */
  private readonly ram = new Uint8Array(32);
  private status = 0;
  private outport = 0;
  /** The command whose data byte the next write to 0x60 is (0x60-0x7f, 0xd1-0xd4), or 0. */
  private pendingCommand = 0;
  private obFull = false;
  private obData = 0;
  private obSource = SRC_CTRL;
  /** A controller reply waiting for the output buffer (-1: none), and whether it is aux's. */
  private reply = -1;
  private replyAux = false;
  /** Translation swallowed an F0 and sets bit 7 of the next keyboard byte. */
  private breakPrefix = false;

  constructor(
    private readonly host: DeviceHost,
    private readonly options: Ps2Options = {},
  ) {
    super();
    this.irqKbd = new IrqLine(host, 1);
    this.irqAux = new IrqLine(host, 12);
    this.reset();
  }

  attach(bus: PortBus): void {
    bus.register(0x60, 1, this);
    bus.register(0x64, 1, this);
  }

  protected decodes(port: number): boolean {
    return port === 0x60 || port === 0x64;
  }

  reset(): void {
    this.ram.fill(0);
    this.ram[0] = CB_TRANSLATE | CB_AUX_DISABLED | CB_KBD_INT;
    this.status = ST_SYS | ST_UNLOCKED;
    this.outport = 0xcc | OUT_A20 | OUT_RESET;
    this.pendingCommand = 0;
    this.obFull = false;
    this.obData = 0;
    this.reply = -1;
    this.breakPrefix = false;
    this.keyboard.reset();
    this.mouse.reset();
    this.update();
  }

  /** A key event from the UI (KeyboardEvent.code); false for a key the keyboard lacks. */
  keyEvent(code: string, down: boolean): boolean {
    const known = this.keyboard.keyEvent(code, down);
    this.update();
    return known;
  }

  /** Scancode bytes of one key event, as a session's input log holds them (see keyEvent). */
  sendScancodes(bytes: ArrayLike<number>): void {
    this.keyboard.sendScancodes(bytes);
    this.update();
  }

  get commandByte(): number {
    return this.ram[0];
  }

  get a20(): boolean {
    return (this.outport & OUT_A20) !== 0;
  }

  protected readByte(port: number): number {
    if (port === 0x64) return this.status | (this.obFull ? ST_OBF : 0) | this.auxBit(ST_AUX_OBF);
    // An empty buffer reads as the last byte again, which QEMU keeps for old DOS extenders.
    const v = this.obData;
    if (this.obFull) {
      // Reading empties the buffer and drops the line, so the next byte raises a new edge.
      this.obFull = false;
      this.irqKbd.set(false);
      this.irqAux.set(false);
      this.update();
    }
    return v;
  }

  protected writeByte(port: number, value: number): void {
    if (port === 0x64) {
      this.status |= ST_CMD;
      this.command(value);
    } else {
      this.status &= ~ST_CMD;
      this.data(value);
    }
    this.update();
  }

  private command(cmd: number): void {
    if (cmd >= 0x20 && cmd < 0x40) return this.queueReply(this.ram[cmd - 0x20], false);
    if ((cmd >= 0x60 && cmd < 0x80) || (cmd >= 0xd1 && cmd <= 0xd4)) {
      this.pendingCommand = cmd;
      return;
    }
    // F0-FF pulse output port bits 0-3 low for a moment; only bit 0 (reset) has an effect.
    if (cmd >= 0xf0) {
      if (!(cmd & 1)) this.host.emit({ kind: 'reset', source: '8042' });
      return;
    }
    switch (cmd) {
      case 0xa7:
        this.ram[0] |= CB_AUX_DISABLED;
        break;
      case 0xa8:
        this.ram[0] &= ~CB_AUX_DISABLED;
        break;
      case 0xa9: // aux interface test: 0 = no clock or data line stuck
      case 0xab: // keyboard interface test
        this.queueReply(0x00, false);
        break;
      case 0xaa: // controller self-test
        this.status |= ST_SYS;
        this.queueReply(0x55, false);
        break;
      case 0xad:
        this.ram[0] |= CB_KBD_DISABLED;
        break;
      case 0xae:
        this.ram[0] &= ~CB_KBD_DISABLED;
        break;
      case 0xc0: // input port: keyboard not inhibited
        this.queueReply(0x80, false);
        break;
      case 0xd0:
        this.queueReply(this.outportValue(), false);
        break;
      case 0xdd:
        this.writeOutport(this.outport & ~OUT_A20);
        break;
      case 0xdf:
        this.writeOutport(this.outport | OUT_A20);
        break;
      // Anything else (0xa1 version, 0xe0 test inputs, ...) is ignored, as QEMU does.
    }
  }

  private data(value: number): void {
    const cmd = this.pendingCommand;
    this.pendingCommand = 0;
    if (cmd >= 0x60 && cmd < 0x80) {
      this.ram[cmd - 0x60] = value;
      return;
    }
    switch (cmd) {
      case 0xd1:
        this.writeOutport(value);
        break;
      case 0xd2: // as if the keyboard had sent it
        this.queueReply(value, false);
        break;
      case 0xd3: // as if the mouse had sent it
        this.queueReply(value, true);
        break;
      case 0xd4:
        this.mouse.write(value);
        this.ram[0] &= ~CB_AUX_DISABLED; // talking to the device enables its port
        break;
      default:
        this.keyboard.write(value);
        this.ram[0] &= ~CB_KBD_DISABLED;
    }
  }

  private writeOutport(value: number): void {
    const old = this.outport;
    this.outport = value & 0xff;
    if ((old ^ value) & OUT_A20) this.options.onA20?.((value & OUT_A20) !== 0);
    if (!(value & OUT_RESET)) this.host.emit({ kind: 'reset', source: '8042' });
  }

  private outportValue(): number {
    return (this.outport & ~(OUT_OBF | OUT_AUX_OBF)) | this.auxBit(OUT_AUX_OBF) | this.kbdBit();
  }

  private kbdBit(): number {
    return this.obFull && this.obSource !== SRC_AUX ? OUT_OBF : 0;
  }

  private auxBit(bit: number): number {
    return this.obFull && this.obSource === SRC_AUX ? bit : 0;
  }

  private queueReply(value: number, aux: boolean): void {
    this.reply = value;
    this.replyAux = aux;
  }

  /** Refills an empty output buffer (controller first, then keyboard, then mouse) and the IRQs. */
  private update(): void {
    if (!this.obFull) this.fill();
    const cb = this.ram[0];
    const kbd = this.obFull && this.obSource !== SRC_AUX;
    this.irqKbd.set(kbd && (cb & CB_KBD_INT) !== 0 && !(cb & CB_KBD_DISABLED));
    this.irqAux.set(this.obFull && this.obSource === SRC_AUX && (cb & CB_AUX_INT) !== 0);
  }

  private fill(): void {
    if (this.reply >= 0) {
      this.load(this.reply, this.replyAux ? SRC_AUX : SRC_CTRL);
      this.reply = -1;
      return;
    }
    const cb = this.ram[0];
    if (!(cb & CB_KBD_DISABLED)) {
      const q = this.keyboard.output;
      while (q.length > 0) {
        let b = q.shift();
        if (cb & CB_TRANSLATE) {
          if (b === 0xf0) {
            this.breakPrefix = true; // swallowed: the next byte comes out with bit 7 set
            continue;
          }
          b = TRANSLATE_SET2_TO_SET1[b] | (this.breakPrefix ? 0x80 : 0);
          this.breakPrefix = false;
        }
        this.load(b, SRC_KBD);
        return;
      }
    }
    if (!(cb & CB_AUX_DISABLED) && this.mouse.output.length > 0) {
      this.load(this.mouse.output.shift(), SRC_AUX);
    }
  }

  private load(value: number, source: number): void {
    this.obFull = true;
    this.obData = value;
    this.obSource = source;
  }

  /** Snapshot state: the controller, its two IRQ levels, the keyboard and the mouse. */
  saveState(): SavedState {
    const parts = ['host', 'options', 'keyboard', 'mouse', 'irqKbd', 'irqAux'];
    return {
      ...saveFields(this, parts),
      keyboard: this.keyboard.saveState(),
      mouse: this.mouse.saveState(),
      irqKbd: this.irqKbd.saveState(),
      irqAux: this.irqAux.saveState(),
    };
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
    this.keyboard.loadState(s.keyboard as SavedState);
    this.mouse.loadState(s.mouse as SavedState);
    this.irqKbd.loadState(s.irqKbd as SavedState);
    this.irqAux.loadState(s.irqAux as SavedState);
  }
}
