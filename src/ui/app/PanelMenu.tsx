import { useEffect, useRef, useState } from 'react';
import { useApp } from '../store/index.ts';
import { PANEL_TITLES } from './layout.ts';

/** The toolbar's panel menu: show or hide each panel; put the layout back as it was. */
export function PanelMenu() {
  const hidden = useApp((s) => s.hidden);
  const setPanelHidden = useApp((s) => s.setPanelHidden);
  const resetLayout = useApp((s) => s.resetLayout);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const hiddenCount = Object.keys(hidden).length;

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (
        e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)
      )
        setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="panel-menu" ref={box}>
      <button aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        ▦ Panels{hiddenCount > 0 ? ` (${hiddenCount} hidden)` : ''}
      </button>
      {open && (
        <div role="menu" aria-label="Panels" className="panel-menu-list">
          {Object.entries(PANEL_TITLES).map(([id, title]) => (
            <label key={id} role="menuitemcheckbox" aria-checked={!hidden[id]}>
              <input
                type="checkbox"
                checked={!hidden[id]}
                onChange={(e) => setPanelHidden(id, !e.target.checked)}
              />
              {title}
            </label>
          ))}
          <button onClick={resetLayout}>Show all, default sizes</button>
        </div>
      )}
    </div>
  );
}
