import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
import type { PortBus, PortDevice } from '../io-bus.ts';
import type { DeviceHost } from './device-host.ts';

/**
 * QEMU's `-device isa-debug-exit,iobase=0xf4,iosize=0x04`: a write of n to any of its ports
 * makes QEMU exit with status (n << 1) | 1, so a test kernel can report pass or fail to the
 * runner (a status of 1 is therefore never the kernel's own; runners map e.g. 0x10 -> 33 to
 * "pass"). The event carries that status unmasked; a process exit code is its low 8 bits.
 * Reads return 0, as QEMU's does.
 */
export class DebugExit implements PortDevice {
  constructor(
    private readonly host: DeviceHost,
    readonly base = 0xf4,
    readonly size = 4,
  ) {}

  attach(bus: PortBus): void {
    bus.register(this.base, this.size, this);
  }

  in(): number {
    return 0;
  }

  out(_port: number, size: number, value: number): void {
    const n = size === 4 ? value >>> 0 : value & ((1 << (8 * size)) - 1);
    this.host.emit({ kind: 'exit', status: n * 2 + 1 });
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): none beyond its ports: an exit leaves at once. */
  saveState(): SavedState {
    return saveFields(this, ['host']);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}

/** The exit code a shell sees for a debug-exit status (what `qemu ...; echo $?` prints). */
export function processExitCode(status: number): number {
  return status & 0xff;
}
