import type { Cpu } from '../cpu/cpu.ts';
import { AC_VEC, GP, PF_VEC, SS_VEC } from '../cpu/fault.ts';
import { AC } from '../cpu/flags.ts';
import { SS } from '../cpu/registers.ts';
import {
  ACC_EXEC,
  ACC_READ,
  ACC_WRITE,
  CR0_PG,
  CR0_WP,
  CR4_LA57,
  CR4_PGE,
  CR4_SMAP,
  CR4_SMEP,
  EFER_LMA,
  PFEC_P,
  PFEC_PK,
  PFEC_U,
  PFEC_W,
} from './paging-bits.ts';
import { keyDeny } from './protection-keys.ts';
import {
  T_RAM,
  T_RAM_W,
  T_R_SUP,
  T_R_USR,
  T_W_SUP,
  T_W_USR,
  T_X_SUP,
  T_X_USR,
  tlbIndex,
} from './tlb.ts';
import { WHO_SUPERVISOR_AC, WHO_USER, walk } from './walker.ts';
import { carryOf, pairToNumber } from '../pair.ts';

/**
 * Guest virtual memory access. Each function tries the TLB fast path inline and falls
 * back to the slow path, which checks canonical form, walks, raises #PF/#GP/#SS, handles
 * MMIO and page-crossing accesses, and refills the TLB. Addresses are linear (segment base
 * already added) as (lo, hi) int32 pairs. 64-bit reads return the low dword and leave the
 * high dword in c.tmp[0].
 */

export function read8(c: Cpu, lo: number, hi: number): number {
  const t = c.tlb;
  const i = ((lo >>> 12) ^ hi) & 0xfff;
  if (t.tagLo[i] === (lo & ~0xfff) && t.tagHi[i] === hi && (t.perm[i] & c.needR) === c.needR)
    return c.ram[(t.ramOffset[i] | (lo & 0xfff)) >>> 0];
  return readSlow(c, lo, hi, 1);
}

export function read16(c: Cpu, lo: number, hi: number): number {
  const t = c.tlb;
  const i = ((lo >>> 12) ^ hi) & 0xfff;
  if (
    t.tagLo[i] === (lo & ~0xfff) &&
    t.tagHi[i] === hi &&
    (t.perm[i] & c.needR) === c.needR &&
    (lo & 0xfff) <= 0xffe
  )
    return c.view.getUint16((t.ramOffset[i] | (lo & 0xfff)) >>> 0, true);
  return readSlow(c, lo, hi, 2);
}

/** Returns the dword as an int32. */
export function read32(c: Cpu, lo: number, hi: number): number {
  const t = c.tlb;
  const i = ((lo >>> 12) ^ hi) & 0xfff;
  if (
    t.tagLo[i] === (lo & ~0xfff) &&
    t.tagHi[i] === hi &&
    (t.perm[i] & c.needR) === c.needR &&
    (lo & 0xfff) <= 0xffc
  )
    return c.view.getInt32((t.ramOffset[i] | (lo & 0xfff)) >>> 0, true);
  return readSlow(c, lo, hi, 4) | 0;
}

export function read64(c: Cpu, lo: number, hi: number): number {
  const t = c.tlb;
  const i = ((lo >>> 12) ^ hi) & 0xfff;
  if (
    t.tagLo[i] === (lo & ~0xfff) &&
    t.tagHi[i] === hi &&
    (t.perm[i] & c.needR) === c.needR &&
    (lo & 0xfff) <= 0xff8
  ) {
    const p = (t.ramOffset[i] | (lo & 0xfff)) >>> 0;
    c.tmp[0] = c.view.getInt32(p + 4, true);
    return c.view.getInt32(p, true);
  }
  return readSlow(c, lo, hi, 8) | 0;
}

export function write8(c: Cpu, lo: number, hi: number, v: number): void {
  const t = c.tlb;
  const i = ((lo >>> 12) ^ hi) & 0xfff;
  if (t.tagLo[i] === (lo & ~0xfff) && t.tagHi[i] === hi && (t.perm[i] & c.needW) === c.needW)
    c.ram[(t.ramOffset[i] | (lo & 0xfff)) >>> 0] = v;
  else writeSlow(c, lo, hi, 1, v, 0);
}

