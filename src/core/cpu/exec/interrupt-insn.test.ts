import { describe, expect, it } from 'vitest';
import { BP, DB, GP, OF_VEC, UD } from '../fault.ts';
import { IF, IOPL } from '../flags.ts';
import { CODE, DONE, TestMachine, USER_CODE } from '../interrupts/test-machine.ts';

const errorCode = (m: TestMachine) => Number(m.stack(1, m.mode === 64 ? 8 : 4)[0]);

describe('software interrupts', () => {
  it('checks the gate DPL for int3 but not for int1', () => {
    const m = new TestMachine(64);
    m.enterUser();
    m.exec([0xcc]);
    expect([m.handled(), errorCode(m)]).toEqual([GP, BP * 8 + 2]);
    const m2 = new TestMachine(64);
    m2.enterUser();
    m2.exec([0xf1]);
    expect(m2.handled()).toBe(DB);
    expect(Number(m2.stack(1)[0])).toBe(USER_CODE + 1);
  });

  it('raises #OF from into when OF is set (32-bit), and #UD for into in 64-bit mode', () => {
    const m = new TestMachine(32);
    m.exec([0xb0, 0x7f, 0x04, 0x01, 0xce]); // mov al, 0x7f; add al, 1 (OF); into
    expect(m.handled()).toBe(OF_VEC);
    expect(m.stack(1, 4)).toEqual([CODE + 5]);
    expect(new TestMachine(64).exec([0xce]).handled()).toBe(UD);
  });
});

describe('cli and sti', () => {
  it('raise #GP(0) at CPL 3 when IOPL is 0, and work when IOPL is 3', () => {
    for (const op of [0xfa, 0xfb]) {
      const m = new TestMachine(64);
      m.enterUser();
      m.exec([op]);
      expect([m.handled(), errorCode(m)]).toEqual([GP, 0]);
      const ok = new TestMachine(64);
      ok.enterUser();
      ok.cpu.flags |= IOPL;
      ok.exec([op]);
      expect(ok.handled()).toBe(DONE);
      expect(Number(ok.stack(3)[2]) & IF).toBe(op === 0xfb ? IF : 0);
    }
  });
});
