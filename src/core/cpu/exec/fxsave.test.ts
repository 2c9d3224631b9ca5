import { describe, expect, it } from 'vitest';
import type { Cpu } from '../cpu.ts';
import { RAM_TOP, runCode, setXmm, xmm } from '../../../../tests/sse/bare.ts';
import { GP, NM, PF_VEC, UD } from '../fault.ts';
import { CR0_EM, CR0_TS, CR4_OSFXSR } from './sse-operands.ts';

const DATA = 0x200000;
const RBX_LO = 6;
const FXSAVE64 = [0x48, 0x0f, 0xae, 0x03]; // fxsave64 [rbx]
const FXRSTOR64 = [0x48, 0x0f, 0xae, 0x0b]; // fxrstor64 [rbx]

function fillState(c: Cpu): void {
  c.fcw = 0x027e;
  c.fsw = 0xb881; // IE, unmasked: ES and B set
  c.ftw = 0xa5;
  c.mxcsr = 0x9fc0;
  for (let k = 0; k < 128; k++) c.x87regs[k] = (k & 15) < 10 ? k : 0;
  for (let n = 0; n < 16; n++) setXmm(c, n, [n, 0x100 + n, 0x200 + n, 0x300 + n]);
}

describe('fxsave and fxrstor', () => {
  it('lays the image out as the SDM does', () => {
    const { cpu, fault } = runCode(FXSAVE64, (c) => {
      fillState(c);
      c.gpr[RBX_LO] = DATA;
      c.mem.ram.fill(0xcc, DATA, DATA + 512);
    });
    expect(fault).toBeNull();
    const v = cpu.mem.view;
    const ram = cpu.mem.ram;
    expect([
      v.getUint16(DATA, true),
      v.getUint16(DATA + 2, true),
      ram[DATA + 4],
      ram[DATA + 5],
    ]).toEqual([0x027e, 0xb881, 0xa5, 0]);
    expect(Array.from(ram.subarray(DATA + 6, DATA + 24))).toEqual(new Array(18).fill(0));
    expect([v.getUint32(DATA + 24, true), v.getUint32(DATA + 28, true)]).toEqual([0x9fc0, 0xffff]);
    expect(Array.from(ram.subarray(DATA + 48, DATA + 64))).toEqual([
      16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 0, 0, 0, 0, 0, 0,
    ]);
    expect(v.getUint32(DATA + 160 + 16 * 15 + 12, true)).toBe(0x30f);
    // Bytes 416-511 are reserved or the OS's: left alone.
    expect(ram.subarray(DATA + 416, DATA + 512).every((b) => b === 0xcc)).toBe(true);
  });

  it('restores what it saved', () => {
    const saved = runCode(FXSAVE64, (c) => {
      fillState(c);
      c.gpr[RBX_LO] = DATA;
    }).cpu;
    const { cpu, fault } = runCode(FXRSTOR64, (c) => {
      c.gpr[RBX_LO] = DATA;
      c.mem.ram.set(saved.mem.ram.subarray(DATA, DATA + 512), DATA);
    });
    expect(fault).toBeNull();
    expect([cpu.fcw, cpu.fsw, cpu.ftw, cpu.mxcsr]).toEqual([0x027e, 0xb881, 0xa5, 0x9fc0]);
    expect(cpu.x87regs).toEqual(saved.x87regs);
    expect(cpu.xmm).toEqual(saved.xmm);
  });

  it('raises #GP(0) for a misaligned area and for reserved MXCSR bits, changing nothing', () => {
    expect(runCode(FXSAVE64, (c) => (c.gpr[RBX_LO] = DATA + 8)).fault).toEqual({
      vector: GP,
      errorCode: 0,
    });
    for (const mxcsr of [0x10000, 0x20000, 0x80000000]) {
      const { cpu, fault } = runCode(FXRSTOR64, (c) => {
        c.gpr[RBX_LO] = DATA;
        c.mem.view.setUint32(DATA + 24, mxcsr, true);
        c.mem.view.setUint32(DATA + 160, 0x55, true);
      });
      expect(fault).toEqual({ vector: GP, errorCode: 0 });
      expect([cpu.fcw, cpu.mxcsr, xmm(cpu, 0)[0]]).toEqual([0x037f, 0x1f80, 0]);
    }
  });

  it('writes nothing when the area runs into an unmapped page', () => {
    const at = RAM_TOP - 256;
    const { cpu, fault } = runCode(FXSAVE64, (c) => {
      fillState(c);
      c.gpr[RBX_LO] = at;
    });
    expect(fault?.vector).toBe(PF_VEC);
    expect(cpu.mem.ram.subarray(at).every((b) => b === 0)).toBe(true);
  });

  it('raises #NM for CR0.EM or CR0.TS', () => {
    const setup = (bits: number) => (c: Cpu) => {
      c.cr0 |= bits;
      c.gpr[RBX_LO] = DATA;
    };
    expect(runCode(FXSAVE64, setup(CR0_TS)).fault?.vector).toBe(NM);
    expect(runCode(FXRSTOR64, setup(CR0_EM)).fault?.vector).toBe(NM);
  });

  it('leaves MXCSR and the XMM registers out while CR4.OSFXSR is clear', () => {
    const save = runCode(FXSAVE64, (c) => {
      fillState(c);
      c.cr4 &= ~CR4_OSFXSR;
      c.gpr[RBX_LO] = DATA;
    });
    expect(save.fault).toBeNull();
    expect(save.cpu.mem.ram.subarray(DATA + 24, DATA + 32).every((b) => b === 0)).toBe(true);
    expect(save.cpu.mem.ram.subarray(DATA + 160, DATA + 416).every((b) => b === 0)).toBe(true);
    const restore = runCode(FXRSTOR64, (c) => {
      c.cr4 &= ~CR4_OSFXSR;
      c.gpr[RBX_LO] = DATA;
      c.mem.view.setUint32(DATA + 24, 0xffffffff, true);
      c.mem.view.setUint32(DATA + 160, 0x55, true);
    });
    expect(restore.fault).toBeNull();
    expect([restore.cpu.mxcsr, xmm(restore.cpu, 0)[0]]).toEqual([0x1f80, 0]);
  });

  it('saves and restores only XMM0-7 outside 64-bit mode', () => {
    // fxsave [ebx]; fxrstor [ebx + 0x200]
    const { cpu, fault } = runCode(
      [0x0f, 0xae, 0x03, 0x0f, 0xae, 0x8b, 0x00, 0x02, 0x00, 0x00],
      (c) => {
        fillState(c);
        c.gpr[RBX_LO] = DATA;
        c.mem.ram.fill(0xcc, DATA, DATA + 512);
        c.mem.ram.fill(0x77, DATA + 512, DATA + 1024);
        c.mem.view.setUint32(DATA + 512 + 24, 0x1f80, true);
      },
      32,
    );
    expect(fault).toBeNull();
    const ram = cpu.mem.ram;
    expect(cpu.mem.view.getUint32(DATA + 160 + 16 * 7, true)).toBe(7);
    expect(ram.subarray(DATA + 288, DATA + 512).every((b) => b === 0xcc)).toBe(true);
    expect(xmm(cpu, 7)).toEqual([0x77777777, 0x77777777, 0x77777777, 0x77777777]);
    expect(xmm(cpu, 8)).toEqual([8, 0x108, 0x208, 0x308]);
  });
});

