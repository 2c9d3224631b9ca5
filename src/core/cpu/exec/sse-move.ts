import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { read32, read64, write32, write64 } from '../../mmu/access.ts';
import { ea, readE, readE64, writeE, writeE64 } from './operands.ts';
import { alignedEa, checkSse, read128, write128 } from './sse-operands.ts';

/**
 * SSE data movement. The packed forms move 128 bits (i.op = 1: the memory operand must be
 * 16-byte aligned); the scalar and half forms move 32 or 64 bits and differ in what happens
 * to the rest of the destination register, as noted on each.
 */

/** movaps/movapd/movdqa (op 1) and movups/movupd/movdqu (op 0): xmm <- xmm/m128. */
export function movVW(c: Cpu, i: Insn): void {
  checkSse(c);
  const x = c.xmm;
  const d = i.reg << 2;
  if (i.rm >= 0) {
    const s = i.rm << 2;
    x[d] = x[s];
    x[d + 1] = x[s + 1];
    x[d + 2] = x[s + 2];
    x[d + 3] = x[s + 3];
  } else {
    const lo = i.op === 1 ? alignedEa(c, i) : ea(c, i);
    read128(c, lo, c.tmp[1], x, d);
  }
}

/** The store forms, xmm/m128 <- xmm: aligned (op 1) for movaps/movapd/movdqa and the
 * non-temporal movntps/movntpd/movntdq (no cache is modelled, so they are plain stores). */
export function movWV(c: Cpu, i: Insn): void {
  checkSse(c);
  const x = c.xmm;
  const s = i.reg << 2;
  if (i.rm >= 0) {
    const d = i.rm << 2;
    x[d] = x[s];
    x[d + 1] = x[s + 1];
    x[d + 2] = x[s + 2];
    x[d + 3] = x[s + 3];
  } else {
    const lo = i.op === 1 ? alignedEa(c, i) : ea(c, i);
    write128(c, lo, c.tmp[1], x, s);
  }
}

/** movss (op 1) / movsd (op 2) xmm, xmm/m: between registers only the low element moves;
 * a load from memory zeroes the rest of the register. */
export function movScalarLoad(c: Cpu, i: Insn): void {
  checkSse(c);
  const x = c.xmm;
  const d = i.reg << 2;
  if (i.rm >= 0) {
    const s = i.rm << 2;
    x[d] = x[s];
    if (i.op === 2) x[d + 1] = x[s + 1];
    return;
  }
  const lo = ea(c, i);
  if (i.op === 1) {
    x[d] = read32(c, lo, c.tmp[1]);
    x[d + 1] = 0;
  } else {
    const v = read64(c, lo, c.tmp[1]);
    x[d] = v;
    x[d + 1] = c.tmp[0];
  }
  x[d + 2] = 0;
  x[d + 3] = 0;
}

/** movss (op 1) / movsd (op 2) xmm/m, xmm: a register destination keeps its upper elements. */
export function movScalarStore(c: Cpu, i: Insn): void {
  checkSse(c);
  const x = c.xmm;
  const s = i.reg << 2;
  if (i.rm >= 0) {
    const d = i.rm << 2;
    x[d] = x[s];
    if (i.op === 2) x[d + 1] = x[s + 1];
    return;
  }
  const lo = ea(c, i);
  if (i.op === 1) write32(c, lo, c.tmp[1], x[s]);
  else write64(c, lo, c.tmp[1], x[s], x[s + 1]);
}

/** F3 0F 7E movq xmm, xmm/m64: the low quadword, upper quadword zeroed. */
export function movqLoad(c: Cpu, i: Insn): void {
  checkSse(c);
  const x = c.xmm;
  let lo: number;
  let hi: number;
  if (i.rm >= 0) {
    lo = x[i.rm << 2];
    hi = x[(i.rm << 2) + 1];
  } else {
    const a = ea(c, i);
    lo = read64(c, a, c.tmp[1]);
    hi = c.tmp[0];
  }
  setQword(x, i.reg << 2, lo, hi);
}

/** 66 0F D6 movq xmm/m64, xmm: to a register the upper quadword is zeroed. */
export function movqStore(c: Cpu, i: Insn): void {
  checkSse(c);
  const x = c.xmm;
  const s = i.reg << 2;
  if (i.rm >= 0) setQword(x, i.rm << 2, x[s], x[s + 1]);
  else {
    const a = ea(c, i);
    write64(c, a, c.tmp[1], x[s], x[s + 1]);
  }
}

/** 66 0F 6E movd/movq xmm, r/m32/64 (REX.W for 64): zero-extended into the register. */
export function movdToX(c: Cpu, i: Insn): void {
  checkSse(c);
  let lo: number;
  let hi = 0;
  if (i.osize === 8) {
    lo = readE64(c, i);
    hi = c.tmp[0];
  } else lo = readE(c, i, 4);
  setQword(c.xmm, i.reg << 2, lo, hi);
}

/** 66 0F 7E movd/movq r/m32/64, xmm: the low dword or quadword (a 32-bit GPR write clears
 * bits 63:32 as usual). */
export function movdFromX(c: Cpu, i: Insn): void {
  checkSse(c);
  const x = c.xmm;
  const s = i.reg << 2;
  if (i.osize === 8) writeE64(c, i, x[s], x[s + 1]);
  else writeE(c, i, 4, x[s]);
}

/**
 * movlps/movlpd (op 0) and movhps/movhpd (op 1) xmm, m64: one quadword of the register from
 * memory, the other kept. The register forms (no prefix only) are movhlps (op 0: low <- the
 * source's high quadword) and movlhps (op 1: high <- the source's low quadword).
 */
export function movHalfLoad(c: Cpu, i: Insn): void {
  checkSse(c);
  const x = c.xmm;
  const d = (i.reg << 2) + (i.op << 1);
  if (i.rm >= 0) {
    const s = (i.rm << 2) + ((1 - i.op) << 1);
    x[d] = x[s];
    x[d + 1] = x[s + 1];
  } else {
    const a = ea(c, i);
    x[d] = read64(c, a, c.tmp[1]);
    x[d + 1] = c.tmp[0];
  }
}

/** movlps/movlpd (op 0) and movhps/movhpd (op 1) m64, xmm: memory forms only. */
export function movHalfStore(c: Cpu, i: Insn): void {
  checkSse(c);
  const x = c.xmm;
  const s = (i.reg << 2) + (i.op << 1);
  const a = ea(c, i);
  write64(c, a, c.tmp[1], x[s], x[s + 1]);
}

function setQword(x: Int32Array, k: number, lo: number, hi: number): void {
  x[k] = lo;
  x[k + 1] = hi;
  x[k + 2] = 0;
  x[k + 3] = 0;
}
