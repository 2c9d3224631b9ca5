import { describe, expect, it } from 'vitest';
import { DF_VEC, GP, NP, TS } from '../fault.ts';
import { IF, NT } from '../flags.ts';
import { CS, LDTR, RAX, RBX, RSP, SS, TR } from '../registers.ts';
import { CR0_TS } from '../exec/control-regs.ts';
import {
  CODE,
  descriptor,
  GDT,
  HANDLERS,
  KCODE,
  KDATA,
  TestMachine,
  TSS,
  TSS_SEL,
} from '../interrupts/test-machine.ts';
import { PagingWatch } from '../../watch/paging-watch.ts';

const le = (v: number, n = 4) => Array.from({ length: n }, (_, k) => (v >>> (8 * k)) & 0xff);
const JMP_FAR = (sel: number) => [0xea, ...le(0), ...le(sel, 2)];
const CALL_FAR = (sel: number) => [0x9a, ...le(0), ...le(sel, 2)];

/** A second task: its TSS, entry point and stack. */
const TSS2 = 0x23000;
const TSS2_SEL = 0x50;
const TASK_GATE_SEL = 0x58;
const TASK2_CODE = 0x120000;
/** Below 64 KiB: a fault before SS is loaded pushes through an SS cache with B clear. */
const TASK2_STACK = 0xf000;
const BUSY = 1 << 9;

/** A 32-bit test machine with TSS2 (available) at 0x50 and a task gate to it at 0x58. */
function twoTasks(limit = 0x67): TestMachine {
  const m = new TestMachine(32);
  const v = m.cpu.view;
  m.setDescriptor(TSS2_SEL, descriptor(TSS2, limit, 0x89, 0));
  m.setDescriptor(TASK_GATE_SEL, [TSS2_SEL << 16, 0x8500]);
  m.setDescriptor(TSS_SEL, descriptor(TSS, 0x67, 0x8b, 0)); // busy, as ltr left it
  m.cpu.gdtr[2] = 0x7f;
  v.setUint32(TSS2 + 0x20, TASK2_CODE, true);
  v.setUint32(TSS2 + 0x24, 0x2, true);
  v.setUint32(TSS2 + 0x28, 0xaaaa, true); // EAX
  v.setUint32(TSS2 + 0x38, TASK2_STACK, true); // ESP
  const segs = [KDATA, KCODE, KDATA, KDATA, 0, 0];
  segs.forEach((s, k) => v.setUint16(TSS2 + 0x48 + 4 * k, s, true));
  m.cpu.ram[TASK2_CODE] = 0xf4;
  return m;
}

const busy = (m: TestMachine, sel: number) =>
  (m.cpu.view.getUint32(GDT + sel + 4, true) & BUSY) !== 0;

