import { ByteQueue } from './byte-queue.ts';
import { scancodes } from './ps2-scancodes.ts';
import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';

const ACK = 0xfa;
const RESEND = 0xfe;
const BAT_OK = 0xaa;
/**
 * Bytes the keyboard holds for the controller. A real one buffers 16; a few more let a burst
 * of UI key events (a paste) through while the guest is busy. Beyond that, keys are dropped.
 */
const QUEUE_SIZE = 64;

/**
 * An MF2 keyboard on the 8042's first port. It answers the commands the PS/2 protocol
 * defines (reset, identify, LEDs, typematic, scanning on/off, scancode set) as QEMU's
 * hw/input/ps2.c does, and turns key events into scancode set 1 or 2; the controller
 * translates set 2 to set 1 when its command byte asks. Set 3 is refused with RESEND.
 */
export class Ps2Keyboard {
  readonly output = new ByteQueue(QUEUE_SIZE);
  scanning = true;
  scancodeSet: 1 | 2 = 2;
  leds = 0;
  /** The command waiting for its parameter byte (0xed, 0xf0, 0xf3), or 0. */
  private awaiting = 0;
  private readonly scratch: number[] = [];

  /** Power-on state; the self-test result is what the keyboard sends first. */
  reset(): void {
    this.output.clear();
    this.setDefaults();
    this.awaiting = 0;
  }

  /** A byte the host sent through the controller's data port. */
  write(byte: number): void {
    const cmd = this.awaiting;
    if (cmd !== 0) {
      this.awaiting = 0;
      this.parameter(cmd, byte);
      return;
    }
    switch (byte) {
      case 0xed: // set LEDs
      case 0xf0: // get/set scancode set
      case 0xf3: // typematic rate and delay
        this.awaiting = byte;
        this.output.push(ACK);
        break;
      case 0xee: // echo
        this.output.push(0xee);
        break;
      case 0xf2: // identify: an MF2 keyboard (the 8042 turns 0x83 into 0x41 when translating)
        this.output.push(ACK);
        this.output.push(0xab);
        this.output.push(0x83);
        break;
      case 0xf4:
        this.scanning = true;
        this.output.push(ACK);
        break;
      case 0xf5: // default parameters, scanning off
      case 0xf6: // default parameters, scanning on
        this.output.clear();
        this.setDefaults();
        this.scanning = byte === 0xf6;
        this.output.push(ACK);
        break;
      case 0xff: // reset and self-test (BAT)
        this.output.clear();
        this.setDefaults();
        this.output.push(ACK);
        this.output.push(BAT_OK);
        break;
      default:
        // QEMU acknowledges whatever else it is sent (typematic/make-break modes of set 3...).
        this.output.push(ACK);
    }
  }

  /** Queues the scancodes of a key event; returns false for a key this keyboard lacks. */
  keyEvent(code: string, down: boolean): boolean {
    const bytes = this.scratch;
    bytes.length = 0;
    if (!scancodes(code, down, this.scancodeSet, bytes)) return false;
    this.sendScancodes(bytes);
    return true;
  }

  /**
   * Queues the scancode bytes of one key event as they are (a replayed session gives them
   * so); a key event's bytes go whole or not at all.
   */
  sendScancodes(bytes: ArrayLike<number>): void {
    // With scanning off (after F5, or before the guest's F4) the keyboard sends nothing.
    if (!this.scanning) return;
    if (this.output.length + bytes.length > this.output.capacity) return;
    for (let i = 0; i < bytes.length; i++) this.output.push(bytes[i]);
  }

  private parameter(cmd: number, byte: number): void {
    if (cmd === 0xed) {
      this.leds = byte & 7;
      this.output.push(ACK);
    } else if (cmd === 0xf3) {
      this.output.push(ACK);
    } else if (byte === 0) {
      // F0 00: report the current set (0x43/0x41 after the 8042's translation).
      this.output.push(ACK);
      this.output.push(this.scancodeSet);
    } else if (byte === 1 || byte === 2) {
      this.scancodeSet = byte;
      this.output.push(ACK);
    } else {
      this.output.push(RESEND);
    }
  }

  private setDefaults(): void {
    this.scanning = true;
    this.scancodeSet = 2;
    this.leds = 0;
  }

  /** Snapshot state: the mode, the pending command and the bytes not yet sent. */
  saveState(): SavedState {
    return { ...saveFields(this, ['output', 'scratch']), output: this.output.saveState() };
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
    this.output.loadState(s.output as SavedState);
  }
}
