import { describe, expect, it } from 'vitest';
import { GP, NP, SS_VEC, UD } from '../fault.ts';
import { DS, ES, FS, GS, RAX, RSP, SS } from '../registers.ts';
import {
  descriptor,
  DONE,
  GDT,
  KCODE,
  KDATA,
  KSTACK,
  TestMachine,
  UDATA,
  USER_STACK,
} from '../interrupts/test-machine.ts';

const MOV_AX = (v: number) => [0x66, 0xb8, v & 0xff, (v >>> 8) & 0xff];
const MOV_SREG_AX = (seg: number) => [0x8e, 0xc0 | (seg << 3)];
const load = (seg: number, sel: number) => [...MOV_AX(sel), ...MOV_SREG_AX(seg)];
/** ModRM/SIB for [disp32] and the displacement. */
const ABS = (a: number) => [
  0x04 | 0,
  0x25,
  a & 0xff,
  (a >>> 8) & 0xff,
  (a >>> 16) & 0xff,
  a >>> 24,
];
const DATA = 0x200000;

/** The error code the handler of a fault sees (first stack slot). */
const errorCode = (m: TestMachine) => Number(m.stack(1, m.mode === 64 ? 8 : 4)[0]);

describe('loading segment registers', () => {
  it('loads base, limit and attributes from the GDT and sets the accessed bit there', () => {
    const m = new TestMachine(64);
    m.setDescriptor(0x50, descriptor(0x12345000, 0xfff, 0x92, 0x4));
    m.cpu.gdtr[2] = 0x57;
    m.exec(load(DS, 0x50));
    expect(m.handled()).toBe(null);
    expect(m.cpu.segSel[DS]).toBe(0x50);
    expect(m.cpu.segBaseLo[DS]).toBe(0x12345000);
    expect(m.cpu.segLimit[DS]).toBe(0xfff);
    expect(m.cpu.segAttr[DS]).toBe(0x409300);
    expect(m.cpu.ram[GDT + 0x55]).toBe(0x93);
  });

  it('accepts a null selector in DS, ES, FS and GS, clearing the base', () => {
    const m = new TestMachine(64);
    m.cpu.segBaseLo[FS] = 0x1234;
    m.exec([...load(DS, 0), ...load(ES, 3), ...load(FS, 0), ...load(GS, 0)]);
    expect(m.handled()).toBe(null);
    expect([m.cpu.segSel[ES], m.cpu.segBaseLo[FS], m.cpu.segAttr[DS]]).toEqual([3, 0, 0]);
  });

  it('reads the GDT with supervisor rights from CPL 3, and loads a DPL 3 data segment', () => {
    const m = new TestMachine(64);
    m.enterUser();
    m.exec(load(DS, UDATA));
    expect(m.handled()).toBe(DONE);
    expect(m.cpu.segSel[DS]).toBe(UDATA);
  });

  it('refuses a DPL 0 data segment at CPL 3 with #GP(selector)', () => {
    const m = new TestMachine(64);
    m.enterUser();
    m.exec(load(ES, KDATA | 3));
    expect(m.handled()).toBe(GP);
    expect(errorCode(m)).toBe(KDATA);
  });

  it('raises #NP(selector) for a segment not present, #GP(selector) past the GDT limit', () => {
    const m = new TestMachine(64);
    m.setDescriptor(0x50, descriptor(0, 0xfffff, 0x12, 0xc));
    m.cpu.gdtr[2] = 0x57;
    m.exec(load(DS, 0x50));
    expect([m.handled(), errorCode(m)]).toEqual([NP, 0x50]);
    const m2 = new TestMachine(64).exec(load(DS, 0x58));
    expect([m2.handled(), errorCode(m2)]).toEqual([GP, 0x58]);
  });

  it('loads readable code into DS but not execute-only code', () => {
    const m = new TestMachine(64);
    m.exec(load(DS, KCODE));
    expect(m.handled()).toBe(null);
    m.setDescriptor(0x50, descriptor(0, 0xfffff, 0x98, 0xc));
    m.cpu.gdtr[2] = 0x57;
    m.cpu.rip[0] = 0x100100;
    m.exec(load(DS, 0x50));
    expect([m.handled(), errorCode(m)]).toEqual([GP, 0x50]);
  });

  it('checks SS: RPL and DPL must equal CPL, a read-only or absent segment faults', () => {
    const m = new TestMachine(64);
    m.exec(load(SS, KDATA | 3));
    expect([m.handled(), errorCode(m)]).toEqual([GP, KDATA]);
    const m2 = new TestMachine(64);
    m2.setDescriptor(0x50, descriptor(0, 0xfffff, 0x90, 0xc)); // read-only data
    m2.setDescriptor(0x58, descriptor(0, 0xfffff, 0x12, 0xc)); // writable, not present
    m2.cpu.gdtr[2] = 0x5f;
    m2.exec(load(SS, 0x50));
    expect([m2.handled(), errorCode(m2)]).toEqual([GP, 0x50]);
    const m3 = new TestMachine(64);
    m3.cpu.gdtr[2] = 0x5f;
    m3.setDescriptor(0x58, descriptor(0, 0xfffff, 0x12, 0xc));
    m3.exec(load(SS, 0x58));
    expect([m3.handled(), errorCode(m3)]).toEqual([SS_VEC, 0x58]);
  });

  it('allows a null SS in 64-bit mode at CPL 0 only, never in 32-bit mode', () => {
    const m = new TestMachine(64).exec(load(SS, 0));
    expect(m.handled()).toBe(null);
    expect(m.cpu.segSel[SS]).toBe(0);
    const user = new TestMachine(64);
    user.enterUser();
    user.exec(load(SS, 3));
    expect([user.handled(), errorCode(user)]).toEqual([GP, 0]);
    const legacy = new TestMachine(32).exec(load(SS, 0));
    expect([legacy.handled(), errorCode(legacy)]).toEqual([GP, 0]);
  });

  it('has no mov to CS and no segment registers 6 and 7 (#UD)', () => {
    expect(new TestMachine(64).exec([0x8e, 0xc8]).handled()).toBe(UD);
    expect(new TestMachine(64).exec([0x8e, 0xf0]).handled()).toBe(UD);
    expect(new TestMachine(64).exec([0x8c, 0xf8]).handled()).toBe(UD);
  });

  it('stores a selector zero-extended into a register and as 16 bits into memory', () => {
    const m = new TestMachine(64);
    m.cpu.gpr[RAX << 1] = -1;
    m.cpu.gpr[(RAX << 1) + 1] = -1;
    m.cpu.view.setUint32(DATA, 0xffffffff, true);
    m.exec([0x48, 0x8c, 0xd0, 0x8c, 0x1c, 0x25, ...ABS(DATA).slice(2)]); // mov rax, ss; mov [DATA], ds
    expect([m.cpu.gpr[RAX << 1], m.cpu.gpr[(RAX << 1) + 1]]).toEqual([KDATA, 0]);
    expect(m.cpu.view.getUint32(DATA, true)).toBe((0xffff0000 | KDATA) >>> 0);
  });

  it('pushes and pops FS in 64-bit mode as 8-byte slots, and has no push ES there', () => {
    const m = new TestMachine(64);
    m.exec([...load(FS, UDATA), 0x0f, 0xa0, ...load(FS, 0), 0x0f, 0xa1]); // push fs; ...; pop fs
    expect(m.handled()).toBe(null);
    expect(m.cpu.segSel[FS]).toBe(UDATA);
    expect(m.cpu.gpr[RSP << 1]).toBe(KSTACK);
    expect(m.cpu.view.getBigUint64(KSTACK - 8, true)).toBe(BigInt(UDATA));
    expect(new TestMachine(64).exec([0x06]).handled()).toBe(UD);
  });

  it('pops SS and DS in 32-bit mode, leaving ESP alone when the load faults', () => {
    const m = new TestMachine(32);
    m.exec([0x1e, 0x16, 0x17, 0x1f]); // push ds; push ss; pop ss; pop ds
    expect(m.handled()).toBe(null);
    expect(m.cpu.gpr[RSP << 1]).toBe(KSTACK);
    const bad = new TestMachine(32);
    bad.exec([0xb8, 0x58, 0, 0, 0, 0x50, 0x1f]); // push 0x58 (past the GDT limit); pop ds
    expect([bad.handled(), errorCode(bad)]).toEqual([GP, 0x58]);
    expect(bad.cpu.gpr[RSP << 1]).toBe(KSTACK - 4 - 16); // pop ds left ESP; then the #GP frame
  });

  it('loads a far pointer with lss and lfs (REX.W: a 64-bit offset)', () => {
    const m = new TestMachine(64);
    m.cpu.view.setUint32(DATA, 0x1000, true);
    m.cpu.view.setUint16(DATA + 4, KDATA, true);
    m.cpu.view.setBigUint64(DATA + 8, 0x1_2345_6789n, true);
    m.cpu.view.setUint16(DATA + 16, UDATA, true);
    m.exec([
      0x0f,
      0xb2,
      0x24,
      0x25,
      ...ABS(DATA).slice(2),
      0x48,
      0x0f,
      0xb4,
      0x1c,
      0x25,
      ...ABS(DATA + 8).slice(2),
    ]);
    expect(m.handled()).toBe(null);
    expect(m.cpu.segSel[SS]).toBe(KDATA);
    expect(m.cpu.gpr[RSP << 1]).toBe(0x1000);
    expect(m.cpu.segSel[FS]).toBe(UDATA);
    expect([m.cpu.gpr[6], m.cpu.gpr[7]]).toEqual([0x23456789, 1]);
  });

  it('keeps the user stack usable after loading SS at CPL 3', () => {
    const m = new TestMachine(64);
    m.enterUser();
    m.exec([...load(SS, UDATA), 0x50, 0x58]); // push rax; pop rax
    expect(m.handled()).toBe(DONE);
    expect(m.stack(5).slice(3)).toEqual([BigInt(USER_STACK), BigInt(UDATA)]);
  });
});
