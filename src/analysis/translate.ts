import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import {
  ACC_EXEC,
  ACC_READ,
  ACC_WRITE,
  CR4_PKE,
  CR4_PSE,
  EFER_NXE,
  PagingMode,
  pagingMode,
  PFEC_PK,
} from '../core/mmu/paging-bits.ts';
import { walk, WalkResult, WHO_SUPERVISOR_AC, WHO_USER } from '../core/mmu/walker.ts';
import type { WalkStep } from '../core/mmu/walker.ts';
import { addressFields } from './address-fields.ts';
import type { AddressField } from './address-fields.ts';
import { decodeEntry, indexBits, isLeaf, levelName } from './entry-decode.ts';
import type { DecodedEntry, LevelName } from './entry-decode.ts';
import { hexAddr } from './hex.ts';
import { cr3Number } from './paging-state.ts';
import type { PagingState } from './paging-state.ts';
import { ramOnly } from './ram-only.ts';
import {
  entryName,
  errorCodeBits,
  keyWords,
  protectionWords,
  reservedWords,
} from './translate-words.ts';

export interface TranslateOptions {
  /** Walk from this CR3 instead of the live one (another process, an old CR3 from history). */
  cr3?: bigint;
  access: 'read' | 'write' | 'fetch';
  cpl: 0 | 3;
  /** RFLAGS.AC: lifts SMAP for supervisor data accesses. */
  ac?: boolean;
  /** A stack access (through SS): a non-canonical address then raises #SS, not #GP. */
  stack?: boolean;
}

/** One entry the walk read, decoded, with the rights in force once it has been applied. */
export interface TranslateStep {
  level: LevelName;
  /** The walker's level number: 5 = PML5 ... 1 = PT (PAE PDPTE = 3, 32-bit PD = 2). */
  depth: number;
  index: number;
  /** The address bits the index came from, [high, low]. */
  indexBits: [number, number];
  tableAddress: bigint;
  entryAddress: bigint;
  raw: bigint;
  entry: DecodedEntry;
  leaf: boolean;
  /** U/S and R/W ANDed, XD ORed (when EFER.NXE) over this entry and those above it. */
  effective: { user: boolean; writable: boolean; noExecute: boolean };
}

export interface TranslateFault {
  kind: 'non-canonical' | 'not-present' | 'reserved' | 'protection';
  vector: '#PF' | '#GP' | '#SS';
  /** The level whose entry faulted (page faults only). */
  level?: LevelName;
  reason: string;
  errorCode: number;
  errorCodeBits: string[];
  /** The value CR2 would take (page faults only). */
  cr2?: bigint;
}

export interface Translation {
  va: bigint;
  mode: 'off' | 'legacy32' | 'pae' | 'la48' | 'la57';
  cr3: bigint;
  fields: AddressField[];
  steps: TranslateStep[];
  notes: string[];
  ok: boolean;
  /** When ok: the physical address, and the page that holds it. */
  physical?: bigint;
  pageSize?: number;
  pageBase?: bigint;
  /**
   * The protection key of the page when one applies (CR4.PKE = 1, 4- or 5-level paging, a
   * user-mode address): PKRU's AD and WD bits for it restrict data accesses.
   */
  protectionKey?: number;
  fault?: TranslateFault;
}

const MODE_NAMES = ['off', 'legacy32', 'pae', 'la48', 'la57'] as const;

/**
 * The structured translation of one linear address, read-only: the walker runs with side
 * effects off (no Accessed or Dirty bit is set) over RAM only (no device register is read),
 * and a fault is described, never raised. Works from any CR3.
 */
