import { describe, expect, it } from 'vitest';
import { BP, GP, hasErrorCode, NP, PF_VEC, UD, VECTOR_NAMES } from '../fault.ts';
import { IF, RF, TF } from '../flags.ts';
import { CS, RSP, SS } from '../registers.ts';
import { GuestExceptionSink } from './deliver.ts';
import { pushesRf } from './events.ts';
import {
  CODE,
  HANDLERS,
  IDT,
  IST1,
  KCODE,
  KDATA,
  KSTACK,
  RSP0,
  TestMachine,
  TSS,
  UCODE,
  UCODE32,
  UDATA,
  USER_CODE,
  USER_STACK,
} from './test-machine.ts';

const EXCEPTIONS = [0, 1, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 16, 17, 18, 19];
const ERR = 0x18;

/** Raises `vector` as an instruction would (RIP at the faulting instruction), then runs the handler. */
function raiseAndRun(m: TestMachine, vector: number): void {
  const f = m.cpu.fault;
  f.vector = vector;
  f.hasErrorCode = hasErrorCode(vector);
  f.errorCode = ERR;
  f.cr2Lo = 0xdead000;
  f.cr2Hi = 0;
  f.detail = 'test';
  new GuestExceptionSink().exception(m.cpu, f);
  m.run();
}

/** The frame a 64-bit handler sees: [error code], RIP, CS, RFLAGS, RSP, SS. */
function frame64(vector: number, rip: number, cs: number, flags: number, rsp: number, ss: number) {
  const f = [BigInt(rip), BigInt(cs), BigInt(flags), BigInt(rsp), BigInt(ss)];
  return hasErrorCode(vector) ? [BigInt(ERR), ...f] : f;
}

describe('exception delivery in IA-32e mode', () => {
  for (const v of EXCEPTIONS) {
    const name = VECTOR_NAMES[v];
    const pushed = 0x2 | IF | (pushesRf(v, 0) ? RF : 0);
    const size = hasErrorCode(v) ? 48 : 40;

    it(`delivers ${name} from ring 0 on the current stack with the frame the SDM gives`, () => {
      const m = new TestMachine(64);
      const c = m.cpu;
      c.flags |= IF | TF;
      c.rip[0] = CODE + 0x10;
      raiseAndRun(m, v);
      expect(c.halted).toBe(true);
      expect(c.rip[0]).toBe(HANDLERS + 16 * v + 1);
      expect(c.gpr[RSP << 1]).toBe(KSTACK - size);
      expect(m.stack(size / 8)).toEqual(frame64(v, CODE + 0x10, KCODE, pushed | TF, KSTACK, KDATA));
      expect(c.flags & (IF | TF | RF)).toBe(0);
      expect(c.segSel[SS]).toBe(KDATA);
      if (v === PF_VEC) expect(c.cr2[0]).toBe(0xdead000);
    });

    it(`delivers ${name} from ring 3 on TSS.RSP0 with a null SS at CPL 0`, () => {
      const m = new TestMachine(64);
      const c = m.cpu;
      m.enterUser(USER_CODE + 4, USER_STACK - 8);
      c.flags |= IF;
      raiseAndRun(m, v);
      expect(c.cpl).toBe(0);
      expect(c.mode).toBe(64);
      expect(c.segSel[CS]).toBe(KCODE);
      expect(c.segSel[SS]).toBe(0);
      expect(c.gpr[RSP << 1]).toBe(RSP0 - size);
      expect(m.stack(size / 8)).toEqual(
        frame64(v, USER_CODE + 4, UCODE, pushed, USER_STACK - 8, UDATA),
      );
    });

    it(`delivers ${name} through IST1 from ring 0 and from ring 3`, () => {
      for (const user of [false, true]) {
        const m = new TestMachine(64);
        m.gate(v, { ist: 1 });
        if (user) m.enterUser();
        raiseAndRun(m, v);
        expect(m.cpu.gpr[RSP << 1]).toBe(IST1 - size);
        const [cs, rsp, ss] = user ? [UCODE, USER_STACK, UDATA] : [KCODE, KSTACK, KDATA];
        const rip = user ? USER_CODE : CODE;
        expect(m.stack(size / 8)).toEqual(frame64(v, rip, cs, pushed & ~IF, rsp, ss));
        // Without a privilege change SS stays; with one it becomes null.
        expect(m.cpu.segSel[SS]).toBe(user ? 0 : KDATA);
      }
    });
  }

  it('aligns RSP down to 16 bytes before pushing, and saves the unaligned RSP', () => {
    const m = new TestMachine(64);
    m.cpu.gpr[RSP << 1] = KSTACK - 8;
    raiseAndRun(m, UD);
    expect(m.cpu.gpr[RSP << 1]).toBe(KSTACK - 16 - 40);
    expect(m.stack(5)[3]).toBe(BigInt(KSTACK - 8));
  });

  it('leaves IF set through a trap gate and clears it through an interrupt gate', () => {
    for (const [type, ifAfter] of [
      [0x0f, IF],
      [0x0e, 0],
    ]) {
      const m = new TestMachine(64);
      m.gate(UD, { type });
      m.cpu.flags |= IF;
      raiseAndRun(m, UD);
      expect(m.cpu.flags & IF).toBe(ifAfter);
    }
  });

  it('delivers ud2 as #UD with RIP at the ud2, and int3 as #BP with RIP after it', () => {
    const m = new TestMachine(64);
    m.cpu.ram.set([0x90, 0x0f, 0x0b], CODE);
    m.run();
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * UD + 1);
    expect(m.stack(1)).toEqual([BigInt(CODE + 1)]);
    const m2 = new TestMachine(64);
    m2.cpu.ram.set([0xcc], CODE);
    m2.run();
    expect(m2.cpu.rip[0]).toBe(HANDLERS + 16 * BP + 1);
    expect(m2.stack(1)).toEqual([BigInt(CODE + 1)]);
  });

  it('delivers a page fault with its error code and CR2 set to the address', () => {
    const m = new TestMachine(64);
    m.cpu.view.setUint32(0x4000 + 8 * 0x800, 0, true); // unmap page 0x800000
    m.cpu.ram.set([0x8b, 0x04, 0x25, 0x10, 0x00, 0x80, 0x00], CODE); // mov eax, [0x800010]
    m.run();
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * PF_VEC + 1);
    expect(m.stack(2)).toEqual([0n, BigInt(CODE)]);
    expect(m.cpu.cr2[0]).toBe(0x800010);
  });

  it('raises #GP(vector*8+2) for an int n whose gate DPL is below CPL, and #NP for a missing gate', () => {
    const m = new TestMachine(64);
    m.enterUser();
    m.cpu.ram.set([0xcd, 0x80], USER_CODE);
    m.run();
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * GP + 1);
    expect(m.stack(2)).toEqual([BigInt(0x80 * 8 + 2), BigInt(USER_CODE)]);

    const m2 = new TestMachine(64);
    m2.gate(0x80, { dpl: 3, present: false });
    m2.enterUser();
    m2.cpu.ram.set([0xcd, 0x80], USER_CODE);
    m2.run();
    expect(m2.cpu.rip[0]).toBe(HANDLERS + 16 * NP + 1);
    expect(m2.stack(1)).toEqual([BigInt(0x80 * 8 + 2)]);
  });

  it('gives a zeroed IDT entry #GP, not #NP (the type is checked before presence)', () => {
    const m = new TestMachine(64);
    m.cpu.view.setBigUint64(IDT + 16 * UD, 0n, true);
    m.cpu.ram.set([0x0f, 0x0b], CODE);
    m.run();
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * GP + 1);
    expect(m.stack(2)).toEqual([BigInt(UD * 8 + 2 + 1), BigInt(CODE)]);
  });
});

