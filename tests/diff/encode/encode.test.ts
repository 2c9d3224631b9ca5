// Encodings checked against a disassembler by hand; the corner cases of ModRM/SIB/REX are the
// ones an encoder gets wrong.
import { describe, expect, it } from 'vitest';
import { encode } from './instr.ts';
import type { InstrSpec } from './instr.ts';
import type { Mem } from './operands.ts';
import { highByte, imm, reg } from './operands.ts';

const hex = (spec: InstrSpec) => Buffer.from(encode(spec)).toString('hex');
const mem = (m: Partial<Mem>): Mem => ({
  kind: 'mem',
  width: 32,
  base: null,
  index: null,
  scale: 1,
  disp: 0,
  ...m,
});

describe('the instruction encoder', () => {
  it('encodes a register-to-register add without REX when none is needed', () => {
    expect(hex({ opcode: [0x01], reg: reg(1, 32), rm: reg(0, 32) })).toBe('01c8'); // add eax, ecx
  });

  it('sets REX.W, REX.R and REX.B for 64-bit operands in r8..r15', () => {
    expect(hex({ opsize: 64, opcode: [0x01], reg: reg(9, 64), rm: reg(10, 64) })).toBe('4d01ca');
  });

  it('emits an empty REX for SPL..DIL and none for AH..BH', () => {
    expect(hex({ opcode: [0x00], reg: reg(4, 8), rm: reg(0, 8) })).toBe('4000e0'); // add al, spl
    expect(hex({ opcode: [0x00], reg: highByte(0), rm: reg(0, 8) })).toBe('00e0'); // add al, ah
  });

  it('refuses AH..BH next to a register that needs REX', () => {
    expect(() => encode({ opcode: [0x00], reg: highByte(0), rm: reg(8, 8) })).toThrow();
  });

  it('gives RBP and R13 bases a zero disp8 and RSP and R12 bases a SIB byte', () => {
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: mem({ base: 5 }) })).toBe('8b4500');
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: mem({ base: 13 }) })).toBe('418b4500');
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: mem({ base: 4 }) })).toBe('8b0424');
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: mem({ base: 12 }) })).toBe('418b0424');
  });

  it('encodes base, index, scale and both displacement sizes', () => {
    const m = mem({ base: 3, index: 14, scale: 8, disp: -0x10 });
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: m })).toBe('428b44f3f0');
    const far = mem({ base: 3, index: 6, scale: 2, disp: 0x12345 });
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: far })).toBe('8b847345230100');
  });

  it('encodes an absolute address, an index without base and RIP-relative operands', () => {
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: mem({ disp: 0x200000 }) })).toBe(
      '8b042500002000',
    );
    const noBase = mem({ index: 1, scale: 4, disp: 0x40 });
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: noBase })).toBe('8b048d40000000');
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: mem({ rip: true, disp: 8 }) })).toBe(
      '8b0508000000',
    );
  });

  it('honours the odd forms: forced disp32, a SIB with no index, the 67 prefix', () => {
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: mem({ base: 3, dispSize: 32 }) })).toBe(
      '8b8300000000',
    );
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: mem({ base: 3, forceSib: true }) })).toBe(
      '8b0423',
    );
    expect(hex({ opcode: [0x8b], reg: reg(0, 32), rm: mem({ base: 3, addr32: true }) })).toBe(
      '678b03',
    );
  });

  it('places prefixes, 66, a mandatory prefix and REX in that order, then the immediate', () => {
    const spec: InstrSpec = {
      prefixes: [0xf0],
      opsize: 16,
      opcode: [0x81],
      reg: 0,
      rm: mem({ base: 8 }),
      imm: imm(0x1234n, 2),
    };
    expect(hex(spec)).toBe('f0664181003412');
    const tzcnt: InstrSpec = {
      mandatory: 0xf3,
      opsize: 64,
      opcode: [0x0f, 0xbc],
      reg: reg(0, 64),
      rm: reg(1, 64),
    };
    expect(hex(tzcnt)).toBe('f3480fbcc1');
  });

  it('puts an opcode register in the low bits with REX.B', () => {
    expect(hex({ opsize: 64, opcode: [0x0f, 0xc8], opreg: reg(9, 64) })).toBe('490fc9'); // bswap r9
  });
});
