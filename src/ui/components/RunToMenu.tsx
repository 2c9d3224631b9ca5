import { useState } from 'react';
import type { ReactNode } from 'react';
import type { RunTarget } from '../../engine/views.ts';
import { useApp } from '../store/index.ts';
import { parseVector } from '../../engine/vector-input.ts';

/**
 * "Run to": the next CR3 write, the next exception (any, or one vector), an address or a
 * symbol, an instruction count. The machine runs until it gets there (or a breakpoint, or the
 * end); the pause reason beside the controls says where it stopped.
 */
export function RunToMenu(props: { disabled: boolean; why: string }) {
  const runTo = useApp((s) => s.runTo);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [address, setAddress] = useState('');
  const [vector, setVector] = useState('14');
  const [count, setCount] = useState('');

  const go = async (target: RunTarget | string) => {
    if (typeof target === 'string') return setError(target);
    const failed = await runTo(target);
    setError(failed);
    if (!failed) setOpen(false);
  };
  const vectorTarget = (): RunTarget | string => {
    const v = parseVector(vector);
    return typeof v === 'string' ? v : { kind: 'exception', vector: v };
  };
  const countTarget = (): RunTarget | string => {
    const n = Number(count.replace(/[,_\s]/g, ''));
    return Number.isSafeInteger(n) && n > 0
      ? { kind: 'instruction', count: n }
      : 'an instruction count is a whole number above 0';
  };

  return (
    <details className="menu run-to" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary
        aria-disabled={props.disabled}
        title={props.disabled ? props.why : 'Run until a place or an event'}
      >
        Run to ▾
      </summary>
      <div className="menu-body" role="group" aria-label="Run to">
        <button disabled={props.disabled} onClick={() => void go({ kind: 'cr3-write' })}>
          next CR3 write
        </button>
        <button
          disabled={props.disabled}
          onClick={() => void go({ kind: 'exception', vector: null })}
        >
          next exception
        </button>
        <Row
          label="exception vector"
          value={vector}
          onChange={setVector}
          disabled={props.disabled}
          onGo={() => void go(vectorTarget())}
        />
        <Row
          label="address or symbol"
          value={address}
          onChange={setAddress}
          disabled={props.disabled}
          onGo={() => void go({ kind: 'address', address })}
        />
        <Row
          label="instruction count"
          value={count}
          onChange={setCount}
          disabled={props.disabled}
          onGo={() => void go(countTarget())}
        />
        {error && (
          <p className="input-error" role="status">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}

function Row(props: {
  label: string;
  value: string;
  onChange(v: string): void;
  disabled: boolean;
  onGo(): void;
}): ReactNode {
  return (
    <form
      className="menu-row"
      onSubmit={(e) => {
        e.preventDefault();
        props.onGo();
      }}
    >
      <input
        aria-label={`Run to ${props.label}`}
        placeholder={props.label}
        spellCheck={false}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <button type="submit" disabled={props.disabled}>
        Go
      </button>
    </form>
  );
}
