import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
import type { PortBus, PortDevice } from '../io-bus.ts';
import type { DeviceHost } from './device-host.ts';

export const RESET_CONTROL_PORT = 0xcf9;
export const SYSTEM_CONTROL_A_PORT = 0x92;

/**
 * The chipset's reset control register at 0xcf9 (PIIX3/ICH9 RCR). A write with bit 2 (RST_CPU)
 * set resets the machine; real chipsets act on the 0 -> 1 edge, which is why kernels write 0x02
 * and then 0x06, but QEMU resets on any write with bit 2 set and so do we. Only bit 1 (SYS_RST,
 * the reset type) is kept and read back. The register is byte-wide; it shares the dword at
 * 0xcf8 with PCI's CONFIG_ADDRESS, which only takes dword accesses.
 */
export class ResetControl implements PortDevice {
  private rcr = 0;

  constructor(private readonly host: DeviceHost) {}

  attach(bus: PortBus): void {
    bus.register(RESET_CONTROL_PORT, 1, this);
  }

  reset(): void {
    this.rcr = 0;
  }

  in(): number {
    return this.rcr;
  }

  out(_port: number, _size: number, value: number): void {
    if (value & 0x04) {
      this.host.emit({ kind: 'reset', source: '0xcf9' });
      return;
    }
    this.rcr = value & 0x02;
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): the reset control register. */
  saveState(): SavedState {
    return saveFields(this, ['host']);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}

/**
 * System control port A (0x92, "fast A20"): bit 1 gates A20, and a 0 -> 1 transition of bit 0
 * resets the CPU. Kernels that enable A20 themselves try this port after the 8042. Reads
 * return the last value written; the boot firmware has left A20 on (0x02).
 */
export class SystemControlPortA implements PortDevice {
  private value = 0x02;

  constructor(
    private readonly host: DeviceHost,
    private readonly onA20?: (enabled: boolean) => void,
  ) {}

  attach(bus: PortBus): void {
    bus.register(SYSTEM_CONTROL_A_PORT, 1, this);
  }

  reset(): void {
    this.value = 0x02;
  }

  in(): number {
    return this.value;
  }

  out(_port: number, _size: number, value: number): void {
    const old = this.value;
    this.value = value & 0xff;
    if ((old ^ value) & 0x02) this.onA20?.((value & 0x02) !== 0);
    if (value & 0x01 && !(old & 0x01)) this.host.emit({ kind: 'reset', source: '0x92' });
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): the port value (A20, reset). */
  saveState(): SavedState {
    return saveFields(this, ['host']);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}
