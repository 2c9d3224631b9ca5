/**
 * The one catalog of boot errors. Every way an image can fail to boot has a code here, a
 * sentence saying what is wrong and a hint saying what to do. Call sites add the specifics
 * (an offset, an address, a path) as a detail; the UI shows `message` then `hint`.
 */
const CATALOG = {
  BOOT_EMPTY: ['The file is empty', 'Drop the kernel your build produces, not an empty file.'],
  BOOT_NOT_ELF: [
    'The file is not an ELF image, an ISO or a Multiboot kernel',
    'Drop the kernel ELF your build links (e.g. kernel.elf) or a bootable ISO (grub-mkrescue, Limine).',
  ],
  BOOT_TOO_LARGE: [
    'The image does not fit in the machine',
    'Give the machine more RAM (up to 4 GiB) or shrink the image (strip debug info, smaller BSS).',
  ],
  BOOT_BAD_OPTIONS: [
    'The machine configuration is not usable',
    'Use a RAM size that is a multiple of 4 KiB between 2 MiB and 4 GiB.',
  ],
  BOOT_TRUNCATED_HEADER: [
    'The ELF header is cut short',
    'The file was truncated on the way; copy the kernel again from your build directory.',
  ],
  BOOT_TRUNCATED_PHDR: [
    'The program header table runs past the end of the file',
    'The file was truncated or e_phoff/e_phnum are wrong; rebuild and check with `readelf -l`.',
  ],
  BOOT_TRUNCATED_SEGMENT: [
    'A loadable segment runs past the end of the file',
    'The file was truncated or p_offset/p_filesz are wrong; rebuild and check with `readelf -l`.',
  ],
  BOOT_BAD_SEGMENT: [
    'A loadable segment is malformed',
    'Check the segment with `readelf -l`: p_filesz must not exceed p_memsz and addresses must not wrap.',
  ],
  BOOT_NO_SEGMENTS: [
    'The image has nothing to load',
    'Link the kernel as an executable with at least one PT_LOAD segment (`readelf -l`).',
  ],
  BOOT_SEGMENT_OUTSIDE_RAM: [
    'A segment lies outside the machine RAM',
    'Link the kernel to load inside RAM (physical addresses from 1 MiB) or give the machine more RAM.',
  ],
  BOOT_SEGMENT_OVERLAP: [
    'A segment overlaps memory the boot loader or firmware uses',
    'Load the kernel at or above 1 MiB (e.g. `. = 1M;` in the linker script).',
  ],
  BOOT_NO_ENTRY: [
    'The image has no usable entry point',
    'Set ENTRY(_start) in the linker script and check e_entry with `readelf -h`.',
  ],
  BOOT_UNSUPPORTED_MACHINE: [
    'The image is not for an x86 machine',
    'Build for x86_64 (ELF64, EM_X86_64) or i386 (ELF32, EM_386), little-endian.',
  ],
  BOOT_NOT_EXECUTABLE: [
    'The ELF file is not an executable',
    'Drop the linked kernel (ET_EXEC or ET_DYN), not an object file (`readelf -h` shows the type).',
  ],
  BOOT_NO_PROTOCOL: [
    'The ELF image carries no boot protocol pagescope knows',
    'Add a Multiboot 1 or 2 header, or Limine requests with a base revision tag, or drop an ISO with a boot config.',
  ],
  BOOT_MB1_BAD_CHECKSUM: [
    'The Multiboot 1 header has a wrong checksum',
    'The checksum must make magic + flags + checksum equal 0 modulo 2^32.',
  ],
  BOOT_MB1_UNSUPPORTED_FLAGS: [
    'The Multiboot 1 header asks for features no boot loader provides',
    'Clear the unknown required flag bits (3-15); only bits 0, 1, 2 and 16 are defined.',
  ],
  BOOT_BAD_LOAD_ADDRESS: [
    'The Multiboot load address fields are inconsistent',
    'In the a.out-kludge fields (MB1 flag 16, MB2 address tag) header_addr >= load_addr, load_end_addr >= load_addr and bss_end_addr >= load_end_addr must hold, inside the file.',
  ],
  BOOT_MB2_BAD_HEADER: [
    'The Multiboot 2 header is malformed',
    'Check magic, architecture 0, header_length and checksum, and that tags are 8-byte aligned and end with an end tag.',
  ],
  BOOT_MB2_UNSUPPORTED_TAG: [
    'The Multiboot 2 header has a required tag pagescope does not support',
    'Mark the tag optional (flags bit 0) or remove it.',
  ],
  BOOT_MB2_REQUIRED_INFO: [
    'The Multiboot 2 information request asks for information pagescope cannot provide',
    'Mark the information request optional (flags bit 0) or drop the type it cannot get.',
  ],
  BOOT_LIMINE_NEEDS_ELF64: [
    'Limine boots 64-bit ELF executables only',
    'Build the kernel as ELF64 for x86_64 (e.g. x86_64-elf-gcc, -m64).',
  ],
  BOOT_LIMINE_LOWER_HALF: [
    'A Limine kernel segment lies below 0xffffffff80000000',
    'Link the kernel in the higher half (`. = 0xffffffff80000000;`) or build it position independent.',
  ],
  BOOT_LIMINE_OVERLAP: [
    'Limine refuses segments that overlap or share a page with different permissions',
    'Align each segment to 4 KiB in the linker script (e.g. `. = ALIGN(CONSTANT(MAXPAGESIZE));`).',
  ],
  BOOT_LIMINE_DUPLICATE: [
    'The kernel contains the same Limine request or tag twice',
    'Keep one definition of each request (and of LIMINE_BASE_REVISION).',
  ],
  BOOT_LIMINE_PAGING_MODE: [
    'The paging mode request cannot be satisfied',
    'Allow 4-level paging in the request (min_mode 0) or enable 5-level paging in the machine settings.',
  ],
  BOOT_LIMINE_RELOCATION: [
    'The relocatable kernel uses a relocation pagescope cannot apply',
    'Link with -static -no-pie at 0xffffffff80000000, or use only R_X86_64_RELATIVE relocations.',
  ],
  BOOT_OUT_OF_MEMORY: [
    'There is not enough free RAM for the kernel, its modules and the boot structures',
    'Give the machine more RAM or make the kernel and modules smaller.',
  ],
  BOOT_ISO_BAD: [
    'The ISO 9660 file system is damaged',
    'Rebuild the ISO (xorriso, grub-mkrescue) and drop it again.',
  ],
  BOOT_ISO_NO_KERNEL: [
    'The ISO has no boot configuration naming a kernel',
    'Add limine.conf (protocol + path) or boot/grub/grub.cfg (a multiboot or multiboot2 line) to the ISO.',
  ],
  BOOT_CONFIG_BAD: [
    'The boot configuration cannot be used',
    'Check the config: an entry needs a protocol and a kernel path (limine.conf) or a multiboot line (grub.cfg).',
  ],
  BOOT_CONFIG_PROTOCOL_MISMATCH: [
    'The kernel does not carry the boot protocol its configuration names',
    'Add the matching header to the kernel or change the protocol in the config.',
  ],
  BOOT_UNSUPPORTED_PROTOCOL: [
    'The configuration asks for a boot protocol pagescope does not implement',
    'Use protocol limine, multiboot1 or multiboot2.',
  ],
  BOOT_MODULE_MISSING: [
    'A module named in the boot configuration is not on the ISO',
    'Fix the module path in the config or add the file to the ISO.',
  ],
  BOOT_INTERNAL: [
    'pagescope failed while reading the image',
    'This is a bug in pagescope; please report it with the image.',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type BootErrorCode = keyof typeof CATALOG;

export const BOOT_ERROR_CODES = Object.keys(CATALOG) as BootErrorCode[];

export interface BootError {
  code: BootErrorCode;
  /** One sentence: what is wrong, with the specifics. */
  message: string;
  /** What to do about it. */
  hint: string;
}

export function bootError(code: BootErrorCode, detail?: string): BootError {
  const [summary, hint] = CATALOG[code];
  return { code, message: detail ? `${summary}: ${detail}.` : `${summary}.`, hint };
}

/**
 * Parsers raise this to abandon an image; the public API (index.ts) catches it and returns
 * the error, so no caller ever sees an exception for bad input.
 */
export class BootFailure extends Error {
  constructor(readonly error: BootError) {
    super(error.message);
  }
}

export function fail(code: BootErrorCode, detail?: string): never {
  throw new BootFailure(bootError(code, detail));
}

export type BootResult<T> = { ok: true; value: T } | { ok: false; error: BootError };

/** Runs a step that may fail with BootFailure and returns its outcome as a value. */
export function attempt<T>(step: () => T): BootResult<T> {
  try {
    return { ok: true, value: step() };
  } catch (e) {
    if (e instanceof BootFailure) return { ok: false, error: e.error };
    throw e;
  }
}

export function hex(v: number | bigint): string {
  return `0x${v.toString(16)}`;
}
