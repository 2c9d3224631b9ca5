import { Empty, Panel } from '../../components/Panel.tsx';
import { useApp } from '../../store/index.ts';
import { selectFindings } from '../../store/selectors.ts';
import { FindingItem } from './FindingItem.tsx';
import './findings.css';

/** What the pitfall detectors found on the running kernel, in the order found. */
export function FindingsPanel() {
  const findings = useApp(selectFindings);
  const errors = findings?.filter((f) => f.severity === 'error').length ?? 0;
  const warnings = (findings?.length ?? 0) - errors;
  return (
    <Panel
      title="Findings"
      name="findings"
      actions={
        findings && (
          <span className="findings-count" data-testid="findings-count">
            {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
          </span>
        )
      }
    >
      {!findings ? (
        <Empty>No machine yet.</Empty>
      ) : findings.length === 0 ? (
        <Empty>
          No VMM bug found so far: the detectors watch every CR3 load, table write and fault.
        </Empty>
      ) : (
        <ol className="findings" aria-label="Findings">
          {findings.map((f, i) => (
            <FindingItem key={i} finding={f} />
          ))}
        </ol>
      )}
    </Panel>
  );
}
