import { alignUp, MIB, PAGE } from './bytes.ts';
import { MULTIBOOT_GDT, protectedMode32 } from './cpu-setup.ts';
import { fail } from './errors.ts';
import type { KernelInput } from './kernel-input.ts';
import { MemoryMap } from './memory-map.ts';
import type { RegionType } from './memory-map.ts';
import { basicMemory, chooseFramebuffer, e820Map } from './multiboot-common.ts';
import { loadElfPhysical, loadWithKludge } from './multiboot-load.ts';
import type { KernelLoad } from './multiboot-load.ts';
import type { Mb2Header } from './multiboot2-header.ts';
import { elfSectionCopies } from './multiboot-elf-sections.ts';
import { buildMb2Info, Mb2Info } from './multiboot2-info.ts';
import type { Mb2InfoContent } from './multiboot2-info.ts';
import { LOADER_NAME } from './multiboot1.ts';
import { framebufferLength } from './options.ts';
import { placeVgaBiosRom, vbeInfo } from './vbe-info.ts';
import { PlanBuilder } from './plan-builder.ts';
import type { BootPlan } from './plan.ts';

export const MB2_BOOTLOADER_MAGIC = 0x36d76289;
/** GRUB sets ESP "to some random location in low memory to avoid breaking non-compliant kernels". */
const GRUB_ESP = 0x7ff00;
/** BIOS drive numbers GRUB reports: the first hard disk, or a CD. */
const BIOS_HDD = 0x80;
const BIOS_CD = 0xe0;

/**
 * Multiboot 2 (Multiboot2 Specification 2.0), placed as GRUB's relocator tends to: modules
 * page aligned above the kernel, then the information structure (with pagescope's GDT after
 * it). Honours the address, entry address, framebuffer and information request tags.
 */
export function planMultiboot2(input: KernelInput, header: Mb2Header): BootPlan {
  const o = input.options;
  const fbRegion = o.framebuffer && {
    base: o.framebuffer.address,
    length: framebufferLength(o.framebuffer),
  };
  const map = new MemoryMap(o.ramSize, o.firmwareRegions, fbRegion);
  const plan = new PlanBuilder();
  const load = loadKernel(input, header);
  for (const c of load.chunks) {
    map.claim(c.phys, c.memsz, 'executable-and-modules', `kernel ${c.name}`);
    plan.loadChunk(c);
  }
  // Like GRUB's relocator: after the kernel if there is room, anywhere from 1 MiB if not.
  const place = (size: number, type: RegionType, what: string) =>
    map.tryAllocate(alignUp(size, PAGE), PAGE, type, { above: load.high }) ??
    map.allocate(alignUp(size, PAGE), PAGE, type, { above: MIB }, what);
  // GRUB's multiboot2 command loads an ELF kernel's unloaded sections with it, before any
  // module2 command runs.
  const elfSections = placeElfSections(input, header, plan, (size) =>
    place(size, 'executable-and-modules', 'the ELF section copies'),
  );
  const modules = input.modules.map((m) => {
    // GRUB passes an empty module as start = end = 0.
    if (m.bytes.length === 0) return { start: 0, end: 0, string: m.string };
    const start = place(m.bytes.length, 'executable-and-modules', `module ${m.path}`);
    plan.write(start, m.bytes);
    plan.region({
      name: `module ${m.path}`,
      kind: 'module',
      phys: { base: start, length: m.bytes.length },
    });
    return { start, end: start + m.bytes.length, string: m.string };
  });

  const mmap = e820Map(map.entries());
  // GRUB 2.06 always reports the video mode: EGA text unless the kernel asks for graphics.
  const video = chooseFramebuffer(o.framebuffer, !wantsFramebuffer(header));
  // GRUB adds the VBE tag in graphics modes only (for EGA text it stops before it).
  const vbe = video?.fb && vbeInfo(video);
  if (vbe) placeVgaBiosRom(plan);
  const content: Mb2InfoContent = {
    loadBase: load.low,
    cmdline: input.cmdline,
    loaderName: LOADER_NAME,
    modules,
    mem: basicMemory(mmap),
    biosDevice: input.optical ? BIOS_CD : BIOS_HDD,
    mmap,
    elfSections,
    framebuffer: video,
    vbe,
    acpi: acpiTag(o.rsdp),
  };
  checkRequests(header, content);
  const info = buildMb2Info(content);
  const gdtOffset = alignUp(info.length, 8);
  const base = place(
    gdtOffset + MULTIBOOT_GDT.length,
    'bootloader-reclaimable',
    'the Multiboot 2 information',
  );
  plan.write(base, info);
  plan.write(base + gdtOffset, MULTIBOOT_GDT);
  plan.region({
    name: 'Multiboot 2 information and GDT',
    kind: 'boot-info',
    phys: { base, length: gdtOffset + MULTIBOOT_GDT.length },
  });
  if (o.framebuffer) {
    plan.region({
      name: 'framebuffer',
      kind: 'framebuffer',
      phys: { base: o.framebuffer.address, length: framebufferLength(o.framebuffer) },
    });
  }
  const regs = { rax: BigInt(MB2_BOOTLOADER_MAGIC), rbx: BigInt(base), rsp: BigInt(GRUB_ESP) };
  const cpu = protectedMode32(regs, load.entry, 0x2, base + gdtOffset);
  return plan.finish(input, 'multiboot2', cpu, map);
}

