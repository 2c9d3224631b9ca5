import { biosDataWrites } from './bios-data-area.ts';
import { chooseProtocol, evidenceOf, examineKernel } from './detect.ts';
import type { Chosen, KernelFindings } from './detect.ts';
import { BootFailure, bootError, fail } from './errors.ts';
import type { BootError } from './errors.ts';
import { readIsoBoot } from './iso-boot.ts';
import type { IsoBoot } from './iso-boot.ts';
import { isIso } from './iso9660.ts';
import type { KernelInput, LoadedFile } from './kernel-input.ts';
import { planLimine } from './limine.ts';
import { planMultiboot1 } from './multiboot1.ts';
import { planMultiboot2 } from './multiboot2.ts';
import { mpTableWrite } from './mp-table.ts';
import { resolveOptions } from './options.ts';
import type { BootOptions, ResolvedOptions } from './options.ts';
import type { BootPlan, Detection } from './plan.ts';

export { applyBoot } from './apply.ts';
export type { BootCpuState } from './apply.ts';
export type { BootError, BootErrorCode } from './errors.ts';
export type { BootOptions, BootModule, FramebufferInfo } from './options.ts';
export type {
  BootPlan,
  BootProtocol,
  CpuSetup,
  Detection,
  NamedRegion,
  RegionKind,
  SegmentSetup,
} from './plan.ts';
export type { MemoryRegion, RegionType, FirmwareRegion } from './memory-map.ts';
export type { ElfSymbol } from './elf-symbols.ts';

export type BootOutcome<T> = ({ ok: true } & T) | { ok: false; error: BootError };

/**
 * Works out how the image boots and the machine state its boot loader would hand over:
 * RAM contents, CPU registers, memory map, and labelled regions and symbols for the UI.
 * Never throws: bad input becomes a coded error from the catalog (errors.ts).
 */
export function planBoot(
  image: Uint8Array,
  options: BootOptions = {},
): BootOutcome<{ plan: BootPlan }> {
  return guarded(() => {
    const o = resolveOptions(options);
    const found = identify(image);
    const input = kernelInput(found, o);
    const plan =
      found.chosen.protocol === 'limine'
        ? planLimine(input)
        : found.chosen.protocol === 'multiboot2'
          ? planMultiboot2(input, found.chosen.header)
          : planMultiboot1(input, found.chosen.header);
    // What the firmware left in low memory comes first: the loader's writes follow it.
    plan.writes.unshift(...biosDataWrites(), mpTableWrite());
    return { plan };
  });
}

/** Only the detection: what the image is, which protocol would boot it, and why. */
export function detectImage(image: Uint8Array): BootOutcome<{ detection: Detection }> {
  return guarded(() => ({ detection: identify(image).detection }));
}

function guarded<T>(step: () => T): BootOutcome<T> {
  try {
    return { ok: true, ...step() };
  } catch (e) {
    if (e instanceof BootFailure) return { ok: false, error: e.error };
    // A bug, not bad input: still an answer the UI can show instead of a dead page.
    return {
      ok: false,
      error: bootError('BOOT_INTERNAL', e instanceof Error ? e.message : String(e)),
    };
  }
}

interface Identified {
  detection: Detection;
  findings: KernelFindings;
  chosen: Chosen;
  iso?: IsoBoot;
}

function identify(image: Uint8Array): Identified {
  if (image.length === 0) fail('BOOT_EMPTY');
  const iso = isIso(image) ? readIsoBoot(image) : undefined;
  const findings = examineKernel(iso ? iso.kernel : image);
  const chosen = chooseProtocol(findings, iso?.config);
  const kernelFormat = findings.elf ? (`elf${findings.elf.class}` as const) : 'raw';
  const detection: Detection = {
    format: iso ? 'iso9660' : kernelFormat,
    kernelFormat,
    protocol: chosen.protocol,
    reason: chosen.reason,
    evidence: evidenceOf(findings),
    config: iso?.config,
  };
  return { detection, findings, chosen, iso };
}

/**
 * The kernel's path, command line and modules as this protocol's loader passes them. A bare
 * Multiboot 1 kernel boots the way QEMU's -kernel does: the command line starts with the file
 * name, and each module's string is its name, a space and its arguments (-initrd style).
 * Elsewhere strings are the arguments alone, as GRUB 2 and Limine pass them.
 */
function kernelInput(found: Identified, o: ResolvedOptions): KernelInput {
  const { iso, chosen } = found;
  const qemuStyle = !iso && chosen.protocol === 'multiboot1';
  const extra: LoadedFile[] = o.modules.map((m) => ({
    path: `/${m.name}`,
    bytes: m.bytes,
    string: qemuStyle ? [m.name, m.cmdline].filter((s) => s).join(' ') : (m.cmdline ?? ''),
  }));
  const cmdline = o.cmdline ?? iso?.config.cmdline ?? '';
  return {
    detection: found.detection,
    file: found.findings.bytes,
    path: iso ? iso.config.kernelPath : `/${o.imageName}`,
    cmdline: qemuStyle ? `${o.imageName} ${cmdline}` : cmdline,
    modules: [...(iso?.modules ?? []), ...extra],
    optical: iso !== undefined,
    elf: found.findings.elf,
    options: o,
  };
}
