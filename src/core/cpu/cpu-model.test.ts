import { describe, expect, it } from 'vitest';
import { runCode } from '../../../tests/system/bare.ts';
import { cpuidLeaf, LINEAR_ADDRESS_BITS } from './cpu-model.ts';
import { decode } from './decode/decoder.ts';
import { undefinedForm } from './exec/system.ts';
import { buildMaps, FALLBACKS } from './opcodes.ts';

function leaf(n: number, sub = 0): number[] {
  const out = new Int32Array(4);
  cpuidLeaf(n, sub, out);
  return Array.from(out, (v) => v >>> 0);
}

function text(words: number[]): string {
  return words
    .flatMap((w) => [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24])
    .map((b) => String.fromCharCode(b))
    .join('')
    .replace(/\0+$/, '');
}

const bit = (n: number, reg: number, b: number) => ((leaf(n)[reg] >>> b) & 1) === 1;
const EAX = 0;
const EBX = 1;
const ECX = 2;
const EDX = 3;

describe('the CPU model', () => {
  it('is an AuthenticAMD with basic leaves to 7 and extended leaves to 0x80000008', () => {
    const [max, b, c, d] = leaf(0);
    expect(max).toBe(7);
    expect(text([b, d, c])).toBe('AuthenticAMD');
    const ext = leaf(0x80000000);
    expect(ext[EAX]).toBe(0x80000008);
    expect(text([ext[EBX], ext[EDX], ext[ECX]])).toBe('AuthenticAMD');
  });

  it('reports family 0Fh, model 6Bh, stepping 1 as QEMU qemu64 does', () => {
    const eax = leaf(1)[EAX];
    const family = ((eax >>> 8) & 0xf) + ((eax >>> 20) & 0xff);
    const model = ((eax >>> 4) & 0xf) | (((eax >>> 16) & 0xf) << 4);
    expect([family, model, eax & 0xf]).toEqual([0x0f, 0x6b, 1]);
    expect(leaf(0x80000001)[EAX]).toBe(eax);
  });

  it('names itself in the brand string', () => {
    const words = [...leaf(0x80000002), ...leaf(0x80000003), ...leaf(0x80000004)];
    expect(text(words)).toBe('pagescope virtual CPU');
  });

  it('has 40 physical and 57 linear address bits', () => {
    expect(leaf(0x80000008)[EAX]).toBe(40 | (LINEAR_ADDRESS_BITS << 8));
    expect(bit(7, ECX, 16)).toBe(true); // LA57
  });

  it('reports the paging features the MMU implements', () => {
    expect(bit(1, EDX, 3) && bit(1, EDX, 6) && bit(1, EDX, 13) && bit(1, EDX, 17)).toBe(true);
    expect(bit(0x80000001, EDX, 20) && bit(0x80000001, EDX, 26)).toBe(true); // NX, 1 GiB
    expect(bit(0x80000001, EDX, 29)).toBe(true); // LM
    expect(bit(1, ECX, 17) && bit(7, EBX, 7) && bit(7, EBX, 20)).toBe(true); // PCID SMEP SMAP
  });

  it('is a hypervisor guest with one CPU, APIC ID 0 and an invariant TSC', () => {
    expect(bit(1, ECX, 31)).toBe(true);
    expect(bit(1, EDX, 28)).toBe(false); // HTT
    expect(bit(1, ECX, 21)).toBe(false); // x2APIC
    expect(leaf(1)[EBX] >>> 24).toBe(0);
    expect(bit(0x80000007, EDX, 8)).toBe(true);
  });

  it('reads zeros for leaves it does not define, as AMD does', () => {
    for (const n of [2, 4, 0xb, 0xd, 0x40000000, 0x80000005, 0x80000009, 0xc0000000])
      expect(leaf(n)).toEqual([0, 0, 0, 0]);
    expect(leaf(7, 1)).toEqual([0, 0, 0, 0]);
  });

  it('answers the cpuid instruction from the same table', () => {
    const { cpu } = runCode([0x0f, 0xa2], (c) => {
      c.gpr[0] = 0x80000008 | 0;
      c.gpr[1] = -1;
    });
    expect(cpu.gpr[0]).toBe(leaf(0x80000008)[EAX]);
    expect(cpu.gpr[1]).toBe(0);
  });
});

/**
 * Each row: a CPUID bit and an instruction it promises. A feature is advertised exactly when
 * its instruction decodes to something implemented, so neither side can drift: implementing
 * an instruction fails this test until the model advertises it, and the other way round.
 */
