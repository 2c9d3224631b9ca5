import { useEffect, useState } from 'react';
import { useApp } from '../../store/index.ts';

const LENGTH = 32;
/** Eight bytes a row keeps the dump (with its ASCII) inside a narrow panel. */
const ROW = 8;

/** The first bytes at the physical address, in hex and ASCII (re-read after every change to the machine). */
export function PhysicalBytes(props: { physical: string }) {
  const readRam = useApp((s) => s.readRam);
  // Any new views mean the machine may have changed: read again.
  const views = useApp((s) => s.views);
  const [bytes, setBytes] = useState<{ at: string; data: Uint8Array } | null>(null);
  const address = Number(props.physical);

  useEffect(() => {
    let live = true;
    readRam(address, LENGTH).then(
      (data) => live && setBytes({ at: props.physical, data }),
      () => live && setBytes(null),
    );
    return () => {
      live = false;
    };
  }, [readRam, address, props.physical, views]);

  if (!bytes || bytes.at !== props.physical) return null;
  if (bytes.data.length === 0)
    return <p className="note">{props.physical} is not RAM (a device, or past the end of RAM).</p>;
  const rows = [];
  for (let i = 0; i < bytes.data.length; i += ROW) {
    const row = [...bytes.data.subarray(i, i + ROW)];
    rows.push(
      <div key={i}>
        <span className="muted">{(address + i).toString(16).padStart(8, '0')}</span>{' '}
        {row.map((b) => b.toString(16).padStart(2, '0')).join(' ')}{' '}
        <span className="muted">
          {row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')}
        </span>
      </div>,
    );
  }
  return (
    <pre className="hexdump" aria-label="Bytes at the physical address">
      {rows}
    </pre>
  );
}
