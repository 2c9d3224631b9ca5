import { describe, expect, it } from 'vitest';
import { GP } from '../fault.ts';
import { DS, LDTR, RAX, TR } from '../registers.ts';
import { descriptor, GDT, TestMachine } from '../interrupts/test-machine.ts';

const le = (v: number, n = 4) => Array.from({ length: n }, (_, k) => (v >>> (8 * k)) & 0xff);
/** ModRM.reg = r with a [disp32] operand. */
const MEM = (r: number, a: number) => [(r << 3) | 4, 0x25, ...le(a)];
const MOV_AX = (v: number) => [0x66, 0xb8, ...le(v, 2)];
const LLDT_AX = [0x0f, 0x00, 0xd0];
const LTR_AX = [0x0f, 0x00, 0xd8];
const DATA = 0x200000;
const errorCode = (m: TestMachine) => Number(m.stack(1, m.mode === 64 ? 8 : 4)[0]);

describe('descriptor-table registers', () => {
  it('loads and stores GDTR and IDTR with 8-byte bases in 64-bit mode', () => {
    const m = new TestMachine(64);
    m.cpu.view.setUint16(DATA, 0x1234, true);
    m.cpu.view.setBigUint64(DATA + 2, 0xffff800000012345n, true);
    const gdtr = [...m.cpu.gdtr];
    // lidt [DATA]; sidt [DATA + 16]; then the GDT as it was: lgdt/sgdt through DATA + 32.
    m.cpu.view.setUint16(DATA + 32, gdtr[2], true);
    m.cpu.view.setUint32(DATA + 34, gdtr[0], true);
    m.exec([
      0x0f,
      0x01,
      ...MEM(3, DATA),
      0x0f,
      0x01,
      ...MEM(1, DATA + 16),
      0x0f,
      0x01,
      ...MEM(2, DATA + 32),
      0x0f,
      0x01,
      ...MEM(0, DATA + 48),
    ]);
    expect([...m.cpu.idtr]).toEqual([0x12345, 0xffff8000 | 0, 0x1234]);
    expect(m.cpu.view.getBigUint64(DATA + 18, true)).toBe(0xffff800000012345n);
    expect(m.cpu.view.getUint16(DATA + 16, true)).toBe(0x1234);
    expect(m.cpu.view.getUint32(DATA + 50, true)).toBe(GDT);
  });

  it('keeps 24 bits of the base for lgdt with a 16-bit operand size in 32-bit mode', () => {
    const m = new TestMachine(32);
    m.cpu.view.setUint16(DATA, 0x4f, true);
    m.cpu.view.setUint32(DATA + 2, 0xff020000, true);
    m.exec([0x66, 0x0f, 0x01, ...MEM(3, DATA)]);
    expect([...m.cpu.idtr]).toEqual([0x020000, 0, 0x4f]);
  });

  it('allows sgdt at CPL 3 but raises #GP(0) for lgdt and lidt there', () => {
    const m = new TestMachine(64);
    m.enterUser();
    m.exec([0x0f, 0x01, ...MEM(2, 0x30f000)]);
    expect([m.handled(), errorCode(m)]).toEqual([GP, 0]);
  });

  it('loads TR from an available 64-bit TSS and marks it busy; a busy one is refused', () => {
    const m = new TestMachine(64);
    m.setDescriptor(0x50, descriptor(0x23000, 0x67, 0x89, 0));
    m.cpu.view.setUint32(GDT + 0x58, 0x12, true); // base bits 32-63
    m.cpu.gdtr[2] = 0x5f;
    m.exec([...MOV_AX(0x50), ...LTR_AX]);
    expect(m.handled()).toBe(null);
    expect([
      m.cpu.segSel[TR],
      m.cpu.segBaseLo[TR],
      m.cpu.segBaseHi[TR],
      m.cpu.segLimit[TR],
    ]).toEqual([0x50, 0x23000, 0x12, 0x67]);
    expect(m.cpu.ram[GDT + 0x55]).toBe(0x8b);
    m.cpu.rip[0] = 0x100100;
    m.exec([...MOV_AX(0x50), ...LTR_AX]);
    expect([m.handled(), errorCode(m)]).toEqual([GP, 0x50]);
  });

  it('refuses ltr of a null selector, of a non-TSS, and at CPL 3', () => {
    const m = new TestMachine(64).exec([...MOV_AX(0), ...LTR_AX]);
    expect([m.handled(), errorCode(m)]).toEqual([GP, 0]);
    const m2 = new TestMachine(64).exec([...MOV_AX(0x10), ...LTR_AX]);
    expect([m2.handled(), errorCode(m2)]).toEqual([GP, 0x10]);
    const m3 = new TestMachine(64);
    m3.enterUser();
    m3.exec([...MOV_AX(0x38), ...LTR_AX]);
    expect([m3.handled(), errorCode(m3)]).toEqual([GP, 0]);
  });

  it('loads an LDT and then segments from it; a null LDTR makes LDT selectors fault', () => {
    const m = new TestMachine(32);
    const ldt = 0x24000;
    m.setDescriptor(0x50, descriptor(ldt, 0x17, 0x82, 0));
    m.cpu.gdtr[2] = 0x57;
    const [lo, hi] = descriptor(0x5000, 0xffff, 0x92, 0x4);
    m.cpu.view.setInt32(ldt + 8, lo, true);
    m.cpu.view.setInt32(ldt + 12, hi, true);
    m.exec([...MOV_AX(0x50), ...LLDT_AX, ...MOV_AX(0x0c), 0x8e, 0xd8]); // mov ds, ax
    expect(m.handled()).toBe(null);
    expect([
      m.cpu.segSel[LDTR],
      m.cpu.segBaseLo[LDTR],
      m.cpu.segSel[DS],
      m.cpu.segBaseLo[DS],
    ]).toEqual([0x50, ldt, 0x0c, 0x5000]);
    m.cpu.rip[0] = 0x100100;
    m.exec([...MOV_AX(0), ...LLDT_AX, ...MOV_AX(0x0c), 0x8e, 0xd8]);
    expect([m.handled(), errorCode(m)]).toEqual([GP, 0x0c]);
  });

  it('stores LDTR and TR selectors zero-extended into a register', () => {
    const m = new TestMachine(64);
    m.cpu.gpr[RAX << 1] = -1;
    m.cpu.gpr[(RAX << 1) + 1] = -1;
    m.exec([0x0f, 0x00, 0xc8]); // str eax
    expect([m.cpu.gpr[RAX << 1], m.cpu.gpr[(RAX << 1) + 1]]).toEqual([0x38, 0]);
  });
});
