import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import type { Handler } from '../decode/insn.ts';
import { isCarry, isZero, K_DEC, K_INC, setCc, setCc64, SZ32 } from '../lazy-flags.ts';
import { CC_AUX } from '../state.ts';
import { read32, read64, write32, write64 } from '../../mmu/access.ts';
import { ALU_CMP, alu, alu64 } from './alu.ts';
import { ea } from './operands.ts';

/**
 * Specialised handlers for the forms that dominate compiled code: 32- and 64-bit register
 * and immediate ALU operations, register inc/dec, 32/64-bit loads and stores, and jz/jnz.
 * Each does exactly what the generic handler does for its form, with the operand-size and
 * register-or-memory branches resolved at decode time.
 */

/** op r64, r64 (01-39 /r with mod 3, REX.W). */
function aluRR64(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const d = i.rm << 1;
  const s = i.reg << 1;
  const r = alu64(c, i.op, g[d], g[d + 1], g[s], g[s + 1]);
  if (i.op !== ALU_CMP) {
    g[d] = r;
    g[d + 1] = c.tmp[0];
  }
}

/** op r64, r64 in the Gv,Ev direction (03-3B /r with mod 3, REX.W). */
function aluRR64Rev(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const d = i.reg << 1;
  const s = i.rm << 1;
  const r = alu64(c, i.op, g[d], g[d + 1], g[s], g[s + 1]);
  if (i.op !== ALU_CMP) {
    g[d] = r;
    g[d + 1] = c.tmp[0];
  }
}

function aluRR32(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const r = alu(c, i.op, 4, g[i.rm << 1], g[i.reg << 1]);
  if (i.op !== ALU_CMP) {
    g[i.rm << 1] = r;
    g[(i.rm << 1) + 1] = 0;
  }
}

function aluRR32Rev(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const r = alu(c, i.op, 4, g[i.reg << 1], g[i.rm << 1]);
  if (i.op !== ALU_CMP) {
    g[i.reg << 1] = r;
    g[(i.reg << 1) + 1] = 0;
  }
}

/** op r64, imm (81/83 with mod 3, and the rAX,Iz forms). */
function aluRI64(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const d = i.rm << 1;
  const r = alu64(c, i.op, g[d], g[d + 1], i.imm, i.immHi);
  if (i.op !== ALU_CMP) {
    g[d] = r;
    g[d + 1] = c.tmp[0];
  }
}

function aluRI32(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const r = alu(c, i.op, 4, g[i.rm << 1], i.imm);
  if (i.op !== ALU_CMP) {
    g[i.rm << 1] = r;
    g[(i.rm << 1) + 1] = 0;
  }
}

/** op r64, [mem] (03-3B /r with a memory source, REX.W). */
function aluRM64(c: Cpu, i: Insn): void {
  const lo = ea(c, i);
  const bLo = read64(c, lo, c.tmp[1]);
  const bHi = c.tmp[0];
  const g = c.gpr;
  const d = i.reg << 1;
  const r = alu64(c, i.op, g[d], g[d + 1], bLo, bHi);
  if (i.op !== ALU_CMP) {
    g[d] = r;
    g[d + 1] = c.tmp[0];
  }
}

/** ALU Ev,Gv / Gv,Ev / Ev,I: the specialised form for the decoded operands, if any. */
export function pickAlu(direction: 'EG' | 'GE' | 'EI'): (i: Insn) => Handler | undefined {
  return (i) => {
    if (i.osize !== 8 && i.osize !== 4) return undefined;
    const wide = i.osize === 8;
    if (i.rm < 0) return direction === 'GE' && wide ? aluRM64 : undefined;
    if (direction === 'EI') return wide ? aluRI64 : aluRI32;
    if (direction === 'EG') return wide ? aluRR64 : aluRR32;
    return wide ? aluRR64Rev : aluRR32Rev;
  };
}

