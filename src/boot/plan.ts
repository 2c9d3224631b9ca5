import type { GPR_NAMES } from '../core/cpu/registers.ts';
import type { ElfSection } from './elf-sections.ts';
import type { ElfSymbol } from './elf-symbols.ts';
import type { ConfigEntry } from './config-entry.ts';
import type { MemoryRegion } from './memory-map.ts';

export type BootProtocol = 'limine' | 'multiboot2' | 'multiboot1';

/** What was found in an image, what will boot it, and why. */
export interface Detection {
  /** The container the user dropped. */
  format: 'elf64' | 'elf32' | 'iso9660' | 'raw';
  /** The kernel's own format (the ISO's kernel file for an ISO). */
  kernelFormat: 'elf64' | 'elf32' | 'raw';
  protocol: BootProtocol;
  /** One sentence for the UI: why this protocol. */
  reason: string;
  /** Every protocol marker found in the kernel, chosen or not. */
  evidence: { protocol: BootProtocol; offset: number; detail: string }[];
  /** The boot loader config entry used, for an ISO. */
  config?: ConfigEntry;
}

/** A segment register as loaded: selector and the hidden descriptor cache. */
export interface SegmentSetup {
  selector: number;
  base: bigint;
  /** Byte limit, already scaled by the G bit. */
  limit: number;
  /** Descriptor high-dword bits 8-23 masked as the core keeps them (0x00f0ff00). */
  attr: number;
}

export type GprName = (typeof GPR_NAMES)[number];

/** The CPU state the boot loader hands over; registers not named are zero. */
export interface CpuSetup {
  mode: 32 | 64;
  gprs: Partial<Record<GprName, bigint>>;
  rip: bigint;
  rflags: number;
  /** ES, CS, SS, DS, FS, GS, LDTR, TR (the core's segment-cache order). */
  segments: [
    SegmentSetup,
    SegmentSetup,
    SegmentSetup,
    SegmentSetup,
    SegmentSetup,
    SegmentSetup,
    SegmentSetup,
    SegmentSetup,
  ];
  gdtr: { base: bigint; limit: number };
  idtr: { base: bigint; limit: number };
  cr0: number;
  cr3: bigint;
  cr4: number;
  efer: number;
}

export type RegionKind =
  | 'kernel-segment'
  | 'kernel-file'
  | 'module'
  | 'boot-info'
  | 'page-tables'
  | 'stack'
  | 'hhdm'
  | 'identity-map'
  | 'framebuffer';

/** A range the UI can label: physical, virtual, or both (a mapped kernel segment). */
export interface NamedRegion {
  name: string;
  kind: RegionKind;
  phys?: { base: number; length: number };
  virt?: { base: bigint; length: bigint };
}

/** Bytes to place in guest RAM. */
export interface RamWrite {
  address: number;
  bytes: Uint8Array;
}

/**
 * Everything needed to put a machine in the state its boot loader would: pure data, so it
 * can cross to a worker, be stored with a session and be inspected by tests.
 */
export interface BootPlan {
  protocol: BootProtocol;
  detection: Detection;
  ramSize: number;
  writes: RamWrite[];
  /** Ranges to clear (BSS, stacks): cleared before the writes. */
  zeros: { address: number; length: number }[];
  cpu: CpuSetup;
  /** MSR values the loader sets (Limine's PAT) for the caller's MSR store. */
  msrs: { index: number; value: bigint }[];
  /** Every loader here opens the A20 gate. */
  a20: true;
  memoryMap: MemoryRegion[];
  regions: NamedRegion[];
  symbols: ElfSymbol[];
  /** The kernel's allocated ELF sections, at the addresses it runs at (like symbols). */
  sections: ElfSection[];
  warnings: string[];
}
