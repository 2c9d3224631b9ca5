// One instruction from its parts: legacy prefixes, REX, opcode, ModRM/SIB/displacement,
// immediate, in that order.
import type { Width } from '../values.ts';
import { encodeModRm } from './modrm.ts';
import type { Imm, Mem, Reg } from './operands.ts';
import { needsRex, regCode } from './operands.ts';

export interface InstrSpec {
  /** Legacy prefix bytes exactly as given (lock, rep, segment, extra 66/67 ...). */
  prefixes?: readonly number[];
  /** 16 adds a 66 prefix after `prefixes`, 64 sets REX.W; 8 and 32 add nothing. */
  opsize?: Width;
  /** A mandatory prefix that is part of the opcode (F3 for TZCNT), emitted last before REX. */
  mandatory?: number;
  opcode: readonly number[];
  /** ModRM.reg: a register operand or an opcode extension (/digit). */
  reg?: Reg | number;
  rm?: Reg | Mem;
  /** A register in the opcode's low three bits (BSWAP, XCHG rAX, PUSH ...). */
  opreg?: Reg;
  imm?: Imm;
  /** REX bits forced on top of the computed ones (0x40 alone gives an empty REX). */
  rex?: number;
}

const REX_W = 0x08;
const REX_R = 0x04;
const REX_X = 0x02;
const REX_B = 0x01;

function immBytes(i: Imm): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(i.size * 8, i.value);
  for (let k = 0; k < i.size; k++, v >>= 8n) out.push(Number(v & 0xffn));
  return out;
}

function registers(spec: InstrSpec): Reg[] {
  const regs: Reg[] = [];
  if (typeof spec.reg === 'object') regs.push(spec.reg);
  if (spec.rm?.kind === 'reg') regs.push(spec.rm);
  if (spec.opreg) regs.push(spec.opreg);
  return regs;
}

export function encode(spec: InstrSpec): Uint8Array {
  const out: number[] = [...(spec.prefixes ?? [])];
  if (spec.opsize === 16) out.push(0x66);
  if (spec.rm?.kind === 'mem' && spec.rm.addr32) out.push(0x67);
  if (spec.mandatory !== undefined) out.push(spec.mandatory);

  let rex = spec.rex ?? 0;
  if (spec.opsize === 64) rex |= REX_W;
  const regs = registers(spec);
  if (regs.some(needsRex)) rex |= 0x40;
  let body: number[] = [];
  if (spec.rm) {
    const field = typeof spec.reg === 'object' ? regCode(spec.reg) : (spec.reg ?? 0);
    if (field >= 8) rex |= REX_R;
    const m = encodeModRm(field, spec.rm);
    if (m.rexX) rex |= REX_X;
    if (m.rexB) rex |= REX_B;
    body = m.bytes;
  }
  const opcode = [...spec.opcode];
  if (spec.opreg) {
    const code = regCode(spec.opreg);
    if (code >= 8) rex |= REX_B;
    opcode[opcode.length - 1]! |= code & 7;
  }
  if (rex !== 0) {
    if (regs.some((r) => r.high)) throw new Error('AH..BH cannot be encoded with a REX prefix');
    out.push(0x40 | rex);
  }
  out.push(...opcode, ...body);
  if (spec.imm) out.push(...immBytes(spec.imm));
  return Uint8Array.from(out);
}
