import { alignUp, GIB, PAGE } from './bytes.ts';
import { fail } from './errors.ts';
import type { KernelInput } from './kernel-input.ts';
import { buildAddressSpace, HHDM_4LEVEL, HHDM_5LEVEL } from './limine-address-space.ts';
import type { AddressSpace } from './limine-address-space.ts';
import { LimineBlob } from './limine-blob.ts';
import { LIMINE_GDT, LIMINE_PAT, limineEntryState } from './limine-entry.ts';
import { prepareLimineKernel } from './limine-kernel.ts';
import type { LimineKernel } from './limine-kernel.ts';
import { RequestReader } from './limine-requests.ts';
import { reserveResponses } from './limine-responses.ts';
import { acceptBaseRevision, scanLimineImage } from './limine-scan.ts';
import { MemoryMap } from './memory-map.ts';
import { framebufferLength } from './options.ts';
import { PlanBuilder } from './plan-builder.ts';
import type { BootPlan } from './plan.ts';

/**
 * The Limine boot protocol for base revisions 0 to 3 (PROTOCOL.md), as Limine's BIOS port
 * does it: the kernel file, the kernel image, the modules, the stack, the page tables and
 * the responses are allocated top-down in usable RAM below 4 GiB, in that order; then the
 * CPU enters long mode at the kernel's entry point with RSP and GDTR in the HHDM.
 */
export function planLimine(input: KernelInput): BootPlan {
  const o = input.options;
  if (!input.elf) fail('BOOT_LIMINE_NEEDS_ELF64', 'the kernel is not an ELF file');
  const k = prepareLimineKernel(input.file, input.elf, o.ramSize);
  const scan = scanLimineImage(k.image);
  const revision = acceptBaseRevision(k.image, scan);
  const req = new RequestReader(k.image, scan.requests);
  const pagingMode = req.pagingMode(o.allow5LevelPaging);
  const hhdm = pagingMode === 1 ? HHDM_5LEVEL : HHDM_4LEVEL;

  const fb = o.framebuffer;
  const fbRegion = fb && { base: fb.address, length: framebufferLength(fb) };
  const map = new MemoryMap(o.ramSize, o.firmwareRegions, fbRegion);
  map.alignUsable(revision >= 3);
  const below = { below: Math.min(o.ramSize, 4 * GIB) };
  const alloc = (size: number, align: number, reclaimable: boolean, what: string) =>
    map.allocate(
      alignUp(size, align),
      align,
      reclaimable ? 'bootloader-reclaimable' : 'executable-and-modules',
      below,
      what,
    );
  const plan = new PlanBuilder();

  const filePhys = alloc(input.file.length, PAGE, true, 'the kernel file');
  const kPhys = alloc(k.size, k.align, false, 'the kernel');
  const modules = input.modules.map((m) => {
    const address = alloc(Math.max(m.bytes.length, 1), PAGE, false, `module ${m.path}`);
    plan.write(address, m.bytes);
    plan.region({
      name: `module ${m.path}`,
      kind: 'module',
      phys: { base: address, length: m.bytes.length },
    });
    return {
      address,
      size: m.bytes.length,
      path: m.path,
      string: m.string,
      optical: input.optical,
    };
  });
  const stackSize = req.stackSize();
  const stackBase = alloc(stackSize, PAGE, true, 'the stack');
  const space = buildAddressSpace({
    levels: pagingMode === 1 ? 5 : 4,
    revision,
    hhdm,
    kernelRanges: k.ranges,
    kernelVirt: k.virtualBase,
    kernelPhys: kPhys,
    regions: map.entries(),
  });
  const tablesPhys = alloc(space.tables.count * PAGE, PAGE, true, 'the page tables');

  const blob = new LimineBlob();
  const gdtOffset = blob.reserve(LIMINE_GDT.length, (w, _p, at) => w.put(at, LIMINE_GDT));
  // Placing the block itself can split one more usable region: leave room for it.
  const capacity = map.entries().length + 2;
  const answer = reserveResponses(blob, req, {
    revision,
    hhdm,
    pagingMode,
    kernelPhys: kPhys,
    kernelVirt: k.virtualBase,
    kernelFile: {
      address: filePhys,
      size: input.file.length,
      path: input.path,
      string: input.cmdline,
      optical: input.optical,
    },
    modules,
    framebuffer: fb,
    rsdpAddress: o.rsdpAddress,
    bootTime: o.bootTime,
    memmap: () => map.entries(),
    memmapCapacity: capacity,
  });
  const blobPhys = alloc(blob.length, PAGE, true, 'the boot information');
  if (map.entries().length > capacity)
    fail('BOOT_INTERNAL', 'the Limine memory map outgrew its room');
  answer((offset) => hhdm + BigInt(blobPhys + offset));

  placeKernel(plan, k, kPhys);
  plan.write(filePhys, input.file);
  plan.region({
    name: 'kernel file',
    kind: 'kernel-file',
    phys: { base: filePhys, length: input.file.length },
  });
  plan.zero(stackBase, alignUp(stackSize, PAGE));
  plan.region({
    name: 'stack',
    kind: 'stack',
    phys: { base: stackBase, length: stackSize },
    virt: { base: hhdm + BigInt(stackBase), length: BigInt(stackSize) },
  });
  plan.write(tablesPhys, space.tables.bytes(tablesPhys));
  plan.region({
    name: 'page tables',
    kind: 'page-tables',
    phys: { base: tablesPhys, length: space.tables.count * PAGE },
  });
  plan.write(blobPhys, blob.bytes(blobPhys, hhdm));
  plan.region({
    name: 'Limine responses and GDT',
    kind: 'boot-info',
    phys: { base: blobPhys, length: blob.length },
    virt: { base: hhdm + BigInt(blobPhys), length: BigInt(blob.length) },
  });
  labelMappings(plan, space, hhdm, input);

  const entry = req.entryPoint() ?? k.entry;
  if (entry === 0n) fail('BOOT_NO_ENTRY', 'e_entry is 0 and there is no entry point request');
  const cpu = limineEntryState({
    entry,
    rsp: hhdm + BigInt(stackBase + stackSize - 8),
    gdtBase: hhdm + BigInt(blobPhys + gdtOffset),
    cr3: tablesPhys,
    fiveLevel: pagingMode === 1,
  });
  return plan.finish(input, 'limine', cpu, map, [LIMINE_PAT], k.slide);
}