describe('exception delivery in 32-bit protected mode', () => {
  it('pushes EFLAGS, CS, EIP and the error code on the same-level stack', () => {
    const m = new TestMachine(32);
    m.cpu.flags |= IF;
    raiseAndRun(m, GP);
    expect(m.cpu.mode).toBe(32);
    expect(m.cpu.gpr[RSP << 1]).toBe(KSTACK - 16);
    expect(m.stack(4, 4)).toEqual([ERR, CODE, KCODE, 0x2 | IF | RF]);
    expect(m.cpu.flags & IF).toBe(0);
  });

  it('switches to SS0:ESP0 from the TSS on a privilege change and pushes the old SS:ESP', () => {
    const m = new TestMachine(32);
    m.enterUser(USER_CODE, USER_STACK, UCODE32);
    raiseAndRun(m, UD);
    expect(m.cpu.cpl).toBe(0);
    expect(m.cpu.segSel[SS]).toBe(KDATA);
    expect(m.cpu.gpr[RSP << 1]).toBe(RSP0 - 20);
    expect(m.stack(5, 4)).toEqual([USER_CODE, UCODE32, 0x2 | RF, USER_STACK, UDATA]);
  });

  it('raises #TS(SS0) when the TSS names an SS the handler cannot use', () => {
    const m = new TestMachine(32);
    m.cpu.view.setUint32(TSS + 8, UDATA, true); // SS0 = a ring-3 selector
    m.gate(GP, { handler: HANDLERS + 16 * GP }); // #GP handled on the same level: fine
    m.enterUser(USER_CODE, USER_STACK, UCODE32);
    raiseAndRun(m, UD);
    // #UD is benign: the #TS it raises is delivered in turn, and fails the same way into #DF.
    expect(m.cpu.shutdown?.chain.map((l) => l.name)).toEqual(['#UD', '#TS', '#DF']);
    expect(m.cpu.shutdown?.chain[1].errorCode).toBe(UDATA - 3 + 1);
  });
});

describe('interrupt delivery in real mode', () => {
  it('goes through the IVT with int n and comes back with iret', () => {
    const m = new TestMachine(32);
    const c = m.cpu;
    c.cr0 &= ~1;
    c.updateMode();
    for (const s of [CS, SS]) {
      c.segSel[s] = 0;
      c.segBaseLo[s] = 0;
      c.segAttr[s] = 0x9300;
    }
    c.idtr[0] = 0;
    c.idtr[2] = 0x3ff;
    // 0000:0510 (the run loop fetches at RIP without adding the CS base: real-mode code
    // has to live in segment 0 until it does).
    c.view.setUint32(0x10 * 4, 0x0510, true);
    c.ram.set([0x43, 0xcf], 0x510); // inc bx; iret
    c.gpr[RSP << 1] = 0x7000;
    c.rip[0] = 0x7c00;
    c.flags |= IF;
    m.exec([0xcd, 0x10]);
    expect(c.mode).toBe(16);
    expect([c.gpr[3 << 1], c.rip[0], c.gpr[RSP << 1], c.segSel[CS]]).toEqual([
      1, 0x7c03, 0x7000, 0,
    ]);
    expect(c.view.getUint16(0x7000 - 2, true)).toBe(0x2 | IF); // FLAGS, then CS, then IP
    expect(c.view.getUint16(0x7000 - 6, true)).toBe(0x7c02);
    expect(c.flags & IF).toBe(IF);
  });
});