export function write16(c: Cpu, lo: number, hi: number, v: number): void {
  const t = c.tlb;
  const i = ((lo >>> 12) ^ hi) & 0xfff;
  if (
    t.tagLo[i] === (lo & ~0xfff) &&
    t.tagHi[i] === hi &&
    (t.perm[i] & c.needW) === c.needW &&
    (lo & 0xfff) <= 0xffe
  )
    c.view.setUint16((t.ramOffset[i] | (lo & 0xfff)) >>> 0, v, true);
  else writeSlow(c, lo, hi, 2, v, 0);
}

export function write32(c: Cpu, lo: number, hi: number, v: number): void {
  const t = c.tlb;
  const i = ((lo >>> 12) ^ hi) & 0xfff;
  if (
    t.tagLo[i] === (lo & ~0xfff) &&
    t.tagHi[i] === hi &&
    (t.perm[i] & c.needW) === c.needW &&
    (lo & 0xfff) <= 0xffc
  )
    c.view.setInt32((t.ramOffset[i] | (lo & 0xfff)) >>> 0, v, true);
  else writeSlow(c, lo, hi, 4, v, 0);
}

export function write64(c: Cpu, lo: number, hi: number, vLo: number, vHi: number): void {
  const t = c.tlb;
  const i = ((lo >>> 12) ^ hi) & 0xfff;
  if (
    t.tagLo[i] === (lo & ~0xfff) &&
    t.tagHi[i] === hi &&
    (t.perm[i] & c.needW) === c.needW &&
    (lo & 0xfff) <= 0xff8
  ) {
    const p = (t.ramOffset[i] | (lo & 0xfff)) >>> 0;
    c.view.setInt32(p, vLo, true);
    c.view.setInt32(p + 4, vHi, true);
  } else writeSlow(c, lo, hi, 8, vLo, vHi);
}

/** Adds a signed offset to a linear (lo, hi) pair: returns lo, leaves hi in c.tmp[1]. */
export function addLinear(c: Cpu, lo: number, hi: number, delta: number): number {
  const s = (lo >>> 0) + delta;
  const r = s | 0;
  c.tmp[1] = (hi + carryOf(s, r)) | 0;
  return r;
}

/**
 * A rights bit no TLB entry carries. Cpu.updateAccessRights adds it to needR and needW while
 * alignment checking is on (CPL 3, CR0.AM and RFLAGS.AC), so that every data access misses
 * the fast paths and the slow paths check alignment; with checking off nothing changes.
 */
export const NEED_ALIGNMENT_CHECK = 1 << 8;

/** #AC(0) for a data access of 2, 4 or 8 bytes that is not naturally aligned, while
 * alignment checking is on (SDM Vol. 3, 6.15, interrupt 17). */
function checkAlignment(c: Cpu, lo: number, size: number): void {
  if ((c.needR & NEED_ALIGNMENT_CHECK) === 0 || (lo & (size - 1)) === 0) return;
  const f = c.fault;
  f.vector = AC_VEC;
  f.errorCode = 0;
  f.hasErrorCode = true;
  f.detail = `misaligned ${size}-byte access with alignment checking on`;
  throw f;
}

/** The #GP or #SS for a non-canonical address: #SS when the access used the stack segment. */
function nonCanonical(c: Cpu, lo: number, hi: number): never {
  const f = c.fault;
  f.vector = c.seg === SS ? SS_VEC : GP;
  f.errorCode = 0;
  f.hasErrorCode = true;
  f.detail = `non-canonical address 0x${hex64(lo, hi)}`;
  throw f;
}

