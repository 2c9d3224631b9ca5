import type { AppState } from './types.ts';

/** What the run controls may do now: a button is shown disabled, with why, never dead. */
export function selectControls(s: AppState) {
  const st = s.status;
  const ready = s.connection === 'ready' && st !== null && s.booting === null;
  return {
    canRun: ready && st.run === 'paused',
    canPause: ready && st.run === 'running',
    canStep: ready && st.run === 'paused',
    canReset: ready,
    running: st?.run === 'running',
    ended: st?.run === 'ended',
  };
}

export const selectStatus = (s: AppState) => s.status;
export const selectViews = (s: AppState) => s.views;
export const selectCr3 = (s: AppState) => s.views?.cr3 ?? null;
export const selectRanges = (s: AppState) => s.views?.ranges ?? null;
export const selectTranslation = (s: AppState) => s.views?.translation ?? null;
export const selectTables = (s: AppState) => s.views?.tables ?? null;
export const selectRegisters = (s: AppState) => s.views?.registers ?? null;
export const selectFindings = (s: AppState) => s.views?.findings ?? null;