describe('task switches in 32-bit protected mode', () => {
  it('jmp far to a TSS saves the old task, loads the new one and moves the busy bit', () => {
    const m = twoTasks();
    m.cpu.gpr[RBX << 1] = 0x1234;
    m.exec(JMP_FAR(TSS2_SEL));
    const c = m.cpu;
    expect(c.rip[0]).toBe(TASK2_CODE + 1);
    expect([c.segSel[TR], c.gpr[RAX << 1], c.gpr[RSP << 1]]).toEqual([
      TSS2_SEL,
      0xaaaa,
      TASK2_STACK,
    ]);
    expect([busy(m, TSS_SEL), busy(m, TSS2_SEL)]).toEqual([false, true]);
    expect(c.cr0 & CR0_TS).toBe(CR0_TS);
    expect(c.flags & NT).toBe(0);
    // The old TSS holds where it was: the next EIP, EBX, CS.
    expect(c.view.getUint32(TSS + 0x20, true)).toBe(CODE + 7);
    expect(c.view.getUint32(TSS + 0x34, true)).toBe(0x1234);
    expect(c.view.getUint16(TSS + 0x4c, true)).toBe(KCODE);
    expect(c.view.getUint16(TSS2, true)).toBe(0); // no back link
  });

  it('call far to a task gate nests (NT, back link) and iret comes back', () => {
    const m = twoTasks();
    m.cpu.ram[TASK2_CODE] = 0xcf; // iret
    m.cpu.gpr[RBX << 1] = 0x5678;
    m.exec([...CALL_FAR(TASK_GATE_SEL), 0x90]);
    const c = m.cpu;
    expect(c.rip[0]).toBe(CODE + 9); // past call and nop, at the hlt's end
    expect(c.segSel[TR]).toBe(TSS_SEL);
    expect(c.gpr[RBX << 1]).toBe(0x5678);
    expect(c.view.getUint16(TSS2, true)).toBe(TSS_SEL);
    expect(c.flags & NT).toBe(0);
    expect([busy(m, TSS_SEL), busy(m, TSS2_SEL)]).toEqual([true, false]);
    // The returning task was saved with NT clear and EIP past its iret.
    expect(c.view.getUint32(TSS2 + 0x24, true) & NT).toBe(0);
    expect(c.view.getUint32(TSS2 + 0x20, true)).toBe(TASK2_CODE + 1);
  });

  it('nests two CALLs (main -> B -> C) and unwinds them with two IRETs', () => {
    const m = twoTasks();
    const v = m.cpu.view;
    const TSS3 = 0x25000;
    const TSS3_SEL = 0x68;
    const TASK3_CODE = 0x130000;
    m.setDescriptor(TSS3_SEL, descriptor(TSS3, 0x67, 0x89, 0));
    v.setUint32(TSS3 + 0x20, TASK3_CODE, true);
    v.setUint32(TSS3 + 0x24, 0x2, true);
    v.setUint32(TSS3 + 0x38, 0xe000, true);
    [KDATA, KCODE, KDATA, KDATA, 0, 0].forEach((s, k) => v.setUint16(TSS3 + 0x48 + 4 * k, s, true));
    m.cpu.ram.set([...CALL_FAR(TSS3_SEL), 0xcf], TASK2_CODE); // B: call C; iret
    m.cpu.ram.set([0xcf], TASK3_CODE); // C: iret
    m.exec(CALL_FAR(TASK_GATE_SEL));
    const c = m.cpu;
    expect(c.rip[0]).toBe(CODE + 8);
    expect([c.segSel[TR], c.flags & NT]).toEqual([TSS_SEL, 0]);
    expect([v.getUint16(TSS2, true), v.getUint16(TSS3, true)]).toEqual([TSS_SEL, TSS2_SEL]);
    expect([busy(m, TSS_SEL), busy(m, TSS2_SEL), busy(m, TSS3_SEL)]).toEqual([true, false, false]);
    // B ran its iret with NT set (C returned to it nested) and saved EIP past it.
    expect(v.getUint32(TSS2 + 0x20, true)).toBe(TASK2_CODE + 8);
  });

  it('raises #GP(0) in the new task when its EIP is past its CS limit', () => {
    const m = twoTasks();
    m.setDescriptor(0x60, descriptor(0, 0xffff, 0x9a, 0x4)); // 32-bit code, limit 64 KiB
    m.cpu.view.setUint16(TSS2 + 0x4c, 0x60, true);
    m.exec(JMP_FAR(TSS2_SEL));
    expect([m.handled(), m.stack(1, 4)[0], m.cpu.segSel[TR]]).toEqual([GP, 0, TSS2_SEL]);
    expect(m.stack(2, 4)[1]).toBe(TASK2_CODE);
  });

  it('runs #DF on its own task through a task gate, with the error code on the new stack', () => {
    const m = twoTasks();
    m.gate(DF_VEC, { type: 5, sel: TSS2_SEL });
    m.gate(GP, { present: false });
    m.exec([0x66, 0xb8, ...le(0x7ff8, 2), 0x8e, 0xd8]); // mov ax, 0x7ff8; mov ds, ax: #GP
    const c = m.cpu;
    expect(c.rip[0]).toBe(TASK2_CODE + 1);
    expect(c.segSel[TR]).toBe(TSS2_SEL);
    expect(c.gpr[RSP << 1]).toBe(TASK2_STACK - 4);
    expect(c.view.getUint32(TASK2_STACK - 4, true)).toBe(0);
    expect(c.flags & NT).toBe(NT);
    expect(c.view.getUint16(TSS2, true)).toBe(TSS_SEL);
    expect(c.view.getUint32(TSS + 0x20, true)).toBe(CODE + 4); // the faulting mov ds
  });

  it('raises #TS(TSS) for a limit below 67H and changes nothing', () => {
    const m = twoTasks(0x60);
    m.exec(JMP_FAR(TSS2_SEL));
    expect(m.handled()).toBe(TS);
    expect(m.stack(1, 4)).toEqual([TSS2_SEL]);
    expect([m.cpu.segSel[TR], busy(m, TSS_SEL), busy(m, TSS2_SEL)]).toEqual([TSS_SEL, true, false]);
  });

  it('raises #GP(TSS) for a busy TSS, through a TSS descriptor or a task gate', () => {
    for (const [target, err] of [
      [TSS_SEL, TSS_SEL],
      [TASK_GATE_SEL, TSS2_SEL],
    ]) {
      const m = twoTasks();
      m.setDescriptor(TSS2_SEL, descriptor(TSS2, 0x67, 0x8b, 0));
      m.exec(JMP_FAR(target));
      expect([m.handled(), m.stack(1, 4)[0]]).toEqual([GP, err]);
    }
  });

  it('raises #NP(TSS) for a TSS not present, #GP(gate) for a gate DPL below CPL', () => {
    const m = twoTasks();
    m.setDescriptor(TSS2_SEL, descriptor(TSS2, 0x67, 0x09, 0));
    m.exec(JMP_FAR(TSS2_SEL));
    expect([m.handled(), m.stack(1, 4)[0]]).toEqual([NP, TSS2_SEL]);
    const u = twoTasks();
    u.exec(CALL_FAR(TASK_GATE_SEL | 3)); // RPL 3 > gate DPL 0
    expect([u.handled(), u.stack(1, 4)[0]]).toEqual([GP, TASK_GATE_SEL]);
  });

  it('raises #TS(link) when iret finds a back link that is not a busy TSS', () => {
    const m = twoTasks();
    m.cpu.flags |= NT;
    m.cpu.view.setUint16(TSS, TSS2_SEL, true); // available, not busy
    m.exec([0xcf]);
    expect([m.handled(), m.stack(1, 4)[0]]).toEqual([TS, TSS2_SEL]);
    expect(m.cpu.segSel[TR]).toBe(TSS_SEL);
  });

  it('delivers a fault after the commit in the new task, at its EIP', () => {
    const m = twoTasks();
    m.cpu.view.setUint16(TSS2 + 0x54, TSS_SEL, true); // DS a TSS: #TS once TR is the new TSS
    m.exec(JMP_FAR(TSS2_SEL));
    const c = m.cpu;
    expect(m.handled()).toBe(TS);
    expect(c.segSel[TR]).toBe(TSS2_SEL);
    // Delivered on the new task's stack: error code, then its entry EIP and CS.
    expect(c.gpr[RSP << 1]).toBe(TASK2_STACK - 16);
    expect(m.stack(3, 4)).toEqual([TSS_SEL, TASK2_CODE, KCODE]);
  });

  it('loads LDTR from the new TSS and refuses a non-LDT selector with #TS', () => {
    const m = twoTasks();
    m.setDescriptor(0x60, descriptor(0x24000, 0xff, 0x82, 0));
    m.cpu.gdtr[2] = 0x7f;
    m.cpu.view.setUint16(TSS2 + 0x60, 0x60, true);
    m.exec(JMP_FAR(TSS2_SEL));
    expect([m.cpu.segSel[LDTR], m.cpu.segBaseLo[LDTR]]).toEqual([0x60, 0x24000]);
    const bad = twoTasks();
    bad.cpu.view.setUint16(TSS2 + 0x60, KDATA, true);
    bad.exec(JMP_FAR(TSS2_SEL));
    expect([bad.handled(), bad.stack(1, 4)[0]]).toEqual([TS, KDATA]);
  });

  it('loads CR3 from the TSS with paging on, reported to the watch as a CR3 write', () => {
    const m = twoTasks();
    const c = m.cpu;
    const [pd1, pd2] = [0x80000, 0x81000];
    for (const pd of [pd1, pd2])
      for (let k = 0; k < 4; k++) c.view.setUint32(pd + 4 * k, (k << 22) | 0x83, true);
    c.cr4 |= 1 << 4; // PSE
    c.cr3[0] = pd1;
    c.cr0 |= 1 << 31;
    c.tlb.flushAll();
    c.view.setUint32(TSS2 + 0x1c, pd2, true);
    const watch = new PagingWatch();
    watch.attach(c);
    m.exec(JMP_FAR(TSS2_SEL));
    expect(c.cr3[0]).toBe(pd2);
    const ev = watch.events.find((e) => e.kind === 'control');
    expect(ev).toMatchObject({ reg: 'cr3', nextRip: BigInt(TASK2_CODE) });
    expect(ev?.kind === 'control' && [ev.before.cr3, ev.after.cr3]).toEqual([
      BigInt(pd1),
      BigInt(pd2),
    ]);
  });

  it('keeps IF from the new EFLAGS and a 16-bit TSS switches too', () => {
    const m = twoTasks();
    const v = m.cpu.view;
    m.setDescriptor(TSS2_SEL, descriptor(TSS2, 0x2b, 0x81, 0));
    v.setUint16(TSS2 + 0x0e, TASK2_CODE & 0xffff, true);
    v.setUint16(TSS2 + 0x10, 0x2 | IF, true);
    v.setUint16(TSS2 + 0x12, 0x4321, true); // AX
    v.setUint16(TSS2 + 0x1a, 0x8000, true); // SP
    [KDATA, KCODE, KDATA, KDATA].forEach((s, k) => v.setUint16(TSS2 + 0x22 + 2 * k, s, true));
    m.cpu.ram[TASK2_CODE & 0xffff] = 0xf4;
    m.exec(JMP_FAR(TSS2_SEL));
    const c = m.cpu;
    expect(c.rip[0]).toBe((TASK2_CODE & 0xffff) + 1);
    expect([c.gpr[RAX << 1] & 0xffff, c.gpr[RSP << 1] & 0xffff]).toEqual([0x4321, 0x8000]);
    expect(c.flags & IF).toBe(IF);
    expect(c.segSel[SS]).toBe(KDATA);
  });

  it('has no task gates in a 64-bit IDT: #GP(IDT entry)', () => {
    const m = new TestMachine(64);
    m.gate(6, { type: 5, sel: TSS_SEL });
    m.exec([0x0f, 0x0b]); // ud2
    expect([m.handled(), m.stack(1)[0]]).toEqual([GP, BigInt(6 * 8 + 3)]);
  });

  it('refuses IRET with NT set in IA-32e mode with #GP(0)', () => {
    const m = new TestMachine(64);
    m.cpu.flags |= NT;
    m.exec([0x48, 0xcf]);
    expect([m.handled(), m.stack(1)[0]]).toEqual([GP, 0n]);
  });

  it('has no task switches in IA-32e mode: jmp far to a TSS is #GP(selector)', () => {
    const m = new TestMachine(64);
    m.cpu.ram.set([0xff, 0x2c, 0x25, ...le(0x200000)], CODE); // jmp far [0x200000]
    m.cpu.view.setUint16(0x200004, TSS_SEL, true);
    m.run();
    expect([m.handled(), m.stack(1)[0]]).toEqual([GP, BigInt(TSS_SEL)]);
    expect(m.cpu.segSel[CS]).toBe(KCODE);
  });

  it('a task gate through int n checks the gate DPL', () => {
    const m = twoTasks();
    m.gate(0x40, { type: 5, sel: TSS2_SEL });
    m.exec([0xcd, 0x40]);
    expect(m.cpu.segSel[TR]).toBe(TSS2_SEL);
    expect(m.cpu.view.getUint32(TSS + 0x20, true)).toBe(CODE + 2);
    const u = twoTasks();
    u.gate(0x40, { type: 5, sel: TSS2_SEL });
    u.cpu.cpl = 3;
    u.exec([0xcd, 0x40]); // gate DPL 0 < CPL 3
    expect(u.cpu.rip[0]).toBe(HANDLERS + 16 * GP + 1);
    expect(u.cpu.segSel[TR]).toBe(TSS_SEL);
  });
});
