import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { GP, UD } from '../fault.ts';
import { raise } from './raise.ts';

/** An encoding with no instruction behind it (or one pagescope does not implement): #UD,
 * with the opcode named so the user can be told which. */
export function invalidOpcode(c: Cpu, i: Insn): never {
  const map = i.imm2 === 1 ? '' : i.imm2 === 2 ? '0f ' : '0f 3x ';
  const op = (i.imm & 0xff).toString(16).padStart(2, '0');
  raise(c, UD, 0, `invalid or unimplemented opcode ${map}${op}`);
}

/** ud2 (0F 0B): the architecturally undefined instruction. */
export function ud2(c: Cpu): never {
  raise(c, UD, 0, 'ud2');
}

/** More than 15 bytes of prefixes and opcode: #GP(0). */
export function tooLong(c: Cpu): never {
  raise(c, GP, 0, 'instruction longer than 15 bytes');
}
