import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
import type { PortBus, PortDevice } from '../io-bus.ts';
import type { DeviceHost } from './device-host.ts';

/** The port Bochs and QEMU (`-debugcon`) use: one `outb` per character, no setup. */
export const DEBUGCON_PORT = 0xe9;

/**
 * The Bochs/QEMU debug console. Each byte written is a `debugcon` event; a read returns 0xe9,
 * the value kernels test for to know the port exists (QEMU's default `readback`).
 */
export class DebugConsole implements PortDevice {
  constructor(
    private readonly host: DeviceHost,
    readonly port = DEBUGCON_PORT,
  ) {}

  attach(bus: PortBus): void {
    bus.register(this.port, 1, this);
  }

  in(_port: number, size: number): number {
    // The device answers one byte; the wider part of a wider read floats high.
    if (size === 1) return DEBUGCON_PORT;
    return ((size === 4 ? 0xffffff00 : 0xff00) | DEBUGCON_PORT) >>> 0;
  }

  out(_port: number, _size: number, value: number): void {
    this.host.emit({ kind: 'debugcon', byte: value & 0xff });
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): none beyond its port: output leaves at once. */
  saveState(): SavedState {
    return saveFields(this, ['host']);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}
