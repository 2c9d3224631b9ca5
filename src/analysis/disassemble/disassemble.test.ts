import { describe, expect, it } from 'vitest';
import { disassemble } from './disassemble.ts';

/** `nop; nop; jmp $-2` at 0x1000, then a page that cannot be read at 0x1004. */
const CODE = new Uint8Array([0x90, 0x90, 0xeb, 0xfe]);
const read = (a: bigint, n: number) =>
  a >= 0x1000n && a < 0x1004n
    ? CODE.slice(Number(a - 0x1000n), Number(a - 0x1000n) + n)
    : new Uint8Array(0);
const names = (a: bigint) =>
  a === 0x1000n
    ? 'start'
    : a > 0x1000n && a < 0x1004n
      ? `start+0x${(a - 0x1000n).toString(16)}`
      : '';

describe('disassemble', () => {
  it('lists_instructions_labels_and_branch_targets_with_symbols', () => {
    const lines = disassemble(read, 0x1000n, 3, 64, names, () => '');
    expect(lines.map((l) => `${l.label}|${l.mnemonic} ${l.operands}`)).toEqual([
      'start|nop ',
      '|nop ',
      '|jmp 1002 <start+0x2>',
    ]);
    expect(lines[2].target).toBe(0x1002n);
    expect([...lines[2].bytes]).toEqual([0xeb, 0xfe]);
  });

  it('stops_at_bytes_it_cannot_read_and_says_why', () => {
    const lines = disassemble(
      read,
      0x1000n,
      10,
      64,
      names,
      (a) => `0x${a.toString(16)} is not mapped`,
    );
    expect(lines).toHaveLength(4);
    expect(lines[3].unreadable).toBe('0x1004 is not mapped');
    expect(lines[3].mnemonic).toBe('');
  });

  it('stops_before_the_first_instruction_at_or_past_stop_at', () => {
    const lines = disassemble(read, 0x1000n, 10, 64, names, () => '', 0x1002n);
    expect(lines.map((l) => l.address)).toEqual([0x1000n, 0x1001n]);
  });
});
