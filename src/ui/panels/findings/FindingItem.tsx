import type { FindingView } from '../../../engine/views.ts';
import { count } from '../../format/numbers.ts';
import { useApp } from '../../store/index.ts';

/**
 * One finding: severity and what, then where (each place a link: the address into the
 * translation panel, the CR3 into the CR3 panel), why and how to fix it.
 */
export function FindingItem({ finding: f }: { finding: FindingView }) {
  const show = useApp((s) => s.showFinding);
  const setQuery = useApp((s) => s.setQuery);
  const selectCr3 = useApp((s) => s.selectCr3);
  const translate = (address: string) => () => setQuery({ address });
  return (
    <li
      className={`finding finding-${f.severity}`}
      data-testid="finding"
      data-detector={f.detector}
    >
      <button
        className="finding-what"
        onClick={() => show(f)}
        title="Show its address in the translation panel and its CR3 in the CR3 panel"
      >
        <span className={`severity severity-${f.severity}`}>{f.severity}</span> {f.what}
        {f.count > 1 && <span className="alike"> ({f.count} alike)</span>}
      </button>
      <div className="finding-where">
        {f.at !== null && <span>instruction {count(f.at)}</span>}
        {f.rip !== null && (
          <button className="link" onClick={translate(f.rip)} title="Translate RIP">
            RIP <code>{f.rip}</code>
            {f.symbol && <em> {f.symbol}</em>}
          </button>
        )}
        {f.cr3 !== null && (
          <button
            className="link"
            onClick={() => selectCr3(f.cr3)}
            title="Mark it in the CR3 history"
          >
            CR3 <code>{f.cr3}</code>
          </button>
        )}
        {f.va !== null && (
          <button className="link" onClick={translate(f.va)} title="Translate this address">
            address <code>{f.va}</code>
          </button>
        )}
        {f.entryAddress !== null && (
          <span>
            entry at physical <code>{f.entryAddress}</code>
          </span>
        )}
        <span className="detector">{f.detector}</span>
      </div>
      <p className="finding-why">
        <b>Why:</b> {f.why}
      </p>
      <p className="finding-fix">
        <b>Fix:</b> {f.fix}
      </p>
    </li>
  );
}
