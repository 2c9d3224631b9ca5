import type { DeviceHost } from '../devices/device-host.ts';
import { DEFAULT_RTC_START } from '../devices/cmos-rtc.ts';
import type { Machine } from '../machine.ts';

/** Plugs devices into a machine once its chipset exists (the PC peripherals, test devices). */
export type DeviceFactory = (host: DeviceHost, machine: Machine) => void;

export interface MachineOptions {
  /** Guest RAM in bytes: a multiple of 4 KiB from 2 MiB to 4 GiB (default 256 MiB). */
  ramSize?: number;
  /** Backing store for RAM, e.g. a SharedArrayBuffer the UI reads; a new one by default. */
  ramBuffer?: ArrayBufferLike;
  /** Seconds since 1970-01-01 UTC the RTC shows at instruction 0 (default 2024-01-01). */
  rtcStart?: number;
  /**
   * Start with the chipset as SeaBIOS leaves it when QEMU boots a kernel (default true):
   * 8259s at vectors 0x08/0x70 with IRQ 0, 1, 2, 6 and 8, 12, 13, 14 open, the PIT at 18.2 Hz,
   * the local APIC software-enabled in virtual-wire mode. false: the devices' reset state.
   */
  bios?: boolean;
  /** Called in order once the chipset is built. */
  devices?: DeviceFactory[];
}

export const DEFAULT_RAM_SIZE = 256 << 20;
const MIN_RAM_SIZE = 2 << 20;
/**
 * RAM is one ArrayBuffer, and JavaScript engines cap those at 4 GiB (V8 in Node 20 and
 * Chromium refuse more). From 3.5 GiB on, PhysicalMemory places the part above 3 GiB at
 * 4 GiB (memory/ram-layout.ts), so 4 GiB of RAM reaches physical address 5 GiB.
 */
export const MAX_RAM_SIZE = 2 ** 32;

export type ResolvedMachineOptions = Required<Omit<MachineOptions, 'ramBuffer'>> &
  Pick<MachineOptions, 'ramBuffer'>;

export function resolveMachineOptions(o: MachineOptions): ResolvedMachineOptions {
  const ramSize = o.ramSize ?? DEFAULT_RAM_SIZE;
  if (!Number.isInteger(ramSize) || ramSize % 4096 !== 0 || ramSize < MIN_RAM_SIZE)
    throw new RangeError(`RAM size ${ramSize} is not a multiple of 4 KiB of at least 2 MiB`);
  if (ramSize > MAX_RAM_SIZE)
    throw new RangeError(
      `RAM size ${ramSize} is over 4096 MiB: guest RAM is one ArrayBuffer, and JavaScript ` +
        `engines allow at most 4 GiB for one`,
    );
  return {
    ramSize,
    ramBuffer: o.ramBuffer,
    rtcStart: o.rtcStart ?? DEFAULT_RTC_START,
    bios: o.bios ?? true,
    devices: o.devices ?? [],
  };
}
