import { describe, expect, it } from 'vitest';
import { createBareCpu } from '../bare-cpu.ts';
import type { Cpu } from '../cpu.ts';
import { decode } from '../decode/decoder.ts';
import { AC, CF, FIXED_ONE, ID, IF, IOPL, RF, ZF } from '../flags.ts';
import { readFlags } from '../lazy-flags.ts';
import { buildMaps, FALLBACKS } from '../opcodes.ts';
import { RSP } from '../registers.ts';

/** pushf/popf's privilege rules, which the host harness (always at CPL 3) cannot reach. */

const maps = buildMaps();
const STACK = 0x8000;

function machine(cpl: number, flags: number): Cpu {
  const cpu = createBareCpu(32, 1 << 20, {
    exception() {
      throw new Error('unexpected exception');
    },
  });
  cpu.cpl = cpl;
  cpu.flags = flags | FIXED_ONE;
  cpu.gpr[RSP << 1] = STACK;
  return cpu;
}

/** Decodes one instruction in 32-bit mode and runs its handler alone. */
function exec(cpu: Cpu, bytes: number[]): void {
  const buf = Uint8Array.from([...bytes, 0, 0, 0, 0]);
  const insn = decode(maps, FALLBACKS, 32, buf, 0, buf.length)!;
  cpu.exitBlock = false;
  insn.exec(cpu, insn);
}

/** popf of `image` (popfd, or popf with a 66 prefix) from the top of the stack. */
function popf(cpu: Cpu, image: number, wide = true): number {
  cpu.gpr[RSP << 1] = STACK;
  cpu.view.setUint32(STACK, image >>> 0, true);
  exec(cpu, wide ? [0x9d] : [0x66, 0x9d]);
  return readFlags(cpu);
}

describe('popf', () => {
  it('at CPL 0 loads IF, IOPL, AC and ID, and clears RF', () => {
    const cpu = machine(0, RF);
    const f = popf(cpu, IF | IOPL | AC | ID | CF | ZF | RF);
    expect(f).toBe(FIXED_ONE | IF | IOPL | AC | ID | CF | ZF);
    expect(cpu.gpr[RSP << 1]).toBe(STACK + 4);
  });

  it('above CPL 0 keeps IOPL, and keeps IF while CPL > IOPL', () => {
    const cpu = machine(3, 0);
    expect(popf(cpu, IF | IOPL | CF)).toBe(FIXED_ONE | CF);
    const trusted = machine(3, IOPL);
    expect(popf(trusted, IF | CF)).toBe(FIXED_ONE | IOPL | IF | CF);
  });

  it('ends the block when IF changes, and only then', () => {
    const cpu = machine(0, 0);
    popf(cpu, CF);
    expect(cpu.exitBlock).toBe(false);
    popf(cpu, IF);
    expect(cpu.exitBlock).toBe(true);
    popf(cpu, IF | ZF);
    expect(cpu.exitBlock).toBe(false);
  });

  it('with a 16-bit operand reaches only the low word and leaves RF, AC and ID alone', () => {
    const cpu = machine(0, RF | AC);
    expect(popf(cpu, 0xffff0000 | CF, false)).toBe(FIXED_ONE | RF | AC | CF);
    expect(cpu.gpr[RSP << 1]).toBe(STACK + 2);
  });
});

describe('pushf', () => {
  it('pushes the flags with RF clear', () => {
    const cpu = machine(0, RF | IF | CF);
    exec(cpu, [0x9c]);
    expect(cpu.gpr[RSP << 1]).toBe(STACK - 4);
    expect(cpu.view.getUint32(STACK - 4, true)).toBe(FIXED_ONE | IF | CF);
  });
});
