import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { PFX_REP, PFX_REPNE } from '../decode/insn.ts';
import { DF } from '../flags.ts';
import { isZero } from '../lazy-flags.ts';
import { ES, RAX, RBX, RCX, RDI, RSI } from '../registers.ts';
import { addLinear, read64, translate, write64 } from '../../mmu/access.ts';
import { ACC_READ, ACC_WRITE } from '../../mmu/paging-bits.ts';
import { T_RAM, T_RAM_W, tlbIndex } from '../../mmu/tlb.ts';
import { TWO32 } from '../../pair.ts';
import { ALU_CMP, alu, alu64 } from './alu.ts';
import { getReg, linear, readMem, setReg, writeMem } from './operands.ts';

/**
 * String instructions (movs stos lods cmps scas; ins/outs reuse the helpers) and xlat.
 * The address size picks RSI/RDI/RCX, ESI/EDI/ECX (written as 32-bit registers, so the high
 * halves clear) or SI/DI/CX. The source segment takes overrides; the destination is ES.
 *
 * A rep instruction commits RSI, RDI and RCX after every element (or every bulk run of
 * elements), so a fault leaves them describing the progress and the instruction restarts
 * from there. Each call does at most REP_CHUNK elements, then leaves RIP at the instruction
 * and ends the block, so interrupts can be taken between chunks as on hardware. Every
 * string opcode is F_END because any of them may carry rep and stop with RIP unchanged.
 *
 * Each rep loop sits in a function of its own that ends in a bare return: V8 compiles a long
 * loop on the stack (OSR) and keeps that code for later calls, and code after the loop that
 * had not run yet would then deoptimize on every call.
 */

/** Elements a rep instruction runs per call. */
export const REP_CHUNK = 0x10000;

export function isRep(i: Insn): boolean {
  return (i.prefixes & (PFX_REP | PFX_REPNE)) !== 0;
}

/** The element stride: DF makes the index registers count down. */
export function stride(c: Cpu, size: number): number {
  return (c.flags & DF) !== 0 ? -size : size;
}

/** Adds `delta` to an index or count register at the address size. */
export function addIndex(c: Cpu, r: number, asize: number, delta: number): void {
  const g = c.gpr;
  const k = r << 1;
  if (asize === 8) {
    g[k] = addLinear(c, g[k], g[k + 1], delta);
    g[k + 1] = c.tmp[1];
  } else if (asize === 4) {
    g[k] = (g[k] + delta) | 0;
    g[k + 1] = 0;
  } else g[k] = (g[k] & ~0xffff) | ((g[k] + delta) & 0xffff);
}

/** The linear address of the element RSI or RDI points at: lo returned, hi in c.tmp[1]. */
export function stringAddress(c: Cpu, seg: number, r: number, asize: number): number {
  const g = c.gpr;
  const k = r << 1;
  if (asize === 8) return linear(c, seg, g[k], g[k + 1]);
  return linear(c, seg, asize === 4 ? g[k] : g[k] & 0xffff, 0);
}

export function countIsZero(g: Int32Array, asize: number): boolean {
  const k = RCX << 1;
  if (asize === 8) return (g[k] | g[k + 1]) === 0;
  return (asize === 4 ? g[k] : g[k] & 0xffff) === 0;
}

/** How many elements this call may run: the count, capped at REP_CHUNK. */
export function repBudget(g: Int32Array, asize: number): number {
  const k = RCX << 1;
  if (asize === 8 && g[k + 1] !== 0) return REP_CHUNK;
  return Math.min(asize === 2 ? g[k] & 0xffff : g[k] >>> 0, REP_CHUNK);
}

/**
 * Ends a rep call: RIP moves on when the count ran out (or a compare ended the loop);
 * otherwise it stays at the instruction, which runs again once the block has ended (as the
 * instruction is F_END, its block ends there; exitBlock says so to any run loop).
 */
export function endRep(c: Cpu, i: Insn, finished: boolean): void {
  if (finished) {
    c.ripAfter(i);
    return;
  }
  c.rip[0] = addLinear(c, c.blockRip[0], c.blockRip[1], i.start);
  c.rip[1] = c.tmp[1];
  c.endBlock();
}

