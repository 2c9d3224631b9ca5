import { useState } from 'react';
import type { StopCondition } from '../../engine/views.ts';
import { parseVector } from '../../engine/vector-input.ts';
import { useApp } from '../store/index.ts';

type Kind = StopCondition['kind'];

const KIND_WORDS: Record<Kind, string> = {
  address: 'address or symbol',
  'cr3-write': 'CR3 write',
  exception: 'exception vector',
  'table-write': 'page-table write',
};

/**
 * The breakpoints: add one (an address or symbol, any CR3 write, an exception vector, a write
 * to a page table), switch it off and on, remove it. The engine's view of each says what it
 * resolved to, how often it hit, or why it cannot be armed.
 */
export function BreakpointsMenu() {
  const list = useApp((s) => s.breakpoints);
  const views = useApp((s) => s.views?.breakpoints ?? null);
  const add = useApp((s) => s.addBreakpoint);
  const toggle = useApp((s) => s.toggleBreakpoint);
  const remove = useApp((s) => s.removeBreakpoint);
  const [kind, setKind] = useState<Kind>('address');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    const c = condition(kind, text);
    if (typeof c === 'string') return setError(c);
    setError(null);
    setText('');
    add(c);
  };

  return (
    <details className="menu breakpoints">
      <summary title="Breakpoints">Breakpoints ({list.filter((b) => b.enabled).length}) ▾</summary>
      <div className="menu-body">
        <form
          className="menu-row"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <select
            aria-label="Breakpoint kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
          >
            {(Object.keys(KIND_WORDS) as Kind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_WORDS[k]}
              </option>
            ))}
          </select>
          {(kind === 'address' || kind === 'exception') && (
            <input
              aria-label="Breakpoint address or vector"
              placeholder={kind === 'address' ? 'kmain, 0xffffffff80001000' : '14, #PF'}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
          <button type="submit">Add</button>
        </form>
        {error && (
          <p className="input-error" role="status">
            {error}
          </p>
        )}
        <ul className="breakpoint-list" aria-label="Breakpoints">
          {list.map((b) => {
            const v = views?.find((x) => x.id === b.id);
            return (
              <li key={b.id} className={b.enabled ? '' : 'off'} data-testid="breakpoint">
                <label>
                  <input type="checkbox" checked={b.enabled} onChange={() => toggle(b.id)} />{' '}
                  {v?.label ?? KIND_WORDS[b.kind]}
                </label>
                {v && v.hits > 0 && <span className="hits">{v.hits}×</span>}
                {v?.error && <span className="input-error">{v.error}</span>}
                <button aria-label="Remove breakpoint" onClick={() => remove(b.id)}>
                  ✕
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </details>
  );
}

/** The condition the form describes, or why it describes none. */
function condition(kind: Kind, text: string): StopCondition | string {
  switch (kind) {
    case 'address':
      return text.trim() === ''
        ? 'Type an address or a symbol, e.g. kmain.'
        : { kind, address: text.trim() };
    case 'exception': {
      if (text.trim() === '') return { kind, vector: null };
      const v = parseVector(text);
      return typeof v === 'string' ? v : { kind, vector: v };
    }
    default:
      return { kind };
  }
}
