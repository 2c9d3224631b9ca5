import { describe, expect, it } from 'vitest';
import { le32, PT, reg64, runCode } from '../../../../tests/system/bare.ts';
import type { Cpu } from '../cpu.ts';
import { GP } from '../fault.ts';
import { FS } from '../registers.ts';
import { EFER_LMA, EFER_LME, EFER_NXE, EFER_SCE } from '../../mmu/paging-bits.ts';

const WRMSR = [0x0f, 0x30];
const RDMSR = [0x0f, 0x32];

function regs(n: number, lo = 0, hi = 0) {
  return (c: Cpu) => {
    c.gpr[2] = n | 0;
    c.gpr[0] = lo | 0;
    c.gpr[4] = hi | 0;
    c.gpr[1] = c.gpr[5] = -1; // rdmsr must clear the upper halves
  };
}

/** rdmsr n: [eax, edx] as unsigned numbers. */
function read(n: number, mode: 64 | 32 = 64): number[] {
  const { cpu, fault } = runCode(RDMSR, regs(n), mode);
  expect(fault).toBeNull();
  expect(cpu.gpr[1] | cpu.gpr[5]).toBe(0);
  return [cpu.gpr[0] >>> 0, cpu.gpr[4] >>> 0];
}

/** wrmsr n, then rdmsr n: what reads back. */
function roundTrip(n: number, lo: number, hi: number): number[] {
  const { cpu, fault } = runCode([...WRMSR, ...RDMSR], regs(n, lo, hi));
  expect(fault).toBeNull();
  return [cpu.gpr[0] >>> 0, cpu.gpr[4] >>> 0];
}

function expectGp(code: number[], setup: (c: Cpu) => void, mode: 64 | 32 = 64): Cpu {
  const { cpu, fault } = runCode(code, setup, mode);
  expect(fault?.vector).toBe(GP);
  expect(fault?.errorCode).toBe(0);
  return cpu;
}

describe('EFER', () => {
  it('raises #GP(0) for a bit the CPU lacks (SVME)', () =>
    expectGp(WRMSR, regs(0xc0000080, EFER_LME | EFER_LMA | EFER_NXE | (1 << 12))));

  it('raises #GP(0) for changing LME while paging is on', () =>
    expectGp(WRMSR, regs(0xc0000080, EFER_LMA | EFER_NXE)));

  it('ignores writes of LMA, which only CR0.PG changes', () => {
    const { cpu } = runCode(WRMSR, regs(0xc0000080, EFER_LMA | EFER_SCE), 32);
    expect(cpu.efer).toBe(EFER_SCE);
  });

  it('flushes the TLB when NXE changes', () => {
    // Read X, remap X to Y in its PTE, clear NXE, read X again: the new mapping shows.
    const X = 0x200000;
    const code = [
      ...[0x8b, 0x1c, 0x25, ...le32(X)], // mov ebx, [X]
      ...[0xc7, 0x04, 0x25, ...le32(PT + (X >>> 12) * 8), ...le32(0x300003)],
      ...WRMSR,
      ...[0x8b, 0x34, 0x25, ...le32(X)], // mov esi, [X]
    ];
    const { cpu, fault } = runCode(code, (c) => {
      regs(0xc0000080, EFER_LME | EFER_LMA)(c);
      c.mem.view.setUint32(X, 1, true);
      c.mem.view.setUint32(0x300000, 2, true);
    });
    expect(fault).toBeNull();
    expect([cpu.gpr[6], cpu.gpr[12]]).toEqual([1, 2]);
  });
});

