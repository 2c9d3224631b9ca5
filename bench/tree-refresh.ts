import { deserialize, serialize } from 'node:v8';
import { allOpen, bigTree, entry } from '../src/ui/panels/tree/test-tables.ts';
import { treeModel } from '../src/ui/panels/tree/tree-data.ts';
import type { TreeModel } from '../src/ui/panels/tree/tree-data.ts';
import { visiblePart } from '../src/ui/panels/tree/tree-layout.ts';

export interface TreeRefreshResult {
  rows: number;
  /** Building the tree with nothing to reuse (the first update, a new machine). */
  firstMs: number;
  /** A fresh copy of the same tables, as the worker sends ten times a second. */
  unchangedMs: number;
  /** The same with one PT's stamp and an entry changed. */
  oneChangedMs: number;
  /** The 40 rows of a window in the middle, with their links. */
  windowMs: number;
  /** The tables of one update as the worker posts them: bytes, and reading them back. */
  updateBytes: number;
  updateReadMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function timed(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/**
 * What the page-table tree costs the page at each views update with every table open: 2
 * PDs of 500 PTs of 512 pages, shown in full (513,003 rows). Each run gets a fresh copy of
 * the tables, as a structured clone from the worker is; the copy is made outside the timing.
 */
export function treeRefresh(quick: boolean): TreeRefreshResult {
  const tables = bigTree(2, 500);
  const state = allOpen(tables);
  const runs = quick ? 5 : 15;
  const first: number[] = [];
  const unchanged: number[] = [];
  const oneChanged: number[] = [];
  const window: number[] = [];
  let model: TreeModel | null = null;
  for (let i = 0; i < runs; i++) {
    const copy = structuredClone(tables);
    first.push(timed(() => (model = treeModel(copy, state, null))));
    const again = structuredClone(tables);
    let reused: TreeModel | null = null;
    unchanged.push(timed(() => (reused = treeModel(again, state, model))));
    if (reused!.root !== model!.root) throw new Error('an unchanged tree was built again');
    const changed = structuredClone(tables);
    const pt = changed[3 + i];
    pt.stamp = `changed ${i}`;
    pt.entries[7] = entry(7, null, 0x7000_0000 + i * 0x1000);
    oneChanged.push(timed(() => (model = treeModel(changed, state, model))));
    window.push(timed(() => visiblePart(model!, 250_000, 250_040)));
  }
  const posted = serialize(tables);
  const reads = Array.from({ length: quick ? 1 : 3 }, () => timed(() => deserialize(posted)));
  return {
    rows: model!.rows,
    firstMs: median(first),
    unchangedMs: median(unchanged),
    oneChangedMs: median(oneChanged),
    windowMs: median(window),
    updateBytes: posted.length,
    updateReadMs: median(reads),
  };
}

export function formatTreeRefresh(r: TreeRefreshResult): string {
  return [
    `page-table tree refresh (${r.rows} rows: every table open and shown in full), median ms:`,
    `  first build ${r.firstMs.toFixed(1)}, fresh copy unchanged ${r.unchangedMs.toFixed(1)},` +
      ` one table changed ${r.oneChangedMs.toFixed(1)}, a 40-row window ${r.windowMs.toFixed(2)}`,
    `  the update's tables themselves: ${(r.updateBytes / 1e6).toFixed(0)} MB structured clone,` +
      ` ${r.updateReadMs.toFixed(0)} ms to read back`,
  ].join('\n');
}
