import { describe, expect, it } from 'vitest';
import { runCode } from '../../../../tests/system/bare.ts';
import { decode } from '../decode/decoder.ts';
import type { Insn } from '../decode/insn.ts';
import { entry, F_END, F_MEMFORM_ONLY, F_O64, group, OpcodeMaps } from '../decode/opcode-table.ts';
import { nop } from '../exec/mov.ts';
import { UD } from '../fault.ts';
import { buildMaps, FALLBACKS } from '../opcodes.ts';
import { ANY_REG, MEM_FORM, setForm } from './system-regs.ts';

function decoded(maps: OpcodeMaps, bytes: number[], mode: 16 | 32 | 64 = 64): Insn {
  const buf = new Uint8Array(16);
  buf.set(bytes);
  return decode(maps, FALLBACKS, mode, buf, 0, 16)!;
}

const name = (maps: OpcodeMaps, bytes: number[]) => decoded(maps, bytes).entry.name;

describe('the system opcodes in the full maps', () => {
  const maps = buildMaps();

  it('splits 0F 01 by ModRM: memory forms by reg, register forms by rm', () => {
    expect(name(maps, [0x0f, 0x01, 0x38])).toBe('invlpg');
    expect(name(maps, [0x0f, 0x01, 0xf9])).toBe('rdtscp');
    expect(name(maps, [0x0f, 0x01, 0xca])).toBe('clac');
    expect(name(maps, [0x0f, 0x01, 0xcb])).toBe('stac');
    expect(name(maps, [0x0f, 0x01, 0x20])).toBe('smsw');
    expect(name(maps, [0x0f, 0x01, 0xe3])).toBe('smsw');
    expect(name(maps, [0x0f, 0x01, 0xf0])).toBe('lmsw');
  });

  it('adds the fences and clflush to 0F AE beside fxsave', () => {
    expect(name(maps, [0x0f, 0xae, 0xe8])).toBe('lfence');
    expect(name(maps, [0x0f, 0xae, 0xef])).toBe('lfence');
    expect(name(maps, [0x0f, 0xae, 0xf0])).toBe('mfence');
    expect(name(maps, [0x0f, 0xae, 0xf8])).toBe('sfence');
    expect(name(maps, [0x0f, 0xae, 0x38])).toBe('clflush');
    expect(name(maps, [0x0f, 0xae, 0x00])).toBe('fxsave');
  });

  it('ends the block after instructions that change paging or the mode', () => {
    const ends = (bytes: number[]) => (decoded(maps, bytes).entry.flags & F_END) !== 0;
    expect(ends([0x0f, 0x01, 0x38])).toBe(true); // invlpg
    expect(ends([0x0f, 0x22, 0xd8])).toBe(true); // mov cr3, rax
    expect(ends([0x0f, 0x30])).toBe(true); // wrmsr
    expect(ends([0x0f, 0x01, 0xf9])).toBe(false); // rdtscp
    expect(ends([0x0f, 0x20, 0xd8])).toBe(false); // mov rax, cr3
  });

  it('raises #UD for a form nothing defines (xgetbv: no XSAVE)', () => {
    const { fault } = runCode([0x0f, 0x01, 0xd0]);
    expect(fault?.vector).toBe(UD);
    expect(fault?.detail).toContain('0f 01 with ModRM d0');
  });

  it('treats prefetches and hint NOPs as no-ops that never fault', () => {
    // prefetchnta [0]; prefetchw [0] (page 0 is unmapped); nop on 0F 18 /4 with a register
    expect(runCode([0x0f, 0x18, 0x04, 0x25, 0, 0, 0, 0]).fault).toBeNull();
    expect(runCode([0x0f, 0x0d, 0x0c, 0x25, 0, 0, 0, 0]).fault).toBeNull();
    expect(runCode([0x0f, 0x18, 0xe0]).fault).toBeNull();
    expect(runCode([0x0f, 0x0d, 0xc8]).fault?.vector).toBe(UD);
  });
});

describe('setForm', () => {
  const plain = (n: string, flags = 0) => entry(n, 'M', nop, 0, flags);

  it('creates the group and keeps forms apart whatever the order', () => {
    for (const order of [0, 1]) {
      const m = new OpcodeMaps();
      const a = () => setForm(m, m.two, 0x01, 7, MEM_FORM, plain('invlpg'));
      const b = () => setForm(m, m.two, 0x01, 7, 0, entry('swapgs', '', nop));
      for (const define of order === 0 ? [a, b] : [b, a]) define();
      expect(name(m, [0x0f, 0x01, 0x38])).toBe('invlpg');
      expect(name(m, [0x0f, 0x01, 0xf8])).toBe('swapgs');
      expect(decoded(m, [0x0f, 0x01, 0xf9]).entry.flags & F_END).toBe(F_END);
    }
  });

  it('keeps the forms a plain entry already served and lets explicit forms replace the rest', () => {
    const m = new OpcodeMaps();
    m.set(m.two, 0xae, group('grp', 'M', [plain('any'), plain('memonly', F_MEMFORM_ONLY)]));
    setForm(m, m.two, 0xae, 0, 3, entry('reg3', '', nop));
    setForm(m, m.two, 0xae, 1, ANY_REG, entry('fence', '', nop));
    expect(name(m, [0x0f, 0xae, 0x00])).toBe('any');
    expect(name(m, [0x0f, 0xae, 0xc0])).toBe('any');
    expect(name(m, [0x0f, 0xae, 0xc3])).toBe('reg3');
    expect(name(m, [0x0f, 0xae, 0x08])).toBe('memonly');
    expect(name(m, [0x0f, 0xae, 0xcd])).toBe('fence');
  });

  it('refuses a form defined twice, a form with an immediate and a mode-restricted slot', () => {
    const m = new OpcodeMaps();
    setForm(m, m.two, 0x01, 7, 1, entry('rdtscp', '', nop));
    expect(() => setForm(m, m.two, 0x01, 7, ANY_REG, entry('x', '', nop))).toThrow(/twice/);
    expect(() => setForm(m, m.two, 0x01, 6, 1, entry('x', 'Ib', nop))).toThrow(/immediate/);
    m.set(m.two, 0xae, group('grp', 'M', [plain('o64', F_O64)]));
    expect(() => setForm(m, m.two, 0xae, 0, 1, entry('x', '', nop))).toThrow(/mode/);
  });
});