describe('ldmxcsr and stmxcsr', () => {
  it('loads and stores MXCSR', () => {
    // ldmxcsr [rbx]; stmxcsr [rbx+4]
    const { cpu } = runCode([0x0f, 0xae, 0x13, 0x0f, 0xae, 0x5b, 0x04], (c) => {
      c.gpr[RBX_LO] = DATA;
      c.mem.view.setUint32(DATA, 0xffff, true);
    });
    expect(cpu.mxcsr).toBe(0xffff);
    expect(cpu.mem.view.getUint32(DATA + 4, true)).toBe(0xffff);
  });

  it('raises #GP(0) for reserved bits (MM, bit 17, included), #UD without OSFXSR, #NM with TS', () => {
    const ldmxcsr = [0x0f, 0xae, 0x13];
    const run = (v: number, more: (c: Cpu) => void = () => {}) =>
      runCode(ldmxcsr, (c) => {
        c.gpr[RBX_LO] = DATA;
        c.mem.view.setUint32(DATA, v, true);
        more(c);
      });
    expect(run(0x20000).fault).toEqual({ vector: GP, errorCode: 0 });
    expect(run(0x20000).cpu.mxcsr).toBe(0x1f80);
    expect(run(0x1f80, (c) => (c.cr4 &= ~CR4_OSFXSR)).fault?.vector).toBe(UD);
    expect(run(0x1f80, (c) => (c.cr0 |= CR0_TS)).fault?.vector).toBe(NM);
  });
});
