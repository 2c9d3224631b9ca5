import { describe, expect, it } from 'vitest';
import { runCode } from '../../../../tests/sse/bare.ts';
import type { Cpu } from '../cpu.ts';
import { MF } from '../fault.ts';

// The host comparison (tests/x87/x87-native.test.ts) covers the exact instructions; these
// cover what it leaves out: the transcendentals (computed through doubles) and the #MF a
// later instruction raises for an earlier unmasked exception.

const FLDZ = [0xd9, 0xee];
const FLD1 = [0xd9, 0xe8];
const FLDPI = [0xd9, 0xeb];
const FDIV_ST_ST1 = [0xd8, 0xf1];
const FWAIT = [0x9b];
const FSTP_M64_RBX = [0xdd, 0x1b];
const DATA = 0x200000;

/** ST0 stored as a double at [rbx], read back. */
function runToDouble(code: number[], setup: (c: Cpu) => void = () => {}): number {
  const { cpu, fault } = runCode([...code, ...FSTP_M64_RBX], (c) => {
    c.gpr[6] = DATA;
    setup(c);
  });
  expect(fault).toBeNull();
  return new DataView(cpu.mem.ram.buffer, cpu.mem.ram.byteOffset).getFloat64(DATA, true);
}

describe('x87 exceptions', () => {
  it('sets ZE and ES for fdiv 1/0 with ZE unmasked, and the next fwait raises #MF', () => {
    const fcw = 0x037f & ~4;
    const { cpu, fault } = runCode([...FLDZ, ...FLD1, ...FDIV_ST_ST1, ...FWAIT], (c) => {
      c.fcw = fcw;
    });
    expect(fault?.vector).toBe(MF);
    // ZE, ES and B set; ST0 still 1 (an unmasked division by zero writes nothing).
    expect(cpu.fsw & 0x80ff).toBe(0x8084);
    expect(cpu.x87regs[7]).toBe(0x80);
    expect((cpu.x87regs[9] << 8) | cpu.x87regs[8]).toBe(0x3fff);
  });

  it('writes an infinity and raises nothing when ZE is masked', () => {
    expect(runToDouble([...FLDZ, ...FLD1, ...FDIV_ST_ST1, ...FWAIT])).toBe(Infinity);
  });
});

describe('x87 transcendentals, through doubles', () => {
  it('computes sin, cos, tan and atan of pi-based arguments to double accuracy', () => {
    expect(runToDouble([...FLDPI, 0xd9, 0xfe])).toBeCloseTo(0, 15); // fsin
    expect(runToDouble([...FLDPI, 0xd9, 0xff])).toBe(-1); // fcos
    // fptan pushes 1.0 after tan(x): pop it first.
    expect(runToDouble([...FLD1, 0xd9, 0xf2, 0xdd, 0xd8])).toBeCloseTo(Math.tan(1), 15);
    expect(runToDouble([...FLD1, ...FLD1, 0xd9, 0xf3])).toBeCloseTo(Math.PI / 4, 15); // fpatan
  });

  it('computes 2^x - 1 and y * log2(x)', () => {
    expect(runToDouble([...FLD1, 0xd9, 0xf0])).toBe(1); // f2xm1(1)
    // fyl2x with ST1 = 1, ST0 = pi.
    expect(runToDouble([...FLD1, ...FLDPI, 0xd9, 0xf1])).toBeCloseTo(Math.log2(Math.PI), 15);
  });

  it('leaves operands of 2^63 and more alone with C2 set', () => {
    const { cpu } = runCode([0xd9, 0xfe], (c) => {
      c.ftw = 1;
      c.x87regs.set([0, 0, 0, 0, 0, 0, 0, 0x80, 0x3e + 0x40, 0x40]); // 2^(0x407e - 16383)
    });
    expect(cpu.fsw & 0x400).toBe(0x400);
    expect(cpu.x87regs[8]).toBe(0x7e);
  });
});
