import type { ElfSymbol } from '../boot/index.ts';
import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { translate } from '../analysis/index.ts';
import type { PagingState, Translation, TranslateStep } from '../analysis/index.ts';
import { parseAddress } from './address-input.ts';
import { hex64, hexShort, sizeWords } from './format.ts';
import type { TableRef, TranslationQuery, TranslationStepView, TranslationView } from './views.ts';

const MODE_WORDS: Record<Translation['mode'], string> = {
  off: 'paging off',
  legacy32: '32-bit paging',
  pae: 'PAE paging',
  la48: '4-level paging',
  la57: '5-level paging',
};

/** The #PF error code bits (SDM Vol. 3, figure 4-12) as sentences, set or clear. */
function errorCodeWords(code: number): string[] {
  return [
    code & 1 ? 'P=1: the page was present; a rights check failed' : 'P=0: a not-present entry',
    code & 2 ? 'W/R=1: a write' : 'W/R=0: a read',
    code & 4 ? 'U/S=1: at CPL 3' : 'U/S=0: in supervisor mode',
    ...(code & 8 ? ['RSVD=1: a reserved bit was set in an entry'] : []),
    ...(code & 16 ? ['I/D=1: an instruction fetch'] : []),
    ...(code & 32 ? ['PK=1: a protection-key violation'] : []),
  ];
}

function flagsOf(s: TranslateStep): { name: string; set: boolean }[] {
  const e = s.entry;
  const flags: [string, boolean][] = [
    ['P', e.present],
    ['RW', e.writable],
    ['US', e.user],
    ['PWT', e.pwt],
    ['PCD', e.pcd],
    ['A', e.accessed],
  ];
  if (s.leaf) flags.push(['D', e.dirty], ['G', e.global], ['PAT', e.pat]);
  if (s.depth === 2 || s.depth === 3) flags.push(['PS', e.pageSize]);
  flags.push(['XD', e.noExecute]);
  // With CR4.PKE, a user page's protection key (bits 62:59 of its leaf).
  if (e.protectionKey !== null) flags.push([`PKEY ${e.protectionKey}`, true]);
  return flags.map(([name, set]) => ({ name, set }));
}

/**
 * The table a step read as the tree names it: where it is, its level, and the first address
 * it maps (the address with the bits its entries index and those below cleared, without the
 * sign extension above `vaBits`, as TableRef holds it).
 */
function tableOf(s: TranslateStep, va: bigint, vaBits: number): TableRef {
  const below = 1n << BigInt(s.indexBits[0] + 1);
  const first = va & ((1n << BigInt(vaBits)) - 1n) & ~(below - 1n);
  return { phys: Number(s.tableAddress), depth: s.depth, va: Number(first) };
}

function stepView(s: TranslateStep, va: bigint, vaBits: number): TranslationStepView {
  return {
    table: tableOf(s, va, vaBits),
    level: s.level,
    index: s.index,
    indexBits: s.indexBits,
    tableAddress: hexShort(s.tableAddress),
    entryAddress: hexShort(s.entryAddress),
    raw: hex64(s.raw),
    flags: flagsOf(s),
    address: hexShort(s.entry.address),
    leaf: s.leaf,
    present: s.entry.present,
    reservedBits: s.entry.reservedBits,
    effective: s.effective,
  };
}

/** The translation panel's view of one address under the live paging registers. */
export function translationView(
  state: PagingState,
  mem: PhysicalMemory,
  symbols: readonly ElfSymbol[],
  query: TranslationQuery,
): TranslationView {
  const parsed = parseAddress(query.address, symbols);
  if (!parsed.ok) {
    return {
      query,
      inputError: parsed.error,
      va: '',
      mode: '',
      cr3: '',
      fields: [],
      steps: [],
      notes: [],
      ok: false,
    };
  }
  const t = translate(state, mem, parsed.va, { access: query.access, cpl: query.cpl });
  const f = t.fault;
  return {
    query,
    va: hex64(t.va),
    resolvedFrom: parsed.resolvedFrom,
    mode: MODE_WORDS[t.mode],
    cr3: hexShort(t.cr3),
    fields: t.fields.map((x) => ({ name: x.name, hi: x.hi, lo: x.lo, value: hexShort(x.value) })),
    steps: t.steps.map((s) => stepView(s, t.va, t.mode === 'la57' ? 57 : 48)),
    notes: t.notes,
    ok: t.ok,
    physical: t.physical === undefined ? undefined : hexShort(t.physical),
    pageSize: t.pageSize === undefined ? undefined : sizeWords(t.pageSize),
    pageBase: t.pageBase === undefined ? undefined : hexShort(t.pageBase),
    fault: f && {
      vector: f.vector,
      kind: f.kind,
      level: f.level,
      reason: f.reason,
      errorCode: hexShort(f.errorCode),
      errorCodeWords: f.vector === '#PF' ? errorCodeWords(f.errorCode) : [],
      cr2: f.cr2 === undefined ? undefined : hex64(f.cr2),
    },
  };
}
