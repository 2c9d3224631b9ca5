import type { ConfigEntry, ConfigProtocol } from './config-entry.ts';
import { attempt, BootFailure, fail, hex } from './errors.ts';
import type { BootError } from './errors.ts';
import { isElf } from './elf-magic.ts';
import { parseElf } from './elf.ts';
import type { ElfImage } from './elf.ts';
import { findLimineEvidence } from './limine-scan.ts';
import { findMultiboot1, readMultiboot1Fields } from './multiboot1-header.ts';
import type { Mb1Header } from './multiboot1-header.ts';
import { findMultiboot2, parseMultiboot2 } from './multiboot2-header.ts';
import type { Mb2Header } from './multiboot2-header.ts';
import type { BootProtocol, Detection } from './plan.ts';

/** Everything found in a kernel file, before a protocol is chosen. */
export interface KernelFindings {
  bytes: Uint8Array;
  elf?: ElfImage;
  /** Why the file did not parse as ELF, when it starts like one. */
  elfError?: BootError;
  mb1: ReturnType<typeof findMultiboot1>;
  mb2: ReturnType<typeof findMultiboot2>;
  limine?: { offset: number; what: string };
}

/** The protocol chosen for a kernel, with its parsed header. */
export type Chosen =
  | { protocol: 'limine'; reason: string }
  | { protocol: 'multiboot2'; reason: string; header: Mb2Header }
  | { protocol: 'multiboot1'; reason: string; header: Mb1Header };

export function examineKernel(bytes: Uint8Array): KernelFindings {
  const f: KernelFindings = { bytes, mb1: findMultiboot1(bytes), mb2: findMultiboot2(bytes) };
  if (isElf(bytes)) {
    const elf = attempt(() => parseElf(bytes));
    if (elf.ok) f.elf = elf.value;
    else f.elfError = elf.error;
  }
  f.limine = findLimineEvidence(bytes);
  return f;
}

export function evidenceOf(f: KernelFindings): Detection['evidence'] {
  const out: Detection['evidence'] = [];
  if (f.limine)
    out.push({
      protocol: 'limine',
      offset: f.limine.offset,
      detail: `${f.limine.what} at offset ${hex(f.limine.offset)}`,
    });
  if (f.mb2.found === 'valid')
    out.push({
      protocol: 'multiboot2',
      offset: f.mb2.offset,
      detail: `a Multiboot 2 header at offset ${hex(f.mb2.offset)}`,
    });
  if (f.mb1.found === 'valid') {
    const at = f.mb1.header.offset;
    out.push({
      protocol: 'multiboot1',
      offset: at,
      detail: `a Multiboot 1 header at offset ${hex(at)}`,
    });
  }
  return out;
}

/**
 * Picks the protocol: the one a boot config names, else Limine, then Multiboot 2, then
 * Multiboot 1, the first whose markers are present. Fails with the most telling error when
 * none can boot the file.
 */
export function chooseProtocol(f: KernelFindings, config?: ConfigEntry): Chosen {
  const order: ConfigProtocol[] = config
    ? [config.protocol]
    : ['limine', 'multiboot2', 'multiboot1'];
  const why = (what: string) =>
    config ? `${config.configPath} says protocol ${config.protocol}; ${what}` : what;
  for (const p of order) {
    const chosen = tryProtocol(p, f, why, config !== undefined);
    if (chosen) return chosen;
  }
  if (config)
    fail(
      'BOOT_CONFIG_PROTOCOL_MISMATCH',
      `${config.configPath} says ${config.protocol} for ${config.kernelPath}`,
    );
  if (f.elfError) throw new BootFailure(f.elfError);
  if (f.mb1.found === 'bad-checksum')
    fail('BOOT_MB1_BAD_CHECKSUM', `the magic at offset ${hex(f.mb1.offset)}`);
  if (f.mb2.found === 'bad-checksum')
    fail(
      'BOOT_MB2_BAD_HEADER',
      `the checksum of the header at offset ${hex(f.mb2.offset)} is wrong`,
    );
  if (f.elf)
    fail('BOOT_NO_PROTOCOL', `an ELF${f.elf.class} executable for entry ${hex(f.elf.entry)}`);
  if (f.limine)
    fail(
      'BOOT_LIMINE_NEEDS_ELF64',
      `${f.limine.what} at offset ${hex(f.limine.offset)} is in a file that is not ELF`,
    );
  const head = [...f.bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return fail(
    'BOOT_NOT_ELF',
    `it starts with ${head} and has no Multiboot header in its first 32 KiB`,
  );
}

function tryProtocol(
  p: BootProtocol,
  f: KernelFindings,
  why: (s: string) => string,
  configured: boolean,
): Chosen | undefined {
  if (p === 'limine') {
    // The config alone makes a kernel Limine's; otherwise its markers must be there.
    if (!configured && !f.limine) return undefined;
    if (f.elf?.class !== 64) {
      if (!configured && (f.mb2.found === 'valid' || f.mb1.found === 'valid')) return undefined;
      if (f.elfError) throw new BootFailure(f.elfError);
      fail(
        'BOOT_LIMINE_NEEDS_ELF64',
        f.elf ? 'the kernel is a 32-bit ELF file' : 'the kernel is not an ELF file',
      );
    }
    return {
      protocol: 'limine',
      reason: why(
        f.limine ? `${f.limine.what} at offset ${hex(f.limine.offset)}` : 'no Limine marker needed',
      ),
    };
  }
  if (p === 'multiboot2') {
    if (f.mb2.found !== 'valid') return undefined;
    const header = parseMultiboot2(f.bytes, f.mb2.offset);
    if (!header.address) needElf(f);
    return {
      protocol: 'multiboot2',
      reason: why(`a Multiboot 2 header at offset ${hex(f.mb2.offset)}`),
      header,
    };
  }
  if (f.mb1.found !== 'valid') return undefined;
  const header = readMultiboot1Fields(f.bytes, f.mb1.header);
  if (!header.addresses) needElf(f);
  return {
    protocol: 'multiboot1',
    reason: why(`a Multiboot 1 header at offset ${hex(header.offset)}`),
    header,
  };
}

/** Without a.out-kludge addresses a Multiboot kernel loads as ELF, so a damaged ELF is fatal. */
function needElf(f: KernelFindings): void {
  if (f.elfError) throw new BootFailure(f.elfError);
}
