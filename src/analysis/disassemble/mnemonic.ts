import { PFX_OPSIZE, PFX_REP, PFX_REXW } from '../../core/cpu/decode/insn.ts';
import type { Insn } from '../../core/cpu/decode/insn.ts';

/** Mnemonics the SDM spells differently for each operand size: [16, 32, 64]. */
const BY_SIZE: Record<string, [string, string, string]> = {
  cwde: ['cbw', 'cwde', 'cdqe'],
  cdq: ['cwd', 'cdq', 'cqo'],
  iret: ['iretw', 'iret', 'iretq'],
  cmpxchg8b: ['cmpxchg8b', 'cmpxchg8b', 'cmpxchg16b'],
};

/** Stack operations objdump marks `w` when 66 makes them 16-bit in 64-bit mode. */
const WORD_SUFFIXED = new Set(['push', 'pop', 'pushf', 'popf', 'ret', 'enter', 'leave']);

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
    case 'fxsave':
    case 'fxrstor':
      // REX.W saves the 64-bit instruction and operand pointers.
      return { name: i.prefixes & PFX_REXW ? `${e.name}64` : e.name };
    case 'sysret':
      // Only REX.W selects the 64-bit return; 66 changes nothing.
      return { name: i.osize === 8 ? 'sysretq' : 'sysretd' };
    case 'call far':
      return { name: 'call' };
    case 'jmp far':
      return { name: 'jmp' };
    case 'retf':
      return { name: i.osize === 8 ? 'retfq' : i.osize === 2 ? 'retfw' : 'retf' };
    case 'movlps':
    case 'movhps':
      // The register forms are other instructions: high to low and low to high halves.
      if (i.rm < 0) return { name: e.name };
      return { name: e.name === 'movlps' ? 'movhlps' : 'movlhps' };
    case 'prefetchnta':
    case 'prefetcht0':
    case 'prefetcht1':
    case 'prefetcht2':
      // 0F 18 with a register operand is a hint-space nop.
      return { name: i.rm < 0 ? e.name : 'nop' };
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
  // With 66 in 64-bit mode, a stack operation whose operands do not show the size says it.
  if (mode === 64 && i.osize === 2 && WORD_SUFFIXED.has(e.name)) {
    const showsSize = e.operands !== '' && !e.operands.startsWith('I');
    if (!showsSize) return { name: `${e.name}w` };
  }
  return { name: e.name };
}
