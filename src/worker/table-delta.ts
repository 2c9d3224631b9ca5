import type { PanelViews } from '../engine/views.ts';

/**
 * Views go from the engine to the page ten times a second, and with hundreds of tables open
 * in the tree their entries are most of the bytes: copying them again costs the page whole
 * seconds when nothing in them changed. So a table the page already holds, with the same
 * stamp (equal stamps, equal views), travels without its entries, and the page takes them
 * from the views it holds. Updates arrive in order and the page applies every one, so what
 * it holds is what was posted last; a new machine (epoch) starts from nothing.
 */
export class PostedTables {
  private stamps = new Map<string, string>();

  /** The views to post, and the keys of the tables sent without their entries. */
  pack(views: PanelViews): { views: PanelViews; kept: string[] } {
    const kept: string[] = [];
    const stamps = new Map<string, string>();
    const tables = views.tables.map((t) => {
      stamps.set(t.key, t.stamp);
      if (this.stamps.get(t.key) !== t.stamp) return t;
      kept.push(t.key);
      return { ...t, entries: [] };
    });
    this.stamps = stamps;
    return { views: kept.length > 0 ? { ...views, tables } : views, kept };
  }

  /** A new machine: the page holds no table of it. */
  reset(): void {
    this.stamps.clear();
  }
}

/** The page's side of PostedTables.pack: entries of the `kept` tables from `held`. */
export function unpackTables(
  views: PanelViews,
  kept: readonly string[],
  held: PanelViews | null,
): PanelViews {
  if (kept.length === 0) return views;
  const before = new Map(held?.tables.map((t) => [t.key, t]));
  const tables = views.tables.map((t) => {
    if (!kept.includes(t.key)) return t;
    const old = before.get(t.key);
    if (old === undefined || old.stamp !== t.stamp)
      throw new Error(`views update: table ${t.key} was sent as unchanged but is not held`);
    return old;
  });
  return { ...views, tables };
}
