import {
  CR0_WP,
  CR4_SMAP,
  CR4_SMEP,
  MAXPHYADDR,
  PagingMode,
  PKRU_AD,
  PKRU_WD,
} from '../core/mmu/paging-bits.ts';
import type { PagingRegs } from '../core/mmu/walker.ts';
import { hexAddr } from './hex.ts';
import type { TranslateStep } from './translate.ts';

/** Names the entry of a step the way the messages do: "PD entry 3 (at 0x3018)". */
export function entryName(s: TranslateStep): string {
  return `${s.level} entry ${s.index} (at ${hexAddr(s.entryAddress)})`;
}

/** Words for the reserved bits of the faulting entry, with why each is reserved. */
export function reservedWords(mode: PagingMode, s: TranslateStep): string {
  const why = (b: number): string => {
    if (b >= MAXPHYADDR && b <= 51) return `above MAXPHYADDR ${MAXPHYADDR}`;
    if (b === 63)
      return mode === PagingMode.Pae && s.depth === 3 ? 'XD in a PAE PDPTE' : 'XD with EFER.NXE=0';
    if (b === 7) return 'PS in a ' + s.level + ' entry';
    if (mode === PagingMode.Pae && s.depth === 3) return 'must be 0 in a PAE PDPTE';
    if (mode === PagingMode.Legacy32) return 'must be 0 in a 4 MiB page with MAXPHYADDR 40';
    return `the page-aligned low bits of a ${s.depth === 3 ? '1 GiB' : '2 MiB'} page address`;
  };
  const bits = s.entry.reservedBits;
  const list = bits.map((b) => `${b} (${why(b)})`).join(', ');
  return `${entryName(s)} has reserved bit${bits.length > 1 ? 's' : ''} ${list} set`;
}

const verb = (access: 'read' | 'write' | 'fetch') =>
  access === 'read' ? 'read of' : access === 'write' ? 'write to' : 'instruction fetch from';

/** The PKRU bits of protection key `key` (0 when the state carries no PKRU). */
function keyBits(regs: PagingRegs, key: number): number {
  return ((regs.pkru ?? 0) >>> (2 * key)) & (PKRU_AD | PKRU_WD);
}

/** What PKRU says of a page's protection key: "protection key 3: PKRU.AD3 = 0, PKRU.WD3 = 1". */
export function keyWords(regs: PagingRegs, key: number): string {
  const bits = keyBits(regs, key);
  const ad = bits & PKRU_AD ? 1 : 0;
  const wd = bits & PKRU_WD ? 1 : 0;
  return `protection key ${key}: PKRU.AD${key} = ${ad}, PKRU.WD${key} = ${wd}`;
}

/** Why the page's protection key forbids the access (SDM Vol. 3A 4.6.2). */
function keyFaultWords(regs: PagingRegs, key: number): string {
  if (keyBits(regs, key) & PKRU_AD)
    return (
      `protection key ${key}: PKRU.AD${key} = 1 disables data accesses to user pages ` +
      '(supervisor ones too; instruction fetches are not affected)'
    );
  return (
    `protection key ${key}: PKRU.WD${key} = 1 disables writes to user pages ` +
    '(CR0.WP = 1 applies it to supervisor writes too)'
  );
}

/** The page's protection key (-1: none applies) and whether it forbids the access. */
export interface KeyCheck {
  key: number;
  forbids: boolean;
}

/**
 * Why the rights check failed, in the order the SDM applies the rules (Vol. 3, 4.6), naming
 * the first entry that took the right away; then the protection key, when it forbids the
 * access too (the #PF error code's PK bit).
 */
export function protectionWords(
  regs: PagingRegs,
  steps: TranslateStep[],
  access: 'read' | 'write' | 'fetch',
  cpl: 0 | 3,
  ac: boolean,
  keyCheck: KeyCheck = { key: -1, forbids: false },
): string {
  const rights = pageRightsWords(regs, steps, access, cpl, ac);
  if (!keyCheck.forbids || keyCheck.key < 0) return rights || 'access denied';
  const key = keyFaultWords(regs, keyCheck.key);
  return rights ? `${rights}; and ${key}` : key;
}

/** The page-rights rule that refuses the access, or '' when they all allow it. */
function pageRightsWords(
  regs: PagingRegs,
  steps: TranslateStep[],
  access: 'read' | 'write' | 'fetch',
  cpl: 0 | 3,
  ac: boolean,
): string {
  const last = steps[steps.length - 1].effective;
  const firstWithout = (pred: (s: TranslateStep) => boolean) => {
    const s = steps.find((x) => x.level !== 'PDPTE' && pred(x));
    return s ? ` (${entryName(s)})` : '';
  };
  const who = cpl === 3 ? 'user-mode' : 'supervisor';
  if (access === 'fetch' && last.noExecute)
    return (
      `${who} instruction fetch from a no-execute page: XD=1` +
      firstWithout((s) => s.entry.noExecute)
    );
  if (cpl === 3 && !last.user)
    return `${who} ${verb(access)} a supervisor page: U/S=0` + firstWithout((s) => !s.entry.user);
  if (cpl === 3 && access === 'write' && !last.writable)
    return `user-mode write to a read-only page: R/W=0` + firstWithout((s) => !s.entry.writable);
  if (cpl === 3) return '';
  if (access === 'fetch' && last.user && regs.cr4 & CR4_SMEP)
    return 'supervisor instruction fetch from a user page with CR4.SMEP=1';
  if (access !== 'fetch' && last.user && regs.cr4 & CR4_SMAP && !ac)
    return `supervisor ${verb(access)} a user page with CR4.SMAP=1 and RFLAGS.AC=0`;
  if (access === 'write' && !last.writable && regs.cr0 & CR0_WP)
    return (
      'supervisor write to a read-only page with CR0.WP=1: R/W=0' +
      firstWithout((s) => !s.entry.writable)
    );
  return '';
}

/** The #PF error code's bits by name (SDM Vol. 3, figure 4-12). */
export function errorCodeBits(code: number): string[] {
  const names = ['P', 'W/R', 'U/S', 'RSVD', 'I/D', 'PK'];
  return names.filter((_, i) => code & (1 << i));
}
