import { ACC_EXEC, ACC_WRITE, CR0_WP, CR4_PKE, PKRU_AD, PKRU_WD } from './paging-bits.ts';
import { T_R_SUP, T_R_USR, T_W_SUP, T_W_USR } from './tlb.ts';

/**
 * Protection keys for user-mode pages (Intel SDM Vol. 3A 4.6.2; AMD APM Vol. 2,
 * "Memory Protection Keys"). With
 * 4- or 5-level paging and CR4.PKE = 1, the key in bits 62:59 of a leaf picks two PKRU bits
 * that restrict data accesses to the page when it is a user-mode address (U/S = 1 at every
 * level), whoever makes the access:
 *   AD = 1: no data access at all, supervisor accesses included (implicit ones too);
 *   WD = 1: no user-mode write, and no supervisor write while CR0.WP = 1.
 * Instruction fetches are never affected, nor supervisor-mode addresses.
 */

/**
 * Whether the key `pkey` (-1: none, outside 4-/5-level paging) of a page forbids the access.
 * `user` says whether the page is a user-mode address, `userAccess` whether the access is
 * a user-mode one (CPL 3, not implicit); `pkru` is the register's value.
 */
export function keyDenies(
  cr0: number,
  cr4: number,
  pkru: number,
  pkey: number,
  user: boolean,
  access: number,
  userAccess: boolean,
): boolean {
  if (pkey < 0 || !user || access === ACC_EXEC || (cr4 & CR4_PKE) === 0) return false;
  const bits = pkru >>> (2 * pkey);
  if ((bits & PKRU_AD) !== 0) return true;
  if (access !== ACC_WRITE || (bits & PKRU_WD) === 0) return false;
  return userAccess || (cr0 & CR0_WP) !== 0;
}

/**
 * The TLB rights key `key` takes away from a user page under these CR0, CR4 and PKRU values.
 * The TLB keeps every entry's key and the rights it had before keys were applied, so a change
 * of PKRU or CR4.PKE recomputes the cached rights without a walk (Tlb.applyKeys).
 */
export function keyDeny(cr0: number, cr4: number, pkru: number, key: number): number {
  if ((cr4 & CR4_PKE) === 0) return 0;
  const bits = pkru >>> (2 * key);
  if ((bits & PKRU_AD) !== 0) return T_R_SUP | T_W_SUP | T_R_USR | T_W_USR;
  if ((bits & PKRU_WD) === 0) return 0;
  return (cr0 & CR0_WP) !== 0 ? T_W_USR | T_W_SUP : T_W_USR;
}

/** keyDeny for keys 0 to 15 into `deny`. */
export function keyDenyTable(cr0: number, cr4: number, pkru: number, deny: Int32Array): void {
  for (let key = 0; key < 16; key++) deny[key] = keyDeny(cr0, cr4, pkru, key);
}
