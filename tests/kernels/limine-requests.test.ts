// No Limine binary can be had here, so beside booting them through the test shim, the Limine
// kernels are checked the way the loader reads them: their layout, and their requests found
// by scanning the file in 8-byte steps as PROTOCOL.md describes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KERNELS } from './catalog.ts';
import { PF_R, PF_W, PF_X, PT_LOAD, readElf64 } from './elf.ts';
import { PUBLIC_KERNELS } from './paths.ts';

const COMMON = [0xc7b1dd30df4c8b88n, 0x0a82e883a194f07bn];
const BASE_REVISION = [0xf9562b2d5c95a6c8n, 0x6a7b384944536bdcn];
const START_MARKER = [
  0xf6b8f4b39de7d1aen,
  0xfab91a6940fcb9cfn,
  0x785c6ed015d3e316n,
  0x181e920a7852b9d9n,
];
const END_MARKER = [0xadc0e0531bb10d03n, 0x9572709f31764c62n];
const REQUESTS: Record<string, [bigint, bigint]> = {
  hhdm: [0x48dcf1cb8ad2b852n, 0x63984e959a98244bn],
  'memory map': [0x67cf3d9d378a806fn, 0xe304acdfc50c3c62n],
  'executable address': [0x71ba76863cc55f63n, 0xb2644a48c516a487n],
  'stack size': [0x224ef0460a8e8926n, 0xe1cb0fc25f46ea3dn],
  'bootloader info': [0xf55038d8e2a1202fn, 0x279426fcf5f59740n],
};
const KERNEL_BASE = 0xffffffff80000000n;

const limineKernels = KERNELS.filter((k) => k.protocol === 'limine').map((k) => k.image);

/** Every 8-byte aligned file offset where `words` start. */
function find(bytes: Uint8Array, words: bigint[]): number[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hits: number[] = [];
  for (let at = 0; at + words.length * 8 <= bytes.length; at += 8)
    if (words.every((w, i) => v.getBigUint64(at + i * 8, true) === w)) hits.push(at);
  return hits;
}

const word = (bytes: Uint8Array, at: number): bigint =>
  new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(at, true);

describe.each(limineKernels)('the Limine kernel %s', (image) => {
  const bytes = new Uint8Array(readFileSync(join(PUBLIC_KERNELS, image)));
  const { entry, segments } = readElf64(bytes);
  const loads = segments.filter((s) => s.type === PT_LOAD);
  const data = loads.find((s) => s.flags === (PF_R | PF_W))!;

  it('is linked at 0xffffffff80000000 with text R+X, rodata R and data RW segments', () => {
    expect(loads.map((s) => s.flags)).toEqual([PF_R | PF_X, PF_R, PF_R | PF_W]);
    expect(loads[0].vaddr).toBe(KERNEL_BASE);
    expect(loads.every((s) => s.vaddr % 4096n === 0n)).toBe(true);
    expect(entry >= KERNEL_BASE && entry < loads[0].vaddr + BigInt(loads[0].memsz)).toBe(true);
  });

  it('asks for base revision 2 in a tag inside its data segment', () => {
    const tags = find(bytes, BASE_REVISION);
    expect(tags).toHaveLength(1);
    expect(word(bytes, tags[0] + 16)).toBe(2n);
    expect(tags[0] >= data.offset && tags[0] < data.offset + data.filesz).toBe(true);
  });

  it('makes each of its five requests once, 8-byte aligned, between the markers', () => {
    const [start] = find(bytes, START_MARKER);
    const [end] = find(bytes, END_MARKER);
    expect(start).toBeGreaterThanOrEqual(data.offset);
    expect(end).toBeGreaterThan(start);
    for (const [what, id] of Object.entries(REQUESTS)) {
      const at = find(bytes, [...COMMON, ...id]);
      expect(at, `${what} request`).toHaveLength(1);
      expect(at[0] > start && at[0] < end, `${what} request between the markers`).toBe(true);
      expect(word(bytes, at[0] + 32), `${what} request revision`).toBe(0n);
      expect(word(bytes, at[0] + 40), `${what} response pointer, before loading`).toBe(0n);
    }
  });

  it('asks for a 64 KiB loader stack', () => {
    const [at] = find(bytes, [...COMMON, ...REQUESTS['stack size']]);
    expect(word(bytes, at + 48)).toBe(0x10000n);
  });
});
