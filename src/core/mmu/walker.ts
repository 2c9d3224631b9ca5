import type { PhysicalMemory } from '../memory/physical-memory.ts';
import {
  ACC_EXEC,
  ACC_WRITE,
  CR0_WP,
  CR4_PAE,
  CR4_PSE,
  CR4_SMAP,
  CR4_SMEP,
  EFER_NXE,
  MAXPHYADDR,
  PagingMode,
  PFEC_I,
  PFEC_P,
  PFEC_PK,
  PFEC_RSVD,
  PFEC_U,
  PFEC_W,
  PTE_A,
  PTE_D,
  PTE_G,
  PTE_P,
  PTE_PS,
  PTE_RW,
  PTE_US,
  PTE_XD_HI,
  pagingMode,
  pkeyOf,
} from './paging-bits.ts';
import { keyDenies } from './protection-keys.ts';
import { TWO32 } from '../pair.ts';

/** The control registers a walk depends on; a CpuState satisfies it, so can a snapshot. */
export interface PagingRegs {
  cr0: number;
  cr4: number;
  efer: number;
  /** PKRU, read with CR4.PKE under 4-/5-level paging; absent counts as 0 (no key restricts). */
  pkru?: number;
}

/** Who is asking: a CPL 3 explicit access, or supervisor with RFLAGS.AC lifting SMAP. */
export const WHO_USER = 1;
export const WHO_SUPERVISOR_AC = 2;

/** One paging-structure entry the walk read, for analysis traces. */
export interface WalkStep {
  /** 5 = PML5 ... 1 = PT; for 32-bit paging 2 = PD, 1 = PT; for PAE 3 = PDPTE. */
  level: number;
  entryAddr: number;
  lo: number;
  hi: number;
}

/** The walk's outcome, reused across walks so the CPU's TLB refill allocates nothing. */
export class WalkResult {
  ok = false;
  /** Physical address of the 4 KiB frame holding the address (up to 52 bits, as a number). */
  physPage = 0;
  /** 4096, 2 MiB, 4 MiB or 1 GiB: the size of the leaf that mapped it. */
  pageSize = 4096;
  /** Effective rights: U/S and R/W ANDed down the levels, XD ORed (only when NXE). */
  user = false;
  writable = false;
  nx = false;
  global = false;
  dirty = false;
  /**
   * The leaf's protection key (bits 62:59) under 4- and 5-level paging, whatever CR4.PKE
   * says (the TLB keeps it so that setting PKE needs no flush); -1 in the other modes.
   */
  pkey = -1;
  /** On failure: the #PF error code and the level (as in WalkStep.level) that faulted. */
  errorCode = 0;
  faultLevel = 0;
  reason: 'not-present' | 'reserved' | 'protection' | '' = '';
}

/** Address bits from MAXPHYADDR to 51 of an 8-byte entry's high dword. */
const ADDR_RSVD_HI = ((1 << (52 - MAXPHYADDR)) - 1) << (MAXPHYADDR - 32);
/** Frame address bits 12..MAXPHYADDR-1 of an 8-byte entry's high dword. */
const ADDR_HI = (1 << (MAXPHYADDR - 32)) - 1;

function read32(mem: PhysicalMemory, addr: number): number {
  return mem.read(addr, 4) | 0;
}

/**
 * Translates a linear address by walking the paging structures from `cr3`, for every mode:
 * 32-bit, PAE, 4-level and 5-level. With `sideEffects` it sets Accessed and Dirty bits as
 * the CPU does (upper levels as they are used, the leaf once the access is allowed);
 * without, it reads only, so analysis can call it on any state and any CR3.
 * Returns out.ok; on failure out.errorCode is the #PF error code the CPU would push.
 */
