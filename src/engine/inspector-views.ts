/**
 * The views the inspector panels ask for on demand (memory, disassembly, screen, address-space
 * map), as plain structured-clone data. Unlike PanelViews (views.ts), which every update
 * carries, each of these is one engine call a visible panel makes after each update, so a
 * hidden panel costs nothing.
 */
import type { TextScreen } from '../core/devices/vga-text.ts';

export interface MemoryQuery {
  /** As typed: hex, or a symbol (virtual space only). */
  address: string;
  space: 'virtual' | 'physical';
  /** Bytes wanted from the address (rounded down to 16); at most MAX_MEMORY_VIEW. */
  length: number;
}

/** A stretch of the view that is read the same way: one page of a virtual view, or RAM. */
export interface MemorySpan {
  /** Offset into `bytes`, and bytes from there. */
  offset: number;
  length: number;
  readable: boolean;
  /** Where the span's first byte is in physical memory, for a readable virtual span. */
  physical: string | null;
  /** Why the bytes are not shown: the translation's fault, or a device's range. */
  why: string;
}

export interface MemoryView {
  query: MemoryQuery;
  inputError?: string;
  /** The first address shown (16-byte aligned), 0x and 16 digits. */
  start: string;
  /** The bytes; zero where a span is not readable. */
  bytes: Uint8Array;
  spans: MemorySpan[];
}

export interface DisassemblyQuery {
  /** As typed (hex or symbol); null follows RIP, with a few instructions before it. */
  address: string | null;
  count: number;
}

export interface DisassemblyLineView {
  address: string;
  /** The instruction's bytes in hex, space-separated. */
  bytes: string;
  mnemonic: string;
  operands: string;
  /** objdump's `#` comment: a RIP-relative operand's address and symbol. */
  comment: string;
  /** Where a branch, call or RIP-relative operand points, to follow it. */
  target: string | null;
  /** The symbol starting at this address. */
  label: string;
  /** The instruction RIP points at. */
  current: boolean;
  /** Set on a last line whose bytes could not be read, saying why. */
  unreadable?: string;
}

export interface DisassemblyView {
  query: DisassemblyQuery;
  inputError?: string;
  /** 64, 32 or 16: the decode mode of the CPU now. */
  mode: number;
  rip: string;
  lines: DisassemblyLineView[];
}

/** Rows of the framebuffer converted to RGBA since the last call (all of them when asked). */
export interface FramebufferRows {
  width: number;
  height: number;
  address: string;
  /** Rows [top, bottom) are in `rgba`, width * 4 bytes each. */
  top: number;
  bottom: number;
  rgba: Uint8Array;
}

export interface ScreenView {
  /** The VGA text screen at 0xb8000 with the CRTC's cursor; null without a VGA. */
  text: TextScreen | null;
  /** The linear framebuffer, when the machine has one; rows null when none changed. */
  framebuffer: {
    width: number;
    height: number;
    address: string;
    rows: FramebufferRows | null;
    /** The guest has drawn on it (a pixel not black): then it is the screen the kernel uses. */
    drawn: boolean;
  } | null;
}

/** Bits of MapRanges.flags. */
export const MAP_USER = 1;
export const MAP_WRITABLE = 2;
export const MAP_NO_EXECUTE = 4;
export const MAP_GLOBAL = 8;

/**
 * The mapped ranges of the address space, as columns of numbers (a kernel mapping all RAM in
 * 4 KiB pages has tens of thousands of runs). Positions are addresses with the non-canonical
 * hole taken out: the lower half as it is, the upper half following it, so a 48-bit space is
 * [0, 2^48) and every position is exact in a double.
 */
export interface MapRanges {
  count: number;
  lo: Float64Array;
  hi: Float64Array;
  phys: Float64Array;
  flags: Uint8Array;
}

export interface MapRegionView {
  name: string;
  kind: string;
  lo: number;
  hi: number;
}

export interface AddressMapView {
  /** 'paging off', '32-bit', 'PAE', '4-level', '5-level'. */
  mode: string;
  /** Bits of virtual address: positions run over [0, 2^bits). */
  bits: number;
  /** Where the upper half starts, in positions (the compressed hole); null without one. */
  upperHalf: number | null;
  ranges: MapRanges;
  regions: MapRegionView[];
  /** The kernel's functions and objects with a size, in address order (kind 'func'/'object'). */
  symbols: MapRegionView[];
}
