import { alignUp, asciiz, ByteWriter, PAGE } from './bytes.ts';
import { MULTIBOOT_GDT, protectedMode32 } from './cpu-setup.ts';
import { fail } from './errors.ts';
import type { KernelInput } from './kernel-input.ts';
import { MemoryMap } from './memory-map.ts';
import { basicMemory, chooseFramebuffer, colorInfo, e820Map } from './multiboot-common.ts';
import type { MultibootFramebuffer } from './multiboot-common.ts';
import { elfSectionCopies } from './multiboot-elf-sections.ts';
import { loadElfPhysical, loadWithKludge } from './multiboot-load.ts';
import type { KernelLoad } from './multiboot-load.ts';
import type { Mb1Header } from './multiboot1-header.ts';
import { framebufferLength } from './options.ts';
import { PlanBuilder } from './plan-builder.ts';
import type { BootPlan } from './plan.ts';
import { placeVgaBiosRom, VBE_CONTROLLER_INFO_SIZE, vbeInfo } from './vbe-info.ts';
import type { VbeInfo } from './vbe-info.ts';

export const MB1_BOOTLOADER_MAGIC = 0x2badb002;
export const LOADER_NAME = 'pagescope';

/**
 * Where QEMU's `-kernel` loader puts things (hw/i386/multiboot.c), so a kernel sees the same
 * addresses under both: the E820 map at 0x9000, the info structure at 0x9500. pagescope puts
 * its GDT in the same page, at 0x9600, and the VBE blocks after it (GRUB, which has them,
 * puts them after its own information structure, at 0x10268 and 0x10468 under QEMU).
 */
export const MB1_MMAP_ADDR = 0x9000;
export const MB1_INFO_ADDR = 0x9500;
const GDT_ADDR = 0x9600;
export const MB1_VBE_CONTROL_INFO_ADDR = 0x9700;
export const MB1_VBE_MODE_INFO_ADDR = MB1_VBE_CONTROL_INFO_ADDR + VBE_CONTROLLER_INFO_SIZE;
const MMAP_ROOM = MB1_INFO_ADDR - MB1_MMAP_ADDR;

const INFO_MODS = 1 << 3;
const INFO_ELF_SECTIONS = 1 << 5;
const INFO_VBE = 1 << 11;
const INFO_FRAMEBUFFER = 1 << 12;
/** Info flags QEMU always sets: mem, boot device, cmdline, mods, mmap, loader name (0x24f). */
const INFO_FLAGS = (1 << 0) | (1 << 1) | (1 << 2) | INFO_MODS | (1 << 6) | (1 << 9);
/** QEMU: "boot device: 0x8000ffff" (the first hard disk, no partition). */
const BOOT_DEVICE = 0x8000ffff;
/** GRUB booting from a CD: drive 0xe0, no partition. */
const BOOT_DEVICE_CD = 0xe0ffffff;
const MODULE_ENTRY = 16;

/**
 * Multiboot 1 (Multiboot Specification 0.6.96, section 3.3), laid out as QEMU does: after the
 * kernel (page aligned) come the module list, the module strings, the kernel command line and
 * the loader name; then each module on its own pages. From an ISO the information says what
 * GRUB 2 says instead (checked against GRUB 2.06 under QEMU): the CD as boot device, the mods
 * flag only with modules, an ELF kernel's section headers (after the modules), and the
 * framebuffer, EGA text when the kernel asked for no video mode. With the framebuffer
 * (from an ISO or not) come GRUB's VBE blocks (flag 11), mode 3 for EGA text.
 */
