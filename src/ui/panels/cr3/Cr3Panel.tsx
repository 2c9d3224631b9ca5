import { Empty, Panel } from '../../components/Panel.tsx';
import { count } from '../../format/numbers.ts';
import { useApp } from '../../store/index.ts';
import { selectCr3 } from '../../store/selectors.ts';
import './cr3.css';

/** CR3 decoded, the control bits that change how tables are read, and the CR3 history. */
export function Cr3Panel() {
  const cr3 = useApp(selectCr3);
  const selected = useApp((s) => s.selectedCr3);
  return (
    <Panel title="CR3" name="cr3">
      {!cr3 ? (
        <Empty>No machine yet.</Empty>
      ) : (
        <>
          <div className="cr3-value">
            <code data-testid="cr3-value">{cr3.value}</code>
            <span className="cr3-decoded">
              root <code>{cr3.base}</code> · {cr3.mode}
              {cr3.pcid !== null ? ` · PCID ${cr3.pcid}` : ` · PWT=${+cr3.pwt} PCD=${+cr3.pcd}`}
            </span>
          </div>
          <ul className="chips">
            {cr3.controlBits.map((b) => (
              <li key={b.name} className={b.set ? 'chip on' : 'chip'} title={b.why}>
                {b.name}
              </li>
            ))}
          </ul>
          <table className="cr3-history" aria-label="CR3 history">
            <thead>
              <tr>
                <th>CR3</th>
                <th title="Guest time at which the engine saw the value (instructions plus idle time)">
                  seen at t=
                </th>
                <th>RIP then</th>
              </tr>
            </thead>
            <tbody>
              {cr3.history.map((h, i) => (
                <tr
                  key={i}
                  className={rowClass(i === cr3.history.length - 1, h.value === selected)}
                  ref={h.value === selected ? scrollIntoView : undefined}
                >
                  <td>
                    <code>{h.value}</code>
                  </td>
                  <td>{count(h.guestTime)}</td>
                  <td>
                    <code>{h.rip}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="note">{cr3.historyNote}</p>
        </>
      )}
    </Panel>
  );
}

function rowClass(current: boolean, selected: boolean): string {
  return [current ? 'current' : '', selected ? 'selected' : ''].join(' ').trim();
}

/** Brings a row the user asked for (a finding's CR3) into view. */
function scrollIntoView(row: HTMLTableRowElement | null): void {
  row?.scrollIntoView({ block: 'nearest' });
}
