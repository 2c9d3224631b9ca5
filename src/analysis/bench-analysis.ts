import { PhysicalMemory } from '../core/memory/physical-memory.ts';
import {
  CR0_PE,
  CR0_PG,
  CR0_WP,
  CR4_PAE,
  EFER_LMA,
  EFER_LME,
  EFER_NXE,
} from '../core/mmu/paging-bits.ts';
import { infoMem } from './info-mem.ts';
import { infoTlb } from './info-tlb.ts';
import { buildPageTree } from './page-tree.ts';
import type { PagingState } from './paging-state.ts';
import { addressRanges } from './ranges.ts';
import { diffAddressSpaces } from './space-diff.ts';
import { TableBuilder } from './tables/table-builder.ts';
import { translate } from './translate.ts';

/** Figures from one benchmark run, in milliseconds (best of several runs). */
export interface AnalysisBenchResult {
  ptes: number;
  setupMs: number;
  treeMs: number;
  treeEntries: number;
  infoMemMs: number;
  infoMemLines: number;
  infoTlbMs: number;
  infoTlbLines: number;
  rangesMs: number;
  rangesRuns: number;
  /** Two snapshots of the machine compared (diffAddressSpaces). */
  diffMs: number;
  diffRanges: number;
  /** Mean time of one translate() over many addresses. */
  translateMs: number;
}

const P = 1,
  RW = 2,
  US = 4,
  G = 0x100;
const NX = 0x80000000;

/**
 * The analysis workload the targets are set for: 4 GiB identity-mapped in 4 KiB pages (one
 * million PTEs, every 16th page read-only and every 64th user, so `info mem` has ranges to
 * cut) plus a 4 GiB HHDM of 2 MiB pages at 0xffff800000000000. Built once into 16 MiB of RAM.
 */
export function benchMachine(): { state: PagingState; mem: PhysicalMemory; tables: TableBuilder } {
  const mem = new PhysicalMemory(16 << 20);
  const b = new TableBuilder(mem, 'la48', 0x100000);
  for (let i = 0; i < 1 << 20; i += 16) {
    b.mapRun(BigInt(i) * 4096n, i * 4096, 15, P | RW | (i % 64 === 0 ? US : 0));
    b.map(BigInt(i + 15) * 4096n, (i + 15) * 4096, 4096, P);
  }
  for (let i = 0; i < 2048; i++)
    b.map(0xffff800000000000n + BigInt(i) * 0x200000n, i * 0x200000, 0x200000, P | RW | G, NX);
  const state: PagingState = {
    cr0: CR0_PE | CR0_PG | CR0_WP,
    cr4: CR4_PAE,
    efer: EFER_LME | EFER_LMA | EFER_NXE,
    cr3: Int32Array.of(b.root, 0),
  };
  return { state, mem, tables: b };
}

/**
 * The bench machine's RAM copied, then changed as a kernel between two snapshots might: every
 * 256th 4 KiB page made read-only and the last GiB of the HHDM unmapped. What `diff` compares.
 */
function changedCopy(mem: PhysicalMemory, b: TableBuilder): PhysicalMemory {
  const copy = new PhysicalMemory(mem.size);
  copy.ram.set(mem.ram);
  for (let i = 0; i < 1 << 20; i += 256) {
    const pte = b.entryAddr(BigInt(i) * 4096n, 1);
    copy.view.setUint32(pte, mem.view.getUint32(pte, true) & ~RW, true);
  }
  for (let i = 1536; i < 2048; i++)
    copy.view.setBigUint64(b.entryAddr(0xffff800000000000n + BigInt(i) * 0x200000n, 2), 0n, true);
  return copy;
}

function lineCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The fastest of `runs` calls of `f` (after one warm-up call), and what it returned. */
export function best<T>(runs: number, f: () => T): { ms: number; value: T } {
  let ms = Infinity;
  let value = f(); // warm-up: the first call pays for compilation
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, value };
}

/** Runs the analysis benchmark; `quick` trims the repetitions. Exported for `npm run bench`. */
export function benchAnalysis(quick = false): AnalysisBenchResult {
  const t0 = performance.now();
  const { state, mem, tables } = benchMachine();
  const after = changedCopy(mem, tables);
  const setupMs = performance.now() - t0;
  const runs = quick ? 2 : 5;
  const tree = best(runs, () => buildPageTree(state, mem));
  const im = best(runs, () => infoMem(state, mem));
  const it = best(quick ? 1 : 3, () => infoTlb(state, mem));
  const rg = best(runs, () => addressRanges(state, mem));
  const df = best(runs, () =>
    diffAddressSpaces({ mem, paging: state }, { mem: after, paging: state }),
  );
  const n = quick ? 2000 : 20000;
  const tr = best(runs, () => {
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const va = (BigInt((i * 2654435761) >>> 12) << 12n) | 0x123n;
      if (translate(state, mem, va, { access: 'read', cpl: 0 }).ok) ok++;
    }
    return ok;
  });
  return {
    ptes: tree.value.stats.pages4K,
    setupMs,
    treeMs: tree.ms,
    treeEntries: tree.value.entries,
    infoMemMs: im.ms,
    infoMemLines: lineCount(im.value),
    infoTlbMs: it.ms,
    infoTlbLines: lineCount(it.value),
    rangesMs: rg.ms,
    rangesRuns: rg.value.runs.length,
    diffMs: df.ms,
    diffRanges: df.value.length,
    translateMs: tr.ms / n,
  };
}

export function formatAnalysisBench(r: AnalysisBenchResult): string {
  const ms = (v: number) => v.toFixed(v < 1 ? 4 : 1).padStart(8) + ' ms';
  return [
    `analysis over ${r.ptes} PTEs + HHDM (tables built in ${r.setupMs.toFixed(0)} ms)`,
    `page tree   ${ms(r.treeMs)}   ${r.treeEntries} entries`,
    `info mem    ${ms(r.infoMemMs)}   ${r.infoMemLines} lines   (target < 100 ms)`,
    `info tlb    ${ms(r.infoTlbMs)}   ${r.infoTlbLines} lines`,
    `ranges      ${ms(r.rangesMs)}   ${r.rangesRuns} runs`,
    `diff        ${ms(r.diffMs)}   ${r.diffRanges} ranges between two snapshots`,
    `translate   ${ms(r.translateMs)}   per call (target < 0.1 ms)`,
  ].join('\n');
}