export function walk(
  regs: PagingRegs,
  mem: PhysicalMemory,
  cr3: number,
  lo: number,
  hi: number,
  access: number,
  who: number,
  sideEffects: boolean,
  out: WalkResult,
  trace?: WalkStep[],
): boolean {
  const mode = pagingMode(regs.cr0, regs.cr4, regs.efer);
  out.ok = false;
  out.errorCode = 0;
  out.faultLevel = 0;
  out.reason = '';
  out.pkey = -1;
  const nxe = (regs.efer & EFER_NXE) !== 0;
  let user = true;
  let writable = true;
  let nx = false;

  let leafLo: number;
  let leafAddr: number;
  let level: number;
  let frame: number;

  if (mode === PagingMode.Off) {
    // No paging: linear is physical, everything allowed.
    out.physPage = (lo & 0xfffff000) >>> 0;
    out.pageSize = 4096;
    out.user = out.writable = true;
    out.nx = out.global = out.dirty = false;
    out.ok = true;
    return true;
  }
  if (mode === PagingMode.Legacy32) {
    // 32-bit paging: PD index = bits 31:22, PT index = bits 21:12, 4-byte entries.
    let table = cr3 & 0xfffff000;
    for (level = 2; ; level--) {
      const shift = level === 2 ? 22 : 12;
      const addr = (table >>> 0) + (((lo >>> shift) & 0x3ff) << 2);
      const e = read32(mem, addr);
      trace?.push({ level, entryAddr: addr, lo: e, hi: 0 });
      if ((e & PTE_P) === 0) return fail(out, regs, level, access, who, 'not-present', 0);
      user &&= (e & PTE_US) !== 0;
      writable &&= (e & PTE_RW) !== 0;
      if (level === 2 && (e & PTE_PS) !== 0 && (regs.cr4 & CR4_PSE) !== 0) {
        // 4 MiB page; PSE-36 puts physical bits 32-39 in entry bits 13-20; bit 21 is reserved.
        if (e & (1 << 21)) return fail(out, regs, level, access, who, 'reserved', PFEC_RSVD);
        leafLo = e;
        leafAddr = addr;
        frame = ((e >>> 13) & 0xff) * TWO32 + (e & 0xffc00000) + (lo & 0x3ff000);
        out.pageSize = 0x400000;
        break;
      }
      if (level === 1) {
        leafLo = e;
        leafAddr = addr;
        frame = (e & 0xfffff000) >>> 0;
        out.pageSize = 4096;
        break;
      }
      if (sideEffects && (e & PTE_A) === 0) mem.write(addr, 4, e | PTE_A);
      table = e & 0xfffff000;
    }
  } else {
    // PAE, 4-level and 5-level: 8-byte entries, 9 index bits a level (2 for the PDPT in PAE).
    const top = mode === PagingMode.Level5 ? 5 : mode === PagingMode.Level4 ? 4 : 3;
    let tableLo = cr3 & (mode === PagingMode.Pae ? 0xffffffe0 : 0xfffff000);
    let tableHi = mode === PagingMode.Pae ? 0 : ((cr3 / TWO32) & ADDR_HI) >>> 0;
    for (level = top; ; level--) {
      const shift = 12 + 9 * (level - 1);
      const index =
        mode === PagingMode.Pae && level === 3
          ? (lo >>> 30) & 3
          : shift >= 32
            ? (hi >>> (shift - 32)) & 0x1ff
            : shift === 30
              ? ((lo >>> 30) | (hi << 2)) & 0x1ff
              : (lo >>> shift) & 0x1ff;
      const addr = tableHi * TWO32 + (tableLo >>> 0) + index * 8;
      const eLo = read32(mem, addr);
      const eHi = read32(mem, addr + 4);
      trace?.push({ level, entryAddr: addr, lo: eLo, hi: eHi });
      if ((eLo & PTE_P) === 0) return fail(out, regs, level, access, who, 'not-present', 0);
      if (reservedBits(mode, level, eLo, eHi, nxe))
        return fail(out, regs, level, access, who, 'reserved', PFEC_RSVD);
      // PAE PDPTEs carry no R/W, U/S or XD: they grant everything.
      if (!(mode === PagingMode.Pae && level === 3)) {
        user &&= (eLo & PTE_US) !== 0;
        writable &&= (eLo & PTE_RW) !== 0;
        if (nxe && (eHi & PTE_XD_HI) !== 0) nx = true;
      }
      const isLeaf = level === 1 || ((level === 2 || level === 3) && (eLo & PTE_PS) !== 0);
      if (isLeaf && !(mode === PagingMode.Pae && level === 3)) {
        leafLo = eLo;
        leafAddr = addr;
        const size = level === 1 ? 4096 : level === 2 ? 0x200000 : 0x40000000;
        const baseLo = (eLo & ~(size - 1) & 0xfffff000) >>> 0;
        const within = size === 0x40000000 ? lo & 0x3ffff000 : lo & (size - 1) & 0xfffff000;
        frame = (eHi & ADDR_HI) * TWO32 + baseLo + within;
        out.pageSize = size;
        if (mode !== PagingMode.Pae) out.pkey = pkeyOf(eHi);
        break;
      }
      if (sideEffects && (eLo & PTE_A) === 0 && !(mode === PagingMode.Pae && level === 3))
        mem.write(addr, 4, eLo | PTE_A);
      tableLo = eLo & 0xfffff000;
      tableHi = eHi & ADDR_HI;
    }
  }

  out.user = user;
  out.writable = writable;
  out.nx = nx;
  // PK is reported whenever the key forbids the access, other causes or not (SDM 4.7).
  const isUser = (who & WHO_USER) !== 0;
  const pkru = regs.pkru ?? 0;
  const keyDenied = keyDenies(regs.cr0, regs.cr4, pkru, out.pkey, user, access, isUser);
  if (keyDenied || !allowed(regs, access, who, user, writable, nx))
    return fail(out, regs, level, access, who, 'protection', keyDenied ? PFEC_P | PFEC_PK : PFEC_P);

  if (sideEffects) {
    const want = access === ACC_WRITE ? PTE_A | PTE_D : PTE_A;
    if ((leafLo & want) !== want) mem.write(leafAddr, 4, leafLo | want);
    leafLo |= want;
  }
  out.physPage = frame;
  out.global = (leafLo & PTE_G) !== 0;
  out.dirty = (leafLo & PTE_D) !== 0;
  out.ok = true;
  return true;
}

