import { useMemo, useState } from 'react';
import { Empty, Panel } from '../../components/Panel.tsx';
import { useRowWindow } from '../../format/use-row-window.ts';
import { useApp } from '../../store/index.ts';
import { selectTables } from '../../store/selectors.ts';
import { treeModelKeeper } from './tree-data.ts';
import { maxDepth, ROW, visiblePart } from './tree-layout.ts';
import { TreeNode } from './TreeNode.tsx';
import './tree.css';

/**
 * The paging structures under CR3: open a table pointer to read its table, click to translate.
 * Only the rows in view (and their links) are rendered: opened tables of 512 entries each
 * make trees of hundreds of thousands of rows.
 */
export function TreePanel() {
  const tables = useApp(selectTables);
  const expanded = useApp((s) => s.expanded);
  const closedTop = useApp((s) => s.closedTop);
  const showAll = useApp((s) => s.showAll);
  const toggle = useApp((s) => s.toggleTable);
  const showAllEntries = useApp((s) => s.showAllEntries);
  const setQuery = useApp((s) => s.setQuery);
  const [buildTree] = useState(treeModelKeeper);
  const tree = useMemo(
    () => buildTree(tables, { expanded, closedTop, showAll }),
    [buildTree, tables, expanded, closedTop, showAll],
  );
  const { ref, from, to } = useRowWindow(ROW, tree?.rows ?? 0);
  const { nodes, links } = tree ? visiblePart(tree, from, to) : { nodes: [], links: [] };

  return (
    <Panel title="Page tables" name="tree">
      {!tree ? (
        <Empty>{tables ? 'Paging is off: there are no tables to show.' : 'No machine yet.'}</Empty>
      ) : (
        <div
          ref={ref}
          className="tree"
          style={{ height: tree.rows * ROW }}
          role="tree"
          aria-label="Page-table tree"
          data-rows={tree.rows}
        >
          <svg
            className="tree-links"
            height={tree.rows * ROW}
            width={(maxDepth(tree) + 1) * 20}
            aria-hidden
          >
            {links.map((l) => (
              <path key={l.id} d={l.path} />
            ))}
          </svg>
          {nodes.map((n) => (
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