export function planMultiboot1(input: KernelInput, header: Mb1Header): BootPlan {
  const o = input.options;
  const fbRegion = o.framebuffer && {
    base: o.framebuffer.address,
    length: framebufferLength(o.framebuffer),
  };
  const map = new MemoryMap(o.ramSize, o.firmwareRegions, fbRegion);
  const plan = new PlanBuilder();
  map.claim(MB1_MMAP_ADDR, PAGE, 'bootloader-reclaimable', 'the Multiboot information at 0x9000');

  const load = loadKernel(input, header);
  for (const c of load.chunks) {
    map.claim(c.phys, c.memsz, 'executable-and-modules', `kernel ${c.name}`);
    plan.loadChunk(c);
  }

  // The module list, then the strings, right after the kernel.
  const listAddr = load.low + alignUp(load.high - load.low, PAGE);
  const strings = [...input.modules.map((m) => m.string), input.cmdline, LOADER_NAME].map(asciiz);
  const listSize = MODULE_ENTRY * input.modules.length;
  const tail = new ByteWriter(listSize + strings.reduce((n, s) => n + s.length, 0));
  const stringAddrs: number[] = [];
  let at = listSize;
  for (const s of strings) {
    stringAddrs.push(listAddr + at);
    tail.put(at, s);
    at += s.length;
  }
  map.claim(
    listAddr,
    tail.bytes.length,
    'bootloader-reclaimable',
    'the Multiboot module list and strings',
  );
  plan.region({
    name: 'module list and strings',
    kind: 'boot-info',
    phys: { base: listAddr, length: tail.bytes.length },
  });

  let next = load.low + alignUp(listAddr - load.low + tail.bytes.length, PAGE);
  input.modules.forEach((m, i) => {
    map.claim(next, m.bytes.length, 'executable-and-modules', `module ${m.path}`);
    plan.write(next, m.bytes);
    plan.region({
      name: `module ${m.path}`,
      kind: 'module',
      phys: { base: next, length: m.bytes.length },
    });
    tail.u32(i * MODULE_ENTRY, next);
    tail.u32(i * MODULE_ENTRY + 4, next + m.bytes.length);
    tail.u32(i * MODULE_ENTRY + 8, stringAddrs[i]);
    next = load.low + alignUp(next - load.low + m.bytes.length, PAGE);
  });
  plan.write(listAddr, tail.bytes);
  const sections = input.optical ? placeElfSections(input, header, map, plan, next) : undefined;

  // From an ISO the video mode is always reported, as GRUB does; a kernel booted directly gets
  // it when its header asks (QEMU -kernel reports none: pagescope's choice).
  const video =
    header.video || input.optical
      ? chooseFramebuffer(o.framebuffer, header.video?.modeType === 1)
      : undefined;
  const vbe = video && vbeInfo(video);
  if (vbe) placeVgaBiosRom(plan);
  const page = infoPage(input, map, listAddr, stringAddrs, { sections, video, vbe });
  plan.write(MB1_MMAP_ADDR, page);
  plan.region({
    name: 'Multiboot information, memory map and GDT',
    kind: 'boot-info',
    phys: { base: MB1_MMAP_ADDR, length: PAGE },
  });
  if (o.framebuffer) {
    plan.region({
      name: 'framebuffer',
      kind: 'framebuffer',
      phys: { base: o.framebuffer.address, length: framebufferLength(o.framebuffer) },
    });
  }

  // Besides EAX and EBX, these are the values QEMU 7.2's option ROM (with SeaBIOS) leaves:
  // ECX the entry point, EDX 0x511 under the high half of mem_upper (KiB: measured with -m
  // from 16M to 3000M), a stack at 0x6f08 and EFLAGS 0x6. The spec leaves them undefined.
  const memUpper = basicMemory(e820Map(map.entries())).upper;
  const cpu = protectedMode32(
    {
      rax: BigInt(MB1_BOOTLOADER_MAGIC),
      rbx: BigInt(MB1_INFO_ADDR),
      rcx: BigInt(load.entry),
      rdx: BigInt((memUpper & 0xffff0000) | 0x511),
      rdi: 0x1000n,
      rsp: 0x6f08n,
    },
    load.entry,
    0x6,
    GDT_ADDR,
  );
  return plan.finish(input, 'multiboot1', cpu, map);
}

function loadKernel(input: KernelInput, header: Mb1Header): KernelLoad {
  const a = header.addresses;
  if (a) return loadWithKludge(input.file, { headerOffset: header.offset, ...a });
  if (!input.elf) {
    fail(
      'BOOT_NOT_ELF',
      'the Multiboot 1 header has no address fields (flag 16), so the kernel must be an ELF file',
    );
  }
  return loadElfPhysical(input.file, input.elf);
}

/** The section header table GRUB passes (info flag 5): where it is and how to read it. */
interface SectionTable {
  num: number;
  size: number;
  addr: number;
  shndx: number;
}

/**
 * GRUB's copy of an ELF kernel's section headers (none for an a.out-kludge load): the table at
 * `at`, then the sections the segments do not load, their sh_addr pointing at the copies.
 */
