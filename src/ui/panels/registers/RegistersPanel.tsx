import { useMemo } from 'react';
import { Empty, Panel } from '../../components/Panel.tsx';
import { useApp } from '../../store/index.ts';
import { selectRegisters } from '../../store/selectors.ts';
import { diffRegisters } from './register-diff.ts';
import './registers.css';

/** `info registers` as QEMU prints it; what the last step or run changed is highlighted. */
export function RegistersPanel() {
  const text = useApp(selectRegisters);
  const before = useApp((s) => s.registersBefore);
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
          {lines.map((pieces, i) => (
            <span key={i}>
              {pieces.map((p, k) =>
                p.changed ? (
                  <mark key={k} className="changed">
                    {p.text}
                  </mark>
                ) : (
                  p.text
                ),
              )}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </Panel>
  );
}
