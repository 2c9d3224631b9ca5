import { PFX_OPSIZE, PFX_REP } from '../../core/cpu/decode/insn.ts';
import type { Insn } from '../../core/cpu/decode/insn.ts';

/** Mnemonics the SDM spells differently for each operand size: [16, 32, 64]. */
const BY_SIZE: Record<string, [string, string, string]> = {
  cwde: ['cbw', 'cwde', 'cdqe'],
  cdq: ['cwd', 'cdq', 'cqo'],
  iret: ['iretw', 'iret', 'iretq'],
  sysret: ['sysretw', 'sysretd', 'sysretq'],
  cmpxchg8b: ['cmpxchg8b', 'cmpxchg8b', 'cmpxchg16b'],
};

const sizeIndex = (osize: number) => (osize === 2 ? 0 : osize === 4 ? 1 : 2);

/**
 * The mnemonic of a decoded instruction where the opcode table's name covers several: the
 * size forms (cwde/cdqe), movabs for a 64-bit immediate or absolute address, `jmp`/`call`
 * for the far forms, `nop`/`pause`/`xchg` of opcode 0x90. `operands` replaces the operand
 * list where the form has none of its own (a bare `nop`).
 */
export function mnemonic(i: Insn, mode: 16 | 32 | 64): { name: string; operands?: string[] } {
  const e = i.entry;
  const byOsize = BY_SIZE[e.name];
  if (byOsize) return { name: byOsize[sizeIndex(i.osize)] };
  switch (e.name) {
    case 'call far':
      return { name: 'call' };
    case 'jmp far':
      return { name: 'jmp' };
    case 'retf':
      return { name: i.osize === 8 ? 'retfq' : 'retf' };
    case 'jrcxz':
      return { name: i.asize === 8 ? 'jrcxz' : i.asize === 4 ? 'jecxz' : 'jcxz' };
    case 'movd':
      return { name: i.osize === 8 ? 'movq' : 'movd' };
    case 'mov':
      // B8+r with REX.W takes a 64-bit immediate; A0-A3 a full-width absolute address.
      if (mode === 64 && (e.operands === 'Zv,Iv' ? i.osize === 8 : e.operands.includes('O')))
        return { name: 'movabs' };
      return { name: 'mov' };
    case 'nop':
      if (e.operands !== 'Zv,rAX') return { name: 'nop' };
      // 0x90 is xchg eax,eax: a nop unless REX.B or 66 makes it a real exchange.
      if (i.reg === 0 && (i.prefixes & PFX_OPSIZE) === 0)
        return { name: i.prefixes & PFX_REP ? 'pause' : 'nop', operands: [] };
      return { name: 'xchg' };
  }
  return { name: e.name };
}
