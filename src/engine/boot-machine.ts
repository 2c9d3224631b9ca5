import { applyBoot, planBoot } from '../boot/index.ts';
import type { BootError, BootPlan } from '../boot/index.ts';
import type { BootModule } from '../boot/options.ts';
import { STD_VGA_FRAMEBUFFER } from '../boot/std-vga-framebuffer.ts';
import { bootError } from '../boot/errors.ts';
import { writeMsr } from '../core/cpu/exec/msr.ts';
import { writeAcpiTables } from '../core/devices/acpi-tables.ts';
import { pcPeripheralsFactory } from '../core/devices/pc-peripherals.ts';
import type { PcPeripherals } from '../core/devices/pc-peripherals.ts';
import { Machine } from '../core/machine.ts';
import { ramLayout } from '../core/memory/ram-layout.ts';

/**
 * 256 MiB, as the product asks: twice QEMU's own default, so the tests that compare with
 * QEMU give it `-m 256M` for `info mem` and the memory map to look the same.
 */
export const DEFAULT_ENGINE_RAM = 256 << 20;

/**
 * Where the ACPI tables go: the top 128 KiB of RAM below 4 GiB, as SeaBIOS puts them (they
 * must stay 32-bit addressable). The memory map reports the range as ACPI memory, so a
 * kernel's allocator leaves it alone.
 */
const ACPI_AREA = 128 << 10;

export interface BootMachineOptions {
  ramSize?: number;
  /** Backing store for guest RAM (a SharedArrayBuffer the UI thread reads). */
  ramBuffer?: ArrayBufferLike;
  /** The dropped file's name (Multiboot 1 command lines and Limine's executable path use it). */
  imageName?: string;
  cmdline?: string;
  /** Modules as QEMU's -initrd gives them to a Multiboot kernel (Limine: its module files). */
  modules?: BootModule[];
  /** A disk image for the ATA channel's master; guest writes stay in memory. */
  disk?: Uint8Array;
  /** A disk image for the ATA channel's slave (QEMU's `-drive file=...,index=1`). */
  diskSlave?: Uint8Array;
  /** A disk image for the secondary ATA channel's master (QEMU's `index=2`). */
  diskSecondary?: Uint8Array;
  /** The disk images' file names: the page shows them; the guest never sees them. */
  diskName?: string;
  diskSlaveName?: string;
  /** A linear framebuffer (QEMU std-vga's default mode) for kernels that ask for one. */
  framebuffer?: boolean;
}

/** The framebuffer device behind STD_VGA_FRAMEBUFFER. */
const { address: base, width, height, pitch } = STD_VGA_FRAMEBUFFER;
const FRAMEBUFFER = { base, width, height, pitch };

export interface BootedMachine {
  machine: Machine;
  pc: PcPeripherals;
  plan: BootPlan;
}

export type BootMachineResult = ({ ok: true } & BootedMachine) | { ok: false; error: BootError };

/**
 * Boots an image the way its boot loader would on a PC: the chipset in SeaBIOS's state, the PC
 * peripherals, ACPI tables, then the loader's plan written into RAM and the CPU. Never throws
 * for bad input: the boot error catalog's error comes back as data.
 */
export function bootMachine(
  image: Uint8Array,
  options: BootMachineOptions = {},
): BootMachineResult {
  const ramSize = options.ramSize ?? DEFAULT_ENGINE_RAM;
  let pc: PcPeripherals | undefined;
  let machine: Machine;
  try {
    machine = new Machine({
      ramSize,
      ramBuffer: options.ramBuffer,
      devices: [
        pcPeripheralsFactory(
          {
            disk: options.disk,
            slaveDisk: options.diskSlave,
            secondaryDisk: options.diskSecondary,
            framebuffer: options.framebuffer ? FRAMEBUFFER : undefined,
          },
          (p) => (pc = p),
        ),
      ],
    });
  } catch (e) {
    // Only a RAM size the Machine refuses gets here: say so with the catalog's code.
    return badOptions(e);
  }
  const acpiBase = ramLayout(ramSize).below4g - ACPI_AREA;
  const acpi = writeAcpiTables(machine.mem, acpiBase);
  const planned = planBoot(image, {
    ramSize,
    imageName: options.imageName ?? 'kernel.elf',
    cmdline: options.cmdline,
    modules: options.modules,
    rsdpAddress: acpi.rsdp,
    rsdp: acpi.rsdpBytes,
    firmwareRegions: [{ base: acpiBase, length: ACPI_AREA, type: 'acpi-reclaimable' }],
    framebuffer: options.framebuffer ? STD_VGA_FRAMEBUFFER : undefined,
  });
  if (!planned.ok) return planned;
  const applied = applyBoot(planned.plan, machine.mem, machine.cpu);
  if (!applied.ok) return applied;
  afterApply(machine, planned.plan);
  return { ok: true, machine, pc: pc!, plan: planned.plan };
}

/**
 * applyBoot writes registers behind the live Cpu's back; these are the caches it keeps of
 * them (docs/boot.md): the decode mode, the rights the fast paths check, translations and
 * decoded blocks, and the MSRs the loader sets (Limine's PAT).
 */
function afterApply(machine: Machine, plan: BootPlan): void {
  const cpu = machine.cpu;
  cpu.updateMode();
  cpu.updateAccessRights();
  cpu.tlb.flushAll();
  cpu.blocks.clear();
  for (const m of plan.msrs) {
    const lo = Number(BigInt.asUintN(32, m.value)) | 0;
    const hi = Number(BigInt.asUintN(32, m.value >> 32n)) | 0;
    writeMsr(cpu, m.index, lo, hi);
  }
}

function badOptions(e: unknown): BootMachineResult {
  return {
    ok: false,
    error: bootError('BOOT_BAD_OPTIONS', e instanceof Error ? e.message : String(e)),
  };
}
