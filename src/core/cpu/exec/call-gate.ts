import type { Cpu } from '../cpu.ts';
import { GP, NP, SS_VEC, TS } from '../fault.ts';
import { CS, RSP, SS, TR } from '../registers.ts';
import { addLinear, read16, read32 } from '../../mmu/access.ts';
import { EFER_LMA } from '../../mmu/paging-bits.ts';
import { sysRead, sysRead64, sysWrite, sysWrite64 } from '../../mmu/system-access.ts';
import { stackFromTss } from '../interrupts/protected-mode.ts';
import {
  baseOf,
  D_CODE,
  D_CONFORMING,
  D_DB,
  D_L,
  D_P,
  D_S,
  descriptorAddress,
  dplOf,
  hex,
  isCanonical,
  limitOf,
  loadCache,
  markAccessed,
  readDescriptor,
} from './descriptor-tables.ts';
import { commitCs, storeSlot } from './far-frame.ts';
import { raise } from './raise.ts';
import { loadNullStack } from './segment-load.ts';
import { adjustSp } from './stack.ts';

/**
 * Far CALL and JMP through a call gate (SDM Vol. 3A 5.8; CALL and JMP: Operation). The gate
 * names a code segment and an offset; a CALL to a non-conforming segment of a lower DPL
 * switches to that level's stack from the TSS and pushes the caller's SS:ESP, `count`
 * parameters copied from the caller's stack (32- and 16-bit gates) and CS:EIP. In IA-32e
 * mode the gate is 16 bytes, 64-bit only, its target 64-bit code, the inner SS null, every
 * slot 8 bytes and no parameters copied. All reads and checks come before any register
 * changes. The far RET back to the outer level is retFar's.
 */

/** Operands of the transfer, filled in by the checks (module scratch, cold path). */
const gate = { offLo: 0, offHi: 0, size: 4, count: 0, code: 0, codeLo: 0, codeHi: 0 };

/**
 * Reads the gate (lo, hi at linear `at`, `atHi`) and its code segment into `gate`, with the
 * checks of CALL and JMP in their order: gate DPL >= CPL and RPL, present; the code selector
 * non-null, in its table, a code segment with DPL <= CPL (JMP: = CPL unless conforming), 64-bit
 * in IA-32e mode, present; the offset within its limit (canonical in IA-32e mode).
 */
function readCallGate(
  c: Cpu,
  sel: number,
  lo: number,
  hi: number,
  at: number,
  atHi: number,
  jmp: boolean,
) {
  const long = (c.efer & EFER_LMA) !== 0;
  const what = `call gate 0x${hex(sel)}`;
  const dpl = dplOf(hi);
  if (dpl < c.cpl || dpl < (sel & 3))
    raise(c, GP, sel & 0xfffc, `${what}: DPL ${dpl} < CPL ${c.cpl} or RPL ${sel & 3}`);
  if ((hi & D_P) === 0) raise(c, NP, sel & 0xfffc, `${what}: not present`);
  gate.offLo = (lo & 0xffff) | (hi & 0xffff0000);
  gate.offHi = 0;
  gate.size = (hi & (8 << 8)) !== 0 ? 4 : 2;
  gate.count = hi & 0x1f;
  if (long) {
    const upper = addLinear(c, at, atHi, 8);
    const upperHi = c.tmp[1];
    gate.offHi = sysRead(c, upper, upperHi, 4);
    if ((sysRead(c, addLinear(c, upper, upperHi, 4), c.tmp[1], 4) & 0x1f00) !== 0)
      raise(c, GP, sel & 0xfffc, `${what}: upper half of the descriptor has a type`);
    gate.size = 8;
    gate.count = 0;
  } else if (gate.size === 2) gate.offLo &= 0xffff;
  const code = lo >>> 16;
  gate.code = code;
  if ((code & 0xfffc) === 0) raise(c, GP, 0, `${what}: null code selector`);
  const codeAt = descriptorAddress(c, code);
  if (codeAt === null) raise(c, GP, code & 0xfffc, `${what}: 0x${hex(code)} past its table`);
  const codeAtHi = c.tmp[1];
  gate.codeLo = readDescriptor(c, codeAt, codeAtHi);
  const codeHi = c.tmp[0];
  const codeDpl = dplOf(codeHi);
  if ((codeHi & (D_S | D_CODE)) !== (D_S | D_CODE) || codeDpl > c.cpl)
    raise(c, GP, code & 0xfffc, `${what}: 0x${hex(code)} is not code at DPL <= CPL ${c.cpl}`);
  if (jmp && (codeHi & D_CONFORMING) === 0 && codeDpl !== c.cpl)
    raise(c, GP, code & 0xfffc, `jmp through ${what} to DPL ${codeDpl} at CPL ${c.cpl}`);
  if (long && (codeHi & (D_L | D_DB)) !== D_L)
    raise(c, GP, code & 0xfffc, `${what}: 0x${hex(code)} is not 64-bit code`);
  if ((codeHi & D_P) === 0) raise(c, NP, code & 0xfffc, `${what}: 0x${hex(code)} not present`);
  gate.codeHi = markAccessed(c, codeAt, codeAtHi, codeHi);
  if (long) {
    if (!isCanonical(c, gate.offHi))
      raise(c, GP, 0, `${what}: target 0x${hex(gate.offHi, 8)}${hex(gate.offLo, 8)} not canonical`);
  } else if (gate.offLo >>> 0 > limitOf(gate.codeLo, codeHi) >>> 0)
    raise(c, GP, 0, `${what}: target 0x${hex(gate.offLo, 8)} past the CS limit`);
}