export function translate(
  state: PagingState,
  mem: PhysicalMemory,
  va: bigint,
  opts: TranslateOptions,
): Translation {
  const mode = pagingMode(state.cr0, state.cr4, state.efer);
  const cr3 = cr3Number(state, opts.cr3);
  const notes: string[] = [];
  const result: Translation = {
    va: BigInt.asUintN(64, va),
    mode: MODE_NAMES[mode],
    cr3: BigInt(cr3),
    fields: [],
    steps: [],
    notes,
    ok: false,
  };
  va = result.va;
  if (mode === PagingMode.Off || mode === PagingMode.Legacy32 || mode === PagingMode.Pae) {
    if (va >> 32n !== 0n)
      notes.push('linear addresses are 32 bits in this mode: bits 63-32 dropped');
    va &= 0xffffffffn;
  }
  result.fields = addressFields(mode, va);
  if (mode === PagingMode.Off) {
    notes.push('paging is off (CR0.PG=0): the linear address is the physical address');
    return { ...result, ok: true, physical: va, pageSize: 4096, pageBase: va & ~0xfffn };
  }
  const nonCanonical = canonicalCheck(mode, va);
  if (nonCanonical) {
    const vector = opts.stack ? '#SS' : '#GP';
    result.fault = {
      kind: 'non-canonical',
      vector,
      reason: `${hexAddr(va)} is not canonical: ${nonCanonical}; the CPU raises ${vector}(0) before any walk`,
      errorCode: 0,
      errorCodeBits: [],
    };
    return result;
  }

  const trace: WalkStep[] = [];
  const out = new WalkResult();
  const access =
    opts.access === 'write' ? ACC_WRITE : opts.access === 'fetch' ? ACC_EXEC : ACC_READ;
  const who = (opts.cpl === 3 ? WHO_USER : 0) | (opts.ac ? WHO_SUPERVISOR_AC : 0);
  const lo = Number(va & 0xffffffffn) | 0;
  const hi = Number(va >> 32n) | 0;
  walk(state, ramOnly(mem), cr3, lo, hi, access, who, false, out, trace);

  result.steps = stepsOf(state, mode, va, trace);
  for (const step of result.steps)
    if (!mem.isRam(Number(step.entryAddress)))
      notes.push(
        `the ${step.level} entry at ${hexAddr(step.entryAddress)} is outside RAM: ` +
          'read as all ones, as unbacked memory reads (devices are never read by analysis)',
      );
  if (mode === PagingMode.Pae)
    notes.push('PAE: the CPU uses the PDPTEs loaded at the last CR3 write; these are read now');
  const last = result.steps[result.steps.length - 1];
  if (last.leaf && last.effective.user && last.entry.protectionKey !== null) {
    result.protectionKey = last.entry.protectionKey;
    notes.push(keyWords(state, last.entry.protectionKey));
  }
  if (out.ok) {
    const offset = va % BigInt(out.pageSize);
    result.physical = BigInt(out.physPage) + (va & 0xfffn);
    result.pageSize = out.pageSize;
    result.pageBase = result.physical - offset;
    result.fields = addressFields(mode, va, out.pageSize);
    result.ok = true;
    return result;
  }
  const reason =
    out.reason === 'not-present'
      ? `${entryName(last)} is not present`
      : out.reason === 'reserved'
        ? reservedWords(mode, last)
        : protectionWords(state, result.steps, opts.access, opts.cpl, opts.ac ?? false, {
            key: result.protectionKey ?? -1,
            forbids: (out.errorCode & PFEC_PK) !== 0,
          });
  result.fault = {
    kind: out.reason === '' ? 'protection' : out.reason,
    vector: '#PF',
    level: last.level,
    reason,
    errorCode: out.errorCode,
    errorCodeBits: errorCodeBits(out.errorCode),
    cr2: mode === PagingMode.Level4 || mode === PagingMode.Level5 ? va : va & 0xffffffffn,
  };
  return result;
}

/** Why an address is not canonical, or '' when it is. */
function canonicalCheck(mode: PagingMode, va: bigint): string {
  if (mode !== PagingMode.Level4 && mode !== PagingMode.Level5) return '';
  const bit = mode === PagingMode.Level5 ? 56 : 47;
  const top = va >> BigInt(bit);
  const width = 64 - bit;
  if (top === 0n || top === (1n << BigInt(width)) - 1n) return '';
  return `bits 63-${bit} must all equal bit ${bit} (${mode === PagingMode.Level5 ? '5' : '4'}-level paging)`;
}

/** The walker's trace as decoded steps with the running effective rights. */
function stepsOf(state: PagingState, mode: PagingMode, va: bigint, trace: WalkStep[]) {
  const nxe = (state.efer & EFER_NXE) !== 0;
  const pse = (state.cr4 & CR4_PSE) !== 0;
  const pke = (state.cr4 & CR4_PKE) !== 0;
  const entrySize = mode === PagingMode.Legacy32 ? 4 : 8;
  let user = true;
  let writable = true;
  let noExecute = false;
  return trace.map((t): TranslateStep => {
    const bits = indexBits(mode, t.level);
    const index = Number((va >> BigInt(bits[1])) & ((1n << BigInt(bits[0] - bits[1] + 1)) - 1n));
    const entry = decodeEntry(mode, t.level, t.lo, t.hi, nxe, pse, pke);
    if (entry.present && !(mode === PagingMode.Pae && t.level === 3)) {
      user &&= entry.user;
      writable &&= entry.writable;
      noExecute ||= nxe && entry.noExecute;
    }
    const raw = (BigInt(t.hi >>> 0) << 32n) | BigInt(t.lo >>> 0);
    return {
      level: levelName(mode, t.level),
      depth: t.level,
      index,
      indexBits: bits,
      tableAddress: BigInt(t.entryAddr - index * entrySize),
      entryAddress: BigInt(t.entryAddr),
      raw: entrySize === 4 ? raw & 0xffffffffn : raw,
      entry,
      leaf: entry.present && isLeaf(mode, t.level, t.lo, pse),
      effective: { user, writable, noExecute },
    };
  });
}