const FEATURES: [string, number, number, number, number[], 16 | 32 | 64][] = [
  ['FPU (fninit)', 1, EDX, 0, [0xdb, 0xe3], 32],
  ['TSC (rdtsc)', 1, EDX, 4, [0x0f, 0x31], 32],
  ['MSR (rdmsr)', 1, EDX, 5, [0x0f, 0x32], 32],
  ['CX8 (cmpxchg8b)', 1, EDX, 8, [0x0f, 0xc7, 0x08], 32],
  ['SEP (sysenter)', 1, EDX, 11, [0x0f, 0x34], 32],
  ['CMOV', 1, EDX, 15, [0x0f, 0x40, 0xc1], 32],
  ['CLFSH (clflush)', 1, EDX, 19, [0x0f, 0xae, 0x38], 32],
  ['MMX (movq mm, mm)', 1, EDX, 23, [0x0f, 0x6f, 0xc1], 32],
  ['FXSR (fxsave)', 1, EDX, 24, [0x0f, 0xae, 0x00], 32],
  ['SSE (movaps)', 1, EDX, 25, [0x0f, 0x28, 0xc1], 32],
  ['SSE2 (paddq)', 1, EDX, 26, [0x66, 0x0f, 0xd4, 0xc1], 32],
  ['SSE3 (addsubpd)', 1, ECX, 0, [0x66, 0x0f, 0xd0, 0xc1], 32],
  ['MONITOR', 1, ECX, 3, [0x0f, 0x01, 0xc8], 32],
  ['SSSE3 (pshufb)', 1, ECX, 9, [0x66, 0x0f, 0x38, 0x00, 0xc1], 32],
  ['CX16 (cmpxchg16b)', 1, ECX, 13, [0x48, 0x0f, 0xc7, 0x08], 64],
  ['SSE4.1 (ptest)', 1, ECX, 19, [0x66, 0x0f, 0x38, 0x17, 0xc1], 32],
  ['SSE4.2 (crc32)', 1, ECX, 20, [0xf2, 0x0f, 0x38, 0xf1, 0xc1], 32],
  ['MOVBE', 1, ECX, 22, [0x0f, 0x38, 0xf0, 0x00], 32],
  ['POPCNT', 1, ECX, 23, [0xf3, 0x0f, 0xb8, 0xc1], 32],
  ['XSAVE (xgetbv)', 1, ECX, 26, [0x0f, 0x01, 0xd0], 32],
  ['RDRAND', 1, ECX, 30, [0x0f, 0xc7, 0xf0], 32],
  ['FSGSBASE (rdfsbase)', 7, EBX, 0, [0xf3, 0x48, 0x0f, 0xae, 0xc0], 64],
  ['SMAP (stac)', 7, EBX, 20, [0x0f, 0x01, 0xcb], 32],
  ['INVPCID', 7, EBX, 10, [0x66, 0x0f, 0x38, 0x82, 0x00], 32],
  ['CLFLUSHOPT', 7, EBX, 23, [0x66, 0x0f, 0xae, 0x38], 32],
  ['RDPID', 7, ECX, 22, [0xf3, 0x0f, 0xc7, 0xf8], 32],
  ['LAHF-SAHF in 64-bit mode', 0x80000001, ECX, 0, [0x9f], 64],
  ['ABM (lzcnt)', 0x80000001, ECX, 5, [0xf3, 0x0f, 0xbd, 0xc1], 32],
  ['PREFETCHW', 0x80000001, ECX, 8, [0x0f, 0x0d, 0x08], 32],
  ['SYSCALL', 0x80000001, EDX, 11, [0x0f, 0x05], 64],
  ['RDTSCP', 0x80000001, EDX, 27, [0x0f, 0x01, 0xf9], 32],
];

describe('advertised features and implemented instructions', () => {
  const maps = buildMaps();
  for (const [name, n, reg, b, bytes, mode] of FEATURES)
    it(`advertises ${name} exactly when it decodes`, () => {
      const buf = new Uint8Array(16);
      buf.set(bytes);
      const insn = decode(maps, FALLBACKS, mode, buf, 0, 16);
      const implemented =
        insn !== null && insn.entry !== FALLBACKS.invalid && insn.exec !== undefinedForm;
      expect(bit(n, reg, b)).toBe(implemented);
    });
});
