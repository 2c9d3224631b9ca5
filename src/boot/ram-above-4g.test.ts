import { describe, expect, it } from 'vitest';
import { GIB, MIB } from './bytes.ts';
import { planBoot } from './index.ts';
import { multiboot2Elf64 } from './test-helpers/kernels.ts';
import { limineKernel } from './test-helpers/limine-kernel.ts';

/** Plans a boot with 4 GiB of RAM: 3 GiB below the PCI hole, 1 GiB at 4 GiB (QEMU pc). */
function plan4g(image: Uint8Array) {
  const r = planBoot(image, { ramSize: 4 * GIB });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.plan;
}

describe('4 GiB of RAM, as QEMU pc places it', () => {
  it('gives a Limine kernel the RAM above 4 GiB in its memory map and its HHDM', () => {
    const plan = plan4g(limineKernel({ revision: 2n }).image);
    expect(plan.memoryMap).toContainEqual({ base: 4 * GIB, length: GIB, type: 'usable' });
    expect(plan.memoryMap.some((r) => r.base < 4 * GIB && r.base + r.length > 3 * GIB)).toBe(false);
    const hhdm = plan.regions.find((r) => r.kind === 'hhdm');
    expect(hhdm?.virt?.length).toBe(BigInt(5 * GIB));
  });

  it('places Limine structures below the hole, never in it', () => {
    const plan = plan4g(limineKernel({ revision: 3n }).image);
    for (const w of plan.writes) expect(w.address + w.bytes.length).toBeLessThanOrEqual(3 * GIB);
  });

  it('lists both RAM ranges in the Multiboot 2 memory map', () => {
    const plan = plan4g(multiboot2Elf64());
    const usable = plan.memoryMap.filter((r) => r.type === 'usable' && r.base >= MIB);
    expect(usable.at(-1)).toEqual({ base: 4 * GIB, length: GIB, type: 'usable' });
  });
});
