import { useEffect, useRef, useState } from 'react';
import type { ScreenView } from '../../../engine/inspector-views.ts';
import { Empty, Panel } from '../../components/Panel.tsx';
import { useApp } from '../../store/index.ts';
import { CELL_H, CELL_W, drawTextScreen } from './draw-text.ts';
import './screen.css';

type Source = 'framebuffer' | 'text';

/**
 * What the machine's monitor shows: the linear framebuffer (when the kernel was given one)
 * or the VGA text screen with its cursor, drawn on a canvas after every update. Framebuffer
 * rows come from the engine as they change (the framebuffer is device memory outside RAM, so
 * the page's shared RAM does not hold it); the text screen is small and comes whole.
 */
export function ScreenPanel() {
  const inspect = useApp((s) => s.inspect);
  const sendKey = useApp((s) => s.sendKey);
  const views = useApp((s) => s.views);
  const epoch = useApp((s) => s.epoch);
  const canvas = useRef<HTMLCanvasElement>(null);
  const image = useRef<{ epoch: number; data: ImageData } | null>(null);
  const [screen, setScreen] = useState<ScreenView | null>(null);
  const [chosen, setChosen] = useState<Source | null>(null);
  // The framebuffer once the kernel draws there, else the text screen it writes to.
  const source: Source = chosen ?? (screen?.framebuffer?.drawn ? 'framebuffer' : 'text');

  useEffect(() => {
    if (views === null) return;
    let live = true;
    // A new machine, or nothing drawn yet: every row; otherwise the rows that changed.
    const full = image.current?.epoch !== epoch;
    inspect('screen', { full }).then(
      (s) => {
        // Rows are applied even from a superseded answer: the engine will not send them again.
        const fb = s.framebuffer;
        if (fb?.rows) {
          if (full || !image.current)
            image.current = { epoch, data: new ImageData(fb.width, fb.height) };
          const r = fb.rows;
          image.current.data.data.set(r.rgba, r.top * r.width * 4);
        }
        if (live) setScreen(s);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [inspect, views, epoch]);

  useEffect(() => {
    const g = canvas.current?.getContext('2d');
    if (!g || !screen) return;
    if (source === 'framebuffer' && image.current) g.putImageData(image.current.data, 0, 0);
    if (source === 'text' && screen.text)
      drawTextScreen(
        g,
        screen.text,
        getComputedStyle(g.canvas).getPropertyValue('--mono') || 'monospace',
      );
  }, [screen, source]);

  const fb = screen?.framebuffer;
  const text = screen?.text;
  const width = source === 'framebuffer' && fb ? fb.width : (text?.cols ?? 80) * CELL_W;
  const height = source === 'framebuffer' && fb ? fb.height : (text?.rows ?? 25) * CELL_H;
  return (
    <Panel
      title="Screen"
      name="screen"
      actions={
        fb && (
          <span role="tablist" aria-label="Screen source" className="screen-tabs">
            {(['framebuffer', 'text'] as const).map((s) => (
              <button key={s} role="tab" aria-selected={source === s} onClick={() => setChosen(s)}>
                {s === 'framebuffer' ? `Framebuffer ${fb.width}×${fb.height}` : 'VGA text'}
              </button>
            ))}
          </span>
        )
      }
    >
      {!screen ? (
        <Empty>No machine yet.</Empty>
      ) : (
        <>
          <canvas
            ref={canvas}
            className="screen"
            width={width}
            height={height}
            data-testid="screen-canvas"
            data-source={source}
            aria-label={`${source === 'framebuffer' ? 'Framebuffer' : 'VGA text screen'}: focus it to type to the guest's keyboard`}
            // Focused, the screen is the PC's keyboard: every key goes to the guest (as
            // scancodes, recorded in the session), none to the page or its shortcuts.
            tabIndex={0}
            data-guest-keyboard=""
            onKeyDown={(e) => {
              e.preventDefault();
              sendKey(e.code, true);
            }}
            onKeyUp={(e) => {
              e.preventDefault();
              sendKey(e.code, false);
            }}
          />
          {source === 'text' && text && (
            <pre className="sr-only" data-testid="screen-text">
              {text.text}
            </pre>
          )}
          <p className="note">
            {source === 'framebuffer' && fb
              ? `Linear framebuffer at ${fb.address}, 32 bpp.`
              : 'VGA text mode at 0xb8000, 80×25; the cursor is the CRTC’s.'}{' '}
            Click the screen to type to the guest’s PS/2 keyboard.
          </p>
        </>
      )}
    </Panel>
  );
}
