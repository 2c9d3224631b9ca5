import { Fragment, useMemo } from 'react';
import { Empty, Panel } from '../../components/Panel.tsx';
import { useApp } from '../../store/index.ts';
import { selectRegisters } from '../../store/selectors.ts';
import { addressTokens } from './register-addresses.ts';
import type { AddressToken } from './register-addresses.ts';
import { diffRegisters } from './register-diff.ts';
import './registers.css';

/**
 * `info registers` as QEMU prints it; what the last step or run changed is highlighted, and
 * the addresses in it (registers, CR2, debug registers, bases) translate on a click.
 */
export function RegistersPanel() {
  const text = useApp(selectRegisters);
  const before = useApp((s) => s.registersBefore);
  const setQuery = useApp((s) => s.setQuery);
  const piece = (p: string, a: AddressToken | null) =>
    a ? (
      <>
        {a.prefix}
        <button
          className="reg-address"
          title={`Translate 0x${a.address}`}
          onClick={() => setQuery({ address: `0x${a.address}` })}
        >
          {a.address}
        </button>
      </>
    ) : (
      p
    );
  const lines = useMemo(
    () => (text ? diffRegisters(text.replace(/^\n/, ''), before?.replace(/^\n/, '') ?? null) : []),
    [text, before],
  );
  return (
    <Panel
      title="Registers"
      name="registers"
      actions={
        before ? (
          <span className="legend changed">changed since the last step or run began</span>
        ) : undefined
      }
    >
      {!text ? (
        <Empty>No machine yet.</Empty>
      ) : (
        <pre className="registers" aria-label="info registers" data-testid="registers">
          {lines.map((pieces, i) => {
            const addresses = addressTokens(pieces.map((p) => p.text));
            return (
              <span key={i}>
                {pieces.map((p, k) =>
                  p.changed ? (
                    <mark key={k} className="changed">
                      {piece(p.text, addresses[k])}
                    </mark>
                  ) : (
                    <Fragment key={k}>{piece(p.text, addresses[k])}</Fragment>
                  ),
                )}
                {'\n'}
              </span>
            );
          })}
        </pre>
      )}
    </Panel>
  );
}
