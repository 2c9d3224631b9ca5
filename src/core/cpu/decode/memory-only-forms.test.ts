import { describe, expect, it } from 'vitest';
import { UD } from '../fault.ts';
import { runBytes } from '../run-bytes.ts';

// Instructions whose operand must be in memory are #UD with a register operand (ModRM
// mod = 11), as the SDM's opcode tables mark them (M, Mp, My operands).
const zeroState = (gpr: bigint[] = []) => ({
  gpr: Array.from({ length: 16 }, (_, n) => gpr[n] ?? 0n),
  rflags: 0n,
});

const REGISTER_FORMS: [string, 64 | 32, number[]][] = [
  ['lea eax, <ecx>', 64, [0x8d, 0xc1]],
  ['lea eax, <ecx> (32-bit)', 32, [0x8d, 0xc1]],
  ['bound eax, <ecx>', 32, [0x62, 0xc1]],
  ['lss eax, <ecx>', 64, [0x0f, 0xb2, 0xc1]],
  ['lfs eax, <ecx>', 64, [0x0f, 0xb4, 0xc1]],
  ['lgs eax, <ecx>', 64, [0x0f, 0xb5, 0xc1]],
  ['call far <eax>', 64, [0xff, 0xd8]],
  ['jmp far <eax>', 64, [0xff, 0xe8]],
  ['cmpxchg8b <eax>', 64, [0x0f, 0xc7, 0xc8]],
  ['movnti <eax>, eax', 64, [0x0f, 0xc3, 0xc0]],
];

describe('memory-only instructions', () => {
  for (const [name, mode, code] of REGISTER_FORMS) {
    it(`${name}: a register operand raises #UD`, () => {
      const r = runBytes({ mode, code: Uint8Array.from(code), state: zeroState() });
      expect(r.exception?.vector).toBe(UD);
    });
  }

  it('lea with a memory operand computes the address', () => {
    const r = runBytes({
      mode: 64,
      code: Uint8Array.from([0x48, 0x8d, 0x41, 0x08]), // lea rax, [rcx + 8]
      state: zeroState([0n, 0x1000n]),
    });
    expect(r.exception).toBeNull();
    expect(r.state.gpr[0]).toBe(0x1008n);
  });
});
