import { describe, expect, it } from 'vitest';
import { runCode } from '../../../../tests/sse/bare.ts';
import { MF, NM, UD } from '../fault.ts';
import { CR0_EM, CR0_MP, CR0_TS } from './sse-operands.ts';

const DATA = 0x200000;
const RBX_LO = 6;

describe('x87 control instructions', () => {
  it('fninit resets control, status and tags, renumbering the registers to TOP = 0', () => {
    const { cpu, fault } = runCode([0xdb, 0xe3], (c) => {
      c.fcw = 0x0040;
      c.fsw = (5 << 11) | 0x8081;
      c.ftw = 0xff;
      for (let r = 0; r < 8; r++) c.x87regs[16 * r] = r; // ST(r) tagged by its index
    });
    expect(fault).toBeNull();
    expect([cpu.fcw, cpu.fsw, cpu.ftw]).toEqual([0x037f, 0, 0]);
    // With TOP = 5, physical register i was ST(i - 5 mod 8); it is ST(i) now.
    expect(Array.from({ length: 8 }, (_, r) => cpu.x87regs[16 * r])).toEqual([
      3, 4, 5, 6, 7, 0, 1, 2,
    ]);
  });

  it('fnclex clears the exception flags, ES and B, and keeps TOP and the condition codes', () => {
    const { cpu } = runCode([0xdb, 0xe2], (c) => (c.fsw = 0xffff));
    expect(cpu.fsw).toBe(0x7f00);
  });

  it('stores the control and status words (fnstcw, fnstsw m16, fnstsw ax)', () => {
    // fnstcw [rbx]; fnstsw [rbx+2]; fnstsw ax
    const { cpu } = runCode([0xd9, 0x3b, 0xdd, 0x7b, 0x02, 0xdf, 0xe0], (c) => {
      c.gpr[RBX_LO] = DATA;
      c.gpr[0] = 0x12345678;
      c.fcw = 0x027f;
      c.fsw = 0x3800;
    });
    expect(cpu.mem.view.getUint32(DATA, true)).toBe(0x3800027f);
    expect(cpu.gpr[0]).toBe(0x12343800);
  });

  it('fldcw keeps the defined bits, and an unmasked flag becomes pending for fwait (#MF)', () => {
    // fldcw [rbx]; fwait
    const { cpu, fault } = runCode([0xd9, 0x2b, 0x9b], (c) => {
      c.gpr[RBX_LO] = DATA;
      c.mem.view.setUint16(DATA, 0xfffe, true);
      c.fsw = 0x0001;
    });
    expect(cpu.fcw).toBe(0x1f7e);
    expect(cpu.fsw).toBe(0x8081);
    expect(fault?.vector).toBe(MF);
    expect(cpu.rip[0]).toBe(0x100002);
  });

  it('fldcw raises a pending exception before loading anything', () => {
    const { cpu, fault } = runCode([0xd9, 0x2b], (c) => {
      c.gpr[RBX_LO] = DATA;
      c.mem.view.setUint16(DATA, 0x037f, true);
      c.fcw = 0x037e;
      c.fsw = 0x8081;
    });
    expect(fault?.vector).toBe(MF);
    expect(cpu.fcw).toBe(0x037e);
  });

  it('raises #NM for CR0.EM or CR0.TS; fwait only for TS with MP', () => {
    expect(runCode([0xdb, 0xe3], (c) => (c.cr0 |= CR0_TS)).fault?.vector).toBe(NM);
    expect(runCode([0xdf, 0xe0], (c) => (c.cr0 |= CR0_EM)).fault?.vector).toBe(NM);
    expect(runCode([0x9b], (c) => (c.cr0 |= CR0_TS)).fault).toBeNull();
    expect(runCode([0x9b], (c) => (c.cr0 |= CR0_EM)).fault).toBeNull();
    expect(runCode([0x9b], (c) => (c.cr0 |= CR0_TS | CR0_MP)).fault?.vector).toBe(NM);
  });

  it('leaves the undefined escape encodings #UD', () => {
    expect(runCode([0xdb, 0xe5]).fault?.vector).toBe(UD);
    expect(runCode([0xdf, 0xe1]).fault?.vector).toBe(UD);
    expect(runCode([0xd9, 0xd1]).fault?.vector).toBe(UD);
    expect(runCode([0xd9, 0xef]).fault?.vector).toBe(UD);
    expect(runCode([0xde, 0xd8]).fault?.vector).toBe(UD); // only DE D9 is fcompp
    expect(runCode([0xdf, 0xc0]).fault?.vector).toBe(UD); // ffreep (undocumented)
  });
});
