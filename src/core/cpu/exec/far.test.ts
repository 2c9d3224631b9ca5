import { describe, expect, it } from 'vitest';
import { GP, NP } from '../fault.ts';
import { IF } from '../flags.ts';
import { CS, DS, RAX, RSP, SS } from '../registers.ts';
import {
  CODE,
  descriptor,
  DONE,
  HANDLERS,
  KCODE,
  KCODE32,
  KDATA,
  RSP0,
  TestMachine,
  UCODE,
  UCODE32,
  UDATA,
  USER_CODE,
  USER_STACK,
} from '../interrupts/test-machine.ts';

const le = (v: number, n = 4) => Array.from({ length: n }, (_, k) => (v >>> (8 * k)) & 0xff);
const PUSH = (v: number) => [0x68, ...le(v)];
const MOV_RAX64 = (lo: number, hi: number) => [0x48, 0xb8, ...le(lo), ...le(hi)];
const IRETQ = [0x48, 0xcf];
const DATA = 0x200000;
const TARGET = CODE + 0x100;

/** The frame of an interrupt with no error code: RIP, CS, RFLAGS, RSP, SS. */
const frame = (m: TestMachine) => m.stack(5).map(Number);

describe('far jumps, calls and returns', () => {
  it('jumps from compatibility mode to 64-bit code, and back through m16:32', () => {
    const m = new TestMachine(64);
    m.load(KCODE32, CS);
    expect(m.cpu.mode).toBe(32);
    m.cpu.view.setUint32(DATA, CODE + 0x40, true);
    m.cpu.view.setUint16(DATA + 4, KCODE32, true);
    m.cpu.ram.set([0xea, ...le(TARGET), ...le(KCODE, 2)], CODE); // jmp KCODE:TARGET
    // 64-bit code: a 10-byte mov only decodes as such in 64-bit mode; then jmp far [DATA].
    m.cpu.ram.set([...MOV_RAX64(0x11111111, 0x22222222), 0xff, 0x2c, 0x25, ...le(DATA)], TARGET);
    m.cpu.ram.set([0xb8, ...le(0x33333333), 0xf4], CODE + 0x40); // back in compat mode: mov eax
    m.run();
    expect(m.handled()).toBe(null);
    expect([m.cpu.gpr[RAX << 1], m.cpu.gpr[(RAX << 1) + 1]]).toEqual([0x33333333, 0]);
    expect(m.cpu.mode).toBe(32);
    expect(m.cpu.segSel[CS]).toBe(KCODE32);
    expect(m.cpu.ram[0x20000 + KCODE32 + 5] & 1).toBe(1); // accessed
  });

  it('calls through m16:64 and returns with lretq', () => {
    const m = new TestMachine(64);
    m.cpu.view.setBigUint64(DATA, BigInt(TARGET), true);
    m.cpu.view.setUint16(DATA + 8, KCODE, true);
    m.cpu.ram.set([0x48, 0xcb], TARGET);
    m.exec([0x48, 0xff, 0x1c, 0x25, ...le(DATA)]); // call far qword [DATA]
    expect(m.handled()).toBe(null);
    expect(m.cpu.rip[0]).toBe(CODE + 9);
    expect(m.cpu.gpr[RSP << 1]).toBe(0x60000);
    expect(m.cpu.view.getBigUint64(0x60000 - 16, true)).toBe(BigInt(CODE + 8));
  });

  it('returns to ring 3 with lretq, popping SS:RSP and dropping DS it may not use', () => {
    const m = new TestMachine(64);
    m.cpu.ram.set([0xcd, DONE], USER_CODE);
    m.exec([...PUSH(UDATA), ...PUSH(USER_STACK), ...PUSH(UCODE), ...PUSH(USER_CODE), 0x48, 0xcb]);
    expect(m.handled()).toBe(DONE);
    expect(frame(m)).toEqual([USER_CODE + 2, UCODE, 0x2, USER_STACK, UDATA]);
    expect(m.cpu.segSel[DS]).toBe(0);
  });

  it('releases imm16 bytes with retf imm16 in 32-bit mode', () => {
    const m = new TestMachine(32);
    m.cpu.ram.set([0xca, 0x08, 0x00], TARGET); // retf 8
    m.exec([...PUSH(0), ...PUSH(0), 0x9a, ...le(TARGET), ...le(KCODE, 2)]); // call far
    expect(m.handled()).toBe(null);
    expect(m.cpu.gpr[RSP << 1]).toBe(0x60000);
  });

  it('raises #NP(selector) for a far jump to a code segment not present', () => {
    const m = new TestMachine(32);
    m.setDescriptor(0x50, descriptor(0, 0xfffff, 0x1a, 0xc));
    m.cpu.gdtr[2] = 0x57;
    m.exec([0xea, ...le(TARGET), ...le(0x50, 2)]);
    expect([m.handled(), Number(m.stack(1, 4)[0])]).toEqual([NP, 0x50]);
  });

  it('calls ring 0 from ring 3 through a 32-bit call gate, copying parameters, and retf 8 returns', () => {
    const m = new TestMachine(32);
    // Call gate 0x50: DPL 3, 32-bit, 2 parameters, to KCODE:TARGET.
    m.setDescriptor(0x50, [(KCODE << 16) | (TARGET & 0xffff), (TARGET & 0xffff0000) | 0xec02]);
    m.cpu.gdtr[2] = 0x57;
    m.cpu.ram.set([0xf4, 0xca, 0x08, 0x00], TARGET); // hlt; retf 8
    m.enterUser(USER_CODE, USER_STACK, UCODE32);
    m.exec([...PUSH(0x11), ...PUSH(0x22), 0x9a, ...le(0), ...le(0x53, 2)]);
    const c = m.cpu;
    expect([c.cpl, c.segSel[CS], c.segSel[SS], c.rip[0]]).toEqual([0, KCODE, KDATA, TARGET + 1]);
    expect(c.gpr[RSP << 1]).toBe(RSP0 - 24);
    const ret = USER_CODE + 17;
    expect(m.stack(6, 4)).toEqual([ret, UCODE32, 0x22, 0x11, USER_STACK - 8, UDATA]);
    c.halted = false;
    m.run();
    expect(m.handled()).toBe(DONE); // back at CPL 3, parameters released from both stacks
    expect(m.stack(5, 4)).toEqual([ret + 2, UCODE32, 0x2, USER_STACK, UDATA]);
  });

  it('refuses a call gate whose DPL is below CPL with #GP(gate), and a jmp to an inner level', () => {
    const m = new TestMachine(32);
    m.setDescriptor(0x50, [(KCODE << 16) | (TARGET & 0xffff), (TARGET & 0xffff0000) | 0x8c00]);
    m.setDescriptor(0x58, [(KCODE << 16) | (TARGET & 0xffff), (TARGET & 0xffff0000) | 0xec00]);
    m.cpu.gdtr[2] = 0x5f;
    m.enterUser(USER_CODE, USER_STACK, UCODE32);
    m.exec([0x9a, ...le(0), ...le(0x53, 2)]);
    expect([m.handled(), m.stack(1, 4)[0]]).toEqual([GP, 0x50]);
    const j = new TestMachine(32);
    j.setDescriptor(0x58, [(KCODE << 16) | (TARGET & 0xffff), (TARGET & 0xffff0000) | 0xec00]);
    j.cpu.gdtr[2] = 0x5f;
    j.enterUser(USER_CODE, USER_STACK, UCODE32);
    j.exec([0xea, ...le(0), ...le(0x5b, 2)]);
    expect([j.handled(), j.stack(1, 4)[0]]).toEqual([GP, KCODE]);
  });

  it('raises #NP(gate) for a call gate not present, #GP(gate) for a 16-bit gate in IA-32e mode', () => {
    const m = new TestMachine(32);
    m.setDescriptor(0x50, [(KCODE << 16) | (TARGET & 0xffff), (TARGET & 0xffff0000) | 0x0c00]);
    m.cpu.gdtr[2] = 0x57;
    m.exec([0x9a, ...le(0), ...le(0x50, 2)]);
    expect([m.handled(), m.stack(1, 4)[0]]).toEqual([NP, 0x50]);
    const l = new TestMachine(64);
    l.setDescriptor(0x50, [(KCODE << 16) | (TARGET & 0xffff), 0x8400]);
    l.setDescriptor(0x58, [0, 0]);
    l.cpu.gdtr[2] = 0x5f;
    l.cpu.view.setUint32(DATA, 0, true);
    l.cpu.view.setUint16(DATA + 4, 0x50, true);
    l.exec([0xff, 0x1c, 0x25, ...le(DATA)]); // call far [m16:32]
    expect([l.handled(), l.stack(1)[0]]).toEqual([GP, 0x50n]);
  });

  it('calls ring 0 through a 64-bit call gate: null SS, RSP0, four 8-byte slots', () => {
    const m = new TestMachine(64);
    m.setDescriptor(0x50, [(KCODE << 16) | (TARGET & 0xffff), (TARGET & 0xffff0000) | 0xec00]);
    m.setDescriptor(0x58, [0, 0]);
    m.cpu.gdtr[2] = 0x5f;
    m.cpu.ram.set([0xf4, 0x48, 0xcb], TARGET); // hlt; lretq
    m.enterUser();
    m.cpu.view.setUint32(USER_STACK - 0x100, 0, true);
    m.cpu.view.setUint16(USER_STACK - 0x100 + 4, 0x53, true);
    m.exec([0xff, 0x1c, 0x25, ...le(USER_STACK - 0x100)]); // call far [m16:32]
    const c = m.cpu;
    expect([c.cpl, c.segSel[SS], c.rip[0], c.mode]).toEqual([0, 0, TARGET + 1, 64]);
    expect(c.gpr[RSP << 1]).toBe(RSP0 - 32);
    expect(m.stack(4).map(Number)).toEqual([USER_CODE + 7, UCODE, USER_STACK, UDATA]);
    c.halted = false;
    m.run();
    expect(m.handled()).toBe(DONE);
    expect(c.cpl).toBe(0);
    expect(frame(m)).toEqual([USER_CODE + 9, UCODE, 0x2, USER_STACK, UDATA]);
  });
});

