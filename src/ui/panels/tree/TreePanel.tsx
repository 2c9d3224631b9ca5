import { useMemo } from 'react';
import { Empty, Panel } from '../../components/Panel.tsx';
import { useApp } from '../../store/index.ts';
import { selectTables } from '../../store/selectors.ts';
import { treeData } from './tree-data.ts';
import { layoutTree, ROW } from './tree-layout.ts';
import { TreeNode } from './TreeNode.tsx';
import './tree.css';

/** The paging structures under CR3: open a table pointer to read its table, click to translate. */
export function TreePanel() {
  const tables = useApp(selectTables);
  const expanded = useApp((s) => s.expanded);
  const closedTop = useApp((s) => s.closedTop);
  const showAll = useApp((s) => s.showAll);
  const toggle = useApp((s) => s.toggleTable);
  const showAllEntries = useApp((s) => s.showAllEntries);
  const setQuery = useApp((s) => s.setQuery);
  const layout = useMemo(() => {
    const data = tables && treeData(tables, expanded, closedTop, showAll);
    return data ? layoutTree(data) : null;
  }, [tables, expanded, closedTop, showAll]);

  return (
    <Panel title="Page tables" name="tree">
      {!layout ? (
        <Empty>{tables ? 'Paging is off: there are no tables to show.' : 'No machine yet.'}</Empty>
      ) : (
        <div
          className="tree"
          style={{ height: layout.height }}
          role="tree"
          aria-label="Page-table tree"
        >
          <svg
            className="tree-links"
            height={layout.height}
            width={(layout.maxDepth + 1) * 20}
            aria-hidden
          >
            {layout.links.map((l) => (
              <path key={l.id} d={l.path} />
            ))}
          </svg>
          {layout.nodes.map((n) => (
            <div
              key={n.d.id}
              className="tree-node"
              role="treeitem"
              aria-level={n.depth + 1}
              aria-expanded={n.d.kind === 'entry' && n.d.childKey ? n.d.open : undefined}
              style={{ transform: `translate(${n.x}px, ${n.y}px)`, height: ROW }}
            >
              <TreeNode
                d={n.d}
                onToggle={toggle}
                onTranslate={(va) => setQuery({ address: va })}
                onShowAll={showAllEntries}
              />
            </div>
          ))}
        </div>
      )}
    </Panel>
  );
}
