import type { TableRef } from '../../../engine/views.ts';
import type { TreeDatum } from './tree-data.ts';

/** One row of the tree: an open/close toggle for table pointers, and a label to translate. */
export function TreeNode(props: {
  d: TreeDatum;
  /** The entry is one the selected address's walk read. */
  onPath: boolean;
  onToggle(key: string, ref: TableRef, parent: string, top: boolean): void;
  onTranslate(va: string): void;
  onShowAll(key: string): void;
}) {
  const { d } = props;
  if (d.kind === 'root')
    return (
      <span className="tree-label root">
        CR3 → {d.table.level} at <code>{d.table.phys}</code> · {d.table.present} present
      </span>
    );
  if (d.kind === 'more')
    return (
      <button className="tree-more" onClick={() => props.onShowAll(d.tableKey)}>
        … {d.hidden} more entries: show all
      </button>
    );
  const e = d.entry;
  const range = e.count > 1 ? `[${e.index}-${e.index + e.count - 1}]` : `[${e.index}]`;
  return (
    <>
      {d.childKey ? (
        <button
          className="tree-toggle"
          aria-expanded={d.open}
          aria-label={`${d.open ? 'Close' : 'Open'} ${e.level} ${range} table`}
          onClick={() => props.onToggle(d.childKey!, e.child!, d.parentKey, d.top)}
        >
          {d.open ? '▾' : '▸'}
        </button>
      ) : (
        <span className="tree-toggle leaf" aria-hidden>
          •
        </span>
      )}
      <button
        className={`tree-label ${e.leaf ? 'leaf' : 'table'}${e.problems.length ? ' problem' : ''}${props.onPath ? ' on-path' : ''}`}
        aria-current={props.onPath ? 'location' : undefined}
        onClick={() => props.onTranslate(e.va)}
        title={[
          `${e.level} entry ${e.raw}`,
          `flags ${e.flags.join(' ') || '-'}`,
          ...e.problems,
          `click: translate ${e.va}`,
        ].join('\n')}
      >
        {/* A problem leads the row, so it shows however narrow the panel; words at the end. */}
        {e.problems.length > 0 && <span className="warn">⚠ </span>}
        <span className="idx">
          {e.level}
          {range}
        </span>{' '}
        {/* As QEMU prints addresses (16 digits, no 0x): the rows stay narrow. */}
        <code>{e.va.slice(2)}</code>
        {e.leaf && e.span !== '4 KiB' && <span className="count"> {e.span}</span>}
        {e.count > 1 && <span className="count"> ×{e.count}</span>}
        {' → '}
        <code>{e.target}</code> <span className="rights">{e.rights}</span>
        {e.flags.includes('US') && <span className="flag"> U</span>}
        {e.flags.includes('G') && <span className="flag"> G</span>}
        {e.problems.length > 0 && <span className="warn"> {e.problems[0]}</span>}
      </button>
    </>
  );
}
