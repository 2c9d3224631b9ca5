import { tableKey } from '../../../engine/views.ts';
import type { TableEntryView, TableView } from '../../../engine/views.ts';

/** Entries a table shows before a "show all" node, so a full PT does not swamp the panel. */
export const ENTRIES_SHOWN = 64;

export type TreeDatum =
  | { kind: 'root'; id: string; table: TableView; children: TreeDatum[] }
  | {
      kind: 'entry';
      id: string;
      entry: TableEntryView;
      /** The table this entry points to, when it can be opened, and whether it is. */
      childKey: string | null;
      open: boolean;
      /** The table the entry sits in (its key), for the tree's bookkeeping. */
      parentKey: string;
      /** The entry sits in the root table: its table is open unless closed. */
      top: boolean;
      children: TreeDatum[];
    }
  | { kind: 'more'; id: string; tableKey: string; hidden: number; children: [] };

/**
 * The tree as data: the root table, and below each open entry the entries of its table (when
 * the engine has read it). Open tables missing from `tables` show nothing yet; they arrive
 * with the next update.
 */
export function treeData(
  tables: readonly TableView[],
  expanded: Readonly<Record<string, unknown>>,
  closedTop: Readonly<Record<string, true>>,
  showAll: Readonly<Record<string, true>>,
): TreeDatum | null {
  const root = tables[0];
  if (!root) return null;
  const byKey = new Map(tables.map((t) => [t.key, t]));
  const entriesOf = (t: TableView, path: string): TreeDatum[] => {
    const top = t === root;
    const all = showAll[t.key] ? t.entries : t.entries.slice(0, ENTRIES_SHOWN);
    const nodes: TreeDatum[] = all.map((e) => {
      const childKey = e.child ? tableKey(e.child) : null;
      const open =
        childKey !== null && (top ? !closedTop[childKey] : expanded[childKey] !== undefined);
      const child = open ? byKey.get(childKey!) : undefined;
      const id = `${path}/${e.index}`;
      return {
        kind: 'entry',
        id,
        entry: e,
        childKey,
        open,
        parentKey: t.key,
        top,
        // A table reachable from itself (a recursive slot) stops at its first repeat.
        children:
          child && !path.includes(`@${child.key}`) ? entriesOf(child, `${id}@${child.key}`) : [],
      };
    });
    if (all.length < t.entries.length)
      nodes.push({
        kind: 'more',
        id: `${path}/more`,
        tableKey: t.key,
        hidden: t.entries.length - all.length,
        children: [],
      });
    return nodes;
  };
  return { kind: 'root', id: 'root', table: root, children: entriesOf(root, `@${root.key}`) };
}