/** Reserved bits of an 8-byte entry at a level (SDM Vol. 3, tables 4-14, 4-15, 4-19). */
function reservedBits(mode: PagingMode, level: number, lo: number, hi: number, nxe: boolean) {
  if (hi & ADDR_RSVD_HI) return true;
  if (mode === PagingMode.Pae && level === 3) return (lo & 0x1e6) !== 0 || hi < 0;
  if (!nxe && hi < 0) return true;
  if (level >= 4) return (lo & PTE_PS) !== 0;
  if ((lo & PTE_PS) !== 0) {
    if (level === 3) return (lo & 0x3fffe000) !== 0;
    if (level === 2) return (lo & 0x1fe000) !== 0;
  }
  return false;
}

/** The SDM's access-rights rules (Vol. 3, 4.6) applied to the effective rights. */
function allowed(
  regs: PagingRegs,
  access: number,
  who: number,
  user: boolean,
  writable: boolean,
  nx: boolean,
): boolean {
  const isUser = (who & WHO_USER) !== 0;
  if (access === ACC_EXEC) {
    if (nx) return false;
    if (isUser) return user;
    return !(user && (regs.cr4 & CR4_SMEP) !== 0);
  }
  if (isUser) return user && (access !== ACC_WRITE || writable);
  if (user && (regs.cr4 & CR4_SMAP) !== 0 && (who & WHO_SUPERVISOR_AC) === 0) return false;
  return access !== ACC_WRITE || writable || (regs.cr0 & CR0_WP) === 0;
}

function fail(
  out: WalkResult,
  regs: PagingRegs,
  level: number,
  access: number,
  who: number,
  reason: WalkResult['reason'],
  bits: number,
): false {
  let ec = bits;
  if (reason === 'reserved') ec |= PFEC_P;
  if (access === ACC_WRITE) ec |= PFEC_W;
  if ((who & WHO_USER) !== 0) ec |= PFEC_U;
  // I/D is reported only where execute protection exists: SMEP, or NXE with PAE-style tables.
  if (
    access === ACC_EXEC &&
    ((regs.cr4 & CR4_SMEP) !== 0 || ((regs.cr4 & CR4_PAE) !== 0 && (regs.efer & EFER_NXE) !== 0))
  )
    ec |= PFEC_I;
  out.ok = false;
  out.errorCode = ec;
  out.faultLevel = level;
  out.reason = reason;
  return false;
}
