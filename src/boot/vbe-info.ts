import { asciiz, ByteWriter } from './bytes.ts';
import type { MultibootFramebuffer } from './multiboot-common.ts';
import type { FramebufferInfo } from './options.ts';
import type { PlanBuilder } from './plan-builder.ts';

/**
 * The VBE information GRUB 2 hands a Multiboot kernel (Multiboot 1 flag 11, Multiboot 2 tag
 * 7): copies of what the VGA BIOS answered to VBE functions 4F00h (controller information),
 * 4F03h (current mode) and 4F01h (mode information). The values are those of QEMU 7.2's std
 * VGA with its SeaVGABIOS, measured under GRUB 2.06 with kernels/vbe-probe.
 */
export interface VbeInfo {
  /** The current mode as 4F03h returns it: the mode number, bit 14 set for the linear framebuffer. */
  mode: number;
  /** The 512-byte VbeInfoBlock. */
  controller: Uint8Array;
  /** The 256-byte ModeInfoBlock (for text mode 3, zeros but for 80x25, as GRUB fills it). */
  modeInfo: Uint8Array;
}

export const VBE_CONTROLLER_INFO_SIZE = 512;
export const VBE_MODE_INFO_SIZE = 256;

/** std VGA's video memory (QEMU's vgamem_mb default): 16 MiB. */
const VIDEO_MEMORY = 16 << 20;
const LINEAR_FRAMEBUFFER = 0x4000;
const TEXT_MODE = 3;

/**
 * The VGA BIOS ROM at segment 0xC000, where the controller information's far pointers lead:
 * SeaVGABIOS's OEM, vendor, product and revision strings at the offsets it has them, and the
 * mode list (which SeaVGABIOS builds in the caller's buffer instead; see modeListPointer).
 */
const ROM_SEGMENT = 0xc000;
const ROM_STRINGS: [offset: number, text: string][] = [
  [0x5a30, 'SeaBIOS VBE(C) 2011'],
  [0x5a44, 'SeaBIOS Developers'],
  [0x5a57, 'SeaBIOS VBE Adapter'],
  [0x5a6b, 'Rev. 1'],
];
const ROM_MODE_LIST = 0x5a72;
/** The bank-switching function's entry in the ROM (real mode only; given as a number). */
const WINDOW_FUNCTION = 0x56e3;

/** Mode numbers in SeaVGABIOS's order: its VBE modes, then the standard VGA modes, then the end. */
const MODE_RANGES: [first: number, last: number][] = [
  [0x100, 0x107],
  [0x10d, 0x11f],
  [0x140, 0x14c],
  [0x175, 0x199],
  [0x00, 0x07],
  [0x0d, 0x13],
  [0x6a, 0x6a],
];

/** std VGA's direct-colour modes by geometry (SeaVGABIOS's bochsvga mode table). */
const DIRECT_MODES: Record<string, number> = {
  '320x200x24': 0x10f,
  '640x480x24': 0x112,
  '800x600x24': 0x115,
  '1024x768x24': 0x118,
  '1280x1024x24': 0x11b,
  '1600x1200x24': 0x11f,
  '320x200x32': 0x140,
  '640x400x32': 0x141,
  '640x480x32': 0x142,
  '800x600x32': 0x143,
  '1024x768x32': 0x144,
  '1280x1024x32': 0x145,
  '1600x1200x32': 0x147,
  '1152x864x32': 0x14c,
  '1280x768x32': 0x177,
  '1280x800x32': 0x17a,
  '1280x960x32': 0x17d,
  '1440x900x32': 0x180,
  '1400x1050x32': 0x183,
};

function modeList(): number[] {
  const modes: number[] = [];
  for (const [first, last] of MODE_RANGES) for (let m = first; m <= last; m++) modes.push(m);
  return [...modes, 0xffff];
}

const far = (segment: number, offset: number) => ((segment << 16) | offset) >>> 0;

/**
 * Where the controller information says the mode list is. GRUB copies the block out of its
 * scratch buffer at 0x68000, where SeaVGABIOS built the list, and leaves the pointer aimed
 * at the scratch buffer (6000:8022), which later VBE calls overwrite. pagescope points at a
 * copy of the list in the ROM instead, so that a kernel following the pointer finds it.
 */
const modeListPointer = () => far(ROM_SEGMENT, ROM_MODE_LIST);