/** The image (requests answered) at its physical base, each segment's BSS cleared. */
function placeKernel(plan: PlanBuilder, k: LimineKernel, kPhys: number): void {
  plan.write(kPhys, k.image);
  plan.zero(kPhys + k.image.length, k.size - k.image.length);
  for (const s of k.segments) {
    const phys = kPhys + Number(s.vaddr - k.virtualBase);
    plan.zero(phys + s.filesz, s.memsz - s.filesz);
    plan.region({
      name: `kernel segment ${s.index}`,
      kind: 'kernel-segment',
      phys: { base: phys, length: s.memsz },
      virt: { base: s.vaddr, length: BigInt(s.memsz) },
    });
  }
}

/** Names the direct mappings for the UI: the HHDM, revision 0's identity map, the framebuffer. */
function labelMappings(
  plan: PlanBuilder,
  space: AddressSpace,
  hhdm: bigint,
  input: KernelInput,
): void {
  const top = space.hhdmCoverage.reduce((m, [, end]) => Math.max(m, end), 0);
  plan.region({
    name: 'higher half direct map',
    kind: 'hhdm',
    virt: { base: hhdm, length: BigInt(top) },
  });
  if (space.identity)
    plan.region({
      name: 'identity map',
      kind: 'identity-map',
      virt: { base: 0x1000n, length: BigInt(4 * GIB - 0x1000) },
    });
  const fb = input.options.framebuffer;
  if (fb) {
    const length = framebufferLength(fb);
    plan.region({
      name: 'framebuffer',
      kind: 'framebuffer',
      phys: { base: fb.address, length },
      virt: { base: hhdm + BigInt(fb.address), length: BigInt(length) },
    });
  }
}