/** A4/A5: movs. */
export function movs(c: Cpu, i: Insn): void {
  if (!isRep(i)) {
    movsOne(c, i);
    c.ripAfter(i);
    return;
  }
  movsRep(c, i);
  endRep(c, i, countIsZero(c.gpr, i.asize));
}

function movsRep(c: Cpu, i: Insn): void {
  for (let n = repBudget(c.gpr, i.asize); n > 0;) {
    const k = movsBulk(c, i, n);
    if (k === 0) {
      movsOne(c, i);
      addIndex(c, RCX, i.asize, -1);
      n--;
    } else n -= k;
  }
}

function movsOne(c: Cpu, i: Insn): void {
  const size = i.osize;
  const sLo = stringAddress(c, i.seg, RSI, i.asize);
  if (size === 8) {
    const lo = read64(c, sLo, c.tmp[1]);
    const hi = c.tmp[0];
    const dLo = stringAddress(c, ES, RDI, i.asize);
    write64(c, dLo, c.tmp[1], lo, hi);
  } else {
    const v = readMem(c, sLo, c.tmp[1], size);
    const dLo = stringAddress(c, ES, RDI, i.asize);
    writeMem(c, dLo, c.tmp[1], size, v);
  }
  const step = stride(c, size);
  addIndex(c, RSI, i.asize, step);
  addIndex(c, RDI, i.asize, step);
}

/**
 * Copies as many of the next `n` elements as stay inside one page on both sides, when both
 * are plain RAM; commits the registers and returns how many, or 0 to take one element the
 * ordinary way (page-crossing element, MMIO, a destination holding decoded code).
 */
function movsBulk(c: Cpu, i: Insn, n: number): number {
  const e = i.osize;
  const asize = i.asize;
  const down = (c.flags & DF) !== 0;
  const g = c.gpr;
  const sLo = stringAddress(c, i.seg, RSI, asize);
  const sHi = c.tmp[1];
  const dLo = stringAddress(c, ES, RDI, asize);
  const dHi = c.tmp[1];
  const k = Math.min(
    n,
    elementsInPage(sLo, indexOffset(g, RSI, asize), asize, e, down),
    elementsInPage(dLo, indexOffset(g, RDI, asize), asize, e, down),
  );
  if (k < 2) return 0;
  c.seg = i.seg;
  const ps = bulkPhys(c, sLo, sHi, false);
  if (ps < 0) return 0;
  c.seg = ES;
  const pd = bulkPhys(c, dLo, dHi, true);
  if (pd < 0) return 0;
  copyElements(c, ps, pd, k, e, down);
  const step = down ? -k * e : k * e;
  addIndex(c, RSI, asize, step);
  addIndex(c, RDI, asize, step);
  addIndex(c, RCX, asize, -k);
  return k;
}

/** The index register as an unsigned offset (16- and 32-bit address sizes only). */
function indexOffset(g: Int32Array, r: number, asize: number): number {
  return asize === 2 ? g[r << 1] & 0xffff : g[r << 1] >>> 0;
}

/**
 * Elements of `e` bytes from linear address `lin` onwards (downwards with DF) that stay in
 * its 4 KiB page and, for 16- and 32-bit address sizes, before the index register wraps
 * (the segment base need not be page-aligned, so that wrap can fall mid-page).
 */
function elementsInPage(lin: number, off: number, asize: number, e: number, down: boolean) {
  const inPage = lin & 0xfff;
  if (inPage + e > 4096) return 0;
  let bytes = down ? inPage + e : 4096 - inPage;
  if (asize !== 8) {
    const span = asize === 4 ? TWO32 : 0x10000;
    if (off + e > span) return 0;
    bytes = Math.min(bytes, down ? off + e : span - off);
  }
  return (bytes / e) | 0;
}

/**
 * Where the byte behind a linear address sits in the RAM buffer (PhysicalMemory.offsetOf),
 * translating (and faulting) as the access would; -1 when the frame is not plain RAM, or for writes holds
 * decoded code. The rights test is the TLB fast path's, as in mmu/access.ts.
 */
function bulkPhys(c: Cpu, lo: number, hi: number, write: boolean): number {
  const t = c.tlb;
  const x = tlbIndex(lo, hi);
  const need = write ? c.needW : c.needR;
  const rights = need & ~(T_RAM | T_RAM_W);
  const hit = t.tagLo[x] === (lo & ~0xfff) && t.tagHi[x] === hi && (t.perm[x] & rights) === rights;
  if (!hit) translate(c, lo, hi, write ? ACC_WRITE : ACC_READ);
  if ((t.perm[x] & need) !== need) return -1;
  return (t.ramOffset[x] >>> 0) + (lo & 0xfff);
}

