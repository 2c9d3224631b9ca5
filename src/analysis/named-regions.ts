import type { ElfSection } from '../boot/elf-sections.ts';
import type { ElfSymbol } from '../boot/elf-symbols.ts';
import type { NamedRegion } from '../boot/plan.ts';
import type { RangeRun } from './ranges.ts';
import { aliasesIn } from './reverse-lookup.ts';
import { rightsText } from './rights-text.ts';

/** A named stretch of the kernel's address space, with how the current tables map it. */
export interface LabelledRange {
  name: string;
  /** Where the name comes from: the ELF's sections or symbols, or what the loader handed over. */
  source: 'section' | 'symbol' | 'boot';
  /** The boot region's kind (hhdm, stack, framebuffer, module...), 'section' or 'object'. */
  kind: string;
  /** Canonical virtual range, `end` exclusive; null for a physical region no table maps. */
  start: bigint | null;
  end: bigint | null;
  /** Where the loader placed it physically, when it says. */
  phys: { start: number; end: number } | null;
  /** Bytes of the virtual range the current tables map, and the rights they give there. */
  mappedBytes: number;
  rights: string[];
}

export interface NameSources {
  /** The boot plan's regions: kernel segments, HHDM, stack, modules, framebuffer, tables. */
  regions?: readonly NamedRegion[];
  /** The boot plan's sections, at the addresses the kernel runs at (already slid). */
  sections?: readonly ElfSection[];
  /** Symbols at the addresses the kernel runs at (the boot plan's, already slid). */
  symbols?: readonly ElfSymbol[];
  /** Object symbols are named from this size (4 KiB: stacks, page arrays, buffers). */
  minSymbolSize?: number;
}

/**
 * The kernel's sections, its large objects and the loader's regions as labelled virtual
 * ranges, each with what the tables `runs` describe map of it. A region the loader gave only
 * physically (page tables, modules) is placed where a run maps its first byte, if one does.
 */
export function namedRanges(runs: RangeRun[], src: NameSources): LabelledRange[] {
  const out: LabelledRange[] = [];
  for (const s of src.sections ?? [])
    out.push(labelled(runs, s.name, 'section', 'section', s.addr, s.size, null));
  const minSize = BigInt(src.minSymbolSize ?? 4096);
  for (const s of src.symbols ?? [])
    if (s.type === 'object' && s.size >= minSize)
      out.push(labelled(runs, s.name, 'symbol', 'object', s.value, s.size, null));
  for (const r of src.regions ?? []) {
    const phys = r.phys ? { start: r.phys.base, end: r.phys.base + r.phys.length } : null;
    if (r.virt) {
      out.push(labelled(runs, r.name, 'boot', r.kind, r.virt.base, r.virt.length, phys));
      continue;
    }
    const alias = r.phys ? aliasesIn(runs, r.phys.base, 1)[0] : undefined;
    const at = alias?.start ?? null;
    out.push(labelled(runs, r.name, 'boot', r.kind, at, BigInt(r.phys?.length ?? 0), phys));
  }
  return out.sort((a, b) => order(a.start, b.start));
}

function order(a: bigint | null, b: bigint | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function labelled(
  runs: RangeRun[],
  name: string,
  source: LabelledRange['source'],
  kind: string,
  start: bigint | null,
  size: bigint,
  phys: LabelledRange['phys'],
): LabelledRange {
  const r: LabelledRange = {
    name,
    source,
    kind,
    start,
    end: null,
    phys,
    mappedBytes: 0,
    rights: [],
  };
  if (start === null) return r;
  const end = start + size;
  r.end = end;
  for (let i = firstEndingAfter(runs, start); i < runs.length && runs[i].start < end; i++) {
    const run = runs[i];
    const from = run.start > start ? run.start : start;
    const to = run.end < end ? run.end : end;
    r.mappedBytes += Number(to - from);
    const rights = rightsText(run) + (run.global ? ' global' : '');
    if (!r.rights.includes(rights)) r.rights.push(rights);
  }
  return r;
}

/** Index of the first run (in virtual order) that ends after `va`: a binary search. */
function firstEndingAfter(runs: RangeRun[], va: bigint): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid].end <= va) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** For each run, the names of the labelled ranges it overlaps: what the ranges view shows. */
export function runLabels(runs: RangeRun[], named: LabelledRange[]): string[][] {
  return runs.map((run) =>
    named
      .filter((n) => n.start !== null && n.end !== null && n.start < run.end && n.end > run.start)
      .map((n) => n.name),
  );
}
