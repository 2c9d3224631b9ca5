// Every guest kernel in kernels/, what it shows and how it must end. The QEMU tests here check
// the committed images against it, and pagescope's own tests can read the same table and the
// same expected/<name>.txt files to check the emulator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPECTED_DIR } from './paths.ts';

export type Protocol = 'limine' | 'multiboot1' | 'multiboot2' | 'iso';

export type End =
  /** The kernel wrote `code` to port 0xf4: QEMU exits with status (code << 1) | 1. */
  | { kind: 'exit'; code: number }
  /**
   * The machine stopped in a triple fault. `chain` lists the exceptions the CPU raised, in
   * order (a software interrupt being delivered, like int3, is not one of them).
   */
  | { kind: 'triple-fault'; chain: string[] };

/** A line QEMU 7.2's TCG prints differently from the CPU; the expected file has the CPU's. */
export interface QemuDeparture {
  cpu: string;
  qemu: string;
  why: string;
}

export interface GuestKernel {
  /** Also the name of the expected output, expected/<name>.txt. */
  name: string;
  /** The release image in public/kernels/. */
  image: string;
  protocol: Protocol;
  shows: string;
  end: End;
  qemuTcg?: QemuDeparture[];
}

/**
 * Images in public/kernels/ that kernels/Makefile does not build: the reference kernels with
 * Makefiles of their own (kernels/access-test, kernels/exception-test, kernels/task-test),
 * which tests/reference rebuilds and checks byte for byte.
 */
export const REFERENCE_IMAGES = ['access-test.elf', 'exception-test.elf', 'task-test.elf'];

export const EXIT_OK = 0;
/** Kernels exit with 0x20 + vector when an exception ends them (kernels/lib/exit.h). */
export const exitForVector = (vector: number): number => 0x20 + vector;

const TRIPLE_AFTER_PF: End = { kind: 'triple-fault', chain: ['#PF', '#DF', 'triple fault'] };

/** QEMU 7.2 TCG leaves P clear in the error code of a reserved-bit #PF; CPUs set it. */
const RSVD_ERROR_CODE: QemuDeparture = {
  cpu: 'fault: error code 0x9 = present read supervisor reserved-bit',
  qemu: 'fault: error code 0x8 = not-present read supervisor reserved-bit',
  why: 'QEMU 7.2 TCG reports a reserved-bit #PF without P; the CPU (QEMU -accel kvm) sets it',
};

export const KERNELS: GuestKernel[] = [
  {
    name: 'demo-limine',
    image: 'demo-limine.elf',
    protocol: 'limine',
    shows: 'a healthy kernel: own page tables, GDT/IDT/TSS, int3, LAPIC timer ticks',
    end: { kind: 'exit', code: EXIT_OK },
  },
  {
    name: 'pitfall-higher-half-alloc',
    image: 'pitfall-higher-half-alloc.elf',
    protocol: 'limine',
    shows: 'page-table entries holding kernel-virtual addresses from the frame allocator',
    end: TRIPLE_AFTER_PF,
  },
  {
    name: 'pitfall-gdt-idt-unmapped',
    image: 'pitfall-gdt-idt-unmapped.elf',
    protocol: 'limine',
    shows: 'GDT and IDT left unmapped by the new tables; int3 after the CR3 switch',
    end: TRIPLE_AFTER_PF,
  },
  {
    name: 'pitfall-bad-cr3',
    image: 'pitfall-bad-cr3.elf',
    protocol: 'limine',
    shows: 'CR3 loaded with 0',
    end: TRIPLE_AFTER_PF,
  },
  {
    name: 'pitfall-bad-cr3-garbage',
    image: 'pitfall-bad-cr3-garbage.elf',
    protocol: 'limine',
    shows: 'CR3 loaded with the physical address of a page of text',
    end: TRIPLE_AFTER_PF,
  },
  {
    name: 'pitfall-no-identity-map',
    image: 'pitfall-no-identity-map.elf',
    protocol: 'multiboot1',
    shows: 'CR0.PG set by code that the new tables do not map',
    end: TRIPLE_AFTER_PF,
  },
  {
    name: 'pitfall-stale-tlb',
    image: 'pitfall-stale-tlb.elf',
    protocol: 'limine',
    shows: 'a PTE rewritten without invlpg: the old translation is still used',
    end: { kind: 'exit', code: EXIT_OK },
  },
  {
    name: 'pitfall-nx-without-nxe',
    image: 'pitfall-nx-without-nxe.elf',
    protocol: 'limine',
    shows: 'the NX bit set while EFER.NXE is clear: reserved-bit #PF',
    end: { kind: 'exit', code: exitForVector(14) },
    qemuTcg: [RSVD_ERROR_CODE],
  },
  {
    name: 'pitfall-misaligned-2m',
    image: 'pitfall-misaligned-2m.elf',
    protocol: 'limine',
    shows: 'a 2 MiB page at an unaligned address: bit 12 is PAT, bits 20:13 reserved',
    end: { kind: 'exit', code: exitForVector(14) },
    qemuTcg: [RSVD_ERROR_CODE],
  },
  {
    name: 'pitfall-user-wx',
    image: 'pitfall-user-wx.elf',
    protocol: 'limine',
    shows: 'kernel pages mapped user-accessible, writable and executable (no fault)',
    end: { kind: 'exit', code: EXIT_OK },
  },
  {
    name: 'pitfall-stack-guard',
    image: 'pitfall-stack-guard.elf',
    protocol: 'limine',
    shows: 'recursion into the unmapped guard page: #PF, then #DF on its IST stack',
    end: { kind: 'exit', code: exitForVector(8) },
  },
  {
    name: 'multiboot1-hello',
    image: 'multiboot1-hello.elf',
    protocol: 'multiboot1',
    shows: 'Multiboot 1 (ELF32), long mode entered by the kernel itself',
    end: { kind: 'exit', code: EXIT_OK },
  },
  {
    name: 'multiboot2-hello',
    image: 'multiboot2-hello.elf',
    protocol: 'multiboot2',
    shows: 'Multiboot 2 (ELF64, 32-bit entry), memory map tag, long mode by the kernel',
    end: { kind: 'exit', code: EXIT_OK },
  },
  {
    name: 'iso-multiboot2',
    image: 'iso-multiboot2.iso',
    protocol: 'iso',
    shows: 'multiboot2-hello on an ISO 9660 image with boot/grub/grub.cfg',
    end: { kind: 'exit', code: EXIT_OK },
  },
];

export function expectedSerial(name: string): string {
  return readFileSync(join(EXPECTED_DIR, `${name}.txt`), 'utf8');
}

/** The QEMU process status an exit end gives under isa-debug-exit. */
export const qemuStatus = (code: number): number => (code << 1) | 1;