/**
 * movs of k elements between physical addresses of the first elements. movs moves one
 * element after another: when the destination runs into source bytes not yet read, the
 * copy repeats a pattern, which copyWithin (a memmove) would not, so that case goes
 * element by element.
 */
function copyElements(c: Cpu, ps: number, pd: number, k: number, e: number, down: boolean) {
  const bytes = k * e;
  const s = down ? ps - bytes + e : ps;
  const d = down ? pd - bytes + e : pd;
  const clobbers = down ? d < s && s < d + bytes : s < d && d < s + bytes;
  if (!clobbers) {
    c.ram.copyWithin(d, s, s + bytes);
    return;
  }
  const step = down ? -e : e;
  const v = c.view;
  for (let j = 0, from = ps, to = pd; j < k; j++, from += step, to += step) {
    if (e === 1) c.ram[to] = c.ram[from];
    else if (e === 2) v.setUint16(to, v.getUint16(from, true), true);
    else if (e === 4) v.setInt32(to, v.getInt32(from, true), true);
    else {
      const lo = v.getInt32(from, true);
      const hi = v.getInt32(from + 4, true);
      v.setInt32(to, lo, true);
      v.setInt32(to + 4, hi, true);
    }
  }
}

/** AA/AB: stos. */
export function stos(c: Cpu, i: Insn): void {
  if (!isRep(i)) {
    stosOne(c, i);
    c.ripAfter(i);
    return;
  }
  stosRep(c, i);
  endRep(c, i, countIsZero(c.gpr, i.asize));
}

function stosRep(c: Cpu, i: Insn): void {
  for (let n = repBudget(c.gpr, i.asize); n > 0;) {
    const k = stosBulk(c, i, n);
    if (k === 0) {
      stosOne(c, i);
      addIndex(c, RCX, i.asize, -1);
      n--;
    } else n -= k;
  }
}

function stosOne(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const size = i.osize;
  const lo = stringAddress(c, ES, RDI, i.asize);
  if (size === 8) write64(c, lo, c.tmp[1], g[RAX << 1], g[(RAX << 1) + 1]);
  else writeMem(c, lo, c.tmp[1], size, getReg(g, RAX, size));
  addIndex(c, RDI, i.asize, stride(c, size));
}

/** stos's bulk path: fills what stays in the destination page (see movsBulk). */
function stosBulk(c: Cpu, i: Insn, n: number): number {
  const e = i.osize;
  const asize = i.asize;
  const down = (c.flags & DF) !== 0;
  const dLo = stringAddress(c, ES, RDI, asize);
  const dHi = c.tmp[1];
  const k = Math.min(n, elementsInPage(dLo, indexOffset(c.gpr, RDI, asize), asize, e, down));
  if (k < 2) return 0;
  const pd = bulkPhys(c, dLo, dHi, true);
  if (pd < 0) return 0;
  fillElements(c, down ? pd - (k - 1) * e : pd, k * e, e);
  addIndex(c, RDI, asize, down ? -k * e : k * e);
  addIndex(c, RCX, asize, -k);
  return k;
}

/** Stores rAX's low `e` bytes at physical d, then doubles the filled run to cover `bytes`. */
function fillElements(c: Cpu, d: number, bytes: number, e: number): void {
  const g = c.gpr;
  const v = c.view;
  if (e === 1) {
    c.ram.fill(g[RAX << 1] & 0xff, d, d + bytes);
    return;
  }
  if (e === 2) v.setUint16(d, g[RAX << 1] & 0xffff, true);
  else {
    v.setInt32(d, g[RAX << 1], true);
    if (e === 8) v.setInt32(d + 4, g[(RAX << 1) + 1], true);
  }
  for (let filled = e; filled < bytes;) {
    const m = Math.min(filled, bytes - filled);
    c.ram.copyWithin(d + filled, d, d + m);
    filled += m;
  }
}