describe('segment bases and system-call MSRs', () => {
  it('writes FS.base through IA32_FS_BASE, and fs: uses it', () => {
    // wrmsr; mov eax, fs:[8]
    const code = [...WRMSR, 0x64, 0x8b, 0x04, 0x25, ...le32(8)];
    const { cpu, fault } = runCode(code, (c) => {
      regs(0xc0000100, 0x200000)(c);
      c.mem.view.setUint32(0x200008, 0x5a5a, true);
    });
    expect(fault).toBeNull();
    expect(cpu.segBaseLo[FS]).toBe(0x200000);
    expect(cpu.gpr[0]).toBe(0x5a5a);
  });

  it('reads GS.base back through IA32_GS_BASE', () => {
    expect(roundTrip(0xc0000101, 0x1000, 0xffff8000)).toEqual([0x1000, 0xffff8000]);
  });

  for (const [name, n] of [
    ['FS_BASE', 0xc0000100],
    ['GS_BASE', 0xc0000101],
    ['KERNEL_GS_BASE', 0xc0000102],
    ['LSTAR', 0xc0000082],
    ['CSTAR', 0xc0000083],
  ] as const)
    it(`raises #GP(0) for a non-canonical ${name}, accepting 57-bit canonical ones`, () => {
      expectGp(WRMSR, regs(n, 0, 0x01000000));
      expect(roundTrip(n, 0, 0x00800000)).toEqual([0, 0x00800000]);
    });

  it('stores STAR and SFMASK as written', () => {
    expect(roundTrip(0xc0000081, 0x12345678, 0x00230010)).toEqual([0x12345678, 0x00230010]);
    expect(roundTrip(0xc0000084, 0x47700, 0)).toEqual([0x47700, 0]);
  });

  it('keeps only the low half of TSC_AUX and the SYSENTER MSRs, as AMD does', () => {
    expect(roundTrip(0xc0000103, 7, 0xffff)).toEqual([7, 0]);
    expect(roundTrip(0x176, 0x1000, 0xffffffff)).toEqual([0x1000, 0]);
  });
});

describe('APIC base, PAT, MTRRs and the rest', () => {
  it('reports the xAPIC at 0xfee00000, enabled, on the bootstrap processor', () => {
    expect(read(0x1b)).toEqual([0xfee00900, 0]);
  });

  it('keeps the BSP bit and rejects x2APIC mode, which the CPU lacks', () => {
    expect(roundTrip(0x1b, 0xfec00000, 0)).toEqual([0xfec00100, 0]);
    expectGp(WRMSR, regs(0x1b, 0xfee00c00));
  });

  it('starts PAT at WB WT UC- UC and rejects reserved memory types', () => {
    expect(read(0x277)).toEqual([0x00070406, 0x00070406]);
    expect(roundTrip(0x277, 0x00070106, 0x00070406)).toEqual([0x00070106, 0x00070406]);
    expectGp(WRMSR, regs(0x277, 0x00070206, 0x00070406));
    expectGp(WRMSR, regs(0x277, 0x00070406, 0x00080406));
  });

  it('reports eight variable ranges, fixed ranges and WC in the read-only MTRRcap', () => {
    expect(read(0xfe)).toEqual([0x508, 0]);
    expectGp(WRMSR, regs(0xfe, 0x508));
  });

  it('stores MTRRs with valid types and rejects reserved bits', () => {
    expect(roundTrip(0x2ff, 0xc06, 0)).toEqual([0xc06, 0]);
    expectGp(WRMSR, regs(0x2ff, 0x1006));
    expect(roundTrip(0x250, 0x06060606, 0x00000000)).toEqual([0x06060606, 0]);
    expect(roundTrip(0x26f, 0x05040100, 0x06060606)).toEqual([0x05040100, 0x06060606]);
    expectGp(WRMSR, regs(0x258, 0x07));
    expect(roundTrip(0x20e, 0x80000006, 0xff)).toEqual([0x80000006, 0xff]);
    expect(roundTrip(0x20f, 0xc0000800, 0xff)).toEqual([0xc0000800, 0xff]);
    expectGp(WRMSR, regs(0x200, 0x106));
    expectGp(WRMSR, regs(0x201, 0x801));
    expectGp(WRMSR, regs(0x201, 0x800, 0x100));
  });

  it('reads MISC_ENABLE with fast strings, and microcode revision 0', () => {
    expect(read(0x1a0)).toEqual([0x1801, 0]);
    expect(read(0x8b)).toEqual([0, 0]);
  });

  it('reads the TSC', () => {
    expect(read(0x10, 32)).toEqual([0, 0]);
  });

  for (const n of [0x17, 0x3a, 0xce, 0x179, 0x210, 0x6e0, 0xc0000104, 0xc0010015])
    it(`raises #GP(0) for MSR 0x${n.toString(16)}, which this CPU does not have`, () => {
      const cpu = expectGp(RDMSR, regs(n));
      expect(reg64(cpu, 0)).toBe(0xffffffff00000000n);
      expectGp(WRMSR, regs(n));
    });
});
