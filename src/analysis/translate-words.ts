import { CR0_WP, CR4_SMAP, CR4_SMEP, MAXPHYADDR, PagingMode } from '../core/mmu/paging-bits.ts';
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

/**
 * Why the rights check failed, in the order the SDM applies the rules (Vol. 3, 4.6), naming
 * the first entry that took the right away.
 */
export function protectionWords(
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
  if (cpl === 3)
    return `user-mode write to a read-only page: R/W=0` + firstWithout((s) => !s.entry.writable);
  if (access === 'fetch' && last.user && regs.cr4 & CR4_SMEP)
    return 'supervisor instruction fetch from a user page with CR4.SMEP=1';
  if (access !== 'fetch' && last.user && regs.cr4 & CR4_SMAP && !ac)
    return `supervisor ${verb(access)} a user page with CR4.SMAP=1 and RFLAGS.AC=0`;
  if (regs.cr0 & CR0_WP)
    return (
      'supervisor write to a read-only page with CR0.WP=1: R/W=0' +
      firstWithout((s) => !s.entry.writable)
    );
  return 'access denied';
}

/** The #PF error code's bits by name (SDM Vol. 3, figure 4-12). */
export function errorCodeBits(code: number): string[] {
  const names = ['P', 'W/R', 'U/S', 'RSVD', 'I/D', 'PK'];
  return names.filter((_, i) => code & (1 << i));
}
