import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Empty, Panel } from '../../components/Panel.tsx';
import { useRowWindow } from '../../format/use-row-window.ts';
import { useApp } from '../../store/index.ts';
import { selectTables, selectTranslation } from '../../store/selectors.ts';
import { onPath, pathRow, selectedPath } from './selected-path.ts';
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
  const translation = useApp(selectTranslation);
  const path = useMemo(() => selectedPath(translation), [translation]);
  const [buildTree] = useState(treeModelKeeper);
  const tree = useMemo(
    () => buildTree(tables, { expanded, closedTop, showAll }),
    [buildTree, tables, expanded, closedTop, showAll],
  );
  const { ref, from, to } = useRowWindow(ROW, tree?.rows ?? 0);
  const treeEl = useRef<HTMLDivElement | null>(null);
  const setTreeEl = useCallback(
    (el: HTMLDivElement | null) => {
      treeEl.current = el;
      ref(el);
    },
    [ref],
  );
  // "Tree" in the translation panel: once the walk's tables have arrived, its deepest entry
  // is scrolled into the middle of the panel.
  const pathShown = useApp((s) => s.pathShown);
  const scrolledFor = useRef(0);
  useEffect(() => {
    const el = treeEl.current;
    const scroller = el?.closest<HTMLElement>('.panel-body');
    if (pathShown === scrolledFor.current || !tree || !path || !el || !scroller) return;
    const found = pathRow(tree, path);
    if (found === null) return;
    scroller.scrollTop = el.offsetTop + found.row * ROW - scroller.clientHeight / 2;
    if (found.complete) scrolledFor.current = pathShown;
  }, [pathShown, tree, path]);
  const { nodes, links } = tree ? visiblePart(tree, from, to) : { nodes: [], links: [] };

  return (
    <Panel title="Page tables" name="tree">
      {!tree ? (
        <Empty>{tables ? 'Paging is off: there are no tables to show.' : 'No machine yet.'}</Empty>
      ) : (
        <div
          ref={setTreeEl}
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
                onPath={onPath(n.d, path)}
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
