import { alignUp, asciiz, ByteWriter } from './bytes.ts';
import { colorInfo } from './multiboot-common.ts';
import type { E820Entry, MultibootFramebuffer } from './multiboot-common.ts';
import type { VbeInfo } from './vbe-info.ts';

/** Multiboot 2 boot information tag types (Multiboot2 Specification 2.0, section 3.6). */
export const enum Mb2Info {
  End = 0,
  Cmdline = 1,
  LoaderName = 2,
  Module = 3,
  BasicMeminfo = 4,
  Bootdev = 5,
  Mmap = 6,
  Vbe = 7,
  Framebuffer = 8,
  ElfSections = 9,
  AcpiOld = 14,
  AcpiNew = 15,
  LoadBaseAddr = 21,
}

/** What goes into the information structure; the module addresses are already placed. */
export interface Mb2InfoContent {
  loadBase: number;
  cmdline: string;
  loaderName: string;
  modules: { start: number; end: number; string: string }[];
  mem: { lower: number; upper: number };
  biosDevice: number;
  mmap: E820Entry[];
  /** The section header table (sh_addr of unloaded sections pointing at their copies). */
  elfSections?: { num: number; entsize: number; shndx: number; headers: Uint8Array };
  framebuffer?: MultibootFramebuffer;
  /** GRUB's VBE blocks, which it gives with a graphics framebuffer. */
  vbe?: VbeInfo;
  /** The RSDP bytes and the tag they go in (14: ACPI 1.0, 15: ACPI 2.0+). */
  acpi?: { type: Mb2Info.AcpiOld | Mb2Info.AcpiNew; rsdp: Uint8Array };
}

type Tag = { type: number; body: Uint8Array };

function tag(type: number, size: number, fill: (w: ByteWriter) => void): Tag {
  const w = new ByteWriter(size);
  fill(w);
  return { type, body: w.bytes };
}

function stringTag(type: number, s: string): Tag {
  const data = asciiz(s);
  return tag(type, data.length, (w) => w.put(0, data));
}

/** The tags, in the order GRUB 2 writes them, each body without its 8-byte type/size head. */
function tags(c: Mb2InfoContent): Tag[] {
  const out: Tag[] = [
    tag(Mb2Info.LoadBaseAddr, 4, (w) => w.u32(0, c.loadBase)),
    stringTag(Mb2Info.Cmdline, c.cmdline),
    stringTag(Mb2Info.LoaderName, c.loaderName),
  ];
  for (const m of c.modules) {
    const s = asciiz(m.string);
    out.push(
      tag(Mb2Info.Module, 8 + s.length, (w) => (w.u32(0, m.start), w.u32(4, m.end), w.put(8, s))),
    );
  }
  out.push(
    tag(Mb2Info.Mmap, 8 + 24 * c.mmap.length, (w) => {
      w.u32(0, 24);
      w.u32(4, 0);
      c.mmap.forEach(
        (e, i) => (
          w.u64(8 + i * 24, e.base),
          w.u64(16 + i * 24, e.length),
          w.u32(24 + i * 24, e.type)
        ),
      );
    }),
  );
  const e = c.elfSections;
  // GRUB writes num, entsize and shndx as 32-bit fields (the spec's table says 16-bit).
  if (e)
    out.push(
      tag(Mb2Info.ElfSections, 12 + e.headers.length, (w) => {
        w.u32(0, e.num);
        w.u32(4, e.entsize);
        w.u32(8, e.shndx);
        w.put(12, e.headers);
      }),
    );
  out.push(
    tag(Mb2Info.BasicMeminfo, 8, (w) => (w.u32(0, c.mem.lower), w.u32(4, c.mem.upper))),
    tag(
      Mb2Info.Bootdev,
      12,
      (w) => (w.u32(0, c.biosDevice), w.u32(4, 0xffffffff), w.u32(8, 0xffffffff)),
    ),
  );
  const vbe = c.vbe;
  if (vbe) {
    // Mode, then the protected-mode interface (none: SeaVGABIOS fails 4F0Ah), then the blocks.
    out.push(
      tag(Mb2Info.Vbe, 8 + vbe.controller.length + vbe.modeInfo.length, (w) => {
        w.u16(0, vbe.mode);
        w.put(8, vbe.controller);
        w.put(8 + vbe.controller.length, vbe.modeInfo);
      }),
    );
  }
  const f = c.framebuffer;
  if (f) {
    // EGA text has no colour info; direct RGB has the six field position/size bytes.
    out.push(
      tag(Mb2Info.Framebuffer, f.type === 1 ? 30 : 24, (w) => {
        w.u64(0, f.address);
        w.u32(8, f.pitch);
        w.u32(12, f.width);
        w.u32(16, f.height);
        w.u8(20, f.bpp);
        w.u8(21, f.type);
        if (f.type === 1) colorInfo(f).forEach((v, i) => w.u8(24 + i, v));
      }),
    );
  }
  if (c.acpi) out.push({ type: c.acpi.type, body: c.acpi.rsdp });
  out.push({ type: Mb2Info.End, body: new Uint8Array(0) });
  return out;
}

/** The information structure: total_size, reserved, then 8-byte aligned tags. */
export function buildMb2Info(c: Mb2InfoContent): Uint8Array {
  const list = tags(c);
  const total = list.reduce((n, t) => alignUp(n, 8) + 8 + t.body.length, 8);
  const w = new ByteWriter(total);
  w.u32(0, total);
  let at = 8;
  for (const t of list) {
    at = alignUp(at, 8);
    w.u32(at, t.type);
    w.u32(at + 4, 8 + t.body.length);
    w.put(at + 8, t.body);
    at += 8 + t.body.length;
  }
  return w.bytes;
}
