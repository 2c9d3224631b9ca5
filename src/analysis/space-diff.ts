import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import type { PagingState } from './paging-state.ts';
import { canonicalBigInt } from './hex.ts';
import { RUN_GLOBAL, RUN_NX, RUN_USER, RUN_WRITABLE, rawRuns } from './ranges.ts';

/**
 * One side of a diff: RAM (the live machine's, or a snapshot's wrapped in a PhysicalMemory),
 * the paging registers that give the mode, and the root, when not the registers' CR3.
 */
export interface AddressSpace {
  mem: PhysicalMemory;
  paging: PagingState;
  cr3?: bigint;
}

/** What one side maps over a diff range: where the range starts physically, and the rights. */
export interface DiffMapping {
  physStart: number;
  user: boolean;
  writable: boolean;
  noExecute: boolean;
  global: boolean;
}

export type DiffChange = 'user' | 'writable' | 'noExecute' | 'global' | 'target';

export interface DiffRange {
  kind: 'added' | 'removed' | 'changed';
  /** Canonical virtual range, `end` exclusive. */
  start: bigint;
  end: bigint;
  /** Absent for 'added'. */
  before?: DiffMapping;
  /** Absent for 'removed'. */
  after?: DiffMapping;
  /** 'changed' only: what differs, U/S, R/W, NX, G or the physical target. */
  changes: DiffChange[];
}

const RIGHTS = [
  ['user', RUN_USER],
  ['writable', RUN_WRITABLE],
  ['noExecute', RUN_NX],
  ['global', RUN_GLOBAL],
] as const;

/** A piece of the sweep in raw numbers: kind, virtual range, both sides' target and rights. */
interface Piece {
  kind: DiffRange['kind'];
  start: number;
  end: number;
  /** Physical start before and after (-1: not mapped on that side). */
  paA: number;
  paB: number;
  rightsA: number;
  rightsB: number;
}

/**
 * How address space `b` differs from `a`: ranges only `b` maps (added), only `a` maps
 * (removed), and ranges both map with other rights or to another physical address (changed).
 * Each side is read in one pass over its tables (rawRuns); the two run lists, both in virtual
 * order, are then swept together in plain numbers, so the cost is the size of the tables, not
 * of the address space, and only the differences become objects.
 */
export function diffAddressSpaces(a: AddressSpace, b: AddressSpace): DiffRange[] {
  const x = rawRuns(a.paging, a.mem, { cr3: a.cr3 });
  const y = rawRuns(b.paging, b.mem, { cr3: b.cr3 });
  const xs = x.data;
  const ys = y.data;
  const pieces: Piece[] = [];
  let i = 0;
  let j = 0;
  let at = 0;
  while (i < xs.length || j < ys.length) {
    const xStart = i < xs.length ? xs[i] : Infinity;
    const yStart = j < ys.length ? ys[j] : Infinity;
    const inX = xStart <= at;
    const inY = yStart <= at;
    if (!inX && !inY) {
      at = Math.min(xStart, yStart);
      continue;
    }
    const end = Math.min(inX ? xs[i + 1] : xStart, inY ? ys[j + 1] : yStart);
    const paA = inX ? xs[i + 2] + (at - xStart) : -1;
    const paB = inY ? ys[j + 2] + (at - yStart) : -1;
    const rightsA = inX ? xs[i + 4] : 0;
    const rightsB = inY ? ys[j + 4] : 0;
    if (!inX || !inY || paA !== paB || rightsA !== rightsB) {
      const kind = !inX ? 'added' : !inY ? 'removed' : 'changed';
      const last = pieces[pieces.length - 1];
      const size = last === undefined ? 0 : last.end - last.start;
      if (
        last !== undefined &&
        last.end === at &&
        last.kind === kind &&
        last.rightsA === rightsA &&
        last.rightsB === rightsB &&
        (paA < 0 || last.paA + size === paA) &&
        (paB < 0 || last.paB + size === paB)
      )
        last.end = end;
      else pieces.push({ kind, start: at, end, paA, paB, rightsA, rightsB });
    }
    at = end;
    if (i < xs.length && xs[i + 1] <= at) i += 6;
    if (j < ys.length && ys[j + 1] <= at) j += 6;
  }
  return pieces.map((p) => diffRange(p, x.la57));
}

function diffRange(p: Piece, la57: boolean): DiffRange {
  const start = canonicalBigInt(p.start, la57);
  const r: DiffRange = { kind: p.kind, start, end: start + BigInt(p.end - p.start), changes: [] };
  if (p.paA >= 0) r.before = mapping(p.paA, p.rightsA);
  if (p.paB >= 0) r.after = mapping(p.paB, p.rightsB);
  if (p.kind === 'changed') {
    for (const [name, bit] of RIGHTS) if ((p.rightsA ^ p.rightsB) & bit) r.changes.push(name);
    if (p.paA !== p.paB) r.changes.push('target');
  }
  return r;
}

function mapping(physStart: number, rights: number): DiffMapping {
  return {
    physStart,
    user: (rights & RUN_USER) !== 0,
    writable: (rights & RUN_WRITABLE) !== 0,
    noExecute: (rights & RUN_NX) !== 0,
    global: (rights & RUN_GLOBAL) !== 0,
  };
}
