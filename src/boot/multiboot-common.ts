import { MIB } from './bytes.ts';
import type { MemoryRegion, RegionType } from './memory-map.ts';
import type { FramebufferInfo } from './options.ts';

/** A memory map entry as BIOS E820 and both Multiboot versions number types. */
export interface E820Entry {
  base: number;
  length: number;
  /** 1 available, 2 reserved, 3 ACPI reclaimable, 4 ACPI NVS, 5 bad. */
  type: number;
}

const E820_TYPE: Record<RegionType, number | undefined> = {
  usable: 1,
  'bootloader-reclaimable': 1,
  'executable-and-modules': 1,
  reserved: 2,
  'acpi-reclaimable': 3,
  'acpi-nvs': 4,
  bad: 5,
  // A PCI framebuffer is not in the BIOS E820 map at all.
  framebuffer: undefined,
};

/**
 * The map a Multiboot kernel sees: the firmware's E820 view, where the kernel, the modules
 * and the loader's structures are all still "available" RAM (GRUB and QEMU hand the E820
 * map over unchanged), with neighbours of the same type joined.
 */
export function e820Map(regions: readonly MemoryRegion[]): E820Entry[] {
  const out: E820Entry[] = [];
  for (const r of regions) {
    const type = E820_TYPE[r.type];
    if (type === undefined) continue;
    const last = out[out.length - 1];
    if (last && last.type === type && last.base + last.length === r.base) last.length += r.length;
    else out.push({ base: r.base, length: r.length, type });
  }
  return out;
}

/**
 * mem_lower and mem_upper in KiB, computed as QEMU's multiboot option ROM does: lower is the
 * available RAM from 0 (what INT 12h reports), upper the available RAM contiguous from 1 MiB.
 */
export function basicMemory(map: readonly E820Entry[]): { lower: number; upper: number } {
  const low = map.find((e) => e.type === 1 && e.base === 0);
  let top = MIB;
  for (let grown = true; grown;) {
    grown = false;
    for (const e of map) {
      if (e.type === 1 && e.base <= top && top < e.base + e.length) {
        top = e.base + e.length;
        grown = true;
      }
    }
  }
  return { lower: Math.floor((low?.length ?? 0) / 1024), upper: Math.floor((top - MIB) / 1024) };
}

/** Framebuffer info both Multiboot versions share: an RGB linear framebuffer or EGA text. */
export interface MultibootFramebuffer {
  address: number;
  pitch: number;
  width: number;
  height: number;
  bpp: number;
  /** 1 direct RGB, 2 EGA text. */
  type: 1 | 2;
  fb?: FramebufferInfo;
}

/**
 * The video mode handed to a kernel that asks for one: the machine's framebuffer when the
 * kernel accepts graphics and there is one, else VGA text at 0xB8000 (80x25, 2 bytes a cell),
 * which is what GRUB falls back to.
 */
export function chooseFramebuffer(
  fb: FramebufferInfo | undefined,
  wantsText: boolean,
): MultibootFramebuffer {
  if (fb && !wantsText) {
    return {
      address: fb.address,
      pitch: fb.pitch,
      width: fb.width,
      height: fb.height,
      bpp: fb.bpp,
      type: 1,
      fb,
    };
  }
  return { address: 0xb8000, pitch: 160, width: 80, height: 25, bpp: 16, type: 2 };
}

/** Writes the type-specific colour info both versions place after the type byte. */
export function colorInfo(f: MultibootFramebuffer): number[] {
  if (!f.fb) return [0, 0, 0, 0, 0, 0];
  const { red, green, blue } = f.fb;
  return [red.shift, red.size, green.shift, green.size, blue.shift, blue.size];
}
