import '@xterm/xterm/css/xterm.css';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef } from 'react';
import { Panel } from '../../components/Panel.tsx';
import { useApp } from '../../store/index.ts';
import { terminalTheme } from './terminal-theme.ts';
import './serial.css';

/**
 * COM1 (and port 0xe9) in xterm.js, so kernels that draw with escape sequences look as they
 * do in a terminal under QEMU. What is typed goes to COM1's receiver, logged in the session
 * (no local echo: the guest echoes, as over a real line). The text itself is in the store;
 * the terminal is fed what it has not shown yet.
 */
export function SerialPanel() {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const shown = useRef({ epoch: -1, length: 0 });
  const serial = useApp((s) => s.serial);
  const epoch = useApp((s) => s.epoch);
  const sendSerial = useApp((s) => s.sendSerial);

  useEffect(() => {
    const el = host.current!;
    const t = new Terminal({
      convertEol: true, // kernels print '\n'; a terminal needs '\r\n'
      fontSize: 12,
      scrollback: 5000,
      theme: terminalTheme(el),
    });
    const fit = new FitAddon();
    t.loadAddon(fit);
    t.open(el);
    term.current = t;
    const typed = t.onData(sendSerial);
    shown.current = { epoch: -1, length: 0 };
    const resize = new ResizeObserver(() => {
      if (el.clientWidth > 0 && el.clientHeight > 0) fit.fit();
    });
    resize.observe(el);
    // The theme is the root element's data-theme: recolour the terminal when it changes.
    const themed = new MutationObserver(() => (t.options.theme = terminalTheme(el)));
    themed.observe(document.documentElement, { attributeFilter: ['data-theme'] });
    return () => {
      typed.dispose();
      themed.disconnect();
      resize.disconnect();
      t.dispose();
      term.current = null;
    };
  }, [sendSerial]);

  useEffect(() => {
    const t = term.current;
    if (!t) return;
    const s = shown.current;
    // A new machine, or text trimmed at the front: start over.
    if (s.epoch !== epoch || serial.length < s.length) {
      t.reset();
      s.length = 0;
      s.epoch = epoch;
    }
    if (serial.length > s.length) t.write(serial.slice(s.length));
    s.length = serial.length;
  }, [serial, epoch]);

  return (
    <Panel title="Serial (COM1)" name="serial">
      <div className="serial-term" ref={host} data-testid="serial" />
      {/* The last of the text again for screen readers (and tests): the terminal draws it. */}
      <pre className="sr-only" aria-label="serial text" data-testid="serial-text">
        {serial.slice(-16384)}
      </pre>
    </Panel>
  );
}
