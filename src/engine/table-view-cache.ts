import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import type { PagingState } from '../analysis/index.ts';
import { tableStamp, tableView } from './table-view.ts';
import { tableKey } from './views.ts';
import type { TableRef, TableView } from './views.ts';

/**
 * The table views of the last refresh, so the next one reads again only the tables whose
 * stamp changed: with hundreds of tables open in the tree, building each view costs far
 * more than hashing its 4 KiB. Holds what the last refresh asked for, nothing older.
 */
export class TableViewCache {
  private last = new Map<string, TableView>();
  private next = new Map<string, TableView>();

  view(state: PagingState, mem: PhysicalMemory, ref: TableRef): TableView {
    const key = tableKey(ref);
    const old = this.last.get(key);
    const stamp = tableStamp(state, mem, ref);
    const view = old?.stamp === stamp ? old : tableView(state, mem, ref, stamp);
    this.next.set(key, view);
    return view;
  }

  /** The refresh is over: the tables it did not ask for are dropped. */
  done(): void {
    this.last = this.next;
    this.next = new Map();
  }
}
