import { useState } from 'react';
import type { DisassemblyLineView } from '../../../engine/inspector-views.ts';
import { Empty, Panel } from '../../components/Panel.tsx';
import { useInspector } from '../../components/use-inspector.ts';
import { useApp } from '../../store/index.ts';
import './disassembly.css';

const LINES = 48;

/**
 * Instructions around RIP (or at an address or symbol typed in), decoded by the CPU's own
 * decoder in Intel syntax. An address translates on click; a branch target or RIP-relative
 * operand opens the listing there.
 */
export function DisassemblyPanel() {
  const at = useApp((s) => s.disassemblyAt);
  const show = useApp((s) => s.showDisassembly);
  const setQuery = useApp((s) => s.setQuery);
  const { result: d, error } = useInspector('disassemble', { address: at, count: LINES });
  const [text, setText] = useState(at ?? '');
  const [synced, setSynced] = useState(at);
  if (at !== synced) {
    setSynced(at);
    setText(at ?? '');
  }

  return (
    <Panel
      title="Disassembly"
      name="disassembly"
      actions={
        <button
          onClick={() => show(null)}
          disabled={at === null}
          title="List the instructions around RIP"
        >
          Follow RIP
        </button>
      }
    >
      <form
        className="disassembly-form"
        onSubmit={(e) => {
          e.preventDefault();
          show(text.trim() === '' ? null : text.trim());
        }}
      >
        <input
          aria-label="Disassemble at"
          placeholder="address or symbol (empty: around RIP)"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">Go</button>
      </form>
      {error && <p className="input-error">{error}</p>}
      {!d ? (
        <Empty>No machine yet.</Empty>
      ) : d.inputError ? (
        <p className="input-error" role="status">
          {d.inputError}
        </p>
      ) : (
        <table className="disassembly" aria-label="Instructions">
          <tbody>
            {d.lines.map((l) => (
              <Line
                key={l.address}
                l={l}
                onTranslate={(a) => setQuery({ address: a })}
                onFollow={show}
              />
            ))}
          </tbody>
        </table>
      )}
      {d && (
        <p className="note">
          {d.mode}-bit code · RIP {d.rip}
        </p>
      )}
    </Panel>
  );
}

function Line(props: {
  l: DisassemblyLineView;
  onTranslate(a: string): void;
  onFollow(a: string): void;
}) {
  const { l } = props;
  return (
    <>
      {l.label && (
        <tr className="dis-label">
          <td colSpan={3}>&lt;{l.label}&gt;:</td>
        </tr>
      )}
      <tr
        className={l.current ? 'dis-line current' : 'dis-line'}
        aria-current={l.current ? 'true' : undefined}
      >
        <td>
          <button
            className="link"
            onClick={() => props.onTranslate(l.address)}
            title="Translate this address"
          >
            {l.address.replace(/^0x/, '')}
          </button>
        </td>
        <td className="dis-text">
          {l.unreadable ? (
            <span className="muted">{l.unreadable}</span>
          ) : (
            <>
              <span className="dis-mnemonic">{l.mnemonic}</span> {l.operands}
              {l.target && (
                <button
                  className="link dis-follow"
                  onClick={() => props.onFollow(l.target!)}
                  title="List the instructions there"
                >
                  →
                </button>
              )}
              {l.comment && <span className="dis-comment"> # {l.comment}</span>}
            </>
          )}
        </td>
        <td className="dis-bytes">{l.bytes}</td>
      </tr>
    </>
  );
}
