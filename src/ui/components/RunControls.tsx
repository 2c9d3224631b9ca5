import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store/index.ts';
import { selectControls } from '../store/selectors.ts';
import { BreakpointsMenu } from './BreakpointsMenu.tsx';
import { RunToMenu } from './RunToMenu.tsx';
import { useRunShortcuts } from './use-run-shortcuts.ts';
import './run-menus.css';

const MAX_STEP = 100_000_000;

/**
 * Run/pause, step 1, step N, run to, the breakpoints and reset, with their keys; then why the
 * machine paused. Disabled buttons say why in their title.
 */
export function RunControls() {
  const c = useApp(useShallow(selectControls));
  const run = useApp((s) => s.run);
  const pause = useApp((s) => s.pause);
  const step = useApp((s) => s.step);
  const reset = useApp((s) => s.reset);
  const paused = useApp((s) => (s.status?.run === 'paused' ? s.status.pause : null));
  const [n, setN] = useState('1000');
  const count = Math.floor(Number(n));
  const countOk = Number.isFinite(count) && count >= 1 && count <= MAX_STEP;
  const why = c.ended
    ? 'the machine has ended: reset to boot again'
    : c.running
      ? 'pause first'
      : '';

  useRunShortcuts({
    runOrPause: () => {
      if (c.canPause) void pause();
      else if (c.canRun) void run();
    },
    step: () => c.canStep && void step(1),
    stepN: () => c.canStep && countOk && void step(count),
    reset: () => c.canReset && void reset(),
  });

  return (
    <div className="run-controls" role="group" aria-label="Run controls">
      {c.running ? (
        <button onClick={() => void pause()} disabled={!c.canPause} title="Pause (F5 or space)">
          ❚❚ Pause
        </button>
      ) : (
        <button
          onClick={() => void run()}
          disabled={!c.canRun}
          title={why || 'Run the machine (F5 or space)'}
        >
          ▶ Run
        </button>
      )}
      <button
        onClick={() => void step(1)}
        disabled={!c.canStep}
        title={why || 'Run one instruction (F10 or s)'}
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
          title={
            !countOk
              ? `a count from 1 to ${MAX_STEP}`
              : why || `Run ${n} instructions (Shift+F10 or n)`
          }
        >
          Step N
        </button>
      </span>
      <RunToMenu disabled={!c.canRun} why={why} />
      <BreakpointsMenu />
      <button
        onClick={() => void reset()}
        disabled={!c.canReset}
        title="Boot the same kernel again, paused at its entry (Shift+R)"
      >
        ↺ Reset
      </button>
      {paused && (
        <span className="pause-reason" data-testid="pause-reason" title={paused.message}>
          {paused.message}
        </span>
      )}
    </div>
  );
}
