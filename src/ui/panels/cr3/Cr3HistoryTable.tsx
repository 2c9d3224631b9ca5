import type { Cr3Change } from '../../../engine/views.ts';
import { count } from '../../format/numbers.ts';
import { useApp } from '../../store/index.ts';
import { selectFindings } from '../../store/selectors.ts';

/**
 * Every CR3 write, exactly where it happened: instruction count, the mov's RIP and symbol,
 * old -> new, and the findings the detectors raised at it (click one to follow it). A write's
 * time goes there (time travel): every panel then shows that address space as it was.
 */
export function Cr3HistoryTable(props: { history: Cr3Change[]; omitted: number }) {
  const selected = useApp((s) => s.selectedCr3);
  const findings = useApp(selectFindings);
  const showFinding = useApp((s) => s.showFinding);
  const seek = useApp((s) => s.seek);
  const canTravel = useApp((s) => s.views?.timeline != null);
  const last = props.history.length - 1;
  return (
    <>
      <table className="cr3-history" aria-label="CR3 history">
        <thead>
          <tr>
            <th title="Guest time of the mov to CR3 (instructions plus idle time)">at</th>
            <th>RIP of the mov</th>
            <th>old → new</th>
            <th>findings</th>
          </tr>
        </thead>
        <tbody>
          {props.history.map((h, i) => (
            <tr
              key={i}
              className={rowClass(i === last, h.value === selected)}
              ref={h.value === selected ? scrollIntoView : undefined}
              data-testid="cr3-write"
            >
              <td>
                <button
                  className="link"
                  disabled={!canTravel}
                  title="Go to just after this write: every panel shows this address space"
                  onClick={() => void seek(h.rip === null ? 0 : h.at + 1)}
                >
                  {h.rip === null ? 'boot' : count(h.at)}
                </button>
              </td>
              <td>
                {h.rip === null ? (
                  <span className="muted">left by the boot loader</span>
                ) : (
                  <>
                    <code>{h.rip}</code>
                    {h.symbol && <em> {h.symbol}</em>}
                  </>
                )}
              </td>
              <td>
                {h.old !== null && <code className="muted">{h.old} → </code>}
                <code>{h.value}</code>
              </td>
              <td className="cr3-findings">
                {h.findings.map((k) => {
                  const f = findings?.[k];
                  return (
                    f && (
                      <button
                        key={k}
                        className={`finding-chip finding-chip-${f.severity}`}
                        title={f.what}
                        onClick={() => showFinding(f)}
                      >
                        {f.detector}
                      </button>
                    )
                  );
                })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.omitted > 0 && (
        <p className="note">
          {count(props.omitted)} earlier write{props.omitted === 1 ? '' : 's'} not listed.
        </p>
      )}
    </>
  );
}

function rowClass(current: boolean, selected: boolean): string {
  return [current ? 'current' : '', selected ? 'selected' : ''].join(' ').trim();
}

/** Brings a row the user asked for (a finding's CR3) into view. */
function scrollIntoView(row: HTMLTableRowElement | null): void {
  row?.scrollIntoView({ block: 'nearest' });
}
