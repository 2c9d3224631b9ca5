import { describe, expect, it } from 'vitest';
import { CpuState } from '../core/cpu/state.ts';
import { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { applyBoot, planBoot } from './index.ts';
import type { BootOptions } from './index.ts';
import { buildElf } from './test-helpers/elf-builder.ts';
import { concat, mb1Header, mb2Header } from './test-helpers/headers.ts';
import { buildIso } from './test-helpers/iso-builder.ts';
import {
  aoutKludgeElf64,
  limineElf64,
  liminePie,
  multiboot1Elf32,
  multiboot2Elf64,
} from './test-helpers/kernels.ts';
import { limineKernel } from './test-helpers/limine-kernel.ts';

const RAM = 8 << 20;
const mem = new PhysicalMemory(RAM);
const cpu = new CpuState();
const options: BootOptions = {
  ramSize: RAM,
  cmdline: 'fuzz',
  modules: [{ name: 'm', bytes: new Uint8Array(100), cmdline: 'x' }],
  rsdpAddress: 0xf5a10,
  rsdp: new Uint8Array(20),
};

/** A small deterministic generator (xorshift32): the same cases on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** planBoot must answer with a plan or a catalogued error, never throw, never report a bug. */
function check(image: Uint8Array, what: string): void {
  let r: ReturnType<typeof planBoot>;
  try {
    r = planBoot(image, options);
  } catch (e) {
    throw new Error(`${what}: planBoot threw ${String(e)}`, { cause: e });
  }
  if (!r.ok) {
    expect(r.error.code, `${what}: ${r.error.message}`).not.toBe('BOOT_INTERNAL');
    expect(r.error.message.length).toBeGreaterThan(10);
    return;
  }
  const applied = applyBoot(r.plan, mem, cpu);
  expect(applied.ok, what).toBe(true);
}

function validImages(): [string, Uint8Array][] {
  const hlt = new Uint8Array([0xf4, 0xeb, 0xfd]);
  const mb2 = mb2Header([
    { type: 1, flags: 1, words: [6, 8] },
    { type: 5, flags: 1, words: [0, 0, 32] },
  ]);
  const limine = limineKernel({
    revision: 1n,
    markers: true,
    requests: [
      { feature: 'memmap' },
      { feature: 'module' },
      { feature: 'framebuffer' },
      { feature: 'stackSize', extra: [0x8000n] },
    ],
  });
  const mb1 = buildElf({
    class: 32,
    entry: 0x10000c,
    segments: [{ vaddr: 0x100000, data: concat(mb1Header(3), hlt), memsz: 0x2000 }],
  });
  return [
    ['hand-built multiboot1', mb1],
    [
      'hand-built multiboot2',
      buildElf({
        class: 64,
        entry: 0x100000 + mb2.length,
        segments: [{ vaddr: 0x100000, data: concat(mb2, hlt) }],
      }),
    ],
    ['hand-built limine', limine.image],
    ['gcc multiboot1', multiboot1Elf32()],
    ['gcc multiboot2', multiboot2Elf64()],
    ['gcc a.out kludge', aoutKludgeElf64()],
    ['gcc limine', limineElf64()],
    ['gcc limine pie', liminePie()],
    [
      'limine iso',
      buildIso(
        {
          'boot/limine.conf': '/x\n protocol: limine\n path: boot():/k\n module_path: boot():/m\n',
          k: limineElf64(),
          m: 'mod',
        },
        { rockRidge: true, joliet: true },
      ),
    ],
    [
      'grub iso',
      buildIso({
        'boot/grub/grub.cfg': 'menuentry a {\n multiboot /k a\n module /m b\n}\n',
        k: mb1,
        m: 'mod',
      }),
    ],
  ];
}

describe('bad input', () => {
  const images = validImages();

  it('boots every valid test image', () => {
    for (const [name, image] of images) {
      const r = planBoot(image, options);
      expect(r.ok, `${name}: ${r.ok ? '' : r.error.message}`).toBe(true);
    }
  });

  it('answers every truncation of every valid image with a plan or a coded error', () => {
    for (const [name, image] of images) {
      const lengths = new Set<number>();
      for (let n = 0; n < Math.min(image.length, 160); n++) lengths.add(n);
      for (let k = 0; k <= 120; k++) lengths.add(Math.floor((image.length * k) / 120));
      for (const n of lengths) check(image.subarray(0, n), `${name} cut to ${n} bytes`);
    }
  });

  it('answers flipped header bytes with a plan or a coded error', () => {
    const rand = prng(0x5eed);
    for (const [name, image] of images) {
      // The ELF and program headers, the first page of data (Multiboot headers, requests) and
      // for ISOs the descriptors and the first directories.
      const hot = image.length > 0x9000 ? [0x8000, 0x9800] : [0, Math.min(image.length, 0x3200)];
      for (let i = 0; i < 120; i++) {
        const copy = image.slice();
        for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) {
          const at = Math.floor(hot[0] + rand() * (hot[1] - hot[0]));
          copy[at] ^= 1 << Math.floor(rand() * 8);
        }
        check(copy, `${name} with flipped bits (case ${i})`);
      }
    }
  });

  it('answers random bytes, with and without ELF and ISO signatures, with a coded error', () => {
    const rand = prng(0xfeed);
    for (let i = 0; i < 300; i++) {
      const bytes = new Uint8Array(Math.floor(rand() * 40000));
      for (let k = 0; k < bytes.length; k++) bytes[k] = rand() * 256;
      if (i % 3 === 1 && bytes.length > 64) bytes.set([0x7f, 0x45, 0x4c, 0x46, 1 + (i % 2), 1]);
      if (i % 3 === 2 && bytes.length > 0x8010)
        bytes.set([1, 0x43, 0x44, 0x30, 0x30, 0x31], 0x8000);
      check(bytes, `random case ${i}`);
    }
  });
});