/** The ELF symbols tag's content, its section copies written; none for an a.out-kludge load. */
function placeElfSections(
  input: KernelInput,
  h: Mb2Header,
  plan: PlanBuilder,
  place: (size: number) => number,
): Mb2InfoContent['elfSections'] {
  if (h.address || !input.elf) return undefined;
  const sections = elfSectionCopies(input.file, input.elf);
  if (!sections) return undefined;
  const { num, entsize, shndx, copies } = sections;
  if (copies.length === 0) return { num, entsize, shndx, headers: sections.headers(0) };
  const base = place(copies.length);
  plan.write(base, copies);
  plan.region({
    name: 'ELF sections the segments do not load (.symtab, .strtab...)',
    kind: 'kernel-file',
    phys: { base, length: copies.length },
  });
  return { num, entsize, shndx, headers: sections.headers(base) };
}

function loadKernel(input: KernelInput, h: Mb2Header): KernelLoad {
  if (h.address)
    return loadWithKludge(input.file, {
      headerOffset: h.offset,
      ...h.address,
      entryAddr: h.entryAddr,
    });
  if (!input.elf)
    fail(
      'BOOT_NOT_ELF',
      'the Multiboot 2 header has no address tag, so the kernel must be an ELF file',
    );
  return loadElfPhysical(input.file, input.elf, h.entryAddr);
}

function wantsFramebuffer(h: Mb2Header): boolean {
  return (
    h.framebuffer !== undefined || h.requests.some((r) => r.types.includes(Mb2Info.Framebuffer))
  );
}

/** GRUB's rule: an RSDP of revision 0 goes in the old tag, revision 2 and up in the new one. */
function acpiTag(rsdp: Uint8Array | undefined): Mb2InfoContent['acpi'] {
  if (!rsdp || rsdp.length < 20) return undefined;
  if (rsdp[15] < 2) return { type: Mb2Info.AcpiOld, rsdp: rsdp.subarray(0, 20) };
  const length =
    rsdp.length >= 24 ? new DataView(rsdp.buffer, rsdp.byteOffset).getUint32(20, true) : 36;
  return {
    type: Mb2Info.AcpiNew,
    rsdp: rsdp.subarray(0, Math.min(Math.max(length, 36), rsdp.length)),
  };
}

/** A required information request for a tag this boot does not include is fatal, as in GRUB. */
function checkRequests(h: Mb2Header, c: Mb2InfoContent): void {
  const provided = new Set<number>([
    Mb2Info.End,
    Mb2Info.Cmdline,
    Mb2Info.LoaderName,
    Mb2Info.Module,
    Mb2Info.BasicMeminfo,
    Mb2Info.Bootdev,
    Mb2Info.Mmap,
    Mb2Info.LoadBaseAddr,
    Mb2Info.Framebuffer,
  ]);
  if (c.acpi) provided.add(c.acpi.type);
  if (c.elfSections) provided.add(Mb2Info.ElfSections);
  if (c.vbe) provided.add(Mb2Info.Vbe);
  for (const r of h.requests) {
    const missing = r.types.filter((t) => !provided.has(t));
    if (!r.optional && missing.length > 0) {
      fail(
        'BOOT_MB2_REQUIRED_INFO',
        `it asks for tag type${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      );
    }
  }
}
