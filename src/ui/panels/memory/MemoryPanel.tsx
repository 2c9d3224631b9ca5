import { useEffect, useMemo, useRef, useState } from 'react';
import { Empty, Panel } from '../../components/Panel.tsx';
import { useInspector } from '../../components/use-inspector.ts';
import { useApp } from '../../store/index.ts';
import {
  asciiOf,
  BYTES_PER_ROW,
  hexOf,
  memoryRows,
  windowBase,
  WINDOW_ROWS,
} from './memory-rows.ts';
import './memory.css';

const ROW_PX = 18;
const OVERSCAN = 8;

const hex = (a: bigint) => '0x' + a.toString(16).padStart(16, '0');

/**
 * Guest memory in hex and ASCII, by virtual address (through the live page tables) or by
 * physical address. The scroller spans a megabyte around the address and only the rows in
 * sight are read and drawn; a page that does not translate says why. A virtual address
 * translates on click.
 */
export function MemoryPanel() {
  const chosen = useApp((s) => s.memoryAt);
  // Until an address is typed here, the memory at the address being translated.
  const translated = useApp((s) => s.query.address);
  const memoryAt = chosen.address ? chosen : { ...chosen, address: translated };
  const showMemory = useApp((s) => s.showMemory);
  const setQuery = useApp((s) => s.setQuery);
  const [text, setText] = useState(memoryAt.address);
  const [synced, setSynced] = useState(memoryAt.address);
  if (memoryAt.address !== synced) {
    setSynced(memoryAt.address);
    setText(memoryAt.address);
  }
  const typed = useMemo(() => {
    try {
      return BigInt(
        memoryAt.address
          .trim()
          .replace(/^(?!0x)/i, '0x')
          .replace(/[_'\s]/g, ''),
      );
    } catch {
      return null;
    }
  }, [memoryAt.address]);
  // Anything else (a symbol, `kmain+0x10`) the engine resolves: its view starts there.
  const { result: lookup } = useInspector(
    'memory',
    typed === null && memoryAt.address.trim() !== ''
      ? { address: memoryAt.address, space: memoryAt.space, length: 16 }
      : null,
  );
  const resolved = typed ?? (lookup && !lookup.inputError ? BigInt(lookup.start) : null);
  const target = resolved === null ? null : resolved & ~15n;
  const base = target === null ? null : windowBase(target);

  const scroller = useRef<HTMLDivElement>(null);
  const [first, setFirst] = useState(0);
  const [visible, setVisible] = useState(32);
  // A new address scrolls to it.
  useEffect(() => {
    const el = scroller.current;
    if (!el || base === null || target === null) return;
    const row = Number((target - base) / 16n);
    el.scrollTop = row * ROW_PX;
    setFirst(row);
  }, [base, target]);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setVisible(Math.ceil(el.clientHeight / ROW_PX) + 1));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const from = Math.max(0, first - OVERSCAN);
  const rows = Math.min(WINDOW_ROWS - from, visible + 2 * OVERSCAN);
  const args =
    base === null
      ? null
      : {
          address: hex(base + BigInt(from * BYTES_PER_ROW)),
          space: memoryAt.space,
          length: rows * BYTES_PER_ROW,
        };
  const { result: view, error } = useInspector('memory', args);
  const shown = view && !view.inputError ? memoryRows(view) : [];
  const firstShown =
    view && base !== null && !view.inputError ? Number((BigInt(view.start) - base) / 16n) : 0;

  return (
    <Panel title="Memory" name="memory">
      <form
        className="memory-form"
        onSubmit={(e) => {
          e.preventDefault();
          showMemory(text.trim());
        }}
      >
        <input
          aria-label="Memory address"
          placeholder="address or symbol"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <select
          aria-label="Address space"
          value={memoryAt.space}
          onChange={(e) =>
            showMemory(memoryAt.address, e.target.value === 'physical' ? 'physical' : 'virtual')
          }
        >
          <option value="virtual">virtual</option>
          <option value="physical">physical</option>
        </select>
        <button type="submit">Show</button>
      </form>
      {(error || view?.inputError || lookup?.inputError) && (
        <p className="input-error">{error ?? view?.inputError ?? lookup?.inputError}</p>
      )}
      {base === null ? (
        <Empty>Type an address to see the bytes there.</Empty>
      ) : (
        <div
          ref={scroller}
          className="memory-scroller"
          onScroll={(e) => setFirst(Math.floor(e.currentTarget.scrollTop / ROW_PX))}
          role="grid"
          aria-label="Memory bytes"
        >
          <div style={{ height: WINDOW_ROWS * ROW_PX, position: 'relative' }}>
            {shown.map((r, k) => (
              <div
                key={r.address.toString()}
                className={r.bytes ? 'memory-row' : 'memory-row unmapped'}
                role="row"
                style={{ top: (firstShown + k) * ROW_PX, height: ROW_PX }}
                title={r.title || undefined}
              >
                {memoryAt.space === 'virtual' ? (
                  <button
                    className="link"
                    onClick={() => setQuery({ address: hex(r.address) })}
                    title={
                      r.physical ? `Translate (physical ${r.physical})` : 'Translate this address'
                    }
                  >
                    {r.address.toString(16).padStart(16, '0')}
                  </button>
                ) : (
                  <span className="muted">{r.address.toString(16).padStart(16, '0')}</span>
                )}
                {r.bytes ? (
                  <>
                    <span className="memory-hex">{hexOf(r.bytes)}</span>
                    <span className="memory-ascii">{asciiOf(r.bytes)}</span>
                  </>
                ) : (
                  <span className="memory-why">
                    {r.why ? `not shown: ${r.why}` : '·· '.repeat(16)}
                  </span>
                )}
              </div>
            ))}
          </div>
        </div>
      )}
    </Panel>
  );
}
