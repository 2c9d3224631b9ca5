import { PagingMode } from '../../core/mmu/paging-bits.ts';
import { levelName } from '../entry-decode.ts';
import { hexAddr } from '../hex.ts';
import type { PitfallContext } from './context.ts';
import type { EntryFacts } from './detector.ts';
import type { Where } from './finding.ts';

/** "PD entry 128 at 0x104400 (mapping 0xffffffff90000000)": an entry as findings name it. */
export function entryLabel(e: EntryFacts): string {
  const size = e.mode === PagingMode.Legacy32 ? 4 : 8;
  const index = (e.entryAddress % 4096) / size;
  const maps = e.va === null ? '' : ` (mapping ${hexAddr(e.va)})`;
  return `${levelName(e.mode, e.level)} entry ${index} at ${hexAddr(e.entryAddress)}${maps}`;
}

/** The entry's raw value. */
export function entryRaw(e: EntryFacts): bigint {
  return (BigInt(e.hi >>> 0) << 32n) | BigInt(e.lo >>> 0);
}

/** How the entry was met, for the `why` of a finding. */
export function entrySeen(e: EntryFacts): string {
  if (e.source === 'write') return 'The kernel just stored it into a table in use';
  if (e.source === 'fault') return 'An access through it just faulted with the reserved-bit flag';
  return 'It is in the tables of the CR3 the kernel loaded';
}

/** Where an entry finding points: the instruction that wrote it, faulted on it or loaded CR3. */
export function entryWhere(e: EntryFacts, ctx: PitfallContext): Where {
  const extra = {
    cr3: e.cr3,
    entryAddress: BigInt(e.entryAddress),
    ...(e.va === null ? {} : { va: e.va }),
  };
  return ctx.where(e.at, e.rip, extra);
}

/** The key that folds findings about entries of one table together. */
export function tableKey(e: EntryFacts): string {
  return `${e.entryAddress - (e.entryAddress % 4096)}`;
}
