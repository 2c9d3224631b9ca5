import { ByteQueue } from './byte-queue.ts';
import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';

const ACK = 0xfa;

/**
 * A standard PS/2 mouse on the 8042's second port, present so that drivers probing the aux
 * port (Linux-style i8042 init, mouse reset during boot) get the answers a real one gives.
 * It never moves: no input reaches it, so stream mode sends no packets. Command handling
 * follows QEMU's hw/input/ps2.c for a plain (type 0) mouse.
 */
export class Ps2Mouse {
  readonly output = new ByteQueue(32);
  private status = 0; // bit 6 remote mode, bit 5 reporting enabled, bit 4 scaling 2:1
  private resolution = 2;
  private sampleRate = 100;
  private wrap = false;
  private awaiting = 0;

  reset(): void {
    this.output.clear();
    this.setDefaults();
    this.wrap = false;
    this.awaiting = 0;
  }

  write(byte: number): void {
    if (this.awaiting !== 0) {
      if (this.awaiting === 0xe8) this.resolution = byte & 3;
      else this.sampleRate = byte;
      this.awaiting = 0;
      this.output.push(ACK);
      return;
    }
    // Wrap (echo) mode sends every byte back but for "reset wrap mode" and "reset".
    if (this.wrap && byte !== 0xec && byte !== 0xff) {
      this.output.push(byte);
      return;
    }
    switch (byte) {
      case 0xe6:
        this.status &= ~0x10;
        break;
      case 0xe7:
        this.status |= 0x10;
        break;
      case 0xe8: // set resolution
      case 0xf3: // set sample rate
        this.awaiting = byte;
        break;
      case 0xe9: // status request: ACK, then status, resolution, rate
        this.output.push(ACK);
        this.output.push(this.status);
        this.output.push(this.resolution);
        this.output.push(this.sampleRate);
        return;
      case 0xea:
        this.status &= ~0x40;
        break;
      case 0xeb: // read data: an empty movement packet
        this.output.push(ACK);
        this.output.push(0x08);
        this.output.push(0);
        this.output.push(0);
        return;
      case 0xec:
        this.wrap = false;
        break;
      case 0xee:
        this.wrap = true;
        break;
      case 0xf0:
        this.status |= 0x40;
        break;
      case 0xf2: // get device ID: a standard mouse
        this.output.push(ACK);
        this.output.push(0x00);
        return;
      case 0xf4:
        this.status |= 0x20;
        break;
      case 0xf5:
        this.status &= ~0x20;
        break;
      case 0xf6:
        this.setDefaults();
        break;
      case 0xff: // reset: ACK, self-test passed, device ID
        this.output.clear();
        this.setDefaults();
        this.wrap = false;
        this.output.push(ACK);
        this.output.push(0xaa);
        this.output.push(0x00);
        return;
    }
    this.output.push(ACK);
  }

  private setDefaults(): void {
    this.status = 0;
    this.resolution = 2;
    this.sampleRate = 100;
  }

  /** Snapshot state: the mode, the pending command and the bytes not yet sent. */
  saveState(): SavedState {
    return { ...saveFields(this, ['output']), output: this.output.saveState() };
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
    this.output.loadState(s.output as SavedState);
  }
}