function controllerInfo(): Uint8Array {
  const w = new ByteWriter(VBE_CONTROLLER_INFO_SIZE);
  w.put(0, asciiz('VESA').subarray(0, 4));
  w.u16(4, 0x0300);
  w.u32(6, far(ROM_SEGMENT, ROM_STRINGS[0][0]));
  w.u32(10, 1); // capabilities: the DAC can switch to 8 bits per primary
  w.u32(14, modeListPointer());
  w.u16(18, VIDEO_MEMORY >> 16);
  w.u16(20, 0); // OEM software revision
  ROM_STRINGS.slice(1).forEach(([offset], i) => w.u32(22 + 4 * i, far(ROM_SEGMENT, offset)));
  modeList().forEach((m, i) => w.u16(34 + 2 * i, m)); // the list, in the block's reserved area
  return w.bytes;
}

/** The reserved (alpha) channel: the pixel bits the colours leave over, above them. */
function reservedChannel(fb: FramebufferInfo): { size: number; shift: number } {
  const channels = [fb.red, fb.green, fb.blue];
  const shift = Math.max(...channels.map((c) => c.shift + c.size));
  return { size: Math.max(0, fb.bpp - channels.reduce((n, c) => n + c.size, 0)), shift };
}

function directModeInfo(fb: FramebufferInfo): Uint8Array {
  const w = new ByteWriter(VBE_MODE_INFO_SIZE);
  const rsv = reservedChannel(fb);
  const masks = [fb.red, fb.green, fb.blue, rsv.size > 0 ? rsv : { size: 0, shift: 0 }];
  // Supported, colour, graphics, not VGA-compatible, linear framebuffer (bit 1 reserved, set).
  w.u16(0, 0xbb);
  w.u8(2, 0x07); // window A exists, readable, writable; no window B
  w.u16(4, 64); // window granularity and size, KiB
  w.u16(6, 64);
  w.u16(8, 0xa000);
  w.u32(12, far(ROM_SEGMENT, WINDOW_FUNCTION));
  w.u16(16, fb.pitch);
  w.u16(18, fb.width);
  w.u16(20, fb.height);
  w.u8(22, 8); // character cell
  w.u8(23, 16);
  w.u8(24, 1); // planes
  w.u8(25, fb.bpp);
  w.u8(26, 1); // banks
  w.u8(27, 6); // memory model: direct colour
  w.u8(29, Math.floor(VIDEO_MEMORY / (fb.pitch * fb.height)) - 1); // further image pages
  w.u8(30, 1);
  masks.forEach((c, i) => (w.u8(31 + 2 * i, c.size), w.u8(32 + 2 * i, c.shift)));
  w.u8(39, rsv.size > 0 ? 2 : 0); // direct colour: the reserved bits are the program's
  w.u32(40, fb.address);
  w.u16(50, fb.pitch); // VBE 3.0: linear bytes per line and the linear masks again
  masks.forEach((c, i) => (w.u8(54 + 2 * i, c.size), w.u8(55 + 2 * i, c.shift)));
  return w.bytes;
}

/** GRUB's block for text mode 3, which 4F01h cannot describe: 80x25, text memory model. */
function textModeInfo(): Uint8Array {
  const w = new ByteWriter(VBE_MODE_INFO_SIZE);
  w.u16(18, 80);
  w.u16(20, 25);
  return w.bytes;
}

/**
 * The VBE information for the video mode a Multiboot kernel is given: mode 3 for EGA text, the
 * std VGA mode of the framebuffer's geometry otherwise; undefined for a framebuffer std VGA
 * has no mode for (a caller's own geometry), which GRUB could not have set.
 */
export function vbeInfo(video: MultibootFramebuffer): VbeInfo | undefined {
  if (!video.fb) return { mode: TEXT_MODE, controller: controllerInfo(), modeInfo: textModeInfo() };
  const fb = video.fb;
  const mode = DIRECT_MODES[`${fb.width}x${fb.height}x${fb.bpp}`];
  if (mode === undefined) return undefined;
  return {
    mode: mode | LINEAR_FRAMEBUFFER,
    controller: controllerInfo(),
    modeInfo: directModeInfo(fb),
  };
}

/**
 * Writes what the controller information's pointers lead to: the VGA BIOS ROM's strings and
 * the mode list (in the range the memory map already reserves for the BIOS, 0xA0000-0xFFFFF).
 */
export function placeVgaBiosRom(plan: PlanBuilder): void {
  const base = ROM_SEGMENT << 4;
  for (const [offset, text] of ROM_STRINGS) plan.write(base + offset, asciiz(text));
  const modes = modeList();
  const list = new ByteWriter(2 * modes.length);
  modes.forEach((m, i) => list.u16(2 * i, m));
  plan.write(base + ROM_MODE_LIST, list.bytes);
  const start = base + ROM_STRINGS[0][0];
  plan.region({
    name: 'VGA BIOS strings and mode list',
    kind: 'boot-info',
    phys: { base: start, length: base + ROM_MODE_LIST + list.bytes.length - start },
  });
}
