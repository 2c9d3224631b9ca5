import type { WatchEvent } from '../core/watch/events.ts';
import { hex64, hexShort } from './format.ts';
import type { SymbolIndex } from './symbols.ts';

const LEVELS: Record<number, string> = { 5: 'PML5', 4: 'PML4', 3: 'PDPT', 2: 'PD', 1: 'PT' };

/** Why a watch event stopped the machine, in one sentence naming the instruction. */
export function stopWords(e: WatchEvent, names: SymbolIndex): string {
  const name = names.name(e.rip);
  const by = `at ${hex64(e.rip)}${name ? ` (${name})` : ''}, instruction ${e.at}`;
  switch (e.kind) {
    case 'control':
      return e.reg === 'cr3'
        ? `Stopped after the CR3 write ${by}: ${hexShort(e.before.cr3)} -> ${hexShort(e.after.cr3)}.`
        : `Stopped after the ${e.reg.toUpperCase()} write ${by}.`;
    case 'exception': {
      const code = e.errorCode === null ? '' : ` (error code ${hexShort(e.errorCode)})`;
      const cr2 = e.cr2 === null ? '' : `, CR2 ${hex64(e.cr2)}`;
      return `Stopped at ${e.name}${code}${cr2} raised ${by}; it was delivered: RIP is at its handler.`;
    }
    case 'table-write':
      return `Stopped after the write ${by} to the ${LEVELS[e.level] ?? 'paging'} entry at physical ${hexShort(e.entryAddress)}: ${hex64(e.before)} -> ${hex64(e.after)}.`;
    default:
      return `Stopped ${by}.`;
  }
}