function placeElfSections(
  input: KernelInput,
  header: Mb1Header,
  map: MemoryMap,
  plan: PlanBuilder,
  at: number,
): SectionTable | undefined {
  if (header.addresses || !input.elf) return undefined;
  const sections = elfSectionCopies(input.file, input.elf);
  if (!sections) return undefined;
  const copiesBase = at + alignUp(sections.num * sections.entsize, 16);
  const headers = sections.headers(copiesBase);
  const length = copiesBase - at + sections.copies.length;
  map.claim(at, length, 'bootloader-reclaimable', 'the ELF section headers and copies');
  plan.write(at, headers);
  plan.write(copiesBase, sections.copies);
  plan.region({
    name: 'ELF section headers and the sections the segments do not load',
    kind: 'kernel-file',
    phys: { base: at, length },
  });
  return { num: sections.num, size: sections.entsize, addr: at, shndx: sections.shndx };
}

/** What the information structure reports beyond the memory, modules and strings. */
interface InfoExtras {
  sections?: SectionTable;
  video?: MultibootFramebuffer;
  vbe?: VbeInfo;
}

/** The page at 0x9000: E820 map, info structure at +0x500, GDT at +0x600, VBE blocks at +0x700. */
function infoPage(
  input: KernelInput,
  map: MemoryMap,
  listAddr: number,
  strings: number[],
  { sections, video, vbe }: InfoExtras,
): Uint8Array {
  const w = new ByteWriter(PAGE);
  const e820 = e820Map(map.entries());
  if (e820.length * 24 > MMAP_ROOM)
    fail('BOOT_BAD_OPTIONS', `the memory map has ${e820.length} entries, more than fit at 0x9000`);
  e820.forEach((e, i) => {
    w.u32(i * 24, 20);
    w.u64(i * 24 + 4, e.base);
    w.u64(i * 24 + 12, e.length);
    w.u32(i * 24 + 20, e.type);
  });
  const n = input.modules.length;
  const mem = basicMemory(e820);
  const info = MB1_INFO_ADDR - MB1_MMAP_ADDR;
  const grub = input.optical;
  let flags = grub && n === 0 ? INFO_FLAGS & ~INFO_MODS : INFO_FLAGS;
  w.u32(info + 4, mem.lower);
  w.u32(info + 8, mem.upper);
  w.u32(info + 12, grub ? BOOT_DEVICE_CD : BOOT_DEVICE);
  w.u32(info + 16, strings[n]);
  w.u32(info + 20, n);
  w.u32(info + 24, listAddr);
  w.u32(info + 44, e820.length * 24);
  w.u32(info + 48, MB1_MMAP_ADDR);
  w.u32(info + 64, strings[n + 1]);
  if (sections) {
    flags |= INFO_ELF_SECTIONS;
    w.u32(info + 28, sections.num);
    w.u32(info + 32, sections.size);
    w.u32(info + 36, sections.addr);
    w.u32(info + 40, sections.shndx);
  }
  if (vbe) {
    flags |= INFO_VBE;
    w.u32(info + 72, MB1_VBE_CONTROL_INFO_ADDR);
    w.u32(info + 76, MB1_VBE_MODE_INFO_ADDR);
    w.u16(info + 80, vbe.mode);
    // No protected-mode interface: SeaVGABIOS fails 4F0Ah (GRUB then passes stale registers).
    w.put(MB1_VBE_CONTROL_INFO_ADDR - MB1_MMAP_ADDR, vbe.controller);
    w.put(MB1_VBE_MODE_INFO_ADDR - MB1_MMAP_ADDR, vbe.modeInfo);
  }
  if (video) {
    flags |= INFO_FRAMEBUFFER;
    w.u64(info + 88, video.address);
    w.u32(info + 96, video.pitch);
    w.u32(info + 100, video.width);
    w.u32(info + 104, video.height);
    w.u8(info + 108, video.bpp);
    w.u8(info + 109, video.type);
    colorInfo(video).forEach((v, i) => w.u8(info + 110 + i, v));
  }
  w.u32(info, flags);
  w.put(GDT_ADDR - MB1_MMAP_ADDR, MULTIBOOT_GDT);
  return w.bytes;
}