describe('iret', () => {
  it('goes to ring 3 with iretq, and int 0x80 comes back to ring 0 on RSP0', () => {
    const m = new TestMachine(64);
    m.gate(0x80, { dpl: 3 });
    m.cpu.ram.set([0x90, 0xcd, 0x80], USER_CODE);
    const flags = [0x9c]; // pushfq (with IF set below)
    m.cpu.flags |= IF;
    m.exec([
      ...PUSH(UDATA),
      ...PUSH(USER_STACK - 16),
      ...flags,
      ...PUSH(UCODE),
      ...PUSH(USER_CODE),
      ...IRETQ,
    ]);
    expect(m.handled()).toBe(0x80);
    expect(m.cpu.cpl).toBe(0);
    expect(m.cpu.segSel[SS]).toBe(0);
    expect(m.cpu.gpr[RSP << 1]).toBe(RSP0 - 40);
    expect(frame(m)).toEqual([USER_CODE + 3, UCODE, 0x2 | IF, USER_STACK - 16, UDATA]);
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * 0x80 + 1);
  });

  it('pops SS:RSP in 64-bit mode even without a privilege change (null SS at CPL 0)', () => {
    const m = new TestMachine(64);
    m.cpu.ram.set([0xf4], CODE + 0x40);
    m.exec([...PUSH(0), ...PUSH(0x58000), 0x9c, ...PUSH(KCODE), ...PUSH(CODE + 0x40), ...IRETQ]);
    expect(m.cpu.rip[0]).toBe(CODE + 0x41);
    expect(m.cpu.gpr[RSP << 1]).toBe(0x58000);
    expect(m.cpu.segSel[SS]).toBe(0);
  });

  it('returns to ring 3 in 32-bit protected mode and comes back through the TSS stack', () => {
    const m = new TestMachine(32);
    m.gate(0x80, { dpl: 3 });
    m.cpu.ram.set([0xcd, 0x80], USER_CODE);
    m.exec([...PUSH(UDATA), ...PUSH(USER_STACK), 0x9c, ...PUSH(UCODE32), ...PUSH(USER_CODE), 0xcf]);
    expect(m.handled()).toBe(0x80);
    expect(m.cpu.segSel[SS]).toBe(KDATA);
    expect(m.stack(5, 4)).toEqual([USER_CODE + 2, UCODE32, 0x2, USER_STACK, UDATA]);
  });

  it('keeps IF and IOPL at CPL 3: iretq cannot raise its own privilege over them', () => {
    const m = new TestMachine(64);
    m.enterUser();
    m.cpu.ram.set([0xcd, DONE], USER_CODE + 0x40);
    const target = USER_CODE + 0x40;
    m.exec([
      ...PUSH(UDATA), ...PUSH(USER_STACK - 64), ...PUSH(0x3202), ...PUSH(UCODE), ...PUSH(target), ...IRETQ,
    ]); // prettier-ignore
    expect(m.handled()).toBe(DONE);
    expect(frame(m)[0]).toBe(target + 2);
    expect(frame(m)[2] & 0x3200).toBe(0);
  });
});
