import manifest from 'virtual:bundled-kernels';

/**
 * The gallery: the files in public/kernels/ as listed at build time (manifest-plugin.ts, so a
 * kernel added there shows up without touching this file), described with what each one shows
 * (from kernels/README.md). A file without notes is still offered, by name.
 */
export interface BundledKernel {
  file: string;
  boot: string;
  shows: string;
  ends: string;
}

/** What the app boots on first open. */
export const DEMO_KERNEL = 'demo-limine.elf';

const NOTES: readonly BundledKernel[] = [
  {
    file: 'demo-limine.elf',
    boot: 'Limine',
    shows:
      'its own page tables (rwx per section, guard page, HHDM, LAPIC), GDT/IDT/TSS, int3, LAPIC timer ticks',
    ends: 'exit 0',
  },
  {
    file: 'pitfall-higher-half-alloc.elf',
    boot: 'Limine',
    shows: 'a frame allocator returning kernel-virtual addresses, stored in entries',
    ends: '#PF (reserved), #DF, triple fault',
  },
  {
    file: 'pitfall-gdt-idt-unmapped.elf',
    boot: 'Limine',
    shows: 'GDT/IDT in HHDM memory the new tables do not map; int3 after the switch',
    ends: '#PF, #DF, triple fault',
  },
  { file: 'pitfall-bad-cr3.elf', boot: 'Limine', shows: 'CR3 = 0', ends: '#PF, #DF, triple fault' },
  {
    file: 'pitfall-bad-cr3-garbage.elf',
    boot: 'Limine',
    shows: 'CR3 = the physical address of a page of text',
    ends: '#PF (reserved), #DF, triple fault',
  },
  {
    file: 'pitfall-no-identity-map.elf',
    boot: 'Multiboot 1 (32-bit)',
    shows: 'CR0.PG set by code the new tables do not map',
    ends: '#PF, #DF, triple fault',
  },
  {
    file: 'pitfall-stale-tlb.elf',
    boot: 'Limine',
    shows: 'a PTE rewritten without invlpg: the old frame is still read',
    ends: 'exit 0',
  },
  {
    file: 'pitfall-nx-without-nxe.elf',
    boot: 'Limine',
    shows: 'NX set while EFER.NXE is clear',
    ends: '#PF (reserved), exit 0x2e',
  },
  {
    file: 'pitfall-misaligned-2m.elf',
    boot: 'Limine',
    shows: '2 MiB entries at base+0x1000 (PAT bit: no fault) and base+0x100000',
    ends: '#PF (reserved), exit 0x2e',
  },
  {
    file: 'pitfall-user-wx.elf',
    boot: 'Limine',
    shows: 'kernel image mapped user, writable, executable; patches its own .text',
    ends: 'exit 0',
  },
  {
    file: 'pitfall-stack-guard.elf',
    boot: 'Limine',
    shows: 'recursion into the unmapped guard page under the stack',
    ends: '#DF on IST1, exit 0x28',
  },
  {
    file: 'multiboot1-hello.elf',
    boot: 'Multiboot 1 (ELF32)',
    shows: 'long mode entered by the kernel, Multiboot info read',
    ends: 'exit 0',
  },
  {
    file: 'multiboot2-hello.elf',
    boot: 'Multiboot 2 (ELF64)',
    shows: 'the same through Multiboot 2, memory map tag',
    ends: 'exit 0',
  },
  {
    file: 'access-test.elf',
    boot: 'Multiboot 1',
    shows:
      'every read/write/fetch at CPL 0 and 3 against 4 KiB, 2 MiB and 1 GiB pages, with WP, SMEP, SMAP, NXE',
    ends: 'exit 0 when every case matches the manuals',
  },
  {
    file: 'exception-test.elf',
    boot: 'Multiboot 1',
    shows: 'each exception raised from CPL 0 and 3, with and without IST, and what the handler saw',
    ends: 'exit 0',
  },
  {
    file: 'task-test.elf',
    boot: 'Multiboot 1',
    shows:
      '32-bit task switches (#DF through a task gate, CALL and IRET, a TSS with its own CR3), a ring-3 call gate, #TS/#GP/#NP on bad TSSes',
    ends: 'exit 0',
  },
  {
    file: 'iso-multiboot2.iso',
    boot: 'ISO 9660 + GRUB config',
    shows: 'boot/grub/grub.cfg naming multiboot2-hello',
    ends: 'exit 0',
  },
];

/** The manifest's files, the described ones first in the order above, then the rest by name. */
export function galleryOf(files: readonly string[]): BundledKernel[] {
  const known = NOTES.filter((k) => files.includes(k.file));
  const rest = files
    .filter((f) => !NOTES.some((k) => k.file === f))
    .sort()
    .map((file) => ({ file, boot: '', shows: '', ends: '' }));
  return [...known, ...rest];
}

export const BUNDLED_KERNELS: readonly BundledKernel[] = galleryOf(manifest);

/** Where the app fetches a bundled kernel from (Vite serves public/ at the base URL). */
export function bundledKernelUrl(file: string): string {
  return `${import.meta.env.BASE_URL}kernels/${file}`;
}
