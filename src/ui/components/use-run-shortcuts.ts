import { useEffect, useRef } from 'react';

export interface RunShortcuts {
  runOrPause(): void;
  step(): void;
  stepN(): void;
  reset(): void;
}

/**
 * Elements whose keys belong to them: typing there never runs the machine. The screen marks
 * itself with data-guest-keyboard while its keys go to the guest.
 */
function typing(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return (
    t.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) ||
    t.dataset.guestKeyboard !== undefined
  );
}

/** Space on a button or a menu's summary presses it: that is not the run shortcut. */
function pressable(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && ['BUTTON', 'SUMMARY', 'A'].includes(t.tagName);
}

/**
 * The debugger's keys, as in most debuggers: F5 or space run and pause, F10 or s steps,
 * Shift+F10 or n steps N, Shift+R resets. None fires while the user types in a field.
 */
export function useRunShortcuts(actions: RunShortcuts): void {
  // The latest actions, without re-binding the listener on every render.
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const a = ref.current;
      const key = e.key;
      let act: (() => void) | null = null;
      if (key === 'F5' || (key === ' ' && !pressable(e.target))) act = a.runOrPause;
      else if (key === 'F10') act = e.shiftKey ? a.stepN : a.step;
      else if (key === 's' && !e.shiftKey) act = a.step;
      else if (key === 'n' && !e.shiftKey) act = a.stepN;
      else if (key === 'R' && e.shiftKey) act = a.reset;
      if (act === null) return;
      // F5 would reload the page, space would scroll it.
      e.preventDefault();
      act();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
