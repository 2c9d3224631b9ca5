import { Empty, Panel } from '../../components/Panel.tsx';
import { useApp } from '../../store/index.ts';
import { selectCr3 } from '../../store/selectors.ts';
import { Cr3HistoryTable } from './Cr3HistoryTable.tsx';
import './cr3.css';

/** CR3 decoded, the control bits that change how tables are read, and every CR3 write. */
export function Cr3Panel() {
  const cr3 = useApp(selectCr3);
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
          <Cr3HistoryTable history={cr3.history} omitted={cr3.historyOmitted} />
        </>
      )}
    </Panel>
  );
}