function hex64(lo: number, hi: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/**
 * Translates a linear address for an access, filling the TLB; returns the physical address
 * (a number up to 2^52). Throws the guest fault when the access is not allowed.
 */
export function translate(c: Cpu, lo: number, hi: number, access: number): number {
  if ((c.cr0 & CR0_PG) === 0) {
    // Unsigned: linear addresses from 2 GiB up are negative as int32.
    const frame = (lo & ~0xfff) >>> 0;
    c.tlb.fill(lo, hi, frame, c.mem.offsetOf(frame), ramPerm(c, frame) | 0x3f, false, 4096);
    return lo >>> 0;
  }
  if ((c.efer & EFER_LMA) !== 0) {
    // Canonical: bits 63..47 (63..56 with LA57) are copies of one bit.
    const shift = (c.cr4 & CR4_LA57) !== 0 ? 7 : 16;
    if ((hi << shift) >> shift !== hi) nonCanonical(c, lo, hi);
  }
  const who = c.cpl === 3 ? WHO_USER : (c.flags & AC) !== 0 ? WHO_SUPERVISOR_AC : 0;
  if (access !== ACC_EXEC) keyFaultFromTlb(c, lo, hi, access);
  const r = c.walkResult;
  const cr3 = pairToNumber(c.cr3[0], c.cr3[1]);
  // A paging watch (core/watch) wants the entries this walk reads, to tell stale ones later.
  const w = c.watch;
  if (w !== null) w.trace.length = 0;
  if (!walk(c, c.mem, cr3, lo, hi, access, who, true, r, w?.trace))
    pageFault(c, lo, hi, r.errorCode, `page fault (${r.reason}) at level ${r.faultLevel}`);
  const smapUser = r.user && (c.cr4 & CR4_SMAP) !== 0;
  let perm = 0;
  if (!smapUser) perm |= T_R_SUP;
  if (r.dirty && (r.writable || (c.cr0 & CR0_WP) === 0) && !smapUser) perm |= T_W_SUP;
  if (!r.nx && !(r.user && (c.cr4 & CR4_SMEP) !== 0)) perm |= T_X_SUP;
  if (r.user) {
    perm |= T_R_USR;
    if (r.writable && r.dirty) perm |= T_W_USR;
    if (!r.nx) perm |= T_X_USR;
  }
  perm |= ramPerm(c, r.physPage);
  const global = r.global && (c.cr4 & CR4_PGE) !== 0;
  const offset = c.mem.offsetOf(r.physPage);
  const key = r.user ? r.pkey : -1;
  const deny = key < 0 ? 0 : keyDeny(c.cr0, c.cr4, c.pkru, key);
  const slot = c.tlb.fill(lo, hi, r.physPage, offset, perm, global, r.pageSize, key, deny);
  if (w !== null) w.tlbFilled(c, slot);
  return r.physPage + (lo & 0xfff);
}

function pageFault(c: Cpu, lo: number, hi: number, errorCode: number, detail: string): never {
  const f = c.fault;
  f.vector = PF_VEC;
  f.errorCode = errorCode;
  f.hasErrorCode = true;
  f.cr2Lo = lo;
  f.cr2Hi = hi;
  f.detail = detail;
  throw f;
}

/**
 * A data access the TLB entry of its page would allow but for the entry's protection key
 * faults on that entry, without a walk: the CPU applies PKRU to the key its TLB holds, so a
 * PTE whose key was edited without invlpg keeps its old key until the entry goes.
 */
function keyFaultFromTlb(c: Cpu, lo: number, hi: number, access: number): void {
  const t = c.tlb;
  const i = tlbIndex(lo, hi);
  if (t.pkey[i] < 0 || t.tagLo[i] !== (lo & ~0xfff) || t.tagHi[i] !== hi) return;
  const user = c.cpl === 3;
  const need = access === ACC_WRITE ? (user ? T_W_USR : T_W_SUP) : user ? T_R_USR : T_R_SUP;
  if ((t.keylessRights[i] & need) === 0 || (t.perm[i] & need) !== 0) return;
  const ec = PFEC_P | PFEC_PK | (access === ACC_WRITE ? PFEC_W : 0) | (user ? PFEC_U : 0);
  pageFault(c, lo, hi, ec, `page fault (protection key ${t.pkey[i]}) from the TLB entry`);
}

/**
 * T_RAM/T_RAM_W for a frame: RAM reads go direct; writes only where no decoded code lives,
 * nor page tables a paging watch follows (stores there must reach it, see storePhys), and
 * only to pages already written since the last machine snapshot (the first write must
 * mark the page, see PhysicalMemory.written).
 */
export function ramPerm(c: Cpu, frame: number): number {
  const offset = c.mem.offsetOf(frame);
  if (offset < 0) return 0;
  const slowWrites =
    c.mem.written[offset / 4096] === 0 ||
    c.blocks.isCodeFrame(frame) ||
    (c.watch !== null && c.watch.isTableFrame(frame));
  return slowWrites ? T_RAM : T_RAM | T_RAM_W;
}

/**
 * A write through RAM entry `i` that lacks direct writes. When the page only lacked them
 * for being clean since the last snapshot, it is written now: later writes may go direct.
 */
function grantDirectWrites(c: Cpu, i: number): void {
  c.mem.written[(c.tlb.ramOffset[i] >>> 0) / 4096] = 1;
  c.tlb.perm[i] |= ramPerm(c, c.tlb.physical(i)) & T_RAM_W;
}

/** Physical address for an access, through the TLB when it already allows it. */
function physFor(c: Cpu, lo: number, hi: number, access: number): number {
  const t = c.tlb;
  const i = tlbIndex(lo, hi);
  const need = access === ACC_READ ? c.needR : access === ACC_WRITE ? c.needW : c.needX;
  // The RAM bits do not matter here: the slow path handles MMIO itself.
  const rights = need & ~(T_RAM | T_RAM_W);
  if (t.tagLo[i] === (lo & ~0xfff) && t.tagHi[i] === hi && (t.perm[i] & rights) === rights) {
    // Without T_RAM: MMIO, or an entry whose tables a paging watch saw written (it checks).
    const ramBits = t.perm[i] & (T_RAM | T_RAM_W);
    if (ramBits === 0 && c.watch !== null) c.watch.cachedUse(c, i, lo, hi, access);
    else if (ramBits === T_RAM && access === ACC_WRITE) grantDirectWrites(c, i);
    return t.physical(i) + (lo & 0xfff);
  }
  return translate(c, lo, hi, access);
}

function readSlow(c: Cpu, lo: number, hi: number, size: number): number {
  checkAlignment(c, lo, size);
  if ((lo & 0xfff) + size > 4096) {
    // Crosses a page: assemble from bytes, low first (the CPU checks both pages before use).
    let vLo = 0;
    let vHi = 0;
    for (let k = 0; k < size; k++) {
      const b = read8(c, addLinear(c, lo, hi, k), c.tmp[1]);
      if (k < 4) vLo |= b << (8 * k);
      else vHi |= b << (8 * (k - 4));
    }
    c.tmp[0] = vHi;
    return size === 4 || size === 8 ? vLo : vLo >>> 0;
  }
  const p = physFor(c, lo, hi, ACC_READ);
  if (size === 8) {
    c.tmp[0] = c.mem.read(p + 4, 4) | 0;
    return c.mem.read(p, 4) | 0;
  }
  return c.mem.read(p, size as 1 | 2 | 4);
}

function writeSlow(c: Cpu, lo: number, hi: number, size: number, vLo: number, vHi: number) {
  checkAlignment(c, lo, size);
  const off = lo & 0xfff;
  if (off + size > 4096) {
    // Translate both pages before storing anything, so a fault leaves memory untouched.
    const first = 4096 - off;
    const p1 = physFor(c, lo, hi, ACC_WRITE);
    const lo2 = addLinear(c, lo, hi, first);
    const p2 = physFor(c, lo2, c.tmp[1], ACC_WRITE);
    for (let k = 0; k < size; k++) {
      const b = (k < 4 ? vLo >>> (8 * k) : vHi >>> (8 * (k - 4))) & 0xff;
      storePhys(c, k < first ? p1 + k : p2 + (k - first), 1, b);
    }
    return;
  }
  const p = physFor(c, lo, hi, ACC_WRITE);
  if (size === 8) {
    storePhys(c, p, 4, vLo);
    storePhys(c, p + 4, 4, vHi);
  } else storePhys(c, p, size as 1 | 2 | 4, vLo);
}

/** A store by physical address: drops decoded code on the page first (self-modifying code). */
function storePhys(c: Cpu, p: number, size: 1 | 2 | 4, v: number): void {
  if (c.blocks.isCodeFrame(p - (p % 4096))) c.invalidateCode(p - (p % 4096));
  // A paging watch (core/watch) sees stores into page tables before they land.
  if (c.watch !== null) c.watch.stored(c, p, size, v);
  c.mem.write(p, size, v);
}

/** Translates an instruction-fetch address: physical address, or the fetch's #PF/#GP. */
export function fetchPhys(c: Cpu, lo: number, hi: number): number {
  return physFor(c, lo, hi, ACC_EXEC);
}

/**
 * Makes sure a store of `size` bytes at the address can complete, faulting now if not.
 * Read-modify-write instructions call it before they read, so a fault on the store leaves
 * registers and flags as they were: x86 faults are precise.
 */
export function probeWrite(c: Cpu, lo: number, hi: number, size: number): void {
  const t = c.tlb;
  const i = ((lo >>> 12) ^ hi) & 0xfff;
  if (
    t.tagLo[i] === (lo & ~0xfff) &&
    t.tagHi[i] === hi &&
    (t.perm[i] & c.needW) === c.needW &&
    (lo & 0xfff) <= 4096 - size
  )
    return;
  physFor(c, lo, hi, ACC_WRITE);
  if ((lo & 0xfff) + size > 4096) {
    const lo2 = addLinear(c, lo, hi, size - 1);
    physFor(c, lo2, c.tmp[1], ACC_WRITE);
  }
}