/** Stores a 2- or 4-byte slot at SS base + `sp` (a supervisor store, the stack's wrap). */
function putSlot(c: Cpu, base: number, sp: number, big: boolean, size: number, v: number) {
  sysWrite(c, (base + (big ? sp : sp & 0xffff)) | 0, 0, size as 2 | 4, v);
}

/** Stores the 8-byte `slot`th slot below the 64-bit stack top (spLo, spHi). */
function put64(c: Cpu, spLo: number, spHi: number, slot: number, vLo: number, vHi: number) {
  sysWrite64(c, addLinear(c, spLo, spHi, -8 * slot), c.tmp[1], vLo, vHi);
}

/** Reads the caller's stack slot `k` (parameter k, from ESP up) of `size` bytes. */
function callerParam(c: Cpu, k: number, size: number): number {
  const big = (c.segAttr[SS] & D_DB) !== 0;
  const sp = c.gpr[RSP << 1] + k * size;
  const a = (c.segBaseLo[SS] + (big ? sp : sp & 0xffff)) | 0;
  c.seg = SS;
  return size === 4 ? read32(c, a, 0) : read16(c, a, 0);
}

/** The 64-bit TSS's RSPn for a call gate to CPL `cpl`: lo returned, hi in c.tmp[0]. */
function rspFromTss(c: Cpu, cpl: number): number {
  const off = 4 + cpl * 8;
  if (off + 7 > c.segLimit[TR] >>> 0)
    raise(c, TS, c.segSel[TR] & 0xfffc, `TSS limit too small for RSP${cpl}`);
  const lo = sysRead64(c, addLinear(c, c.segBaseLo[TR], c.segBaseHi[TR], off), c.tmp[1]);
  if (!isCanonical(c, c.tmp[0])) raise(c, SS_VEC, 0, `TSS RSP${cpl} is not canonical`);
  return lo;
}

/** Scratch for the parameters a 32- or 16-bit gate copies (at most 31). */
const params = new Int32Array(32);

/**
 * CALL through a call gate to an inner level: new stack from the TSS, then the caller's
 * SS, ESP, parameters, CS and EIP pushed on it; `ret` is the return offset.
 */
function callInner(c: Cpu, newCpl: number, retLo: number, retHi: number): void {
  const size = gate.size;
  const g = c.interrupts.gate;
  let spLo: number;
  let spHi = 0;
  let base = 0;
  let big = true;
  if (size === 8) {
    spLo = rspFromTss(c, newCpl);
    spHi = c.tmp[0];
  } else {
    stackFromTss(c, newCpl, 0);
    spLo = g.sp;
    base = baseOf(g.ssLo, g.ssHi);
    big = (g.ssHi & D_DB) !== 0;
  }
  for (let k = 0; k < gate.count; k++) params[k] = callerParam(c, k, size);
  const slots = 4 + gate.count;
  if (size === 8) {
    put64(c, spLo, spHi, 1, c.segSel[SS] & 0xffff, 0);
    put64(c, spLo, spHi, 2, c.gpr[RSP << 1], c.mode === 64 ? c.gpr[(RSP << 1) + 1] : 0);
    put64(c, spLo, spHi, 3, c.segSel[CS] & 0xffff, 0);
    put64(c, spLo, spHi, 4, retLo, retHi);
  } else {
    putSlot(c, base, spLo - size, big, size, c.segSel[SS] & 0xffff);
    putSlot(c, base, spLo - 2 * size, big, size, c.gpr[RSP << 1]);
    for (let k = gate.count - 1, slot = 3; k >= 0; k--, slot++)
      putSlot(c, base, spLo - slot * size, big, size, params[k]);
    putSlot(c, base, spLo - (slots - 1) * size, big, size, c.segSel[CS] & 0xffff);
    putSlot(c, base, spLo - slots * size, big, size, retLo);
  }
  if (size === 8) loadNullStack(c, newCpl, newCpl);
  else loadCache(c, SS, g.ss, g.ssLo, g.ssHi);
  const newSp = size === 8 ? addLinear(c, spLo, spHi, -8 * slots) : spLo - slots * size;
  c.gpr[RSP << 1] = big ? newSp : (spLo & ~0xffff) | (newSp & 0xffff);
  c.gpr[(RSP << 1) + 1] = size === 8 ? c.tmp[1] : 0;
  commitCs(c, gate.code, gate.codeLo, gate.codeHi, newCpl);
}

/** Same-level CALL through a gate: CS and the return offset pushed in gate-size slots. */
function callSameLevel(c: Cpu, retLo: number, retHi: number): void {
  const size = gate.size;
  storeSlot(c, -size, size, c.segSel[CS] & 0xffff, 0);
  storeSlot(c, -2 * size, size, retLo, retHi);
  adjustSp(c, -2 * size);
  commitCs(c, gate.code, gate.codeLo, gate.codeHi, c.cpl);
}

/**
 * JMP or CALL far through the call gate `sel` (descriptor lo, hi at linear at, atHi).
 * JMP stays at CPL (conforming code: DPL <= CPL; else DPL = CPL); `retLo`, `retHi` is the
 * offset a CALL saves.
 */
export function throughCallGate(
  c: Cpu,
  sel: number,
  lo: number,
  hi: number,
  at: number,
  atHi: number,
  call: boolean,
  retLo: number,
  retHi: number,
): void {
  readCallGate(c, sel, lo, hi, at, atHi, !call);
  const codeDpl = dplOf(gate.codeHi);
  const conforming = (gate.codeHi & D_CONFORMING) !== 0;
  if (!call) commitCs(c, gate.code, gate.codeLo, gate.codeHi, c.cpl);
  else if (!conforming && codeDpl < c.cpl) callInner(c, codeDpl, retLo, retHi);
  else callSameLevel(c, retLo, retHi);
  c.rip[0] = gate.offLo;
  c.rip[1] = gate.offHi;
}
