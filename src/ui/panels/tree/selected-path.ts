import { tableKey } from '../../../engine/views.ts';
import type { TranslationView } from '../../../engine/views.ts';
import type { TreeDatum, TreeModel } from './tree-data.ts';

/** The entries the selected address's walk read: each by its table (the tree's key) and index. */
export interface SelectedPath {
  steps: { key: string; index: number }[];
}

export function selectedPath(t: TranslationView | null): SelectedPath | null {
  if (!t || t.inputError || t.steps.length === 0) return null;
  return { steps: t.steps.map((s) => ({ key: tableKey(s.table), index: s.index })) };
}

/** Whether a row of the tree is on the walk: CR3's row, or an entry of the walk. */
export function onPath(d: TreeDatum, path: SelectedPath | null): boolean {
  if (path === null) return false;
  if (d.kind === 'root') return true;
  if (d.kind !== 'entry') return false;
  const e = d.entry;
  return path.steps.some(
    (s) => s.key === d.parentKey && s.index >= e.index && s.index < e.index + e.count,
  );
}

/**
 * The row of the walk's deepest entry the tree shows, going down the open blocks along the
 * walk (no row is built), and whether that is the walk's last entry; null when not even the
 * root table's entry is shown.
 */
export function pathRow(
  model: TreeModel,
  path: SelectedPath,
): { row: number; complete: boolean } | null {
  let block = model.root;
  let first = 1;
  let found: { row: number; complete: boolean } | null = null;
  for (let depth = 0; ; depth++) {
    const key = tableKey(block.table.ref);
    const step = path.steps.find((s) => s.key === key);
    if (step === undefined) return found;
    const pos = block.table.entries.findIndex(
      (e) => step.index >= e.index && step.index < e.index + e.count,
    );
    if (pos < 0 || pos >= block.shown) return found;
    // Entries before it, and the rows of the tables open under them.
    let row = pos;
    for (const s of block.subs) if (s.pos < pos) row += s.block.rows;
    found = { row: first + row, complete: depth === path.steps.length - 1 };
    const sub = block.subs.find((s) => s.pos === pos);
    if (sub === undefined) return found;
    block = sub.block;
    first = found.row + 1;
  }
}