/** inc/dec r64 and r32. */
function incDecR64(c: Cpu, i: Insn): void {
  const cf = isCarry(c) ? 1 : 0;
  const g = c.gpr;
  const k = i.rm << 1;
  const lo = g[k];
  const hi = g[k + 1];
  let rLo: number;
  let rHi: number;
  if (i.op === 0) {
    rLo = (lo + 1) | 0;
    rHi = rLo === 0 ? (hi + 1) | 0 : hi;
  } else {
    rLo = (lo - 1) | 0;
    rHi = lo === 0 ? (hi - 1) | 0 : hi;
  }
  g[k] = rLo;
  g[k + 1] = rHi;
  setCc64(c, i.op === 0 ? K_INC : K_DEC, lo, hi, 1, 0, rLo, rHi);
  c.cc[CC_AUX] = cf;
}

function incDecR32(c: Cpu, i: Insn): void {
  const cf = isCarry(c) ? 1 : 0;
  const g = c.gpr;
  const k = i.rm << 1;
  const a = g[k];
  const r = i.op === 0 ? (a + 1) | 0 : (a - 1) | 0;
  g[k] = r;
  g[k + 1] = 0;
  setCc(c, ((i.op === 0 ? K_INC : K_DEC) << 2) | SZ32, a, 1, r);
  c.cc[CC_AUX] = cf;
}

export function pickIncDec(i: Insn): Handler | undefined {
  if (i.rm < 0) return undefined;
  return i.osize === 8 ? incDecR64 : i.osize === 4 ? incDecR32 : undefined;
}

/** mov r64, r64 / r32, r32 (89/8B with mod 3). */
function movRR64(c: Cpu, i: Insn): void {
  const g = c.gpr;
  g[i.rm << 1] = g[i.reg << 1];
  g[(i.rm << 1) + 1] = g[(i.reg << 1) + 1];
}

function movRR64Rev(c: Cpu, i: Insn): void {
  const g = c.gpr;
  g[i.reg << 1] = g[i.rm << 1];
  g[(i.reg << 1) + 1] = g[(i.rm << 1) + 1];
}

function movLoad64(c: Cpu, i: Insn): void {
  const lo = ea(c, i);
  const v = read64(c, lo, c.tmp[1]);
  c.gpr[i.reg << 1] = v;
  c.gpr[(i.reg << 1) + 1] = c.tmp[0];
}

function movStore64(c: Cpu, i: Insn): void {
  const lo = ea(c, i);
  write64(c, lo, c.tmp[1], c.gpr[i.reg << 1], c.gpr[(i.reg << 1) + 1]);
}

function movLoad32(c: Cpu, i: Insn): void {
  const lo = ea(c, i);
  c.gpr[i.reg << 1] = read32(c, lo, c.tmp[1]);
  c.gpr[(i.reg << 1) + 1] = 0;
}

function movStore32(c: Cpu, i: Insn): void {
  const lo = ea(c, i);
  write32(c, lo, c.tmp[1], c.gpr[i.reg << 1]);
}

/** mov Ev,Gv (store direction) and Gv,Ev (load direction). */
export function pickMov(direction: 'EG' | 'GE'): (i: Insn) => Handler | undefined {
  return (i) => {
    if (i.osize === 8) {
      if (i.rm >= 0) return direction === 'EG' ? movRR64 : movRR64Rev;
      return direction === 'EG' ? movStore64 : movLoad64;
    }
    if (i.osize === 4 && i.rm < 0) return direction === 'EG' ? movStore32 : movLoad32;
    return undefined;
  };
}

/** jz/jnz: the most common conditions, tested without the condition switch. */
function jz(c: Cpu, i: Insn): void {
  if (isZero(c)) c.ripToOffset(i.start + i.len + i.imm, i.osize);
  else c.ripAfter(i);
}

function jnz(c: Cpu, i: Insn): void {
  if (!isZero(c)) c.ripToOffset(i.start + i.len + i.imm, i.osize);
  else c.ripAfter(i);
}

export function pickJcc(i: Insn): Handler | undefined {
  return i.op === 4 ? jz : i.op === 5 ? jnz : undefined;
}
