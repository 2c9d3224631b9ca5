import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store/index.ts';
import { selectControls } from '../store/selectors.ts';

const MAX_STEP = 100_000_000;

/** Run/pause, step 1, step N and reset. Disabled buttons say why in their title. */
export function RunControls() {
  const c = useApp(useShallow(selectControls));
  const run = useApp((s) => s.run);
  const pause = useApp((s) => s.pause);
  const step = useApp((s) => s.step);
  const reset = useApp((s) => s.reset);
  const [n, setN] = useState('1000');
  const count = Math.floor(Number(n));
  const countOk = Number.isFinite(count) && count >= 1 && count <= MAX_STEP;
  const why = c.ended
    ? 'the machine has ended: reset to boot again'
    : c.running
      ? 'pause first'
      : '';

  return (
    <div className="run-controls" role="group" aria-label="Run controls">
      {c.running ? (
        <button onClick={() => void pause()} disabled={!c.canPause} title="Pause the machine">
          ❚❚ Pause
        </button>
      ) : (
        <button onClick={() => void run()} disabled={!c.canRun} title={why || 'Run the machine'}>
          ▶ Run
        </button>
      )}
      <button
        onClick={() => void step(1)}
        disabled={!c.canStep}
        title={why || 'Run one instruction'}
      >
        Step
      </button>
      <span className="step-n">
        <input
          aria-label="Instructions to step"
          type="number"
          min={1}
          max={MAX_STEP}
          value={n}
          onChange={(e) => setN(e.target.value)}
        />
        <button
          onClick={() => void step(count)}
          disabled={!c.canStep || !countOk}
          title={!countOk ? `a count from 1 to ${MAX_STEP}` : why || `Run ${n} instructions`}
        >
          Step N
        </button>
      </span>
      <button
        onClick={() => void reset()}
        disabled={!c.canReset}
        title="Boot the same kernel again, paused at its entry"
      >
        ↺ Reset
      </button>
    </div>
  );
}
