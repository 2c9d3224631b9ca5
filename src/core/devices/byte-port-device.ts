import type { PortDevice } from '../io-bus.ts';
import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';

/**
 * Base for devices whose registers are all one byte wide (UART, 8042, VGA, ...). A 16- or
 * 32-bit access is split into byte accesses at consecutive ports, lowest first, as QEMU's
 * memory core does for regions limited to byte access: `outw 0x3d4, 0x0e0f` writes the CRTC
 * index and then its data. Bytes that fall on ports the device does not decode float high
 * on reads and go nowhere on writes.
 */
export abstract class BytePortDevice implements PortDevice {
  protected abstract readByte(port: number): number;
  protected abstract writeByte(port: number, value: number): void;
  /** Whether the device answers at `port` (the bus only routes an access by its first port). */
  protected abstract decodes(port: number): boolean;

  in(port: number, size: number): number {
    if (size === 1) return this.readByte(port) & 0xff;
    let v = 0;
    for (let i = 0; i < size; i++) {
      const b = i === 0 || this.decodes(port + i) ? this.readByte(port + i) & 0xff : 0xff;
      v |= b << (8 * i);
    }
    return v >>> 0;
  }

  out(port: number, size: number, value: number): void {
    if (size === 1) {
      this.writeByte(port, value & 0xff);
      return;
    }
    for (let i = 0; i < size; i++) {
      if (i === 0 || this.decodes(port + i)) this.writeByte(port + i, (value >>> (8 * i)) & 0xff);
    }
  }
}

/** Drives one ISA line as a level, telling the host only when it changes. */
export class IrqLine {
  private level = false;

  constructor(
    private readonly host: { setIrq(line: number, level: boolean): void },
    readonly line: number,
  ) {}

  set(level: boolean): void {
    if (level === this.level) return;
    this.level = level;
    this.host.setIrq(this.line, level);
  }

  get high(): boolean {
    return this.level;
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): the level last driven. */
  saveState(): SavedState {
    return saveFields(this, ['host']);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}