/** AC/AD: lods. With rep, every element is read (each may fault); rAX keeps the last. */
export function lods(c: Cpu, i: Insn): void {
  if (!isRep(i)) {
    lodsOne(c, i);
    c.ripAfter(i);
    return;
  }
  lodsRep(c, i);
  endRep(c, i, countIsZero(c.gpr, i.asize));
}

function lodsRep(c: Cpu, i: Insn): void {
  for (let n = repBudget(c.gpr, i.asize); n > 0; n--) {
    lodsOne(c, i);
    addIndex(c, RCX, i.asize, -1);
  }
}

function lodsOne(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const size = i.osize;
  const lo = stringAddress(c, i.seg, RSI, i.asize);
  if (size === 8) {
    g[RAX << 1] = read64(c, lo, c.tmp[1]);
    g[(RAX << 1) + 1] = c.tmp[0];
  } else setReg(g, RAX, size, readMem(c, lo, c.tmp[1], size));
  addIndex(c, RSI, i.asize, stride(c, size));
}

/** A6/A7: cmps: compares [rSI] with ES:[rDI] (source minus destination). */
export function cmps(c: Cpu, i: Insn): void {
  if (!isRep(i)) {
    cmpsOne(c, i);
    c.ripAfter(i);
    return;
  }
  const stopped = cmpsRep(c, i);
  endRep(c, i, stopped || countIsZero(c.gpr, i.asize));
}

/** Returns true when the compare ended the loop (repe: a difference; repne: a match). */
function cmpsRep(c: Cpu, i: Insn): boolean {
  const whileEqual = (i.prefixes & PFX_REP) !== 0;
  for (let n = repBudget(c.gpr, i.asize); n > 0;) {
    let k = cmpsBulk(c, i, n, whileEqual);
    if (k === 0) {
      cmpsOne(c, i);
      addIndex(c, RCX, i.asize, -1);
      k = 1;
    }
    n -= k;
    if (isZero(c) !== whileEqual) return true;
  }
  return false;
}

/**
 * cmps's bulk path: compares, straight from RAM, the elements that stay in both pages, up
 * to the first one that ends the loop; only that last compare's flags survive, so only it
 * goes through the ALU. Commits the registers; returns how many, or 0 as movsBulk does.
 */
function cmpsBulk(c: Cpu, i: Insn, n: number, whileEqual: boolean): number {
  const e = i.osize;
  const asize = i.asize;
  const down = (c.flags & DF) !== 0;
  const g = c.gpr;
  const sLo = stringAddress(c, i.seg, RSI, asize);
  const sHi = c.tmp[1];
  const dLo = stringAddress(c, ES, RDI, asize);
  const dHi = c.tmp[1];
  const k = Math.min(
    n,
    elementsInPage(sLo, indexOffset(g, RSI, asize), asize, e, down),
    elementsInPage(dLo, indexOffset(g, RDI, asize), asize, e, down),
  );
  if (k < 2) return 0;
  c.seg = i.seg;
  let ps = bulkPhys(c, sLo, sHi, false);
  if (ps < 0) return 0;
  c.seg = ES;
  let pd = bulkPhys(c, dLo, dHi, false);
  if (pd < 0) return 0;
  const step = down ? -e : e;
  let j = 0;
  for (; j < k - 1; j++, ps += step, pd += step) {
    const a = loadPhys(c, ps, e);
    const aHi = c.tmp[0];
    if ((a === loadPhys(c, pd, e) && aHi === c.tmp[0]) !== whileEqual) break;
  }
  const a = loadPhys(c, ps, e);
  const aHi = c.tmp[0];
  const b = loadPhys(c, pd, e);
  if (e === 8) alu64(c, ALU_CMP, a, aHi, b, c.tmp[0]);
  else alu(c, ALU_CMP, e, a, b);
  addIndex(c, RSI, asize, (j + 1) * step);
  addIndex(c, RDI, asize, (j + 1) * step);
  addIndex(c, RCX, asize, -(j + 1));
  return j + 1;
}

/** An element of 1, 2, 4 or 8 bytes at a RAM address, as readMem/read64 return it. */
function loadPhys(c: Cpu, p: number, e: number): number {
  c.tmp[0] = 0;
  if (e === 1) return c.ram[p];
  if (e === 2) return c.view.getUint16(p, true);
  if (e === 8) c.tmp[0] = c.view.getInt32(p + 4, true);
  return c.view.getInt32(p, true);
}

