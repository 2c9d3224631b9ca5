import { describe, expect, it } from 'vitest';
import { GP, UD } from '../fault.ts';
import { DF, IF } from '../flags.ts';
import { KERNEL_GS_BASE, LSTAR, SFMASK, STAR } from '../msrs.ts';
import { CS, GS, RCX, SS } from '../registers.ts';
import { EFER_SCE } from '../../mmu/paging-bits.ts';
import { CODE, DONE, TestMachine, USER_CODE } from '../interrupts/test-machine.ts';

const R11 = 11;
const ENTRY = CODE + 0x800;

/** IA32_STAR with kernel CS 0x08 (SS 0x10) and user base 0x18 (CS32 0x1b, SS 0x23, CS64 0x2b). */
function withSyscall(m: TestMachine): TestMachine {
  const v = m.cpu.msrs.v;
  m.cpu.efer |= EFER_SCE;
  v[STAR + 1] = (0x18 << 16) | 0x08;
  v[LSTAR] = ENTRY;
  v[SFMASK] = IF | DF;
  m.cpu.ram[ENTRY] = 0xf4;
  return m;
}

describe('syscall and sysret', () => {
  it('enters the kernel at LSTAR with RCX, R11 and the STAR selectors, masking RFLAGS', () => {
    const m = withSyscall(new TestMachine(64));
    m.enterUser();
    m.cpu.flags |= IF | DF;
    m.exec([0x0f, 0x05]);
    expect(m.cpu.rip[0]).toBe(ENTRY + 1);
    expect([m.cpu.cpl, m.cpu.mode, m.cpu.segSel[CS], m.cpu.segSel[SS]]).toEqual([
      0, 64, 0x08, 0x10,
    ]);
    expect([m.cpu.gpr[RCX << 1], m.cpu.gpr[R11 << 1]]).toEqual([USER_CODE + 2, 0x2 | IF | DF]);
    expect(m.cpu.flags & (IF | DF)).toBe(0);
  });

  it('returns to 64-bit user code with sysretq and to compatibility mode with sysret', () => {
    for (const [rexw, cs, mode] of [
      [[0x48], 0x2b, 64],
      [[], 0x1b, 32],
    ] as const) {
      const m = withSyscall(new TestMachine(64));
      m.cpu.gpr[RCX << 1] = USER_CODE;
      m.cpu.gpr[R11 << 1] = 0x202;
      m.cpu.ram.set([...rexw, 0x0f, 0x07], CODE);
      expect(m.cpu.run(1)).toBe(1);
      expect(m.cpu.rip[0]).toBe(USER_CODE);
      expect([m.cpu.cpl, m.cpu.mode, m.cpu.segSel[CS], m.cpu.segSel[SS]]).toEqual([
        3,
        mode,
        cs,
        0x23,
      ]);
      expect(m.cpu.flags & IF).toBe(IF);
    }
  });

  it('raises #UD for syscall with EFER.SCE clear and #GP(0) for sysret at CPL 3', () => {
    const m = new TestMachine(64);
    m.enterUser();
    expect(m.exec([0x0f, 0x05]).handled()).toBe(UD);
    const m2 = withSyscall(new TestMachine(64));
    m2.enterUser();
    expect(m2.exec([0x48, 0x0f, 0x07]).handled()).toBe(GP);
  });

  it('swaps GS.base with KERNEL_GS_BASE at CPL 0 only', () => {
    const m = new TestMachine(64);
    m.cpu.segBaseLo[GS] = 0x1111;
    m.cpu.msrs.v[KERNEL_GS_BASE] = 0x2222;
    m.cpu.msrs.v[KERNEL_GS_BASE + 1] = -0x8000;
    m.exec([0x0f, 0x01, 0xf8]);
    expect([m.cpu.segBaseLo[GS], m.cpu.segBaseHi[GS], m.cpu.msrs.v[KERNEL_GS_BASE]]).toEqual([
      0x2222, -0x8000, 0x1111,
    ]);
    const user = new TestMachine(64);
    user.enterUser();
    expect(user.exec([0x0f, 0x01, 0xf8]).handled()).toBe(GP);
    expect(user.handled()).not.toBe(DONE);
  });
});
