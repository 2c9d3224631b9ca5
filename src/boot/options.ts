import { GIB, MIB, PAGE } from './bytes.ts';
import { fail } from './errors.ts';
import type { FirmwareRegion } from './memory-map.ts';

/** A linear framebuffer the machine provides, described as VBE/GOP would. */
export interface FramebufferInfo {
  address: number;
  width: number;
  height: number;
  /** Bytes per scanline. */
  pitch: number;
  bpp: number;
  red: { size: number; shift: number };
  green: { size: number; shift: number };
  blue: { size: number; shift: number };
}

/** A file handed to the kernel with it (an initrd, a user program...). */
export interface BootModule {
  name: string;
  bytes: Uint8Array;
  cmdline?: string;
}

export interface BootOptions {
  /** Guest RAM in bytes: a multiple of 4 KiB from 2 MiB to 4 GiB. Default 256 MiB. */
  ramSize?: number;
  /** The kernel command line; overrides the one in an ISO's boot config. */
  cmdline?: string;
  /** Extra modules, after those an ISO's config names. */
  modules?: BootModule[];
  framebuffer?: FramebufferInfo;
  /** Physical address of the ACPI RSDP the machine provides. */
  rsdpAddress?: number;
  /** The RSDP's bytes, which Multiboot 2 copies into its ACPI tags. */
  rsdp?: Uint8Array;
  /** Firmware ranges for the memory map (ACPI tables, NVS...). */
  firmwareRegions?: FirmwareRegion[];
  /** The dropped file's name: QEMU puts it first on a Multiboot 1 command line. */
  imageName?: string;
  /** Whether the machine offers 5-level paging to a Limine kernel that asks for it. */
  allow5LevelPaging?: boolean;
  /** Seconds since 1970 for Limine's date-at-boot response (guest time, never the host clock). */
  bootTime?: number;
}

export type ResolvedOptions = Required<
  Omit<BootOptions, 'framebuffer' | 'rsdpAddress' | 'rsdp' | 'cmdline'>
> &
  Pick<BootOptions, 'framebuffer' | 'rsdpAddress' | 'rsdp' | 'cmdline'>;

export const DEFAULT_RAM = 256 * MIB;
const MIN_RAM = 2 * MIB;
const MAX_RAM = 4 * GIB;

/** A non-negative integer a 64-bit machine could use as an address or a size. */
const isAddress = (v: number) => Number.isSafeInteger(v) && v >= 0;

/** A colour channel's bits lie inside the pixel (callers from untyped data may omit them). */
function isColourField(c: { size: number; shift: number } | undefined, bpp: number): boolean {
  return (
    c !== undefined &&
    Number.isInteger(c.size) &&
    Number.isInteger(c.shift) &&
    c.size > 0 &&
    c.shift >= 0 &&
    c.shift + c.size <= bpp
  );
}

export function resolveOptions(o: BootOptions): ResolvedOptions {
  const ramSize = o.ramSize ?? DEFAULT_RAM;
  if (!isAddress(ramSize) || ramSize % PAGE !== 0 || ramSize < MIN_RAM || ramSize > MAX_RAM) {
    fail(
      'BOOT_BAD_OPTIONS',
      `RAM size ${ramSize} is not a multiple of 4 KiB between 2 MiB and 4 GiB`,
    );
  }
  const fb = o.framebuffer;
  if (
    fb &&
    !(
      isAddress(fb.address) &&
      fb.width > 0 &&
      fb.height > 0 &&
      fb.bpp > 0 &&
      fb.pitch >= (fb.width * fb.bpp) / 8 &&
      [fb.red, fb.green, fb.blue].every((c) => isColourField(c, fb.bpp))
    )
  ) {
    fail(
      'BOOT_BAD_OPTIONS',
      `the framebuffer ${fb.width}x${fb.height}x${fb.bpp} at ${fb.address} with pitch ${fb.pitch} is inconsistent`,
    );
  }
  const bad = (o.firmwareRegions ?? []).find((r) => !isAddress(r.base) || !isAddress(r.length));
  if (bad)
    fail(
      'BOOT_BAD_OPTIONS',
      `the firmware region ${bad.base}+${bad.length} is not a range of addresses`,
    );
  return {
    ramSize,
    cmdline: o.cmdline,
    modules: o.modules ?? [],
    framebuffer: fb,
    rsdpAddress: o.rsdpAddress,
    rsdp: o.rsdp,
    firmwareRegions: o.firmwareRegions ?? [],
    imageName: o.imageName ?? 'kernel',
    allow5LevelPaging: o.allow5LevelPaging ?? false,
    bootTime: o.bootTime ?? 0,
  };
}

/** The bytes a framebuffer covers. */
export function framebufferLength(fb: FramebufferInfo): number {
  return fb.pitch * fb.height;
}