function cmpsOne(c: Cpu, i: Insn): void {
  const size = i.osize;
  const sLo = stringAddress(c, i.seg, RSI, i.asize);
  if (size === 8) {
    const aLo = read64(c, sLo, c.tmp[1]);
    const aHi = c.tmp[0];
    const dLo = stringAddress(c, ES, RDI, i.asize);
    const bLo = read64(c, dLo, c.tmp[1]);
    alu64(c, ALU_CMP, aLo, aHi, bLo, c.tmp[0]);
  } else {
    const a = readMem(c, sLo, c.tmp[1], size);
    const dLo = stringAddress(c, ES, RDI, i.asize);
    alu(c, ALU_CMP, size, a, readMem(c, dLo, c.tmp[1], size));
  }
  const step = stride(c, size);
  addIndex(c, RSI, i.asize, step);
  addIndex(c, RDI, i.asize, step);
}

/** AE/AF: scas: compares rAX with ES:[rDI] (accumulator minus memory). */
export function scas(c: Cpu, i: Insn): void {
  if (!isRep(i)) {
    scasOne(c, i);
    c.ripAfter(i);
    return;
  }
  const stopped = scasRep(c, i);
  endRep(c, i, stopped || countIsZero(c.gpr, i.asize));
}

/** Returns true when the compare ended the loop, as cmpsRep. */
function scasRep(c: Cpu, i: Insn): boolean {
  const whileEqual = (i.prefixes & PFX_REP) !== 0;
  for (let n = repBudget(c.gpr, i.asize); n > 0;) {
    let k = scasBulk(c, i, n, whileEqual);
    if (k === 0) {
      scasOne(c, i);
      addIndex(c, RCX, i.asize, -1);
      k = 1;
    }
    n -= k;
    if (isZero(c) !== whileEqual) return true;
  }
  return false;
}

/** scas's bulk path, as cmpsBulk with rAX in place of the source. */
function scasBulk(c: Cpu, i: Insn, n: number, whileEqual: boolean): number {
  const e = i.osize;
  const asize = i.asize;
  const down = (c.flags & DF) !== 0;
  const g = c.gpr;
  const dLo = stringAddress(c, ES, RDI, asize);
  const dHi = c.tmp[1];
  const k = Math.min(n, elementsInPage(dLo, indexOffset(g, RDI, asize), asize, e, down));
  if (k < 2) return 0;
  let pd = bulkPhys(c, dLo, dHi, false);
  if (pd < 0) return 0;
  const a = e === 8 ? g[RAX << 1] : getReg(g, RAX, e);
  const aHi = e === 8 ? g[(RAX << 1) + 1] : 0;
  const step = down ? -e : e;
  let j = 0;
  for (; j < k - 1; j++, pd += step)
    if ((a === loadPhys(c, pd, e) && aHi === c.tmp[0]) !== whileEqual) break;
  const b = loadPhys(c, pd, e);
  if (e === 8) alu64(c, ALU_CMP, a, aHi, b, c.tmp[0]);
  else alu(c, ALU_CMP, e, a, b);
  addIndex(c, RDI, asize, (j + 1) * step);
  addIndex(c, RCX, asize, -(j + 1));
  return j + 1;
}

function scasOne(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const size = i.osize;
  const lo = stringAddress(c, ES, RDI, i.asize);
  if (size === 8) {
    const bLo = read64(c, lo, c.tmp[1]);
    alu64(c, ALU_CMP, g[RAX << 1], g[(RAX << 1) + 1], bLo, c.tmp[0]);
  } else alu(c, ALU_CMP, size, getReg(g, RAX, size), readMem(c, lo, c.tmp[1], size));
  addIndex(c, RDI, i.asize, stride(c, size));
}

/** D7: xlat: AL = [rBX + AL] in the data segment (overridable), rBX at the address size. */
export function xlat(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const al = g[RAX << 1] & 0xff;
  const b = RBX << 1;
  let off: number;
  let hi = 0;
  if (i.asize === 8) {
    off = addLinear(c, g[b], g[b + 1], al);
    hi = c.tmp[1];
  } else off = i.asize === 4 ? (g[b] + al) | 0 : (g[b] + al) & 0xffff;
  const lo = linear(c, i.seg, off, hi);
  setReg(g, RAX, 1, readMem(c, lo, c.tmp[1], 1));
}
